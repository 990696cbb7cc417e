"""A min/max peak pyramid: draws any stretch of a long recording with about two points per
pixel, without losing a single peak (a click stays visible however far you zoom out).

Level 0 holds the min and max of each block of ``BASE`` samples; each next level merges
``FACTOR`` blocks. ``envelope`` picks the coarsest level finer than one pixel and reduces it
to one (min, max) pair per pixel. Qt-free (pure numpy)."""

from __future__ import annotations

import numpy as np

BASE = 16
FACTOR = 4
RAW_LIMIT = 4.0  # below this many samples per pixel the raw samples are drawn


class PeakPyramid:
    def __init__(self, samples: np.ndarray, sample_rate: int) -> None:
        self.samples = np.asarray(samples, dtype=np.float32)
        self.sample_rate = int(sample_rate)
        self.levels: list[tuple[int, np.ndarray, np.ndarray]] = []  # (block, mins, maxs)
        n = len(self.samples) // BASE * BASE
        if n == 0:
            return
        blocks = self.samples[:n].reshape(-1, BASE)
        mins, maxs = blocks.min(axis=1), blocks.max(axis=1)
        block = BASE
        while True:
            self.levels.append((block, mins, maxs))
            m = len(mins) // FACTOR * FACTOR
            if m < FACTOR * 4:
                break
            mins = mins[:m].reshape(-1, FACTOR).min(axis=1)
            maxs = maxs[:m].reshape(-1, FACTOR).max(axis=1)
            block *= FACTOR

    @property
    def duration(self) -> float:
        return len(self.samples) / self.sample_rate

    def envelope(self, start: float, end: float, pixels: int) -> tuple[np.ndarray, np.ndarray]:
        """(times, values) to draw ``start``..``end`` seconds on ``pixels`` pixels.

        Zoomed in: the raw samples (one sample either side, so the line reaches the edges).
        Zoomed out: per pixel column its min then its max, at the column's time, so that a
        connected line draws the filled envelope."""
        rate = self.sample_rate
        total = len(self.samples)
        first = max(int(np.floor(start * rate)) - 1, 0)
        last = min(int(np.ceil(end * rate)) + 2, total)
        if last <= first:
            return np.zeros(0), np.zeros(0, np.float32)
        pixels = max(int(pixels), 1)
        per_pixel = (last - first) / pixels
        if per_pixel <= RAW_LIMIT or not self.levels:
            index = np.arange(first, last)
            return index / rate, self.samples[first:last]
        block, mins, maxs = self.levels[0]
        for candidate in self.levels:
            if candidate[0] <= per_pixel / 2:
                block, mins, maxs = candidate
        b0 = first // block
        b1 = min(-(-last // block), len(mins))
        if b1 - b0 < 1:
            index = np.arange(first, last)
            return index / rate, self.samples[first:last]
        columns = min(pixels, b1 - b0)
        edges = np.linspace(b0, b1, columns + 1).astype(np.int64)
        edges = np.unique(edges)
        lo = np.minimum.reduceat(mins[b0:b1], edges[:-1] - b0)
        hi = np.maximum.reduceat(maxs[b0:b1], edges[:-1] - b0)
        times = np.repeat(edges[:-1] * block / rate, 2)
        values = np.empty(2 * len(lo), np.float32)
        values[0::2] = lo
        values[1::2] = hi
        return times, values
