"""Handler of ``python main.py curves``: the curves' numbers as CSV and the plot as PNG/SVG,
drawn offscreen with the same widget as the curves dock."""

from __future__ import annotations

import os
import sys


def run(args) -> int:
    from analysis.atomic import check_can_write
    from analysis.batch.curves import curve_choice, curves, select, write_curves_csv
    from analysis.batch.store import read_results
    from analysis.errors import MixScopeError

    for path in (args.csv, args.png, args.svg):  # before reading anything
        if path:
            check_can_write(path)
    component, method = curve_choice(args.target, args.component, args.method)
    results = read_results(args.results)
    table = curves(results)
    if args.csv:
        write_curves_csv(table, args.csv)
        print(f"{len(table)} curve points -> {args.csv}")
    if args.png or args.svg:
        if not select(table, component=component, method=method,
                      target_role=args.target).shape[0]:
            raise MixScopeError(f"no {component}/{method}/{args.target} results in "
                                f"{', '.join(args.results)}")
        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from gui.app import create_application
        from gui.curves.plot import CurvesPlot

        app = create_application()
        plot = CurvesPlot()
        plot.resize(900, 560)
        plot.show_curves(table, component=component, method=method,
                         target_role=args.target, x=args.x)
        app.processEvents()
        for path in (args.png, args.svg):
            if path:
                plot.export(path)
                print(f"plot -> {path}")
        plot.close()
    if not (args.csv or args.png or args.svg):
        print(table.to_string(index=False), file=sys.stdout)
    return 0
