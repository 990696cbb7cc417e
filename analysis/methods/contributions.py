"""What each key position adds to an attention block's output, shared by Attention-norm and
ALTI: the value vector of key m (bias included) through head h's slice of the output
projection, weighted by the attention probability, T[n, m] = sum_h A[h, n, m] v_h(m) W_O^h.
Computed in blocks of query rows so that no rows x keys x d tensor larger than
``BLOCK_ELEMENTS`` exists."""

from __future__ import annotations

from analysis.methods.base import LayerView

BLOCK_ELEMENTS = 1 << 22  # rows x keys x d per block (16 MB in float32)


def working_dtype(view: LayerView):
    import torch

    return torch.float64 if view.values.dtype == torch.float64 else torch.float32


def head_outputs(view: LayerView, keys=None):
    """[heads, keys, d]: each key's value vector through its head's slice of out_proj."""
    import torch

    values = view.values if keys is None else view.values[:, keys]
    heads, _, head_dim = values.shape
    weight = view.out_proj.weight  # [d, heads * head_dim]
    per_head = weight.reshape(weight.shape[0], heads, head_dim).permute(1, 2, 0)
    dtype = working_dtype(view)
    return torch.bmm(values.to(dtype), per_head.to(dtype))


def pooled(view: LayerView, matrix, rows_at, keys_at):
    """[row groups, col groups] means of a [len(rows_at), len(keys_at)] position matrix over
    each group's positions (as Attention pools), as numpy."""
    import torch

    from analysis.methods.base import group_matrix

    rows = group_matrix(view.row_groups, len(rows_at), torch, torch.float64, matrix.device,
                        positions=rows_at)
    cols = group_matrix(view.col_groups, len(keys_at), torch, torch.float64, matrix.device,
                        positions=keys_at).T
    return (rows @ matrix @ cols).cpu().numpy()


def row_blocks(num_rows: int, num_keys: int, width: int):
    """(start, stop) blocks of query rows within the element budget."""
    step = max(1, BLOCK_ELEMENTS // max(1, num_keys * width))
    for start in range(0, num_rows, step):
        yield start, min(num_rows, start + step)


def weighted_vectors(probs, vectors):
    """[rows, keys, d] = sum_h probs[h, rows, keys] * vectors[h, keys, d]. A multiply-add
    per head: einsum would run it as keys x (rows x heads @ heads x d) matrix products,
    ten times slower on CPU."""
    probs = probs.to(vectors.dtype)
    result = probs[0].unsqueeze(-1) * vectors[0].unsqueeze(0)
    for head in range(1, len(vectors)):
        result.addcmul_(probs[head].unsqueeze(-1), vectors[head].unsqueeze(0))
    return result
