"""One cancel token, one Cancelled exception, one job mechanism, one progress reporter: a
second one written anywhere in the code base fails here (found with ast, not grep)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("analysis", "gui", "bench", "main.py")


def _modules():
    for name in PACKAGES:
        path = ROOT / name
        yield from ([path] if path.is_file() else sorted(path.rglob("*.py")))


def _classes():
    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                yield path.relative_to(ROOT).as_posix(), node


def _defined(predicate) -> list[str]:
    return sorted(f"{path}:{node.name}" for path, node in _classes() if predicate(node))


def _bases(node: ast.ClassDef) -> set[str]:
    return {ast.unparse(base).split(".")[-1] for base in node.bases}


def test_there_is_one_cancelled_exception():
    assert _defined(lambda c: "Cancel" in c.name and "Exception" in _bases(c)) == [
        "analysis/cancel.py:Cancelled"]


def test_there_is_one_cancel_token_class():
    def has_cancel_method(node):
        return any(isinstance(item, ast.FunctionDef) and item.name == "cancel"
                   for item in node.body) and "QObject" not in _bases(node)

    assert _defined(has_cancel_method) == ["analysis/cancel.py:CancelToken"]


def test_background_work_uses_the_one_job_mechanism():
    threads = _defined(lambda c: _bases(c) & {"QThread", "QRunnable", "Thread"})
    assert threads == ["gui/workers.py:_JobThread"]
    users = [path.relative_to(ROOT).as_posix() for path in _modules()
             if "create_worker" in path.read_text(encoding="utf-8")
             or "thread_worker" in path.read_text(encoding="utf-8")]
    assert users in ([], ["gui/workers.py"])  # its docstring says why it is not used


def test_there_is_one_progress_reporter():
    """The CLI's bars and the API's bars are drawn by the one reporter: only its module
    imports tqdm."""
    importers = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(name.split(".")[0] == "tqdm" for name in names):
                importers.append(path.relative_to(ROOT).as_posix())
    assert sorted(set(importers)) == ["analysis/progress.py"]
