"""Activation checkpointing per Transformer layer for gradient passes in eval mode.

Hugging Face's gradient checkpointing only acts in training mode (which would switch on
dropout); here each layer's forward is wrapped for the duration of a ``with`` block instead:
autograd keeps only every layer's input and recomputes one layer at a time during each
backward pass (same operations, so the same numbers), at the price of one more forward pass
of the wrapped layers per backward pass.
"""

from __future__ import annotations

from contextlib import contextmanager

GRAPH_BUDGET_BYTES = 512 * 2**20  # above this estimated graph size, checkpoint


def attention_graph_bytes(stack, frames: int, element_size: int) -> int:
    """Estimated autograd graph of a stack's self-attention: every layer's probabilities,
    heads x frames x frames (the largest tensors a backward pass needs kept)."""
    heads = sum(stack.self_attention(layer).num_heads for layer in stack.layers)
    return heads * frames * frames * element_size


@contextmanager
def checkpointed_layers(layers):
    """Within the block, every module in ``layers`` runs its forward under
    ``torch.utils.checkpoint`` (non-reentrant, so several backward passes with
    ``retain_graph`` work). The original forwards are restored on exit, error or not.
    The caller holds the model's lock."""
    from torch.utils.checkpoint import checkpoint

    wrapped = []
    try:
        for layer in layers:
            own = layer.__dict__.get("forward")  # an instance override, if any

            def run(*args, _forward=layer.forward, **kwargs):
                return checkpoint(_forward, *args, use_reentrant=False, **kwargs)

            layer.forward = run
            wrapped.append((layer, own))
        yield
    finally:
        for layer, own in wrapped:
            if own is None:
                del layer.forward
            else:
                layer.forward = own
