"""The homophone dataset schema, defined once: column names, ``datasets`` Features, Example.

The reference is the Hugging Face dataset ``hosein-m/french_homophone_asr``: ``audio``,
``transcription``, ``cue_word``, ``target_word``, ``target_word_2`` and
``alignment.intervals = [{word, start, end}]`` (times in seconds, float64 as ``datasets``
infers them from JSON numbers). Corpora built here add ``speaker`` and ``notes``; any other
column a dataset carries is kept in ``Example.extra``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from analysis.errors import MixScopeError
from analysis.words import Word

REFERENCE_DATASET = "hosein-m/french_homophone_asr"
REFERENCE_COLUMNS = ("audio", "transcription", "cue_word", "target_word", "target_word_2",
                     "alignment")
CORPUS_EXTRA_COLUMNS = ("speaker", "notes")
CORPUS_COLUMNS = REFERENCE_COLUMNS + CORPUS_EXTRA_COLUMNS
WORD_COLUMNS = ("cue_word", "target_word", "target_word_2")
FLAT_ALIGNMENT = "alignment.intervals"  # how a flattened dataset names the alignment column


def reference_features(sampling_rate: int | None = 16000):
    """The ``datasets.Features`` of the reference dataset."""
    from datasets import Audio, Features, List, Value

    return Features({
        "audio": Audio(sampling_rate=sampling_rate),
        "transcription": Value("string"),
        "cue_word": Value("string"),
        "target_word": Value("string"),
        "target_word_2": Value("string"),
        "alignment": {"intervals": List({"word": Value("string"), "start": Value("float64"),
                                         "end": Value("float64")})},
    })


def corpus_features(sampling_rate: int | None = 16000):
    """The reference Features plus the corpus's own ``speaker`` and ``notes`` strings."""
    from datasets import Features, Value

    features = dict(reference_features(sampling_rate))
    features.update({name: Value("string") for name in CORPUS_EXTRA_COLUMNS})
    return Features(features)


def schema_differences(features: Mapping, expected: Mapping | None = None) -> list[str]:
    """What differs between ``features`` and the expected (reference) Features, one sentence
    per column; empty when every expected column exists with the same type. Audio columns
    compare by kind only: the sampling rate is a decoding choice, not a stored type."""
    from datasets import Audio

    expected = reference_features() if expected is None else expected
    problems = []
    for name, want in expected.items():
        if name not in features:
            problems.append(f"column {name!r} is missing")
            continue
        have = features[name]
        if isinstance(want, Audio):
            if not isinstance(have, Audio):
                problems.append(f"column {name!r} is {have!r}, not audio")
        elif have != want:
            problems.append(f"column {name!r} is {have!r}, expected {want!r}")
    return problems


def check_columns(columns, source: str) -> None:
    """A clear error naming the homophone columns ``source`` lacks."""
    present = set(columns)
    if "alignment" not in present and FLAT_ALIGNMENT in present:
        present.add("alignment")
    missing = [name for name in REFERENCE_COLUMNS if name not in present]
    if missing:
        names = ", ".join(missing)
        plural = "columns" if len(missing) > 1 else "column"
        raise MixScopeError(
            f"{source} is not in the homophone schema: missing {plural} {names} "
            f"(expected {', '.join(REFERENCE_COLUMNS)})")


@dataclass(frozen=True)
class Example:
    """One example's text and annotation (its audio is loaded separately, on demand).

    An absent cue/target word is ``None``; ``words`` are the alignment's intervals."""

    transcription: str = ""
    cue_word: str | None = None
    target_word: str | None = None
    target_word_2: str | None = None
    words: tuple[Word, ...] = ()
    speaker: str = ""
    notes: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def has_alignment(self) -> bool:
        return bool(self.words)

    def annotation(self):
        """The editor's ``Annotation`` for this example."""
        from analysis.alignment.annotation import Annotation

        return Annotation(transcription=self.transcription, cue_word=self.cue_word,
                          target_word=self.target_word, target_word_2=self.target_word_2)

    def with_annotation(self, annotation) -> Example:
        from dataclasses import replace

        return replace(self, transcription=annotation.transcription or "",
                       cue_word=annotation.cue_word or None,
                       target_word=annotation.target_word or None,
                       target_word_2=annotation.target_word_2 or None)


def example_from_row(row: Mapping[str, Any], source: str = "dataset") -> Example:
    """An Example from a dataset row (any columns besides audio and the schema's go to
    ``extra``); a malformed alignment names the source."""
    known = set(CORPUS_COLUMNS) | {FLAT_ALIGNMENT, "file_name"}
    alignment = row.get("alignment")
    if "alignment" not in row and FLAT_ALIGNMENT in row:
        alignment = {"intervals": row[FLAT_ALIGNMENT]}
    return Example(
        transcription=_text(row.get("transcription")),
        cue_word=_word(row.get("cue_word")),
        target_word=_word(row.get("target_word")),
        target_word_2=_word(row.get("target_word_2")),
        words=parse_alignment(alignment, source),
        speaker=_text(row.get("speaker")),
        notes=_text(row.get("notes")),
        extra={k: v for k, v in row.items() if k not in known},
    )


def parse_alignment(value: Any, source: str = "dataset") -> tuple[Word, ...]:
    """``{"intervals": [{word, start, end}, ...]}`` (or the list, or its JSON text) as Words;
    intervals with an empty word are silences and skipped."""
    if value is None:
        return ()
    if isinstance(value, str):
        if not value.strip():
            return ()
        try:
            value = json.loads(value)
        except json.JSONDecodeError as err:
            raise MixScopeError(f"{source}: alignment is not valid JSON: {err}") from err
    intervals = value.get("intervals") if isinstance(value, Mapping) else value
    if intervals is None:
        return ()
    words = []
    try:
        for item in intervals:
            label = _text(item.get("word"))
            if label.strip():
                start, end = float(item["start"]), float(item["end"])
                if not (math.isfinite(start) and math.isfinite(end)):
                    raise ValueError(f"word {label!r} has the time {start}-{end} s")
                words.append(Word(label, start, end))
    except (AttributeError, KeyError, TypeError, ValueError, OverflowError) as err:
        raise MixScopeError(
            f"{source}: alignment intervals must be {{word, start, end}} records with finite "
            f"times in seconds ({_short(err)})"
        ) from err
    return tuple(words)


def _short(err: BaseException) -> str:
    text = f"{type(err).__name__}: {err}"
    return text if len(text) <= 120 else text[:117] + "..."


def alignment_value(words) -> dict:
    return {"intervals": [{"word": w.label, "start": float(w.start), "end": float(w.end)}
                          for w in words]}


def metadata_row(example: Example, file_name: str) -> dict:
    """The metadata.jsonl record of an example. Absent words are written as "" so that
    ``datasets`` infers string columns even when no example has, say, a second target."""
    row = {
        "file_name": file_name,
        "transcription": example.transcription,
        "cue_word": example.cue_word or "",
        "target_word": example.target_word or "",
        "target_word_2": example.target_word_2 or "",
        "alignment": alignment_value(example.words),
        "speaker": example.speaker,
        "notes": example.notes,
    }
    row.update({k: v for k, v in example.extra.items() if k not in row and k != "audio"})
    return row


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _word(value: Any) -> str | None:
    text = _text(value).strip()
    return text or None
