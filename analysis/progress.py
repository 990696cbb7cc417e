"""Progress reports ``(done, total, phrase)``: the callback type every long job takes, and
``ProgressBar``, the one reporter that draws them for the CLI and for the Python API."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TextIO

Progress = Callable[[int, int, str], None]

PHRASE_WIDTH = 60  # characters of the phrase shown after the bar


class ProgressBar:
    """A progress callback drawing one tqdm bar, closed by ``close()`` or at the end of a
    ``with`` block.

    Where it draws: with ``draw=True`` (the API's ``progress=True``) always, at once, and
    with ``notebook`` through ``tqdm.auto`` (a widget in Jupyter); with ``draw=None`` (the
    CLI) only when ``stream`` is a terminal, and elsewhere (a log file, a pipe) one line per
    finished item when ``lines`` is set, else nothing. ``quiet`` shows nothing at all.
    ``leave`` keeps the finished bar on screen.
    """

    def __init__(self, unit: str = "step", *, stream: TextIO | None = None,
                 draw: bool | None = None, lines: bool = False, quiet: bool = False,
                 notebook: bool = False, leave: bool = False):
        self.stream = stream or sys.stderr
        self.unit, self.lines, self.quiet = unit, lines, quiet
        self.notebook, self.leave = notebook, leave
        self.draw = draw if draw is not None else (
            hasattr(self.stream, "isatty") and self.stream.isatty())
        self.shown_at_once = draw is True
        self.bar = None
        self.done = 0

    def __enter__(self) -> ProgressBar:
        if self.shown_at_once and not self.quiet:
            self._open(1)
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __call__(self, done: int, total: int, phrase: str) -> None:
        if self.quiet:
            return
        if self.draw:
            self._draw(done, total, phrase)
        elif self.lines and done > self.done:
            print(f"[{done:>{len(str(total))}}/{total}] {phrase}", file=self.stream, flush=True)
        self.done = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None

    def _draw(self, done: int, total: int, phrase: str) -> None:
        total = max(total, 1)  # an unknown total (0) shows as one step
        if self.bar is None:
            self._open(total)
        elif self.bar.total != total:
            self.bar.reset(total=total)
        self.bar.set_postfix_str(phrase[:PHRASE_WIDTH], refresh=False)
        self.bar.update(done - self.bar.n)

    def _open(self, total: int) -> None:
        if self.notebook:
            from tqdm.auto import tqdm
        else:
            from tqdm import tqdm
        # disable=False: TQDM_DISABLE (set by the CLI) silences the libraries' bars, not ours
        self.bar = tqdm(total=total, unit=self.unit, file=self.stream, leave=self.leave,
                        dynamic_ncols=True, disable=False)
