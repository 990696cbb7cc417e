"""Cost of the measures beyond Attention and Value Zeroing (not a test), random weights of
the real sizes, on the 3.5 s five-word clip of bench_scoring.py:

    PYTHONPATH=$PWD OMP_NUM_THREADS=2 .venv/bin/python bench/bench_measures.py
        [--models whisper-base,xlsr-53] [--groups attention_norm+alti,occlusion,grad_input]
        [--repeats 3] [--skip-memory] [--memory-of grad_input ...]

1. per model and group of methods: one plain eager forward pass (encoder + teacher-forced
   decoder for Whisper) and score() with the group, back to back, REPEATS times; the median
   of the per-pair ratios, in wall-clock time and in the process's CPU time (steadier on a
   shared machine: other processes' load does not count);
2. peak resident memory of score() with every registered method (and, with --memory-of,
   of chosen methods alone) on a whisper-small-sized model, in a subprocess: peak RSS minus
   RSS after loading, next to the weights' size.
"""

from __future__ import annotations

import argparse
import json
import statistics
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

REPEATS = 3
GROUPS = {"attention_norm+alti": ["attention_norm", "alti"], "occlusion": ["occlusion"],
          "grad_input": ["grad_input"]}


def _clock(fn):
    """(wall seconds, CPU seconds of this process) of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def paired(forward, work, repeats):
    """Medians of ``forward`` and ``work`` seconds and of their per-pair ratios, each pair
    measured back to back (wall and CPU time)."""
    pairs = [(_clock(forward), _clock(work)) for _ in range(repeats)]
    median = statistics.median
    return {"forward_s": round(median(f[0] for f, _ in pairs), 3),
            "s": round(median(w[0] for _, w in pairs), 3),
            "x_forward": round(median(w[0] / f[0] for f, w in pairs), 2),
            "x_forward_cpu": round(median(w[1] / f[1] for f, w in pairs), 2),
            "x_forward_all": [round(w[0] / f[0], 2) for f, w in pairs]}


def costs(name, wave, words, groups, repeats):
    from analysis.models.loading import load_model
    from analysis.scoring import score

    loaded = load_model(build(name), device="cpu")
    kwargs = {"decoder_text": TEXT} if loaded.is_whisper else {}
    tokens = None
    if loaded.is_whisper:
        from analysis.models.transcription import decoder_tokens

        tokens = decoder_tokens(loaded, wave, text=TEXT, language="fr")
    ids = tokens.input_ids if tokens else None

    def forward():
        plain_forward(loaded, wave, ids)

    forward()  # warm-up
    rows = []
    for group in groups:
        methods = GROUPS[group]
        figures = paired(forward, lambda m=methods: score(loaded, wave, words, methods=m,
                                                          **kwargs), repeats)
        rows.append({"model": name, "methods": group, "repeats": repeats, **figures})
    return rows


def memory_child(folder, wave_file, methods=None):
    from analysis.methods import REGISTRY

    methods = methods.split(",") if methods else list(REGISTRY)
    print(json.dumps(measure_score_memory(folder, wave_file, methods=methods, target=1)))


def memory(wave, words, methods=None):
    """Peak memory of score() with ``methods`` (comma-separated; None: every method)."""
    figures = memory_in_child(__file__, wave, words, [methods] if methods else [])
    gib = 1024 ** 3
    return {"model": "whisper-small-sized", "methods": methods or "every method",
            "weights_GB": round(figures["weights_bytes"] / gib, 3),
            "peak_above_loaded_GB": round((figures["peak_rss"] - figures["rss_after_load"])
                                          / gib, 3),
            "score_s": figures["score_s"], "peak_counts_scoring_only": figures["peak_reset"]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", default="whisper-base,xlsr-53")
    parser.add_argument("--groups", default=",".join(GROUPS),
                        help=f"comma-separated, from {', '.join(GROUPS)}")
    parser.add_argument("--repeats", type=int, default=REPEATS)
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--memory-of", action="append", default=[], metavar="METHODS",
                        help="also measure the memory of these methods alone (repeatable, "
                             "comma-separated, e.g. grad_input)")
    parser.add_argument("--memory-child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    import torch

    from analysis.pipeline import quiet_transformers

    quiet_transformers()
    if args.memory_child:
        return memory_child(*args.memory_child)
    wave, words, kind = clip()
    print(f"clip: {len(wave) / 16000:.2f} s, {len(words)} words ({kind}); torch threads "
          f"{torch.get_num_threads()}")
    groups = [g for g in args.groups.split(",") if g]
    unknown = [g for g in groups if g not in GROUPS]
    if unknown:
        parser.error(f"unknown group {unknown[0]!r}; choose from {', '.join(GROUPS)}")
    for name in filter(None, args.models.split(",")):
        for row in costs(name, wave, words, groups, args.repeats):
            print(json.dumps(row), flush=True)
    if not args.skip_memory:
        for methods in [None, *args.memory_of]:
            print(json.dumps(memory(wave, words, methods)), flush=True)


if __name__ == "__main__":
    main()
