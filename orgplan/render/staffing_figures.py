"""Figures of staffing from the business (定编): need versus establishment by position and month, what-ifs, workload.

Every function takes what :mod:`orgplan.staffing` returns and draws it:

* :func:`plot_need_vs_approved` — one small panel per position: the need
  month by month (bars), the approved establishment and the recommendation
  (lines), from a :class:`~orgplan.staffing.recommend.StaffingPlan`;
* :func:`plot_differences` — recommended − establishment per position, with the
  monthly cost of each difference;
* :func:`plot_workload` — each surveyed position's load against its
  establishment, with the thresholds (a :func:`~orgplan.staffing.workload.workload` table).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from orgplan.errors import ParameterError
from orgplan.i18n import Translator
from orgplan.render.fonts import cjk_context, pin_fonts
from orgplan.staffing.recommend import StaffingPlan

_ = Translator("staffing")

__all__ = ["plot_need_vs_approved", "plot_differences", "plot_workload"]


def plot_need_vs_approved(plan: StaffingPlan, positions: Sequence[str] | None = None, *, columns: int = 3) -> Figure:
    """Need by month against the establishment, one panel per position.

    Bars: people the month's volume needs (not rounded); grey line: the
    approved establishment; dashed line: the recommendation. A month whose bar
    rises above the grey line is short of people.

    Parameters
    ----------
    plan : StaffingPlan
    positions : sequence of str, optional
        The positions to draw (default: every position whose establishment differs from the recommendation,
        or all of them when none does).
    columns : int, default 3

    Examples
    --------
    >>> from orgplan import read_structure, sample_path
    >>> from orgplan.staffing import read_drivers, read_ratios, recommend
    >>> plan = recommend(read_drivers(sample_path("staffing/drivers-2027.csv")),
    ...                  read_ratios(sample_path("staffing/ratios.yaml")), read_structure(sample_path("approved-2027")))
    >>> fig = plot_need_vs_approved(plan, ["SHOW-CONS", "ADV-SA"])
    >>> [ax.get_title() for ax in fig.axes]
    ['销售顾问 (SHOW-CONS)', '服务顾问 (ADV-SA)']
    """
    table = plan.establishment.set_index("position_id")
    if positions is None:
        positions = [p for p in table.index if table.loc[p, "difference"] != 0] or list(table.index)
    unknown = [p for p in positions if p not in table.index]
    if unknown:
        raise ParameterError(_("The 'positions' parameter of plot_need_vs_approved must name positions with a "
                               "staffing rule. Got {value} instead.").format(value=", ".join(unknown)))
    if not positions:
        raise ParameterError(_("The 'positions' parameter of plot_need_vs_approved must name at least one position."))
    columns = max(1, min(columns, len(positions)))
    rows = math.ceil(len(positions) / columns)
    months = [int(m) for m in plan.monthly.columns]
    with cjk_context():
        fig = Figure(figsize=(3.6 * columns, 2.6 * rows + 0.6))
        for i, position in enumerate(positions):
            ax = fig.add_subplot(rows, columns, i + 1)
            need = plan.monthly.loc[position].to_numpy(dtype=float)
            row = table.loc[position]
            short = need > row["approved"] + 1e-9
            ax.bar(months, need, color=np.where(short, "#c0392b", "#5dade2"), label=_("need by month"))
            ax.axhline(row["approved"], color="#555555", linewidth=1.5, label=_("establishment"))
            ax.axhline(row["recommended"], color="black", linewidth=1.2, linestyle="--",
                       label=_("recommended establishment"))
            ax.set_title(f"{row['title']} ({position})", fontsize=10)
            ax.set_xticks(months, [str(m) for m in months], fontsize=7)
            ax.set_ylim(0, max(float(need.max()), float(row["approved"]), float(row["recommended"])) * 1.2 + 0.5)
            ax.tick_params(axis="y", labelsize=8)
            if i == 0:
                ax.legend(fontsize=7, loc="lower left")
        fig.suptitle(_("Need by month against the establishment (people)"), fontsize=12)
        fig.tight_layout()
    return pin_fonts(fig)


def plot_differences(plan: StaffingPlan) -> Figure:
    """Recommended − establishment per position (bars), labelled with the monthly cost of each difference.

    Examples
    --------
    >>> from orgplan import read_structure, sample_path
    >>> from orgplan.staffing import read_drivers, read_ratios, recommend
    >>> plan = recommend(read_drivers(sample_path("staffing/drivers-2027.csv")),
    ...                  read_ratios(sample_path("staffing/ratios.yaml")), read_structure(sample_path("approved-2027")))
    >>> len(plot_differences(plan).axes[0].patches)
    20
    """
    table = plan.establishment.iloc[::-1]
    labels = [f"{t} ({p})" for t, p in zip(table["title"], table["position_id"])]
    difference = table["difference"].to_numpy(dtype=float)
    with cjk_context():
        fig = Figure(figsize=(7.5, 0.32 * len(table) + 1.4))
        ax = fig.add_subplot()
        y = np.arange(len(table))
        ax.barh(y, difference, color=np.where(difference > 0, "#c0392b", np.where(difference < 0, "#27ae60",
                                                                                    "#bbbbbb")))
        for yi, d, cost in zip(y, difference, table["cost_difference"]):
            if d:
                ax.text(d + (0.08 if d > 0 else -0.08), yi, f"{cost:+,.0f}", va="center",
                        ha="left" if d > 0 else "right", fontsize=7)
        ax.axvline(0, color="black", linewidth=1)
        ax.set_yticks(y, labels, fontsize=8)
        span = max(1.0, float(np.abs(difference).max()))
        ax.set_xlim(-span - 1.5, span + 1.5)
        ax.set_xlabel(_("recommended − establishment (people); label: monthly cost of the difference"))
        ax.set_title(_("Recommended against approved establishment"))
        fig.tight_layout()
    return pin_fonts(fig)


def plot_workload(table: pd.DataFrame, *, over: float = 1.10, under: float = 0.80) -> Figure:
    """Each position's load (FTE need ÷ establishment), with the over- and under-loaded thresholds.

    Examples
    --------
    >>> table = pd.DataFrame({"position_id": ["A", "B"], "title": ["人事专员", "前台文员"], "load": [1.2, 0.55]})
    >>> len(plot_workload(table).axes[0].patches)
    2
    """
    table = table.iloc[::-1]
    load = table["load"].astype(float).fillna(0).to_numpy()
    with cjk_context():
        fig = Figure(figsize=(7.0, 0.4 * len(table) + 1.4))
        ax = fig.add_subplot()
        y = np.arange(len(table))
        ax.barh(y, load, color=np.where(load > over, "#c0392b", np.where(load < under, "#f39c12", "#27ae60")))
        ax.axvline(over, color="#c0392b", linestyle="--", linewidth=1)
        ax.axvline(under, color="#f39c12", linestyle="--", linewidth=1)
        ax.axvline(1.0, color="black", linewidth=1)
        ax.set_yticks(y, [f"{t} ({p})" for t, p in zip(table["title"], table["position_id"])], fontsize=8)
        ax.set_xlabel(_("load: FTE need ÷ establishment"))
        ax.set_title(_("Workload against establishment"))
        fig.tight_layout()
    return pin_fonts(fig)
