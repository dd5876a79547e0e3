"""Reading a batch of headcount requests and checking each row on its own.

A batch is a table with the columns of :data:`REQUESTS` (English or Chinese
headers). Header problems (a required column missing, a column given twice)
make the batch unreadable and raise :class:`~orgplan.errors.DataError`.
Problems of single rows (a bad date, a count of 0, a repeated id …) do not:
:func:`check_rows` notes them on the row, which is then decided ``invalid``,
so one bad row never holds up the rest of the month's batch.
"""

from __future__ import annotations

import datetime as _dt
import enum
import os
import re
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from orgplan.tables.cells import as_text, parse_date
from orgplan.tables.schema import Column, Table, canonical_headers
from orgplan.errors import DataError

__all__ = ["RequestKind", "REQUESTS", "REQUEST_COLUMNS", "DECISION_COLUMNS", "KINDS", "NO_APPROVAL_MARKERS",
           "Request", "RowProblem", "read_requests", "canonical_frame", "check_rows"]


class RequestKind(enum.StrEnum):
    """What a request asks for (the ``kind`` column; Chinese 增人 / 增編 / 新設職位 are accepted)."""

    HIRE = "hire"
    """增人: fill seats of an existing position."""
    ADD_ESTABLISHMENT = "add_establishment"
    """增編: raise a position's approved headcount."""
    NEW_POSITION = "new_position"
    """新設職位: create a position with ``count`` approved seats."""


#: The spellings users write for each kind (compared in lower case, runs of spaces as one).
KINDS: dict[str, str] = {
    "hire": "hire", "增人": "hire", "招聘": "hire", "補員": "hire", "补员": "hire",
    "add_establishment": "add_establishment", "add establishment": "add_establishment",
    "增編": "add_establishment", "增编": "add_establishment",
    "增加編制": "add_establishment", "增加编制": "add_establishment",
    "new_position": "new_position", "new position": "new_position",
    "新設職位": "new_position", "新设职位": "new_position", "新增職位": "new_position",
    "新增职位": "new_position", "新崗位": "new_position", "新岗位": "new_position",
}

#: Cells of ``special_approval`` that mean "no approval" rather than a reference.
NO_APPROVAL_MARKERS = frozenset({"", "-", "--", "—", "無", "无", "none", "n/a", "na", "no", "否", "沒有", "没有"})

REQUESTS = Table(
    name="requests",
    id_column="request_id",
    columns=(
        Column("request_id", "id", aliases=("申請編號", "申请编号", "申請單號", "申请单号", "單號", "单号", "編號", "编号"),
               expected="a request id such as '2027-04-001'"),
        Column("date", "text", aliases=("日期", "申請日期", "申请日期"),
               expected="a date written as YYYY-MM-DD"),
        Column("unit_id", "id", aliases=("部門編號", "部门编号", "申請部門", "申请部门"), weak_aliases=("部門", "部门"),
               expected="the unit_id of the requesting unit"),
        Column("position_id", "id", aliases=("職位編號", "职位编号", "崗位編號", "岗位编号"),
               weak_aliases=("職位", "职位", "崗位", "岗位"),
               expected="the position_id asked for"),
        Column("kind", "text", aliases=("類型", "类型", "申請類型", "申请类型"),
               expected="hire, add_establishment or new_position (增人, 增編, 新設職位)"),
        Column("count", "text", aliases=("人數", "人数", "數量", "数量", "名額", "名额"),
               expected="a whole number of 1 or more"),
        Column("reason", "text", required=False, blank_ok=True,
               aliases=("理由", "原因", "申請理由", "申请理由", "說明", "说明"), expected="free text"),
        Column("requested_by", "text", required=False, blank_ok=True,
               aliases=("申請人", "申请人", "提出人"), expected="a name"),
        Column("special_approval", "text", required=False, blank_ok=True,
               aliases=("特批", "總經理特批", "总经理特批", "特批編號", "特批编号", "特批文號", "特批文号"),
               expected="the GM's approval reference, e.g. GM-2027-007, or empty"),
        Column("title", "text", required=False, blank_ok=True,
               aliases=("職位名稱", "职位名称", "崗位名稱", "岗位名称"), weak_aliases=("職位", "职位", "崗位", "岗位"),
               expected="the title of a new position"),
    ),
)

#: Columns of a requests table (``reason, requested_by, special_approval, title`` may be left out).
REQUEST_COLUMNS: tuple[str, ...] = tuple(c.name for c in REQUESTS.columns)

#: Columns of the decisions table, in order.
DECISION_COLUMNS: tuple[str, ...] = (
    "request_id", "decision", "reason_code", "message", "vacancy_before", "vacancy_after",
    "over_establishment", "date", "unit_id", "position_id", "title", "kind", "count", "special_approval",
    "requested_by", "reason", "row", "recorded_earlier",
)

_REQUIRED = (("request_id", "申請編號"), ("date", "日期"), ("unit_id", "部門"), ("position_id", "職位"),
             ("kind", "類型"), ("count", "人數"))
_CJK = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


class RowProblem(NamedTuple):
    """A problem of one row: its reason code and the phrase for the message, in English and Chinese."""

    code: str
    english: str
    chinese: str


class Request(NamedTuple):
    """One row of a batch, its cells stripped, after the checks that need no structure."""

    row: int                 # the row a spreadsheet shows (header = row 1)
    request_id: str
    date_cell: str           # as written
    day: _dt.date | None     # None when missing or not a date
    date: str                # as the decisions table shows it: YYYY-MM-DD, or the cell when it is not a date
    kind: str                # hire, add_establishment, new_position; as written when unknown
    count_cell: str          # as written
    count: int               # 0 when not a whole number of 1 or more
    unit_id: str
    position_id: str
    special_approval: str    # the GM's reference, "" when none
    requested_by: str
    reason: str
    title: str
    chinese: bool            # write this request's messages in Chinese
    problems: tuple[RowProblem, ...]
    repeats_row: int | None  # the row that used this request_id first; None when this is that row

    @property
    def fingerprint(self) -> str:
        """What identifies the request's content (a re-run with the same content is the same request)."""
        return "|".join((self.date_cell, self.unit_id, self.position_id, self.kind, self.count_cell,
                         self.special_approval))


def read_requests(path: str | os.PathLike) -> pd.DataFrame:
    """Read a requests file (``.csv`` UTF-8, UTF-8 with BOM or GBK; or ``.xlsx``).

    Headers may be English (:data:`REQUEST_COLUMNS`) or Chinese (申請編號,
    日期, 部門, 職位, 類型, 人數, 理由, 申請人, 特批 …). Cells come back as
    text; they are checked when the batch is decided, so a bad cell becomes
    an ``invalid`` decision rather than an error.

    Returns
    -------
    DataFrame
        :data:`REQUEST_COLUMNS` as text, plus ``row``: the row a spreadsheet
        shows (the header is row 1).

    Raises
    ------
    FileNotFoundError
        If there is no such file.
    DataError
        If the file cannot be read (empty, not CSV/Excel, broken) or a
        required column is missing; the message names the file and column.

    Examples
    --------
    >>> from orgplan import sample_path
    >>> requests = read_requests(sample_path("requests-2027-04.csv"))
    >>> requests.loc[0, ["request_id", "unit_id", "position_id", "kind", "count"]].tolist()
    ['2027-04-001', 'SALES-SHOW', 'SHOW-CONS', 'hire', '1']
    """
    from orgplan.tables.io import read_table

    file = str(Path(path))
    frame = canonical_frame(read_table(path), file)  # a header-only file is a month without requests
    out = pd.DataFrame({c: frame[c] if c in frame.columns else pd.Series([""] * len(frame), dtype="str")
                        for c in REQUEST_COLUMNS})
    out["row"] = np.arange(len(out), dtype=np.int64) + 2
    out.attrs["file"] = file
    return out


def canonical_frame(frame: pd.DataFrame, file: str) -> pd.DataFrame:
    """The requests' columns under their canonical names; :class:`DataError` for header problems."""
    headers = [str(c).strip() for c in frame.columns]
    mapping, problems = canonical_headers(REQUESTS, headers, file)
    if problems:
        raise DataError(problems, f"{file}: the requests table's header row has problems")
    renamed = frame.set_axis(headers, axis=1).rename(columns=mapping)
    return renamed[list(mapping.values())]


def check_rows(frame: pd.DataFrame, rows: np.ndarray | None = None) -> list[Request]:
    """Check every row of a canonical requests table on its own (no structure needed), in file order.

    ``rows`` are the spreadsheet rows (default: the header is row 1, data from row 2).
    """
    n = len(frame)
    rows = range(2, n + 2) if rows is None else [int(r) for r in rows]
    cells = {name: _text(frame[name]) if name in frame.columns else pd.Series([""] * n, dtype="str")
             for name in REQUEST_COLUMNS}
    dates = cells["date"].tolist()
    parsed = {cell: parse_date(cell) for cell in set(dates)}  # a month has a few dozen distinct dates
    shown = {cell: cell if day is None else day.isoformat() for cell, day in parsed.items()}
    days = [parsed[cell] for cell in dates]
    kinds = cells["kind"].str.lower().str.replace(r"\s+", " ", regex=True).map(KINDS).fillna("").tolist()
    numbers = pd.to_numeric(cells["count"].where(cells["count"] != ""), errors="coerce").to_numpy(
        dtype=float, na_value=np.nan)
    whole = np.isfinite(numbers) & (numbers >= 1) & (numbers == np.floor(numbers)) & (numbers < 2**31)
    counts = np.where(whole, numbers, 0).astype(np.int64).tolist()
    approved = (~cells["special_approval"].str.lower().isin(NO_APPROVAL_MARKERS)).tolist()

    first_use: dict[str, int] = {}  # request_id → the index of the row that used it first
    checked = []
    for i, (row, *values) in enumerate(zip(rows, *(cells[name].tolist() for name in REQUEST_COLUMNS))):
        text = dict(zip(REQUEST_COLUMNS, values))
        request_id, date_cell, kind_cell, count_cell = (text["request_id"], text["date"], text["kind"],
                                                        text["count"])
        problems = [RowProblem("missing_value", f"{name} is empty", f"{chinese}（{name}）未填寫")
                    for name, chinese in _REQUIRED if not text[name]]
        if date_cell and days[i] is None:
            problems.append(RowProblem(
                "bad_date", f"date {date_cell!r} is not a date; write it as YYYY-MM-DD (e.g. 2027-04-03)",
                f"日期「{date_cell}」無法識別，請寫成 YYYY-MM-DD（如 2027-04-03）"))
        if kind_cell and not kinds[i]:
            problems.append(RowProblem(
                "unknown_kind", f"kind {kind_cell!r} is not hire, add_establishment or new_position",
                f"類型「{kind_cell}」不是增人（hire）、增編（add_establishment）或新設職位（new_position）"))
        if count_cell and not counts[i]:
            problems.append(RowProblem("bad_count", f"count {count_cell!r} is not a whole number of 1 or more",
                                       f"人數「{count_cell}」不是 1 或以上的整數"))
        first = first_use.setdefault(request_id, i) if request_id else i
        repeats_row = rows[first] if first != i else None
        if repeats_row is not None:
            problems.append(RowProblem(
                "duplicate_request_id",
                f"request_id {request_id!r} is already used on row {repeats_row}; give every request its own id",
                f"申請編號「{request_id}」已在第 {repeats_row} 行使用，每筆申請須有自己的編號"))
        checked.append(Request(
            row=row, request_id=request_id, date_cell=date_cell, day=days[i], date=shown[date_cell], kind=kinds[i] or kind_cell,
            count_cell=count_cell, count=counts[i], unit_id=text["unit_id"], position_id=text["position_id"],
            special_approval=text["special_approval"] if approved[i] else "", requested_by=text["requested_by"],
            reason=text["reason"], title=text["title"],
            chinese=bool(_CJK.search(text["requested_by"]) or _CJK.search(text["reason"])),
            problems=tuple(problems), repeats_row=repeats_row))
    return checked


def _text(column: pd.Series) -> pd.Series:
    """Cells as stripped text, ``""`` for missing ones (numbers and dates from a workbook written out)."""
    if column.dtype == object or not pd.api.types.is_string_dtype(column):
        column = column.map(as_text, na_action=None)
    return column.astype("str").fillna("").str.strip()
