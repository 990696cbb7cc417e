"""Mapping cue/target words to Whisper decoder tokens."""

import pytest

from analysis.cue.tokens import (
    TokenMatchError,
    decoded_text,
    ids_as_bytes,
    locate_word,
    token_bytes,
    tokens_as_bytes,
)


@pytest.fixture(scope="module")
def tokenizer():
    from tests.support.models import build_whisper_tokenizer

    return build_whisper_tokenizer()


def encode(tokenizer, text):
    prefix = ["<|startoftranscript|>", "<|fr|>", "<|transcribe|>", "<|notimestamps|>"]
    ids = tokenizer.convert_tokens_to_ids(prefix) + tokenizer.encode(text, add_special_tokens=False)
    return ids + [tokenizer.convert_tokens_to_ids("<|endoftext|>")]


def test_space_marker_is_a_space_and_accents_are_decoded_from_bytes():
    assert token_bytes("Ġmang") == b" mang"
    assert token_bytes("aÃ©roport") == "aéroport".encode()
    assert token_bytes(" déjà") == " déjà".encode()  # an already decoded label


def test_word_split_into_sub_words_maps_to_all_its_tokens():
    pieces = tokens_as_bytes(["<|fr|>", "ĠIl", "s", "Ġmang", "ent", "Ġdes", "<|endoftext|>"])
    match = locate_word(pieces, "mangent")
    assert match.positions == (3, 4)
    assert match.text == "mangent"


def test_case_and_punctuation_are_ignored(tokenizer):
    pieces = ids_as_bytes(encode(tokenizer, " Ils mangent des pommes."), tokenizer)
    ils = locate_word(pieces, "ILS")
    assert ils.text == "Ils"
    assert b"".join(pieces[i] for i in ils.positions).strip() == b"Ils"
    pommes = locate_word(pieces, "Pommes!")
    assert b"".join(pieces[i] for i in pommes.positions).strip(b" .") == b"pommes"


def test_apostrophes_and_hyphens_separate_words(tokenizer):
    pieces = ids_as_bytes(encode(tokenizer, " à l'aéroport, qu'est-ce"), tokenizer)
    airport = locate_word(pieces, "aéroport")
    assert "aéroport" in airport.text
    assert "'" not in airport.text
    assert locate_word(pieces, "l'aéroport").text == "l'aéroport"
    assert locate_word(pieces, "est-ce").text == "est-ce"


def test_a_character_split_across_two_tokens_belongs_to_both():
    e_acute = "é".encode()
    text, owners = decoded_text([b" caf", e_acute[:1], e_acute[1:], None])
    assert text.startswith(" café")
    assert owners[4] == frozenset({1, 2})
    assert locate_word([b" caf", e_acute[:1], e_acute[1:]], "café").positions == (0, 1, 2)


def test_accents_are_significant_so_homophones_stay_apart(tokenizer):
    pieces = ids_as_bytes(encode(tokenizer, " il a mangé à Paris"), tokenizer)
    assert locate_word(pieces, "à").text == "à"
    assert locate_word(pieces, "a").text == "a"
    assert locate_word(pieces, "a").positions != locate_word(pieces, "à").positions


def test_missing_word_is_reported_with_the_decoded_text(tokenizer):
    pieces = ids_as_bytes(encode(tokenizer, " il mange une pomme"), tokenizer)
    with pytest.raises(TokenMatchError, match="'mangent' is not among") as err:
        locate_word(pieces, "mangent")
    assert err.value.kind == "missing"
    assert "il mange une pomme" in str(err.value)


def test_a_word_present_twice_is_ambiguous_not_guessed(tokenizer):
    pieces = ids_as_bytes(encode(tokenizer, " elle chante bien, elle chante"), tokenizer)
    with pytest.raises(TokenMatchError, match="2 times") as err:
        locate_word(pieces, "chante")
    assert err.value.kind == "ambiguous"


def test_special_tokens_never_match_and_break_words(tokenizer):
    pieces = ids_as_bytes(encode(tokenizer, " fr"), tokenizer)
    assert all(p is None for p in pieces[:4])
    assert locate_word(pieces, "fr").positions == tuple(range(4, len(pieces) - 1))
    with pytest.raises(TokenMatchError):
        locate_word(pieces, "transcribe")


def test_word_without_letters_is_rejected():
    with pytest.raises(TokenMatchError, match="no letters"):
        locate_word([b" il"], "...")
