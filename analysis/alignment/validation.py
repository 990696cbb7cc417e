"""Find what is wrong with an alignment, and repair it only when asked, saying what changed.

Problems: reversed intervals (start > end), unordered or overlapping intervals, gaps,
floating-point slivers (< 1 microsecond), negative zero, times that are not finite, tiers
that do not span the grid, unordered or duplicate points. Reading a file never repairs it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from analysis.alignment.model import SLIVER, Interval, IntervalTier, Point, PointTier, TextGrid


@dataclass(frozen=True)
class Problem:
    kind: str  # reversed, unordered, overlap, gap, sliver, negative-zero, not-finite, span
    message: str
    tier: int | None = None  # tier index (0-based)
    item: int | None = None  # interval or point index (0-based)

    def __str__(self) -> str:
        return self.message


def _where(grid: TextGrid, t: int, item: int | None = None, what: str = "interval") -> str:
    text = f"tier {t + 1} ({grid.tiers[t].name!r})"
    return text if item is None else f"{text}, {what} {item + 1}"


def _negative_zero(x: float) -> bool:
    return x == 0 and math.copysign(1.0, x) < 0


def validate(grid: TextGrid) -> list[Problem]:
    """Every problem, in file order; an empty list means the grid is clean."""
    problems: list[Problem] = []
    add = problems.append
    for name, value in (("xmin", grid.xmin), ("xmax", grid.xmax)):
        if not math.isfinite(value):
            add(Problem("not-finite", f"the grid's {name} is {value}"))
        elif _negative_zero(value):
            add(Problem("negative-zero", f"the grid's {name} is -0"))
    if grid.xmin > grid.xmax:
        add(Problem("reversed", f"the grid ends ({grid.xmax} s) before it starts "
                                f"({grid.xmin} s)"))
    for t, tier in enumerate(grid.tiers):
        where = _where(grid, t)
        for name, value in (("xmin", tier.xmin), ("xmax", tier.xmax)):
            if not math.isfinite(value):
                add(Problem("not-finite", f"{where}: {name} is {value}", t))
            elif _negative_zero(value):
                add(Problem("negative-zero", f"{where}: {name} is -0", t))
        if tier.xmin != grid.xmin or tier.xmax != grid.xmax:
            add(Problem("span", f"{where} spans {tier.xmin}-{tier.xmax} s but the grid spans "
                                f"{grid.xmin}-{grid.xmax} s", t))
        if isinstance(tier, PointTier):
            _validate_points(grid, t, tier, add)
        else:
            _validate_intervals(grid, t, tier, add)
    return problems


def _validate_intervals(grid: TextGrid, t: int, tier: IntervalTier, add) -> None:
    if not tier.intervals:
        add(Problem("gap", f"{_where(grid, t)} has no intervals", t))
        return
    cursor = tier.xmin
    for k, i in enumerate(tier.intervals):
        where = _where(grid, t, k)
        if not (math.isfinite(i.start) and math.isfinite(i.end)):
            add(Problem("not-finite", f"{where}: a time is not finite ({i.start}, {i.end})",
                        t, k))
            continue
        if _negative_zero(i.start) or _negative_zero(i.end):
            add(Problem("negative-zero", f"{where}: a time is -0", t, k))
        if i.start > i.end:
            add(Problem("reversed", f"{where} ({i.label!r}) ends at {i.end} s before it starts "
                                    f"({i.start} s)", t, k))
        elif i.end - i.start < SLIVER:
            add(Problem("sliver", f"{where} ({i.label!r}) lasts {i.end - i.start:.3g} s "
                                  f"(less than a microsecond)", t, k))
        if k and i.start < tier.intervals[k - 1].start:
            add(Problem("unordered", f"{where} starts at {i.start} s, before the previous "
                                     "interval", t, k))
        elif i.start < cursor:
            add(Problem("overlap", f"{where} starts at {i.start} s, before the previous one "
                                   f"ends ({cursor} s)", t, k))
        elif i.start > cursor:
            what = "the tier starts" if k == 0 else "the previous interval ends"
            add(Problem("gap", f"{where}: gap of {i.start - cursor:.6g} s after {what} "
                               f"({cursor} s)", t, k))
        cursor = max(cursor, i.end)
    if cursor < tier.xmax:
        add(Problem("gap", f"{_where(grid, t)}: gap from the last interval's end ({cursor} s) "
                           f"to the tier's end ({tier.xmax} s)", t))
    elif cursor > tier.xmax:
        add(Problem("span", f"{_where(grid, t)}: intervals run to {cursor} s, past the tier's "
                            f"end ({tier.xmax} s)", t))


def _validate_points(grid: TextGrid, t: int, tier: PointTier, add) -> None:
    for k, p in enumerate(tier.points):
        where = _where(grid, t, k, "point")
        if not math.isfinite(p.time):
            add(Problem("not-finite", f"{where}: time is {p.time}", t, k))
            continue
        if _negative_zero(p.time):
            add(Problem("negative-zero", f"{where}: time is -0", t, k))
        if not tier.xmin <= p.time <= tier.xmax:
            add(Problem("span", f"{where} at {p.time} s is outside the tier", t, k))
        if k and p.time < tier.points[k - 1].time:
            add(Problem("unordered", f"{where} at {p.time} s comes before the previous point",
                        t, k))
        elif k and p.time - tier.points[k - 1].time < SLIVER:
            add(Problem("sliver", f"{where} at {p.time} s is within a microsecond of the "
                                  "previous point", t, k))


def format_report(problems: list[Problem]) -> str:
    if not problems:
        return "no problems found"
    return "\n".join(f"- {p.message}" for p in problems)


# -- repair -----------------------------------------------------------------------------------
def repair(grid: TextGrid) -> tuple[TextGrid, list[str]]:
    """A clean copy of ``grid`` and one line per change made (empty when nothing changed).

    Intervals with a non-finite time are dropped, reversed ones turned round, overlaps cut
    at the later interval's start (an interval swallowed whole is merged, labels joined as
    Praat joins them), slivers merged into their left neighbour, gaps filled with empty
    intervals, and every tier stretched to the whole grid."""
    changes: list[str] = []
    say = changes.append
    tiers = []
    for t, tier in enumerate(grid.tiers):
        where = f"tier {t + 1} ({tier.name!r})"
        if isinstance(tier, PointTier):
            tiers.append(_repair_points(tier, where, say))
        else:
            tiers.append(_repair_intervals(tier, where, say))
    times = [grid.xmin, grid.xmax] + [x for tier in tiers for x in _ends(tier)]
    times = [0.0 if x == 0 else x for x in times if math.isfinite(x)] or [0.0]
    xmin, xmax = min(times), max(times)
    if (xmin, xmax) != (grid.xmin, grid.xmax) or any(map(_negative_zero, (grid.xmin,
                                                                            grid.xmax))):
        say(f"grid span {grid.xmin}-{grid.xmax} s set to {xmin}-{xmax} s")
    final = []
    for t, tier in enumerate(tiers):
        where = f"tier {t + 1} ({tier.name!r})"
        final.append(_stretch(tier, xmin, xmax, where, say))
    return TextGrid(xmin, xmax, tuple(final)), changes


def _ends(tier) -> list[float]:
    if isinstance(tier, PointTier):
        return [tier.xmin, tier.xmax] + [p.time for p in tier.points]
    out = [tier.xmin, tier.xmax]
    if tier.intervals:
        out += [tier.intervals[0].start, tier.intervals[-1].end]
    return out


def _zero(x: float) -> float:
    return 0.0 if x == 0 else x


def _tier_zero(tier, where: str, say) -> None:
    if _negative_zero(tier.xmin) or _negative_zero(tier.xmax):
        say(f"{where}: -0 in the tier's span written as 0")


def _repair_intervals(tier: IntervalTier, where: str, say) -> IntervalTier:
    _tier_zero(tier, where, say)
    items = []
    for k, i in enumerate(tier.intervals, 1):
        if not (math.isfinite(i.start) and math.isfinite(i.end)):
            say(f"{where}: dropped interval {k} ({i.label!r}): its time is not finite")
            continue
        start, end = _zero(i.start), _zero(i.end)
        if start != i.start or end != i.end or _negative_zero(i.start) or _negative_zero(i.end):
            say(f"{where}: interval {k}: -0 written as 0")
        if start > end:
            say(f"{where}: interval {k} ({i.label!r}) turned round: {end}-{start} s")
            start, end = end, start
        items.append(Interval(start, end, i.label))
    order = sorted(range(len(items)), key=lambda n: (items[n].start, items[n].end))
    if order != list(range(len(items))):
        say(f"{where}: intervals put in time order")
    merged: list[Interval] = []
    for i in (items[n] for n in order):
        if not merged:
            merged.append(i)
            continue
        prev = merged[-1]
        if i.start < prev.end:
            if i.end <= prev.end:
                say(f"{where}: interval {i.label!r} ({i.start}-{i.end} s) lay inside "
                    f"{prev.label!r}; merged into it")
                merged[-1] = Interval(prev.start, prev.end, prev.label + i.label)
                continue
            say(f"{where}: {i.label!r} overlapped {prev.label!r}; it now starts at "
                f"{prev.end} s instead of {i.start} s")
            i = Interval(prev.end, i.end, i.label)
        elif i.start - prev.end >= SLIVER:
            say(f"{where}: gap {prev.end}-{i.start} s filled with an empty interval")
            merged.append(Interval(prev.end, i.start, ""))
        elif i.start > prev.end:
            say(f"{where}: sub-microsecond gap closed: {i.label!r} starts at {prev.end} s "
                f"instead of {i.start} s")
            i = Interval(prev.end, i.end, i.label)
        merged.append(i)
    clean: list[Interval] = []
    pending: Interval | None = None  # leading slivers, absorbed by the next interval
    for i in merged:
        if i.end - i.start < SLIVER and len(merged) > 1:
            say(f"{where}: sliver {i.start}-{i.end} s ({i.label!r}) merged into the interval "
                f"{'before' if clean else 'after'} it")
            if clean:
                prev = clean[-1]
                clean[-1] = Interval(prev.start, i.end, prev.label + i.label)
            elif pending is not None:
                pending = Interval(pending.start, i.end, pending.label + i.label)
            else:
                pending = i
            continue
        if pending is not None:
            i = Interval(pending.start, i.end, pending.label + i.label)
            pending = None
        clean.append(i)
    if pending is not None:
        clean.append(pending)
    return IntervalTier(tier.name, tuple(clean), _zero(tier.xmin), _zero(tier.xmax))


def _repair_points(tier: PointTier, where: str, say) -> PointTier:
    _tier_zero(tier, where, say)
    points = []
    for k, p in enumerate(tier.points, 1):
        if not math.isfinite(p.time):
            say(f"{where}: dropped point {k} ({p.mark!r}): its time is not finite")
            continue
        if _negative_zero(p.time):
            say(f"{where}: point {k}: -0 written as 0")
        points.append(Point(_zero(p.time), p.mark))
    ordered = sorted(points, key=lambda p: p.time)
    if ordered != points:
        say(f"{where}: points put in time order")
    kept: list[Point] = []
    for p in ordered:
        if kept and p.time - kept[-1].time < SLIVER:
            say(f"{where}: point at {p.time} s ({p.mark!r}) merged into the one at "
                f"{kept[-1].time} s")
            kept[-1] = Point(kept[-1].time, kept[-1].mark + p.mark)
            continue
        kept.append(p)
    return PointTier(tier.name, tuple(kept), _zero(tier.xmin), _zero(tier.xmax))


def _stretch(tier, xmin: float, xmax: float, where: str, say):
    if (tier.xmin, tier.xmax) != (xmin, xmax):
        say(f"{where}: span {tier.xmin}-{tier.xmax} s set to the grid's {xmin}-{xmax} s")
    if isinstance(tier, PointTier):
        return PointTier(tier.name, tier.points, xmin, xmax)
    intervals = list(tier.intervals)
    if not intervals:
        say(f"{where}: empty tier given one empty interval")
        return IntervalTier(tier.name, (Interval(xmin, xmax, ""),), xmin, xmax)
    first = intervals[0]
    if first.start > xmin:
        if first.start - xmin >= SLIVER and first.end - first.start >= SLIVER:
            intervals.insert(0, Interval(xmin, first.start, ""))
            say(f"{where}: gap {xmin}-{first.start} s at the start filled")
        else:
            intervals[0] = Interval(xmin, first.end, first.label)
            say(f"{where}: first interval now starts at {xmin} s instead of {first.start} s")
    last = intervals[-1]
    if last.end < xmax:
        if xmax - last.end >= SLIVER and last.end - last.start >= SLIVER:
            intervals.append(Interval(last.end, xmax, ""))
            say(f"{where}: gap {last.end}-{xmax} s at the end filled")
        else:
            intervals[-1] = Interval(last.start, xmax, last.label)
            say(f"{where}: last interval now ends at {xmax} s instead of {last.end} s")
    return IntervalTier(tier.name, tuple(intervals), xmin, xmax)
