"""The homophone dataset's JSON: ``alignment = {"intervals": [{"word", "start", "end"}]}``.

Read: a bare interval list, an ``alignment`` object, or a whole example (with
``transcription``, ``cue_word``, ``target_word``, ``target_word_2`` and any other keys).
Write: the whole example. MixScope adds ``xmin``, ``xmax`` and ``tiers`` (every tier in
full) to the ``alignment`` object so that a TextGrid survives a trip through JSON; the
``intervals`` list stays the dataset's schema and, when someone edits it by hand, it wins
over the copy of the word tier inside ``tiers``.
"""

from __future__ import annotations

import json
import math
import numbers
from typing import Any

from analysis.alignment.annotation import Annotation
from analysis.alignment.errors import AlignmentError
from analysis.alignment.model import (
    Interval,
    IntervalTier,
    Point,
    PointTier,
    TextGrid,
    words_to_tier,
)
from analysis.words import Word


def parse_json(text: str, path=None) -> tuple[TextGrid, Annotation | None]:
    """The grid and, for a whole example, its annotation."""
    try:
        data = json.loads(text.lstrip("\ufeff"), parse_constant=_no_constant)
    except json.JSONDecodeError as err:
        raise AlignmentError(f"not valid JSON: {err.msg} (column {err.colno})", path,
                             err.lineno) from None
    except ValueError as err:
        raise AlignmentError(str(err), path) from None
    except RecursionError:
        raise AlignmentError("the JSON is nested too deeply", path) from None
    return from_json_data(data, path)


def _no_constant(name: str):
    raise ValueError(f"JSON holds {name}, which is not a time")


def from_json_data(data: Any, path=None) -> tuple[TextGrid, Annotation | None]:
    annotation = None
    if isinstance(data, dict) and "alignment" in data:
        annotation = _annotation(data, path)
        alignment = data["alignment"]
    else:
        alignment = data
    if isinstance(alignment, list):
        alignment = {"intervals": alignment}
    if not isinstance(alignment, dict) or "intervals" not in alignment:
        raise AlignmentError(
            "expected a list of {word, start, end} intervals, an object with 'intervals', "
            "or a dataset example with 'alignment'", path)
    words = _words(alignment["intervals"], path)
    if "tiers" in alignment:
        grid = _grid(alignment, path)
        index = grid.word_tier_index()
        tier = grid.tiers[index]
        if _json_intervals(tier) != [(w.label, w.start, w.end) for w in words]:
            try:
                new = words_to_tier(words, tier.xmin, tier.xmax, tier.name)
            except AlignmentError as err:
                raise AlignmentError(err.problem, path) from None
            grid = grid.replace_tier(index, new)
        return grid, annotation
    xmin = _time(alignment.get("xmin", min([0.0] + [w.start for w in words])), "xmin", path)
    xmax = _time(alignment.get("xmax", max([xmin] + [w.end for w in words])), "xmax", path)
    try:
        tier = words_to_tier(words, xmin, xmax)
    except AlignmentError as err:
        raise AlignmentError(err.problem, path) from None
    return TextGrid(tier.xmin, tier.xmax, (tier,)), annotation


def _annotation(data: dict, path) -> Annotation:
    fields = {}
    for name in Annotation.FIELDS:
        value = data.get(name, "" if name == "transcription" else None)
        if value is not None and not isinstance(value, str):
            raise AlignmentError(f"{name!r} should be a text or null, not {value!r}", path)
        fields[name] = "" if name == "transcription" and value is None else value
    extra = {k: v for k, v in data.items() if k not in Annotation.FIELDS and k != "alignment"}
    return Annotation(**fields, extra=extra)


def _time(value, what: str, path) -> float:
    try:
        if isinstance(value, numbers.Real) and not isinstance(value, bool):
            value = float(value)
            if math.isfinite(value):
                return value
    except OverflowError:
        pass
    raise AlignmentError(f"{what} should be a number of seconds, not {str(value)[:40]}", path)


def _text(value, what: str, path) -> str:
    if not isinstance(value, str):
        raise AlignmentError(f"{what} should be a text, not {value!r}", path)
    return value


def _words(items, path) -> list[Word]:
    if isinstance(items, dict) and all(isinstance(items.get(k), list) for k in ("start", "end")):
        # How `datasets` hands back a Sequence of dicts: a dict of equal-length lists.
        labels = items.get("word", items.get("label", items.get("text")))
        columns = [labels, items["start"], items["end"]]
        if not isinstance(labels, list) or len({len(c) for c in columns}) != 1:
            raise AlignmentError("'intervals' columns word/start/end differ in length", path)
        items = [{"word": w, "start": a, "end": b} for w, a, b in zip(*columns, strict=True)]
    if not isinstance(items, list):
        raise AlignmentError("'intervals' should be a list", path)
    words = []
    for n, item in enumerate(items, 1):
        if not isinstance(item, dict):
            raise AlignmentError(f"interval {n} should be an object, not {item!r}", path)
        label = item.get("word", item.get("label", item.get("text")))
        words.append(Word(_text(label, f"the word of interval {n}", path),
                          _time(item.get("start"), f"the start of interval {n}", path),
                          _time(item.get("end"), f"the end of interval {n}", path)))
    return words


def _grid(alignment: dict, path) -> TextGrid:
    tiers = alignment["tiers"]
    if not isinstance(tiers, list):
        raise AlignmentError("'tiers' should be a list", path)
    built = []
    for n, tier in enumerate(tiers, 1):
        if not isinstance(tier, dict):
            raise AlignmentError(f"tier {n} should be an object", path)
        name = _text(tier.get("name"), f"the name of tier {n}", path)
        xmin = _time(tier.get("xmin"), f"xmin of tier {n}", path)
        xmax = _time(tier.get("xmax"), f"xmax of tier {n}", path)
        if "points" in tier and isinstance(tier["points"], list):
            points = []
            for k, p in enumerate(tier["points"], 1):
                if not isinstance(p, dict):
                    raise AlignmentError(f"point {k} of tier {n} should be an object", path)
                points.append(Point(_time(p.get("time"), f"point {k} of tier {n}", path),
                                    _text(p.get("mark"), f"the mark of point {k}", path)))
            built.append(PointTier(name, tuple(points), xmin, xmax))
        elif isinstance(tier.get("intervals"), list):
            intervals = []
            for k, i in enumerate(tier["intervals"], 1):
                if not isinstance(i, dict):
                    raise AlignmentError(f"interval {k} of tier {n} should be an object", path)
                intervals.append(Interval(
                    _time(i.get("start"), f"the start of interval {k} of tier {n}", path),
                    _time(i.get("end"), f"the end of interval {k} of tier {n}", path),
                    _text(i.get("label"), f"the label of interval {k} of tier {n}", path)))
            built.append(IntervalTier(name, tuple(intervals), xmin, xmax))
        else:
            raise AlignmentError(f"tier {n} has neither 'intervals' nor 'points'", path)
    if not built:
        raise AlignmentError("'tiers' is empty", path)
    grid = TextGrid(_time(alignment.get("xmin"), "xmin", path),
                    _time(alignment.get("xmax"), "xmax", path), tuple(built))
    try:
        grid.word_tier_index()
    except AlignmentError as err:
        raise AlignmentError(err.problem, path) from None
    return grid


def _json_intervals(tier: IntervalTier) -> list[tuple[str, float, float]]:
    """The word tier as the dataset lists it: every interval with a non-empty label."""
    return [(i.label, i.start, i.end) for i in tier.intervals if i.label != ""]


def to_json_data(grid: TextGrid, annotation: Annotation | None = None) -> dict[str, Any]:
    word_tier = grid.word_tier()
    tiers = []
    for tier in grid.tiers:
        entry: dict[str, Any] = {"name": tier.name, "xmin": tier.xmin, "xmax": tier.xmax}
        if isinstance(tier, PointTier):
            entry["points"] = [{"time": p.time, "mark": p.mark} for p in tier.points]
        else:
            entry["intervals"] = [{"start": i.start, "end": i.end, "label": i.label}
                                  for i in tier.intervals]
        tiers.append(entry)
    alignment = {
        "intervals": [{"word": w, "start": s, "end": e} for w, s, e in _json_intervals(word_tier)],
        "xmin": grid.xmin,
        "xmax": grid.xmax,
        "tiers": tiers,
    }
    data = (annotation or Annotation()).to_json()
    data["alignment"] = alignment
    return data


def format_json(grid: TextGrid, annotation: Annotation | None = None) -> str:
    """The whole example as indented UTF-8 JSON (floats in ``repr`` form: exact)."""
    for value in _all_times(grid):
        if not math.isfinite(value):
            raise AlignmentError(f"cannot write the time {value} to JSON")
    return json.dumps(to_json_data(grid, annotation), ensure_ascii=False, indent=1) + "\n"


def _all_times(grid: TextGrid):
    yield grid.xmin
    yield grid.xmax
    for tier in grid.tiers:
        yield tier.xmin
        yield tier.xmax
        if isinstance(tier, PointTier):
            yield from (p.time for p in tier.points)
        else:
            for i in tier.intervals:
                yield i.start
                yield i.end
