"""Figures of the sales tools (matplotlib, Chinese labels): KPIs, plan versus actual, scorecards, target heat maps.

Every function takes what an analysis of :mod:`orgplan.sales` returns and
draws it; nothing here computes a figure of its own beyond what the chart
needs (the team's line is :func:`orgplan.sales.activity.team_total`).

* :func:`plot_against_team` — each consultant against the team (a
  :func:`~orgplan.sales.activity.kpis` table);
* :func:`plot_trend` — a metric month by month (a
  :func:`~orgplan.sales.activity.monthly_kpis` table);
* :func:`plot_plan_vs_actual` — attainment to date and projected (a
  :class:`~orgplan.sales.attainment.PlanVsActual`);
* :func:`plot_scorecard` — the ranking as stacked points (a
  :class:`~orgplan.sales.scorecard.Scorecard`);
* :func:`heatmap` — a table of numbers, e.g. a target plan's consultant × month.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from orgplan.errors import ParameterError
from orgplan.i18n import N_, Translator
from orgplan.render.fonts import cjk_context, pin_fonts
from orgplan.sales.activity import ADDITIVE_COLUMNS, team_total
from orgplan.sales.attainment import MONTH_NAMES, PlanVsActual
from orgplan.sales.display import label as column_label
from orgplan.sales.scorecard import GROUPS, Scorecard

_ = Translator("sales")

__all__ = ["salesperson_labels", "METRIC_TITLES", "metric_title", "plot_against_team", "plot_trend", "plot_plan_vs_actual",
           "plot_scorecard", "heatmap"]


def salesperson_labels(table: pd.DataFrame) -> list[str]:
    """Each row's salesperson as the charts label them: the name when the table has one, else the id.

    Examples
    --------
    >>> salesperson_labels(pd.DataFrame({"salesperson": ["S01", "S02"], "name": ["王海涛", ""]}))
    ['王海涛', 'S02']
    """
    if "name" in table.columns:
        return [n if isinstance(n, str) and n else s for s, n in zip(table["salesperson"], table["name"])]
    return [str(s) for s in table["salesperson"]]


#: How the charts title each KPI: English message ids marked ``N_``, shown in the language in force
#: (:func:`metric_title`).
METRIC_TITLES = {
    "visits": N_("visits"), "days": N_("days with visits"), "visits_per_day": N_("visits per day"),
    "minutes_per_visit": N_("minutes per visit"), "revenue_per_visit": N_("revenue per visit"),
    "cost_per_visit": N_("cost per visit"), "orders": N_("orders"), "orders_per_100_visits":
    N_("orders per 100 visits"), "revenue": N_("revenue"), "cost": N_("cost"),
    "expense_ratio": N_("expense ratio"), "new_customers": N_("new customers"),
    "lost_customers": N_("lost customers"),
}


def metric_title(metric: str) -> str:
    """A KPI's title in the language in force (the column's label when it is not a KPI).

    Examples
    --------
    >>> from orgplan.i18n import language
    >>> with language("zh-Hans"):
    ...     metric_title("orders_per_100_visits")
    '百次拜访成交数'
    """
    return _(METRIC_TITLES[metric]) if metric in METRIC_TITLES else column_label(metric)


def plot_against_team(table: pd.DataFrame, metrics: Sequence[str] = ("visits_per_day", "orders_per_100_visits",
                                                                      "revenue_per_visit", "cost_per_visit",
                                                                      "expense_ratio", "minutes_per_visit"),
                      *, highlight: str | None = None, title: str = "") -> Figure:
    """Each consultant against the team: one bar chart per metric, the team's figure as a line.

    Parameters
    ----------
    table : DataFrame
        A :func:`kpis` table (with ``name`` the bars are labelled by name).
    metrics : sequence of str
        Columns to draw, one panel each.
    highlight : str, optional
        A salesperson id whose bars are drawn in a strong colour.
    title : str
        The figure's title.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"salesperson": ["S01", "S02"], "name": ["王海涛", "李静"], "visits": [30, 10],
    ...     "days": [10, 10], "minutes": [900, 500], "cost": [3000, 1000], "orders": [3, 1],
    ...     "revenue": [300000, 0]})
    >>> table = pd.concat([table[["salesperson", "name"]], team_total(table).drop(columns="salesperson")
    ...                    .iloc[[0, 0]].reset_index(drop=True)], axis=1)
    >>> fig = plot_against_team(table, ["visits_per_day"], title="2027-09")
    >>> [t.get_text() for t in fig.axes[0].get_xticklabels()]
    ['王海涛', '李静']
    """
    unknown = [m for m in metrics if m not in table.columns]
    if unknown:
        raise ParameterError(f"The 'metrics' parameter of plot_against_team names columns the table does not have: "
                             f"{', '.join(unknown)}.")
    team = team_total(table.drop(columns=["month"], errors="ignore")) if "days" in table.columns else None
    labels = salesperson_labels(table)
    columns = min(3, len(metrics))
    rows = -(-len(metrics) // columns)
    with cjk_context():
        fig = Figure(figsize=(4.2 * columns, 3.0 * rows + (0.4 if title else 0)))
        axes = fig.subplots(rows, columns, squeeze=False).ravel()
        for ax, metric in zip(axes, metrics):
            values = table[metric].astype("float64")
            colors = ["#c0392b" if highlight is not None and sp == highlight else
                      ("#7f8c8d" if highlight is not None else "#2e86c1") for sp in table["salesperson"]]
            ax.bar(range(len(values)), values.fillna(0), color=colors)
            if team is not None and metric in team.columns and pd.notna(team.at[0, metric]):
                ax.axhline(float(team.at[0, metric]), color="black", linestyle="--", linewidth=1, label=_("team"))
            ax.set_title(metric_title(metric), fontsize=10)
            ax.set_xticks(range(len(labels)), labels, rotation=60, fontsize=8)
            if metric == "expense_ratio":
                ax.yaxis.set_major_formatter(_percent_formatter())
        for ax in axes[len(metrics):]:
            ax.set_visible(False)
        if team is not None:
            axes[0].legend(fontsize=8, loc="best")
        if title:
            fig.suptitle(title)
        fig.tight_layout()
    return pin_fonts(fig)


def _percent_formatter() -> PercentFormatter:
    return PercentFormatter(1.0, decimals=1)


def plot_trend(monthly: pd.DataFrame, metric: str = "visits", *, salesperson: str | None = None,
               title: str = "") -> Figure:
    """A metric month by month: every consultant as a thin line, the team and one consultant in bold.

    The team line is the team's figure (:func:`team_total`) for an
    additive metric averaged per active member (visits per consultant who
    made any visit that month), and the team's ratio for a ratio.

    Parameters
    ----------
    monthly : DataFrame
        A :func:`monthly_kpis` table.
    metric : str
        The column to draw.
    salesperson : str, optional
        The consultant to draw in bold.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"salesperson": ["S01", "S02", "S01"],
    ...     "date": pd.to_datetime(["2027-04-01", "2027-04-02", "2027-05-02"]), "customer_id": ["C1", "C2", "C3"],
    ...     "minutes": [30, 40, 50], "cost": [10, 20, 30], "ordered": [0, 1, 0], "revenue": [0, 90000, 0]})
    >>> from orgplan.sales.activity import monthly_kpis
    >>> fig = plot_trend(monthly_kpis(log, "2027-04-01..2027-05-31"), "visits", salesperson="S01")
    >>> [line.get_label() for line in fig.axes[0].get_lines()][-2:]
    ['team (per consultant)', 'S01']
    """
    if metric not in monthly.columns or "month" not in monthly.columns:
        raise ParameterError(f"The 'metric' parameter of plot_trend must be a column of the monthly KPIs. "
                             f"Got {metric!r} instead.")
    months = list(dict.fromkeys(monthly["month"]))
    team = team_total(monthly).set_index("month").reindex(months)
    additive = metric in ADDITIVE_COLUMNS
    if additive:
        active = monthly[monthly["visits"] > 0].groupby("month").size().reindex(months)
        team_line = team[metric] / active
        team_label = _("team (per consultant)")
    else:
        team_line = team[metric]
        team_label = _("team")
    with cjk_context():
        fig = Figure(figsize=(8, 3.6))
        ax = fig.add_subplot()
        x = range(len(months))
        chosen = None
        for sp, part in monthly.groupby("salesperson", sort=False):
            series = part.set_index("month")[metric].reindex(months)
            if sp == salesperson:
                chosen = (sp, part, series)
                continue
            ax.plot(x, series.to_numpy(dtype="float64"), color="#bdc3c7", linewidth=1)
        ax.plot(x, team_line.to_numpy(dtype="float64"), color="black", linestyle="--", linewidth=2, label=team_label)
        if chosen is not None:
            sp, part, series = chosen
            label = salesperson_labels(part.head(1))[0]
            ax.plot(x, series.to_numpy(dtype="float64"), color="#c0392b", linewidth=2.5, marker="o",
                    label=label)
        ax.set_xticks(list(x), months, rotation=45)
        ax.set_title(title or metric_title(metric))
        if metric == "expense_ratio":
            ax.yaxis.set_major_formatter(_percent_formatter())
        ax.legend(fontsize=8, loc="best")
        fig.tight_layout()
    return pin_fonts(fig)


def plot_plan_vs_actual(review: PlanVsActual, *, team: str | None = None) -> Figure:
    """Attainment to date and projected attainment per salesperson, against 100 % of plan.

    Bars are year-to-date attainment (red when behind plan), diamonds the
    projected attainment at year end.

    Parameters
    ----------
    review : PlanVsActual
    team : str, optional
        Only the salespeople of this team (e.g. ``展厅``).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from orgplan.model.io import DATA_DIR
    >>> from orgplan.sales.kpi import plan_vs_actual, read_actuals
    >>> from orgplan.sales.targets import decompose_plan, read_target_config
    >>> plan = decompose_plan(read_target_config(DATA_DIR / "sales" / "target-2027.yaml"))
    >>> review = plan_vs_actual(plan, read_actuals(DATA_DIR / "sales" / "actual-2027.csv"))
    >>> fig = plot_plan_vs_actual(review, team="展厅")
    >>> len(fig.axes[0].get_yticklabels())
    10
    """
    table = review.by_salesperson
    if team is not None:
        if team not in set(table["team"]):
            raise ParameterError(f"The 'team' parameter of plot_plan_vs_actual must be one of "
                                 f"{', '.join(dict.fromkeys(table['team']))}. Got {team!r} instead.")
        table = table[table["team"] == team]
    table = table.iloc[::-1]
    labels = salesperson_labels(table)
    with cjk_context():
        fig = Figure(figsize=(7.5, 0.45 * len(table) + 1.4))
        ax = fig.add_subplot()
        y = np.arange(len(table))
        attainment = table["attainment"].astype("float64").fillna(0).to_numpy()
        ax.barh(y, attainment, color=np.where(attainment < 1, "#c0392b", "#27ae60"), label=_("attainment to date"))
        ax.scatter(table["projected_attainment"].astype("float64"), y, marker="D", color="black", zorder=3,
                   label=_("projected at year end"))
        ax.axvline(1.0, color="black", linewidth=1)
        ax.set_yticks(y, labels)
        ax.xaxis.set_major_formatter(_percent_formatter())
        highest = float(np.nanmax(np.r_[attainment, table["projected_attainment"].astype(float)]))
        ax.set_xlim(0, max(1.3, highest + 0.05))
        ax.set_title(_("Plan versus actual — January to {month} {year}").format(
            month=_(MONTH_NAMES[review.through - 1]), year=review.year))
        ax.legend(fontsize=8, loc="lower right")
        fig.tight_layout()
    return pin_fonts(fig)


# ----------------------------------------------------------------- scorecard
_GROUP_COLOURS = {"results": ("#1f618d", "#2874a6", "#2e86c1", "#3498db", "#5dade2", "#85c1e9", "#aed6f1"),
                  "activity": ("#1e8449", "#239b56", "#28b463", "#2ecc71", "#58d68d", "#82e0aa"),
                  "ratings": ("#b9770e", "#d68910", "#f39c12", "#f5b041", "#f8c471", "#fad7a0")}


def plot_scorecard(card: Scorecard) -> Figure:
    """The ranking as stacked bars: each metric's points, coloured by group.

    Examples
    --------
    >>> import pandas as pd
    >>> from orgplan.sales.scorecard import ScorecardConfig, scorecard
    >>> config = ScorecardConfig.from_weights({"results": {"units": 0.6}, "ratings": {"teamwork": 0.4}})
    >>> card = scorecard(pd.DataFrame({"salesperson": ["S01", "S02"], "name": ["王海涛", "李静"],
    ...                                "units": [10, 6], "teamwork": [3, 5]}), config)
    >>> fig = plot_scorecard(card)
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['李静', '王海涛']
    """
    table = card.table.iloc[::-1]
    labels = salesperson_labels(table)
    with cjk_context():
        fig = Figure(figsize=(9, 0.42 * len(table) + 1.8))
        ax = fig.add_subplot()
        left = np.zeros(len(table))
        y = np.arange(len(table))
        for group in GROUPS:
            specs = card.config.metrics[card.config.metrics["group"] == group]
            colours = _GROUP_COLOURS[group]
            for i, metric in enumerate(specs["metric"]):
                points = table[metric].to_numpy(dtype="float64")
                ax.barh(y, points, left=left, color=colours[i % len(colours)], edgecolor="white",
                        label=_("{group}: {metric}").format(group=column_label(group), metric=column_label(metric)))
                left += points
        for position, total in zip(y, left):
            ax.text(total + 0.8, position, f"{total:.1f}", va="center", fontsize=8)
        ax.set_yticks(y, labels)
        ax.set_xlim(0, 105)
        ax.set_xlabel(_("points (of 100)"))
        ax.set_title(_("Scorecard {period}").format(period=card.period).strip())
        ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0))
        fig.tight_layout()
    return pin_fonts(fig)


# ----------------------------------------------------------------- targets
def heatmap(table: pd.DataFrame, *, title: str = "", ax: Any = None, cmap: str = "YlOrRd") -> Figure:
    """Draw a table of numbers as an annotated heat map; return the matplotlib Figure.

    Parameters
    ----------
    table : DataFrame
        Rows × columns of numbers (e.g. consultants × months); the index and
        column labels become the axis labels (Chinese is fine).
    title : str
        The chart's title.
    ax : matplotlib Axes, optional
        Draw into this Axes instead of a new figure.

    Examples
    --------
    >>> import pandas as pd
    >>> fig = heatmap(pd.DataFrame({"1月": [3, 4], "2月": [1, 2]}, index=["王海涛", "李静"]), title="目標")
    >>> fig.axes[0].get_title()
    '目標'
    """
    values = table.to_numpy(dtype=float)
    with cjk_context():
        if ax is None:
            fig = Figure(figsize=(1.0 + 0.55 * max(values.shape[1], 1), 1.0 + 0.38 * max(values.shape[0], 1)))
            ax = fig.add_subplot()
        else:
            fig = ax.figure
        image = ax.imshow(values, cmap=cmap, aspect="auto")
        ax.set_xticks(range(values.shape[1]), [str(c) for c in table.columns])
        ax.set_yticks(range(values.shape[0]), [str(i) for i in table.index])
        top = values.max() if values.size else 0
        for (row, col), value in pd.DataFrame(values).stack().items():
            ax.text(col, row, f"{value:.0f}", ha="center", va="center", fontsize=8,
                    color="white" if top and value > 0.6 * top else "black")
        ax.set_title(title)
        fig.colorbar(image, ax=ax, shrink=0.8)
        # fix the family on every text, so drawing later (inline display,
        # savefig) does not depend on the global rcParams
        pin_fonts(fig)
        fig.tight_layout()
    return fig
