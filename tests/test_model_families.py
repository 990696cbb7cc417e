"""The checkpoints researchers load, as small random-weight configs that keep each one's
structure (mel bins, vocabulary layout and special-token ids, decoder depth, layer-norm
placement, adapters), each through load, transcribe, score and align; scores equal the
straightforward oracle; the architectures MixScope cannot decompose are refused by name."""

import numpy as np
import pytest

from analysis.autoalign import align_words
from analysis.errors import MixScopeError
from analysis.models.loading import load_model
from analysis.models.transcription import transcribe
from analysis.scoring import score
from analysis.words import Word
from tests.support.audio import speechlike
from tests.support.models import (
    CTC_VARIANTS,
    WHISPER_VARIANTS,
    save_wav2vec2_ctc,
    save_whisper,
)
from tests.support.oracle import sharpen_attention, straightforward_scores

WORDS = [Word("ils", 0.12, 0.31), Word("mangent", 0.31, 0.74), Word("des", 0.80, 0.93)]
TEXT = "ils mangent des"
# Real special-token ids: <|endoftext|>, <|startoftranscript|>, <|fr|>, <|notimestamps|>.
WHISPER_IDS = {"whisper-medium": (50257, 50258, 50265, 50363, 51865),
               "whisper-large-v3": (50257, 50258, 50265, 50364, 51866),
               "whisper-large-v3-turbo": (50257, 50258, 50265, 50364, 51866),
               "distil-large-v3": (50257, 50258, 50265, 50364, 51866)}


@pytest.fixture(scope="module")
def waveform():
    return speechlike(1.2, seed=4)


@pytest.fixture(scope="module", params=sorted(WHISPER_VARIANTS))
def whisper_variant(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(request.param)
    return request.param, save_whisper(folder, **WHISPER_VARIANTS[request.param])


@pytest.fixture(scope="module", params=sorted(CTC_VARIANTS))
def ctc_variant(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(request.param)
    return request.param, save_wav2vec2_ctc(folder, **CTC_VARIANTS[request.param])


def _assert_matches_oracle(loaded, waveform, result):
    expected = straightforward_scores(loaded, waveform, result.word_frames,
                                      result.decoder_input_ids or None,
                                      components=tuple(result.components()))
    assert set(expected) == set(result.raw)
    for key, oracle in expected.items():
        assert result.raw[key].shape == oracle.shape, key
        assert np.abs(result.raw[key] - oracle).max() < 1e-5, key


def _assert_every_word_aligned_or_reported(aligned):
    """Random weights may time a word to nothing; it must then be listed, never lost."""
    labels = sorted([(w.index, w.label) for w in aligned.words]
                    + [(u.index, u.label) for u in aligned.unaligned])
    assert [label for _, label in labels] == TEXT.split()
    assert aligned.words and all(w.start < w.end for w in aligned.words)


def test_whisper_variants_keep_their_structure_and_load_transcribe_score_align(
        whisper_variant, waveform):
    name, folder = whisper_variant
    loaded = load_model(folder, device="cpu")
    structure = WHISPER_VARIANTS[name]
    eot, sot, french, notimestamps, vocab = WHISPER_IDS[name]
    assert loaded.config.num_mel_bins == structure["num_mel_bins"]
    assert loaded.feature_extractor.feature_size == structure["num_mel_bins"]
    assert loaded.config.vocab_size == vocab
    assert loaded.config.decoder_layers == structure["decoder_layers"]
    ids = loaded.tokenizer.convert_tokens_to_ids
    assert [ids("<|endoftext|>"), ids("<|startoftranscript|>"), ids("<|fr|>"),
            ids("<|notimestamps|>")] == [eot, sot, french, notimestamps]

    spoken = transcribe(loaded, waveform, language="french", max_new_tokens=3)
    assert spoken.ids[:3] == [french, ids("<|transcribe|>"), notimestamps]

    result = score(loaded, waveform, WORDS, decoder_text=TEXT)
    layers = {c: result.get(c, "value_zeroing").shape[0] for c in result.components()}
    assert layers == {"encoder": structure["encoder_layers"],
                      "decoder": structure["decoder_layers"],
                      "cross": structure["decoder_layers"]}
    assert result.meta["language"] == "fr" and result.meta["prompt_ids"][0] == french

    _assert_every_word_aligned_or_reported(align_words(loaded, waveform, TEXT, language="fr"))


def test_whisper_variant_decoder_and_cross_scores_equal_the_oracle(whisper_variant, waveform):
    """The decoder's depth and vocabulary are what differ (the encoder is Whisper's own,
    checked against the oracle in test_scoring_exactness)."""
    _, folder = whisper_variant
    loaded = sharpen_attention(load_model(folder, device="cpu", dtype="float64"))
    result = score(loaded, waveform, WORDS, decoder_text=TEXT, components=["decoder", "cross"])
    _assert_matches_oracle(loaded, waveform, result)


def test_ctc_variants_load_transcribe_score_align_and_equal_the_oracle(ctc_variant, waveform):
    name, folder = ctc_variant
    loaded = load_model(folder, device="cpu")
    assert loaded.info["model_type"] == CTC_VARIANTS[name]["model_type"]
    assert transcribe(loaded, waveform).tokens is not None
    _assert_every_word_aligned_or_reported(align_words(loaded, waveform, TEXT))

    loaded = sharpen_attention(load_model(folder, device="cpu", dtype="float64"))
    result = score(loaded, waveform, WORDS)
    assert result.components() == ["encoder"]
    _assert_matches_oracle(loaded, waveform, result)


def test_mms_adapters_are_loaded_and_change_the_scores(tmp_path, waveform):
    """MMS-1b-all puts an attention adapter after every layer: the scores must go through it
    (an adapter of zeros would leave the scores of the plain model)."""
    import torch

    folder = save_wav2vec2_ctc(tmp_path / "mms", **CTC_VARIANTS["mms-1b-all"])
    loaded = load_model(folder, device="cpu", dtype="float64")
    layers = loaded.model.base_model.encoder.layers
    assert all(layer.adapter_layer is not None for layer in layers)
    with_adapters = score(loaded, waveform, WORDS).raw["encoder.value_zeroing"]
    with torch.no_grad():
        for layer in layers:
            for parameter in layer.adapter_layer.parameters():
                parameter.zero_()
    without = score(loaded, waveform, WORDS).raw["encoder.value_zeroing"]
    assert np.abs(with_adapters - without).max() > 1e-6


def _save_config(folder, config):
    folder.mkdir()
    config.save_pretrained(folder)
    return folder


@pytest.mark.parametrize("name, reason", [
    ("wavlm", "WavLM"),
    ("wav2vec2-conformer", "conformer"),
    ("seamless_m4t", "SeamlessM4T"),
    ("seamless_m4t_v2", "SeamlessM4T"),
])
def test_unsupported_architectures_are_refused_with_their_reason(name, reason, tmp_path):
    from transformers import AutoConfig

    folder = _save_config(tmp_path / name, AutoConfig.for_model(name))
    with pytest.raises(MixScopeError) as error:
        load_model(folder, device="cpu")
    message = str(error.value)
    assert f"'{name}'" in message
    assert reason in message and "supported:" in message
