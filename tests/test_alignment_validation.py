from pathlib import Path

from analysis.alignment import Interval, IntervalTier, Point, PointTier, TextGrid, read_alignment
from analysis.alignment.validation import format_report, repair, validate

BROKEN = Path(__file__).parent / "data" / "alignment" / "broken.TextGrid"


def kinds(grid):
    return sorted({p.kind for p in validate(grid)})


def tier(*intervals, xmin=0.0, xmax=2.0, name="words"):
    return IntervalTier(name, tuple(Interval(*i) for i in intervals), xmin, xmax)


def test_a_clean_grid_has_no_problems():
    grid = TextGrid(0.0, 2.0, (tier((0.0, 1.0, "a"), (1.0, 2.0, "b")),
                               PointTier("p", (Point(0.5, "x"),), 0.0, 2.0)))
    assert validate(grid) == []
    assert format_report([]) == "no problems found"
    assert repair(grid) == (grid, [])


def test_each_problem_is_found_and_named():
    assert kinds(TextGrid(0, 2, (tier((0, 1.2, "a"), (1.0, 2.0, "b")),))) == ["overlap"]
    assert kinds(TextGrid(0, 2, (tier((0, 0.8, "a"), (1.0, 2.0, "b")),))) == ["gap"]
    assert kinds(TextGrid(0, 2, (tier((0, 1.0, "a"), (1.0 + 1e-9, 2.0, "b")),))) == ["gap"]
    assert kinds(TextGrid(0, 2, (tier((0, 1.0, "a"), (1.0, 1.0 + 1e-7, "b"), (1.0 + 1e-7, 2.0)),
                                 ))) == ["sliver"]
    assert kinds(TextGrid(0, 2, (tier((1.0, 0.0, "a"), (1.0, 2.0, "b"), xmin=0),))) == [
        "gap", "reversed"]
    assert kinds(TextGrid(0, 2, (tier((1.0, 2.0, "b"), (0, 1.0, "a")),))) == ["gap",
                                                                            "unordered"]
    assert kinds(TextGrid(-0.0, 2, (tier((-0.0, 2.0, "a"), xmin=-0.0),))) == ["negative-zero"]
    assert kinds(TextGrid(0, 3, (tier((0, 2.0, "a")),))) == ["span"]
    assert kinds(TextGrid(0, 2, (PointTier("p", (Point(1.0), Point(0.5)), 0, 2),))) == [
        "unordered"]


def test_problems_name_the_tier_and_the_interval():
    problems = validate(TextGrid(0, 2, (tier((0, 1.2, "a"), (1.0, 2.0, "b")),)))
    assert problems[0].tier == 0 and problems[0].item == 1
    assert "tier 1 ('words'), interval 2" in problems[0].message


def test_reading_never_repairs_and_repair_reports_every_change():
    grid = read_alignment(BROKEN).grid
    assert grid.word_tier().intervals[1] == Interval(0.4, 0.9, "mangent")  # as written
    assert {"overlap", "gap", "sliver", "negative-zero", "reversed"} <= set(kinds(grid))
    fixed, changes = repair(grid)
    assert validate(fixed) == []
    assert any("overlapped" in c for c in changes)
    assert any("filled with an empty interval" in c for c in changes)
    assert any("sliver" in c for c in changes)
    assert any("-0" in c for c in changes)
    assert [i.label for i in fixed.word_tier().intervals if i.label] == [
        "ils", "mangent", "des", "pommes"]


def test_repair_fills_gaps_and_stretches_tiers_to_the_grid():
    grid = TextGrid(0.0, 3.0, (tier((0.5, 1.0, "a"), (1.5, 2.0, "b"), xmin=0.5, xmax=2.0),))
    fixed, changes = repair(grid)
    assert fixed.tiers[0].intervals == (Interval(0.0, 0.5), Interval(0.5, 1.0, "a"),
                                        Interval(1.0, 1.5), Interval(1.5, 2.0, "b"),
                                        Interval(2.0, 3.0))
    assert (fixed.tiers[0].xmin, fixed.tiers[0].xmax) == (0.0, 3.0)
    assert len(changes) == 4  # one gap, the span, two edge gaps


def test_repair_merges_slivers_with_labels_joined():
    grid = TextGrid(0, 2, (tier((0, 1.0, "a"), (1.0, 1.0 + 1e-7, "b"), (1.0 + 1e-7, 2.0, "c")),))
    fixed, _ = repair(grid)
    assert fixed.tiers[0].intervals == (Interval(0, 1.0 + 1e-7, "ab"),
                                        Interval(1.0 + 1e-7, 2.0, "c"))
