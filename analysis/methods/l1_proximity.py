"""ALTI's proximity ||y_n||_1 - ||y_n - t_nm||_1 for every query row n and key m, exactly,
without building the rows x keys x d tensor of the vectors t_nm = sum_h w[h, n, m] v[h, m].

Per coordinate, with s = sign(y) (+1 at 0):  |y| - |y - t| = s t - 2 max(0, s t - |y|).
Summed over the coordinates, the first part is linear in t, so one matrix product gives it
for every pair: sum_h w[h, n, m] (v[h, m] . s_n). The correction is non-zero only where t
overshoots y (s t > |y|), and |t_d| <= bound[n, m] = sum_h w[h, n, m] max_d |v[h, m, d]|:
only the coordinates of row n with |y_nd| < bound[n, m] can overshoot. Each row's D smallest
|y| coordinates are evaluated for every key, and the pairs that need more coordinates are
evaluated in full; D minimises that work (D = d is the plain computation). Attention spreads
over many keys, so most pairs have a tiny bound and need few coordinates or none.
"""

from __future__ import annotations

BLOCK_ELEMENTS = 1 << 22  # elements of the largest temporary (16 MB in float32)


def proximities(weights, vectors, outputs):
    """[rows, keys]: ||y_n||_1 - ||y_n - t_nm||_1 (not clipped) for ``weights`` [heads, rows,
    keys], ``vectors`` [heads, d, keys] (coordinates before keys) and ``outputs`` y
    [rows, d], all of one dtype."""
    import torch

    rows, keys = weights.shape[1:]
    width = vectors.shape[1]
    signs = torch.where(outputs >= 0, 1.0, -1.0).to(outputs.dtype)  # [rows, d]
    linear = (weights * torch.matmul(signs, vectors)).sum(0)  # [rows, keys]
    magnitudes = outputs.abs()
    largest = vectors.abs().amax(1)  # [heads, keys]
    bound = (weights * largest.unsqueeze(1)).sum(0)  # [rows, keys]
    bound *= 1 + 1e-4  # rounding slack: t is summed in another order than its bound
    ordered, order = magnitudes.sort(-1)
    needed = torch.searchsorted(ordered, bound)  # coordinates per pair that can overshoot
    depth = _cheapest_depth(needed, width)
    overshoot = torch.zeros(rows, keys, dtype=outputs.dtype, device=outputs.device)
    if depth:
        _shallow(overshoot, weights, vectors, signs, magnitudes, order[:, :depth])
    deep = (needed > depth).nonzero()
    _deep(overshoot, weights, vectors, signs, magnitudes, deep[:, 0], deep[:, 1])
    return linear - 2 * overshoot


def _cheapest_depth(needed, width: int) -> int:
    """D minimising rows x keys x D (every pair at its D smallest |y| coordinates) + width x
    the pairs needing more than D."""
    import torch

    counts = torch.bincount(needed.flatten(), minlength=width + 1)
    deeper = needed.numel() - torch.cumsum(counts, 0)  # pairs needing more than D
    depths = torch.arange(width + 1, device=needed.device)
    cost = needed.numel() * depths + width * deeper
    return int(cost.argmin())


def _shallow(overshoot, weights, vectors, signs, magnitudes, coordinates):
    """overshoot[n, m] = sum over row n's ``coordinates`` [rows, D] of max(0, s t - |y|)."""
    heads, rows, keys = weights.shape
    depth = coordinates.shape[1]
    step = max(1, BLOCK_ELEMENTS // max(1, heads * keys * depth))  # picked: [h, r, D, K]
    for start in range(0, rows, step):
        part = slice(start, start + step)
        at = coordinates[part]  # [r, D]
        picked = vectors.index_select(1, at.flatten()).view(heads, *at.shape, keys)
        t = (picked * weights[:, part].unsqueeze(2)).sum(0)  # [r, D, keys]
        t.mul_(signs[part].gather(1, at).unsqueeze(-1))
        t.sub_(magnitudes[part].gather(1, at).unsqueeze(-1)).clamp_(min=0)
        overshoot[part] = t.sum(1)


def _deep(overshoot, weights, vectors, signs, magnitudes, rows_at, keys_at):
    """overshoot at the pairs (rows_at[i], keys_at[i]) over every coordinate."""
    heads, width, _ = vectors.shape
    step = max(1, BLOCK_ELEMENTS // max(1, heads * width))
    for start in range(0, len(rows_at), step):
        n, m = rows_at[start:start + step], keys_at[start:start + step]
        t = (weights[:, n, m].unsqueeze(1) * vectors.index_select(2, m)).sum(0).T  # [pairs, d]
        t.mul_(signs[n]).sub_(magnitudes[n]).clamp_(min=0)
        overshoot[n, m] = t.sum(-1)
