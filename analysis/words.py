"""A word with its time span: the unit every score is reported on."""

from __future__ import annotations

from typing import NamedTuple


class Word(NamedTuple):
    label: str
    start: float  # seconds
    end: float  # seconds
