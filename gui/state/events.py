"""A tiny observer: ``Event`` is a list of callbacks that ``emit`` calls in order.

Qt-free on purpose (the document and view state must not import Qt). Views connect their
slots; the GUI thread is the only one that emits, so no locking is needed.

Two rules, as napari's EventEmitter has them:
- a bound method is held weakly: connecting a view's method does not keep the view alive,
  and once it is garbage collected the connection is gone. Plain functions and lambdas are
  held strongly (nothing else may hold them).
- one callback that raises does not stop the others: the error goes to the error hook (by
  default logged with its traceback) and the emit carries on.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable
from types import MethodType
from typing import Any

log = logging.getLogger(__name__)

ErrorHook = Callable[[Callable[..., Any], Exception], None]


def log_callback_error(callback: Callable[..., Any], error: Exception) -> None:
    """The default error hook: log the failure, its callback and traceback."""
    log.error("event callback %s failed: %s", getattr(callback, "__qualname__", callback),
              error, exc_info=(type(error), error, error.__traceback__))


_error_hook: ErrorHook = log_callback_error


def set_error_hook(hook: ErrorHook) -> ErrorHook:
    """Route callback failures to ``hook(callback, error)`` (tests fail on them); returns
    the hook it replaces."""
    global _error_hook
    previous, _error_hook = _error_hook, hook
    return previous


class Event:
    """``event.connect(callback)``, ``event.disconnect(callback)``, ``event.emit(*args)``."""

    def __init__(self) -> None:
        # a callable, or a weakref.WeakMethod for a bound method
        self._callbacks: list[Callable[..., Any] | weakref.WeakMethod] = []
        self._blocked = 0

    def connect(self, callback: Callable[..., Any]) -> Callable[..., Any]:
        """Add ``callback`` (once); returns it, so this also works as a decorator."""
        reference = _reference(callback)
        if reference not in self._callbacks:
            self._callbacks.append(reference)
        return callback

    def disconnect(self, callback: Callable[..., Any]) -> None:
        reference = _reference(callback)
        if reference in self._callbacks:
            self._callbacks.remove(reference)

    def emit(self, *args: Any) -> None:
        if self._blocked:
            return
        for reference in list(self._callbacks):
            callback = reference() if isinstance(reference, weakref.WeakMethod) else reference
            if callback is None:  # its object is gone
                self._forget(reference)
                continue
            try:
                callback(*args)
            except Exception as error:  # noqa: BLE001 - one view must not break the others
                _error_hook(callback, error)

    def blocked(self) -> _Blocker:
        """``with event.blocked(): ...`` emits nothing inside the block."""
        return _Blocker(self)

    def __len__(self) -> int:
        return sum(1 for r in self._callbacks
                   if not isinstance(r, weakref.WeakMethod) or r() is not None)

    def _forget(self, reference) -> None:
        if reference in self._callbacks:
            self._callbacks.remove(reference)


def _reference(callback: Callable[..., Any]) -> Callable[..., Any] | weakref.WeakMethod:
    """A weak reference for a bound Python method, else the callback itself. (Methods of
    built-in objects, e.g. ``list.append``, cannot be referenced weakly: held strongly.)"""
    if isinstance(callback, MethodType):
        return weakref.WeakMethod(callback)
    return callback


class _Blocker:
    def __init__(self, event: Event) -> None:
        self._event = event

    def __enter__(self) -> Event:
        self._event._blocked += 1
        return self._event

    def __exit__(self, *exc: object) -> None:
        self._event._blocked -= 1
