"""The heatmap panel of one component (encoder, decoder or cross): layer slider and keys,
all-layers grid, raw/normalised toggle, hover read-out, cue/target marks, click to listen,
and export of what is shown."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from superqt import QLabeledSlider

from analysis.errors import MixScopeError
from analysis.figures.heatmap_data import (
    COMPONENT_TITLES,
    PanelData,
    cell_words,
    highlights,
    method_title,
    panel_data,
    short_labels,
)
from analysis.methods import DEFAULT_METHODS
from gui import file_dialogs
from gui.heatmaps import export, layouts
from gui.heatmaps.matrix_plot import MatrixPlot
from gui.heatmaps.method_menu import MethodMenuButton

LAYER_KEYS = {
    Qt.Key.Key_Left: -1, Qt.Key.Key_Down: -1, Qt.Key.Key_PageDown: -1,
    Qt.Key.Key_Right: 1, Qt.Key.Key_Up: 1, Qt.Key.Key_PageUp: 1,
}


class HeatmapPanel(QWidget):
    """Shows ``scoreset``'s matrices for ``component``.

    ``cell_clicked(row_word, col_word)`` gives the word indices of a clicked cell (-1 for a
    row or column that is no word, e.g. a special token)."""

    cell_clicked = Signal(int, int)
    hover_changed = Signal(str)
    layer_changed = Signal(int)  # the shown layer, 0-based, whoever changed it
    cell_chosen = Signal(str, int, int)  # (component, row, col) of a clicked cell

    def __init__(self, component: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.component = component
        self.setObjectName(f"heatmap-{component}")
        self._scores = None
        self._data: PanelData | None = None
        self._cue: int | None = None
        self._target: int | None = None
        self._plots: list[MatrixPlot] = []
        self._structure: tuple | None = None
        self._pointer = None  # the last scene position of the pointer over the heatmaps

        self.layer_slider = QLabeledSlider(Qt.Orientation.Horizontal)
        self.layer_slider.setRange(1, 1)
        self.layer_slider.setToolTip("Layer (keys: ← → PgUp PgDn Home End over the heatmap)")
        self.layer_slider.valueChanged.connect(self._on_layer)
        self.all_layers_box = QCheckBox("All layers")
        self.all_layers_box.setToolTip("Every layer as small multiples (key: A)")
        self.all_layers_box.toggled.connect(self._on_all_layers)
        self.raw_box = QCheckBox("Raw")
        self.raw_box.setToolTip("Un-normalised scores (the size of a Value Zeroing distance)")
        self.raw_box.toggled.connect(lambda _on: self._reload())
        self.method_button = MethodMenuButton()
        self.method_button.changed.connect(self._reload)
        self.export_button = QToolButton()
        self.export_button.setText("Export")
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        export_menu = QMenu(self.export_button)
        for text, all_layers, suffix in (("Shown view as PNG…", False, ".png"),
                                         ("Shown view as SVG…", False, ".svg"),
                                         ("All layers as PNG…", True, ".png"),
                                         ("All layers as SVG…", True, ".svg")):
            export_menu.addAction(text, lambda a=all_layers, s=suffix: self.export_dialog(a, s))
        self.export_button.setMenu(export_menu)

        controls = QHBoxLayout()
        controls.setContentsMargins(4, 2, 4, 2)
        controls.addWidget(QLabel("Layer"))
        controls.addWidget(self.layer_slider, 1)
        controls.addWidget(self.all_layers_box)
        controls.addWidget(self.raw_box)
        controls.addWidget(self.method_button)
        controls.addWidget(self.export_button)

        self.canvas = pg.GraphicsLayoutWidget()
        self.canvas.setBackground("w")
        self.canvas.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.canvas.installEventFilter(self)
        self.canvas.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self.canvas.scene().sigMouseClicked.connect(self._on_mouse_clicked)
        self.empty_label = QLabel()
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty_label)
        self.stack.addWidget(self.canvas)
        self.stale_label = QLabel()
        self.stale_label.setStyleSheet("background: #fff3cd; color: #664d03; padding: 3px;")
        self.stale_label.setWordWrap(True)
        self.stale_label.hide()
        self.info_label = ReadoutLabel()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(controls)
        layout.addWidget(self.stale_label)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.info_label)
        self._prebuild()
        self.set_scores(None)

    # -- public API ----------------------------------------------------------------------
    def set_scores(self, scoreset, cue: int | None = None, target: int | None = None) -> None:
        """Show ``scoreset`` (None clears the panel) with the cue/target words marked."""
        self._scores = scoreset
        self._cue, self._target = cue, target
        has = scoreset is not None and self.component in scoreset.components()
        if not has:
            self._data = None
            self.empty_label.setText(self._empty_text(scoreset))
            self.stack.setCurrentWidget(self.empty_label)
            self._enable_controls(False)
            self._update_readout()
            return
        self._reload()

    def set_highlight(self, cue: int | None, target: int | None) -> None:
        self._cue, self._target = cue, target
        if self._data is not None:
            self._rebuild()

    def set_stale(self, message: str | None) -> None:
        """Say that the results no longer match the document (None hides the banner)."""
        self.stale_label.setText(message or "")
        self.stale_label.setVisible(bool(message))

    def layer(self) -> int:
        """The shown layer, 0-based."""
        return self.layer_slider.value() - 1

    def set_layer(self, layer: int) -> None:
        self.layer_slider.setValue(layer + 1)

    def set_all_layers(self, on: bool) -> None:
        self.all_layers_box.setChecked(on)

    def set_raw(self, on: bool) -> None:
        self.raw_box.setChecked(on)

    def plots(self) -> list[MatrixPlot]:
        """The plots showing scores (none while the panel has nothing to show)."""
        return list(self._plots) if self._data is not None else []

    def data(self) -> PanelData | None:
        return self._data

    def marks(self) -> layouts.Marks:
        data = self._data
        rows, cols = highlights(self._scores, self.component, self._cue, self._target)
        return layouts.Marks(data.row_axis_labels(), short_labels(data.col_labels), rows, cols)

    def export_dialog(self, all_layers: bool, suffix: str) -> None:
        """Ask for a file name, then export (errors in a dialog)."""
        what = "all-layers" if all_layers else f"layer{self.layer() + 1}"
        start = f"{self.component}-{what}{suffix}"
        path, _ = file_dialogs.save_file(self, "Export heatmap", start,
                                         f"{export.FORMATS[suffix]} (*{suffix})")
        if not path:
            return
        try:
            export.export_panel(self, path, all_layers=all_layers)
        except (MixScopeError, OSError) as err:
            QMessageBox.critical(self, "Cannot export", str(err))

    # -- building ------------------------------------------------------------------------
    def _empty_text(self, scoreset) -> str:
        title = COMPONENT_TITLES.get(self.component, self.component)
        if scoreset is None:
            return (f"No {title.lower()} scores yet.\nLoad a model in the Model panel and "
                    "press Score (Ctrl+Enter).")
        return f"This model has no {title.lower()} component (CTC models are encoder-only)."

    def _enable_controls(self, on: bool) -> None:
        for widget in (self.layer_slider, self.all_layers_box, self.raw_box,
                       self.method_button, self.export_button):
            widget.setEnabled(on)

    def _reload(self) -> None:
        if self._scores is None:
            return
        available = self._scores.methods(self.component)
        if available != self.method_button.available():
            self.method_button.set_available(available)
        self._data = panel_data(self._scores, self.component, raw=self.raw_box.isChecked(),
                                methods=self.method_button.shown())
        layers = max(self._data.layers, 1)
        self.layer_slider.blockSignals(True)
        self.layer_slider.setRange(1, layers)
        self.layer_slider.setValue(min(self.layer_slider.value(), layers))
        self.layer_slider.blockSignals(False)
        self._enable_controls(True)
        self.layer_slider.setEnabled(not self.all_layers_box.isChecked())
        self.stack.setCurrentWidget(self.canvas)
        self._rebuild()

    def _rebuild(self) -> None:
        if self._data is None:
            return
        layer = None if self.all_layers_box.isChecked() else self.layer()
        key = layouts.structure(self._data, layer)
        if key == self._structure and self._plots:
            layouts.update(self.canvas.ci, self._plots, self._data, self.marks(), layer)
        else:
            self._clear_plots()
            self._plots = layouts.build(self.canvas.ci, self._data, self.marks(), layer)
            self._structure = key
        self._update_readout()

    def _prebuild(self) -> None:
        """Lay out the usual single-layer view now (hidden until scores come), so that the
        first scores only fill it in instead of creating plots while a run finishes."""
        methods = DEFAULT_METHODS
        zeros = {m: np.zeros((1, 1, 1)) for m in methods}
        placeholder = PanelData(self.component, methods, zeros, zeros,
                                {m: np.zeros((1, 1), bool) for m in methods}, [""], [""], False)
        self._plots = layouts.build(self.canvas.ci, placeholder, layouts.Marks([""], [""]), 0)
        self._structure = layouts.structure(placeholder, 0)

    def _clear_plots(self) -> None:
        self._plots = []
        self._structure = None
        self.canvas.ci.clear()

    def _on_layer(self, value: int) -> None:
        self._rebuild()
        self.layer_changed.emit(value - 1)

    def _on_all_layers(self, on: bool) -> None:
        self.layer_slider.setEnabled(not on and self._data is not None)
        self._rebuild()

    # -- pointer and keys ----------------------------------------------------------------
    def _plot_at(self, scene_pos) -> tuple[MatrixPlot | None, tuple[int, int]]:
        for plot in self.plots():
            cell = plot.cell_at(scene_pos)
            if cell[0] >= 0:
                return plot, cell
        return None, (-1, -1)

    def _on_mouse_moved(self, scene_pos) -> None:
        self._pointer = scene_pos
        self._update_readout()

    def leaveEvent(self, event) -> None:  # noqa: N802 - Qt naming
        self._pointer = None
        self._update_readout()
        super().leaveEvent(event)

    def _update_readout(self) -> None:
        """Describe the cell under the pointer as it is now: after a new layer, new scores
        or a new document the read-out follows, and it clears when there is no such cell."""
        plot, row, col = None, -1, -1
        if self._pointer is not None and self._data is not None:
            for each in self._plots:
                each.pointer_moved(self._pointer)
            plot, (row, col) = self._plot_at(self._pointer)
        else:
            for each in self._plots:
                each.show_cursor(-1, -1)
        text = self.describe(plot, row, col) if plot is not None else ""
        if text != self.info_label.text():
            self.info_label.setText(text)
            self.hover_changed.emit(text)

    def describe(self, plot: MatrixPlot, row: int, col: int) -> str:
        """The hover read-out of a cell: row and column labels, layer, method, value."""
        data = self._data
        value = float(data.shown[plot.method][plot.layer, row, col])
        raw_value = float(data.raw[plot.method][plot.layer, row, col])
        text = (f"{method_title(plot.method)} · layer {plot.layer + 1} · "
                f"row {row} “{data.row_axis_labels()[row]}” × "
                f"column {col} “{short_labels(data.col_labels)[col]}” = {value:.4g}")
        if not data.is_raw:
            text += f" (raw {raw_value:.3g})"
        if data.noise[plot.method][plot.layer, row]:
            row_sum = float(np.abs(data.raw[plot.method][plot.layer, row]).sum())
            text += f" · raw row sum {row_sum:.2g}: noise level, not a distribution"
        return text

    def _on_mouse_clicked(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        plot, (row, col) = self._plot_at(event.scenePos())
        if plot is None:
            return
        self.click_cell(row, col)

    def click_cell(self, row: int, col: int) -> None:
        """What a click on cell (row, col) does: report the two words it relates."""
        self.cell_chosen.emit(self.component, row, col)
        row_word, col_word = cell_words(self._scores, self.component, row, col)
        self.cell_clicked.emit(-1 if row_word is None else row_word,
                              -1 if col_word is None else col_word)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if obj is self.canvas and event.type() in (QEvent.Type.KeyPress,
                                                   QEvent.Type.ShortcutOverride):
            if self._handle_key(event.key(), event.type() == QEvent.Type.KeyPress):
                event.accept()
                return True
        return super().eventFilter(obj, event)

    def _handle_key(self, key, act: bool) -> bool:
        if self._data is None:
            return False
        last = self._data.layers - 1
        if key in LAYER_KEYS:
            new = min(max(self.layer() + LAYER_KEYS[key], 0), last)
        elif key == Qt.Key.Key_Home:
            new = 0
        elif key == Qt.Key.Key_End:
            new = last
        elif key == Qt.Key.Key_A:
            if act:
                self.all_layers_box.toggle()
            return True
        else:
            return False
        if act:
            self.set_layer(new)
        return True


class ReadoutLabel(QLabel):
    """One line of hover read-out that never asks for more room: a long text is elided
    (the whole of it in the tooltip), so hovering can never resize the dock or window."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(0)
        self.setFixedHeight(self.fontMetrics().height() + 4)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt naming
        self._full = text
        self.setToolTip(text)
        self._elide()

    def text(self) -> str:
        return self._full

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt naming
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight,
                                              max(self.width() - 4, 0))
        super().setText(shown)
