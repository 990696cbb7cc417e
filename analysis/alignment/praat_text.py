"""Praat TextGrid text files (long and short, and the free-form variants Praat accepts).

Why our own reader rather than praatio's: Praat's text reader is token based (it skips
words such as ``xmin =`` or ``item [1]:`` and ``!`` comments, and takes the next number,
string or ``<enum>``), so long, short and hand-edited free-form files are one grammar. We
follow that grammar exactly, report the line of the first bad token, never round or
re-order times (praatio rounds and merges on read), and read 50,000 intervals well under a
second. Writing uses ``repr`` for floats so every time reads back as the same double.
"""

from __future__ import annotations

import re

from analysis.alignment.errors import AlignmentError
from analysis.alignment.model import Interval, IntervalTier, Point, PointTier, TextGrid

# Words Praat skips: anything not starting with a number sign/digit, a quote, '<' or '!',
# whitespace, and '!' comments up to the end of the line.
_TOKEN = re.compile(
    r'(?:\s+(?!\s)|![^\n\r]*(?![^\n\r])|[^\s0-9+\-"<!]\S*(?!\S))*'
    r'(?:(?P<s>"[^"]*(?:""[^"]*)*")|(?P<t>[0-9+\-<"]\S*))')
# Each alternative above can match in one way only, so a failed match never backtracks
# exponentially (the fuzz test feeds it truncated files).
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_INF = float("inf")
_FRACTION = re.compile(r"([+-]?\d+)/(\d+)")


def line_of(text: str, pos: int) -> int:
    """1-based line number of ``pos``; CR LF, LF and lone CR all end a line."""
    head = text[:pos]
    return head.count("\n") + head.count("\r") - head.count("\r\n") + 1


class _Reader:
    """Takes the next value of the wanted kind, the way Praat's ``texget*`` functions do."""

    def __init__(self, text: str, path):
        self.text = text
        self.path = path
        self.pos = 0
        self.last = 0  # where the last token started
        self.end = len(text)

    def fail(self, message: str, pos: int | None = None):
        pos = self.pos if pos is None else pos
        raise AlignmentError(message, self.path, line_of(self.text, pos))

    def _next(self, wanted: str):
        m = _TOKEN.match(self.text, self.pos)
        if m is None:  # only whitespace and skipped words remain: point at the last line
            self.fail(f"the file ends early, while looking for {wanted}",
                      len(self.text.rstrip()))
        self.pos = m.end()
        self.last = m.start(m.lastgroup)
        if m.lastgroup == "s":
            return "s", m.group("s"), m.start("s")
        token = m.group("t")
        if token[0] == '"':
            self.fail(f"a text in quotes is never closed (looking for {wanted})",
                      m.start("t"))
        return "t", token, m.start("t")

    def string(self, what: str) -> str:
        kind, token, pos = self._next(f"the text of {what}")
        if kind == "s":
            return token[1:-1].replace('""', '"')
        found = "an enumerated value" if token[0] == "<" else "a number"
        self.fail(f"found {found} ({token[:20]!r}) where the text of {what} should be", pos)

    def number(self, what: str) -> float:
        kind, token, pos = self._next(f"the number {what}")
        if kind == "t" and token[0] != "<":
            if _NUMBER.fullmatch(token):
                value = float(token)
                if value in (_INF, -_INF):
                    self.fail(f"{token[:40]!r} is too large for a time (reading {what})", pos)
                return value
            m = _FRACTION.fullmatch(token)
            if m and int(m.group(2)):
                return int(m.group(1)) / int(m.group(2))
            self.fail(f"{token[:40]!r} is not a number (reading {what})", pos)
        found = "a text" if kind == "s" else "an enumerated value"
        self.fail(f"found {found} ({token[:20]!r}) where the number {what} should be", pos)

    def count(self, what: str) -> int:
        kind, token, pos = self._next(f"the number of {what}")
        if kind == "t" and token.isascii() and token.isdigit():
            return int(token)
        self.fail(f"expected the number of {what}, found {token[:20]!r}", pos)

    def flag(self, what: str) -> bool:
        kind, token, pos = self._next(what)
        if kind == "t" and token in ("<exists>", "<absent>"):
            return token == "<exists>"
        self.fail(f"expected <exists> or <absent> for {what}, found {token[:20]!r}", pos)


def is_praat_text(text: str) -> bool:
    """Whether ``text`` starts like a Praat text file (``File type = "ooTextFile..."``)."""
    return bool(re.match(r'\s*File\s+type\s*=\s*"ooTextFile', text))


def parse_textgrid(text: str, path=None) -> TextGrid:
    """Parse a long, short or free-form TextGrid text (already decoded)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = _Reader(text, path)
    file_type = reader.string("the file type")
    if not file_type.startswith("ooTextFile"):
        reader.fail(f"not a Praat text file (file type {file_type!r})")
    object_class = reader.string("the object class")
    if object_class.split(" ")[0] != "TextGrid":
        reader.fail(f"this Praat file holds a {object_class!r}, not a TextGrid")
    xmin = reader.number("xmin of the TextGrid")
    xmax = reader.number("xmax of the TextGrid")
    tiers = []
    if reader.flag("'tiers?'"):
        for n in range(1, reader.count("tiers") + 1):
            tiers.append(_read_tier(reader, n))
    return TextGrid(xmin, xmax, tuple(tiers))


def _read_tier(reader: _Reader, n: int):
    kind = reader.string(f"the class of tier {n}")
    if kind not in ("IntervalTier", "TextTier"):
        reader.fail(f"tier {n} has the unknown class {kind!r} "
                    "(expected \"IntervalTier\" or \"TextTier\")", reader.last)
    name = reader.string(f"the name of tier {n}")
    xmin = reader.number(f"xmin of tier {n}")
    xmax = reader.number(f"xmax of tier {n}")
    if kind == "IntervalTier":
        size = reader.count(f"intervals of tier {n}")
        number, string = reader.number, reader.string
        intervals = []
        for i in range(1, size + 1):
            start = number(f"xmin of interval {i} of tier {n}")
            end = number(f"xmax of interval {i} of tier {n}")
            intervals.append(Interval(start, end, string(f"interval {i} of tier {n}")))
        return IntervalTier(name, tuple(intervals), xmin, xmax)
    size = reader.count(f"points of tier {n}")
    points = []
    for i in range(1, size + 1):
        time = reader.number(f"time of point {i} of tier {n}")
        points.append(Point(time, reader.string(f"point {i} of tier {n}")))
    return PointTier(name, tuple(points), xmin, xmax)


# -- writing ---------------------------------------------------------------------------------
def format_time(value: float) -> str:
    """Shortest text that reads back as the same double (``0.5``, ``2``, ``1e-07``)."""
    text = repr(float(value))
    if text in ("nan", "inf", "-inf"):
        raise AlignmentError(f"cannot write the time {text}")
    return text[:-2] if text.endswith(".0") else text


def quote(label: str) -> str:
    return '"' + label.replace('"', '""') + '"'


def format_textgrid(grid: TextGrid, short: bool = False) -> str:
    """The TextGrid as Praat writes it ("Save as text file" / "Save as short text file")."""
    f = format_time
    out = ['File type = "ooTextFile"', 'Object class = "TextGrid"', ""]
    if short:
        # Always "<exists>": Praat crashes on "<absent>" (its tier list always exists).
        out += [f(grid.xmin), f(grid.xmax), "<exists>", str(len(grid.tiers))]
        for tier in grid.tiers:
            point = isinstance(tier, PointTier)
            out += [quote("TextTier" if point else "IntervalTier"), quote(tier.name),
                    f(tier.xmin), f(tier.xmax)]
            if point:
                out.append(str(len(tier.points)))
                for p in tier.points:
                    out += [f(p.time), quote(p.mark)]
            else:
                out.append(str(len(tier.intervals)))
                for i in tier.intervals:
                    out += [f(i.start), f(i.end), quote(i.label)]
        return "\n".join(out) + "\n"
    out += [f"xmin = {f(grid.xmin)} ", f"xmax = {f(grid.xmax)} "]
    out += ["tiers? <exists> ", f"size = {len(grid.tiers)} ", "item []: "]
    for n, tier in enumerate(grid.tiers, 1):
        point = isinstance(tier, PointTier)
        out += [f"    item [{n}]:",
                f'        class = "{"TextTier" if point else "IntervalTier"}" ',
                f"        name = {quote(tier.name)} ",
                f"        xmin = {f(tier.xmin)} ",
                f"        xmax = {f(tier.xmax)} "]
        if point:
            out.append(f"        points: size = {len(tier.points)} ")
            for k, p in enumerate(tier.points, 1):
                out += [f"        points [{k}]:", f"            number = {f(p.time)} ",
                        f"            mark = {quote(p.mark)} "]
        else:
            out.append(f"        intervals: size = {len(tier.intervals)} ")
            for k, i in enumerate(tier.intervals, 1):
                out += [f"        intervals [{k}]:", f"            xmin = {f(i.start)} ",
                        f"            xmax = {f(i.end)} ", f"            text = {quote(i.label)} "]
    return "\n".join(out) + "\n"
