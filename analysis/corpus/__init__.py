"""Homophone corpora: the dataset schema, opening Hugging Face datasets, and corpus folders.

- ``schema``: the reference columns and ``datasets`` Features (defined once), ``Example``.
- ``hf_audio``: decoding audio values with soundfile (``datasets`` 5.x wants torchcodec).
- ``sources``: open a hub id, a ``save_to_disk`` folder, an audiofolder or parquet files.
- ``store``: a corpus folder (audio + metadata.jsonl + TextGrids) edited atomically.
- ``export``: a corpus as one parquet file with the audio embedded.

Importing this package is cheap: ``datasets`` is imported only when a function needs it.
"""

from analysis.corpus.schema import (
    CORPUS_COLUMNS,
    REFERENCE_COLUMNS,
    REFERENCE_DATASET,
    Example,
)

__all__ = ["CORPUS_COLUMNS", "REFERENCE_COLUMNS", "REFERENCE_DATASET", "Example"]
