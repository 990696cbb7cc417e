"""The cue-contribution curves plot: mean per layer with its 95% interval as a band, one
colour per model, random-init baselines dashed, optional per-example points that can be
clicked. Shared by the curves dock and ``python main.py curves`` (PNG/SVG export)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal

from analysis.batch.curves import series, x_column, x_ticks
from analysis.figures import style


class CurvesPlot(pg.PlotWidget):
    """Draws ``analysis.batch.curves.series``; emits ``example_clicked(run, example_id,
    layer, value)`` when a per-example point is clicked."""

    example_clicked = Signal(str, str, int, float)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setMinimumSize(320, 220)
        self.showGrid(x=True, y=True, alpha=0.25)
        for side in ("left", "bottom"):
            self.getAxis(side).enableAutoSIPrefix(False)
        self.legend = self.addLegend(offset=(10, 10))
        self.drawn: list[dict] = []  # what is on screen (tests and exports read it)

    def show_curves(self, table: pd.DataFrame, *, component: str, method: str,
                    target_role: str = "target", x: str = "depth", runs=None,
                    results: pd.DataFrame | None = None) -> None:
        """Replace the plot; ``results`` (per-example rows) adds clickable points."""
        self.clear()
        self.legend.clear()
        x = x_column(target_role, x)
        self.drawn = series(table, component=component, method=method,
                            target_role=target_role, x=x, runs=runs)
        colours = style.model_colours(item["label"] for item in self.drawn)
        for item in self.drawn:
            colour = colours[item["label"].removesuffix(" (random init)")]
            dashed = item["weights"] != "trained"
            self._draw_band(item, colour)
            pen = pg.mkPen(colour, width=2.5,
                           style=Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine)
            self.plot(item["x"], item["mean"], pen=pen, symbol="o", symbolSize=6,
                      symbolBrush=colour, symbolPen=None,
                      name=f"{item['label']} (n={item['n']})")
            if results is not None:
                self._draw_examples(item, results, component, method, target_role, x, colour)
        plot = self.getPlotItem()
        plot.setLabel("bottom", style.curves_x_title(target_role, x))
        plot.setLabel("left", style.curves_y_title(target_role))
        plot.setTitle(style.curves_title(component, method, target_role))
        ticks = x_ticks(target_role)
        self.getAxis("bottom").setTicks([ticks] if ticks else None)
        if ticks:  # room for the first and last names
            self.setXRange(0.5, len(ticks) + 0.5, padding=0)
        elif x == "depth":
            self.setXRange(0, 1.02, padding=0.02)

    def _draw_band(self, item: dict, colour: str) -> None:
        low, high = item["low"], item["high"]
        if not np.isfinite(low).any():
            return
        low = np.where(np.isfinite(low), low, item["mean"])
        high = np.where(np.isfinite(high), high, item["mean"])
        lower = pg.PlotCurveItem(item["x"], low, pen=pg.mkPen(None))
        upper = pg.PlotCurveItem(item["x"], high, pen=pg.mkPen(None))
        fill = pg.mkColor(colour)
        fill.setAlpha(style.BAND_ALPHA.get(item["weights"], style.BAND_ALPHA["random-init"]))
        self.addItem(pg.FillBetweenItem(lower, upper, brush=fill))

    def _draw_examples(self, item, results, component, method, target_role, x, colour):
        rows = results[(results.run == item["run"]) & (results.component == component)
                       & (results.method == method) & (results.target_role == target_role)]
        if rows.empty:
            return
        faint = pg.mkColor(colour)
        faint.setAlpha(90)
        spots = [{"pos": (float(r[x]), float(r["value"])), "data": (item["run"], r["example_id"],
                  int(r["layer"]), float(r["value"]))} for _, r in rows.iterrows()]
        names = dict(x_ticks(target_role) or [])  # the contrast's points are quantities
        tip = (lambda x, y, data: _tip(x, y, data, names)) if names else _tip
        scatter = pg.ScatterPlotItem(spots=spots, size=7, brush=faint, pen=None, hoverable=True,
                                     hoverSize=11, tip=tip)
        scatter.sigClicked.connect(self._on_points_clicked)
        self.addItem(scatter)

    def _on_points_clicked(self, _item, points, _event=None) -> None:
        if len(points):
            run, example_id, layer, value = points[0].data()
            self.example_clicked.emit(run, example_id, layer, value)

    def export(self, path: str | Path) -> Path:
        """PNG (at least 1200 px wide) or SVG (vector) by extension, written atomically."""
        import tempfile

        import pyqtgraph.exporters as exporters

        from analysis.atomic import atomic_write_bytes

        path = Path(path)
        plot = self.getPlotItem()
        with tempfile.TemporaryDirectory() as folder:
            scratch = Path(folder) / f"plot{path.suffix.lower() or '.png'}"
            if scratch.suffix == ".svg":
                self._render_svg(scratch)
            else:
                exporter = exporters.ImageExporter(plot)
                width = max(1200, int(plot.sceneBoundingRect().width() * 2))
                exporter.parameters()["width"] = width
                exporter.export(str(scratch))
            atomic_write_bytes(path, scratch.read_bytes())  # never a half-written file
        return path

    def _render_svg(self, path: Path) -> None:
        """Qt's own SVG generator: pyqtgraph's SVG exporter fails on Qt 6 fill paths."""
        from PySide6.QtCore import QRectF, QSize
        from PySide6.QtGui import QPainter
        from PySide6.QtSvg import QSvgGenerator

        source = self.getPlotItem().sceneBoundingRect()
        generator = QSvgGenerator()
        generator.setFileName(str(path))
        generator.setSize(QSize(int(source.width()), int(source.height())))
        generator.setViewBox(QRectF(0, 0, source.width(), source.height()))
        generator.setTitle(self.getPlotItem().titleLabel.text)
        painter = QPainter(generator)
        try:
            self.scene().render(painter, QRectF(0, 0, source.width(), source.height()), source)
        finally:
            painter.end()


def _tip(x, y, data, names=None):
    run, example_id, layer, value = data
    where = names[layer] if names else f"layer {layer}"
    return f"{example_id}\n{run}, {where}: {value:.4f}\n(click to open)"
