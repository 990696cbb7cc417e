"""The editor's spectrogram (analysis/spectrogram.py, numpy) against Praat's own
(parselmouth's Sound.to_spectrogram) on the same view: time per view and how alike the
images are, plus a side-by-side PNG to look at.

    PYTHONPATH=$PWD python bench/bench_spectrogram.py [--out bench/out/spectrograms.png]

Both use Praat's settings (5 ms Gaussian window, 0-5000 Hz, 70 dB dynamic range) and the
same time step (the view's width over 1200 columns, at least 1 ms). Praat's is computed on
the view plus half a window on each side, as the editor would have to.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.audio import load_audio  # noqa: E402
from analysis.spectrogram import SpectrogramSettings, spectrogram  # noqa: E402

EXAMPLE = Path(__file__).resolve().parents[1] / "resources" / "examples" / \
    "ils_mangent_des_pommes.wav"


def praat_spectrogram(samples, rate, start, end, settings, max_frames=1200):
    import parselmouth

    step = max((end - start) / max_frames, 0.001)
    margin = settings.window_length
    sound = parselmouth.Sound(samples.astype(np.float64), rate)
    part = sound.extract_part(max(start - margin, 0.0), min(end + margin, sound.xmax),
                              preserve_times=True)
    result = part.to_spectrogram(window_length=settings.window_length,
                                 maximum_frequency=settings.max_frequency, time_step=step,
                                 frequency_step=20.0)
    power = np.asarray(result.values)  # [frequencies, frames], Pa^2/Hz
    times = np.asarray(result.xs())
    keep = (times >= start) & (times <= end)
    db = 10 * np.log10(power[:, keep] + 1e-30)
    db -= db.max()
    return np.maximum(db, -settings.dynamic_range)


def timed(function, repeats):
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - began)
    return result, statistics.median(times)


def resample(image, shape):
    """Nearest-neighbour resampling of a [frequencies, frames] image onto ``shape``."""
    rows = np.minimum((np.arange(shape[0]) + 0.5) * image.shape[0] / shape[0], image.shape[0] - 1)
    cols = np.minimum((np.arange(shape[1]) + 0.5) * image.shape[1] / shape[1], image.shape[1] - 1)
    return image[rows.astype(int)][:, cols.astype(int)]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default="bench/out/spectrograms.png")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    settings = SpectrogramSettings()
    audio = load_audio(EXAMPLE)
    samples, rate = audio.samples, audio.sample_rate
    long = np.tile(samples, int(np.ceil(10.0 / audio.duration)))  # a 10 s view
    images = []
    for name, data, span in (("example (1.4 s)", samples, audio.duration),
                             ("10 s view", long, 10.0)):
        ours, ours_s = timed(lambda d=data, s=span: spectrogram(d, rate, 0.0, s, settings),
                             args.repeats)
        praat, praat_s = timed(lambda d=data, s=span: praat_spectrogram(d, rate, 0.0, s,
                                                                         settings), args.repeats)
        a = resample(ours.db, (250, 600))
        b = resample(praat, (250, 600))
        r = np.corrcoef(a.ravel(), b.ravel())[0, 1]
        print(f"{name}: ours {1000 * ours_s:.1f} ms ({ours.db.shape[1]} columns x "
              f"{ours.db.shape[0]} rows, {ours.max_frequency / ours.db.shape[0]:.1f} Hz/row); "
              f"Praat {1000 * praat_s:.1f} ms ({praat.shape[1]} x {praat.shape[0]}, 20 Hz/row); "
              f"image correlation {r:.3f}, mean |difference| {np.abs(a - b).mean():.1f} dB")
        images.append((name, a, b))
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return 0
    figure, axes = plt.subplots(len(images), 2, figsize=(12, 3 * len(images)))
    for row, (name, a, b) in enumerate(images):
        for column, (title, image) in enumerate((("MixScope (numpy)", a), ("Praat", b))):
            axes[row][column].imshow(image, origin="lower", aspect="auto", cmap="Greys",
                                     vmin=-settings.dynamic_range, vmax=0)
            axes[row][column].set_title(f"{title}: {name}")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    figure.tight_layout()
    figure.savefig(args.out, dpi=80)
    print(f"images: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
