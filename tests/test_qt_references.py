"""The Qt binding must not leak references to None/True/False: PySide6 6.12.0 drops one per
void call or signal emit, and on CPython < 3.12 a long session then aborts with
"none_dealloc" (pyproject.toml excludes that release)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

MANY_CALLS = """
import os
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QWidget

class Source(QObject):
    changed = Signal(int)

app = QApplication([])
widget, source, seen = QWidget(), Source(), []
source.changed.connect(seen.append)
for i in range(300_000):
    widget.setObjectName("x")
    source.changed.emit(i)
print("alive", len(seen))
"""


def test_a_long_session_of_void_calls_and_emits_does_not_abort():
    result = subprocess.run([sys.executable, "-c", MANY_CALLS], cwd=ROOT, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["alive", "300000"]
