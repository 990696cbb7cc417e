"""Contrastive homophones over a small corpus on real weights (not a test): does blanking the
cue word move log p(target) - log p(alternative) more than blanking the other words?

    PYTHONPATH=$PWD .venv/bin/python bench/contrast_batch_real.py OUT_FOLDER \
        [--model ../shared/models/whisper-tiny.en] [--voice en]

Synthesises English sentences word by word with espeak-ng (exact word times) into a corpus
folder with an ``alternative`` column (another spelling of each target), runs ``main.py
batch`` (trained weights and the random-init baseline, the corpus text teacher-forced) and
``main.py curves --target contrast``, and prints the contrast table (mean and 95% interval
over examples of each quantity of analysis.contrastive.QUANTITIES, nats).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# (sentence, cue, target, alternative spelling of the target)
UTTERANCES = [
    ("yesterday the children read their books", "yesterday", "read", "red"),
    ("the wind blew hard all night", "wind", "blew", "blue"),
    ("she wore a blue dress", "dress", "blue", "blew"),
    ("he knew the answer", "answer", "knew", "new"),
    ("we rode the horse home", "horse", "rode", "road"),
    ("please write your name here", "name", "write", "right"),
    ("they sold their old house", "house", "their", "there"),
    ("my son plays football", "plays", "son", "sun"),
]


def write_corpus(folder: Path, voice: str) -> Path:
    import soundfile

    from tests.support.audio import espeak_words
    from tests.support.homophone_corpus import record

    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for number, (text, cue, target, alternative) in enumerate(UTTERANCES):
        spoken = espeak_words(text.split(), voice=voice)
        name = f"utt{number}.wav"
        soundfile.write(folder / name, spoken.waveform, spoken.sample_rate, subtype="PCM_16")
        entry = record(name, text, cue, target, spoken.words)
        lines.append(json.dumps({**entry, "alternative": alternative}))
    (folder / "metadata.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--model", default=str(ROOT.parent / "shared/models/whisper-tiny.en"))
    parser.add_argument("--voice", default="en")
    args = parser.parse_args()
    corpus = write_corpus(args.out / "corpus", args.voice)
    results = args.out / "batch"
    main_py = [sys.executable, str(ROOT / "main.py")]
    batch = main_py + ["batch", "--corpus", str(corpus), "--model", args.model, "--out",
                       str(results), "--weights", "both", "--methods", "attention",
                       "--decoder-tokens", "transcription", "--language", "en",
                       "--device", "cpu", "-q"]
    curves = main_py + ["curves", str(results), "--target", "contrast", "--csv",
                        str(args.out / "curves.csv"), "--png", str(args.out / "contrast.png")]
    for command in (batch, curves):
        print(" ".join(command))
        subprocess.run(command, check=True)

    import pandas as pd

    from analysis.contrastive import QUANTITIES, ROLE

    table = pd.read_csv(args.out / "curves.csv")
    table = table[table["target_role"] == ROLE].copy()
    table["quantity"] = [QUANTITIES[layer - 1] for layer in table["layer"]]
    columns = ["weights", "quantity", "n", "mean", "ci_low", "ci_high"]
    print(table[columns].to_string(index=False, float_format="%.3f"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
