"""MixScope's Qt-free core: audio, alignments, models, context-mixing scores, results.

Notebooks and scripts use the public API in one module: ``from analysis import api as mx``.
Importing this package (or the API) loads neither torch nor transformers.

Nothing in this package may import Qt (PySide6, pyqtgraph, superqt); tests/test_architecture.py
checks that in a fresh interpreter.
"""

__version__ = "0.1.0"
