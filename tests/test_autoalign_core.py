"""The alignment algorithms on their own: CTC Viterbi, word spans, DTW, text normalisation."""

import itertools

import numpy as np
import pytest

from analysis.autoalign.ctc import align_emissions
from analysis.autoalign.dtw import dtw_path, median_filter
from analysis.autoalign.text import CtcVocabulary, normalise, split_words
from analysis.autoalign.viterbi import NoPathError, ctc_viterbi

BLANK = 0


def collapse(labels, blank=BLANK):
    out, previous = [], None
    for label in labels:
        if label != previous and label != blank:
            out.append(int(label))
        previous = label
    return tuple(out)


def allowed_sequences(tokens, optional):
    choices = [[(t,), ()] if o else [(t,)] for t, o in zip(tokens, optional, strict=True)]
    return {tuple(x for part in combo for x in part) for combo in itertools.product(*choices)}


def brute_force_best(log_probs, tokens, optional):
    frames, vocab = log_probs.shape
    allowed = allowed_sequences(tokens, optional)
    best = -np.inf
    for path in itertools.product(range(vocab), repeat=frames):
        if collapse(path) in allowed:
            best = max(best, log_probs[np.arange(frames), list(path)].sum())
    return best


@pytest.mark.parametrize("seed", range(6))
def test_viterbi_matches_brute_force_on_random_emissions(seed):
    rng = np.random.default_rng(seed)
    for _ in range(25):
        vocab, frames, n = int(rng.integers(2, 5)), int(rng.integers(1, 7)), int(rng.integers(1, 4))
        tokens = [int(t) for t in rng.integers(1, vocab, size=n)]
        optional = [False] * n
        if n == 3 and rng.random() < 0.6:
            optional[1] = True
        log_probs = np.log(rng.dirichlet(np.ones(vocab), size=frames))
        best = brute_force_best(log_probs, tokens, optional)
        if not np.isfinite(best):
            with pytest.raises(NoPathError):
                ctc_viterbi(log_probs, tokens, optional, BLANK)
            continue
        path = ctc_viterbi(log_probs, tokens, optional, BLANK)
        labels = np.where(path.states % 2 == 1,
                          np.asarray(tokens)[np.maximum(path.token_index(), 0)], BLANK)
        assert collapse(labels) in allowed_sequences(tokens, optional)
        assert log_probs[np.arange(frames), labels].sum() == pytest.approx(path.score)
        assert path.score == pytest.approx(best)


def peaked(labels, vocab=5, p=0.9):
    """Emissions whose most likely frame labels are ``labels``."""
    out = np.full((len(labels), vocab), (1 - p) / (vocab - 1))
    out[np.arange(len(labels)), labels] = p
    return np.log(out)


VOCAB = CtcVocabulary({"a": 2, "b": 3, "c": 4}, blank=BLANK, delimiter=1)


def test_known_best_path_gives_exact_word_intervals():
    # frames:     0  1  2  3  4  5  6  7  8
    log_probs = peaked([0, 2, 2, 3, 0, 1, 4, 4, 0])  # _ a a b _ | c c _
    words, unaligned = align_emissions(log_probs, normalise("ab c", VOCAB), BLANK, 1, 0.02)
    assert unaligned == []
    assert [(w.label, w.start, w.end) for w in words] == [
        ("ab", pytest.approx(0.02), pytest.approx(0.08)),
        ("c", pytest.approx(0.12), pytest.approx(0.16)),
    ]
    assert words[0].confidence == pytest.approx(0.9)


def test_word_delimiter_is_optional_between_words():
    log_probs = peaked([2, 3, 0, 4])  # a b _ c: no "|" emitted
    words, _ = align_emissions(log_probs, normalise("ab c", VOCAB), BLANK, 1, 0.02)
    assert [(w.start, w.end) for w in words] == [(0.0, pytest.approx(0.04)),
                                                 (pytest.approx(0.06), pytest.approx(0.08))]


def test_repeated_letters_need_a_blank_between_them():
    log_probs = peaked([2, 2, 2, 2])  # a model that only says "a"
    path = ctc_viterbi(log_probs, [2, 2], [False, False], BLANK)
    assert collapse(np.where(path.states % 2 == 1, 2, 0)) == (2, 2)
    with pytest.raises(NoPathError):
        ctc_viterbi(peaked([2, 2]), [2, 2], [False, False], BLANK)


def test_word_without_spellable_characters_is_reported_not_timed():
    words, unaligned = align_emissions(peaked([2, 0, 4]), normalise("a 42 c", VOCAB), BLANK, 1,
                                       0.02)
    assert [w.label for w in words] == ["a", "c"]
    assert [(u.label, u.index) for u in unaligned] == [("42", 1)]
    assert "42" in unaligned[0].reason


FRENCH = CtcVocabulary({c: i + 2 for i, c in enumerate("abcdefghijklmnopqrstuvwxyzàâçéèêëîïôùûü'-")},
                       blank=BLANK, delimiter=1)
NO_ACCENTS = CtcVocabulary({c: i + 2 for i, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZ")},
                           blank=BLANK, delimiter=1)


def spelled(word, vocabulary):
    names = {i: c for c, i in vocabulary.ids.items()}
    names[vocabulary.delimiter] = "|"
    return "".join(names[t] for t in word.tokens)


def test_apostrophe_and_accents_are_kept_when_the_vocabulary_has_them():
    text = normalise("À l’aéroport", FRENCH)
    assert [w.label for w in text.words] == ["À", "l'aéroport"]
    assert [spelled(w, FRENCH) for w in text.words] == ["à", "l'aéroport"]
    assert not any(any(w.optional) for w in text.words)


def test_without_apostrophe_or_accents_they_become_optional_delimiters_and_base_letters():
    text = normalise("l'aéroport qu'est-ce", NO_ACCENTS)
    assert [spelled(w, NO_ACCENTS) for w in text.words] == ["L|AEROPORT", "QU|EST|CE"]
    assert text.words[0].optional == [False, True] + [False] * 8


def test_hyphen_is_a_letter_when_the_vocabulary_has_it():
    assert spelled(normalise("peut-être", FRENCH).words[0], FRENCH) == "peut-être"


def test_punctuation_is_dropped_and_case_follows_the_vocabulary():
    text = normalise("« Bonjour, Paris ! » — Cœur.", FRENCH)
    assert [w.label for w in text.words] == ["Bonjour", "Paris", "Cœur"]
    assert [spelled(w, FRENCH) for w in text.words] == ["bonjour", "paris", "coeur"]
    assert split_words("Oui... non?") == ["Oui", "non"]


def test_digits_and_unknown_characters_are_reported():
    text = normalise("12h30 a 5€ ж", FRENCH)
    assert [w.label for w in text.words] == ["12h30", "a", "5€", "ж"]
    assert spelled(text.words[0], FRENCH) == "h"
    assert [w.tokens for w in text.words[2:]] == [[], []]
    assert text.unknown_characters == "12305€ж"  # each once, in order of appearance


def test_digits_are_kept_when_the_vocabulary_has_them():
    digits = CtcVocabulary({c: i + 2 for i, c in enumerate("0123456789abc")}, BLANK, 1)
    assert spelled(normalise("21", digits).words[0], digits) == "21"


def brute_force_dtw_cost(cost):
    rows, cols = cost.shape
    total = np.full((rows + 1, cols + 1), np.inf)
    total[0, 0] = 0
    for i in range(1, rows + 1):
        for j in range(1, cols + 1):
            total[i, j] = cost[i - 1, j - 1] + min(total[i - 1, j - 1], total[i - 1, j],
                                                   total[i, j - 1])
    return total[rows, cols]


@pytest.mark.parametrize("shape", [(1, 1), (1, 5), (4, 1), (3, 7), (6, 4), (8, 20)])
def test_dtw_path_is_monotonic_and_as_cheap_as_brute_force(shape):
    cost = np.random.default_rng(sum(shape)).random(shape)
    rows, cols = dtw_path(cost)
    assert (rows[0], cols[0]) == (0, 0) and (rows[-1], cols[-1]) == (shape[0] - 1, shape[1] - 1)
    steps = set(zip(np.diff(rows), np.diff(cols), strict=True))
    assert steps <= {(1, 1), (1, 0), (0, 1)}
    assert cost[rows, cols].sum() == pytest.approx(brute_force_dtw_cost(cost))


def test_median_filter_removes_a_spike_and_keeps_a_step():
    x = np.array([[0, 0, 9, 0, 0, 1, 1, 1, 1]], dtype=float)
    assert median_filter(x, 3).tolist() == [[0, 0, 0, 0, 0, 1, 1, 1, 1]]


def test_long_token_sequences_backtrack_to_a_valid_path():
    rng = np.random.default_rng(1)
    tokens = [int(t) for t in rng.integers(1, 30, size=300)]
    log_probs = np.log(rng.dirichlet(np.ones(30), size=800))
    path = ctc_viterbi(log_probs, tokens, None, BLANK)
    labels = np.where(path.states % 2 == 1, np.asarray(tokens)[np.maximum(path.token_index(), 0)],
                      BLANK)
    assert collapse(labels) == tuple(tokens)
    assert log_probs[np.arange(800), labels].sum() == pytest.approx(path.score)


def scored(*spans):
    from analysis.autoalign.result import AutoAlignment, ScoredWord

    words = [ScoredWord(label, s, e, c, i) for i, (label, s, e, c) in enumerate(spans)]
    return AutoAlignment(words, [], 2.0, "ctc", "m", "test")


def test_alignment_replaces_the_word_tier_and_marks_low_confidence_words():
    from analysis.alignment import Interval, IntervalTier, PointTier, TextGrid
    from analysis.autoalign.grid import apply_alignment, next_review

    phones = IntervalTier("phones", (Interval(0, 2, "x"),), 0, 2)
    old_words = IntervalTier("words", (Interval(0, 2, "old"),), 0, 2)
    grid = TextGrid(0, 2, (phones, old_words))
    result = scored(("ils", 0.1, 0.3, 0.9), ("mangent", 0.3, 0.8, 0.2), ("des", 1.0, 1.2, 0.1))
    new = apply_alignment(grid, result, threshold=0.5)
    assert new.tier_names == ["phones", "words", "review"]
    assert [(i.start, i.end, i.label) for i in new.tiers[1].intervals] == [
        (0, 0.1, ""), (0.1, 0.3, "ils"), (0.3, 0.8, "mangent"), (0.8, 1.0, ""),
        (1.0, 1.2, "des"), (1.2, 2, "")]
    assert isinstance(new.tiers[2], PointTier)
    assert [p.mark for p in new.tiers[2].points] == ["check mangent (0.20)", "check des (0.10)"]
    assert next_review(new, None)[1] == (0.3, 0.8)
    assert next_review(new, 0.55)[1] == (1.0, 1.2)
    assert next_review(new, 1.1)[1] == (0.3, 0.8)  # wraps around
    confident = apply_alignment(new, scored(("ils", 0.1, 0.3, 0.9)), threshold=0.5)
    assert confident.tier_names == ["phones", "words"]  # stale review marks removed
    assert next_review(confident, None) is None


def test_alignment_adds_a_word_tier_to_a_grid_without_one():
    from analysis.alignment import TextGrid
    from analysis.autoalign.grid import apply_alignment

    new = apply_alignment(TextGrid(0, 2, ()), scored(("ils", 0.1, 0.3, 0.9)))
    assert new.tier_names == ["words"]
