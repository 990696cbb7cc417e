"""Cost of the measures beyond Attention and Value Zeroing (not a test), random weights of
the real sizes, on the 3.5 s five-word clip of bench_scoring.py:

    PYTHONPATH=$PWD .venv/bin/python bench/bench_measures.py [--models whisper-base,xlsr-53]
        [--skip-memory]

1. per model: one plain eager forward pass (encoder + teacher-forced decoder for Whisper),
   then score() with attention_norm + alti together, occlusion alone and grad_input alone,
   each as seconds and as a multiple of the forward pass (best of REPEATS);
2. peak resident memory of score() with every registered method on a whisper-small-sized
   model, in a subprocess: peak RSS minus RSS after loading, next to the weights' size.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_scoring import (  # noqa: E402
    TEXT,
    build,
    clip,
    measure_score_memory,
    memory_in_child,
    plain_forward,
)

REPEATS = 2
GROUPS = {"attention_norm+alti": ["attention_norm", "alti"], "occlusion": ["occlusion"],
          "grad_input": ["grad_input"]}


def _best(fn, repeats=REPEATS):
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        fn()
        times.append(time.perf_counter() - began)
    return min(times)


def costs(name, wave, words):
    from analysis.models.loading import load_model
    from analysis.scoring import score

    loaded = load_model(build(name), device="cpu")
    kwargs = {"decoder_text": TEXT} if loaded.is_whisper else {}
    tokens = None
    if loaded.is_whisper:
        from analysis.models.transcription import decoder_tokens

        tokens = decoder_tokens(loaded, wave, text=TEXT, language="fr")
    forward = _best(lambda: plain_forward(loaded, wave, tokens.input_ids if tokens else None))
    row = {"model": name, "forward_s": round(forward, 3)}
    for group, methods in GROUPS.items():
        seconds = _best(lambda m=methods: score(loaded, wave, words, methods=m, **kwargs))
        row[f"{group}_s"] = round(seconds, 3)
        row[f"{group}_x_forward"] = round(seconds / forward, 2)
    return row


def memory_child(folder, wave_file):
    from analysis.methods import REGISTRY

    print(json.dumps(measure_score_memory(folder, wave_file, methods=list(REGISTRY),
                                          target=1)))


def memory(wave, words):
    figures = memory_in_child(__file__, wave, words)
    gib = 1024 ** 3
    return {"model": "whisper-small-sized, every method",
            "weights_GB": round(figures["weights_bytes"] / gib, 3),
            "peak_above_loaded_GB": round((figures["peak_rss"] - figures["rss_after_load"])
                                          / gib, 3),
            "score_s": figures["score_s"], "peak_counts_scoring_only": figures["peak_reset"]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", default="whisper-base,xlsr-53")
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--memory-child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    import torch
    from transformers.utils import logging

    logging.set_verbosity_error()
    logging.disable_progress_bar()
    if args.memory_child:
        return memory_child(*args.memory_child)
    wave, words, kind = clip()
    print(f"clip: {len(wave) / 16000:.2f} s, {len(words)} words ({kind}); torch threads "
          f"{torch.get_num_threads()}")
    for name in filter(None, args.models.split(",")):
        print(json.dumps(costs(name, wave, words)), flush=True)
    if not args.skip_memory:
        print(json.dumps(memory(wave, words)), flush=True)


if __name__ == "__main__":
    main()
