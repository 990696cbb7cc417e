"""Progress reports ``(done, total, phrase)`` drawn as a tqdm bar: on a terminal for the CLI,
as a notebook widget (or text) for the Python API."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

Progress = Callable[[int, int, str], None]


@contextmanager
def progress_bar(enabled: bool = True, stream: TextIO | None = None, notebook: bool = False,
                 leave: bool = False) -> Iterator[Progress | None]:
    """A progress callback drawing one bar (None when not ``enabled``); the bar is closed
    when the block ends. ``notebook`` picks ``tqdm.auto`` (a widget where Jupyter has one)."""
    if not enabled:
        yield None
        return
    if notebook:
        from tqdm.auto import tqdm
    else:
        from tqdm import tqdm
    bar = tqdm(total=1, file=stream, leave=leave, dynamic_ncols=True, unit="step")

    def report(done: int, total: int, phrase: str) -> None:
        if total != bar.total:
            bar.reset(total=max(total, 1))
        bar.set_postfix_str(phrase[:60], refresh=False)
        bar.update(done - bar.n)

    try:
        yield report
    finally:
        bar.close()
