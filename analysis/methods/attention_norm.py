"""Attention-norm (Kobayashi et al. 2020): N[n, m] = || sum_h A[h, n, m] (x_m W_V^h + b_V^h)
W_O^h ||, pooled like Attention (mean over the frames of the row word and of the column
word; per token on the decoder side)."""

from __future__ import annotations

from analysis.methods.base import LayerView, Method, union_positions
from analysis.methods.contributions import head_outputs, pooled, row_blocks, weighted_vectors


def layer_scores(view: LayerView):
    import torch

    rows_at = union_positions(view.row_groups)
    keys_at = union_positions(view.col_groups)
    vectors = head_outputs(view, keys_at)  # [heads, K, d]
    index = torch.tensor(keys_at, device=vectors.device)
    probs = view.probs_at(rows_at).index_select(2, index)  # [heads, P, K]
    norms = torch.empty(len(rows_at), len(keys_at), dtype=torch.float64, device=vectors.device)
    for start, stop in row_blocks(len(rows_at), len(keys_at), vectors.shape[-1]):
        view.check_cancel()
        block = weighted_vectors(probs[:, start:stop], vectors)
        norms[start:stop] = torch.linalg.vector_norm(block, dim=-1).to(torch.float64)
    return pooled(view, norms, rows_at, keys_at)


METHOD = Method("attention_norm", "Attention-norm", layer_scores, needs_values=True,
                cost="the forward pass + rows x keys x d per layer, no extra pass")
