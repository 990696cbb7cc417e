"""Dynamic time warping and the median filter Whisper's word timing uses (numpy only).

The DTW recursion ``D[i, j] = C[i, j] + min(D[i-1, j-1], D[i-1, j], D[i, j-1])`` is computed a
row at a time: with ``M[j] = C[i, j] + min(D[i-1, j-1], D[i-1, j])`` and ``S`` the running sum
of row i's costs, ``D[i, j] = S[j] + min_{k<=j}(M[k] - S[k])`` — a prefix minimum, so each
row is vectorised and only the row loop is Python.
"""

from __future__ import annotations

import numpy as np

DIAGONAL, UP, LEFT = 0, 1, 2


def dtw_path(cost: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The monotonic path from (0, 0) to (rows-1, cols-1) with the least total cost, as
    (row indices, column indices)."""
    cost = np.asarray(cost, dtype=np.float64)
    rows, cols = cost.shape
    total = np.full((rows, cols), np.inf)
    move = np.zeros((rows, cols), dtype=np.int8)
    previous = np.full(cols, np.inf)
    for i in range(rows):
        if i == 0:
            enter, enter_move = np.full(cols, np.inf), np.full(cols, UP, np.int8)
            enter[0] = 0.0
        else:
            diagonal = np.concatenate(([np.inf], previous[:-1]))
            enter = np.minimum(diagonal, previous)
            enter_move = np.where(diagonal <= previous, DIAGONAL, UP).astype(np.int8)
        m = cost[i] + enter
        running = np.cumsum(cost[i])
        shifted = m - running
        best = np.minimum.accumulate(shifted)
        row = running + best
        from_left = np.concatenate(([False], shifted[1:] > best[1:]))
        total[i] = row
        move[i] = np.where(from_left, LEFT, enter_move)
        previous = row
    i, j = rows - 1, cols - 1
    path_rows, path_cols = [i], [j]
    while i > 0 or j > 0:
        step = move[i, j]
        if step == DIAGONAL:
            i, j = i - 1, j - 1
        elif step == UP:
            i -= 1
        else:
            j -= 1
        path_rows.append(i)
        path_cols.append(j)
    return np.array(path_rows[::-1]), np.array(path_cols[::-1])


def median_filter(x: np.ndarray, width: int) -> np.ndarray:
    """Median over the last axis in windows of odd ``width``, edges padded by reflection."""
    if width <= 1 or x.shape[-1] < 2:
        return x
    pad = width // 2
    if x.shape[-1] <= pad:
        return x
    padded = np.pad(x, [(0, 0)] * (x.ndim - 1) + [(pad, pad)], mode="reflect")
    windows = np.lib.stride_tricks.sliding_window_view(padded, width, axis=-1)
    return np.median(windows, axis=-1)
