"""``orgplan staffing`` and ``orgplan workload``: the establishment the business calls for (定编), and workload.

* ``orgplan staffing DRIVERS RATIOS STRUCTURE [--view …] [--what-if STEP …]
  [--in-post FILE] [-o DRAFT] [--csv FILE]`` — the recommended
  establishment beside the approved one with the monthly cost of each
  difference, the checks; with ``--what-if`` the change a what-if makes;
  with ``-o`` a draft structure (and its scenario file) that ``orgplan diff``
  compares. Exit 1 when a check warns.
* ``orgplan workload HOURS STRUCTURE [--ratios FILE] [--over X] [--under X]
  [--view positions|matrix|duties] [--csv FILE]`` — each position's load
  against its establishment from hours per duty; exit 1 when a position is
  over- or under-loaded.
"""

from __future__ import annotations

import argparse
import sys

import pandas as pd

from orgplan.cli._common import EXIT_FINDINGS, EXIT_OK, add_csv_option, emit_table, format_table, \
    output_structure
from orgplan.i18n import Translator

_ = Translator("staffing")

__all__ = ["register"]

_VIEWS = ("positions", "units", "months", "findings", "uncovered", "sensitivity", "rules")
_ESTABLISHMENT_COLUMNS = ["position_id", "title", "month", "need", "recommended", "approved", "filled", "difference",
                          "cost_difference", "status"]


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``orgplan staffing`` and ``orgplan workload``."""
    p = subparsers.add_parser(
        "staffing", help=_("recommended establishment from next year's volumes and the staffing ratios (定编)"),
        description=_("Divide next year's business volumes by the staffing ratios: the establishment each "
                      "position needs, beside the approved establishment and the people in post, with the "
                      "monthly cost of each difference and the checks (ratios outside their range, positions "
                      "without a rule, productive share, spans, layers). --what-if shows what a change of the "
                      "target, a driver or a ratio does; -o writes the recommendation as a draft structure."))
    p.add_argument("drivers", metavar="DRIVERS", help=_("the drivers by month (.csv or .xlsx), e.g. "
                                                        "data/staffing/drivers-2027.csv"))
    p.add_argument("ratios", metavar="RATIOS", help=_("the staffing ratios (.yaml), e.g. data/staffing/ratios.yaml"))
    p.add_argument("structure", metavar="STRUCTURE", help=_("the structure to compare with (folder or .xlsx)"))
    p.add_argument("--view", choices=_VIEWS, default="positions",
                   help=_("which table to print (default: positions)"))
    p.add_argument("--what-if", metavar="STEP", action="append", dest="what_if", default=[],
                   help=_("a what-if step such as target+10%%, bays+1, repair_orders-5%% or SHOW-CONS=10 (repeat "
                          "or separate with commas)"))
    p.add_argument("--in-post", metavar="FILE", dest="in_post",
                   help=_("people in post per position (position_id, filled), instead of the structure's"))
    p.add_argument("-o", "--output", metavar="DRAFT", type=output_structure,
                   help=_("write the recommended establishment as a draft structure (folder or .xlsx) with its "
                          "scenario file"))
    add_csv_option(p)
    p.set_defaults(handler=run_staffing)

    w = subparsers.add_parser(
        "workload", help=_("workload per position from hours per duty (工作量)"),
        description=_("Hours per week per duty and position (a table or the returned survey forms' workload "
                      "sheets) against the establishment: FTE need = hours ÷ standard hours, load = FTE need ÷ "
                      "establishment, over- and under-loaded positions flagged; the duty × position matrix."))
    w.add_argument("hours", metavar="HOURS", nargs="+",
                   help=_("a table position_id, duty_id, hours (.csv or .xlsx), or returned survey forms (.xlsx)"))
    w.add_argument("--structure", metavar="STRUCTURE", required=True,
                   help=_("the structure the hours belong to (folder or .xlsx)"))
    w.add_argument("--ratios", metavar="FILE", help=_("the staffing ratios (.yaml): their standard_hours"))
    w.add_argument("--standard-hours", type=float, dest="standard_hours",
                   help=_("hours in a standard week (default: the ratios' standard_hours, or 40)"))
    w.add_argument("--over", type=float, default=1.10, help=_("load above which a position is over-loaded "
                                                              "(default 1.10)"))
    w.add_argument("--under", type=float, default=0.80, help=_("load below which a position is under-loaded "
                                                               "(default 0.80)"))
    w.add_argument("--view", choices=("positions", "matrix", "duties"), default="positions",
                   help=_("which table to print (default: positions)"))
    add_csv_option(w)
    w.set_defaults(handler=run_workload)


def _read_in_post(path: str | None) -> pd.DataFrame | None:
    if path is None:
        return None
    from orgplan.staffing.recommend import read_in_post

    return read_in_post(path)


def run_staffing(args: argparse.Namespace) -> int:
    """Handler of ``orgplan staffing``."""
    from orgplan.model.io import read_structure
    from orgplan.organisation.diff import diff_summary
    from orgplan.staffing import read_drivers, read_ratios, recommend, write_draft
    from orgplan.staffing.display import display_table, summary_lines
    from orgplan.staffing.whatif import apply_steps, compare, parse_steps, sensitivity

    steps = parse_steps(args.what_if)
    drivers, ratios = read_drivers(args.drivers), read_ratios(args.ratios)
    structure = read_structure(args.structure)
    in_post = _read_in_post(args.in_post)
    plan = recommend(drivers, ratios, structure, in_post=in_post)
    stream = sys.stderr if args.csv == "-" else sys.stdout
    if steps:
        after = recommend(*apply_steps(drivers, ratios, steps), structure, in_post=in_post)
        change = compare(plan, after)
        print(_("What-if: {steps}").format(steps=", ".join(s.describe() for s in steps)), file=stream)
        shown = change[change["change"] != 0] if args.csv is None else change
        emit_table(display_table(shown), args.csv)
        print(_("Change: {people:+d} people, {cost} a month.").format(
            people=int(change["change"].sum()), cost=f"{change['cost_change'].sum():+,.0f}"), file=stream)
        plan = after
    else:
        table = _view(plan, args.view, drivers, ratios, structure, sensitivity)
        for line in summary_lines(plan):
            print(line, file=stream)
        print(file=stream)
        emit_table(display_table(table), args.csv)
    findings = plan.findings
    if args.view != "findings" and len(findings) and args.csv is None:
        print("\n" + _.ngettext("{n} finding:", "{n} findings:", len(findings)).format(n=len(findings)), file=stream)
        print(format_table(display_table(findings[["severity", "code", "message"]])), file=stream)
    if args.output:
        path, scenario = write_draft(structure, plan.establishment, args.output, base=args.structure)
        print("\n" + _("Wrote the draft {path} and its scenario {scenario}; compare with: orgplan diff {base} {path}")
              .format(path=path, scenario=scenario, base=args.structure), file=stream)
        print(diff_summary(structure, read_structure(path)).to_text(), file=stream)
    return EXIT_FINDINGS if (findings["severity"] == "warning").any() else EXIT_OK


def _view(plan, view: str, drivers, ratios, structure, sensitivity) -> pd.DataFrame:
    if view == "positions":
        return plan.establishment[_ESTABLISHMENT_COLUMNS]
    if view == "units":
        return plan.by_unit
    if view == "months":
        return plan.monthly.round(2).reset_index()
    if view == "findings":
        return plan.findings
    if view == "uncovered":
        return plan.uncovered
    if view == "sensitivity":
        return sensitivity(drivers, ratios, structure)
    from orgplan.staffing.ratios import rules_table

    return rules_table(ratios)


def run_workload(args: argparse.Namespace) -> int:
    """Handler of ``orgplan workload``."""
    from orgplan.model.io import read_structure
    from orgplan.staffing.display import display_table
    from orgplan.staffing.ratios import read_ratios
    from orgplan.staffing.workload import duty_findings, read_hours_files, workload, workload_matrix

    structure = read_structure(args.structure)
    hours = read_hours_files(args.hours, structure)
    standard = args.standard_hours or (read_ratios(args.ratios).standard_hours if args.ratios else 40.0)
    table = workload(hours, structure, standard_hours=standard, over=args.over, under=args.under)
    stream = sys.stderr if args.csv == "-" else sys.stdout
    if args.view == "matrix":
        shown = workload_matrix(hours, structure, standard_hours=standard)
    elif args.view == "duties":
        shown = duty_findings(hours, structure)
    else:
        shown = table
    emit_table(display_table(shown), args.csv)
    flagged = table[table["flag"].isin(("over", "under"))]
    print("\n" + _("{over} over-loaded and {under} under-loaded positions (standard week {hours} hours; over above "
                   "{high}, under below {low} of the establishment).").format(
        over=int((table["flag"] == "over").sum()), under=int((table["flag"] == "under").sum()),
        hours=f"{standard:g}", high=f"{args.over:.0%}", low=f"{args.under:.0%}"), file=stream)
    return EXIT_FINDINGS if len(flagged) else EXIT_OK
