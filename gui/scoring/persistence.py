"""Scores travel with the document: saved beside the alignment as ``<name>.scores.npz``
whenever the alignment is saved, and read back (marked stale if the words changed) when
the document is opened. Qt-free."""

from __future__ import annotations

import zipfile
from pathlib import Path

from analysis.errors import MixScopeError
from analysis.file_formats import SCORE_FORMATS, by_name

SUFFIX = by_name(SCORE_FORMATS, "npz").suffix  # ".scores.npz"
TIME_TOLERANCE = 1e-6


def results_path(alignment_path: str | Path) -> Path:
    """``utt.TextGrid`` -> ``utt.scores.npz`` (same folder)."""
    path = Path(alignment_path)
    return path.with_name(path.stem + SUFFIX)


def save_results(document) -> Path | None:
    """Write the document's scores beside its alignment; the path, or None if nothing to do."""
    if document.results is None or document.alignment_path is None:
        return None
    written = document.results.save(results_path(document.alignment_path))
    document.mark_results_saved()
    return written


def load_results(document) -> Path | None:
    """Attach the scores saved beside the alignment, if any; stale when the word tier no
    longer matches the scored words. Raises MixScopeError for an unreadable file."""
    from analysis.results import ScoreSet
    from gui.scoring.controller import document_words

    if document.alignment_path is None:
        return None
    path = results_path(document.alignment_path)
    if not path.exists():
        return None
    try:
        scores = ScoreSet.load(path)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as err:
        raise MixScopeError(f"{path} is not a readable MixScope score file: {err}") from err
    document.set_results(scores, saved=True)
    if not same_words(scores.words, document_words(document)):
        document.mark_results_stale()
    return path


def same_words(a, b) -> bool:
    return len(a) == len(b) and all(
        x.label == y.label and abs(x.start - y.start) < TIME_TOLERANCE
        and abs(x.end - y.end) < TIME_TOLERANCE for x, y in zip(a, b, strict=True))

