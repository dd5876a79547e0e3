"""``orgplan check`` and ``orgplan summary``: the structure's findings and its per-unit rollup."""

from __future__ import annotations

import argparse
import sys

from orgplan.cli._common import EXIT_FINDINGS, EXIT_OK, add_csv_option, emit_table
from orgplan.cli.pay import add_summary_options, print_summary_split
from orgplan.i18n import Translator
from orgplan.model.io import read_structure
from orgplan.organisation.checks import Thresholds, check_path
from orgplan.organisation.display import findings_listing, findings_table, rollup_listing, rollup_table
from orgplan.organisation.metrics import rollup

_ = Translator("organisation")


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "check",
        help=_("check a structure (folder or .xlsx): bad cells, reporting lines, duties, spans, layers"),
        description=_("Check a structure and print its findings. Exit 0 when there is no error "
                      "(warnings allowed), 1 when there are errors, 2 when the input cannot be read."),
    )
    p.add_argument("path", metavar="PATH",
                   help=_("a structure folder (units.csv, positions.csv …) or .xlsx workbook"))
    p.add_argument("--min-span", type=float, default=Thresholds.min_span,
                   help=_("warn below this many people per manager (default %(default)s)"))
    p.add_argument("--max-span", type=float, default=Thresholds.max_span,
                   help=_("warn above this many people per manager (default %(default)s)"))
    p.add_argument("--target-span", type=float, default=Thresholds.target_span,
                   help=_("span used to judge the number of layers (default %(default)s)"))
    add_csv_option(p)
    p.set_defaults(handler=_check)

    p = subparsers.add_parser(
        "summary",
        help=_("per-unit headcount and cost, rolled up through sub-units"),
        description=_("Print approved, filled, vacancy and cost per unit, rolled up through sub-units "
                      "(the root row is the whole company)."),
    )
    p.add_argument("path", metavar="PATH", help=_("a structure folder or .xlsx workbook"))
    add_summary_options(p)
    add_csv_option(p)
    p.set_defaults(handler=_summary)


def _check(args: argparse.Namespace) -> int:
    thresholds = Thresholds(min_span=args.min_span, max_span=args.max_span, target_span=args.target_span)
    findings = check_path(args.path, thresholds)
    errors = int((findings["severity"] == "error").sum())
    warnings = len(findings) - errors
    if args.csv is not None:
        emit_table(findings_table(findings), args.csv)
    elif not findings.empty:
        emit_table(findings_listing(findings), None)
    stream = sys.stderr if args.csv == "-" else sys.stdout
    print(_("{path}: {errors}, {warnings}.").format(
        path=args.path, errors=_.ngettext("{n} error", "{n} errors", errors).format(n=errors),
        warnings=_.ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings)), file=stream)
    return EXIT_FINDINGS if errors else EXIT_OK


def _summary(args: argparse.Namespace) -> int:
    table = rollup(read_structure(args.path))
    emit_table(rollup_table(table) if args.csv is not None else rollup_listing(table), args.csv)
    if args.pay:
        print_summary_split(args)
    return EXIT_OK
