"""Eager attention computed in blocks of query rows, returning the probabilities of only the
rows a score needs.

Eager attention materialises every head's frames x frames probabilities, and its softmax
makes a second copy: for a Whisper encoder layer (1500 frames) that is 2-3 arrays of
heads x 9 MB at once, the largest part of scoring's memory. The scores only read the rows of
frames inside words (attention and Value Zeroing average over a word's frames), so this
implementation runs the same arithmetic as transformers' ``eager_attention_forward`` (scale,
add mask, softmax, multiply by the values) on blocks of query rows and keeps the
probabilities of the rows listed on the module (``keep_rows``); other modules keep all rows.
"""

from __future__ import annotations

from contextlib import contextmanager

NAME = "mixscope_row_blocks"
BLOCK_ELEMENTS = 1 << 18  # batch x heads x rows x keys scores per block (1 MB in float32)
_KEEP_ATTRIBUTE = "_mixscope_keep_rows"


def row_block_attention(module, query, key, value, attention_mask, scaling=None, dropout=0.0,
                        **kwargs):
    """Same signature and results as transformers' eager attention ([batch, heads, q, d]
    inputs; returns the output [batch, q, heads, d] and the probabilities), except that the
    probabilities hold only ``module._mixscope_keep_rows`` when that is set."""
    import torch

    if scaling is None:
        scaling = query.size(-1) ** -0.5
    batch, heads, queries, _ = query.shape
    keys = key.shape[-2]
    keep = getattr(module, _KEEP_ATTRIBUTE, None)
    kept_rows = list(range(queries)) if keep is None else keep
    probs = query.new_empty(batch, heads, len(kept_rows), keys)
    output = query.new_empty(batch, heads, queries, value.shape[-1])
    step = max(1, BLOCK_ELEMENTS // max(1, batch * heads * keys))
    lookup = _blocks_of(kept_rows, queries, step)
    key_t = key.transpose(2, 3)
    for start in range(0, queries, step):
        stop = min(queries, start + step)
        weights = torch.matmul(query[:, :, start:stop], key_t) * scaling
        if attention_mask is not None:
            mask = attention_mask if attention_mask.shape[-2] == 1 else \
                attention_mask[..., start:stop, :]
            weights = weights + mask
        weights = torch.nn.functional.softmax(weights, dim=-1)
        weights = torch.nn.functional.dropout(weights, p=dropout, training=module.training)
        output[:, :, start:stop] = torch.matmul(weights, value)
        targets, sources = lookup.get(start, ((), ()))
        if targets:
            probs[:, :, list(targets)] = weights[:, :, list(sources)]
    return output.transpose(1, 2).contiguous(), probs


def _blocks_of(rows, queries, step):
    """block start -> (indices into ``rows``, row offsets within the block)."""
    blocks: dict[int, tuple[list[int], list[int]]] = {}
    for target, row in enumerate(rows):
        if not 0 <= row < queries:
            raise ValueError(f"attention row {row} is outside 0..{queries - 1}")
        start = row - row % step
        targets, sources = blocks.setdefault(start, ([], []))
        targets.append(target)
        sources.append(row - start)
    return blocks


def _register() -> None:
    from transformers import AttentionInterface
    from transformers.masking_utils import ALL_MASK_ATTENTION_FUNCTIONS

    AttentionInterface.register(NAME, row_block_attention)
    ALL_MASK_ATTENTION_FUNCTIONS.register(NAME, ALL_MASK_ATTENTION_FUNCTIONS["eager"])


@contextmanager
def row_block_attention_for(model, keep_rows: dict):
    """Within the block, ``model`` (loaded with eager attention) runs ``row_block_attention``;
    ``keep_rows`` maps attention modules to the sorted query rows whose probabilities they
    return. The caller holds the model's lock: the switch is visible to every thread."""
    _register()
    config = model.config
    previous = config._attn_implementation
    for module, rows in keep_rows.items():
        setattr(module, _KEEP_ATTRIBUTE, list(rows))
    config._attn_implementation = NAME
    try:
        yield
    finally:
        config._attn_implementation = previous
        for module in keep_rows:
            if hasattr(module, _KEEP_ATTRIBUTE):
                delattr(module, _KEEP_ATTRIBUTE)
