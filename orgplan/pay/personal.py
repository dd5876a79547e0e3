"""Personal plans (个人工作计划): each consultant's small goals for a month (小目标) and the self-review after it.

看业绩吃饭, 每月树立小目标: the month's goals come from the decomposed target
(cars, the models that carry them) and last month's funnel (how many visits
made an order), so a consultant sees the visits the cars need, the loans and
policies the penetration bonuses need, the next tier and the pay if the goal
is reached. After the month, :func:`self_review` prefills the review sheet
(完成、差距、改进) with the numbers; the consultant writes the improvement.

Examples
--------
>>> from orgplan.model.io import DATA_DIR
>>> from orgplan.pay.plan import read_commission_plan
>>> from orgplan.sales.targets import decompose_plan, read_target_config
>>> plan = read_commission_plan(DATA_DIR / "pay" / "commission-plan-2027.yaml")
>>> target = decompose_plan(read_target_config(DATA_DIR / "sales" / "target-2027.yaml"))
>>> goals = personal_plans(plan, target, "2027-10")
>>> goals.loc[[0], ["consultant_id", "target", "loans", "policies", "next_tier"]].to_dict("records")
[{'consultant_id': 'S01', 'target': 13, 'loans': 10, 'policies': 12, 'next_tier': '1.5 from 15 cars: 2 more'}]
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from orgplan.i18n import Translator
from orgplan.pay.deals_input import LOAN_PAYMENTS, deals_frame
from orgplan.pay.forecast import Assumptions, payroll_forecast
from orgplan.pay.plan import CommissionPlan
from orgplan.pay.sheet import counted_deals, month_bounds
from orgplan.sales.targets import TargetPlan

_ = Translator("pay")

__all__ = ["personal_plans", "self_review", "GOAL_COLUMNS", "REVIEW_COLUMNS", "WORKING_DAYS"]

GOAL_COLUMNS = ["consultant_id", "name", "month", "target", "main_models", "conversion", "visits", "visits_per_day",
                "loans", "policies", "next_tier", "expected_pay"]
REVIEW_COLUMNS = ["consultant_id", "name", "month", "item", "goal", "actual", "gap", "done", "improvement"]
#: Working days a month, for visits per day (a showroom works six days a week).
WORKING_DAYS = 26


def _next_tier(plan: CommissionPlan, cars: int) -> str:
    """The next tier above ``cars`` and how many more cars reach it (tiers on cars only)."""
    tiers = plan.tiers
    if tiers is None or not tiers.whole:
        return ""
    above = [b for b in tiers.bands if b.low > cars]
    if not above:
        return _("top tier")
    band = above[0]
    return _("{factor:g} from {low:g} cars: {more} more").format(factor=band.value, low=band.low,
                                                                   more=int(band.low - cars))


def personal_plans(plan: CommissionPlan, target: TargetPlan, month: str, *, kpis: pd.DataFrame | None = None,
                   assumptions: Assumptions | None = None) -> pd.DataFrame:
    """Each consultant's small goals for ``month`` (``YYYY-MM``).

    Parameters
    ----------
    plan : CommissionPlan
    target : TargetPlan
        The decomposed target: the month's cars and models.
    month : str
    kpis : DataFrame, optional
        Last month's activity (:func:`orgplan.sales.kpi.kpis`): its orders per
        100 visits give the visits the cars need. Without it, those cells are empty.
    assumptions : Assumptions, optional
        For the pay if the goal is reached (see :func:`~orgplan.pay.forecast.payroll_forecast`).

    Returns
    -------
    DataFrame
        :data:`GOAL_COLUMNS`, one row per consultant with a target that month.
    """
    month_bounds(month)
    number = int(month[-2:])
    cube = target.cube[target.cube.index.get_level_values("month") == number]
    forecast = payroll_forecast(plan, target, assumptions).table
    pay = dict(zip(forecast.loc[forecast["month"] == month, "consultant_id"],
                   forecast.loc[forecast["month"] == month, "total"]))
    conversion = {} if kpis is None else dict(zip(kpis["salesperson"], kpis["orders_per_100_visits"]))
    loan_share = max((t.at_least for t in plan.penetration if t.measure == "loan"), default=0.0)
    policy_share = max((t.at_least for t in plan.penetration if t.measure == "insurance"), default=0.0)
    names = dict(zip(target.by_consultant["consultant_id"], target.by_consultant["name"]))
    rows = []
    for person, own in cube.groupby(level="consultant", sort=False):
        cars = int(own.sum())
        if not cars:
            continue
        models = own.droplevel(["consultant", "month"]).sort_values(ascending=False, kind="stable")
        rate = conversion.get(person, np.nan)
        visits = math.ceil(cars * 100 / rate) if rate and not pd.isna(rate) else np.nan
        rows.append({"consultant_id": person, "name": names.get(person, ""), "month": month, "target": cars,
                     "main_models": ", ".join(f"{m} {n}" for m, n in models[models > 0].head(3).items()),
                     "conversion": round(rate, 1), "visits": visits,
                     "visits_per_day": round(visits / WORKING_DAYS, 1) if not pd.isna(visits) else np.nan,
                     "loans": math.ceil(cars * loan_share), "policies": math.ceil(cars * policy_share),
                     "next_tier": _next_tier(plan, cars), "expected_pay": pay.get(person, np.nan)})
    return pd.DataFrame(rows, columns=GOAL_COLUMNS)


def self_review(goals: pd.DataFrame, deals: pd.DataFrame, *, kpis: pd.DataFrame | None = None,
                pay: pd.DataFrame | None = None) -> pd.DataFrame:
    """The self-review sheet after the month (完成、差距、改进), prefilled: goal, actual, gap, achieved.

    Parameters
    ----------
    goals : DataFrame
        The month's :func:`personal_plans`.
    deals : DataFrame
        The deals table: cars delivered (not cancelled by the month's end), loans and policies among them.
    kpis : DataFrame, optional
        The month's activity (:func:`orgplan.sales.kpi.kpis`) for the visits made.
    pay : DataFrame, optional
        The month's pay sheet (``PaySheet.sheet``) for the pay earned.

    Returns
    -------
    DataFrame
        :data:`REVIEW_COLUMNS`, a row per consultant and item (units, visits, loans,
        policies, pay); ``improvement`` is left empty for the consultant to write.

    Examples
    --------
    >>> goals = pd.DataFrame({"consultant_id": ["S01"], "name": ["王海涛"], "month": ["2027-09"], "target": [3],
    ...                       "visits": [60], "loans": [2], "policies": [3], "expected_pay": [9000.0]})
    >>> deals = pd.DataFrame({"deal_id": ["D1", "D2"], "consultant_id": ["S01"] * 2, "model_id": ["CITY"] * 2,
    ...     "status": ["delivered"] * 2, "delivery_date": ["2027-09-02", "2027-09-12"], "payment": ["loan", "full"],
    ...     "insurance": ["是", "是"]})
    >>> self_review(goals, deals)[["item", "goal", "actual", "gap", "done"]].to_dict("records")[:2]
    [{'item': 'units', 'goal': 3, 'actual': 2, 'gap': -1, 'done': 'no'}, {'item': 'loans', 'goal': 2, 'actual': 1, 'gap': -1, 'done': 'no'}]
    """
    frame = deals_frame(deals)
    rows = []
    for goal in goals.itertuples(index=False):
        cars = counted_deals(frame[frame["consultant_id"] == goal.consultant_id], goal.month)
        actual = {"units": len(cars), "loans": int(cars["payment"].isin(LOAN_PAYMENTS).sum()),
                  "policies": int(cars["insurance"].sum())}
        if kpis is not None:
            made = kpis.loc[kpis["salesperson"] == goal.consultant_id, "visits"]
            actual["visits"] = int(made.iloc[0]) if len(made) else 0
        if pay is not None:
            earned = pay.loc[pay["consultant_id"] == goal.consultant_id, "total"]
            actual["pay"] = float(earned.iloc[0]) if len(earned) else 0.0
        wanted = {"units": goal.target, "loans": goal.loans, "policies": goal.policies,
                  "visits": getattr(goal, "visits", np.nan), "pay": getattr(goal, "expected_pay", np.nan)}
        for item in ("units", "loans", "policies", "visits", "pay"):
            if item not in actual:
                continue
            aim = wanted[item]
            gap = actual[item] - aim if not pd.isna(aim) else np.nan
            rows.append({"consultant_id": goal.consultant_id, "name": goal.name, "month": goal.month, "item": item,
                         "goal": aim, "actual": actual[item], "gap": gap,
                         "done": "" if pd.isna(gap) else ("yes" if gap >= 0 else "no"), "improvement": ""})
    return pd.DataFrame(rows, columns=REVIEW_COLUMNS)
