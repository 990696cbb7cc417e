"""Benchmark: CTC forced alignment of a 60 s utterance with an XLSR-53-sized random model.

    PYTHONPATH=$PWD .venv/bin/python bench/bench_autoalign.py [--seconds 60] [--window 15]

Speed does not depend on the weights, so the model is a random-weight wav2vec2 with the
XLSR-53 shape (hidden 1024, 24 layers, 16 heads, ffn 4096, conv dim 512, stable layer norm),
built in a temporary folder. Reports the model-window time and the Viterbi time separately.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from tests.support.audio import speechlike  # noqa: E402
from tests.support.models import FRENCH_TEXT, save_wav2vec2_ctc  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--window", type=float, default=15.0)
    parser.add_argument("--device", default="cpu")
    args = parser.parse_args()

    import torch

    from analysis.autoalign.ctc import align_emissions, vocabulary_of
    from analysis.autoalign.emissions import ctc_log_probs
    from analysis.autoalign.text import normalise
    from analysis.models.loading import load_model

    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        save_wav2vec2_ctc(Path(folder), hidden=1024, layers=24, heads=16, ffn=4096,
                          conv_dim=512, stable_layer_norm=True)
        loaded = load_model(folder, device=args.device)
        built = time.perf_counter() - started
    waveform = speechlike(args.seconds)
    # About 2.5 words a second of French, like read speech.
    words = " ".join(FRENCH_TEXT).split()
    text = " ".join((words * 100)[: int(2.5 * args.seconds)])

    started = time.perf_counter()
    log_probs = ctc_log_probs(loaded, waveform, window=args.window)
    emissions = time.perf_counter() - started
    vocabulary = vocabulary_of(loaded)
    normalised = normalise(text, vocabulary)
    started = time.perf_counter()
    aligned, unaligned = align_emissions(log_probs, normalised, vocabulary.blank,
                                         vocabulary.delimiter, 0.02)
    viterbi = time.perf_counter() - started
    tokens = sum(len(w.tokens) for w in normalised.words)
    print(f"model: XLSR-53-sized random wav2vec2 ({sum(p.numel() for p in loaded.model.parameters()) / 1e6:.0f} M parameters), "
          f"built and loaded in {built:.1f} s; torch threads: {torch.get_num_threads()}")
    print(f"audio: {args.seconds:.0f} s, {log_probs.shape[0]} frames; text: {len(normalised.words)} "
          f"words, {tokens} characters; window {args.window:g} s")
    print(f"emissions (model windows): {emissions:.2f} s")
    print(f"Viterbi + word spans:      {viterbi:.2f} s")
    print(f"total alignment:           {emissions + viterbi:.2f} s "
          f"({(emissions + viterbi) / args.seconds:.2f} x real time); "
          f"{len(aligned)} words aligned, {len(unaligned)} not")
    assert np.isfinite(log_probs).all()
    return 0


if __name__ == "__main__":
    sys.exit(main())
