"""Work-arounds for bugs in the installed Qt binding, applied once at start.

PySide6 6.12.0 returns ``None``, ``True`` and ``False`` to Python without taking a
reference: every call of a void method (``setText``, ``setEnabled``, ``click``...) drops a
reference to ``None``, every ``Signal.emit()`` one to ``True``. On Python 3.12 and later these
objects are immortal and nothing happens; on 3.11 their counts run down until CPython aborts
("Fatal Python error: none_dealloc" / "bool_dealloc"), within minutes for a recorder that
updates its meter 25 times a second. ``apply()`` checks for the leak and, only where it is
found, gives the three singletons the immortality 3.12 gives them: a reference count too
large to ever reach zero. The real fix is Python >= 3.12 or a PySide6 without the bug.
"""

from __future__ import annotations

import ctypes
import sys

_applied = False
ALLOWANCE = 1 << 40  # references added: more than any run of the app will drop


def singleton_reference_leak() -> bool:
    """True when a void Qt call or an emit drops a reference to None or True."""
    from PySide6.QtCore import QObject, Signal

    class _Probe(QObject):
        ping = Signal()

    probe = _Probe()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(8):
        probe.setObjectName("probe")
        probe.ping.emit()
    return (sys.getrefcount(None) < none_before - 4 or sys.getrefcount(True) < true_before - 4)


def apply() -> bool:
    """Idempotent; call before the Qt work starts (app start, tests). True when applied."""
    global _applied
    if _applied:
        return True
    if sys.version_info >= (3, 12) or hasattr(sys, "getobjects") or sys.implementation.name \
            != "cpython" or not singleton_reference_leak():
        return False  # immortal already, an unusual object layout, or no leak
    for singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += ALLOWANCE
    _applied = True
    return True
