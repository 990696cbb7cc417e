"""What each key position adds to an attention block's output, shared by Attention-norm and
ALTI: the value vector of key m (bias included) through head h's slice of the output
projection, u_h(m) = v_h(m) W_O^h, so that the block adds T[n, m] = sum_h A[h, n, m] u_h(m).
Neither method builds the rows x keys x d tensor of every T[n, m]."""

from __future__ import annotations

from analysis.methods.base import LayerView

_HEAD_OUTPUTS = "head_outputs"  # LayerView.shared key: [heads, every key, d]


def working_dtype(view: LayerView):
    import torch

    return torch.float64 if view.values.dtype == torch.float64 else torch.float32


def head_outputs(view: LayerView, keys=None):
    """[heads, d, keys] (coordinates before keys): each key's value vector through its head's
    slice of out_proj. Every key's are computed once per layer and shared by the methods
    (``view.shared``); a small subset alone is computed when nothing else needs them all."""
    import torch

    every = view.shared.get(_HEAD_OUTPUTS)
    total = view.values.shape[1]
    if every is None and (keys is None or 4 * len(keys) >= total):  # many keys: all, shared
        every = view.shared[_HEAD_OUTPUTS] = _project(view, view.values)
    if every is not None:
        return every if keys is None else every.index_select(
            2, torch.tensor(keys, device=every.device))
    return _project(view, view.values[:, keys])


def _project(view: LayerView, values):
    import torch

    heads, _, head_dim = values.shape
    weight = view.out_proj.weight  # [d, heads * head_dim]
    per_head = weight.reshape(weight.shape[0], heads, head_dim).transpose(0, 1)  # [h, d, hd]
    dtype = working_dtype(view)
    return torch.bmm(per_head.to(dtype), values.transpose(1, 2).to(dtype))


def pooled(view: LayerView, matrix, rows_at, keys_at):
    """[row groups, col groups] means of a [len(rows_at), len(keys_at)] position matrix over
    each group's positions (as Attention pools), as numpy."""
    import torch

    from analysis.methods.base import group_matrix

    rows = group_matrix(view.row_groups, len(rows_at), torch, torch.float64, matrix.device,
                        positions=rows_at)
    cols = group_matrix(view.col_groups, len(keys_at), torch, torch.float64, matrix.device,
                        positions=keys_at).T
    return (rows @ matrix.to(torch.float64) @ cols).cpu().numpy()


def weighted_vectors(probs, vectors):
    """[rows, keys, d] = sum_h probs[h, rows, keys] * vectors[h, :, keys], materialised (for
    checks on small inputs; the methods never build it)."""
    probs = probs.to(vectors.dtype)
    vectors = vectors.transpose(1, 2)
    result = probs[0].unsqueeze(-1) * vectors[0].unsqueeze(0)
    for head in range(1, len(vectors)):
        result.addcmul_(probs[head].unsqueeze(-1), vectors[head].unsqueeze(0))
    return result
