"""Static heatmaps of one component, laid out like the app's panel: one layer with the methods
side by side, or every layer as small multiples per method; one colour scale (one per method
for raw scores, whose units differ), cue and target labels bold in their colours on a tint,
rows at float-noise level greyed and hatched."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from analysis.errors import MixScopeError
from analysis.figures import style
from analysis.figures.heatmap_data import (
    AXIS_TITLES,
    COMPONENT_TITLES,
    PanelData,
    highlights,
    method_title,
    panel_data,
    short_labels,
)
from analysis.figures.output import new_figure, rgba

CELL_INCHES = {"single": 0.3, "grid": 0.14}
MIN_PLOT_INCHES = 1.6
BAR_INCHES = 1.1


def word_index(scoreset, word: str | int | None, role: str) -> int | None:
    """The index in the ScoreSet's words of ``word`` (its text, or already an index)."""
    if word is None:
        return None
    labels = [w.label for w in scoreset.words]
    if isinstance(word, (int, np.integer)):
        if not 0 <= int(word) < len(labels):
            raise MixScopeError(f"{role} index {word} is outside the {len(labels)} words")
        return int(word)
    from analysis.cue.contribution import locate_in_words

    return locate_in_words(labels, str(word), role)[0]


def heatmap_figure(scoreset, component: str, layer: int | None = None, *,
                   methods: str | Sequence[str] | None = None, cue: str | int | None = None,
                   target: str | int | None = None, raw: bool = False):
    """A matplotlib Figure; ``layer`` is 1-based (None: every layer)."""
    if component not in scoreset.components():
        raise MixScopeError(f"no {component} scores in this result (components: "
                            f"{', '.join(scoreset.components()) or 'none'})")
    data = _chosen(panel_data(scoreset, component, raw), methods)
    if layer is not None and not 1 <= layer <= data.layers:
        raise MixScopeError(f"layer {layer} does not exist: the {component} has layers 1 to "
                            f"{data.layers}")
    marks = highlights(scoreset, component, word_index(scoreset, cue, "cue"),
                       word_index(scoreset, target, "target"))
    layers = [layer - 1] if layer is not None else list(range(data.layers))
    grid_rows, grid_cols = (1, 1) if layer is not None else style.grid_shape(len(layers))
    n_rows, n_cols = data.shown[data.methods[0]].shape[1:]
    cell = CELL_INCHES["single" if layer is not None else "grid"]
    plot_w, plot_h = max(MIN_PLOT_INCHES, n_cols * cell), max(MIN_PLOT_INCHES, n_rows * cell)
    per_method = data.is_raw and len(data.methods) > 1  # raw units differ by method
    block_w = grid_cols * plot_w + 1.2 + (BAR_INCHES if per_method else 0.0)
    widths = [block_w] * len(data.methods) + ([] if per_method else [BAR_INCHES])
    figure = new_figure(sum(widths), grid_rows * plot_h + 1.8)
    figure.suptitle(COMPONENT_TITLES.get(component, component), fontweight="bold")
    blocks = figure.subfigures(1, len(widths), width_ratios=widths, squeeze=False)[0]
    labels = (short_labels(data.row_labels), short_labels(data.col_labels))
    for block, method in zip(blocks, data.methods, strict=False):
        axes = block.subplots(grid_rows, grid_cols, squeeze=False)
        levels = data.levels(method if per_method else None)
        if layer is None:
            block.suptitle(method_title(method))
        for n, ax in enumerate(axes.flat):
            if n >= len(layers):
                ax.set_visible(False)
                continue
            current = layers[n]
            image = _draw(ax, data, method, current, levels, labels, marks)
            ax.set_title(f"{method_title(method)}\n{style.layer_title(current)}"
                         if layer is not None else style.layer_title(current).capitalize(),
                         fontsize=9, fontweight="bold" if layer is not None else "normal")
            grid_row, grid_col = divmod(n, grid_cols)
            if grid_col == 0 and (method == data.methods[0] or per_method):
                ax.set_ylabel(AXIS_TITLES.get(component, ("row", "column"))[0])
            if grid_row == grid_rows - 1 or n + grid_cols >= len(layers):
                ax.set_xlabel(AXIS_TITLES.get(component, ("row", "column"))[1])
        if per_method:
            block.colorbar(image, ax=list(axes.flat),
                           label=f"{style.value_title(True)} ({method_title(method)})")
    if not per_method:  # one scale for every method: its bar in a column of its own
        bar = blocks[-1].add_axes((0.12, 0.15, 0.18, 0.7))
        blocks[-1].colorbar(image, cax=bar, label=style.value_title(data.is_raw))
    return figure


def _chosen(data: PanelData, methods: str | Sequence[str] | None) -> PanelData:
    """Only ``methods`` (a list, or comma-separated text), in that order."""
    if methods is None:
        return data
    from analysis.pipeline import parse_names

    keep = tuple(parse_names(methods, data.methods, f"{data.component} method"))
    return PanelData(data.component, keep, {m: data.shown[m] for m in keep},
                     {m: data.raw[m] for m in keep}, {m: data.noise[m] for m in keep},
                     data.row_labels, data.col_labels, data.is_raw)


def _draw(ax, data: PanelData, method: str, layer: int, levels, labels, marks):
    from matplotlib.patches import Rectangle

    matrix = np.asarray(data.shown[method][layer], dtype=np.float64)
    rows, cols = matrix.shape
    image = ax.imshow(matrix, cmap=style.COLORMAP, vmin=levels[0], vmax=levels[1],
                      aspect="auto", interpolation="nearest")
    for row in np.flatnonzero(data.noise[method][layer]):
        ax.add_patch(Rectangle((-0.5, row - 0.5), cols, 1.0, facecolor=rgba(style.NOISE_FILL),
                               edgecolor=rgba(style.NOISE_HATCH), hatch="///", linewidth=0))
    font = 8 if rows <= 20 and cols <= 20 else 6
    ax.set_yticks(range(rows), [style.elide(t) for t in labels[0]], fontsize=font)
    vertical = max((len(t) for t in labels[1]), default=0) > 3
    ax.set_xticks(range(cols), [style.elide(t) for t in labels[1]], fontsize=font,
                  rotation=90 if vertical else 0)
    ax.tick_params(length=2)
    for ticks, roles in ((ax.get_yticklabels(), marks[0]), (ax.get_xticklabels(), marks[1])):
        for index, text in enumerate(ticks):
            role = roles.get(index)
            if role is not None:
                colour = style.ROLE_COLOURS[role]
                text.set_color(colour)
                text.set_fontweight("bold")
                text.set_bbox({"facecolor": colour, "alpha": style.ROLE_TINT_ALPHA / 255,
                               "edgecolor": "none", "pad": 1.0})
    return image
