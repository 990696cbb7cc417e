"""The typed settings module and the file dialogs that start in the last folder used."""

from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from gui import file_dialogs, settings


def test_settings_read_back_as_their_type_and_reset_restores_defaults(qapp):
    settings.RECENT_MODELS.set(("only-one",))
    assert settings.RECENT_MODELS.get() == ("only-one",)  # not a bare string
    settings.SHOW_PITCH.set(True)
    settings.SPECTROGRAM_MAX_FREQUENCY.set(8000)
    assert settings.SHOW_PITCH.get() is True
    assert settings.SPECTROGRAM_MAX_FREQUENCY.get() == 8000.0
    assert settings.remember(settings.RECENT_MODELS, "b", 2) == ("b", "only-one")
    settings.reset()
    assert settings.SHOW_PITCH.get() is False and settings.RECENT_MODELS.get() == ()


def test_dialogs_start_in_the_last_folder_used_and_suggest_a_name(qapp, tmp_path,
                                                                  monkeypatch):
    seen = []

    def fake_open(parent, title, start, filters, *rest):
        seen.append(start)
        return str(tmp_path / "sub" / "utt.wav"), filters

    (tmp_path / "sub").mkdir()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", fake_open)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake_open)
    assert file_dialogs.open_file(None, "Open", "*") == str(tmp_path / "sub" / "utt.wav")
    file_dialogs.save_file(None, "Save", file_dialogs.new_recording_name(), "*")
    start = Path(seen[-1])
    assert start.parent == tmp_path / "sub"
    assert start.name.startswith("recording-") and start.suffix == ".TextGrid"
    assert Path(settings.start_folder()) == tmp_path / "sub"
    assert Path.cwd() != tmp_path / "sub"
