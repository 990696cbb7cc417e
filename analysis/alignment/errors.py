"""The error raised for a malformed alignment file or an impossible alignment edit."""

from __future__ import annotations

import os

from analysis.errors import MixScopeError


class AlignmentError(MixScopeError):
    """A bad alignment: ``str(err)`` names the file and the line when they are known.

    ``path``, ``line`` and ``problem`` keep the parts separately for callers that want them
    (the editor highlights the line, the CLI prints the whole message on one line)."""

    def __init__(self, problem: str, path: str | os.PathLike | None = None,
                 line: int | None = None):
        self.problem = problem
        self.path = None if path is None else os.fspath(path)
        self.line = line
        where = ""
        if self.path is not None:
            where = f"{self.path}: "
        if line is not None:
            where += f"line {line}: "
        super().__init__(where + problem)
