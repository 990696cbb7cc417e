"""The PySide6 None-refcount workaround keeps long sessions alive."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CALLS = """
import os
os.environ["QT_QPA_PLATFORM"] = "offscreen"
{prelude}
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
widget = QWidget()
for _ in range(300_000):
    widget.setObjectName("x")
print("alive")
"""


def test_many_void_qt_calls_do_not_abort_the_app():
    code = CALLS.format(prelude="import gui")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0 and "alive" in result.stdout, result.stderr[-2000:]
