"""Read and write alignments in every format MixScope knows, choosing by extension/content.

Formats: Praat TextGrid (long/short text in UTF-8 or UTF-16; binary and other Praat formats
through parselmouth), the dataset's JSON, and Audacity label tracks (.txt, .lab).
Reading keeps every time exactly as written; saving is atomic.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from analysis.alignment.annotation import Annotation
from analysis.alignment.audacity import format_labels, parse_labels
from analysis.alignment.dataset_json import format_json, parse_json
from analysis.alignment.errors import AlignmentError
from analysis.alignment.model import TextGrid
from analysis.alignment.praat_text import format_textgrid, is_praat_text, parse_textgrid
from analysis.atomic import atomic_write_bytes

FORMATS = ("long", "short", "json", "audacity")
ENCODINGS = ("utf-8", "utf-16", "utf-16-be", "utf-16-le")
LABEL_SUFFIXES = (".txt", ".lab")


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


def _is_labels_path(path: Path) -> bool:
    return path.suffix.lower() in LABEL_SUFFIXES


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
    suffix = path.suffix.lower()
    if is_praat_text(body):
        return AlignmentFile(parse_textgrid(body, path), None, _long_or_short(body), encoding)
    if suffix == ".json" or (suffix not in LABEL_SUFFIXES and body.lstrip()[:1] in ("{", "[")):
        grid, annotation = parse_json(body, path)
        return AlignmentFile(grid, annotation, "json", encoding)
    if suffix == ".textgrid" or body.lstrip().startswith('"Praat chronological'):
        from analysis.alignment.praat_binary import read_with_praat

        return AlignmentFile(read_with_praat(path), None, "praat", encoding)
    if _is_labels_path(path):
        return AlignmentFile(parse_labels(body, path), None, "audacity", encoding)
    raise AlignmentError("not a TextGrid, dataset JSON or Audacity label file "
                         "(use .TextGrid, .json or .txt)", path, 1)


def _long_or_short(text: str) -> str:
    # Long files name every value ("xmin = 0"); short ones give the bare values.
    return "long" if re.search(r"^\s*xmin\s*=", text, re.MULTILINE) else "short"


def format_for(path: str | os.PathLike, format: str | None = None) -> str:
    """The format a save to ``path`` uses: an explicit one, else by extension."""
    if format not in (None, *FORMATS):
        raise AlignmentError(f"unknown format {format!r} (choose from {', '.join(FORMATS)})")
    suffix = Path(path).suffix.lower()
    if format in ("json", "audacity"):
        return format
    if suffix == ".json":
        return "json"
    if suffix in LABEL_SUFFIXES:
        return "audacity"
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
    if format == "json":
        return format_json(grid, annotation)
    if format == "audacity":
        chosen = grid.tier(tier) if tier is not None else grid.word_tier()
        return format_labels(chosen)
    if format in ("long", "short"):
        return format_textgrid(grid, short=format == "short")
    raise AlignmentError(f"unknown format {format!r} (choose from {', '.join(FORMATS)})")


def write_alignment(path: str | os.PathLike, grid: TextGrid,
                    annotation: Annotation | None = None, format: str = "long",
                    encoding: str = "utf-8", tier: str | None = None) -> None:
    """Save atomically. ``format`` ("long"/"short") applies to TextGrids; a .json path gets
    the whole dataset example and a .txt/.lab path an Audacity label track (UTF-8)."""
    chosen = format_for(path, format)
    text = format_alignment(grid, annotation, chosen, tier)
    data = encode_text(text, encoding if chosen in ("long", "short") else "utf-8")
    try:
        atomic_write_bytes(path, data)
    except OSError as err:
        raise AlignmentError(f"cannot save ({err.strerror})", path) from None
