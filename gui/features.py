"""The one place where features are wired in. ``install_features`` installs them in order:
each ``install(services)`` adds its docks, menu actions (``services.shell.menu(title)``) and
shortcuts, provides its services and returns the feature object.

``Features`` is the typed registry of those objects (``window.features.editor``): what tests
and tools/screenshot.py drive. Features themselves never use it: they share only
``gui.services.Services``."""

from __future__ import annotations

from dataclasses import dataclass

from gui.autoalign.feature import AutoAligner
from gui.autoalign.feature import install as install_autoalign
from gui.compare_dock import CompareFeature
from gui.compare_dock import install as install_compare
from gui.corpus.feature import CorpusController
from gui.corpus.feature import install as install_corpus
from gui.curves.dock import CurvesDock
from gui.curves.feature import install as install_curves
from gui.editor.feature import EditorFeature
from gui.editor.feature import install as install_editor
from gui.recording.feature import RecordingFeature
from gui.recording.feature import install as install_recording
from gui.scoring.feature import ScoringFeature
from gui.scoring.feature import install as install_scoring
from gui.services import Services
from gui.workspace import Workspace
from gui.workspace import install as install_workspace


@dataclass(frozen=True)
class Features:
    editor: EditorFeature
    recording: RecordingFeature
    corpus: CorpusController
    autoalign: AutoAligner
    scoring: ScoringFeature
    curves: CurvesDock
    compare: CompareFeature
    workspace: Workspace


def install_features(services: Services) -> Features:
    editor = install_editor(services)  # first: it provides the player and the files
    recording = install_recording(services)  # provides takes, which alignment follows
    corpus = install_corpus(services)
    autoalign = install_autoalign(services)
    scoring = install_scoring(services)
    curves = install_curves(services)
    compare = install_compare(services)
    workspace = install_workspace(services)  # last: it arranges the docks the others made
    return Features(editor=editor, recording=recording, corpus=corpus, autoalign=autoalign,
                    scoring=scoring, curves=curves, compare=compare, workspace=workspace)
