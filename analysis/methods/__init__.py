"""Score methods behind one explicit registry (filled here, not by import side effects).

The registry is the single source of method names and titles: the CLI, batch, the app's
method choice, the heatmap docks and the CSV all read it. Adding a measure means one module
and one line below. Components have their own registry (``components.COMPONENTS``).
"""

from analysis.methods import (
    alti,
    attention,
    attention_norm,
    grad_input,
    occlusion,
    value_zeroing,
)
from analysis.methods.base import LayerView, Method
from analysis.methods.components import COMPONENTS, component_title, model_components
from analysis.methods.rollout import base_method, is_rollout, rollout_name

REGISTRY: dict[str, Method] = {m.name: m for m in (
    attention.METHOD,
    value_zeroing.METHOD,
    attention_norm.METHOD,
    alti.METHOD,
    occlusion.METHOD,
    occlusion.STATES_METHOD,
    grad_input.METHOD,
)}
DEFAULT_METHODS = ("attention", "value_zeroing")


def method_title(name: str) -> str:
    """The display title of a method or of a derived score (``"alti.rollout"``)."""
    method = REGISTRY.get(base_method(name))
    title = method.title if method else base_method(name).replace("_", " ").capitalize()
    return f"{title} rollout" if is_rollout(name) else title


def method_names() -> list[str]:
    return list(REGISTRY)


__all__ = ["COMPONENTS", "DEFAULT_METHODS", "REGISTRY", "LayerView", "Method",
           "component_title", "method_names", "method_title", "model_components",
           "rollout_name"]
