"""Word and phoneme alignment with no model download: Praat's own eSpeak-based aligner.

Praat (through parselmouth) synthesises the transcription with its bundled eSpeak, and
"SpeechSynthesizer & Sound & TextGrid: To TextGrid (align)" warps the synthetic speech onto
the recording (dynamic time warping of their spectra, clause by clause), giving a word tier
and a phoneme tier. Every language eSpeak speaks works: ``language`` is an eSpeak code
(``fr``, ``en``, ``de``, ``cmn``...) or one of Praat's language names ("French (Belgium)").

eSpeak's synthetic speech has no pauses, and the warping follows a take's pauses badly (it
lets words drift into them), so the take is aligned with its silences squeezed to 40 ms
(``analysis.autoalign.pauses.squeeze_pauses``) and the times are mapped back. The
"(align,trim)" variant also exists in parselmouth's Praat, but it returns times on its own
trimmed copy of the sound, not on the recording, so MixScope squeezes the pauses itself.

Praat gives no confidence, so a word's confidence here measures how plausible its duration
is: its aligned duration against eSpeak's duration for it, scaled to the speaking rate of
the whole take (1 when in proportion, 0.5 when twice too long or too short). Dynamic time
warping that loses its way squeezes or stretches words, which this catches.
"""

from __future__ import annotations

import difflib

import numpy as np

from analysis.autoalign.pauses import Squeezed, speech_activity, squeeze_pauses
from analysis.autoalign.result import (
    AutoAlignment,
    ScoredWord,
    TimedLabel,
    UnalignedWord,
    finalise_words,
)
from analysis.autoalign.text import split_words
from analysis.cancel import CancelToken, raise_if_cancelled
from analysis.errors import MixScopeError
from analysis.progress import Progress

ALIGNER = "praat"
MODEL = "Praat + eSpeak (built in)"
SCORING = "duration plausibility: aligned duration against eSpeak's, at the take's rate"
SILENCE_THRESHOLD_DB = -35.0  # Praat's defaults for the sounding/silent split
MIN_SILENT = 0.1
MIN_SOUNDING = 0.1
WORD_GAP = 0.01  # eSpeak's gap between words (Praat's default)
WORDS_PER_MINUTE = 175
RESOLUTION = 0.005  # the shortest word kept, seconds
SHARED_CONFIDENCE = 0.3  # at most, for a word timed by sharing out a grouped interval


def synthesizer(language: str, sample_rate: float):
    """A Praat SpeechSynthesizer for ``language`` whose output rate is ``sample_rate``."""
    import parselmouth
    from parselmouth.praat import call

    try:
        synth = call("Create SpeechSynthesizer", language, "Male1")
    except parselmouth.PraatError as err:
        raise MixScopeError(
            f"eSpeak has no language '{language}': give an eSpeak code such as fr, en, de, "
            "es, cmn, or a Praat language name such as 'French (Belgium)'") from err
    call(synth, "Speech output settings", float(sample_rate), WORD_GAP, 1.0, 1.0,
         WORDS_PER_MINUTE, "IPA")
    return synth


def interval_tier(grid, name: str) -> list[TimedLabel]:
    """The non-empty intervals of the tier ``name`` of a Praat TextGrid."""
    from parselmouth.praat import call

    tiers = {call(grid, "Get tier name", t): t
             for t in range(1, call(grid, "Get number of tiers") + 1)}
    tier = tiers[name]
    out = []
    for i in range(1, call(grid, "Get number of intervals", tier) + 1):
        label = call(grid, "Get label of interval", tier, i).strip()
        if label:
            out.append(TimedLabel(label, call(grid, "Get start time of interval", tier, i),
                                  call(grid, "Get end time of interval", tier, i)))
    return out


def match_words(labels: list[str], spoken: list[TimedLabel]) -> dict[int, tuple[float, float]]:
    """Times for the transcription's words from Praat's word intervals, matched in order by
    their letters (Praat keeps punctuation and case). Where eSpeak grouped or split words
    differently ("in the" as one word), the same letters are shared out: each letter gets an
    equal part of its interval, each word the span of its letters (see ``shared_words``).
    A word with no counterpart is left out."""
    ours = [_key(w) for w in labels]
    theirs = [_key(w.label) for w in spoken]
    times: dict[int, tuple[float, float]] = {}
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, ours, theirs,
                                                      autojunk=False).get_opcodes():
        if op == "equal" or (op == "replace" and i2 - i1 == j2 - j1):
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                times[i] = (spoken[j].start, spoken[j].end)
        elif op == "replace" and "".join(ours[i1:i2]) == "".join(theirs[j1:j2]):
            times.update(_share_letters(ours, i1, i2, spoken[j1:j2], theirs[j1:j2]))
        elif op == "replace" and i2 - i1 == 1:
            times[i1] = (spoken[j1].start, spoken[j2 - 1].end)
    return times


def shared_words(labels: list[str], spoken: list[TimedLabel]) -> set[int]:
    """The words whose times ``match_words`` had to share out of a grouped interval."""
    theirs = {_key(w.label) for w in spoken}
    return {i for i, label in enumerate(labels) if _key(label) not in theirs}


def _share_letters(ours, i1, i2, spoken, keys) -> dict[int, tuple[float, float]]:
    letters = []  # (start, end) of each letter, in order
    for interval, key in zip(spoken, keys, strict=True):
        step = (interval.end - interval.start) / max(len(key), 1)
        letters += [(interval.start + n * step, interval.start + (n + 1) * step)
                    for n in range(len(key))]
    times, position = {}, 0
    for i in range(i1, i2):
        first, last = position, position + len(ours[i]) - 1
        times[i] = (letters[first][0], letters[last][1])
        position += len(ours[i])
    return times


def align_praat(samples: np.ndarray, sample_rate: int, text: str, language: str = "fr",
                progress: Progress | None = None,
                cancel: CancelToken | None = None) -> AutoAlignment:
    """Align ``text`` to mono ``samples`` with Praat's eSpeak aligner: words and phonemes."""
    import parselmouth
    from parselmouth.praat import call

    labels = split_words(text)
    if not labels:
        raise MixScopeError("the transcription has no words to align")
    spoken_text = " ".join(text.split())
    duration = len(samples) / sample_rate
    if progress is not None:
        progress(0, 2, "synthesising the text with eSpeak")
    squeezed = squeeze_pauses(samples, sample_rate, speech_activity(samples, sample_rate))
    sound = parselmouth.Sound(np.asarray(squeezed.samples, dtype=np.float64),
                              sampling_frequency=float(sample_rate))
    synth = synthesizer(language, sample_rate)
    grid = call("Create TextGrid", 0.0, sound.duration, "sentence", "")
    call(grid, "Set interval text", 1, 1, spoken_text)
    if progress is not None:
        progress(1, 2, "aligning the synthetic speech to the recording (Praat)")
    try:
        aligned = call([synth, sound, grid], "To TextGrid (align)", 1, 1, 1,
                       SILENCE_THRESHOLD_DB, MIN_SILENT, MIN_SOUNDING)
    except parselmouth.PraatError as err:
        raise MixScopeError("Praat could not align the text to the audio (is it the text "
                            f"spoken, in language '{language}'?)") from err
    raise_if_cancelled(cancel, "the alignment")
    spoken = _unsqueezed(interval_tier(aligned, "word"), squeezed)
    times = match_words(labels, spoken)
    expected = _synthetic_durations(synth, spoken_text, labels)
    confidences = _duration_plausibility(times, expected)
    notes = []
    for index in sorted(shared_words(labels, spoken) & set(times)):
        confidences[index] = min(confidences[index], SHARED_CONFIDENCE)
        notes.append(f"eSpeak did not say '{labels[index]}' as a word of its own; its time was "
                     "shared out of eSpeak's word by letters (to review)")
    words, unaligned = [], []
    for index, label in enumerate(labels):
        if index in times:
            start, end = times[index]
            words.append(ScoredWord(label, start, end, confidences[index], index))
        else:
            unaligned.append(UnalignedWord(label, index, "eSpeak did not read it as one word"))
    words = finalise_words(words, duration, RESOLUTION, unaligned)
    phones = [p for p in _unsqueezed(interval_tier(aligned, "phoneme"), squeezed)
              if p.end > p.start]
    if progress is not None:
        progress(2, 2, "done")
    return AutoAlignment(words, unaligned, duration, ALIGNER, f"{MODEL}, language {language}",
                         SCORING, notes=notes, phones=phones)


def _unsqueezed(intervals: list[TimedLabel], squeezed: Squeezed) -> list[TimedLabel]:
    return [TimedLabel(i.label, squeezed.to_original(i.start), squeezed.to_original(i.end))
            for i in intervals]


def _synthetic_durations(synth, text: str, labels: list[str]) -> dict[int, float]:
    import parselmouth
    from parselmouth.praat import call

    synthetic = next(o for o in call(synth, "To Sound", text, "yes")
                     if isinstance(o, parselmouth.TextGrid))
    return {i: end - start
            for i, (start, end) in match_words(labels, interval_tier(synthetic, "word")).items()}


def _duration_plausibility(times: dict[int, tuple[float, float]],
                           expected: dict[int, float]) -> dict[int, float]:
    both = [i for i in times if expected.get(i, 0) > 0 and times[i][1] > times[i][0]]
    rate = (sum(times[i][1] - times[i][0] for i in both) / sum(expected[i] for i in both)
            if both else 1.0)
    scores = {}
    for i, (start, end) in times.items():
        if i in both:
            ratio = (end - start) / (rate * expected[i])
            scores[i] = round(min(ratio, 1 / ratio), 3)
        else:
            scores[i] = 0.0
    return scores


def _key(word: str) -> str:
    return "".join(c for c in word.casefold() if c.isalnum())
