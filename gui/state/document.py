"""The open document: audio, alignment grid, annotation, scores and file paths.

Qt-free. The grid is an immutable ``TextGrid``: an edit builds a new grid and calls
``set_grid`` (the editor does this from QUndoCommands, so undo simply restores the previous
grid). Views subscribe to the events:

- ``grid_changed(grid)``        tiers, boundaries or labels changed
- ``annotation_changed(ann)``   transcription / cue / target words changed
- ``results_changed(results)``  scores set, cleared or marked stale
- ``modified_changed(bool)``    unsaved changes appeared or were saved
- ``paths_changed()``           audio or alignment file path changed (e.g. Save As)

Unsaved state has one definition, ``modified``: edits since the last save (the undo
history's clean state, which the editor reports through ``set_edits_clean``), scores not
yet saved, or work that exists in no file of the user's (a recovered autosave, a recorded
take). Nothing sets it by hand.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, replace
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


@dataclass(frozen=True)
class UnsavedAudio:
    """The audio of a document that has no file of the user's yet: a recorded take, or a
    copy of a bundled example. The first save writes it beside the alignment.

    ``source`` is where the samples can be read back (the autosave names it, so a crash
    loses nothing); ``recording`` is the take's entry in the recovery store (forgotten once
    the take is saved), None for an example."""

    source: Path
    subtype: str = "PCM_16"  # the WAV format written beside the alignment
    recording: Any = None  # analysis.recording.store.StoredRecording


class Document:
    def __init__(self, audio: Audio | None, grid: TextGrid, annotation: Annotation | None = None,
                 audio_path: Path | None = None, alignment_path: Path | None = None,
                 unsaved_audio: UnsavedAudio | None = None) -> None:
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
        self.unsaved_audio = unsaved_audio
        if unsaved_audio is not None:
            self.audio_path = None
        self._edits_clean = True  # as the undo history reports it
        self._results_saved = True
        self._work_saved = unsaved_audio is None or unsaved_audio.recording is None
        self._mono = None

    # -- construction ------------------------------------------------------------------
    @classmethod
    def from_audio(cls, audio: Audio, grid: TextGrid | None = None,
                   annotation: Annotation | None = None,
                   alignment_path: Path | None = None,
                   unsaved_audio: UnsavedAudio | None = None) -> Document:
        """A document for ``audio``: with ``grid`` (checked to fit the audio and stretched
        to its end), or a new empty word tier."""
        if grid is None:
            grid = empty_grid(audio.duration)
        else:
            grid = fit_grid_to_audio(grid, audio.duration, alignment_path)
        return cls(audio, grid, annotation, audio.path, alignment_path, unsaved_audio)

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
        if _words(grid) != old_words:
            self.mark_results_stale()

    def set_annotation(self, annotation: Annotation) -> None:
        if annotation != self.annotation:
            self.annotation = annotation
            self.annotation_changed.emit(annotation)

    def mark_results_stale(self) -> None:
        """The scores no longer match the word tier (it changed, or scores read back from a
        file were made for other words); views say so until the next Score."""
        if self.results is not None and not self.results_stale:
            self.results_stale = True
            self.results_changed.emit(self.results)

    def set_results(self, results: Any, saved: bool = False) -> None:
        """Attach fresh scores (``None`` clears them); ``saved`` when read from the
        document's own scores file."""
        with self._reporting_modified():
            self.results = results
            self.results_stale = False
            self._results_saved = saved
        self.results_changed.emit(results)

    # -- saved state -----------------------------------------------------------------------
    @property
    def modified(self) -> bool:
        """Something the user made is not saved in the document's files."""
        return not (self._edits_clean and self._results_saved and self._work_saved)

    def set_edits_clean(self, clean: bool) -> None:
        """The undo history is (or is no longer) at the last saved state."""
        with self._reporting_modified():
            self._edits_clean = bool(clean)

    def mark_unsaved_work(self) -> None:
        """The content itself is in no file of the user's (e.g. recovered from an autosave):
        unsaved whatever the undo history says, until saved."""
        with self._reporting_modified():
            self._work_saved = False

    def mark_saved(self) -> None:
        """The alignment (and any unsaved audio) is written to the document's files (the
        undo history's clean state is the editor's to set, the scores' their own)."""
        with self._reporting_modified():
            self._work_saved = True

    def mark_results_saved(self) -> None:
        """The scores are written to the document's scores file."""
        with self._reporting_modified():
            self._results_saved = True

    def audio_saved(self, path: Path) -> None:
        """The unsaved audio was written to ``path``: from now on it is the audio file."""
        self.audio = replace(self.audio, path=Path(path))
        self.audio_path = Path(path)
        self.unsaved_audio = None
        self.paths_changed.emit()

    @contextmanager
    def _reporting_modified(self):
        before = self.modified
        yield
        if self.modified != before:
            self.modified_changed.emit(self.modified)

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
        """Where Save writes when no alignment was opened: beside the audio, as .TextGrid
        (None for audio that is not a file of the user's yet)."""
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
