"""``orgplan targets decompose CONFIG -o OUT.xlsx``: decompose the yearly sales target.

Reads the YAML config (see ``data/sales/target-2027.yaml``) and the tables it
names, decomposes the company target over consultants, months and models in
whole cars, writes the views as an Excel workbook (atomically) and prints one
view (``--view``) plus the checks' findings. Exit 0 when no finding is an
error, 1 when a target exceeds a capacity, 2 when the input cannot be read.
"""

from __future__ import annotations

import argparse
import sys

from orgplan.cli._common import EXIT_FINDINGS, EXIT_OK, add_csv_option, emit_table, format_table, number_in, output_file
from orgplan.i18n import Translator
from orgplan.sales.display import display_table

_ = Translator("sales")

__all__ = ["register"]

_VIEWS = ("consultant", "month", "model", "consultant_month", "checks")


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``orgplan targets …`` to the command line."""
    parser = subparsers.add_parser("targets", help=_("decompose the yearly sales target"),
                                   description=_("Target decomposition of the yearly sales plan."))
    verbs = parser.add_subparsers(dest="targets_verb", metavar="ACTION")
    verbs.required = True
    decompose = verbs.add_parser(
        "decompose", help=_("split the yearly target over consultants, months and models"),
        description=_("Split the yearly target over consultants × months × models in whole cars; "
                      "write an Excel workbook with one sheet per view and print the checks."))
    decompose.add_argument("config", metavar="CONFIG", help=_("the target's YAML file, e.g. data/sales/target-2027.yaml"))
    decompose.add_argument("-o", "--output", metavar="OUT.xlsx", type=output_file(".xlsx", what="the workbook"),
                           help=_("write the workbook here"))
    decompose.add_argument("--growth", type=number_in(-0.9, 5), metavar="G",
                           help=_("growth over the base year as a fraction (0.08 = +8%%), overriding the config"))
    decompose.add_argument("--over-assign", type=number_in(1, 2), metavar="F", dest="over_assign",
                           help=_("over-assignment factor (1.10 = quotas add up to 110%%), overriding the config"))
    decompose.add_argument("--view", choices=_VIEWS, default="consultant",
                           help=_("which table to print (default: consultant)"))
    add_csv_option(decompose)
    decompose.set_defaults(handler=run_decompose)


def run_decompose(args: argparse.Namespace) -> int:
    """Handler of ``orgplan targets decompose``."""
    from orgplan.sales.targets import decompose_plan, read_target_config, write_plan_workbook

    config = read_target_config(args.config)
    plan = decompose_plan(config, growth=args.growth, over_assignment=args.over_assign)
    if args.output:
        write_plan_workbook(plan, args.output)
    table = {
        "consultant": plan.by_consultant, "month": plan.by_month, "model": plan.by_model,
        "consultant_month": plan.consultant_month, "checks": plan.findings,
    }[args.view]
    emit_table(display_table(table), args.csv)
    if args.csv != "-":
        out = sys.stdout
        print("\n" + _("{year}: company target {total} cars ({growth}); quotas {quotas} ({factor}).").format(
            year=plan.year, total=f"{plan.total:,}", growth=f"{plan.growth:+.1%}",
            quotas=f"{int(plan.by_consultant['assigned'].sum()):,}", factor=f"{plan.over_assignment:.0%}"), file=out)
        if args.view != "checks" and not plan.findings.empty:
            count = len(plan.findings)
            print(_.ngettext("{n} finding:", "{n} findings:", count).format(n=count), file=out)
            print(format_table(display_table(plan.findings[["dimension", "severity", "message"]])), file=out)
        if args.output:
            print(_("Wrote {file}").format(file=args.output), file=out)
    return EXIT_FINDINGS if (plan.findings["severity"] == "error").any() else EXIT_OK
