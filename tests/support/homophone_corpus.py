"""A small synthetic homophone corpus (espeak-ng words with exact times) written as a corpus
folder: WAV files plus metadata.jsonl in the reference dataset's schema."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import soundfile

from tests.support.audio import espeak_words

UTTERANCES = [
    ("ils mangent des pommes", "ils", "mangent"),
    ("il mange une pomme", "il", "mange"),
    ("elles chantent bien", "elles", "chantent"),
]


def write_corpus(folder: Path, utterances=UTTERANCES, copies: int = 1,
                 extra_records: list[dict] = ()) -> Path:
    """Write ``copies`` of each utterance (distinct file names) and ``extra_records``
    (raw metadata lines, e.g. broken examples) into ``folder``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    records = []
    for number, (text, cue, target) in enumerate(utterances):
        spoken = espeak_words(text.split())
        for copy in range(copies):
            name = f"utt{number}_{copy}.wav"
            soundfile.write(folder / name, spoken.waveform, spoken.sample_rate, subtype="PCM_16")
            records.append(record(name, text, cue, target, spoken.words))
    records += list(extra_records)
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    (folder / "metadata.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def record(file_name, text, cue, target, words, target_2=None) -> dict:
    return {
        "file_name": file_name, "transcription": text, "cue_word": cue, "target_word": target,
        "target_word_2": target_2,
        "alignment": {"intervals": [{"word": w, "start": s, "end": e} for w, s, e in words]},
        "speaker": "espeak", "notes": "",
    }


def silent_wav(folder: Path, name: str, seconds: float = 1.0) -> str:
    soundfile.write(Path(folder) / name, np.zeros(int(16000 * seconds), np.float32), 16000)
    return name
