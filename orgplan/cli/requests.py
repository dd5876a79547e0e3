"""``orgplan requests …``: decide headcount requests, show staffing status, record filled seats.

::

    orgplan requests validate APPROVED REQUESTS -o DECISIONS [--ledger FILE] [--exceptions FILE]
    orgplan requests status APPROVED [--ledger FILE] [--by department] [--csv FILE]
    orgplan requests fill --ledger FILE REQUEST_ID [REQUEST_ID …] [--count N] [--date YYYY-MM-DD]
    orgplan requests exceptions APPROVED --ledger FILE [--csv FILE]
"""

from __future__ import annotations

import argparse
import sys

from orgplan.cli._common import output_file, EXIT_OK, add_csv_option, emit_table, format_table
from orgplan.headcount import Ledger, exceptions_report, record_fill, staffing_status, validate_requests
from orgplan.model.io import read_structure
from orgplan.tables.io import write_table


def _decisions_output(value: str) -> str:
    """``-o``: standard output, or a .csv/.xlsx name checked before any request is recorded in the ledger."""
    return value if value == "-" else output_file(".csv", ".xlsx")(value)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "requests",
        help="headcount requests (增人/增編) against the approved structure: validate, status, fill, exceptions",
        description="Decide departments' headcount requests against the approved structure, with the GM's "
                    "special approval and an optional SQLite ledger that remembers approved seats.",
    )
    verbs = parser.add_subparsers(dest="requests_verb", metavar="SUBVERB")
    verbs.required = True

    p = verbs.add_parser(
        "validate",
        help="decide a batch of requests and write the decisions",
        description="Decide a batch of requests (CSV or .xlsx) in date order against the approved structure "
                    "and write the decisions (CSV or .xlsx). Without --ledger this is a dry run. Exit 0 when "
                    "the batch was processed, whatever the decisions; 2 when an input cannot be read.",
    )
    p.add_argument("approved", metavar="APPROVED", help="the approved structure (folder or .xlsx)")
    p.add_argument("requests", metavar="REQUESTS", help="the requests file (.csv in UTF-8 or GBK, or .xlsx)")
    p.add_argument("-o", "--output", metavar="DECISIONS", required=True, type=_decisions_output,
                   help="where to write the decisions (.csv or .xlsx; '-' for CSV on standard output)")
    p.add_argument("--ledger", metavar="FILE",
                   help="SQLite ledger (created on first use): record approvals, count them as pending later")
    p.add_argument("--exceptions", metavar="FILE", type=output_file(".csv", ".xlsx"),
                   help="also write the GM's exceptions report (special approvals beyond the structure)")
    p.set_defaults(handler=_validate)

    p = verbs.add_parser(
        "status",
        help="per position: approved, filled, pending, vacancy",
        description="The staffing-completeness view: approved, filled, pending (approved, not yet filled) "
                    "and vacancy per position or department, from the structure and the ledger.",
    )
    p.add_argument("approved", metavar="APPROVED", help="the approved structure (folder or .xlsx)")
    p.add_argument("--ledger", metavar="FILE", help="the ledger (without it: the structure alone)")
    p.add_argument("--by", choices=("position", "department"), default="position",
                   help="one row per position (default) or per department")
    add_csv_option(p)
    p.set_defaults(handler=_status)

    p = verbs.add_parser(
        "fill",
        help="record that approved seats were filled (pending → filled)",
        description="Record that seats of approved hire requests were filled, so they count as filled "
                    "instead of pending.",
    )
    p.add_argument("request_ids", metavar="REQUEST_ID", nargs="+", help="approved hire requests")
    p.add_argument("--ledger", metavar="FILE", required=True, help="the ledger")
    p.add_argument("--count", type=int, metavar="N", help="seats filled (default: all still pending)")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="when (default: today)")
    p.set_defaults(handler=_fill)

    p = verbs.add_parser(
        "exceptions",
        help="the GM's report of special approvals beyond the structure, from the ledger",
        description="Every special approval recorded in the ledger that went beyond the approved structure: "
                    "how many, which departments, how far over establishment.",
    )
    p.add_argument("approved", metavar="APPROVED", help="the approved structure (folder or .xlsx)")
    p.add_argument("--ledger", metavar="FILE", required=True, help="the ledger")
    add_csv_option(p)
    p.set_defaults(handler=_exceptions)


def _validate(args: argparse.Namespace) -> int:
    structure = read_structure(args.approved)
    decisions = validate_requests(structure, args.requests, ledger=args.ledger)
    report = exceptions_report(decisions, structure)
    if args.output == "-":
        emit_table(decisions, "-")
    else:
        write_table(decisions, args.output, sheet_name="decisions")
    if args.exceptions:
        write_table(report.requests, args.exceptions, sheet_name="exceptions")
    stream = sys.stderr if args.output == "-" else sys.stdout
    counts = decisions["decision"].value_counts()
    earlier = int(decisions["recorded_earlier"].sum())
    parts = [f"{int(counts.get(d, 0))} {d}" for d in ("approved", "rejected", "needs_special_approval", "invalid")]
    line = f"{args.requests}: {len(decisions)} requests: {', '.join(parts)}"
    if earlier:
        line += f" ({earlier} decided in an earlier run)"
    print(line + ".", file=stream)
    print(report.summary, file=stream)
    if args.ledger is None:
        print("Dry run: nothing recorded (use --ledger FILE to record approvals).", file=stream)
    if args.output != "-":
        print(f"Decisions written to {args.output}.", file=stream)
    return EXIT_OK


def _status(args: argparse.Namespace) -> int:
    table = staffing_status(read_structure(args.approved), args.ledger, by=args.by)
    emit_table(table, args.csv)
    return EXIT_OK


def _fill(args: argparse.Namespace) -> int:
    print(format_table(record_fill(args.ledger, args.request_ids, args.count, date=args.date)))
    return EXIT_OK


def _exceptions(args: argparse.Namespace) -> int:
    structure = read_structure(args.approved)
    report = exceptions_report(Ledger(args.ledger).decisions(), structure)
    emit_table(report.requests, args.csv)
    print(report.summary, file=sys.stderr if args.csv == "-" else sys.stdout)
    return EXIT_OK
