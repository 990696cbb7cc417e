"""Alignment test sets with exact truth: each word synthesised alone with espeak-ng, trimmed
to its first and last sample above 1e-3, and the words joined with known pauses.

A clip is one sentence in one voice at one speaking rate, with 0.15-0.5 s of silence before
and after, joined either with pauses of 40-300 ms (``pauses``) or with no pause at all
(``connected``), plus white noise 70 dB below full scale so that no pause is digitally silent.
Random choices are seeded: the same arguments always build the same clips.
"""

from __future__ import annotations

import io
import subprocess
import zlib
from dataclasses import dataclass
from functools import cache

import numpy as np

SAMPLE_RATE = 16000
NOISE_RMS = 10 ** (-70 / 20)
SENTENCES = {
    "fr": ["Ils mangent des pommes dans le jardin",
           "Elle parle souvent de son voyage en Italie",
           "Les enfants regardent les oiseaux sur le toit",
           "Nous avons trouvé une petite maison près de la mer",
           "Le chat dort tranquillement devant la cheminée"],
    "en": ["They eat apples in the garden every morning",
           "She often talks about her trip to Italy",
           "The children watch the birds on the roof",
           "We found a small house near the sea",
           "The cat sleeps quietly in front of the fire"],
}
VOICES = {"fr": ["fr", "fr+f3", "fr+m3", "mb-fr1"], "en": ["en-us", "en+f2", "en-gb", "mb-us1"]}
RATES = [140, 175, 220]  # words per minute
MODES = ("pauses", "connected")


@dataclass(frozen=True)
class TruthClip:
    name: str
    waveform: np.ndarray  # float32, mono, SAMPLE_RATE
    text: str
    words: list[tuple[str, float, float]]  # exact (label, start, end), seconds


@cache
def voice_available(voice: str) -> bool:
    """espeak-ng speaks with ``voice`` (mbrola voices need their Debian package)."""
    try:
        return len(_synthesise("test", voice, 175)) > 0
    except (subprocess.CalledProcessError, RuntimeError, FileNotFoundError):
        return False


@cache
def _synthesise(word: str, voice: str, rate: int) -> np.ndarray:
    import soundfile
    import soxr

    done = subprocess.run(["espeak-ng", "-v", voice, "-s", str(rate), "--stdout", word],
                          capture_output=True, check=True)
    if len(done.stdout) < 100:
        raise RuntimeError(f"espeak-ng voice {voice} gave no audio")
    audio, rate_in = soundfile.read(io.BytesIO(done.stdout), dtype="float32")
    audio = soxr.resample(audio, rate_in, SAMPLE_RATE).astype(np.float32)
    loud = np.flatnonzero(np.abs(audio) > 1e-3)
    if len(loud) == 0:
        raise RuntimeError(f"espeak-ng said nothing for {word!r}")
    return audio[loud[0]: loud[-1] + 1]


def build_clip(sentence: str, voice: str, rate: int, mode: str, seed: int) -> TruthClip:
    rng = np.random.default_rng(seed)
    labels = sentence.split()
    pieces = [np.zeros(int(rng.uniform(0.15, 0.5) * SAMPLE_RATE), np.float32)]
    position, words = len(pieces[0]), []
    for n, label in enumerate(labels):
        audio = _synthesise(label, voice, rate)
        words.append((label, position / SAMPLE_RATE, (position + len(audio)) / SAMPLE_RATE))
        pieces.append(audio)
        position += len(audio)
        if n < len(labels) - 1 and mode == "pauses":
            gap = np.zeros(int(rng.uniform(0.04, 0.3) * SAMPLE_RATE), np.float32)
            pieces.append(gap)
            position += len(gap)
    pieces.append(np.zeros(int(rng.uniform(0.15, 0.5) * SAMPLE_RATE), np.float32))
    waveform = np.concatenate(pieces)
    waveform = waveform + (NOISE_RMS * rng.standard_normal(len(waveform))).astype(np.float32)
    return TruthClip(f"{voice}@{rate}/{mode}/{labels[0]}-{labels[1]}", waveform, sentence,
                     words)


def truth_set(language: str, mode: str, voices: list[str] | None = None,
              rates: list[int] | None = None, sentences: int | None = None) -> list[TruthClip]:
    """Every sentence x available voice x rate of ``language`` joined in ``mode``."""
    clips = []
    for voice in voices or VOICES[language]:
        if not voice_available(voice):
            continue
        for rate in rates or RATES:
            for s, sentence in enumerate(SENTENCES[language][:sentences]):
                seed = zlib.crc32(f"{voice}/{rate}/{s}/{mode}".encode())
                clips.append(build_clip(sentence, voice, rate, mode, seed))
    return clips
