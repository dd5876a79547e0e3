"""Reading a batch of headcount requests and checking each row on its own.

Private helpers of :mod:`orgplan.headcount`. A batch is a table with the
columns of :data:`REQUESTS` (English or Chinese headers). Header problems
(a required column missing, a column given twice) make the batch unreadable
and raise :class:`~orgplan.errors.DataError`; problems of single rows (a bad
date, a count of 0, an unknown unit …) do not: they become ``invalid``
decisions, so one bad row never holds up the rest of the month's batch.

Everything here works on whole columns at once (no Python loop per row).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from orgplan._schema import Column, Table, _as_text, canonical_headers
from orgplan.errors import DataError, Problem

__all__ = ["REQUESTS", "KINDS", "KIND_CODES", "Prepared", "read_request_table", "canonical_frame", "prepare",
           "flag_rows", "NO_APPROVAL_MARKERS"]

#: Request kinds, in code order (``hire`` = 0 …); the spellings users write for each.
KINDS: dict[str, str] = {
    "hire": "hire", "增人": "hire", "招聘": "hire", "補員": "hire", "补员": "hire",
    "add_establishment": "add_establishment", "add establishment": "add_establishment",
    "增編": "add_establishment", "增编": "add_establishment",
    "增加編制": "add_establishment", "增加编制": "add_establishment",
    "new_position": "new_position", "new position": "new_position",
    "新設職位": "new_position", "新设职位": "new_position", "新增職位": "new_position",
    "新增职位": "new_position", "新崗位": "new_position", "新岗位": "new_position",
}
KIND_CODES = ("hire", "add_establishment", "new_position")

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
        Column("unit_id", "id", aliases=("部門", "部门", "部門編號", "部门编号", "申請部門", "申请部门"),
               expected="the unit_id of the requesting unit"),
        Column("position_id", "id", aliases=("職位編號", "职位编号", "崗位編號", "岗位编号", "職位", "职位", "崗位", "岗位"),
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
               aliases=("職位名稱", "职位名称", "崗位名稱", "岗位名称"),
               expected="the title of a new position"),
    ),
)

_CJK = r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"


def read_request_table(path: str | os.PathLike) -> tuple[pd.DataFrame, str]:
    """Read a requests file (``.csv`` in UTF-8/BOM/GBK, or ``.xlsx``) as text cells.

    Returns the table and the file name to use in messages.
    """
    from orgplan.io import read_table

    path = Path(path)
    return read_table(path), str(path)


def canonical_frame(frame: pd.DataFrame, file: str) -> pd.DataFrame:
    """Rename headers to the canonical names; raise :class:`DataError` for header problems."""
    headers = [str(c).strip() for c in frame.columns]
    mapping, problems = canonical_headers(REQUESTS, headers, file)
    if problems:
        raise DataError(problems, f"{file}: the requests table's header row has problems")
    renamed = frame.set_axis(headers, axis=1).rename(columns=mapping)
    return renamed[list(mapping.values())]


@dataclass(frozen=True)
class Prepared:
    """A batch after each row was checked on its own, as whole columns (file order)."""

    file: str
    row: np.ndarray            # spreadsheet row of each request
    text: pd.DataFrame         # the canonical columns as stripped text ("" when empty)
    date: np.ndarray           # datetime64[D]; NaT when missing or bad
    kind: np.ndarray           # 0 hire, 1 add_establishment, 2 new_position, -1 unknown
    count: np.ndarray          # int64; 0 when bad
    has_approval: np.ndarray   # bool: a special approval reference is given
    chinese: np.ndarray        # bool: write this row's messages in Chinese
    problem: np.ndarray        # object: first problem's reason code, None when the row is fine
    detail: np.ndarray         # object: the row's problems in words (English), "" when fine
    detail_zh: np.ndarray      # object: the same in Chinese
    first_row: np.ndarray      # for a repeated request_id, the row where it was first used; 0 otherwise
    fingerprint: np.ndarray    # object: what identifies the request's content, for re-runs

    def __len__(self) -> int:
        return len(self.row)


def prepare(frame: pd.DataFrame, file: str, *, rows: np.ndarray | None = None) -> Prepared:
    """Check every row of a canonical requests table on its own (no structure needed).

    ``rows`` are the spreadsheet rows (default: header is row 1, data from row 2).
    """
    n = len(frame)
    row = np.arange(n, dtype=np.int64) + 2 if rows is None else np.asarray(rows, dtype=np.int64)
    text = pd.DataFrame({c.name: _text(frame[c.name] if c.name in frame.columns else None, n)
                         for c in REQUESTS.columns})
    problem = np.full(n, None, dtype=object)
    detail = np.full(n, "", dtype=object)
    detail_zh = np.full(n, "", dtype=object)

    def flag(mask: np.ndarray, code: str, english, chinese) -> None:
        flag_rows(problem, detail, detail_zh, mask, code, english, chinese)

    # required cells
    for name, zh in (("request_id", "申請編號"), ("date", "日期"), ("unit_id", "部門"), ("position_id", "職位"),
                     ("kind", "類型"), ("count", "人數")):
        blank = (text[name] == "").to_numpy(dtype=bool)
        flag(blank, "missing_value", f"{name} is empty", f"{zh}（{name}）未填寫")

    # date
    date_text = text["date"]
    date = _on_unique(date_text, _parse_dates)
    bad_date = (date_text != "").to_numpy(dtype=bool) & np.isnat(date)
    flag(bad_date, "bad_date",
         lambda w: "date " + _quoted(date_text, w) + " is not a date; write it as YYYY-MM-DD (e.g. 2027-04-03)",
         lambda w: "日期「" + _cells(date_text, w) + "」無法識別，請寫成 YYYY-MM-DD（如 2027-04-03）")

    # kind
    kind_text = text["kind"]
    canonical_kind = pd.Series(_on_unique(kind_text, lambda u: u.str.lower().str.replace(r"\s+", " ", regex=True)
                                          .map(KINDS).fillna("").to_numpy(dtype=object)), dtype="str")
    kind = pd.Index(KIND_CODES).get_indexer(canonical_kind.to_numpy(dtype=object)).astype(np.int8)
    bad_kind = (kind_text != "").to_numpy(dtype=bool) & (kind < 0)
    flag(bad_kind, "unknown_kind",
         lambda w: "kind " + _quoted(kind_text, w) + " is not hire, add_establishment or new_position",
         lambda w: "類型「" + _cells(kind_text, w) + "」不是增人（hire）、增編（add_establishment）或新設職位（new_position）")

    # count
    count_text = text["count"]
    numbers = _on_unique(count_text, lambda u: pd.to_numeric(u.where(u != ""), errors="coerce")
                         .to_numpy(dtype=float, na_value=np.nan))
    good_count = np.isfinite(numbers) & (numbers >= 1) & (numbers == np.floor(numbers)) & (numbers < 2**31)
    bad_count = (count_text != "").to_numpy(dtype=bool) & ~good_count
    flag(bad_count, "bad_count",
         lambda w: "count " + _quoted(count_text, w) + " is not a whole number of 1 or more",
         lambda w: "人數「" + _cells(count_text, w) + "」不是 1 或以上的整數")
    count = np.where(good_count, numbers, 0).astype(np.int64)

    # repeated request ids: the first use keeps the id
    ids = text["request_id"]
    present = (ids != "").to_numpy(dtype=bool)
    repeated = present & ids.duplicated(keep="first").to_numpy(dtype=bool)
    first_row = np.zeros(n, dtype=np.int64)
    if repeated.any():
        codes, _ = pd.factorize(ids)
        first_of_code = np.full(codes.max() + 1, 0, dtype=np.int64)
        firsts = present & ~repeated
        first_of_code[codes[firsts]] = row[firsts]
        first_row[repeated] = first_of_code[codes[repeated]]
        first_text = first_row.astype(str).astype(object)
        flag(repeated, "duplicate_request_id",
             lambda w: ("request_id " + _quoted(ids, w) + " is already used on row " + first_text[w]
                        + "; give every request its own id"),
             lambda w: "申請編號「" + _cells(ids, w) + "」已在第 " + first_text[w] + " 行使用，每筆申請須有自己的編號")

    approval = text["special_approval"]
    has_approval = _on_unique(approval, lambda u: ~u.str.lower().isin(NO_APPROVAL_MARKERS).to_numpy(dtype=bool))
    text["special_approval"] = approval.where(has_approval, "")
    chinese = (_on_unique(text["reason"], _has_chinese) | _on_unique(text["requested_by"], _has_chinese))
    canonical_kind_text = canonical_kind.where(canonical_kind != "", kind_text)
    fingerprint = (date_text + "|" + text["unit_id"] + "|" + text["position_id"] + "|" + canonical_kind_text + "|"
                   + count_text + "|" + text["special_approval"]).to_numpy(dtype=object)
    return Prepared(file, row, text, date, kind, count, has_approval, chinese, problem, detail, detail_zh,
                    first_row, fingerprint)



def flag_rows(problem: np.ndarray, detail: np.ndarray, detail_zh: np.ndarray, mask: np.ndarray, code: str,
              english, chinese) -> None:
    """Record a problem on the rows of ``mask`` (in place).

    ``problem`` keeps the first reason code of each row; ``detail`` and
    ``detail_zh`` collect every problem in words. ``english``/``chinese`` are
    a phrase, or a function of the rows' positions returning one per row.
    """
    if not mask.any():
        return
    first = mask & (problem == None)  # noqa: E711 - elementwise on an object array
    problem[first] = code
    where = np.flatnonzero(mask)
    for target, words, sep in ((detail, english, "; "), (detail_zh, chinese, "；")):
        words = words(where) if callable(words) else np.full(where.size, words, dtype=object)
        existing = target[where]
        target[where] = np.where(existing == "", words, existing + sep + words)


def _text(column: pd.Series | None, n: int) -> pd.Series:
    """Cells as stripped text in pandas' string dtype, ``""`` when empty."""
    if column is None:
        return pd.Series([""] * n, dtype="str")
    if column.dtype == object or not pd.api.types.is_string_dtype(column):
        column = column.map(_as_text, na_action=None).astype("str")
    return column.fillna("").str.strip().reset_index(drop=True)


def _on_unique(values: pd.Series, compute) -> np.ndarray:
    """``compute`` on the distinct values only, spread back to every row (dates, kinds, counts repeat a lot)."""
    codes, uniques = pd.factorize(values.to_numpy(dtype=object))
    if len(uniques) == 0:
        return np.asarray(compute(pd.Series([], dtype="str")))
    return np.asarray(compute(pd.Series(uniques, dtype="str")))[codes]


def _has_chinese(values: pd.Series) -> np.ndarray:
    return values.str.contains(_CJK, regex=True).to_numpy(dtype=bool)


def _cells(values: pd.Series, where: np.ndarray) -> np.ndarray:
    return values.to_numpy(dtype=object)[where]


def _quoted(values: pd.Series, where: np.ndarray) -> np.ndarray:
    return np.array([repr(v) for v in _cells(values, where)], dtype=object)


def _parse_dates(text: pd.Series) -> np.ndarray:
    """``YYYY-MM-DD`` (also ``/`` or ``.`` separators, ``2027年4月3日``, Excel's ``… 00:00:00``) → datetime64[D]."""
    cleaned = (text.str.replace(r"[/.]", "-", regex=True)
               .str.replace(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$", r"\1-\2-\3", regex=True)
               .str.replace(r"[ T]00:00(:00)?$", "", regex=True))
    parsed = pd.to_datetime(cleaned.where(cleaned.str.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}")), format="%Y-%m-%d",
                            errors="coerce")
    return parsed.to_numpy(dtype="datetime64[D]")
