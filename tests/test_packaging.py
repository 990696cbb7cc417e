"""What an installed MixScope needs: a wheel with the examples, the licence and the command,
and a display check that names the libraries Qt's X11 plugin cannot load."""

import os
import shutil
import stat
import sys
import zipfile
from email.parser import Parser

import pytest

from analysis.qt_display import debian_package, display_status, missing_libraries
from gui.editor.examples import examples_folder, list_examples
from tests.test_architecture import ROOT

SOURCES = ("analysis", "gui", "resources", "main.py", "pyproject.toml", "README.md", "LICENSE")


def test_examples_are_found_through_the_package(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # not relative to the working folder
    examples = list_examples()
    assert examples_folder() == ROOT / "resources" / "examples"
    shipped = {p.name for p in (ROOT / "resources" / "examples").glob("*.wav")}
    assert {e.audio.name for e in examples} == shipped and len(shipped) >= 3
    assert all(e.audio.is_file() and e.alignment.is_file() for e in examples)


def test_the_wheel_holds_the_examples_the_licence_and_the_command(tmp_path, monkeypatch):
    from setuptools import build_meta

    source = tmp_path / "source"
    source.mkdir()
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name,
                            ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(ROOT / name, source / name)
    monkeypatch.chdir(source)  # the build backend works in the current folder
    wheel = build_meta.build_wheel(str(tmp_path / "dist"))
    with zipfile.ZipFile(tmp_path / "dist" / wheel) as archive:
        names = archive.namelist()
        metadata_name = next(n for n in names if n.endswith(".dist-info/METADATA"))
        metadata = Parser().parsestr(archive.read(metadata_name).decode())
        entry_points = archive.read(metadata_name.replace("METADATA", "entry_points.txt"))
    bundled = {n for n in names if n.startswith("resources/examples/")}
    assert {f"resources/examples/{p.name}" for e in list_examples()
            for p in (e.audio, e.alignment)} <= bundled
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert metadata["License-Expression"] == "GPL-3.0-or-later"
    assert metadata.get_all("Project-URL") and metadata.get_all("Classifier")
    assert "praatio" not in " ".join(metadata.get_all("Requires-Dist"))
    assert b"mixscope = main:main" in entry_points
    assert "main.py" in names


def _fake_ldd(folder, output):
    ldd = folder / "ldd"
    ldd.write_text(f"#!/bin/sh\ncat <<'EOF'\n{output}\nEOF\n")
    ldd.chmod(ldd.stat().st_mode | stat.S_IEXEC)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Qt's xcb plugin is Linux's")
def test_the_display_check_names_every_library_the_xcb_plugin_lacks(tmp_path, monkeypatch):
    _fake_ldd(tmp_path, "\tlibxcb.so.1 => /lib/libxcb.so.1 (0x1)\n"
                        "\tlibxcb-icccm.so.4 => not found\n"
                        "\tlibxcb-keysyms.so.1 => not found\n"
                        "\tlibdbus-1.so.3 => not found")
    monkeypatch.setenv("PATH", f"{tmp_path}:{os.environ['PATH']}")
    plugin = tmp_path / "libqxcb.so"
    plugin.write_bytes(b"")
    assert missing_libraries(plugin) == ["libdbus-1.so.3", "libxcb-icccm.so.4",
                                         "libxcb-keysyms.so.1"]
    monkeypatch.setattr("analysis.qt_display.xcb_plugin", lambda: plugin)
    usable, message = display_status()
    assert not usable
    assert "libxcb-icccm.so.4" in message and "libxcb-keysyms.so.1" in message
    assert "apt-get install libdbus-1-3 libxcb-icccm4 libxcb-keysyms1" in message


def test_debian_package_names_follow_the_soname():
    assert debian_package("libxcb-cursor.so.0") == "libxcb-cursor0"
    assert debian_package("libxkbcommon-x11.so.0") == "libxkbcommon-x11-0"
    assert debian_package("libEGL.so.1") == "libegl1"


def test_the_app_names_the_missing_display_libraries_instead_of_starting(monkeypatch):
    from analysis.environment import display_problem

    monkeypatch.setattr("analysis.qt_display.display_status",
                        lambda: (False, "Qt's X11 plugin lacks libxcb-icccm.so.4"))
    x11 = {"DISPLAY": ":1"}
    assert "libxcb-icccm.so.4" in display_problem(x11, "linux")
    assert "libxcb-icccm.so.4" in display_problem({**x11, "QT_QPA_PLATFORM": "xcb"}, "linux")
    assert display_problem({**x11, "QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux") is None
