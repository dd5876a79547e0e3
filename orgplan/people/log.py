"""Adding events to a people log file: the hires that ``orgplan requests fill`` records.

The file keeps its own headers and language: the new rows are written in the words its rows already use
(入职 / 试用 in a Chinese log, ``hire`` / ``probation`` in an English one), and the file is written atomically.

Examples
--------
>>> import tempfile, pathlib
>>> from orgplan.people.events import read_events
>>> path = pathlib.Path(tempfile.mkdtemp()) / "people.csv"
>>> _ = path.write_text("工号,姓名,日期,事件,职位编号,用工形式\\nE1,王一,2027-01-04,入职,GM,正式\\n", encoding="utf-8")
>>> append_events(path, hire_events(["E2:李二"], "2027-05-06", "GM", note="申请 R1"))
PosixPath('...people.csv')
>>> read_events(path)[["person_id", "name", "event", "employment_type"]].values.tolist()
[['E1', '王一', 'hire', 'regular'], ['E2', '李二', 'hire', 'probation']]
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Sequence

import pandas as pd

from orgplan.errors import ChangeError, DataError, ParameterError
from orgplan.i18n import Translator
from orgplan.tables.io import read_table, read_workbook, write_table, write_workbook
from orgplan.tables.schema import canonical_headers

from orgplan.people.events import events_from_frame, parse_day
from orgplan.people.roster import roster_on
from orgplan.people.tables import EVENTS

_ = Translator("people")

__all__ = ["hire_events", "append_events", "check_hires"]

_CHINESE = {"hire": "入职", "confirm": "转正", "transfer": "调岗", "promote": "晋升", "leave": "离职",
            "regular": "正式", "probation": "试用", "dispatched": "劳务派遣", "intern": "实习", "retiree": "退休返聘",
            "voluntary": "主动", "involuntary": "被动"}


def hire_events(people: Sequence[str], date: Any, position_id: str, *, employment_type: str = "probation",
                note: str = "") -> pd.DataFrame:
    """Hire events of ``people`` (each ``工号`` or ``工号:姓名``) into one position on one date.

    Examples
    --------
    >>> hire_events(["E7:王一"], "2027-05-06", "GM")[["person_id", "name", "event"]].values.tolist()
    [['E7', '王一', 'hire']]
    """
    day = parse_day(date, "date").date().isoformat()
    rows = []
    for text in people:
        person_id, _sep, name = str(text).partition(":")
        if not person_id.strip():
            raise ParameterError(_("Each person is written as 工号 or 工号:姓名; got {value!r}.").format(value=text))
        rows.append({"person_id": person_id.strip(), "name": name.strip(), "date": day, "event": "hire",
                     "position_id": position_id, "employment_type": employment_type, "note": note})
    return pd.DataFrame(rows)


def append_events(path: str | os.PathLike, new: pd.DataFrame) -> Path:
    """Append events (canonical columns and codes) to a people log file, after checking they fit.

    Raises
    ------
    ChangeError
        If a hired person is already in post on that date (nothing is written).
    DataError
        If the file or the new rows have bad cells (nothing is written).
    """
    path = Path(path)
    sheets, sheet = _sheets(path)
    frame = sheets[sheet] if sheets else read_table(path)
    headers = [str(c).strip() for c in frame.columns]
    mapping, problems = canonical_headers(EVENTS, headers, str(path))
    if problems:
        raise DataError(problems)
    check_hires(events_from_frame(frame, str(path)), new)
    chinese = any(not str(v).isascii() for v in frame[next(h for h, c in mapping.items() if c == "event")])
    header_of = {column: header for header, column in mapping.items()}
    for column in new.columns:
        if column not in header_of and column in EVENTS.column_names and new[column].astype(bool).any():
            aliases = [a for a in EVENTS.column(column).aliases if not a.isascii()]
            header_of[column] = aliases[0] if chinese and aliases else column
            headers.append(header_of[column])
            frame[header_of[column]] = ""

    rows = []
    for record in new.to_dict("records"):
        row = {h: "" for h in headers}
        for column, value in record.items():
            if column not in header_of or value is None or (isinstance(value, float) and pd.isna(value)):
                continue
            row[header_of[column]] = _CHINESE.get(value, value) if chinese else value
        rows.append(row)
    added = pd.DataFrame(rows, columns=headers)
    combined = pd.concat([frame, added[headers]], ignore_index=True)
    events_from_frame(combined, str(path))  # every cell still reads back
    if sheets:  # a workbook keeps its other sheets
        return write_workbook({**sheets, sheet: combined}, path)
    return write_table(combined, path)


def _sheets(path: Path) -> tuple[dict[str, pd.DataFrame], str]:
    """A workbook's sheets and the people sheet's name (人事异动 / people …, else the first); none for a CSV."""
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return {}, ""
    sheets = read_workbook(path)
    named = [s for s in sheets if s in EVENTS.sheet_aliases]
    return sheets, named[0] if named else next(iter(sheets))


def check_hires(existing: pd.DataFrame | str | os.PathLike, new: pd.DataFrame) -> None:
    """Refuse hires of people already in post on their date (:class:`ChangeError`; nothing is written).

    ``existing`` is the log (events, or the path of its file).
    """
    if not isinstance(existing, pd.DataFrame):
        from orgplan.people.events import read_events

        existing = read_events(existing)
    for hire in new[new["event"] == "hire"].itertuples():
        roster = roster_on(existing, hire.date)
        if hire.person_id in set(roster["person_id"]):
            raise ChangeError(_("{person} is already in post on {date}; nothing was recorded.").format(
                person=hire.person_id, date=hire.date))
