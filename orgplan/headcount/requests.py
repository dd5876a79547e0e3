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
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from orgplan.errors import DataError
from orgplan.i18n import N_, Translator
from orgplan.tables.cells import as_text, parse_date
from orgplan.tables.schema import Column, Table, canonical_headers

_ = Translator("headcount")

__all__ = ["RequestKind", "REQUESTS", "REQUEST_COLUMNS", "DECISION_COLUMNS", "KINDS", "KIND_LABELS",
           "DECISION_LABELS", "NO_APPROVAL_MARKERS", "SPECIAL_APPROVAL_FORM", "is_special_approval", "Request", "RowProblem", "read_requests", "canonical_frame", "check_rows",
           "kind_of"]


class RequestKind(enum.StrEnum):
    """What a request asks for (the ``kind`` column; 增人 / 增编 / 新设职位, Simplified or Traditional, are accepted)."""

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

#: What people read for each kind (the kind column of a table for people), read back in every language.
KIND_LABELS: dict[str, str] = {
    "hire": N_("hire"), "add_establishment": N_("add establishment"), "new_position": N_("new position"),
}

#: What people read for each decision (the decision column of a table for people), read back in every language.
DECISION_LABELS: dict[str, str] = {
    "approved": N_("approved"), "rejected": N_("rejected"),
    "needs_special_approval": N_("needs special approval"), "invalid": N_("invalid"),
}

#: Cells of ``special_approval`` that mean "no approval" rather than a reference.
NO_APPROVAL_MARKERS = frozenset({"", "-", "--", "—", "無", "无", "none", "n/a", "na", "no", "否", "沒有", "没有"})

#: The form of a GM's special approval reference: a prefix (``GM``, ``总经理特批``, ``總經理特批`` or ``特批``),
#: the year and a serial number of 1 to 4 digits, joined by ``-`` (``GM-2027-007``, ``总经理特批-2027-001``;
#: full-width characters, ``_``, ``/`` or a space also join, and ``gm`` may be lower case). Any other
#: text in ``special_approval`` (``未批准``, ``待批``, ``pending``, ``0`` …) is not a reference: the request is
#: ``invalid`` (``bad_special_approval``), never approved on it.
SPECIAL_APPROVAL_FORM = re.compile(r"(?:GM|总经理特批|總經理特批|特批)\s*[-_/ ]\s*(?:19|20)\d\d\s*[-_/ ]\s*\d{1,4}",
                                   re.IGNORECASE)

REQUESTS = Table(
    name="requests",
    id_column="request_id",
    columns=(
        Column("request_id", "id", aliases=("申请编号", "申請編號", "申请单号", "申請單號", "单号", "單號", "编号", "編號"),
               expected=N_("a request id such as '2027-04-001'"), label=N_("request id")),
        Column("date", "text", aliases=("日期", "申请日期", "申請日期"),
               expected=N_("a date written as YYYY-MM-DD"), label=N_("date")),
        Column("unit_id", "id", aliases=("部门编号", "部門編號", "申请部门", "申請部門"), weak_aliases=("部门", "部門"),
               expected=N_("the unit_id of the requesting unit"), label=N_("unit id")),
        Column("position_id", "id", aliases=("职位编号", "職位編號", "岗位编号", "崗位編號"),
               weak_aliases=("职位", "職位", "岗位", "崗位"),
               expected=N_("the position_id asked for"), label=N_("position id")),
        Column("kind", "text", aliases=("类型", "類型", "申请类型", "申請類型"),
               expected=N_("hire, add_establishment or new_position (增人, 增编, 新设职位)"), label=N_("request kind"),
               choice_labels=KIND_LABELS),
        Column("count", "text", aliases=("人数", "人數", "数量", "數量", "名额", "名額"),
               expected=N_("a whole number of 1 or more"), label=N_("count")),
        Column("reason", "text", required=False, blank_ok=True,
               aliases=("理由", "原因", "申请理由", "申請理由", "说明", "說明"), expected=N_("free text"),
               label=N_("reason")),
        Column("requested_by", "text", required=False, blank_ok=True,
               aliases=("申请人", "申請人", "提出人"), expected=N_("a name"), label=N_("requested by")),
        Column("special_approval", "text", required=False, blank_ok=True,
               aliases=("特批", "总经理特批", "總經理特批", "特批编号", "特批編號", "特批文号", "特批文號"),
               expected=N_("the GM's approval reference, e.g. GM-2027-007, or empty"),
               label=N_("special approval")),
        Column("title", "text", required=False, blank_ok=True,
               aliases=("职位名称", "職位名稱", "岗位名称", "崗位名稱"), weak_aliases=("职位", "職位", "岗位", "崗位"),
               expected=N_("the title of a new position"), label=N_("position title")),
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

_REQUIRED = ("request_id", "date", "unit_id", "position_id", "kind", "count")


class RowProblem(NamedTuple):
    """A problem of one row: its reason code and the phrase for the message, in the language in force."""

    code: str
    text: str


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
        raise DataError(problems, _("{file}: the requests table's header row has problems").format(file=file))
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
    kinds = [kind_of(cell) for cell in cells["kind"].tolist()]
    numbers = pd.to_numeric(cells["count"].where(cells["count"] != ""), errors="coerce").to_numpy(
        dtype=float, na_value=np.nan)
    whole = np.isfinite(numbers) & (numbers >= 1) & (numbers == np.floor(numbers)) & (numbers < 2**31)
    counts = np.where(whole, numbers, 0).astype(np.int64).tolist()
    approval_cells = cells["special_approval"].tolist()
    approved = [is_special_approval(cell) for cell in approval_cells]

    first_use: dict[str, int] = {}  # request_id → the index of the row that used it first
    checked = []
    for i, (row, *values) in enumerate(zip(rows, *(cells[name].tolist() for name in REQUEST_COLUMNS))):
        text = dict(zip(REQUEST_COLUMNS, values))
        request_id, date_cell, kind_cell, count_cell = (text["request_id"], text["date"], text["kind"],
                                                        text["count"])
        problems = [RowProblem("missing_value", _("{column} is empty").format(column=_column_label(name)))
                    for name in _REQUIRED if not text[name]]
        if date_cell and days[i] is None:
            problems.append(RowProblem("bad_date", _(
                "date '{value}' is not a date; write it as YYYY-MM-DD (e.g. 2027-04-03)").format(value=date_cell)))
        if kind_cell and not kinds[i]:
            problems.append(RowProblem("unknown_kind", _(
                "kind '{value}' is not hire, add_establishment or new_position").format(value=kind_cell)))
        if count_cell and not counts[i]:
            problems.append(RowProblem("bad_count", _("count '{value}' is not a whole number of 1 or more").format(
                value=count_cell)))
        if not approved[i] and approval_cells[i].lower() not in NO_APPROVAL_MARKERS:
            problems.append(RowProblem("bad_special_approval", _(
                "special approval '{value}' is not a GM approval reference; write the reference the GM gave, "
                "such as GM-2027-007 or 总经理特批-2027-007, or leave the cell empty").format(
                value=approval_cells[i])))
        first = first_use.setdefault(request_id, i) if request_id else i
        repeats_row = rows[first] if first != i else None
        if repeats_row is not None:
            problems.append(RowProblem("duplicate_request_id", _(
                "request_id '{value}' is already used on row {row}; give every request its own id").format(
                value=request_id, row=repeats_row)))
        checked.append(Request(
            row=row, request_id=request_id, date_cell=date_cell, day=days[i], date=shown[date_cell], kind=kinds[i] or kind_cell,
            count_cell=count_cell, count=counts[i], unit_id=text["unit_id"], position_id=text["position_id"],
            special_approval=text["special_approval"] if approved[i] else "", requested_by=text["requested_by"],
            reason=text["reason"], title=text["title"],
            problems=tuple(problems), repeats_row=repeats_row))
    return checked


def is_special_approval(cell: str) -> bool:
    """Whether a ``special_approval`` cell is a GM approval reference of the stated form (:data:`SPECIAL_APPROVAL_FORM`).

    Examples
    --------
    >>> [is_special_approval(c) for c in ("GM-2027-007", "总经理特批-2027-001", "ＧＭ－２０２７－００７")]
    [True, True, True]
    >>> [is_special_approval(c) for c in ("未批准", "待批", "pending", "0", "", "GM", "GM-27-1")]
    [False, False, False, False, False, False, False]
    """
    return SPECIAL_APPROVAL_FORM.fullmatch(unicodedata.normalize("NFKC", str(cell)).strip()) is not None


def kind_of(cell: str) -> str:
    """The kind a cell means (``hire``, ``add_establishment``, ``new_position``), ``""`` when none.

    Any language's words are accepted: the codes, 增人 / 增编 / 新设职位 in
    Simplified or Traditional characters, the English labels.

    Examples
    --------
    >>> kind_of("增編"), kind_of("新设职位"), kind_of("Add  establishment"), kind_of("fire")
    ('add_establishment', 'new_position', 'add_establishment', '')
    """
    return _kind_words().get(re.sub(r"\s+", " ", str(cell).strip().lower()), "")


@lru_cache(maxsize=1)
def _kind_words() -> dict[str, str]:
    words = {text.lower(): code for text, code in REQUESTS.column("kind").choice_words().items()}
    return {**words, **KINDS}


def _column_label(name: str) -> str:
    """A column as a message names it: its label in the language in force, and its code (``人数（count）``)."""
    label = _(REQUESTS.column(name).label)
    return name if label.replace(" ", "_") == name else _("{label} ({column})").format(label=label, column=name)


def _text(column: pd.Series) -> pd.Series:
    """Cells as stripped text, ``""`` for missing ones (numbers and dates from a workbook written out)."""
    if column.dtype == object or not pd.api.types.is_string_dtype(column):
        column = column.map(as_text, na_action=None)
    return column.astype("str").fillna("").str.strip()
