"""Cancellation, one way for all long work (scoring, alignment, the app's background jobs):
whoever started the work holds a ``CancelToken`` and may ``cancel()`` it from any thread;
the work checks it at safe points with ``raise_if_cancelled`` and stops by raising
``Cancelled``."""

from __future__ import annotations

import threading


class Cancelled(Exception):
    """The work stopped because its cancel token was set."""


class CancelToken:
    """A thread-safe "please stop" flag, set once and never cleared."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()


def raise_if_cancelled(token: CancelToken | None, what: str = "the work") -> None:
    """Raise ``Cancelled`` when ``token`` (None: never) is set."""
    if token is not None and token.cancelled:
        raise Cancelled(f"{what} was cancelled")
