"""Work-arounds for bugs in the installed Qt binding, applied once at start.

PySide6 6.12.0 (seen with CPython 3.11): ``SignalInstance.emit()`` returns ``True`` without
taking a reference, so every emit from Python drops one reference to ``True``. After a few
thousand emits (a recorder or a progress bar reach that in a minute) CPython aborts with
"Fatal Python error: bool_dealloc". ``apply()`` measures the leak with one emit and, only
if it is there, wraps ``emit`` to give the reference back.
"""

from __future__ import annotations

import ctypes
import sys

_applied = False


def emit_leaks_a_reference() -> bool:
    from PySide6.QtCore import QObject, Signal

    class _Probe(QObject):
        ping = Signal()

    probe = _Probe()
    before = sys.getrefcount(True)
    probe.ping.emit()
    leaked = sys.getrefcount(True) < before
    if leaked:
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))  # refund the probe's emit
    return leaked


def apply() -> None:
    """Idempotent; call before the first emit of consequence (app start, tests)."""
    global _applied
    if _applied:
        return
    _applied = True
    if not emit_leaks_a_reference():
        return
    from PySide6.QtCore import SignalInstance

    original = SignalInstance.emit
    incref = ctypes.pythonapi.Py_IncRef

    def emit(self, *args):
        result = original(self, *args)
        if result is True or result is False:
            incref(ctypes.py_object(result))
        return result

    SignalInstance.emit = emit
