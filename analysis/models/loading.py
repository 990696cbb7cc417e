"""Load a supported checkpoint by hub id or local folder, with eager attention.

Eager attention is required: the scores need the attention probabilities, which the fused
(SDPA / flash) kernels never materialise. Supported: Whisper (any size) and CTC encoders of
the wav2vec2 family whose attention is plain multi-head attention over a value projection
(wav2vec2 incl. XLSR, HuBERT, data2vec-audio). Others are refused with one sentence saying why.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.errors import MixScopeError

WHISPER_TYPES = {"whisper"}
CTC_TYPES = {"wav2vec2", "hubert", "data2vec-audio"}
PICKLE_SUFFIXES = (".bin", ".pt", ".pth", ".ckpt", ".pkl")
DTYPES = ("float32", "float16", "bfloat16", "float64")
DEVICES = ("auto", "cpu", "cuda", "mps")

# Why a related architecture cannot be scored: Value Zeroing needs attention that mixes the
# output of one value projection with the returned probabilities.
UNSUPPORTED_REASONS = {
    "wavlm": "WavLM's gated relative-position attention bypasses its value projection",
    "wav2vec2-conformer": "its conformer blocks mix frames with convolutions besides attention",
    "wav2vec2-bert": "its conformer blocks mix frames with convolutions besides attention",
    "unispeech": "it is not tested with MixScope's layer decomposition",
    "unispeech-sat": "it is not tested with MixScope's layer decomposition",
    "sew": "its squeezed attention frames do not match the encoder frames",
    "sew-d": "its disentangled attention bypasses the value projection",
    "seamless_m4t": "SeamlessM4T's speech encoder is a conformer (convolutions mix frames "
                    "besides attention) behind a length adaptor",
    "seamless_m4t_v2": "SeamlessM4T's speech encoder is a conformer (convolutions mix frames "
                       "besides attention) behind a length adaptor",
}

SUPPORTED_TEXT = "Whisper and CTC models of the wav2vec2 family (wav2vec2/XLSR, HuBERT, data2vec-audio)"


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
    # One forward pass at a time: scoring hooks the model's layers for the length of a pass,
    # so a transcription running beside it on another thread would be captured too.
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False, compare=False)

    @property
    def config(self):
        return self.model.config

    @property
    def is_whisper(self) -> bool:
        return self.kind == "whisper"


def pick_device(requested: str = "auto") -> str:
    import torch

    requested = (requested or "auto").lower()
    if requested not in DEVICES and not requested.startswith("cuda:"):
        raise MixScopeError(f"unknown device '{requested}'; choose one of {', '.join(DEVICES)}")
    mps = getattr(torch.backends, "mps", None)
    if requested == "auto":
        if torch.cuda.is_available():
            return "cuda"
        if mps is not None and mps.is_available():
            return "mps"
        return "cpu"
    if requested.startswith("cuda") and not torch.cuda.is_available():
        raise MixScopeError("device 'cuda' was requested but no CUDA GPU is available")
    if requested == "mps" and not (mps is not None and mps.is_available()):
        raise MixScopeError("device 'mps' was requested but Apple's Metal backend is unavailable")
    return requested


def split_revision(source: str | Path, revision: str | None = None) -> tuple[str, str | None]:
    """``"org/model@v2"`` -> ``("org/model", "v2")``: a hub id may name its revision (a
    branch, tag or commit) after an ``@``, or with ``revision``; not both, unless equal. An
    existing folder is never split (its name may hold an ``@``)."""
    source = str(source)
    named = None
    if "@" in source and not Path(source).expanduser().exists():
        source, _, named = source.rpartition("@")
        if not source or not named:
            raise MixScopeError(f"'{source}@{named}': give a model and a revision, as ID@REVISION")
    if named and revision and named != revision:
        raise MixScopeError(f"two revisions for {source}: '{named}' and --revision '{revision}'")
    revision = named or revision or None
    if revision and Path(source).expanduser().exists():
        raise MixScopeError(f"'{source}' is a local folder: a revision applies to hub ids only")
    return source, revision


def load_model(source: str | Path, device: str = "auto", dtype: str = "float32",
               revision: str | None = None) -> LoadedModel:
    """Load a Whisper or wav2vec2-family CTC checkpoint from a hub id or a local folder;
    ``revision`` (or ``ID@REVISION``) pins a hub branch, tag or commit."""
    import torch
    from transformers import AutoConfig, AutoFeatureExtractor

    source, revision = split_revision(source, revision)
    commit = _hub_commit(source, revision)
    # Every file from the one commit, even if the branch moves during the load.
    pinned = {"revision": commit or revision} if commit or revision else {}
    if dtype not in DTYPES:
        raise MixScopeError(f"unknown dtype '{dtype}'; choose one of {', '.join(DTYPES)}")
    check_model_folder(source)
    try:
        config = AutoConfig.from_pretrained(source, **pinned)
    except (OSError, ValueError) as err:
        raise MixScopeError(_explain_load_error(source, err)) from err
    model_type = getattr(config, "model_type", "unknown")
    if model_type in WHISPER_TYPES:
        from transformers import WhisperForConditionalGeneration as model_class

        kind = "whisper"
    elif model_type in CTC_TYPES:
        from transformers import AutoModelForCTC as model_class

        kind = "ctc"
    else:
        reason = UNSUPPORTED_REASONS.get(model_type, "MixScope cannot decompose its layers")
        raise MixScopeError(f"model '{source}' is a '{model_type}' model, which MixScope does not "
                            f"support ({reason}); supported: {SUPPORTED_TEXT}")
    check_weights(source)
    device = pick_device(device)
    torch_dtype = getattr(torch, dtype)
    from safetensors import SafetensorError

    try:
        # Safetensors only: a pickled .bin can run code when it is loaded.
        model = model_class.from_pretrained(source, attn_implementation="eager", dtype=torch_dtype,
                                            use_safetensors=True, **pinned)
        feature_extractor = AutoFeatureExtractor.from_pretrained(source, **pinned)
    except SafetensorError as err:
        raise MixScopeError(f"model '{source}' has a damaged weights file (truncated or not "
                            f"safetensors: {_first_line(err)})") from err
    except (OSError, ValueError, RuntimeError) as err:
        raise MixScopeError(_explain_load_error(source, err)) from err
    model.to(device).eval()
    if kind == "whisper":
        _drop_legacy_generation_settings(model.generation_config)
    info = {"commit_hash": commit, "revision": revision,
            "model_type": model_type, "class": type(model).__name__}
    return LoadedModel(source, kind, model, feature_extractor, _load_tokenizer(source, pinned),
                       device, torch_dtype, info)


def _hub_commit(source: str, revision: str | None) -> str | None:
    """The hub commit ``revision`` (None: the default branch) of ``source`` points to, from
    the cache or the hub; None for a local folder or when it cannot be resolved (loading then
    reports the problem)."""
    if Path(source).expanduser().exists():
        return None
    from huggingface_hub import hf_hub_download

    try:
        config = hf_hub_download(source, "config.json", revision=revision)
    except Exception:  # unknown repo, offline without a cache: the load below explains
        return None
    match = re.search(r"/snapshots/([0-9a-f]{40})/", Path(config).as_posix())
    return match.group(1) if match else None


def _drop_legacy_generation_settings(generation) -> None:
    """Hub checkpoints still carry ``forced_decoder_ids``, deprecated (transformers warns on
    every ``generate``): MixScope passes the language and task to ``generate`` and builds
    Whisper's prefix itself, and the tokens generated are the same without them."""
    generation.forced_decoder_ids = None


def _load_tokenizer(source: str, pinned: dict):
    """The checkpoint's tokenizer, or None when it has none (tokens are then labelled by id)."""
    from transformers import AutoTokenizer

    folder = Path(source)
    if folder.is_dir() and not any(
        (folder / name).exists()
        for name in ("tokenizer.json", "tokenizer_config.json", "vocab.json", "vocab.txt")
    ):
        return None
    try:
        return AutoTokenizer.from_pretrained(source, **pinned)
    except (OSError, ValueError, TypeError, KeyError):
        return None


def _looks_like_path(source: str) -> bool:
    return (source.startswith((".", "/", "~", "\\")) or source.count("/") > 1
            or Path(source).suffix != "" or "\\" in source)


def check_model_folder(source: str) -> None:
    path = Path(source).expanduser()
    if path.exists() and not path.is_dir():
        raise MixScopeError(f"model '{source}' is a file; give a checkpoint folder or a hub id")
    if path.is_dir() and not (path / "config.json").exists():
        raise MixScopeError(f"model folder '{source}' has no config.json, so it is not a "
                            "transformers checkpoint")
    if not path.exists() and _looks_like_path(source):
        raise MixScopeError(f"model folder not found: {source}")


def check_weights(source: str) -> None:
    """A local folder must hold safetensors weights: pickled ones are refused, unread."""
    path = Path(source).expanduser()
    if path.is_dir() and not any(path.glob("*.safetensors")):
        pickles = sorted(p.name for p in path.iterdir() if p.suffix in PICKLE_SUFFIXES)
        if pickles:
            raise MixScopeError(f"model folder '{source}' holds only pickled PyTorch weights "
                                f"({', '.join(pickles)}); MixScope loads safetensors only, "
                                "since unpickling a file can run code: convert it to "
                                "model.safetensors first")
        raise MixScopeError(f"model folder '{source}' has no weights (model.safetensors)")


def _explain_load_error(source: str, err: BaseException) -> str:
    chain = []
    current: BaseException | None = err
    while current is not None and len(chain) < 5:
        chain.append(current)
        current = current.__cause__ or current.__context__
    names = {type(e).__name__ for e in chain}
    text = " ".join(str(e) for e in chain).lower()
    if "RepositoryNotFoundError" in names or "not a valid model identifier" in text:
        return f"model '{source}' is neither a local folder nor a model on the Hugging Face hub"
    if ("OfflineModeIsEnabled" in names or "LocalEntryNotFoundError" in names
            or "couldn't connect" in text or "offline" in text):
        return (f"cannot load model '{source}': it is not in the local Hugging Face cache and "
                "the hub cannot be reached (no network or offline mode)")
    if "HFValidationError" in names:
        return f"model '{source}' is neither a local folder nor a valid hub id"
    if "safetensors" in text and ("does not appear to have" in text or "no file named" in text):
        return (f"model '{source}' has no safetensors weights; MixScope never loads pickled "
                ".bin weights")
    if "preprocessor_config" in text or "feature extractor" in text:
        return f"model '{source}' has no feature extractor (preprocessor_config.json)"
    return f"cannot load model '{source}': {_first_line(err)}"


def _first_line(err: BaseException) -> str:
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__
