"""``orgplan people …``: the roster, in-post numbers, checks and movements counted from the people log.

::

    orgplan people status STRUCTURE PEOPLE --on DATE [--no-names] [--dispatch-limit 0.1] [--csv FILE]
    orgplan people roster PEOPLE --on DATE [--no-names] [--csv FILE]
    orgplan people movements PEOPLE --from DATE --to DATE [--structure S] [--by position|unit|department|month]
                             [--chart FILE.png] [--csv FILE]
    orgplan people vacancies STRUCTURE PEOPLE --on DATE [--csv FILE]
    orgplan people check PEOPLE [STRUCTURE[@DATE] …]
    orgplan people import EXPORT --structure S -o PEOPLE.csv

Columns of personal data in the input (身份证号, 手机 …) are left out on
reading, with one note, and never written.
"""

from __future__ import annotations

import argparse
import sys

from orgplan.cli._common import EXIT_FINDINGS, EXIT_OK, add_csv_option, emit_table, output_file
from orgplan.i18n import Translator

_ = Translator("people")

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``orgplan people`` and its sub-verbs."""
    parser = subparsers.add_parser(
        "people", help=_("people: the roster on a date, in-post numbers, checks, movements, HR export import"),
        description=_("Count in-post numbers, vacancies and 超编 from the people log (hires, confirmations, "
                      "transfers, promotions, leaves) instead of typing them."))
    verbs = parser.add_subparsers(dest="people_verb", metavar="SUBVERB")
    verbs.required = True
    people_help = _("the people log (.csv or .xlsx; 工号, 姓名, 日期, 事件, 职位编号, 用工形式 …)")
    structure_help = _("a structure folder or .xlsx workbook")

    p = verbs.add_parser("status", help=_("per position on a date: establishment, in post, vacancy, checks"),
                         description=_("In-post numbers per position counted from the people log on a date, "
                                       "with the checks: people in positions that do not exist, filled typed "
                                       "otherwise, 超编, the share of dispatched workers, probations running out, "
                                       "long vacancies. Exit 1 when a check finds an error."))
    p.add_argument("structure", metavar="STRUCTURE", help=structure_help)
    p.add_argument("people", metavar="PEOPLE", help=people_help)
    _on(p)
    _names(p)
    p.add_argument("--dispatch-limit", type=float, default=0.10, metavar="SHARE",
                   help=_("largest share of dispatched workers (default 0.10: Interim Provisions on Labor "
                          "Dispatch, 2014, Art. 4)"))
    p.add_argument("--probation-days", type=int, default=30, metavar="DAYS",
                   help=_("warn about probations ending within DAYS (default 30)"))
    p.add_argument("--probation-months", type=int, default=3, metavar="N",
                   help=_("probation assumed when a hire gives no end (default 3 months)"))
    p.add_argument("--vacancy-days", type=int, default=90, metavar="DAYS",
                   help=_("warn about seats open longer than DAYS (default 90)"))
    p.add_argument("--structures", nargs="+", default=[], metavar="PATH[@DATE]",
                   help=_("the structures in force over the log, earliest first, each from its DATE (default: "
                          "its approval date): events are checked against the one in force on their date, and "
                          "a seat is no older than the structure that created it"))
    add_csv_option(p)
    p.set_defaults(handler=_status)

    p = verbs.add_parser("roster", help=_("the people in post on a date (花名册)"),
                         description=_("The people in post on a date, one row each, derived from the events."))
    p.add_argument("people", metavar="PEOPLE", help=people_help)
    _on(p)
    _names(p)
    add_csv_option(p)
    p.set_defaults(handler=_roster)

    _add_reports(verbs, people_help, structure_help)


def _add_reports(verbs: argparse._SubParsersAction, people_help: str, structure_help: str) -> None:
    """``people movements``, ``vacancies``, ``check`` and ``import``."""
    p = verbs.add_parser("movements", help=_("joiners, leavers, movers and turnover between two dates"),
                         description=_("Joiners, leavers (voluntary / involuntary), movers, headcount at start and "
                                       "end, and turnover (leavers ÷ ((start + end) ÷ 2)) between two dates, both "
                                       "included, per position, unit, department or month."))
    p.add_argument("people", metavar="PEOPLE", help=people_help)
    p.add_argument("--from", dest="start", required=True, metavar="DATE", help=_("first day of the period"))
    p.add_argument("--to", dest="end", required=True, metavar="DATE", help=_("last day of the period"))
    p.add_argument("--structure", metavar="S", help=_("the structure (for units, titles, --by unit/department)"))
    p.add_argument("--by", choices=("position", "unit", "department", "month"), default="position",
                   help=_("one row per position (default), unit, department or month"))
    p.add_argument("--chart", metavar="FILE", type=output_file(".png", ".svg", ".pdf"),
                   help=_("also draw the headcount over the period (.png, .svg or .pdf)"))
    add_csv_option(p)
    p.set_defaults(handler=_movements)

    p = verbs.add_parser("vacancies", help=_("open seats on a date: since when, and time to fill"),
                         description=_("Every open seat of the structure on a date with the day it opened and "
                                       "how many days it has been open; then the seats filled in the 12 months "
                                       "before and how long each took."))
    p.add_argument("structure", metavar="STRUCTURE", help=structure_help)
    p.add_argument("people", metavar="PEOPLE", help=people_help)
    _on(p)
    p.add_argument("--structures", nargs="+", default=[], metavar="PATH[@DATE]",
                   help=_("the structures in force over the log, earliest first (see people status)"))
    add_csv_option(p)
    p.set_defaults(handler=_vacancies)

    p = verbs.add_parser("check", help=_("check that the events follow one another"),
                         description=_("Check the people log: transfers or leaves of someone not in post, hires "
                                       "of someone in post, events of one day that contradict, and (with "
                                       "structures) positions that do not exist on the event's date. A structure "
                                       "may be given as PATH@YYYY-MM-DD: in force from that day. Exit 1 when "
                                       "there is a finding."))
    p.add_argument("people", metavar="PEOPLE", help=people_help)
    p.add_argument("structures", metavar="STRUCTURE[@DATE]", nargs="*", help=structure_help)
    add_csv_option(p)
    p.set_defaults(handler=_check)

    p = verbs.add_parser("import", help=_("turn an HR system's roster export into a people log"),
                         description=_("Read an HR system's roster export (工号, 姓名, 部门, 岗位, 入职日期, "
                                       "转正日期, 离职日期, 用工形式), find each person's position by 职位编号 or by "
                                       "(部门, 岗位), and write the people log. A title that matches no position "
                                       "or several is an error naming the row."))
    p.add_argument("export", metavar="EXPORT", help=_("the HR system's export (.xlsx or .csv)"))
    p.add_argument("--structure", required=True, metavar="S", help=structure_help)
    p.add_argument("-o", "--output", required=True, metavar="PEOPLE", type=output_file(".csv", ".xlsx"),
                   help=_("where to write the people log (.csv or .xlsx)"))
    p.set_defaults(handler=_import)


def _on(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--on", required=True, metavar="DATE", help=_("the day (YYYY-MM-DD); its events count"))


def _names(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--no-names", dest="names", action="store_false",
                        help=_("leave names out of every output"))


def _note(events, stream=None) -> None:
    from orgplan.people.display import dropped_note

    note = dropped_note(events)
    if note:
        print(note, file=stream or sys.stderr)


def _read(path: str):
    from orgplan.people.events import read_events

    events = read_events(path)
    _note(events)
    return events


def _dated(texts: list[str]) -> dict:
    """``PATH[@DATE]`` arguments → {first day in force: structure}; the first from the beginning, the others
    from their DATE or else their approval date."""
    from orgplan.model.io import read_structure

    dated: dict = {}
    for text in texts:
        path, _sep, day = text.rpartition("@") if "@" in text else (text, "", "")
        structure = read_structure(path)
        approved_on = structure.info.approved_on
        dated[day or (approved_on.isoformat() if approved_on and dated else None)] = structure
    return dated


def _status(args: argparse.Namespace) -> int:
    from orgplan.model.io import read_structure
    from orgplan.organisation.display import findings_listing
    from orgplan.people.checks import PeopleRules, people_checks
    from orgplan.people.display import people_table
    from orgplan.people.roster import position_status, roster_on

    structure = read_structure(args.structure)
    events = _read(args.people)
    rules = PeopleRules(dispatch_limit=args.dispatch_limit, probation_notice_days=args.probation_days,
                        probation_months=args.probation_months, long_vacancy_days=args.vacancy_days)
    roster = roster_on(events, args.on, names=args.names)
    status = position_status(structure, roster)
    findings = people_checks(structure, events, args.on, rules, names=args.names,
                             structures=_dated(args.structures) or None)
    stream = sys.stderr if args.csv == "-" else sys.stdout
    emit_table(people_table(status), args.csv)
    if not findings.empty:
        print(file=stream)
        emit_table(findings_listing(findings), None, stream=stream)
    errors = int((findings["severity"] == "error").sum())
    print(_("{date}: {people} in post for an establishment of {approved}; {errors}, {warnings}.").format(
        date=args.on, people=int(status["filled"].sum()), approved=int(status["approved"].sum()),
        errors=_.ngettext("{n} error", "{n} errors", errors).format(n=errors),
        warnings=_.ngettext("{n} warning", "{n} warnings", len(findings) - errors).format(n=len(findings) - errors)),
        file=stream)
    return EXIT_FINDINGS if errors else EXIT_OK


def _roster(args: argparse.Namespace) -> int:
    from orgplan.people.display import people_table
    from orgplan.people.roster import roster_on

    roster = roster_on(_read(args.people), args.on, names=args.names)
    if not args.names:
        roster = roster.drop(columns="name")
    emit_table(people_table(roster), args.csv)
    if args.csv != "-":
        print(_.ngettext("{n} person in post on {date}.", "{n} people in post on {date}.", len(roster)).format(
            n=len(roster), date=args.on))
    return EXIT_OK


def _movements(args: argparse.Namespace) -> int:
    from orgplan.people.display import people_table
    from orgplan.people.movements import headcount_by_month, monthly_turnover, movements, turnover

    events = _read(args.people)
    structure = None
    if args.structure:
        from orgplan.model.io import read_structure

        structure = read_structure(args.structure)
    if args.by == "month":
        table = monthly_turnover(events, args.start, args.end)
    else:
        table = movements(events, args.start, args.end, structure=structure, by=args.by)
    emit_table(people_table(table.round({"turnover": 4})), args.csv)
    t = turnover(events, args.start, args.end)
    stream = sys.stderr if args.csv == "-" else sys.stdout
    print(_("{start} to {end} ({days} days): {joiners} joined, {leavers} left ({voluntary} voluntary, {involuntary} "
            "involuntary); headcount {first} → {last}. Turnover = leavers ÷ ((start + end) ÷ 2) = {rate:.2%}, "
            "annualised {annual:.2%}.").format(
        start=args.start, end=args.end, days=t.days, joiners=t.joiners, leavers=t.leavers, voluntary=t.voluntary,
        involuntary=t.involuntary, first=t.start, last=t.end, rate=t.rate, annual=t.annualised), file=stream)
    if args.chart:
        from orgplan.render.people_figures import plot_headcount

        approved = int(structure.positions["approved"].sum()) if structure is not None else None
        plot_headcount(headcount_by_month(events, args.start, args.end), establishment=approved).savefig(args.chart)
        print(_("Chart written to {file}.").format(file=args.chart), file=stream)
    return EXIT_OK


def _vacancies(args: argparse.Namespace) -> int:
    import pandas as pd

    from orgplan.model.io import read_structure
    from orgplan.people.display import people_table
    from orgplan.people.events import parse_day
    from orgplan.people.vacancies import time_to_fill, vacancy_ageing

    structure = read_structure(args.structure)
    events = _read(args.people)
    ageing = vacancy_ageing(events, structure, args.on, structures=_dated(args.structures) or None)
    emit_table(people_table(ageing), args.csv)
    if args.csv is None:
        day = parse_day(args.on)
        fills = time_to_fill(events, day - pd.DateOffset(years=1) + pd.Timedelta(days=1), day)
        print()
        print(_("Seats filled in the 12 months to {date} (first opened, first filled):").format(date=args.on))
        emit_table(people_table(fills), None)
        if len(fills):
            print(_("Time to fill: {mean:.0f} days on average, {median:.0f} days median.").format(
                mean=fills["days_to_fill"].mean(), median=fills["days_to_fill"].median()))
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    from orgplan.organisation.display import findings_listing, findings_table
    from orgplan.people.events import event_findings

    events = _read(args.people)
    findings = event_findings(events, _dated(args.structures) or None)
    if args.csv is not None:
        emit_table(findings_table(findings), args.csv)
    elif not findings.empty:
        emit_table(findings_listing(findings), None)
    stream = sys.stderr if args.csv == "-" else sys.stdout
    print(_.ngettext("{file}: {n} finding.", "{file}: {n} findings.", len(findings)).format(
        file=args.people, n=len(findings)), file=stream)
    return EXIT_FINDINGS if len(findings) else EXIT_OK


def _import(args: argparse.Namespace) -> int:
    from orgplan.model.io import read_structure
    from orgplan.people.display import people_table
    from orgplan.people.hris import import_hris
    from orgplan.tables.io import write_table

    events = import_hris(args.export, read_structure(args.structure))
    _note(events, sys.stdout)
    columns = ["person_id", "name", "date", "event", "position_id", "employment_type", "leave_reason", "fte",
               "probation_end", "note"]
    write_table(people_table(events[columns]), args.output)
    print(_("{n} events of {people} people written to {file}.").format(
        n=len(events), people=events["person_id"].nunique(), file=args.output))
    return EXIT_OK
