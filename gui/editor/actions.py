"""The editor's menu actions and Praat's keyboard habits.

Editing keys (Enter, Alt+Backspace, Tab, Escape, Alt+arrows) only act while the editor
has the keyboard focus, so text fields in other docks keep them; zoom and undo are
window-wide."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

EDITOR_ONLY = Qt.ShortcutContext.WidgetWithChildrenShortcut


def _action(window, text, shortcut, slot, context=None, checkable=False) -> QAction:
    action = QAction(text, window)
    if shortcut:
        shortcuts = shortcut if isinstance(shortcut, list) else [shortcut]
        action.setShortcuts([QKeySequence(s) for s in shortcuts])
    if context is not None:
        action.setShortcutContext(context)
    action.setCheckable(checkable)
    action.triggered.connect(slot)
    return action


def install_actions(services, editor) -> dict[str, QAction]:
    window = services.shell
    edits = editor.edits
    view = editor.view
    actions: dict[str, QAction] = {}

    edit_menu = window.menu("&Edit")
    undo = services.undo_stack.createUndoAction(window, "&Undo")
    undo.setShortcut(QKeySequence.StandardKey.Undo)
    redo = services.undo_stack.createRedoAction(window, "&Redo")
    redo.setShortcuts([QKeySequence.StandardKey.Redo, QKeySequence("Ctrl+Y")])
    edit_menu.addAction(undo)
    edit_menu.addAction(redo)
    edit_menu.addSeparator()
    actions.update(undo=undo, redo=redo)

    editing = [
        ("add_boundary", "Add &Boundary at Cursor", ["Return", "Enter"], edits.add_boundary),
        ("remove_boundary", "&Remove Boundary", "Alt+Backspace", edits.remove_boundary),
        ("zero_crossing", "Move Boundary to Nearest &Zero Crossing", "Ctrl+0",
         edits.move_to_zero_crossing),
        ("edit_label", "Edit &Label", "F2", lambda: edits.start_label_edit()),
        ("next_interval", "&Next Interval", "Alt+Right", lambda: edits.step_interval(1)),
        ("previous_interval", "&Previous Interval", "Alt+Left",
         lambda: edits.step_interval(-1)),
    ]
    for name, text, keys, slot in editing:
        action = _action(window, text, keys, slot, EDITOR_ONLY)
        editor.addAction(action)
        edit_menu.addAction(action)
        actions[name] = action

    view_menu = window.menu("&View")
    zooms = [
        ("zoom_in", "Zoom &In", "Ctrl+I", view.zoom_in),
        ("zoom_out", "Zoom &Out", "Ctrl+O", view.zoom_out),
        ("zoom_selection", "Zoom to &Selection", "Ctrl+N", view.zoom_to_selection),
        ("zoom_all", "Show &All", "Ctrl+A", view.zoom_all),
        ("scroll_left", "Scroll Left", "PgUp", lambda: view.scroll(-0.8)),
        ("scroll_right", "Scroll Right", "PgDown", lambda: view.scroll(0.8)),
    ]
    for name, text, keys, slot in zooms:
        action = _action(window, text, keys, slot, EDITOR_ONLY)
        editor.addAction(action)
        view_menu.addAction(action)
        actions[name] = action

    play_menu = window.menu("&View").addMenu("&Play")
    plays = [
        ("play", "&Play Selection or Window", "Tab", editor.play_selection_or_window),
        ("stop", "&Stop", "Escape", editor.stop),
    ]
    for name, text, keys, slot in plays:
        action = _action(window, text, keys, slot, EDITOR_ONLY)
        editor.addAction(action)
        play_menu.addAction(action)
        actions[name] = action
    return actions
