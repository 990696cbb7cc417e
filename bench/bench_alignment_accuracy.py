"""Benchmark: word-boundary accuracy of the aligners, against exact truth, with and without
the pause refinement.

    PYTHONPATH=$PWD .venv/bin/python bench/bench_alignment_accuracy.py \
        [--languages fr en] [--modes pauses connected] [--backends praat whisper ctc] \
        [--whisper-model ../shared/models/whisper-tiny.en] [--ctc-model ID_OR_DIR] \
        [--sentences 5] [--rates 140 175 220] [--voices fr fr+f3 ...]

Test sets (bench/truth_sets.py): each word synthesised alone with espeak-ng (French and
English, several voices including mbrola ones when installed, several rates) and joined with
pauses of 40-300 ms or with no pause at all, so every word's start and end is known exactly.
For each backend, language and set: mean, median and max absolute boundary error and the
share within 20 and 50 ms, for word starts, word ends and both, before ("raw") and after
("refined") the pause refinement. A word an aligner leaves out counts as missing (listed).
The Whisper backend runs on the English sets only when the checkpoint is English-only.
Then the bars of issue #18 are checked and printed as met or not.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
from truth_sets import MODES, RATES, SAMPLE_RATE, VOICES, truth_set, voice_available  # noqa: E402

DEFAULT_WHISPER = Path(__file__).resolve().parents[2] / "shared" / "models" / "whisper-tiny.en"


def errors(result, clip) -> tuple[np.ndarray, np.ndarray, int]:
    """Absolute start and end errors (seconds) of the words aligned, and how many are missing."""
    got = {w.index: w for w in result.words}
    starts, ends = [], []
    for index, (_, start, end) in enumerate(clip.words):
        if index in got:
            starts.append(abs(got[index].start - start))
            ends.append(abs(got[index].end - end))
    return np.array(starts), np.array(ends), len(clip.words) - len(starts)


def describe(values: np.ndarray) -> str:
    if len(values) == 0:
        return "no boundaries"
    ms = values * 1000
    return (f"mean {ms.mean():6.1f}  median {np.median(ms):6.1f}  max {ms.max():6.0f} ms  "
            f"<=20 ms {(ms <= 20).mean() * 100:5.1f}%  <=50 ms {(ms <= 50).mean() * 100:5.1f}%")


def run_backend(name: str, align, clips) -> dict[str, dict[str, np.ndarray]]:
    from analysis.autoalign.refine import refine_alignment

    found = {"raw": {"starts": [], "ends": []}, "refined": {"starts": [], "ends": []}}
    missing, started = 0, time.perf_counter()
    for clip in clips:
        raw = align(clip)
        refined = refine_alignment(raw, clip.waveform, SAMPLE_RATE)
        for key, result in (("raw", raw), ("refined", refined)):
            s, e, gone = errors(result, clip)
            found[key]["starts"].append(s)
            found[key]["ends"].append(e)
        missing += gone
    elapsed = time.perf_counter() - started
    stats = {key: {part: np.concatenate(v[part]) for part in v} for key, v in found.items()}
    words = sum(len(c.words) for c in clips)
    print(f"  {name}: {len(clips)} clips, {words} words, {missing} not aligned, "
          f"{elapsed:.1f} s")
    for key in ("raw", "refined"):
        both = np.concatenate((stats[key]["starts"], stats[key]["ends"]))
        stats[key]["both"] = both
        for part in ("starts", "ends", "both"):
            print(f"    {key:8s} {part:6s} {describe(stats[key][part])}")
    return stats


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--languages", nargs="+", default=["fr", "en"])
    parser.add_argument("--modes", nargs="+", default=list(MODES), choices=MODES)
    parser.add_argument("--backends", nargs="+", default=["praat", "whisper"],
                        choices=["praat", "whisper", "ctc"])
    parser.add_argument("--whisper-model", default=str(DEFAULT_WHISPER))
    parser.add_argument("--ctc-model", help="a CTC checkpoint for the ctc backend")
    parser.add_argument("--sentences", type=int, default=None)
    parser.add_argument("--rates", nargs="+", type=int, default=RATES)
    parser.add_argument("--voices", nargs="+", default=None)
    args = parser.parse_args()

    from analysis.autoalign.praat import align_praat

    loaded = {}
    if "whisper" in args.backends:
        if Path(args.whisper_model).exists() or "/" in args.whisper_model:
            from analysis.models.loading import load_model

            loaded["whisper"] = load_model(args.whisper_model, device="cpu")
        else:
            print(f"whisper: no checkpoint at {args.whisper_model}; skipped")
    if "ctc" in args.backends and args.ctc_model:
        from analysis.models.loading import load_model

        loaded["ctc"] = load_model(args.ctc_model, device="cpu")

    results = {}
    for language in args.languages:
        voices = args.voices or VOICES[language]
        absent = [v for v in voices if not voice_available(v)]
        if absent:
            print(f"voices not available (skipped): {', '.join(absent)}")
        for mode in args.modes:
            clips = truth_set(language, mode, voices=args.voices, rates=args.rates,
                              sentences=args.sentences)
            print(f"\n{language} / {mode}: voices {', '.join(v for v in voices if v not in absent)}"
                  f"; rates {args.rates}")
            aligners = {"praat": lambda c, lang=language: align_praat(
                c.waveform, SAMPLE_RATE, c.text, language=lang)}
            whisper = loaded.get("whisper")
            if whisper is not None and (language == "en" or _multilingual(whisper)):
                from analysis.autoalign.whisper import align_whisper

                aligners["whisper"] = lambda c, m=whisper, lang=language: align_whisper(
                    m, c.waveform, c.text, language=lang)
            if "ctc" in loaded:
                from analysis.autoalign.ctc import align_ctc

                aligners["ctc"] = lambda c, m=loaded["ctc"]: align_ctc(m, c.waveform, c.text)
            for name, align in aligners.items():
                if name in args.backends:
                    results[(name, language, mode)] = run_backend(name, align, clips)
    print()
    check_bars(results)
    return 0


def _multilingual(loaded) -> bool:
    return bool(getattr(loaded.model.generation_config, "is_multilingual", True))


def check_bars(results) -> None:
    praat = results.get(("praat", "fr", "pauses"))
    if praat is not None:
        both = praat["refined"]["both"] * 1000
        met = both.mean() <= 25 and (both <= 50).mean() >= 0.85
        print(f"bar: Praat + refinement, French, pauses: mean {both.mean():.1f} ms (<= 25), "
              f"{(both <= 50).mean() * 100:.1f}% within 50 ms (>= 85%): "
              f"{'met' if met else 'NOT met'}")
    whisper = results.get(("whisper", "en", "pauses"))
    if whisper is not None:
        raw, refined = whisper["raw"]["both"].mean(), whisper["refined"]["both"].mean()
        print(f"bar: Whisper, English, pauses: mean {raw * 1000:.1f} -> {refined * 1000:.1f} ms "
              f"with refinement, {raw / refined:.2f}x (>= 2x): "
              f"{'met' if raw / refined >= 2 else 'NOT met'}")


if __name__ == "__main__":
    sys.exit(main())
