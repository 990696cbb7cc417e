"""Token labels for display: byte-level BPE labels (``Ġmangent``, ``Ã©``) decoded to text,
and the tokens that spell each word (to highlight the cue and target on heatmap axes).

The cue-contribution numbers themselves come from analysis.cue (one definition for the app
and batch scoring).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Sequence

from analysis.cue.tokens import byte_decoder

SPECIAL_TOKEN = re.compile(r"^<\|.*\|>$|^<s>$|^</s>$|^<pad>$|^<unk>$")


def _token_bytes(labels: Sequence[str]) -> list[bytes]:
    """Each label's bytes: byte-level BPE when that decodes cleanly, else the plain text."""
    table = byte_decoder()
    if all(all(ch in table for ch in label) for label in labels):
        pieces = [bytes(table[ch] for ch in label) for label in labels]
        try:
            b"".join(pieces).decode("utf-8")
            return pieces
        except UnicodeDecodeError:
            pass
    return [label.replace("▁", " ").encode("utf-8") for label in labels]


def _letters(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFC", text).casefold() if ch.isalnum())


def token_text(labels: Sequence[str]) -> tuple[str, list[int]]:
    """The letters spelled by ``labels`` (special tokens skipped, case folded, letters and
    digits only) and, for each letter, the index of the token it came from."""
    kept = [i for i, label in enumerate(labels) if not SPECIAL_TOKEN.match(label)]
    pieces = _token_bytes([labels[i] for i in kept])
    owners_of_bytes: list[int] = []
    for i, piece in zip(kept, pieces, strict=True):
        owners_of_bytes.extend([i] * len(piece))
    data = b"".join(pieces)
    decoder = codecs.getincrementaldecoder("utf-8")("ignore")
    letters, owners = [], []
    start = 0
    for pos in range(len(data)):
        if not decoder.getstate()[0]:
            start = pos  # a new character starts here: its owner holds its first byte
        for letter in _letters(decoder.decode(data[pos:pos + 1])):
            letters.append(letter)
            owners.append(owners_of_bytes[start])
    return "".join(letters), owners


def word_tokens(labels: Sequence[str], words: Sequence[str]) -> list[list[int]]:
    """For each word (in order), the indices of the tokens in ``labels`` that spell it."""
    text, owners = token_text(labels)
    found: list[list[int]] = []
    pos = 0
    for word in words:
        letters = _letters(word)
        at = text.find(letters, pos) if letters else -1
        if at < 0:
            found.append([])
            continue
        found.append(sorted(set(owners[at:at + len(letters)])))
        pos = at + len(letters)
    return found


def find_word(words: Sequence, label: str | None) -> int | None:
    """Index of the first word whose label matches ``label`` (case and punctuation ignored)."""
    if not label:
        return None
    wanted = _letters(label)
    for i, word in enumerate(words):
        if _letters(getattr(word, "label", word)) == wanted:
            return i
    return None


def display_tokens(labels: Sequence[str]) -> list[str]:
    """Labels as text a reader recognises: byte-level BPE pieces such as ``Ġmang`` or
    ``Ã©`` decoded (a piece holding half a character shows �), special tokens kept."""
    labels = [str(label) for label in labels]
    plain = [i for i, label in enumerate(labels) if not SPECIAL_TOKEN.match(label)]
    pieces = _token_bytes([labels[i] for i in plain])
    shown = list(labels)
    for i, piece in zip(plain, pieces, strict=True):
        shown[i] = piece.decode("utf-8", errors="replace").strip() or "␣"
    return shown
