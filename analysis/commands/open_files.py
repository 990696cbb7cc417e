"""``open``: start the desktop app, optionally with an audio file and its alignment."""

from analysis.commands.base import Command


def add_arguments(parser):
    from analysis.file_formats import (
        ALIGNMENT_FORMATS,
        AUDIO_FORMATS,
        alternatives,
        companion_formats,
        describe,
        titles,
    )

    parser.add_argument("audio", nargs="?", help=f"audio file to open ({titles(AUDIO_FORMATS)})")
    beside = alternatives(companion_formats())
    parser.add_argument("alignment", nargs="?",
                        help=f"its alignment ({describe(ALIGNMENT_FORMATS)}); "
                             f"default: a {beside} file of the same name beside the audio")


COMMAND = Command(
    name="open",
    help="open the desktop app (the default when no sub-command is given)",
    add_arguments=add_arguments,
    handler="gui.app:run",
)
