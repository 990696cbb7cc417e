"""What Praat itself (through parselmouth) sees in a TextGrid file, to compare with ours."""

from __future__ import annotations

from analysis.alignment import IntervalTier, TextGrid


def praat_view(path) -> tuple:
    """(xmin, xmax, tiers) as Praat reads ``path``: each tier is (name, kind, items) with
    items (start, end, label) for interval tiers and (time, mark) for point tiers."""
    import parselmouth
    from parselmouth.praat import call

    tg = parselmouth.read(str(path))
    tiers = []
    for t in range(1, call(tg, "Get number of tiers") + 1):
        name = call(tg, "Get tier name", t)
        if call(tg, "Is interval tier", t):
            items = tuple((call(tg, "Get starting point", t, i), call(tg, "Get end point", t, i),
                           call(tg, "Get label of interval", t, i))
                          for i in range(1, call(tg, "Get number of intervals", t) + 1))
            tiers.append((name, "interval", items))
        else:
            items = tuple((call(tg, "Get time of point", t, i), call(tg, "Get label of point", t, i))
                          for i in range(1, call(tg, "Get number of points", t) + 1))
            tiers.append((name, "point", items))
    return call(tg, "Get start time"), call(tg, "Get end time"), tuple(tiers)


def our_view(grid: TextGrid) -> tuple:
    """The same shape as :func:`praat_view`, from our model."""
    tiers = []
    for tier in grid.tiers:
        if isinstance(tier, IntervalTier):
            tiers.append((tier.name, "interval",
                          tuple((i.start, i.end, i.label) for i in tier.intervals)))
        else:
            tiers.append((tier.name, "point", tuple((p.time, p.mark) for p in tier.points)))
    return grid.xmin, grid.xmax, tuple(tiers)


def save_with_praat(source, target, how: str = "Save as text file") -> None:
    """Open ``source`` in Praat and save it with one of Praat's own writers."""
    import parselmouth
    from parselmouth.praat import call

    call(parselmouth.read(str(source)), how, str(target))
