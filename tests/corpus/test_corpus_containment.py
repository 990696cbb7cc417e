"""A corpus never reaches outside its folder: file names that are absolute, climb out with
"..", or are symlinks leading elsewhere are refused by every caller (opening it for batch
or the browser, saving an example, exporting, removing), and the outside file is untouched.
The batch command's refusals are in tests/test_bad_input_cli.py."""

from __future__ import annotations

import json

import pytest

from analysis.audio import Audio
from analysis.corpus.export import export_parquet
from analysis.corpus.schema import Example
from analysis.corpus.store import METADATA, Corpus
from analysis.errors import MixScopeError
from tests.support.audio import speechlike
from tests.support.bad_input import WORDS
from tests.support.waiting import BACKGROUND_JOB_MS


@pytest.fixture
def corpus(tmp_path):
    built = Corpus.create(tmp_path / "corpus")
    for seed in range(2):
        built.add(Audio(speechlike(0.5, seed=seed), 16000),
                  Example(transcription="ils mangent", cue_word="ils", target_word="mangent",
                          words=WORDS))
    return built


@pytest.fixture
def outside(tmp_path):
    """A user's files outside the corpus: audio and its TextGrid."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / "mine.wav").write_bytes((tmp_path / "corpus" / "00001.wav").read_bytes())
    (folder / "mine.TextGrid").write_text("the user's own TextGrid")
    return folder


def _rename_first(corpus, file_name):
    metadata = corpus.folder / METADATA
    lines = metadata.read_text().splitlines()
    row = json.loads(lines[0])
    row["file_name"] = file_name
    metadata.write_text("\n".join([json.dumps(row)] + lines[1:]) + "\n")


def _crafted(corpus, outside, kind) -> str:
    if kind == "absolute":
        return str(outside / "mine.wav")
    if kind == "dot-dot":
        return "../elsewhere/mine.wav"
    (corpus.folder / "link.wav").symlink_to(outside / "mine.wav")
    return "link.wav"


KINDS = ("absolute", "dot-dot", "symlink")


@pytest.mark.parametrize("kind", KINDS)
def test_opening_a_corpus_naming_an_outside_file_is_refused_with_the_line(corpus, outside,
                                                                          kind):
    _rename_first(corpus, _crafted(corpus, outside, kind))
    with pytest.raises(MixScopeError, match=r"metadata\.jsonl: line 1: file_name"):
        Corpus.open(corpus.folder)


def _swap_for_link(corpus, outside):
    """After opening, the first example's audio is replaced by a link to an outside file."""
    audio = corpus.folder / corpus.entry(0).file_name
    audio.unlink()
    audio.symlink_to(outside / "mine.wav")
    (corpus.folder / "00001.TextGrid").unlink()


def test_saving_an_example_never_writes_outside(corpus, outside):
    _swap_for_link(corpus, outside)
    with pytest.raises(MixScopeError, match="outside the corpus"):
        corpus.update(0, corpus.example(0))
    assert (outside / "mine.TextGrid").read_text() == "the user's own TextGrid"


def test_removing_an_example_never_deletes_outside(corpus, outside):
    _swap_for_link(corpus, outside)
    with pytest.raises(MixScopeError, match="outside the corpus"):
        corpus.remove(0)
    assert (outside / "mine.wav").exists() and (outside / "mine.TextGrid").exists()
    assert len(corpus) == 2 and len((corpus.folder / METADATA).read_text().splitlines()) == 2


def test_export_never_embeds_an_outside_file(corpus, outside, tmp_path):
    _swap_for_link(corpus, outside)
    with pytest.raises(MixScopeError, match="outside the corpus"):
        export_parquet(corpus, tmp_path / "out.parquet")
    assert not (tmp_path / "out.parquet").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_files_inside_the_corpus_still_work(corpus, tmp_path):
    (corpus.folder / "sub").mkdir()
    (corpus.folder / "00001.wav").rename(corpus.folder / "sub" / "00001.wav")
    (corpus.folder / "00001.TextGrid").rename(corpus.folder / "sub" / "00001.TextGrid")
    _rename_first(corpus, "sub/00001.wav")
    reopened = Corpus.open(corpus.folder)
    assert reopened.textgrid_path(0) == corpus.folder / "sub" / "00001.TextGrid"
    assert export_parquet(reopened, tmp_path / "all.parquet") == 2


def test_the_corpus_browser_refuses_an_outside_file(qtbot, monkeypatch, corpus, outside):
    from PySide6.QtWidgets import QMessageBox

    from gui.main_window import MainWindow

    errors = []
    monkeypatch.setattr(QMessageBox, "critical",
                        lambda parent, title, text, *a: errors.append(text))
    _rename_first(corpus, _crafted(corpus, outside, "dot-dot"))
    window = MainWindow()
    qtbot.addWidget(window)
    worker = window.features.corpus.open_source(str(corpus.folder))
    with qtbot.waitSignal(worker.finished, timeout=BACKGROUND_JOB_MS):
        pass
    assert len(errors) == 1 and "metadata.jsonl: line 1" in errors[0] and ".." in errors[0]
    assert window.features.corpus.session.source is None


def test_scores_behind_a_link_out_of_the_corpus_are_neither_shown_nor_read(corpus, outside):
    from tests.support.scoresets import hand_made_scoreset

    hand_made_scoreset().save(outside / "theirs.scores.npz")
    (corpus.folder / "00001.scores.npz").symlink_to(outside / "theirs.scores.npz")
    assert corpus.has_scores(0) is False and corpus.has_scores(1) is False
    with pytest.raises(MixScopeError, match="outside the corpus"):
        corpus.scores_path(0)
