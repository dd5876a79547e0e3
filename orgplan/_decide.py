"""The decision engine for headcount requests: vectorised, exact, in date order.

Private helper of :mod:`orgplan.headcount`. Requests for *different*
positions never affect each other, so the batch is split by position and all
positions are walked **in lockstep**: step ``j`` decides the ``j``-th request
of every position at once with a handful of numpy operations. That gives the
exact sequential result (each request sees what earlier ones took) with a
cost of one numpy pass per request of the busiest position, instead of one
Python iteration per request.

State per position is its *headroom*, ``approved − filled − pending`` as a
signed number: a special approval may push it below zero (the position is
then over establishment, 超編), and ``vacancy = max(headroom, 0)``.
"""

from __future__ import annotations

from string import Formatter

import numpy as np
import pandas as pd

from orgplan._ledger import LedgerState
from orgplan._requests import KIND_CODES, Prepared, flag_rows

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


def decide(structure, prep: Prepared, state: LedgerState) -> pd.DataFrame:
    """Decide every request of ``prep``; return one row per request in decision order.

    The result holds the public decision columns plus the ledger's fields
    (``title, seats, establishment_added, fingerprint, recorded_earlier``).
    """
    n = len(prep)
    text = prep.text
    problem, detail, detail_zh = prep.problem.copy(), prep.detail.copy(), prep.detail_zh.copy()

    units = structure.units
    unit_index = pd.Index(units["unit_id"].to_numpy(dtype=object))
    unit_names = units["name"].to_numpy(dtype=object)
    unit_text = text["unit_id"]
    unit_obj = unit_text.to_numpy(dtype=object)
    unit_code = unit_index.get_indexer(unit_obj)
    unknown_unit = (unit_obj != "") & (unit_code < 0)
    flag_rows(problem, detail, detail_zh, unknown_unit, "unknown_unit",
              lambda w: "there is no unit " + _repr(unit_text, w) + " in the approved structure",
              lambda w: "已批准的組織架構中沒有部門「" + unit_obj[w] + "」")

    # ------------------------------------------------ decided by an earlier run
    ids = text["request_id"].to_numpy(dtype=object)
    earlier = state.earlier
    lookup = (ids != "") & (prep.first_row == 0)
    found_at = np.full(n, -1, dtype=np.int64)
    if len(earlier) and lookup.any():
        found_at[lookup] = pd.Index(earlier["request_id"].to_numpy(dtype=object)).get_indexer(ids[lookup])
    found = found_at >= 0
    earlier_fingerprint = earlier["fingerprint"].to_numpy(dtype=object)
    earlier_decision = earlier["decision"].to_numpy(dtype=object)
    same = np.zeros(n, dtype=bool)
    same[found] = earlier_fingerprint[found_at[found]] == prep.fingerprint[found]
    reused = found & ~same
    reused[found] &= earlier_decision[found_at[found]] == "approved"
    flag_rows(problem, detail, detail_zh, reused, "request_id_reused",
              lambda w: ("request_id " + _repr(text["request_id"], w) + " was approved in an earlier run with "
                         "other details; give a changed request a new request_id"),
              lambda w: ("申請編號「" + ids[w] + "」已於先前批准，內容不同；內容有變的申請請使用新編號"))

    # --------------------------------------------------------- position groups
    positions = structure.positions
    ledger_positions = state.positions
    in_structure = ledger_positions["position_id"].isin(positions["position_id"]).to_numpy(dtype=bool)
    created = ledger_positions[ledger_positions["new_position"].to_numpy(dtype=bool) & ~in_structure]
    known_ids = np.concatenate([positions["position_id"].to_numpy(dtype=object),
                                created["position_id"].to_numpy(dtype=object)])
    key_index = pd.Index(known_ids)
    n_structure, n_known = len(positions), len(known_ids)
    position_text = text["position_id"].to_numpy(dtype=object)
    key = key_index.get_indexer(position_text)
    unknown_key = key < 0
    extra_codes, extra_ids = pd.factorize(position_text[unknown_key])
    key[unknown_key] = n_known + extra_codes
    n_keys = n_known + len(extra_ids)

    exists = np.zeros(n_keys, dtype=bool)
    exists[:n_known] = True
    key_unit = np.full(n_keys, -1, dtype=np.int64)
    key_unit[:n_structure] = unit_index.get_indexer(positions["unit_id"].to_numpy(dtype=object))
    key_unit[n_structure:n_known] = unit_index.get_indexer(created["unit_id"].to_numpy(dtype=object))
    headroom = np.zeros(n_keys, dtype=np.int64)
    headroom[:n_structure] = (positions["approved"].to_numpy(dtype=np.int64)
                              - positions["filled"].to_numpy(dtype=np.int64))
    at = key_index.get_indexer(ledger_positions["position_id"].to_numpy(dtype=object))
    ok = at >= 0
    np.add.at(headroom, at[ok], (ledger_positions["establishment_added"].to_numpy(dtype=np.int64)
                                 - ledger_positions["seats"].to_numpy(dtype=np.int64))[ok])
    key_title = np.empty(n_keys, dtype=object)
    key_title[:n_structure] = positions["title"].to_numpy(dtype=object)
    created_titles = created["title"].to_numpy(dtype=object)
    key_title[n_structure:n_known] = np.where(pd.isna(created_titles), created["position_id"].to_numpy(dtype=object),
                                              created_titles)
    key_title[n_known:] = np.asarray(extra_ids, dtype=object)
    asked_title = text["title"].to_numpy(dtype=object)
    named = unknown_key & (asked_title != "")
    key_title[key[named][::-1]] = asked_title[named][::-1]  # the first title given wins

    # ------------------------------------------------------------- the walk
    has_problem = problem != None  # noqa: E711
    active = ~has_problem & ~same
    date_key = prep.date.astype("datetime64[D]").astype(np.int64)
    date_key = np.where(np.isnat(prep.date), np.iinfo(np.int64).max, date_key)
    order = np.lexsort((prep.row, date_key))
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)

    code = np.full(n, -1, dtype=np.int64)
    vacancy_before = np.zeros(n, dtype=np.int64)
    vacancy_after = np.zeros(n, dtype=np.int64)
    has_vacancy = np.zeros(n, dtype=bool)
    over = np.zeros(n, dtype=np.int64)
    seats = np.zeros(n, dtype=np.int64)
    added = np.zeros(n, dtype=np.int64)
    actual_unit = np.full(n, -1, dtype=np.int64)

    rows_active = np.flatnonzero(active)
    rows_active = rows_active[np.lexsort((rank[rows_active], key[rows_active]))]
    kind, count, approval = prep.kind, prep.count, prep.has_approval
    if rows_active.size:
        k_sorted = key[rows_active]
        starts = np.flatnonzero(np.r_[True, k_sorted[1:] != k_sorted[:-1]])
        sizes = np.diff(np.r_[starts, rows_active.size])
        by_size = np.argsort(-sizes, kind="stable")
        starts, sizes = starts[by_size], sizes[by_size]
        still = np.searchsorted(-sizes, -np.arange(int(sizes[0])), side="left")  # positions with > j requests
        for j, width in enumerate(still):
            rows = rows_active[starts[:width] + j]
            g, k, c, sa, u = key[rows], kind[rows], count[rows], approval[rows], unit_code[rows]
            ex, gu, h = exists[g], key_unit[g], headroom[g]
            is_new = k == 2
            unknown = ~is_new & ~ex
            wrong_unit = ~is_new & ex & (gu != u)
            taken = is_new & ex
            valid = ~(unknown | wrong_unit | taken)
            hire = valid & (k == 0)
            fits = c <= h
            grant = hire & (fits | sa)
            change = valid & (k != 0)
            grant_change = change & sa
            after = np.where(grant, h - c, np.where(grant_change, np.where(is_new, c, h + c), h))
            headroom[g] = np.where(grant | grant_change, after, h)
            born = grant_change & is_new
            exists[g[born]] = True
            key_unit[g[born]] = u[born]
            code[rows] = np.select(
                [unknown, wrong_unit, taken, grant & fits, grant, hire, grant_change & ~is_new, grant_change,
                 change & ~is_new],
                [_C["unknown_position"], _C["position_not_in_unit"], _C["position_exists"], _C["within_vacancy"],
                 _C["special_approval_over_establishment"], _C["beyond_vacancy"],
                 _C["special_approval_add_establishment"], _C["special_approval_new_position"],
                 _C["add_establishment_needs_special_approval"]],
                _C["new_position_needs_special_approval"])
            vacancy_before[rows] = np.where(is_new, 0, np.maximum(h, 0))
            vacancy_after[rows] = np.where(born, c, np.where(is_new, 0, np.maximum(after, 0)))
            has_vacancy[rows] = valid
            over[rows] = np.where(grant, np.maximum(c - np.maximum(h, 0), 0), np.where(grant_change, c, 0))
            seats[rows] = np.where(grant, c, 0)
            added[rows] = np.where(grant_change, c, 0)
            actual_unit[rows] = gu

    static = np.flatnonzero(has_problem)
    if static.size:
        code[static] = pd.Index(CODES).get_indexer(problem[static].astype(str))

    # ------------------------------------------------------------ the table
    recorded = np.flatnonzero(same)
    title = key_title[key]
    kind_names = np.array(KIND_CODES, dtype=object)
    kind_text = np.where(kind >= 0, kind_names[np.maximum(kind, 0)], text["kind"].to_numpy(dtype=object))
    fields = {
        "row": prep.row, "count": count, "position_id": position_text, "unit_id": unit_obj,
        "special_approval": text["special_approval"].to_numpy(dtype=object), "title": title,
        "unit_name": np.where(unit_code >= 0, unit_names[np.maximum(unit_code, 0)], unit_obj),
        "actual_unit": np.where(actual_unit >= 0, unit_index.to_numpy(dtype=object)[np.maximum(actual_unit, 0)], ""),
        "actual_unit_name": np.where(actual_unit >= 0, unit_names[np.maximum(actual_unit, 0)], ""),
        "vacancy_before": vacancy_before, "vacancy_after": vacancy_after, "over": over,
        "detail": detail, "detail_zh": detail_zh,
    }
    message = np.empty(n, dtype=object)
    code_names = np.array(CODES, dtype=object)
    reason = np.empty(n, dtype=object)
    decided_now = np.flatnonzero(~same)
    reason[decided_now] = code_names[code[decided_now]]
    for c_index in np.unique(code[decided_now]):
        for chinese in (False, True):
            rows = decided_now[(code[decided_now] == c_index) & (prep.chinese[decided_now] == chinese)]
            if rows.size:
                message[rows] = _render(TEMPLATES[CODES[c_index]][int(chinese)], fields, rows)
    decision = np.empty(n, dtype=object)
    decision[decided_now] = _DECISION_NAMES[code[decided_now]]

    vb = pd.array(vacancy_before, dtype="Int64")
    va = pd.array(vacancy_after, dtype="Int64")
    vb[~has_vacancy] = pd.NA
    va[~has_vacancy] = pd.NA
    if recorded.size:
        at = found_at[recorded]
        decision[recorded] = earlier_decision[at]
        reason[recorded] = earlier["reason_code"].to_numpy(dtype=object)[at]
        message[recorded] = earlier["message"].to_numpy(dtype=object)[at]
        vb[recorded] = earlier["vacancy_before"].array[at]
        va[recorded] = earlier["vacancy_after"].array[at]
        over[recorded] = earlier["over_establishment"].to_numpy(dtype=np.int64)[at]
    count_out = pd.array(count, dtype="Int64")
    count_out[count == 0] = pd.NA
    date_text = np.where(np.isnat(prep.date), text["date"].to_numpy(dtype=object),
                         np.datetime_as_string(prep.date, unit="D").astype(object))
    o = order
    table = pd.DataFrame({
        "request_id": ids[o],
        "decision": decision[o],
        "reason_code": reason[o],
        "message": message[o],
        "vacancy_before": vb.take(o),
        "vacancy_after": va.take(o),
        "over_establishment": over[o],
        "date": date_text[o],
        "unit_id": fields["unit_id"][o],
        "position_id": position_text[o],
        "kind": kind_text[o],
        "count": count_out.take(o),
        "special_approval": fields["special_approval"][o],
        "requested_by": text["requested_by"].to_numpy(dtype=object)[o],
        "reason": text["reason"].to_numpy(dtype=object)[o],
        "row": prep.row[o],
        "recorded_earlier": same[o],
        # for the ledger only
        "title": title[o],
        "seats": seats[o],
        "establishment_added": added[o],
        "fingerprint": prep.fingerprint[o],
    })
    return table


def _repr(values: pd.Series, where: np.ndarray) -> np.ndarray:
    return np.array([repr(v) for v in values.to_numpy(dtype=object)[where]], dtype=object)


def _render(template: str, fields: dict[str, np.ndarray], rows: np.ndarray) -> np.ndarray:
    """Fill ``template`` for ``rows`` with whole-column string concatenation."""
    result = None
    for literal, name, _, _ in Formatter().parse(template):
        parts = [literal] if literal else []
        if name is not None:
            values = fields[name][rows]
            parts.append(values.astype(str).astype(object) if values.dtype != object else values)
        for part in parts:
            result = part if result is None else result + part
    if not isinstance(result, np.ndarray):
        result = np.full(rows.size, result, dtype=object)
    return result
