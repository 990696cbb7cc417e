"""Open a homophone dataset with ``datasets``: a hub id, a ``save_to_disk`` folder, an
audiofolder, or parquet files. Audio stays undecoded until an example is asked for.

Every source (this one and ``store.Corpus``) offers the same small reading interface that the
browser uses: ``name``, ``writable``, ``len()``, ``extra_columns``, ``examples(start, stop)``,
``example(i)``, ``audio(i)`` (mono float32 at 16 kHz here) and ``has_scores(i)``.
"""

from __future__ import annotations

import re
from pathlib import Path

from analysis.audio import Audio
from analysis.corpus.hf_audio import decode_audio, paths_only_audio_encoding
from analysis.corpus.schema import (
    CORPUS_COLUMNS,
    FLAT_ALIGNMENT,
    Example,
    check_columns,
    example_from_row,
)
from analysis.errors import MixScopeError
from analysis.file_formats import DATASET_FORMATS, describe, find, patterns

HUB_ID = re.compile(r"^[\w.-]+(/[\w.-]+)?$")


class DatasetSource:
    """A ``datasets.Dataset`` in the homophone schema (read-only in MixScope)."""

    writable = False

    def __init__(self, dataset, name: str) -> None:
        from datasets import Audio as AudioFeature

        check_columns(dataset.column_names, name)
        self.name = name
        try:
            self.dataset = dataset.cast_column("audio", AudioFeature(decode=False))
        except (TypeError, ValueError) as err:
            raise MixScopeError(f"{name}: the audio column ({dataset.features['audio']!r}) "
                                f"is not audio: {err}") from err
        self._text = self.dataset.remove_columns(["audio"])
        known = set(CORPUS_COLUMNS) | {FLAT_ALIGNMENT}
        self.extra_columns = [c for c in self._text.column_names if c not in known]

    def __len__(self) -> int:
        return len(self.dataset)

    def examples(self, start: int, stop: int) -> list[Example]:
        """Examples ``start``..``stop`` (text columns only: fast, one Arrow slice)."""
        stop = min(stop, len(self))
        if start >= stop:
            return []
        batch = self._text[start:stop]
        names = list(batch)
        return [example_from_row({n: batch[n][k] for n in names}, f"{self.name} row {start + k}")
                for k in range(stop - start)]

    def example(self, index: int) -> Example:
        return self.examples(index, index + 1)[0]

    def audio(self, index: int) -> Audio:
        value = self.dataset[index]["audio"]
        if value is None:
            raise MixScopeError(f"{self.name} row {index} has no audio")
        return decode_audio(value, f"{self.name} row {index}")

    def has_scores(self, index: int) -> bool:
        return False  # a read-only dataset has nowhere to keep scores


def split_spec(spec: str | Path) -> tuple[str, str | None]:
    """``ID:SPLIT`` as (ID, SPLIT); a path that exists, or a spec without a colon, as
    (spec, None)."""
    text = str(spec)
    if not Path(text).exists() and ":" in text:
        text, _, split = text.partition(":")
        return text, split or None
    return text, None


def open_dataset(spec: str | Path, split: str | None = None,
                 cache_dir: str | Path | None = None):
    """Open ``spec``: a corpus folder (writable ``Corpus``), a ``save_to_disk`` folder, an
    audiofolder, a parquet file or folder of them, or a Hugging Face hub id."""
    path = Path(spec).expanduser()
    if path.exists():
        return _open_local(path, split, cache_dir)
    text = str(spec)
    if HUB_ID.match(text) and "/" in text:
        return _open_hub(text, split, cache_dir)
    raise MixScopeError(f"no such dataset file or folder: {spec}")


def _open_local(path: Path, split, cache_dir):
    import datasets

    from analysis.corpus import store

    if path.is_file():
        if find(DATASET_FORMATS, path) is None:
            raise MixScopeError(f"{path}: a dataset file must be {describe(DATASET_FORMATS)}")
        return _from_builder(path, split, "parquet", cache_dir, data_files=[str(path)])
    if (path / "dataset_info.json").exists() or (path / "dataset_dict.json").exists():
        try:
            loaded = datasets.load_from_disk(str(path))
        except (FileNotFoundError, ValueError, OSError) as err:
            raise MixScopeError(f"cannot open the saved dataset {path}: {err}") from err
        return DatasetSource(_pick_split(loaded, split, path), str(path))
    if store.is_corpus(path):
        return store.Corpus.open(path)
    parquet = sorted(str(p) for pattern in patterns(DATASET_FORMATS)
                     for p in path.rglob(pattern) if not _hidden(p, path))
    if parquet:
        return _from_builder(path, split, "parquet", cache_dir, data_files=parquet)
    return _from_builder(path, split, "audiofolder", cache_dir, data_dir=str(path))


def _from_builder(path: Path, split, builder: str, cache_dir, **kwargs) -> DatasetSource:
    import datasets

    try:
        with paths_only_audio_encoding():
            loaded = datasets.load_dataset(builder, cache_dir=_cache(cache_dir), **kwargs)
    except MixScopeError:
        raise
    except Exception as err:  # datasets raises many types; say which file failed and why
        raise MixScopeError(f"cannot open {path} as {builder}: {_reason(err)}") from err
    return DatasetSource(_pick_split(loaded, split, path), str(path))


def _open_hub(hub_id: str, split, cache_dir) -> DatasetSource:
    import datasets

    try:
        loaded = datasets.load_dataset(hub_id, split=split, cache_dir=_cache(cache_dir))
    except Exception as err:
        offline = datasets.config.HF_HUB_OFFLINE
        hint = (" (offline mode is on and it is not in the local cache; unset "
                "HF_HUB_OFFLINE / HF_DATASETS_OFFLINE or download it first)" if offline else
                " (check the name, the split and your network connection)")
        raise MixScopeError(
            f"cannot open the Hugging Face dataset {hub_id}: {_reason(err)}{hint}") from err
    return DatasetSource(_pick_split(loaded, split, hub_id), hub_id)


def _pick_split(loaded, split, where):
    """The requested split of a DatasetDict ("train", else the only one, by default)."""
    import datasets

    if isinstance(loaded, datasets.Dataset):
        return loaded
    names = list(loaded)
    if split is None:
        if "train" in names or len(names) == 1:
            return loaded["train" if "train" in names else names[0]]
        raise MixScopeError(f"{where} has several splits ({', '.join(names)}): choose one")
    if split not in names:
        raise MixScopeError(f"{where} has no split {split!r} (splits: {', '.join(names)})")
    return loaded[split]


def _cache(cache_dir) -> str | None:
    return str(cache_dir) if cache_dir else None


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def _reason(err: BaseException) -> str:
    """The innermost message: ``datasets`` wraps the useful one in generic errors."""
    while err.__cause__ is not None and str(err).startswith("An error occurred"):
        err = err.__cause__
    return str(err).splitlines()[0] if str(err) else type(err).__name__
