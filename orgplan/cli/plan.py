"""``orgplan plan status|gantt|check``: the yearly plan's status on a day, its Gantt chart, its checks."""

from __future__ import annotations

import argparse
import sys

import pandas as pd

from orgplan.cli._common import EXIT_FINDINGS, EXIT_OK, add_csv_option, emit_table, output_file
from orgplan.i18n import Translator
from orgplan.render.gantt import gantt_chart
from orgplan.yearplan.plan import (
    CyclicPlanError, check_plan, display_findings, display_status, plan_status, read_plan, status_summary,
)

_ = Translator("yearplan")


def register(subparsers: argparse._SubParsersAction) -> None:
    plan = subparsers.add_parser(
        "plan",
        help=_("the yearly plan: status on a day, Gantt chart, checks"),
        description=_("Work with a yearly plan table (task_id, task, owner, co_owner, start, due, "
                      "depends_on, done_on)."),
    )
    verbs = plan.add_subparsers(dest="plan_verb", metavar="ACTION")
    verbs.required = True
    plan_help = _("the plan table (.csv or .xlsx)")
    today_help = _("the day to judge on, YYYY-MM-DD (default: today)")

    p = verbs.add_parser(
        "status",
        help=_("each task's status on a day (done, overdue, blocked, in progress, not started)"),
        description=_("Print each task's status on --today (default: today). Exit 0; 1 when the plan's "
                      "dependencies form a cycle (the tasks on it are named); 2 when the plan cannot be read."),
    )
    p.add_argument("plan", metavar="PLAN", help=plan_help)
    p.add_argument("--today", metavar="DATE", help=today_help)
    add_csv_option(p)
    p.set_defaults(handler=_status)

    p = verbs.add_parser(
        "gantt",
        help=_("draw the plan as a Gantt chart (PNG, SVG or PDF)"),
        description=_("Draw a Gantt chart: bars coloured by status on --today, today's line, dependency arrows."),
    )
    p.add_argument("plan", metavar="PLAN", help=plan_help)
    p.add_argument("--today", metavar="DATE", help=today_help)
    p.add_argument("-o", "--output", required=True, metavar="OUT", type=output_file(".png", ".svg", ".pdf"),
                   help=_("the chart file: .png, .svg or .pdf"))
    p.set_defaults(handler=_gantt)

    p = verbs.add_parser(
        "check",
        help=_("check the plan: cycles, unknown dependencies, due dates, owners"),
        description=_("Print the plan's findings. Exit 0 when there is no error (warnings allowed), "
                      "1 when there are errors, 2 when the plan cannot be read."),
    )
    p.add_argument("plan", metavar="PLAN", help=plan_help)
    add_csv_option(p)
    p.set_defaults(handler=_check)


def _status(args: argparse.Namespace) -> int:
    plan = read_plan(args.plan)
    try:
        status = plan_status(plan, args.today)
    except CyclicPlanError as exc:
        print(f"orgplan: {exc}", file=sys.stderr)
        return EXIT_FINDINGS
    emit_table(display_status(status), args.csv)
    if args.csv is None:
        print(status_summary(status))
    if args.today is None and len(status):
        first = pd.to_datetime(status["start"]).min()
        today = pd.Timestamp.today().normalize()
        if pd.notna(first) and today < first:
            print(_("Today ({today}) is before the plan's first task starts ({first}), so no task has started yet. "
                    "Give --today YYYY-MM-DD to see the plan on another day.").format(
                today=f"{today:%Y-%m-%d}", first=f"{first:%Y-%m-%d}"), file=sys.stderr if args.csv == "-" else sys.stdout)
    return EXIT_OK


def _gantt(args: argparse.Namespace) -> int:
    plan = read_plan(args.plan)
    try:
        chart = gantt_chart(plan, args.today)
    except CyclicPlanError as exc:
        print(f"orgplan: {exc}", file=sys.stderr)
        return EXIT_FINDINGS
    path = chart.save(args.output)
    print(_.ngettext("Wrote {path} ({n} task, today {day}).", "Wrote {path} ({n} tasks, today {day}).",
                     len(chart.status)).format(path=path, n=len(chart.status), day=f"{chart.today:%Y-%m-%d}"))
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    findings = check_plan(read_plan(args.plan))
    errors = int((findings["severity"] == "error").sum())
    warnings = len(findings) - errors
    if args.csv is not None:
        emit_table(display_findings(findings), args.csv)
    elif not findings.empty:
        emit_table(display_findings(findings[["severity", "rule", "task_id", "message", "row"]]), None)
    stream = sys.stderr if args.csv == "-" else sys.stdout
    counted = _("{errors}, {warnings}.").format(
        errors=_.ngettext("{n} error", "{n} errors", errors).format(n=errors),
        warnings=_.ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings))
    print(_("{file}: {counts}").format(file=args.plan, counts=counted), file=stream)
    return EXIT_FINDINGS if errors else EXIT_OK
