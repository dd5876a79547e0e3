"""The yearly plan (年度工作計劃): dated tasks with a first and a co-responsible owner.

A plan is a table, one row per task (milestone, 里程碑)::

    task_id, task, owner, co_owner, start, due, depends_on, done_on

``depends_on`` lists task ids separated by ``;`` and ``done_on`` stays empty
until the task is done. Optional columns ``decided_by`` (who rules finally,
最終裁定), ``deliverable`` and ``notes`` are kept. Chinese headers are
accepted (任務編號, 任務, 第一責任人, 協同責任人, 開始日期, 完成期限,
前置任務, 完成日期 …).

On any day every task has one status:

=============== ======== ==================================================
status          中文     when
=============== ======== ==================================================
``done``        已完成   ``done_on`` is on or before the day
``overdue``     已逾期   not done, and ``due`` is before the day
``blocked``     受阻     not done, started (``start`` on or before the day)
                         and a task it depends on is not done
``in_progress`` 进行中   started, every dependency done, not yet past due
``not_started`` 未开始   ``start`` is after the day
=============== ======== ==================================================

The codes stay in the DataFrames (scripts compare them); :func:`display_status`
and :func:`display_findings` give the tables people read, headers and status
values in the language in force (简体中文 by default).

A task due *today* is not yet overdue; a task starting *today* has started.
Looking at an earlier day gives the status as it was then: a task done after
that day counts as not done.

Examples
--------
>>> from orgplan.yearplan.plan import read_plan, plan_status, check_plan
>>> from orgplan.model.io import sample_path
>>> plan = read_plan(sample_path("plan-2027.csv"))
>>> plan
Plan('plan-2027', tasks=11, done=4)
>>> status = plan_status(plan, today="2027-02-10")
>>> status["status"].value_counts().sort_index().to_dict()
{'blocked': 1, 'done': 3, 'not_started': 6, 'overdue': 1}
>>> check_plan(plan).empty
True
"""

from __future__ import annotations

import datetime as _dt
import html
import os
import re
from pathlib import Path
from typing import Any, Literal

import networkx as nx
import numpy as np
import pandas as pd

from orgplan.errors import CyclicPlanError  # noqa: F401  (re-exported)
from orgplan.errors import DataError, ParameterError, Problem
from orgplan.i18n import N_, Translator
from orgplan.tables.cells import parse_date
from orgplan.tables.io import read_table, write_table
from orgplan.tables.schema import Column, Table, canonical_headers, localise

_ = Translator("yearplan")

__all__ = [
    "Plan",
    "read_plan",
    "write_plan",
    "plan_status",
    "check_plan",
    "plan_day",
    "CyclicPlanError",
    "TaskStatus",
    "STATUS_ORDER",
    "STATUS_LABELS",
    "PLAN_FINDING_COLUMNS",
    "PLAN_TABLE",
    "STATUS_TABLE",
    "FINDINGS_TABLE",
    "display_status",
    "display_findings",
    "status_summary",
]

TaskStatus = Literal["done", "overdue", "blocked", "in_progress", "not_started"]

#: Statuses from settled to not begun; tables and legends follow this order.
STATUS_ORDER: tuple[str, ...] = ("done", "overdue", "blocked", "in_progress", "not_started")

#: What people read for each status (English message ids, shown translated: ``_(STATUS_LABELS[s])``).
STATUS_LABELS: dict[str, str] = {
    "done": N_("done"),
    "overdue": N_("overdue"),
    "blocked": N_("blocked"),
    "in_progress": N_("in progress"),
    "not_started": N_("not started"),
}

#: What people read for each rule of :func:`check_plan`.
RULE_LABELS: dict[str, str] = {
    "dependency_cycle": N_("dependency cycle"),
    "unknown_dependency": N_("unknown prerequisite task"),
    "due_before_dependency": N_("due before its prerequisite"),
    "due_before_start": N_("due before it starts"),
    "missing_owner": N_("no first responsible"),
    "missing_co_owner": N_("no co-responsible"),
    "done_before_dependency": N_("done before its prerequisite"),
}

#: What people read for a finding's severity.
SEVERITY_LABELS: dict[str, str] = {"error": N_("error"), "warning": N_("warning")}

#: Columns of :func:`check_plan`'s findings.
PLAN_FINDING_COLUMNS = ["severity", "rule", "task_id", "message", "file", "row", "column"]

_DATE = N_("a date written as YYYY-MM-DD (e.g. 2027-01-31)")
_DATE_OR_EMPTY = N_("a date written as YYYY-MM-DD (e.g. 2027-01-31), or empty while the task is open")

PLAN_TABLE = Table(
    name="plan",
    id_column="task_id",
    columns=(
        Column("task_id", "id", aliases=("任務編號", "任务编号", "編號", "编号", "序號", "序号"),
               expected=N_("a short id such as 'T1'"), label=N_("task id")),
        Column("task", "text", aliases=("任務", "任务", "工作任務", "工作任务", "工作內容", "工作内容", "里程碑"),
               expected=N_("what is to be done"), label=N_("task")),
        Column("owner", "text", blank_ok=True,
               aliases=("第一責任人", "第一责任人", "負責人", "负责人", "責任人", "责任人"),
               expected=N_("the first responsible person"), label=N_("first responsible")),
        Column("co_owner", "text", blank_ok=True,
               aliases=("協同責任人", "协同责任人", "第二責任人", "第二责任人", "共同負責人", "共同负责人",
                        "協助人", "协助人"),
               expected=N_("the co-responsible person"), label=N_("co-responsible")),
        Column("start", "text", aliases=("開始", "开始", "開始日期", "开始日期"), expected=_DATE,
               label=N_("start")),
        Column("due", "text", aliases=("完成期限", "截止", "截止日期", "到期", "到期日", "期限"), expected=_DATE,
               label=N_("due")),
        Column("depends_on", "text", blank_ok=True,
               aliases=("前置任務", "前置任务", "依賴", "依赖", "依賴任務", "依赖任务"),
               expected=N_("task ids separated by ';', or empty"), label=N_("depends on")),
        Column("done_on", "text", blank_ok=True,
               aliases=("完成日期", "實際完成", "实际完成", "實際完成日期", "实际完成日期"),
               expected=_DATE_OR_EMPTY, label=N_("done on")),
        Column("decided_by", "text", required=False, blank_ok=True,
               aliases=("最終裁定", "最终裁定", "裁定", "審批", "审批", "審批人", "审批人"),
               expected=N_("who rules finally"), label=N_("decided by")),
        Column("deliverable", "text", required=False, blank_ok=True,
               aliases=("成果", "交付成果", "交付物"), expected=N_("what the task delivers"), label=N_("deliverable")),
        Column("notes", "text", required=False, blank_ok=True, aliases=("備註", "备注"), expected=N_("free text"),
               label=N_("notes")),
    ),
)

#: The status table as people read it (:func:`display_status`): headers and status values translated.
STATUS_TABLE = Table(
    name="plan status",
    id_column="task_id",
    columns=tuple(PLAN_TABLE.column(c) for c in ("task_id", "task", "owner", "co_owner", "start", "due",
                                                 "done_on")) + (
        Column("status", "choice", label=N_("status"), choice_labels=STATUS_LABELS),
        Column("days_left", "count", required=False, blank_ok=True, label=N_("days left")),
        Column("waiting_on", "text", required=False, blank_ok=True, label=N_("waiting on")),
    ),
)

#: The findings of :func:`check_plan` as people read them (:func:`display_findings`).
FINDINGS_TABLE = Table(
    name="plan findings",
    id_column=None,
    columns=(
        Column("severity", "choice", label=N_("severity"), choice_labels=SEVERITY_LABELS),
        Column("rule", "choice", label=N_("rule"), choice_labels=RULE_LABELS),
        PLAN_TABLE.column("task_id"),
        Column("message", "text", label=N_("message")),
        Column("file", "text", label=N_("file")),
        Column("row", "count", label=N_("row")),
        Column("column", "text", label=N_("column")),
    ),
)

_TEXT_COLUMNS = ("task_id", "task", "owner", "co_owner", "depends_on", "decided_by", "deliverable", "notes")
_DATE_COLUMNS = ("start", "due", "done_on")
_SPLIT = re.compile(r"[;；,，、\s]+")


class Plan:
    """A yearly plan: one validated row per task.

    Parameters
    ----------
    tasks : DataFrame
        ``task_id, task, owner, co_owner, start, due, depends_on, done_on``
        (+ optional ``decided_by, deliverable, notes``). Dates may be
        ``datetime.date``, ``Timestamp`` or text such as ``2027-01-31``,
        ``2027/1/31`` or ``2027年1月31日``. Chinese headers are accepted.
    name : str
        A name users recognise (default ``"plan"``).
    file : str, optional
        The file the rows came from; problems and findings name it.

    Raises
    ------
    DataError
        If a cell cannot be read (missing id or task, a duplicate id, a date
        that is not a date); every problem is listed with its spreadsheet row.

    Notes
    -----
    Rules about how the tasks fit together (cycles, unknown dependencies, a
    task due before what it depends on, missing owners) are findings of
    :func:`check_plan`, so a plan being drafted can be loaded while wrong.

    Examples
    --------
    >>> import pandas as pd
    >>> plan = Plan(pd.DataFrame({
    ...     "task_id": ["T1", "T2"], "task": ["調查", "草案"], "owner": ["行政经理", "行政经理"],
    ...     "co_owner": ["行政助理", "行政助理"], "start": ["2027-01-04", "2027-02-01"],
    ...     "due": ["2027-01-31", "2027/2/28"], "depends_on": ["", "T1"], "done_on": ["2027-01-29", ""]}))
    >>> plan.tasks[["task_id", "due", "depends_on"]]
      task_id        due depends_on
    0      T1 2027-01-31       None
    1      T2 2027-02-28         T1
    """

    __slots__ = ("_tasks", "_name", "_file")

    def __init__(self, tasks: pd.DataFrame, *, name: str = "plan", file: str | None = None) -> None:
        label = file or _("plan table")
        mapping, problems = canonical_headers(PLAN_TABLE, [str(c) for c in tasks.columns], label)
        if problems:
            raise DataError(problems, _("{file}: the plan's header row has problems").format(file=label))
        frame = tasks.rename(columns=mapping)[list(mapping.values())].reset_index(drop=True)
        typed, problems = _validate(frame, label)
        if problems:
            raise DataError(problems, _.ngettext("{file}: {n} problem in the plan", "{file}: {n} problems in the plan",
                                                 len(problems)).format(file=label, n=len(problems)))
        object.__setattr__(self, "_tasks", typed)
        object.__setattr__(self, "_name", str(name))
        object.__setattr__(self, "_file", file)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Plan is immutable: build a new one from a changed table.")

    @property
    def tasks(self) -> pd.DataFrame:
        """The tasks as a new DataFrame (dates as ``datetime64``, empty cells missing)."""
        return self._tasks.copy()

    @property
    def name(self) -> str:
        return self._name

    @property
    def file(self) -> str | None:
        """The file the plan was read from, if any."""
        return self._file

    def dependencies(self) -> dict[str, list[str]]:
        """``{task_id: [task ids it depends on]}`` as written (unknown ids included)."""
        return {t: _split_ids(d) for t, d in zip(self._tasks["task_id"], self._tasks["depends_on"])}

    def __len__(self) -> int:
        return len(self._tasks)

    def __repr__(self) -> str:
        done = int(self._tasks["done_on"].notna().sum())
        return f"Plan({self._name!r}, tasks={len(self._tasks)}, done={done})"

    def _repr_html_(self) -> str:
        shown = self._tasks.drop(columns="_row").copy()
        for column in _DATE_COLUMNS:
            shown[column] = shown[column].dt.strftime("%Y-%m-%d")
        shown = localise(shown, PLAN_TABLE)
        return f"<p><b>{_escape(self._name)}</b></p>" + shown.to_html(index=False, na_rep="", escape=True)


# ------------------------------------------------------------------ reading
def read_plan(path: str | os.PathLike, *, sheet: str | None = None) -> Plan:
    """Read a plan from a ``.csv`` or ``.xlsx`` file.

    Parameters
    ----------
    path : str or Path
        The plan table (UTF-8, UTF-8 with BOM or GBK CSV; or an Excel
        workbook, first sheet unless ``sheet`` is given).
    sheet : str, optional
        Sheet of a workbook.

    Returns
    -------
    Plan
        Named after the file (``plan-2027.csv`` → ``"plan-2027"``).

    Raises
    ------
    FileNotFoundError
        If there is no such file.
    DataError
        If cells are wrong; every problem names file, row, column and value.

    Examples
    --------
    >>> from orgplan.model.io import sample_path
    >>> read_plan(sample_path("plan-2027.csv")).tasks.loc[0, "owner"]
    '行政经理'
    """
    path = Path(path)
    table = read_table(path, sheet=sheet, require_rows=True)
    return Plan(table, name=path.stem, file=str(path) if sheet is None else f"{path}[{sheet}]")


def write_plan(plan: Plan, path: str | os.PathLike) -> Path:
    """Write a plan to ``.csv`` or ``.xlsx`` atomically; reading it back gives the same tasks.

    The headers are written in the language in force (``task_id`` … in
    English, 任务编号 … in Chinese); :func:`read_plan` reads any of them.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from orgplan.model.io import sample_path
    >>> plan = read_plan(sample_path("plan-2027.csv"))
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     again = read_plan(write_plan(plan, pathlib.Path(tmp) / "p.xlsx"))
    >>> again.tasks.equals(plan.tasks)
    True
    """
    table = plan.tasks.drop(columns="_row")
    for column in _DATE_COLUMNS:
        table[column] = table[column].dt.strftime("%Y-%m-%d")
    table = localise(table.astype(object).where(table.notna(), ""), PLAN_TABLE)
    return write_table(table, path, sheet_name=_("plan"))


def _validate(frame: pd.DataFrame, file: str) -> tuple[pd.DataFrame, list[Problem]]:
    n = len(frame)
    problems: list[Problem] = []
    out: dict[str, Any] = {}
    for column in _TEXT_COLUMNS:
        if column in frame:
            values = [_text(v) for v in frame[column]]
        elif PLAN_TABLE.column(column).required:
            values = [None] * n
        else:
            continue
        out[column] = pd.Series(values, dtype=object)
    out["depends_on"] = pd.Series([";".join(_split_ids(v)) or None for v in out["depends_on"]], dtype=object)
    for column in _DATE_COLUMNS:
        spec = PLAN_TABLE.column(column)
        dates: list[Any] = []
        for i, value in enumerate(frame[column]):
            text = _text(value)
            if text is None:
                if not spec.blank_ok:
                    problems.append(Problem(file, i + 2, column, None, _(spec.expected), "missing_value"))
                dates.append(pd.NaT)
                continue
            parsed = parse_date(value)
            if parsed is None:
                problems.append(Problem(file, i + 2, column, text, _(spec.expected), "not_a_date"))
                dates.append(pd.NaT)
            else:
                dates.append(pd.Timestamp(parsed))
        out[column] = pd.Series(pd.to_datetime(pd.Series(dates, dtype=object)), dtype="datetime64[s]")
    seen: dict[str, int] = {}
    for i, (task_id, task) in enumerate(zip(out["task_id"], out["task"])):
        if task_id is None:
            problems.append(Problem(file, i + 2, "task_id", None, _(PLAN_TABLE.column("task_id").expected),
                                    "missing_value"))
        elif task_id in seen:
            problems.append(Problem(file, i + 2, "task_id", task_id,
                                    _("a unique id; row {row} already uses it").format(row=seen[task_id]),
                                    "duplicate_id"))
        else:
            seen[task_id] = i + 2
        if task is None:
            problems.append(Problem(file, i + 2, "task", None, _(PLAN_TABLE.column("task").expected),
                                    "missing_value"))
    problems.sort(key=lambda p: (p.row or 0, PLAN_TABLE.column_names.index(p.column or "task_id")))
    columns = [c.name for c in PLAN_TABLE.columns if c.name in out]
    typed = pd.DataFrame({c: out[c] for c in columns})
    typed["_row"] = np.arange(n) + 2
    return typed, problems


def _text(value: Any) -> str | None:
    if value is None or value is pd.NaT or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, (_dt.date, pd.Timestamp)):
        return value.strftime("%Y-%m-%d")
    text = str(value).strip()
    return text or None


def _split_ids(value: Any) -> list[str]:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return []
    return [part for part in _SPLIT.split(str(value).strip()) if part]


def plan_day(today: Any = None, *, function: str = "plan_status") -> _dt.date:
    """The day a plan is judged on: ``today`` read as a date cell is read, or today's date when it is None.

    Parameters
    ----------
    today : date, datetime, str or None
        Any form :func:`orgplan.tables.cells.parse_date` accepts
        (``2027-02-10``, ``2027/2/10``, ``2027年2月10日`` …).
    function : str
        The function the day is for, named in the error message.

    Raises
    ------
    ParameterError
        If ``today`` is not a date.

    Examples
    --------
    >>> plan_day("2027年2月10日")
    datetime.date(2027, 2, 10)
    >>> plan_day("someday", function="plan_browser")
    Traceback (most recent call last):
    ...
    orgplan.errors.ParameterError: The 'today' parameter of plan_browser must be a date such as ... Got 'someday' instead.
    """
    if today is None:
        return _dt.date.today()
    parsed = parse_date(today)
    if parsed is None:
        raise ParameterError(_("The 'today' parameter of {function} must be a date such as '2027-02-10'. "
                               "Got {value} instead.").format(function=function, value=repr(today)))
    return parsed


def _escape(text: str) -> str:
    return html.escape(str(text))


# ------------------------------------------------------------------- checks
def _cycles(plan: Plan) -> list[list[str]]:
    """Each dependency cycle once, as task ids in dependency order, sorted for stable output."""
    graph = nx.DiGraph()
    known = set(plan._tasks["task_id"])
    graph.add_nodes_from(known)
    for task_id, deps in plan.dependencies().items():
        graph.add_edges_from((task_id, d) for d in deps if d in known)
    found = []
    for component in nx.strongly_connected_components(graph):
        start = min(component)
        if len(component) == 1 and not graph.has_edge(start, start):
            continue
        sub = graph.subgraph(component)
        cycle = [u for u, _unused in nx.find_cycle(sub, source=start)]
        turn = cycle.index(min(cycle))
        found.append(cycle[turn:] + cycle[:turn])
    return sorted(found)


def check_plan(plan: Plan) -> pd.DataFrame:
    """Check how the tasks fit together; return the findings.

    Rules (``rule`` column):

    ========================= ======== =========================================
    rule                      severity what it means
    ========================= ======== =========================================
    ``dependency_cycle``      error    tasks depend on each other in a circle
    ``unknown_dependency``    error    ``depends_on`` names a task not in the plan
    ``due_before_dependency`` error    a task is due before a task it depends on
    ``due_before_start``      error    a task is due before it starts
    ``missing_owner``         error    nobody is first responsible
    ``missing_co_owner``      warning  nobody is co-responsible (the seed names one)
    ``done_before_dependency`` warning done before a task it depends on was done
    ========================= ======== =========================================

    Parameters
    ----------
    plan : Plan

    Returns
    -------
    DataFrame
        ``severity, rule, task_id, message, file, row, column``; errors first.
        Empty when all is well.

    Examples
    --------
    >>> import pandas as pd
    >>> plan = Plan(pd.DataFrame({
    ...     "task_id": ["A", "B"], "task": ["調查", "草案"], "owner": ["行政经理", ""],
    ...     "co_owner": ["行政助理", "行政助理"], "start": ["2027-01-04", "2027-01-04"],
    ...     "due": ["2027-01-31", "2027-01-20"], "depends_on": ["B", "A"], "done_on": ["", ""]}))
    >>> for message in check_plan(plan)["message"]:
    ...     print(message)
    Tasks A → B → A depend on each other in a circle; remove one of these dependencies.
    Task B (草案) is due 2027-01-20, before task A (調查) it depends on (due 2027-01-31).
    Task B (草案) has no first responsible owner; name one.
    """
    tasks = plan._tasks.set_index("task_id", drop=False)
    file = plan.file
    findings: list[dict[str, Any]] = []

    def add(severity: str, rule: str, task_id: str, message: str, column: str | None) -> None:
        findings.append({"severity": severity, "rule": rule, "task_id": task_id, "message": message,
                         "file": file, "row": int(tasks.at[task_id, "_row"]), "column": column})

    def name(task_id: str) -> str:
        return f"{task_id} ({tasks.at[task_id, 'task']})"

    def day(value: Any) -> str:
        return f"{value:%Y-%m-%d}"

    for cycle in _cycles(plan):
        add("error", "dependency_cycle", cycle[0],
            _("Tasks {tasks} depend on each other in a circle; remove one of these dependencies.").format(
                tasks=" → ".join(cycle + [cycle[0]])), "depends_on")
    deps = plan.dependencies()
    for task_id, row in tasks.iterrows():
        for dep in deps[task_id]:
            if dep not in tasks.index:
                add("error", "unknown_dependency", task_id,
                    _("Task {task} depends on {dependency}, which is not a task of the plan.").format(
                        task=name(task_id), dependency=repr(dep)), "depends_on")
            elif dep != task_id and row["due"] < tasks.at[dep, "due"]:
                add("error", "due_before_dependency", task_id,
                    _("Task {task} is due {due}, before task {dependency} it depends on (due {dependency_due})."
                      ).format(task=name(task_id), due=day(row["due"]), dependency=name(dep),
                               dependency_due=day(tasks.at[dep, "due"])), "due")
            elif pd.notna(row["done_on"]) and (pd.isna(tasks.at[dep, "done_on"])
                                               or row["done_on"] < tasks.at[dep, "done_on"]):
                if pd.isna(tasks.at[dep, "done_on"]):
                    message = _("Task {task} was done {done}, but task {dependency} it depends on is not done.")
                else:
                    message = _("Task {task} was done {done}, but task {dependency} it depends on was done "
                                "{dependency_done}.")
                add("warning", "done_before_dependency", task_id,
                    message.format(task=name(task_id), done=day(row["done_on"]), dependency=name(dep),
                                   dependency_done=day(tasks.at[dep, "done_on"]) if pd.notna(
                                       tasks.at[dep, "done_on"]) else ""), "done_on")
        if row["due"] < row["start"]:
            add("error", "due_before_start", task_id,
                _("Task {task} is due {due}, before it starts ({start}).").format(
                    task=name(task_id), due=day(row["due"]), start=day(row["start"])), "due")
        if _text(row["owner"]) is None:
            add("error", "missing_owner", task_id,
                _("Task {task} has no first responsible owner; name one.").format(task=name(task_id)), "owner")
        if _text(row["co_owner"]) is None:
            add("warning", "missing_co_owner", task_id,
                _("Task {task} has no co-responsible owner.").format(task=name(task_id)), "co_owner")
    table = pd.DataFrame(findings, columns=PLAN_FINDING_COLUMNS)
    order = {"error": 0, "warning": 1}
    table = table.sort_values("severity", key=lambda s: s.map(order), kind="stable").reset_index(drop=True)
    table["row"] = table["row"].astype("Int64")
    return table


# ------------------------------------------------------------------- status
def plan_status(plan: Plan, today: Any = None) -> pd.DataFrame:
    """Each task's status on ``today``, with the days left and what it waits on.

    Parameters
    ----------
    plan : Plan
    today : date or str, optional
        The day to judge on (default: today). Text such as ``"2027-02-10"``
        is accepted.

    Returns
    -------
    DataFrame
        ``task_id, task, owner, co_owner, start, due, done_on, status,
        days_left, waiting_on`` in plan order. ``days_left`` counts days to
        the due date (0 on the due day, negative when overdue, missing when
        done); ``waiting_on`` lists the dependencies not yet done.

    Raises
    ------
    CyclicPlanError
        If dependencies form a cycle (the message names the tasks on it).
    ParameterError
        If ``today`` is not a date.

    Examples
    --------
    A task due today is still in progress; one starting today has started:

    >>> import pandas as pd
    >>> plan = Plan(pd.DataFrame({
    ...     "task_id": ["T1", "T2", "T3"], "task": ["調查", "草案", "定稿"],
    ...     "owner": ["行政经理"] * 3, "co_owner": ["行政助理"] * 3,
    ...     "start": ["2027-01-04", "2027-01-31", "2027-03-01"],
    ...     "due": ["2027-01-31", "2027-02-28", "2027-03-31"],
    ...     "depends_on": ["", "", "T2"], "done_on": ["", "", ""]}))
    >>> plan_status(plan, today="2027-01-31")[["task_id", "status", "days_left"]]
      task_id       status  days_left
    0      T1  in_progress          0
    1      T2  in_progress         28
    2      T3  not_started         59
    """
    cycles = _cycles(plan)
    if cycles:
        tasks = plan._tasks.set_index("task_id")
        problems = [Problem(plan.file or _("plan table"), int(tasks.at[t, "_row"]), "depends_on",
                            tasks.at[t, "depends_on"],
                            _("no dependency cycle ({tasks})").format(tasks=" → ".join(c + [c[0]])),
                            "dependency_cycle")
                    for c in cycles for t in c]
        raise CyclicPlanError(cycles, problems)
    day = pd.Timestamp(plan_day(today, function="plan_status"))
    tasks = plan._tasks
    done = tasks["done_on"].notna() & (tasks["done_on"] <= day)
    done_ids = set(tasks.loc[done, "task_id"])
    waiting = [[d for d in deps if d not in done_ids] for deps in plan.dependencies().values()]
    started = tasks["start"] <= day
    overdue = ~done & (tasks["due"] < day)
    blocked = ~done & ~overdue & started & np.array([bool(w) for w in waiting])
    status = np.select(
        [done, overdue, ~started, blocked],
        ["done", "overdue", "not_started", "blocked"],
        default="in_progress",
    )
    days_left = pd.array((tasks["due"] - day).dt.days, dtype="Int64")
    days_left[done.to_numpy()] = pd.NA
    return pd.DataFrame({
        "task_id": tasks["task_id"],
        "task": tasks["task"],
        "owner": tasks["owner"],
        "co_owner": tasks["co_owner"],
        "start": tasks["start"],
        "due": tasks["due"],
        "done_on": tasks["done_on"].where(done),
        "status": pd.Series(status, dtype=object),
        "days_left": days_left,
        "waiting_on": pd.Series([";".join(w) or None for w in waiting], dtype=object),
    })


# ------------------------------------------------------------ for people
def display_status(status: pd.DataFrame) -> pd.DataFrame:
    """:func:`plan_status`'s table as people read it: dates as text, headers and statuses in the language in force.

    The status codes (``overdue`` …) stay in :func:`plan_status`'s table for
    scripts; this is the table printed, shown in a notebook or sent round.

    Examples
    --------
    >>> from orgplan.i18n import language
    >>> from orgplan.model.io import sample_path
    >>> status = plan_status(read_plan(sample_path("plan-2027.csv")), today="2027-02-10")
    >>> with language("zh-Hans"):
    ...     display_status(status).loc[1, ["任务编号", "状态"]].tolist()
    ['P2', '已完成']
    """
    shown = status.copy()
    for column in _DATE_COLUMNS:
        if column in shown:
            shown[column] = shown[column].dt.strftime("%Y-%m-%d")
    shown = shown.astype(object).where(shown.notna(), "")
    return localise(shown, STATUS_TABLE)


def display_findings(findings: pd.DataFrame) -> pd.DataFrame:
    """:func:`check_plan`'s findings as people read them: headers, severities and rules in the language in force."""
    shown = findings.astype(object).where(findings.notna(), "")
    return localise(shown, FINDINGS_TABLE)


def status_summary(status: pd.DataFrame) -> str:
    """One sentence counting the tasks of each status, e.g. ``"3 done, 1 overdue, 6 not started."``.

    Examples
    --------
    >>> import pandas as pd
    >>> status_summary(pd.DataFrame({"status": ["done", "overdue", "done"]}))
    '2 done, 1 overdue.'
    """
    counts = status["status"].value_counts()
    parts = [_("{n} {status}").format(n=int(counts[s]), status=_(STATUS_LABELS[s]))
             for s in STATUS_ORDER if s in counts]
    return _(", ").join(parts) + _(".")
