"""Which corpus or dataset the browser shows, and the bridge between its examples and
editor Documents (Qt-free).

A dataset example opens as a Document with its audio (16 kHz) and a word tier from its
alignment; a corpus example opens its own audio file and the TextGrid beside it (all tiers),
so the editor's Save writes that TextGrid and ``save`` then writes the words and the
cue/target annotation into the corpus metadata.
"""

from __future__ import annotations

from pathlib import Path

from analysis.corpus.schema import Example
from analysis.errors import MixScopeError
from gui.state.document import Document
from gui.state.events import Event


class CorpusSession:
    def __init__(self, source=None) -> None:
        self.source_changed = Event()  # (source) a new source, or the same one edited
        self.current_changed = Event()  # (index | None) the example in the editor
        self.source = source
        self.current: int | None = None
        self.document: Document | None = None

    # -- the source ----------------------------------------------------------------------
    def set_source(self, source) -> None:
        self.source = source
        self.current = None
        self.document = None
        self.source_changed.emit(source)
        self.current_changed.emit(None)

    @property
    def writable(self) -> bool:
        return self.source is not None and getattr(self.source, "writable", False)

    # -- examples <-> documents ---------------------------------------------------------------
    def example_document(self, index: int) -> Document:
        """A Document for example ``index`` (``set_current`` once it is in the editor)."""
        if self.source is None:
            raise MixScopeError("no corpus or dataset is open")
        if not 0 <= index < len(self.source):
            raise MixScopeError(f"there is no example {index + 1} (the corpus has "
                                f"{len(self.source)})")
        example = self.source.example(index)
        audio = self.source.audio(index)
        grid, alignment_path = self._grid(index, example, audio.duration)
        return Document.from_audio(audio, grid, example.annotation(), alignment_path)

    def set_current(self, index: int, document: Document) -> None:
        """Example ``index`` is in the editor as ``document``."""
        self.current, self.document = index, document
        self.current_changed.emit(index)

    def neighbour(self, step: int) -> int | None:
        """The example ``step`` away from the current one, if it exists."""
        if self.source is None or not len(self.source):
            return None
        target = 0 if self.current is None else self.current + step
        return target if 0 <= target < len(self.source) else None

    def save(self, document: Document) -> bool:
        """Write ``document``'s words and annotation back into the corpus, when it is the
        current example of a writable corpus. True if it wrote."""
        if not self.writable or document is not self.document or self.current is None:
            return False
        example = self.source.example(self.current).with_annotation(document.annotation)
        self.source.update(self.current, example, grid=document.grid)
        self.source_changed.emit(self.source)
        return True

    def add_document(self, document: Document, speaker: str = "", notes: str = "") -> int:
        """Add ``document`` (its audio, tiers and annotation) to the open corpus; the new
        example becomes the current one and the document now lives in the corpus."""
        if not self.writable:
            raise MixScopeError("open or create a corpus first (datasets are read-only)")
        if document.audio is None:
            raise MixScopeError("there is no recording to add")
        example = Example(speaker=speaker, notes=notes).with_annotation(document.annotation)
        index = self.source.add(document.audio, example, grid=document.grid)
        self.source_changed.emit(self.source)
        document.audio_saved(self.source.audio_path(index))
        document.set_alignment_path(self.source.textgrid_path(index), "long")
        self.current, self.document = index, document
        self.current_changed.emit(index)
        return index

    def _grid(self, index: int, example: Example, duration: float):
        from analysis.alignment import TextGrid, read_alignment, words_to_tier

        path = self.source.textgrid_path(index) if self.writable else None
        if path is not None and Path(path).is_file():
            return read_alignment(path).grid, Path(path)
        end = max([duration] + [w.end for w in example.words])
        tier = words_to_tier(example.words, 0.0, end)
        return TextGrid(tier.xmin, tier.xmax, (tier,)), path
