"""A corpus folder: audio files, ``metadata.jsonl`` and a TextGrid beside each audio file.

``datasets.load_dataset("audiofolder", data_dir=folder)`` reads it with the reference column
names and types (absent words are written as "" so that string columns stay strings), and
``load_dataset(folder)`` also applies the exact Features from the README.md dataset card.

Crash safety: every file is written atomically (temporary file + rename), and the order of
writes keeps ``metadata.jsonl`` (the source of truth) pointing only at complete files:
adding writes the audio and TextGrid *before* the metadata, removing rewrites the metadata
*before* deleting files. An interruption leaves at worst an audio file that no metadata
line names; ``datasets`` and ``Corpus.open`` both ignore such files.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path

from analysis.atomic import atomic_write_text, remove_stale_temporaries
from analysis.audio import Audio, load_audio, save_audio
from analysis.corpus.paths import corpus_file, inside
from analysis.corpus.schema import (
    CORPUS_COLUMNS,
    Example,
    corpus_features,
    example_from_row,
    metadata_row,
)
from analysis.errors import FileWriteError, MixScopeError
from analysis.file_formats import ALIGNMENT_FORMATS, AUDIO_FORMATS, SCORE_FORMATS, by_name, find

METADATA = "metadata.jsonl"
CARD = "README.md"
TEXTGRID_SUFFIX = by_name(ALIGNMENT_FORMATS, "long").suffix  # each example's alignment


@dataclass(frozen=True)
class Entry:
    file_name: str  # the audio file, relative to the corpus folder
    example: Example


def is_corpus(folder: str | Path) -> bool:
    """A folder whose metadata.jsonl is empty or has the homophone text columns."""
    metadata = Path(folder) / METADATA
    if not metadata.is_file():
        return False
    with open(metadata, encoding="utf-8", errors="replace") as handle:
        for line in handle:
            if line.strip():
                try:
                    first = json.loads(line)
                except ValueError:
                    return False
                return isinstance(first, dict) and "file_name" in first and all(
                    c in first for c in CORPUS_COLUMNS if c not in ("audio", "speaker", "notes"))
    return True


class Corpus:
    """An editable corpus folder (the writable kind of source the browser shows)."""

    writable = True

    def __init__(self, folder: Path, entries: list[Entry]) -> None:
        self.folder = Path(folder)
        self.name = str(self.folder)
        self._entries = list(entries)

    # -- opening -----------------------------------------------------------------------
    @classmethod
    def create(cls, folder: str | Path) -> Corpus:
        """A new empty corpus in ``folder`` (created; it must not hold a corpus already)."""
        folder = Path(folder)
        if (folder / METADATA).exists():
            raise MixScopeError(f"{folder} already holds a corpus ({METADATA} exists)")
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise MixScopeError(f"cannot create the corpus folder {folder}: {err}") from err
        corpus = cls(folder, [])
        corpus._write_metadata()
        return corpus

    @classmethod
    def open(cls, folder: str | Path) -> Corpus:
        folder = Path(folder)
        metadata = folder / METADATA
        if not metadata.is_file():
            raise MixScopeError(f"{folder} is not a corpus: {METADATA} is missing")
        remove_stale_temporaries(folder)
        entries = [_entry(line, metadata, number, folder)
                   for number, line in metadata_lines(metadata)]
        return cls(folder, entries)

    # -- reading (the source interface) --------------------------------------------------
    def __len__(self) -> int:
        return len(self._entries)

    @property
    def extra_columns(self) -> list[str]:
        names: dict[str, None] = {}
        for entry in self._entries:
            names.update(dict.fromkeys(entry.example.extra))
        return list(names)

    def examples(self, start: int, stop: int) -> list[Example]:
        return [e.example for e in self._entries[start:stop]]

    def example(self, index: int) -> Example:
        return self._entries[index].example

    def entry(self, index: int) -> Entry:
        return self._entries[index]

    def audio(self, index: int) -> Audio:
        """The example's audio file as it is on disk (its own rate and channels)."""
        return load_audio(self.audio_path(index))

    def audio_path(self, index: int) -> Path:
        """The example's audio file; refused (MixScopeError) if it is not inside the folder."""
        try:
            return corpus_file(self.folder, self._entries[index].file_name)
        except MixScopeError as err:
            raise MixScopeError(err.problem, self.folder / METADATA) from None

    def textgrid_path(self, index: int) -> Path:
        return inside(self.folder, self.audio_path(index).with_suffix(TEXTGRID_SUFFIX))

    def scores_path(self, index: int) -> Path:
        """Where the example's scores live (``ScoreSet.save``): beside its audio."""
        path = self.audio_path(index)
        return inside(self.folder, path.with_name(path.stem + SCORE_FORMATS[0].suffix))

    def has_scores(self, index: int) -> bool:
        """Whether scores are saved beside the audio (never those behind a link leading out
        of the corpus: the table asks for every row and must not fail on one)."""
        try:
            return self.scores_path(index).is_file()
        except MixScopeError:
            return False

    def index_of(self, audio_path: str | Path) -> int | None:
        """The example whose audio file is ``audio_path``, if any."""
        target = Path(audio_path).resolve()
        for index in range(len(self._entries)):
            if self.audio_path(index).resolve() == target:
                return index
        return None

    def orphans(self) -> list[Path]:
        """Audio files in the folder that no metadata line names (left by an interruption)."""
        named = {self.audio_path(i).resolve() for i in range(len(self))}
        return sorted(p for p in self.folder.iterdir()
                      if find(AUDIO_FORMATS, p) and not p.name.startswith(".")
                      and p.resolve() not in named)

    # -- editing -----------------------------------------------------------------------
    def add(self, audio: Audio, example: Example, grid=None) -> int:
        """Add an example: its audio (written as a 16-bit WAV), TextGrid, then metadata.
        ``grid`` (a TextGrid) replaces the word tier built from ``example.words``."""
        file_name = self._free_name()
        path = self.folder / file_name
        try:
            save_audio(path, audio.samples, audio.sample_rate, subtype="PCM_16")
        except OSError as err:
            raise _write_error(path, err) from err
        try:
            example = self._write_textgrid(path, example, grid, audio.duration)
            self._entries.append(Entry(file_name, example))
            self._commit(rollback=lambda: self._entries.pop())
        except BaseException:  # no metadata line names the files: remove them again
            path.unlink(missing_ok=True)
            path.with_suffix(TEXTGRID_SUFFIX).unlink(missing_ok=True)
            raise
        return len(self._entries) - 1

    def update(self, index: int, example: Example, grid=None) -> None:
        """Replace example ``index``'s text, annotation and alignment (TextGrid first)."""
        entry = self._entries[index]
        example = self._write_textgrid(self.audio_path(index), example, grid,
                                       _duration(self.audio_path(index)))
        self._entries[index] = replace(entry, example=example)
        self._commit(rollback=lambda: self._entries.__setitem__(index, entry))

    def remove(self, index: int) -> None:
        """Remove example ``index``: the metadata first, then its files."""
        files = (self.audio_path(index), self.textgrid_path(index), self.scores_path(index))
        entry = self._entries.pop(index)
        self._commit(rollback=lambda: self._entries.insert(index, entry))
        for path in files:
            path.unlink(missing_ok=True)

    # -- writing -----------------------------------------------------------------------
    def _commit(self, rollback) -> None:
        try:
            self._write_metadata()
        except BaseException:
            rollback()
            raise

    def _write_metadata(self) -> None:
        lines = [json.dumps(metadata_row(e.example, e.file_name), ensure_ascii=False) + "\n"
                 for e in self._entries]
        try:
            atomic_write_text(self.folder / METADATA, "".join(lines))
            if not (self.folder / CARD).exists():
                atomic_write_text(self.folder / CARD, dataset_card())
        except OSError as err:
            raise _write_error(self.folder / METADATA, err) from err

    def _write_textgrid(self, audio_path: Path, example: Example, grid, duration: float):
        from analysis.alignment import tier_to_words, words_to_tier, write_alignment
        from analysis.alignment.model import TextGrid

        if grid is None:
            tier = words_to_tier(example.words, 0.0, duration)
            grid = TextGrid(tier.xmin, tier.xmax, (tier,))
        else:
            example = replace(example, words=tuple(tier_to_words(grid.word_tier())))
        write_alignment(audio_path.with_suffix(TEXTGRID_SUFFIX), grid, example.annotation())
        return example

    def _free_name(self) -> str:
        taken = {e.file_name for e in self._entries} | {p.name for p in self.folder.iterdir()}
        number = len(self._entries) + 1
        while f"{number:05d}.wav" in taken:
            number += 1
        return f"{number:05d}.wav"


def dataset_card() -> str:
    """README.md with the Features, so ``load_dataset(folder)`` gets the exact types."""
    import yaml

    card = {"configs": [{
        "config_name": "default",
        "data_files": [{"split": "train", "path": ["*.wav", METADATA]}],
        # Features' own YAML form, the one dataset cards on the hub use.
        "features": corpus_features()._to_yaml_list(),
    }]}
    return ("---\n" + yaml.safe_dump(card, sort_keys=False, allow_unicode=True) + "---\n\n"
            "# MixScope homophone corpus\n\n"
            "Audio files with `metadata.jsonl` in the schema of "
            "`hosein-m/french_homophone_asr` (plus `speaker` and `notes`), and a Praat "
            "TextGrid beside each audio file. Load it with "
            "`datasets.load_dataset(\"audiofolder\", data_dir=...)`.\n")


def _entry(line: str, metadata: Path, number: int, folder: Path) -> Entry:
    where = f"{metadata}: line {number}"
    try:
        row = json.loads(line)
    except json.JSONDecodeError as err:
        raise MixScopeError(f"not valid JSON: {err.msg}", metadata, number) from err
    except ValueError as err:  # e.g. an integer of more digits than Python converts
        raise MixScopeError(f"not valid JSON: {err}", metadata, number) from err
    if not isinstance(row, dict) or not isinstance(row.get("file_name"), str):
        raise MixScopeError("has no file_name", metadata, number)
    try:
        path = corpus_file(folder, row["file_name"])
    except MixScopeError as err:
        raise MixScopeError(err.problem, metadata, number) from None
    if not path.is_file():
        raise MixScopeError(f"names {row['file_name']}, which does not exist", metadata, number)
    return Entry(row["file_name"], example_from_row(row, where))


def metadata_lines(metadata: Path):
    """(line number, text) of each non-blank line; a file that is not UTF-8 is refused with
    the line of its first bad byte."""
    try:
        data = metadata.read_bytes()
    except OSError as err:
        raise MixScopeError(f"cannot read it ({err.strerror})", metadata) from err
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[:err.start].count(b"\n") + 1
        raise MixScopeError(f"not UTF-8 text (byte {err.start})", metadata, line) from None
    # split on "\n" only: a JSON string may hold other line separators (U+2028, ...)
    return [(number, line) for number, line in enumerate(text.split("\n"), 1) if line.strip()]


def _write_error(path: Path, err: OSError) -> MixScopeError:
    return err if isinstance(err, MixScopeError) else FileWriteError(path, err)


def _duration(path: Path) -> float:
    import soundfile

    info = soundfile.info(str(path))
    return info.frames / info.samplerate

