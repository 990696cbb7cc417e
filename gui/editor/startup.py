"""What the app does when it starts: offer to recover autosaved work, open the files named
on the command line, or, on the very first launch, an example (so a new user sees a
working document at once)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from analysis.errors import MixScopeError
from gui import settings
from gui.editor import autosave
from gui.editor.examples import list_examples


def start(editor, args=None, ask=None) -> None:
    """Start the installed ``editor`` (gui.editor.feature.EditorFeature) off. ``ask(text) ->
    bool`` asks a yes/no question (a dialog unless a test passes one)."""
    window = editor.services.shell
    ask = ask or (lambda text: QMessageBox.question(window, "Recover unsaved work", text)
                  == QMessageBox.StandardButton.Yes)
    if offer_recovery(editor, ask):
        return
    audio = getattr(args, "audio", None)
    alignment = getattr(args, "alignment", None)
    if audio:
        editor.files.open_paths(Path(audio), Path(alignment) if alignment else None)
        return
    if not settings.EXAMPLE_SHOWN.get():
        examples = list_examples()
        if examples and editor.files.open_example(examples[0]):
            settings.EXAMPLE_SHOWN.set(True)


def offer_recovery(editor, ask) -> bool:
    """Ask about each autosave left by a crash; True when one was recovered. A declined one
    is removed; a recovered one stays until its work is saved or discarded."""
    for manifest in autosave.pending_recoveries():
        try:
            text = (f"MixScope did not close normally. Recover the unsaved changes to "
                    f"{autosave.describe(manifest)}?")
        except MixScopeError as err:  # left in place: the dialog names it
            editor.files.show_error("Cannot recover", err)
            continue
        if not ask(text):
            autosave.forget(manifest)
            continue
        try:
            document = autosave.recover(manifest)
        except (MixScopeError, OSError) as err:
            editor.files.show_error("Cannot recover", err)
            continue
        if editor.services.documents.set_document(document):
            editor.autosaver.adopt(manifest)
            return True
    return False
