import importlib.abc
import sys

import pytest

from analysis import __version__


@pytest.fixture
def window(main_window):
    return main_window


def test_main_window_has_menus_and_status_bar(window):
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert titles[0] == "File" and titles[-1] == "Help"
    assert window.statusBar().isVisible()


def test_about_box_names_the_version(window):
    assert f"MixScope {__version__}" in window.about_text()


class _NoPortAudio(importlib.abc.MetaPathFinder):
    """Makes ``import sounddevice`` fail the way it does when PortAudio is missing."""

    def find_spec(self, name, path, target=None):
        if name == "sounddevice":
            raise OSError("PortAudio library not found")
        return None


def test_app_starts_without_portaudio_and_says_why(qtbot, monkeypatch):
    monkeypatch.delitem(sys.modules, "sounddevice", raising=False)
    monkeypatch.setattr(sys, "meta_path", [_NoPortAudio(), *sys.meta_path])
    from gui.main_window import MainWindow

    win = MainWindow()
    qtbot.addWidget(win)
    assert win.recording_available is False
    assert "PortAudio" in win.statusBar().currentMessage()


def test_menus_keep_their_order_whatever_the_creation_order(window):
    window.menu("&Tools")
    window.menu("&Edit")
    from gui.main_window import MENU_ORDER

    titles = [a.text() for a in window.menuBar().actions()]
    assert "&Tools" in titles and "&Edit" in titles
    assert titles == [t for t in MENU_ORDER if t in titles]
    assert window.menu("&Edit") is window.menu("&Edit")
