"""Qt-free GUI state: the open document and the view state that every view subscribes to.

Nothing here imports Qt (tests/test_architecture.py checks it), so the models are testable
without a display and could serve another front end."""
