"""Large synthetic datasets in the homophone schema, for laziness tests and benchmarks."""

from __future__ import annotations

import io

import numpy as np

WORDS = ["le", "ver", "vert", "verre", "mer", "mère", "maire", "sain", "saint", "sein"]


def large_homophone_dataset(rows: int, seed: int = 0):
    """A ``datasets.Dataset`` of ``rows`` examples (reference schema plus speaker/notes), all
    sharing one short embedded WAV; built straight from Arrow arrays, so it is quick."""
    import datasets
    import pyarrow as pa
    import soundfile

    from analysis.corpus.schema import corpus_features

    buffer = io.BytesIO()
    soundfile.write(buffer, np.zeros(1600, np.float32), 16000, format="WAV", subtype="PCM_16")
    wav = buffer.getvalue()
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(WORDS), size=(rows, 3))
    table = {
        "audio": [{"bytes": wav, "path": f"row{n}.wav"} for n in range(rows)],
        "transcription": [f"row {n} " + " ".join(WORDS[k] for k in p)
                          for n, p in enumerate(picks)],
        "cue_word": [WORDS[p[0]] for p in picks],
        "target_word": [WORDS[p[1]] for p in picks],
        "target_word_2": [WORDS[p[2]] if n % 7 == 0 else None for n, p in enumerate(picks)],
        "alignment": [{"intervals": [{"word": WORDS[k], "start": 0.1 * i, "end": 0.1 * i + 0.08}
                                     for i, k in enumerate(p)]} for p in picks],
        "speaker": [f"spk{n % 12}" for n in range(rows)],
        "notes": [""] * rows,
    }
    features = corpus_features()
    return datasets.Dataset(pa.Table.from_pydict(table, schema=features.arrow_schema))
