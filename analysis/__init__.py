"""MixScope's Qt-free core: audio, alignments, models, context-mixing scores, results.

Nothing in this package may import Qt (PySide6, pyqtgraph, superqt); tests/test_architecture.py
checks that in a fresh interpreter.
"""

__version__ = "0.1.0"
