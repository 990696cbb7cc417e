"""The one check that keeps a corpus inside its folder.

``metadata.jsonl`` is data a corpus author (or an attacker) wrote: a ``file_name`` that is
absolute, climbs out with "..", or goes through a symlink to somewhere else would make
MixScope read, overwrite, embed or delete a file the user never chose. Every path the
corpus derives from its metadata (audio, TextGrid, scores) comes through here.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath, PureWindowsPath

from analysis.errors import MixScopeError


def corpus_file(folder: str | Path, file_name: str) -> Path:
    """``folder / file_name`` when it stays inside ``folder``; else ``MixScopeError`` saying
    why (the caller adds where the name came from)."""
    if not file_name or "\0" in file_name:
        raise MixScopeError(f"file_name {file_name!r} is not a file name")
    if PurePosixPath(file_name).is_absolute() or PureWindowsPath(file_name).is_absolute() \
            or PureWindowsPath(file_name).drive:
        raise MixScopeError(f"file_name {file_name!r} is an absolute path; a corpus names its "
                            "files relative to its folder")
    if ".." in PureWindowsPath(file_name).parts:  # splits on "/" and "\" alike
        raise MixScopeError(f"file_name {file_name!r} leads out of the corpus folder (\"..\")")
    return inside(folder, Path(folder) / file_name, file_name)


def inside(folder: str | Path, path: Path, shown: str | None = None) -> Path:
    """``path`` if, with every symlink followed, it lies inside ``folder``."""
    root = Path(folder).resolve()
    if not path.resolve().is_relative_to(root):
        raise MixScopeError(f"file_name {shown or path.name!r} is a link to "
                            f"{path.resolve()}, outside the corpus folder {folder}")
    return path
