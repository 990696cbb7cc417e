#!/bin/sh
# Install PyTorch into a virtual environment before anything that depends on it, so that a
# machine without an NVIDIA GPU gets the CPU build (~200 MB) instead of the CUDA build and
# its nvidia-* and triton wheels (~3 GB) that the default index serves on Linux.
#
#   sh tools/install_torch.sh PYTHON [PIP OPTIONS...]
#
# PYTHON is the environment's interpreter; extra options go to pip (e.g. --dry-run --report
# FILE to see what would be installed). Used by the Makefile and by .ci/run alike.
#
# Environment:
#   TORCH_SPEC        the requirement to install (default below: the version CI tests)
#   TORCH_CPU_INDEX   the CPU wheel index (default: the PyTorch project's)
#   TORCH_INDEX       "cpu" or "default" to skip the detection
set -eu

PYTHON=${1:?usage: install_torch.sh PYTHON [PIP OPTIONS...]}
shift
TORCH_SPEC=${TORCH_SPEC:-torch==2.13.0}
TORCH_CPU_INDEX=${TORCH_CPU_INDEX:-https://download.pytorch.org/whl/cpu}

has_nvidia_gpu() {
    [ -e /proc/driver/nvidia/version ] && return 0
    command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi -L >/dev/null 2>&1
}

# A quick probe, so that an unreachable index costs seconds rather than pip's retries.
index_reachable() {
    "$PYTHON" - "$1" <<'EOF'
import os, sys, urllib.parse, urllib.request
url = sys.argv[1].rstrip("/") + "/torch/"
try:
    if url.startswith("file:"):  # a local mirror
        if not os.path.isdir(urllib.parse.urlparse(url).path):
            raise OSError("no such folder")
    else:
        urllib.request.urlopen(url, timeout=5).close()
except Exception as err:
    print(f"  ({url}: {err})", file=sys.stderr)
    sys.exit(1)
EOF
}

choice=${TORCH_INDEX:-}
if [ -z "$choice" ]; then
    if [ "$(uname -s)" != "Linux" ] || has_nvidia_gpu; then
        choice=default  # macOS wheels are CPU/MPS builds; with a GPU, the CUDA build is wanted
    elif index_reachable "$TORCH_CPU_INDEX"; then
        choice=cpu
    else
        echo "install_torch: the CPU wheel index $TORCH_CPU_INDEX is unreachable;" \
             "installing $TORCH_SPEC from the default index" >&2
        choice=default
    fi
fi

if [ "$choice" = cpu ]; then
    echo "Installing $TORCH_SPEC (CPU build, no NVIDIA GPU found) from $TORCH_CPU_INDEX"
    exec "$PYTHON" -m pip install --timeout 30 --retries 1 --index-url "$TORCH_CPU_INDEX" \
        "$@" "$TORCH_SPEC"
fi
echo "Installing $TORCH_SPEC from the default index"
exec "$PYTHON" -m pip install "$@" "$TORCH_SPEC"
