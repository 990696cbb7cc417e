"""``doctor``: report what this installation can do (versions, sound, display, models)."""

from analysis.commands.base import Command


def add_arguments(parser):
    del parser  # no options


def run(args) -> int:
    from analysis.environment import describe_environment

    for name, value in describe_environment():
        print(f"{name:<14} {value}")
    return 0


COMMAND = Command(
    name="doctor",
    help="report library versions, sound and display support",
    add_arguments=add_arguments,
    handler="analysis.commands.doctor:run",
)
