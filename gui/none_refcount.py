"""Work around a PySide6 6.12 bug on CPython 3.11: a Qt method that returns nothing
(``setObjectName``, ``setGeometry``, ``update`` ...) hands back ``None`` without taking a
reference, so each call lowers None's reference count by one, and after a few thousand
calls CPython aborts with "none_dealloc: deallocating None" (tests/test_qt_none_refcount.py
shows it). CPython 3.12 made None immortal, which hides the bug; here we give None the same
immortality by raising its count far out of reach. Nothing else is touched."""

from __future__ import annotations

import ctypes
import sys

HEADROOM = 1 << 60


def make_none_immortal() -> bool:
    """On CPython < 3.12, raise None's reference count by 2**60 (once). True if done."""
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return False
    if getattr(make_none_immortal, "done", False):
        return True
    ctypes.c_ssize_t.from_address(id(None)).value += HEADROOM
    make_none_immortal.done = True
    return True
