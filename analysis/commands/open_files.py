"""``open``: start the desktop app, optionally with an audio file and its alignment."""

from analysis.commands.base import Command


def add_arguments(parser):
    parser.add_argument("audio", nargs="?", help="audio file to open (WAV, FLAC, OGG, MP3)")
    parser.add_argument("alignment", nargs="?",
                        help="its alignment (.TextGrid, dataset .json or Audacity .txt); "
                             "default: a .TextGrid or .json beside the audio")


COMMAND = Command(
    name="open",
    help="open the desktop app (the default when no sub-command is given)",
    add_arguments=add_arguments,
    handler="gui.app:run",
)
