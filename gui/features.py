"""The features the main window installs, in order: each entry is a function that takes the
MainWindow and adds its own docks, menu actions and shortcuts (via ``window.menu(title)``).

This explicit tuple is the one place where features are wired in."""

from gui.editor.feature import install as install_editor
from gui.scoring.feature import install as install_scoring

FEATURES = (install_editor, install_scoring)
