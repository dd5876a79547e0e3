"""Figures of the showroom (matplotlib, Chinese labels): the funnel, close rates week by week, receivables ageing.

Each function takes what an analysis of :mod:`orgplan.sales.showroom`
returns and draws it:

* :func:`plot_funnel` — the funnel's stages of the store or of one
  consultant, as horizontal bars with each stage's rate;
* :func:`plot_close_rates` — consultants' close rates against the team, a
  :func:`~orgplan.sales.showroom.funnel.funnel` table;
* :func:`plot_weekly_close_rates` — week by week (a
  :func:`~orgplan.sales.showroom.funnel.weekly_close_rates` table);
* :func:`plot_ageing` — receivables per customer stacked by age bucket (a
  :func:`~orgplan.sales.showroom.credit.receivables_ageing` table).
"""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from orgplan.errors import ParameterError
from orgplan.i18n import Translator
from orgplan.render.fonts import cjk_context, pin_fonts
from orgplan.sales.showroom import AGE_BUCKETS, CREDIT_LABELS, FUNNEL_LABELS

_ = Translator("showroom")

__all__ = ["plot_funnel", "plot_close_rates", "plot_weekly_close_rates", "plot_ageing"]

_STAGES = ["traffic", "first_visits", "registered", "test_drives", "quotes", "orders"]


def plot_funnel(row: pd.Series, *, title: str = "") -> Figure:
    """One funnel (a row of a :func:`funnel` table): traffic → first visits → registered → test drives → quotes → orders.

    Examples
    --------
    >>> row = pd.Series({"traffic": 100, "first_visits": 60, "registered": 45, "test_drives": 40, "quotes": 38,
    ...                  "orders": 12})
    >>> fig = plot_funnel(row, title="2027-09")
    >>> len(fig.axes[0].patches)
    6
    """
    values = [float(row[s]) for s in _STAGES]
    labels = [_(FUNNEL_LABELS[s]) for s in _STAGES]
    with cjk_context():
        fig = Figure(figsize=(7, 3.6))
        ax = fig.subplots()
        top = max(values) or 1.0
        ax.barh(range(len(values)), values, left=[(top - v) / 2 for v in values], color="#2e86c1")
        for i, v in enumerate(values):
            share = "" if i == 0 or not values[0] else f"  {v / values[0]:.0%}"
            ax.text(top / 2, i, f"{v:,.0f}{share}", ha="center", va="center", color="white", fontsize=9)
        ax.set_yticks(range(len(labels)), labels)
        ax.invert_yaxis()
        ax.set_xticks([])
        for side in ("top", "right", "bottom"):
            ax.spines[side].set_visible(False)
        if title:
            ax.set_title(title)
        fig.tight_layout()
    return pin_fonts(fig)


def plot_close_rates(table: pd.DataFrame, *, names: dict[str, str] | None = None, store: pd.Series | None = None,
                     title: str = "") -> Figure:
    """Each consultant's close rates (÷ first visits, ÷ all traffic) as bars; the store's as dashed lines.

    Examples
    --------
    >>> table = pd.DataFrame({"consultant_id": ["S01", "S02"], "close_rate_first": [0.3, 0.2],
    ...                       "close_rate_all": [0.15, 0.1]})
    >>> fig = plot_close_rates(table, names={"S01": "王海涛"})
    >>> [t.get_text() for t in fig.axes[0].get_xticklabels()]
    ['王海涛', 'S02']
    """
    if "consultant_id" not in table.columns:
        raise ParameterError("The 'table' parameter of plot_close_rates must be a funnel by consultant_id.")
    names = names or {}
    labels = [names.get(c, c) for c in table["consultant_id"]]
    with cjk_context():
        fig = Figure(figsize=(8, 3.6))
        ax = fig.subplots()
        x = range(len(table))
        ax.bar([i - 0.2 for i in x], table["close_rate_first"].fillna(0), width=0.4, color="#2e86c1",
               label=_(FUNNEL_LABELS["close_rate_first"]))
        ax.bar([i + 0.2 for i in x], table["close_rate_all"].fillna(0), width=0.4, color="#85c1e9",
               label=_(FUNNEL_LABELS["close_rate_all"]))
        if store is not None:
            ax.axhline(float(store["close_rate_first"]), color="#1b4f72", linestyle="--", linewidth=1)
            ax.axhline(float(store["close_rate_all"]), color="#5dade2", linestyle="--", linewidth=1)
        ax.set_xticks(list(x), labels, rotation=45, fontsize=8)
        ax.yaxis.set_major_formatter(PercentFormatter(1.0))
        ax.legend(fontsize=8)
        if title:
            ax.set_title(title)
        fig.tight_layout()
    return pin_fonts(fig)


def plot_weekly_close_rates(weekly: pd.DataFrame, *, names: dict[str, str] | None = None,
                            highlight: str | None = None, title: str = "") -> Figure:
    """Close rate week by week, one line per consultant (``highlight`` drawn strong, the others grey).

    Examples
    --------
    >>> weekly = pd.DataFrame({"2027-W37": [0.2, 0.1], "2027-W38": [0.1, 0.2]}, index=["S01", "S04"])
    >>> len(plot_weekly_close_rates(weekly, highlight="S04").axes[0].lines)
    2
    """
    names = names or {}
    with cjk_context():
        fig = Figure(figsize=(8, 3.6))
        ax = fig.subplots()
        for person, values in weekly.iterrows():
            strong = highlight is None or person == highlight
            ax.plot(list(weekly.columns), values.to_numpy(dtype=float), marker="o" if strong else None,
                    color=None if highlight is None else ("#c0392b" if strong else "#bdc3c7"),
                    linewidth=2 if strong else 1, label=names.get(person, person) if strong else None)
        ax.yaxis.set_major_formatter(PercentFormatter(1.0))
        ax.tick_params(axis="x", labelsize=8)
        ax.legend(fontsize=8, ncol=2)
        if title:
            ax.set_title(title)
        fig.tight_layout()
    return pin_fonts(fig)


def plot_ageing(ageing: pd.DataFrame, *, title: str = "") -> Figure:
    """Receivables per customer stacked by age (0–30, 31–60, 61–90, over 90 days); the credit limit as a tick.

    Examples
    --------
    >>> ageing = pd.DataFrame({"customer_id": ["F1"], "name": ["鑫达物流"], "0-30": [1.0], "31-60": [2.0],
    ...                        "61-90": [0.0], ">90": [3.0], "owed": [6.0], "credit_limit": [5.0]})
    >>> len(plot_ageing(ageing).axes[0].patches)
    4
    """
    owing = ageing[ageing["owed"] > 0]
    labels = owing["name"] if "name" in owing.columns else owing["customer_id"]
    colors = ["#abebc6", "#f9e79f", "#f5b041", "#c0392b"]
    with cjk_context():
        fig = Figure(figsize=(8, 0.45 * max(len(owing), 3) + 1.2))
        ax = fig.subplots()
        left = pd.Series(0.0, index=owing.index)
        for bucket, color in zip(AGE_BUCKETS, colors):
            ax.barh(range(len(owing)), owing[bucket] / 10_000, left=left / 10_000, color=color,
                    label=_(CREDIT_LABELS[bucket]))
            left += owing[bucket]
        if "credit_limit" in owing.columns:
            ax.scatter(owing["credit_limit"] / 10_000, range(len(owing)), marker="|", s=300, color="black",
                       label=_(CREDIT_LABELS["credit_limit"]))
        ax.set_yticks(range(len(owing)), list(labels))
        ax.invert_yaxis()
        ax.set_xlabel(_("10,000 CNY"))
        ax.legend(fontsize=8, loc="lower right")
        if title:
            ax.set_title(title)
        fig.tight_layout()
    return pin_fonts(fig)
