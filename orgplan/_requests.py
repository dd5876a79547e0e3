"""Reading a batch of headcount requests and checking each row on its own.

Private helpers of :mod:`orgplan.headcount`. A batch is a table with the
columns of :data:`REQUESTS` (English or Chinese headers). Header problems
(a required column missing, a column given twice) make the batch unreadable
and raise :class:`~orgplan.errors.DataError`; problems of single rows (a bad
date, a count of 0, an unknown unit …) do not: they become ``invalid``
decisions, so one bad row never holds up the rest of the month's batch.

Everything here works on whole columns at once, as Apache Arrow string
arrays: a column with few distinct values (dates, kinds, counts, special
approval references, names) is dictionary-encoded and each check runs once
per distinct value, then spreads to the rows through the codes. Only the rows
that have a problem get per-row work (their messages), and they are few.
"""

from __future__ import annotations

import functools
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from orgplan.tables.schema import Column, Table, canonical_headers
from orgplan.tables.cells import as_text as _as_text
from orgplan.errors import DataError, Problem

__all__ = ["REQUESTS", "KINDS", "KIND_CODES", "NO_APPROVAL_MARKERS", "ROW_PROBLEMS", "Coded", "RowProblems",
           "Prepared", "read_request_table", "canonical_frame", "prepare", "arrow_text", "strip_text", "str_array",
           "take", "text_offsets", "is_empty", "empty_text", "as_text_array", "cell_texts", "quoted_cells",
           "in_parallel", "PARALLEL_ROWS"]

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

_CJK = "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"  # the characters themselves: RE2 has no \u escapes

#: Reason codes of the problems a row can have on its own or against the structure, in the order
#: they are looked for (the first one found is the row's ``reason_code``).
ROW_PROBLEMS = ("missing_value", "bad_date", "unknown_kind", "bad_count", "duplicate_request_id", "unknown_unit",
                "request_id_reused")

#: The Arrow type of every text column: ``string`` (32-bit offsets), whose ``take`` and concatenation are several
#: times faster than ``large_string``'s; a column is at most a file's worth of text, far below its 2 GiB limit.
TEXT = pa.string()
try:
    _STR_DTYPE = pd.StringDtype("pyarrow", na_value=np.nan)  # pandas' default ``str`` dtype (pandas >= 2.3)
except TypeError:  # pragma: no cover - older pandas: the nullable Arrow string dtype
    _STR_DTYPE = pd.StringDtype("pyarrow")


def read_request_table(path: str | os.PathLike) -> tuple[pd.DataFrame, str]:
    """Read a requests file (``.csv`` in UTF-8/BOM/GBK, or ``.xlsx``) as text cells.

    Returns the table and the file name to use in messages.
    """
    from orgplan.tables.io import read_table

    path = Path(path)
    return read_table(path), str(path)  # a header-only file is a month without requests, not an error


def canonical_frame(frame: pd.DataFrame, file: str) -> pd.DataFrame:
    """Rename headers to the canonical names; raise :class:`DataError` for header problems."""
    headers = [str(c).strip() for c in frame.columns]
    mapping, problems = canonical_headers(REQUESTS, headers, file)
    if problems:
        raise DataError(problems, f"{file}: the requests table's header row has problems")
    renamed = frame.set_axis(headers, axis=1).rename(columns=mapping)
    return renamed[list(mapping.values())]


#: From this many requests on, the columns are prepared (and decided, see :mod:`orgplan._decide`) on two cores.
PARALLEL_ROWS = 50_000


def in_parallel(jobs: dict, *, parallel: bool) -> dict:
    """``{name: job()}``; with ``parallel``, on two threads.

    The jobs are Arrow and numpy kernels, which release the GIL, so the two
    threads use two cores.
    """
    if not parallel or (os.cpu_count() or 1) < 2:
        return {name: job() for name, job in jobs.items()}
    with ThreadPoolExecutor(max_workers=2) as pool:
        done = {name: pool.submit(job) for name, job in jobs.items()}
        return {name: future.result() for name, future in done.items()}


# ------------------------------------------------------------------ arrow text
def empty_text(n: int) -> pa.Array:
    """``n`` empty strings, without building ``n`` Python objects."""
    return pa.StringArray.from_buffers(n, pa.py_buffer(np.zeros(n + 1, dtype=np.int32)), pa.py_buffer(b""))


def as_text_array(values) -> pa.Array:
    """Python strings (a list or an object array without missing values) as one Arrow text array."""
    return pa.array(values, type=TEXT)


def arrow_text(column: pd.Series | None, n: int, text_type: pa.DataType = TEXT) -> pa.Array:
    """Cells as one Arrow text array of ``text_type``, as they are: not stripped, missing cells null.

    A column in pandas' Arrow-backed string dtype (what :func:`read_requests`
    and ``pd.DataFrame`` give for text) is used without a copy; any other
    column (numbers, mixed objects) goes through the cell-by-cell conversion
    of the structure tables first. :func:`strip_text` or
    :meth:`Coded.encode` make the cells what the checks see.
    """
    if column is None:
        return empty_text(n).cast(text_type)
    if not isinstance(column.array, pd.arrays.ArrowStringArray):
        if column.dtype == object or not pd.api.types.is_string_dtype(column):
            column = column.map(_as_text, na_action=None)
        column = column.astype(_STR_DTYPE)
    values = column.array.__arrow_array__()
    values = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
    return values if values.type == text_type else values.cast(text_type)


def _byte_table(*ranges: tuple[int, int]) -> np.ndarray:
    table = np.zeros(256, dtype=bool)
    for low, high in ranges:
        table[low:high + 1] = True
    return table


# Unicode's white space in UTF-8: ASCII controls and space, U+0085 and U+00A0 (C2 85, C2 A0), U+1680 (E1 9A 80),
# U+2000–U+200A, U+2028, U+2029, U+202F, U+205F (E2 80 80 … E2 81 9F) and U+3000 (E3 80 80). A cell whose first
# byte cannot start one and whose last byte cannot end one has nothing to strip (DEL is included too).
_MAY_START_SPACE = _byte_table((0x00, 0x20), (0x7F, 0x7F), (0xC2, 0xC2), (0xE1, 0xE3))
_MAY_END_SPACE = _byte_table((0x00, 0x20), (0x7F, 0x8A), (0x9F, 0xA0), (0xA8, 0xA9), (0xAF, 0xAF))


def strip_text(values: pa.Array) -> pa.Array:
    """Cells with surrounding whitespace removed, ``""`` for missing ones.

    Only cells whose first or last byte may belong to a whitespace
    character (:data:`_MAY_START_SPACE`, :data:`_MAY_END_SPACE`) can change;
    the others are not copied, so a clean column — Chinese text included —
    comes back as it is.
    """
    if values.null_count:
        values = values.fill_null("")
    n = len(values)
    offsets = text_offsets(values)
    if not n or offsets[-1] == offsets[0]:
        return values
    data = np.frombuffer(values.buffers()[2], dtype=np.uint8)
    starts, ends = offsets[:-1], offsets[1:]
    filled = ends > starts
    if filled.all():
        first, last, rows = data[starts], data[ends - 1], None
    else:
        rows = np.flatnonzero(filled)
        first, last = data[starts[rows]], data[ends[rows] - 1]
    suspect = _MAY_START_SPACE[first] | _MAY_END_SPACE[last]
    suspects = np.flatnonzero(suspect) if rows is None else rows[suspect]
    if not suspects.size:
        return values
    cells = take(values, suspects)
    trimmed = pc.utf8_trim_whitespace(cells)
    changed = (pc.binary_length(trimmed).to_numpy(zero_copy_only=False)
               != pc.binary_length(cells).to_numpy(zero_copy_only=False))
    if not changed.any():
        return values
    mask = np.zeros(n, dtype=bool)
    mask[suspects[changed]] = True
    return pc.replace_with_mask(values, pa.array(mask), trimmed.filter(pa.array(changed)))


def text_offsets(values: pa.Array) -> np.ndarray:
    """The offsets of a ``string`` or ``large_string`` array (no copy): cell ``i`` is ``data[offsets[i]:offsets[i+1]]``."""
    dtype = np.int64 if pa.types.is_large_string(values.type) else np.int32
    return np.frombuffer(values.buffers()[1], dtype=dtype)[values.offset:values.offset + len(values) + 1]


def is_empty(values: pa.Array) -> np.ndarray:
    """Per cell: it is ``""`` or missing (read from the offsets)."""
    offsets = text_offsets(values.fill_null("") if values.null_count else values)
    return offsets[1:] == offsets[:-1]


def str_array(values: pa.Array | pa.ChunkedArray) -> pd.api.extensions.ExtensionArray:
    """An Arrow text array as a pandas ``str`` array (no copy)."""
    if not isinstance(values, pa.ChunkedArray):
        values = pa.chunked_array([values], type=values.type)
    return pd.arrays.ArrowStringArray(values, dtype=_STR_DTYPE)


def take(values: pa.Array, rows: np.ndarray) -> pa.Array:
    """``values[rows]`` for an Arrow array and integer positions."""
    return values.take(pa.array(np.asarray(rows, dtype=np.int64)))


def _codes_of(encoded: pa.DictionaryArray) -> np.ndarray:
    return encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64, copy=False)


@dataclass(frozen=True)
class Coded:
    """A text column with few distinct values: row ``i`` holds ``values[codes[i]]``.

    Checks run once per distinct value; the rows pick their result through
    ``codes`` (numpy indexing), and text is materialised only where needed.
    """

    codes: np.ndarray   # int64, one per row
    values: pa.Array    # the distinct values (TEXT)

    @classmethod
    def encode(cls, text: pa.Array, *, strip: bool = False) -> "Coded":
        """Dictionary-encode ``text``; with ``strip``, as :func:`strip_text` would give it (stripped once per value)."""
        encoded = pc.dictionary_encode(text, null_encoding="encode")
        codes, values = _codes_of(encoded), encoded.dictionary
        if strip:
            cleaned = pc.utf8_trim_whitespace(values.fill_null(""))
            if values.null_count or not cleaned.equals(values):
                again = pc.dictionary_encode(cleaned)
                codes, values = _codes_of(again)[codes], again.dictionary
        return cls(codes, values)

    def series(self) -> pd.Series:
        """The distinct values as a pandas ``str`` Series (for pandas string methods)."""
        return pd.Series(str_array(self.values))

    def per_row(self, per_value: np.ndarray) -> np.ndarray:
        """Spread one result per distinct value to the rows."""
        return np.asarray(per_value)[self.codes]

    def replace(self, values: pa.Array) -> "Coded":
        """The same codes over other values (one per distinct value)."""
        return Coded(self.codes, values)

    def take(self, rows: np.ndarray) -> pa.Array:
        """The text of ``rows``."""
        return take(self.values, self.codes[rows])

    def is_blank(self) -> np.ndarray:
        """Per row: the cell is empty."""
        return self.per_row(pc.equal(self.values, "").to_numpy(zero_copy_only=False))


class RowProblems:
    """The problems of single rows, collected in the order they are found.

    Each :meth:`flag` records a reason code (one of :data:`ROW_PROBLEMS`) and
    a phrase in English and in Chinese for some rows; a row's
    ``reason_code`` is its first problem and its message lists them all.
    Rows with problems are few, so the phrases are kept for those rows only.
    """

    def __init__(self, n: int) -> None:
        self.n = n
        self._flags: list[tuple[np.ndarray, int, np.ndarray, np.ndarray]] = []

    def flag(self, mask: np.ndarray, code: str, english, chinese) -> None:
        """Record ``code`` on the rows of ``mask``.

        ``english``/``chinese`` are a phrase, or a function of the rows'
        positions returning one phrase per row.
        """
        rows = np.flatnonzero(mask)
        if not rows.size:
            return
        words = [w(rows) if callable(w) else np.full(rows.size, w, dtype=object) for w in (english, chinese)]
        self._flags.append((rows, ROW_PROBLEMS.index(code), *words))

    def copy(self) -> "RowProblems":
        other = RowProblems(self.n)
        other._flags = list(self._flags)
        return other

    def problem(self) -> np.ndarray:
        """Per row, the index in :data:`ROW_PROBLEMS` of its first problem, ``-1`` when it has none."""
        problem = np.full(self.n, -1, dtype=np.int8)
        for rows, code, _, _ in reversed(self._flags):
            problem[rows] = code
        return problem

    def details(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(rows, english, chinese)``: the rows with problems (ascending) and their problems in words."""
        if not self._flags:
            empty = np.array([], dtype=object)
            return np.array([], dtype=np.int64), empty, empty
        rows = np.unique(np.concatenate([f[0] for f in self._flags]))
        english = np.full(rows.size, "", dtype=object)
        chinese = np.full(rows.size, "", dtype=object)
        for flagged, _, en, zh in self._flags:
            at = np.searchsorted(rows, flagged)
            for target, words, sep in ((english, en, "; "), (chinese, zh, "；")):
                existing = target[at]
                target[at] = np.where(existing == "", words, existing + sep + words)
        return rows, english, chinese


# ------------------------------------------------------------------ the batch
@dataclass(frozen=True)
class Prepared:
    """A batch after each row was checked on its own, as whole columns (file order)."""

    file: str
    row: np.ndarray            # spreadsheet row of each request
    request_id: pa.Array       # stripped text ("" when empty), large_string
    date_text: Coded           # as written (stripped)
    date: np.ndarray           # datetime64[D]; NaT when missing or bad
    day_rank: np.ndarray       # int64: rank of the date among the batch's dates (0 = earliest), bad dates last
    date_out: Coded            # the date as the decisions table shows it: YYYY-MM-DD, or the cell when bad
    unit_id: pa.Array          # stripped text
    position_id: pa.Array      # stripped text
    kind: np.ndarray           # 0 hire, 1 add_establishment, 2 new_position, -1 unknown
    kind_text: Coded           # the canonical kind, or the cell when unknown
    count: np.ndarray          # int64; 0 when bad
    count_text: Coded          # as written (stripped)
    has_approval: np.ndarray   # bool: a special approval reference is given
    special_approval: Coded    # the reference, "" when none
    reason: pa.Array           # stripped text, large_string
    requested_by: Coded        # stripped text
    title: pa.Array            # stripped text: the title asked for a new position
    chinese: np.ndarray        # bool: write this row's messages in Chinese
    problems: RowProblems      # the rows' own problems
    first_row: np.ndarray      # for a repeated request_id, the row where it was first used; 0 otherwise

    def __len__(self) -> int:
        return len(self.row)

    def fingerprint(self, rows: np.ndarray) -> pa.Array:
        """What identifies the content of ``rows`` (for re-runs against a ledger)."""
        sep = pa.scalar("|", type=TEXT)
        return pc.binary_join_element_wise(
            self.date_text.take(rows), sep, take(self.unit_id, rows), sep, take(self.position_id, rows), sep,
            self.kind_text.take(rows), sep, self.count_text.take(rows), sep, self.special_approval.take(rows),
            pa.scalar("", type=TEXT))


def prepare(frame: pd.DataFrame, file: str, *, rows: np.ndarray | None = None) -> Prepared:
    """Check every row of a canonical requests table on its own (no structure needed).

    ``rows`` are the spreadsheet rows (default: header is row 1, data from row 2).
    """
    n = len(frame)
    row = np.arange(n, dtype=np.int64) + 2 if rows is None else np.asarray(rows, dtype=np.int64)
    # columns with few distinct values are checked once per value; the others are stripped where needed
    # (the longest job first: the ids, and which of them repeat)
    # (the ids and reasons stay large_string, as pandas keeps them: they go to the decisions table as they are)
    jobs = {"request_id": functools.partial(_column_job, _ids_and_repeats, frame, "request_id", pa.large_string())}
    jobs.update({c: functools.partial(_column_job, functools.partial(Coded.encode, strip=True), frame, c)
                 for c in ("date", "kind", "count", "special_approval", "requested_by")})
    jobs["reason"] = functools.partial(_column_job, _text_and_ascii, frame, "reason", pa.large_string())
    jobs.update({c: functools.partial(_column_job, strip_text, frame, c) for c in ("unit_id", "position_id", "title")})
    text = in_parallel(jobs, parallel=n >= PARALLEL_ROWS)
    text["request_id"], (repeated, first_use) = text["request_id"]
    text["reason"], reason_is_ascii = text["reason"]
    date_text, kind_cells, count_text = text["date"], text["kind"], text["count"]
    approval, requested_by = text["special_approval"], text["requested_by"]
    problems = RowProblems(n)

    # required cells
    for name, zh in (("request_id", "申請編號"), ("date", "日期"), ("unit_id", "部門"), ("position_id", "職位"),
                     ("kind", "類型"), ("count", "人數")):
        cells = text[name]
        blank = cells.is_blank() if isinstance(cells, Coded) else is_empty(cells)
        problems.flag(blank, "missing_value", f"{name} is empty", f"{zh}（{name}）未填寫")

    # date
    dates = _parse_dates(date_text.series())
    date = date_text.per_row(dates)
    day = np.where(np.isnat(dates), np.iinfo(np.int64).max, dates.astype(np.int64))
    day_rank = date_text.per_row(np.unique(day, return_inverse=True)[1].astype(np.int64))
    bad_date = date_text.per_row((pc.not_equal(date_text.values, "").to_numpy(zero_copy_only=False))
                                 & np.isnat(dates))
    problems.flag(bad_date, "bad_date",
                  lambda w: ("date " + quoted_cells(text["date"], w)
                             + " is not a date; write it as YYYY-MM-DD (e.g. 2027-04-03)"),
                  lambda w: "日期「" + cell_texts(text["date"], w) + "」無法識別，請寫成 YYYY-MM-DD（如 2027-04-03）")
    date_out = np.where(np.isnat(dates), date_text.values.to_numpy(zero_copy_only=False),
                        np.datetime_as_string(dates, unit="D").astype(object))
    date_out = date_text.replace(as_text_array(date_out))

    # kind
    kinds = kind_cells.series()
    canonical = kinds.str.lower().str.replace(r"\s+", " ", regex=True).map(KINDS).fillna("").to_numpy(dtype=object)
    kind_of_value = pd.Index(KIND_CODES).get_indexer(canonical).astype(np.int8)
    kind = kind_cells.per_row(kind_of_value)
    bad_kind = kind_cells.per_row((kinds != "").to_numpy(dtype=bool) & (kind_of_value < 0))
    problems.flag(bad_kind, "unknown_kind",
                  lambda w: "kind " + quoted_cells(text["kind"], w) + " is not hire, add_establishment or new_position",
                  lambda w: ("類型「" + cell_texts(text["kind"], w)
                             + "」不是增人（hire）、增編（add_establishment）或新設職位（new_position）"))
    kind_text = kind_cells.replace(as_text_array(np.where(canonical != "", canonical,
                                                          kinds.to_numpy(dtype=object))))

    # count
    counts = count_text.series()
    numbers = pd.to_numeric(counts.where(counts != ""), errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    good = np.isfinite(numbers) & (numbers >= 1) & (numbers == np.floor(numbers)) & (numbers < 2**31)
    bad_count = count_text.per_row((counts != "").to_numpy(dtype=bool) & ~good)
    problems.flag(bad_count, "bad_count",
                  lambda w: "count " + quoted_cells(text["count"], w) + " is not a whole number of 1 or more",
                  lambda w: "人數「" + cell_texts(text["count"], w) + "」不是 1 或以上的整數")
    count = count_text.per_row(np.where(good, numbers, 0).astype(np.int64))

    # repeated request ids: the first use keeps the id
    ids = text["request_id"]
    first_row = np.zeros(n, dtype=np.int64)
    if repeated.size:
        first_row[repeated] = row[first_use]
        is_repeat = np.zeros(n, dtype=bool)
        is_repeat[repeated] = True
        problems.flag(is_repeat, "duplicate_request_id",
                      lambda w: ("request_id " + quoted_cells(ids, w) + " is already used on row "
                                 + _numbers(first_row, w) + "; give every request its own id"),
                      lambda w: ("申請編號「" + cell_texts(ids, w) + "」已在第 " + _numbers(first_row, w)
                                 + " 行使用，每筆申請須有自己的編號"))

    # special approval: a reference, or one of the ways of writing "none"
    references = approval.series()
    given = ~references.str.lower().isin(NO_APPROVAL_MARKERS).to_numpy(dtype=bool)
    has_approval = approval.per_row(given)
    special_approval = approval.replace(pc.if_else(pa.array(given), approval.values, pa.scalar("", type=TEXT)))

    # language of the messages: Chinese when the reason or the requester is written in Chinese
    chinese = requested_by.per_row(pc.match_substring_regex(requested_by.values, _CJK).to_numpy(zero_copy_only=False))
    reason = text["reason"]
    unsure = np.flatnonzero(~chinese & ~reason_is_ascii)
    if unsure.size:
        chinese[unsure] = pc.match_substring_regex(take(reason, unsure), _CJK).to_numpy(zero_copy_only=False)

    return Prepared(file, row, ids, date_text, date, day_rank, date_out, text["unit_id"], text["position_id"], kind,
                    kind_text, count, count_text, has_approval, special_approval, reason, requested_by,
                    text["title"], chinese, problems, first_row)


def cell_texts(values: pa.Array | Coded, where: np.ndarray) -> np.ndarray:
    """The cells of rows ``where`` as Python strings (for the messages of the few rows with a problem)."""
    cells = values.take(where) if isinstance(values, Coded) else take(values, where)
    return np.array(cells.to_pylist(), dtype=object)


def _column_job(job, frame: pd.DataFrame, name: str, text_type: pa.DataType = TEXT):
    """``job`` of the cells of column ``name`` (all empty when the table has no such column)."""
    return job(arrow_text(frame[name] if name in frame.columns else None, len(frame), text_type))


def _text_and_ascii(cells: pa.Array) -> tuple[pa.Array, np.ndarray]:
    """The cells stripped, and per cell whether it is plain ASCII (then it cannot be Chinese)."""
    text = strip_text(cells)
    return text, pc.string_is_ascii(text).to_numpy(zero_copy_only=False)


def _ids_and_repeats(cells: pa.Array) -> tuple[pa.Array, tuple[np.ndarray, np.ndarray]]:
    """The request ids stripped, and :func:`_repeats` of them."""
    ids = strip_text(cells)
    return ids, _repeats(ids)


def _repeats(ids: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Rows whose (non-empty) id was used on an earlier row, and for each that earlier row's position.

    Ids are mostly unique: a 64-bit hash of each id (short ids are read as
    two machine words) and a sort find the few rows that may share an id;
    only those are compared exactly.
    """
    none = np.array([], dtype=np.int64)
    hashes = _short_text_hash(ids)
    if hashes is None:
        suspects = np.arange(len(ids))
    else:
        ordered = np.sort(hashes)
        shared = ordered[1:][ordered[1:] == ordered[:-1]]
        if not shared.size:
            return none, none
        suspects = np.flatnonzero(np.isin(hashes, shared))
    coded = Coded.encode(take(ids, suspects))
    first_at = np.full(len(coded.values), suspects.size, dtype=np.int64)
    np.minimum.at(first_at, coded.codes, np.arange(suspects.size))
    first = first_at[coded.codes]
    again = (first != np.arange(suspects.size)) & ~coded.is_blank()
    return suspects[again], suspects[first[again]]


_WORD_MASKS = np.array([(1 << (8 * i)) - 1 for i in range(8)] + [2**64 - 1], dtype=np.uint64)


def _short_text_hash(values: pa.Array) -> np.ndarray | None:
    """A 64-bit hash of each cell of up to 16 bytes (equal cells, equal hashes); None when a cell is longer."""
    n = len(values)
    offsets = text_offsets(values).astype(np.int64)
    starts = offsets[:-1]
    lengths = offsets[1:] - starts
    if not n or lengths.max() > 16:
        return None
    # read 16 bytes from each start, in a copy of the data with 16 zero bytes after it
    data = np.zeros(int(offsets[-1]) + 16, dtype=np.uint8)
    if offsets[-1] > offsets[0]:
        data[offsets[0]:offsets[-1]] = np.frombuffer(values.buffers()[2], dtype=np.uint8)[offsets[0]:offsets[-1]]
    words = np.ndarray(shape=(data.size - 7,), dtype="<u8", buffer=data, strides=(1,))
    first = words[starts] & _WORD_MASKS[np.minimum(lengths, 8)]
    second = words[starts + 8] & _WORD_MASKS[np.maximum(lengths - 8, 0)]
    return ((first * np.uint64(0x9E3779B97F4A7C15))
            ^ ((second + lengths.astype(np.uint64)) * np.uint64(0xC2B2AE3D27D4EB4F)))


def _numbers(values: np.ndarray, where: np.ndarray) -> np.ndarray:
    return values[where].astype(str).astype(object)


def quoted_cells(values: pa.Array | Coded, where: np.ndarray) -> np.ndarray:
    return np.array([repr(v) for v in cell_texts(values, where)], dtype=object)


def _parse_dates(text: pd.Series) -> np.ndarray:
    """``YYYY-MM-DD`` (also ``/`` or ``.`` separators, ``2027年4月3日``, Excel's ``… 00:00:00``) → datetime64[D]."""
    cleaned = (text.str.replace(r"[/.]", "-", regex=True)
               .str.replace(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$", r"\1-\2-\3", regex=True)
               .str.replace(r"[ T]00:00(:00)?$", "", regex=True))
    parsed = pd.to_datetime(cleaned.where(cleaned.str.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}")), format="%Y-%m-%d",
                            errors="coerce")
    return parsed.to_numpy(dtype="datetime64[D]")
