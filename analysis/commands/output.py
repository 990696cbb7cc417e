"""What every sub-command prints besides its result: ``--quiet`` / ``--verbose`` (progress
bars, drawn by ``analysis.progress.ProgressBar``, on a terminal only), and the libraries' own chatter (transformers' and the hub's
warnings and "Loading weights" bars) only with ``--verbose``.

The libraries are quietened through their environment variables, set before any of them is
imported, so that neither ``--help`` nor ``convert`` pays for importing transformers.
"""

from __future__ import annotations

import logging
import os
import sys
import warnings

QUIET_ENVIRONMENT = {
    "TRANSFORMERS_VERBOSITY": "error",
    "TRANSFORMERS_NO_ADVISORY_WARNINGS": "1",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "TQDM_DISABLE": "1",  # the libraries' own bars (ours pass disable= explicitly)
}
# Python warnings raised inside these packages are theirs to fix, not the user's to read.
LIBRARY_PACKAGES = ("transformers", "huggingface_hub", "torch", "torchaudio", "datasets",
                    "ray", "pyarrow", "sklearn")


def add_output_options(parser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("-q", "--quiet", action="store_true",
                       help="print only the result and errors (no progress)")
    group.add_argument("-v", "--verbose", action="store_true",
                       help="also show the libraries' warnings, logs and loading bars")


def configure_output(args) -> None:
    """Quieten the libraries unless ``--verbose``; call before importing any of them."""
    if getattr(args, "verbose", False):
        logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")
        for name in QUIET_ENVIRONMENT:  # asked for: even if the environment says otherwise
            os.environ.pop(name, None)
        os.environ["TRANSFORMERS_VERBOSITY"] = "info"
        _set_imported_libraries(verbose=True)
        return
    for name, value in QUIET_ENVIRONMENT.items():
        os.environ.setdefault(name, value)
    for package in LIBRARY_PACKAGES:
        warnings.filterwarnings("ignore", module=rf"{package}(\.|$)")
    _set_imported_libraries(verbose=False)


def _set_imported_libraries(verbose: bool) -> None:
    """The environment variables only act on import: a library already imported (the
    commands run in-process, e.g. from a notebook) is told directly."""
    if "transformers" in sys.modules:
        from transformers.utils import logging as transformers_logging

        if verbose:
            transformers_logging.set_verbosity_info()
            transformers_logging.enable_progress_bar()
        else:
            transformers_logging.set_verbosity_error()
            transformers_logging.disable_progress_bar()
    if "huggingface_hub" in sys.modules:
        from huggingface_hub.utils import disable_progress_bars, enable_progress_bars

        (enable_progress_bars if verbose else disable_progress_bars)()

