"""Read and write alignments in every format MixScope knows, choosing by extension/content.

Formats (described once in ``analysis.file_formats.ALIGNMENT_FORMATS``): Praat TextGrid
(long/short text in UTF-8 or UTF-16; binary and other Praat formats through parselmouth), the
dataset's JSON, and Audacity label tracks. Reading keeps every time exactly as written;
saving is atomic.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from analysis.alignment.annotation import Annotation
from analysis.alignment.audacity import format_labels
from analysis.alignment.dataset_json import format_json
from analysis.alignment.errors import AlignmentError
from analysis.alignment.model import TextGrid
from analysis.alignment.praat_text import format_textgrid, is_praat_text, parse_textgrid
from analysis.atomic import atomic_write_bytes
from analysis.file_formats import ALIGNMENT_FORMATS, TEXTGRID_FORMATS, by_name, describe, find

FORMATS = tuple(f.name for f in ALIGNMENT_FORMATS)
ENCODINGS = ("utf-8", "utf-16", "utf-16-be", "utf-16-le")


@dataclass(frozen=True)
class AlignmentFile:
    """What a file held. ``source_format`` is one of "long", "short", "binary", "praat"
    (another format Praat reads), "json", "audacity"; ``encoding`` is the text encoding
    found, for a save to keep ("utf-8" for binary files, which MixScope saves as text)."""

    grid: TextGrid
    annotation: Annotation | None
    source_format: str
    encoding: str = "utf-8"


def decode_text(data: bytes, path=None) -> str:
    """Decode as Praat does: a BOM decides (UTF-8, UTF-16 BE/LE); UTF-16 without BOM is
    recognised by its zero bytes; otherwise UTF-8, else Windows-1252/Latin-1."""
    return _decode(data, path)[0]


def _decode(data: bytes, path) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = [("utf-8-sig", "utf-8")]
    elif data.startswith(b"\xfe\xff"):
        candidates = [("utf-16", "utf-16-be")]
    elif data.startswith(b"\xff\xfe"):
        candidates = [("utf-16", "utf-16-le")]
    elif len(data) >= 2 and data[0] == 0 and data[1] != 0:
        candidates = [("utf-16-be", "utf-16-be")]
    elif len(data) >= 2 and data[0] != 0 and data[1] == 0:
        candidates = [("utf-16-le", "utf-16-le")]
    else:
        candidates = [("utf-8", "utf-8"), ("cp1252", "cp1252"), ("latin-1", "latin-1")]
    for codec, name in candidates:
        try:
            return data.decode(codec), name
        except UnicodeDecodeError as err:
            failure = err
    line = data[:failure.start].count(b"\n") + 1 if candidates[0][0] == "utf-8-sig" else None
    raise AlignmentError(f"the text is not valid {candidates[0][1].upper()} "
                         f"(byte {failure.start})", path, line)


def read_alignment(path: str | os.PathLike) -> AlignmentFile:
    """Read a TextGrid, dataset JSON or Audacity label file."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise AlignmentError(f"cannot read the file ({err.strerror})", path) from None
    if data.startswith(b"ooBinaryFile"):
        from analysis.alignment.praat_binary import read_with_praat

        return AlignmentFile(read_with_praat(path), None, "binary", "utf-8")
    text, encoding = _decode(data, path)
    body = text.lstrip("\ufeff")
    if is_praat_text(body):
        return AlignmentFile(parse_textgrid(body, path), None, _long_or_short(body), encoding)
    by_suffix = find(ALIGNMENT_FORMATS, path)
    name = by_suffix.name if by_suffix is not None else None
    if name == "json" or (name is None and body.lstrip()[:1] in ("{", "[")):
        name = "json"
    elif name in TEXTGRID_FORMATS or body.lstrip().startswith('"Praat chronological'):
        from analysis.alignment.praat_binary import read_with_praat

        return AlignmentFile(read_with_praat(path), None, "praat", encoding)
    if name is None:
        raise AlignmentError(f"not a TextGrid, dataset JSON or Audacity label file (use "
                             f"{describe(ALIGNMENT_FORMATS)})", path, 1)
    read = by_name(ALIGNMENT_FORMATS, name).read(body, path)
    grid, annotation = read if isinstance(read, tuple) else (read, None)
    return AlignmentFile(grid, annotation, name, encoding)


def _long_or_short(text: str) -> str:
    # Long files name every value ("xmin = 0"); short ones give the bare values.
    return "long" if re.search(r"^\s*xmin\s*=", text, re.MULTILINE) else "short"


def format_for(path: str | os.PathLike, format: str | None = None) -> str:
    """The format a save to ``path`` uses: an explicit one, else by extension."""
    if format not in (None, *FORMATS):
        raise AlignmentError(f"unknown format {format!r} (choose from {', '.join(FORMATS)})")
    if format is not None and format not in TEXTGRID_FORMATS:
        return format
    by_suffix = find(ALIGNMENT_FORMATS, path)
    if by_suffix is not None and by_suffix.name not in TEXTGRID_FORMATS:
        return by_suffix.name
    return format or "long"


def encode_text(text: str, encoding: str = "utf-8") -> bytes:
    """UTF-8 without BOM, or UTF-16 with a BOM (big-endian, as Praat writes it)."""
    encoding = encoding.lower().replace("_", "-")
    if encoding in ("utf8", "utf-8"):
        return text.encode("utf-8")
    if encoding in ("utf-16", "utf-16-be", "utf16"):
        return b"\xfe\xff" + text.encode("utf-16-be")
    if encoding == "utf-16-le":
        return b"\xff\xfe" + text.encode("utf-16-le")
    raise AlignmentError(f"unknown encoding {encoding!r} (choose from {', '.join(ENCODINGS)})")


def format_alignment(grid: TextGrid, annotation: Annotation | None = None,
                     format: str = "long", tier: str | None = None) -> str:
    """The file's text in ``format``; ``tier`` picks the tier of an Audacity label file
    (default: the word tier)."""
    if format not in FORMATS:
        raise AlignmentError(f"unknown format {format!r} (choose from {', '.join(FORMATS)})")
    return by_name(ALIGNMENT_FORMATS, format).write(grid, annotation, tier)


# The writers of the registry's alignment formats, one signature: (grid, annotation, tier).
def long_textgrid_text(grid: TextGrid, annotation=None, tier=None) -> str:
    return format_textgrid(grid)


def short_textgrid_text(grid: TextGrid, annotation=None, tier=None) -> str:
    return format_textgrid(grid, short=True)


def json_text(grid: TextGrid, annotation: Annotation | None = None, tier=None) -> str:
    return format_json(grid, annotation)


def labels_text(grid: TextGrid, annotation=None, tier: str | None = None) -> str:
    """The named tier (default: the word tier) as an Audacity label track."""
    return format_labels(grid.tier(tier) if tier is not None else grid.word_tier())


def write_alignment(path: str | os.PathLike, grid: TextGrid,
                    annotation: Annotation | None = None, format: str = "long",
                    encoding: str = "utf-8", tier: str | None = None) -> None:
    """Save atomically. ``format`` ("long"/"short") applies to TextGrids; a path with the
    suffix of another format (.json, .txt ...) is saved in that format (UTF-8)."""
    chosen = format_for(path, format)
    text = format_alignment(grid, annotation, chosen, tier)
    data = encode_text(text, encoding if chosen in TEXTGRID_FORMATS else "utf-8")
    try:
        atomic_write_bytes(path, data)
    except OSError as err:
        raise AlignmentError(f"cannot save ({err.strerror})", path) from None
