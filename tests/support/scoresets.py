"""Hand-made ScoreSets with known numbers, for testing views without running a model."""

from __future__ import annotations

import numpy as np

from analysis.results import ScoreSet, row_normalise
from analysis.words import Word

WORDS = [Word("ils", 0.10, 0.35), Word("mangent", 0.40, 0.80), Word("des", 0.85, 1.00),
         Word("pommes", 1.05, 1.50)]
# Byte-level BPE labels as Whisper's tokenizer spells them.
OUTPUT_TOKENS = ["<|fr|>", "<|transcribe|>", "<|notimestamps|>", "Ġils", "Ġmang", "ent",
                 "Ġdes", "Ġpom", "mes", "<|endoftext|>"]
INPUT_TOKENS = ["<|startoftranscript|>", *OUTPUT_TOKENS[:-1]]


def _matrix(layers: int, rows: int, cols: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return rng.uniform(0.01, 1.0, size=(layers, rows, cols))


def hand_made_scoreset(layers: int = 3, noise_row: int | None = 2) -> ScoreSet:
    """Encoder 4x4, decoder 10x10, cross 10x4 for attention and value zeroing, raw values
    known (random with fixed seeds); value zeroing's encoder row ``noise_row`` of layer 0 is
    at float-noise level (raw sum 1e-9)."""
    shapes = {"encoder": (4, 4), "decoder": (10, 10), "cross": (10, 4)}
    raw, scores = {}, {}
    for k, (component, (rows, cols)) in enumerate(shapes.items()):
        for m, method in enumerate(("attention", "value_zeroing")):
            matrix = _matrix(layers, rows, cols, seed=10 * k + m)
            if method == "value_zeroing":
                matrix *= 0.05
                if component == "encoder" and noise_row is not None:
                    matrix[0, noise_row] = 2.5e-10
            raw[f"{component}.{method}"] = matrix
            scores[f"{component}.{method}"] = row_normalise(matrix)
    words = [w.label for w in WORDS]
    return ScoreSet(
        scores=scores, raw=raw,
        row_labels={"encoder": words, "decoder": OUTPUT_TOKENS, "cross": OUTPUT_TOKENS},
        col_labels={"encoder": words, "decoder": INPUT_TOKENS, "cross": words},
        words=list(WORDS), word_frames=[(5, 18), (20, 40), (42, 50), (52, 75)],
        decoder_input_ids=list(range(10)), decoder_output_ids=list(range(1, 11)),
        meta={"model": "hand-made", "methods": ["attention", "value_zeroing"]},
    )
