"""One prompt rule for every Whisper caller (analysis/models/language.py): multilingual
checkpoints take a language (code or name) and a task, English-only ones neither; unknown
languages are refused with one line; provenance records what really ran."""

import pytest

from analysis.autoalign import align_words
from analysis.errors import MixScopeError
from analysis.models.language import english_only, language_code, whisper_prompt
from analysis.models.loading import load_model
from analysis.models.transcription import decoder_tokens, transcribe
from analysis.scoring import score
from analysis.words import Word
from tests.support.audio import speechlike
from tests.support.models import save_whisper

WORDS = [Word("ils", 0.1, 0.4), Word("mangent", 0.4, 0.9)]


@pytest.fixture(scope="module")
def multilingual(tiny_whisper_dir):
    return load_model(tiny_whisper_dir, device="cpu")


@pytest.fixture(scope="module")
def english(tmp_path_factory):
    folder = save_whisper(tmp_path_factory.mktemp("tiny-whisper-en"), english_only=True)
    return load_model(folder, device="cpu")


@pytest.mark.parametrize("given", ["fr", "FR", "french", "French", "<|fr|>"])
def test_language_codes_and_names_mean_the_same(given):
    assert language_code(given) == "fr"


def test_an_unknown_language_is_one_clear_line():
    with pytest.raises(MixScopeError) as error:
        language_code("klingon")
    assert str(error.value).count("\n") == 0 and "unknown language 'klingon'" in str(error.value)


def test_multilingual_prompt_has_language_task_and_no_timestamps(multilingual):
    ids = multilingual.tokenizer.convert_tokens_to_ids
    prompt = whisper_prompt(multilingual, "french", "translate")
    assert prompt.ids == [ids("<|fr|>"), ids("<|translate|>"), ids("<|notimestamps|>")]
    assert (prompt.language, prompt.task, prompt.note) == ("fr", "translate", None)
    assert not english_only(multilingual)


def test_english_only_prompt_is_no_timestamps_alone_with_a_note(english):
    notimestamps = english.tokenizer.convert_tokens_to_ids("<|notimestamps|>")
    assert english_only(english)
    for language in ("fr", "french"):
        prompt = whisper_prompt(english, language)
        assert prompt.ids == [notimestamps] and prompt.language is None
        assert "English-only" in prompt.note and f"'{language}'" in prompt.note
    assert whisper_prompt(english, "en").note is None
    with pytest.raises(MixScopeError, match="unknown language"):
        whisper_prompt(english, "klingon")
    with pytest.raises(MixScopeError, match="English-only"):
        whisper_prompt(english, "en", "translate")


def test_every_caller_uses_the_english_only_prompt(english):
    """Transcription, teacher-forced decoder tokens, scoring and alignment."""
    start = english.config.decoder_start_token_id
    notimestamps = english.tokenizer.convert_tokens_to_ids("<|notimestamps|>")
    wave = speechlike(1.0, seed=5)
    assert transcribe(english, wave, max_new_tokens=3).ids[0] == notimestamps
    assert decoder_tokens(english, text="ils mangent").input_ids[:3] == [
        start, notimestamps, *english.tokenizer.encode(" ils", add_special_tokens=False)[:1]]
    result = score(english, wave, WORDS, decoder_text="ils mangent", language="french")
    assert result.meta["prompt_ids"] == [notimestamps] and result.meta["language"] is None
    assert result.meta["language_requested"] == "french" and "English-only" in result.meta["note"]
    aligned = align_words(english, wave, "ils mangent", language="french")
    assert any("English-only" in note for note in aligned.notes)


def test_provenance_records_the_language_really_used(multilingual):
    wave = speechlike(1.0, seed=5)
    result = score(multilingual, wave, WORDS, decoder_text="ils mangent", language="French")
    assert result.meta["language"] == "fr" and result.meta["language_requested"] == "French"
    assert "note" not in result.meta
    fr = multilingual.tokenizer.convert_tokens_to_ids("<|fr|>")
    result = score(multilingual, wave, WORDS, decoder_ids=result.decoder_output_ids,
                   language="en")  # explicit ids: their own language token counts
    assert result.meta["language"] == "fr" and result.meta["prompt_ids"][0] == fr
    with pytest.raises(MixScopeError, match="unknown language"):
        score(multilingual, wave, WORDS, components=["encoder"], language="klingon")
