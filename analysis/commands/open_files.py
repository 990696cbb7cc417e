"""``open``: start the desktop app, optionally with an audio file and its alignment."""

from analysis.commands.base import Command


def add_arguments(parser):
    del parser  # the editor adds the files to open


COMMAND = Command(
    name="open",
    help="open the desktop app (the default when no sub-command is given)",
    add_arguments=add_arguments,
    handler="gui.app:run",
)
