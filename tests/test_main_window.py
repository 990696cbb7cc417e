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


def test_help_lists_the_keyboard_shortcuts_of_every_menu(window):
    from gui.shortcuts_help import shortcut_rows

    rows = shortcut_rows(window)
    actions = {action for _where, action, _keys in rows}
    assert {"Score", "Open Audio", "Annotate", "Analyse"} <= actions
    assert all(keys for _w, _a, keys in rows)


def test_export_scores_sits_above_quit_in_the_file_menu(window):
    texts = [a.text().replace("&", "") for a in window.menu("&File").actions() if a.text()]
    assert texts[-1] == "Quit" and texts.index("Export Scores") < texts.index("Quit")


def test_features_hang_nothing_on_the_main_window(window):
    """Features share typed services (window.services) and tests reach them through the
    typed registry (window.features): no feature object is an attribute of the window."""
    from gui.editor.feature import EditorFeature
    from gui.services import DocumentHolder

    shell = {"drop_handlers", "services", "features", "_menus", "quit_action",
             "recording_available"}
    hung = {name for name in vars(window)  # not what Qt caches there
            if not hasattr(type(window), name) and not name.startswith("__")}
    assert hung <= shell
    assert isinstance(window.features.editor, EditorFeature)
    assert isinstance(window.services.documents, DocumentHolder)
    assert window.services.player is window.features.editor.widget
    assert window.services.files is window.features.editor.files
    assert window.services.takes is window.features.recording


def test_a_service_has_one_provider(window):
    with pytest.raises(RuntimeError, match="player service is already provided"):
        window.services.provide(player=object())
    with pytest.raises(AttributeError, match="no service called 'nonsense'"):
        window.services.provide(nonsense=object())
