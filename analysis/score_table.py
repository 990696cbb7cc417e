"""A ScoreSet as one long table (pandas), and back: the single definition of the CSV columns.

One line per cell: component, method, layer (1-based, as in the paper), row, row_label, col,
col_label, score (normalised) and raw. Then the per-utterance lines: faithfulness (row = the
target word, col empty, col_label "faithfulness", score = the Spearman correlation of that
method's target row with occlusion at that layer, raw empty) and, with an alternative
spelling of the target, contrast (method "contrast": its drop per blanked word, col). What a table cannot hold in its columns (the words and
their times, word frames, decoder ids, provenance) travels in ``table.attrs`` under
``ATTRS_KEY``, which pandas keeps in parquet files, so ``from_dataframe(to_dataframe(s))``
and a parquet round trip give back an equal ScoreSet. A table without those attrs (read from
a CSV, say) still gives the scores and labels; its words and provenance are empty.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from analysis.errors import MixScopeError
from analysis.words import Word

if TYPE_CHECKING:
    import pandas as pd

    from analysis.results import ScoreSet

COLUMNS = ("component", "method", "layer", "row", "row_label", "col", "col_label", "score",
           "raw")
ATTRS_KEY = "mixscope_scoreset"
FAITHFULNESS_LABEL = "faithfulness"  # col_label of a faithfulness line (its col is empty)
CONTRAST_METHOD = "contrast"  # method of the contrast lines
CONTRAST_COMPONENT = "cross"  # their component: the decoder's prediction of the target


def _labels(labels: list[str], count: int) -> np.ndarray:
    """``count`` labels; positions past the end of ``labels`` are named by their index."""
    named = [str(labels[i]) if i < len(labels) else str(i) for i in range(count)]
    return np.asarray(named, dtype=object)


def to_dataframe(scoreset: ScoreSet) -> pd.DataFrame:
    import pandas as pd

    frames = []
    for key, array in scoreset.scores.items():
        component, method = key.split(".", 1)
        array = np.asarray(array)
        layer, row, col = (index.reshape(-1) for index in np.indices(array.shape))
        frames.append(pd.DataFrame({
            "component": component,
            "method": method,
            "layer": layer + 1,
            "row": row,
            "row_label": _labels(scoreset.row_labels.get(component, []), array.shape[1])[row],
            "col": col,
            "col_label": _labels(scoreset.col_labels.get(component, []), array.shape[2])[col],
            "score": array.reshape(-1).astype(np.float64),
            "raw": _raw_column(scoreset, key, array.size),
        }, columns=list(COLUMNS)))
    summary = _summary_lines(scoreset)
    if summary is not None:
        frames.append(summary)
    table = (pd.concat(frames, ignore_index=True) if frames
             else pd.DataFrame({name: [] for name in COLUMNS}))
    if summary is not None:  # faithfulness lines have no column: integers with gaps
        table = table.astype({"row": "Int64", "col": "Int64"})
    table.attrs[ATTRS_KEY] = {
        **scoreset._json_part(),
        "shapes": {key: list(np.shape(array)) for key, array in scoreset.scores.items()},
        "dtypes": {key: [str(np.asarray(array).dtype),
                         str(np.asarray(scoreset.raw.get(key, array)).dtype)]
                   for key, array in scoreset.scores.items()},
    }
    return table


def from_dataframe(table: pd.DataFrame, source: str = "the table") -> ScoreSet:
    """The ScoreSet a table of ``to_dataframe`` (or its CSV) holds; ``source`` names it in
    errors."""
    from analysis.results import ScoreSet

    missing = [c for c in COLUMNS if c not in table.columns]
    if missing:
        raise MixScopeError(f"{source} is not a score table: no column {', '.join(missing)}")
    extra = table.attrs.get(ATTRS_KEY) or {}
    faithfulness_lines = table["col"].isna() & (table["col_label"] == FAITHFULNESS_LABEL)
    contrast_lines = table["method"] == CONTRAST_METHOD
    faithfulness = {f"{component}.{method}": lines.sort_values("layer")["score"].to_numpy(float)
                    for (component, method), lines
                    in table[faithfulness_lines].groupby(["component", "method"], sort=False)}
    contrast = table[contrast_lines].sort_values("col")["score"].to_numpy(float)
    table = table[~(faithfulness_lines | contrast_lines)]
    shapes = extra.get("shapes", {})
    dtypes = extra.get("dtypes", {})
    scores, raw, row_labels, col_labels = {}, {}, {}, {}
    for (component, method), cells in table.groupby(["component", "method"], sort=False):
        key = f"{component}.{method}"
        layer = cells["layer"].to_numpy(int) - 1
        row, col = cells["row"].to_numpy(int), cells["col"].to_numpy(int)
        shape = tuple(shapes.get(key) or ())
        if int(np.prod(shape)) != len(cells):  # a filtered table: its own extent
            shape = (layer.max() + 1, row.max() + 1, col.max() + 1)
        if int(np.prod(shape)) != len(cells):
            raise MixScopeError(f"{source} holds {len(cells)} of the {int(np.prod(shape))} "
                                f"cells of {key}; a ScoreSet needs whole matrices")
        score_type, raw_type = dtypes.get(key, ("float64", "float64"))
        scores[key] = np.zeros(shape, dtype=score_type)
        if cells["raw"].isna().all():  # a score without raw values (written empty)
            raw_type = None
        else:
            raw[key] = np.zeros(shape, dtype=raw_type)
        scores[key][layer, row, col] = cells["score"].to_numpy(float)
        if raw_type is not None:
            raw[key][layer, row, col] = cells["raw"].to_numpy(float)
        row_labels.setdefault(component, _first_labels(cells, "row", shape[1]))
        col_labels.setdefault(component, _first_labels(cells, "col", shape[2]))
    for component in row_labels:  # the full labels, where the table's cells are all there
        if len(extra.get("row_labels", {}).get(component, ())) == len(row_labels[component]):
            row_labels[component] = list(extra["row_labels"][component])
        if len(extra.get("col_labels", {}).get(component, ())) == len(col_labels[component]):
            col_labels[component] = list(extra["col_labels"][component])
    return ScoreSet(
        scores=scores, raw=raw, row_labels=row_labels, col_labels=col_labels,
        words=[Word(label, float(s), float(e)) for label, s, e in extra.get("words", [])],
        word_frames=[(int(a), int(b)) for a, b in extra.get("word_frames", [])],
        decoder_input_ids=[int(i) for i in extra.get("decoder_input_ids", [])],
        decoder_output_ids=[int(i) for i in extra.get("decoder_output_ids", [])],
        meta=dict(extra.get("meta", {})),
        faithfulness=faithfulness,
        contrast=contrast,
    )


def _summary_lines(scoreset: ScoreSet) -> pd.DataFrame | None:
    """The faithfulness and contrast lines of ``scoreset``, or None when it has neither."""
    import pandas as pd

    target = scoreset.provenance.target
    label = scoreset.words[target].label if target is not None else ""
    lines = [(CONTRAST_COMPONENT, CONTRAST_METHOD, 1, target, label, j, scoreset.words[j].label,
              float(value), float(value)) for j, value in enumerate(scoreset.contrast)]
    lines += [(*key.split(".", 1), layer + 1, target, label, None, FAITHFULNESS_LABEL,
               float(value), np.nan)
              for key, values in scoreset.faithfulness.items()
              for layer, value in enumerate(values)]
    return pd.DataFrame(lines, columns=list(COLUMNS)) if lines else None


def _raw_column(scoreset: ScoreSet, key: str, size: int) -> np.ndarray:
    """The raw values, or NaN (an empty CSV field) for a score that has none."""
    if key not in scoreset.raw:
        return np.full(size, np.nan)
    return np.asarray(scoreset.raw[key]).reshape(-1).astype(np.float64)


def _first_labels(cells: pd.DataFrame, axis: str, count: int) -> list[str]:
    named = cells.drop_duplicates(axis).set_index(axis)[f"{axis}_label"]
    return [str(named.get(i, i)) for i in range(count)]
