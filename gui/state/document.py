"""The open document: audio, alignment grid, annotation, scores and file paths.

Qt-free. The grid is an immutable ``TextGrid``: an edit builds a new grid and calls
``set_grid`` (the editor does this from QUndoCommands, so undo simply restores the previous
grid). Views subscribe to the events:

- ``grid_changed(grid)``        tiers, boundaries or labels changed
- ``annotation_changed(ann)``   transcription / cue / target words changed
- ``results_changed(results)``  scores set, cleared or marked stale
- ``modified_changed(bool)``    unsaved changes appeared or were saved
- ``paths_changed()``           audio or alignment file path changed (e.g. Save As)
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analysis.errors import MixScopeError
from gui.state.events import Event

if TYPE_CHECKING:
    from analysis.alignment.annotation import Annotation
    from analysis.alignment.model import TextGrid
    from analysis.audio import Audio

# An alignment may end this much after the audio (rounding in other tools) and still fit.
DURATION_TOLERANCE = 0.02


class Document:
    def __init__(self, audio: Audio | None, grid: TextGrid, annotation: Annotation | None = None,
                 audio_path: Path | None = None, alignment_path: Path | None = None) -> None:
        from analysis.alignment.annotation import Annotation

        self.grid_changed = Event()
        self.annotation_changed = Event()
        self.results_changed = Event()
        self.modified_changed = Event()
        self.paths_changed = Event()
        self.audio = audio
        self.grid = grid
        self.annotation = annotation if annotation is not None else Annotation()
        self.audio_path = Path(audio_path) if audio_path else (audio.path if audio else None)
        self.alignment_path = Path(alignment_path) if alignment_path else None
        self.alignment_format = "long"  # how Save writes the alignment (TextGrid flavour)
        self.results: Any = None  # analysis.results.ScoreSet
        self.results_stale = False
        self._modified = False
        self._mono = None

    # -- construction ------------------------------------------------------------------
    @classmethod
    def from_audio(cls, audio: Audio, grid: TextGrid | None = None,
                   annotation: Annotation | None = None,
                   alignment_path: Path | None = None) -> Document:
        """A document for ``audio``: with ``grid`` (checked to fit the audio and stretched
        to its end), or a new empty word tier."""
        if grid is None:
            grid = empty_grid(audio.duration)
        else:
            grid = fit_grid_to_audio(grid, audio.duration, alignment_path)
        return cls(audio, grid, annotation, audio.path, alignment_path)

    # -- audio ---------------------------------------------------------------------------
    @property
    def duration(self) -> float:
        if self.audio is not None:
            return self.audio.duration
        return float(self.grid.xmax)

    @property
    def sample_rate(self) -> int:
        return self.audio.sample_rate if self.audio is not None else 16000

    def mono(self):
        """The audio mixed to mono at its own rate (cached): what the views draw and play."""
        if self._mono is None and self.audio is not None:
            self._mono = self.audio.mono()
        return self._mono

    # -- edits ---------------------------------------------------------------------------
    def set_grid(self, grid: TextGrid) -> None:
        """Replace the grid (an edit, or its undo); marks scores stale if words changed."""
        if grid == self.grid:
            return
        old_words = _words(self.grid)
        self.grid = grid
        self.grid_changed.emit(grid)
        if self.results is not None and _words(grid) != old_words and not self.results_stale:
            self.results_stale = True
            self.results_changed.emit(self.results)

    def set_annotation(self, annotation: Annotation) -> None:
        if annotation != self.annotation:
            self.annotation = annotation
            self.annotation_changed.emit(annotation)

    def set_results(self, results: Any) -> None:
        """Attach fresh scores (``None`` clears them)."""
        self.results = results
        self.results_stale = False
        self.results_changed.emit(results)

    # -- saved state -----------------------------------------------------------------------
    @property
    def modified(self) -> bool:
        return self._modified

    @modified.setter
    def modified(self, value: bool) -> None:
        if bool(value) != self._modified:
            self._modified = bool(value)
            self.modified_changed.emit(self._modified)

    def set_alignment_path(self, path: Path | None, alignment_format: str | None = None) -> None:
        self.alignment_path = Path(path) if path else None
        if alignment_format:
            self.alignment_format = alignment_format
        self.paths_changed.emit()

    @property
    def title(self) -> str:
        """A short name for the window title: the alignment's or audio's file name."""
        for path in (self.alignment_path, self.audio_path):
            if path:
                return Path(path).name
        return "Untitled"

    def default_alignment_path(self) -> Path | None:
        """Where Save writes when no alignment was opened: beside the audio, as .TextGrid."""
        if self.alignment_path:
            return self.alignment_path
        if self.audio_path:
            return Path(self.audio_path).with_suffix(".TextGrid")
        return None


def empty_grid(duration: float, name: str = "words") -> TextGrid:
    from analysis.alignment.model import Interval, IntervalTier, TextGrid

    tier = IntervalTier(name, (Interval(0.0, duration, ""),), 0.0, duration)
    return TextGrid(0.0, duration, (tier,))


def fit_grid_to_audio(grid: TextGrid, duration: float, path: Path | None = None) -> TextGrid:
    """The grid stretched to end with the audio; an error if it is longer than the audio."""
    where = f" in {path}" if path else ""
    if grid.xmax > duration + DURATION_TOLERANCE:
        raise MixScopeError(
            f"the alignment{where} ends at {grid.xmax:.3f} s but the audio lasts only "
            f"{duration:.3f} s: is it the alignment of another recording?")
    if abs(grid.xmax - duration) < 1e-9:
        return grid
    return stretch_grid(grid, duration)


def stretch_grid(grid: TextGrid, xmax: float) -> TextGrid:
    """Move the grid's end (and every tier's last interval end) to ``xmax``.

    Only the last interval of each interval tier changes; an interval tier that stopped
    before the audio ends gets a final empty interval instead of a stretched label."""
    from analysis.alignment.model import Interval, IntervalTier

    tiers = []
    for tier in grid.tiers:
        if isinstance(tier, IntervalTier) and tier.intervals:
            intervals = list(tier.intervals)
            last = intervals[-1]
            if xmax > last.end and last.label.strip():
                intervals.append(Interval(last.end, xmax, ""))
            elif xmax > last.end or xmax > last.start:
                intervals[-1] = replace(last, end=xmax)
            tier = replace(tier, intervals=tuple(intervals), xmax=xmax)
        else:
            tier = replace(tier, xmax=xmax)
        tiers.append(tier)
    return replace(grid, xmax=xmax, tiers=tuple(tiers))


def _words(grid: TextGrid) -> list:
    from analysis.alignment.model import tier_to_words

    try:
        return tier_to_words(grid.word_tier())
    except MixScopeError:
        return []
