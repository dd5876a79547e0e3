"""The job-description collection sheet (职位说明书) of a department's survey workbook.

The seed: departments rework their job descriptions on last year's basis
(在去年基础上改造) and hand them to the administration department. The survey
workbook each department fills in (:func:`orgplan.yearplan.survey_forms.make_form`)
gets one more sheet, written by :func:`add_job_description_sheet`: one row per
position of the department (its sections and teams included), with last
year's duties, requirements and workflow filled in for the department to
revise. :func:`read_job_description_sheet` reads the sheet back through the
one job-description reader, so every problem comes with the workbook, the
sheet, the row and the column; a row naming a position that is not the
department's is reported too.

Examples
--------
>>> import tempfile, pathlib
>>> from openpyxl import Workbook
>>> from orgplan import read_structure, sample_path
>>> from orgplan.yearplan.job_descriptions import read_job_descriptions
>>> s = read_structure(sample_path("approved-2027"))
>>> last_year = read_job_descriptions(sample_path("as-is-2026/job_descriptions.csv"))
>>> path = pathlib.Path(tempfile.mkdtemp()) / "crm.xlsx"
>>> Workbook().save(path)
>>> _ = add_job_description_sheet(path, s, "CRM", last_year)
>>> read_job_description_sheet(path, s, "CRM")["position_id"].tolist()
['CRM-MGR', 'CRM-SPEC']
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import load_workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection

from orgplan.errors import DataError, ParameterError, Problem
from orgplan.i18n import N_, Translator, every_translation
from orgplan.model.structure import Structure
from orgplan.tables.io import atomic_path, read_table
from orgplan.yearplan.job_descriptions import JOB_DESCRIPTIONS, job_description_table

_ = Translator("booklet")

__all__ = ["JD_SHEET", "job_description_form", "add_job_description_sheet", "add_job_description_sheets",
           "read_job_description_sheet"]

#: The sheet's name (in the language in force where it is written; read back in any).
JD_SHEET = N_("Job descriptions")
_COLUMNS = ["position_id", "title", "duties", "requirements", "workflow", "revised_on", "notes"]
_WIDTHS = {"position_id": 14, "title": 16, "reports_to": 16, "duties": 48, "requirements": 34, "workflow": 34,
           "revised_on": 12, "notes": 20}
_LOCKED = PatternFill("solid", fgColor="EDEDED")
_HEAD = PatternFill("solid", fgColor="D9E1F2")


def job_description_form(structure: Structure, unit_id: str, previous: pd.DataFrame | None = None) -> pd.DataFrame:
    """The rows of a department's sheet: its positions, with last year's description filled in.

    Returns
    -------
    DataFrame
        ``position_id, title, reports_to`` (the manager's title, for
        reading), ``duties, requirements, workflow, revised_on, notes``.

    Raises
    ------
    ParameterError
        If ``unit_id`` is not a unit of the structure.
    """
    if unit_id not in set(structure.units["unit_id"]):
        raise ParameterError(_("The 'unit_id' parameter of job_description_form must be a unit of {structure}. "
                               "Got {value} instead.").format(structure=repr(structure.name), value=repr(unit_id)))
    units = structure.subunits(unit_id)
    positions = structure.positions
    titles = positions.set_index("position_id")["title"]
    own = positions[positions["unit_id"].isin(units)]
    before = previous.set_index("position_id") if previous is not None else pd.DataFrame()
    rows = []
    for record in own.to_dict("records"):
        pid = record["position_id"]
        old = before.loc[pid].to_dict() if pid in before.index else {}
        manager = record.get("reports_to")
        rows.append({"position_id": pid, "title": record["title"],
                     "reports_to": titles.get(manager, manager) if isinstance(manager, str) else "",
                     **{c: (old.get(c) or "") for c in ("duties", "requirements", "workflow")},
                     "revised_on": "", "notes": ""})
    return pd.DataFrame(rows, columns=["position_id", "title", "reports_to", *_COLUMNS[2:]])


def add_job_description_sheet(path: str | os.PathLike, structure: Structure, unit_id: str,
                              previous: pd.DataFrame | None = None) -> Path:
    """Add (or replace) the job-description sheet in a department's survey workbook, atomically.

    Position, title and manager are locked and grey; the department writes
    duties, requirements and workflow (one item per line, or separated by
    ``；``) and the revision date. Every cell is written as text, so a value
    beginning with ``=`` stays text and never becomes a formula.

    Raises
    ------
    FileNotFoundError
        If the workbook does not exist.
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(_("{path}: no such workbook.").format(path=path))
    rows = job_description_form(structure, unit_id, previous)
    wb = load_workbook(path)
    name = _(JD_SHEET)[:31]
    for existing in [ws for ws in wb.worksheets if ws.title in set(every_translation(JD_SHEET))]:
        wb.remove(existing)
    ws = wb.create_sheet(name)
    headers = {"position_id": _("position id"), "title": _("position"), "reports_to": _("reports to (for reading)"),
               "duties": _("duties of the position"), "requirements": _("requirements"), "workflow": _("workflow"),
               "revised_on": _("revised on"), "notes": _("notes")}
    for column, key in enumerate(rows.columns, start=1):
        cell = ws.cell(row=1, column=column)
        _text(cell, headers[key])
        cell.font, cell.fill = Font(bold=True), _HEAD
        ws.column_dimensions[cell.column_letter].width = _WIDTHS[key]
    for r, record in enumerate(rows.to_dict("records"), start=2):
        for column, key in enumerate(rows.columns, start=1):
            cell = ws.cell(row=r, column=column)
            _text(cell, record[key])
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if key in ("position_id", "title", "reports_to"):
                cell.fill = _LOCKED
            else:
                cell.protection = Protection(locked=False)
    ws.freeze_panes = "C2"
    ws.protection.sheet = True
    with atomic_path(path) as tmp:
        wb.save(tmp)
    return path


def add_job_description_sheets(forms: pd.DataFrame, structure: Structure,
                               previous: pd.DataFrame | None = None) -> pd.DataFrame:
    """Add the job-description sheet to every department's workbook made by ``make_forms``.

    Returns
    -------
    DataFrame
        As people read it: department, workbook (file name), positions, of
        which with last year's description filled in.
    """
    described = set(previous["position_id"]) if previous is not None else set()
    rows = []
    for form in forms.to_dict("records"):
        path = add_job_description_sheet(form["workbook"], structure, form["unit_id"], previous)
        listed = job_description_form(structure, form["unit_id"])["position_id"]
        rows.append({_("department"): form["department"], _("workbook"): Path(path).name,
                     _("positions"): len(listed), _("with last year's description"): int(listed.isin(described).sum())})
    return pd.DataFrame(rows)


def _text(cell: Any, value: Any) -> None:
    """Write a cell as text (never a formula: a value starting with = + - @ is kept as typed)."""
    cell.value = "" if value is None else str(value)
    cell.data_type = "s"


def read_job_description_sheet(path: str | os.PathLike, structure: Structure | None = None,
                               unit_id: str | None = None) -> pd.DataFrame:
    """Read a returned job-description sheet; every problem located (workbook, sheet, row, column).

    Rows the department left without any description are skipped (they
    are still missing); a position that is not the department's (with
    ``structure`` and ``unit_id``), or not in the structure, is an error.

    Raises
    ------
    DataError
        All the problems, each with file (``workbook [sheet]``), row and column.
    """
    path = Path(path)
    sheets = pd.ExcelFile(path).sheet_names
    sheet = next((s for s in sheets if s in set(every_translation(JD_SHEET))), None)
    if sheet is None:
        raise DataError([Problem(str(path), None, None, None, _("a sheet named {sheet}").format(sheet=_(JD_SHEET)),
                                 "missing_sheet")])
    file = f"{path} [{sheet}]"
    raw = read_table(path, sheet=sheet)
    describing = [c for c in raw.columns if _column_of(c) in ("duties", "requirements", "workflow")]
    filled = raw[describing].fillna("").astype(str).apply(lambda c: c.str.strip()).ne("").any(axis=1)
    blank_rows = {int(i) + 2 for i in raw.index[~filled]}
    try:
        job_description_table(raw, file=file)
    except DataError as exc:  # the rows left blank are still missing, not errors; the others' rows are located
        real = [p for p in exc.problems if not (p.row in blank_rows and p.code == "missing_value")]
        if real:
            raise DataError(real) from None
    kept = raw[filled.to_numpy()]
    table = job_description_table(kept.reset_index(drop=True), file=file)
    table.index = kept.index + 2
    problems = []
    if structure is not None:
        allowed = set(structure.positions["position_id"])
        if unit_id is not None:
            units = structure.subunits(unit_id)
            allowed = set(structure.positions.loc[structure.positions["unit_id"].isin(units), "position_id"])
        for row, pid in table["position_id"].items():
            if pid not in allowed:
                problems.append(Problem(file, int(row), "position_id", pid,
                                        _("a position of this department"), "unknown_position"))
    if problems:
        raise DataError(problems)
    return table.reset_index(drop=True)


def _column_of(header: Any) -> str | None:
    for column in JOB_DESCRIPTIONS.columns:
        if str(header).strip() in column.header_words():
            return column.name
    return None
