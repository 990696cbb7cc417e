"""Cue-contribution curves: one utterance's (per layer, every component and method, as the
app's Cue contribution dock) and a corpus's (mean and confidence band per layer, as the
curves dock and ``python main.py curves``)."""

from __future__ import annotations

import numpy as np

from analysis.errors import MixScopeError
from analysis.figures import style
from analysis.figures.heatmaps import word_index
from analysis.figures.output import LINE_STYLES, new_figure


def utterance_cue_curves(scoreset, cue_word: str, target_word: str, drop_prefix: bool = True
                         ) -> tuple[dict[str, np.ndarray], dict[str, str]]:
    """Per score key, the cue's contribution to the target per layer (NaN throughout where a
    component cannot place the words), and the reason per such component. The same numbers
    as batch scoring: Whisper's prefix columns dropped, rows renormalised."""
    from analysis.cue import cue_contributions

    result = cue_contributions(scoreset, cue_word, target_word, drop_prefix=drop_prefix)
    curves = {}
    for key in scoreset.keys():
        component, method = key.split(".", 1)
        layers = scoreset.get(component, method).shape[0]
        curves[key] = np.asarray(result.values.get((component, method), np.full(layers, np.nan)))
    return curves, dict(result.problems)


def cue_contribution_figure(scoreset, cue: str | int, target: str | int,
                            drop_prefix: bool = True):
    cue_word = scoreset.words[word_index(scoreset, cue, "cue")].label
    target_word = scoreset.words[word_index(scoreset, target, "target")].label
    curves, problems = utterance_cue_curves(scoreset, cue_word, target_word, drop_prefix)
    figure = new_figure(6.4, 4.0)
    ax = figure.subplots()
    for key, curve in curves.items():
        component, method = key.split(".", 1)
        colour = style.COMPONENT_COLOURS.get(component, style.OTHER_COLOUR)
        ax.plot(np.arange(1, len(curve) + 1), curve, color=colour, linewidth=2, marker="o",
                markersize=4, linestyle=LINE_STYLES[style.line_style(method)],
                label=style.cue_curve_label(component, method, not np.all(np.isnan(curve))))
    ax.set_xlabel(style.CUE_AXIS_TITLES[0])
    ax.set_ylabel(style.CUE_AXIS_TITLES[1])
    ax.grid(alpha=0.2)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_title(f"Cue “{cue_word}” → target “{target_word}”")
    ax.legend(fontsize=8)
    if problems:
        figure.text(0.01, 0.0, "\n".join(f"{c}: {why}" for c, why in problems.items()),
                    fontsize=7, va="bottom")
    return figure


def curves_figure(table, *, component: str, method: str, target_role: str = "target",
                  x: str = "depth"):
    from analysis.batch.curves import series, x_column, x_ticks

    if x not in style.X_TITLES:
        raise MixScopeError(f"x must be one of {', '.join(style.X_TITLES)}, not {x!r}")
    drawn = series(table, component=component, method=method, target_role=target_role, x=x)
    if not drawn:
        raise MixScopeError(f"no {component}/{method}/{target_role} results in the table")
    colours = style.model_colours(item["label"] for item in drawn)
    figure = new_figure(7.0, 4.4)
    ax = figure.subplots()
    for item in drawn:
        colour = colours[item["label"].removesuffix(" (random init)")]
        alpha = style.BAND_ALPHA.get(item["weights"], style.BAND_ALPHA["random-init"]) / 255
        if np.isfinite(item["low"]).any():
            low = np.where(np.isfinite(item["low"]), item["low"], item["mean"])
            high = np.where(np.isfinite(item["high"]), item["high"], item["mean"])
            ax.fill_between(item["x"], low, high, color=colour, alpha=alpha, linewidth=0)
        ax.plot(item["x"], item["mean"], color=colour, linewidth=2.5, marker="o",
                markersize=4, linestyle="-" if item["weights"] == "trained" else "--",
                label=f"{item['label']} (n={item['n']})")
    ax.set_xlabel(style.curves_x_title(target_role, x))
    ax.set_ylabel(style.curves_y_title(target_role))
    ax.set_title(style.curves_title(component, method, target_role))
    ax.grid(alpha=0.25)
    ticks = x_ticks(target_role)
    if ticks:
        ax.set_xticks([position for position, _ in ticks], [name for _, name in ticks])
    elif x_column(target_role, x) == "depth":
        ax.set_xlim(0, 1.02)
    ax.legend(fontsize=8)
    return figure
