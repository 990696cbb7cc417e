"""The examples of a corpus, as the batch runner needs them: an id, the word tier, the cue
and target words, and the waveform (decoded only when the example is scored).

Corpora in the homophone schema (columns audio, transcription, cue_word, target_word,
target_word_2, alignment = {intervals: [{word, start, end}]}): a corpus folder with
``metadata.jsonl`` (read directly, no ``datasets`` needed), a folder saved with
``save_to_disk``, parquet file(s), or a Hugging Face hub id (``id`` or ``id:split``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from analysis.errors import MixScopeError
from analysis.words import Word


@dataclass
class CorpusExample:
    example_id: str
    index: int
    words: list[Word]
    cue_word: str | None
    target_word: str | None
    target_word_2: str | None
    transcription: str
    load_waveform: Callable[[], np.ndarray]  # 16 kHz mono float32
    audio_path: str | None = None

    def targets(self) -> list[tuple[str, str]]:
        """(role, word) for the annotated targets: "target" and, when present, "target_2"."""
        found = [("target", self.target_word), ("target_2", self.target_word_2)]
        return [(role, word) for role, word in found if word]

    def missing_annotation(self) -> str | None:
        """Why this example cannot be scored for cue contribution, or None."""
        if not self.words:
            return "no word alignment"
        if not self.cue_word:
            return "no cue word"
        if not self.target_word:
            return "no target word"
        return None


def words_from_alignment(alignment) -> list[Word]:
    """Words of an ``alignment`` field ({intervals: [...]}, or a bare interval list);
    empty labels are silence."""
    if alignment is None:
        return []
    if isinstance(alignment, str):
        alignment = json.loads(alignment) if alignment.strip() else None
        return words_from_alignment(alignment)
    intervals = alignment.get("intervals") if isinstance(alignment, dict) else alignment
    words = []
    for item in intervals or []:
        label = (item.get("word") or "").strip()
        if label:
            words.append(Word(label, float(item["start"]), float(item["end"])))
    return words


def open_examples(source: str | Path) -> Sequence[CorpusExample]:
    """All examples of a corpus folder, saved dataset, parquet file(s) or hub id."""
    path = Path(source)
    if path.is_dir() and (path / "metadata.jsonl").exists():
        return _metadata_examples(path)
    return _dataset_examples(str(source))


def _metadata_examples(folder: Path) -> list[CorpusExample]:
    metadata = folder / "metadata.jsonl"
    examples = []
    for number, line in enumerate(metadata.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            audio_path = folder / record["file_name"]
        except (json.JSONDecodeError, KeyError, TypeError) as err:
            raise MixScopeError(f"{metadata}, line {number}: not a corpus record ({err})") from err
        examples.append(_example(record, len(examples), str(record["file_name"]),
                                 lambda p=audio_path: _load_file(p), str(audio_path)))
    return examples


def _example(record: dict, index: int, example_id: str, loader, audio_path=None):
    try:
        words = words_from_alignment(record.get("alignment"))
    except (KeyError, TypeError, ValueError, json.JSONDecodeError) as err:
        raise MixScopeError(f"example {example_id}: unreadable alignment ({err})") from err
    return CorpusExample(
        example_id=example_id, index=index, words=words,
        cue_word=record.get("cue_word") or None, target_word=record.get("target_word") or None,
        target_word_2=record.get("target_word_2") or None,
        transcription=record.get("transcription") or "", load_waveform=loader,
        audio_path=audio_path,
    )


def _load_file(path: Path) -> np.ndarray:
    from analysis.audio import load_for_model

    return load_for_model(path)


def _dataset_examples(source: str) -> Sequence[CorpusExample]:
    dataset = _open_dataset(source)
    if "audio" not in dataset.column_names:
        raise MixScopeError(f"dataset {source} has no 'audio' column "
                            f"(columns: {', '.join(dataset.column_names)})")
    from datasets import Audio

    dataset = dataset.cast_column("audio", Audio(decode=False))
    return _LazyDatasetExamples(dataset)


class _LazyDatasetExamples(Sequence):
    """Rows turned into examples on access, so a large dataset is never decoded at once."""

    def __init__(self, dataset):
        self._dataset = dataset

    def __len__(self) -> int:
        return len(self._dataset)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        record = self._dataset[int(index)]
        audio = record["audio"] or {}
        name = audio.get("path") or ""
        example_id = record.get("id") or f"{index:06d}" + (f"-{Path(name).name}" if name else "")
        return _example(record, int(index), str(example_id),
                        lambda a=audio: _decode_audio(a, example_id), name or None)

    def __iter__(self) -> Iterator[CorpusExample]:
        return (self[i] for i in range(len(self)))


def _decode_audio(audio: dict, example_id: str) -> np.ndarray:
    import io

    import soundfile

    from analysis.audio import resample, to_mono

    data = audio.get("bytes")
    source = io.BytesIO(data) if data else audio.get("path")
    if not source:
        raise MixScopeError(f"example {example_id} has no audio")
    samples, rate = soundfile.read(source, dtype="float32", always_2d=False)
    return resample(to_mono(samples), int(rate), 16000)


def _open_dataset(source: str):
    import datasets

    path = Path(source)
    try:
        if path.is_dir() and (path / "dataset_info.json").exists():
            loaded = datasets.load_from_disk(str(path))
        elif path.is_file() and path.suffix == ".parquet":
            loaded = datasets.load_dataset("parquet", data_files=str(path), split="train")
        elif path.is_dir() and any(path.glob("*.parquet")):
            loaded = datasets.load_dataset("parquet", data_files=str(path / "*.parquet"),
                                           split="train")
        elif path.exists():
            raise MixScopeError(f"{path} is not a corpus (no metadata.jsonl, saved dataset "
                                "or parquet files)")
        else:
            name, _, split = source.partition(":")
            loaded = datasets.load_dataset(name, split=split or "train")
    except MixScopeError:
        raise
    except Exception as err:  # datasets raises many kinds; the user needs one sentence
        raise MixScopeError(f"cannot open corpus {source}: {str(err).splitlines()[0]}") from err
    if isinstance(loaded, datasets.DatasetDict):
        loaded = loaded[next(iter(loaded))]
    return loaded
