"""The example utterances in resources/examples (made by tools/make_examples.py)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

EXAMPLES_FOLDER = Path(__file__).resolve().parents[2] / "resources" / "examples"


@dataclass(frozen=True)
class Example:
    title: str
    audio: Path
    alignment: Path


def list_examples(folder: Path = EXAMPLES_FOLDER) -> list[Example]:
    examples = []
    for audio in sorted(folder.glob("*.wav")) if folder.is_dir() else []:
        alignment = audio.with_suffix(".json")
        if alignment.is_file():
            title = audio.stem.replace("_", " ").capitalize() + "."
            examples.append(Example(title, audio, alignment))
    return examples
