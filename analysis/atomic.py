"""Atomic file writes: a temporary file in the same folder, fsync, then rename.

An interrupted save never leaves a truncated file, and the previous file survives a failed
save (the rename is the only step that touches it). A failed save removes its temporary
file and raises ``FileWriteError`` naming the target. A killed process (SIGKILL, power
loss) cannot clean up; its temporary file is hidden (``.NAME.PID.XXXX.tmp``) and the next
save of the same file, or ``remove_stale_temporaries`` on the folder, deletes it once no
live process has that PID.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

from analysis.errors import FileWriteError

TEMPORARY_SUFFIX = ".tmp"
# ".NAME.PID.XXXXXXXX.tmp": mkstemp adds 8 characters from [a-z0-9_].
_TEMPORARY_NAME = re.compile(r"\..+\.(\d+)\.[a-z0-9_]{8}\.tmp")


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path`` atomically.

    For writers that want a file name (numpy, soundfile, pyarrow)."""
    target = Path(path)
    if target.is_dir():
        raise FileWriteError(target, "it is a folder")
    remove_stale_temporaries(target.parent, target.name)
    try:
        fd, tmp = tempfile.mkstemp(prefix=_temporary_prefix(target.name),
                                   suffix=TEMPORARY_SUFFIX, dir=target.parent)
    except OSError as err:
        raise FileWriteError(target, err) from err
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        with open(tmp_path, "rb+") as handle:
            os.fsync(handle.fileno())
        if target.exists():
            os.chmod(tmp_path, target.stat().st_mode & 0o777)
        else:
            os.chmod(tmp_path, 0o666 & ~_umask())
        os.replace(tmp_path, target)
        _fsync_folder(target.parent)
    except OSError as err:
        tmp_path.unlink(missing_ok=True)
        if isinstance(err, FileWriteError):
            raise
        raise FileWriteError(target, err) from err
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> None:
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


def atomic_write_text(path: str | os.PathLike, text: str, encoding: str = "utf-8") -> None:
    atomic_write_bytes(path, text.encode(encoding))


def remove_stale_temporaries(folder: str | os.PathLike, name: str | None = None) -> list[Path]:
    """Delete the temporary files that killed saves left in ``folder`` (of the file ``name``,
    or of any file): only names this module makes, and only when their writing process no
    longer runs. Returns what it deleted."""
    pattern = _TEMPORARY_NAME if name is None else re.compile(
        rf"\.{re.escape(name)}\.(\d+)\.[a-z0-9_]{{8}}{re.escape(TEMPORARY_SUFFIX)}")
    removed = []
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            match = pattern.fullmatch(entry.name)
            if match and not _process_alive(int(match.group(1))):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
                    removed.append(Path(entry.path))
    return removed


def check_can_write(path: str | os.PathLike) -> Path:
    """Raise ``FileWriteError`` unless ``path`` can be saved to now (checked before long work
    so that a typo in a folder name does not cost the computation)."""
    target = Path(path)
    if target.is_dir():
        raise FileWriteError(target, "it is a folder")
    check_writable_folder(target.parent, target)
    return target


def check_can_create_folder(path: str | os.PathLike) -> Path:
    """Raise ``FileWriteError`` unless the folder ``path`` exists and takes files, or can be
    created (its nearest existing parent takes files)."""
    folder = Path(path)
    if folder.exists() and not folder.is_dir():
        raise FileWriteError(folder, "it is a file, not a folder")
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    check_writable_folder(existing, folder)
    return folder


def check_writable_folder(folder: str | os.PathLike, for_path: str | os.PathLike) -> None:
    """Raise ``FileWriteError`` (naming ``for_path``) unless a file can be written into
    ``folder`` now: it exists, is a folder, and a small probe file can be written there (so
    a read-only folder or a full disk is found before long work, not after it)."""
    folder = Path(folder)
    if not folder.exists():
        raise FileWriteError(for_path, f"the folder {folder} does not exist")
    if not folder.is_dir():
        raise FileWriteError(for_path, f"{folder} is not a folder")
    try:
        fd, probe = tempfile.mkstemp(prefix=_temporary_prefix("write-check"),
                                     suffix=TEMPORARY_SUFFIX, dir=folder)
    except OSError as err:
        raise FileWriteError(for_path, err) from err
    try:
        os.write(fd, b"\0" * 4096)
        os.fsync(fd)
    except OSError as err:
        raise FileWriteError(for_path, err) from err
    finally:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(probe)


def _temporary_prefix(name: str) -> str:
    return f".{name}.{os.getpid()}."


def _process_alive(pid: int) -> bool:
    if os.name != "posix":  # os.kill(pid, 0) is not a harmless probe on Windows
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError as err:
        return err.errno != errno.ESRCH
    return True


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
