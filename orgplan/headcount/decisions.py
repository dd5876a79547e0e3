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
from orgplan.i18n import N_, Translator
from orgplan.headcount.ledger import (Earlier, Ledger, LedgerState, as_ledger, connect, load_state, read_state,
                                      transaction, write_decisions)
from orgplan.headcount.requests import (DECISION_COLUMNS, DECISION_LABELS, Request, RowProblem, canonical_frame, check_rows,
                                        read_requests)
from orgplan.model.structure import Structure

_ = Translator("headcount")

__all__ = ["Decision", "ReasonCode", "TEMPLATES", "DECISION_LABELS", "REASON_LABELS", "message_for",
           "validate_requests", "decide"]


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
    BAD_SPECIAL_APPROVAL = "bad_special_approval"
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
_ROW_PROBLEM = N_("Row {row}: {detail}.")

#: The message of each reason code, an English message id translated into the language in force when a request
#: is decided. Placeholders: count, position_id, title, unit_id, unit_name, actual_unit, actual_unit_name,
#: vacancy_before, vacancy_after, over, special_approval, row, detail.
TEMPLATES: dict[ReasonCode, str] = {
    _R.WITHIN_VACANCY: N_(
        "Approved: {count} × {position_id} within the vacancy of {vacancy_before}; {vacancy_after} left."),
    _R.SPECIAL_APPROVAL_OVER_ESTABLISHMENT: N_(
        "Approved by the GM's special approval {special_approval}: {count} × {position_id}, {over} beyond the "
        "approved establishment (vacancy was {vacancy_before})."),
    _R.SPECIAL_APPROVAL_ADD_ESTABLISHMENT: N_(
        "Approved by the GM's special approval {special_approval}: the establishment of {position_id} is raised "
        "by {count}; vacancy now {vacancy_after}."),
    _R.SPECIAL_APPROVAL_NEW_POSITION: N_(
        "Approved by the GM's special approval {special_approval}: new position {position_id} in {unit_id} with "
        "an establishment of {count}."),
    _R.BEYOND_VACANCY: N_(
        "Rejected: {count} × {position_id} asked but only {vacancy_before} free, and requests are never "
        "granted in part. Ask again within the vacancy, or with the GM's special approval to exceed the "
        "approved structure."),
    _R.ADD_ESTABLISHMENT_NEEDS_SPECIAL_APPROVAL: N_(
        "Needs the GM's special approval: raising the establishment of {position_id} by {count} changes the "
        "approved structure. Once the GM approves, write the reference in special_approval and submit again."),
    _R.NEW_POSITION_NEEDS_SPECIAL_APPROVAL: N_(
        "Needs the GM's special approval: a new position {position_id} in {unit_id} changes the approved "
        "structure. Once the GM approves, write the reference in special_approval and submit again."),
    _R.UNKNOWN_POSITION: N_(
        "Row {row}: there is no position {position_id} in the approved structure; ask for new_position to "
        "create one."),
    _R.POSITION_NOT_IN_UNIT: N_("Row {row}: position {position_id} belongs to {actual_unit}, not {unit_id}."),
    _R.POSITION_EXISTS: N_(
        "Row {row}: position {position_id} already exists; ask for add_establishment to raise its "
        "establishment."),
    **{code: _ROW_PROBLEM for code in (_R.MISSING_VALUE, _R.BAD_DATE, _R.UNKNOWN_KIND, _R.BAD_COUNT,
                                       _R.BAD_SPECIAL_APPROVAL, _R.DUPLICATE_REQUEST_ID, _R.UNKNOWN_UNIT, _R.REQUEST_ID_REUSED)},
}

#: What people read for each reason code (the reason_code column of a table for people): a short reason.
REASON_LABELS: dict[str, str] = {
    _R.WITHIN_VACANCY: N_("within the vacancy"),
    _R.SPECIAL_APPROVAL_OVER_ESTABLISHMENT: N_("special approval beyond the establishment"),
    _R.SPECIAL_APPROVAL_ADD_ESTABLISHMENT: N_("special approval to add establishment"),
    _R.SPECIAL_APPROVAL_NEW_POSITION: N_("special approval for a new position"),
    _R.BEYOND_VACANCY: N_("beyond the vacancy"),
    _R.ADD_ESTABLISHMENT_NEEDS_SPECIAL_APPROVAL: N_("adding establishment needs special approval"),
    _R.NEW_POSITION_NEEDS_SPECIAL_APPROVAL: N_("a new position needs special approval"),
    _R.MISSING_VALUE: N_("a required cell is empty"),
    _R.BAD_DATE: N_("not a date"),
    _R.UNKNOWN_KIND: N_("unknown request kind"),
    _R.BAD_COUNT: N_("count not a whole number of 1 or more"),
    _R.BAD_SPECIAL_APPROVAL: N_("special approval not a GM reference"),
    _R.DUPLICATE_REQUEST_ID: N_("request id used twice"),
    _R.UNKNOWN_UNIT: N_("unknown unit"),
    _R.REQUEST_ID_REUSED: N_("request id reused for another request"),
    _R.UNKNOWN_POSITION: N_("unknown position"),
    _R.POSITION_NOT_IN_UNIT: N_("position not in that unit"),
    _R.POSITION_EXISTS: N_("position already exists"),
}


def message_for(code: ReasonCode | str, **fields) -> str:
    """The message of a decision, in the language in force: its reason code's template filled with ``fields``.

    Examples
    --------
    >>> from orgplan.i18n import language
    >>> fields = dict(count=1, position_id="SHOW-CONS", title="销售顾问", vacancy_before=2, vacancy_after=1)
    >>> with language("en"):
    ...     message_for("within_vacancy", **fields)
    'Approved: 1 × SHOW-CONS within the vacancy of 2; 1 left.'
    >>> with language("zh-Hans"):
    ...     message_for("within_vacancy", **fields)
    '批准：销售顾问（SHOW-CONS）增人 1 名，在空缺 2 名之内，尚余空缺 1 名。'
    """
    return _(TEMPLATES[ReasonCode(code)]).format_map(_Fields(fields))


class _Fields(dict):
    """Template fields; a field a template names but the caller did not give is shown empty."""

    def __missing__(self, key: str) -> str:
        return ""


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
            problems.append(RowProblem("unknown_unit", _(
                "there is no unit '{unit_id}' in the approved structure").format(unit_id=request.unit_id)))
        repeated = not request.request_id or request.repeats_row is not None  # only a row's first id was recorded
        earlier = None if repeated else state.earlier.get(request.request_id)
        if earlier is not None and earlier.fingerprint == request.fingerprint:
            table.append(_recorded_row(request, position, earlier, problems, units))
            continue
        if earlier is not None and earlier.decision == Decision.APPROVED:
            problems.append(RowProblem("request_id_reused", _(
                "request_id '{value}' was approved in an earlier run with other details; give a changed request a "
                "new request_id").format(value=request.request_id)))
        outcome = _Outcome(ReasonCode(problems[0].code)) if problems else _decide(request, position)
        message = _message(outcome.code, request, position, units, problems, outcome.vacancy_before,
                           outcome.vacancy_after, outcome.over)
        table.append((request.request_id, *_WORDS[outcome.code], message,
                      outcome.vacancy_before, outcome.vacancy_after, outcome.over, *_own(request, position),
                      False, outcome.seats, outcome.added, request.fingerprint))
    return _table(table)


def _message(code: ReasonCode, request: Request, position: _Position, units: dict[str, str],
             problems: list[RowProblem], vacancy_before: int | None, vacancy_after: int | None, over: int) -> str:
    """A request's message in the language in force."""
    fields = {
        "row": request.row, "count": request.count, "vacancy_before": vacancy_before or 0,
        "vacancy_after": vacancy_after or 0, "over": over, "position_id": request.position_id,
        "title": position.title, "unit_id": request.unit_id,
        "unit_name": units.get(request.unit_id, request.unit_id),
        "actual_unit": position.unit_id if position.unit_id in units else "",
        "actual_unit_name": units.get(position.unit_id, ""), "special_approval": request.special_approval,
    }
    if problems:
        # TRANSLATORS: what separates two problems of one row, e.g. "date … is not a date; count … is not …"
        fields["detail"] = _("; ").join(p.text for p in problems)
    return message_for(code, **fields)


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


def _recorded_row(request: Request, position: _Position, earlier: Earlier, problems: list[RowProblem],
                  units: dict[str, str]) -> tuple:
    """The row of a request an earlier run decided: its earlier decision, nothing taken again.

    The message is written again in the language in force, from the earlier decision's figures (the ledger's
    text, in the language of that run, only when the reason is a problem of the row no longer found).
    """
    code = ReasonCode(earlier.reason_code)
    message = earlier.message
    if code.decision != Decision.INVALID or TEMPLATES[code] != _ROW_PROBLEM or problems:
        message = _message(code, request, position, units, problems, earlier.vacancy_before,
                           earlier.vacancy_after, earlier.over_establishment)
    return (request.request_id, earlier.decision, earlier.reason_code, message, earlier.vacancy_before,
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
