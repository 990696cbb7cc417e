"""Prompts to read aloud: one sentence per line of a text file, and words spread evenly over a
recording as a first alignment for the user to adjust."""

from __future__ import annotations

from pathlib import Path

from analysis.errors import MixScopeError
from analysis.words import Word


def load_prompts(path: str | Path) -> list[str]:
    """Non-empty lines of a UTF-8 text file (lines starting with # are comments)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as err:
        raise MixScopeError(f"prompt file not found: {path}") from err
    except (OSError, UnicodeDecodeError) as err:
        raise MixScopeError(f"cannot read prompt file {path}: {err}") from err
    prompts = [line.strip() for line in text.splitlines()
               if line.strip() and not line.lstrip().startswith("#")]
    if not prompts:
        raise MixScopeError(f"prompt file {path} contains no prompts")
    return prompts


PUNCTUATION = ".,;:!?…«»\"“”„()[]—–-"


def prompt_words(prompt: str, duration: float) -> list[Word]:
    """The prompt's words (punctuation around them dropped, so "pommes !" gives "pommes"),
    each given an equal share of ``duration``."""
    labels = [w.strip(PUNCTUATION) for w in prompt.split()]
    labels = [w for w in labels if w]
    if not labels or duration <= 0:
        return []
    step = duration / len(labels)
    return [Word(label, i * step, duration if i == len(labels) - 1 else (i + 1) * step)
            for i, label in enumerate(labels)]


class PromptList:
    """A list of prompts with a current position (next / previous wrap at neither end)."""

    def __init__(self, prompts: list[str] | None = None, source: Path | None = None):
        self.prompts = list(prompts or [])
        self.source = source
        self.index = 0

    @classmethod
    def from_file(cls, path: str | Path) -> PromptList:
        return cls(load_prompts(path), Path(path))

    @property
    def current(self) -> str:
        return self.prompts[self.index] if self.prompts else ""

    def next(self) -> str:
        self.index = min(self.index + 1, max(len(self.prompts) - 1, 0))
        return self.current

    def previous(self) -> str:
        self.index = max(self.index - 1, 0)
        return self.current

    def position(self) -> str:
        return f"{self.index + 1} / {len(self.prompts)}" if self.prompts else ""


def prompt_grid(prompt: str, duration: float):
    """A TextGrid with one "words" tier: the prompt's words spread evenly, or one empty
    interval when there is no prompt."""
    from analysis.alignment.model import TextGrid, words_to_tier

    tier = words_to_tier(prompt_words(prompt, duration), 0.0, duration)
    return TextGrid(0.0, duration, (tier,))
