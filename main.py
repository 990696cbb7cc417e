"""MixScope entry point: ``python main.py [AUDIO [ALIGNMENT]]`` opens the app;
``python main.py COMMAND ...`` runs a headless sub-command (``--help`` lists them)."""

import sys

from analysis.cli import main

if __name__ == "__main__":
    sys.exit(main())
