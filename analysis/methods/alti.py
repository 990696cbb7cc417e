"""ALTI (Ferrando et al. 2022) and ALTI+ for cross-attention (Ferrando et al. 2022b).

The attention block's output at query n is decomposed into one vector per input position
(see README, "ALTI decomposition"). Pre-layer-norm block (Whisper, XLSR):
    y_n = x_n + sum_m T_n(m) + b_O,   T_n(m) = sum_h A[h, n, m] (LN(x_m) W_V^h + b_V^h) W_O^h,
the term of position m being T_n(m) (+ x_n when m = n, the residual). Post-layer-norm block
(wav2vec2/HuBERT base): y_n = LN(z_n) with z_n the pre-LN sum above; LN(z) = g * (z -
mean(z)) / s(z_n) + beta is linear in each term once s(z_n) (the standard deviation of the
whole sum) is fixed, so term m becomes g * (t - mean(t)) / s(z_n) and b_O, beta form the
bias term. Cross-attention (ALTI+): the keys are encoder frames and the residual x_n (the
decoder stream) is a term of its own, not a column.
Contribution c[n, m] = max(0, ||y_n||_1 - ||y_n - term_m||_1), normalised per row over every
term (all keys, plus the residual for cross), then pooled like Attention.
"""

from __future__ import annotations

from analysis.methods.base import LayerView, Method, union_positions
from analysis.methods.contributions import (
    head_outputs,
    pooled,
    row_blocks,
    weighted_vectors,
    working_dtype,
)


def decomposition(view: LayerView, rows_at, vectors=None, probs=None):
    """(terms [rows, keys, d], residual [rows, d] or None, bias [rows, d], output [rows, d])
    for query positions ``rows_at``: terms.sum(1) (+ residual) + bias == output. For self-
    attention the residual is already inside terms (at m = n) and None is returned."""
    import torch

    dtype = working_dtype(view)
    vectors = head_outputs(view) if vectors is None else vectors
    probs = view.probs_at(rows_at) if probs is None else probs
    index = torch.tensor(rows_at, device=vectors.device)
    residual = view.residual.index_select(0, index).to(dtype)
    terms = weighted_vectors(probs, vectors)  # [rows, keys, d]
    cross = view.component == "cross"
    if not cross:
        terms[torch.arange(len(rows_at)), index] += residual
    bias = view.out_proj.bias.to(dtype).expand_as(residual)
    summed = terms.sum(1) + bias + (residual if cross else 0)
    norm = view.post_norm
    if norm is None:
        return terms, residual if cross else None, bias, summed
    scale = norm.weight.to(dtype) / torch.sqrt(summed.var(-1, unbiased=False, keepdim=True)
                                                + norm.eps)  # [rows, d]

    def linear(t):
        return (t - t.mean(-1, keepdim=True)) * scale.unsqueeze(-2) if t.dim() == 3 else \
            (t - t.mean(-1, keepdim=True)) * scale

    output = norm(summed.to(norm.weight.dtype)).to(dtype)
    return (linear(terms), linear(residual) if cross else None,
            linear(bias) + norm.bias.to(dtype), output)


def contributions(view: LayerView, rows_at, keys_at):
    """[rows, len(keys_at)] ALTI contributions (normalised per row over every term)."""
    import torch

    vectors = head_outputs(view)
    probs = view.probs_at(rows_at)
    keys = torch.tensor(keys_at, device=vectors.device)
    result = torch.empty(len(rows_at), len(keys_at), dtype=torch.float64, device=vectors.device)
    for start, stop in row_blocks(len(rows_at), vectors.shape[1], vectors.shape[-1]):
        view.check_cancel()
        terms, residual, _, output = decomposition(view, rows_at[start:stop], vectors,
                                                   probs[:, start:stop])
        if residual is not None:
            terms = torch.cat([terms, residual.unsqueeze(1)], dim=1)
        size = output.abs().sum(-1, keepdim=True)
        proximity = (size - (output.unsqueeze(1) - terms).abs().sum(-1)).clamp(min=0)
        total = proximity.sum(-1, keepdim=True)
        shares = torch.where(total > 0, proximity / torch.where(total > 0, total, 1), 0)
        result[start:stop] = shares.index_select(1, keys).to(torch.float64)
    return result


def layer_scores(view: LayerView):
    rows_at = union_positions(view.row_groups)
    keys_at = union_positions(view.col_groups)
    return pooled(view, contributions(view, rows_at, keys_at), rows_at, keys_at)


METHOD = Method("alti", "ALTI", layer_scores, needs_values=True,
                cost="the forward pass + rows x every key x d per layer, no extra pass")
