"""Edit > Tiers: add an interval or point tier, rename or remove the active tier. Each is
one undo step."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QMessageBox

from gui.undo_commands import GridEdit


def install_tier_menu(services, editor) -> None:
    menu = services.shell.menu("&Edit").addMenu("&Tiers")
    menu.addAction("Add &Interval Tier…", lambda: add_tier(services, editor, points=False))
    menu.addAction("Add &Point Tier…", lambda: add_tier(services, editor, points=True))
    menu.addAction("&Rename Active Tier…", lambda: rename_tier(services, editor))
    menu.addAction("Re&move Active Tier", lambda: remove_tier(services, editor))


def _unique(grid, name: str) -> str:
    base, n = name, 2
    while name in grid.tier_names:
        name, n = f"{base} {n}", n + 1
    return name


def add_tier(services, editor, points: bool, name: str | None = None) -> bool:
    from analysis.alignment.model import Interval, IntervalTier, PointTier

    document = services.documents.document
    if document is None:
        return False
    if name is None:
        name, ok = QInputDialog.getText(services.shell, "Add tier", "Name of the new tier:",
                                        text=_unique(document.grid,
                                                     "points" if points else "tier"))
        if not ok or not name.strip():
            return False
    grid = document.grid
    if points:
        tier = PointTier(name.strip(), (), grid.xmin, grid.xmax)
    else:
        tier = IntervalTier(name.strip(), (Interval(grid.xmin, grid.xmax, ""),),
                            grid.xmin, grid.xmax)
    index = min(editor.view.active_tier + 1, len(grid.tiers))
    services.undo_stack.push(GridEdit(document, grid.add_tier(tier, index),
                                    f"Add tier {tier.name!r}"))
    editor.view.set_active_tier(index)
    return True


def rename_tier(services, editor, name: str | None = None) -> bool:
    document = services.documents.document
    if document is None or not document.grid.tiers:
        return False
    index = editor.view.active_tier
    old = document.grid.tiers[index].name
    if name is None:
        name, ok = QInputDialog.getText(services.shell, "Rename tier", "New name:", text=old)
        if not ok or not name.strip() or name == old:
            return False
    services.undo_stack.push(GridEdit(document, document.grid.rename_tier(index, name.strip()),
                                    f"Rename tier {old!r}"))
    return True


def remove_tier(services, editor, confirm: bool = True) -> bool:
    document = services.documents.document
    if document is None or len(document.grid.tiers) < 2:
        if document is not None:
            services.status.show("the last tier cannot be removed", 4000)
        return False
    index = editor.view.active_tier
    name = document.grid.tiers[index].name
    if confirm and QMessageBox.question(services.shell, "Remove tier", f"Remove tier {name!r}?"
                                        ) != QMessageBox.StandardButton.Yes:
        return False
    editor.view.set_active_tier(0)
    services.undo_stack.push(GridEdit(document, document.grid.remove_tier(index),
                                    f"Remove tier {name!r}"))
    return True
