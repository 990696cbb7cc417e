"""Damaged files read by the project's readers: score files (.npz), audio, and saves that
fail or are killed half-way. Each is the project's own error naming the file, or a warning;
a failed or killed save never loses the old file and leaves no temporary file behind."""

from __future__ import annotations

import errno
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest

from analysis.atomic import atomic_path, remove_stale_temporaries
from analysis.audio import load_audio
from analysis.errors import InputWarning, MixScopeError
from analysis.results import ScoreSet
from analysis.words import Word
from tests.support.bad_input import assert_one_line_error, run_cli, truncated_wav
from tests.support.scoresets import hand_made_scoreset as random_scoreset

ROOT = Path(__file__).resolve().parents[1]


def _npz(path: Path, **arrays) -> Path:
    with open(path, "wb") as handle:
        np.savez_compressed(handle, **arrays)
    return path


def _good(tmp_path) -> Path:
    return random_scoreset().save(tmp_path / "good.npz")


def _truncated(tmp_path):
    data = _good(tmp_path).read_bytes()
    return _write(tmp_path / "truncated.npz", data[:len(data) // 2])


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _meta(value) -> np.ndarray:
    return np.array(json.dumps(value))


BOMB_LIMIT = 4 << 20  # the size limit while testing: a real bomb would take long to build


@pytest.fixture(autouse=True)
def small_size_limit(monkeypatch):
    monkeypatch.setattr("analysis.npz_reading.MAX_EXPANDED_BYTES", BOMB_LIMIT)


def _zip_bomb(tmp_path) -> Path:
    """A few KB on disk expanding to 4x the size limit (written in pieces)."""
    path = tmp_path / "bomb.npz"
    header = io.BytesIO()
    count = 4 * BOMB_LIMIT // 8
    np.lib.format.write_array_header_1_0(
        header, {"descr": "<f8", "fortran_order": False, "shape": (1, 1, count)})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive, \
            archive.open("encoder.attention.npy", "w", force_zip64=True) as member:
        member.write(header.getvalue())
        block = bytes(1 << 20)
        for _ in range(count * 8 // len(block)):
            member.write(block)
    return path


def _good_meta(tmp_path) -> dict:
    with np.load(random_scoreset().save(tmp_path / "meta-source.npz")) as data:
        return json.loads(str(data["meta"]))


ARRAY = np.zeros((2, 3, 3))
NPZ_CASES = {
    "not a zip file": lambda t: _write(t / "text.npz", b"hello"),
    "truncated": _truncated,
    "empty": lambda t: _write(t / "empty.npz", b""),
    "no meta entry": lambda t: _npz(t / "nometa.npz", **{"encoder.attention": ARRAY,
                                                          "encoder.attention.raw": ARRAY}),
    "meta not JSON": lambda t: _npz(t / "badjson.npz", meta=np.array("{oops")),
    "meta a JSON list": lambda t: _npz(t / "list.npz", meta=_meta([1, 2])),
    "meta without its keys": lambda t: _npz(t / "keys.npz", meta=_meta({"words": []})),
    "meta with wrong types": lambda t: _npz(t / "types.npz", meta=_meta(
        {**_good_meta(t), "words": [["a", "zero", 1]]})),
    "1-D arrays": lambda t: _npz(t / "flat.npz", meta=_meta(_good_meta(t)),
                                 **{"encoder.attention": np.zeros(3),
                                    "encoder.attention.raw": np.zeros(3)}),
    "raw of another shape": lambda t: _npz(t / "shape.npz", meta=_meta(_good_meta(t)),
                                           **{"encoder.attention": ARRAY,
                                              "encoder.attention.raw": np.zeros((2, 3, 4))}),
    "object array": lambda t: _npz(t / "objects.npz", meta=_meta(_good_meta(t)),
                                   **{"encoder.attention": np.array([{}], dtype=object)}),
    "zip bomb": _zip_bomb,
}


@pytest.mark.parametrize("make", NPZ_CASES.values(), ids=NPZ_CASES.keys())
def test_a_bad_score_file_is_a_mixscope_error_naming_it(make, tmp_path):
    path = make(tmp_path)
    with pytest.raises(MixScopeError) as info:
        ScoreSet.load(path)
    assert str(path) in str(info.value)
    assert "\n" not in str(info.value)


def test_a_zip_bomb_is_refused_by_its_declared_size_before_loading(tmp_path, monkeypatch):
    path = _zip_bomb(tmp_path)
    assert path.stat().st_size < BOMB_LIMIT / 100
    monkeypatch.setattr(np, "load", lambda *a, **k: pytest.fail("np.load ran on a zip bomb"))
    with pytest.raises(MixScopeError, match="expands to 16 MiB, more than the 4 MiB"):
        ScoreSet.load(path)


def test_a_good_score_file_still_loads(tmp_path):
    scores = random_scoreset()
    assert ScoreSet.load(scores.save(tmp_path / "s.npz")) == scores


# -- audio ----------------------------------------------------------------------------------
def test_non_finite_samples_are_refused_naming_the_file(tmp_path):
    import soundfile

    samples = np.zeros(1600, np.float32)
    samples[800] = np.nan
    soundfile.write(tmp_path / "nan.wav", samples, 16000, subtype="FLOAT")
    with pytest.raises(MixScopeError, match=r"nan\.wav.*0\.050 s"):
        load_audio(tmp_path / "nan.wav")


def test_a_wav_promising_more_than_it_holds_opens_with_a_warning(tmp_path):
    path = truncated_wav(tmp_path / "short.wav")
    with pytest.warns(InputWarning, match=r"short\.wav.*1\.000 s.*0\.002 s"):
        audio = load_audio(path)
    assert len(audio.samples) == 28


def test_a_complete_wav_opens_without_a_warning(tmp_path, recwarn):
    from analysis.audio import save_audio

    save_audio(tmp_path / "ok.wav", np.zeros(1600, np.float32), 16000)
    load_audio(tmp_path / "ok.wav")
    assert not [w for w in recwarn if issubclass(w.category, InputWarning)]


# -- saves that fail or are killed -----------------------------------------------------------
def test_a_save_failing_half_way_keeps_the_old_file_and_leaves_no_temporary(tmp_path, capsys,
                                                                             monkeypatch):
    """The disk fills up while the result is written (after all the work)."""
    from analysis.alignment.io import write_alignment
    from analysis.alignment.model import TextGrid, words_to_tier

    source = tmp_path / "in.TextGrid"
    write_alignment(source, TextGrid(0.0, 1.0, (words_to_tier([Word("a", 0.1, 0.5)], 0, 1),)))
    old = tmp_path / "out.json"
    old.write_text("old")

    real_write = Path.write_bytes

    def disk_full(self, data):
        real_write(self, data[:10])
        raise OSError(errno.ENOSPC, "No space left on device", str(self))

    monkeypatch.setattr(Path, "write_bytes", disk_full)
    code, _, err = run_cli(capsys, ["convert", source, old])
    assert_one_line_error(code, err, str(old), "No space left")
    assert old.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.TextGrid", "out.json"]


KILLED_CONVERT = """
import os, signal, sys
sys.path.insert(0, sys.argv[1])
import analysis.atomic
analysis.atomic.os.replace = lambda *a: os.kill(os.getpid(), signal.SIGKILL)
from analysis.cli import main
main(["convert", sys.argv[2], sys.argv[3]])
"""


def test_the_temporary_file_of_a_killed_convert_is_removed_by_the_next_save(tmp_path, capsys):
    from analysis.alignment.io import write_alignment
    from analysis.alignment.model import TextGrid, words_to_tier

    source, out = tmp_path / "in.TextGrid", tmp_path / "out.json"
    write_alignment(source, TextGrid(0.0, 1.0, (words_to_tier([Word("a", 0.1, 0.5)], 0, 1),)))
    killed = subprocess.run([sys.executable, "-c", KILLED_CONVERT, str(ROOT), str(source),
                             str(out)], capture_output=True, timeout=120)
    assert killed.returncode == -9
    left = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert len(left) == 1 and left[0].startswith(".out.json.")  # SIGKILL cannot be caught
    code, _, err = run_cli(capsys, ["convert", source, out])
    assert code == 0, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.TextGrid", "out.json"]


def test_a_temporary_file_of_a_running_writer_is_left_alone(tmp_path):
    with atomic_path(tmp_path / "a.txt") as tmp:
        tmp.write_text("in progress")
        assert remove_stale_temporaries(tmp_path) == [] and tmp.exists()
    unrelated = tmp_path / ".notes.12345.tmp"  # not a name atomic saves make
    unrelated.write_text("user's")
    assert remove_stale_temporaries(tmp_path) == [] and unrelated.exists()
