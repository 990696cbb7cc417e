"""Model loading: families, eager attention, missing tokenizer, one-sentence refusals."""

import json

import pytest

from analysis.errors import MixScopeError
from analysis.models.loading import load_model, pick_device


def test_whisper_and_ctc_checkpoints_load_with_eager_attention(tiny_whisper_dir, tiny_ctc_dir):
    whisper = load_model(tiny_whisper_dir, device="cpu")
    ctc = load_model(tiny_ctc_dir, device="cpu")
    assert (whisper.kind, ctc.kind) == ("whisper", "ctc")
    for loaded in (whisper, ctc):
        assert loaded.model.config._attn_implementation == "eager"
        assert not loaded.model.training
        assert loaded.tokenizer is not None


def test_dtype_is_applied(tiny_ctc_dir):
    import torch

    assert load_model(tiny_ctc_dir, device="cpu", dtype="float64").model.dtype == torch.float64


def test_a_folder_without_tokenizer_still_scores_with_tokens_labelled_by_id(tiny_whisper_dir,
                                                                            tmp_path):
    from analysis.scoring import score
    from analysis.words import Word
    from tests.support.audio import speechlike
    from tests.support.models import copy_without_tokenizer

    folder = copy_without_tokenizer(tiny_whisper_dir, tmp_path / "no-tokenizer")
    loaded = load_model(folder, device="cpu")
    assert loaded.tokenizer is None
    result = score(loaded, speechlike(1.0), [Word("a", 0.1, 0.5), Word("b", 0.5, 0.9)],
                   max_new_tokens=4)
    assert result.row_labels["decoder"] == [str(i) for i in result.decoder_output_ids]
    assert result.row_labels["decoder"][0] == str(loaded.model.generation_config.lang_to_id["<|fr|>"])


def test_wavlm_is_refused_with_the_reason(tmp_path):
    from transformers import WavLMConfig

    WavLMConfig(hidden_size=16, num_hidden_layers=1, num_attention_heads=2).save_pretrained(tmp_path)
    with pytest.raises(MixScopeError, match="WavLM.*bypasses its value projection"):
        load_model(tmp_path, device="cpu")


def test_other_architectures_are_refused_naming_what_is_supported(tmp_path):
    (tmp_path / "config.json").write_text(json.dumps({"model_type": "bert"}))
    with pytest.raises(MixScopeError, match="'bert'.*supported: Whisper"):
        load_model(tmp_path, device="cpu")


def test_an_unknown_hub_id_offline_gives_one_sentence():
    with pytest.raises(MixScopeError) as info:
        load_model("nobody-here/not-a-model", device="cpu")
    message = str(info.value)
    assert "not-a-model" in message and "\n" not in message
    assert "cache" in message or "hub" in message


def test_a_missing_folder_is_named(tmp_path):
    with pytest.raises(MixScopeError, match="not found"):
        load_model(tmp_path / "nowhere", device="cpu")
    with pytest.raises(MixScopeError, match="no config.json"):
        load_model(tmp_path, device="cpu")


def test_device_choice():
    import torch

    assert pick_device("cpu") == "cpu"
    assert pick_device("auto") in ("cpu", "cuda", "mps")
    with pytest.raises(MixScopeError, match="unknown device"):
        pick_device("tpu")
    if not torch.cuda.is_available():
        with pytest.raises(MixScopeError, match="no CUDA"):
            pick_device("cuda")
