"""Reading a ``.npz`` file that may be damaged or hostile, without surprises.

``numpy.load`` trusts the file: a zip bomb (a few KB that expand to gigabytes) or an array
header that promises more than its data is allocated before anything is checked. Here the
sizes the zip directory and each array header declare are checked first, object arrays
(pickles) are refused, and every failure is a ``MixScopeError`` naming the file.
"""

from __future__ import annotations

import math
import zipfile
from pathlib import Path

import numpy as np

from analysis.errors import MixScopeError

MAX_EXPANDED_BYTES = 1 << 30  # 1 GiB: far above any score file (words x words per layer)


def read_npz(path: str | Path, max_bytes: int | None = None) -> dict[str, np.ndarray]:
    """Every array of the ``.npz`` at ``path`` by name, after checking declared sizes
    (at most ``max_bytes`` expanded, MAX_EXPANDED_BYTES by default)."""
    path = Path(path)
    max_bytes = MAX_EXPANDED_BYTES if max_bytes is None else max_bytes
    if not path.is_file():
        raise MixScopeError("file not found" if not path.exists() else "is not a file", path)
    try:
        with zipfile.ZipFile(path) as archive:
            _check_sizes(archive, path, max_bytes)
        with np.load(path, allow_pickle=False) as data:
            return {name: data[name] for name in data.files}
    except MixScopeError:
        raise
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, KeyError) as err:
        raise MixScopeError(f"is not a readable .npz file ({_first_line(err)})", path) from err


def _check_sizes(archive: zipfile.ZipFile, path: Path, max_bytes: int) -> None:
    members = archive.infolist()
    expanded = sum(info.file_size for info in members)
    if expanded > max_bytes:
        raise MixScopeError(f"expands to {expanded / 2**20:,.0f} MiB, more than the "
                            f"{max_bytes / 2**20:,.0f} MiB a score file may hold; refused", path)
    for info in members:
        if not info.filename.endswith(".npy"):
            continue
        with archive.open(info) as member:
            version = np.lib.format.read_magic(member)
            read_header = (np.lib.format.read_array_header_1_0 if version == (1, 0)
                           else np.lib.format.read_array_header_2_0)
            shape, _, dtype = read_header(member)
        if dtype.hasobject:
            raise MixScopeError(f"array {info.filename[:-4]!r} holds Python objects, which "
                                "are never unpickled", path)
        declared = math.prod(shape) * dtype.itemsize
        if declared > info.file_size:
            raise MixScopeError(f"array {info.filename[:-4]!r} declares {declared} bytes but "
                                f"holds {info.file_size}; the file is damaged", path)


def _first_line(err: BaseException) -> str:
    text = str(err).strip()
    return text.splitlines()[0][:200] if text else type(err).__name__
