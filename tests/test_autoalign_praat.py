"""Praat's eSpeak aligner: Praat's word intervals matched back to the transcription's words."""

import pytest

from analysis.autoalign.praat import match_words, shared_words
from analysis.autoalign.result import TimedLabel


def test_praat_words_are_matched_whatever_their_punctuation_and_case():
    spoken = [TimedLabel("Ils", 0.1, 0.3), TimedLabel("mangent", 0.3, 0.7),
              TimedLabel("pommes.", 0.8, 1.2)]
    labels = ["ils", "mangent", "des", "pommes"]
    assert match_words(labels, spoken) == {0: (0.1, 0.3), 1: (0.3, 0.7), 3: (0.8, 1.2)}


def test_words_espeak_says_as_one_share_its_interval_by_letters():
    spoken = [TimedLabel("apples", 1.0, 1.5), TimedLabel("in the", 1.5, 2.0),
              TimedLabel("garden", 2.0, 2.5)]
    labels = ["apples", "in", "the", "garden"]
    times = match_words(labels, spoken)
    assert times[1] == pytest.approx((1.5, 1.7)) and times[2] == pytest.approx((1.7, 2.0))
    assert times[3] == (2.0, 2.5)
    assert shared_words(labels, spoken) == {1, 2}
