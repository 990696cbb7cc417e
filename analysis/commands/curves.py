"""``curves``: per-layer mean and 95% CI of the cue contribution, as CSV, PNG and SVG.

The plot is drawn with the app's own plotting (pyqtgraph, offscreen), so the handler lives
in gui/; the numbers come from analysis.batch.curves."""

from analysis.commands.base import Command


def add_arguments(parser):
    parser.add_argument("results", nargs="+", help="batch output folder(s) or run folder(s)")
    parser.add_argument("--csv", help="write every curve to this CSV")
    parser.add_argument("--png", help="plot to this PNG")
    parser.add_argument("--svg", help="plot to this SVG")
    parser.add_argument("--component", help="default: encoder (cross for the contrast)")
    parser.add_argument("--method", help="default: value_zeroing (contrast for the contrast)")
    parser.add_argument("--target", default="target",
                        help="target role: target or target_2, faithfulness (Spearman with "
                             "occlusion per layer; batch with occlusion among the methods), or "
                             "contrast (log p(target) - log p(alternative) and its drop when "
                             "the cue / the other words / the target is blanked; a corpus "
                             "with an 'alternative' column)")
    parser.add_argument("--x", choices=("depth", "layer"), default="depth",
                        help="x axis: normalised depth (layer / L) or layer number")


COMMAND = Command(
    name="curves",
    help="cue-contribution curves of batch results (mean and 95%% CI per layer)",
    add_arguments=add_arguments,
    handler="gui.curves.command:run",
)
