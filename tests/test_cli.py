import subprocess
import sys
from pathlib import Path

import pytest

from analysis import __version__
from analysis.cli import main, parse_args
from analysis.commands import COMMANDS
from analysis.errors import MixScopeError

ROOT = Path(__file__).resolve().parents[1]


def run_main(*args):
    return subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


def test_help_lists_every_sub_command():
    result = run_main("--help")
    assert result.returncode == 0
    for name in COMMANDS:
        assert name in result.stdout


def test_version_flag_prints_the_version():
    result = run_main("--version")
    assert result.returncode == 0
    assert __version__ in result.stdout


def test_no_arguments_means_open_the_app():
    assert parse_args([]).command == "open"


def test_doctor_reports_versions_and_sound():
    result = run_main("doctor")
    assert result.returncode == 0, result.stderr
    assert "transformers" in result.stdout and "sound" in result.stdout


def test_unknown_option_is_a_usage_error():
    result = run_main("doctor", "--no-such-option")
    assert result.returncode == 2
    assert "unrecognized arguments" in result.stderr


def test_user_errors_become_one_line_and_exit_code_2(monkeypatch, capsys):
    def failing(args):
        raise MixScopeError("file 'x.wav' is not audio")

    command = COMMANDS["doctor"]
    monkeypatch.setattr(type(command), "resolve_handler", lambda self: failing)
    assert main(["doctor"]) == 2
    err = capsys.readouterr().err
    assert err.strip() == "mixscope doctor: file 'x.wav' is not audio"


@pytest.mark.parametrize("argv", [["--help"], ["doctor", "--help"]])
def test_help_exits_cleanly(argv):
    with pytest.raises(SystemExit) as info:
        parse_args(argv)
    assert info.value.code == 0
