"""Figures of pay by performance (matplotlib, Chinese labels): the pay sheet, the payroll forecast, a plan change.

Every function takes what :mod:`orgplan.pay` returns and draws it:

* :func:`plot_pay_components` — each person's pay as stacked parts (a :class:`~orgplan.pay.sheet.PaySheet`);
* :func:`plot_forecast` — the team's cost by month and the cost per car (a
  :class:`~orgplan.pay.forecast.PayrollForecast`);
* :func:`plot_plan_change` — each consultant's pay under two plans (a
  :class:`~orgplan.pay.design.PlanComparison`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from orgplan.i18n import Translator
from orgplan.pay.design import PlanComparison
from orgplan.pay.display import label
from orgplan.pay.forecast import PayrollForecast
from orgplan.pay.sheet import PaySheet
from orgplan.render.fonts import cjk_context, pin_fonts

_ = Translator("pay")

__all__ = ["plot_pay_components", "plot_forecast", "plot_plan_change", "PAY_PARTS"]

#: The parts of pay stacked in :func:`plot_pay_components`, bottom to top.
PAY_PARTS = ("base", "per_car", "gross", "finance_insurance", "scorecard", "team_bonus", "cap", "clawback", "floor")


def _names(table: pd.DataFrame) -> list[str]:
    return [n if isinstance(n, str) and n else str(c) for c, n in zip(table["consultant_id"], table["name"])]


def plot_pay_components(sheet: PaySheet) -> Figure:
    """Each person's pay of the month as stacked parts (deductions below zero).

    Examples
    --------
    >>> from orgplan.model.io import DATA_DIR
    >>> from orgplan.pay.plan import read_commission_plan
    >>> from orgplan.pay.sheet import pay_sheet
    >>> plan = read_commission_plan(DATA_DIR / "pay" / "commission-plan-2027.yaml")
    >>> deals = pd.DataFrame({"deal_id": ["D1"], "consultant_id": ["S07"], "model_id": ["CITY"],
    ...     "delivery_date": ["2027-09-03"], "status": ["delivered"], "gross_profit": [2000]})
    >>> fig = plot_pay_components(pay_sheet(plan, deals, "2027-09", people=["S07"]))
    >>> len(fig.axes[0].patches) > 0
    True
    """
    table = sheet.sheet
    names = _names(table)
    with cjk_context():
        fig = Figure(figsize=(max(6.0, 0.6 * len(table) + 2), 4.5))
        ax = fig.add_subplot()
        up = np.zeros(len(table))
        down = np.zeros(len(table))
        for part in PAY_PARTS:
            values = table[part].to_numpy(dtype=float)
            if not np.any(values):
                continue
            bottom = np.where(values >= 0, up, down)
            ax.bar(names, values, bottom=bottom, label=label(part))
            up += np.where(values >= 0, values, 0)
            down += np.where(values < 0, values, 0)
        ax.set_title(_("Pay sheet {period}").format(period=sheet.period))
        ax.set_ylabel(_("yuan"))
        ax.axhline(0, color="black", linewidth=0.6)
        ax.tick_params(axis="x", rotation=45)
        ax.legend(fontsize=8, ncol=2)
        pin_fonts(fig)
        fig.tight_layout()
    return fig


def plot_forecast(*forecasts: PayrollForecast, names: tuple[str, ...] = ()) -> Figure:
    """The sales team's monthly cost (bars: base and variable) and cost per car (line), for one or more forecasts.

    With several forecasts (e.g. the target and the target + 10 %), each is a
    line of cost per car; the bars are the first's.
    """
    first = forecasts[0].by_month
    months = [m[-2:] for m in first["month"]]
    with cjk_context():
        fig = Figure(figsize=(8, 4.5))
        ax = fig.add_subplot()
        ax.bar(months, first["base"], label=label("base"))
        ax.bar(months, first["variable"], bottom=first["base"], label=label("variable"))
        ax.bar(months, first["social_insurance"], bottom=first["base"] + first["variable"],
               label=label("social_insurance"))
        ax.set_ylabel(_("yuan a month"))
        ax.set_xlabel(_("month"))
        right = ax.twinx()
        for index, forecast in enumerate(forecasts):
            name = names[index] if index < len(names) else ""
            right.plot(months, forecast.by_month["cost_per_car"], marker="o",
                       label=f"{label('cost_per_car')} {name}".strip())
        right.set_ylabel(label("cost_per_car"))
        ax.legend(loc="upper left", fontsize=8)
        right.legend(loc="upper right", fontsize=8)
        ax.set_title(_("Sales payroll forecast {year}").format(year=forecasts[0].year))
        pin_fonts(fig)
        fig.tight_layout()
    return fig


def plot_plan_change(comparison: PlanComparison) -> Figure:
    """Each consultant's change of pay under the proposed plan (bars), over the months compared."""
    table = comparison.by_person
    with cjk_context():
        fig = Figure(figsize=(max(6.0, 0.6 * len(table) + 2), 4))
        ax = fig.add_subplot()
        colours = ["tab:green" if v >= 0 else "tab:red" for v in table["change"]]
        ax.bar(_names(table), table["change"], color=colours)
        ax.axhline(0, color="black", linewidth=0.6)
        ax.set_ylabel(_("change of pay (yuan)"))
        ax.tick_params(axis="x", rotation=45)
        ax.set_title(_("What the proposed plan pays more or less, {first} to {last}").format(
            first=comparison.months[0], last=comparison.months[-1]))
        pin_fonts(fig)
        fig.tight_layout()
    return fig
