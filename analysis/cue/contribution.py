"""Cue contribution (METHODS.md): per layer, the normalised score of the target's row(s) in
the cue's column(s).

- encoder: the target word's row, the cue word's column;
- decoder: rows of the output tokens that spell the target, columns of the input tokens that
  spell the cue (input position k + 1 carries output token k, the decoder being fed
  ``[start] + outputs[:-1]``);
- cross: the target's token rows, the cue word's column.

A target spelled by several tokens (or words) gives the mean over its rows; a cue spelled by
several columns gives the sum over them, i.e. the share of the target's row that goes to the
cue as a whole, independent of how the tokenizer happened to split it.

``drop_prefix`` (the paper's choice) removes the decoder columns of Whisper's prefix
(<|startoftranscript|>, language, task, <|notimestamps|>), which soak up most of the
attention, and renormalises each row over the remaining columns (a row left with a zero sum
stays zero).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from analysis.cue.tokens import (
    TokenMatchError,
    ids_as_bytes,
    locate_word,
    tokens_as_bytes,
    word_pieces,
)
from analysis.errors import MixScopeError
from analysis.results import noise_rows


class CueError(MixScopeError):
    """The cue or target cannot be placed in one component's rows/columns."""


@dataclass(frozen=True)
class CuePositions:
    rows: tuple[int, ...]  # the target's rows
    cols: tuple[int, ...]  # the cue's columns
    dropped_cols: tuple[int, ...] = ()  # columns removed before renormalising


@dataclass
class CueContribution:
    """Per (component, method) a [layers] array; components that failed carry a reason."""

    values: dict[tuple[str, str], np.ndarray] = field(default_factory=dict)
    positions: dict[str, CuePositions] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)  # component -> reason


def locate_in_words(labels: Sequence[str], word: str, what: str = "word") -> tuple[int, ...]:
    """Indices of the word-tier words that spell ``word`` (normally one), compared like the
    decoder tokens: case-insensitive, punctuation ignored, accents significant."""
    wanted = word_pieces(word)
    if not wanted:
        raise CueError(f"{what} {word!r} has no letters to look for")
    units = [(piece, index) for index, label in enumerate(labels) for piece in word_pieces(label)]
    hits = []
    for i in range(len(units) - len(wanted) + 1):
        if [u[0] for u in units[i:i + len(wanted)]] == wanted:
            hits.append(tuple(sorted({u[1] for u in units[i:i + len(wanted)]})))
    if not hits:
        raise CueError(f"{what} {word!r} is not in the word tier ({' '.join(labels)!r})")
    if len(hits) > 1:
        raise CueError(f"{what} {word!r} occurs {len(hits)} times in the word tier; "
                       "cannot tell which one is meant")
    return hits[0]


def decoder_output_bytes(scores, tokenizer=None) -> list[bytes | None]:
    if tokenizer is not None and scores.decoder_output_ids:
        return ids_as_bytes(scores.decoder_output_ids, tokenizer)
    labels = scores.row_labels.get("decoder") or scores.row_labels.get("cross")
    if not labels:
        raise CueError("the results have no decoder tokens")
    return tokens_as_bytes(labels)


def decoder_input_bytes(scores, tokenizer=None) -> list[bytes | None]:
    if tokenizer is not None and scores.decoder_input_ids:
        return ids_as_bytes(scores.decoder_input_ids, tokenizer)
    return tokens_as_bytes(scores.col_labels["decoder"])


def prefix_columns(input_pieces: Sequence[bytes | None]) -> tuple[int, ...]:
    """The leading run of special input tokens (start, language, task, no-timestamps)."""
    count = 0
    while count < len(input_pieces) and input_pieces[count] is None:
        count += 1
    return tuple(range(count))


def locate(scores, component: str, cue: str, target: str, *, tokenizer=None,
           drop_prefix: bool = True) -> CuePositions:
    """Rows (target) and columns (cue) of one component; CueError when not found once."""
    labels = [w.label if hasattr(w, "label") else w[0] for w in scores.words]
    if component == "encoder":
        return CuePositions(locate_in_words(labels, target, "target"),
                            locate_in_words(labels, cue, "cue"))
    try:
        outputs = decoder_output_bytes(scores, tokenizer)
        target_rows = locate_word(outputs, target).positions
        if component == "cross":
            return CuePositions(target_rows, locate_in_words(labels, cue, "cue"))
        if component != "decoder":
            raise CueError(f"unknown component {component!r}")
        cue_outputs = locate_word(outputs, cue).positions
    except TokenMatchError as err:
        raise CueError(str(err)) from err
    inputs = decoder_input_bytes(scores, tokenizer)
    cue_cols = tuple(k + 1 for k in cue_outputs)
    if cue_cols and cue_cols[-1] >= len(inputs):
        raise CueError("the cue's last token is the final output and never an input")
    if any(inputs[c] != outputs[k] for c, k in zip(cue_cols, cue_outputs, strict=True)):
        raise CueError("decoder inputs are not the outputs shifted by one position")
    dropped = prefix_columns(inputs) if drop_prefix else ()
    return CuePositions(target_rows, cue_cols, dropped)


def contribution(matrix: np.ndarray, positions: CuePositions,
                 raw: np.ndarray | None = None) -> np.ndarray:
    """[layers] values from a normalised [layers, rows, cols] matrix; with the ``raw``
    matrix, a layer where a target row is float noise (``noise_rows``) gives NaN, not a
    number normalising noise would invent."""
    matrix = np.asarray(matrix, dtype=np.float64)
    values = _contribution(matrix, positions)
    if raw is not None:
        noisy = noise_rows(raw)[:, list(positions.rows)].any(axis=1)
        values = np.where(noisy, np.nan, values)
    return values


def _contribution(matrix: np.ndarray, positions: CuePositions) -> np.ndarray:
    rows = matrix[:, list(positions.rows), :]
    if positions.dropped_cols:
        keep = np.ones(matrix.shape[2], dtype=bool)
        keep[list(positions.dropped_cols)] = False
        kept = np.where(keep[None, None, :], rows, 0.0)
        sums = kept.sum(axis=2, keepdims=True)
        rows = np.divide(kept, sums, out=np.zeros_like(kept), where=sums > 0)
    return rows[:, :, list(positions.cols)].sum(axis=2).mean(axis=1)


def cue_contributions(scores, cue: str, target: str, *, tokenizer=None,
                      drop_prefix: bool = True) -> CueContribution:
    """Cue contribution of every component and method in ``scores``."""
    result = CueContribution()
    for component in scores.components():
        try:
            positions = locate(scores, component, cue, target, tokenizer=tokenizer,
                               drop_prefix=drop_prefix)
        except CueError as err:
            result.problems[component] = str(err)
            continue
        result.positions[component] = positions
        for method in scores.methods(component):
            result.values[(component, method)] = contribution(
                scores.get(component, method), positions,
                raw=scores.get(component, method, raw=True))
    return result
