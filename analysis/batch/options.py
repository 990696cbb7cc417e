"""Validation of every batch option, done when the options are made: a typo must stop the
run before it writes each example as a failure (and then refuses the corrected run as
"other options")."""

from __future__ import annotations

import re

from analysis.errors import MixScopeError
from analysis.methods import COMPONENTS, REGISTRY
from analysis.models.spans import SPAN_POLICIES

WEIGHTS = ("trained", "random-init")
DECODER_TOKENS = ("model", "transcription", "trained")
TASKS = ("transcribe", "translate")
DEVICE = re.compile(r"auto|cpu|mps|cuda(:\d+)?")


def check_options(options) -> None:
    """Raise MixScopeError naming the first bad option of a ``BatchOptions``."""
    _one_of("--weights", options.weights, WEIGHTS)
    _one_of("--decoder-tokens", options.decoder_tokens, DECODER_TOKENS)
    if not options.methods:
        raise MixScopeError(f"--methods is empty; choose from {', '.join(REGISTRY)}")
    for method in options.methods:
        _one_of("--methods", method, list(REGISTRY))
    if options.components is not None:
        if not options.components:
            raise MixScopeError(f"--components is empty; choose from {', '.join(COMPONENTS)}")
        for component in options.components:
            _one_of("--components", component, list(COMPONENTS))
    _one_of("--spans", options.spans, SPAN_POLICIES)
    _one_of("--task", options.task, TASKS)
    if options.language:
        from analysis.models.language import language_code

        language_code(options.language)
    if not DEVICE.fullmatch(str(options.device)):
        raise MixScopeError(f"unknown --device {options.device!r}; choose auto, cpu, cuda, "
                            "cuda:N or mps")
    _at_least("--threads", options.threads, 1)
    _at_least("--limit", options.limit, 1)
    _at_least("--seed", options.seed, 0)


def _one_of(option: str, value, allowed) -> None:
    if value not in allowed:
        raise MixScopeError(f"unknown {option} value {value!r}; choose from "
                            f"{', '.join(allowed)}")


def _at_least(option: str, value, minimum: int) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)
                              or value < minimum):
        raise MixScopeError(f"{option} must be a whole number of at least {minimum}, "
                            f"not {value!r}")
