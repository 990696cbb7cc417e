"""Score methods behind one explicit registry (filled here, not by import side effects)."""

from analysis.methods import attention, value_zeroing
from analysis.methods.base import Cancelled, LayerView, Method

REGISTRY: dict[str, Method] = {m.name: m for m in (attention.METHOD, value_zeroing.METHOD)}

__all__ = ["REGISTRY", "Cancelled", "LayerView", "Method"]
