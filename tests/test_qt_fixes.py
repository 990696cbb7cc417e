"""PySide6 6.12.0 drops a reference to True on every Python emit; gui.qt_fixes gives it back
(the conftest applies it, as create_application does)."""

import sys


def test_emitting_signals_keeps_the_references_to_true(qapp):
    from PySide6.QtCore import QObject, Signal

    class Source(QObject):
        changed = Signal(float, bool)

    source = Source()
    source.changed.connect(lambda level, clipped: None)
    before = sys.getrefcount(True), sys.getrefcount(False)
    for _ in range(2000):
        source.changed.emit(0.5, True)
        source.changed.emit(0.5, False)
    after = sys.getrefcount(True), sys.getrefcount(False)
    assert abs(after[0] - before[0]) < 50 and abs(after[1] - before[1]) < 50
