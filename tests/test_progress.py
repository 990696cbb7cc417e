"""analysis.progress.ProgressBar, the one reporter of the CLI and the Python API."""

from __future__ import annotations

import io

from analysis.progress import ProgressBar


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _report_three(bar: ProgressBar) -> None:
    for done in range(1, 4):
        bar(done, 3, f"example {done}")


def test_off_a_terminal_the_cli_prints_one_line_per_finished_item_or_nothing():
    log, silent = io.StringIO(), io.StringIO()
    with ProgressBar("example", stream=log, lines=True) as bar:
        bar(0, 3, "starting")
        _report_three(bar)
    with ProgressBar("step", stream=silent) as bar:
        _report_three(bar)
    assert log.getvalue() == "[1/3] example 1\n[2/3] example 2\n[3/3] example 3\n"
    assert silent.getvalue() == ""


def test_on_a_terminal_the_cli_draws_a_bar_that_is_cleared_at_the_end():
    terminal = Terminal()
    with ProgressBar("example", stream=terminal, lines=True) as bar:
        assert terminal.getvalue() == ""  # nothing before the first report
        bar(1, 3, "example 1")
        assert "/3 [" in terminal.getvalue() and "example/s" in terminal.getvalue()
    assert "[1/3]" not in terminal.getvalue()  # a bar, not lines
    assert terminal.getvalue().endswith("\r") and "\n" not in terminal.getvalue()


def test_quiet_shows_nothing_even_on_a_terminal():
    terminal = Terminal()
    with ProgressBar("step", stream=terminal, lines=True, quiet=True) as bar:
        _report_three(bar)
    assert terminal.getvalue() == ""


def test_a_bar_asked_for_shows_at_once_anywhere_and_stays():
    log = io.StringIO()  # not a terminal: drawn all the same
    with ProgressBar("step", stream=log, draw=True, leave=True) as bar:
        assert "0/1" in log.getvalue()
        _report_three(bar)
    assert "3/3" in log.getvalue() and "example 3" in log.getvalue()
    assert log.getvalue().endswith("\n")
