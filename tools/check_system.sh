#!/bin/sh
# Detects the system libraries pip cannot install: PortAudio (recording and playback),
# Qt's X11/xcb libraries (a display), espeak-ng (example and test audio), Xvfb (screenshots).
# As root on Debian/Ubuntu (CI) it installs what is missing; otherwise it prints the exact
# command to run and carries on (the app starts without them, with the feature disabled).
set -u

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
    have_lib libEGL.so.1 || missing_deb="$missing_deb libegl1"
    have_lib libGL.so.1 || missing_deb="$missing_deb libgl1"
    have_lib libxkbcommon.so.0 || missing_deb="$missing_deb libxkbcommon0"
    have_lib libfontconfig.so.1 || missing_deb="$missing_deb libfontconfig1"
    have_lib libdbus-1.so.3 || missing_deb="$missing_deb libdbus-1-3"
    have_lib libxcb-cursor.so.0 || missing_deb="$missing_deb libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-image0 libxcb-render-util0 libxcb-xinerama0"
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
