"""What a score method sees of one layer, and the word/token grouping helpers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from analysis.progress import Progress


@dataclass
class LayerView:
    """One layer of one component, from the unperturbed forward pass (batch of one).

    ``probs`` [heads, queries, keys] are the attention probabilities; ``values`` [heads, keys,
    head_dim] the value vectors (bias included); ``attn_output`` [queries, d] the attention
    output before the output projection and ``residual`` [queries, d] the input of the
    sub-block, so that ``tail(residual, attn_output)`` recomputes the layer output at any
    positions. Rows and columns of the score matrix are groups of query and key positions
    (first, last inclusive): word frames for the encoder side, single tokens for the decoder.
    ``probs_rows``, when set, lists the (sorted) query positions that ``probs`` holds: the
    encoder keeps only the frames inside words (see analysis.models.row_attention).
    """

    component: str
    index: int
    probs: Any
    row_groups: list[tuple[int, int]]
    col_groups: list[tuple[int, int]]
    values: Any = None
    attn_output: Any = None
    residual: Any = None
    tail: Callable | None = None
    final_norm: Callable | None = None  # set on the last layer when the stack applies one
    causal: bool = False  # decoder self-attention: row r cannot see column t > r
    check_cancel: Callable[[], None] = lambda: None
    probs_rows: list[int] | None = None
    layer_output: Any = None  # [queries, d]: the layer's output in the unperturbed pass
    out_proj: Any = None  # the attention's output projection (nn.Linear)
    post_norm: Any = None  # post-layer-norm layers: the norm after the residual sum
    shared: dict = field(default_factory=dict)  # what several methods derive from this layer

    def probs_at(self, positions: list[int]):
        """[heads, len(positions), keys]: the attention probabilities of those query rows."""
        import torch

        if self.probs_rows is not None:
            lookup = {p: k for k, p in enumerate(self.probs_rows)}
            missing = [p for p in positions if p not in lookup]
            if missing:
                raise ValueError(f"query rows {missing[:5]} were not kept by the forward pass")
            positions = [lookup[p] for p in positions]
        return self.probs.index_select(1, torch.tensor(positions, device=self.probs.device))


@dataclass
class UtteranceInputs:
    """What an utterance method (its own forward/backward passes) gets: the model, the 16 kHz
    waveform, the words and their encoder frames, the decoder tokens (Whisper), the
    components asked for, and the progress/cancel hooks of the run."""

    loaded: Any
    waveform: Any
    words: list
    frames: list[tuple[int, int]]
    tokens: Any
    components: list[str]
    report: Progress
    check_cancel: Callable[[], None]
    alternative: str | None = None  # contrastive homophone: another spelling of the target
    target: int | None = None  # the target word's index, when known


@dataclass(frozen=True)
class Method:
    """One score family. A *layer* method (``layer_scores``) runs inside the one hooked
    forward pass, layer by layer; an *utterance* method (``run``) runs its own passes
    (perturbed inputs, gradients) and returns ``{"{component}.{name}": raw [layers, rows,
    cols]}`` for the components it was asked for."""

    name: str
    title: str
    layer_scores: Callable[[LayerView], Any] | None = None  # -> raw numpy [rows, cols]
    needs_values: bool = False  # needs values / attention output / residual / tail
    run: Callable[..., dict] | None = None  # (UtteranceInputs) -> raw arrays by key
    # where it is defined: one tuple, or {"whisper": (...), "ctc": (...)}
    components: tuple[str, ...] | dict[str, tuple[str, ...]] = ("encoder", "decoder", "cross")
    per_layer: bool = True  # False: one "layer", the model's output
    cost: str = "one forward pass"
    needs_grad: bool = False  # runs backward passes (every other method stays no-grad)

    def __post_init__(self):
        if (self.layer_scores is None) == (self.run is None):
            raise ValueError(f"method {self.name!r} needs exactly one of layer_scores or run")

    def defined_for(self, component: str, is_whisper: bool) -> bool:
        """Whether this method gives ``component`` scores for this kind of model."""
        allowed = self.components
        if isinstance(allowed, dict):  # per model kind
            allowed = allowed["whisper" if is_whisper else "ctc"]
        return component in allowed


def group_matrix(groups, size, torch_module, dtype, device, positions=None):
    """[len(groups), size] rows averaging over each group's positions; with ``positions``
    (a sorted list of the positions kept), columns index those positions instead."""
    matrix = torch_module.zeros(len(groups), size, dtype=dtype, device=device)
    lookup = None if positions is None else {p: k for k, p in enumerate(positions)}
    for i, (first, last) in enumerate(groups):
        columns = range(first, last + 1)
        if lookup is not None:
            columns = [lookup[p] for p in columns]
        matrix[i, list(columns)] = 1.0 / (last - first + 1)
    return matrix


def union_positions(groups) -> list[int]:
    return sorted({p for first, last in groups for p in range(first, last + 1)})
