"""The editor's time read-out: cursor, selection start/end/duration, and a boundary's time
while it is dragged."""

import pytest

from gui.editor.readout import TimeReadout
from tests.support.editing import drag, position
from tests.test_editor import utterance, window  # noqa: F401 - fixtures


def _readout(window):  # noqa: F811
    return window.statusBar().findChild(TimeReadout)


def test_cursor_and_selection_are_read_out(window):  # noqa: F811
    readout = _readout(window)
    window.features.editor.widget.view.set_cursor(0.25)
    assert readout.text() == "cursor 0.250 s"
    window.features.editor.widget.select_time_range(0.5, 1.0)
    assert readout.text() == "selection 0.500 – 1.000 s  (0.500 s)"


def test_a_dragged_boundary_shows_its_time_while_it_moves(window):  # noqa: F811
    editor = window.features.editor.widget
    readout = _readout(window)
    width = window.width()
    tier_plot = editor.tiers[0].plot
    shown = []  # (time, read-out) at each step of the drag
    editor.boundary_dragging.connect(lambda time: shown.append((time, readout.text())))
    drag(editor, position(editor, tier_plot, 1.0, 0.5), position(editor, tier_plot, 1.1, 0.5))
    assert shown  # every step of the drag that moved the line was read out
    assert all(text == f"boundary {time:.3f} s" for time, text in shown)
    assert shown[-1][0] == pytest.approx(1.1, abs=0.01)
    assert window.width() == width


def test_review_point_labels_never_overlap(window, qtbot):  # noqa: F811
    from analysis.alignment.model import Point, PointTier, TextGrid
    from gui.state.document import Document

    grid = window.services.documents.document.grid
    marks = PointTier("review", tuple(Point(0.5 + 0.01 * k, f"review {k}") for k in range(6)),
                      grid.xmin, grid.xmax)
    audio = window.services.documents.document.audio
    window.services.documents.set_document(
        Document(audio, TextGrid(grid.xmin, grid.xmax, (*grid.tiers, marks))))
    qtbot.wait(20)
    view = window.features.editor.widget.tiers[-1]
    shown = view.point_labels
    assert shown and len(shown) < 6  # 10 ms apart at a 2 s view: they cannot all fit
    texts = [item for item in view._items if hasattr(item, "textItem")]
    rects = [t.sceneBoundingRect() for t in texts if t.isVisible()]
    assert all(not a.intersects(b) for k, a in enumerate(rects) for b in rects[k + 1:])
    window.features.editor.widget.view.set_visible(0.49, 0.57)  # zoomed in, every mark has room
    qtbot.wait(20)
    assert window.features.editor.widget.tiers[-1].point_labels == list(range(6))
