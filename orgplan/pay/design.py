"""Incentive design: what a change to the plan does to each consultant's pay and to the cost per car.

Run the current plan and a changed one over the same past deals, month by
month, and compare: the pay of each consultant, the team's cost to the
store (pay + employer social insurance) and the cost per car. The
comparison is on deals already made, so it shows what the change would
have paid, not what it would have made people sell.

Examples
--------
>>> from orgplan.model.io import DATA_DIR
>>> from orgplan.pay.plan import read_commission_plan
>>> plan = read_commission_plan(DATA_DIR / "pay" / "commission-plan-2027.yaml")
>>> steeper = with_tier(plan, 1, factor=1.3)
>>> [b.value for b in steeper.tiers.bands], [b.value for b in plan.tiers.bands]
([1.0, 1.3, 1.5], [1.0, 1.2, 1.5])
>>> [(b.low, b.high) for b in with_tier(plan, 1, start=8).tiers.bands]
[(0.0, 7.0), (8.0, 14.0), (15.0, None)]
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from orgplan.errors import ParameterError
from orgplan.i18n import Translator
from orgplan.pay.plan import CommissionPlan
from orgplan.pay.sheet import pay_sheet

_ = Translator("pay")

__all__ = ["with_tier", "PlanComparison", "compare_plans", "pay_by_month", "months_between"]


def months_between(first: str, last: str) -> list[str]:
    """The months from ``first`` to ``last`` (both ``YYYY-MM``, both included).

    Examples
    --------
    >>> months_between("2027-11", "2028-02")
    ['2027-11', '2027-12', '2028-01', '2028-02']
    """
    return [str(p) for p in pd.period_range(first, last, freq="M")]


def with_tier(plan: CommissionPlan, index: int, *, factor: float | None = None,
              start: float | None = None) -> CommissionPlan:
    """The plan with one tier changed: its factor, or where it starts (the tier before then ends just below).

    Raises
    ------
    ParameterError
        If the plan has no tier ``index``, or the new start would overlap the tier before's start.
    """
    if plan.tiers is None or not 0 <= index < len(plan.tiers.bands):
        count = 0 if plan.tiers is None else len(plan.tiers.bands)
        raise ParameterError(_("The 'index' parameter of with_tier must be a tier of the plan (0 to {last}). "
                               "Got {value} instead.").format(last=count - 1, value=repr(index)))
    bands = list(plan.tiers.bands)
    band = bands[index]
    if factor is not None:
        band = replace(band, value=float(factor))
    if start is not None:
        if index == 0 or start <= bands[index - 1].low:
            raise ParameterError(_("The 'start' parameter of with_tier must fall after the start of the tier "
                                   "before. Got {value} instead.").format(value=repr(start)))
        step = 1 if plan.tiers.whole else 0
        bands[index - 1] = replace(bands[index - 1], high=float(start) - step)
        band = replace(band, low=float(start))
    bands[index] = band
    return plan.with_changes(tiers=replace(plan.tiers, bands=tuple(bands)))


def pay_by_month(plan: CommissionPlan, deals: pd.DataFrame, months: list[str], **options) -> pd.DataFrame:
    """The pay sheets of several months stacked: ``month`` first, then the sheet's columns."""
    sheets = [pay_sheet(plan, deals, month, **options).sheet.assign(month=month) for month in months]
    table = pd.concat(sheets, ignore_index=True)
    return table[["month", *[c for c in table.columns if c != "month"]]]


@dataclass(frozen=True)
class PlanComparison:
    """Two plans over the same deals: ``by_person`` (pay under each, the change) and ``summary`` (team, cost per car)."""

    months: tuple[str, ...]
    by_person: pd.DataFrame
    summary: pd.DataFrame
    current: pd.DataFrame = field(repr=False)
    proposed: pd.DataFrame = field(repr=False)

    def _repr_html_(self) -> str:
        from orgplan.pay.display import display_table

        heading = _("The plans compared over {first} to {last}").format(first=self.months[0], last=self.months[-1])
        return (f"<h4>{html.escape(heading)}</h4>" + display_table(self.summary).to_html(index=False)
                + display_table(self.by_person).to_html(index=False))


def compare_plans(current: CommissionPlan, proposed: CommissionPlan, deals: pd.DataFrame, months: list[str],
                  **options) -> PlanComparison:
    """Pay each month under both plans and compare per person and for the team.

    ``options`` go to :func:`~orgplan.pay.sheet.pay_sheet` (targets, ratings, consultants).

    Returns
    -------
    PlanComparison
        ``by_person``: ``consultant_id, name, units, current, proposed, change``
        (total pay over the months); ``summary``: one row per plan with the
        team's ``units, total, employer_cost, cost_per_car``.
    """
    if not months:
        raise ParameterError(_("The 'months' parameter of compare_plans must name at least one month."))
    before = pay_by_month(current, deals, months, **options)
    after = pay_by_month(proposed, deals, months, **options)
    keys = ["consultant_id", "name"]
    a = before.groupby(keys, sort=False).agg(units=("units", "sum"), current=("total", "sum"))
    b = after.groupby(keys, sort=False).agg(proposed=("total", "sum"))
    people = a.join(b).reset_index()
    people["change"] = (people["proposed"] - people["current"]).round(2)
    summary = pd.DataFrame([_team(before, "current"), _team(after, "proposed")])
    return PlanComparison(tuple(months), people, summary, before, after)


def _team(table: pd.DataFrame, name: str) -> dict:
    consultants = table[table["grade"] != ""]  # the manager's row has no grade and sells no car himself
    units = int(consultants["units"].sum())
    cost = float(table["employer_cost"].sum())
    return {"plan": name, "units": units, "total": round(float(table["total"].sum()), 2),
            "employer_cost": round(cost, 2), "cost_per_car": round(cost / units, 0) if units else np.nan}
