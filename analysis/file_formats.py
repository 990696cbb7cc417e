"""The one registry of the file formats MixScope reads and writes: each format is described
here once (name, title, suffixes, reader, writer) and every suffix list, CLI help text and
file-dialog filter is derived from it.

Readers and writers are named as ``"module:function"`` and imported on first use, so this
module stays a leaf that the modules implementing them can import back without a cycle.

- Audio: everything goes through libsndfile (soundfile), which reads by content; ``codec``
  is the libsndfile (format, subtype) a save in that format writes. A build of libsndfile
  without MP3 or Opus drops those formats from ``readable_audio_formats`` (and so from the
  dialogs), so nothing is offered that cannot be read.
- Alignments: Praat TextGrid (long and short text; Praat's binary and chronological files are
  recognised by content), the dataset's JSON, Audacity label tracks. The first suffix is the
  one a save appends.
- Scores: a ScoreSet as one ``.npz`` (the app names them ``.scores.npz``) or its long table
  as ``.parquet``.
- Datasets (a corpus as one parquet file) and prompt lists (UTF-8 text, one a line).
- Exports: images (heatmaps, curves, figures) and CSV tables; each exporter says which of
  them it writes.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path


@dataclass(frozen=True)
class FileFormat:
    name: str  # what the CLI and the document call it ("wav", "long", "json", ...)
    title: str  # what a person reads in a dialog or in --help
    suffixes: tuple[str, ...]  # as written in names; matched case-insensitively
    reader: str | None = None  # "module:function"
    writer: str | None = None
    codec: tuple[str, str | None] | None = None  # audio: libsndfile (format, subtype)

    @property
    def suffix(self) -> str:
        """The suffix a save in this format appends."""
        return self.suffixes[0]

    def matches(self, path) -> bool:
        name = Path(path).name.lower()
        return any(name.endswith(s.lower()) and len(name) > len(s) for s in self.suffixes)

    def read(self, *args, **kwargs):
        return _resolve(self.reader)(*args, **kwargs)

    def write(self, *args, **kwargs):
        return _resolve(self.writer)(*args, **kwargs)


def _resolve(target: str | None) -> Callable:
    if target is None:
        raise ValueError("this format has no such function")
    module, name = target.split(":")
    found = importlib.import_module(module)
    for attribute in name.split("."):  # "ScoreSet.load"
        found = getattr(found, attribute)
    return found


_AUDIO_IO = {"reader": "analysis.audio:load_audio", "writer": "analysis.audio:save_audio"}
AUDIO_FORMATS = (
    FileFormat("wav", "WAV", (".wav",), codec=("WAV", None), **_AUDIO_IO),
    FileFormat("flac", "FLAC", (".flac",), codec=("FLAC", None), **_AUDIO_IO),
    FileFormat("ogg", "Ogg Vorbis", (".ogg",), codec=("OGG", "VORBIS"), **_AUDIO_IO),
    FileFormat("opus", "Opus", (".opus",), codec=("OGG", "OPUS"), **_AUDIO_IO),
    FileFormat("mp3", "MP3", (".mp3",), codec=("MP3", "MPEG_LAYER_III"), **_AUDIO_IO),
    FileFormat("aiff", "AIFF", (".aiff", ".aif"), codec=("AIFF", None), **_AUDIO_IO),
    FileFormat("au", "Sun/NeXT AU", (".au",), codec=("AU", None), **_AUDIO_IO),
)

_TEXTGRID_SUFFIXES = (".TextGrid", ".textgrid")
ALIGNMENT_FORMATS = (
    FileFormat("long", "TextGrid, long text", _TEXTGRID_SUFFIXES,
               "analysis.alignment.praat_text:parse_textgrid",
               "analysis.alignment.io:long_textgrid_text"),
    FileFormat("short", "TextGrid, short text", _TEXTGRID_SUFFIXES,
               "analysis.alignment.praat_text:parse_textgrid",
               "analysis.alignment.io:short_textgrid_text"),
    FileFormat("json", "Dataset JSON", (".json",),
               "analysis.alignment.dataset_json:parse_json",
               "analysis.alignment.io:json_text"),
    FileFormat("audacity", "Audacity labels", (".txt", ".lab"),
               "analysis.alignment.audacity:parse_labels",
               "analysis.alignment.io:labels_text"),
)

TEXTGRID_FORMATS = tuple(f.name for f in ALIGNMENT_FORMATS if f.suffixes == _TEXTGRID_SUFFIXES)
# Opened with an audio file of the same stem without being asked for (a .txt there is more
# often a transcription than a label track), in this order.
COMPANION_FORMATS = ("long", "json")

SCORE_FORMATS = (
    FileFormat("npz", "MixScope scores", (".scores.npz", ".npz"),
               "analysis.results:ScoreSet.load", "analysis.results:ScoreSet.save"),
    FileFormat("parquet", "Scores table", (".parquet",),
               "analysis.results:ScoreSet.load", "analysis.results:ScoreSet.save"),
)

DATASET_FORMATS = (
    FileFormat("parquet", "Parquet dataset", (".parquet",),
               "analysis.corpus.sources:open_dataset", "analysis.corpus.export:export_parquet"),
)
PROMPT_FORMATS = (
    FileFormat("prompts", "Prompt list", (".txt",), "analysis.recording.prompts:load_prompts"),
)

IMAGE_FORMATS = (
    FileFormat("png", "PNG image", (".png",)),
    FileFormat("svg", "SVG drawing", (".svg",)),
    FileFormat("pdf", "PDF document", (".pdf",)),
)
PLOT_IMAGE_FORMATS = IMAGE_FORMATS[:2]  # what the app's own plots export (Qt: no PDF)
CSV_FORMAT = FileFormat("csv", "CSV table", (".csv",))


def suffixes(formats: Iterable[FileFormat]) -> tuple[str, ...]:
    """Every suffix of ``formats``, lower case, each once, in order."""
    return tuple(dict.fromkeys(s.lower() for f in formats for s in f.suffixes))


def patterns(formats: Iterable[FileFormat]) -> tuple[str, ...]:
    """Glob patterns (``*.TextGrid``), each spelling once, for file dialogs."""
    return tuple(dict.fromkeys(f"*{s}" for f in formats for s in f.suffixes))


def find(formats: Iterable[FileFormat], path) -> FileFormat | None:
    """The first of ``formats`` whose suffix ``path`` has."""
    return next((f for f in formats if f.matches(path)), None)


def by_name(formats: Iterable[FileFormat], name: str) -> FileFormat:
    found = next((f for f in formats if f.name == name), None)
    if found is None:
        raise KeyError(name)
    return found


def describe(formats: Iterable[FileFormat], every: bool = False) -> str:
    """``.TextGrid, .json, .txt`` for help texts: the suffix a save in each format appends
    (``every``: all the suffixes read), each spelling once whatever its case."""
    found: dict[str, str] = {}
    for f in formats:
        for s in f.suffixes if every else (f.suffix,):
            found.setdefault(s.lower(), s)
    return ", ".join(found.values())


def alternatives(formats: Iterable[FileFormat]) -> str:
    """``.png, .svg or .pdf``: the suffixes a save appends, for messages."""
    *others, last = describe(formats).split(", ")
    return f"{', '.join(others)} or {last}" if others else last


def titles(formats: Iterable[FileFormat]) -> str:
    return ", ".join(dict.fromkeys(f.title for f in formats))


def companion_formats() -> tuple[FileFormat, ...]:
    return tuple(by_name(ALIGNMENT_FORMATS, name) for name in COMPANION_FORMATS)


def companion_suffixes() -> tuple[str, ...]:
    """The suffixes of an alignment opened with its audio, in the order they are looked for."""
    return tuple(dict.fromkeys(s for f in companion_formats() for s in f.suffixes))


@cache
def readable_audio_formats() -> tuple[FileFormat, ...]:
    """The audio formats the libsndfile soundfile loaded can read (its MP3 and Opus support
    depends on how it was built)."""
    import soundfile

    known = soundfile.available_formats()
    return tuple(f for f in AUDIO_FORMATS if f.codec[0] in known and (
        f.codec[1] is None or f.codec[1] in soundfile.available_subtypes(f.codec[0])))


def readable_audio_suffixes() -> tuple[str, ...]:
    return suffixes(readable_audio_formats())


def is_audio(path) -> bool:
    return find(readable_audio_formats(), path) is not None


def is_alignment(path) -> bool:
    return find(ALIGNMENT_FORMATS, path) is not None
