"""Load a supported checkpoint by hub id or local folder, with eager attention.

Eager attention is required: the scores need the attention probabilities, which the fused
(SDPA / flash) kernels never materialise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.errors import MixScopeError

WHISPER_TYPES = {"whisper"}
CTC_TYPES = {"wav2vec2", "hubert", "data2vec-audio"}


@dataclass
class LoadedModel:
    """A model ready for scoring, with what it needs to turn audio and text into inputs."""

    source: str  # the hub id or folder it was loaded from
    kind: str  # "whisper" or "ctc"
    model: Any  # a transformers PreTrainedModel in eval mode
    feature_extractor: Any
    tokenizer: Any | None  # None for a checkpoint without one (tokens are labelled by id)
    device: str
    dtype: Any
    info: dict = field(default_factory=dict)  # revision / commit hash when known

    @property
    def config(self):
        return self.model.config


def pick_device(requested: str = "auto") -> str:
    import torch

    if requested != "auto":
        return requested
    if torch.cuda.is_available():
        return "cuda"
    if getattr(torch.backends, "mps", None) and torch.backends.mps.is_available():
        return "mps"
    return "cpu"


def load_model(source: str | Path, device: str = "auto", dtype: str = "float32") -> LoadedModel:
    """Load a Whisper or wav2vec2-family CTC checkpoint from a hub id or a local folder."""
    import torch
    from transformers import AutoConfig, AutoFeatureExtractor, AutoTokenizer

    source = str(source)
    try:
        config = AutoConfig.from_pretrained(source)
    except (OSError, ValueError) as err:
        raise MixScopeError(f"cannot load model '{source}': {_first_line(err)}") from err
    model_type = config.model_type
    if model_type in WHISPER_TYPES:
        from transformers import WhisperForConditionalGeneration as model_class

        kind = "whisper"
    elif model_type in CTC_TYPES:
        from transformers import AutoModelForCTC as model_class

        kind = "ctc"
    else:
        raise MixScopeError(
            f"model '{source}' is a '{model_type}' model; MixScope supports Whisper and "
            f"wav2vec2-family CTC models ({', '.join(sorted(CTC_TYPES))})"
        )
    device = pick_device(device)
    torch_dtype = getattr(torch, dtype)
    model = model_class.from_pretrained(source, attn_implementation="eager", dtype=torch_dtype)
    model.to(device).eval()
    feature_extractor = AutoFeatureExtractor.from_pretrained(source)
    try:
        tokenizer = AutoTokenizer.from_pretrained(source)
    except (OSError, ValueError, TypeError):
        tokenizer = None
    info = {"commit_hash": getattr(config, "_commit_hash", None)}
    return LoadedModel(source, kind, model, feature_extractor, tokenizer, device, torch_dtype, info)


def _first_line(err: BaseException) -> str:
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__
