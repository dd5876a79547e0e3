"""Figures of people (matplotlib, Chinese labels): headcount over the year, turnover month by month.

Each function draws what an analysis of :mod:`orgplan.people` returns:

* :func:`plot_headcount` — people in post at each month's end, stacked by employment type, with the
  establishment as a line (a :func:`~orgplan.people.movements.headcount_by_month` table);
* :func:`plot_turnover` — joiners and leavers per month and the monthly turnover rate (a
  :func:`~orgplan.people.movements.monthly_turnover` table).
"""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, PercentFormatter

from orgplan.errors import ParameterError
from orgplan.i18n import N_, Translator
from orgplan.people.tables import EMPLOYMENT_TYPES
from orgplan.render.fonts import cjk_context, pin_fonts

_ = Translator("people")

__all__ = ["plot_headcount", "plot_turnover"]

_COLOURS = {"regular": "#4C72B0", "probation": "#8FB3E0", "dispatched": "#DD8452", "intern": "#55A868",
            "retiree": "#8172B3"}


def _require(table: pd.DataFrame, columns: tuple[str, ...], what: str) -> None:
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ParameterError(_("The table given to {what} lacks the columns {columns}.").format(
            what=what, columns=", ".join(missing)))


def plot_headcount(monthly: pd.DataFrame, *, establishment: int | None = None, title: str = "") -> Figure:
    """People in post at each month's end, stacked by employment type; the establishment as a dashed line.

    Examples
    --------
    >>> from orgplan import sample_path
    >>> from orgplan.people import read_events, headcount_by_month
    >>> table = headcount_by_month(read_events(sample_path("people/people.csv")), "2026-10-01", "2027-09-30")
    >>> fig = plot_headcount(table, establishment=126)
    >>> len(fig.axes[0].patches), fig.axes[0].get_lines()[0].get_ydata()[0]
    (60, 126)
    """
    _require(monthly, ("month", "total", *EMPLOYMENT_TYPES), "plot_headcount")
    with cjk_context():
        fig = Figure(figsize=(9, 4.5))
        ax = fig.add_subplot()
        bottom = pd.Series(0, index=monthly.index)
        for code, label in EMPLOYMENT_TYPES.items():
            ax.bar(monthly["month"], monthly[code], bottom=bottom, label=_(label), color=_COLOURS[code])
            bottom = bottom + monthly[code]
        for x, total in zip(monthly["month"], monthly["total"]):
            ax.annotate(str(int(total)), (x, total), ha="center", va="bottom", fontsize=8)
        if establishment is not None:
            ax.axhline(establishment, color="#C44E52", linestyle="--", label=_("establishment ({n})").format(
                n=establishment))
        ax.set_ylabel(_("people in post at month end"))
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_title(title or _("Headcount over the year"))
        ax.tick_params(axis="x", labelrotation=45)
        ax.legend(loc="lower left", fontsize=8, ncols=3)
        fig.tight_layout()
    return pin_fonts(fig)


def plot_turnover(monthly: pd.DataFrame, *, title: str = "") -> Figure:
    """Joiners and leavers per month as bars, the monthly turnover rate as a line on the right axis.

    Examples
    --------
    >>> from orgplan import sample_path
    >>> from orgplan.people import read_events, monthly_turnover
    >>> table = monthly_turnover(read_events(sample_path("people/people.csv")), "2026-10-01", "2027-09-30")
    >>> fig = plot_turnover(table)
    >>> len(fig.axes)
    2
    """
    _require(monthly, ("month", "joiners", "leavers", "turnover"), "plot_turnover")
    with cjk_context():
        fig = Figure(figsize=(9, 4))
        ax = fig.add_subplot()
        x = range(len(monthly))
        ax.bar([i - 0.2 for i in x], monthly["joiners"], width=0.4, label=_(N_("joiners")), color="#55A868")
        ax.bar([i + 0.2 for i in x], monthly["leavers"], width=0.4, label=_(N_("leavers")), color="#C44E52")
        ax.set_xticks(list(x), monthly["month"], rotation=45)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_ylabel(_("people"))
        rate = ax.twinx()
        rate.plot(list(x), monthly["turnover"], color="#333333", marker="o", label=_(N_("turnover")))
        rate.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=1))
        rate.set_ylim(bottom=0)
        rate.set_ylabel(_("monthly turnover"))
        ax.set_title(title or _("Joiners, leavers and turnover by month"))
        handles = ax.get_legend_handles_labels()
        more = rate.get_legend_handles_labels()
        ax.legend(handles[0] + more[0], handles[1] + more[1], loc="upper left", fontsize=8)
        fig.tight_layout()
    return pin_fonts(fig)
