"""The month's sales team review (notebook 07) in named steps: each table of the meeting is one call.

The notebook's cells call these functions, so its logic is tested here and
not hidden in cells: the team's members, an overview of what was loaded,
the month's KPIs with the team's line, the customers won and lost and the
call-back list, plan versus actual for a team and by model, the team's
early warnings, the scorecard's points, and the workbook for the meeting
(sheet names, headers and status values in the language chosen).

Examples
--------
>>> year_to_date("2027-09")
'2027-01-01..2027-09-30'
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from orgplan.errors import ParameterError
from orgplan.i18n import N_, Translator
from orgplan.sales.activity import customer_status, team_total
from orgplan.sales.alerts import WarningRules, early_warnings
from orgplan.sales.attainment import PlanVsActual
from orgplan.sales.display import display_table
from orgplan.sales.periods import parse_period
from orgplan.sales.plan_files import TargetConfig
from orgplan.sales.scorecard import Scorecard
from orgplan.tables.io import write_workbook

_ = Translator("sales")

__all__ = ["team_members", "data_overview", "year_to_date", "kpis_with_team", "customers_won_and_lost",
           "call_back_list", "team_plan_vs_actual", "models_by_attainment", "team_warnings", "scorecard_points",
           "write_review_workbook", "REVIEW_SHEETS", "MONTH_COLUMNS"]

#: The columns of the month's KPI table shown at the meeting, in order.
MONTH_COLUMNS = ["salesperson", "name", "visits", "days", "visits_per_day", "minutes_per_visit",
                 "revenue_per_visit", "cost_per_visit", "orders", "orders_per_100_visits", "revenue", "expense_ratio"]

#: The sheets of the meeting's workbook: name in English → what people read.
REVIEW_SHEETS = {"activity": N_("activity"), "call_back": N_("call back"), "plan_vs_actual": N_("plan vs actual"),
                 "warnings": N_("warnings"), "scorecard": N_("scorecard")}

_ROUNDING = {"visits_per_day": 1, "minutes_per_visit": 0, "revenue_per_visit": 0, "cost_per_visit": 0,
             "orders_per_100_visits": 1, "expense_ratio": 4, "attainment": 3, "projection": 1,
             "projected_attainment": 3}


def team_members(config: TargetConfig, team: str) -> pd.DataFrame:
    """The consultants of one team (rows of the target's consultants table).

    Examples
    --------
    >>> from orgplan.model.io import DATA_DIR
    >>> from orgplan.sales.plan_files import read_target_config
    >>> config = read_target_config(DATA_DIR / "sales" / "target-2027.yaml")
    >>> team_members(config, "展厅")["consultant_id"].tolist()[:3]
    ['S01', 'S02', 'S03']
    """
    teams = list(dict.fromkeys(config.consultants["team"]))
    if team not in teams:
        raise ParameterError(_("The team {team} is not one of {teams}.").format(team=repr(team),
                                                                                teams=_(", ").join(teams)))
    return config.consultants[config.consultants["team"] == team].reset_index(drop=True)


def data_overview(visits: pd.DataFrame, customers: pd.DataFrame, actual: pd.DataFrame, people: pd.DataFrame,
                  team: str) -> pd.DataFrame:
    """What was loaded, as a two-column table (``item``, ``count``) in the language in force."""
    last = int(actual["month"].max())
    return pd.DataFrame({
        "item": [_("visits logged"), _("consultants with visits"), _("customers"),
                 _("cars sold in months 1–{last}").format(last=last), _("consultants in {team}").format(team=team)],
        "count": [len(visits), int(visits["salesperson"].nunique()), len(customers), int(actual["units"].sum()),
                  len(people)],
    })


def year_to_date(month: str) -> str:
    """The period from the first day of ``month``'s year to its last day: ``2027-01-01..2027-09-30``."""
    period = parse_period(month)
    return f"{period.start.year}-01-01..{period.end.isoformat()}"


def kpis_with_team(month_kpis: pd.DataFrame, columns: list[str] | None = None) -> pd.DataFrame:
    """A :func:`~orgplan.sales.activity.kpis` table with the team's line last, rounded for reading.

    Examples
    --------
    >>> month = pd.DataFrame({"salesperson": ["S01", "S02"], "name": ["王海涛", "李静"], "visits": [30, 10],
    ...     "days": [10, 10], "minutes": [900, 500], "cost": [3000, 1000], "orders": [3, 1],
    ...     "revenue": [300000, 0]})
    >>> kpis_with_team(month, ["salesperson", "name", "visits"]).values.tolist()
    [['S01', '王海涛', 30], ['S02', '李静', 10], ['(team)', '', 40]]
    """
    columns = [c for c in (columns or MONTH_COLUMNS) if c in month_kpis.columns]
    team = team_total(month_kpis).assign(name="")
    table = pd.concat([month_kpis, team], ignore_index=True)[columns]
    return table.round({c: d for c, d in _ROUNDING.items() if c in columns})


def customers_won_and_lost(month_kpis: pd.DataFrame) -> pd.DataFrame:
    """New and lost customers of the month per consultant (``salesperson, name, new_customers, lost_customers``)."""
    return month_kpis[["salesperson", "name", "new_customers", "lost_customers"]].reset_index(drop=True)


def call_back_list(customers: pd.DataFrame, month: str, *, visits: pd.DataFrame | None = None,
                   lost_after: int = 180, limit: int | None = None) -> pd.DataFrame:
    """The customers lost in ``month``, by consultant and longest silence first: the week's calls.

    Columns ``salesperson, customer_id, name, first_purchase, last_touch, lost_on``; ``limit`` keeps the first rows.
    """
    status = customer_status(customers, month, visits=visits, lost_after=lost_after)
    lost = status[status["lost"]].sort_values(["salesperson", "last_touch"], kind="stable")
    table = lost[["salesperson", "customer_id", "name", "first_purchase", "last_touch", "lost_on"]]
    return (table if limit is None else table.head(limit)).reset_index(drop=True)


def team_plan_vs_actual(review: PlanVsActual, team: str) -> pd.DataFrame:
    """Plan versus actual of one team's consultants (without the ``team`` column), rounded for reading."""
    table = review.by_salesperson
    if team not in set(table["team"]):
        raise ParameterError(_("The team {team} is not one of {teams}.").format(
            team=repr(team), teams=_(", ").join(dict.fromkeys(table["team"]))))
    table = table[table["team"] == team].drop(columns="team").reset_index(drop=True)
    return table.round({c: d for c, d in _ROUNDING.items() if c in table.columns})


def models_by_attainment(review: PlanVsActual) -> pd.DataFrame:
    """Plan versus actual by model, the furthest behind first, rounded for reading."""
    table = review.by_model.sort_values("attainment", kind="stable").reset_index(drop=True)
    return table.round({c: d for c, d in _ROUNDING.items() if c in table.columns})


def team_warnings(review: PlanVsActual | None, activity: pd.DataFrame | None, month: str, people: pd.DataFrame,
                  *, rules: WarningRules | None = None) -> pd.DataFrame:
    """The early warnings of the month for the consultants of ``people`` (a consultants table)."""
    found = early_warnings(review, activity, month=month, rules=rules)
    return found[found["salesperson"].isin(set(people["consultant_id"]))].reset_index(drop=True)


def scorecard_points(card: Scorecard) -> pd.DataFrame:
    """The scorecard's ranking with each metric's points, rounded to one decimal (without the raw score)."""
    return card.table.drop(columns=["score", "missing"]).round(1)


def write_review_workbook(path: str | os.PathLike, **sheets: pd.DataFrame) -> Path:
    """Write the meeting's tables as one workbook for people, atomically.

    ``sheets`` are named by :data:`REVIEW_SHEETS` (``activity=…, call_back=…, plan_vs_actual=…, warnings=…,
    scorecard=…``); sheet names, headers and status values are written in the language in force. The folder
    is created when it does not exist yet.

    Examples
    --------
    >>> import tempfile
    >>> from orgplan.i18n import language
    >>> with tempfile.TemporaryDirectory() as tmp, language("zh-Hans"):
    ...     out = write_review_workbook(Path(tmp) / "review.xlsx", warnings=pd.DataFrame({"flag": ["behind_plan"]}))
    ...     book = pd.read_excel(out, sheet_name=None)
    >>> {name: frame.columns.tolist() for name, frame in book.items()}
    {'预警': ['预警类型']}
    """
    unknown = [name for name in sheets if name not in REVIEW_SHEETS]
    if unknown:
        raise ParameterError(f"write_review_workbook takes the sheets {', '.join(REVIEW_SHEETS)}. "
                             f"Got {', '.join(unknown)} instead.")
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    return write_workbook({_(REVIEW_SHEETS[name]): display_table(frame) for name, frame in sheets.items()}, path)
