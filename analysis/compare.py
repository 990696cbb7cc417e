"""Compare two ScoreSets word by word: a minimal pair ("ils mangent" vs "il mange"), trained
vs random-init weights, model A vs model B.

Token rows and columns differ between the two (different words, tokenizers or prefixes), so
both are first brought to the word level, the paper's convention for the cue contribution
(analysis.cue): a word's row is the mean over its token rows, a word's column the sum over
its token columns, and each row is renormalised over the columns that belong to a word
(Whisper's prefix and punctuation soak up attention that is no word's). For the encoder
(words already) this changes nothing. Words are then paired by position, which needs the
same number of words on both sides; the difference is A − B, cell for cell."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from analysis.errors import MixScopeError
from analysis.token_labels import word_tokens


@dataclass(frozen=True)
class Comparison:
    """Per (component, method) [layers, words, words] arrays of A, B and A − B."""

    words: list[str]  # "ils/il" where the two differ, else the word
    a: dict[tuple[str, str], np.ndarray]
    b: dict[tuple[str, str], np.ndarray]
    names: tuple[str, str]  # what A and B are (e.g. file names)

    def difference(self, component: str, method: str) -> np.ndarray:
        return self.a[(component, method)] - self.b[(component, method)]

    def keys(self) -> list[tuple[str, str]]:
        return list(self.a)


def word_positions(scores, component: str, axis: str) -> list[list[int]]:
    """For each word of ``scores``, its row (``axis="row"``) or column indices."""
    words = [w.label for w in scores.words]
    token_axis = component == "decoder" or (component == "cross" and axis == "row")
    if not token_axis:
        return [[i] for i in range(len(words))]
    labels = scores.row_labels[component] if axis == "row" else scores.col_labels[component]
    return word_tokens(labels, words)


def word_level(scores, component: str, method: str) -> np.ndarray:
    """[layers, words, words]: ``scores``' normalised matrix brought to words (see above);
    NaN for a word whose tokens cannot be found."""
    matrix = np.asarray(scores.get(component, method), dtype=np.float64)
    rows = word_positions(scores, component, "row")
    cols = word_positions(scores, component, "col")
    word_cols = sorted({c for spots in cols for c in spots})
    totals = matrix[:, :, word_cols].sum(axis=2) if word_cols else np.zeros(matrix.shape[:2])
    shares = np.divide(matrix, totals[:, :, None], out=np.zeros_like(matrix),
                       where=totals[:, :, None] > 0)
    layers, n = matrix.shape[0], len(scores.words)
    result = np.full((layers, n, n), np.nan)
    for i, row_spots in enumerate(rows):
        if not row_spots:
            continue
        for j, col_spots in enumerate(cols):
            if col_spots:
                result[:, i, j] = shares[:, row_spots][:, :, col_spots].sum(axis=2).mean(axis=1)
    return result


def compare(a, b, names: tuple[str, str] = ("A", "B")) -> Comparison:
    """``a`` and ``b`` at the word level, for the components and methods both have."""
    if len(a.words) != len(b.words):
        raise MixScopeError(
            f"cannot compare word by word: {names[0]} has {len(a.words)} words "
            f"({' '.join(w.label for w in a.words)}), {names[1]} has {len(b.words)} "
            f"({' '.join(w.label for w in b.words)})")
    keys = [(c, m) for c in a.components() if c in b.components()
            for m in a.methods(c) if m in b.methods(c)]
    if not keys:
        raise MixScopeError(f"{names[0]} and {names[1]} share no component and method")
    for component, method in keys:
        layers = (a.get(component, method).shape[0], b.get(component, method).shape[0])
        if layers[0] != layers[1]:
            raise MixScopeError(f"cannot compare the {component}: {names[0]} has {layers[0]} "
                                f"layers, {names[1]} {layers[1]}")
    words = [wa.label if wa.label.lower() == wb.label.lower() else f"{wa.label}/{wb.label}"
             for wa, wb in zip(a.words, b.words, strict=True)]
    return Comparison(words=words,
                      a={k: word_level(a, *k) for k in keys},
                      b={k: word_level(b, *k) for k in keys},
                      names=names)
