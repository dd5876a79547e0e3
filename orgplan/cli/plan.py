"""``orgplan plan status|gantt|check``: the yearly plan's status on a day, its Gantt chart, its checks."""

from __future__ import annotations

import argparse
import sys

from orgplan.cli._common import EXIT_FINDINGS, EXIT_OK, add_csv_option, emit_table, output_file
from orgplan.render.gantt import gantt_chart
from orgplan.yearplan.plan import CyclicPlanError, check_plan, plan_status, read_plan


def register(subparsers: argparse._SubParsersAction) -> None:
    plan = subparsers.add_parser(
        "plan",
        help="the yearly plan: status on a day, Gantt chart, checks",
        description="Work with a yearly plan table (task_id, task, owner, co_owner, start, due, "
                    "depends_on, done_on).",
    )
    verbs = plan.add_subparsers(dest="plan_verb", metavar="ACTION")
    verbs.required = True

    p = verbs.add_parser(
        "status",
        help="each task's status on a day (done, overdue, blocked, in_progress, not_started)",
        description="Print each task's status on --today (default: today). Exit 0; 1 when the plan's "
                    "dependencies form a cycle (the tasks on it are named); 2 when the plan cannot be read.",
    )
    p.add_argument("plan", metavar="PLAN", help="the plan table (.csv or .xlsx)")
    p.add_argument("--today", metavar="DATE", help="the day to judge on, YYYY-MM-DD (default: today)")
    add_csv_option(p)
    p.set_defaults(handler=_status)

    p = verbs.add_parser(
        "gantt",
        help="draw the plan as a Gantt chart (PNG, SVG or PDF)",
        description="Draw a Gantt chart: bars coloured by status on --today, today's line, dependency arrows.",
    )
    p.add_argument("plan", metavar="PLAN", help="the plan table (.csv or .xlsx)")
    p.add_argument("--today", metavar="DATE", help="the day to judge on, YYYY-MM-DD (default: today)")
    p.add_argument("-o", "--output", required=True, metavar="OUT", type=output_file(".png", ".svg", ".pdf"),
                   help="the chart file: .png, .svg or .pdf")
    p.set_defaults(handler=_gantt)

    p = verbs.add_parser(
        "check",
        help="check the plan: cycles, unknown dependencies, due dates, owners",
        description="Print the plan's findings. Exit 0 when there is no error (warnings allowed), "
                    "1 when there are errors, 2 when the plan cannot be read.",
    )
    p.add_argument("plan", metavar="PLAN", help="the plan table (.csv or .xlsx)")
    add_csv_option(p)
    p.set_defaults(handler=_check)


def _status(args: argparse.Namespace) -> int:
    plan = read_plan(args.plan)
    try:
        status = plan_status(plan, args.today)
    except CyclicPlanError as exc:
        print(f"orgplan: {exc}", file=sys.stderr)
        return EXIT_FINDINGS
    if args.csv is None:
        shown = status.copy()
        for column in ("start", "due", "done_on"):
            shown[column] = shown[column].dt.strftime("%Y-%m-%d")
        emit_table(shown, None)
        counts = status["status"].value_counts()
        print(", ".join(f"{counts[s]} {s}" for s in ("done", "overdue", "blocked", "in_progress", "not_started")
                        if s in counts) + ".")
    else:
        emit_table(status, args.csv)
    return EXIT_OK


def _gantt(args: argparse.Namespace) -> int:
    plan = read_plan(args.plan)
    try:
        chart = gantt_chart(plan, args.today)
    except CyclicPlanError as exc:
        print(f"orgplan: {exc}", file=sys.stderr)
        return EXIT_FINDINGS
    path = chart.save(args.output)
    print(f"Wrote {path} ({len(chart.status)} tasks, today {chart.today:%Y-%m-%d}).")
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    findings = check_plan(read_plan(args.plan))
    errors = int((findings["severity"] == "error").sum())
    warnings = len(findings) - errors
    if args.csv is not None:
        emit_table(findings, args.csv)
    elif not findings.empty:
        emit_table(findings[["severity", "rule", "task_id", "message", "row"]].astype(object)
                   .where(findings.notna(), ""), None)
    stream = sys.stderr if args.csv == "-" else sys.stdout
    print(f"{args.plan}: {errors} error{'s' if errors != 1 else ''}, "
          f"{warnings} warning{'s' if warnings != 1 else ''}.", file=stream)
    return EXIT_FINDINGS if errors else EXIT_OK
