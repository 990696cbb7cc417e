"""Attention: head-averaged attention probabilities, averaged over each word's frames
(encoder rows and columns, cross columns) or taken per token (decoder)."""

from __future__ import annotations

from analysis.methods.base import LayerView, Method, group_matrix


def layer_scores(view: LayerView):
    import torch

    probs = view.probs
    queries, keys = probs.shape[-2:]
    dtype = torch.float64
    rows = group_matrix(view.row_groups, queries, torch, dtype, probs.device)
    cols = group_matrix(view.col_groups, keys, torch, dtype, probs.device).T
    mean = probs.mean(dim=0, dtype=torch.float64) if probs.dtype != torch.float64 else probs.mean(0)
    return (rows @ (mean @ cols)).cpu().numpy()


METHOD = Method("attention", "Attention", layer_scores, needs_values=False)
