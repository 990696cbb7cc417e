"""What a dataset example says about its utterance besides the word times."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Annotation:
    """The homophone dataset's per-example fields.

    ``cue_word`` decides the spelling of ``target_word`` (and ``target_word_2`` when the
    sentence has a second target); any may be ``None``. ``extra`` keeps the example's other
    JSON keys (``audio``, ids, ...) so that a file read and written again loses nothing."""

    transcription: str = ""
    cue_word: str | None = None
    target_word: str | None = None
    target_word_2: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    FIELDS = ("transcription", "cue_word", "target_word", "target_word_2")

    def to_json(self) -> dict[str, Any]:
        """The example's fields in dataset order, then the extra keys."""
        data: dict[str, Any] = {name: getattr(self, name) for name in self.FIELDS}
        for key, value in self.extra.items():
            data.setdefault(key, value)
        return data
