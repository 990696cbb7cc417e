"""The import graph keeps features apart: a feature reaches another only through the typed
services (gui.services) or the other package's public face (its ``__init__``), never its
internals; shared modules import no feature; analysis/ imports nothing of gui/."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# feature -> the module prefixes that belong to it
FEATURES = {
    "editor": ("gui.editor",),
    "recording": ("gui.recording",),
    "corpus": ("gui.corpus",),
    "autoalign": ("gui.autoalign",),
    "scoring": ("gui.scoring",),
    "heatmaps": ("gui.heatmaps",),
    "curves": ("gui.curves",),  # gui.curves_dock, gui.curves_plot, gui.curves_export...
    "compare": ("gui.compare",),
    "workspace": ("gui.workspace",),
}
WIRING = {"gui.features", "gui.main_window", "gui.app"}  # they install every feature


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def feature_of(module: str) -> str | None:
    for feature, prefixes in FEATURES.items():
        if any(module == p or module.startswith(p + ".") or module.startswith(p + "_")
               for p in prefixes):
            return feature
    return None


def public_faces(root: Path = ROOT) -> set[str]:
    """The importable face of each feature package: the package itself."""
    return {p for prefixes in FEATURES.values() for p in prefixes
            if (root / Path(*p.split("."))).is_dir()}


def imports(path: Path, root: Path = ROOT) -> list[tuple[int, str]]:
    """Every module ``path`` imports (at any depth: lazy imports in functions count)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            # ``from gui.editor import loading`` imports the module gui.editor.loading
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names
                      if (root / Path(*node.module.split(".")) / f"{alias.name}.py").exists()]
    return found


def modules(package: str, root: Path = ROOT) -> list[Path]:
    return sorted((root / package).rglob("*.py"))


def crossings(root: Path = ROOT) -> list[str]:
    faces = public_faces(root)
    found = []
    for path in modules("gui", root):
        importer = module_name(path, root)
        if importer in WIRING:
            continue
        own = feature_of(importer)
        for line, imported in imports(path, root):
            other = feature_of(imported)
            if other is None or other == own or imported in faces:
                continue
            who = f"feature {own}" if own else "shared module"
            found.append(f"{path.relative_to(root)}:{line}: {who} imports {imported}")
    return found


def test_no_module_imports_another_features_internals():
    assert crossings() == []


def test_analysis_imports_nothing_of_the_gui():
    found = [f"{path.relative_to(ROOT)}:{line}: {name}" for path in modules("analysis")
             for line, name in imports(path) if name == "gui" or name.startswith("gui.")]
    assert found == []


def test_the_check_flags_internals_and_lets_public_faces_and_services_through(tmp_path):
    files = {
        "gui/editor/__init__.py": "",
        "gui/editor/view.py": "from gui.scoring.controller import ScoringController\n"
                              "from gui.heatmaps import HeatmapPanel\n"
                              "from gui.services import Services\n",
        "gui/scoring/__init__.py": "",
        "gui/scoring/controller.py": "",
        "gui/heatmaps/__init__.py": "",
        "gui/services.py": "def f():\n    from gui.compare_dock import CompareFeature\n",
        "gui/compare_dock.py": "from gui import workspace\n",
        "gui/workspace.py": "",
        "gui/features.py": "from gui.editor.view import x\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    assert crossings(tmp_path) == [
        "gui/compare_dock.py:1: feature compare imports gui.workspace",
        "gui/editor/view.py:1: feature editor imports gui.scoring.controller",
        "gui/services.py:2: shared module imports gui.compare_dock",
    ]
