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

from dataclasses import dataclass
from typing import Any

from analysis.methods.base import LayerView, Method, union_positions
from analysis.methods.contributions import head_outputs, pooled, weighted_vectors, working_dtype
from analysis.methods.l1_proximity import proximities

ROW_BLOCK_ELEMENTS = 1 << 22  # heads x rows x keys per block of query rows


@dataclass
class BlockTerms:
    """The block output at some query rows as linear pieces (the layer norm, if any, already
    applied to each): term of key m at row n = sum_h weights[h, n, m] vectors[h, :, m], plus
    ``residual[n]`` at m = n for self-attention (for cross it is a term of its own);
    sum of the terms + residual + ``bias`` == ``output``."""

    weights: Any  # [heads, rows, keys]
    vectors: Any  # [heads, d, keys]
    residual: Any  # [rows, d]
    bias: Any  # [rows, d]
    output: Any  # [rows, d]
    cross: bool


def block_terms(view: LayerView, rows_at) -> BlockTerms:
    import torch

    dtype = working_dtype(view)
    index = torch.tensor(rows_at, device=view.residual.device)
    residual = view.residual.index_select(0, index)
    summed = residual + view.out_proj(view.attn_output.index_select(0, index))  # z_n
    weights = view.probs_at(rows_at).to(dtype)
    vectors, residual, summed = head_outputs(view), residual.to(dtype), summed.to(dtype)
    bias = view.out_proj.bias.to(dtype).expand_as(residual)
    norm = view.post_norm
    cross = view.component == "cross"
    if norm is None:
        return BlockTerms(weights, vectors, residual, bias, summed, cross)
    gamma = norm.weight.to(dtype)
    spread = torch.sqrt(summed.var(-1, unbiased=False, keepdim=True) + norm.eps)  # [rows, 1]

    def centred(t, dim=-1):
        return t - t.mean(dim, keepdim=True)

    return BlockTerms(weights / spread.T.unsqueeze(-1), centred(vectors, 1) * gamma[:, None],
                      centred(residual) * gamma / spread,
                      centred(bias) * gamma / spread + norm.bias.to(dtype),
                      norm(summed.to(norm.weight.dtype)).to(dtype), cross)


def decomposition(view: LayerView, rows_at):
    """(terms [rows, keys, d], residual [rows, d] or None, bias [rows, d], output [rows, d]),
    materialised for checks: terms.sum(1) (+ residual) + bias == output. For self-attention
    the residual is inside terms (at m = n) and None is returned."""
    import torch

    pieces = block_terms(view, rows_at)
    terms = weighted_vectors(pieces.weights, pieces.vectors)
    if pieces.cross:
        return terms, pieces.residual, pieces.bias, pieces.output
    terms[torch.arange(len(rows_at)), torch.tensor(rows_at)] += pieces.residual
    return terms, None, pieces.bias, pieces.output


def contributions(view: LayerView, rows_at, keys_at):
    """[rows, len(keys_at)] ALTI contributions (normalised per row over every term)."""
    import torch

    heads, _, keys = view.probs.shape
    keys_index = torch.tensor(keys_at, device=view.probs.device)
    result = torch.empty(len(rows_at), len(keys_at), dtype=torch.float64,
                         device=view.probs.device)
    step = max(1, ROW_BLOCK_ELEMENTS // max(1, heads * keys))
    for start in range(0, len(rows_at), step):
        view.check_cancel()
        block = rows_at[start:start + step]
        pieces = block_terms(view, block)
        proximity = proximities(pieces.weights, pieces.vectors, pieces.output)
        own = _with_residual(pieces, block)  # the term holding the residual, [rows, d]
        size = pieces.output.abs().sum(-1)
        own_proximity = size - (pieces.output - own).abs().sum(-1)
        if pieces.cross:
            proximity = torch.cat([proximity, own_proximity.unsqueeze(1)], dim=1)
        else:
            proximity[torch.arange(len(block)), torch.tensor(block)] = own_proximity
        proximity = proximity.clamp(min=0)
        total = proximity.sum(-1, keepdim=True)
        shares = torch.where(total > 0, proximity / torch.where(total > 0, total, 1), 0)
        result[start:start + step] = shares.index_select(1, keys_index).to(torch.float64)
    return result


def _with_residual(pieces: BlockTerms, rows_at):
    """Self-attention: the term of each row's own position, T_n(n) + residual; cross: the
    residual term alone."""
    import torch

    if pieces.cross:
        return pieces.residual
    own = torch.tensor(rows_at, device=pieces.weights.device)
    weights = pieces.weights[:, torch.arange(len(rows_at)), own]  # [heads, rows]
    return (weights.unsqueeze(1) * pieces.vectors.index_select(2, own)).sum(0).T + pieces.residual


def layer_scores(view: LayerView):
    rows_at = union_positions(view.row_groups)
    keys_at = union_positions(view.col_groups)
    return pooled(view, contributions(view, rows_at, keys_at), rows_at, keys_at)


METHOD = Method("alti", "ALTI", layer_scores, needs_values=True,
                cost="the forward pass + about rows x keys x heads per layer, no extra pass")
