"""From an HR system's roster export to the event log.

A typical export (one row per employee: 工号, 姓名, 部门, 岗位, 入职日期, 转正日期, 离职日期, 用工形式)
knows where each person is now, not how they got there. :func:`import_hris` maps each row to a position —
by 职位编号 when the export has one, else by (部门, 岗位): the positions titled 岗位 in the unit named 部门
or any unit below it — and writes a hire (with a confirmation when 转正日期 is given) and a leave when
离职日期 is given. A title that matches no position, or several, is a located problem; nothing is guessed.
The export's personal data (身份证号, 手机 …) is dropped on read and never written.

Examples
--------
>>> from orgplan import sample_path, read_structure
>>> events = import_hris(sample_path("people/hris-export-2027-09.xlsx"), read_structure(sample_path("approved-2027")))
>>> events.attrs["personal_data"]
['身份证号', '手机']
>>> events.loc[events["person_id"] == "E001", ["event", "position_id"]].values.tolist()
[['hire', 'GM']]
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from orgplan.errors import DataError, Problem
from orgplan.i18n import Translator
from orgplan.model.structure import Structure
from orgplan.tables.cells import parse_date
from orgplan.tables.io import read_table
from orgplan.tables.schema import canonical_headers, validate_tables

from orgplan.people.events import events_from_frame
from orgplan.people.tables import HRIS, is_personal_data

_ = Translator("people")

__all__ = ["import_hris", "position_finder"]


def position_finder(structure: Structure) -> dict[tuple[str, str], list[str]]:
    """(unit name or id, title) → the position ids with that title in that unit or any unit below it.

    Examples
    --------
    >>> from orgplan import sample_path, read_structure
    >>> find = position_finder(read_structure(sample_path("approved-2027")))
    >>> find[("销售部", "销售顾问")], find[("售后服务部", "质检员")]
    (['SHOW-CONS'], ['WS-QC'])
    """
    units = structure.units
    parent = dict(zip(units["unit_id"], units["parent_id"]))
    names = dict(zip(units["unit_id"], units["name"]))
    found: dict[tuple[str, str], list[str]] = {}
    for position in structure.positions.itertuples():
        unit, seen = position.unit_id, set()
        while isinstance(unit, str) and unit and unit not in seen:
            seen.add(unit)
            for key in {unit, names.get(unit, unit)}:
                found.setdefault((key, position.title), []).append(position.position_id)
            unit = parent.get(unit)
    return found


def import_hris(path: str | os.PathLike, structure: Structure, *, sheet: str | None = None) -> pd.DataFrame:
    """Read an HR system's roster export and turn it into the event log (see the module's description).

    Returns
    -------
    DataFrame
        Events as :func:`~orgplan.people.events.read_events` returns them; ``attrs["dropped"]`` and
        ``attrs["personal_data"]`` name the columns left out.

    Raises
    ------
    DataError
        Every bad cell and every row whose position cannot be found (none or several), with file, row and
        person.
    """
    frame = read_table(path, sheet=sheet, require_rows=True)
    file = str(Path(path)) if sheet is None else f"{path}[{sheet}]"
    headers = [str(c).strip() for c in frame.columns]
    mapping, problems = canonical_headers(HRIS, headers, file)
    if problems:
        raise DataError(problems, _("{file}: the header row of the HR export has problems").format(file=file))
    dropped = [h for h in headers if h not in mapping]
    typed, problems, _flagged = validate_tables({"hris": HRIS}, {"hris": frame.set_axis(headers, axis=1).rename(
        columns=mapping)[list(mapping.values())]}, {"hris": file})
    rows = typed["hris"]
    finder = position_finder(structure)
    known = set(structure.positions["position_id"])
    events: list[dict] = []
    for row in rows.itertuples():
        position = _position(row, finder, known, file, problems)
        for column in ("hired_on", "confirmed_on", "left_on"):
            value = getattr(row, column)
            if isinstance(value, str) and parse_date(value) is None:
                problems.append(Problem(file, int(row[-1]), column, value,
                                        _("a date written as YYYY-MM-DD"), "bad_date"))
        if position is None:
            continue
        kind = row.employment_type if isinstance(row.employment_type, str) else "regular"
        confirmed = row.confirmed_on if isinstance(row.confirmed_on, str) else ""
        hire_kind = "probation" if confirmed or kind == "probation" else kind
        base = {"person_id": row.person_id, "name": row.name if isinstance(row.name, str) else ""}
        events.append({**base, "date": row.hired_on, "event": "hire", "position_id": position,
                       "employment_type": hire_kind, "fte": row.fte if isinstance(row.fte, str) else ""})
        if confirmed:
            events.append({**base, "date": confirmed, "event": "confirm"})
        if isinstance(row.left_on, str):
            events.append({**base, "date": row.left_on, "event": "leave",
                           "leave_reason": row.leave_reason if isinstance(row.leave_reason, str) else ""})
    if problems:
        problems.sort(key=lambda p: p.row or 0)
        raise DataError(problems)
    table = pd.DataFrame(events, columns=["person_id", "name", "date", "event", "position_id", "employment_type",
                                          "leave_reason", "fte"]).fillna("")
    out = events_from_frame(table, file)
    out.attrs["dropped"] = dropped
    out.attrs["personal_data"] = [h for h in dropped if is_personal_data(h)]
    return out


def _position(row, finder, known: set[str], file: str, problems: list[Problem]) -> str | None:
    where = int(row[-1])
    if isinstance(row.position_id, str):
        if row.position_id in known:
            return row.position_id
        problems.append(Problem(file, where, "position_id", row.position_id, _(
            "a position_id of the structure ({person})").format(person=row.person_id), "unknown_position"))
        return None
    department = row.department if isinstance(row.department, str) else ""
    title = row.title if isinstance(row.title, str) else ""
    matches = finder.get((department, title), [])
    if len(matches) == 1:
        return matches[0]
    if not matches:
        expected = _("a position titled {title} in {department} ({person}); the structure has none").format(
            title=repr(title), department=repr(department), person=row.person_id)
        code = "no_position"
    else:
        expected = _("one position titled {title} in {department} ({person}); the structure has {count}: "
                     "{positions}; add a 职位编号 column to say which").format(
            title=repr(title), department=repr(department), person=row.person_id, count=len(matches),
            positions=_(", ").join(matches))
        code = "several_positions"
    problems.append(Problem(file, where, "title", title or None, expected, code))
    return None

