"""Pay by performance on the command line: ``orgplan pay …``.

::

    orgplan pay PLAN --period 2027-09 [--deals FILE] [--target FILE] [--ratings FILE] [--person ID]
                [--xlsx FILE] [--csv FILE]
    orgplan pay forecast PLAN [--target FILE] [--deals FILE] [--change 0.10] [--employer-rate 0.3]
                [--view month|person|detail|positions] [--structure FOLDER] [--csv FILE]
    orgplan pay consequences PLAN --period 2027-09 [--window 3] [--ratings FILE] [--eliminate] [--csv FILE]
    orgplan pay goals PLAN --period 2027-10 [--visits FILE] [--csv FILE]
    orgplan pay review PLAN --period 2027-09 [--visits FILE] [--csv FILE]
    orgplan pay check PLAN

The plan's ``files`` name the deals, the target and the scorecard; the
options override them. Exit 0 success; 1 ``consequences`` names a warning
or elimination candidate; 2 the plan or a data file cannot be used (every
problem located).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from orgplan.cli._common import EXIT_FINDINGS, EXIT_OK, add_csv_option, emit_table, output_file
from orgplan.errors import ParameterError
from orgplan.i18n import Translator

_ = Translator("pay")

__all__ = ["register", "print_position_costs", "add_summary_options", "print_summary_split", "print_diff_split"]

_ACTIONS = ("forecast", "consequences", "goals", "review", "check")
_VIEWS = ("month", "person", "detail", "positions")


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``orgplan pay``."""
    p = subparsers.add_parser(
        "pay", help=_("pay by performance: the monthly pay sheet, payroll forecast, consequences, personal plans"),
        description=_("Pay consultants by a commission plan (YAML). Without an action: the month's pay sheet, "
                      "every amount with its rule and deals. Actions: forecast (expected pay and cost per car from "
                      "the decomposed target), consequences (promotion, warning, elimination candidates), goals "
                      "(each consultant's small goals for a month), review (the self-review sheet after a month), "
                      "check (validate the plan)."),
        usage="orgplan pay [forecast|consequences|goals|review|check] PLAN [options]")
    p.add_argument("words", nargs="+", metavar="[ACTION] PLAN",
                   help=_("an action (forecast, consequences, goals, review, check) or none, then the plan's YAML "
                          "file, e.g. data/pay/commission-plan-2027.yaml"))
    p.add_argument("--period", metavar="YYYY-MM", help=_("the month, e.g. 2027-09"))
    p.add_argument("--deals", metavar="FILE", help=_("the deals table (default: the plan's files.deals)"))
    p.add_argument("--target", metavar="FILE", help=_("the yearly target's YAML (default: the plan's files.target)"))
    p.add_argument("--ratings", metavar="FILE",
                   help=_("the manager's ratings for the month: with the plan's scorecard, the scorecard factor"))
    p.add_argument("--person", metavar="ID", help=_("print this person's lines (consultant id or the manager's id)"))
    p.add_argument("--xlsx", metavar="FILE", type=output_file(".xlsx"),
                   help=_("write the pay workbook for finance (.xlsx: the sheet, its lines and cars)"))
    p.add_argument("--change", type=float, default=0.0, metavar="FRACTION",
                   help=_("forecast: change the company target by this fraction (0.10 = 10 %% more)"))
    p.add_argument("--employer-rate", type=float, dest="employer_rate", metavar="RATE",
                   help=_("forecast: the employer's social insurance rate (default: the plan's)"))
    p.add_argument("--view", choices=_VIEWS, default="month", help=_("forecast: which table to print"))
    p.add_argument("--structure", metavar="FOLDER",
                   help=_("forecast --view positions: the structure whose sales positions to cost"))
    p.add_argument("--window", type=int, default=3, metavar="MONTHS",
                   help=_("consequences: months looked at (default 3)"))
    p.add_argument("--eliminate", action="store_true",
                   help=_("consequences: apply elimination of the last (末位淘汰; off by default)"))
    p.add_argument("--visits", metavar="FILE", help=_("goals, review: the visit log, for the funnel"))
    add_csv_option(p)
    p.set_defaults(handler=run_pay)


def run_pay(args: argparse.Namespace) -> int:
    """Handler of ``orgplan pay``."""
    words = list(args.words)
    action = words.pop(0) if words[0] in _ACTIONS else "sheet"
    if len(words) != 1:
        raise ParameterError(_("orgplan pay takes one plan file after the action; got {words}.").format(
            words=" ".join(args.words)))
    from orgplan.pay.plan import read_commission_plan

    plan = read_commission_plan(words[0])
    if action == "check":
        print(_("{file}: the commission plan is valid.").format(file=words[0]))
        return EXIT_OK
    return {"sheet": _sheet, "forecast": _forecast, "consequences": _consequences, "goals": _goals,
            "review": _review}[action](args, plan)


def _file(args: argparse.Namespace, plan, key: str) -> Path:
    given = getattr(args, key, None)
    if given:
        return Path(given)
    if key in plan.files:
        return plan.files[key]
    raise ParameterError(_("Give --{key} FILE, or name it in the plan's files.").format(key=key))


def _period(args: argparse.Namespace) -> str:
    if not args.period:
        raise ParameterError(_("Give the month with --period YYYY-MM, e.g. --period 2027-09."))
    return args.period


def _deals(args: argparse.Namespace, plan) -> pd.DataFrame:
    from orgplan.sales.deals import read_deals

    return read_deals(_file(args, plan, "deals"))


def _target(args: argparse.Namespace, plan, factor: float = 1.0):
    from orgplan.pay.forecast import scaled_target
    from orgplan.sales.targets import decompose_plan, read_target_config

    config = read_target_config(_file(args, plan, "target"))
    return decompose_plan(config) if factor == 1.0 else scaled_target(config, factor)


def _ratings(args: argparse.Namespace, plan, period: str) -> pd.Series | None:
    if not args.ratings:
        return None
    from orgplan.sales.scorecard import read_ratings, read_scorecard_config, team_scorecard

    from orgplan.pay.sheet import ratings_from_scorecard

    config = read_scorecard_config(_file(args, plan, "scorecard"))
    return ratings_from_scorecard(team_scorecard(config, period, ratings=read_ratings(args.ratings)))


def _targets_or_none(args: argparse.Namespace, plan):
    from orgplan.pay.forecast import monthly_targets

    if args.target or "target" in plan.files:
        return monthly_targets(_target(args, plan))
    return None


def _sheet(args: argparse.Namespace, plan) -> int:
    from orgplan.pay.display import display_table
    from orgplan.pay.sheet import pay_sheet
    from orgplan.pay.workbook import write_pay_workbook

    period = _period(args)
    sheet = pay_sheet(plan, _deals(args, plan), period, targets=_targets_or_none(args, plan),
                      ratings=_ratings(args, plan, period))
    if args.xlsx:
        write_pay_workbook([sheet], args.xlsx)
        print(_("Wrote the pay workbook {file}.").format(file=args.xlsx), file=sys.stderr)
    if args.person:
        lines = sheet.lines_of(args.person)
        if lines.empty:
            raise ParameterError(_("{person} is not on the pay sheet of {period}.").format(person=args.person,
                                                                                          period=period))
        emit_table(display_table(lines.drop(columns=["consultant_id", "name"])), args.csv)
        return EXIT_OK
    emit_table(display_table(sheet.sheet), args.csv)
    return EXIT_OK


def _forecast(args: argparse.Namespace, plan) -> int:
    from orgplan.pay.display import display_table
    from orgplan.pay.forecast import assumptions_from_deals, payroll_forecast

    if not -0.5 <= args.change <= 2:
        raise ParameterError(_("--change must be a fraction from -0.5 to 2 (0.10 = 10 % more). Got {value}.").format(
            value=args.change))
    assumptions = assumptions_from_deals(_deals(args, plan)) if (args.deals or "deals" in plan.files) else None
    forecast = payroll_forecast(plan, _target(args, plan, 1 + args.change), assumptions,
                                employer_rate=args.employer_rate)
    if args.view == "positions":
        return print_position_costs(args.structure, plan, forecast, args.csv)
    table = {"month": forecast.by_month, "person": forecast.by_person, "detail": forecast.table}[args.view]
    emit_table(display_table(table), args.csv)
    stream = sys.stderr if args.csv == "-" else sys.stdout
    print(_("{year}: {cars} cars, the sales team costs {cost:,.0f} yuan (pay and employer social insurance), "
            "{per_car:,.0f} yuan per car.").format(year=forecast.year, cars=int(forecast.by_month["units"].sum()),
                                                  cost=forecast.by_month["employer_cost"].sum(),
                                                  per_car=forecast.cost_per_car), file=stream)
    return EXIT_OK


def print_position_costs(structure_path: str | None, plan, forecast, csv: str | None, *, stream=None) -> int:
    """Print the sales positions' typed monthly cost beside the plan's split (used by ``summary --pay`` too)."""
    from orgplan.model.io import read_structure
    from orgplan.pay.costs import position_costs
    from orgplan.pay.display import display_table

    if not structure_path:
        raise ParameterError(_("Give the structure with --structure FOLDER (e.g. data/approved-2027)."))
    emit_table(display_table(position_costs(read_structure(structure_path), plan, forecast)), csv, stream=stream)
    return EXIT_OK


def _consequences(args: argparse.Namespace, plan) -> int:
    from orgplan.pay.consequences import ConsequenceRules, consequences, monthly_performance
    from orgplan.pay.display import display_table

    period = _period(args)
    from orgplan.pay.design import months_between

    end = pd.Period(period, "M")
    months = months_between(str(end - (args.window - 1)), period)
    performance = monthly_performance(_target(args, plan), _deals(args, plan), months)
    table = consequences(performance, scores=_ratings(args, plan, period),
                         rules=ConsequenceRules(window=args.window, warn_months=min(2, args.window),
                                                eliminate=args.eliminate))
    emit_table(display_table(table), args.csv)
    return EXIT_FINDINGS if table["outcome"].isin(["warning", "elimination"]).any() else EXIT_OK


def _kpis(args: argparse.Namespace, month: str):
    if not args.visits:
        return None
    from orgplan.sales.kpi import kpis, read_visits

    return kpis(read_visits(args.visits), month)


def _goals(args: argparse.Namespace, plan) -> int:
    from orgplan.pay.display import display_table
    from orgplan.pay.forecast import assumptions_from_deals
    from orgplan.pay.personal import personal_plans

    period = _period(args)
    before = str(pd.Period(period, "M") - 1)
    assumptions = assumptions_from_deals(_deals(args, plan)) if (args.deals or "deals" in plan.files) else None
    table = personal_plans(plan, _target(args, plan), period, kpis=_kpis(args, before), assumptions=assumptions)
    emit_table(display_table(table), args.csv)
    return EXIT_OK


def _review(args: argparse.Namespace, plan) -> int:
    from orgplan.pay.display import display_table
    from orgplan.pay.forecast import assumptions_from_deals, monthly_targets
    from orgplan.pay.personal import personal_plans, self_review
    from orgplan.pay.sheet import pay_sheet

    period = _period(args)
    deals = _deals(args, plan)
    target = _target(args, plan)
    before = str(pd.Period(period, "M") - 1)
    goals = personal_plans(plan, target, period, kpis=_kpis(args, before), assumptions=assumptions_from_deals(deals))
    sheet = pay_sheet(plan, deals, period, targets=monthly_targets(target))
    table = self_review(goals, deals, kpis=_kpis(args, period), pay=sheet.sheet)
    emit_table(display_table(table), args.csv)
    return EXIT_OK


def add_summary_options(parser: argparse.ArgumentParser) -> None:
    """``orgplan summary … --pay PLAN [--pay-target FILE]``: the sales positions' cost split from a commission plan."""
    parser.add_argument("--pay", metavar="PLAN",
                        help=_("a commission plan (YAML): also show each sales position's monthly cost per head from "
                               "it — base, expected variable pay, employer social insurance — beside the typed one"))
    parser.add_argument("--pay-target", metavar="FILE", dest="pay_target",
                        help=_("the yearly target for --pay (default: the plan's files.target)"))


def _plan_forecast(args: argparse.Namespace):
    """The plan of ``--pay`` and its forecast (the plan's deals for the assumptions when it names them)."""
    from orgplan.pay.forecast import assumptions_from_deals, payroll_forecast
    from orgplan.pay.plan import read_commission_plan

    plan = read_commission_plan(args.pay)
    target = _target(argparse.Namespace(target=args.pay_target), plan)
    deals = plan.files.get("deals")
    assumptions = None
    if deals is not None:
        from orgplan.sales.deals import read_deals

        assumptions = assumptions_from_deals(read_deals(deals))
    return plan, payroll_forecast(plan, target, assumptions)


def print_summary_split(args: argparse.Namespace) -> None:
    """After ``orgplan summary``'s rollup: the plan's split of the sales positions' monthly cost."""
    plan, forecast = _plan_forecast(args)
    stream = sys.stdout if args.csv is None else sys.stderr  # the rollup's CSV stays one table
    print("\n" + _("Sales positions: monthly cost per head from the commission plan {plan} "
                       "({year} target met; pay and employer social insurance)").format(plan=args.pay,
                                                                                       year=forecast.year) + _(":"),
          file=stream)
    print_position_costs(args.path, plan, forecast, None, stream=stream)


def print_diff_split(args: argparse.Namespace, before, after, stream) -> None:
    """In ``orgplan diff … --pay PLAN``: the sales positions' monthly cost from the plan, before and after."""
    from orgplan.pay.costs import position_cost_change
    from orgplan.pay.display import display_table

    plan, forecast = _plan_forecast(args)
    print("\n" + _("Sales positions: monthly cost from the commission plan {plan} (people in post × cost per head)")
          .format(plan=args.pay) + _(":"), file=stream)
    emit_table(display_table(position_cost_change(before, after, plan, forecast)), None, stream=stream)
