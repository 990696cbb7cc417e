"""Immutable alignment model: TextGrid, interval and point tiers, and their edit operations.

Every edit returns a new object, so an undo step only has to keep the previous one.
Constructors never change what they are given (a file read is kept exactly, problems and
all); :mod:`analysis.alignment.validation` reports problems and repairs them on request.
Boundary ``k`` of an interval tier sits between intervals ``k - 1`` and ``k``
(``k = 1 .. n - 1``); boundaries ``0`` and ``n`` are the tier's edges.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from analysis.alignment.errors import AlignmentError
from analysis.words import Word

SLIVER = 1e-6
"""Intervals shorter than this (seconds) are floating-point slivers; edits never make one."""


@dataclass(frozen=True, slots=True)
class Interval:
    start: float
    end: float
    label: str = ""

    @property
    def duration(self) -> float:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class Point:
    time: float
    mark: str = ""


def _inner_limits(lo: float, hi: float) -> tuple[float, float]:
    """The times at least :data:`SLIVER` inside ``lo .. hi``, as computed in floats."""
    a, b = lo + SLIVER, hi - SLIVER
    while a - lo < SLIVER:
        a = math.nextafter(a, math.inf)
    while hi - b < SLIVER:
        b = math.nextafter(b, -math.inf)
    return a, b


def _span(times: list[float], xmin: float | None, xmax: float | None) -> tuple[float, float]:
    lo = min(times) if times else 0.0
    hi = max(times) if times else lo
    return (lo if xmin is None else xmin), (hi if xmax is None else xmax)


@dataclass(frozen=True)
class IntervalTier:
    """Labelled intervals, normally contiguous from ``xmin`` to ``xmax``.

    ``xmin``/``xmax`` default to the first start and the last end."""

    name: str
    intervals: tuple[Interval, ...] = ()
    xmin: float = None  # type: ignore[assignment]
    xmax: float = None  # type: ignore[assignment]

    def __post_init__(self):
        intervals = tuple(self.intervals)
        object.__setattr__(self, "intervals", intervals)
        ends = [intervals[0].start, intervals[-1].end] if intervals else []
        xmin, xmax = _span(ends, self.xmin, self.xmax)
        object.__setattr__(self, "xmin", xmin)
        object.__setattr__(self, "xmax", xmax)

    def __len__(self) -> int:
        return len(self.intervals)

    @property
    def boundaries(self) -> list[float]:
        """Times of boundaries ``0 .. n`` (the edges included)."""
        if not self.intervals:
            return [self.xmin, self.xmax]
        return [self.intervals[0].start] + [i.end for i in self.intervals]

    def interval_at(self, time: float) -> int | None:
        """Index of the interval with ``start <= time < end`` (the last one includes its end)."""
        starts = [i.start for i in self.intervals]
        k = bisect.bisect_right(starts, time) - 1
        if k < 0:
            return None
        interval = self.intervals[k]
        if interval.start <= time < interval.end or (
                k == len(self.intervals) - 1 and time == interval.end):
            return k
        return None

    # -- edits ------------------------------------------------------------------------------
    def insert_boundary(self, time: float) -> IntervalTier:
        """Split the interval containing ``time``; the left part keeps the label (as Praat)."""
        if not self.xmin < time < self.xmax:
            raise AlignmentError(
                f"cannot add a boundary at {time} s: outside tier {self.name!r} "
                f"({self.xmin}-{self.xmax} s)")
        if not self.intervals:
            return replace(self, intervals=(Interval(self.xmin, time), Interval(time, self.xmax)))
        k = self.interval_at(time)
        if k is None:
            raise AlignmentError(
                f"cannot add a boundary at {time} s: no interval of tier {self.name!r} "
                "contains it")
        old = self.intervals[k]
        if time - old.start < SLIVER or old.end - time < SLIVER:
            raise AlignmentError(
                f"tier {self.name!r} already has a boundary at {time} s")
        parts = (Interval(old.start, time, old.label), Interval(time, old.end, ""))
        return replace(self, intervals=self.intervals[:k] + parts + self.intervals[k + 1:])

    def _check_boundary(self, k: int) -> None:
        if not 1 <= k <= len(self.intervals) - 1:
            raise IndexError(
                f"boundary {k} does not exist in tier {self.name!r} "
                f"(inner boundaries are 1..{len(self.intervals) - 1})")

    def move_boundary(self, k: int, time: float) -> IntervalTier:
        """Move boundary ``k`` to ``time``, clamped strictly inside its two neighbours
        (at least :data:`SLIVER` from their other ends)."""
        self._check_boundary(k)
        left, right = self.intervals[k - 1], self.intervals[k]
        lo, hi = _inner_limits(left.start, right.end)
        time = (left.start + right.end) / 2 if lo > hi else min(max(time, lo), hi)
        moved = (Interval(left.start, time, left.label), Interval(time, right.end, right.label))
        return replace(self, intervals=self.intervals[:k - 1] + moved + self.intervals[k + 1:])

    def remove_boundary(self, k: int) -> IntervalTier:
        """Merge intervals ``k - 1`` and ``k``; the labels are joined as Praat does
        (left text then right text, nothing in between)."""
        self._check_boundary(k)
        left, right = self.intervals[k - 1], self.intervals[k]
        merged = Interval(left.start, right.end, left.label + right.label)
        return replace(self, intervals=self.intervals[:k - 1] + (merged,)
                       + self.intervals[k + 1:])

    def set_label(self, i: int, label: str) -> IntervalTier:
        old = self.intervals[i]
        intervals = list(self.intervals)
        intervals[i] = Interval(old.start, old.end, label)
        return replace(self, intervals=tuple(intervals))

    def rename(self, name: str) -> IntervalTier:
        return replace(self, name=name)


@dataclass(frozen=True)
class PointTier:
    """Marked points in time (Praat's "TextTier"), kept in time order by the edits."""

    name: str
    points: tuple[Point, ...] = ()
    xmin: float = None  # type: ignore[assignment]
    xmax: float = None  # type: ignore[assignment]

    def __post_init__(self):
        points = tuple(self.points)
        object.__setattr__(self, "points", points)
        xmin, xmax = _span([p.time for p in points], self.xmin, self.xmax)
        object.__setattr__(self, "xmin", xmin)
        object.__setattr__(self, "xmax", xmax)

    def __len__(self) -> int:
        return len(self.points)

    def insert_point(self, time: float, mark: str = "") -> PointTier:
        if not self.xmin <= time <= self.xmax:
            raise AlignmentError(
                f"cannot add a point at {time} s: outside tier {self.name!r} "
                f"({self.xmin}-{self.xmax} s)")
        if any(abs(p.time - time) < SLIVER for p in self.points):
            raise AlignmentError(f"tier {self.name!r} already has a point at {time} s")
        k = bisect.bisect_left([p.time for p in self.points], time)
        return replace(self, points=self.points[:k] + (Point(time, mark),) + self.points[k:])

    def remove_point(self, i: int) -> PointTier:
        self.points[i]  # IndexError for a missing point
        return replace(self, points=self.points[:i] + self.points[i + 1:])

    def move_point(self, i: int, time: float) -> PointTier:
        """Move point ``i``, clamped between its neighbours (and the tier's edges)."""
        lo = _inner_limits(self.points[i - 1].time, math.inf)[0] if i > 0 else self.xmin
        hi = (_inner_limits(-math.inf, self.points[i + 1].time)[1]
              if i + 1 < len(self.points) else self.xmax)
        time = (lo + hi) / 2 if lo > hi else min(max(time, lo), hi)
        points = list(self.points)
        points[i] = Point(time, points[i].mark)
        return replace(self, points=tuple(points))

    def set_mark(self, i: int, mark: str) -> PointTier:
        points = list(self.points)
        points[i] = Point(points[i].time, mark)
        return replace(self, points=tuple(points))

    def rename(self, name: str) -> PointTier:
        return replace(self, name=name)


Tier = IntervalTier | PointTier


@dataclass(frozen=True)
class TextGrid:
    """Ordered tiers over one time domain ``xmin .. xmax`` (seconds)."""

    xmin: float
    xmax: float
    tiers: tuple[Tier, ...] = field(default=())

    def __post_init__(self):
        object.__setattr__(self, "tiers", tuple(self.tiers))

    @property
    def tier_names(self) -> list[str]:
        return [t.name for t in self.tiers]

    def tier_index(self, name: str) -> int:
        """Index of the first tier called ``name``."""
        for i, tier in enumerate(self.tiers):
            if tier.name == name:
                return i
        raise AlignmentError(f"no tier named {name!r} (tiers: {', '.join(self.tier_names)})")

    def tier(self, name: str) -> Tier:
        return self.tiers[self.tier_index(name)]

    def word_tier_index(self) -> int:
        """The tier named "words", else the first interval tier."""
        for i, tier in enumerate(self.tiers):
            if tier.name == "words" and isinstance(tier, IntervalTier):
                return i
        for i, tier in enumerate(self.tiers):
            if isinstance(tier, IntervalTier):
                return i
        raise AlignmentError("the alignment has no interval tier to take the words from")

    def word_tier(self) -> IntervalTier:
        return self.tiers[self.word_tier_index()]  # type: ignore[return-value]

    # -- edits ------------------------------------------------------------------------------
    def replace_tier(self, i: int, tier: Tier) -> TextGrid:
        tiers = list(self.tiers)
        tiers[i] = tier
        return replace(self, tiers=tuple(tiers))

    def add_tier(self, tier: Tier, index: int | None = None) -> TextGrid:
        tiers = list(self.tiers)
        tiers.insert(len(tiers) if index is None else index, tier)
        return replace(self, tiers=tuple(tiers))

    def remove_tier(self, i: int) -> TextGrid:
        tiers = list(self.tiers)
        del tiers[i]
        return replace(self, tiers=tuple(tiers))

    def rename_tier(self, i: int, name: str) -> TextGrid:
        return self.replace_tier(i, self.tiers[i].rename(name))

    def move_tier(self, i: int, j: int) -> TextGrid:
        """Move tier ``i`` so that it ends up at index ``j``."""
        tiers = list(self.tiers)
        tier = tiers.pop(i)
        tiers.insert(j, tier)
        return replace(self, tiers=tuple(tiers))


def words_to_tier(words: Iterable[Word | tuple[str, float, float]], xmin: float, xmax: float,
                  name: str = "words") -> IntervalTier:
    """A contiguous tier from time-ordered words; gaps become empty intervals.

    The tier widens to ``[min(xmin, first start), max(xmax, last end)]`` so that no word
    time is ever changed. Overlapping, unordered or reversed words raise AlignmentError."""
    intervals: list[Interval] = []
    words = [Word(*w) for w in words]
    if words:
        xmin = min(xmin, words[0].start)
    cursor = xmin
    for n, word in enumerate(words):
        if word.end < word.start:
            raise AlignmentError(
                f"word {n + 1} ({word.label!r}) ends at {word.end} s before it starts "
                f"({word.start} s)")
        if word.start < cursor:
            raise AlignmentError(
                f"word {n + 1} ({word.label!r}) starts at {word.start} s, before the previous "
                f"word ends ({cursor} s)")
        if word.start > cursor:
            intervals.append(Interval(cursor, word.start, ""))
        intervals.append(Interval(word.start, word.end, word.label))
        cursor = word.end
    xmax = max(xmax, cursor)
    if xmax > cursor or not intervals:
        intervals.append(Interval(cursor, xmax, ""))
    return IntervalTier(name, tuple(intervals), xmin, xmax)


def is_silence(label: str) -> bool:
    return not label.strip()


def tier_to_words(tier: IntervalTier) -> list[Word]:
    """The labelled intervals as words; empty (or blank) labels are silence and skipped."""
    if not isinstance(tier, IntervalTier):
        raise AlignmentError(f"tier {tier.name!r} is a point tier, not a word tier")
    return [Word(i.label, i.start, i.end) for i in tier.intervals if not is_silence(i.label)]
