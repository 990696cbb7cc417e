"""Cue contribution: how much a target word's representation draws on its cue word."""

from analysis.cue.contribution import (
    CueContribution,
    CueError,
    CuePositions,
    contribution,
    cue_contributions,
    locate,
)
from analysis.cue.tokens import TokenMatch, TokenMatchError, locate_word

__all__ = [
    "CueContribution", "CueError", "CuePositions", "TokenMatch", "TokenMatchError",
    "contribution", "cue_contributions", "locate", "locate_word",
]
