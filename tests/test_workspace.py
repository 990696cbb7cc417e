"""The Annotate / Analyse workspaces: the heatmaps get the room in Analyse, each workspace
keeps the arrangement the user left, and the window and workspace come back next time."""

import pytest
from PySide6.QtCore import Qt


@pytest.fixture
def make_window(qtbot):
    def make():
        from gui.main_window import MainWindow

        window = MainWindow()
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.show()
        qtbot.wait(20)
        return window
    return make


def _dock(window, name):
    from PySide6.QtWidgets import QDockWidget

    return window.findChild(QDockWidget, name)


def test_analyse_gives_the_heatmaps_most_of_the_window_and_annotate_gives_it_back(
        make_window, qtbot):
    window = make_window()
    encoder = _dock(window, "dock-encoder")
    annotate_height = encoder.height()
    window.features.workspace.actions["analyse"].trigger()
    qtbot.wait(50)
    assert window.features.workspace.current == "analyse"
    assert encoder.height() > 0.5 * window.height() > annotate_height
    assert encoder.width() > 0.9 * window.width()  # below 1500 px: one tab set, full width
    assert window.dockWidgetArea(_dock(window, "dock-cue")) == Qt.DockWidgetArea.RightDockWidgetArea
    window.features.workspace.actions["annotate"].trigger()
    qtbot.wait(50)
    assert encoder.height() < 0.5 * window.height()


def test_each_workspace_remembers_its_arrangement_and_the_next_window_restores_it(
        make_window, qtbot):
    window = make_window()
    window.features.workspace.switch("analyse")
    qtbot.wait(50)
    cue = _dock(window, "dock-cue")
    cue.setFloating(True)
    window.features.workspace.switch("annotate")
    assert not cue.isFloating()
    window.features.workspace.switch("analyse")
    assert cue.isFloating()
    window.close()
    cue.setFloating(False)  # the state was saved on close; no window left behind
    again = make_window()
    assert again.features.workspace.current == "analyse"
    assert again.features.workspace.actions["analyse"].isChecked()
    assert _dock(again, "dock-cue").isFloating()
    again.features.workspace.reset_layout()
    assert not _dock(again, "dock-cue").isFloating()
