"""The staffing tables for people: headers and codes in the language chosen (one place).

The analyses return stable English column names and codes (``recommended``,
``short``, ``ratio_out_of_range``); the CLI, the notebook and the draft's
notes show them through :func:`display_table`. English returns a copy.

Examples
--------
>>> import pandas as pd
>>> from orgplan.i18n import language
>>> frame = pd.DataFrame({"position_id": ["ADV-SA"], "recommended": [7], "status": ["short"]})
>>> with language("zh-Hans"):
...     display_table(frame).to_dict("records")
[{'职位编号': 'ADV-SA', '建议编制': 7, '状态': '编制不足'}]
"""

from __future__ import annotations

import html
from typing import Any

import pandas as pd

from orgplan.i18n import N_, Translator
from orgplan.staffing.drivers import DRIVER_NAMES, DRIVERS
from orgplan.staffing.ratios import MONTH_CHOICES, month_words
from orgplan.tables.schema import Column, Table, localise

_ = Translator("staffing")

__all__ = ["LABELS", "CHOICES", "OUTPUT", "display_table", "display_drivers", "plan_html", "summary_lines"]

#: What people read for each column of the staffing tables.
LABELS: dict[str, str] = {
    "position_id": N_("position id"), "unit_id": N_("unit"), "title": N_("position"), "name": N_("name"),
    "rule": N_("rule"), "month": N_("month that sets the need"), "need": N_("need (people)"),
    "recommended": N_("recommended establishment"), "approved": N_("establishment"), "filled": N_("in post"),
    "difference": N_("recommended − establishment"), "monthly_cost": N_("monthly cost"),
    "cost_difference": N_("monthly cost of the difference"), "to_hire": N_("to hire"), "status": N_("status"),
    "capped": N_("held by the cap"), "uncovered": N_("positions without a rule"),
    "severity": N_("severity"), "code": N_("finding"), "value": N_("value"), "reference": N_("reference"),
    "message": N_("message"),
    "before": N_("before"), "after": N_("after"), "change": N_("change"), "cost_change": N_("monthly cost change"),
    "kind": N_("kind"), "people_down": N_("people at −10%"), "cost_down": N_("cost at −10%"),
    "people_up": N_("people at +10%"), "cost_up": N_("cost at +10%"),
    "duty_id": N_("duty"), "units": N_("units"), "hours_per_person": N_("hours per person per week"),
    "total_hours": N_("hours per week"), "fte_need": N_("FTE need"), "load": N_("load"), "flag": N_("flag"),
    "fte": N_("FTE"), "driver": N_("driver"), "source": N_("source"), "low": N_("low"), "high": N_("high"),
    "rounding": N_("rounding"),
}

#: What people read for the codes of the choice columns.
CHOICES: dict[str, dict[str, str]] = {
    "status": {"short": N_("establishment short"), "surplus": N_("establishment surplus"),
               "balanced": N_("balanced")},
    "severity": {"error": N_("error"), "warning": N_("warning"), "info": N_("info")},
    "code": {"ratio_out_of_range": N_("ratio outside its range"), "rule_without_position": N_("rule without position"),
             "no_rule": N_("positions without a rule"), "in_post_above_need": N_("in post above need"),
             "productive_share_low": N_("productive share low"), "support_share_high": N_("support share high"),
             "span_wide": N_("span too wide"), "span_narrow": N_("span narrow"),
             "too_many_layers": N_("too many layers"), "duty_without_hours": N_("duty without hours"),
             "duty_in_several_units": N_("duty in several units")},
    "flag": {"over": N_("over-loaded"), "under": N_("under-loaded"), "ok": N_("ok"),
             "no_establishment": N_("no establishment")},
    "kind": {"ratio": N_("ratio"), "driver": N_("driver")},
    "month": dict(MONTH_CHOICES),
    "name": dict(DRIVER_NAMES),
}

#: The one display table of every staffing output (its columns only name and label).
OUTPUT = Table("staffing_output", None, tuple(
    Column(name, "choice" if name in CHOICES else "text", required=False, label=text,
           choice_labels=CHOICES.get(name, {}))
    for name, text in LABELS.items()))


def display_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A staffing table for people: headers and codes in the language in force; percentiles ``p75`` as words."""
    out = frame.copy()
    if "month" in out.columns and out["month"].dtype == object:
        out["month"] = out["month"].map(_month_text)
    if "capped" in out.columns:
        out["capped"] = out["capped"].map(lambda v: _("yes") if v is True or v == 1 else "")
    return localise(out, OUTPUT)


def display_drivers(drivers: pd.DataFrame) -> pd.DataFrame:
    """The drivers table for people: one row per month, headers in the language in force (``_row`` dropped).

    Examples
    --------
    >>> from orgplan.i18n import language
    >>> with language("zh-Hans"):
    ...     display_drivers(pd.DataFrame({"month": [1], "repair_orders": [2210], "_row": [2]})).columns.tolist()
    ['月份', '维修台次']
    """
    return localise(drivers.drop(columns=[c for c in drivers.columns if c.startswith("_")]), DRIVERS)


def _month_text(value: Any) -> Any:
    if isinstance(value, str) and value and value not in MONTH_CHOICES:
        return month_words(value)
    return value


def summary_lines(plan: Any) -> list[str]:
    """The recommendation in a few sentences (a :class:`~orgplan.staffing.recommend.StaffingPlan`)."""
    table = plan.establishment
    short, surplus = table[table["difference"] > 0], table[table["difference"] < 0]
    lines = [_("{count} positions have a staffing rule: recommended {recommended}, establishment {approved}, "
               "in post {filled}.").format(count=len(table), recommended=int(table["recommended"].sum()),
                                          approved=int(table["approved"].sum()), filled=int(table["filled"].sum()))]
    lines.append(_.ngettext("{count} position is short of its need by {people} people, costing {cost} a month more.",
                            "{count} positions are short of their need by {people} people, costing {cost} a month "
                            "more.", len(short)).format(count=len(short), people=int(short["difference"].sum()),
                                                        cost=f"{short['cost_difference'].sum():,.0f}"))
    lines.append(_.ngettext("{count} position has {people} more than its need, costing {cost} a month.",
                            "{count} positions have {people} more than their need, costing {cost} a month.",
                            len(surplus)).format(count=len(surplus), people=int(-surplus["difference"].sum()),
                                                 cost=f"{-surplus['cost_difference'].sum():,.0f}"))
    lines.append(_("Net: {people:+d} people, {cost} a month.").format(
        people=plan.total_difference, cost=f"{plan.total_cost_difference:+,.0f}"))
    return lines


def plan_html(plan: Any) -> str:
    """What Jupyter shows for a staffing plan: the summary and the positions whose establishment differs."""
    lines = "".join(f"<li>{html.escape(line)}</li>" for line in summary_lines(plan))
    table = plan.establishment
    changed = table[table["difference"] != 0].drop(columns=["rule", "unit_id", "monthly_cost", "capped"])
    return f"<ul>{lines}</ul>" + display_table(changed).to_html(index=False, float_format=lambda v: f"{v:.2f}")
