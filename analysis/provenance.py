"""Provenance: what a ScoreSet was computed from and how, as typed fields.

It is a view of the ScoreSet's ``meta`` dict, which stays what the ``.npz`` saves (JSON under
"meta") and what older files hold: ``from_meta`` reads any such dict (a field it lacks is
None, a key it does not know is kept in ``extra``) and ``to_meta`` gives the same dict back.
Writers: analysis.scoring (model, versions, decoder prompt, target, alternative), the
pipeline (audio and alignment files) and batch (weights and seed).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

_SEQUENCES = ("methods", "components", "prompt_ids", "decoder_input_labels")


@dataclass(frozen=True)
class Provenance:
    # the model
    model: str | None = None  # hub id or folder
    model_kind: str | None = None  # "whisper" or "ctc"
    model_type: str | None = None  # its config's model_type
    revision: str | None = None  # the hub commit the weights came from (None: a folder)
    weights: str | None = None  # "trained" or "random-init" (batch runs)
    seed: int | None = None  # of random-init weights
    dtype: str | None = None
    device: str | None = None
    # the software
    mixscope: str | None = None
    transformers: str | None = None
    torch: str | None = None
    # the run
    date: str | None = None  # ISO 8601, UTC
    methods: tuple[str, ...] | None = None
    components: tuple[str, ...] | None = None
    spans: str | None = None  # word span policy
    seconds: float | None = None  # scoring time
    # the audio and its words
    audio_file: str | None = None
    alignment_file: str | None = None
    audio_seconds: float | None = None
    encoder_frames: int | None = None
    frames_cover_seconds: float | None = None
    # Whisper's decoder: what it ran with, and what was asked for
    language: str | None = None
    task: str | None = None
    language_requested: str | None = None
    task_requested: str | None = None
    prompt_ids: tuple[int, ...] | None = None
    decoder_tokens_from: str | None = None  # "model", "text" or "ids"
    decoder_input_labels: tuple[str, ...] | None = None
    note: str | None = None  # why the prompt differs from the request
    # faithfulness and contrast
    target: int | None = None  # index of the target word
    alternative: str | None = None  # the other spelling of the target
    contrast_original: float | None = None  # log p(target) - log p(alternative), nats
    # keys of the dict no field names (kept as they are)
    extra: dict[str, Any] = field(default_factory=dict, compare=False)
    # fields the dict holds as null (written back as null)
    recorded_nulls: frozenset[str] = field(default=frozenset(), repr=False, compare=False)

    @classmethod
    def from_meta(cls, meta: dict) -> Provenance:
        names = _field_names()
        known = {k: (tuple(v) if k in _SEQUENCES and v is not None else v)
                 for k, v in meta.items() if k in names}
        return cls(**known, extra={k: v for k, v in meta.items() if k not in names},
                   recorded_nulls=frozenset(k for k, v in known.items() if v is None))

    def to_meta(self) -> dict:
        """The ``meta`` dict (JSON types) that ``from_meta`` reads back as this."""
        meta = {}
        for name in _field_names():
            value = getattr(self, name)
            if value is not None or name in self.recorded_nulls:
                meta[name] = list(value) if name in _SEQUENCES and value is not None else value
        return {**meta, **self.extra}


def _field_names() -> tuple[str, ...]:
    return tuple(f.name for f in fields(Provenance) if f.name not in ("extra", "recorded_nulls"))
