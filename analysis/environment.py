"""What this installation can do: library versions and sound support, without importing Qt."""

from __future__ import annotations

import os
import platform
import sys
from importlib import metadata

from analysis import __version__


def package_version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "not installed"


def portaudio_status() -> tuple[bool, str]:
    """(available, message). sounddevice raises OSError at import when PortAudio is missing."""
    try:
        import sounddevice
    except OSError as err:
        return False, f"PortAudio is not installed ({err}); recording and playback are disabled"
    except ImportError as err:
        return False, f"sounddevice is not installed ({err}); recording and playback are disabled"
    return True, f"PortAudio {sounddevice.get_portaudio_version()[1]}"


def describe_environment() -> list[tuple[str, str]]:
    from analysis.qt_display import display_status

    _, sound = portaudio_status()
    _, display_libraries = display_status()
    return [
        ("MixScope", __version__),
        ("Python", f"{platform.python_version()} ({sys.executable})"),
        ("torch", package_version("torch")),
        ("transformers", package_version("transformers")),
        ("datasets", package_version("datasets")),
        ("Qt (PySide6)", package_version("PySide6-Essentials")),
        ("pyqtgraph", package_version("pyqtgraph")),
        ("sound", sound),
        ("display", os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or "none"),
        ("display libs", display_libraries),
    ]
