"""Options shared by the commands that run a model (score, align, batch), defined once so
that they read the same everywhere: ``--revision`` and the ``--methods`` / ``--components``
lists (space- or comma-separated: ``--methods attention value_zeroing`` or
``--methods attention,value_zeroing``). The names come from the registries in
analysis.methods and are checked by analysis.pipeline, as the Python API checks them."""

from __future__ import annotations

from analysis.methods import COMPONENTS, DEFAULT_METHODS, REGISTRY


def add_revision_option(parser) -> None:
    parser.add_argument("--revision", metavar="REV",
                        help="hub branch, tag or commit to load (or write the model as "
                             "ID@REV); default: the hub's default branch")


def add_method_options(parser) -> None:
    parser.add_argument("--methods", nargs="+", metavar="METHOD",
                        help=f"any of {' '.join(REGISTRY)} (space- or comma-separated; "
                             f"default: {' '.join(DEFAULT_METHODS)})")
    parser.add_argument("--components", nargs="+", metavar="COMPONENT",
                        help=f"{' '.join(COMPONENTS)} (space- or comma-separated; "
                             "default: all the model has)")


def chosen_methods(args) -> tuple[str, ...]:
    """The names once each, in order (the messages are the Python API's: analysis.pipeline)."""
    from analysis.pipeline import parse_methods

    return tuple(dict.fromkeys(parse_methods(args.methods))) if args.methods else DEFAULT_METHODS


def chosen_components(args) -> tuple[str, ...] | None:
    from analysis.pipeline import parse_components

    return tuple(dict.fromkeys(parse_components(args.components))) if args.components else None
