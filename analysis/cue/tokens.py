"""Which Whisper decoder tokens spell a given word.

Whisper's byte-level BPE splits words into pieces ('Ġmang' + 'ent'), marks a leading space
with 'Ġ', and may split one accented character across two tokens. The decoder text is rebuilt
from the tokens' bytes with, for every character, the tokens its bytes came from; a word is
then found in that text by its letters (case-insensitive, punctuation and apostrophes as
separators, accents significant: 'a' and 'à' are different homophones) and mapped back to
the tokens. A word that is absent, or present more than once, is reported — never guessed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from analysis.errors import MixScopeError

SPECIAL_TOKEN = re.compile(r"^<\|.*\|>$")
# Letters/digits plus combining accents, so that a decomposed 'é' stays one word.
WORD = re.compile(r"[\w\u0300-\u036f]+")


class TokenMatchError(MixScopeError):
    """A word that the decoder tokens do not spell exactly once; ``kind`` says why."""

    def __init__(self, message: str, kind: str):
        super().__init__(message)
        self.kind = kind  # "missing" | "ambiguous" | "empty"


@dataclass(frozen=True)
class TokenMatch:
    word: str
    positions: tuple[int, ...]  # indices into the token list, ascending
    text: str  # the decoder text those characters spell


@lru_cache(maxsize=1)
def byte_decoder() -> dict[str, int]:
    """The inverse of GPT-2/Whisper's byte-to-printable-character table."""
    printable = (list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1))
                 + list(range(ord("®"), ord("ÿ") + 1)))
    table = {}
    extra = 0
    for byte in range(256):
        if byte in printable:
            table[chr(byte)] = byte
        else:
            table[chr(256 + extra)] = byte
            extra += 1
    return table


def token_bytes(token: str) -> bytes:
    """The bytes a byte-level BPE token string stands for ('Ġmang' -> b' mang').

    A string that is not in the byte-level alphabet (an already decoded label such as
    ' mangent') is taken as plain text."""
    table = byte_decoder()
    if all(ch in table for ch in token):
        return bytes(table[ch] for ch in token)
    return token.encode("utf-8")


def is_special(token: str) -> bool:
    return bool(SPECIAL_TOKEN.match(token.strip()))


def tokens_as_bytes(tokens: Sequence[str]) -> list[bytes | None]:
    """Bytes per token string; None for special tokens (<|fr|>, <|endoftext|>, ...)."""
    return [None if is_special(t) else token_bytes(t) for t in tokens]


def ids_as_bytes(ids: Sequence[int], tokenizer) -> list[bytes | None]:
    """Bytes per token id through the tokenizer's vocabulary; None for special tokens."""
    special = set(getattr(tokenizer, "all_special_ids", ()) or ())
    tokens = tokenizer.convert_ids_to_tokens(list(ids))
    return [None if (i in special or t is None or is_special(t)) else token_bytes(t)
            for i, t in zip(ids, tokens, strict=True)]


def decoded_text(pieces: Sequence[bytes | None]) -> tuple[str, list[frozenset[int]]]:
    """The text the tokens spell and, per character, the tokens it came from.

    Special tokens count as a word break. A character whose bytes straddle two tokens
    belongs to both; invalid UTF-8 becomes U+FFFD."""
    data = bytearray()
    owner: list[int] = []
    for index, piece in enumerate(pieces):
        piece = b" " if piece is None else piece
        data += piece
        owner += [index if pieces[index] is not None else -1] * len(piece)
    chars: list[str] = []
    owners: list[frozenset[int]] = []
    pos = 0
    while pos < len(data):
        lead = data[pos]
        size = 1 if lead < 0x80 else 2 if lead >> 5 == 6 else 3 if lead >> 4 == 14 else 4
        try:
            ch = bytes(data[pos:pos + size]).decode("utf-8")
        except UnicodeDecodeError:
            ch, size = "\ufffd", 1
        chars.append(ch)
        owners.append(frozenset(o for o in owner[pos:pos + size] if o >= 0))
        pos += size
    return "".join(chars), owners


def word_pieces(text: str) -> list[str]:
    """A word's comparable pieces: NFC, case-folded runs of letters ("L'Enfant" -> l, enfant)."""
    return [unicodedata.normalize("NFC", m.group()).casefold()
            for m in WORD.finditer(unicodedata.normalize("NFC", text))]


def locate_word(pieces: Sequence[bytes | None], word: str) -> TokenMatch:
    """The tokens that spell ``word`` (a run of whole words of the decoded text)."""
    wanted = word_pieces(word)
    if not wanted:
        raise TokenMatchError(f"word {word!r} has no letters to look for", "empty")
    text, owners = decoded_text(pieces)
    found = [(m.start(), m.end(), unicodedata.normalize("NFC", m.group()).casefold())
             for m in WORD.finditer(text)]
    hits = []
    for i in range(len(found) - len(wanted) + 1):
        if [f[2] for f in found[i:i + len(wanted)]] == wanted:
            hits.append((found[i][0], found[i + len(wanted) - 1][1]))
    shown = text.strip()
    if not hits:
        raise TokenMatchError(
            f"word {word!r} is not among the decoder tokens (they spell {shown!r})", "missing")
    if len(hits) > 1:
        raise TokenMatchError(
            f"word {word!r} occurs {len(hits)} times in the decoder tokens ({shown!r}); "
            "cannot tell which one is meant", "ambiguous")
    start, end = hits[0]
    positions = sorted(set().union(*owners[start:end]))
    return TokenMatch(word, tuple(positions), text[start:end])
