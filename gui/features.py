"""The features the main window installs, in order: each entry is a function that takes the
MainWindow and adds its own docks, menu actions and shortcuts (via ``window.menu(title)``).

This explicit tuple is the one place where features are wired in."""

from gui import compare_dock
from gui.autoalign.feature import install as install_autoalign
from gui.corpus.feature import install as install_corpus
from gui.curves.feature import install as install_curves
from gui.editor.feature import install as install_editor
from gui.recording.feature import install as install_recording
from gui.scoring.feature import install as install_scoring
from gui.workspace import install as install_workspace

FEATURES = (install_editor, install_recording, install_corpus, install_autoalign,
            install_scoring, install_curves, compare_dock.install,
            install_workspace)  # last: it arranges the docks the others made
