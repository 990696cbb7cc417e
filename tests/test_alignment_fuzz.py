"""Truncated and mutated files: each one parses or raises AlignmentError with a message."""

import random
import signal
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.alignment import AlignmentError, read_alignment, write_alignment
from analysis.alignment.dataset_json import parse_json
from analysis.alignment.praat_text import parse_textgrid

DATA = Path(__file__).parent / "data" / "alignment"
CASES_PER_SEED = 60
TOKENS = [b'"', b'""', b"<exists>", b"<absent>", b"99999999999", b"-", b"+", b"1e999", b"!",
          b"\x00", b"\r", b"\xff\xfe", b"{", b"]", b"nan", b"\t", b"1/0", b"\xc3"]


@contextmanager
def no_hang(seconds=20):
    def stop(signum, frame):
        raise TimeoutError(f"reading took more than {seconds} s")
    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def mutate(data: bytes, rng: random.Random) -> bytes:
    choice = rng.randrange(4)
    if choice == 0:  # truncate
        return data[:rng.randrange(len(data))]
    if choice == 1:  # overwrite a few bytes
        out = bytearray(data)
        for _ in range(rng.randint(1, 4)):
            out[rng.randrange(len(out))] = rng.randrange(256)
        return bytes(out)
    if choice == 2:  # insert a meaningful token
        at = rng.randrange(len(data))
        return data[:at] + rng.choice(TOKENS) + data[at:]
    a = rng.randrange(len(data))  # delete a stretch
    return data[:a] + data[a + rng.randint(1, 40):]


def seeds(folder: Path) -> list[Path]:
    grid = read_alignment(DATA / "praat_utf16_ipa.TextGrid").grid
    made = []
    for name, kwargs in (("long.TextGrid", {}), ("short.TextGrid", {"format": "short"}),
                         ("utf16.TextGrid", {"encoding": "utf-16"}), ("example.json", {}),
                         ("labels.txt", {})):
        write_alignment(folder / name, grid, **kwargs)
        made.append(folder / name)
    return made + [DATA / "dataset_example.json", DATA / "mfa_words_phones.TextGrid"]


@pytest.mark.parametrize("seed", range(7))
def test_mutated_files_parse_or_raise_alignment_error(tmp_path, seed):
    source = seeds(tmp_path)[seed]
    data = source.read_bytes()
    rng = random.Random(seed)
    outcomes = {"parsed": 0, "refused": 0}
    for case in range(CASES_PER_SEED):
        path = tmp_path / f"case{case}{source.suffix}"
        path.write_bytes(mutate(data, rng))
        try:
            with no_hang():
                read_alignment(path)
            outcomes["parsed"] += 1
        except AlignmentError as err:
            assert str(err).strip() and str(path) in str(err)
            outcomes["refused"] += 1
        path.unlink()
    assert outcomes["refused"] > 0  # the mutations do break files


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300), st.sampled_from([
    b'File type = "ooTextFile"\nObject class = "TextGrid"\n', b'{"alignment": ', b"[", b""]))
def test_arbitrary_bytes_never_raise_anything_else(tail, head):
    text = (head + tail).decode("utf-8", errors="replace")
    for parse in (parse_textgrid, parse_json):
        try:
            parse(text, "x")
        except AlignmentError as err:
            assert str(err)
