"""Attention: head-averaged attention probabilities, averaged over each word's frames
(encoder rows and columns, cross columns) or taken per token (decoder)."""

from __future__ import annotations

from analysis.methods.base import LayerView, Method, group_matrix, union_positions


def layer_scores(view: LayerView):
    import torch

    probs = view.probs
    keys = probs.shape[-1]
    positions = union_positions(view.row_groups)  # only the rows that are averaged
    mean = view.probs_at(positions).to(torch.float64).mean(dim=0)  # [P, keys]
    rows = group_matrix(view.row_groups, len(positions), torch, torch.float64, probs.device,
                        positions=positions)
    cols = group_matrix(view.col_groups, keys, torch, torch.float64, probs.device).T
    return (rows @ (mean @ cols)).cpu().numpy()


METHOD = Method("attention", "Attention", layer_scores, needs_values=False)
