"""Alignments: the tier model, its validation and repair, and every file format MixScope
reads and writes (Praat TextGrid, the dataset's JSON, Audacity labels). No Qt here."""

from analysis.alignment.annotation import Annotation
from analysis.alignment.errors import AlignmentError
from analysis.alignment.io import AlignmentFile, read_alignment, write_alignment
from analysis.alignment.model import (
    SLIVER,
    Interval,
    IntervalTier,
    Point,
    PointTier,
    TextGrid,
    tier_to_words,
    words_to_tier,
)

__all__ = [
    "SLIVER",
    "AlignmentError",
    "AlignmentFile",
    "Annotation",
    "Interval",
    "IntervalTier",
    "Point",
    "PointTier",
    "TextGrid",
    "read_alignment",
    "tier_to_words",
    "words_to_tier",
    "write_alignment",
]
