"""Faithfulness (METHODS.md): which measure to believe. For one target word, each measure's
word importances on the target's row(s) are compared with word occlusion's (the model's own
verdict) by Spearman rank correlation over the words other than the target, per layer and
for each rollout.

Word importances of the target row: encoder, the target word's row (columns are words);
cross, the mean of the target's token rows; decoder, the mean of the target's token rows with
each word's input-token columns summed (its share of the row). Occlusion's are its signed raw
drops on the same rows (cross for Whisper, encoder for CTC models).
"""

from __future__ import annotations

import numpy as np

from analysis.methods.rollout import base_method
from analysis.token_labels import word_tokens

REFERENCE = "occlusion"
ROLE = "faithfulness"  # target_role of the faithfulness rows of batch results and curves


def spearman(a, b) -> float:
    """Spearman rank correlation (average ranks for ties); NaN when either is constant."""
    import pandas as pd

    ranks_a = pd.Series(np.asarray(a, dtype=np.float64)).rank().to_numpy()
    ranks_b = pd.Series(np.asarray(b, dtype=np.float64)).rank().to_numpy()
    if len(ranks_a) < 2 or ranks_a.std() == 0 or ranks_b.std() == 0:
        return float("nan")
    return float(np.corrcoef(ranks_a, ranks_b)[0, 1])


def _target_rows(scoreset, component: str, target: int) -> list[int]:
    if component == "encoder":
        return [target]
    words = [w.label for w in scoreset.words]
    return word_tokens(scoreset.row_labels[component], words)[target]


def word_importances(scoreset, component: str, method: str, target: int,
                     raw: bool = False) -> np.ndarray | None:
    """[layers, words]: the target row's importance of each word (None when the target's
    rows cannot be found, e.g. the decoder did not spell it)."""
    rows = _target_rows(scoreset, component, target)
    if not rows:
        return None
    matrix = np.asarray(scoreset.get(component, method, raw=raw), dtype=np.float64)
    row = matrix[:, rows, :].mean(axis=1)  # [layers, cols]
    if component != "decoder":
        return row
    words = [w.label for w in scoreset.words]
    columns = word_tokens(scoreset.col_labels[component], words)
    return np.stack([row[:, cols].sum(axis=1) if cols else np.full(len(row), np.nan)
                     for cols in columns], axis=1)


def reference_importances(scoreset, target: int) -> np.ndarray | None:
    """[words]: occlusion's signed drops on the target's row(s), or None without occlusion."""
    for component in ("cross", "encoder"):
        if REFERENCE in scoreset.methods(component):
            values = word_importances(scoreset, component, REFERENCE, target, raw=True)
            return None if values is None else values[0]
    return None


def faithfulness(scoreset, target: int) -> dict[str, np.ndarray]:
    """``{"{component}.{method}": [layers] Spearman correlations}`` of every score but
    occlusion itself, over the words other than ``target``; empty without occlusion."""
    reference = reference_importances(scoreset, target)
    if reference is None:
        return {}
    others = [j for j in range(len(reference)) if j != target]
    result = {}
    for component in scoreset.components():
        for method in scoreset.methods(component):
            if base_method(method) == REFERENCE:
                continue
            values = word_importances(scoreset, component, method, target)
            if values is None:
                continue
            result[f"{component}.{method}"] = np.array(
                [spearman(layer[others], reference[others]) for layer in values])
    return result
