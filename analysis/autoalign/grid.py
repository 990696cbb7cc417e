"""Put an automatic alignment into a TextGrid: the word tier, the phoneme tier (when the
aligner gives phonemes) and a "review" point tier.

Words whose confidence is below the threshold get a point at their middle on a point tier
named "review" (mark: "check <word> (<confidence>)"), so the marks show in the editor, are
saved with the TextGrid and open in Praat. "Next word to review" walks these points.
"""

from __future__ import annotations

from analysis.alignment import IntervalTier, Point, PointTier, TextGrid
from analysis.autoalign.result import DEFAULT_REVIEW_BELOW, AutoAlignment
from analysis.errors import MixScopeError

REVIEW_TIER = "review"


def review_tier(result: AutoAlignment, xmin: float, xmax: float,
                threshold: float = DEFAULT_REVIEW_BELOW) -> PointTier:
    points = [Point(round((w.start + w.end) / 2, 6), f"check {w.label} ({w.confidence:.2f})")
              for w in result.to_review(threshold)]
    return PointTier(REVIEW_TIER, tuple(points), xmin, xmax)


def apply_alignment(grid: TextGrid, result: AutoAlignment,
                    threshold: float = DEFAULT_REVIEW_BELOW) -> TextGrid:
    """``grid`` with its word tier replaced (or, when it has none, a "words" tier added
    first), its "phones" tier replaced (or added after the words) when the aligner gave
    phonemes, and its review tier replaced by this alignment's (removed when nothing needs
    review)."""
    try:
        index = grid.word_tier_index()
        name = grid.tiers[index].name
    except MixScopeError:
        index, name = None, "words"
    words = result.tier(name=name, xmin=grid.xmin, xmax=grid.xmax)
    xmin, xmax = min(grid.xmin, words.xmin), max(grid.xmax, words.xmax)
    new = TextGrid(xmin, xmax, grid.tiers)
    new = new.add_tier(words, 0) if index is None else new.replace_tier(index, words)
    phones = result.phone_tier(xmin=xmin, xmax=xmax)
    if phones is not None:
        old = _tier_index(new, phones.name, IntervalTier)
        if old is None:
            new = new.add_tier(phones, (0 if index is None else index) + 1)
        else:
            new = new.replace_tier(old, phones)
    review = review_tier(result, xmin, xmax, threshold)
    old = _tier_index(new, REVIEW_TIER, PointTier)
    if old is not None:
        new = new.replace_tier(old, review) if review.points else new.remove_tier(old)
    elif review.points:
        new = new.add_tier(review)
    return new


def _tier_index(grid: TextGrid, name: str, kind) -> int | None:
    return next((i for i, t in enumerate(grid.tiers) if t.name == name and isinstance(t, kind)),
                None)


def review_points(grid: TextGrid) -> list[Point]:
    for tier in grid.tiers:
        if tier.name == REVIEW_TIER and isinstance(tier, PointTier):
            return list(tier.points)
    return []


def next_review(grid: TextGrid, after: float | None) -> tuple[Point, tuple[float, float]] | None:
    """The first review point after time ``after`` (wrapping to the first one), with the
    span of the word-tier interval under it (or a point-sized span when there is none)."""
    points = review_points(grid)
    if not points:
        return None
    later = [p for p in points if after is None or p.time > after + 1e-9]
    point = later[0] if later else points[0]
    span = (point.time, point.time)
    try:
        tier = grid.word_tier()
    except MixScopeError:
        return point, span
    if isinstance(tier, IntervalTier):
        for interval in tier.intervals:
            if interval.start <= point.time < interval.end:
                return point, (interval.start, interval.end)
    return point, span
