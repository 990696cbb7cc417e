"""The error raised for a malformed alignment file or an impossible alignment edit."""

from __future__ import annotations

from analysis.errors import MixScopeError


class AlignmentError(MixScopeError):
    """A bad alignment: ``str(err)`` names the file and the line when they are known."""
