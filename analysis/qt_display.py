"""Which system libraries Qt's X11 platform plugin (libqxcb.so) lacks, asked of the plugin.

Qt aborts with "could not load the Qt platform plugin xcb" and no hint of the library that
is missing. Rather than a fixed list that drifts with Qt releases, ``ldd`` on the installed
PySide6's plugin names every shared library the dynamic loader cannot find. PySide6 is
located without importing it (this module stays Qt-free).

``python -m analysis.qt_display`` prints the Debian packages to install, one per line
(tools/check_system.sh uses it).
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.MULTILINE)


def xcb_plugin() -> Path | None:
    """The installed PySide6's xcb platform plugin (None off Linux or without PySide6)."""
    if not sys.platform.startswith("linux"):
        return None
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        plugin = Path(location) / "Qt" / "plugins" / "platforms" / "libqxcb.so"
        if plugin.is_file():
            return plugin
    return None


def missing_libraries(plugin: Path) -> list[str]:
    """The sonames ``ldd`` reports as "not found" for ``plugin`` (direct and indirect)."""
    if shutil.which("ldd") is None:
        return []
    result = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True, timeout=30)
    return sorted(set(_NOT_FOUND.findall(result.stdout)))


def debian_package(soname: str) -> str:
    """Debian's name for the package of a library: libxcb-icccm.so.4 -> libxcb-icccm4,
    libdbus-1.so.3 -> libdbus-1-3 (a hyphen when the name ends in a digit)."""
    match = re.match(r"^(.+?)\.so\.(\d+)", soname)
    if not match:
        return soname
    name, major = match.group(1).lower(), match.group(2)
    return f"{name}-{major}" if name[-1].isdigit() else f"{name}{major}"


def display_status() -> tuple[bool, str]:
    """(usable, message) for showing windows on X11."""
    plugin = xcb_plugin()
    if plugin is None:
        return True, "no X11 plugin to check on this system"
    missing = missing_libraries(plugin)
    if not missing:
        return True, "Qt's X11 plugin finds all its libraries"
    packages = " ".join(dict.fromkeys(debian_package(s) for s in missing))
    return False, (f"Qt's X11 plugin lacks {', '.join(missing)}; windows cannot open "
                   f"(Debian/Ubuntu: sudo apt-get install {packages})")


def main() -> int:
    plugin = xcb_plugin()
    for package in dict.fromkeys(map(debian_package, missing_libraries(plugin) if plugin else [])):
        print(package)
    return 0


if __name__ == "__main__":
    sys.exit(main())
