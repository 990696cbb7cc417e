"""The example utterances in resources/examples (made by tools/make_examples.py), found
through importlib.resources: from a source checkout and from an installed wheel alike."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path


def examples_folder() -> Path:
    """The bundled examples folder (a real folder: the wheel installs them as files)."""
    return Path(str(resources.files("resources") / "examples"))


@dataclass(frozen=True)
class Example:
    title: str
    audio: Path
    alignment: Path


def list_examples(folder: Path | None = None) -> list[Example]:
    folder = examples_folder() if folder is None else folder
    examples = []
    for audio in sorted(folder.glob("*.wav")) if folder.is_dir() else []:
        alignment = audio.with_suffix(".json")
        if alignment.is_file():
            title = audio.stem.replace("_", " ").capitalize() + "."
            examples.append(Example(title, audio, alignment))
    return examples
