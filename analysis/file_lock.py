"""An exclusive advisory lock on a file, held while this process uses what it guards (a
recording being made, a take open in the editor, an autosave slot). The OS drops it when
the process dies, so a lock file nobody holds marks work left behind by a crash."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path


class FileLock:
    """Takes the lock on ``path`` (created if needed); ``release`` drops it and removes the
    file. ``handle`` is the open file that holds the lock."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.handle = open(self.path, "a+b")  # closed in release()
        _try_lock(self.handle)

    def release(self) -> None:
        if not self.handle.closed:
            self.handle.close()
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()


def locked_by_someone(path: Path) -> bool:
    """True while another holder (this process included) keeps ``path`` locked."""
    if not Path(path).exists():
        return False
    try:
        with open(path, "a+b") as handle:
            return not _try_lock(handle)  # closing the handle drops a lock we just took
    except OSError:
        return False


def _try_lock(handle) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True
