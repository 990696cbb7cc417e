"""How long reading a large TextGrid takes (target: 50,000 intervals in under a second).

    PYTHONPATH=$PWD python bench/bench_textgrid.py [--intervals 50000] [--repeat 5]

Writes a two-tier grid (words + phones, 50,000 intervals in all, labels with IPA, quotes and
a few newlines) in long and short text, UTF-8 and UTF-16, and the dataset JSON, then
reports the best of ``--repeat`` reads of each with ``read_alignment``.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from analysis.alignment import Interval, IntervalTier, TextGrid, read_alignment, write_alignment


def make_grid(count: int) -> TextGrid:
    tiers = []
    per_tier = count // 2
    for name, labels in (("words", ["ils", "mangent", 'un "pain"', ""]),
                         ("phones", ["i", "l", "m", "ɑ̃", "ʒ", "a\nb", ""])):
        step = 0.0123
        intervals = tuple(Interval(k * step, (k + 1) * step, labels[k % len(labels)])
                          for k in range(per_tier))
        tiers.append(IntervalTier(name, intervals, 0.0, per_tier * step))
    return TextGrid(0.0, per_tier * 0.0123, tuple(tiers))


def best_read(path: Path, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        read_alignment(path)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--intervals", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    grid = make_grid(args.intervals)
    with tempfile.TemporaryDirectory() as folder:
        cases = [("long", "utf-8", "grid.TextGrid"), ("short", "utf-8", "short.TextGrid"),
                 ("long", "utf-16", "utf16.TextGrid"), ("json", "utf-8", "grid.json")]
        for fmt, encoding, name in cases:
            path = Path(folder) / name
            write_alignment(path, grid, format=fmt, encoding=encoding)
            assert read_alignment(path).grid == grid
            seconds = best_read(path, args.repeat)
            size = path.stat().st_size / 1e6
            print(f"read {args.intervals} intervals, {fmt:5} {encoding:6} ({size:5.1f} MB): "
                  f"{seconds:.3f} s (best of {args.repeat})")


if __name__ == "__main__":
    main()
