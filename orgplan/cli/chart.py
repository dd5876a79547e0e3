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
from orgplan.i18n import N_, Translator
from orgplan.model.io import read_structure
from orgplan.tables.io import read_table
from orgplan.organisation.display import CHART_FILES, for_people
from orgplan.render.chart_pages import ORIENTATIONS, PAPER_SIZES, chart_pages, department_pages
from orgplan.render.comparison import diff_chart, diff_pages

_ = Translator("organisation")


#: The page orientations, in words.
_ORIENTATION_WORDS = {"landscape": N_("landscape"), "portrait": N_("portrait")}


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "chart",
        help=_("draw org charts as SVG, PNG or PDF: the company, one unit, or every department"),
        description=_("Draw the org chart of a structure. -o OUT writes one chart (OUT's suffix picks "
                      ".svg, .png or .pdf); --all-units DIR writes the company chart and one chart per "
                      "department into DIR and lists them."),
        epilog=_("examples:") + "\n"
               "  orgplan chart data/approved-2027 -o out/company.png\n"
               "  orgplan chart data/approved-2027 --unit SALES -o out/sales.pdf\n"
               "  orgplan chart data/approved-2027 --depth 2 -o out/overview.svg\n"
               "  orgplan chart data/approved-2027 --all-units out/charts --format pdf\n"
               "  orgplan chart data/approved-2027 --compare data/as-is-2026 -o out/changes.png\n"
               "  orgplan chart data/approved-2027 --paper A4 -o out/company.pdf",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("path", metavar="PATH", help=_("a structure folder (units.csv, positions.csv …) or .xlsx workbook"))
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("-o", "--output", metavar="OUT", help=_("the chart file to write: .svg, .png or .pdf"))
    target.add_argument("--all-units", metavar="DIR",
                        help=_("write the company chart and one chart per department into DIR"))
    p.add_argument("--format", choices=FORMATS, default="png",
                   help=_("file format with --all-units (default %(default)s)"))
    p.add_argument("--unit", metavar="UNIT_ID", help=_("draw this unit and everything below it"))
    p.add_argument("--depth", type=int, metavar="N",
                   help=_("draw N unit levels in full; deeper units become boxes showing their headcount"))
    p.add_argument("--font", metavar="FAMILY",
                   help=_("font for all text, e.g. 'Noto Sans CJK SC' (default: an installed Chinese font)"))
    p.add_argument("--dpi", type=int, default=DEFAULT_DPI, help=_("PNG resolution (default %(default)s)"))
    p.add_argument("--max-nodes", type=int, default=DEFAULT_MAX_NODES, metavar="N",
                   help=_("collapse deeper units while the chart has more than N boxes (default %(default)s; "
                          "0 = no limit)"))
    p.add_argument("--wrap", type=int, default=DEFAULT_WRAP, metavar="N",
                   help=_("staff positions per row under one manager (default %(default)s)"))
    p.add_argument("--title", help=_("title line of the chart"))
    p.add_argument("--show-ids", action="store_true", help=_("print position ids in the boxes"))
    p.add_argument("--compare", metavar="OLD",
                   help=_("draw the changes from the structure OLD to PATH (added, removed, changed marked)"))
    p.add_argument("--paper", choices=sorted(PAPER_SIZES),
                   help=_("fit the chart to this paper at 100 %% (text at least 7 pt): a chart that does not fit "
                          "is split over pages, each folded unit continuing on the page named in its box"))
    p.add_argument("--orientation", choices=ORIENTATIONS, default="auto",
                   help=_("page orientation with --paper (default %(default)s: the one needing fewer pages)"))
    p.add_argument("--names", metavar="FILE",
                   help=_("people in post (CSV or .xlsx: position_id, person_id, name, employment_type, "
                          "on_probation, leaving): each department's boxes list the names, 试 on probation, 离 "
                          "leaving, one 缺 per vacant seat"))
    add_csv_option(p)
    p.set_defaults(handler=_chart)


def _chart(args: argparse.Namespace) -> int:
    options = {"depth": args.depth, "font": args.font, "dpi": args.dpi,
               "max_nodes": None if args.max_nodes == 0 else args.max_nodes, "wrap": args.wrap,
               "show_ids": args.show_ids}
    if args.max_nodes is not None and args.max_nodes < 0:
        raise ParameterError(_("--max-nodes must be 0 (no limit) or more. Got {value} instead.").format(
            value=args.max_nodes))
    if args.output is not None and Path(args.output).suffix.lower().lstrip(".") not in FORMATS:
        raise ParameterError(_("{path}: the output must end in .svg, .png or .pdf.").format(path=args.output))
    structure = read_structure(args.path)
    if args.names is not None:
        options["people"] = read_table(args.names, require_rows=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ChartWarning)
        if args.all_units is not None:
            if args.unit or args.title or args.compare:
                raise ParameterError(_("--all-units draws every department: leave out --unit, --title and "
                                       "--compare."))
            if args.paper:
                paged = {k: v for k, v in options.items() if k != "max_nodes"}
                table = department_pages(structure, args.all_units, fmt=args.format, paper=args.paper,
                                         orientation=args.orientation, **paged)
            else:
                table = department_charts(structure, args.all_units, fmt=args.format, **options)
            code = EXIT_OK
        elif args.paper is not None:
            _paged(args, structure, options)
            table, code = None, EXIT_OK
        else:
            if args.compare is not None:
                chart = _diff_chart(args, structure, options)
            else:
                chart = org_chart(structure, unit=args.unit, title=args.title, **options)
            path = chart.save(args.output)
            table = None
            if chart.collapsed:
                print(_("wrote {path} ({title}; {positions} positions, {collapsed} collapsed units)").format(
                    path=path, title=chart.title, positions=len(chart.positions), collapsed=len(chart.collapsed)))
            else:
                print(_("wrote {path} ({title}; {positions} positions)").format(
                    path=path, title=chart.title, positions=len(chart.positions)))
            code = EXIT_OK
    for message in dict.fromkeys(str(w.message) for w in caught if issubclass(w.category, ChartWarning)):
        print(_("orgplan: warning: {message}").format(message=message), file=sys.stderr)
    if table is not None:
        emit_table(for_people(table.assign(path=table["path"].astype(str)), CHART_FILES), args.csv)
    return code


def _paged(args: argparse.Namespace, structure, options: dict) -> None:
    """``--paper``: the chart on pages of that paper, one PDF (or one SVG / PNG per page)."""
    paged = {k: v for k, v in options.items() if k != "max_nodes"}
    if args.compare is not None:
        book = diff_pages(read_structure(args.compare), structure, paper=args.paper, orientation=args.orientation,
                          unit=args.unit, title=args.title, **paged)
    else:
        book = chart_pages(structure, paper=args.paper, orientation=args.orientation, unit=args.unit,
                           title=args.title, **paged)
    paths = book.save(args.output)
    print(_("wrote {paths} ({title}; {pages} pages of {paper} {orientation}, text at least {points} pt)").format(
        paths=", ".join(str(p) for p in paths), title=book.pages[0].title, pages=len(book.pages),
        paper=book.paper, orientation=_(_ORIENTATION_WORDS[book.orientation]), points=f"{book.smallest_text:g}"))


def _diff_chart(args: argparse.Namespace, structure, options: dict):
    old = read_structure(args.compare)
    return diff_chart(old, structure, unit=args.unit, title=args.title, **options)

