"""File > Export Scores: the current document's scores as a NumPy archive (.npz) or a CSV
table, to a file the user chooses (or ``path``)."""

from __future__ import annotations

from pathlib import Path

from analysis.errors import MixScopeError
from gui import file_dialogs


def export_scores(document, suffix: str, messages, parent,
                  path: str | Path | None = None) -> Path | None:
    """The file written, or None (nothing to export, cancelled, or an error box shown)."""
    if document is None or document.results is None:
        messages.error("Nothing to export", "Score the utterance first.")
        return None
    if path is None:
        start = Path(document.default_alignment_path() or "scores").with_suffix(suffix)
        path, _ = file_dialogs.save_file(parent, "Export scores", start, f"*{suffix}")
        if not path:
            return None
    try:
        written = (document.results.save(path) if suffix == ".npz"
                   else document.results.to_csv(path))
    except (MixScopeError, OSError) as err:
        messages.error("Cannot export", str(err))
        return None
    messages.status(f"Scores written to {written}")
    return written
