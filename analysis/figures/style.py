"""The look of MixScope's figures, defined once: the app's docks and exports (gui/, which turns
these into Qt colours and pens) and the static matplotlib figures read the same values, so a
figure from a notebook looks like one exported from the app."""

from __future__ import annotations

import math

from analysis.figures.heatmap_data import COMPONENT_TITLES, method_title

# -- heatmaps --------------------------------------------------------------------------------
COLORMAP = "viridis"  # a name both matplotlib and pyqtgraph know
ROLE_COLOURS = {"cue": "#d95f02", "target": "#7570b3"}  # axis labels of the cue/target words
ROLE_TINT_ALPHA = 40  # 0..255: the background behind a cue/target label
NOISE_FILL = (150, 150, 150, 200)  # RGBA over a row whose raw scores are float noise
NOISE_HATCH = (90, 90, 90, 255)  # the diagonal hatching drawn over it
MAX_LABEL_CHARS = 18  # longer axis labels are elided with "…"


def value_title(raw: bool) -> str:
    """The colour bar's title."""
    return "raw score" if raw else "normalised score"


def layer_title(layer: int) -> str:
    """``layer`` is 0-based; titles count from 1, as the paper does."""
    return f"layer {layer + 1}"


def grid_shape(count: int) -> tuple[int, int]:
    """(rows, columns) of the near-square small-multiples grid for ``count`` layers."""
    cols = max(1, math.ceil(math.sqrt(count)))
    return math.ceil(count / cols), cols


def elide(text: str, limit: int = MAX_LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- one utterance's cue contribution --------------------------------------------------------
COMPONENT_COLOURS = {"encoder": "#1b9e77", "decoder": "#d95f02", "cross": "#7570b3"}
OTHER_COLOUR = "#000000"
METHOD_LINE_STYLES = {"attention": "dash", "value_zeroing": "solid"}  # others: "dot"
CUE_AXIS_TITLES = ("layer", "cue → target (normalised score)")  # (x, y)


def line_style(method: str) -> str:
    """"solid", "dash" or "dot"."""
    return METHOD_LINE_STYLES.get(method, "dot")


def cue_curve_label(component: str, method: str, found: bool = True) -> str:
    """The legend entry of one curve; ``found`` False when the words are not in its tokens."""
    label = f"{COMPONENT_TITLES.get(component, component)} · {method_title(method)}"
    return label if found else f"{label} (words not found in tokens)"


# -- corpus curves ---------------------------------------------------------------------------
PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2",
           "#17becf"]  # one colour per model; its random-init baseline is dashed
BAND_ALPHA = {"trained": 50, "random-init": 30}  # 0..255: the confidence band's fill
X_TITLES = {"depth": "normalised depth (layer / L)", "layer": "layer"}
CURVES_Y_TITLE = "cue contribution"
FAITHFULNESS_Y_TITLE = "Spearman with occlusion"


CONTRAST_Y_TITLE = "log p(target) − log p(alternative), nats"
CONTRAST_X_TITLE = "per example: contrast, and its drop when a word is blanked"


def curves_y_title(target_role: str) -> str:
    from analysis.contrastive import ROLE as CONTRAST_ROLE
    from analysis.faithfulness import ROLE

    titles = {ROLE: FAITHFULNESS_Y_TITLE, CONTRAST_ROLE: CONTRAST_Y_TITLE}
    return titles.get(target_role, CURVES_Y_TITLE)


def curves_x_title(target_role: str, x: str) -> str:
    from analysis.contrastive import ROLE as CONTRAST_ROLE

    return CONTRAST_X_TITLE if target_role == CONTRAST_ROLE else X_TITLES[x]


def curves_title(component: str, method: str, target_role: str) -> str:
    return f"{component} · {method.replace('_', ' ')} · {target_role}"


def model_colours(labels) -> dict[str, str]:
    """A palette colour per model, in order of first appearance; a random-init run shares
    its model's colour."""
    colours: dict[str, str] = {}
    for label in labels:
        model = label.removesuffix(" (random init)")
        colours.setdefault(model, PALETTE[len(colours) % len(PALETTE)])
    return colours
