"""Word spans in encoder frames (METHODS.md) and the validation of the word list.

Reference spans: word [s, e] covers frames ceil(T*s/D) .. ceil(T*e/D), both inclusive, so
adjacent words may share a frame. Half-open spans: floor(T*s/D) .. ceil(T*e/D) - 1.
T is the number of encoder frames, D the audio time they cover (30 s for Whisper, the
waveform's duration for CTC encoders).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

from analysis.errors import MixScopeError
from analysis.words import Word

SPAN_POLICIES = ("reference", "half-open")
WHISPER_WINDOW = 30.0  # seconds: Whisper pads (or cuts) every input to this length
TOLERANCE = 1e-3  # seconds a word may overhang the audio (rounding in alignment files)


def _ceil(x: float) -> int:
    # Frame positions like 1500*0.58/30 = 28.999999999999996 are exact in decimal; do not let
    # binary rounding move a boundary by a frame.
    return math.ceil(round(x, 9))


def _floor(x: float) -> int:
    return math.floor(round(x, 9))


def word_frames(words: Sequence[Word], num_frames: int, covered: float,
                policy: str = "reference") -> list[tuple[int, int]]:
    """First and last frame (inclusive) of each word."""
    if policy not in SPAN_POLICIES:
        raise MixScopeError(f"unknown span policy '{policy}'; choose {' or '.join(SPAN_POLICIES)}")
    spans = []
    scale = num_frames / covered
    for word in words:
        end = min(_ceil(scale * word.end), num_frames)
        if policy == "reference":
            first, last = _ceil(scale * word.start), min(end, num_frames - 1)
        else:
            first, last = _floor(scale * word.start), end - 1
        first = max(0, first)
        if last < first:
            raise MixScopeError(f"word '{word.label}' ({word.start:.3f}-{word.end:.3f} s) is too "
                                f"short to cover one encoder frame with {policy} spans")
        spans.append((first, last))
    return spans


def validate_words(words: Sequence[Word], duration: float, *, whisper: bool) -> list[Word]:
    """Check the word list against the audio; returns the words with tiny overhangs clipped."""
    if whisper and duration > WHISPER_WINDOW + TOLERANCE:
        raise MixScopeError(f"the audio lasts {duration:.2f} s, longer than Whisper's 30 s "
                            "window; cut it into pieces of at most 30 s")
    if not words:
        raise MixScopeError("there are no words to score (the word tier is empty or all silence)")
    check_no_overlaps(words)
    checked = []
    for word in words:
        label, start, end = word.label, float(word.start), float(word.end)
        if not (math.isfinite(start) and math.isfinite(end)) or end <= start:
            raise MixScopeError(f"word '{label}' has an empty or reversed span ({start}-{end} s)")
        if start < -TOLERANCE or end > duration + TOLERANCE:
            raise MixScopeError(f"word '{label}' ({start:.3f}-{end:.3f} s) lies outside the audio "
                                f"(0-{duration:.3f} s)")
        checked.append(Word(label, max(0.0, start), min(end, duration)))
    return checked


def check_no_overlaps(words: Sequence[Word], source: str | None = None) -> None:
    """Refuse duplicate or overlapping word intervals: a frame would then belong to two
    words and every score of them would be ambiguous. ``source`` names the file."""
    ordered = sorted(words, key=lambda w: (float(w.start), float(w.end)))
    for before, after in itertools.pairwise(ordered):
        if float(after.start) < float(before.end) - TOLERANCE:
            same = (before.start, before.end) == (after.start, after.end)
            problem = (f"words '{before.label}' and '{after.label}' are the same interval "
                       f"({before.start:g}-{before.end:g} s)" if same else
                       f"words '{before.label}' ({before.start:g}-{before.end:g} s) and "
                       f"'{after.label}' ({after.start:g}-{after.end:g} s) overlap")
            raise MixScopeError(problem + "; each word needs its own interval", source)
