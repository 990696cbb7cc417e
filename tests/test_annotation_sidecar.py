"""Nothing typed is lost: saving as a TextGrid (which has no room for them) keeps the
transcription and the cue and target words beside it, and reopening restores them."""

import pytest

from analysis.alignment.annotation import Annotation
from analysis.alignment.sidecar import read_sidecar, sidecar_path, write_sidecar
from tests.test_editor import utterance, window  # noqa: F401 - fixtures


@pytest.mark.parametrize("name, fmt", [("kept.TextGrid", "long"), ("kept.txt", "audacity")])
def test_textgrid_save_and_reopen_keeps_transcription_cue_and_target(window, tmp_path,  # noqa: F811
                                                                   utterance, name, fmt):  # noqa: F811
    typed = Annotation("Ils mangent.", cue_word="ils", target_word="mangent",
                       target_word_2="mangent")
    window.services.documents.document.set_annotation(typed)
    path = tmp_path / name
    assert window.features.editor.files.save_to(path, fmt)
    assert sidecar_path(path).exists()
    assert window.features.editor.files.open_paths(utterance[0], path)
    reopened = window.services.documents.document.annotation
    assert (reopened.transcription, reopened.cue_word, reopened.target_word,
            reopened.target_word_2) == ("Ils mangent.", "ils", "mangent", "mangent")


def test_an_empty_annotation_writes_no_sidecar_and_removes_an_outdated_one(tmp_path):
    alignment = tmp_path / "a.TextGrid"
    write_sidecar(alignment, Annotation("old text", "il", "mange"))
    assert read_sidecar(alignment).cue_word == "il"
    assert write_sidecar(alignment, Annotation()) is None
    assert not sidecar_path(alignment).exists() and read_sidecar(alignment) is None
