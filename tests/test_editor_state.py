"""Qt-free editor state: view window rules, peak pyramid, zero crossings, spectrogram,
document events."""

import numpy as np
import pytest

from analysis.audio import Audio
from analysis.errors import MixScopeError
from analysis.spectrogram import SpectrogramSettings, spectrogram
from analysis.zero_crossing import nearest_zero_crossing
from gui.state.document import Document
from gui.state.peaks import PeakPyramid
from gui.state.view_state import ViewState


def test_view_window_stays_inside_the_file_when_zooming_and_scrolling():
    view = ViewState(10.0)
    seen = []
    view.changed.connect(seen.append)
    view.zoom(4.0, center=9.9)
    assert view.span == pytest.approx(2.5) and view.visible[1] <= 10.0
    view.scroll(3.0)
    assert view.visible == pytest.approx((7.5, 10.0))
    view.zoom(0.01)
    assert view.visible == (0.0, 10.0)
    assert seen and set(seen) == {"visible"}


def test_peak_envelope_keeps_a_single_sample_click_at_any_zoom():
    samples = np.zeros(16000 * 60, np.float32)
    samples[123457] = 0.9
    pyramid = PeakPyramid(samples, 16000)
    for pixels in (100, 1000, 3000):
        times, values = pyramid.envelope(0.0, 60.0, pixels)
        assert values.max() == pytest.approx(0.9) and len(values) <= 2 * pixels
    times, values = pyramid.envelope(7.7, 7.72, 1000)  # zoomed in: raw samples
    assert len(values) == len(times) and np.all(np.diff(times) > 0)


def test_nearest_zero_crossing_is_interpolated_between_samples():
    rate = 1000
    t = np.arange(1000) / rate
    samples = np.sin(2 * np.pi * 10 * t + 0.3)  # crossings at (k*pi - 0.3) / (20*pi)
    found = nearest_zero_crossing(samples, rate, 0.05)
    assert found == pytest.approx((np.pi - 0.3) / (20 * np.pi), abs=1e-4)
    assert nearest_zero_crossing(np.ones(100), rate, 0.05) is None


def test_spectrogram_puts_a_tone_in_the_right_row():
    rate = 16000
    t = np.arange(rate) / rate
    tone = np.sin(2 * np.pi * 1000 * t).astype(np.float32)
    spec = spectrogram(tone, rate, 0.2, 0.8, SpectrogramSettings(0.02, 5000, 60), max_frames=100)
    assert spec.db.shape[1] <= 100 and spec.db.max() == 0.0 and spec.db.min() >= -60
    peak_row = spec.db.mean(axis=1).argmax()
    hz_per_row = spec.max_frequency / spec.db.shape[0]
    assert abs(peak_row * hz_per_row - 1000) < 2 * hz_per_row


def test_document_rejects_an_alignment_longer_than_its_audio_and_stretches_a_shorter_one():
    from analysis.alignment.model import Interval, IntervalTier, TextGrid

    audio = Audio(np.zeros(16000, np.float32), 16000)
    long_grid = TextGrid(0, 3.0, (IntervalTier("words", (Interval(0, 3.0, "a"),), 0, 3.0),))
    with pytest.raises(MixScopeError, match="3.000 s"):
        Document.from_audio(audio, long_grid)
    short = TextGrid(0, 0.5, (IntervalTier("words", (Interval(0, 0.5, "a"),), 0, 0.5),))
    document = Document.from_audio(audio, short)
    assert document.grid.xmax == 1.0
    assert [(i.label, i.end) for i in document.grid.tiers[0].intervals] == [("a", 0.5),
                                                                            ("", 1.0)]


def test_document_marks_scores_stale_when_the_words_change():
    audio = Audio(np.zeros(16000, np.float32), 16000)
    document = Document.from_audio(audio)
    events = []
    document.results_changed.connect(lambda r: events.append(r))
    document.set_results("scores")
    tier = document.grid.tiers[0].insert_boundary(0.5).set_label(0, "il")
    document.set_grid(document.grid.replace_tier(0, tier))
    assert document.results_stale and events == ["scores", "scores"]


def test_marking_scores_stale_tells_the_views_once_and_needs_scores():
    document = Document.from_audio(Audio(np.zeros(16000, np.float32), 16000))
    events = []

    def seen(results):
        events.append(results)

    document.results_changed.connect(seen)
    document.mark_results_stale()
    assert not document.results_stale and events == []  # no scores: nothing to mark
    document.set_results("scores", saved=True)
    document.mark_results_stale()
    document.mark_results_stale()
    assert document.results_stale and events == ["scores", "scores"]
