"""``orgplan chart``: org charts as SVG, PNG or PDF — the company, one unit, or every department."""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

from orgplan.render.chart import DEFAULT_DPI, DEFAULT_MAX_NODES, DEFAULT_WRAP, FORMATS, ChartWarning, \
    department_charts, org_chart
from orgplan.cli._common import EXIT_OK, add_csv_option, emit_table
from orgplan.errors import ParameterError
from orgplan.model.io import read_structure
from orgplan.render.comparison import diff_chart


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "chart",
        help="draw org charts (組織架構圖) as SVG, PNG or PDF: the company, one unit, or every department",
        description="Draw the org chart of a structure. -o OUT writes one chart (OUT's suffix picks "
                    ".svg, .png or .pdf); --all-units DIR writes the company chart and one chart per "
                    "department into DIR and lists them.",
        epilog="examples:\n"
               "  orgplan chart data/approved-2027 -o out/company.png\n"
               "  orgplan chart data/approved-2027 --unit SALES -o out/sales.pdf\n"
               "  orgplan chart data/approved-2027 --depth 2 -o out/overview.svg\n"
               "  orgplan chart data/approved-2027 --all-units out/charts --format pdf\n"
               "  orgplan chart data/approved-2027 --compare data/as-is-2026 -o out/changes.png",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("path", metavar="PATH", help="a structure folder (units.csv, positions.csv …) or .xlsx workbook")
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("-o", "--output", metavar="OUT", help="the chart file to write: .svg, .png or .pdf")
    target.add_argument("--all-units", metavar="DIR",
                        help="write the company chart and one chart per department into DIR")
    p.add_argument("--format", choices=FORMATS, default="png",
                   help="file format with --all-units (default %(default)s)")
    p.add_argument("--unit", metavar="UNIT_ID", help="draw this unit and everything below it")
    p.add_argument("--depth", type=int, metavar="N",
                   help="draw N unit levels in full; deeper units become boxes showing their headcount")
    p.add_argument("--font", metavar="FAMILY",
                   help="font for all text, e.g. 'Noto Sans CJK TC' (default: an installed Chinese font)")
    p.add_argument("--dpi", type=int, default=DEFAULT_DPI, help="PNG resolution (default %(default)s)")
    p.add_argument("--max-nodes", type=int, default=DEFAULT_MAX_NODES, metavar="N",
                   help="collapse deeper units while the chart has more than N boxes (default %(default)s; "
                        "0 = no limit)")
    p.add_argument("--wrap", type=int, default=DEFAULT_WRAP, metavar="N",
                   help="staff positions per row under one manager (default %(default)s)")
    p.add_argument("--title", help="title line of the chart")
    p.add_argument("--show-ids", action="store_true", help="print position ids in the boxes")
    p.add_argument("--compare", metavar="OLD",
                   help="draw the changes from the structure OLD to PATH (added, removed, changed marked)")
    add_csv_option(p)
    p.set_defaults(handler=_chart)


def _chart(args: argparse.Namespace) -> int:
    options = {"depth": args.depth, "font": args.font, "dpi": args.dpi,
               "max_nodes": None if args.max_nodes == 0 else args.max_nodes, "wrap": args.wrap,
               "show_ids": args.show_ids}
    if args.max_nodes is not None and args.max_nodes < 0:
        raise ParameterError(f"--max-nodes must be 0 (no limit) or more. Got {args.max_nodes} instead.")
    if args.output is not None and Path(args.output).suffix.lower().lstrip(".") not in FORMATS:
        raise ParameterError(f"{args.output}: the output must end in .svg, .png or .pdf.")
    structure = read_structure(args.path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ChartWarning)
        if args.all_units is not None:
            if args.unit or args.title or args.compare:
                raise ParameterError("--all-units draws every department: leave out --unit, --title and --compare.")
            table = department_charts(structure, args.all_units, fmt=args.format, **options)
            code = EXIT_OK
        else:
            if args.compare is not None:
                chart = _diff_chart(args, structure, options)
            else:
                chart = org_chart(structure, unit=args.unit, title=args.title, **options)
            path = chart.save(args.output)
            table = None
            print(f"wrote {path} ({chart.title}; {len(chart.positions)} positions"
                  + (f", {len(chart.collapsed)} collapsed units" if chart.collapsed else "") + ")")
            code = EXIT_OK
    for message in dict.fromkeys(str(w.message) for w in caught if issubclass(w.category, ChartWarning)):
        print(f"orgplan: warning: {message}", file=sys.stderr)
    if table is not None:
        emit_table(table.assign(path=table["path"].astype(str)), args.csv)
    return code


def _diff_chart(args: argparse.Namespace, structure, options: dict):
    old = read_structure(args.compare)
    return diff_chart(old, structure, unit=args.unit, title=args.title, **options)

