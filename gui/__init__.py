"""MixScope's desktop app: the only package that imports PySide6, pyqtgraph or superqt."""

from gui.none_refcount import make_none_immortal

make_none_immortal()  # before any Qt call: see gui/none_refcount.py
