"""``python main.py convert``: by extension, with --format/--encoding/--tier/--check."""

import json
import subprocess
import sys
from pathlib import Path

from analysis.alignment import read_alignment
from analysis.cli import main

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "alignment"


def test_mfa_textgrid_converts_to_json_short_and_back_unchanged(tmp_path, capsys):
    source = DATA / "mfa_words_phones.TextGrid"
    assert main(["convert", str(source), str(tmp_path / "a.json")]) == 0
    assert main(["convert", str(tmp_path / "a.json"), str(tmp_path / "b.TextGrid"),
                 "--format", "short"]) == 0
    assert main(["convert", str(tmp_path / "b.TextGrid"), str(tmp_path / "c.TextGrid")]) == 0
    assert read_alignment(tmp_path / "c.TextGrid").grid == read_alignment(source).grid
    assert (tmp_path / "c.TextGrid").read_bytes() == source.read_bytes()
    assert "wrote" in capsys.readouterr().out


def test_utf16_ipa_file_converts_and_round_trips_byte_for_byte(tmp_path):
    source = DATA / "praat_utf16_ipa.TextGrid"
    assert main(["convert", str(source), str(tmp_path / "a.json")]) == 0
    assert main(["convert", str(tmp_path / "a.json"), str(tmp_path / "b.TextGrid"),
                 "--encoding", "utf-16"]) == 0
    assert (tmp_path / "b.TextGrid").read_bytes() == source.read_bytes()


def test_dataset_example_converts_and_comes_back_with_its_fields(tmp_path):
    source = DATA / "dataset_example.json"
    assert main(["convert", str(source), str(tmp_path / "a.TextGrid")]) == 0
    assert main(["convert", str(source), str(tmp_path / "b.json")]) == 0
    assert main(["convert", str(tmp_path / "b.json"), str(tmp_path / "c.json")]) == 0
    original, again = json.loads(source.read_text()), json.loads((tmp_path / "c.json").read_text())
    assert again["alignment"]["intervals"] == original["alignment"]["intervals"]
    assert {k: again[k] for k in original if k != "alignment"} == {
        k: v for k, v in original.items() if k != "alignment"}
    assert read_alignment(tmp_path / "a.TextGrid").grid == read_alignment(source).grid


def test_tier_option_keeps_one_tier(tmp_path):
    out = tmp_path / "phones.txt"
    assert main(["convert", str(DATA / "mfa_words_phones.TextGrid"), str(out),
                 "--tier", "phones"]) == 0
    assert out.read_text().splitlines()[3] == "0.42\t0.6\tɑ̃"
    assert main(["convert", str(DATA / "mfa_words_phones.TextGrid"), str(tmp_path / "p.json"),
                 "--tier", "phones"]) == 0
    assert read_alignment(tmp_path / "p.json").grid.tier_names == ["phones"]


def test_check_reports_the_problems_of_a_broken_file(capsys):
    assert main(["convert", str(DATA / "broken.TextGrid"), "--check"]) == 1
    out = capsys.readouterr().out
    assert "8 problems" in out
    for words in ("before the previous one ends", "less than a microsecond", "-0",
                  "before it starts", "gap of"):
        assert words in out


def test_check_of_a_clean_file_exits_zero(capsys):
    assert main(["convert", str(DATA / "mfa_words_phones.TextGrid"), "--check"]) == 0
    assert "0 problems" in capsys.readouterr().out


def test_repair_writes_a_clean_file_and_lists_the_changes(tmp_path, capsys):
    out = tmp_path / "fixed.TextGrid"
    assert main(["convert", str(DATA / "broken.TextGrid"), str(out), "--repair"]) == 0
    assert "repaired:" in capsys.readouterr().out
    assert main(["convert", str(out), "--check"]) == 0


def test_malformed_file_exits_2_with_one_line_naming_the_line(tmp_path):
    bad = tmp_path / "bad.TextGrid"
    text = (DATA / "mfa_words_phones.TextGrid").read_text().replace('xmax = 0.31 ', 'xmax = "x"')
    bad.write_text(text)
    line = text.splitlines().index('            xmax = "x"') + 1
    result = subprocess.run([sys.executable, "main.py", "convert", str(bad),
                             str(tmp_path / "out.json")], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert f"{bad}: line {line}: " in result.stderr
    assert not (tmp_path / "out.json").exists()


def test_missing_output_without_check_is_an_error(capsys):
    assert main(["convert", str(DATA / "broken.TextGrid")]) == 2
    assert "give an output file" in capsys.readouterr().err
