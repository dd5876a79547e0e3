"""``orgplan requests …``: decide headcount requests, show staffing status, record filled seats.

::

    orgplan requests validate APPROVED REQUESTS -o DECISIONS [--ledger FILE] [--exceptions FILE]
    orgplan requests status APPROVED [--ledger FILE] [--by department] [--csv FILE]
    orgplan requests fill --ledger FILE REQUEST_ID [REQUEST_ID …] [--count N] [--date YYYY-MM-DD]
    orgplan requests exceptions APPROVED (--ledger FILE | --decisions FILE) [--csv FILE]

What it prints and the files it writes for people (decisions, exceptions,
status) follow ``--lang``: in 简体中文 or 繁體中文 the headers and the
decision, reason and kind values are Chinese; ``--lang en`` gives English
codes and column names for scripts. A decisions file in any language reads
back (``exceptions --decisions FILE``).
"""

from __future__ import annotations

import argparse
import sys

from orgplan.cli._common import output_file, EXIT_OK, add_csv_option, emit_table, format_table
from orgplan.headcount import Ledger, exceptions_report, record_fill, staffing_status, validate_requests
from orgplan.headcount.display import (DECISIONS, EXCEPTIONS, FILLS, STAFFING, STAFFING_BY_DEPARTMENT,
                                       canonical_decisions, for_people)
from orgplan.i18n import Translator
from orgplan.model.io import read_structure
from orgplan.tables.io import read_table, write_table

_ = Translator("headcount")


def _decisions_output(value: str) -> str:
    """``-o``: standard output, or a .csv/.xlsx name checked before any request is recorded in the ledger."""
    return value if value == "-" else output_file(".csv", ".xlsx")(value)


def register(subparsers: argparse._SubParsersAction) -> None:
    structure_help = _("the approved structure (folder or .xlsx)")
    parser = subparsers.add_parser(
        "requests",
        help=_("headcount requests (增人/增编) against the approved structure: validate, status, fill, exceptions"),
        description=_("Decide departments' headcount requests against the approved structure, with the GM's "
                      "special approval and an optional SQLite ledger that remembers approved seats."),
    )
    verbs = parser.add_subparsers(dest="requests_verb", metavar="SUBVERB")
    verbs.required = True

    p = verbs.add_parser(
        "validate",
        help=_("decide a batch of requests and write the decisions"),
        description=_("Decide a batch of requests (CSV or .xlsx) in date order against the approved structure "
                      "and write the decisions (CSV or .xlsx). Without --ledger this is a dry run. Exit 0 when "
                      "the batch was processed, whatever the decisions; 2 when an input cannot be read."),
    )
    p.add_argument("approved", metavar="APPROVED", help=structure_help)
    p.add_argument("requests", metavar="REQUESTS",
                   help=_("the requests file (.csv in UTF-8 or GBK, or .xlsx; Chinese or English headers)"))
    p.add_argument("-o", "--output", metavar="DECISIONS", required=True, type=_decisions_output,
                   help=_("where to write the decisions (.csv or .xlsx; '-' for CSV on standard output)"))
    p.add_argument("--ledger", metavar="FILE",
                   help=_("SQLite ledger (created on first use): record approvals, count them as pending later"))
    p.add_argument("--exceptions", metavar="FILE", type=output_file(".csv", ".xlsx"),
                   help=_("also write the GM's exceptions report (special approvals beyond the structure)"))
    p.set_defaults(handler=_validate)

    p = verbs.add_parser(
        "status",
        help=_("per position: approved, filled, pending, vacancy"),
        description=_("The staffing-completeness view: approved, filled, pending (approved, not yet filled) "
                      "and vacancy per position or department, from the structure and the ledger."),
    )
    p.add_argument("approved", metavar="APPROVED", help=structure_help)
    p.add_argument("--ledger", metavar="FILE", help=_("the ledger (without it: the structure alone)"))
    p.add_argument("--by", choices=("position", "department"), default="position",
                   help=_("one row per position (default) or per department"))
    p.add_argument("--people", metavar="FILE", help=_("count filled from this people log (with --on)"))
    p.add_argument("--on", metavar="DATE", help=_("the day the people log is counted on"))
    add_csv_option(p)
    p.set_defaults(handler=_status)

    p = verbs.add_parser(
        "fill",
        help=_("record that approved seats were filled (pending → filled)"),
        description=_("Record that seats of approved hire requests were filled, so they count as filled "
                      "instead of pending."),
    )
    p.add_argument("request_ids", metavar="REQUEST_ID", nargs="+", help=_("approved hire requests"))
    p.add_argument("--ledger", metavar="FILE", required=True, help=_("the ledger"))
    p.add_argument("--count", type=int, metavar="N", help=_("seats filled (default: all still pending)"))
    p.add_argument("--date", metavar="YYYY-MM-DD", help=_("when (default: today)"))
    p.add_argument("--people", metavar="FILE", help=_("also record the hires in this people log (with --person)"))
    p.add_argument("--person", dest="persons", action="append", default=[], metavar="ID[:NAME]",
                   help=_("who was hired (工号 or 工号:姓名), once per person; one seat each"))
    p.add_argument("--type", dest="employment_type", default="probation",
                   choices=("probation", "regular", "dispatched", "intern", "retiree"),
                   help=_("how the people are employed (default probation)"))
    p.set_defaults(handler=_fill)

    p = verbs.add_parser(
        "exceptions",
        help=_("the GM's report of special approvals beyond the structure, from the ledger or a decisions file"),
        description=_("Every special approval recorded in the ledger (or in a decisions file, in any language) "
                      "that went beyond the approved structure: how many, which departments, how far over "
                      "establishment."),
    )
    p.add_argument("approved", metavar="APPROVED", help=structure_help)
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--ledger", metavar="FILE", help=_("the ledger"))
    source.add_argument("--decisions", metavar="FILE",
                        help=_("a decisions file written by `orgplan requests validate` (.csv or .xlsx)"))
    add_csv_option(p)
    p.set_defaults(handler=_exceptions)


def _validate(args: argparse.Namespace) -> int:
    structure = read_structure(args.approved)
    decisions = validate_requests(structure, args.requests, ledger=args.ledger)
    report = exceptions_report(decisions, structure)
    shown = for_people(decisions, DECISIONS)
    if args.output == "-":
        emit_table(shown, "-")
    else:
        write_table(shown, args.output, sheet_name=_("decisions"))
    if args.exceptions:
        write_table(for_people(report.requests, EXCEPTIONS), args.exceptions, sheet_name=_("exceptions"))
    stream = sys.stderr if args.output == "-" else sys.stdout
    counts = decisions["decision"].value_counts()
    earlier = int(decisions["recorded_earlier"].sum())
    line = _.ngettext(
        "{file}: {total} request: {approved} approved, {rejected} rejected, {special} needs_special_approval, "
        "{invalid} invalid.",
        "{file}: {total} requests: {approved} approved, {rejected} rejected, {special} needs_special_approval, "
        "{invalid} invalid.", len(decisions)).format(
        file=args.requests, total=len(decisions), approved=int(counts.get("approved", 0)),
        rejected=int(counts.get("rejected", 0)), special=int(counts.get("needs_special_approval", 0)),
        invalid=int(counts.get("invalid", 0)))
    if earlier:
        line += " " + _("({n} decided in an earlier run)").format(n=earlier)
    print(line, file=stream)
    print(report.summary, file=stream)
    if args.ledger is None:
        print(_("Dry run: nothing recorded (use --ledger FILE to record approvals)."), file=stream)
    if args.output != "-":
        print(_("Decisions written to {file}.").format(file=args.output), file=stream)
    return EXIT_OK


def _status(args: argparse.Namespace) -> int:
    structure = read_structure(args.approved)
    counted = None
    if args.people is not None:
        from orgplan.errors import ParameterError
        from orgplan.people import in_post, read_events, roster_on

        if args.on is None:
            raise ParameterError(_("--people needs --on DATE: the day the people in post are counted."))
        counted = in_post(roster_on(read_events(args.people), args.on), structure)
    table = staffing_status(structure, args.ledger, by=args.by, in_post=counted)
    emit_table(for_people(table, STAFFING if args.by == "position" else STAFFING_BY_DEPARTMENT), args.csv)
    return EXIT_OK


def _fill(args: argparse.Namespace) -> int:
    if args.people is not None or args.persons:
        from orgplan.errors import ParameterError
        from orgplan.headcount.ledger import record_hires

        if args.people is None or not args.persons or len(args.request_ids) != 1 or args.count is not None:
            raise ParameterError(_("--people FILE and --person ID[:NAME] go together, with one REQUEST_ID and "
                                   "without --count (one seat per person)."))
        filled = record_hires(args.ledger, args.request_ids[0], args.people, args.persons, date=args.date,
                              employment_type=args.employment_type)
        print(format_table(for_people(filled, FILLS)))
        print(_("Recorded in {file}: {people}.").format(file=args.people, people=", ".join(args.persons)))
        return EXIT_OK
    filled = record_fill(args.ledger, args.request_ids, args.count, date=args.date)
    print(format_table(for_people(filled, FILLS)))
    return EXIT_OK


def _exceptions(args: argparse.Namespace) -> int:
    structure = read_structure(args.approved)
    if args.decisions:
        decisions = canonical_decisions(read_table(args.decisions), args.decisions)
    else:
        decisions = Ledger(args.ledger).decisions(structure.name)
    report = exceptions_report(decisions, structure)
    emit_table(for_people(report.requests, EXCEPTIONS), args.csv)
    print(report.summary, file=sys.stderr if args.csv == "-" else sys.stdout)
    return EXIT_OK
