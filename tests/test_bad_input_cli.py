"""Every user mistake on the command line: exit code 2, one line on stderr naming the file,
no traceback, and (where the check guards long work) before any model is loaded or any
batch output is written. Cases run in this process through ``analysis.cli.main``."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from tests.support.bad_input import (
    Workspace,
    assert_one_line_error,
    pickle_bomb,
    run_cli,
    truncated_wav,
)

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable  # (Workspace) -> (argv, [fragments the line must hold])
    loads_model: bool = False  # the check needs the model (a damaged checkpoint)


def _nan_audio(ws):
    samples = np.zeros(16000, np.float32)
    samples[4000] = np.nan
    return ws.wav("nan.wav", samples)


def _inf_audio(ws):
    samples = np.zeros(16000, np.float32)
    samples[100] = np.inf
    return ws.wav("inf.wav", samples)


def _missing_folder(ws, name="scores.npz"):
    return ws.root / "no-such-folder" / name


def _a_folder(ws, name="a-folder.npz"):
    folder = ws.root / name
    folder.mkdir()
    return folder


def _safetensors(ws):
    return (ws.ctc / "model.safetensors").read_bytes()


def _batch(ws, *extra, corpus=None, out=None):
    return ["batch", "--corpus", corpus or ws.corpus(), "--model", ws.ctc,
            "--out", out or ws.root / "batch-out", *extra]


def _curves(ws, *extra, results=None):
    return ["curves", results or ws.results(), *extra]


SCORE = [
    Case("score --out in a missing folder",
         lambda ws: (ws.score_args(**{"--out": _missing_folder(ws)}), ["no-such-folder"])),
    Case("score --out is a folder",
         lambda ws: (ws.score_args(**{"--out": _a_folder(ws)}), ["a-folder.npz", "folder"])),
    Case("score --csv in a missing folder",
         lambda ws: (ws.score_args(**{"--csv": _missing_folder(ws, "s.csv")}), ["s.csv"])),
    Case("score --csv is a folder",
         lambda ws: (ws.score_args(**{"--csv": _a_folder(ws, "csv-dir.csv")}), ["csv-dir.csv"])),
    Case("score with NaN samples",
         lambda ws: (ws.score_args(**{"--audio": _nan_audio(ws)}), ["nan.wav", "NaN"])),
    Case("score with infinite samples",
         lambda ws: (ws.score_args(**{"--audio": _inf_audio(ws)}), ["inf.wav", "infinity"])),
    Case("score with overlapping words",
         lambda ws: (ws.score_args(**{"--alignment": ws.alignment("overlap.json", [
             ("ils", 0.1, 0.5), ("mangent", 0.4, 0.9)])}), ["overlap.json", "before the previous word ends"])),
    Case("score with a duplicated word interval",
         lambda ws: (ws.score_args(**{"--alignment": ws.alignment("dup.json", [
             ("ils", 0.1, 0.5), ("ils", 0.1, 0.5)])}), ["dup.json", "before the previous word ends"])),
    Case("score with an unknown method",
         lambda ws: (ws.score_args(**{"--methods": "rollout"}), ["rollout"])),
    Case("score with an unknown component",
         lambda ws: (ws.score_args(**{"--components": "decoderr"}), ["decoderr"])),
    Case("score with an unknown language",
         lambda ws: (ws.score_args(**{"--language": "klingon"}), ["klingon"])),
    Case("score quotes a newline in user text escaped",
         lambda ws: (ws.score_args(**{"--methods": "atten\ntion"}), ["atten\\ntion"])),
    Case("score with non-integer decoder ids",
         lambda ws: (ws.score_args(**{"--decoder-ids": "1,x"}), ["1,x"])),
    Case("score with a missing audio file",
         lambda ws: (ws.score_args(**{"--audio": ws.root / "gone.wav"}), ["gone.wav"])),
    Case("score with a non-audio file",
         lambda ws: (ws.score_args(**{"--audio": ws.file("text.wav", "hello")}), ["text.wav"])),
    Case("score with a TextGrid header of invalid UTF-8",
         lambda ws: (ws.score_args(**{"--alignment": ws.file(
             "bad.TextGrid", b'File type = "ooTextFile"\nObject class = "TextGrid\xed\xa0\x80"'
                             b'\n\nxmin = 0\nxmax = 1\ntiers? <exists>\nsize = 0\nitem []:\n')}),
                     ["bad.TextGrid"])),
    Case("score with a model folder that is not there",
         lambda ws: (ws.score_args(**{"--model": ws.root / "no-model"}), ["no-model"]), True),
    Case("score with a truncated safetensors file",
         lambda ws: (ws.score_args(**{"--model": ws.model_copy(
             "truncated-model", _safetensors(ws)[:2000])}), ["truncated-model"]), True),
    Case("score with a garbage safetensors file",
         lambda ws: (ws.score_args(**{"--model": ws.model_copy(
             "garbage-model", os.urandom(4096))}), ["garbage-model"]), True),
    Case("score with a zeroed safetensors file",
         lambda ws: (ws.score_args(**{"--model": ws.model_copy(
             "zeroed-model", bytes(len(_safetensors(ws))))}), ["zeroed-model"]), True),
    Case("score with only a pickled pytorch_model.bin",
         lambda ws: (ws.score_args(**{"--model": ws.model_copy(
             "pickle-model", keep_only="pytorch_model.bin")}), ["pickle-model", "safetensors"]),
         True),
]

ALIGN = [
    Case("align --window nan",
         lambda ws: (["align", "--model", ws.ctc, "--audio", ws.audio, "--text", "ils",
                      "--out", ws.root / "a.TextGrid", "--window", "nan"], ["--window", "nan"])),
    Case("align --window inf",
         lambda ws: (["align", "--model", ws.ctc, "--audio", ws.audio, "--text", "ils",
                      "--out", ws.root / "a.TextGrid", "--window", "inf"], ["--window", "inf"])),
    Case("align --window not a number",
         lambda ws: (["align", "--model", ws.ctc, "--audio", ws.audio, "--text", "ils",
                      "--out", ws.root / "a.TextGrid", "--window", "ten"], ["--window", "ten"])),
    Case("align --out in a missing folder",
         lambda ws: (["align", "--model", ws.ctc, "--audio", ws.audio, "--text", "ils",
                      "--out", _missing_folder(ws, "a.TextGrid")], ["no-such-folder"])),
    Case("align with NaN samples",
         lambda ws: (["align", "--model", ws.ctc, "--audio", _nan_audio(ws), "--text", "ils",
                      "--out", ws.root / "a.TextGrid"], ["nan.wav"])),
    Case("align --text-file that is not UTF-8",
         lambda ws: (["align", "--model", ws.ctc, "--audio", ws.audio, "--text-file",
                      ws.file("t.txt", b"ils \xff"), "--out", ws.root / "a.TextGrid"],
                     ["t.txt"])),
]

CONVERT = [
    Case("convert a TextGrid whose header holds invalid UTF-8",
         lambda ws: (["convert", ws.file("h.TextGrid", b'File type = "ooTextFile"\n'
                                         b'Object class = "\xed\xa0\x80"\n'), "--check"],
                     ["h.TextGrid"])),
    Case("convert a file that does not exist",
         lambda ws: (["convert", ws.root / "gone.TextGrid", "--check"], ["gone.TextGrid"])),
    Case("convert to a missing folder",
         lambda ws: (["convert", ws.grid, _missing_folder(ws, "o.TextGrid")], ["no-such-folder"])),
    Case("convert onto a folder",
         lambda ws: (["convert", ws.grid, _a_folder(ws, "o.json")], ["o.json"])),
]

# their message names the kind of value ("unknown method 'x'"), as the Python API's does
NAMED_BY_KIND = ("--language", "--methods", "--components")
BATCH_OPTIONS = [
    Case(f"batch {' '.join(extra)}", lambda ws, extra=extra: (
        _batch(ws, *extra), [extra[1]] + ([extra[0]] if extra[0] not in NAMED_BY_KIND else [])))
    for extra in (("--methods", "rollout"), ("--components", "decoderr"),
                  ("--task", "summarise"), ("--language", "klingon"), ("--limit", "0"),
                  ("--limit", "-3"), ("--threads", "0"), ("--seed", "-1"),
                  ("--device", "tpu"), ("--shards", "0"))
]

BATCH = BATCH_OPTIONS + [
    Case("batch --out is a file",
         lambda ws: (_batch(ws, out=ws.file("out-file", "x")), ["out-file"])),
    Case("batch --out below a file",
         lambda ws: (_batch(ws, out=ws.file("plain", "x") / "sub"), ["plain"])),
    Case("batch metadata.jsonl not UTF-8",
         lambda ws: (_batch(ws, corpus=ws.corpus_with_row(
             lambda row, _: json_bytes(row).replace(b"ils", b"\xffls", 1))),
             ["metadata.jsonl", "line 1", "UTF-8"])),
    Case("batch metadata.jsonl with a 400-digit time",
         lambda ws: (_batch(ws, corpus=ws.corpus_with_row(
             lambda row, _: json_bytes(row).replace(b'"start": 0.1', b'"start": ' + b"9" * 400, 1))),
             ["metadata.jsonl", "finite times"])),
    Case("batch metadata.jsonl with an absolute file_name",
         lambda ws: (_batch(ws, corpus=ws.corpus_with_row(
             lambda row, _: {**row, "file_name": str(ws.audio)})),
             ["metadata.jsonl", "line 1", "absolute"])),
    Case("batch metadata.jsonl with a file_name going up",
         lambda ws: (_batch(ws, corpus=ws.corpus_with_row(
             lambda row, _: {**row, "file_name": "../utt.wav"})),
             ["metadata.jsonl", "line 1", ".."])),
    Case("batch metadata.jsonl naming a symlink out of the corpus",
         lambda ws: (_batch(ws, corpus=ws.corpus_with_row(
             lambda row, folder: {**row, "file_name": _outside_link(ws, folder)})),
             ["metadata.jsonl", "line 1", "outside the corpus"])),
    Case("batch with a corpus that does not exist",
         lambda ws: (_batch(ws, corpus=ws.root / "no-corpus"), ["no-corpus"])),
    Case("batch with a pickle-only model",
         lambda ws: (["batch", "--corpus", ws.corpus(), "--model", ws.model_copy(
             "pickle-model", keep_only="pytorch_model.bin"), "--out", ws.root / "o"],
             ["pickle-model"]), True),
]

CURVES = [
    Case("curves --csv in a missing folder",
         lambda ws: (_curves(ws, "--csv", _missing_folder(ws, "c.csv")), ["no-such-folder"])),
    Case("curves --png onto a folder",
         lambda ws: (_curves(ws, "--png", _a_folder(ws, "p.png")), ["p.png"])),
    Case("curves --svg in a missing folder",
         lambda ws: (_curves(ws, "--svg", _missing_folder(ws, "c.svg")), ["c.svg"])),
    Case("curves of a corrupt results file",
         lambda ws: (_curves(ws, results=ws.results("bad", table=b"PAR1 not parquet")),
                     ["run-a.parquet"])),
    Case("curves of a results file with other columns",
         lambda ws: (_curves(ws, results=ws.results("cols", table=_other_columns())),
                     ["run-a.parquet", "column"])),
    Case("curves of a folder without results",
         lambda ws: (_curves(ws, results=_a_folder(ws, "empty")), ["empty"])),
]

TOP_LEVEL = [
    Case("a mistyped command", lambda ws: (["scroe"], ["scroe", "score"])),
    Case("a word that is neither command nor file", lambda ws: (["frobnicate"], ["frobnicate"])),
    Case("an unknown option", lambda ws: (["doctor", "--nope"], ["--nope"])),
]

CASES = SCORE + ALIGN + CONVERT + BATCH + CURVES + TOP_LEVEL


def json_bytes(row) -> bytes:
    import json

    return json.dumps(row, ensure_ascii=False).encode("utf-8")


def _outside_link(ws, folder) -> str:
    (folder / "escape.wav").symlink_to(ws.audio)
    return "escape.wav"


def _other_columns() -> bytes:
    import io

    import pandas as pd

    buffer = io.BytesIO()
    pd.DataFrame({"a": [1, 2]}).to_parquet(buffer)
    return buffer.getvalue()


@pytest.fixture
def workspace(tmp_path, tiny_ctc_dir):
    return Workspace(tmp_path, Path(tiny_ctc_dir))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_bad_input_is_one_line_naming_it_and_exit_2(case, workspace, capsys, monkeypatch):
    argv, fragments = case.build(workspace)
    capsys.readouterr()
    if not case.loads_model:
        def no_model(*args, **kwargs):
            raise AssertionError("a model was loaded before the input was checked")

        monkeypatch.setattr("analysis.models.loading.load_model", no_model)
    code, _, err = run_cli(capsys, argv)
    assert_one_line_error(code, err, *fragments)
    batch_out = workspace.root / "batch-out"
    assert not batch_out.exists() or not any(batch_out.rglob("done/*.json"))


def test_the_pickle_in_a_bin_only_model_is_never_unpickled(workspace, capsys):
    marker = workspace.root / "unpickled"
    model = workspace.model_copy("bomb-model", keep_only="pytorch_model.bin")
    (model / "pytorch_model.bin").write_bytes(pickle_bomb(marker))
    code, _, err = run_cli(capsys, workspace.score_args(**{"--model": model}))
    assert_one_line_error(code, err, "bomb-model")
    assert not marker.exists()


def test_a_truncated_wav_opens_with_a_one_line_warning_naming_it(workspace, capsys):
    short = truncated_wav(workspace.root / "short.wav")
    code, _, err = run_cli(capsys, workspace.score_args(**{
        "--audio": short, "--model": workspace.root / "no-model"}))
    warning, error = err.splitlines()
    assert "warning:" in warning and "short.wav" in warning and "1.000 s" in warning
    assert code == 2 and "no-model" in error


OUTPUTS = {  # (command line writing into ``folder``, the file it names)
    "score --out": lambda ws, folder: (ws.score_args(**{"--out": folder / "s.npz"}), "s.npz"),
    "score --csv": lambda ws, folder: (ws.score_args(**{"--csv": folder / "s.csv"}), "s.csv"),
    "curves --csv": lambda ws, folder: (_curves(ws, "--csv", folder / "c.csv"), "c.csv"),
    "curves --png": lambda ws, folder: (_curves(ws, "--png", folder / "c.png"), "c.png"),
    "curves --svg": lambda ws, folder: (_curves(ws, "--svg", folder / "c.svg"), "c.svg"),
    "batch --out": lambda ws, folder: (_batch(ws, out=folder / "runs"), "runs"),
}


@pytest.mark.parametrize("output", OUTPUTS.values(), ids=OUTPUTS.keys())
def test_a_read_only_output_folder_is_refused_before_any_work(output, workspace, capsys,
                                                               monkeypatch):
    folder = workspace.root / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    if os.geteuid() == 0:  # root writes anywhere: make the folder refuse as a read-only mount
        import tempfile

        real = tempfile.mkstemp

        def refuse(*args, dir=None, **kwargs):
            if dir is not None and Path(dir) == folder:
                raise OSError(errno.EROFS, "Read-only file system", str(dir))
            return real(*args, dir=dir, **kwargs)

        monkeypatch.setattr("analysis.atomic.tempfile.mkstemp", refuse)
    monkeypatch.setattr("analysis.models.loading.load_model",
                        lambda *a, **k: pytest.fail("the model was loaded"))
    argv, named = output(workspace, folder)
    code, _, err = run_cli(capsys, argv)
    folder.chmod(0o755)
    assert_one_line_error(code, err, named)
    assert list(folder.iterdir()) == []


@pytest.fixture
def full_disk(tmp_path):
    """A 64 KiB tmpfs filled to the last byte (needs root and mount; skipped otherwise)."""
    folder = tmp_path / "full"
    folder.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs",
                                            str(folder)], capture_output=True).returncode:
        pytest.skip("filling a disk needs a small tmpfs, which needs root")
    try:
        _fill(folder / "filler")
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)


def _fill(path: Path) -> None:
    """Write zeros to ``path`` until the disk refuses."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT)
    try:
        while os.write(fd, b"\0" * 1024):
            pass
    except OSError:
        pass
    finally:
        os.close(fd)


@pytest.mark.parametrize("output", OUTPUTS.values(), ids=OUTPUTS.keys())
def test_a_full_disk_is_refused_before_work_and_keeps_the_old_file(output, workspace, capsys,
                                                                   full_disk, monkeypatch):
    monkeypatch.setattr("analysis.models.loading.load_model",
                        lambda *a, **k: pytest.fail("the model was loaded"))
    argv, named = output(workspace, full_disk)
    old = full_disk / named if "." in named else None  # a file the command would replace
    if old is not None:
        (full_disk / "filler").unlink()
        old.write_text("old\n")
        _fill(full_disk / "filler")
    before = sorted(p.name for p in full_disk.iterdir())
    code, _, err = run_cli(capsys, argv)
    assert_one_line_error(code, err, named, "No space left")
    assert sorted(p.name for p in full_disk.iterdir()) == before
    if old is not None:
        assert old.read_text() == "old\n"


def test_without_a_display_the_app_exits_2_with_one_line(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run([sys.executable, str(ROOT / "main.py")], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=120)
    assert_one_line_error(result.returncode, result.stderr, "display", "xvfb-run")


def test_batch_names_an_example_whose_words_overlap(workspace, capsys):
    corpus = workspace.corpus_with_row(lambda row, _: {**row, "alignment": {"intervals": [
        {"word": "ils", "start": 0.1, "end": 0.5}, {"word": "mangent", "start": 0.3, "end": 0.9}]}})
    out = workspace.root / "overlap-out"
    code, stdout, _ = run_cli(capsys, ["batch", "--corpus", corpus, "--model", workspace.ctc,
                                       "--out", out, "--device", "cpu", "--quiet"])
    assert code == 0
    failure = next(line for line in stdout.splitlines() if "00001.wav" in line)
    assert "failed" in failure and "'ils'" in failure and "'mangent'" in failure
    assert "overlap" in failure
