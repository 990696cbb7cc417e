"""The Document of one corpus example behind a point of the curves: its audio, word tier
and cue/target annotation, read from the corpus the run scored (slow: off the GUI thread)."""

from __future__ import annotations

from pathlib import Path

from analysis.errors import MixScopeError


def load_example_document(run_folder: Path, example_id: str):
    from analysis.alignment.annotation import Annotation
    from analysis.alignment.model import TextGrid, words_to_tier
    from analysis.audio import Audio
    from analysis.batch.examples import open_examples
    from analysis.batch.store import RunStore
    from gui.state.document import Document

    corpus = RunStore(run_folder).manifest()["corpus"]
    example = next((e for e in open_examples(corpus) if e.example_id == example_id), None)
    if example is None:
        raise MixScopeError(f"example {example_id} is no longer in the corpus {corpus}")
    audio = Audio(example.load_waveform(), 16000,
                  Path(example.audio_path) if example.audio_path else None)
    tier = words_to_tier(example.words, 0.0, audio.duration)
    grid = TextGrid(0.0, audio.duration, (tier,))
    annotation = Annotation(transcription=example.transcription, cue_word=example.cue_word,
                            target_word=example.target_word, target_word_2=example.target_word_2)
    return Document.from_audio(audio, grid, annotation)
