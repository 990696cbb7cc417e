"""Opening homophone datasets: save_to_disk folders, audiofolders, parquet, hub ids."""

from __future__ import annotations

import csv
import json

import numpy as np
import pytest

from analysis.corpus.schema import corpus_features, schema_differences
from analysis.corpus.sources import DatasetSource, open_dataset
from analysis.corpus.store import Corpus
from analysis.errors import MixScopeError
from tests.corpus.conftest import reference_dataset


def test_save_to_disk_dataset_opens_keeps_extra_columns_and_decodes_at_16k(tmp_path,
                                                                          utterances):
    dataset = reference_dataset(utterances, extra={"id": ["a", "b", "c"]}, rate=22050)
    dataset.save_to_disk(str(tmp_path / "saved"))

    source = open_dataset(tmp_path / "saved")
    assert isinstance(source, DatasetSource) and not source.writable
    assert len(source) == 3
    assert source.extra_columns == ["id"]
    examples = source.examples(0, 3)
    assert [e.extra["id"] for e in examples] == ["a", "b", "c"]
    for got, (_, want) in zip(examples, utterances, strict=True):
        assert (got.transcription, got.cue_word, got.target_word, got.target_word_2,
                got.words) == (want.transcription, want.cue_word, want.target_word,
                               want.target_word_2, want.words)
    audio = source.audio(1)
    assert audio.sample_rate == 16000 and audio.samples.ndim == 1
    assert audio.duration == pytest.approx(utterances[1][0].duration, abs=1e-3)


def test_a_dataset_dict_split_is_chosen_and_a_missing_split_is_named(tmp_path, utterances):
    import datasets

    dataset = reference_dataset(utterances)
    datasets.DatasetDict({"test": dataset}).save_to_disk(str(tmp_path / "dict"))
    assert len(open_dataset(tmp_path / "dict", split="test")) == 3
    assert len(open_dataset(tmp_path / "dict")) == 3  # the only split
    with pytest.raises(MixScopeError, match="no split 'validation'.*test"):
        open_dataset(tmp_path / "dict", split="validation")


def test_a_dataset_lacking_a_column_gets_a_message_naming_it(tmp_path, utterances):
    dataset = reference_dataset(utterances).remove_columns(["cue_word"])
    dataset.save_to_disk(str(tmp_path / "saved"))
    with pytest.raises(MixScopeError, match=r"missing column cue_word"):
        open_dataset(tmp_path / "saved")


def test_an_audiofolder_with_csv_metadata_opens_read_only(tmp_path, utterances):
    from analysis.audio import save_audio
    from analysis.corpus.schema import alignment_value

    folder = tmp_path / "csvfolder"
    folder.mkdir()
    with open(folder / "metadata.csv", "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file_name", "transcription", "cue_word", "target_word",
                         "target_word_2", "alignment"])
        for n, (audio, example) in enumerate(utterances):
            save_audio(folder / f"u{n}.wav", audio.samples, audio.sample_rate)
            writer.writerow([f"u{n}.wav", example.transcription, example.cue_word,
                             example.target_word, example.target_word_2 or "",
                             json.dumps(alignment_value(example.words))])
    source = open_dataset(folder, cache_dir=tmp_path / "cache")
    assert isinstance(source, DatasetSource)
    assert [e.words for e in source.examples(0, 3)] == [e.words for _, e in utterances]


def test_an_audiofolder_without_the_homophone_columns_is_refused_by_name(tmp_path,
                                                                          utterances):
    from analysis.audio import save_audio

    audio = utterances[0][0]
    (tmp_path / "plain").mkdir()
    save_audio(tmp_path / "plain" / "x.wav", audio.samples, audio.sample_rate)
    with pytest.raises(MixScopeError, match="missing columns transcription, cue_word"):
        open_dataset(tmp_path / "plain", cache_dir=tmp_path / "cache")


def test_parquet_export_is_one_file_datasets_loads_with_the_corpus_features(corpus,
                                                                           utterances,
                                                                           tmp_path):
    import datasets

    from analysis.corpus.export import export_parquet
    from analysis.corpus.hf_audio import decode_audio

    out = tmp_path / "export" / "corpus.parquet"
    out.parent.mkdir()
    assert export_parquet(corpus, out) == 3
    assert [p.name for p in out.parent.iterdir()] == ["corpus.parquet"]
    loaded = datasets.load_dataset("parquet", data_files=str(out), split="train",
                                   cache_dir=str(tmp_path / "cache"))
    assert schema_differences(loaded.features, corpus_features()) == []
    assert loaded.features["audio"] == corpus_features()["audio"]
    reopened = open_dataset(out, cache_dir=tmp_path / "cache")
    assert reopened.examples(0, 3) == [e for _, e in utterances]
    raw = loaded.cast_column("audio", datasets.Audio(decode=False))[2]["audio"]
    assert raw["bytes"] and raw["path"] == corpus.entry(2).file_name
    np.testing.assert_allclose(decode_audio(raw, rate=None).samples, utterances[2][0].samples,
                               atol=1 / 32767 + 1e-6)


def test_a_corpus_folder_opens_as_a_writable_corpus(corpus):
    opened = open_dataset(corpus.folder)
    assert isinstance(opened, Corpus) and opened.writable and len(opened) == 3


def test_a_hub_id_offline_gives_a_clear_message():
    with pytest.raises(MixScopeError, match="hosein-m/french_homophone_asr.*offline"):
        open_dataset("hosein-m/french_homophone_asr", split="train")


def test_a_path_that_does_not_exist_is_named(tmp_path):
    with pytest.raises(MixScopeError, match="no such dataset file or folder"):
        open_dataset(tmp_path / "nothing" / "here")
