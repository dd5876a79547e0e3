"""A date picker that shows the yearly plan's status and Gantt chart on the chosen day (notebook 06).

The widget holds no logic: changing the date calls
:func:`orgplan.yearplan.plan.plan_status` and :func:`orgplan.render.gantt.gantt_chart` and
shows what they return in HTML and PNG widgets (no ``Output`` widget, no
print), so it can be tested by setting ``.value`` without a kernel.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

import pandas as pd

from orgplan.i18n import N_, Translator
from orgplan.render.gantt import STATUS_COLORS, GanttChart, gantt_chart
from orgplan.tables.schema import Column, Table, localise
from orgplan.yearplan.plan import STATUS_LABELS, STATUS_ORDER, Plan, display_status, plan_day

_ = Translator("yearplan")

__all__ = ["PlanBrowser", "plan_browser", "status_counts", "display_counts"]


#: The counts table (:func:`status_counts`) as people read it.
COUNTS_TABLE = Table(
    name="status counts",
    id_column=None,
    columns=(
        Column("status", "choice", label=N_("status"), choice_labels=STATUS_LABELS),
        Column("tasks", "count", label=N_("tasks")),
    ),
)


def status_counts(status: pd.DataFrame) -> pd.DataFrame:
    """How many tasks have each status, in :data:`~orgplan.yearplan.plan.STATUS_ORDER` (zeros included).

    The ``status`` column holds the codes; :func:`display_counts` gives the table people read.

    Examples
    --------
    >>> import pandas as pd
    >>> status_counts(pd.DataFrame({"status": ["done", "overdue", "done"]}))
            status  tasks
    0         done      2
    1      overdue      1
    2      blocked      0
    3  in_progress      0
    4  not_started      0
    """
    counts = status["status"].value_counts()
    return pd.DataFrame({
        "status": list(STATUS_ORDER),
        "tasks": [int(counts.get(s, 0)) for s in STATUS_ORDER],
    })


def display_counts(status: pd.DataFrame) -> pd.DataFrame:
    """:func:`status_counts` with headers and statuses in the language in force.

    Examples
    --------
    >>> import pandas as pd
    >>> from orgplan.i18n import language
    >>> with language("zh-Hans"):
    ...     display_counts(pd.DataFrame({"status": ["done", "overdue", "done"]})).iloc[:2]
        状态  任务数
    0  已完成    2
    1  已逾期    1
    """
    return localise(status_counts(status), COUNTS_TABLE)


def _status_html(status: pd.DataFrame) -> str:
    shown = display_status(status)
    where = list(status.columns).index("status")  # display_status keeps the columns in their order
    rows = []
    for code, row in zip(status["status"], shown.itertuples(index=False)):
        cells = list(row)
        colour = STATUS_COLORS[code]
        badge = f"<span style='background:{colour};color:white;padding:0 4px'>{_cell(_(STATUS_LABELS[code]))}</span>"
        rows.append("<tr>" + "".join(f"<td>{badge if i == where else _cell(c)}</td>" for i, c in enumerate(cells))
                    + "</tr>")
    head = "".join(f"<th>{_cell(c)}</th>" for c in shown.columns)
    return f"<table class='orgplan-plan'><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _cell(value: Any) -> str:
    import html

    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    return html.escape(str(value))  # every cell is the user's text, even one that looks like HTML


class PlanBrowser:
    """Pick a day; see each task's status, the counts and the Gantt chart on that day.

    Attributes
    ----------
    day : ipywidgets.DatePicker
        The day to judge on.
    summary, table : ipywidgets.HTML
        Tasks per status, and the status table.
    chart : ipywidgets.Image
        The Gantt chart (PNG).
    status : DataFrame
        :func:`~orgplan.yearplan.plan.plan_status` on the picked day — the data shown.
    gantt : GanttChart
        The chart object for the picked day (save it with ``.save(path)``).
    widget : ipywidgets.VBox
        Everything, as shown in the notebook.
    """

    def __init__(self, plan: Plan, today: Any = None):
        import ipywidgets as widgets

        self.plan = plan
        start = plan_day(today, function="plan_browser")
        self.day = widgets.DatePicker(value=start, description=_("Day"),
                                      style={"description_width": "initial"})
        self.summary = widgets.HTML()
        self.table = widgets.HTML()
        self.chart = widgets.Image(format="png")
        self.widget = widgets.VBox([self.day, self.summary, self.chart, self.table])
        self.status: pd.DataFrame
        self.gantt: GanttChart
        self.recompute()
        self.day.observe(self._changed, names="value")

    def _changed(self, change: dict) -> None:
        if change["new"] is not None:
            self.recompute()

    def recompute(self) -> pd.DataFrame:
        """Judge the plan on the picked day again and refresh the views; return the status table."""
        day: _dt.date = self.day.value
        self.gantt = gantt_chart(self.plan, day)
        self.status = self.gantt.status
        self.summary.value = display_counts(self.status).to_html(index=False)
        self.table.value = _status_html(self.status)
        self.chart.value = self.gantt.to_bytes("png", dpi=80)
        return self.status

    def _repr_mimebundle_(self, **kwargs: Any):
        return self.widget._repr_mimebundle_(**kwargs)


def plan_browser(plan: Plan, today: Any = None) -> PlanBrowser:
    """Build a :class:`PlanBrowser` for ``plan``, starting on ``today`` (default: today).

    Examples
    --------
    >>> import datetime
    >>> from orgplan.model.io import sample_path
    >>> from orgplan.yearplan.plan import read_plan
    >>> browser = plan_browser(read_plan(sample_path("plan-2027.csv")), today="2027-01-20")
    >>> browser.status.set_index("task_id").loc["P2", "status"]
    'in_progress'
    >>> browser.day.value = datetime.date(2027, 1, 25)
    >>> browser.status.set_index("task_id").loc["P2", "status"]
    'overdue'
    """
    return PlanBrowser(plan, today)
