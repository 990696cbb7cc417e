"""A quiet, conventional command line: --quiet/--verbose on every command, one list syntax
for --methods/--components, and the libraries' warnings and bars only with --verbose."""

import os
import subprocess
import sys

import pytest

from analysis.cli import build_parser, parse_args
from analysis.commands import COMMANDS
from analysis.commands.model_options import chosen_components, chosen_methods
from analysis.commands.output import QUIET_ENVIRONMENT
from analysis.errors import MixScopeError
from tests.test_architecture import ROOT
from tests.test_score_command import utterance  # noqa: F401 - the fixture


def _subparser(name):
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return action.choices[name]


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_takes_quiet_and_verbose(name):
    options = {s for a in _subparser(name)._actions for s in a.option_strings}
    assert {"--quiet", "-q", "--verbose", "-v"} <= options


@pytest.mark.parametrize("methods", [["attention,value-zeroing"], ["attention", "value_zeroing"]])
def test_score_and_batch_read_method_and_component_lists_alike(methods):
    common = ["--model", "m", "--methods", *methods, "--components", "encoder,cross"]
    score = parse_args(["score", *common, "--audio", "a", "--alignment", "b", "--out", "c"])
    batch = parse_args(["batch", *common, "--corpus", "x", "--out", "y"])
    for args in (score, batch):
        assert chosen_methods(args) == ("attention", "value_zeroing")
        assert chosen_components(args) == ("encoder", "cross")
    with pytest.raises(MixScopeError, match="unknown method 'rollout'"):
        chosen_methods(parse_args(["batch", "--model", "m", "--corpus", "x", "--out", "y",
                                   "--methods", "rollout"]))


def _score(tiny_whisper_dir, utterance, tmp_path, *flags):  # noqa: F811
    audio, grid = utterance
    command = [sys.executable, "main.py", "score", "--model", str(tiny_whisper_dir), "--audio",
               str(audio), "--alignment", str(grid), "--out", str(tmp_path / "s.npz"),
               "--device", "cpu", "--methods", "attention", "--components", "encoder", *flags]
    env = {k: v for k, v in os.environ.items() if k not in QUIET_ENVIRONMENT}
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)


def test_library_warnings_and_loading_bars_show_only_with_verbose(
        tiny_whisper_dir, utterance, tmp_path):  # noqa: F811
    quiet = _score(tiny_whisper_dir, utterance, tmp_path)
    assert quiet.returncode == 0, quiet.stderr
    assert quiet.stderr == ""  # no bar off a terminal, no library chatter
    assert "scores" in quiet.stdout
    verbose = _score(tiny_whisper_dir, utterance, tmp_path, "--verbose")
    assert verbose.returncode == 0, verbose.stderr
    assert "Loading weights" in verbose.stderr
