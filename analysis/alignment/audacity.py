"""Audacity label tracks: one ``start<TAB>end<TAB>label`` line per label.

Labels become a "words" interval tier (gaps as empty intervals); point labels
(``start == end``) become a "points" point tier. Audacity's spectral-selection lines
(starting with a backslash) are skipped.
"""

from __future__ import annotations

import math

from analysis.alignment.errors import AlignmentError
from analysis.alignment.model import IntervalTier, Point, PointTier, TextGrid, words_to_tier
from analysis.alignment.praat_text import format_time
from analysis.words import Word


def parse_labels(text: str, path=None) -> TextGrid:
    words: list[tuple[Word, int]] = []
    points: list[Point] = []
    for number, line in enumerate(_lines(text), 1):
        if not line.strip() or line.startswith("\\"):
            continue
        fields = line.split("\t", 2) if "\t" in line else line.split(None, 2)
        if len(fields) < 2:
            raise AlignmentError("expected 'start<TAB>end<TAB>label'", path, number)
        try:
            start, end = float(fields[0]), float(fields[1])
        except ValueError:
            raise AlignmentError(
                f"expected two times in seconds, found {fields[0][:20]!r} and "
                f"{fields[1][:20]!r}", path, number) from None
        if not (math.isfinite(start) and math.isfinite(end)):
            raise AlignmentError("a time is not a finite number", path, number)
        label = fields[2] if len(fields) > 2 else ""
        if start == end:
            points.append(Point(start, label))
        elif end < start:
            raise AlignmentError(f"the label ends ({end} s) before it starts ({start} s)",
                                 path, number)
        else:
            words.append((Word(label, start, end), number))
    if not words and not points:
        raise AlignmentError("no labels found", path)
    words.sort(key=lambda item: item[0].start)
    for (previous, _), (word, number) in zip(words, words[1:], strict=False):
        if word.start < previous.end:
            raise AlignmentError(
                f"label {word.label!r} overlaps {previous.label!r}; MixScope needs "
                "non-overlapping labels", path, number)
    times = [w.start for w, _ in words] + [p.time for p in points]
    ends = [w.end for w, _ in words] + [p.time for p in points]
    xmin, xmax = min(0.0, min(times)), max(ends)
    tiers: list = []
    if words:
        tiers.append(words_to_tier([w for w, _ in words], xmin, xmax))
    if points:
        tiers.append(PointTier("points", tuple(sorted(points, key=lambda p: p.time)),
                               xmin, xmax))
    return TextGrid(xmin, xmax, tuple(tiers))


def format_labels(tier: IntervalTier | PointTier) -> str:
    """One tier as labels: the non-empty intervals, or every point (start = end)."""
    lines = []
    if isinstance(tier, PointTier):
        for p in tier.points:
            lines.append(f"{format_time(p.time)}\t{format_time(p.time)}\t{_one_line(p.mark)}")
    else:
        for i in tier.intervals:
            if i.label != "":
                lines.append(f"{format_time(i.start)}\t{format_time(i.end)}\t"
                             f"{_one_line(i.label)}")
    return "".join(line + "\n" for line in lines)


def _lines(text: str) -> list[str]:
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _one_line(label: str) -> str:
    """A label track cannot hold a line break: each becomes a space."""
    return label.replace("\r\n", " ").replace("\r", " ").replace("\n", " ")
