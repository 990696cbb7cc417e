"""Every file suffix the open dialogs offer is readable, and every suffix the app reads is
offered: the dialogs, the drop handler and the CLI are derived from one format registry
(analysis.file_formats)."""

from __future__ import annotations

import re

import numpy as np
import pytest
import soundfile
from PySide6.QtWidgets import QFileDialog

from analysis import file_formats
from analysis.alignment.io import read_alignment, write_alignment
from analysis.alignment.model import Interval, IntervalTier, TextGrid
from analysis.file_formats import (
    ALIGNMENT_FORMATS,
    AUDIO_FORMATS,
    DATASET_FORMATS,
    PROMPT_FORMATS,
    readable_audio_formats,
    readable_audio_suffixes,
    suffixes,
)
from tests.support.documents import write_utterance
from tests.support.scoresets import hand_made_scoreset

# How to make a genuine file of each audio suffix, independently of the app's own writer:
# libsndfile's (format, subtype, rate). A suffix offered without an entry here fails.
REAL_AUDIO = {
    ".wav": ("WAV", "PCM_16", 16000), ".flac": ("FLAC", "PCM_16", 16000),
    ".ogg": ("OGG", "VORBIS", 16000), ".opus": ("OGG", "OPUS", 48000),
    ".mp3": ("MP3", "MPEG_LAYER_III", 16000), ".aiff": ("AIFF", "PCM_16", 16000),
    ".aif": ("AIFF", "PCM_16", 16000), ".au": ("AU", "PCM_16", 16000),
}
# The alignment format whose text each suffix holds.
REAL_ALIGNMENT = {".textgrid": "long", ".json": "json", ".txt": "audacity", ".lab": "audacity"}


class OfferedFilters:
    """Replaces QFileDialog.getOpenFileName: remembers each filter offered, chooses nothing."""

    def __init__(self, monkeypatch):
        self.offered: dict[str, str] = {}
        monkeypatch.setattr(QFileDialog, "getOpenFileName", self)

    def __call__(self, parent, title, folder="", filters="", *args, **kwargs):
        self.offered[title] = filters
        return "", ""

    def suffixes(self, title: str) -> list[str]:
        return re.findall(r"\*(\.[\w.]+)", self.offered[title])


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    from gui.main_window import MainWindow

    win = MainWindow()
    qtbot.addWidget(win)
    assert win.features.editor.files.open_paths(*write_utterance(tmp_path / "utt"))
    yield win
    win.services.documents.document.mark_saved()


@pytest.fixture
def dialogs(window, qtbot, monkeypatch) -> OfferedFilters:
    from analysis.recording.prompts import PromptList
    from gui.corpus.open_dialog import OpenDatasetDialog
    from gui.recording.prompt_panel import PromptPanel

    offered = OfferedFilters(monkeypatch)
    window.features.editor.files.open_audio_dialog()
    window.features.editor.files.open_alignment_dialog()
    window.features.compare.open_dialog()
    prompts, dataset = PromptPanel(PromptList()), OpenDatasetDialog()
    for widget in (prompts, dataset):
        qtbot.addWidget(widget)
    prompts.choose_file()
    dataset._pick_parquet()
    return offered


def _speech_like(rate: int) -> np.ndarray:
    t = np.arange(int(0.6 * rate)) / rate
    return (0.3 * np.sin(2 * np.pi * 220 * t) * np.hanning(len(t))).astype(np.float32)


def test_every_audio_suffix_the_open_dialog_offers_opens_in_the_editor(dialogs, tmp_path):
    from gui.editor.loading import open_document, split_dropped

    offered = dialogs.suffixes("Open audio")
    assert len(offered) >= 7 and len(offered) == len(set(offered))
    for suffix in offered:
        file_format, subtype, rate = REAL_AUDIO[suffix.lower()]
        path = tmp_path / f"take{suffix}"
        soundfile.write(path, _speech_like(rate), rate, format=file_format, subtype=subtype)
        assert soundfile.info(path).format == file_format
        audio, _ = split_dropped([path])
        document = open_document(audio, find_companion=False)
        assert document.audio.sample_rate == rate, suffix
        assert document.audio.duration == pytest.approx(0.6, abs=0.08), suffix


def test_every_readable_audio_suffix_is_offered_by_the_open_dialog(dialogs):
    offered = {s.lower() for s in dialogs.suffixes("Open audio")}
    assert offered == set(readable_audio_suffixes())
    assert offered == {s.lower() for f in readable_audio_formats() for s in f.suffixes}


def test_every_alignment_suffix_the_open_dialog_offers_opens_with_its_audio(
        dialogs, tmp_path):
    from gui.editor.loading import open_document, split_dropped

    audio, _ = write_utterance(tmp_path / "data")
    tier = IntervalTier("words", (Interval(0.0, 0.5, ""), Interval(0.5, 1.25, "pomme"),
                                  Interval(1.25, 2.0, "")), 0.0, 2.0)
    offered = dialogs.suffixes("Open alignment")
    assert {s.lower() for s in offered} == set(REAL_ALIGNMENT)
    for suffix in offered:
        path = tmp_path / f"words{suffix}"
        write_alignment(path, TextGrid(0.0, 2.0, (tier,)), format=REAL_ALIGNMENT[suffix.lower()])
        assert split_dropped([path]) == (None, path)
        document = open_document(audio, path)
        assert [i.label for i in document.grid.tiers[0].intervals if i.label] == ["pomme"]
        assert document.grid.tiers[0].intervals[1].end == 1.25
        assert document.alignment_format == REAL_ALIGNMENT[suffix.lower()]


def test_every_alignment_suffix_read_is_offered_and_every_saveable_format_reads_back(
        dialogs, tmp_path):
    offered = {s.lower() for s in dialogs.suffixes("Open alignment")}
    assert offered == set(suffixes(ALIGNMENT_FORMATS))
    grid = TextGrid(0.0, 1.0, (IntervalTier("words", (Interval(0.0, 1.0, "oui"),), 0.0, 1.0),))
    for fmt in ALIGNMENT_FORMATS:
        path = tmp_path / f"saved-{fmt.name}{fmt.suffix}"
        write_alignment(path, grid, format=fmt.name)
        assert read_alignment(path).source_format == fmt.name


def test_every_score_suffix_the_compare_dialog_offers_loads(dialogs, tmp_path):
    from analysis.results import ScoreSet

    scores = hand_made_scoreset()
    offered = dialogs.suffixes("Compare with scores")
    assert {".npz", ".parquet"} <= set(offered)
    for suffix in offered:
        loaded = ScoreSet.load(scores.save(tmp_path / f"b{suffix}"))
        assert loaded == scores


def test_the_prompt_and_dataset_dialogs_offer_what_their_readers_read(dialogs, tmp_path):
    from analysis.recording.prompts import load_prompts

    assert set(dialogs.suffixes("Load prompts")) == set(suffixes(PROMPT_FORMATS))
    assert set(dialogs.suffixes("Parquet file")) == set(suffixes(DATASET_FORMATS))
    for suffix in dialogs.suffixes("Load prompts"):
        path = tmp_path / f"prompts{suffix}"
        path.write_text("# a comment\nils mangent\n", encoding="utf-8")
        assert load_prompts(path) == ["ils mangent"]


def test_every_reader_and_writer_the_registry_names_exists():
    every = [value for value in vars(file_formats).values()
             if isinstance(value, tuple) and value
             and all(isinstance(f, file_formats.FileFormat) for f in value)]
    assert AUDIO_FORMATS in every and ALIGNMENT_FORMATS in every
    for fmt in (f for formats in every for f in formats):
        for target in (fmt.reader, fmt.writer):
            if target is not None:
                assert callable(file_formats._resolve(target)), target


def test_a_suffix_no_libsndfile_build_reads_is_left_out_of_the_dialog(monkeypatch):
    from gui.editor.files import audio_filter

    file_formats.readable_audio_formats.cache_clear()
    without_mp3 = {k: v for k, v in soundfile.available_formats().items() if k != "MP3"}
    monkeypatch.setattr(soundfile, "available_formats", lambda: without_mp3)
    try:
        assert "*.mp3" not in audio_filter() and "*.flac" in audio_filter()
        assert not file_formats.is_audio("x.mp3") and file_formats.is_audio("x.FLAC")
    finally:
        monkeypatch.undo()
        file_formats.readable_audio_formats.cache_clear()
    assert len(readable_audio_formats()) == len(AUDIO_FORMATS)  # this build reads them all


def test_convert_help_names_every_alignment_suffix_and_textgrid_format(capsys):
    from analysis.cli import build_parser

    with pytest.raises(SystemExit):
        build_parser().parse_args(["convert", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    for suffix in (".TextGrid", ".json", ".txt", ".lab"):
        assert suffix in help_text
    assert "--format {long,short}" in help_text
