"""Options shared by the commands that run a model (score, align, batch), defined once so
that they read the same everywhere: ``--revision`` and the ``--methods`` / ``--components``
lists (space- or comma-separated: ``--methods attention value_zeroing`` or
``--methods attention,value_zeroing``)."""

from __future__ import annotations

from analysis.errors import MixScopeError

METHOD_NAMES = ("attention", "value_zeroing")
COMPONENT_NAMES = ("encoder", "decoder", "cross")


def add_revision_option(parser) -> None:
    parser.add_argument("--revision", metavar="REV",
                        help="hub branch, tag or commit to load (or write the model as "
                             "ID@REV); default: the hub's default branch")


def add_method_options(parser) -> None:
    parser.add_argument("--methods", nargs="+", metavar="METHOD",
                        help=f"{' '.join(METHOD_NAMES)} (space- or comma-separated; "
                             "default: all)")
    parser.add_argument("--components", nargs="+", metavar="COMPONENT",
                        help=f"{' '.join(COMPONENT_NAMES)} (space- or comma-separated; "
                             "default: all the model has)")


def chosen_methods(args) -> tuple[str, ...]:
    return _names(args.methods, METHOD_NAMES, "method") if args.methods else METHOD_NAMES


def chosen_components(args) -> tuple[str, ...] | None:
    return _names(args.components, COMPONENT_NAMES, "component") if args.components else None


def _names(values: list[str], allowed: tuple[str, ...], what: str) -> tuple[str, ...]:
    names = [n.strip().replace("-", "_") for v in values for n in v.replace(" ", ",").split(",")
             if n.strip()]
    for name in names:
        if name not in allowed:
            raise MixScopeError(f"--{what}s: unknown {what} '{name}'; choose from "
                                f"{', '.join(allowed)}")
    return tuple(dict.fromkeys(names))
