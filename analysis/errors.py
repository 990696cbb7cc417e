"""The project's own error type: a user mistake or bad input, with one clear sentence."""

from __future__ import annotations

import os


class MixScopeError(Exception):
    """Bad input or an unsupported request; ``str(err)`` is the message shown to the user.

    The CLI prints it as one line on stderr and exits with code 2; the GUI shows it in a dialog.
    Code that raises it names the file, word or value at fault: either in the message, or
    as ``path`` (and ``line``), which the message then starts with ("FILE: line N: ...").
    ``problem``, ``path`` and ``line`` stay available separately (the editor highlights the
    line)."""

    def __init__(self, problem: str, path: str | os.PathLike | None = None,
                 line: int | None = None):
        self.problem = problem
        self.path = None if path is None else os.fspath(path)
        self.line = line
        where = "" if self.path is None else f"{self.path}: "
        if line is not None:
            where += f"line {line}: "
        super().__init__(where + problem)


def one_line(text: str) -> str:
    """``text`` on one line: newlines and other control characters (which user text quoted
    in a message may hold) written as escapes, so one error is always one line."""
    return "".join(ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape",
                                                                    "backslashreplace").decode()
                   for ch in text)


class InputWarning(UserWarning):
    """Input that can be used but is probably not what the user meant (a truncated audio
    file, ...). The CLI prints it as one "warning:" line; the app shows it in the status bar."""


class FileWriteError(MixScopeError, OSError):
    """A file could not be written (disk full, read-only, a folder in the way, ...): names
    the file the user chose, never the temporary file of an atomic save. Also an OSError,
    with its ``errno`` and ``strerror``, for callers that handle those."""

    def __init__(self, path: str | os.PathLike, reason: OSError | str):
        strerror = reason if isinstance(reason, str) else (reason.strerror or str(reason))
        super().__init__(f"cannot write {os.fspath(path)}: {strerror}")
        self.path = os.fspath(path)
        self.errno = None if isinstance(reason, str) else reason.errno
        self.strerror, self.filename = strerror, self.path

    def __str__(self) -> str:  # the message, not OSError's "[Errno N] ..." form
        return str(self.args[0])
