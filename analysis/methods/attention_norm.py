"""Attention-norm (Kobayashi et al. 2020): N[n, m] = || sum_h A[h, n, m] (x_m W_V^h + b_V^h)
W_O^h ||, pooled like Attention (mean over the frames of the row word and of the column
word; per token on the decoder side).

With u_h(m) the head outputs and G[m] = [u_h(m) . u_g(m)]_{h,g} their Gram matrix,
N[n, m]^2 = a^T G[m] a for a = A[:, n, m]: heads^2 per pair instead of heads x d, in float64
(the quadratic form is a sum of signed products)."""

from __future__ import annotations

from analysis.methods.base import LayerView, Method, union_positions
from analysis.methods.contributions import head_outputs, pooled

BLOCK_ELEMENTS = 1 << 21  # keys x rows x heads per block (16 MB in float64)


def layer_scores(view: LayerView):
    import torch

    rows_at = union_positions(view.row_groups)
    keys_at = union_positions(view.col_groups)
    vectors = head_outputs(view, keys_at).to(torch.float64).permute(2, 0, 1).contiguous()
    # [K, heads, d], contiguous: bmm on the permuted strides is a hundred times slower
    gram = torch.bmm(vectors, vectors.transpose(1, 2))  # [K, heads, heads]
    index = torch.tensor(keys_at, device=vectors.device)
    probs = view.probs_at(rows_at).index_select(2, index)  # [heads, P, K]
    norms = torch.empty(len(keys_at), len(rows_at), dtype=torch.float64, device=vectors.device)
    heads = gram.shape[-1]
    step = max(1, BLOCK_ELEMENTS // max(1, len(rows_at) * heads))
    for start in range(0, len(keys_at), step):
        view.check_cancel()
        weights = probs[:, :, start:start + step].permute(2, 1, 0).to(torch.float64)
        squared = (torch.bmm(weights, gram[start:start + step]) * weights).sum(-1)
        norms[start:start + step] = squared.clamp(min=0).sqrt()
    return pooled(view, norms.T, rows_at, keys_at)


METHOD = Method("attention_norm", "Attention-norm", layer_scores, needs_values=True,
                cost="the forward pass + rows x keys x heads^2 per layer, no extra pass")
