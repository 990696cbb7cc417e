"""Sub-commands of ``python main.py``, shared by the GUI entry and the headless CLI.

Each command module defines ``COMMAND``: its name, help, argument definitions and a handler
named as ``"module:function"`` that is imported only when the command runs, so that
``--help`` stays fast and importing this package never loads torch or Qt.
The registry is this explicit tuple: add a module here to add a command.
"""

from analysis.commands import convert, doctor, open_files, score
from analysis.commands.base import Command

COMMANDS: dict[str, Command] = {c.name: c for c in (open_files.COMMAND, doctor.COMMAND,
                                              convert.COMMAND, score.COMMAND)}

DEFAULT_COMMAND = open_files.COMMAND.name
