"""File > Export Scores: the current document's scores as a MixScope scores archive
(.scores.npz) or a CSV table, to a file the user chooses (or ``path``)."""

from __future__ import annotations

from pathlib import Path

from analysis.errors import MixScopeError
from analysis.file_formats import CSV_FORMAT, SCORE_FORMATS, FileFormat, by_name
from gui import file_dialogs

NPZ_FORMAT = by_name(SCORE_FORMATS, "npz")
EXPORT_FORMATS = (NPZ_FORMAT, CSV_FORMAT)  # the File > Export Scores choices, in order


def export_format(name: str) -> FileFormat:
    """The export format called ``name`` ("npz" or "csv")."""
    return by_name(EXPORT_FORMATS, name)


def export_scores(document, fmt: FileFormat, messages, parent,
                  path: str | Path | None = None) -> Path | None:
    """The file written, or None (nothing to export, cancelled, or an error box shown)."""
    if document is None or document.results is None:
        messages.error("Nothing to export", "Score the utterance first.")
        return None
    if path is None:
        start = Path(document.default_alignment_path() or "scores").with_suffix(fmt.suffix)
        path, _ = file_dialogs.save_file(parent, "Export scores", start,
                                         next(iter(file_dialogs.save_filters([fmt]))))
        if not path:
            return None
    try:
        written = (document.results.save(path) if fmt is NPZ_FORMAT
                   else document.results.to_csv(path))
    except (MixScopeError, OSError) as err:
        messages.error("Cannot export", str(err))
        return None
    messages.status(f"Scores written to {written}")
    return written
