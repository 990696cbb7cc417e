"""Alignment edits as pure functions: (grid, what the user asked) -> new grid.

Qt-free, so the rules (where a boundary may go, which boundary a key removes) are tested
without widgets. The editor wraps each result in an undo command."""

from __future__ import annotations

from analysis.errors import MixScopeError


def is_interval_tier(tier) -> bool:
    return hasattr(tier, "intervals")


def add_boundary(grid, tier_index: int, time: float):
    """A boundary (interval tier) or an empty point (point tier) at ``time``."""
    tier = grid.tiers[tier_index]
    if is_interval_tier(tier):
        if not tier.xmin < time < tier.xmax:
            raise MixScopeError(f"{time:.3f} s is outside tier {tier.name!r}")
        if any(abs(iv.start - time) < 1e-6 for iv in tier.intervals):
            raise MixScopeError(f"tier {tier.name!r} already has a boundary at {time:.4f} s")
        new = tier.insert_boundary(time)
    else:
        if any(abs(p.time - time) < 1e-6 for p in tier.points):
            raise MixScopeError(f"tier {tier.name!r} already has a point at {time:.4f} s")
        new = tier.insert_point(time, "")
    return grid.replace_tier(tier_index, new)


def move_boundary(grid, tier_index: int, k: int, time: float):
    """Boundary k (interval tier) or point k (point tier) moved to ``time``."""
    tier = grid.tiers[tier_index]
    new = tier.move_boundary(k, time) if is_interval_tier(tier) else tier.move_point(k, time)
    return grid.replace_tier(tier_index, new)


def remove_boundary(grid, tier_index: int, k: int):
    tier = grid.tiers[tier_index]
    new = tier.remove_boundary(k) if is_interval_tier(tier) else tier.remove_point(k)
    return grid.replace_tier(tier_index, new)


def set_label(grid, tier_index: int, index: int, label: str):
    tier = grid.tiers[tier_index]
    new = tier.set_label(index, label) if is_interval_tier(tier) else tier.set_mark(index, label)
    return grid.replace_tier(tier_index, new)


def boundary_near(tier, time: float, tolerance: float) -> int | None:
    """The boundary k (or point index) closest to ``time`` within ``tolerance``, else None."""
    if is_interval_tier(tier):
        candidates = [(abs(iv.start - time), k) for k, iv in enumerate(tier.intervals) if k > 0]
    else:
        candidates = [(abs(p.time - time), k) for k, p in enumerate(tier.points)]
    distance, k = min(candidates, default=(None, None))
    return k if distance is not None and distance <= tolerance else None


def boundary_time(tier, k: int) -> float:
    return tier.intervals[k].start if is_interval_tier(tier) else tier.points[k].time
