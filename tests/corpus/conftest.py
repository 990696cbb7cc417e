"""Shared corpus fixtures: a few synthesized French utterances with exact word times."""

from __future__ import annotations

import pytest

from analysis.audio import Audio
from analysis.corpus.schema import Example
from analysis.words import Word

SENTENCES = [
    # (words, cue, target, target_2, speaker)
    (["le", "ver", "est", "vert"], "le", "ver", "vert", "espeak-a"),
    (["ils", "mangent", "des", "pommes"], "ils", "mangent", None, "espeak-b"),
    (["la", "mer", "monte"], "la", "mer", None, "espeak-a"),
]


@pytest.fixture(scope="session")
def utterances():
    """[(Audio, Example)] for each sentence; Example.words are espeak's exact times."""
    from tests.support.audio import espeak_available, espeak_words

    if not espeak_available():
        pytest.skip("espeak-ng is not installed")
    out = []
    for words, cue, target, target_2, speaker in SENTENCES:
        spoken = espeak_words(words)
        example = Example(
            transcription=" ".join(words), cue_word=cue, target_word=target,
            target_word_2=target_2, speaker=speaker, notes="synthesized",
            words=tuple(Word(w, round(s, 6), round(e, 6)) for w, s, e in spoken.words))
        out.append((Audio(spoken.waveform, spoken.sample_rate), example))
    return out


@pytest.fixture
def corpus(tmp_path, utterances):
    """A corpus folder holding the synthesized utterances, built through the API."""
    from analysis.corpus.store import Corpus

    built = Corpus.create(tmp_path / "corpus")
    for audio, example in utterances:
        built.add(audio, example)
    return built


def load_audiofolder(folder, cache_dir):
    """``datasets.load_dataset("audiofolder", data_dir=folder)`` (see hf_audio for why the
    audio encoding is switched to paths while it runs: torchcodec is not installed)."""
    import datasets

    from analysis.corpus.hf_audio import paths_only_audio_encoding

    with paths_only_audio_encoding():
        return datasets.load_dataset("audiofolder", data_dir=str(folder), split="train",
                                     cache_dir=str(cache_dir))


def reference_dataset(utterances, extra=None, rate=None):
    """A small in-memory dataset in the reference schema (the hub is out of reach), audio
    embedded as WAV bytes at ``rate`` (default: the utterance's)."""
    import io

    import datasets
    import soundfile

    from analysis.audio import resample
    from analysis.corpus.schema import alignment_value, reference_features

    columns = {name: [] for name in ("audio", "transcription", "cue_word", "target_word",
                                     "target_word_2", "alignment")}
    for n, (audio, example) in enumerate(utterances):
        buffer = io.BytesIO()
        target_rate = rate or audio.sample_rate
        soundfile.write(buffer, resample(audio.samples, audio.sample_rate, target_rate),
                        target_rate, format="WAV", subtype="PCM_16")
        columns["audio"].append({"bytes": buffer.getvalue(), "path": f"utt{n}.wav"})
        columns["transcription"].append(example.transcription)
        columns["cue_word"].append(example.cue_word)
        columns["target_word"].append(example.target_word)
        columns["target_word_2"].append(example.target_word_2)
        columns["alignment"].append(alignment_value(example.words))
    features = reference_features()
    for name, values in (extra or {}).items():
        columns[name] = values
        features[name] = datasets.Value("string")
    # from_dict then cast: encoding an Audio column directly would need torchcodec.
    return datasets.Dataset.from_dict(columns).cast(features)
