"""What a heatmap shows (the app's panels and the static figures alike), computed from a ScoreSet
without Qt: the matrices (normalised or raw), the rows at noise level, the colour range, and
which rows/columns are the cue and target words or which words a clicked cell stands for."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from analysis.compare import word_positions
from analysis.methods import COMPONENTS, method_title
from analysis.results import noise_rows

__all__ = ["AXIS_TITLES", "COMPONENT_TITLES", "PanelData", "method_title", "noise_rows",
           "panel_data"]

# Derived from the registries (analysis.methods): titles are defined once, there.
COMPONENT_TITLES = {name: c.title for name, c in COMPONENTS.items()}
AXIS_TITLES = {name: c.axes for name, c in COMPONENTS.items()}  # (rows, columns)
# Token rows are labelled by the output token (as in the reference); the input token the row
# was computed from follows it, since early cross-attention layers read the INPUT token's word.
INPUT_MARK = " ← "


SPECIAL_SHORT = {"startoftranscript": "sot", "endoftext": "eot", "notimestamps": "no-ts",
                 "transcribe": "transcribe", "translate": "translate"}


def short_labels(labels: list[str]) -> list[str]:
    """Readable axis labels: byte-level tokens decoded, Whisper's special tokens shortened
    (``<|startoftranscript|>`` -> ``‹sot›``, ``<|fr|>`` -> ``‹fr›``)."""
    from analysis.token_labels import display_tokens

    shown = []
    for label in display_tokens(labels):
        if label.startswith("<|") and label.endswith("|>"):
            name = label[2:-2]
            label = f"‹{SPECIAL_SHORT.get(name, name)}›"
        shown.append(label)
    return shown


@dataclass(frozen=True)
class PanelData:
    """One component's matrices, per method, as shown ([layers, rows, cols] each)."""

    component: str
    methods: tuple[str, ...]
    shown: dict[str, np.ndarray]
    raw: dict[str, np.ndarray]
    noise: dict[str, np.ndarray]  # [layers, rows] True where the raw row sum is noise
    row_labels: list[str]
    col_labels: list[str]
    is_raw: bool
    row_inputs: list[str] | None = None  # decoder and cross: each row's input token

    def row_axis_labels(self) -> list[str]:
        """Row labels as shown: "‹output› ← ‹input›" for token rows, else the label."""
        rows = short_labels(self.row_labels)
        if not self.row_inputs:
            return rows
        return [f"{out}{INPUT_MARK}{given}" for out, given in
                zip(rows, short_labels(self.row_inputs), strict=True)]

    @property
    def layers(self) -> int:
        return next(iter(self.shown.values())).shape[0] if self.shown else 0

    def levels(self, method: str | None = None) -> tuple[float, float]:
        """Colour range: shared by every method and layer (one method's when given). Rows
        at noise level are left out: normalising float noise gives arbitrary values
        (hundreds, or negative) that would wash out every real score."""
        methods = [method] if method else list(self.methods)
        values = [self.shown[m][~self.noise[m]] for m in methods]  # [n rows kept, cols]
        finite = [v[np.isfinite(v)] for v in values]
        low = min((float(v.min()) for v in finite if v.size), default=0.0)
        high = max((float(v.max()) for v in finite if v.size), default=1.0)
        low = min(low, 0.0)
        if -low < 1e-6 * abs(high):  # rounding just below zero, not a negative score
            low = 0.0
        return (low, high if high > low else low + 1.0)


def panel_data(scoreset, component: str, raw: bool = False, methods=None) -> PanelData:
    """``methods`` (default: all of the component's) in the order given. A score of the
    model's output (one "layer", e.g. occlusion) is repeated on every layer of the others."""
    methods = tuple(methods or scoreset.methods(component))
    layers = max(scoreset.get(component, m).shape[0] for m in methods)

    def matrix(method, raw_values):
        array = np.asarray(scoreset.get(component, method, raw=raw_values))
        return np.broadcast_to(array, (layers, *array.shape[1:])) if len(array) == 1 else array

    raws = {m: matrix(m, True) for m in methods}
    shown = raws if raw else {m: matrix(m, False) for m in methods}
    return PanelData(
        component=component,
        methods=methods,
        shown=shown,
        raw=raws,
        noise={m: noise_rows(raws[m]) for m in methods},
        row_labels=list(scoreset.row_labels[component]),
        col_labels=list(scoreset.col_labels[component]),
        is_raw=raw,
        row_inputs=row_input_labels(scoreset, component),
    )


def row_input_labels(scoreset, component: str) -> list[str] | None:
    """The input token of each decoder or cross row (the decoder's column labels, which a
    ScoreSet keeps in its meta when the decoder component was not scored)."""
    if component not in ("decoder", "cross"):
        return None
    labels = scoreset.col_labels.get("decoder") or scoreset.provenance.decoder_input_labels
    rows = scoreset.row_labels.get(component, [])
    return list(labels) if labels and len(labels) == len(rows) else None


def highlights(scoreset, component: str, cue: int | None, target: int | None
               ) -> tuple[dict[int, str], dict[int, str]]:
    """Rows and columns belonging to the cue and target words: {index: "cue"|"target"}."""
    result = []
    for axis in ("row", "col"):
        positions = word_positions(scoreset, component, axis)
        marks: dict[int, str] = {}
        for role, word in (("cue", cue), ("target", target)):
            if word is not None and 0 <= word < len(positions):
                marks.update({i: role for i in positions[word]})
        result.append(marks)
    return result[0], result[1]


def cell_words(scoreset, component: str, row: int, col: int) -> tuple[int | None, int | None]:
    """The word indices a cell's row and column stand for (None for special tokens)."""
    found = []
    for axis, index in (("row", row), ("col", col)):
        positions = word_positions(scoreset, component, axis)
        found.append(next((w for w, where in enumerate(positions) if index in where), None))
    return found[0], found[1]
