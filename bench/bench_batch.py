"""Batch scoring throughput: examples per minute for real-sized random-weight models.

    PYTHONPATH=. python bench/bench_batch.py [--examples 6] [--threads N] [--device cpu]
                                             [--models whisper-base xlsr]

Builds whisper-base-sized (d_model 512, 6+6 layers, 8 heads) and XLSR-53-sized (1024 wide,
24 layers, 16 heads, stable layer norm) random checkpoints and a synthetic espeak-ng corpus
(utterances of about 1.5 to 2 s), then runs the real batch path (both methods, every
component; Whisper teacher-forced on the transcription) and prints examples per minute.
Speed does not depend on the weights, so random weights give the real figure.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from analysis.batch.runner import BatchOptions, run_batch  # noqa: E402
from tests.support.homophone_corpus import UTTERANCES, write_corpus  # noqa: E402
from tests.support.models import save_wav2vec2_ctc, save_whisper  # noqa: E402

BUILDERS = {
    "whisper-base": lambda folder: save_whisper(folder, d_model=512, encoder_layers=6,
                                                decoder_layers=6, heads=8, ffn=2048),
    "xlsr": lambda folder: save_wav2vec2_ctc(folder, hidden=1024, layers=24, heads=16,
                                             ffn=4096, conv_dim=512, stable_layer_norm=True),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=6)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--models", nargs="+", default=list(BUILDERS), choices=list(BUILDERS))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        copies = -(-args.examples // len(UTTERANCES))
        corpus = write_corpus(tmp / "corpus", copies=copies)
        for name in args.models:
            model = BUILDERS[name](tmp / name)
            options = BatchOptions(model=str(model), decoder_tokens="transcription",
                                   device=args.device, threads=args.threads,
                                   limit=args.examples)
            # Warm-up: model loading and first-call overheads are not per-example costs.
            run_batch(str(corpus), tmp / "warmup", BatchOptions(**{**options.__dict__,
                                                                   "limit": 1}))
            started = time.monotonic()
            summary = run_batch(str(corpus), tmp / "out", options)
            wall = time.monotonic() - started
            per_minute = 60.0 * summary.processed / wall
            print(f"{name:<13} {summary.processed} examples in {wall:6.1f} s "
                  f"(model load included) -> {per_minute:6.1f} examples/min "
                  f"[{summary.status_counts}] threads={args.threads or os.cpu_count()} "
                  f"device={args.device}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
