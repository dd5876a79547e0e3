"""Deciding a batch of headcount requests: one loop over the requests in decision order.

Each request is first checked on its own (:func:`~orgplan.headcount.requests.check_rows`),
then against the structure and the ledger, then decided by the rules of
:func:`_decide`, seeing the seats the earlier requests of the batch took.
"""

from __future__ import annotations

import enum
import os
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pandas as pd

from orgplan.errors import ParameterError
from orgplan.headcount.ledger import (Earlier, Ledger, LedgerState, as_ledger, connect, load_state, read_state,
                                      transaction, write_decisions)
from orgplan.headcount.requests import (DECISION_COLUMNS, Request, RowProblem, canonical_frame, check_rows,
                                        read_requests)
from orgplan.model.structure import Structure

__all__ = ["Decision", "ReasonCode", "TEMPLATES", "validate_requests", "decide"]


class Decision(enum.StrEnum):
    """The ``decision`` column."""

    APPROVED = "approved"
    REJECTED = "rejected"
    NEEDS_SPECIAL_APPROVAL = "needs_special_approval"
    INVALID = "invalid"


class ReasonCode(enum.StrEnum):
    """Why a request got its decision (the ``reason_code`` column).

    Examples
    --------
    >>> ReasonCode.BEYOND_VACANCY.decision
    <Decision.REJECTED: 'rejected'>
    >>> ReasonCode("bad_count").decision
    <Decision.INVALID: 'invalid'>
    """

    WITHIN_VACANCY = "within_vacancy"
    SPECIAL_APPROVAL_OVER_ESTABLISHMENT = "special_approval_over_establishment"
    SPECIAL_APPROVAL_ADD_ESTABLISHMENT = "special_approval_add_establishment"
    SPECIAL_APPROVAL_NEW_POSITION = "special_approval_new_position"
    BEYOND_VACANCY = "beyond_vacancy"
    ADD_ESTABLISHMENT_NEEDS_SPECIAL_APPROVAL = "add_establishment_needs_special_approval"
    NEW_POSITION_NEEDS_SPECIAL_APPROVAL = "new_position_needs_special_approval"
    # the row's own problems, in the order they are looked for: the first one found is the row's reason code
    MISSING_VALUE = "missing_value"
    BAD_DATE = "bad_date"
    UNKNOWN_KIND = "unknown_kind"
    BAD_COUNT = "bad_count"
    DUPLICATE_REQUEST_ID = "duplicate_request_id"
    UNKNOWN_UNIT = "unknown_unit"
    REQUEST_ID_REUSED = "request_id_reused"
    # problems of the position asked for
    UNKNOWN_POSITION = "unknown_position"
    POSITION_NOT_IN_UNIT = "position_not_in_unit"
    POSITION_EXISTS = "position_exists"

    @property
    def decision(self) -> Decision:
        """The decision this reason leads to."""
        return _DECISION_OF[self]


_R = ReasonCode
_DECISION_OF = {
    **dict.fromkeys(ReasonCode, Decision.INVALID),
    **dict.fromkeys((_R.WITHIN_VACANCY, _R.SPECIAL_APPROVAL_OVER_ESTABLISHMENT, _R.SPECIAL_APPROVAL_ADD_ESTABLISHMENT,
                     _R.SPECIAL_APPROVAL_NEW_POSITION), Decision.APPROVED),
    _R.BEYOND_VACANCY: Decision.REJECTED,
    _R.ADD_ESTABLISHMENT_NEEDS_SPECIAL_APPROVAL: Decision.NEEDS_SPECIAL_APPROVAL,
    _R.NEW_POSITION_NEEDS_SPECIAL_APPROVAL: Decision.NEEDS_SPECIAL_APPROVAL,
}
_WORDS = {code: (str(_DECISION_OF[code]), str(code)) for code in ReasonCode}  # the table's decision, reason_code
_ROW_PROBLEM = ("Row {row}: {detail}.", "第 {row} 行：{detail_zh}。")

#: (English, Chinese) message of each reason code. Chinese is written in the
#: traditional characters the sample data uses.
TEMPLATES: dict[ReasonCode, tuple[str, str]] = {
    _R.WITHIN_VACANCY: (
        "Approved: {count} × {position_id} within the vacancy of {vacancy_before}; {vacancy_after} left.",
        "批准：{title}（{position_id}）增人 {count} 名，在空缺 {vacancy_before} 名之內，尚餘空缺 {vacancy_after} 名。"),
    _R.SPECIAL_APPROVAL_OVER_ESTABLISHMENT: (
        "Approved by the GM's special approval {special_approval}: {count} × {position_id}, {over} beyond the "
        "approved establishment (vacancy was {vacancy_before}).",
        "依總經理特批 {special_approval} 批准：{title}（{position_id}）增人 {count} 名，超出編制 {over} 名"
        "（原空缺 {vacancy_before} 名）。"),
    _R.SPECIAL_APPROVAL_ADD_ESTABLISHMENT: (
        "Approved by the GM's special approval {special_approval}: the establishment of {position_id} is raised "
        "by {count}; vacancy now {vacancy_after}.",
        "依總經理特批 {special_approval} 批准：{title}（{position_id}）增編 {count} 名，現有空缺 {vacancy_after} 名。"),
    _R.SPECIAL_APPROVAL_NEW_POSITION: (
        "Approved by the GM's special approval {special_approval}: new position {position_id} in {unit_id} with "
        "an establishment of {count}.",
        "依總經理特批 {special_approval} 批准：於{unit_name}（{unit_id}）新設職位 {title}（{position_id}），"
        "編制 {count} 名。"),
    _R.BEYOND_VACANCY: (
        "Rejected: {count} × {position_id} asked but only {vacancy_before} free, and requests are never "
        "granted in part. Ask again within the vacancy, or with the GM's special approval to exceed the "
        "approved structure.",
        "不予批准：{title}（{position_id}）申請增人 {count} 名，但空缺僅 {vacancy_before} 名，申請不作部分批准。"
        "請在空缺內重新申請，或取得總經理特批以突破已批准的編制。"),
    _R.ADD_ESTABLISHMENT_NEEDS_SPECIAL_APPROVAL: (
        "Needs the GM's special approval: raising the establishment of {position_id} by {count} changes the "
        "approved structure. Once the GM approves, write the reference in special_approval and submit again.",
        "須總經理特批：{title}（{position_id}）增編 {count} 名會改變已批准的組織架構。"
        "總經理特批後，請將特批編號填入特批（special_approval）欄再提交。"),
    _R.NEW_POSITION_NEEDS_SPECIAL_APPROVAL: (
        "Needs the GM's special approval: a new position {position_id} in {unit_id} changes the approved "
        "structure. Once the GM approves, write the reference in special_approval and submit again.",
        "須總經理特批：於{unit_name}（{unit_id}）新設職位 {title}（{position_id}）會改變已批准的組織架構。"
        "總經理特批後，請將特批編號填入特批（special_approval）欄再提交。"),
    _R.UNKNOWN_POSITION: (
        "Row {row}: there is no position {position_id} in the approved structure; ask for new_position to "
        "create one.",
        "第 {row} 行：已批准的組織架構中沒有職位 {position_id}；如需新設，請以新設職位（new_position）申請。"),
    _R.POSITION_NOT_IN_UNIT: (
        "Row {row}: position {position_id} belongs to {actual_unit}, not {unit_id}.",
        "第 {row} 行：職位 {title}（{position_id}）屬於{actual_unit_name}（{actual_unit}），不屬於 {unit_id}。"),
    _R.POSITION_EXISTS: (
        "Row {row}: position {position_id} already exists; ask for add_establishment to raise its "
        "establishment.",
        "第 {row} 行：職位 {title}（{position_id}）已存在；如需增加編制，請以增編（add_establishment）申請。"),
    **{code: _ROW_PROBLEM for code in (_R.MISSING_VALUE, _R.BAD_DATE, _R.UNKNOWN_KIND, _R.BAD_COUNT,
                                       _R.DUPLICATE_REQUEST_ID, _R.UNKNOWN_UNIT, _R.REQUEST_ID_REUSED)},
}


def validate_requests(
    structure: Structure,
    requests: pd.DataFrame | str | os.PathLike,
    *,
    ledger: Ledger | str | os.PathLike | None = None,
    record: bool = True,
) -> pd.DataFrame:
    """Decide a batch of headcount requests against the approved structure.

    Parameters
    ----------
    structure : Structure
        The approved structure (establishment = ``approved``, people in post
        = ``filled``).
    requests : DataFrame or path
        The batch: :data:`REQUEST_COLUMNS` (Chinese headers accepted), as
        read by :func:`read_requests`, built in code, or a file path.
    ledger : Ledger or path, optional
        Without a ledger the run is a dry run against the structure alone.
        With one, earlier approvals count as pending seats, request ids
        already decided are reported with their earlier decision, and (when
        ``record``) this batch's decisions are recorded in one transaction.
    record : bool, default True
        Set False to decide against the ledger without writing to it (the
        request form in the notebook does this).

    Returns
    -------
    DataFrame
        One row per request in decision order (date, then file row), with
        :data:`DECISION_COLUMNS`: ``request_id, decision, reason_code,
        message, vacancy_before, vacancy_after`` (``<NA>`` for invalid
        rows), ``over_establishment`` (seats granted beyond the structure),
        the request's own fields with the position's ``title``, ``row``
        and ``recorded_earlier`` (True when the decision comes from an
        earlier run).

    Raises
    ------
    DataError
        If the requests file cannot be read or a required column is missing
        (row-level problems become ``invalid`` decisions instead), or the
        ledger file is not a ledger.
    ParameterError
        If the ledger belongs to another structure.

    See Also
    --------
    exceptions_report : the GM's list of special approvals beyond the structure.
    staffing_status : per position ``approved, filled, pending, vacancy``.
    """
    frame, file, rows = _request_frame(requests)
    batch = check_rows(frame, rows)
    ledger = as_ledger(ledger)
    if ledger is None or not record:
        return decide(structure, batch, read_state(ledger, structure.name))[list(DECISION_COLUMNS)]
    conn = connect(ledger.path, mode="create", structure_name=structure.name)
    try:
        with transaction(conn):
            table = decide(structure, batch, load_state(conn))
            new = (~table["recorded_earlier"] & (table["request_id"] != "")
                   & ~table["reason_code"].isin([_R.DUPLICATE_REQUEST_ID, _R.REQUEST_ID_REUSED]))
            write_decisions(conn, table[new.to_numpy(dtype=bool)], source=file, requests=len(table))
    finally:
        conn.close()
    return table[list(DECISION_COLUMNS)]


def _request_frame(requests) -> tuple[pd.DataFrame, str, np.ndarray | None]:
    """The batch's columns under their canonical names, its name in messages, and its spreadsheet rows."""
    if isinstance(requests, (str, os.PathLike)):
        frame = read_requests(requests)
        return frame, frame.attrs["file"], frame["row"].to_numpy()
    if not isinstance(requests, pd.DataFrame):
        raise ParameterError("The 'requests' parameter of validate_requests must be a DataFrame or a path. "
                             f"Got {type(requests).__name__} instead.")
    file = str(requests.attrs.get("file", "requests table"))
    frame = canonical_frame(requests, file)
    rows = requests["row"].to_numpy() if "row" in requests.columns else None
    if rows is not None and not np.issubdtype(rows.dtype, np.integer):
        rows = None
    return frame, file, rows


@dataclass
class _Position:
    """A position as the batch sees it, changing as requests are approved."""

    unit_id: str | None
    title: str
    headroom: int        # approved − filled − pending; below zero when over establishment (超編)
    exists: bool = True  # False for an id no structure or ledger has (yet)


class _Outcome(NamedTuple):
    code: ReasonCode
    vacancy_before: int | None = None  # None: the request was not decided against a position
    vacancy_after: int | None = None
    over: int = 0                      # seats granted beyond the approved structure
    seats: int = 0                     # seats an approved hire takes (pending until filled)
    added: int = 0                     # establishment a special approval adds


def decide(structure: Structure, requests: list[Request], state: LedgerState) -> pd.DataFrame:
    """Decide ``requests`` (file order) one by one in decision order: by date (bad dates last), then row.

    Returns the decisions table in decision order, with the ledger's
    columns too (``seats, establishment_added, fingerprint``).
    """
    units = dict(zip(structure.units["unit_id"], structure.units["name"]))
    positions = _positions(structure, state, requests)
    table = []
    for request in sorted(requests, key=lambda r: (r.day is None, r.day or 0, r.row)):
        position = positions[request.position_id]
        problems = list(request.problems)
        if request.unit_id and request.unit_id not in units:
            problems.append(RowProblem(
                "unknown_unit", f"there is no unit {request.unit_id!r} in the approved structure",
                f"已批准的組織架構中沒有部門「{request.unit_id}」"))
        repeated = not request.request_id or request.repeats_row is not None  # only a row's first id was recorded
        earlier = None if repeated else state.earlier.get(request.request_id)
        if earlier is not None and earlier.fingerprint == request.fingerprint:
            table.append(_recorded_row(request, position, earlier))
            continue
        if earlier is not None and earlier.decision == Decision.APPROVED:
            problems.append(RowProblem(
                "request_id_reused", f"request_id {request.request_id!r} was approved in an earlier run with "
                "other details; give a changed request a new request_id",
                f"申請編號「{request.request_id}」已於先前批准，內容不同；內容有變的申請請使用新編號"))
        outcome = _Outcome(ReasonCode(problems[0].code)) if problems else _decide(request, position)
        fields = {
            "row": request.row, "count": request.count, "vacancy_before": outcome.vacancy_before or 0,
            "vacancy_after": outcome.vacancy_after or 0, "over": outcome.over, "position_id": request.position_id,
            "title": position.title, "unit_id": request.unit_id,
            "unit_name": units.get(request.unit_id, request.unit_id),
            "actual_unit": position.unit_id if position.unit_id in units else "",
            "actual_unit_name": units.get(position.unit_id, ""), "special_approval": request.special_approval,
        }
        if problems:
            fields["detail"] = "; ".join(p.english for p in problems)
            fields["detail_zh"] = "；".join(p.chinese for p in problems)
        message = TEMPLATES[outcome.code][request.chinese].format(**fields)
        table.append((request.request_id, *_WORDS[outcome.code], message,
                      outcome.vacancy_before, outcome.vacancy_after, outcome.over, *_own(request, position),
                      False, outcome.seats, outcome.added, request.fingerprint))
    return _table(table)


def _decide(request: Request, position: _Position) -> _Outcome:
    """Decide one valid request, taking the seats it is granted from ``position``."""
    count, approval = request.count, bool(request.special_approval)
    free = max(position.headroom, 0)
    if request.kind == "new_position":
        if position.exists:
            return _Outcome(_R.POSITION_EXISTS)
        if not approval:
            return _Outcome(_R.NEW_POSITION_NEEDS_SPECIAL_APPROVAL, 0, 0)
        position.exists, position.unit_id, position.headroom = True, request.unit_id, count
        return _Outcome(_R.SPECIAL_APPROVAL_NEW_POSITION, 0, count, over=count, added=count)
    if not position.exists:
        return _Outcome(_R.UNKNOWN_POSITION)
    if position.unit_id != request.unit_id:
        return _Outcome(_R.POSITION_NOT_IN_UNIT)
    if request.kind == "hire":
        fits = count <= position.headroom
        if not fits and not approval:  # never granted in part
            return _Outcome(_R.BEYOND_VACANCY, free, free)
        position.headroom -= count
        code = _R.WITHIN_VACANCY if fits else _R.SPECIAL_APPROVAL_OVER_ESTABLISHMENT
        return _Outcome(code, free, max(position.headroom, 0), over=max(count - free, 0), seats=count)
    if not approval:  # add_establishment changes the structure: only the GM can
        return _Outcome(_R.ADD_ESTABLISHMENT_NEEDS_SPECIAL_APPROVAL, free, free)
    position.headroom += count
    return _Outcome(_R.SPECIAL_APPROVAL_ADD_ESTABLISHMENT, free, max(position.headroom, 0), over=count, added=count)


def _positions(structure: Structure, state: LedgerState, requests: list[Request]) -> dict[str, _Position]:
    """Every position the batch names: the structure's, those the ledger created, and ids no one has yet."""
    table = structure.positions
    positions = {p: _Position(u, t, int(a) - int(f)) for p, u, t, a, f in zip(
        table["position_id"], table["unit_id"], table["title"], table["approved"], table["filled"])}
    recorded = state.positions
    for p, unit, title, new in zip(recorded["position_id"], recorded["unit_id"], recorded["title"],
                                   recorded["new_position"]):
        if new and p not in positions:
            positions[p] = _Position(unit, p if pd.isna(title) else title, 0)
    for p, added, seats in zip(recorded["position_id"], recorded["establishment_added"], recorded["seats"]):
        if p in positions:
            positions[p].headroom += int(added) - int(seats)
    titles: dict[str, str] = {}  # a new position is called by the first title its requests give, else by its id
    for request in requests:
        if request.position_id not in positions and request.title:
            titles.setdefault(request.position_id, request.title)
    for request in requests:
        if request.position_id not in positions:
            positions[request.position_id] = _Position(None, titles.get(request.position_id, request.position_id),
                                                       0, exists=False)
    return positions


def _own(request: Request, position: _Position) -> tuple:
    """The request's own columns of the decisions table, from ``date`` to ``row``."""
    return (request.date, request.unit_id, request.position_id, position.title, request.kind,
            request.count or None, request.special_approval, request.requested_by, request.reason, request.row)


def _recorded_row(request: Request, position: _Position, earlier: Earlier) -> tuple:
    """The row of a request an earlier run decided: its earlier decision, nothing taken again."""
    return (request.request_id, earlier.decision, earlier.reason_code, earlier.message, earlier.vacancy_before,
            earlier.vacancy_after, earlier.over_establishment, *_own(request, position), True, 0, 0,
            request.fingerprint)


_COLUMNS = {**dict.fromkeys(DECISION_COLUMNS, "str"), "vacancy_before": "Int64", "vacancy_after": "Int64",
            "over_establishment": "int64", "count": "Int64", "row": "int64", "recorded_earlier": "bool",
            "seats": "int64", "establishment_added": "int64", "fingerprint": "str"}
_ORDER = (*DECISION_COLUMNS, "seats", "establishment_added", "fingerprint")  # (the order of a row's tuple)


def _table(rows: list[tuple]) -> pd.DataFrame:
    columns = list(zip(*rows)) if rows else [()] * len(_ORDER)
    return pd.DataFrame({name: pd.array(list(values), dtype=_COLUMNS[name])
                         for name, values in zip(_ORDER, columns)})
