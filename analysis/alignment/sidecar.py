"""The annotation of an alignment saved in a format that has no room for it (TextGrid,
Audacity labels): transcription, cue and target words go to a small JSON file beside it,
``<alignment file name>.annotation.json``, which MixScope reads back when it opens the
alignment. Praat ignores it; nothing typed is lost."""

from __future__ import annotations

import json
from pathlib import Path

from analysis.alignment.annotation import Annotation
from analysis.alignment.errors import AlignmentError
from analysis.atomic import atomic_write_text

SUFFIX = ".annotation.json"


def sidecar_path(alignment: str | Path) -> Path:
    alignment = Path(alignment)
    return alignment.with_name(alignment.name + SUFFIX)


def has_content(annotation: Annotation | None) -> bool:
    return annotation is not None and any(getattr(annotation, name)
                                          for name in Annotation.FIELDS)


def write_sidecar(alignment: str | Path, annotation: Annotation | None) -> Path | None:
    """Save ``annotation`` beside ``alignment`` (atomically); None when there is nothing
    to keep (an old sidecar of that alignment is then out of date and removed)."""
    path = sidecar_path(alignment)
    if not has_content(annotation):
        path.unlink(missing_ok=True)
        return None
    text = json.dumps(annotation.to_json(), ensure_ascii=False, indent=1) + "\n"
    atomic_write_text(path, text)
    return path


def read_sidecar(alignment: str | Path) -> Annotation | None:
    """The annotation saved beside ``alignment``, or None when there is none."""
    path = sidecar_path(alignment)
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise AlignmentError(f"cannot read the annotation beside the alignment ({err})",
                             path) from None
    if not isinstance(data, dict):
        raise AlignmentError("the annotation file is not a JSON object", path)
    known = {name: data.get(name) for name in Annotation.FIELDS}
    extra = {k: v for k, v in data.items() if k not in Annotation.FIELDS}
    return Annotation(transcription=str(known["transcription"] or ""),
                      cue_word=known["cue_word"], target_word=known["target_word"],
                      target_word_2=known["target_word_2"], extra=extra)
