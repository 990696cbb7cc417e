"""Pause-aware word boundaries, for every aligner.

Aligners place word boundaries from a model's view of the audio; they tend to let a word run
on into the pause after it (Whisper: a word ends where the next one starts) and to start the
first word at 0. Given the recording's silences (``analysis.autoalign.pauses``):

- the pauses are matched to the boundaries between words, in order, by a small dynamic
  programme: a pause goes to the nearest boundary within the aligner's reach (about its
  typical error, ``REACH``), a pause far from every boundary (a stop closure inside a word)
  stays inside its word, a boundary with no pause stays connected;
- a matched pause becomes an empty interval: the word before ends where it begins, the word
  after starts where it ends;
- a gap the aligner left between two words where the audio is not silent is closed;
- a boundary between connected words snaps to the intensity minimum within ``snap_window``;
- the first word starts where speech starts, the last ends where it stops;
- every boundary finally snaps to the nearest zero crossing within ``zero_window``.
Phoneme boundaries move with their word's edges. ``RefinementReport`` says what moved.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from analysis.autoalign.pauses import PauseSettings, SpeechActivity, speech_activity
from analysis.autoalign.result import AutoAlignment, ScoredWord, TimedLabel
from analysis.zero_crossing import nearest_zero_crossing

SKIP_BOUNDARY = 0.1  # seconds-equivalent cost of leaving a boundary without a pause
SKIP_PAUSE = 0.05  # ... and of leaving a pause inside a word (plus PAUSE_WEIGHT x its length)
PAUSE_WEIGHT = 2.0  # long silences are word boundaries far more often than closures
# How far (seconds) from an aligner's boundary its pause may be: about the aligner's error.
REACH = {"praat": 0.3, "ctc": 0.3, "whisper": 0.5}
DEFAULT_REACH = 0.3


@dataclass(frozen=True)
class RefineSettings:
    pauses: PauseSettings = PauseSettings()
    snap_window: float = 0.03  # seconds around a connected boundary for an intensity minimum
    zero_window: float = 0.002  # seconds around any boundary for a zero crossing
    min_word: float = 0.02  # seconds: no word is made shorter
    reach: float | None = None  # seconds; None: the aligner's own (``REACH``)


@dataclass(frozen=True)
class RefinementReport:
    """What the refinement moved: boundaries (word starts and ends) and pauses carved."""

    moved: int  # word starts and ends that moved by more than a millisecond
    total: int  # word starts and ends
    mean_shift: float  # seconds, over all starts and ends
    max_shift: float
    pauses_carved: int  # pauses made empty intervals between words
    gaps_closed: int  # gaps between words that were not silent
    onset: float | None  # where speech starts, seconds
    offset: float | None
    word_shifts: tuple[tuple[float, float, float, float], ...] = ()  # (start, end, moved
    # start by, moved end by), seconds, for each refined word

    def shift_of(self, start: float, end: float) -> str:
        """How the refinement moved the word now at [start, end] ("" if none is there)."""
        for s, e, moved_start, moved_end in self.word_shifts:
            if abs(s - start) < 1e-6 and abs(e - end) < 1e-6:
                return (f"refinement moved its start {moved_start * 1000:+.0f} ms, end "
                        f"{moved_end * 1000:+.0f} ms")
        return ""

    def summary(self) -> str:
        if self.onset is None:
            return "refinement: no speech found above the silence threshold; nothing moved"
        return (f"refinement moved {self.moved} of {self.total} word boundaries (mean "
                f"{self.mean_shift * 1000:.0f} ms, max {self.max_shift * 1000:.0f} ms); "
                f"{self.pauses_carved} pauses carved, {self.gaps_closed} gaps closed; speech "
                f"from {self.onset:.3f} s to {self.offset:.3f} s")


def refine_alignment(result: AutoAlignment, samples: np.ndarray, sample_rate: int,
                     settings: RefineSettings = RefineSettings()) -> AutoAlignment:
    """``result`` with its word (and phoneme) boundaries refined on the recording's pauses."""
    words = sorted(result.words, key=lambda w: w.start)
    activity = speech_activity(samples, sample_rate, settings.pauses) if words else None
    if activity is None:
        report = RefinementReport(0, 2 * len(words), 0.0, 0.0, 0, 0, None, None)
        return result.with_words(result.words, result.phones, report)
    starts = np.array([w.start for w in words], dtype=float)
    ends = np.array([w.end for w in words], dtype=float)
    reach = settings.reach if settings.reach is not None else REACH.get(result.aligner,
                                                                        DEFAULT_REACH)
    new_starts, new_ends, carved, closed = _refine_edges(starts, ends, activity, settings,
                                                         reach)
    new_starts, new_ends = _snap_to_zero(samples, sample_rate, new_starts, new_ends, settings)
    refined = [ScoredWord(w.label, float(s), float(e), w.confidence, w.index)
               for w, s, e in zip(words, new_starts, new_ends, strict=True)]
    phones = _move_phones(result.phones, starts, ends, new_starts, new_ends)
    shifts = np.abs(np.concatenate((new_starts - starts, new_ends - ends)))
    moves = tuple((float(s), float(e), float(s - s0), float(e - e0)) for s, e, s0, e0
                  in zip(new_starts, new_ends, starts, ends, strict=True))
    report = RefinementReport(int((shifts > 0.001).sum()), len(shifts), float(shifts.mean()),
                              float(shifts.max()), carved, closed, activity.onset,
                              activity.offset, moves)
    return result.with_words(refined, phones, report)


def match_pauses(boundaries: list[tuple[float, float]], pauses: list[tuple[float, float]],
                 reach: float = DEFAULT_REACH) -> dict[int, int]:
    """Boundary index -> pause index, monotonic, minimising the distance between each matched
    pause and boundary (at most ``reach``) plus a cost for every boundary and pause left
    unmatched."""
    n, m = len(boundaries), len(pauses)
    cost = np.full((n + 1, m + 1), np.inf)
    move = np.zeros((n + 1, m + 1), dtype=np.int8)  # 0 match, 1 skip boundary, 2 skip pause
    cost[0, 0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            if i and j and _distance(boundaries[i - 1], pauses[j - 1]) <= reach:
                c = cost[i - 1, j - 1] + _distance(boundaries[i - 1], pauses[j - 1])
                if c < cost[i, j]:
                    cost[i, j], move[i, j] = c, 0
            if i and cost[i - 1, j] + SKIP_BOUNDARY < cost[i, j]:
                cost[i, j], move[i, j] = cost[i - 1, j] + SKIP_BOUNDARY, 1
            if j:
                length = pauses[j - 1][1] - pauses[j - 1][0]
                c = cost[i, j - 1] + SKIP_PAUSE + PAUSE_WEIGHT * length
                if c < cost[i, j]:
                    cost[i, j], move[i, j] = c, 2
    matched, i, j = {}, n, m
    while i or j:
        if move[i, j] == 0:
            matched[i - 1] = j - 1
            i, j = i - 1, j - 1
        elif move[i, j] == 1:
            i -= 1
        else:
            j -= 1
    return matched


def _distance(boundary: tuple[float, float], pause: tuple[float, float]) -> float:
    """0 when they overlap, else the time between them."""
    return max(pause[0] - boundary[1], boundary[0] - pause[1], 0.0)


def _refine_edges(starts, ends, activity: SpeechActivity, settings: RefineSettings,
                  reach: float):
    starts, ends = starts.copy(), ends.copy()
    n = len(starts)
    inside = [p for p in activity.pauses if p[0] > starts[0] and p[1] < ends[-1]] \
        if n > 1 else []
    matched = match_pauses([(ends[k], starts[k + 1]) for k in range(n - 1)], inside, reach)
    closed = 0
    for k in range(n - 1):
        if k in matched:
            starts[k + 1], ends[k] = inside[matched[k]][1], inside[matched[k]][0]
            continue
        if starts[k + 1] - ends[k] > 1e-6:
            closed += 1
        middle = (ends[k] + starts[k + 1]) / 2
        ends[k] = starts[k + 1] = activity.intensity_minimum(middle, settings.snap_window)
    if activity.onset < ends[0]:
        starts[0] = activity.onset
    if activity.offset > starts[-1]:
        ends[-1] = activity.offset
    return (*_keep_order(starts, ends, settings.min_word), len(matched), closed)


def _keep_order(starts, ends, min_word):
    """Every word at least ``min_word`` long, none overlapping the next."""
    for k in range(len(starts)):
        if k:
            starts[k] = max(starts[k], ends[k - 1])
        ends[k] = max(ends[k], starts[k] + min_word)
    return starts, ends


def _snap_to_zero(samples, sample_rate, starts, ends, settings: RefineSettings):
    def snap(t: float) -> float:
        found = nearest_zero_crossing(samples, sample_rate, t, settings.zero_window)
        return round(t if found is None else found, 6)

    new_starts = np.array([snap(t) for t in starts])
    new_ends = np.array([snap(t) for t in ends])
    shared = np.isclose(ends[:-1], starts[1:], atol=1e-9)  # connected words stay connected
    new_ends[:-1][shared] = new_starts[1:][shared]
    return _keep_order(new_starts, new_ends, settings.min_word)


def _move_phones(phones: list[TimedLabel], starts, ends, new_starts, new_ends):
    """Each phoneme inside a word is mapped linearly from the old word span to the new one;
    phonemes outside every word are dropped."""
    moved = []
    for phone in phones:
        middle = (phone.start + phone.end) / 2
        k = np.flatnonzero((starts <= middle) & (middle < ends))
        if len(k) == 0:
            continue
        k = k[0]
        scale = (new_ends[k] - new_starts[k]) / max(ends[k] - starts[k], 1e-9)

        def place(t, k=k, scale=scale):
            if t <= starts[k] or t >= ends[k]:  # a word's edges are exactly the word's
                return float(new_starts[k] if t <= starts[k] else new_ends[k])
            return round(float(new_starts[k] + (t - starts[k]) * scale), 6)

        start, end = place(phone.start), place(phone.end)
        if end > start:
            moved.append(TimedLabel(phone.label, start, end))
    return moved
