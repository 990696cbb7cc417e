"""Editor speed on a one-hour recording (offscreen): open + first view, pan/zoom redraw,
spectrogram of a 10 s window.

    PYTHONPATH=$PWD python bench/bench_editor.py [--minutes 60]

Targets (issue 5): first view < 2 s; a pan or zoom step repainted < 50 ms; a 10 s
spectrogram shown < 300 ms. Times are from the request to the end of the offscreen repaint
(``QWidget.grab`` forces a full paint of the editor)."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402


def make_long_wav(path: Path, minutes: float) -> None:
    import soundfile

    rate = 16000
    rng = np.random.default_rng(0)
    with soundfile.SoundFile(path, "w", rate, 1, "PCM_16") as out:
        for _ in range(int(minutes * 6)):  # 10 s blocks
            t = np.arange(10 * rate) / rate
            block = 0.3 * np.sin(2 * np.pi * 180 * t) * (0.5 + 0.5 * np.sin(2 * np.pi * 2 * t))
            out.write((block + 0.02 * rng.standard_normal(len(t))).astype(np.float32))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, default=60.0)
    args = parser.parse_args()
    from tests.support.qt_guard import isolate_settings

    isolate_settings()
    from gui.app import create_application
    from gui.main_window import MainWindow

    app = create_application([])
    folder = Path(tempfile.mkdtemp(prefix="mixscope-bench-"))
    wav = folder / "long.wav"
    make_long_wav(wav, args.minutes)
    window = MainWindow()
    window.resize(1400, 900)
    window.show()
    app.processEvents()
    editor = window.features.editor.widget

    t0 = time.perf_counter()
    window.features.editor.files.open_paths(wav)
    editor.grab()
    first_view = time.perf_counter() - t0

    def timed(step) -> float:
        start = time.perf_counter()
        step()
        editor.grab()
        return time.perf_counter() - start

    # Pan and zoom on the whole file, then at 10 s and 1 s windows.
    steps = []
    steps += [timed(lambda: editor.view.zoom(1.5)) for _ in range(8)]
    editor.view.set_visible(600, 610)
    steps += [timed(lambda: editor.view.scroll(0.25)) for _ in range(10)]
    editor.view.set_visible(1200, 1201)
    steps += [timed(lambda: editor.view.scroll(0.5)) for _ in range(10)]
    editor.view.zoom_all()
    steps += [timed(lambda: editor.view.scroll(0.1)) for _ in range(5)]
    steps += [timed(lambda: editor.view.zoom(0.8)) for _ in range(5)]

    spectro = []
    for start in (100.0, 1500.0, 3000.0):
        begin = time.perf_counter()
        editor.view.set_visible(start, start + 10.0)
        while editor.spectrogram.busy or editor.spectrogram.image.image is None:
            app.processEvents()
            time.sleep(0.001)
        editor.grab()
        spectro.append(time.perf_counter() - begin)

    print(f"file: {args.minutes:g} min, 16 kHz mono ({wav.stat().st_size / 1e6:.0f} MB)")
    print(f"open + first view:          {first_view * 1000:7.0f} ms   (target < 2000)")
    print(f"pan/zoom step (n={len(steps)}):     median {statistics.median(steps) * 1000:5.1f} ms,"
          f" max {max(steps) * 1000:5.1f} ms   (target < 50)")
    print(f"10 s spectrogram (n={len(spectro)}):    median {statistics.median(spectro) * 1000:5.1f}"
          f" ms, max {max(spectro) * 1000:5.1f} ms   (target < 300)")
    window.services.documents.guards.clear()  # keeps nothing: no unsaved-changes question
    window.close()
    wav.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
