"""An utterance on disk and a main window showing it, for the tests of saving, asking,
autosave and recovery."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from analysis.alignment.io import write_alignment
from analysis.alignment.model import Interval, IntervalTier, TextGrid
from analysis.audio import save_audio

RATE = 16000


def write_utterance(folder: Path, name: str = "utt") -> tuple[Path, Path]:
    """A 2 s noise WAV and its TextGrid (words at 0.5-1.0 and 1.2-1.6 s) in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    samples = (0.3 * np.random.default_rng(1).standard_normal(2 * RATE)).clip(-1, 1)
    audio = folder / f"{name}.wav"
    save_audio(audio, samples.astype(np.float32), RATE, subtype="FLOAT")
    tier = IntervalTier("words", (Interval(0.0, 0.5, ""), Interval(0.5, 1.0, "ils"),
                                  Interval(1.0, 1.2, ""), Interval(1.2, 1.6, "mangent"),
                                  Interval(1.6, 2.0, "")), 0.0, 2.0)
    grid = folder / f"{name}.TextGrid"
    write_alignment(grid, TextGrid(0.0, 2.0, (tier,)))
    return audio, grid


def add_boundary(window, time: float = 0.25) -> None:
    """One edit through the editor (an undo command)."""
    window.features.editor.widget.view.set_cursor(time)
    window.features.editor.widget.edits.add_boundary()


def labels(window) -> list[tuple[str, float, float]]:
    return [(iv.label, round(iv.start, 4), round(iv.end, 4))
            for iv in window.services.documents.document.grid.tiers[0].intervals]


def simulate_crash(window) -> None:
    """The process dies: its files stay where they are, the OS drops its file locks, and it
    writes nothing more (its autosave timer stops: the window object itself may live on
    until the garbage collector frees it, and must not autosave into a later test)."""
    window.features.editor.autosaver.timer.stop()
    for lock in (window.features.editor.autosaver.lock, window.features.recording.take_lock):
        if lock is not None:
            lock.handle.close()
    window.hide()
