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
    _, sound = portaudio_status()
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
    ]


# Qt platform plugins that draw without a display server.
HEADLESS_QT_PLATFORMS = ("offscreen", "minimal", "minimalegl", "vnc", "linuxfb", "eglfs",
                         "vkkhrdisplay")


def display_problem(environ=None, system: str | None = None) -> str | None:
    """Why Qt cannot open a window here, or None. Checked before a QApplication exists:
    without a display, Qt's xcb plugin aborts the whole process instead of raising."""
    environ = os.environ if environ is None else environ
    system = sys.platform if system is None else system
    if system.startswith(("win", "darwin", "cygwin")):
        return None
    platform_name = environ.get("QT_QPA_PLATFORM", "").split(":", 1)[0].split(";", 1)[0]
    if platform_name in HEADLESS_QT_PLATFORMS:
        return None
    if platform_name == "xcb":
        needed = ("DISPLAY",)
    elif platform_name.startswith("wayland"):
        needed = ("WAYLAND_DISPLAY",)
    elif platform_name:
        return None  # another plugin: let Qt decide
    else:
        needed = ("DISPLAY", "WAYLAND_DISPLAY")
    if any(environ.get(name) for name in needed):
        return None
    return (f"no display to open a window on ({' and '.join(needed)} not set); run it in a "
            "desktop session, under xvfb-run, or with QT_QPA_PLATFORM=offscreen")
