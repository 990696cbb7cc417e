"""The sub-command parser that ``main.py`` (GUI and headless CLI alike) uses."""

from __future__ import annotations

import argparse
import sys

from analysis import __version__
from analysis.commands import COMMANDS, DEFAULT_COMMAND
from analysis.commands.output import add_output_options, configure_output
from analysis.errors import MixScopeError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mixscope",
        description="MixScope: which words did this speech model use to decide this one?",
        epilog=f"Without a sub-command, '{DEFAULT_COMMAND}' runs.",
    )
    parser.add_argument("--version", action="version", version=f"MixScope {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS.values():
        sub = subparsers.add_parser(command.name, help=command.help, description=command.help)
        command.add_arguments(sub)
        add_output_options(sub)
    return parser


def parse_args(argv: list[str]) -> argparse.Namespace:
    """Parse ``argv``; anything that is not a sub-command or a top-level flag opens the app."""
    if not argv or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help", "--version")):
        argv = [DEFAULT_COMMAND, *argv]
    return build_parser().parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    configure_output(args)
    handler = COMMANDS[args.command].resolve_handler()
    try:
        return int(handler(args) or 0)
    except MixScopeError as err:
        print(f"mixscope {args.command}: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"mixscope {args.command}: interrupted", file=sys.stderr)
        return 130
