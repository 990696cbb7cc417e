import dataclasses

import pytest

from analysis.alignment import (
    SLIVER,
    AlignmentError,
    Interval,
    IntervalTier,
    Point,
    PointTier,
    TextGrid,
    tier_to_words,
    words_to_tier,
)
from analysis.errors import MixScopeError
from analysis.words import Word


def tier3():
    return IntervalTier("words", (Interval(0.0, 0.5, "ils"), Interval(0.5, 1.0, "mangent"),
                                  Interval(1.0, 2.0, "")), 0.0, 2.0)


def test_model_objects_are_immutable():
    tier = tier3()
    with pytest.raises(dataclasses.FrozenInstanceError):
        tier.name = "x"
    with pytest.raises(dataclasses.FrozenInstanceError):
        tier.intervals[0].label = "x"


def test_tier_span_defaults_to_its_intervals_and_lists_become_tuples():
    tier = IntervalTier("w", [Interval(0.2, 0.4, "a"), Interval(0.4, 0.9, "b")])
    assert (tier.xmin, tier.xmax) == (0.2, 0.9)
    assert isinstance(tier.intervals, tuple)
    assert tier.boundaries == [0.2, 0.4, 0.9]


def test_insert_boundary_splits_and_the_left_part_keeps_the_label():
    tier = tier3()
    new = tier.insert_boundary(0.25)
    assert new.intervals[:2] == (Interval(0.0, 0.25, "ils"), Interval(0.25, 0.5, ""))
    assert tier == tier3()  # the original is untouched


def test_insert_boundary_refuses_an_existing_boundary_or_outside_times():
    tier = tier3()
    for time in (0.5, 0.5 + SLIVER / 2, 0.0, 2.0, -1.0, 3.0):
        with pytest.raises(MixScopeError):
            tier.insert_boundary(time)


def test_insert_boundary_in_an_empty_tier_makes_two_intervals():
    tier = IntervalTier("w", (), 0.0, 1.0)
    assert tier.insert_boundary(0.3).intervals == (Interval(0.0, 0.3), Interval(0.3, 1.0))


def test_move_boundary_moves_the_shared_edge():
    new = tier3().move_boundary(1, 0.3)
    assert new.intervals[0] == Interval(0.0, 0.3, "ils")
    assert new.intervals[1] == Interval(0.3, 1.0, "mangent")


def test_move_boundary_is_clamped_strictly_inside_its_neighbours():
    left = tier3().move_boundary(1, -5.0)
    assert 0.0 < left.intervals[0].end == left.intervals[1].start
    assert left.intervals[0].duration >= SLIVER
    right = tier3().move_boundary(2, 99.0)
    assert right.intervals[1].end < 2.0
    assert right.intervals[2].duration >= SLIVER


@pytest.mark.parametrize("k", [0, 3, -1])
def test_only_inner_boundaries_can_move_or_go(k):
    with pytest.raises(IndexError):
        tier3().move_boundary(k, 0.7)
    with pytest.raises(IndexError):
        tier3().remove_boundary(k)


def test_remove_boundary_joins_labels_like_praat():
    merged = tier3().remove_boundary(1)
    assert merged.intervals == (Interval(0.0, 1.0, "ilsmangent"), Interval(1.0, 2.0, ""))


def test_set_label_changes_one_interval():
    assert tier3().set_label(2, "pommes").intervals[2] == Interval(1.0, 2.0, "pommes")


def test_point_tier_edits_keep_time_order():
    tier = PointTier("tones", (), 0.0, 2.0)
    tier = tier.insert_point(1.5, "L%").insert_point(0.5, "H*")
    assert [p.mark for p in tier.points] == ["H*", "L%"]
    moved = tier.move_point(0, 1.9)
    assert moved.points[0].time < moved.points[1].time
    assert tier.set_mark(1, "H%").points[1] == Point(1.5, "H%")
    assert tier.remove_point(0).points == (Point(1.5, "L%"),)
    with pytest.raises(AlignmentError):
        tier.insert_point(3.0)


def grid():
    return TextGrid(0.0, 2.0, (tier3(), IntervalTier("phones", (Interval(0, 2.0, ""),), 0, 2.0),
                               PointTier("tones", (Point(0.7, "H*"),), 0.0, 2.0)))


def test_tier_operations_return_new_grids():
    g = grid()
    assert g.rename_tier(1, "phon").tier_names == ["words", "phon", "tones"]
    assert g.remove_tier(0).tier_names == ["phones", "tones"]
    assert g.move_tier(2, 0).tier_names == ["tones", "words", "phones"]
    assert g.move_tier(0, 2).tier_names == ["phones", "tones", "words"]
    extra = IntervalTier("notes", (Interval(0, 2.0, ""),))
    assert g.add_tier(extra).tier_names[-1] == "notes"
    assert g.add_tier(extra, 1).tier_names == ["words", "notes", "phones", "tones"]
    replaced = g.replace_tier(0, tier3().set_label(0, "il"))
    assert replaced.tiers[0].intervals[0].label == "il"
    assert g == grid()


def test_word_tier_prefers_words_then_the_first_interval_tier():
    assert grid().word_tier().name == "words"
    assert grid().move_tier(0, 2).word_tier().name == "words"
    assert grid().remove_tier(0).word_tier().name == "phones"
    only_points = TextGrid(0, 1, (PointTier("t", (), 0, 1),))
    with pytest.raises(MixScopeError):
        only_points.word_tier()


def test_words_to_tier_fills_gaps_with_empty_intervals_and_back():
    words = [Word("ils", 0.12, 0.31), Word("mangent", 0.31, 0.74), Word("pommes", 0.9, 1.3)]
    tier = words_to_tier(words, 0.0, 1.5)
    assert tier.intervals == (Interval(0.0, 0.12, ""), Interval(0.12, 0.31, "ils"),
                              Interval(0.31, 0.74, "mangent"), Interval(0.74, 0.9, ""),
                              Interval(0.9, 1.3, "pommes"), Interval(1.3, 1.5, ""))
    assert tier_to_words(tier) == words


def test_words_to_tier_never_moves_a_word_to_fit_the_span():
    tier = words_to_tier([Word("a", 0.5, 2.5)], 1.0, 2.0)
    assert (tier.xmin, tier.xmax) == (0.5, 2.5)
    assert tier.intervals == (Interval(0.5, 2.5, "a"),)


def test_words_to_tier_rejects_overlapping_or_reversed_words():
    with pytest.raises(AlignmentError, match="before the previous word ends"):
        words_to_tier([Word("a", 0.0, 0.5), Word("b", 0.4, 0.8)], 0, 1)
    with pytest.raises(AlignmentError, match="before it starts"):
        words_to_tier([Word("a", 0.5, 0.2)], 0, 1)


def test_tier_to_words_skips_silence():
    tier = IntervalTier("w", (Interval(0, 1, ""), Interval(1, 2, " "), Interval(2, 3, "x")))
    assert tier_to_words(tier) == [Word("x", 2, 3)]


def test_interval_at_finds_the_containing_interval():
    tier = tier3()
    assert [tier.interval_at(t) for t in (0.0, 0.49, 0.5, 2.0, 2.1, -0.1)] == [0, 0, 1, 2,
                                                                               None, None]
