"""What every sub-command prints besides its result: ``--quiet`` / ``--verbose``, progress
bars on a terminal only, and the libraries' own chatter (transformers' and the hub's
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


class Progress:
    """A tqdm bar on a terminal; elsewhere (a log file, a pipe) one line per finished item
    when ``lines`` is set, else nothing. Called as ``progress(done, total, phrase)``."""

    def __init__(self, args, unit: str, lines: bool = False, stream=None):
        self.stream = stream or sys.stderr
        self.quiet = getattr(args, "quiet", False)
        self.terminal = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.lines, self.unit = lines, unit
        self.bar = None
        self.done = 0

    def __call__(self, done: int, total: int, phrase: str) -> None:
        if self.quiet:
            return
        if self.terminal:
            self._draw(done, total, phrase)
        elif self.lines and done > self.done:
            print(f"[{done:>{len(str(total))}}/{total}] {phrase}", file=self.stream, flush=True)
        self.done = done

    def note(self, text: str) -> None:
        """A line that must stay visible (a problem), printed above the bar."""
        if self.quiet:
            return
        if self.bar is not None:
            self.bar.write(text, file=self.stream)
        else:
            print(text, file=self.stream, flush=True)

    def _draw(self, done: int, total: int, phrase: str) -> None:
        from tqdm import tqdm

        if self.bar is None or self.bar.total != total:
            self.close()
            self.bar = tqdm(total=total, unit=self.unit, file=self.stream, leave=False,
                            dynamic_ncols=True, disable=False)
        self.bar.set_postfix_str(phrase[:60], refresh=False)
        self.bar.update(done - self.bar.n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
