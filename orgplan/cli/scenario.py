"""``orgplan diff`` and ``orgplan scenario …``: what changed, and replaying scenario files."""

from __future__ import annotations

import argparse
import sys

import pandas as pd

from orgplan.cli._common import EXIT_FINDINGS, EXIT_OK, add_csv_option, emit_table, format_table, \
    output_structure
from orgplan.organisation.diff import diff, diff_summary, format_delta
from orgplan.model.io import read_structure
from orgplan.organisation.review import save_version
from orgplan.organisation.scenario import Scenario


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "diff",
        help="what changed between two structures: headcount and cost deltas, then every change",
        description="Compare OLD with NEW (structure folders or .xlsx workbooks). Prints the headcount and "
                    "cost deltas (overall and per department) and one row per change; --csv writes the "
                    "change table (kind, id, name, change, field, old, new).",
    )
    p.add_argument("old", metavar="OLD", help="the structure before (folder or .xlsx)")
    p.add_argument("new", metavar="NEW", help="the structure after (folder or .xlsx)")
    p.add_argument("--level", type=int, default=2,
                   help="deepest unit level in the per-department table (1 company, 2 departments, "
                        "3 sections and teams; default %(default)s)")
    add_csv_option(p)
    p.set_defaults(handler=_diff)

    p = subparsers.add_parser(
        "scenario",
        help="replay a restructuring scenario file (YAML) on a structure",
        description="Work with scenario files: an ordered list of changes to a base structure.",
    )
    verbs = p.add_subparsers(dest="scenario_verb", metavar="ACTION")
    verbs.required = True
    a = verbs.add_parser(
        "apply",
        help="apply a scenario to BASE and write the resulting draft structure",
        description="Apply the changes of SCENARIO_FILE to BASE and write the resulting structure (status "
                    "draft) to OUT_DIR. If any change does not fit BASE, every conflict is listed, nothing is "
                    "written and the exit code is 1.",
    )
    a.add_argument("base", metavar="BASE", help="the base structure (folder or .xlsx)")
    a.add_argument("scenario", metavar="SCENARIO_FILE", help="the scenario (.yaml)")
    a.add_argument("-o", "--output", metavar="OUT_DIR", required=True, type=output_structure,
                   help="folder (or .xlsx) to write the resulting structure to")
    a.set_defaults(handler=_apply)
    s = verbs.add_parser("show", help="list a scenario's changes",
                         description="Print the changes of SCENARIO_FILE, one per line.")
    s.add_argument("scenario", metavar="SCENARIO_FILE", help="the scenario (.yaml)")
    add_csv_option(s)
    s.set_defaults(handler=_show)


def _diff(args: argparse.Namespace) -> int:
    old, new = read_structure(args.old), read_structure(args.new)
    changes = diff(old, new)
    summary = diff_summary(old, new, level=args.level)
    stream = sys.stderr if args.csv == "-" else sys.stdout
    print(f"{old.name} → {new.name}", file=stream)
    print(summary.to_text(), file=stream)
    if args.csv is not None:
        emit_table(changes, args.csv)
        if args.csv != "-":
            print(f"{len(changes)} change row{'s' if len(changes) != 1 else ''} written to {args.csv}", file=stream)
        return EXIT_OK
    print("\nBy department:", file=stream)
    print(format_table(_department_table(summary.by_department)), file=stream)
    print(f"\nChanges ({len(changes)}):", file=stream)
    if len(changes):
        print(format_table(changes.fillna("")), file=stream)
    else:
        print("(none: the structures have the same tables)", file=stream)
    return EXIT_OK


def _department_table(table: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame({"unit_id": table["unit_id"], "name": table["name"]})
    for figure, label in (("approved", "approved"), ("filled", "filled"), ("vacancy", "vacancy")):
        out[label] = [f"{o} → {n}" for o, n in zip(table[f"{figure}_old"], table[f"{figure}_new"])]
        out[f"Δ {label}"] = [format_delta(v) for v in table[f"{figure}_delta"]]
    out["Δ monthly cost"] = [format_delta(v) for v in table["monthly_cost_delta"]]
    return out


def _apply(args: argparse.Namespace) -> int:
    base = read_structure(args.base)
    scenario = Scenario.load(args.scenario)
    conflicts = scenario.conflicts(base)
    if len(conflicts):
        print(f"Scenario {scenario.name!r} does not fit {args.base}: {len(conflicts)} conflict"
              f"{'s' if len(conflicts) != 1 else ''}; nothing written.", file=sys.stderr)
        print(format_table(conflicts[["step", "op", "reason"]]), file=sys.stderr)
        return EXIT_FINDINGS
    result = scenario.apply(base)
    path = save_version(result, args.output)
    print(f"{scenario.name}: {len(scenario.changes)} change{'s' if len(scenario.changes) != 1 else ''} applied to "
          f"{base.name}")
    print(diff_summary(base, result).to_text())
    print(f"wrote {path}")
    return EXIT_OK


def _show(args: argparse.Namespace) -> int:
    scenario = Scenario.load(args.scenario)
    if args.csv is None:
        print(f"{scenario.name}" + (f" — {scenario.description}" if scenario.description else ""))
        print(f"base: {scenario.base}")
    emit_table(scenario.to_frame(), args.csv)
    return EXIT_OK
