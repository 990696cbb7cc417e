"""Pause-aware refinement: silences from the intensity (relative to the recording) become
empty intervals between words, word ends stop where the pause begins, the first word starts
where the speech starts; pauses far from every boundary (a stop closure) stay in their word.
Checked on tone-silence-tone signals whose edges are known to the sample."""

import numpy as np
import pytest

from analysis.autoalign.pauses import speech_activity, squeeze_pauses
from analysis.autoalign.refine import match_pauses, refine_alignment
from analysis.autoalign.result import AutoAlignment, ScoredWord, TimedLabel
from tests.support.audio import tone

RATE = 16000


def tones(*parts: tuple[str, float], noise: float = 1e-4, seed: int = 0) -> np.ndarray:
    """("tone" | "silence", seconds) pieces in a row, with a faint noise floor."""
    pieces = [tone(seconds, 220 + 40 * n) if kind == "tone" else np.zeros(int(seconds * RATE))
              for n, (kind, seconds) in enumerate(parts)]
    signal = np.concatenate(pieces).astype(np.float64)
    return signal + noise * np.random.default_rng(seed).standard_normal(len(signal))


def spans(*parts) -> list[tuple[float, float]]:
    """The (start, end) of each tone in ``parts``."""
    out, t = [], 0.0
    for kind, seconds in parts:
        if kind == "tone":
            out.append((t, t + seconds))
        t += seconds
    return out


def alignment(times, duration, phones=()) -> AutoAlignment:
    words = [ScoredWord(f"w{n}", s, e, 0.9, n) for n, (s, e) in enumerate(times)]
    return AutoAlignment(words, [], duration, "test", "none", "none", phones=list(phones))


PARTS = (("silence", 0.25), ("tone", 0.3), ("silence", 0.2), ("tone", 0.35),
         ("silence", 0.12), ("tone", 0.25), ("silence", 0.3))


def test_pauses_between_tones_are_found_to_the_millisecond():
    activity = speech_activity(tones(*PARTS), RATE)
    (a, b), (c, d), (e, f) = spans(*PARTS)
    assert activity.onset == pytest.approx(a, abs=0.001)
    assert activity.offset == pytest.approx(f, abs=0.001)
    assert len(activity.pauses) == 2
    for (start, end), (true_start, true_end) in zip(activity.pauses, [(b, c), (d, e)],
                                                    strict=True):
        assert start == pytest.approx(true_start, abs=0.001)
        assert end == pytest.approx(true_end, abs=0.001)


def test_the_silence_threshold_is_relative_to_the_recording():
    loud = speech_activity(tones(*PARTS), RATE)
    quiet = speech_activity(tones(*PARTS) * 0.01, RATE)
    assert quiet.threshold_db == pytest.approx(loud.threshold_db - 40, abs=0.5)
    np.testing.assert_allclose(quiet.pauses, loud.pauses, atol=0.001)


def test_pauses_are_carved_between_words_and_the_first_word_starts_with_the_speech():
    samples = tones(*PARTS)
    truth = spans(*PARTS)
    # As Whisper does: connected words, the first from 0, each end running into the pause.
    rough = alignment([(0.0, 0.72), (0.72, 1.31), (1.31, 1.62)], len(samples) / RATE)
    refined = refine_alignment(rough, samples, RATE)
    for word, (start, end) in zip(refined.words, truth, strict=True):
        assert word.start == pytest.approx(start, abs=0.002)
        assert word.end == pytest.approx(end, abs=0.002)
    tier = refined.tier()
    assert [i.label for i in tier.intervals] == ["", "w0", "", "w1", "", "w2", ""]
    report = refined.refinement
    assert report.pauses_carved == 2 and report.moved == 6 and report.total == 6
    assert report.max_shift == pytest.approx(0.25, abs=0.01)  # the first word's start
    assert "2 pauses carved" in report.summary()
    assert report.shift_of(refined.words[0].start, refined.words[0].end).startswith(
        "refinement moved its start +25")


def test_a_short_silence_far_from_any_boundary_stays_inside_its_word():
    parts = (("silence", 0.2), ("tone", 0.3), ("silence", 0.2), ("tone", 0.2),
             ("silence", 0.04), ("tone", 0.2), ("silence", 0.2))
    samples = tones(*parts)
    (a, b), (c, _), (_, f) = spans(*parts)
    refined = refine_alignment(alignment([(a, b), (c, f)], len(samples) / RATE), samples, RATE)
    second = refined.words[1]
    assert second.start == pytest.approx(c, abs=0.002)
    assert second.end == pytest.approx(f, abs=0.002)  # the closure did not split it
    assert refined.refinement.pauses_carved == 1


def test_silence_only_moves_nothing_and_says_so():
    samples = np.zeros(RATE)
    rough = alignment([(0.1, 0.5), (0.5, 0.9)], 1.0)
    refined = refine_alignment(rough, samples, RATE)
    assert refined.words == rough.words
    assert "no speech found" in refined.refinement.summary()


def test_phonemes_move_with_their_word():
    samples = tones(*PARTS)
    phones = [TimedLabel("a", 0.0, 0.4), TimedLabel("b", 0.4, 0.72),
              TimedLabel("c", 0.72, 1.31), TimedLabel("d", 1.31, 1.62)]
    rough = alignment([(0.0, 0.72), (0.72, 1.31), (1.31, 1.62)], len(samples) / RATE, phones)
    refined = refine_alignment(rough, samples, RATE)
    first = refined.words[0]
    assert refined.phones[0].start == first.start and refined.phones[1].end == first.end
    assert first.start < refined.phones[0].end < first.end
    assert [p.label for p in refined.phones] == ["a", "b", "c", "d"]


def test_pauses_match_boundaries_in_order_even_when_the_aligner_drifts():
    boundaries = [(0.60, 0.60), (1.00, 1.00), (1.35, 1.35), (1.70, 1.70)]
    pauses = [(0.50, 0.70), (1.05, 1.25), (1.50, 1.62), (1.85, 2.0)]  # each ~0.1 s later
    assert match_pauses(boundaries, pauses) == {0: 0, 1: 1, 2: 2, 3: 3}
    assert match_pauses([(0.5, 0.5)], [(0.9, 1.0)], reach=0.3) == {}  # too far to be its pause
    assert match_pauses(boundaries, []) == {}
    assert match_pauses([], pauses) == {}


def test_squeezing_the_pauses_keeps_a_way_back_to_the_recording():
    samples = tones(*PARTS)
    squeezed = squeeze_pauses(samples, RATE, speech_activity(samples, RATE), keep=0.02)
    (a, b), (c, d), (e, f) = spans(*PARTS)
    assert len(squeezed.samples) / RATE == pytest.approx((b - a) + (d - c) + (f - e) + 0.12,
                                                         abs=0.003)
    first_piece_length = (b + 0.02) - (a - 0.02)
    assert squeezed.to_original(0.02) == pytest.approx(a, abs=0.001)
    assert squeezed.to_original(first_piece_length + 0.02) == pytest.approx(c, abs=0.001)
