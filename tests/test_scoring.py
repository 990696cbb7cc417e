"""score(): normalisation, causality, unchanged attention, progress, cancellation."""

import numpy as np
import pytest

from analysis.cancel import Cancelled, CancelToken
from analysis.errors import MixScopeError
from analysis.models.loading import load_model
from analysis.scoring import score
from analysis.words import Word
from tests.support.audio import speechlike

WORDS = [Word("ils", 0.1, 0.4), Word("mangent", 0.4, 0.9), Word("des", 1.0, 1.2)]


@pytest.fixture(scope="module")
def whisper(tiny_whisper_dir):
    return load_model(tiny_whisper_dir, device="cpu")


@pytest.fixture(scope="module")
def whisper_scores(whisper):
    return score(whisper, speechlike(1.4), WORDS, decoder_text="ils mangent des pommes")


def test_every_row_sums_to_one_or_is_all_zero_and_nothing_is_nan(whisper_scores):
    rollouts = {f"{c}.{m}.rollout" for c in ("encoder", "decoder")
                for m in ("attention", "value_zeroing")}
    assert set(whisper_scores.keys()) == rollouts | {
        f"{c}.{m}" for c in ("encoder", "decoder", "cross") for m in ("attention", "value_zeroing")}
    for key, array in whisper_scores.scores.items():
        assert not np.isnan(array).any(), key
        sums = array.sum(axis=-1)
        assert np.all(np.isclose(sums, 1.0) | (sums == 0.0)), key


def test_decoder_value_zeroing_is_zero_above_the_diagonal(whisper_scores):
    raw = whisper_scores.raw["decoder.value_zeroing"]
    rows = raw.shape[1]
    assert np.all(raw[:, np.triu_indices(rows, k=1)[0], np.triu_indices(rows, k=1)[1]] == 0.0)
    assert np.all(raw[:, np.arange(rows), np.arange(rows)] > 0.0)


def test_shapes_and_labels_follow_words_and_tokens(whisper_scores):
    tokens = len(whisper_scores.decoder_output_ids)
    assert whisper_scores.get("encoder", "attention").shape == (2, 3, 3)
    assert whisper_scores.get("decoder", "value_zeroing").shape == (2, tokens, tokens)
    assert whisper_scores.get("cross", "attention").shape == (2, tokens, 3)
    assert whisper_scores.col_labels["cross"] == ["ils", "mangent", "des"]
    assert whisper_scores.decoder_input_ids[1:] == whisper_scores.decoder_output_ids[:-1]
    assert whisper_scores.word_frames[0] == (5, 20)
    assert whisper_scores.meta["spans"] == "reference"
    assert whisper_scores.meta["decoder_tokens_from"] == "text"


def test_zeroing_a_words_values_leaves_the_attention_probabilities_unchanged(whisper):
    import torch

    layer = whisper.model.model.encoder.layers[0]
    hidden = torch.randn(1, 1500, whisper.config.d_model)
    seen = []
    handle = layer.self_attn.register_forward_hook(lambda m, a, out: seen.append(out[1]))

    def zero(module, inputs, output):
        output = output.clone()
        output[:, 5:21] = 0.0
        return output

    with torch.no_grad():
        layer(hidden, None)
        zeroing = layer.self_attn.v_proj.register_forward_hook(zero)
        changed = layer(hidden, None)
        zeroing.remove()
        original = layer(hidden, None)
    handle.remove()
    assert torch.equal(seen[0], seen[1])
    assert not torch.allclose(changed, original)


def test_progress_counts_every_layer_up_to_the_total(whisper):
    calls = []
    score(whisper, speechlike(1.4), WORDS, decoder_text="ils",
          progress=lambda done, total, phrase: calls.append((done, total, phrase)))
    layers = [c for c in calls if "layer" in c[2]]
    assert [c[0] for c in layers] == [1, 2, 3, 4]
    assert all(c[1] == 4 for c in layers)
    assert layers[0][2] == "encoder layer 1/2" and layers[-1][2] == "decoder layer 2/2"


def test_cancelling_stops_after_the_current_layer_and_removes_the_hooks(whisper):
    token = CancelToken()
    calls = []

    def progress(done, total, phrase):
        calls.append(done)
        if done == 1:
            token.cancel()

    with pytest.raises(Cancelled):
        score(whisper, speechlike(1.4), WORDS, decoder_text="ils", progress=progress,
              cancel=token)
    assert max(calls) == 1
    for module in whisper.model.modules():
        assert not module._forward_hooks and not module._forward_pre_hooks


def test_a_cancelled_token_stops_before_any_work(whisper):
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        score(whisper, speechlike(1.4), WORDS, cancel=token)


def test_encoder_only_scoring_needs_no_decoder_tokens(whisper):
    result = score(whisper, speechlike(1.4), WORDS, components=["encoder"],
                   methods=["attention"])
    assert result.keys() == ["encoder.attention", "encoder.attention.rollout"] and result.decoder_output_ids == []


def test_ctc_models_have_only_an_encoder(tiny_ctc_stable_dir):
    loaded = load_model(tiny_ctc_stable_dir, device="cpu")
    result = score(loaded, speechlike(1.4), WORDS)
    assert result.components() == ["encoder"]
    with pytest.raises(MixScopeError, match="'cross' does not exist"):
        score(loaded, speechlike(1.4), WORDS, components=["cross"])
    with pytest.raises(MixScopeError, match="unknown method 'rollout'"):
        score(loaded, speechlike(1.4), WORDS, methods=["rollout"])


def test_transcription_on_another_thread_does_not_break_a_scoring_pass(tiny_whisper_dir):
    """Scoring hooks the model's layers for a whole pass; a transcription started beside it
    on the same model waits for the model's lock instead of being captured."""
    import threading

    import numpy as np

    from analysis.models.loading import load_model
    from analysis.models.transcription import transcribe
    from analysis.scoring import score
    from analysis.words import Word
    from tests.support.audio import speechlike

    loaded = load_model(tiny_whisper_dir, device="cpu")
    waveform = speechlike(1.0)
    words = [Word("ils", 0.1, 0.4), Word("mangent", 0.45, 0.9)]
    errors, results = [], []

    def transcribe_many():
        try:
            for _ in range(3):
                transcribe(loaded, waveform, max_new_tokens=3)
        except Exception as err:  # noqa: BLE001 - reported below
            errors.append(err)

    thread = threading.Thread(target=transcribe_many)
    thread.start()
    try:
        for _ in range(2):
            results.append(score(loaded, waveform, words, decoder_text="ils mangent"))
    finally:
        thread.join()
    assert not errors
    np.testing.assert_allclose(results[0].get("encoder", "value_zeroing"),
                               results[1].get("encoder", "value_zeroing"), atol=1e-9)
