"""Contrastive homophones (METHODS.md, "Faithfulness"): with a second spelling of the target
("mange" against "mangent"), C = log p(target) - log p(alternative), both teacher-forced
after the same prefix, on the original audio and with each word blanked; the drop
C(original) - C(word j blanked) says how much word j decides the spelling. Whisper only.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from analysis.errors import MixScopeError
from analysis.methods.blanking import (
    batches,
    lean_attention,
    model_inputs,
    output_log_probs,
    variants,
)
from analysis.token_labels import word_tokens


@dataclass(frozen=True)
class _Sequence:
    input_ids: list[int]
    output_ids: list[int]


def _sequences(loaded, tokens, words, target: int, alternative: str):
    """(target rows, the alternative's decoder sequence, its rows)."""
    rows = word_tokens(tokens.output_labels, [w.label for w in words])[target]
    if not rows:
        raise MixScopeError(f"the decoder tokens do not spell the target "
                            f"'{words[target].label}'")
    if loaded.tokenizer is None:
        raise MixScopeError(f"model '{loaded.source}' has no tokenizer to spell "
                            f"'{alternative}'")
    first = rows[0]
    spaced = tokens.output_labels[first].startswith(("Ġ", " "))
    spelled = loaded.tokenizer.encode((" " if spaced else "") + alternative.strip(),
                                      add_special_tokens=False)
    if not spelled:
        raise MixScopeError(f"the alternative spelling '{alternative}' has no tokens")
    output = list(tokens.output_ids[:first]) + list(spelled)
    sequence = _Sequence(list(tokens.input_ids[:first + 1]) + list(spelled[:-1]), output)
    return rows, sequence, list(range(first, first + len(spelled)))


def contrast(inputs, alternative: str) -> tuple[float, np.ndarray]:
    """(C on the original audio, [words] drop of C with each word blanked)."""
    import torch

    loaded, tokens = inputs.loaded, inputs.tokens
    rows, other, other_rows = _sequences(loaded, tokens, inputs.words, inputs.target,
                                         alternative)
    waveforms = variants(inputs.waveform, inputs.words)
    values = []
    with lean_attention(loaded), torch.inference_mode():
        for start, chunk in batches(waveforms):
            inputs.check_cancel()
            features = model_inputs(loaded, chunk)
            target = output_log_probs(loaded, features, tokens)[:, rows].sum(-1)
            spelled = output_log_probs(loaded, features, other)[:, other_rows].sum(-1)
            values.append((target - spelled).cpu().numpy())
            inputs.report(start + len(chunk), len(waveforms), "contrast: blanked words")
    values = np.concatenate(values)
    return float(values[0]), values[0] - values[1:]


# -- per-example summary (batch rows and curves) -----------------------------------------------
ROLE = "contrast"  # target_role of the contrast rows of batch results and curves
# What a batch row of an example's contrast holds, in plotting order (its "layer" is the
# 1-based position here): C on the original audio, then drops of C when blanking the cue,
# the mean over the other words (neither cue nor target), their paired difference, the target.
QUANTITIES = ("contrast", "cue drop", "other-word drop", "cue - other", "target drop")


def contrast_summary(original: float, drops, target: int, cue: int | None) -> dict[str, float]:
    """``QUANTITIES`` of one example, in log-probability units (nats); NaN where a quantity
    is not defined (no cue word found, no word besides cue and target)."""
    drops = np.asarray(drops, dtype=np.float64)
    others = [j for j in range(len(drops)) if j not in (target, cue)]
    cue_drop = float(drops[cue]) if cue is not None else float("nan")
    other_drop = float(drops[others].mean()) if others else float("nan")
    values = (float(original), cue_drop, other_drop, cue_drop - other_drop, float(drops[target]))
    return dict(zip(QUANTITIES, values, strict=True))
