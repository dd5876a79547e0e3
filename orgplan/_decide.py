"""The decision engine for headcount requests: exact, in date order, fast on large batches.

Private helper of :mod:`orgplan.headcount`. Each row is first checked on its
own and against the structure with whole-column operations; the requests
that remain are then decided one by one in decision order by the short loop
of :mod:`orgplan._walk` (compiled by numba for large batches when it is
installed), where each request sees what the earlier ones took.

Text never becomes Python objects per row: ids, titles, unit names and
messages stay Apache Arrow string arrays; :mod:`orgplan._messages` writes
the messages from the :data:`TEMPLATES`. The decisions table is gathered in
decision order with ``take``; for a large batch a helper thread gathers the
columns while the main thread decides and writes the messages (Arrow, numpy
and the compiled loops release the GIL, so that uses a second core).
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from typing import Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from orgplan._ledger import LedgerState
from orgplan._messages import Field, messages
from orgplan._walk import walk
from orgplan._requests import (PARALLEL_ROWS, ROW_PROBLEMS, TEXT, Coded, Prepared, as_text_array, cell_texts,
                               is_empty, quoted_cells, str_array, take)

__all__ = ["decide", "CODES", "DECISION_OF_CODE", "TEMPLATES"]

#: Reason codes in engine order (their index is the engine's integer code).
CODES = (
    "within_vacancy",
    "special_approval_over_establishment",
    "special_approval_add_establishment",
    "special_approval_new_position",
    "beyond_vacancy",
    "add_establishment_needs_special_approval",
    "new_position_needs_special_approval",
    "missing_value",
    "bad_date",
    "unknown_kind",
    "bad_count",
    "duplicate_request_id",
    "unknown_unit",
    "request_id_reused",
    "unknown_position",
    "position_not_in_unit",
    "position_exists",
)
_C = {name: i for i, name in enumerate(CODES)}

DECISION_OF_CODE = {
    "within_vacancy": "approved",
    "special_approval_over_establishment": "approved",
    "special_approval_add_establishment": "approved",
    "special_approval_new_position": "approved",
    "beyond_vacancy": "rejected",
    "add_establishment_needs_special_approval": "needs_special_approval",
    "new_position_needs_special_approval": "needs_special_approval",
    **{code: "invalid" for code in CODES[7:]},
}

_DECISION_NAMES = np.array([DECISION_OF_CODE[c] for c in CODES], dtype=object)

_ROW_PROBLEM = ("Row {row}: {detail}.", "第 {row} 行：{detail_zh}。")

#: (English, Chinese) message of each reason code. Chinese is written in the
#: traditional characters the sample data uses.
TEMPLATES: dict[str, tuple[str, str]] = {
    "within_vacancy": (
        "Approved: {count} × {position_id} within the vacancy of {vacancy_before}; {vacancy_after} left.",
        "批准：{title}（{position_id}）增人 {count} 名，在空缺 {vacancy_before} 名之內，尚餘空缺 {vacancy_after} 名。"),
    "special_approval_over_establishment": (
        "Approved by the GM's special approval {special_approval}: {count} × {position_id}, {over} beyond the "
        "approved establishment (vacancy was {vacancy_before}).",
        "依總經理特批 {special_approval} 批准：{title}（{position_id}）增人 {count} 名，超出編制 {over} 名"
        "（原空缺 {vacancy_before} 名）。"),
    "special_approval_add_establishment": (
        "Approved by the GM's special approval {special_approval}: the establishment of {position_id} is raised "
        "by {count}; vacancy now {vacancy_after}.",
        "依總經理特批 {special_approval} 批准：{title}（{position_id}）增編 {count} 名，現有空缺 {vacancy_after} 名。"),
    "special_approval_new_position": (
        "Approved by the GM's special approval {special_approval}: new position {position_id} in {unit_id} with "
        "an establishment of {count}.",
        "依總經理特批 {special_approval} 批准：於{unit_name}（{unit_id}）新設職位 {title}（{position_id}），"
        "編制 {count} 名。"),
    "beyond_vacancy": (
        "Rejected: {count} × {position_id} asked but only {vacancy_before} free, and requests are never "
        "granted in part. Ask again within the vacancy, or with the GM's special approval to exceed the "
        "approved structure.",
        "不予批准：{title}（{position_id}）申請增人 {count} 名，但空缺僅 {vacancy_before} 名，申請不作部分批准。"
        "請在空缺內重新申請，或取得總經理特批以突破已批准的編制。"),
    "add_establishment_needs_special_approval": (
        "Needs the GM's special approval: raising the establishment of {position_id} by {count} changes the "
        "approved structure. Once the GM approves, write the reference in special_approval and submit again.",
        "須總經理特批：{title}（{position_id}）增編 {count} 名會改變已批准的組織架構。"
        "總經理特批後，請將特批編號填入特批（special_approval）欄再提交。"),
    "new_position_needs_special_approval": (
        "Needs the GM's special approval: a new position {position_id} in {unit_id} changes the approved "
        "structure. Once the GM approves, write the reference in special_approval and submit again.",
        "須總經理特批：於{unit_name}（{unit_id}）新設職位 {title}（{position_id}）會改變已批准的組織架構。"
        "總經理特批後，請將特批編號填入特批（special_approval）欄再提交。"),
    "unknown_position": (
        "Row {row}: there is no position {position_id} in the approved structure; ask for new_position to "
        "create one.",
        "第 {row} 行：已批准的組織架構中沒有職位 {position_id}；如需新設，請以新設職位（new_position）申請。"),
    "position_not_in_unit": (
        "Row {row}: position {position_id} belongs to {actual_unit}, not {unit_id}.",
        "第 {row} 行：職位 {title}（{position_id}）屬於{actual_unit_name}（{actual_unit}），不屬於 {unit_id}。"),
    "position_exists": (
        "Row {row}: position {position_id} already exists; ask for add_establishment to raise its "
        "establishment.",
        "第 {row} 行：職位 {title}（{position_id}）已存在；如需增加編制，請以增編（add_establishment）申請。"),
    **{code: _ROW_PROBLEM for code in ("missing_value", "bad_date", "unknown_kind", "bad_count",
                                       "duplicate_request_id", "unknown_unit", "request_id_reused")},
}


#: The message template of each group of rows, ``2 * code + chinese``.
_GROUP_TEMPLATES = tuple(TEMPLATES[code][chinese] for code in CODES for chinese in (0, 1))

_DECISION_LIST = ("approved", "rejected", "needs_special_approval", "invalid")
_DECISION_OF_INDEX = np.array([_DECISION_LIST.index(DECISION_OF_CODE[c]) for c in CODES], dtype=np.int64)
_CODE_OF_PROBLEM = np.array([_C[p] for p in ROW_PROBLEMS], dtype=np.int8)

#: The engine's code for a walked request, by case: valid requests by ``kind * 4 + special_approval * 2 + fits``,
#: invalid ones by ``12 + is_new * 2 + exists``.
_STEP_CODE = np.array([
    _C["beyond_vacancy"], _C["within_vacancy"], _C["special_approval_over_establishment"], _C["within_vacancy"],
    _C["add_establishment_needs_special_approval"], _C["add_establishment_needs_special_approval"],
    _C["special_approval_add_establishment"], _C["special_approval_add_establishment"],
    _C["new_position_needs_special_approval"], _C["new_position_needs_special_approval"],
    _C["special_approval_new_position"], _C["special_approval_new_position"],
    _C["unknown_position"], _C["position_not_in_unit"], _C["position_exists"], _C["position_exists"],
], dtype=np.int8)

def decide(structure, prep: Prepared, state: LedgerState, *, fingerprints: bool = False) -> pd.DataFrame:
    """Decide every request of ``prep``; return one row per request in decision order.

    The result holds the public decision columns plus the ledger's fields
    (``title, seats, establishment_added``, and ``fingerprint`` when
    ``fingerprints``).
    """
    n = len(prep)
    helper = ThreadPoolExecutor(max_workers=1) if n >= PARALLEL_ROWS and (os.cpu_count() or 1) > 1 else None
    try:
        return _decide(structure, prep, state, fingerprints, helper)
    finally:
        if helper is not None:
            helper.shutdown(wait=True, cancel_futures=True)


def _decide(structure, prep: Prepared, state: LedgerState, fingerprints: bool,
            helper: ThreadPoolExecutor | None) -> pd.DataFrame:
    """:func:`decide`, with a ``helper`` thread (or None) that builds columns while this one decides."""
    n = len(prep)
    problems = prep.problems.copy()
    # the requests' own columns in decision order: on a second core while this one decides and writes messages
    order = _decision_order(prep)
    own = _start(helper, {
        "request_id": lambda: take(prep.request_id, order),
        "date": lambda: _column(prep.date_out, order),
        "kind": lambda: _column(prep.kind_text, order),
        "special_approval": lambda: _column(prep.special_approval, order),
        "requested_by": lambda: _column(prep.requested_by, order),
        "reason": lambda: take(prep.reason, order),
        **({"fingerprint": lambda: prep.fingerprint(order)} if fingerprints else {}),
    })

    units = structure.units
    unit_table = _plain(units["unit_id"])
    unit_names = _plain(units["name"])
    unit_code = _index_in(prep.unit_id, unit_table)
    unit_blank = is_empty(prep.unit_id)
    # the unit cell of each row as a code: units of the structure first, then the other cells
    other_rows = np.flatnonzero(unit_code < 0)
    other_units = Coded.encode(take(prep.unit_id, other_rows))
    unit_cell = unit_code.copy()
    unit_cell[other_rows] = len(unit_table) + other_units.codes
    unit_cells = pa.concat_arrays([unit_table, other_units.values])
    unit_labels = pa.concat_arrays([unit_names, other_units.values])  # the unit's name, or the cell when unknown
    problems.flag(~unit_blank & (unit_code < 0), "unknown_unit",
                  lambda w: "there is no unit " + quoted_cells(prep.unit_id, w) + " in the approved structure",
                  lambda w: "已批准的組織架構中沒有部門「" + cell_texts(prep.unit_id, w) + "」")

    # ------------------------------------------------ decided by an earlier run
    ids = prep.request_id
    earlier = state.earlier
    found_at = np.full(n, -1, dtype=np.int64)
    if len(earlier):
        lookup = np.flatnonzero(~is_empty(ids) & (prep.first_row == 0))
        found_at[lookup] = _index_in(take(ids, lookup), _plain(earlier["request_id"], large=True))
    found = np.flatnonzero(found_at >= 0)
    # from here on only the earlier decisions this batch repeats: a ledger's whole history of messages may be
    # more text than one Arrow array holds
    used = np.unique(found_at[found])
    earlier = earlier.iloc[used].reset_index(drop=True)
    found_at[found] = np.searchsorted(used, found_at[found])
    earlier_decision = earlier["decision"].to_numpy(dtype=object)
    same = np.zeros(n, dtype=bool)
    reused = np.zeros(n, dtype=bool)
    if found.size:
        same[found] = pc.equal(prep.fingerprint(found),
                               take(_plain(earlier["fingerprint"]), found_at[found])).to_numpy(zero_copy_only=False)
        changed = found[~same[found]]
        reused[changed] = earlier_decision[found_at[changed]] == "approved"
    problems.flag(reused, "request_id_reused",
                  lambda w: ("request_id " + quoted_cells(ids, w) + " was approved in an earlier run with "
                             "other details; give a changed request a new request_id"),
                  lambda w: "申請編號「" + cell_texts(ids, w) + "」已於先前批准，內容不同；內容有變的申請請使用新編號")

    # --------------------------------------------------------- position groups
    positions = structure.positions
    ledger_positions = state.positions
    structure_ids = _plain(positions["position_id"])
    in_structure = _index_in(_plain(ledger_positions["position_id"]), structure_ids) >= 0
    created = ledger_positions[ledger_positions["new_position"].to_numpy(dtype=bool) & ~in_structure]
    known_ids = pa.concat_arrays([structure_ids, _plain(created["position_id"])])
    n_structure, n_known = len(positions), len(known_ids)
    key = _index_in(prep.position_id, known_ids)
    unknown_key = np.flatnonzero(key < 0)
    extra = Coded.encode(take(prep.position_id, unknown_key))
    key[unknown_key] = n_known + extra.codes
    key_ids = pa.concat_arrays([known_ids, extra.values])
    n_keys = len(key_ids)

    exists = np.zeros(n_keys, dtype=bool)
    exists[:n_known] = True
    key_unit = np.full(n_keys, -1, dtype=np.int64)
    key_unit[:n_structure] = _index_in(_plain(positions["unit_id"]), unit_table)
    key_unit[n_structure:n_known] = _index_in(_plain(created["unit_id"]), unit_table)
    headroom = np.zeros(n_keys, dtype=np.int64)
    headroom[:n_structure] = (positions["approved"].to_numpy(dtype=np.int64)
                              - positions["filled"].to_numpy(dtype=np.int64))
    at = _index_in(_plain(ledger_positions["position_id"]), known_ids)
    ok = at >= 0
    np.add.at(headroom, at[ok], (ledger_positions["establishment_added"].to_numpy(dtype=np.int64)
                                 - ledger_positions["seats"].to_numpy(dtype=np.int64))[ok])
    created_titles = created["title"].to_numpy(dtype=object)
    created_titles = np.where(pd.isna(created_titles), created["position_id"].to_numpy(dtype=object), created_titles)
    # a new position is called by the first title its requests give, else by its id
    extra_titles = extra.values.to_numpy(zero_copy_only=False)
    asked = take(prep.title, unknown_key)
    named = np.flatnonzero(pc.not_equal(asked, "").to_numpy(zero_copy_only=False))
    if named.size:
        first_codes, first_at = np.unique(extra.codes[named], return_index=True)
        extra_titles[first_codes] = take(asked, named[first_at]).to_numpy(zero_copy_only=False)
    key_title = pa.concat_arrays([_plain(positions["title"]), as_text_array(created_titles),
                                  as_text_array(extra_titles)])

    # ------------------------------------------------------------- the walk
    problem = problems.problem()
    has_problem = problem >= 0
    ordered_key, ordered_unit = key[order], unit_cell[order]
    detail_rows, detail, detail_zh = problems.details()
    detail_code = np.zeros(n, dtype=np.int64)
    detail_code[detail_rows] = np.arange(detail_rows.size)
    # on the helper while this thread walks: what the messages need, then the rest of the request's columns
    in_order = _start(helper, {name: (lambda values=values: values[order]) for name, values in (
        ("problem", problem), ("same", same), ("found_at", found_at), ("detail_code", detail_code),
        ("row", prep.row), ("special_approval", prep.special_approval.codes),
        ("chinese", prep.chinese))})
    placed = _start(helper, {
        "unit_id": lambda: _column(unit_cells, ordered_unit),
        "position_id": lambda: _column(key_ids, ordered_key),
        "title": lambda: _column(key_title, ordered_key),
    })
    # from here on, every per-request array is in decision order
    count = prep.count[order]
    walked = walk((~has_problem & ~same)[order], ordered_key, prep.kind[order], count,
                  prep.has_approval[order], unit_code[order], exists, key_unit, headroom, _STEP_CODE)
    ordered = in_order()
    code, problem, same = walked.code, ordered["problem"], ordered["same"]
    code[problem >= 0] = _CODE_OF_PROBLEM[problem[problem >= 0]]
    recorded = np.flatnonzero(same)
    earlier_at = ordered["found_at"][recorded]

    # ------------------------------------------------------------ the table
    decision_index = _DECISION_OF_INDEX[code]
    reason_index = code.astype(np.int64)
    decision_index[recorded] = len(_DECISION_LIST) + earlier_at
    reason_index[recorded] = len(CODES) + earlier_at
    decisions = pa.concat_arrays([_DECISION_TABLE, _plain(earlier["decision"])])
    reasons = pa.concat_arrays([_CODE_TABLE, _plain(earlier["reason_code"])])
    outcome = _start(helper, {
        "decision": lambda: _column(decisions, decision_index),
        "reason_code": lambda: _column(reasons, reason_index),
    })
    vacancy = {}
    for name in ("vacancy_before", "vacancy_after"):
        values, missing = getattr(walked, name), ~walked.has_vacancy
        if recorded.size:  # (copies: the messages read the arrays as the walk left them)
            earlier_values = earlier[name].array
            values = values.copy()
            values[recorded] = earlier_values.to_numpy(dtype=np.int64, na_value=0)[earlier_at]
            missing[recorded] = earlier_values.isna()[earlier_at]
        vacancy[name] = pd.arrays.IntegerArray(values, missing)
    over = walked.over
    if recorded.size:
        over = over.copy()
        over[recorded] = earlier["over_establishment"].to_numpy(dtype=np.int64)[earlier_at]
    outcome_now = {**vacancy, "over_establishment": over, "recorded_earlier": same, "row": ordered["row"],
                   "count": _count_column(count),
                   "seats": walked.seats, "establishment_added": walked.added}

    # ------------------------------------------------------------ messages
    detail_code = ordered["detail_code"]
    blank = as_text_array([""])
    actual_code = np.where(walked.actual_unit >= 0, walked.actual_unit, len(unit_table))
    fields = {
        "row": Field(ordered["row"]), "count": Field(count),
        "vacancy_before": Field(walked.vacancy_before), "vacancy_after": Field(walked.vacancy_after),
        "over": Field(walked.over),
        "position_id": Field(ordered_key, key_ids), "title": Field(ordered_key, key_title),
        "unit_id": Field(ordered_unit, unit_cells), "unit_name": Field(ordered_unit, unit_labels),
        "actual_unit": Field(actual_code, pa.concat_arrays([unit_table, blank])),
        "actual_unit_name": Field(actual_code, pa.concat_arrays([unit_names, blank])),
        "special_approval": Field(ordered["special_approval"], prep.special_approval.values),
        "detail": Field(detail_code, as_text_array(detail)),
        "detail_zh": Field(detail_code, as_text_array(detail_zh)),
    }
    # one group per reason code and language; rows decided by an earlier run keep their message
    group = np.where(same, -1, code.astype(np.int16) * 2 + ordered["chinese"]).astype(np.int8)
    message = messages(_GROUP_TEMPLATES, group, fields, _plain(earlier["message"]), ordered["found_at"],
                       helper)
    columns = {**own(), **placed(), **outcome(), **outcome_now, "message": message}
    names = [*_TABLE_COLUMNS, *(["fingerprint"] if fingerprints else [])]
    return pd.DataFrame({name: str_array(columns[name]) if isinstance(columns[name], (pa.Array, pa.ChunkedArray))
                         else columns[name] for name in names},
                        copy=False)  # every column is a new array: no need to copy them into blocks


#: The columns :func:`decide` returns: the decisions table's, then the ledger's.
_TABLE_COLUMNS = ("request_id", "decision", "reason_code", "message", "vacancy_before", "vacancy_after",
                  "over_establishment", "date", "unit_id", "position_id", "kind", "count", "special_approval",
                  "requested_by", "reason", "row", "recorded_earlier", "title", "seats", "establishment_added")


def _start(helper: ThreadPoolExecutor | None, columns: dict) -> Callable[[], dict]:
    """Build ``columns`` (name → builder) on ``helper``, or at once without one; call the result to get them.

    The builders are Arrow and numpy kernels, which release the GIL, so the
    helper thread runs on a second core.
    """
    if helper is None:
        built = {name: build() for name, build in columns.items()}
        return lambda: built
    return helper.submit(lambda: {name: build() for name, build in columns.items()}).result


def _column(values: pa.Array | Coded, rows: np.ndarray) -> pa.Array:
    """A text column of the table, ``values[rows]``, as ``large_string`` (what pandas keeps text in).

    ``values`` is a short table (or coded column): it is cast, not the
    column, which saves pandas a copy of the column's offsets.
    """
    if isinstance(values, Coded):
        values, rows = values.values, values.codes[rows]
    return take(values.cast(pa.large_string()), rows)


def _count_column(count: np.ndarray) -> pd.api.extensions.ExtensionArray:
    return pd.arrays.IntegerArray(count, count == 0)


_DECISION_TABLE = as_text_array(list(_DECISION_LIST))
_CODE_TABLE = as_text_array(list(CODES))


def _decision_order(prep: Prepared) -> np.ndarray:
    """Rows in decision order: by date (bad or missing dates last), then by spreadsheet row."""
    n = len(prep)
    by_date = prep.day_rank
    rows = prep.row
    if n < 2 or bool(np.all(rows[1:] >= rows[:-1])):
        if n < 2 or by_date.max() < 2**15:
            return np.argsort(by_date.astype(np.int16), kind="stable")  # a radix sort
        return np.argsort(by_date * n + np.arange(n))
    return np.lexsort((rows, by_date))


def _plain(values: pd.Series, *, large: bool = False) -> pa.Array:
    """A pandas text column as one Arrow array (missing values stay missing).

    The array is :data:`TEXT`, or with ``large`` a ``large_string``: for
    the request ids of a whole ledger, which after a hundred million
    decisions may be more text than 32-bit offsets reach (:func:`_index_in`
    takes both).
    """
    wanted = pa.large_string() if large else TEXT
    if isinstance(values.array, pd.arrays.ArrowStringArray):
        array = values.array.__arrow_array__()
        array = array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array
    else:
        array = pa.array(values.to_numpy(dtype=object), type=wanted, from_pandas=True)
    return array if array.type == wanted else array.cast(wanted)


def _index_in(values: pa.Array, table: pa.Array) -> np.ndarray:
    """Position of each value in ``table`` (``-1`` when absent), as int64."""
    if not len(values):
        return np.zeros(0, dtype=np.int64)
    if not len(table):
        return np.full(len(values), -1, dtype=np.int64)
    found = pc.index_in(values if values.type == table.type else values.cast(table.type), value_set=table)
    return found.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)
