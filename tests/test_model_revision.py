"""Pinning a hub revision (``--revision``, ``ID@REVISION``): the weights of that revision are
loaded and its commit is recorded. Offline, from a hub cache holding two revisions."""

import pytest

from analysis.errors import MixScopeError
from analysis.models.loading import load_model, split_revision
from tests.support.models import save_whisper

MAIN, V1 = "a" * 40, "b" * 40


@pytest.fixture
def hub_cache(tmp_path, monkeypatch):
    """A Hugging Face cache with org/tiny at two commits: main (seed 0) and tag v1 (seed 1)."""
    from huggingface_hub import constants

    repo = tmp_path / "hub" / "models--org--tiny"
    for commit, seed in ((MAIN, 0), (V1, 1)):
        save_whisper(repo / "snapshots" / commit, seed=seed)
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text(MAIN)
    (repo / "refs" / "v1").write_text(V1)
    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(tmp_path / "hub"))
    return repo


def _first_weight(loaded):
    return loaded.model.model.encoder.conv1.weight.flatten()[:4].tolist()


def test_a_revision_loads_that_revisions_weights_and_records_its_commit(hub_cache):
    main = load_model("org/tiny", device="cpu")
    pinned = load_model("org/tiny@v1", device="cpu")
    same = load_model("org/tiny", device="cpu", revision="v1")
    assert main.info["commit_hash"] == MAIN and main.info["revision"] is None
    assert pinned.info["commit_hash"] == V1 and pinned.info["revision"] == "v1"
    assert pinned.source == "org/tiny"
    assert _first_weight(pinned) == _first_weight(same) != _first_weight(main)


def test_revision_syntax_is_checked(tmp_path):
    assert split_revision("org/model@v2") == ("org/model", "v2")
    assert split_revision("org/model", "v2") == ("org/model", "v2")
    assert split_revision("org/model@v2", "v2") == ("org/model", "v2")
    with pytest.raises(MixScopeError, match="two revisions"):
        split_revision("org/model@v2", "v3")
    folder = tmp_path / "run@seed1"
    folder.mkdir()
    assert split_revision(str(folder)) == (str(folder), None)  # a folder is never split
    with pytest.raises(MixScopeError, match="local folder"):
        split_revision(str(folder), "v2")


def test_the_model_dock_loads_the_revision_typed_and_remembers_it(qtbot, hub_cache):
    from PySide6.QtGui import QUndoStack
    from PySide6.QtWidgets import QWidget

    from gui.scoring.controller import ScoringController
    from gui.scoring.model_panel import ModelPanel, recent_models
    from gui.services import DocumentHolder
    from gui.workers import JobRunner

    window = QWidget()
    qtbot.addWidget(window)
    controller = ScoringController(DocumentHolder(QUndoStack(window)), JobRunner(window),
                                   window)  # no document
    panel = ModelPanel(controller)
    qtbot.addWidget(panel)
    panel.model_box.setCurrentText("org/tiny")
    panel.revision_edit.setText("v1")
    panel.device_box.setCurrentText("cpu")
    with qtbot.waitSignal(controller.model_loaded, timeout=120_000) as loaded:
        panel.load()
    assert loaded.args[0].info["commit_hash"] == V1
    assert f"commit {V1[:10]}" in panel.status.text()
    assert recent_models()[0] == "org/tiny@v1" == panel.model_box.currentText()
    if controller._transcribe_job is not None:
        qtbot.waitUntil(lambda: not controller._transcribe_job.is_running(), timeout=120_000)
