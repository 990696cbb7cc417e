"""Every other Praat format (binary, chronological, ...) through Praat itself.

parselmouth reads any file Praat reads; we ask it to save the TextGrid as a text file and
parse that, so times keep all their bits (Praat writes 17 significant digits when needed).
"""

from __future__ import annotations

import os
import tempfile
import warnings
from pathlib import Path

from analysis.alignment.errors import AlignmentError
from analysis.alignment.model import TextGrid
from analysis.alignment.praat_text import parse_textgrid


def read_with_praat(path: str | os.PathLike) -> TextGrid:
    import parselmouth
    from parselmouth.praat import call

    try:
        with warnings.catch_warnings():  # e.g. "ignored null bytes": the result is checked
            warnings.simplefilter("ignore")
            objects = parselmouth.read(str(path))
    except parselmouth.PraatError as err:
        raise AlignmentError(_praat_message(err), path) from None
    if isinstance(objects, list):
        objects = objects[0] if len(objects) == 1 else None
    if objects is None or objects.class_name != "TextGrid":
        kind = "several objects" if objects is None else f"a {objects.class_name}"
        raise AlignmentError(f"this Praat file holds {kind}, not a TextGrid", path)
    with tempfile.TemporaryDirectory(prefix="mixscope-") as folder:
        text_path = Path(folder) / "grid.TextGrid"
        call(objects, "Save as text file", str(text_path))
        data = text_path.read_bytes()
    from analysis.alignment.io import decode_text

    try:
        return parse_textgrid(decode_text(data, path), path)
    except AlignmentError as err:  # Praat wrote it, so this would be our bug: say so plainly
        raise AlignmentError(f"Praat read the file but MixScope could not: {err.problem}",
                             path) from None


def _praat_message(err: Exception) -> str:
    lines = [line.strip() for line in str(err).splitlines() if line.strip()]
    return "Praat cannot read it: " + " ".join(lines[:2]) if lines else "Praat cannot read it"
