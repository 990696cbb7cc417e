"""analysis/ (and Qt-free gui state modules) must import without loading Qt."""

import pkgutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QT_MODULES = ("PySide6", "pyqtgraph", "superqt", "shiboken6")


def qt_free_modules() -> list[str]:
    names = []
    for package in ("analysis", "gui/state"):
        folder = ROOT / package
        if not folder.is_dir():
            continue
        prefix = package.replace("/", ".")
        names.append(prefix)
        names += [f"{prefix}.{m.name}" for m in pkgutil.walk_packages([str(folder)])]
    return names


def test_analysis_modules_import_without_loading_qt():
    modules = qt_free_modules()
    assert "analysis.cli" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        f"loaded = sorted(m for m in sys.modules if m.split('.')[0] in {QT_MODULES!r})\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"Qt loaded by analysis: {result.stdout}"


def test_help_does_not_import_torch_or_qt():
    code = (
        "import sys, contextlib, io\n"
        "from analysis.cli import build_parser\n"
        "build_parser().format_help()\n"
        "print(sorted(m for m in ('torch', 'transformers', 'PySide6') if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, timeout=60)
    assert result.stdout.strip() == "[]", result.stdout + result.stderr
