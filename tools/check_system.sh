#!/bin/sh
# Detects the system libraries pip cannot install: PortAudio (recording and playback),
# Qt's X11/xcb libraries (a display), espeak-ng (example and test audio), Xvfb (screenshots).
# As root on Debian/Ubuntu (CI) it installs what is missing; otherwise it prints the exact
# command to run and carries on (the app starts without them, with the feature disabled).
#
#   sh tools/check_system.sh [PYTHON]
#
# Given the environment's PYTHON (the Makefile passes .venv's, once PySide6 is installed),
# it also asks Qt's X11 platform plugin which libraries it cannot load (ldd, through
# analysis/qt_display.py), so nothing Qt needs is left to a fixed list.
set -u
PYTHON=${1:-}

missing_deb=""
missing_brew=""

have_lib() {
    # $1: a library soname prefix, e.g. libportaudio.so.2
    if command -v ldconfig >/dev/null 2>&1; then
        ldconfig -p 2>/dev/null | grep -q "$1"
    else
        return 1
    fi
}

case "$(uname -s)" in
Linux)
    have_lib libportaudio.so.2 || missing_deb="$missing_deb libportaudio2"
    if [ -n "$PYTHON" ] && [ -x "$PYTHON" ]; then
        for package in $("$PYTHON" -m analysis.qt_display); do
            missing_deb="$missing_deb $package"
        done
    fi
    have_lib libsndfile.so.1 || missing_deb="$missing_deb libsndfile1"
    command -v espeak-ng >/dev/null 2>&1 || missing_deb="$missing_deb espeak-ng"
    command -v Xvfb >/dev/null 2>&1 || missing_deb="$missing_deb xvfb"
    if [ -n "$missing_deb" ]; then
        if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
            echo "Installing system libraries:$missing_deb"
            export DEBIAN_FRONTEND=noninteractive
            apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing_deb >/dev/null \
                || echo "warning: apt-get could not install:$missing_deb" >&2
        else
            echo "MixScope: some system libraries are missing. Install them with:" >&2
            echo "    sudo apt-get install$missing_deb" >&2
        fi
    fi
    ;;
Darwin)
    if command -v brew >/dev/null 2>&1; then
        brew list portaudio >/dev/null 2>&1 || missing_brew="$missing_brew portaudio"
        command -v espeak-ng >/dev/null 2>&1 || missing_brew="$missing_brew espeak-ng"
        [ -n "$missing_brew" ] && { echo "MixScope: install the missing libraries with:" >&2; echo "    brew install$missing_brew" >&2; }
    fi
    ;;
esac
exit 0
