"""The examples of a corpus, as the batch runner needs them: a stable id, the word tier, the
cue and target words, and the waveform (decoded only when the example is scored).

Any source ``analysis.corpus.sources.open_dataset`` opens: a corpus folder (metadata.jsonl),
a ``save_to_disk`` folder, an audiofolder, parquet file(s) or a hub id (``ID`` or
``ID:SPLIT``). Ids are the audio file name in a corpus folder, else an ``id`` column when
the dataset has one, else the row number.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from analysis.words import Word

CHUNK = 256  # rows read at a time from a dataset


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


def open_examples(source: str | Path) -> Sequence[CorpusExample]:
    """The examples of a corpus folder, saved dataset, parquet file(s) or hub id."""
    from analysis.corpus.sources import open_dataset, split_spec

    return SourceExamples(open_dataset(*split_spec(source)))


class SourceExamples(Sequence):
    """A corpus source seen as a sequence of CorpusExample, read in chunks on demand."""

    def __init__(self, source):
        self.source = source
        self._chunk: tuple[int, list] = (-1, [])

    def __len__(self) -> int:
        return len(self.source)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        index = int(index)
        if not 0 <= index < len(self):
            raise IndexError(index)
        start = index - index % CHUNK
        if self._chunk[0] != start:
            self._chunk = (start, self.source.examples(start, start + CHUNK))
        example = self._chunk[1][index - start]
        audio_path = None
        if hasattr(self.source, "entry"):
            example_id = self.source.entry(index).file_name
            audio_path = str(self.source.audio_path(index))
        else:
            example_id = str(example.extra.get("id") or f"{index:06d}")
        return CorpusExample(
            example_id=example_id, index=index, words=list(example.words),
            cue_word=example.cue_word, target_word=example.target_word,
            target_word_2=example.target_word_2, transcription=example.transcription,
            load_waveform=lambda i=index: self.source.audio(i).for_model(),
            audio_path=audio_path)

    def __iter__(self) -> Iterator[CorpusExample]:
        return (self[i] for i in range(len(self)))
