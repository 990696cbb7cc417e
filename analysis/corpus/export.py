"""Export a corpus as one parquet file that ``datasets`` loads with the corpus Features.

The audio files are embedded as bytes (the hub's parquet layout), and the Features travel in
the file's schema metadata, so ``load_dataset("parquet", data_files=path)`` gives an Audio
column, not a struct. Written in row groups, atomically.
"""

from __future__ import annotations

from pathlib import Path

from analysis.atomic import atomic_path
from analysis.corpus.schema import CORPUS_EXTRA_COLUMNS, REFERENCE_COLUMNS, metadata_row
from analysis.errors import FileWriteError, MixScopeError

ROWS_PER_GROUP = 64


def export_parquet(corpus, path: str | Path, progress=None) -> int:
    """Write ``corpus`` (a ``store.Corpus``) to ``path``; returns the number of examples.
    ``progress(done, total)`` is called after each row group."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from analysis.corpus.schema import corpus_features

    path = Path(path)
    schema = corpus_features().arrow_schema
    total = len(corpus)
    try:
        with atomic_path(path) as tmp:
            with pq.ParquetWriter(str(tmp), schema) as writer:
                for start in range(0, max(total, 1), ROWS_PER_GROUP):
                    rows = [_row(corpus, i) for i in range(start, min(start + ROWS_PER_GROUP,
                                                                      total))]
                    writer.write_table(pa.Table.from_pylist(rows, schema=schema))
                    if progress is not None:
                        progress(min(start + ROWS_PER_GROUP, total), total)
    except FileWriteError:
        raise
    except OSError as err:
        raise FileWriteError(path, err) from err
    return total


def _row(corpus, index: int) -> dict:
    entry = corpus.entry(index)
    audio_path = corpus.audio_path(index)
    try:
        data = audio_path.read_bytes()
    except OSError as err:
        raise MixScopeError(f"cannot read {audio_path}: {err}") from err
    row = metadata_row(entry.example, entry.file_name)
    out = {name: row[name] for name in REFERENCE_COLUMNS[1:] + CORPUS_EXTRA_COLUMNS}
    out["audio"] = {"bytes": data, "path": entry.file_name}
    return out
