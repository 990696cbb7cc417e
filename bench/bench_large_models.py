"""Memory and time of ``score`` (Attention + Value Zeroing, every component) on random-weight
models of the real sizes, on the CPU (not a test).

    PYTHONPATH=$PWD .venv/bin/python bench/bench_large_models.py [--models whisper-large-v3,...]

Each model runs in a fresh subprocess that builds it in memory (float32, eager attention,
the real vocabulary and mel bins; nothing is written to disk), notes the resident memory
once the weights exist, resets the peak and scores the five-word clip of bench_scoring.py
(Whisper: the text teacher-forced). It prints weights, peak above the loaded model and the
scoring time, after the memory the machine had available (check it first: whisper-large-v3
needs 6.2 GB of weights). Sizes: tests/support/models.py (REAL_WHISPER_SIZES, REAL_CTC_SIZES).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_scoring import TEXT, _reset_peak, _status, clip

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
GIB = 1024 ** 3


def build(name: str, folder: Path):
    """A LoadedModel of ``name`` at its real size with random weights, built in memory."""
    import torch

    from analysis.models.loading import LoadedModel
    from tests.support.models import (
        CTC_VARIANTS,
        REAL_CTC_SIZES,
        REAL_WHISPER_SIZES,
        WHISPER_VARIANTS,
        ctc_parts,
        whisper_parts,
    )

    if name in REAL_WHISPER_SIZES:
        from transformers import WhisperForConditionalGeneration

        structure = WHISPER_VARIANTS.get(name, {})
        config, generation, tokenizer, extractor = whisper_parts(
            **REAL_WHISPER_SIZES[name], **{k: v for k, v in structure.items()
                                           if k not in ("encoder_layers", "decoder_layers")})
        model = WhisperForConditionalGeneration._from_config(config, attn_implementation="eager")
        model.generation_config = generation
        kind = "whisper"
    else:
        config, tokenizer, extractor, model_class = ctc_parts(
            folder, **{**CTC_VARIANTS[name], **REAL_CTC_SIZES[name]})
        model = model_class._from_config(config, attn_implementation="eager")
        kind = "ctc"
    model.eval()
    info = {"model_type": config.model_type, "class": type(model).__name__}
    return LoadedModel(f"{name}-sized (random)", kind, model, extractor, tokenizer, "cpu",
                       torch.float32, info)


def child(name: str, wave_file: str) -> None:
    import numpy as np

    from analysis.scoring import score
    from analysis.words import Word

    data = json.loads(Path(wave_file).read_text())
    wave = np.asarray(data["wave"], dtype=np.float32)
    words = [Word(*w) for w in data["words"]]
    with tempfile.TemporaryDirectory() as folder:
        began = time.perf_counter()
        loaded = build(name, Path(folder))
        built_s = time.perf_counter() - began
    parameters = sum(p.numel() for p in loaded.model.parameters())
    weights = sum(p.numel() * p.element_size() for p in loaded.model.parameters())
    after_load = _status("VmRSS")
    reset = _reset_peak()
    began, cpu_began = time.perf_counter(), time.process_time()
    result = score(loaded, wave, words, methods=("attention", "value_zeroing"),
                   decoder_text=TEXT if loaded.is_whisper else None)
    seconds, cpu_seconds = time.perf_counter() - began, time.process_time() - cpu_began
    peak = _status("VmHWM")
    print(json.dumps({
        "model": name, "parameters_M": round(parameters / 1e6, 1),
        "weights_GB": round(weights / GIB, 3), "rss_after_load_GB": round(after_load / GIB, 3),
        "peak_rss_GB": round(peak / GIB, 3),
        "peak_above_loaded_GB": round((peak - after_load) / GIB, 3),
        "peak_counts_scoring_only": reset, "build_s": round(built_s, 1),
        "score_s": round(seconds, 1), "score_cpu_s": round(cpu_seconds, 1),
        "layers": {c: int(result.get(c, "value_zeroing").shape[0]) for c in result.components()},
        "torch_threads": __import__("torch").get_num_threads()}))


def available_bytes() -> int:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemAvailable:"):
            return int(line.split()[1]) * 1024
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", default="whisper-large-v3",
                        help="comma-separated names from tests/support/models.py")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    from analysis.pipeline import quiet_transformers

    quiet_transformers()
    if args.child:
        return child(*args.child)
    from tests.support.models import REAL_CTC_SIZES, REAL_WHISPER_SIZES

    wave, words, kind = clip()
    print(f"clip: {len(wave) / 16000:.2f} s, {len(words)} words ({kind})", flush=True)
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump({"wave": wave.tolist(), "words": [list(w) for w in words]}, handle)
    try:
        for name in args.models.split(","):
            if name not in REAL_WHISPER_SIZES and name not in REAL_CTC_SIZES:
                sys.exit(f"unknown model '{name}'; choose from "
                         f"{', '.join([*REAL_WHISPER_SIZES, *REAL_CTC_SIZES])}")
            free = available_bytes()
            print(f"{name}: {free / GIB:.1f} GB available", flush=True)
            out = subprocess.run([sys.executable, __file__, "--child", name, handle.name],
                                 capture_output=True, text=True,
                                 env={**os.environ, "PYTHONPATH": str(ROOT)})
            if out.returncode != 0:
                print(json.dumps({"model": name, "failed": out.stderr.strip()[-2000:]}),
                      flush=True)
                continue
            print(out.stdout.strip().splitlines()[-1], flush=True)
    finally:
        os.unlink(handle.name)


if __name__ == "__main__":
    main()
