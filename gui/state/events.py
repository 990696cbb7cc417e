"""A tiny observer: ``Event`` is a list of callbacks that ``emit`` calls in order.

Qt-free on purpose (the document and view state must not import Qt). Views connect their
slots; the GUI thread is the only one that emits, so no locking is needed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class Event:
    """``event.connect(callback)``, ``event.disconnect(callback)``, ``event.emit(*args)``."""

    def __init__(self) -> None:
        self._callbacks: list[Callable[..., Any]] = []
        self._blocked = 0

    def connect(self, callback: Callable[..., Any]) -> Callable[..., Any]:
        """Add ``callback`` (once); returns it, so this also works as a decorator."""
        if callback not in self._callbacks:
            self._callbacks.append(callback)
        return callback

    def disconnect(self, callback: Callable[..., Any]) -> None:
        if callback in self._callbacks:
            self._callbacks.remove(callback)

    def emit(self, *args: Any) -> None:
        if self._blocked:
            return
        for callback in list(self._callbacks):
            callback(*args)

    def blocked(self) -> _Blocker:
        """``with event.blocked(): ...`` emits nothing inside the block."""
        return _Blocker(self)

    def __len__(self) -> int:
        return len(self._callbacks)


class _Blocker:
    def __init__(self, event: Event) -> None:
        self._event = event

    def __enter__(self) -> Event:
        self._event._blocked += 1
        return self._event

    def __exit__(self, *exc: object) -> None:
        self._event._blocked -= 1
