"""The scored components of a model: one registry of their names, titles and axes."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Component:
    name: str
    title: str
    axes: tuple[str, str]  # (rows, columns)
    whisper_only: bool  # only encoder-decoder models have it
    square: bool  # rows and columns index the same positions (rollout applies)
    shape: str  # what the matrix crosses, for dock titles

    @property
    def dock_title(self) -> str:
        return f"{self.name.capitalize()} ({self.shape})"


COMPONENTS: dict[str, Component] = {c.name: c for c in (
    Component("encoder", "Encoder", ("word", "mixed-in word"), False, True, "words × words"),
    Component("decoder", "Decoder", ("output token", "input token"), True, True,
              "output × input tokens"),
    Component("cross", "Cross-attention", ("output token", "word"), True, False,
              "output tokens × words"),
)}


def score_key(component: str, method: str) -> str:
    """The ScoreSet key of one component's scores by one method (``"cross.alti"``)."""
    return f"{component}.{method}"


def model_components(is_whisper: bool) -> tuple[str, ...]:
    """The components a model has, in registry order."""
    return tuple(name for name, c in COMPONENTS.items() if is_whisper or not c.whisper_only)


def component_title(name: str) -> str:
    return COMPONENTS[name].title if name in COMPONENTS else name
