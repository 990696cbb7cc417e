"""A WAV writer that keeps the file valid at every moment.

The header is written first with empty sizes; after each block the data is appended and the
RIFF and data sizes are patched, so a killed process leaves a WAV that any reader opens with
every block the kernel received. The file is fsync'ed at most once per ``sync_interval``
seconds of audio, so a power cut loses at most that much.

Written by hand rather than through libsndfile because libsndfile patches its header only on
close (or through an undocumented command), and the order "data, then sizes" is what makes a
crash at any instant harmless.
"""

from __future__ import annotations

import os
import struct
from pathlib import Path

import numpy as np

from analysis.errors import MixScopeError

SUBTYPES = {"PCM_16": (1, np.dtype("<i2")), "FLOAT": (3, np.dtype("<f4"))}
_RIFF_LIMIT = 0xFFFFFFFF - 64


class StreamingWavWriter:
    """Appends interleaved frames to ``path``; ``subtype`` "PCM_16" (int16) or "FLOAT"."""

    def __init__(self, path: str | os.PathLike, sample_rate: int, channels: int,
                 subtype: str = "PCM_16", sync_interval: float = 1.0):
        if subtype not in SUBTYPES:
            raise MixScopeError(f"unsupported recording format {subtype!r} "
                                f"(choose {' or '.join(SUBTYPES)})")
        self.path = Path(path)
        self.sample_rate = int(sample_rate)
        self.channels = int(channels)
        self.subtype = subtype
        self._format_tag, self._dtype = SUBTYPES[subtype]
        self._frame_bytes = self._dtype.itemsize * self.channels
        self._sync_every = max(1, int(sync_interval * self.sample_rate))
        self._unsynced = 0
        self.frames = 0
        self._file = open(self.path, "wb", buffering=0)  # closed in close()
        header = _header(self._format_tag, self.channels, self.sample_rate,
                         self._dtype.itemsize * 8)
        self._file.write(header)
        self._riff_size_at = 4
        self._data_size_at = len(header) - 4
        self._data_start = len(header)
        self._sync()

    def write(self, block: np.ndarray) -> None:
        """Append ``block`` (frames, or frames x channels) and make it readable at once."""
        data = np.ascontiguousarray(block, dtype=self._dtype)
        if data.ndim == 1:
            data = data[:, None]
        if data.shape[1] != self.channels:
            raise ValueError(f"block has {data.shape[1]} channels, the file {self.channels}")
        payload = data.tobytes()
        if self._data_start + (self.frames + len(data)) * self._frame_bytes > _RIFF_LIMIT:
            raise MixScopeError(f"recording {self.path} reached the 4 GiB WAV size limit")
        self._file.write(payload)  # unbuffered: in the kernel before the sizes say so
        self.frames += len(data)
        self._patch_sizes()
        self._unsynced += len(data)
        if self._unsynced >= self._sync_every:
            self._sync()

    def close(self) -> None:
        if self._file.closed:
            return
        self._patch_sizes()
        self._sync()
        self._file.close()

    @property
    def closed(self) -> bool:
        return self._file.closed

    def _patch_sizes(self) -> None:
        data_bytes = self.frames * self._frame_bytes
        self._file.seek(self._data_size_at)
        self._file.write(struct.pack("<I", data_bytes))
        self._file.seek(self._riff_size_at)
        self._file.write(struct.pack("<I", self._data_start - 8 + data_bytes))
        self._file.seek(0, os.SEEK_END)

    def _sync(self) -> None:
        os.fsync(self._file.fileno())
        self._unsynced = 0

    def __enter__(self) -> StreamingWavWriter:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _header(format_tag: int, channels: int, rate: int, bits: int) -> bytes:
    block_align = channels * bits // 8
    fmt = struct.pack("<HHIIHH", format_tag, channels, rate, rate * block_align, block_align,
                      bits)
    fact = b""
    if format_tag == 3:  # non-PCM formats carry cbSize and a fact chunk (frame count 0: unknown)
        fmt += struct.pack("<H", 0)
        fact = b"fact" + struct.pack("<II", 4, 0)
    chunks = b"fmt " + struct.pack("<I", len(fmt)) + fmt + fact
    return b"RIFF" + struct.pack("<I", 4 + len(chunks) + 8) + b"WAVE" + chunks + b"data" + \
        struct.pack("<I", 0)


def repair_wav(path: str | os.PathLike) -> int:
    """Make the sizes in a streamed WAV cover every whole frame on disk; returns the frames.

    Blocks that reached the disk after the last size patch (a crash between the two writes)
    are kept. Raises MixScopeError when the file is not a WAV this module wrote."""
    path = Path(path)
    with open(path, "r+b") as handle:
        head = handle.read(4096)
        if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
            raise MixScopeError(f"{path} is not a WAV file")
        offset, block_align, data_at = 12, None, None
        while offset + 8 <= len(head):
            name, size = head[offset:offset + 4], struct.unpack_from("<I", head, offset + 4)[0]
            if name == b"fmt ":
                block_align = struct.unpack_from("<H", head, offset + 8 + 12)[0]
            if name == b"data":
                data_at = offset + 8
                break
            offset += 8 + size + (size & 1)
        if block_align is None or data_at is None or block_align == 0:
            raise MixScopeError(f"{path} has no readable fmt/data chunks")
        file_size = handle.seek(0, os.SEEK_END)
        frames = max(0, file_size - data_at) // block_align
        data_bytes = frames * block_align
        handle.seek(data_at - 4)
        handle.write(struct.pack("<I", data_bytes))
        handle.seek(4)
        handle.write(struct.pack("<I", data_at - 8 + data_bytes))
        handle.truncate(data_at + data_bytes)
    return frames
