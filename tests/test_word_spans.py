"""Word spans in encoder frames (METHODS.md) and word-list validation."""

import pytest

from analysis.errors import MixScopeError
from analysis.models.spans import validate_words, word_frames
from analysis.words import Word


def test_whisper_reference_span_of_0_30_to_0_58_s_is_frames_15_to_29():
    assert word_frames([Word("a", 0.30, 0.58)], 1500, 30.0) == [(15, 29)]


def test_half_open_span_starts_at_the_floor_and_stops_before_the_ceiling():
    assert word_frames([Word("a", 0.305, 0.58)], 1500, 30.0, "half-open") == [(15, 28)]
    assert word_frames([Word("a", 0.305, 0.58)], 1500, 30.0) == [(16, 29)]


def test_adjacent_words_share_their_boundary_frame_in_reference_spans():
    words = [Word("a", 0.30, 0.58), Word("b", 0.58, 0.90)]
    assert word_frames(words, 1500, 30.0) == [(15, 29), (29, 45)]
    assert word_frames(words, 1500, 30.0, "half-open") == [(15, 28), (29, 44)]


def test_ctc_frames_cover_the_waveform_and_the_last_frame_is_clipped():
    # 2 s -> 99 frames: T*s/D with D = 2.0
    assert word_frames([Word("a", 0.1, 0.5), Word("z", 1.9, 2.0)], 99, 2.0) == [(5, 25), (95, 98)]


def test_a_word_past_the_end_of_the_audio_is_named():
    with pytest.raises(MixScopeError, match="'pommes'.*outside the audio"):
        validate_words([Word("ils", 0.1, 0.3), Word("pommes", 1.9, 2.5)], 2.0, whisper=False)


def test_audio_longer_than_30_s_is_refused_for_whisper_with_its_duration():
    with pytest.raises(MixScopeError, match="40.00 s"):
        validate_words([Word("a", 0.1, 0.3)], 40.0, whisper=True)
    assert validate_words([Word("a", 0.1, 0.3)], 40.0, whisper=False)


def test_empty_word_lists_and_reversed_spans_are_refused():
    with pytest.raises(MixScopeError, match="no words"):
        validate_words([], 2.0, whisper=True)
    with pytest.raises(MixScopeError, match="'b'"):
        validate_words([Word("b", 0.5, 0.4)], 2.0, whisper=True)


def test_tiny_overhang_from_rounding_is_clipped_to_the_audio():
    assert validate_words([Word("a", 0.1, 2.0004)], 2.0, whisper=False) == [Word("a", 0.1, 2.0)]
