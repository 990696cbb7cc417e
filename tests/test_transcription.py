"""Transcription and Whisper's decoder tokens (METHODS.md: g and [decoder_start] + g[:-1])."""

import pytest

from analysis.errors import MixScopeError
from analysis.models.loading import load_model
from analysis.models.transcription import _generated_tokens, decoder_tokens, transcribe
from tests.support.audio import speechlike


@pytest.fixture(scope="module")
def whisper(tiny_whisper_dir):
    return load_model(tiny_whisper_dir, device="cpu")


def _prefix(loaded):
    ids = loaded.tokenizer.convert_tokens_to_ids
    return [ids("<|fr|>"), ids("<|transcribe|>"), ids("<|notimestamps|>")]


def test_whisper_transcription_starts_with_the_forced_prefix_without_sot(whisper):
    result = transcribe(whisper, speechlike(1.0), language="fr", max_new_tokens=5)
    sot = whisper.config.decoder_start_token_id
    assert result.ids[:3] == _prefix(whisper)
    assert sot not in result.ids
    assert 3 < len(result.ids) <= 3 + 5
    assert len(result.tokens) == len(result.ids)


def test_generated_sequences_with_or_without_the_prompt_give_the_same_g():
    sot, eot, prefix = 1, 2, [10, 11, 12]
    with_prompt = [sot, 10, 11, 12, 50, 51, eot, eot, eot]
    new_only = [50, 51, eot, eot]
    assert _generated_tokens(with_prompt, sot, eot, prefix) == [10, 11, 12, 50, 51, eot]
    assert _generated_tokens(new_only, sot, eot, prefix) == [10, 11, 12, 50, 51, eot]
    assert _generated_tokens([sot, 10, 11, 12, 50], sot, eot, prefix) == [10, 11, 12, 50]


def test_decoder_tokens_from_text_are_prefix_text_and_end_of_text(whisper):
    tokens = decoder_tokens(whisper, text="ils mangent")
    body = whisper.tokenizer.encode(" ils mangent", add_special_tokens=False)
    eot = whisper.tokenizer.convert_tokens_to_ids("<|endoftext|>")
    assert tokens.output_ids == _prefix(whisper) + body + [eot]
    assert tokens.input_ids == [whisper.config.decoder_start_token_id] + tokens.output_ids[:-1]
    assert tokens.output_labels[0] == "<|fr|>" and tokens.input_labels[0] == "<|startoftranscript|>"
    assert "".join(tokens.output_labels[3:-1]) == " ils mangent"


def test_explicit_ids_drop_a_leading_start_token_and_are_checked(whisper):
    sot = whisper.config.decoder_start_token_id
    tokens = decoder_tokens(whisper, ids=[sot, 5, 6, 7])
    assert tokens.output_ids == [5, 6, 7] and tokens.input_ids == [sot, 5, 6]
    with pytest.raises(MixScopeError, match="outside the vocabulary"):
        decoder_tokens(whisper, ids=[5, 10**6])


def test_default_decoder_tokens_come_from_the_models_transcription(whisper):
    wave = speechlike(1.0)
    tokens = decoder_tokens(whisper, wave, max_new_tokens=4)
    assert tokens.source == "transcription"
    assert tokens.output_ids == transcribe(whisper, wave, max_new_tokens=4).ids


def test_an_unknown_language_is_refused(whisper):
    with pytest.raises(MixScopeError, match="klingon"):
        decoder_tokens(whisper, text="a", language="klingon")


def test_ctc_greedy_decoding_collapses_repeats_and_drops_blanks(tiny_ctc_dir):
    import torch

    loaded = load_model(tiny_ctc_dir, device="cpu")
    wave = speechlike(1.0)
    result = transcribe(loaded, wave)
    values = loaded.feature_extractor(wave, sampling_rate=16000, return_tensors="pt").input_values
    with torch.no_grad():
        best = loaded.model(values).logits[0].argmax(-1).tolist()
    blank = loaded.config.pad_token_id
    expected = [t for k, t in enumerate(best) if (k == 0 or t != best[k - 1]) and t != blank]
    assert result.ids == expected
    assert result.text == loaded.tokenizer.decode(best)


def test_a_character_split_across_tokens_labels_each_of_them_whole(whisper):
    from analysis.models.transcription import token_labels

    ids = whisper.tokenizer.encode(" œuvre naïve", add_special_tokens=False)
    alone = [whisper.tokenizer.decode([i]) for i in ids]
    assert "\ufffd" in "".join(alone)  # the tiny vocabulary splits œ and ï into bytes
    labels = token_labels(whisper, ids)
    assert "\ufffd" not in "".join(labels)
    assert [label for label, one in zip(labels, alone, strict=True) if "\ufffd" in one] == \
        ["œ", "œ", "ï", "ï"]
    assert "".join(label for label, one in zip(labels, alone, strict=True)
                   if "\ufffd" not in one) == " uvre nave"
