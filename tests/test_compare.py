"""Comparing two ScoreSets word by word: a minimal pair ("ils mangent des pommes" vs "il
mange une pomme") gives A, B and A − B at the word level, cell for cell."""

import numpy as np
import pytest

from analysis.compare import compare, word_level
from analysis.errors import MixScopeError
from analysis.words import Word
from tests.support.scoresets import hand_made_scoreset


def minimal_pair():
    plural = hand_made_scoreset(layers=3, noise_row=None)
    singular = hand_made_scoreset(layers=3, noise_row=None)
    for key in singular.scores:  # other numbers for the other sentence
        singular.raw[key] = singular.raw[key][:, ::-1, :].copy()
        singular.scores[key] = singular.scores[key][:, ::-1, :].copy()
    singular.words = [Word("il", 0.1, 0.3), Word("mange", 0.35, 0.7), Word("une", 0.75, 0.9),
                      Word("pomme", 0.95, 1.3)]
    outputs = ["<|fr|>", "<|transcribe|>", "<|notimestamps|>", "Ġil", "Ġmange", "Ġune",
               "Ġpom", "me", "<|endoftext|>", "<|endoftext|>"]
    singular.row_labels = {"encoder": [w.label for w in singular.words], "decoder": outputs,
                           "cross": outputs}
    singular.col_labels = {"encoder": [w.label for w in singular.words],
                           "decoder": ["<|startoftranscript|>", *outputs[:-1]],
                           "cross": [w.label for w in singular.words]}
    return plural, singular


def test_minimal_pair_difference_is_a_minus_b_word_by_word():
    plural, singular = minimal_pair()
    result = compare(plural, singular, ("ils mangent", "il mange"))
    assert result.words == ["ils/il", "mangent/mange", "des/une", "pommes/pomme"]
    diff = result.difference("encoder", "attention")
    np.testing.assert_allclose(diff, plural.get("encoder", "attention")
                               - singular.get("encoder", "attention"))
    # cross: "mangent" is two tokens (rows 4, 5: mean), "mange" one (row 4)
    a = plural.get("cross", "value_zeroing")
    b = singular.get("cross", "value_zeroing")
    expected = a[:, [4, 5], 0].mean(axis=1) - b[:, 4, 0]
    np.testing.assert_allclose(result.difference("cross", "value_zeroing")[:, 1, 0], expected)


def test_decoder_words_sum_their_token_columns_renormalised_over_word_columns():
    plural, _ = minimal_pair()
    words = word_level(plural, "decoder", "attention")
    s = plural.get("decoder", "attention")
    word_cols = [4, 5, 6, 7, 8, 9]  # inputs ils, mang, ent, des, pom, mes (after the prefix)
    share = [s[:, r, [5, 6]].sum(axis=1) / s[:, r, word_cols].sum(axis=1) for r in (7, 8)]
    np.testing.assert_allclose(words[:, 3, 1], np.mean(share, axis=0))  # pommes <- mangent
    np.testing.assert_allclose(np.nansum(words, axis=2), 1.0)


def test_different_word_counts_are_refused_with_both_sentences_named():
    plural, singular = minimal_pair()
    singular.words = singular.words[:3]
    with pytest.raises(MixScopeError, match="4 words.*3"):
        compare(plural, singular)


def test_compare_dock_shows_a_b_and_their_difference_for_the_current_scores(qtbot,
                                                                            tmp_path,
                                                                            monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from analysis.alignment.model import TextGrid, words_to_tier
    from analysis.audio import Audio
    from gui.main_window import MainWindow
    from gui.state.document import Document

    plural, singular = minimal_pair()
    singular.save(tmp_path / "il_mange.scores.npz")
    window = MainWindow()
    qtbot.addWidget(window)
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Discard)
    window.show()
    audio = Audio(np.zeros(24000, np.float32), 16000)
    words = [(w.label, w.start, w.end) for w in plural.words]
    grid = TextGrid(0.0, 1.5, (words_to_tier(words, 0.0, 1.5),))
    window.services.documents.set_document(Document(audio, grid))
    window.services.documents.document.set_results(plural)
    assert window.features.compare.compare_with(tmp_path / "il_mange.scores.npz")
    panel = window.features.compare.panel
    assert window.features.compare.dock.isVisible()
    panel.show_key("cross", "value_zeroing")
    panel.layer_slider.setValue(2)
    a, b, diff = (plot.matrix() for plot in panel.plots)
    expected = compare(plural, singular).difference("cross", "value_zeroing")[1]
    np.testing.assert_allclose(diff, expected, rtol=1e-6)
    np.testing.assert_allclose(a - b, expected, rtol=1e-5, atol=1e-7)
    assert panel.plots[2].getAxis("left").labels()[1] == "mangent/mange"
    low, high = panel.bars[1].levels()
    assert low == -high  # the difference's scale is centred on zero
    window.services.documents.document.set_results(None)
    assert not panel.canvas.isVisible()
