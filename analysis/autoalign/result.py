"""What an automatic aligner returns: timed words with a confidence each, and the words it
could not place (never given invented times)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, NamedTuple

from analysis.words import Word

if TYPE_CHECKING:
    from analysis.autoalign.refine import RefinementReport

DEFAULT_REVIEW_BELOW = 0.5
PHONE_TIER = "phones"


@dataclass(frozen=True)
class ScoredWord:
    label: str
    start: float  # seconds
    end: float  # seconds
    confidence: float  # 0..1; how the aligner scores it is in ``AutoAlignment.scoring``
    index: int  # position among the transcription's words

    @property
    def word(self) -> Word:
        return Word(self.label, self.start, self.end)


class TimedLabel(NamedTuple):
    """A labelled stretch of time, e.g. a phoneme."""

    label: str
    start: float
    end: float


@dataclass(frozen=True)
class UnalignedWord:
    label: str
    index: int
    reason: str


@dataclass(frozen=True)
class AutoAlignment:
    words: list[ScoredWord]  # in time order, not overlapping
    unaligned: list[UnalignedWord]
    duration: float  # seconds of audio aligned
    aligner: str  # "praat", "ctc" or "whisper"
    model: str
    scoring: str  # what ``confidence`` means
    notes: list[str] = field(default_factory=list)  # e.g. characters the model cannot spell
    phones: list[TimedLabel] = field(default_factory=list)  # phonemes, when the aligner gives them
    refinement: RefinementReport | None = None  # what the pause refinement moved, if it ran

    @property
    def scores(self) -> list[float]:
        return [w.confidence for w in self.words]

    def plain_words(self) -> list[Word]:
        return [w.word for w in self.words]

    def tier(self, name: str = "words", xmin: float = 0.0, xmax: float | None = None):
        """The word tier: one interval per aligned word, gaps as empty intervals."""
        from analysis.alignment import words_to_tier

        return words_to_tier(self.plain_words(), xmin, self.duration if xmax is None else xmax,
                             name=name)

    def phone_tier(self, name: str = PHONE_TIER, xmin: float = 0.0, xmax: float | None = None):
        """The phoneme tier (empty intervals between phonemes), or None without phonemes."""
        from analysis.alignment import words_to_tier

        if not self.phones:
            return None
        return words_to_tier(self.phones, xmin, self.duration if xmax is None else xmax,
                             name=name)

    def with_words(self, words: list[ScoredWord], phones: list[TimedLabel],
                   refinement: RefinementReport) -> AutoAlignment:
        return replace(self, words=words, phones=phones, refinement=refinement)

    def to_review(self, threshold: float = DEFAULT_REVIEW_BELOW) -> list[ScoredWord]:
        return [w for w in self.words if w.confidence < threshold]


def finalise_words(words: list[ScoredWord], duration: float, resolution: float,
                   unaligned: list[UnalignedWord]) -> list[ScoredWord]:
    """Keep the words in text order, clamp them to the audio, start each no earlier than the
    previous one ends and give it at least ``resolution`` (the aligner's frame); a word for
    which no audio is left is moved to ``unaligned``."""
    result: list[ScoredWord] = []
    for w in sorted(words, key=lambda w: w.index):
        floor = result[-1].end if result else 0.0
        start = min(max(float(w.start), floor), duration)
        end = min(max(float(w.end), start + resolution), duration)
        if end - start < resolution / 2:
            unaligned.append(UnalignedWord(w.label, w.index, "no audio was left for it"))
            continue
        result.append(ScoredWord(w.label, round(start, 6), round(end, 6), w.confidence, w.index))
    unaligned.sort(key=lambda u: u.index)
    return result
