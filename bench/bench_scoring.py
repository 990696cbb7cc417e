"""Scoring speed and memory on random-weight models of the real sizes (not a test).

    PYTHONPATH=$PWD .venv/bin/python bench/bench_scoring.py [--skip-memory] [--xlsr-layers N]

Side by side in one run, on a 3.5 s clip of five French words (espeak-ng, else synthetic):
1. encoder Value Zeroing alone: fast (analysis.methods.value_zeroing) vs straightforward
   (tests/support/oracle.py: rerun each layer once per zeroed word), whisper-base and XLSR-53;
2. the whole score (forward + attention + value zeroing, every component) vs the
   straightforward pipeline (forward with all attentions, then per-layer per-word reruns);
   next to each ratio, the ceiling any exact method has on this clip: Value Zeroing must at
   least push every (zeroed word, frame inside a word) pair through each layer's
   feed-forward block (the block is non-linear), and the whole score must at least run the
   plain forward pass, so ceiling = straightforward time / (that feed-forward work [+ the
   forward pass]), both timed here;
3. peak resident memory of score() on a whisper-small-sized model, in a subprocess:
   peak RSS during scoring minus RSS after loading, next to the weights' size.
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

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

WORDS = ["ils", "mangent", "des", "pommes", "rouges"]
TEXT = "ils mangent des pommes rouges"
REPEATS_FAST, REPEATS_SLOW = 3, 2  # best of N (the machine may be shared)
CACHE = Path(tempfile.gettempdir()) / "mixscope-bench-models"


def clip():
    import numpy as np

    from analysis.words import Word
    from tests.support.audio import espeak_available, espeak_words, speechlike

    if espeak_available():
        spoken = espeak_words(WORDS, gap=0.35, lead=0.35)
        return spoken.waveform, [Word(*w) for w in spoken.words], "espeak-ng French"
    wave = speechlike(3.5)
    bounds = np.linspace(0.2, 3.3, len(WORDS) + 1)
    return wave, [Word(w, bounds[i], bounds[i + 1]) for i, w in enumerate(WORDS)], "synthetic"


def build(name):
    from tests.support.models import save_wav2vec2_ctc, save_whisper

    folder = CACHE / name
    if (folder / "config.json").exists():
        return folder
    if name == "whisper-base":
        save_whisper(folder, d_model=512, encoder_layers=6, decoder_layers=6, heads=8, ffn=2048)
    elif name == "whisper-small":
        save_whisper(folder, d_model=768, encoder_layers=12, decoder_layers=12, heads=12,
                     ffn=3072)
    elif name == "xlsr-53":
        save_wav2vec2_ctc(folder, hidden=1024, layers=24, heads=16, ffn=4096, conv_dim=512,
                          stable_layer_norm=True, conv_pos=128)
    return folder


def timed(fn, *args, **kwargs):
    began = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - began, result


class Stopwatch:
    """Wraps a function and adds up the time spent in it."""

    def __init__(self, owner, name):
        self.owner, self.name, self.total = owner, name, 0.0
        self.original = getattr(owner, name)

        def wrapper(*args, **kwargs):
            began = time.perf_counter()
            try:
                return self.original(*args, **kwargs)
            finally:
                self.total += time.perf_counter() - began

        setattr(owner, name, wrapper)

    def restore(self):
        setattr(self.owner, self.name, self.original)


def compare(name, wave, words, xlsr_layers):
    import analysis.methods as methods_pkg
    from analysis.methods.base import Method
    from analysis.models.loading import load_model
    from analysis.scoring import score
    from tests.support import oracle

    loaded = load_model(build(name), device="cpu")
    whisper = loaded.is_whisper
    text = {"decoder_text": TEXT} if whisper else {}
    score(loaded, wave, words, components=["encoder"], methods=["attention"])  # warm-up

    # 1. encoder value zeroing alone
    vz = methods_pkg.REGISTRY["value_zeroing"]
    watch = {"t": 0.0}

    def timed_layer(view):
        began = time.perf_counter()
        try:
            return vz.layer_scores(view)
        finally:
            watch["t"] += time.perf_counter() - began

    methods_pkg.REGISTRY["value_zeroing"] = Method(vz.name, vz.title, timed_layer, True)
    fast_runs = []
    try:
        for _ in range(REPEATS_FAST):  # best of N: the machine may be shared
            watch["t"] = 0.0
            result = score(loaded, wave, words, components=["encoder"],
                           methods=["value_zeroing"])
            fast_runs.append(watch["t"])
    finally:
        methods_pkg.REGISTRY["value_zeroing"] = vz
    fast_vz = min(fast_runs)
    layers = None
    total_layers = result.raw["encoder.value_zeroing"].shape[0]
    if not whisper and xlsr_layers and xlsr_layers < total_layers:
        layers = list(range(total_layers - xlsr_layers, total_layers))
    slow_runs = []
    for _ in range(REPEATS_SLOW):
        stopwatch = Stopwatch(oracle, "_zeroing_layer")
        try:
            slow = oracle.straightforward_scores(loaded, wave, result.word_frames,
                                                 methods=("value_zeroing",), layers=layers)
        finally:
            stopwatch.restore()
        slow_runs.append(stopwatch.total)
    slow_vz = min(slow_runs)
    measured = len(layers) if layers else total_layers
    slow_vz_all = slow_vz * total_layers / measured
    subset = result.raw["encoder.value_zeroing"][layers] if layers else \
        result.raw["encoder.value_zeroing"]
    agree = float(abs(subset - slow["encoder.value_zeroing"]).max())

    # 2. whole score vs the straightforward pipeline
    components = ("encoder", "decoder", "cross") if whisper else ("encoder",)
    fast_all, full = min((timed(score, loaded, wave, words, **text)
                          for _ in range(REPEATS_FAST)), key=lambda pair: pair[0])
    slow_all = min(timed(oracle.straightforward_scores, loaded, wave, full.word_frames,
                         decoder_input_ids=full.decoder_input_ids or None,
                         components=components, layers=layers)[0]
                   for _ in range(REPEATS_SLOW))
    if layers:  # the per-layer reruns of the skipped layers, extrapolated
        slow_all += slow_vz * (total_layers - measured) / measured
    floor_vz = min(feed_forward_floor(loaded, full.word_frames) for _ in range(REPEATS_FAST))
    forward = min(plain_forward(loaded, wave, full.decoder_input_ids)
                  for _ in range(REPEATS_FAST))
    return {
        "model": name, "frames": full.meta["encoder_frames"],
        "word_frames": sum(b - a + 1 for a, b in full.word_frames),
        "tokens": len(full.decoder_output_ids), "layers_rerun_for_slow": measured,
        "encoder_vz_fast_s": round(fast_vz, 3), "encoder_vz_slow_s": round(slow_vz_all, 3),
        "encoder_vz_speedup": round(slow_vz_all / fast_vz, 1),
        "score_fast_s": round(fast_all, 3), "score_slow_s": round(slow_all, 3),
        "score_speedup": round(slow_all / fast_all, 1), "max_abs_difference": agree,
        "encoder_vz_exact_ceiling": round(slow_vz_all / floor_vz, 1),
        "score_exact_ceiling": round(slow_all / (forward + floor_vz), 1),
        "feed_forward_floor_s": round(floor_vz, 3), "plain_forward_s": round(forward, 3),
    }


def feed_forward_floor(loaded, word_frames):
    """Seconds to run only each encoder layer's feed-forward block (with its norm) on every
    (zeroed word, frame inside a word) pair: the least work exact Value Zeroing can do."""
    import torch

    from analysis.methods.base import union_positions
    from analysis.models.architecture import encoder_stack

    stack = encoder_stack(loaded)
    pairs = len(word_frames) * len(union_positions([tuple(f) for f in word_frames]))
    hidden = torch.randn(pairs, loaded.model.config.hidden_size if not loaded.is_whisper
                         else loaded.config.d_model, dtype=loaded.dtype)
    began = time.perf_counter()
    with torch.inference_mode():
        for layer in stack.layers:
            if stack.family == "whisper":
                layer.fc2(layer.activation_fn(layer.fc1(layer.final_layer_norm(hidden))))
            elif stack.family == "w2v-stable":
                layer.feed_forward(layer.final_layer_norm(hidden))
            else:
                layer.final_layer_norm(layer.feed_forward(hidden))
    return time.perf_counter() - began


def plain_forward(loaded, wave, decoder_input_ids):
    """Seconds for the model's forward pass alone (what scoring must run at least once), with
    the leanest attention we have: row blocks that keep no encoder probabilities."""
    import numpy as np
    import torch

    from analysis.models.architecture import encoder_stack
    from analysis.models.row_attention import row_block_attention_for
    from analysis.models.transcription import whisper_features

    stack = encoder_stack(loaded)
    keep_none = {stack.self_attention(layer): [] for layer in stack.layers}
    began = time.perf_counter()
    with torch.inference_mode(), row_block_attention_for(loaded.model, keep_none):
        if loaded.is_whisper:
            loaded.model.model(input_features=whisper_features(loaded, wave), use_cache=False,
                               decoder_input_ids=torch.tensor([decoder_input_ids]))
        else:
            values = loaded.feature_extractor(np.asarray(wave, dtype=np.float32),
                                              sampling_rate=16000, return_tensors="pt")
            loaded.model.base_model(values.input_values.to(loaded.dtype))
    return time.perf_counter() - began


def memory_child(folder, wave_file):
    """Runs in a fresh process: prints weights size, RSS after loading, peak during score."""
    print(json.dumps(measure_score_memory(folder, wave_file)))


def measure_score_memory(folder, wave_file, **score_options) -> dict:
    """Weights size, RSS after loading and peak RSS during one ``score`` (with
    ``score_options``) of the clip in ``wave_file``; meant for a fresh process."""
    import numpy as np

    from analysis.models.loading import load_model
    from analysis.scoring import score
    from analysis.words import Word

    data = json.loads(Path(wave_file).read_text())
    wave = np.asarray(data["wave"], dtype=np.float32)
    words = [Word(*w) for w in data["words"]]
    loaded = load_model(folder, device="cpu")
    weights = sum(p.numel() * p.element_size() for p in loaded.model.parameters())
    for parameter in loaded.model.parameters():  # fault in memory-mapped weights: they are
        float(parameter.detach().float().sum())  # the model, not scoring's working memory
    after_load = _status("VmRSS")
    reset = _reset_peak()
    began = time.perf_counter()
    score(loaded, wave, words, decoder_text=TEXT, **score_options)
    seconds = time.perf_counter() - began
    if reset:
        peak = _status("VmHWM")
    else:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return {"weights_bytes": weights, "rss_after_load": after_load, "peak_rss": peak,
            "peak_reset": reset, "score_s": round(seconds, 2)}


def _status(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(field)


def _reset_peak() -> bool:
    """Reset VmHWM so that the peak counts scoring only (Linux >= 4.0)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def memory_in_child(script, wave, words, options=()) -> dict:
    """``script --memory-child FOLDER WAVE [options]`` on a whisper-small-sized model in a
    fresh process: what its ``measure_score_memory`` measured."""
    folder = build("whisper-small")
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump({"wave": wave.tolist(), "words": [list(w) for w in words]}, handle)
    try:
        out = subprocess.run([sys.executable, script, "--memory-child", str(folder),
                              handle.name, *options], capture_output=True, text=True, check=True,
                             env={**os.environ, "PYTHONPATH": str(ROOT)})
    finally:
        os.unlink(handle.name)
    return json.loads(out.stdout.strip().splitlines()[-1])


def memory(wave, words):
    figures = memory_in_child(__file__, wave, words)
    extra = figures["peak_rss"] - figures["rss_after_load"]
    gib = 1024 ** 3
    return {"model": "whisper-small-sized", "weights_GB": round(figures["weights_bytes"] / gib, 3),
            "rss_after_load_GB": round(figures["rss_after_load"] / gib, 3),
            "peak_rss_GB": round(figures["peak_rss"] / gib, 3),
            "peak_above_loaded_GB": round(extra / gib, 3),
            "peak_minus_weights_GB": round((figures["peak_rss"] - figures["weights_bytes"]) / gib, 3), "score_s": figures["score_s"],
            "peak_counts_scoring_only": figures["peak_reset"]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--xlsr-layers", type=int, default=0,
                        help="rerun only the last N XLSR layers the slow way (extrapolated)")
    parser.add_argument("--models", default="whisper-base,xlsr-53")
    parser.add_argument("--memory-child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    import torch

    from analysis.pipeline import quiet_transformers

    quiet_transformers()
    torch.set_num_threads(os.cpu_count() or 1)
    if args.memory_child:
        return memory_child(*args.memory_child)
    wave, words, kind = clip()
    print(f"clip: {len(wave) / 16000:.2f} s, {len(words)} words ({kind}); torch threads "
          f"{torch.get_num_threads()}; torch {torch.__version__}")
    for name in args.models.split(","):
        print(json.dumps(compare(name, wave, words, args.xlsr_layers)), flush=True)
    if not args.skip_memory:
        print(json.dumps(memory(wave, words)), flush=True)


if __name__ == "__main__":
    main()
