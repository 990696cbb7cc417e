"""tools/screenshot.py, the way the README's screenshots are made: with --score it loads a
model, scores, grabs the window and exits (new scores never block the quit with the
unsaved-changes question)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.support.documents import write_utterance

ROOT = Path(__file__).resolve().parents[1]


def test_screenshot_with_score_exits_by_itself(tmp_path, tiny_whisper_dir):
    audio, alignment = write_utterance(tmp_path / "data")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "OMP_NUM_THREADS": "1",
           "MIXSCOPE_AUTOSAVE_DIR": str(tmp_path / "autosave"),
           "XDG_DATA_HOME": str(tmp_path / "user-data"), "PYTHONPATH": str(ROOT)}
    try:
        run = subprocess.run(
            [sys.executable, str(ROOT / "tools" / "screenshot.py"), str(tmp_path / "shot.png"),
             "--score", str(tiny_whisper_dir), str(audio), str(alignment)],
            env=env, cwd=tmp_path, capture_output=True, text=True, timeout=240)
    except subprocess.TimeoutExpired as err:
        raise AssertionError("tools/screenshot.py --score did not exit") from err
    assert run.returncode == 0, run.stderr
    assert "screenshot:" not in run.stderr  # the model loaded and the scoring succeeded
