"""The sub-command parser that ``main.py`` (GUI and headless CLI alike) uses.

Every user mistake ends as one line on stderr and exit code 2: argparse's usage errors, the
project's ``MixScopeError`` (with its file and line) and operating-system errors alike;
warnings about usable but suspicious input are one line each too."""

from __future__ import annotations

import argparse
import difflib
import sys
import warnings
from pathlib import Path

from analysis import __version__
from analysis.commands import COMMANDS, DEFAULT_COMMAND
from analysis.errors import MixScopeError, one_line

TOP_LEVEL_FLAGS = ("-h", "--help", "--version")


class OneLineParser(argparse.ArgumentParser):
    """argparse whose usage errors are one line (the usage is one ``--help`` away)."""

    def error(self, message):
        self.exit(2, f"{self.prog}: {one_line(message)} (see '{self.prog} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="mixscope",
        description="MixScope: which words did this speech model use to decide this one?",
        epilog=f"Without a sub-command, '{DEFAULT_COMMAND}' runs.",
    )
    parser.add_argument("--version", action="version", version=f"MixScope {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS.values():
        sub = subparsers.add_parser(command.name, help=command.help, description=command.help)
        command.add_arguments(sub)
    return parser


def parse_args(argv: list[str]) -> argparse.Namespace:
    """Parse ``argv``; a file (or nothing) as the first argument opens the app. A first
    argument that is neither a file nor a command ("scroe") is a usage error, so that a
    mistyped command is not opened as a missing audio file."""
    parser = build_parser()
    if argv and argv[0] not in COMMANDS and argv[0] not in TOP_LEVEL_FLAGS:
        _refuse_unknown_command(parser, argv[0])
    if not argv or (argv[0] not in COMMANDS and argv[0] not in TOP_LEVEL_FLAGS):
        argv = [DEFAULT_COMMAND, *argv]
    return parser.parse_args(argv)


def _refuse_unknown_command(parser: argparse.ArgumentParser, word: str) -> None:
    if word.startswith("-") or Path(word).exists():
        return
    close = difflib.get_close_matches(word, COMMANDS, n=1, cutoff=0.6)
    if close:
        parser.error(f"unknown command '{word}' (did you mean '{close[0]}'?)")
    if not Path(word).suffix and "/" not in word and "\\" not in word:
        parser.error(f"'{word}' is neither a command ({', '.join(COMMANDS)}) nor a file")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    prefix = f"mixscope {args.command}:"
    handler = COMMANDS[args.command].resolve_handler()
    try:
        with warnings.catch_warnings():
            warnings.showwarning = _one_line_warning(prefix)
            return int(handler(args) or 0)
    except MixScopeError as err:
        print(f"{prefix} {one_line(str(err))}", file=sys.stderr)
        return 2
    except OSError as err:  # the disk or the system refused: still the file and one line
        print(f"{prefix} {one_line(_os_message(err))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{prefix} interrupted", file=sys.stderr)
        return 130


def _one_line_warning(prefix: str):
    def show(message, category, filename, lineno, file=None, line=None):
        print(f"{prefix} warning: {one_line(str(message))}", file=sys.stderr)

    return show


def _os_message(err: OSError) -> str:
    reason = err.strerror or str(err) or type(err).__name__
    return f"{err.filename}: {reason}" if err.filename else reason
