"""Make the example utterances in resources/examples with espeak-ng.

Each sentence is synthesized word by word (tests/support/audio.py ``espeak_words``), so the
word tier is exact. Writes ``<name>.wav`` (16 kHz mono PCM) and ``<name>.json`` (the dataset
JSON: transcription, cue and target words, word intervals). Run from the repository root:
``python tools/make_examples.py``."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.alignment.annotation import Annotation  # noqa: E402
from analysis.alignment.io import write_alignment  # noqa: E402
from analysis.alignment.model import TextGrid, words_to_tier  # noqa: E402
from analysis.audio import save_audio  # noqa: E402
from tests.support.audio import espeak_words  # noqa: E402

EXAMPLES = [
    # (file name, words, cue, target)
    ("ils_mangent_des_pommes", ["ils", "mangent", "des", "pommes"], "ils", "mangent"),
    ("il_mange_une_pomme", ["il", "mange", "une", "pomme"], "il", "mange"),
    ("elles_chantent_bien", ["elles", "chantent", "bien"], "elles", "chantent"),
]
# (file name, words, cue, target, voice): a 12-word English sentence for the screenshots
# with the real English-only Whisper tiny.en (agreement across a relative clause)
ENGLISH = [
    ("the_dogs_bark", "The dogs that my neighbour keeps in the garden bark every night".split(),
     "dogs", "bark", "en"),
]


def make(folder: Path = ROOT / "resources" / "examples") -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, words, cue, target, voice in [(*e, "fr") for e in EXAMPLES] + ENGLISH:
        spoken = espeak_words(words, voice=voice)
        duration = len(spoken.waveform) / spoken.sample_rate
        tier = words_to_tier(spoken.words, 0.0, duration)
        grid = TextGrid(0.0, duration, (tier,))
        sentence = " ".join(words)[:1].upper() + " ".join(words)[1:] + "."
        annotation = Annotation(transcription=sentence, cue_word=cue, target_word=target)
        save_audio(folder / f"{name}.wav", spoken.waveform, spoken.sample_rate)
        write_alignment(folder / f"{name}.json", grid, annotation)
        written.append(folder / f"{name}.wav")
    return written


if __name__ == "__main__":
    for path in make():
        print(path)
