"""``orgplan diff`` and ``orgplan scenario …``: what changed, and replaying scenario files."""

from __future__ import annotations

import argparse
import sys

from orgplan.cli._common import EXIT_FINDINGS, EXIT_OK, add_csv_option, emit_table, format_table, \
    output_structure
from orgplan.cli.pay import add_summary_options, print_diff_split
from orgplan.i18n import Translator
from orgplan.model.io import read_structure
from orgplan.organisation.diff import diff, diff_summary
from orgplan.organisation.display import CONFLICTS, SCENARIO_STEPS, changes_table, for_people
from orgplan.organisation.review import save_version
from orgplan.organisation.scenario import Scenario

_ = Translator("organisation")


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "diff",
        help=_("what changed between two structures: headcount and cost deltas, then every change"),
        description=_("Compare OLD with NEW (structure folders or .xlsx workbooks). Prints the headcount and "
                      "cost deltas (overall and per department) and one row per change; --csv writes the "
                      "change table (kind, id, name, change, field, old, new)."),
    )
    p.add_argument("old", metavar="OLD", help=_("the structure before (folder or .xlsx)"))
    p.add_argument("new", metavar="NEW", help=_("the structure after (folder or .xlsx)"))
    p.add_argument("--level", type=int, default=2,
                   help=_("deepest unit level in the per-department table (1 company, 2 departments, "
                          "3 sections and teams; default %(default)s)"))
    add_csv_option(p)
    add_summary_options(p)
    p.set_defaults(handler=_diff)

    p = subparsers.add_parser(
        "scenario",
        help=_("replay a restructuring scenario file (YAML) on a structure"),
        description=_("Work with scenario files: an ordered list of changes to a base structure."),
    )
    verbs = p.add_subparsers(dest="scenario_verb", metavar="ACTION")
    verbs.required = True
    a = verbs.add_parser(
        "apply",
        help=_("apply a scenario to BASE and write the resulting draft structure"),
        description=_("Apply the changes of SCENARIO_FILE to BASE and write the resulting structure (status "
                      "draft) to OUT_DIR. If any change does not fit BASE, every conflict is listed, nothing is "
                      "written and the exit code is 1."),
    )
    a.add_argument("base", metavar="BASE", help=_("the base structure (folder or .xlsx)"))
    a.add_argument("scenario", metavar="SCENARIO_FILE", help=_("the scenario (.yaml)"))
    a.add_argument("-o", "--output", metavar="OUT_DIR", required=True, type=output_structure,
                   help=_("folder (or .xlsx) to write the resulting structure to"))
    a.set_defaults(handler=_apply)
    s = verbs.add_parser("show", help=_("list a scenario's changes"),
                         description=_("Print the changes of SCENARIO_FILE, one per line."))
    s.add_argument("scenario", metavar="SCENARIO_FILE", help=_("the scenario (.yaml)"))
    add_csv_option(s)
    s.set_defaults(handler=_show)


def _diff(args: argparse.Namespace) -> int:
    old, new = read_structure(args.old), read_structure(args.new)
    changes = diff(old, new)
    summary = diff_summary(old, new, level=args.level)
    stream = sys.stderr if args.csv == "-" else sys.stdout
    print(f"{old.name} → {new.name}", file=stream)
    print(summary.to_text(), file=stream)
    if args.pay:
        print_diff_split(args, old, new, stream)
    if args.csv is not None:
        emit_table(changes_table(changes), args.csv)
        if args.csv != "-":
            print(_.ngettext("{count} change row written to {file}", "{count} change rows written to {file}",
                             len(changes)).format(count=len(changes), file=args.csv), file=stream)
        return EXIT_OK
    print("\n" + _("By department:"), file=stream)
    print(format_table(summary.department_table()), file=stream)
    print("\n" + _("Changes ({count}):").format(count=len(changes)), file=stream)
    if len(changes):
        print(format_table(changes_table(changes.fillna(""))), file=stream)
    else:
        print(_("(none: the structures have the same tables)"), file=stream)
    return EXIT_OK


def _apply(args: argparse.Namespace) -> int:
    base = read_structure(args.base)
    scenario = Scenario.load(args.scenario)
    conflicts = scenario.conflicts(base)
    if len(conflicts):
        print(_.ngettext("Scenario {name} does not fit {base}: {count} conflict; nothing written.",
                         "Scenario {name} does not fit {base}: {count} conflicts; nothing written.",
                         len(conflicts)).format(name=repr(scenario.name), base=args.base, count=len(conflicts)),
              file=sys.stderr)
        print(format_table(for_people(conflicts[["step", "op", "reason"]], CONFLICTS)), file=sys.stderr)
        return EXIT_FINDINGS
    result = scenario.apply(base)
    path = save_version(result, args.output)
    print(_.ngettext("{name}: {count} change applied to {base}", "{name}: {count} changes applied to {base}",
                     len(scenario.changes)).format(name=scenario.name, count=len(scenario.changes), base=base.name))
    print(diff_summary(base, result).to_text())
    print(_("wrote {path}").format(path=path))
    return EXIT_OK


def _show(args: argparse.Namespace) -> int:
    scenario = Scenario.load(args.scenario)
    if args.csv is None:
        print(f"{scenario.name}" + (f" — {scenario.description}" if scenario.description else ""))
        print(_("base: {base}").format(base=scenario.base))
    emit_table(for_people(scenario.to_frame(), SCENARIO_STEPS), args.csv)
    return EXIT_OK
