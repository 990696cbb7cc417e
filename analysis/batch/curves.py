"""Cue-contribution curves: per layer, the mean over examples and its 95% confidence
interval, per run (model x trained/random-init), component, method and target role.

Depth is ``layer / n_layers`` so that models of different depths share one axis
(the last layer is at 1.0)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.atomic import atomic_write_text
from analysis.batch.stats import t_quantile

CURVE_KEYS = ["run", "model", "weights", "component", "method", "target_role"]
CURVE_COLUMNS = CURVE_KEYS + ["layer", "n_layers", "depth", "n", "mean", "sd", "ci_low",
                              "ci_high"]
DEFAULT_CHOICE = ("encoder", "value_zeroing")  # component and method plotted unless chosen


def curve_choice(target_role: str, component: str | None = None,
                 method: str | None = None) -> tuple[str, str]:
    """The component and method to plot for ``target_role`` (None: its default; the contrast
    has one of each)."""
    from analysis.contrastive import ROLE as CONTRAST_ROLE
    from analysis.score_table import CONTRAST_COMPONENT, CONTRAST_METHOD

    default = (CONTRAST_COMPONENT, CONTRAST_METHOD) if target_role == CONTRAST_ROLE \
        else DEFAULT_CHOICE
    return component or default[0], method or default[1]


def x_column(target_role: str, x: str) -> str:
    """The column on the x axis: ``x`` ("depth" or "layer"), except for the contrast rows,
    which have no layers: their "layer" numbers the quantity (see ``x_ticks``)."""
    from analysis.contrastive import ROLE as CONTRAST_ROLE

    return "layer" if target_role == CONTRAST_ROLE else x


def x_ticks(target_role: str) -> list[tuple[int, str]] | None:
    """Named x positions: the contrast's quantities; None for layers."""
    from analysis.contrastive import QUANTITIES
    from analysis.contrastive import ROLE as CONTRAST_ROLE

    return list(enumerate(QUANTITIES, 1)) if target_role == CONTRAST_ROLE else None


def curves(results: pd.DataFrame, confidence: float = 0.95) -> pd.DataFrame:
    """One line per curve point. The interval is mean ± t(n-1) · sd / sqrt(n) (empty for a
    single example)."""
    if results.empty:
        return pd.DataFrame(columns=CURVE_COLUMNS)
    frame = results.copy()
    frame["weights"] = frame["weights"].fillna("trained")
    grouped = frame.groupby(CURVE_KEYS + ["layer", "n_layers"], sort=True, dropna=False)["value"]
    table = grouped.agg(n="count", mean="mean", sd="std").reset_index()
    half = [
        t_quantile(0.5 + confidence / 2, n - 1) * sd / math.sqrt(n) if n > 1 else math.nan
        for n, sd in zip(table["n"], table["sd"], strict=True)
    ]
    table["ci_low"] = table["mean"] - np.asarray(half)
    table["ci_high"] = table["mean"] + np.asarray(half)
    table["depth"] = table["layer"] / table["n_layers"]
    return table[CURVE_COLUMNS]


def write_curves_csv(table: pd.DataFrame, path: str | Path) -> Path:
    atomic_write_text(path, table.to_csv(index=False, float_format="%.10g"))
    return Path(path)


def select(frame: pd.DataFrame, **equal) -> pd.DataFrame:
    """Rows whose columns equal the given values (None: any value)."""
    mask = np.ones(len(frame), dtype=bool)
    for column, value in equal.items():
        if value is not None:
            mask &= (frame[column] == value).to_numpy()
    return frame[mask]


def outliers(results: pd.DataFrame, *, run: str, component: str, method: str,
             target_role: str = "target", count: int = 5) -> pd.DataFrame:
    """The examples farthest from the curve: per example, the largest |z| over layers."""
    rows = select(results, run=run, component=component, method=method,
                  target_role=target_role)
    if rows.empty:
        return rows.assign(z=[])
    stats = rows.groupby("layer")["value"].agg(["mean", "std"])
    joined = rows.join(stats, on="layer")
    spread = joined["std"].where(joined["std"] > 0)
    joined = joined.assign(z=((joined["value"] - joined["mean"]) / spread).abs().fillna(0.0))
    best = joined.sort_values("z", ascending=False).drop_duplicates("example_id")
    return best.head(count)[["example_id", "layer", "value", "z"]].reset_index(drop=True)


def run_label(run_rows: pd.DataFrame) -> str:
    model = str(run_rows["model"].iloc[0]).rstrip("/")
    name = Path(model).name if "/" in model and Path(model).exists() else model
    weights = run_rows["weights"].iloc[0]
    return name if weights == "trained" else f"{name} (random init)"


def series(table: pd.DataFrame, *, component: str, method: str, target_role: str = "target",
           x: str = "depth", runs=None) -> list[dict]:
    """The curves to draw for one component/method: per run, its label, weights, x values
    (normalised depth or layer; the contrast's quantity), mean and interval, in layer
    order."""
    x = x_column(target_role, x)
    chosen = select(table, component=component, method=method, target_role=target_role)
    found = []
    for run, rows in chosen.groupby("run", sort=True):
        if runs is not None and run not in runs:
            continue
        rows = rows.sort_values("layer")
        found.append({
            "run": run, "label": run_label(rows), "weights": rows["weights"].iloc[0],
            "x": rows[x].to_numpy(float), "mean": rows["mean"].to_numpy(float),
            "low": rows["ci_low"].to_numpy(float), "high": rows["ci_high"].to_numpy(float),
            "n": int(rows["n"].max()),
        })
    return found
