"""ScoreSet: the typed, saveable result of one scoring run.

Per component and method (both named by the registries in analysis.methods) an array
[layers, rows, cols], row-normalised (``scores``) and un-normalised (``raw``), with the
row/column labels, the word spans in frames, the decoder ids and every parameter used
(``meta``, typed as ``provenance``: analysis.provenance). ``score_keys()`` gives the keys
typed (analysis.score_key.ScoreKey) and ``matrix`` reads one. Saved as one ``.npz`` that
loads with ``allow_pickle=False``: arrays named ``"{component}.{method}"`` and
``"{component}.{method}.raw"``, everything else as a JSON string under ``"meta"``. Derived scores (rollout, ``"{component}.{method}.rollout"``) have no
raw array: asking for their raw values gives the scores themselves. As a table
(``to_dataframe``, ``to_csv``, ``.parquet``): one line per cell, then the faithfulness and
contrast lines, see ``analysis.score_table``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from analysis.atomic import atomic_path, atomic_write_text
from analysis.errors import MixScopeError
from analysis.file_formats import CSV_FORMAT, SCORE_FORMATS, by_name
from analysis.methods.components import COMPONENTS, score_key
from analysis.methods.rollout import is_rollout, rollout_name
from analysis.provenance import Provenance
from analysis.score_key import ScoreKey
from analysis.words import Word

FORMAT_VERSION = 1
TABLE_SUFFIXES = by_name(SCORE_FORMATS, "parquet").suffixes  # the long table; else .npz
FAITHFULNESS_PREFIX = "faithfulness:"  # npz arrays "faithfulness:{component}.{method}"
CONTRAST_KEY = "contrast"


@dataclass(eq=False)
class ScoreSet:
    scores: dict[str, np.ndarray]  # "{component}.{method}" -> normalised [layers, rows, cols]
    raw: dict[str, np.ndarray]  # same keys, before row normalisation
    row_labels: dict[str, list[str]]  # component -> labels of the rows
    col_labels: dict[str, list[str]]  # component -> labels of the columns
    words: list[Word]
    word_frames: list[tuple[int, int]]  # first and last encoder frame of each word, inclusive
    decoder_input_ids: list[int] = field(default_factory=list)  # empty for CTC models
    decoder_output_ids: list[int] = field(default_factory=list)
    meta: dict = field(default_factory=dict)  # provenance and parameters
    # "{component}.{method}" -> [layers] Spearman vs occlusion on the target's row
    # (analysis.faithfulness); the target is provenance.target
    faithfulness: dict[str, np.ndarray] = field(default_factory=dict)
    # [words]: drop of log p(target) - log p(provenance.alternative) per blanked word (Whisper;
    # analysis.contrastive); empty without an alternative spelling
    contrast: np.ndarray = field(default_factory=lambda: np.zeros(0))

    # -- queries ---------------------------------------------------------------------------
    def keys(self) -> list[str]:
        return list(self.scores)

    def score_keys(self) -> list[ScoreKey]:
        """The keys as typed (component, method, rollout), in ``keys()`` order."""
        return [ScoreKey.parse(key) for key in self.scores]

    def matrix(self, component: str, method: str, rollout: bool = False,
               raw: bool = False) -> np.ndarray:
        """[layers, rows, cols] of ``method`` (a registry name) for ``component``, or of its
        rollout; ``raw``: before row normalisation (a rollout's are its scores)."""
        return self.get(component, rollout_name(method) if rollout else method, raw=raw)

    @property
    def provenance(self) -> Provenance:
        """``meta`` as typed fields (analysis.provenance)."""
        return Provenance.from_meta(self.meta)

    @provenance.setter
    def provenance(self, provenance: Provenance) -> None:
        self.meta = provenance.to_meta()

    def components(self) -> list[str]:
        found = {key.component for key in self.score_keys()}
        return [c for c in COMPONENTS if c in found] + sorted(found - set(COMPONENTS))

    def methods(self, component: str) -> list[str]:
        return [key.method_name for key in self.score_keys() if key.component == component]

    def get(self, component: str, method: str, raw: bool = False) -> np.ndarray:
        key = score_key(component, method)
        source = self.raw if raw and not is_rollout(method) else self.scores
        if key not in source:
            raise KeyError(f"no '{method}' scores for the {component} in this result "
                           f"(available: {', '.join(self.keys()) or 'none'})")
        return source[key]

    @property
    def num_layers(self) -> dict[str, int]:
        return {key: int(array.shape[0]) for key, array in self.scores.items()}

    # -- comparison ------------------------------------------------------------------------
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ScoreSet):
            return NotImplemented
        return (
            _arrays_equal(self.scores, other.scores)
            and _arrays_equal(self.raw, other.raw)
            and _arrays_equal(self.faithfulness, other.faithfulness, nan_equal=True)
            and np.array_equal(self.contrast, other.contrast)
            and self._json_part() == other._json_part()
        )

    __hash__ = None  # mutable container

    # -- saving and loading ----------------------------------------------------------------
    def _json_part(self) -> dict:
        return {
            "format_version": FORMAT_VERSION,
            "row_labels": {k: list(v) for k, v in self.row_labels.items()},
            "col_labels": {k: list(v) for k, v in self.col_labels.items()},
            "words": [[w.label, float(w.start), float(w.end)] for w in self.words],
            "word_frames": [[int(a), int(b)] for a, b in self.word_frames],
            "decoder_input_ids": [int(i) for i in self.decoder_input_ids],
            "decoder_output_ids": [int(i) for i in self.decoder_output_ids],
            "meta": json.loads(json.dumps(self.meta, default=str)),
        }

    def save(self, path: str | Path) -> Path:
        """Write the scores atomically and return the path: a ``.parquet`` file holds the long
        table (``to_dataframe``, provenance included), any other name one ``.npz`` (arrays +
        JSON under "meta"). ``load`` reads either back as an equal ScoreSet."""
        path = Path(path)
        if CSV_FORMAT.matches(path):
            raise MixScopeError(f"cannot save scores as {path.name}: a CSV cannot hold the "
                                "words and provenance; use to_csv, or a .npz / .parquet name")
        if path.suffix.lower() in TABLE_SUFFIXES:
            with atomic_path(path) as tmp:
                self.to_dataframe().to_parquet(tmp, index=False)
            return path
        arrays = {}
        for key, array in self.scores.items():
            arrays[key] = np.asarray(array)
            if key in self.raw:
                arrays[f"{key}.raw"] = np.asarray(self.raw[key])
        for key, values in self.faithfulness.items():
            arrays[f"{FAITHFULNESS_PREFIX}{key}"] = np.asarray(values, dtype=np.float64)
        if len(self.contrast):
            arrays[CONTRAST_KEY] = np.asarray(self.contrast, dtype=np.float64)
        arrays["meta"] = np.array(json.dumps(self._json_part(), ensure_ascii=False))
        with atomic_path(path) as tmp:
            with open(tmp, "wb") as handle:  # a file object: numpy would append ".npz" to a name
                np.savez_compressed(handle, **arrays)
        return path

    @classmethod
    def load(cls, path: str | Path) -> ScoreSet:
        """Read what ``save`` wrote (``.npz`` or ``.parquet``); anything else (damaged, other
        keys, arrays of the wrong shape, a zip bomb) is a MixScopeError naming the file."""
        from analysis.npz_reading import read_npz

        path = Path(path)
        if not path.exists():
            raise MixScopeError(f"score file not found: {path}")
        if path.suffix.lower() in TABLE_SUFFIXES:
            import pandas as pd

            try:
                table = pd.read_parquet(path)
            except (OSError, ValueError) as err:
                raise MixScopeError(f"{path} is not a MixScope score table: {err}") from err
            return cls.from_dataframe(table, source=str(path))
        arrays = read_npz(path)
        if "meta" not in arrays:
            raise MixScopeError("is not a MixScope score file (no 'meta' entry)", path)
        payload = _payload(arrays.pop("meta"), path)
        faithfulness = {k[len(FAITHFULNESS_PREFIX):]: v for k, v in arrays.items()
                        if k.startswith(FAITHFULNESS_PREFIX)}
        contrast = arrays.pop(CONTRAST_KEY, np.zeros(0))
        scores = {k: v for k, v in arrays.items()
                  if not k.endswith(".raw") and not k.startswith(FAITHFULNESS_PREFIX)}
        raw = {k: arrays[f"{k}.raw"] for k in scores if f"{k}.raw" in arrays}
        missing = {k for k in scores if not is_rollout(k)} - set(raw)
        if missing:
            raise MixScopeError(f"{path} is missing raw arrays for {', '.join(sorted(missing))}")
        for key, array in scores.items():
            if "." not in key or array.ndim != 3 or (key in raw and raw[key].shape != array.shape) \
                    or not np.issubdtype(array.dtype, np.number):
                raise MixScopeError(f"array {key!r} is not a [layers, rows, cols] score array "
                                    f"(shape {array.shape})", path)
        try:
            return cls(
                scores=scores,
                raw=raw,
                row_labels={k: [str(x) for x in v] for k, v in payload["row_labels"].items()},
                col_labels={k: [str(x) for x in v] for k, v in payload["col_labels"].items()},
                words=[Word(str(label), float(s), float(e)) for label, s, e in payload["words"]],
                word_frames=[(int(a), int(b)) for a, b in payload["word_frames"]],
                decoder_input_ids=[int(i) for i in payload["decoder_input_ids"]],
                decoder_output_ids=[int(i) for i in payload["decoder_output_ids"]],
                meta=dict(payload["meta"]),
                faithfulness=faithfulness,
                contrast=contrast,
            )
        except (KeyError, TypeError, ValueError, AttributeError, OverflowError) as err:
            raise MixScopeError(f"its 'meta' entry is not a MixScope description "
                                f"({type(err).__name__}: {err})", path) from err

    # -- as a table ------------------------------------------------------------------------
    def to_dataframe(self):
        """Long format, one line per cell (``analysis.score_table.COLUMNS``: component,
        method, layer (1-based, as in the paper), row, row_label, col, col_label, score
        (normalised), raw); words and provenance ride along in ``.attrs``."""
        from analysis.score_table import to_dataframe

        return to_dataframe(self)

    @classmethod
    def from_dataframe(cls, table, source: str = "the table") -> ScoreSet:
        """The ScoreSet ``to_dataframe`` made ``table`` from (equal when its ``.attrs`` are
        kept; from a CSV: scores and labels, without words or provenance)."""
        from analysis.score_table import from_dataframe

        return from_dataframe(table, source)

    def to_csv(self, path: str | Path) -> Path:
        """``to_dataframe`` as CSV (floats written so that they read back exactly)."""
        path = Path(path)
        atomic_write_text(path, self.to_dataframe().to_csv(index=False, lineterminator="\n"))
        return path


def _payload(meta: np.ndarray, path: Path) -> dict:
    """The JSON object saved under "meta"."""
    try:
        payload = json.loads(str(meta))
    except json.JSONDecodeError as err:
        raise MixScopeError(f"its 'meta' entry is not JSON (meta line {err.lineno}: {err.msg})",
                            path) from err
    except ValueError as err:
        raise MixScopeError(f"its 'meta' entry is not JSON ({err})", path) from err
    if not isinstance(payload, dict):
        raise MixScopeError(f"its 'meta' entry is a JSON {type(payload).__name__}, not an "
                            "object", path)
    return payload


def _arrays_equal(a: dict[str, np.ndarray], b: dict[str, np.ndarray],
                  nan_equal: bool = False) -> bool:
    return set(a) == set(b) and all(
        a[k].shape == b[k].shape and np.array_equal(a[k], b[k], equal_nan=nan_equal) for k in a
    )


def row_normalise(raw: np.ndarray) -> np.ndarray:
    """S[l, i, :] / sum_j S[l, i, j]; a row whose sum is zero stays all zeros (never NaN)."""
    raw = np.asarray(raw, dtype=np.float64)
    sums = raw.sum(axis=-1, keepdims=True)
    safe = np.where(sums == 0, 1.0, sums)
    return np.where(sums == 0, 0.0, raw / safe)


NOISE_LEVEL = 1e-6  # a raw row summing to less than this is float noise, not a distribution


def noise_rows(raw: np.ndarray, level: float = NOISE_LEVEL) -> np.ndarray:
    """[layers, rows] True where a row is float noise rather than a distribution: its raw
    scores sum (in absolute value) below ``level``, or negative values (which a score
    cannot have but rounding gives) cancel half of it, so normalising would amplify noise.
    Such rows are no data: the heatmaps hatch them, cue contributions leave them out."""
    raw = np.asarray(raw, dtype=np.float64)
    magnitude = np.abs(raw).sum(axis=-1)
    return (magnitude < level) | (raw.sum(axis=-1) < 0.5 * magnitude)
