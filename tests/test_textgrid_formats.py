"""Praat TextGrid files: the ones Praat writes read correctly, ours read correctly in Praat."""

from pathlib import Path

import pytest

from analysis.alignment import (
    AlignmentError,
    Interval,
    IntervalTier,
    Point,
    PointTier,
    TextGrid,
    read_alignment,
    write_alignment,
)
from analysis.alignment.praat_text import format_textgrid, parse_textgrid
from tests.support.praat import our_view, praat_view, save_with_praat

DATA = Path(__file__).parent / "data" / "alignment"
MFA = DATA / "mfa_words_phones.TextGrid"
UTF16_IPA = DATA / "praat_utf16_ipa.TextGrid"


def tricky_grid():
    words = IntervalTier("words", (
        Interval(0.0, 0.123456789012345, ""), Interval(0.123456789012345, 0.5, 'il dit "oui"'),
        Interval(0.5, 1e-05 + 0.5, "deux\nlignes"), Interval(1e-05 + 0.5, 2.0 / 3, "ʃə ɑ̃ 日本"),
        Interval(2.0 / 3, 2.5, "")), 0.0, 2.5)
    tones = PointTier("tones", (Point(0.1, "H*"), Point(1.0 / 3, '""')), 0.0, 2.5)
    return TextGrid(0.0, 2.5, (words, tones))


@pytest.mark.parametrize("how", ["Save as text file", "Save as short text file",
                                 "Save as binary file", "Save as chronological text file"])
def test_files_praat_writes_read_exactly_as_praat_sees_them(tmp_path, how):
    source = tmp_path / "ours.TextGrid"
    write_alignment(source, tricky_grid())
    praat_file = tmp_path / "praat.TextGrid"
    save_with_praat(source, praat_file, how)
    loaded = read_alignment(praat_file)
    assert our_view(loaded.grid) == praat_view(praat_file)
    assert loaded.grid == tricky_grid()
    expected = {"Save as text file": "long", "Save as short text file": "short",
                "Save as binary file": "binary", "Save as chronological text file": "praat"}
    assert loaded.source_format == expected[how]


def test_praat_writes_utf16_for_ipa_and_we_read_it():
    assert UTF16_IPA.read_bytes()[:2] == b"\xfe\xff"  # Praat's own UTF-16 BE with BOM
    loaded = read_alignment(UTF16_IPA)
    assert loaded.encoding == "utf-16-be"
    assert our_view(loaded.grid) == praat_view(UTF16_IPA)
    assert "ɑ̃" in [i.label for i in loaded.grid.tier("phones").intervals]
    assert loaded.grid.tier("tones").points[1].mark == 'L% "fin"'


@pytest.mark.parametrize("fmt", ["long", "short"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_files_we_write_open_in_praat_with_identical_tiers(tmp_path, fmt, encoding):
    path = tmp_path / "ours.TextGrid"
    write_alignment(path, tricky_grid(), format=fmt, encoding=encoding)
    assert praat_view(path) == our_view(tricky_grid())


def test_our_long_output_is_byte_identical_to_praats(tmp_path):
    for source in (MFA, UTF16_IPA):
        praat_file = tmp_path / f"praat_{source.name}"
        save_with_praat(source, praat_file)
        data = praat_file.read_bytes()
        ours = tmp_path / f"ours_{source.name}"
        encoding = "utf-16" if data.startswith(b"\xfe\xff") else "utf-8"
        write_alignment(ours, read_alignment(praat_file).grid, encoding=encoding)
        assert ours.read_bytes() == data


def test_our_short_output_is_byte_identical_to_praats(tmp_path):
    praat_file = tmp_path / "short.TextGrid"
    save_with_praat(MFA, praat_file, "Save as short text file")
    ours = tmp_path / "ours.TextGrid"
    loaded = read_alignment(praat_file)
    write_alignment(ours, loaded.grid, format="short", encoding=loaded.encoding)
    assert ours.read_bytes() == praat_file.read_bytes()


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16-le", "utf-16-be"])
def test_any_line_ending_and_encoding_reads_the_same_grid(tmp_path, newline, encoding):
    text = format_textgrid(read_alignment(MFA).grid).replace("\n", newline)
    data = text.encode(encoding)
    if encoding.startswith("utf-16"):
        data = ("\ufeff".encode(encoding)) + data
    path = tmp_path / "x.TextGrid"
    path.write_bytes(data)
    assert read_alignment(path).grid == read_alignment(MFA).grid


def test_utf16_without_bom_is_recognised(tmp_path):
    path = tmp_path / "x.TextGrid"
    path.write_bytes(format_textgrid(tricky_grid()).encode("utf-16-le"))
    assert read_alignment(path).grid == tricky_grid()


def test_labels_keep_doubled_quotes_and_line_breaks_exactly():
    grid = TextGrid(0, 1, (IntervalTier("w", (Interval(0, 1, 'a ""b""\r\nc\rd'),), 0, 1),))
    assert parse_textgrid(format_textgrid(grid)) == grid
    assert 'a """"b""""\r\nc\rd' in format_textgrid(grid)


FREE_FORM = '''File type = "ooTextFile short"  ! an old short header
"TextGrid"
! comments start with an exclamation mark
0 2.5 <exists> 2
"IntervalTier" "words" 0 2.5
2          ! two intervals
0 1/4 "un ""deux"""
0.25 2.5 ""
"TextTier" "bell" 0 2.5 1
1.5 "ding"
'''


def test_free_form_files_praat_accepts_are_read(tmp_path):
    path = tmp_path / "free.TextGrid"
    path.write_text(FREE_FORM, encoding="utf-8")
    grid = read_alignment(path).grid
    assert grid.tiers[0].intervals == (Interval(0.0, 0.25, 'un "deux"'), Interval(0.25, 2.5))
    assert grid.tiers[1].points == (Point(1.5, "ding"),)
    assert our_view(grid) == praat_view(path)


def test_a_grid_without_tiers_round_trips(tmp_path):
    grid = TextGrid(0.0, 3.0, ())
    for fmt in ("long", "short"):
        path = tmp_path / f"{fmt}.TextGrid"
        write_alignment(path, grid, format=fmt)
        assert read_alignment(path).grid == grid
        assert praat_view(path) == (0.0, 3.0, ())


@pytest.mark.parametrize("text, line, words", [
    ('File type = "ooTextFile"\nObject class = "TextGrid"\n\nxmin = 0\nxmax = "x"\n', 5,
     "where the number xmax"),
    ('File type = "ooTextFile"\nObject class = "TextGrid"\n\nxmin = 0\nxmax = 1\n', 5,
     "ends early"),
    ('File type = "ooTextFile"\nObject class = "Sound"\n', 2, "not a TextGrid"),
    ('File type = "ooTextFile"\nObject class = "TextGrid"\n0\n1\n<exists>\n1\n"Foo"\n', 7,
     "unknown class"),
    ('File type = "ooTextFile"\nObject class = "TextGrid"\n0\n1\n<exists>\n1\n'
     '"IntervalTier"\n"w"\n0\n1\n1\n0\n1\n"never closed\n', 14, "never closed"),
    ('File type = "ooTextFile"\nObject class = "TextGrid"\n0\n1e999\n', 4, "too large"),
])
def test_malformed_files_name_the_file_and_the_line(tmp_path, text, line, words):
    path = tmp_path / "bad.TextGrid"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AlignmentError) as caught:
        read_alignment(path)
    assert caught.value.line == line
    assert f"{path}: line {line}: " in str(caught.value)
    assert words in str(caught.value)


def test_unreadable_binary_goes_through_praat_and_says_so(tmp_path):
    path = tmp_path / "bad.TextGrid"
    path.write_bytes(b"ooBinaryFile\x08TextGrid\x00\x01")
    with pytest.raises(AlignmentError, match="Praat cannot read it") as caught:
        read_alignment(path)
    assert str(path) in str(caught.value)


def test_mfa_file_opens_with_words_and_phones_tiers():
    grid = read_alignment(MFA).grid
    assert grid.tier_names == ["words", "phones"]
    assert [i.label for i in grid.word_tier().intervals if i.label] == [
        "ils", "mangent", "des", "pommes"]
    assert our_view(grid) == praat_view(MFA)
