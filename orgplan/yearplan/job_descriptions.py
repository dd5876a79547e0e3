"""Job descriptions (职位说明书): the table each department writes for its positions.

At the end of the yearly plan every department revises the job
descriptions of its positions to fit the approved structure; the handbook
(:func:`orgplan.render.handbook.make_handbook`) compiles them. They are a
table (``job_descriptions.csv`` beside the structure's tables; the
structure loader ignores it)::

    position_id, title, duties, requirements, workflow   (+ optional revised_on, notes)

List items inside a cell are separated by line breaks or ``；``. Chinese
headers are accepted (職位編號, 職位, 崗位職責, 任職要求, 工作流程, 修訂日期).

Examples
--------
>>> from orgplan.model.io import sample_path
>>> jd = read_job_descriptions(sample_path("approved-2027/job_descriptions.csv"))
>>> jd.columns.tolist() == JOB_DESCRIPTION_COLUMNS
True
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pandas as pd

from orgplan.errors import DataError, Problem
from orgplan.i18n import N_, Translator
from orgplan.model.structure import Structure
from orgplan.tables.cells import as_text, parse_date
from orgplan.tables.io import read_table
from orgplan.tables.schema import Column, Table, canonical_headers, validate_tables

_ = Translator("yearplan")

__all__ = ["read_job_descriptions", "job_description_table", "JOB_DESCRIPTIONS", "JOB_DESCRIPTION_COLUMNS",
           "compare_job_descriptions", "job_description_changes_display", "description_items", "JD_CHANGE_COLUMNS",
           "JD_STATUS_LABELS"]

#: The job-description table: its columns, Chinese and English headers, what each cell holds.
JOB_DESCRIPTIONS = Table(
    name="job_descriptions",
    id_column="position_id",
    columns=(
        Column("position_id", "id", aliases=("職位編號", "职位编号", "崗位編號", "岗位编号", "編號", "编号"),
               expected=N_("the position_id the description belongs to"), label=N_("position id")),
        Column("title", "text", required=False, blank_ok=True,
               aliases=("職位", "职位", "崗位", "岗位", "職位名稱", "职位名称"), expected=N_("the position's title"),
               label=N_("position")),
        Column("duties", "text", blank_ok=True,
               aliases=("崗位職責", "岗位职责", "工作職責", "工作职责", "職責", "职责"),
               expected=N_("the position's duties, one per line or separated by ；"), label=N_("duties of the position")),
        Column("requirements", "text", required=False, blank_ok=True,
               aliases=("任職要求", "任职要求", "任職資格", "任职资格", "要求"), expected=N_("requirements"),
               label=N_("requirements")),
        Column("workflow", "text", required=False, blank_ok=True,
               aliases=("工作流程", "流程", "工作流程說明", "工作流程说明"), expected=N_("workflow notes"),
               label=N_("workflow")),
        Column("revised_on", "text", required=False, blank_ok=True,
               aliases=("修訂日期", "修订日期", "修訂", "修订"),
               expected=N_("the date the description was last revised, written YYYY-MM-DD (or empty)"),
               label=N_("revised on")),
        Column("notes", "text", required=False, blank_ok=True, aliases=("備註", "备注"), expected=N_("free text"),
               label=N_("notes")),
    ),
)

#: Columns of a job-description table, as :func:`read_job_descriptions` returns it.
JOB_DESCRIPTION_COLUMNS = JOB_DESCRIPTIONS.column_names

_DESCRIBING = ("duties", "requirements", "workflow")


def read_job_descriptions(path: str | os.PathLike) -> pd.DataFrame:
    """Read a job-description table (``.csv`` or ``.xlsx``) and check its cells.

    Returns
    -------
    DataFrame
        :data:`JOB_DESCRIPTION_COLUMNS`, empty cells missing (``None``).

    Raises
    ------
    FileNotFoundError
        If there is no such file.
    DataError
        If a header is missing, a ``position_id`` is empty or given twice,
        ``revised_on`` is not a date, or a row describes nothing; every
        problem is listed with its row.

    Examples
    --------
    >>> from orgplan.model.io import sample_path
    >>> jd = read_job_descriptions(sample_path("approved-2027/job_descriptions.csv"))
    >>> jd.set_index("position_id").at["ADM-MGR", "title"]
    '行政经理'
    """
    path = Path(path)
    return job_description_table(read_table(path), file=str(path))


def job_description_table(table: pd.DataFrame, *, file: str | None = None) -> pd.DataFrame:
    """Check a job-description DataFrame (Chinese headers accepted); return it with canonical columns.

    Raises
    ------
    DataError
        As :func:`read_job_descriptions`.

    Examples
    --------
    >>> import pandas as pd
    >>> jd = job_description_table(pd.DataFrame({"職位編號": ["GM"], "崗位職責": ["主持全面工作；審批預算"]}))
    >>> jd.loc[0, ["position_id", "title", "duties"]].tolist()
    ['GM', None, '主持全面工作；審批預算']
    """
    file = file or _("job descriptions table")
    mapping, problems = canonical_headers(JOB_DESCRIPTIONS, [str(c) for c in table.columns], file)
    if problems:
        raise DataError(problems, _("{file}: the job descriptions' header row has problems").format(file=file))
    frame = table.rename(columns=mapping)[list(mapping.values())].reset_index(drop=True)
    typed, problems, _unused = validate_tables({"job_descriptions": JOB_DESCRIPTIONS}, {"job_descriptions": frame},
                                         {"job_descriptions": file})
    problems = sorted(problems + _row_problems(frame, file),
                      key=lambda p: (p.row or 0, JOB_DESCRIPTION_COLUMNS.index(p.column or "position_id")))
    if problems:
        raise DataError(problems, _.ngettext("{file}: {n} problem in the job descriptions",
                                             "{file}: {n} problems in the job descriptions",
                                             len(problems)).format(file=file, n=len(problems)))
    out = typed["job_descriptions"][JOB_DESCRIPTION_COLUMNS].astype(object)
    return out.where(out.notna(), None)


def _row_problems(frame: pd.DataFrame, file: str) -> list[Problem]:
    """What the cell rules cannot see: a revision date that is not a date, a row that describes nothing."""
    problems: list[Problem] = []
    for i, record in enumerate(frame.to_dict("records")):
        row = i + 2  # spreadsheet row: the header is row 1
        revised_on = as_text(record.get("revised_on"))
        if revised_on and parse_date(revised_on) is None:
            problems.append(Problem(file, row, "revised_on", revised_on,
                                    _(JOB_DESCRIPTIONS.column("revised_on").expected), "not_a_date"))
        if not any(as_text(record.get(column)) for column in _DESCRIBING):
            problems.append(Problem(file, row, "duties", None,
                                    _("duties, requirements or workflow notes (the row describes nothing)"),
                                    "missing_value"))
    return problems


# ------------------------------------------------------------- versions
#: Columns of :func:`compare_job_descriptions`.
JD_CHANGE_COLUMNS = ["position_id", "title", "status", "duties_added", "duties_removed", "duties_kept",
                     "reports_to_old", "reports_to_new", "requirements_added", "requirements_removed",
                     "workflow_old", "workflow_new", "title_old"]
#: A position's status between two versions, as people read it.
JD_STATUS_LABELS = {"new": N_("new position"), "removed": N_("removed position"), "changed": N_("changed"),
                    "unchanged": N_("unchanged")}
_ITEMS = re.compile(r"\s*(?:\r?\n|；|;)\s*")


def description_items(text: Any) -> list[str]:
    """The items of a job-description cell (duties, requirements), split at line breaks and ``；``.

    Examples
    --------
    >>> description_items("接待客户；建立档案\\n交车")
    ['接待客户', '建立档案', '交车']
    >>> description_items(None)
    []
    """
    text = as_text(text)
    return [item for item in _ITEMS.split(text.strip())] if text else []


def compare_job_descriptions(old: pd.DataFrame, new: pd.DataFrame, *, old_structure: Structure | None = None,
                             new_structure: Structure | None = None) -> pd.DataFrame:
    """Last year's and this year's job descriptions side by side: what changed, per position.

    Parameters
    ----------
    old, new : DataFrame
        Job-description tables as :func:`read_job_descriptions` returns them.
    old_structure, new_structure : Structure, optional
        The structures they describe: their positions count as the years'
        positions (a position with no description is still there), and the
        reporting line (``reports_to``) is compared.

    Returns
    -------
    DataFrame
        :data:`JD_CHANGE_COLUMNS`, one row per position of either year, in
        this year's order then the removed ones: ``status`` is ``new``,
        ``removed``, ``changed`` or ``unchanged``; ``duties_added`` /
        ``duties_removed`` / ``requirements_added`` / ``requirements_removed``
        are lists of items; a reworded item is one removed and one added.

    Examples
    --------
    >>> import pandas as pd
    >>> old = pd.DataFrame({"position_id": ["A", "B"], "title": ["顾问", "司机"],
    ...                     "duties": ["接待；跟进", "驾驶"]})
    >>> new = pd.DataFrame({"position_id": ["A", "C"], "title": ["顾问", "专员"],
    ...                     "duties": ["接待；跟进；交车", "回访"]})
    >>> table = compare_job_descriptions(job_description_table(old), job_description_table(new))
    >>> table[["position_id", "status", "duties_added", "duties_removed"]].values.tolist()
    [['A', 'changed', ['交车'], []], ['C', 'new', [], []], ['B', 'removed', [], []]]
    """
    old_by_id = _by_position(old, old_structure)
    new_by_id = _by_position(new, new_structure)
    rows = [_compare_one(pid, old_by_id.get(pid), new_by_id[pid]) for pid in new_by_id]
    rows += [_compare_one(pid, old_by_id[pid], None) for pid in old_by_id if pid not in new_by_id]
    return pd.DataFrame(rows, columns=JD_CHANGE_COLUMNS)


def _by_position(table: pd.DataFrame, structure: Structure | None) -> dict[str, dict[str, Any]]:
    """Per position: title, reports_to (from the structure) and the description's cells, in the structure's order."""
    described = {r["position_id"]: r for r in table.to_dict("records")}
    out: dict[str, dict[str, Any]] = {}
    if structure is not None:
        for record in structure.positions.to_dict("records"):
            pid = record["position_id"]
            reports_to = record.get("reports_to")
            out[pid] = {**described.get(pid, {}), "title": record["title"],
                        "reports_to": reports_to if isinstance(reports_to, str) else None,
                        "described": pid in described}
    for pid, record in described.items():
        if pid not in out and structure is None:
            out[pid] = {**record, "reports_to": None, "described": True}
    return out


def _compare_one(pid: str, old: dict[str, Any] | None, new: dict[str, Any] | None) -> dict[str, Any]:
    row: dict[str, Any] = {column: None for column in JD_CHANGE_COLUMNS}
    current = new if new is not None else old
    assert current is not None
    row.update(position_id=pid, title=current.get("title"), duties_added=[], duties_removed=[], duties_kept=[],
               requirements_added=[], requirements_removed=[])
    if old is None or new is None:
        row["status"] = "new" if old is None else "removed"
        return row
    old_duties, new_duties = description_items(old.get("duties")), description_items(new.get("duties"))
    row["duties_added"] = [d for d in new_duties if d not in old_duties]
    row["duties_removed"] = [d for d in old_duties if d not in new_duties]
    row["duties_kept"] = [d for d in new_duties if d in old_duties]
    old_req, new_req = description_items(old.get("requirements")), description_items(new.get("requirements"))
    row["requirements_added"] = [d for d in new_req if d not in old_req]
    row["requirements_removed"] = [d for d in old_req if d not in new_req]
    if old.get("reports_to") != new.get("reports_to"):
        row["reports_to_old"], row["reports_to_new"] = old.get("reports_to"), new.get("reports_to")
    if as_text(old.get("workflow")) != as_text(new.get("workflow")):
        row["workflow_old"], row["workflow_new"] = as_text(old.get("workflow")), as_text(new.get("workflow"))
    if as_text(old.get("title")) != as_text(new.get("title")):
        row["title_old"] = old.get("title")
    changed = any(row[c] for c in ("duties_added", "duties_removed", "requirements_added", "requirements_removed",
                                   "reports_to_new", "reports_to_old", "workflow_old", "workflow_new", "title_old"))
    row["status"] = "changed" if changed else "unchanged"
    return row


def job_description_changes_display(changes: pd.DataFrame, *, skip_unchanged: bool = False) -> pd.DataFrame:
    """:func:`compare_job_descriptions` as people read it: one line per position, the changes in words.

    ``skip_unchanged`` leaves out the positions whose description did not change.
    """
    rows = []
    for record in changes.to_dict("records"):
        if skip_unchanged and record["status"] == "unchanged":
            continue
        r = {k: (v if isinstance(v, (list, str)) or (v is not None and v == v) else None) for k, v in record.items()}
        parts = []
        if r["duties_added"]:
            parts.append(_("duties added: {items}").format(items="；".join(r["duties_added"])))
        if r["duties_removed"]:
            parts.append(_("duties removed: {items}").format(items="；".join(r["duties_removed"])))
        if r["reports_to_old"] or r["reports_to_new"]:
            parts.append(_("reports to: {old} → {new}").format(old=r["reports_to_old"] or "—",
                                                               new=r["reports_to_new"] or "—"))
        if r["requirements_added"] or r["requirements_removed"]:
            parts.append(_("requirements: {removed} → {added}").format(
                removed="；".join(r["requirements_removed"]) or "—", added="；".join(r["requirements_added"]) or "—"))
        if r["workflow_old"] or r["workflow_new"]:
            parts.append(_("workflow revised"))
        if r["title_old"]:
            parts.append(_("title: {old} → {new}").format(old=r["title_old"], new=r["title"]))
        rows.append({_("Position id"): r["position_id"], _("Position"): r["title"],
                     _("Status"): _(JD_STATUS_LABELS[r["status"]]), _("Changes"): "；".join(parts)})
    return pd.DataFrame(rows, columns=[_("Position id"), _("Position"), _("Status"), _("Changes")])
