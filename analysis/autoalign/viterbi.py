"""The best CTC path of a token sequence through frame-wise log-probabilities (numpy).

The trellis has the usual states — a blank before, between and after the tokens — and one
extension: a token marked *optional* (a word delimiter) may be skipped, so that the path may
or may not emit "|" between words. The recursion is vectorised over states; only the frame
loop is Python. Backpointers are kept as one int8 offset per (frame, state).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MAX_OFFSET = 4  # stay, previous, skip a blank, skip an optional token (2 ways), both
MAX_TRELLIS_CELLS = 1_500_000_000  # int8 backpointers: 1.5 GB


class NoPathError(ValueError):
    """The frames are too few for the tokens (CTC needs one frame per token, plus one per
    repeated pair)."""


@dataclass(frozen=True)
class CtcPath:
    states: np.ndarray  # [frames] state index: even = blank, 2k+1 = token k
    score: float  # total log-probability of the path

    def token_index(self) -> np.ndarray:
        """Per frame: the index of the token emitted, or -1 for a blank."""
        return np.where(self.states % 2 == 1, (self.states - 1) // 2, -1)


def state_graph(tokens: list[int], optional: list[bool], blank: int):
    """Labels of the 2n+1 states and, for each offset d, which states may be entered from
    state s - d."""
    n = len(tokens)
    if n == 0:
        raise ValueError("nothing to align")
    if optional[0] or optional[-1] or any(a and b for a, b in zip(optional[:-1], optional[1:], strict=True)):
        raise ValueError("optional tokens must sit between required ones")
    size = 2 * n + 1
    labels = np.full(size, blank, dtype=np.int64)
    labels[1::2] = tokens
    allowed = np.zeros((MAX_OFFSET + 1, size), dtype=bool)
    allowed[0] = True
    allowed[1, 1:] = True
    for k in range(1, n):
        allowed[2, 2 * k + 1] = tokens[k] != tokens[k - 1]
    for k in range(1, n - 1):
        if optional[k]:
            allowed[2, 2 * k + 2] = True  # blank before it -> blank after it
            allowed[3, 2 * k + 2] = True  # token k-1 -> blank after it
            allowed[3, 2 * k + 3] = True  # blank before it -> token k+1
            allowed[4, 2 * k + 3] = tokens[k - 1] != tokens[k + 1]  # token k-1 -> token k+1
    return labels, allowed


def ctc_viterbi(log_probs: np.ndarray, tokens: list[int], optional: list[bool] | None = None,
                blank: int = 0) -> CtcPath:
    """The most probable frame-by-frame path that collapses to ``tokens`` (optional ones
    included or not). ``log_probs`` is [frames, vocabulary]."""
    log_probs = np.asarray(log_probs, dtype=np.float64)
    optional = list(optional) if optional is not None else [False] * len(tokens)
    labels, allowed = state_graph(list(tokens), optional, blank)
    frames, size = log_probs.shape[0], labels.size
    if frames * size > MAX_TRELLIS_CELLS:
        raise NoPathError(f"{frames} frames x {size} states is too large to align at once")
    emit = log_probs[:, labels]  # [frames, states]
    alpha = np.full(size, -np.inf)
    alpha[:2] = emit[0, :2]
    back = np.zeros((frames, size), dtype=np.int8)
    candidates = np.full((MAX_OFFSET + 1, size), -np.inf)
    blocked = ~allowed
    columns = np.arange(size)
    for t in range(1, frames):
        candidates.fill(-np.inf)
        candidates[0] = alpha
        for d in range(1, MAX_OFFSET + 1):
            candidates[d, d:] = alpha[:-d]
        candidates[blocked] = -np.inf
        best = np.argmax(candidates, axis=0)
        back[t] = best
        alpha = candidates[best, columns] + emit[t]
    ends = [size - 1, size - 2] if size > 1 else [0]
    final = max(ends, key=lambda s: alpha[s])
    if not np.isfinite(alpha[final]):
        raise NoPathError(f"{frames} frames cannot hold {len(tokens)} tokens")
    states = np.empty(frames, dtype=np.int64)
    s = final
    for t in range(frames - 1, -1, -1):
        states[t] = s
        s -= int(back[t, s])
    return CtcPath(states, float(alpha[final]))
