"""Workload (工作量): hours per week per duty and position, against the establishment.

Each department says, for each of its positions, how many hours a week one
person spends on each duty (the survey form's workload sheet, or a table
``position_id, duty_id, hours``). From that:

- a position's **FTE need** = hours per person × people in post ÷ standard
  hours (40 by default: the ratios file's ``standard_hours``);
- its **load** = FTE need ÷ establishment: above ``over`` (1.10) the position
  is over-loaded (负荷繁重), below ``under`` (0.80) under-loaded (人浮于事);
- the **duty × position matrix** of hours per person, with each duty's FTE —
  the evidence for "neither gaps nor overlaps": a duty nobody spends time on,
  a duty worked in several units.

Examples
--------
>>> from orgplan import read_structure, sample_path
>>> s = read_structure(sample_path("approved-2027"))
>>> hours = pd.DataFrame({"position_id": ["ADM-HR", "ADM-HR", "ADM-CLERK"],
...                       "duty_id": ["D-HR", "D-DOCS", "D-HR"], "hours": [30, 20, 12]})
>>> table = workload(hours, s)
>>> table[["position_id", "hours_per_person", "fte_need", "approved", "load", "flag"]]
  position_id  hours_per_person  fte_need  approved  load   flag
0      ADM-HR              50.0      1.25         1  1.25   over
1   ADM-CLERK              12.0      0.60         2  0.30  under
"""

from __future__ import annotations

import os

import numpy as np
import pandas as pd

from orgplan.errors import DataError, ParameterError, Problem
from orgplan.headcount.staffing import department_of
from orgplan.i18n import N_, Translator
from orgplan.model.structure import Structure
from orgplan.tables.io import read_table
from orgplan.tables.schema import Column, Table, canonical_headers, validate_tables
from orgplan.yearplan.survey import is_survey_form, read_workload

_ = Translator("staffing")

__all__ = ["HOURS", "read_hours", "read_hours_files", "workload", "workload_matrix", "duty_findings", "check_hours"]

#: The most hours a week one person can be said to work on the duties of a position.
_WEEK_LIMIT = 84.0

#: Hours per week per duty and position (one person's hours).
HOURS = Table(
    name="hours",
    id_column=None,
    columns=(
        Column("position_id", "id", aliases=("职位编号", "職位編號", "岗位编号", "崗位編號", "职位", "職位"),
               label=N_("position"), expected=N_("a position_id of the structure")),
        Column("duty_id", "id", aliases=("职能编号", "職能編號", "职能", "職能"), label=N_("duty"),
               expected=N_("a duty_id of the structure")),
        Column("hours", "money", aliases=("每人每周小时", "每人每週小時", "小时", "小時", "工时", "工時"),
               label=N_("hours per person per week"),
               expected=N_("a number of 0 or more (hours one person spends on the duty in a week)")),
    ),
)


def read_hours(path: str | os.PathLike, structure: Structure | None = None) -> pd.DataFrame:
    """Read a workload table (``position_id, duty_id, hours``); every bad cell is located.

    With a structure, unknown positions and duties and a position's hours
    above 84 a week are reported too (:func:`check_hours`).

    Raises
    ------
    DataError

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from orgplan import read_structure, sample_path
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "hours.csv"
    >>> _ = path.write_text("职位编号,职能编号,每人每周小时\\nADM-HR,D-HR,30\\nADM-XX,D-HR,abc\\n",
    ...                     encoding="utf-8")
    >>> read_hours(path, read_structure(sample_path("approved-2027")))
    Traceback (most recent call last):
    ...
    orgplan.errors.DataError: Found 2 problems in the input data:
      - ...hours.csv, row 3, column 'hours': got 'abc', expected a number of 0 or more (hours one person spends on the duty in a week).
      - ...hours.csv, row 3, column 'position_id': got 'ADM-XX', expected a position_id of the structure.
    """
    file = str(path)
    raw = read_table(path, require_rows=True)
    mapping, problems = canonical_headers(HOURS, [str(c) for c in raw.columns], file)
    if problems:
        raise DataError(problems)
    raw = raw.rename(columns=mapping)[list(HOURS.column_names)]
    typed, cell_problems, _flagged = validate_tables({"hours": HOURS}, {"hours": raw.astype(str)}, {"hours": file})
    problems = list(cell_problems)
    hours = typed["hours"]
    if structure is not None:
        problems += check_hours(hours, structure, file)
    if problems:
        raise DataError(problems)
    return hours


def read_hours_files(paths: list[str | os.PathLike], structure: Structure) -> pd.DataFrame:
    """Hours from several files: tables (``.csv``/``.xlsx``) and returned survey forms, one table.

    A workbook made by ``orgplan survey make`` is read through its workload
    sheet (:func:`orgplan.yearplan.survey.read_workload`); any other file is a
    table read by :func:`read_hours`.
    """
    frames, problems = [], []
    for path in paths:
        try:
            frames.append(read_workload(path, structure) if is_survey_form(path) else read_hours(path, structure))
        except DataError as error:  # every file's problems, reported together
            problems += error.problems
    if problems:
        raise DataError(problems)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=HOURS.column_names)


def check_hours(hours: pd.DataFrame, structure: Structure, file: str = "hours") -> list[Problem]:
    """Unknown positions and duties, and positions whose hours per person exceed 84 a week."""
    problems = []
    rows = hours["_row"] if "_row" in hours.columns else pd.Series(np.arange(len(hours)) + 2)
    positions, duties = set(structure.positions["position_id"]), set(structure.duties["duty_id"])
    for row, position, duty in zip(rows, hours["position_id"], hours["duty_id"]):
        if isinstance(position, str) and position not in positions:
            problems.append(Problem(file, int(row), "position_id", position, _("a position_id of the structure"),
                                    "unknown_position"))
        if isinstance(duty, str) and duty not in duties:
            problems.append(Problem(file, int(row), "duty_id", duty, _("a duty_id of the structure"), "unknown_duty"))
    totals = hours.groupby("position_id")["hours"].sum()
    for position, total in totals.items():
        if total > _WEEK_LIMIT:
            first = int(rows[hours["position_id"] == position].iloc[0])
            problems.append(Problem(file, first, "hours", f"{total:g}", _(
                "at most {limit} hours a week for one person over all duties of {position}").format(
                limit=f"{_WEEK_LIMIT:g}", position=position), "too_many_hours"))
    return sorted(problems, key=lambda p: (p.row or 0))


def _filled(structure: Structure, in_post: pd.DataFrame | None) -> pd.Series:
    counts = structure.positions.set_index("position_id")["filled"].astype(int)
    if in_post is not None:
        given = in_post.set_index("position_id")["filled"].astype(int)
        counts = counts.copy()
        counts.loc[given.index.intersection(counts.index)] = given[given.index.isin(counts.index)]
    return counts


def workload(hours: pd.DataFrame, structure: Structure, *, standard_hours: float = 40.0, over: float = 1.10,
             under: float = 0.80, in_post: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each surveyed position's workload against its establishment, flagged.

    Parameters
    ----------
    hours : DataFrame
        ``position_id, duty_id, hours`` (one person's hours a week).
    structure : Structure
    standard_hours : float, default 40
    over, under : float, default 1.10 and 0.80
        A load above ``over`` is flagged ``over``, below ``under`` ``under``.
    in_post : DataFrame, optional
        ``position_id, filled`` to use instead of the structure's ``filled``.

    Returns
    -------
    DataFrame
        ``position_id, unit_id, title, hours_per_person, filled, total_hours,
        fte_need, approved, load, flag`` (``over``, ``under`` or ``ok``; ``no_establishment`` for a position with
        hours but no establishment), in the structure's order.
    """
    if not (standard_hours > 0 and 0 < under <= 1 <= over):
        raise ParameterError(_("The thresholds of workload must satisfy 0 < under ≤ 1 ≤ over and standard_hours > 0. "
                               "Got under={under}, over={over}, standard_hours={hours} instead.").format(
            under=under, over=over, hours=standard_hours))
    problems = check_hours(hours, structure)
    if any(p.code != "too_many_hours" for p in problems):
        raise DataError(problems)
    per_person = hours.groupby("position_id")["hours"].sum()
    positions = structure.positions
    table = positions.loc[positions["position_id"].isin(per_person.index),
                          ["position_id", "unit_id", "title", "approved"]].reset_index(drop=True)
    table.insert(3, "hours_per_person", table["position_id"].map(per_person).astype(float))
    table.insert(4, "filled", table["position_id"].map(_filled(structure, in_post)).astype(int))
    table.insert(5, "total_hours", table["hours_per_person"] * table["filled"])
    table.insert(6, "fte_need", table["total_hours"] / standard_hours)
    approved = table["approved"].to_numpy(dtype=float)
    table["load"] = np.divide(table["fte_need"].to_numpy(), approved, out=np.full(len(table), np.nan),
                              where=approved > 0)
    table["flag"] = np.select([approved == 0, table["load"] > over + 1e-12, table["load"] < under - 1e-12],
                              ["no_establishment", "over", "under"], "ok")
    return table


def workload_matrix(hours: pd.DataFrame, structure: Structure, *, standard_hours: float = 40.0,
                    in_post: pd.DataFrame | None = None) -> pd.DataFrame:
    """The duty × position matrix of hours per person, with each duty's ``fte`` (all its people's hours ÷ standard).

    Rows are duties (``duty_id, name`` first), columns the surveyed positions
    in the structure's order; an empty cell means nobody of that position
    works on the duty.

    Examples
    --------
    >>> from orgplan import read_structure, sample_path
    >>> s = read_structure(sample_path("approved-2027"))
    >>> hours = pd.DataFrame({"position_id": ["ADM-HR", "ADM-CLERK"], "duty_id": ["D-HR", "D-HR"],
    ...                       "hours": [30, 12]})
    >>> workload_matrix(hours, s).to_dict("records")
    [{'duty_id': 'D-HR', 'name': '招聘、培训与绩效考核', 'ADM-HR': 30.0, 'ADM-CLERK': 12.0, 'fte': 1.35}]
    """
    order = [p for p in structure.positions["position_id"] if p in set(hours["position_id"])]
    matrix = hours.astype({"hours": float}).pivot_table(index="duty_id", columns="position_id", values="hours",
                                                        aggfunc="sum")
    matrix = matrix.reindex(columns=order)
    filled = _filled(structure, in_post)
    fte = (matrix.fillna(0) * filled.reindex(order).to_numpy()).sum(axis=1) / standard_hours
    names = structure.duties.drop_duplicates("duty_id").set_index("duty_id")["name"]
    duty_order = [d for d in structure.duties["duty_id"].drop_duplicates() if d in matrix.index]
    matrix = matrix.reindex(duty_order)
    out = matrix.reset_index()
    out.insert(1, "name", out["duty_id"].map(names))
    out["fte"] = fte.reindex(duty_order).round(3).to_numpy()
    out.columns.name = None
    return out


def duty_findings(hours: pd.DataFrame, structure: Structure, departments: list[str] | None = None) -> pd.DataFrame:
    """Duties nobody spends time on (in the departments surveyed) and duties worked in several departments.

    A department is a unit right below the company with its sections and
    teams: a manager working on a duty of one of the department's teams is
    no overlap.

    Returns
    -------
    DataFrame
        ``severity, code, duty_id, name, units, message``: ``duty_without_hours`` (warning) for a duty owned in a
        surveyed department that no position spends an hour on; ``duty_in_several_units`` (info) for a duty that
        positions of two or more departments work on (``units``: the departments).
    """
    department = department_of(structure)
    positions = structure.positions.set_index("position_id")["unit_id"].map(department)
    worked = hours[hours["hours"] > 0]
    worked = worked.assign(unit_id=worked["position_id"].map(positions))
    surveyed = set(departments) if departments is not None else set(worked["unit_id"])
    duties = structure.duties.drop_duplicates("duty_id")
    rows = []
    for duty in duties.itertuples(index=False):
        if department.get(duty.unit_id) in surveyed and duty.duty_id not in set(worked["duty_id"]):
            rows.append({"severity": "warning", "code": "duty_without_hours", "duty_id": duty.duty_id,
                         "name": duty.name, "units": duty.unit_id,
                         "message": _("Nobody reports hours on duty {duty} ({name}) of {unit}: a gap, or a duty "
                                      "that is no longer done.").format(duty=duty.duty_id, name=duty.name,
                                                                         unit=duty.unit_id)})
    for duty_id, group in worked.groupby("duty_id", sort=False):
        units_of = sorted(set(group["unit_id"]))
        if len(units_of) > 1:
            name = duties.set_index("duty_id")["name"].get(duty_id, "")
            rows.append({"severity": "info", "code": "duty_in_several_units", "duty_id": duty_id, "name": name,
                         "units": ", ".join(units_of),
                         "message": _("Duty {duty} ({name}) is worked on in {count} units ({units}): check for an "
                                      "overlap.").format(duty=duty_id, name=name, count=len(units_of),
                                                         units=", ".join(units_of))})
    return pd.DataFrame(rows, columns=["severity", "code", "duty_id", "name", "units", "message"])
