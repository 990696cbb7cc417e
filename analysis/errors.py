"""The project's own error type: a user mistake or bad input, with one clear sentence."""


class MixScopeError(Exception):
    """Bad input or an unsupported request; ``str(err)`` is the message shown to the user.

    The CLI prints it as one line on stderr and exits with code 2; the GUI shows it in a dialog.
    Code that raises it names the file, word or value at fault in the message.
    """
