"""Fill a pyqtgraph GraphicsLayout with a component's heatmaps: one layer with the methods
side by side, or every layer as small multiples; colour bar(s) on the right.

Used by the panel on screen and by export (which lays out an off-screen copy), so a file
always looks like the panel: titles, axis labels and colour bar included."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyqtgraph as pg

from analysis.figures.heatmap_data import AXIS_TITLES, PanelData, method_title
from analysis.figures.style import COLORMAP, grid_shape, value_title
from gui.heatmaps.matrix_plot import MatrixPlot


def colormap() -> pg.ColorMap:
    return pg.colormap.get(COLORMAP)


@dataclass
class Marks:
    """Row and column labels and the cue/target marks for one component."""

    rows: list[str]
    cols: list[str]
    row_marks: dict[int, str] = field(default_factory=dict)
    col_marks: dict[int, str] = field(default_factory=dict)


def _title(text: str, size: str = "11pt", bold: bool = True) -> pg.LabelItem:
    return pg.LabelItem(text, size=size, bold=bold)


def _bar(levels, label: str, images, method: str | None = None) -> pg.ColorBarItem:
    bar = pg.ColorBarItem(values=levels, colorMap=colormap(), interactive=False, label=label,
                          width=14)
    bar.setImageItem(images)
    bar.setMinimumWidth(80)  # never squeezed out by the heatmaps in a narrow dock
    bar.method = method  # None: shared by every method
    return bar


def plot_title(method: str, layer: int, in_grid: bool) -> str:
    return f"Layer {layer + 1}" if in_grid else f"<b>{method_title(method)}</b><br>layer {layer + 1}"


def structure(data: PanelData, layer: int | None) -> tuple:
    """What decides the layout's items; equal structures can be updated in place."""
    return (data.component, data.methods, data.is_raw,
            "grid" if layer is None else "single", data.layers if layer is None else 1)


def update(layout: pg.GraphicsLayout, plots: list[MatrixPlot], data: PanelData, marks: Marks,
           layer: int | None) -> None:
    """Show new numbers in a layout ``build`` made with the same ``structure``: much
    cheaper than building it again (no new plot items), so re-scoring or browsing layers
    never stalls the window."""
    per_method = data.is_raw and len(data.methods) > 1
    for plot in plots:
        if layer is not None:
            plot.layer = layer
        plot.setTitle(plot_title(plot.method, plot.layer, layer is None), size="10pt")
        plot.set_labels(marks.rows, marks.cols, marks.row_marks, marks.col_marks)
        plot.set_matrix(data.shown[plot.method][plot.layer],
                        data.levels(plot.method if per_method else None),
                        data.noise[plot.method][plot.layer])
    for item in list(layout.items):
        if isinstance(item, pg.ColorBarItem):
            item.setLevels(data.levels(item.method if per_method else None))


def build(layout: pg.GraphicsLayout, data: PanelData, marks: Marks,
          layer: int | None) -> list[MatrixPlot]:
    """Lay out ``data`` into the (cleared) ``layout``: ``layer`` alone (0-based) with the
    methods side by side, or every layer when ``layer`` is None. Returns the plots, each
    with ``.method`` and ``.layer`` set."""
    layout.clear()
    if not data.methods:
        return []
    row_title, col_title = AXIS_TITLES.get(data.component, ("row", "column"))
    value_kind = value_title(data.is_raw)
    plots: list[MatrixPlot] = []
    per_method_bars = data.is_raw and len(data.methods) > 1  # raw units differ by method
    for k, method in enumerate(data.methods):
        block = layout.addLayout(row=0, col=2 * k if per_method_bars else k)
        if layer is None:  # small multiples: the method once above its grid
            block.addItem(_title(method_title(method), size="12pt"), row=0, col=0,
                          colspan=grid_shape(data.layers)[1])
        layers = [layer] if layer is not None else list(range(data.layers))
        nrows, ncols = (1, 1) if layer is not None else grid_shape(len(layers))
        levels = data.levels(method if per_method_bars else None)
        for n, current in enumerate(layers):
            grid_row, grid_col = divmod(n, ncols)
            plot = MatrixPlot(colormap())
            plot.method, plot.layer = method, current
            outer_left = grid_col == 0 and k == 0 or per_method_bars and grid_col == 0
            outer_bottom = grid_row == nrows - 1 or n + ncols >= len(layers)
            # every small multiple keeps its labels (equal cell sizes); titles go outside
            plot.showAxis("left", outer_left or layer is None)
            plot.set_labels(marks.rows, marks.cols, marks.row_marks, marks.col_marks)
            if outer_left:
                plot.setLabel("left", row_title)
            if outer_bottom:
                plot.setLabel("bottom", col_title)
            plot.setTitle(plot_title(method, current, layer is None), size="10pt")
            plot.set_matrix(data.shown[method][current], levels, data.noise[method][current])
            block.addItem(plot, row=1 + grid_row, col=grid_col)
            plots.append(plot)
        if per_method_bars:
            layout.addItem(_bar(levels, f"{value_kind} ({method_title(method)})",
                                [p.image for p in plots if p.method == method], method), row=0,
                           col=2 * k + 1)
    if not per_method_bars:
        layout.addItem(_bar(data.levels(), value_kind, [p.image for p in plots]), row=0,
                       col=len(data.methods))
    return plots

