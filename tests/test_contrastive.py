"""Contrastive homophones: log p(target) - log p(alternative), teacher-forced after the same
prefix, and its drop per blanked word, against plain model calls (float64, 1e-5)."""

import numpy as np
import pytest
import torch

from analysis.errors import MixScopeError
from analysis.scoring import score
from tests.test_occlusion import _blank
from tests.test_scoring_exactness import WORDS, _load


def _log_prob(loaded, waveform, prefix, spelled):
    from analysis.models.transcription import whisper_features

    ids = prefix + spelled[:-1]
    with torch.no_grad():
        logits = loaded.model(input_features=whisper_features(loaded, waveform),
                              decoder_input_ids=torch.tensor([ids]), use_cache=False).logits[0]
    log_probs = torch.log_softmax(logits.double(), -1)
    first = len(prefix) - 1
    return sum(float(log_probs[first + k, t]) for k, t in enumerate(spelled))


def test_contrast_and_its_drop_per_blanked_word_match_plain_model_calls(tiny_whisper_dir):
    from tests.support.audio import speechlike

    waveform = speechlike(1.5, seed=3)
    loaded = _load(tiny_whisper_dir)
    result = score(loaded, waveform, WORDS, methods=["attention"], target=1,
                   alternative="mange", decoder_text="ils mangent des pommes")
    labels = result.row_labels["cross"]
    first = labels.index(" mangent")  # the tiny tokenizer spells it as one token
    inputs = result.decoder_input_ids
    target = [result.decoder_output_ids[first]]
    alternative = loaded.tokenizer.encode(" mange", add_special_tokens=False)
    prefix = inputs[:first + 1]

    def contrast(audio):
        return _log_prob(loaded, audio, prefix, target) - _log_prob(loaded, audio, prefix,
                                                                    alternative)

    original = contrast(waveform)
    assert result.meta["contrast_original"] == pytest.approx(original, abs=1e-5)
    drops = [original - contrast(_blank(waveform, w)) for w in WORDS]
    assert np.abs(result.contrast - drops).max() < 1e-5
    assert np.abs(drops).max() > 1e-7


def test_an_alternative_needs_a_target_word(tiny_whisper_dir):
    from tests.support.audio import speechlike

    loaded = _load(tiny_whisper_dir)
    with pytest.raises(MixScopeError, match="alternative"):
        score(loaded, speechlike(1.5), WORDS, alternative="mange",
              decoder_text="ils mangent des pommes")


def test_contrast_summary_gives_the_cue_drop_against_the_other_words():
    from analysis.contrastive import QUANTITIES, contrast_summary

    summary = contrast_summary(2.0, [0.5, 1.5, 0.1, 0.3], target=1, cue=0)
    assert list(summary) == list(QUANTITIES)
    assert summary == pytest.approx({"contrast": 2.0, "cue drop": 0.5, "other-word drop": 0.2,
                                     "cue - other": 0.3, "target drop": 1.5})
    unknown_cue = contrast_summary(2.0, [0.5, 1.5, 0.1], target=1, cue=None)
    assert np.isnan(unknown_cue["cue drop"]) and np.isnan(unknown_cue["cue - other"])
    assert unknown_cue["other-word drop"] == pytest.approx(0.3)  # every word but the target
    assert np.isnan(contrast_summary(1.0, [0.5, 1.5], target=1, cue=0)["other-word drop"])
