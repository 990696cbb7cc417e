"""ScoreKey: the typed name of one score array of a ScoreSet — component, measure, and
whether it is the measure's rollout — for the ``"{component}.{method}[.rollout]"`` strings
the ``.npz`` and the tables keep."""

from __future__ import annotations

from dataclasses import dataclass

from analysis.methods.components import score_key
from analysis.methods.rollout import base_method, is_rollout, rollout_name


@dataclass(frozen=True, order=True)
class ScoreKey:
    component: str  # a name of analysis.methods.components.COMPONENTS
    method: str  # the measure's registry name, never with the ".rollout" suffix
    rollout: bool = False  # the rollout derived from the measure's scores

    @classmethod
    def parse(cls, key: str) -> ScoreKey:
        """``"decoder.alti.rollout"`` -> ScoreKey("decoder", "alti", rollout=True)."""
        component, _, method = key.partition(".")
        if not component or not method:
            raise ValueError(f"{key!r} is not a '{{component}}.{{method}}' score key")
        return cls(component, base_method(method), is_rollout(method))

    @property
    def method_name(self) -> str:
        """The method as the ScoreSet's strings name it (``"alti.rollout"``)."""
        return rollout_name(self.method) if self.rollout else self.method

    @property
    def name(self) -> str:
        return score_key(self.component, self.method_name)

    def __str__(self) -> str:
        return self.name
