"""Turn a transcription into the token sequence a CTC model's character vocabulary can align.

Rules, in order, for each whitespace-separated word:
- Unicode NFC; typographic apostrophes become ``'`` and Unicode hyphens ``-``;
- punctuation at the edges of a word is dropped (a word made only of punctuation is not a word);
- letters take the vocabulary's case when it has a single case; an accented letter is kept
  when the vocabulary has it, else its base letter is used; ligatures (œ, æ) are spelled out
  when only the letters exist;
- an apostrophe or hyphen inside a word is aligned when the vocabulary has it; otherwise it
  becomes an *optional* word delimiter ("l'aéroport" may be spoken "l aéroport");
- punctuation inside a word that is not in the vocabulary is dropped; any other character
  (digits, symbols, letters of another script) is reported as unknown and skipped.
A word left without any token cannot be aligned and is reported rather than given times.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

APOSTROPHES = "\u2019\u02bc\u2018`\u00b4\u2032"
HYPHENS = "\u2010\u2011"
LIGATURES = {"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"}
JOINERS = "'-"


@dataclass(frozen=True)
class CtcVocabulary:
    """The characters a CTC model emits: ``ids`` maps each single-character token to its id."""

    ids: dict[str, int]
    blank: int
    delimiter: int | None  # the word delimiter ("|"), when the model has one

    @classmethod
    def from_tokenizer(cls, tokenizer, blank: int | None = None) -> CtcVocabulary:
        vocab = tokenizer.get_vocab()
        special = set(getattr(tokenizer, "all_special_tokens", []))
        delimiter_token = getattr(tokenizer, "word_delimiter_token", None) or "|"
        pad = tokenizer.pad_token_id if blank is None else blank
        if pad is None:
            pad = 0
        ids = {tok: i for tok, i in vocab.items()
               if len(tok) == 1 and tok not in special and tok != delimiter_token and i != pad}
        return cls(ids, int(pad), vocab.get(delimiter_token))

    @property
    def single_case(self) -> str | None:
        """"lower" or "upper" when every cased letter of the vocabulary has that case."""
        letters = [c for c in self.ids if c.lower() != c.upper()]
        if letters and all(c == c.lower() for c in letters):
            return "lower"
        if letters and all(c == c.upper() for c in letters):
            return "upper"
        return None


@dataclass
class NormalisedWord:
    label: str  # the word as written, edge punctuation removed
    index: int  # position among the transcription's words
    tokens: list[int] = field(default_factory=list)  # vocabulary ids to align
    optional: list[bool] = field(default_factory=list)  # token may be skipped (delimiters)
    unknown: str = ""  # characters that the vocabulary cannot spell


@dataclass
class NormalisedText:
    words: list[NormalisedWord]

    @property
    def alignable(self) -> list[NormalisedWord]:
        return [w for w in self.words if w.tokens]

    @property
    def unknown_characters(self) -> str:
        seen: dict[str, None] = {}
        for word in self.words:
            seen.update(dict.fromkeys(word.unknown))
        return "".join(seen)


def split_words(text: str) -> list[str]:
    """The words of a transcription: whitespace-separated, edge punctuation removed, words
    made only of punctuation dropped."""
    words = []
    for raw in text.split():
        word = _strip_edges(_unify(raw))
        if word:
            words.append(word)
    return words


def normalise(text: str, vocabulary: CtcVocabulary) -> NormalisedText:
    words = []
    for index, label in enumerate(split_words(text)):
        word = NormalisedWord(label, index)
        case = vocabulary.single_case
        cased = label.lower() if case == "lower" else label.upper() if case == "upper" else label
        for char in cased:
            _add_character(word, char, vocabulary)
        while word.optional and word.optional[-1]:  # never end on an optional delimiter
            word.tokens.pop()
            word.optional.pop()
        if word.optional and word.optional[0]:
            word.tokens.pop(0)
            word.optional.pop(0)
        words.append(word)
    return NormalisedText(words)


def _add_character(word: NormalisedWord, char: str, vocabulary: CtcVocabulary) -> None:
    spelled = _spell(char, vocabulary)
    if spelled is not None:
        for token in spelled:
            word.tokens.append(token)
            word.optional.append(False)
        return
    if char in JOINERS or unicodedata.category(char).startswith("P"):
        if char in JOINERS and vocabulary.delimiter is not None and word.tokens \
                and not word.optional[-1]:
            word.tokens.append(vocabulary.delimiter)
            word.optional.append(True)
        return
    word.unknown += char


def _spell(char: str, vocabulary: CtcVocabulary) -> list[int] | None:
    ids = vocabulary.ids
    for candidate in (char, char.lower(), char.upper()):
        if candidate in ids:
            return [ids[candidate]]
    if char in LIGATURES:
        parts = [_spell(c, vocabulary) for c in LIGATURES[char]]
        if all(p is not None for p in parts):
            return [t for p in parts for t in p]
    base = "".join(c for c in unicodedata.normalize("NFD", char)
                   if not unicodedata.combining(c))
    if base and base != char and len(base) == 1:
        return _spell(base, vocabulary)
    return None


def _unify(word: str) -> str:
    word = unicodedata.normalize("NFC", word)
    for a in APOSTROPHES:
        word = word.replace(a, "'")
    for h in HYPHENS:
        word = word.replace(h, "-")
    return word


def _strip_edges(word: str) -> str:
    def is_edge_junk(c: str) -> bool:
        return unicodedata.category(c)[0] in "PZ"

    start, end = 0, len(word)
    while start < end and is_edge_junk(word[start]):
        start += 1
    while end > start and is_edge_junk(word[end - 1]):
        end -= 1
    return word[start:end]
