"""PySide6 6.12.0 on Python 3.11 drops references to None (void calls) and True (emit);
gui.qt_fixes makes that harmless (the conftest applies it, as create_application does)."""

import sys


def test_leaking_binding_cannot_exhaust_none_true_or_false(qapp):
    from gui import qt_fixes

    if sys.version_info >= (3, 12) or not qt_fixes.singleton_reference_leak():
        return  # immortal singletons, or a binding without the leak: nothing to guard
    floor = 1 << 30  # far above what any run could drop
    assert min(sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)) > floor
