"""One utterance from files (or objects already loaded) to scores or to a word tier: what the
``score`` and ``align`` commands and the Python API (``analysis.api``) share, so that both
accept the same options and fail with the same messages.

Nothing heavy is imported here at module level: torch and transformers load with the model.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from analysis.cancel import CancelToken
from analysis.errors import MixScopeError
from analysis.methods.components import COMPONENTS
from analysis.progress import Progress
from analysis.words import Word

if TYPE_CHECKING:
    from analysis.alignment import AlignmentFile, IntervalTier, TextGrid
    from analysis.audio import Audio
    from analysis.autoalign import AutoAlignment
    from analysis.models.loading import LoadedModel
    from analysis.results import ScoreSet

    # What callers may pass: a file (or hub id, for a model) or the object already loaded.
    PathLike = str | os.PathLike
    ModelLike = PathLike | LoadedModel
    AudioLike = PathLike | Audio | np.ndarray
    AlignmentLike = PathLike | AlignmentFile | TextGrid | IntervalTier | Sequence[Word]


# -- names -----------------------------------------------------------------------------------
def method_choices() -> tuple[str, ...]:
    """Every method the registry holds (analysis.methods.REGISTRY), in its order."""
    from analysis.methods import REGISTRY

    return tuple(REGISTRY)


def parse_names(value: str | Sequence[str], allowed: Sequence[str], what: str) -> list[str]:
    """Names from a comma/space-separated string or a sequence, checked against ``allowed``;
    method names may be written with hyphens ("value-zeroing")."""
    items = [value] if isinstance(value, str) else list(value)
    names = [n for item in items for n in str(item).replace(" ", ",").split(",") if n]
    if what.endswith("method"):
        names = [n.replace("-", "_") for n in names]
    for name in names:
        if name not in allowed:
            raise MixScopeError(f"unknown {what} '{name}'; choose from {', '.join(allowed)}")
    if not names:
        raise MixScopeError(f"no {what} given; choose from {', '.join(allowed)}")
    return names


def parse_methods(value: str | Sequence[str]) -> list[str]:
    return parse_names(value, method_choices(), "method")


def parse_components(value: str | Sequence[str] | None) -> list[str] | None:
    """None (every component the model has) or the checked names."""
    return None if value is None else parse_names(value, COMPONENTS, "component")


def parse_decoder_ids(value: str | Sequence[int] | None) -> list[int] | None:
    if value is None:
        return None
    try:
        items = value.replace(",", " ").split() if isinstance(value, str) else list(value)
        return [int(t) for t in items]
    except (TypeError, ValueError):
        raise MixScopeError(f"--decoder-ids must be integers, got '{value}'") from None


# -- inputs ----------------------------------------------------------------------------------
def as_audio(audio: AudioLike) -> Audio:
    """An ``Audio``: read from a file, or a 16 kHz mono array wrapped as it is."""
    from analysis.audio import MODEL_RATE, Audio, load_audio

    if isinstance(audio, Audio):
        return audio
    if isinstance(audio, np.ndarray):
        if audio.ndim != 1 or audio.size == 0:
            raise MixScopeError("a waveform given as an array must be mono 16 kHz samples "
                                f"(one non-empty dimension), not shape {audio.shape}")
        return Audio(audio.astype(np.float32, copy=False), MODEL_RATE)
    return load_audio(audio)


def as_words(alignment: AlignmentLike) -> list[Word]:
    """The words of an alignment file (its word tier: "words", else the first interval tier),
    of an ``AlignmentFile``, ``TextGrid`` or ``IntervalTier``, or a list of ``Word``."""
    from analysis.alignment import AlignmentFile, IntervalTier, TextGrid, read_alignment
    from analysis.alignment.model import tier_to_words

    if isinstance(alignment, (str, os.PathLike)):
        alignment = read_alignment(alignment)
    if isinstance(alignment, AlignmentFile):
        alignment = alignment.grid
    if isinstance(alignment, TextGrid):
        alignment = alignment.word_tier()
    if isinstance(alignment, IntervalTier):
        return tier_to_words(alignment)
    words = list(alignment)
    if not all(isinstance(w, Word) for w in words):
        raise MixScopeError("an alignment must be a file, an AlignmentFile, a TextGrid, an "
                            "IntervalTier or a list of Word")
    return words


def quiet_transformers() -> None:
    """No download bars or warnings from transformers in a table of results, unless the
    environment says how verbose it should be (TRANSFORMERS_VERBOSITY: the CLI's --verbose
    and --quiet set it)."""
    if os.environ.get("TRANSFORMERS_VERBOSITY"):
        return
    from transformers.utils import logging

    logging.set_verbosity_error()
    logging.disable_progress_bar()


def as_model(model: ModelLike, device: str = "auto", dtype: str = "float32",
             revision: str | None = None) -> LoadedModel:
    """A loaded model as it is, or the checkpoint (hub id, ``ID@REVISION`` or folder) loaded;
    ``revision`` pins a hub branch, tag or commit."""
    from analysis.models.loading import LoadedModel, load_model

    if isinstance(model, LoadedModel):
        return model
    quiet_transformers()
    return load_model(model, device=device, dtype=dtype, revision=revision)


# -- one utterance ---------------------------------------------------------------------------
def score_utterance(model: ModelLike, audio: AudioLike, alignment: AlignmentLike, *,
                    methods: str | Sequence[str] | None = None,
                    components: str | Sequence[str] | None = None, text: str | None = None,
                    decoder_ids: str | Sequence[int] | None = None, language: str | None = "fr",
                    task: str = "transcribe", spans: str = "reference", device: str = "auto",
                    dtype: str = "float32", revision: str | None = None,
                    target: str | None = None,
                    alternative: str | None = None, progress: Progress | None = None,
                    cancel: CancelToken | None = None) -> ScoreSet:
    """Score the words of ``alignment`` in ``audio`` (see ``analysis.scoring.score``, whose
    default methods apply when ``methods`` is None); the audio and alignment file names, when
    given, are kept in the result's ``meta``. ``target``: a word of the tier, whose row the
    faithfulness check compares with occlusion; ``alternative``: another spelling of it for
    the contrastive score (Whisper)."""
    from analysis.models.spans import check_no_overlaps
    from analysis.scoring import score

    if text is not None and decoder_ids is not None:
        raise MixScopeError("give the decoder tokens as text or as ids, not both")
    chosen = {} if methods is None else {"methods": parse_methods(methods)}  # None: score's own
    components = parse_components(components)
    decoder_ids = parse_decoder_ids(decoder_ids)
    if language is not None:
        from analysis.models.language import language_code

        language_code(language)  # an unknown language is refused before any long work
    audio = as_audio(audio)
    words = as_words(alignment)
    check_no_overlaps(words, str(alignment) if isinstance(alignment, (str, os.PathLike))
                      else None)
    target_index = _target_index(words, target, alignment)
    loaded = as_model(model, device, dtype, revision)
    result = score(loaded, audio.for_model(), words, components=components, **chosen,
                   decoder_text=text, decoder_ids=decoder_ids, spans=spans, language=language,
                   task=task, progress=progress, cancel=cancel, target=target_index,
                   alternative=alternative)
    if audio.path is not None:
        result.meta["audio_file"] = str(audio.path)
    if isinstance(alignment, (str, os.PathLike)):
        result.meta["alignment_file"] = str(Path(alignment))
    return result


def _target_index(words: list[Word], target: str | None, alignment: AlignmentLike) -> int | None:
    """The index of the word ``target`` in ``words`` (None for none), or a MixScopeError."""
    from analysis.token_labels import find_word

    if target is None:
        return None
    index = find_word(words, target)
    if index is None:
        where = f" of {alignment}" if isinstance(alignment, (str, os.PathLike)) else ""
        raise MixScopeError(f"target word '{target}' is not in the word tier{where}")
    return index


def check_align_request(text: str, window: float, model: ModelLike | None,
                        backend: str | None) -> str | None:
    """Refuse a bad alignment request before any long work; returns the backend to use:
    "praat" without a model (Praat's eSpeak aligner), else the one named, or None (the
    model's own: CTC forced alignment or Whisper timestamps)."""
    import math

    from analysis.autoalign import BACKENDS

    if not text.strip():
        raise MixScopeError("the transcription is empty")
    if not math.isfinite(window) or window <= 0:
        raise MixScopeError(f"--window must be a positive number of seconds, not {window}")
    if backend is not None and backend not in BACKENDS:
        raise MixScopeError(f"unknown backend '{backend}'; choose from {', '.join(BACKENDS)}")
    backend = backend or ("praat" if model is None else None)
    if backend == "praat" and model is not None:
        raise MixScopeError("the praat backend uses no model: leave out --model")
    if backend in ("ctc", "whisper") and model is None:
        raise MixScopeError(f"the {backend} backend needs --model (a {backend} checkpoint)")
    return backend


def align_utterance(model: ModelLike | None, audio: AudioLike, text: str, *,
                    backend: str | None = None, language: str = "fr", window: float = 15.0,
                    refine: bool = True, device: str = "auto", revision: str | None = None,
                    progress: Progress | None = None, cancel: CancelToken | None = None) -> AutoAlignment:
    """Propose word times for ``text`` in ``audio`` (``analysis.autoalign.align_words``): with
    Praat's eSpeak aligner when there is no model, else the model's (a ``backend``, when
    given, must match it); boundaries refined on the recording's pauses unless ``refine`` is
    False."""
    from analysis.autoalign import align_words

    backend = check_align_request(text, window, model, backend)
    audio = as_audio(audio)
    loaded = None
    if backend != "praat":
        loaded = as_model(model, device, revision=revision)
        if backend is not None and loaded.kind != backend:
            raise MixScopeError(f"model '{loaded.source}' is a {loaded.kind} model, not a "
                                f"{backend} one: use --backend {loaded.kind}")
    return align_words(loaded, audio.for_model(), text, language=language, window=window,
                       progress=progress, cancel=cancel, refine=refine)


def alignment_grid(result: AutoAlignment, duration: float,
                   review_below: float) -> TextGrid:
    """A TextGrid over ``duration`` seconds holding the proposed word tier and, when some words
    are below ``review_below``, the "review" point tier."""
    from analysis.alignment import TextGrid
    from analysis.autoalign.grid import apply_alignment

    return apply_alignment(TextGrid(0.0, duration, ()), result, review_below)
