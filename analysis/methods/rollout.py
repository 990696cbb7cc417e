"""Attention rollout (Abnar & Zuidema 2020), derived from any square normalised score:
S'_l = (S_l + I) / row sums, R_1 = S'_1, R_l = S'_l R_{l-1} (the reference toolkit's
``rollout``). Stored under ``"{component}.{method}.rollout"`` without a raw array."""

from __future__ import annotations

import numpy as np

SUFFIX = ".rollout"


def rollout_name(method: str) -> str:
    return f"{method}{SUFFIX}"


def is_rollout(method: str) -> bool:
    return method.endswith(SUFFIX)


def base_method(method: str) -> str:
    """``"alti.rollout"`` -> ``"alti"``; other names unchanged."""
    return method[: -len(SUFFIX)] if is_rollout(method) else method


def rollout(scores: np.ndarray) -> np.ndarray:
    """[layers, n, n] row-normalised scores -> [layers, n, n] rolled-out scores (float64)."""
    scores = np.asarray(scores, dtype=np.float64)
    layers, rows, cols = scores.shape
    if rows != cols:
        raise ValueError(f"rollout needs square matrices, got {rows} x {cols}")
    mixed = scores + np.eye(rows)[None]
    mixed = mixed / mixed.sum(axis=-1, keepdims=True)
    result = np.empty_like(mixed)
    result[0] = mixed[0]
    for layer in range(1, layers):
        result[layer] = mixed[layer] @ result[layer - 1]
    return result
