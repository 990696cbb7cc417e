"""A corpus folder built through the API reads back with ``datasets`` in the reference schema."""

from __future__ import annotations

import json

import numpy as np
import pytest

from analysis.corpus.schema import (
    Example,
    corpus_features,
    example_from_row,
    reference_features,
    schema_differences,
)
from analysis.corpus.store import METADATA, Corpus
from analysis.errors import MixScopeError
from tests.corpus.conftest import load_audiofolder, reference_dataset


def _decoded(value):
    from analysis.corpus.hf_audio import decode_audio

    return decode_audio(value, rate=None)


def test_audiofolder_load_has_the_reference_columns_types_and_values(corpus, utterances,
                                                                     tmp_path):
    loaded = load_audiofolder(corpus.folder, tmp_path / "cache")
    reference = reference_dataset(utterances)

    assert schema_differences(loaded.features, reference.features) == []
    assert schema_differences(loaded.features, corpus_features()) == []
    assert loaded.column_names[:6] == list(reference.features)
    from datasets import Audio

    loaded = loaded.cast_column("audio", Audio(decode=False))
    reference = reference.cast_column("audio", Audio(decode=False))
    assert len(loaded) == len(reference) == 3
    for got, want, (audio, example) in zip(loaded, reference, utterances, strict=True):
        assert example_from_row(got) == example
        assert example_from_row(got).words == example_from_row(want).words
        for column in ("transcription", "cue_word", "target_word", "alignment"):
            assert got[column] == want[column]
        assert got["target_word_2"] == (want["target_word_2"] or "")
        assert got["speaker"] == example.speaker
        got_audio, want_audio = _decoded(got["audio"]), _decoded(want["audio"])
        assert got_audio.sample_rate == want_audio.sample_rate == audio.sample_rate
        np.testing.assert_allclose(got_audio.samples, want_audio.samples, atol=1e-4)
        np.testing.assert_allclose(got_audio.samples, audio.samples, atol=1 / 32767 + 1e-6)


def test_loading_the_folder_applies_the_dataset_card_features(corpus, tmp_path):
    import datasets

    from analysis.corpus.hf_audio import paths_only_audio_encoding

    with paths_only_audio_encoding():
        loaded = datasets.load_dataset(str(corpus.folder), split="train",
                                       cache_dir=str(tmp_path / "cache"))
    assert loaded.features == corpus_features()
    assert len(loaded) == 3


def test_each_example_has_a_textgrid_beside_its_audio_with_the_words(corpus, utterances):
    from analysis.alignment import read_alignment, tier_to_words

    for index, (_, example) in enumerate(utterances):
        path = corpus.textgrid_path(index)
        assert path.parent == corpus.audio_path(index).parent
        words = tier_to_words(read_alignment(path).grid.word_tier())
        assert [w.label for w in words] == [w.label for w in example.words]
        np.testing.assert_allclose([w.start for w in words],
                                   [w.start for w in example.words], atol=1e-6)


def test_reopened_corpus_has_the_same_examples(corpus, utterances):
    reopened = Corpus.open(corpus.folder)
    assert reopened.examples(0, 10) == [example for _, example in utterances]
    assert reopened.audio(1).duration == pytest.approx(utterances[1][0].duration)


def test_editing_an_example_rewrites_metadata_and_textgrid(corpus):
    from analysis.alignment import read_alignment

    edited = Example(**{**corpus.example(0).__dict__, "cue_word": "est",
                        "notes": "checked"})
    corpus.update(0, edited)
    row = json.loads((corpus.folder / METADATA).read_text().splitlines()[0])
    assert row["cue_word"] == "est" and row["notes"] == "checked"
    words = read_alignment(corpus.textgrid_path(0)).grid.word_tier().intervals
    assert [i.label for i in words if i.label] == ["le", "ver", "est", "vert"]
    assert Corpus.open(corpus.folder).example(0).cue_word == "est"


def test_removing_an_example_drops_its_line_and_files(corpus, tmp_path):
    audio, grid = corpus.audio_path(1), corpus.textgrid_path(1)
    kept = corpus.example(2)
    corpus.remove(1)
    assert not audio.exists() and not grid.exists()
    assert len(Corpus.open(corpus.folder)) == 2
    assert Corpus.open(corpus.folder).example(1) == kept
    assert len(load_audiofolder(corpus.folder, tmp_path / "cache")) == 2


def test_a_corpus_without_any_second_target_still_has_a_string_column(tmp_path, utterances):
    from dataclasses import replace

    folder = Corpus.create(tmp_path / "c")
    for audio, example in utterances:
        folder.add(audio, replace(example, target_word_2=None))
    loaded = load_audiofolder(folder.folder, tmp_path / "cache")
    assert schema_differences(loaded.features, reference_features()) == []


def test_creating_a_corpus_where_one_exists_is_refused(corpus):
    with pytest.raises(MixScopeError, match="already holds a corpus"):
        Corpus.create(corpus.folder)


def test_broken_metadata_line_is_named(corpus):
    path = corpus.folder / METADATA
    path.write_text(path.read_text() + "{not json\n")
    with pytest.raises(MixScopeError, match=r"metadata.jsonl: line 4: not valid JSON"):
        Corpus.open(corpus.folder)


def test_an_example_with_overlapping_words_is_refused_and_leaves_no_files(corpus, utterances):
    from analysis.words import Word

    audio, example = utterances[0]
    bad = Example(**{**example.__dict__, "words": (Word("a", 0.1, 0.3), Word("b", 0.2, 0.4))})
    with pytest.raises(MixScopeError, match="before the previous word ends"):
        corpus.add(audio, bad)
    assert len(Corpus.open(corpus.folder)) == 3 and corpus.orphans() == []
