"""The yearly plan's Gantt chart: bars coloured by status, today's line, dependency arrows.

The plan (:mod:`orgplan.yearplan.plan`) says what each task's status is on a
day; this module draws it with matplotlib. Chinese task names render with
the first installed CJK font (:func:`orgplan.render.fonts.cjk_context`).

Examples
--------
>>> from orgplan.model.io import sample_path
>>> from orgplan.yearplan.plan import read_plan
>>> chart = gantt_chart(read_plan(sample_path("plan-2027.csv")), today="2027-02-10")
>>> chart
GanttChart(today=datetime.date(2027, 2, 10))
>>> chart.status["status"].value_counts().sort_index().to_dict()
{'blocked': 1, 'done': 3, 'not_started': 6, 'overdue': 1}
"""

from __future__ import annotations

import datetime as _dt
import io
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from orgplan.errors import ParameterError
from orgplan.i18n import Translator
from orgplan.render.fonts import cjk_context
from orgplan.tables.io import atomic_path
from orgplan.yearplan.plan import STATUS_LABELS, STATUS_ORDER, Plan, plan_day, plan_status

_ = Translator("yearplan")

__all__ = ["GanttChart", "gantt_chart", "STATUS_COLORS"]

#: Bar colours of the statuses (colour-blind safe: Okabe–Ito palette).
STATUS_COLORS: dict[str, str] = {
    "done": "#009E73",
    "overdue": "#D55E00",
    "blocked": "#E69F00",
    "in_progress": "#0072B2",
    "not_started": "#BBBBBB",
}

#: Chinese text as outlines in SVG, and SVG ids that do not change from run to run.
_SVG_RC = {"svg.fonttype": "path", "svg.hashsalt": "orgplan"}
_FORMATS = ("png", "svg", "pdf")


@dataclass(frozen=True)
class GanttChart:
    """A Gantt chart of a plan on a day: the status table and its matplotlib figure.

    Attributes
    ----------
    status : DataFrame
        :func:`~orgplan.yearplan.plan.plan_status` of the plan on ``today`` — the data drawn.
    today : datetime.date
        The day the chart shows (the red line).
    figure : matplotlib.figure.Figure
        The chart; draw on it or save it with :meth:`save`.
    """

    status: pd.DataFrame = field(repr=False)
    today: _dt.date
    figure: Any = field(repr=False)

    def to_bytes(self, format: str = "png", *, dpi: int = 120) -> bytes:
        """The chart as ``png``, ``svg`` or ``pdf`` bytes (Chinese text embedded as outlines in SVG)."""
        if format not in _FORMATS:
            raise ParameterError(_("The 'format' parameter of GanttChart.to_bytes must be one of png, svg, pdf. "
                                   "Got {value} instead.").format(value=repr(format)))
        buffer = io.BytesIO()
        with cjk_context(_SVG_RC):
            self.figure.savefig(buffer, format=format, dpi=dpi, metadata=_metadata(format))
        return buffer.getvalue()

    def save(self, path: str | os.PathLike, *, dpi: int = 150) -> Path:
        """Write the chart to ``.png``, ``.svg`` or ``.pdf`` (by the name's ending), atomically."""
        path = Path(path)
        format = path.suffix.lower().lstrip(".")
        if format not in _FORMATS:
            raise ParameterError(_("The 'path' parameter of GanttChart.save must end in .png, .svg or .pdf. "
                                   "Got {value} instead.").format(value=repr(str(path))))
        data = self.to_bytes(format, dpi=dpi)
        with atomic_path(path) as tmp:
            tmp.write_bytes(data)
        return path

    def _repr_png_(self) -> bytes:
        return self.to_bytes("png", dpi=90)


def _metadata(format: str) -> dict[str, Any] | None:
    """File metadata without creation dates, so the same chart gives the same bytes."""
    if format == "svg":
        return {"Date": None}
    if format == "pdf":
        return {"CreationDate": None}
    return None


def gantt_chart(plan: Plan, today: Any = None, *, title: str | None = None) -> GanttChart:
    """Draw the plan as a Gantt chart: bars coloured by status, today's line, dependency arrows.

    Each task is a bar from its start to the end of its due day, labelled
    with its id and name (Chinese renders with a CJK font) and with its
    owners at the right. An arrow runs from the end of each task to the
    start of every task that depends on it. Done tasks show a ✓ on their
    done day.

    Parameters
    ----------
    plan : Plan
    today : date or str, optional
        The day the statuses are judged on and the red line is drawn
        (default: today).
    title : str, optional
        Default: the plan's name and the day. The legend, today's label and
        "no owner" are in the language in force; task names are the user's.

    Returns
    -------
    GanttChart
        ``.status`` is the table drawn; ``.figure`` the matplotlib figure.

    Raises
    ------
    CyclicPlanError
        If dependencies form a cycle.
    ParameterError
        If ``today`` is not a date.

    Examples
    --------
    >>> from orgplan.model.io import sample_path
    >>> from orgplan.yearplan.plan import read_plan
    >>> chart = gantt_chart(read_plan(sample_path("plan-2027.csv")), today="2027-02-10")
    >>> chart.today
    datetime.date(2027, 2, 10)
    >>> chart.figure.axes[0].get_yticklabels()[0].get_text()
    'P1 发放架构与编制调查表'
    >>> chart.to_bytes("png")[:4]
    b'\\x89PNG'
    """
    day = plan_day(today, function="gantt_chart")
    status = plan_status(plan, day)
    n = len(status)
    with cjk_context(_SVG_RC):
        figure = Figure(figsize=(11, 1.6 + 0.42 * max(n, 1)), layout="constrained")
        ax = figure.add_subplot()
        starts = mdates.date2num(status["start"].to_numpy())
        ends = mdates.date2num((status["due"] + pd.Timedelta(days=1)).to_numpy())
        _draw_tasks(ax, status, starts, ends)
        _draw_dependencies(ax, plan.dependencies(), list(status["task_id"]), starts, ends)
        today_x = _draw_today(ax, day)
        _format_axes(ax, status, starts, ends, today_x)
        default = _("{plan} — status on {day}").format(plan=plan.name, day=f"{day:%Y-%m-%d}")
        ax.set_title(title if title is not None else default, loc="left")
    return GanttChart(status=status, today=day, figure=figure)


def _draw_tasks(ax: Axes, status: pd.DataFrame, starts: np.ndarray, ends: np.ndarray) -> None:
    """One bar per task coloured by its status; the owners at its right; a ✓ on the done day."""
    colours = [STATUS_COLORS[s] for s in status["status"]]
    ax.barh(np.arange(len(status)), ends - starts, left=starts, height=0.56, color=colours,
            edgecolor="#333333", linewidth=0.6, zorder=2)
    for i, row in enumerate(status.itertuples(index=False)):
        owners = " / ".join(o for o in (row.owner, row.co_owner) if o) or _("(no owner)")
        label_x = ends[i]
        if pd.notna(row.done_on):
            done_x = mdates.date2num(row.done_on) + 0.5
            if done_x > ends[i]:  # done late: a thin line from the due day to the done day
                ax.plot([ends[i], done_x], [i, i], color=STATUS_COLORS["done"], linewidth=2, zorder=2)
            ax.plot(done_x, i, marker="$✓$", color="black", markersize=9, zorder=4)
            label_x = max(label_x, done_x + 0.5)
        ax.text(label_x + 0.8, i, owners, va="center", ha="left", fontsize=8, color="#333333", zorder=3)


def _draw_dependencies(ax: Axes, dependencies: dict[str, list[str]], task_ids: list[str],
                       starts: np.ndarray, ends: np.ndarray) -> None:
    """An arrow from the end of each task to the start of every task that depends on it."""
    rows = {task_id: i for i, task_id in enumerate(task_ids)}
    for task_id, deps in dependencies.items():
        for dep in deps:
            if dep not in rows:
                continue
            ax.annotate("", xy=(starts[rows[task_id]], rows[task_id]), xytext=(ends[rows[dep]], rows[dep]),
                        arrowprops={"arrowstyle": "-|>", "color": "#555555", "lw": 0.9, "shrinkA": 0,
                                    "shrinkB": 1, "connectionstyle": "angle3,angleA=0,angleB=90"}, zorder=3)


def _draw_today(ax: Axes, day: _dt.date) -> float:
    """Today's red line and its label; returns its x position."""
    today_x = mdates.date2num(day)
    ax.axvline(today_x, color="#CC0000", linewidth=1.5, zorder=5)
    ax.text(today_x, -0.9, " " + _("today {day}").format(day=f"{day:%Y-%m-%d}"), color="#CC0000", fontsize=9,
            va="bottom", ha="left")
    return today_x


def _format_axes(ax: Axes, status: pd.DataFrame, starts: np.ndarray, ends: np.ndarray, today_x: float) -> None:
    """Task names down the side, months along the bottom, a legend of the statuses shown."""
    n = len(status)
    ax.set_yticks(np.arange(n), [f"{t} {name}" for t, name in zip(status["task_id"], status["task"])])
    ax.set_ylim(n - 0.4, -1.2)
    low = min(starts.min() if n else today_x, today_x) - 3
    high = max(ends.max() if n else today_x, today_x) + 28
    ax.set_xlim(low, high)
    ax.xaxis.set_major_locator(mdates.MonthLocator())
    ax.xaxis.set_minor_locator(mdates.WeekdayLocator(byweekday=mdates.MO))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
    ax.grid(axis="x", which="major", color="#DDDDDD", zorder=0)
    ax.grid(axis="x", which="minor", color="#F2F2F2", zorder=0)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    present = [s for s in STATUS_ORDER if s in set(status["status"])]
    ax.legend(handles=[Patch(facecolor=STATUS_COLORS[s], edgecolor="#333333", label=_(STATUS_LABELS[s]))
                       for s in present],
              loc="upper center", bbox_to_anchor=(0.5, -0.06), ncol=max(len(present), 1), frameon=False,
              fontsize=9)
