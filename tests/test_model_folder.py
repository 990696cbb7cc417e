"""Folder… in the Model panel loads the chosen folder in one step."""

from gui import file_dialogs


def test_choosing_a_model_folder_loads_it(qtbot, tiny_ctc_dir, monkeypatch):
    from gui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    monkeypatch.setattr(file_dialogs, "open_folder", lambda *a, **k: str(tiny_ctc_dir))
    controller = window.features.scoring.controller
    with qtbot.waitSignal(controller.model_loaded, timeout=60000) as blocker:
        window.features.scoring.views.model_panel.browse_button.click()
    assert blocker.args[0].source == str(tiny_ctc_dir)
