"""The sales tables for people: headers and status values in the language chosen (one place).

The analyses of :mod:`orgplan.sales` return tables with stable English
column names and codes (``salesperson``, ``attainment``, ``behind_plan``,
``warning``), so scripts keep working in any language. What a person reads
— the CLI's printed tables and CSV files, the target workbook, the
notebooks' tables, the widgets — goes through :func:`display_table`, which
renames the headers and maps the codes through :data:`OUTPUT` (labels
marked ``N_``, translated where shown by :func:`orgplan.tables.schema.localise`).
In English the table is returned unchanged. Every header and value written
this way reads back in any language (:func:`orgplan.tables.schema.canonical_headers`).

Examples
--------
>>> import pandas as pd
>>> from orgplan.i18n import language
>>> frame = pd.DataFrame({"salesperson": ["S04"], "flag": ["behind_plan"]})
>>> with language("zh-Hans"):
...     display_table(frame).to_dict("records")
[{'销售顾问': 'S04', '预警类型': '连续未完成计划'}]
>>> with language("en"):
...     display_table(frame).columns.tolist()
['salesperson', 'flag']
"""

from __future__ import annotations

import pandas as pd

from orgplan.i18n import N_, Translator
from orgplan.tables.schema import Column, Table, delocalise, localise

_ = Translator("sales")

__all__ = ["OUTPUT", "LABELS", "CHOICES", "display_table", "from_display", "label", "translate_items", "SHEETS"]

#: What people read for each column of the sales tables (one label per column name, shared by every output).
LABELS: dict[str, str] = {
    # people, teams, models, periods
    "salesperson": N_("salesperson"), "consultant_id": N_("consultant"), "consultant": N_("consultant"),
    "year": N_("year"), "name": N_("name"), "team": N_("team"), "model_id": N_("model"), "model": N_("model"),
    "month": N_("month"),
    "part": N_("part"), "dimension": N_("dimension"),
    # activity KPIs
    "visits": N_("visits"), "days": N_("days with visits"), "visits_per_day": N_("visits per day"),
    "minutes_per_visit": N_("minutes per visit"), "revenue_per_visit": N_("revenue per visit"),
    "cost_per_visit": N_("cost per visit"), "orders": N_("orders"), "orders_per_100_visits": N_("orders per 100 visits"),
    "revenue": N_("revenue"), "cost": N_("cost"), "expense_ratio": N_("expense ratio"), "minutes": N_("minutes"),
    "new_customers": N_("new customers"), "lost_customers": N_("lost customers"),
    # the showroom's funnel and F&I (orgplan.sales.showroom.scorecard_measures)
    "close_rate_first": N_("close rate (÷ first visits)"), "close_rate_all": N_("close rate (÷ all traffic)"),
    "defeat_rate": N_("loss rate"), "registration_rate": N_("registration rate"),
    "arrival_rate": N_("invitation arrival rate"), "test_drive_rate": N_("test drive rate"),
    "followup_on_time_rate": N_("follow-ups on time"), "finance_rate": N_("finance penetration"),
    "insurance_rate": N_("insurance penetration"), "warranty_rate": N_("extended warranty penetration"),
    "accessories_per_car": N_("accessories per car"),
    # plan versus actual
    "target": N_("target"), "actual": N_("actual"), "variance": N_("variance"), "attainment": N_("attainment"),
    "year_target": N_("year target"), "ytd_target": N_("target to date"), "ytd_actual": N_("sold to date"),
    "ytd_variance": N_("variance to date"), "ytd_attainment": N_("attainment to date"),
    "projection": N_("projection to year end"), "projected_attainment": N_("projected attainment"),
    "to_go": N_("still to sell"), "behind_streak": N_("months behind in a row"),
    "units": N_("cars sold"), "collected": N_("cash collected"), "gross_profit": N_("gross profit"),
    # the target plan
    "assigned": N_("quota"), "last_year": N_("last year"), "min_units": N_("minimum"), "cap_units": N_("cap"),
    "seasonality": N_("seasonality"), "share": N_("share"), "total": N_("total"),
    # scorecards
    "rank": N_("rank"), "points": N_("points"), "score": N_("score"), "results": N_("results"),
    "activity": N_("activity"), "ratings": N_("ratings"), "missing": N_("scored lowest for lack of"),
    "teamwork": N_("teamwork"), "enthusiasm": N_("enthusiasm"), "reporting_discipline": N_("reporting discipline"),
    "loyalty": N_("loyalty"),
    # findings and warnings
    "severity": N_("severity"), "aspect": N_("aspect"), "code": N_("finding"), "flag": N_("warning type"),
    "value": N_("value"), "reference": N_("reference"), "message": N_("message"), "item": N_("item"),
    "count": N_("count"),
    # customers
    "customer_id": N_("customer"), "first_purchase": N_("first purchase"), "last_touch": N_("last contact"),
    "lost_on": N_("lost on"),
}

#: What people read for the codes of the choice columns.
CHOICES: dict[str, dict[str, str]] = {
    "severity": {"error": N_("error"), "warning": N_("warning"), "info": N_("info")},
    "aspect": {"reasonableness": N_("reasonableness"), "challenge": N_("challenge")},
    "code": {"exceeds_capacity": N_("exceeds capacity"), "exceeds_history": N_("far above history"),
             "below_last_year": N_("below last year"), "growth_off_company": N_("growth far from the company's")},
    "dimension": {"consultant": N_("consultant"), "quota": N_("quota"), "model": N_("model"), "month": N_("month")},
    "flag": {"behind_plan": N_("behind plan months running"), "activity_dropping": N_("activity dropping"),
             "expense_ratio_rising": N_("expense ratio rising")},
    "salesperson": {"(team)": N_("(team)")},
}

#: The one display table of every sales output (not read for validation: its columns only name and label).
OUTPUT = Table("sales_output", None, tuple(
    Column(name, "choice" if name in CHOICES else "text", required=False, label=text,
           choice_labels=CHOICES.get(name, {}))
    for name, text in LABELS.items()))

#: The target workbook's sheets: name in English → what people read.
#: (the English names are the sheets' names, so an English workbook keeps them).
SHEETS: dict[str, str] = {
    "summary": N_("summary"), "by_month": N_("by_month"), "by_consultant": N_("by_consultant"),
    "by_model": N_("by_model"), "consultant_x_month": N_("consultant_x_month"), "checks": N_("checks"),
    "cube": N_("cube"),
}

#: Metric names inside a scorecard's ``missing`` cell ("units, teamwork"), joined for people.
_LIST_COLUMNS = ("missing",)


def label(column: str) -> str:
    """What people read for a column of the sales tables, in the language in force (the name when unknown).

    Examples
    --------
    >>> from orgplan.i18n import language
    >>> with language("zh-Hant"):
    ...     label("attainment"), label("unknown_column")
    ('達成率', 'unknown_column')
    """
    return _(LABELS[column]) if column in LABELS else column


def translate_items(values: pd.Series) -> pd.Series:
    """A summary's ``item`` column (English message ids marked ``N_``) in the language in force."""
    return values.map(lambda v: _(v) if isinstance(v, str) and v else v)


def display_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A sales table for people: headers and codes in the language in force; English returns a copy.

    The user's own data (ids, names, teams) is left as it is; a summary's
    ``item`` column and a scorecard's ``missing`` list are translated too.
    """
    out = frame.copy()
    if "item" in out.columns:
        out["item"] = translate_items(out["item"])
    for column in _LIST_COLUMNS:
        if column in out.columns:
            out[column] = out[column].map(
                lambda cell: _(", ").join(label(m) for m in cell.split(", ")) if isinstance(cell, str) and cell
                else cell)
    return localise(out, OUTPUT)


def from_display(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """A table written by :func:`display_table` in any language, back to its English names and codes.

    ``columns`` are the English names the table has (one label may name
    several columns of different tables — 销售顾问 is ``salesperson`` in one
    and ``consultant_id`` in another — so the reader says which it expects).
    Headers it does not know are kept as they are.

    Examples
    --------
    >>> from orgplan.i18n import language
    >>> frame = pd.DataFrame({"consultant_id": ["S01"], "severity": ["warning"]})
    >>> with language("zh-Hant"):
    ...     shown = display_table(frame)
    >>> shown.columns.tolist()
    ['銷售顧問', '級別']
    >>> from_display(shown, ["consultant_id", "severity"]).to_dict("records")
    [{'consultant_id': 'S01', 'severity': 'warning'}]
    """
    return delocalise(frame, Table("sales_output", None, tuple(c for c in OUTPUT.columns if c.name in columns)))
