"""The pay tables for people: headers and codes in the language chosen (one place).

The analyses of :mod:`orgplan.pay` return tables with English column names
and codes (``per_car``, ``clawback``, ``warning``) so scripts keep working;
what a person reads goes through :func:`display_table`.

Examples
--------
>>> import pandas as pd
>>> from orgplan.i18n import language
>>> with language("zh-Hans"):
...     display_table(pd.DataFrame({"component": ["clawback"], "amount": [-480.0]})).to_dict("records")
[{'项目': '退订追回', '金额': -480.0}]
"""

from __future__ import annotations

import pandas as pd

from orgplan.i18n import N_, Translator
from orgplan.tables.schema import Column, Table, localise

_ = Translator("pay")

__all__ = ["LABELS", "CHOICES", "OUTPUT", "display_table", "label", "MONEY_COLUMNS", "translate_items"]

#: What people read for each column of the pay tables.
LABELS: dict[str, str] = {
    "consultant_id": N_("consultant"), "name": N_("name"), "team": N_("team"), "grade": N_("grade"),
    "units": N_("cars"), "target": N_("target"), "attainment": N_("attainment"), "rating": N_("rating"),
    "base": N_("base pay"), "per_car": N_("per-car commission"), "gross": N_("gross-profit commission"),
    "finance_insurance": N_("F&I and accessories"), "scorecard": N_("scorecard adjustment"),
    "team_bonus": N_("team bonus"), "cap": N_("cap"), "clawback": N_("clawback"), "floor": N_("floor top-up"),
    "total": N_("total pay"), "social_insurance": N_("employer social insurance"),
    "employer_cost": N_("cost to the store"),
    "component": N_("item"), "rule": N_("rule"), "plan_line": N_("plan line"), "deals": N_("deals"),
    "quantity": N_("quantity"), "rate": N_("rate"), "amount": N_("amount"),
    "deal_id": N_("deal"), "model_id": N_("model"), "delivery_date": N_("delivery date"), "car_rule": N_("per-car rule"),
    "car_amount": N_("per-car amount"), "tier": N_("tier"), "tier_factor": N_("tier factor"),
    "gross_profit": N_("gross profit"), "loan": N_("loan bonus"), "insurance": N_("insurance bonus"),
    "extended_warranty": N_("extended warranty bonus"), "accessories": N_("accessories commission"),
    "month": N_("month"), "variable": N_("variable pay"), "cost_per_car": N_("cost per car"),
    "cost": N_("cost"), "pay": N_("pay"), "change": N_("change"), "plan": N_("plan"),
    "outcome": N_("outcome"), "reason": N_("reason"), "window": N_("months"), "mean_attainment": N_("mean attainment"),
    "score": N_("score"), "rank": N_("rank"),
    "goal": N_("goal"), "actual": N_("actual"), "gap": N_("gap"), "done": N_("achieved"),
    "improvement": N_("improvement"), "item": N_("item"), "main_models": N_("main models"),
    "visits": N_("visits"), "visits_per_day": N_("visits per day"), "conversion": N_("orders per 100 visits"),
    "loans": N_("loans"), "policies": N_("insurance policies"), "expected_pay": N_("pay if reached"),
    "next_tier": N_("next tier"), "position_id": N_("position"), "title": N_("title"), "filled": N_("in post"),
    "typed_cost": N_("monthly cost typed"), "planned_cost": N_("monthly cost from the plan"),
    "difference": N_("difference"), "value": N_("value"), "file": N_("file"), "row": N_("line"),
    "column": N_("key"), "expected": N_("expected"), "code": N_("problem"), "mode": N_("how tiers count"),
    "filled_before": N_("in post before"), "filled_after": N_("in post after"),
    "cost_before": N_("monthly cost before"), "cost_after": N_("monthly cost after"),
}

#: What people read for the codes of choice columns.
CHOICES: dict[str, dict[str, str]] = {
    "component": {
        "base": N_("base pay"), "per_car": N_("per-car commission"), "gross": N_("gross-profit commission"),
        "loan": N_("loan bonus"), "insurance": N_("insurance bonus"),
        "extended_warranty": N_("extended warranty bonus"), "accessories": N_("accessories commission"),
        "penetration": N_("penetration bonus"), "scorecard": N_("scorecard adjustment"),
        "team_bonus": N_("team bonus"), "team_cars": N_("team per-car bonus"), "cap": N_("cap"),
        "clawback": N_("clawback"), "floor": N_("floor top-up")},
    "outcome": {"promotion": N_("promotion candidate"), "warning": N_("warning"),
                "elimination": N_("elimination candidate"), "keep": N_("no action")},
    "item": {"units": N_("cars delivered"), "visits": N_("visits"), "loans": N_("loans"),
             "policies": N_("insurance policies"), "pay": N_("pay")},
    "done": {"yes": N_("yes"), "no": N_("no")},
    "plan": {"current": N_("current plan"), "proposed": N_("proposed plan")},
}

#: The columns holding yuan (formatted as money in the workbook).
MONEY_COLUMNS = ("base", "per_car", "gross", "finance_insurance", "scorecard", "team_bonus", "cap", "clawback",
                 "floor", "total", "social_insurance", "employer_cost", "amount", "car_amount", "gross_profit",
                 "loan", "insurance", "extended_warranty", "accessories", "variable", "cost_per_car", "cost",
                 "expected_pay", "typed_cost", "planned_cost", "difference", "cost_before", "cost_after")

OUTPUT = Table("pay_output", None, tuple(
    Column(name, "choice" if name in CHOICES else "text", required=False, label=text,
           choice_labels=CHOICES.get(name, {}))
    for name, text in LABELS.items()))


def label(column: str) -> str:
    """What people read for a column of the pay tables, in the language in force (the name when unknown)."""
    return _(LABELS[column]) if column in LABELS else column


def translate_items(values: pd.Series) -> pd.Series:
    """Cells holding English message ids (marked ``N_``), in the language in force."""
    return values.map(lambda v: _(v) if isinstance(v, str) and v else v)


def display_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A pay table for people: headers and codes in the language in force; English returns a copy.

    The reasons and goals the analyses write are already in the language in
    force (they are made with ``_()`` when computed); the user's own data
    (ids, names, teams, models) is never changed.
    """
    return localise(frame, OUTPUT)
