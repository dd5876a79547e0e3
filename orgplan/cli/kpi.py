"""Sales team performance on the command line: ``orgplan kpi``, ``orgplan scorecard``, ``orgplan plan-vs-actual``.

* ``orgplan kpi VISITS --period P [--customers FILE] [--consultants FILE]
  [--team TEAM] [--lost-after DAYS] [--csv FILE]`` — activity KPIs per
  salesperson and the team's line;
* ``orgplan scorecard CONFIG --period P [--ratings FILE] [--csv FILE]`` —
  the ranked scorecard of the config's team;
* ``orgplan plan-vs-actual TARGET ACTUAL [--through M] [--view …]
  [--visits FILE] [--team TEAM] [--csv FILE]`` — attainment, variance,
  projection and early warnings; exit 1 when a warning is raised.
"""

from __future__ import annotations

import argparse

import pandas as pd

from orgplan.cli._common import EXIT_FINDINGS, EXIT_OK, add_csv_option, emit_table, format_table, number_in
from orgplan.i18n import Translator
from orgplan.sales.display import display_table

_ = Translator("sales")

__all__ = ["register"]

_VIEWS = ("salesperson", "month", "model", "team", "warnings")


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``orgplan kpi``, ``orgplan scorecard`` and ``orgplan plan-vs-actual``."""
    kpi = subparsers.add_parser(
        "kpi", help=_("sales activity KPIs per salesperson for a period"),
        description=_("Activity KPIs per salesperson from a visit log: visits, days, visits per day, minutes, "
                      "revenue and cost per visit, orders per 100 visits, revenue, expense ratio; with a customer "
                      "table also new and lost customers. The last line is the team's."))
    kpi.add_argument("visits", metavar="VISITS", help=_("the visit log (.csv or .xlsx), e.g. data/sales/visits-2027.csv"))
    kpi.add_argument("--period", required=True, metavar="P",
                     help=_("a month 2027-04, a quarter 2027Q2, a year 2027 or a range 2027-04-01..2027-04-15"))
    kpi.add_argument("--customers", metavar="FILE", help=_("customer table: adds new and lost customers"))
    kpi.add_argument("--lost-after", type=number_in(1, 3650, whole=True), default=180, metavar="DAYS", dest="lost_after",
                     help=_("days without purchase or contact after which a customer is lost (default 180)"))
    kpi.add_argument("--consultants", metavar="FILE",
                     help=_("consultants.csv: adds names and lists consultants without visits"))
    kpi.add_argument("--team", metavar="TEAM", help=_("only this team of the consultants file (e.g. 展厅)"))
    add_csv_option(kpi)
    kpi.set_defaults(handler=run_kpi)

    card = subparsers.add_parser(
        "scorecard", help=_("ranked scorecard of a sales team"),
        description=_("Score results, activity and the manager's ratings with the weights of a scorecard config "
                      "(see data/sales/scorecard.yaml) and rank the team; each metric's points are shown."))
    card.add_argument("config", metavar="CONFIG", help=_("the scorecard's YAML file"))
    card.add_argument("--period", required=True, metavar="P", help=_("a month 2027-09, a quarter 2027Q3 or a year"))
    card.add_argument("--ratings", metavar="FILE", help=_("the manager's ratings for the period (.csv or .xlsx)"))
    add_csv_option(card)
    card.set_defaults(handler=run_scorecard)

    review = subparsers.add_parser(
        "plan-vs-actual", help=_("actual sales against the decomposed target, with early warnings"),
        description=_("Compare actual sales (salesperson × month × model) with the decomposed yearly target: "
                      "attainment, variance, projection to year end, and early warnings (behind plan two months "
                      "running; with --visits also activity dropping and expense ratio rising). "
                      "Exit 1 when any warning is raised."))
    review.add_argument("target", metavar="TARGET", help=_("the target's YAML file, e.g. data/sales/target-2027.yaml"))
    review.add_argument("actual", metavar="ACTUAL", help=_("actual sales, e.g. data/sales/actual-2027.csv"))
    review.add_argument("--through", metavar="M", help=_("last month to compare, e.g. 2027-09 (default: latest)"))
    review.add_argument("--view", choices=_VIEWS, default="salesperson", help=_("which table to print"))
    review.add_argument("--visits", metavar="FILE", help=_("the visit log, for the activity warnings"))
    review.add_argument("--team", metavar="TEAM", help=_("only this team (e.g. 展厅)"))
    add_csv_option(review)
    review.set_defaults(handler=run_plan_vs_actual)


def _roster(path: str | None, team: str | None):
    if path is None:
        if team is not None:
            from orgplan.errors import ParameterError

            raise ParameterError(_("--team needs --consultants FILE (the team is a column of the consultants file)."))
        return None
    from orgplan.sales.targets import read_consultants

    people = read_consultants(path)
    return _team(people, team, "team")


def _team(people: pd.DataFrame, team: str | None, column: str) -> pd.DataFrame:
    if team is None:
        return people
    if team not in set(people[column]):
        from orgplan.errors import ParameterError

        raise ParameterError(_("The team {team} is not one of {teams}.").format(
            team=repr(team), teams=_(", ").join(dict.fromkeys(people[column]))))
    return people[people[column] == team]


def run_kpi(args: argparse.Namespace) -> int:
    """Handler of ``orgplan kpi``."""
    from orgplan.sales.kpi import kpis, parse_period, read_customers, read_visits, team_total

    period = parse_period(args.period)
    people = _roster(args.consultants, args.team)
    visits = read_visits(args.visits)
    customers = read_customers(args.customers) if args.customers else None
    table = kpis(visits, period, customers=customers, salespeople=people, lost_after=args.lost_after)
    if people is not None and args.team is not None:
        table = table[table["salesperson"].isin(set(people["consultant_id"]))].reset_index(drop=True)
    if int(table["visits"].sum()) == 0:
        import sys

        print("orgplan: " + _("warning: no visits in {period} ({start} to {end}); {file} covers {first} to {last}. "
                              "Check --period.").format(
            period=period.label, start=period.start.isoformat(), end=period.end.isoformat(), file=args.visits,
            first=f"{visits['date'].min():%Y-%m-%d}", last=f"{visits['date'].max():%Y-%m-%d}"), file=sys.stderr)
    if args.csv is not None:
        emit_table(display_table(table), args.csv)
        return EXIT_OK
    team = team_total(table)
    if "name" in table.columns:
        team.insert(1, "name", "")
    shown = pd.concat([table, team], ignore_index=True)
    print(_("Sales activity {period} ({start} to {end}), {visits} visits:").format(
        period=period.label, start=period.start.isoformat(), end=period.end.isoformat(),
        visits=f"{int(table['visits'].sum()):,}"))
    print(format_table(display_table(_rounded(shown))))
    return EXIT_OK


def _rounded(table: pd.DataFrame) -> pd.DataFrame:
    out = table.copy()
    for column in out.columns:
        if column == "expense_ratio":
            out[column] = out[column].map(lambda v: "" if pd.isna(v) else f"{v:.2%}")
        elif pd.api.types.is_float_dtype(out[column]):
            out[column] = out[column].round(1)
    return out


def run_scorecard(args: argparse.Namespace) -> int:
    """Handler of ``orgplan scorecard``."""
    from orgplan.sales.kpi import parse_period
    from orgplan.sales.scorecard import read_ratings, read_scorecard_config, team_scorecard

    period = parse_period(args.period)
    config = read_scorecard_config(args.config)
    ratings = read_ratings(args.ratings, scale=(config.low, config.high)) if args.ratings else None
    card = team_scorecard(config, period.label, ratings=ratings)
    if args.csv is not None:
        emit_table(display_table(card.table), args.csv)
        return EXIT_OK
    shares = {group: _share(config, group) for group in ("results", "activity", "ratings")}
    if config.team:
        heading = _("Scorecard {period} — {team}: points of 100 (results {results}, activity {activity}, "
                    "ratings {ratings}); each metric's column is its points.")
    else:
        heading = _("Scorecard {period}: points of 100 (results {results}, activity {activity}, "
                    "ratings {ratings}); each metric's column is its points.")
    print(heading.format(period=card.period, team=config.team, **shares))
    print(format_table(display_table(card.table.round(1))))
    missing = display_table(card.table[["salesperson", "missing"]])
    missing = missing[missing.iloc[:, 1] != ""]
    if not missing.empty:
        print("\n" + _("Scored lowest for lack of a value: {list}").format(list=_("; ").join(
            _("{salesperson} ({metrics})").format(salesperson=sp, metrics=m)
            for sp, m in zip(missing.iloc[:, 0], missing.iloc[:, 1]))))
    return EXIT_OK


def _share(config, group: str) -> str:
    return f"{config.metrics.loc[config.metrics['group'] == group, 'weight'].sum():.0%}"


def run_plan_vs_actual(args: argparse.Namespace) -> int:
    """Handler of ``orgplan plan-vs-actual``."""
    from orgplan.sales.kpi import early_warnings, monthly_kpis, plan_vs_actual, read_actuals, read_visits
    from orgplan.sales.targets import decompose_plan, read_target_config

    config = read_target_config(args.target)
    plan = decompose_plan(config)
    actual = read_actuals(args.actual, salespeople=plan.by_consultant["consultant_id"],
                          models=plan.by_model["model_id"])
    review = plan_vs_actual(plan, actual, through=args.through)
    people = _team(plan.by_consultant, args.team, "team")
    ids = set(people["consultant_id"])
    activity = None
    if args.visits:
        visits = read_visits(args.visits)
        visits = visits[visits["salesperson"].isin(ids)]
        start = f"{review.year}-{max(1, review.through - 3):02d}-01"
        end = pd.Timestamp(review.year, review.through, 1) + pd.offsets.MonthEnd(0)
        activity = monthly_kpis(visits, f"{start}..{end.date().isoformat()}",
                                salespeople=people.rename(columns={"consultant_id": "salesperson"}))
    warnings = early_warnings(review, activity)
    warnings = warnings[warnings["salesperson"].isin(ids)].reset_index(drop=True)
    table = {
        "salesperson": review.by_salesperson[review.by_salesperson["salesperson"].isin(ids)],
        "month": review.monthly[review.monthly["salesperson"].isin(ids)],
        "model": review.by_model,
        "team": review.by_team if args.team is None else review.by_team[review.by_team["team"] == args.team],
        "warnings": warnings,
    }[args.view]
    if args.csv is not None:
        emit_table(display_table(table), args.csv)
    else:
        print(format_table(display_table(table.round(3) if args.view != "warnings" else table)))
        summary = review.summary(ids if args.team is not None else None)
        print("\n" + _("; ").join(_("{item}: {value}").format(item=_(i), value=v)
                                   for i, v in zip(summary["item"], summary["value"])))
        if args.view != "warnings":
            if warnings.empty:
                print(_("No early warnings."))
            else:
                print(_.ngettext("{n} early warning:", "{n} early warnings:", len(warnings)).format(n=len(warnings)))
                for message in warnings["message"]:
                    print(f"  - {message}")
    return EXIT_FINDINGS if not warnings.empty else EXIT_OK
