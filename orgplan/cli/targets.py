"""``orgplan targets decompose CONFIG -o OUT.xlsx``: decompose the yearly sales target; ``orgplan targets replan``.

Reads the YAML config (see ``data/sales/target-2027.yaml``) and the tables it
names, decomposes the company target over consultants, months and models in
whole cars, writes the views as an Excel workbook (atomically) and prints one
view (``--view``) plus the checks' findings. Exit 0 when no finding is an
error, 1 when a target exceeds a capacity, 2 when the input cannot be read.

``orgplan targets replan CONFIG ACTUALS [--through M] [--headroom F] [--versions FOLDER]``
re-plans the months after the actuals so the year still adds up, or refuses
(exit 1) naming who would have to go beyond their bound or capacity.
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
    _register_replan(verbs)
    _register_axes(verbs)


def _register_axes(verbs: argparse._SubParsersAction) -> None:
    axes = verbs.add_parser(
        "axes", help=_("split the yearly target by region, customer type, payment and channel"),
        description=_("Split the company target over month, model, region, customer type, payment and channel "
                      "from a history with those axes, in whole cars; every axis adds up exactly to its targets. "
                      "Print one axis' targets against last year and the checks."))
    axes.add_argument("config", metavar="CONFIG", help=_("the target's YAML file, e.g. data/sales/target-2027.yaml"))
    axes.add_argument("history", metavar="HISTORY", help=_("the history with the axes, e.g. data/sales/history-axes.csv"))
    axes.add_argument("--axes", default="month,model_id,region,customer_type,payment,channel", metavar="A,B,…",
                      help=_("the axes, separated by commas (default: all six)"))
    axes.add_argument("--view", default="channel", metavar="AXIS",
                      help=_("the axis whose targets are printed, or checks (default: channel)"))
    axes.add_argument("-o", "--output", metavar="OUT.xlsx", type=output_file(".xlsx", what="the workbook"),
                      help=_("write every axis and the full table as a workbook"))
    add_csv_option(axes)
    axes.set_defaults(handler=run_axes)


def _register_replan(verbs: argparse._SubParsersAction) -> None:
    replan = verbs.add_parser(
        "replan", help=_("re-plan the remaining months after the actuals, keeping the year's total"),
        description=_("Keep the sold months as sold and split what is left of the year's target over the remaining "
                      "months, consultants and models in whole cars, within each consultant's bound and capacity; "
                      "or refuse, naming who would have to go beyond them. Exit 1 when refused."))
    replan.add_argument("config", metavar="CONFIG", help=_("the target's YAML file, e.g. data/sales/target-2027.yaml"))
    replan.add_argument("actuals", metavar="ACTUALS", help=_("actual sales, e.g. data/sales/actual-2027.csv"))
    replan.add_argument("--through", type=int, metavar="M", help=_("the last month sold, 1–11 (default: the latest)"))
    replan.add_argument("--headroom", type=float, metavar="F",
                        help=_("how far above their pace and run rate a consultant may be asked to go "
                               "(0.5 = 50%%; default: the config's checks.max_over_history)"))
    replan.add_argument("--versions", metavar="FOLDER",
                        help=_("keep the plan's versions in this folder (the original and this re-plan) and "
                               "compare them"))
    replan.add_argument("--view", choices=("consultant", "month", "versions"), default="consultant",
                        help=_("which table to print (default: consultant)"))
    add_csv_option(replan)
    replan.set_defaults(handler=run_replan)


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


def run_replan(args: argparse.Namespace) -> int:
    """Handler of ``orgplan targets replan``."""
    from pathlib import Path

    from orgplan.sales.activity_files import read_actuals
    from orgplan.sales.target_replan import display_replan, replan
    from orgplan.sales.target_versions import (compare_versions, read_plan_version, version_table,
                                               write_plan_version)
    from orgplan.sales.targets import decompose_plan, read_target_config

    config = read_target_config(args.config)
    plan = decompose_plan(config)
    result = replan(plan, config, read_actuals(args.actuals), through=args.through, headroom=args.headroom)
    versions = {}
    if args.versions and result.feasible:
        folder = Path(args.versions)
        folder.mkdir(parents=True, exist_ok=True)
        original = folder / f"{plan.year}-original.csv"
        if not original.exists():
            write_plan_version(version_table(plan.cube), original)
        write_plan_version(version_table(result.cube, through=result.through),
                           folder / f"{plan.year}-replan-{result.through:02d}.csv")
        versions = {path.stem: read_plan_version(path) for path in sorted(folder.glob(f"{plan.year}-*.csv"))}
        versions = {"original" if k.endswith("original") else k: v for k, v in versions.items()}
        versions = {k: versions[k] for k in sorted(versions, key=lambda k: (k != "original", k))}
    if not result.feasible:
        table = result.refusal
    elif args.view == "versions" and versions:
        table = compare_versions(versions)
    else:
        table = result.by_month if args.view == "month" else result.by_consultant
    emit_table(display_replan(table), args.csv)
    if args.csv != "-":
        print("\n" + result.message)
        if versions:
            print(_("Plan versions kept in {folder}: {names}").format(folder=args.versions, names=", ".join(versions)))
    return EXIT_OK if result.feasible else EXIT_FINDINGS


def run_axes(args: argparse.Namespace) -> int:
    """Handler of ``orgplan targets axes``."""
    from orgplan.errors import ParameterError
    from orgplan.sales.target_axes import axis_label, decompose_axes, read_history_axes
    from orgplan.sales.targets import decompose_plan, read_target_config
    from orgplan.tables.io import write_workbook

    config = read_target_config(args.config)
    plan = decompose_plan(config)
    chosen = tuple(a.strip() for a in args.axes.split(",") if a.strip())
    split = decompose_axes(plan.total, read_history_axes(args.history), axes=chosen, base_year=config.base_year,
                           max_over_history=config.max_over_history, growth_band=config.growth_band)
    if args.view != "checks" and args.view not in split.axes:
        raise ParameterError(_("--view must be checks or one of the axes: {axes}.").format(axes=", ".join(split.axes)))
    if args.output:
        sheets = {axis_label(a): display_table(split.views[a]) for a in split.axes}
        sheets[_("checks")] = display_table(split.findings)
        sheets[_("all axes")] = display_table(split.cube.reset_index())
        write_workbook(sheets, args.output)
    table = split.findings if args.view == "checks" else split.views[args.view]
    emit_table(display_table(table), args.csv)
    if args.csv != "-":
        print("\n" + _("{total} cars over {axes}: every axis adds up to {total}.").format(
            total=f"{split.total:,}", axes=" × ".join(axis_label(a) for a in split.axes)))
        if args.output:
            print(_("Wrote {file}").format(file=args.output))
    return EXIT_FINDINGS if (split.findings["severity"] == "error").any() else EXIT_OK
