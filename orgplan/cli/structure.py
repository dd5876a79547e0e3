"""``orgplan check`` and ``orgplan summary``: the structure's findings and its per-unit rollup."""

from __future__ import annotations

import argparse
import sys

from orgplan.organisation.checks import Thresholds, check_path
from orgplan.cli._common import EXIT_FINDINGS, EXIT_OK, add_csv_option, emit_table
from orgplan.model.io import read_structure
from orgplan.organisation.metrics import rollup


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "check",
        help="check a structure (folder or .xlsx): bad cells, reporting lines, duties, spans, layers",
        description="Check a structure and print its findings. Exit 0 when there is no error "
                    "(warnings allowed), 1 when there are errors, 2 when the input cannot be read.",
    )
    p.add_argument("path", metavar="PATH", help="a structure folder (units.csv, positions.csv …) or .xlsx workbook")
    p.add_argument("--min-span", type=float, default=Thresholds.min_span, help="warn below this many people per manager (default %(default)s)")
    p.add_argument("--max-span", type=float, default=Thresholds.max_span, help="warn above this many people per manager (default %(default)s)")
    p.add_argument("--target-span", type=float, default=Thresholds.target_span, help="span used to judge the number of layers (default %(default)s)")
    add_csv_option(p)
    p.set_defaults(handler=_check)

    p = subparsers.add_parser(
        "summary",
        help="per-unit headcount and cost, rolled up through sub-units",
        description="Print approved, filled, vacancy and cost per unit, rolled up through sub-units "
                    "(the root row is the whole company).",
    )
    p.add_argument("path", metavar="PATH", help="a structure folder or .xlsx workbook")
    add_csv_option(p)
    p.set_defaults(handler=_summary)


def _check(args: argparse.Namespace) -> int:
    thresholds = Thresholds(min_span=args.min_span, max_span=args.max_span, target_span=args.target_span)
    findings = check_path(args.path, thresholds)
    errors = int((findings["severity"] == "error").sum())
    warnings = len(findings) - errors
    if args.csv is not None:
        emit_table(findings, args.csv)
    else:
        shown = findings[["severity", "rule", "unit_id", "position_id", "duty_id", "message"]].copy()
        located = findings["file"].notna()
        shown.loc[located, "message"] = (
            findings.loc[located, "message"] + " [" + findings.loc[located, "file"].map(_short)
            + findings.loc[located, "row"].map(lambda r: f" row {r}" if r is not None and r == r else "")
            + "]"
        )
        if not findings.empty:
            emit_table(shown.fillna(""), None)
    stream = sys.stderr if args.csv == "-" else sys.stdout
    print(f"{args.path}: {errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}.",
          file=stream)
    return EXIT_FINDINGS if errors else EXIT_OK


def _summary(args: argparse.Namespace) -> int:
    table = rollup(read_structure(args.path))
    if args.csv is None:
        indent = table["level"].fillna(1).astype(int).sub(1).clip(lower=0)
        table = table.assign(name=[ "  " * i + str(n) for i, n in zip(indent, table["name"])])
        columns = ["unit_id", "name", "kind", "level", "positions", "approved", "filled", "vacancy",
                   "over_establishment", "monthly_cost", "managers", "manager_ratio"]
        table = table[columns].assign(manager_ratio=table["manager_ratio"].round(2))
    emit_table(table, args.csv)
    return EXIT_OK


def _short(file: str) -> str:
    from pathlib import Path

    return Path(str(file)).name if "[" not in str(file) else str(file)
