"""Faithfulness on real weights (not a test): which measures agree best with occlusion.

    PYTHONPATH=$PWD .venv/bin/python bench/faithfulness_real.py OUT_FOLDER \
        [--model ../shared/models/whisper-tiny.en] [--voice en]

Synthesises an English sentence word by word with espeak-ng (exact word times), writes
OUT_FOLDER/clip.wav and clip.TextGrid, then runs ``main.py score`` with every measure and
the target word, which prints the faithfulness table (Spearman with occlusion per layer),
and summarises per component the best measures by mean correlation over layers.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WORDS = ["yesterday", "the", "children", "read", "their", "books", "aloud"]
TARGET, ALTERNATIVE = "read", "red"
METHODS = "attention,value_zeroing,attention_norm,alti,occlusion,occlusion_states,grad_input"


def write_clip(folder: Path, voice: str) -> tuple[Path, Path]:
    from analysis.alignment.io import write_alignment
    from analysis.alignment.model import TextGrid, words_to_tier
    from analysis.audio import save_audio
    from analysis.words import Word
    from tests.support.audio import espeak_words

    spoken = espeak_words(WORDS, voice=voice)
    duration = len(spoken.waveform) / spoken.sample_rate
    words = [Word(label, start, end) for label, start, end in spoken.words]
    audio, grid = folder / "clip.wav", folder / "clip.TextGrid"
    save_audio(audio, spoken.waveform, spoken.sample_rate)
    write_alignment(grid, TextGrid(0.0, duration, (words_to_tier(words, 0.0, duration),)))
    return audio, grid


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--model", default=str(ROOT.parent / "shared/models/whisper-tiny.en"))
    parser.add_argument("--voice", default="en")
    parser.add_argument("--methods", default=METHODS)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    audio, grid = write_clip(args.out, args.voice)
    npz = args.out / "scores.npz"
    command = [sys.executable, str(ROOT / "main.py"), "score", "--model", args.model,
               "--audio", str(audio), "--alignment", str(grid), "--out", str(npz),
               "--csv", str(args.out / "scores.csv"), "--methods", args.methods,
               "--language", "en", "--text", " ".join(WORDS), "--target", TARGET,
               "--alternative", ALTERNATIVE, "--device", "cpu"]
    print(" ".join(command))
    subprocess.run(command, check=True)
    from analysis.results import ScoreSet

    result = ScoreSet.load(npz)
    print("\nbest agreement with occlusion, per component (mean Spearman over layers):")
    for component in result.components():
        ranked = sorted(((float(np.nanmean(v)), key) for key, v in result.faithfulness.items()
                         if key.startswith(component + ".") and not np.all(np.isnan(v))),
                        reverse=True)
        print(f"  {component:<8} " + ", ".join(f"{k.split('.', 1)[1]} {m:+.2f}"
                                              for m, k in ranked[:4]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
