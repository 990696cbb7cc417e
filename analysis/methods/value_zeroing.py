"""Value Zeroing (Mohebbi et al., EACL 2023) with the exactness shortcut of METHODS.md.

Zeroing the values of key group j leaves the attention probabilities unchanged, so the
perturbed attention output is the original minus sum over m in j of A[h, n, m] V[h, m];
the rest of the layer is position-wise, so only the positions whose distance is needed are
recomputed, for all zeroed groups at once (in chunks that bound the memory).
"""

from __future__ import annotations

from analysis.methods.base import LayerView, Method, group_matrix, union_positions

MAX_ROWS = 2048  # zeroed groups x positions recomputed per batch


def layer_scores(view: LayerView):
    import torch

    probs, values = view.probs, view.values
    heads, _, head_dim = values.shape
    positions = union_positions(view.row_groups)
    index = torch.tensor(positions, device=probs.device)
    probs_p = view.probs_at(positions)  # [heads, P, keys]
    residual = view.residual.index_select(0, index)  # [P, d]
    attn_output = view.attn_output.index_select(0, index)  # [P, d]

    def finish(hidden):
        hidden = view.tail(residual.expand_as(hidden), hidden)
        return view.final_norm(hidden) if view.final_norm is not None else hidden

    exact = torch.float64 if probs.dtype == torch.float64 else torch.float32
    if view.layer_output is not None:  # what the forward pass produced: no recomputation
        original = view.layer_output.index_select(0, index).unsqueeze(0)
        if view.final_norm is not None:
            original = view.final_norm(original)
    else:
        original = finish(attn_output.unsqueeze(0))
    original = original.to(exact)  # [1, P, d]
    groups = view.col_groups
    distances = torch.empty(len(groups), len(positions), dtype=exact, device=probs.device)
    step = max(1, MAX_ROWS // max(1, len(positions)))
    for start in range(0, len(groups), step):
        view.check_cancel()
        chunk = groups[start:start + step]
        removed = torch.stack([
            torch.einsum("hpk,hkd->phd", probs_p[:, :, first:last + 1],
                         values[:, first:last + 1]).reshape(len(positions), heads * head_dim)
            for first, last in chunk
        ])
        perturbed = finish(attn_output.unsqueeze(0) - removed).to(exact)
        similarity = torch.nn.functional.cosine_similarity(perturbed, original, dim=-1)
        distances[start:start + len(chunk)] = 1.0 - similarity
    rows = group_matrix(view.row_groups, len(positions), torch, torch.float64, probs.device,
                        positions=positions)
    scores = rows @ distances.to(torch.float64).T  # [row groups, col groups]
    if view.causal:
        scores = torch.tril(scores)
    return scores.cpu().numpy()


METHOD = Method("value_zeroing", "Value Zeroing", layer_scores, needs_values=True)
