"""Headcount requests (增人 / 增編 申請) against the approved structure, with a durable ledger.

Once the structure is approved, the administration department may refuse any
request to add people (增人) or establishment (增編) beyond it, unless the
general manager grants a special approval (總經理特批). This module decides a
month's batch of requests by those rules:

* ``hire`` (增人) fills seats of an existing position. It is **approved**
  when it fits the vacancy, ``approved − filled − pending``, where *pending*
  counts seats already approved and not yet filled: by earlier runs (the
  ledger) and by earlier requests of the same batch. A hire beyond the
  vacancy is **rejected** — never granted in part — unless it carries a
  special approval reference.
* ``add_establishment`` (增編) and ``new_position`` (新設職位) change the
  structure: only the GM can, so without a special approval reference they
  **need special approval**; with one they are approved.
* A row that cannot be decided (unknown unit, a position not in that unit,
  a count that is not a positive whole number, a bad date, a repeated
  request id, an empty required cell) is **invalid**; its message names the
  file's row. One bad row never holds up the rest of the batch.

Requests are decided in order of ``date``, then of their row in the file.
Messages are written in Chinese when the request's ``reason`` or
``requested_by`` contains Chinese characters, in English otherwise.

Special approvals that go beyond the structure are collected by
:func:`exceptions_report` for the GM and the admin manager: a structure that
needs many exceptions needs review.

With a ledger (an SQLite file, :class:`Ledger`), approvals are recorded and
count as pending seats in later runs; re-running a batch reports the earlier
decisions instead of consuming seats twice; concurrent runs are serialised;
a run that dies half-way leaves the ledger as it was. :func:`record_fill`
turns pending seats into filled ones and :func:`staffing_status` shows every
position's ``approved, filled, pending, vacancy``.

Examples
--------
>>> import pandas as pd
>>> from orgplan import read_structure, sample_path
>>> from orgplan.headcount import validate_requests
>>> approved = read_structure(sample_path("approved-2027"))
>>> batch = pd.DataFrame({
...     "request_id": ["R1", "R2", "R3"],
...     "date": ["2027-04-02", "2027-04-03", "2027-04-01"],
...     "unit_id": ["SALES-SHOW"] * 3,
...     "position_id": ["SHOW-CONS"] * 3,
...     "kind": ["hire"] * 3,
...     "count": [1, 2, 1],
...     "special_approval": ["", "", ""]})
>>> decisions = validate_requests(approved, batch)
>>> decisions[["request_id", "decision", "vacancy_before", "vacancy_after"]]
  request_id  decision  vacancy_before  vacancy_after
0         R3  approved               2              1
1         R1  approved               1              0
2         R2  rejected               0              0
>>> print(decisions.loc[2, "message"])
Rejected: 2 × SHOW-CONS asked but only 0 free, and requests are never granted in part. Ask again within the vacancy, or with the GM's special approval to exceed the approved structure.
"""

from __future__ import annotations

import datetime as _dt
import enum
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Sequence

import numpy as np
import pandas as pd

from orgplan import _ledger
from orgplan._decide import CODES, DECISION_OF_CODE, decide
from orgplan._requests import REQUESTS, canonical_frame, prepare, read_request_table
from orgplan.model.tree import forest
from orgplan.errors import ChangeError, ParameterError, UnknownIdError
from orgplan.model.structure import Structure

__all__ = [
    "Decision",
    "ReasonCode",
    "RequestKind",
    "REQUEST_COLUMNS",
    "DECISION_COLUMNS",
    "read_requests",
    "validate_requests",
    "staffing_status",
    "record_fill",
    "exceptions_report",
    "ExceptionsReport",
    "Ledger",
]


class RequestKind(enum.StrEnum):
    """What a request asks for (the ``kind`` column; Chinese 增人 / 增編 / 新設職位 are accepted)."""

    HIRE = "hire"
    """增人: fill seats of an existing position."""
    ADD_ESTABLISHMENT = "add_establishment"
    """增編: raise a position's approved headcount."""
    NEW_POSITION = "new_position"
    """新設職位: create a position with ``count`` approved seats."""


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
    MISSING_VALUE = "missing_value"
    BAD_DATE = "bad_date"
    UNKNOWN_KIND = "unknown_kind"
    BAD_COUNT = "bad_count"
    DUPLICATE_REQUEST_ID = "duplicate_request_id"
    UNKNOWN_UNIT = "unknown_unit"
    REQUEST_ID_REUSED = "request_id_reused"
    UNKNOWN_POSITION = "unknown_position"
    POSITION_NOT_IN_UNIT = "position_not_in_unit"
    POSITION_EXISTS = "position_exists"

    @property
    def decision(self) -> Decision:
        """The decision this reason leads to."""
        return Decision(DECISION_OF_CODE[self.value])


assert tuple(ReasonCode) == tuple(ReasonCode(c) for c in CODES)  # one list of codes, kept in step

#: Columns of a requests table (``reason, requested_by, special_approval, title`` may be left out).
REQUEST_COLUMNS: tuple[str, ...] = tuple(c.name for c in REQUESTS.columns)

#: Columns of the decisions table, in order.
DECISION_COLUMNS: tuple[str, ...] = (
    "request_id", "decision", "reason_code", "message", "vacancy_before", "vacancy_after",
    "over_establishment", "date", "unit_id", "position_id", "title", "kind", "count", "special_approval",
    "requested_by", "reason", "row", "recorded_earlier",
)

#: Reason codes of approvals that go beyond the approved structure.
_EXCEPTION_CODES = (ReasonCode.SPECIAL_APPROVAL_OVER_ESTABLISHMENT, ReasonCode.SPECIAL_APPROVAL_ADD_ESTABLISHMENT,
                    ReasonCode.SPECIAL_APPROVAL_NEW_POSITION)


# --------------------------------------------------------------------- ledger
@dataclass(frozen=True)
class Ledger:
    """The headcount ledger: an SQLite file of decided requests and filled seats.

    Creating a ``Ledger`` only names the file; :func:`validate_requests`
    creates it on first use. Reading methods open it read-only.

    Parameters
    ----------
    path : str or Path
        The ledger file, e.g. ``"out/ledger-2027.sqlite"``. Keep one ledger
        per approved structure.

    Examples
    --------
    >>> import tempfile, pathlib, pandas as pd
    >>> from orgplan import read_structure, sample_path
    >>> approved = read_structure(sample_path("approved-2027"))
    >>> batch = pd.DataFrame({"request_id": ["R1"], "date": ["2027-04-02"], "unit_id": ["SALES-KA"],
    ...                       "position_id": ["KA-CONS"], "kind": ["hire"], "count": [1]})
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     ledger = Ledger(pathlib.Path(tmp) / "ledger.sqlite")
    ...     first = validate_requests(approved, batch, ledger=ledger)
    ...     again = validate_requests(approved, batch, ledger=ledger)   # the same batch once more
    ...     status = staffing_status(approved, ledger).set_index("position_id").loc["KA-CONS"]
    >>> first.loc[0, "decision"], bool(again.loc[0, "recorded_earlier"])
    ('approved', True)
    >>> [int(v) for v in status[["approved", "filled", "pending", "vacancy"]]]
    [4, 3, 1, 0]
    """

    path: Path

    def __init__(self, path: str | os.PathLike) -> None:
        object.__setattr__(self, "path", Path(path))

    @property
    def exists(self) -> bool:
        """Whether the ledger file has been created."""
        return self.path.exists()

    def decisions(self) -> pd.DataFrame:
        """Every recorded decision (the decisions table's columns, plus ``title, seats, filled, batch_id``)."""
        with self._read() as conn:
            table = pd.read_sql_query(
                "SELECT d.*, COALESCE(f.filled, 0) AS filled FROM decisions d LEFT JOIN "
                "(SELECT request_id, SUM(count) AS filled FROM fills GROUP BY request_id) f USING (request_id) "
                "ORDER BY d.date, d.batch_id, d.file_row", conn)
        table = table.rename(columns={"file_row": "row"})
        table["recorded_earlier"] = True
        for column in ("vacancy_before", "vacancy_after", "count"):
            table[column] = table[column].astype("Int64")
        columns = [*DECISION_COLUMNS, "seats", "filled", "establishment_added", "batch_id"]
        return table[columns]

    def fills(self) -> pd.DataFrame:
        """Every recorded fill: ``fill_id, request_id, position_id, count, date, recorded_at``."""
        with self._read() as conn:
            return pd.read_sql_query("SELECT * FROM fills ORDER BY fill_id", conn)

    def batches(self) -> pd.DataFrame:
        """One row per recorded batch: ``batch_id, source, recorded_at, requests, decided``."""
        with self._read() as conn:
            return pd.read_sql_query("SELECT * FROM batches ORDER BY batch_id", conn)

    def _state(self, structure_name: str | None = None) -> _ledger.LedgerState:
        with self._read(structure_name) as conn:
            return _ledger.load_state(conn)

    def _read(self, structure_name: str | None = None):
        import contextlib

        @contextlib.contextmanager
        def reading():
            conn = _ledger.connect(self.path, mode="read", structure_name=structure_name)
            try:
                with _ledger.transaction(conn, immediate=False):
                    yield conn
            finally:
                conn.close()

        return reading()


def _as_ledger(ledger: Ledger | str | os.PathLike | None) -> Ledger | None:
    if ledger is None or isinstance(ledger, Ledger):
        return ledger
    if isinstance(ledger, (str, os.PathLike)):
        return Ledger(ledger)
    raise ParameterError(f"The 'ledger' parameter must be a Ledger, a path or None. Got {ledger!r} instead.")


# ------------------------------------------------------------------- requests
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
    table, file = read_request_table(path)
    frame = canonical_frame(table, file)
    out = pd.DataFrame({c: frame[c] if c in frame.columns else pd.Series([""] * len(frame), dtype="str")
                        for c in REQUEST_COLUMNS})
    out["row"] = np.arange(len(out), dtype=np.int64) + 2
    out.attrs["file"] = file
    return out


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
    prepared = prepare(frame, file, rows=rows)
    ledger = _as_ledger(ledger)
    if ledger is None or not record:
        state = ledger._state(structure.name) if ledger is not None else _ledger.LedgerState.empty()
        return _public(decide(structure, prepared, state))
    conn = _ledger.connect(ledger.path, mode="create", structure_name=structure.name)
    try:
        with _ledger.transaction(conn):
            table = decide(structure, prepared, _ledger.load_state(conn), fingerprints=True)
            writable = (~table["recorded_earlier"].to_numpy(dtype=bool)
                        & (table["request_id"] != "").to_numpy(dtype=bool)
                        & ~table["reason_code"].isin([ReasonCode.DUPLICATE_REQUEST_ID,
                                                      ReasonCode.REQUEST_ID_REUSED]).to_numpy(dtype=bool))
            _ledger.write_decisions(conn, _ledger_rows(table[writable]), source=file, requests=len(table),
                                    decided=int(writable.sum()))
    finally:
        conn.close()
    return _public(table)


def _request_frame(requests) -> tuple[pd.DataFrame, str, np.ndarray | None]:
    if isinstance(requests, (str, os.PathLike)):
        frame = read_requests(requests)
        return frame, frame.attrs["file"], frame["row"].to_numpy()
    if not isinstance(requests, pd.DataFrame):
        raise ParameterError("The 'requests' parameter of validate_requests must be a DataFrame or a path. "
                             f"Got {type(requests).__name__} instead.")
    file = str(requests.attrs.get("file", "requests table"))
    frame = canonical_frame(requests, file)
    rows = requests["row"].to_numpy() if "row" in requests.columns and "row" not in frame.columns else None
    if rows is not None and not np.issubdtype(np.asarray(rows).dtype, np.integer):
        rows = None
    return frame, file, rows


def _public(table: pd.DataFrame) -> pd.DataFrame:
    return table[list(DECISION_COLUMNS)]


def _ledger_rows(table: pd.DataFrame):
    values = {
        "request_id": table["request_id"], "file_row": table["row"], "date": table["date"],
        "unit_id": table["unit_id"], "position_id": table["position_id"], "title": table["title"],
        "kind": table["kind"], "count": table["count"], "reason": table["reason"],
        "requested_by": table["requested_by"], "special_approval": table["special_approval"],
        "decision": table["decision"], "reason_code": table["reason_code"], "message": table["message"],
        "vacancy_before": table["vacancy_before"], "vacancy_after": table["vacancy_after"],
        "over_establishment": table["over_establishment"], "seats": table["seats"],
        "establishment_added": table["establishment_added"], "fingerprint": table["fingerprint"],
    }
    columns = [values[f].astype(object).where(values[f].notna(), None).tolist()
               for f in _ledger.DECISION_FIELDS if f != "batch_id"]
    return zip(*columns)


# --------------------------------------------------------------------- status
def staffing_status(
    structure: Structure,
    ledger: Ledger | str | os.PathLike | None = None,
    *,
    by: Literal["position", "department"] = "position",
) -> pd.DataFrame:
    """The staffing-completeness view: approved, filled, pending and vacancy.

    Parameters
    ----------
    structure : Structure
        The approved structure.
    ledger : Ledger or path, optional
        Adds what the ledger approved (establishment raised, new positions,
        pending seats) and filled. Without one: the structure alone.
    by : {"position", "department"}
        One row per position, or per department (a unit right below the
        company; the company's own positions form its row).

    Returns
    -------
    DataFrame
        ``position_id, unit_id, title, approved, filled, pending, vacancy,
        over_establishment`` (by position) or ``unit_id, name, approved,
        filled, pending, vacancy, over_establishment`` (by department).
        ``vacancy`` = max(approved − filled − pending, 0);
        ``over_establishment`` = max(filled + pending − approved, 0).

    Examples
    --------
    >>> from orgplan import read_structure, sample_path
    >>> approved = read_structure(sample_path("approved-2027"))
    >>> staffing_status(approved, by="department").head(3)
      unit_id          name  approved  filled  pending  vacancy  over_establishment
    0      CO  嘉豐汽車銷售服務有限公司         2       2        0        0                   0
    1     ADM           行政部        10      10        0        0                   0
    2     FIN           財務部         5       5        0        0                   0
    """
    if by not in ("position", "department"):
        raise ParameterError(f"The 'by' parameter of staffing_status must be 'position' or 'department'. "
                             f"Got {by!r} instead.")
    ledger = _as_ledger(ledger)
    state = ledger._state(structure.name) if ledger is not None else _ledger.LedgerState.empty()
    positions = structure.positions
    table = pd.DataFrame({
        "position_id": positions["position_id"], "unit_id": positions["unit_id"], "title": positions["title"],
        "approved": positions["approved"].astype(np.int64), "filled": positions["filled"].astype(np.int64),
    })
    recorded = state.positions
    created = recorded[recorded["new_position"].to_numpy(dtype=bool)
                       & ~recorded["position_id"].isin(table["position_id"]).to_numpy(dtype=bool)]
    if len(created):
        table = pd.concat([table, pd.DataFrame({
            "position_id": created["position_id"], "unit_id": created["unit_id"],
            "title": created["title"].fillna(created["position_id"]),
            "approved": 0, "filled": 0})], ignore_index=True)
    at = pd.Index(table["position_id"].to_numpy(dtype=object)).get_indexer(
        recorded["position_id"].to_numpy(dtype=object))
    known = at >= 0
    added = np.zeros(len(table), dtype=np.int64)
    seats = np.zeros(len(table), dtype=np.int64)
    filled = np.zeros(len(table), dtype=np.int64)
    np.add.at(added, at[known], recorded["establishment_added"].to_numpy(dtype=np.int64)[known])
    np.add.at(seats, at[known], recorded["seats"].to_numpy(dtype=np.int64)[known])
    np.add.at(filled, at[known], recorded["filled"].to_numpy(dtype=np.int64)[known])
    table["approved"] = table["approved"].to_numpy() + added
    table["filled"] = table["filled"].to_numpy() + filled
    table["pending"] = seats - filled
    table = _with_vacancy(table)
    if by == "position":
        return table
    department = _department_of(structure)
    table["department"] = table["unit_id"].map(department)
    grouped = table.groupby("department", sort=False)[["approved", "filled", "pending"]].sum()
    units = structure.units
    order = [u for u in units["unit_id"] if u in grouped.index]
    grouped = grouped.loc[order].reset_index().rename(columns={"department": "unit_id"})
    grouped.insert(1, "name", grouped["unit_id"].map(dict(zip(units["unit_id"], units["name"]))))
    by_position = table.assign(headroom=table["approved"] - table["filled"] - table["pending"])
    vacancy = by_position.groupby("department")["headroom"].agg(lambda h: int(np.maximum(h, 0).sum()))
    over = by_position.groupby("department")["headroom"].agg(lambda h: int(np.maximum(-h, 0).sum()))
    grouped["vacancy"] = grouped["unit_id"].map(vacancy).astype(np.int64)
    grouped["over_establishment"] = grouped["unit_id"].map(over).astype(np.int64)
    return grouped


def _with_vacancy(table: pd.DataFrame) -> pd.DataFrame:
    headroom = (table["approved"] - table["filled"] - table["pending"]).to_numpy(dtype=np.int64)
    return table.assign(vacancy=np.maximum(headroom, 0), over_establishment=np.maximum(-headroom, 0))


def _department_of(structure: Structure) -> dict[str, str]:
    """unit_id → its department: the unit right below the company (the company for itself)."""
    units = structure.units
    tree = forest(units["unit_id"], units["parent_id"])
    ids = units["unit_id"].to_numpy(dtype=object)
    top = np.arange(len(ids))
    for level in tree.levels[2:]:
        top[level] = top[tree.parent[level]]
    return dict(zip(ids, ids[top]))


# ---------------------------------------------------------------------- fills
def record_fill(
    ledger: Ledger | str | os.PathLike,
    request_id: str | Sequence[str],
    count: int | None = None,
    *,
    date: _dt.date | str | None = None,
) -> pd.DataFrame:
    """Record that seats of approved hires were filled: pending turns into filled.

    Several requests are recorded in one transaction: all of them or, if
    one cannot be filled, none.

    Parameters
    ----------
    ledger : Ledger or path
        The ledger the hires were approved in.
    request_id : str or sequence of str
        Approved ``hire`` requests.
    count : int, optional
        How many seats of each were filled; default all still pending.
    date : date or str, optional
        When (``YYYY-MM-DD``); default today.

    Returns
    -------
    DataFrame
        One row per request: ``request_id, position_id, filled, still_pending``.

    Raises
    ------
    UnknownIdError
        If the ledger has no such request.
    ChangeError
        If a request was not an approved hire, or fewer seats are pending.
    ParameterError
        If ``count`` is not a positive whole number or ``date`` not a date.

    Examples
    --------
    >>> import tempfile, pathlib, pandas as pd
    >>> from orgplan import read_structure, sample_path
    >>> approved = read_structure(sample_path("approved-2027"))
    >>> batch = pd.DataFrame({"request_id": ["R1"], "date": ["2027-04-02"], "unit_id": ["AS-WS-MECH"],
    ...                       "position_id": ["MECH-TECH"], "kind": ["hire"], "count": [2]})
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     ledger = pathlib.Path(tmp) / "ledger.sqlite"
    ...     _ = validate_requests(approved, batch, ledger=ledger)
    ...     print(record_fill(ledger, "R1", 1, date="2027-05-06").to_string(index=False))
    request_id position_id  filled  still_pending
            R1   MECH-TECH       1              1
    """
    ledger = _as_ledger(ledger)
    ids = [request_id] if isinstance(request_id, str) else list(request_id)
    if count is not None and (isinstance(count, bool) or not isinstance(count, (int, np.integer)) or count < 1):
        raise ParameterError(f"The 'count' parameter of record_fill must be a positive integer. Got {count!r} instead.")
    date = _parse_date(date)
    conn = _ledger.connect(ledger.path, mode="write")
    rows = []
    try:
        with _ledger.transaction(conn):
            for rid in ids:
                found = conn.execute(
                    "SELECT d.position_id, d.kind, d.decision, d.seats, COALESCE(SUM(f.count), 0) FROM decisions d "
                    "LEFT JOIN fills f USING (request_id) WHERE d.request_id = ? GROUP BY d.request_id",
                    (rid,)).fetchone()
                if found is None:
                    raise UnknownIdError(f"The ledger {ledger.path} has no request {rid!r}.")
                position_id, kind, decision, seats, filled = found
                if decision != "approved" or kind != "hire":
                    raise ChangeError(f"Request {rid} is a {kind} request that was {decision}; only approved hire "
                                      "requests have seats to fill. Nothing was recorded.")
                pending = seats - filled
                if pending == 0:
                    raise ChangeError(f"Request {rid}: its {seats} approved seat{'s are' if seats != 1 else ' is'} already "
                                      "filled. Nothing was recorded.")
                filling = pending if count is None else int(count)
                if filling > pending:
                    raise ChangeError(f"Request {rid} has {pending} pending seat{'s' if pending != 1 else ''} "
                                      f"({seats} approved, {filled} filled); cannot fill {filling}. "
                                      "Nothing was recorded.")
                _ledger.add_fills(conn, [(rid, position_id, filling, date)])
                rows.append((rid, position_id, filling, pending - filling))
    finally:
        conn.close()
    return pd.DataFrame(rows, columns=["request_id", "position_id", "filled", "still_pending"])


def _parse_date(date: _dt.date | str | None) -> str:
    if date is None:
        return _dt.date.today().isoformat()
    if isinstance(date, _dt.datetime):
        return date.date().isoformat()
    if isinstance(date, _dt.date):
        return date.isoformat()
    try:
        return _dt.date.fromisoformat(str(date).strip()).isoformat()
    except ValueError:
        raise ParameterError(f"The 'date' parameter of record_fill must be a date written as YYYY-MM-DD. "
                             f"Got {date!r} instead.") from None


# ----------------------------------------------------------------- exceptions
#: The summary names at most this many departments to review.
_SUMMARY_DEPARTMENTS = 10


@dataclass(frozen=True)
class ExceptionsReport:
    """Special approvals granted beyond the approved structure, for the GM and the admin manager.

    Attributes
    ----------
    requests : DataFrame
        One row per approval beyond the structure: ``request_id, date,
        department, department_name, unit_id, position_id, title, kind,
        count, seats_over, special_approval, requested_by, reason``.
    by_department : DataFrame
        ``department, name, exceptions, seats_over, establishment, share,
        review``: how many exceptions each department needed, how many seats
        over its approved establishment that makes, as a share of it, and
        whether that share reaches ``review_share`` (the structure of that
        department needs review).
    establishment : int
        The approved structure's total establishment.
    review_share : float
        The share of a department's establishment from which it is flagged.
    """

    requests: pd.DataFrame
    by_department: pd.DataFrame
    establishment: int
    review_share: float = 0.1

    @property
    def count(self) -> int:
        """How many special approvals went beyond the structure."""
        return len(self.requests)

    @property
    def seats_over(self) -> int:
        """Seats granted beyond the approved establishment, in total."""
        return int(self.requests["seats_over"].sum())

    @property
    def summary(self) -> str:
        """One sentence for the GM."""
        if not self.count:
            return "No special approval went beyond the approved structure."
        departments = self.by_department
        flagged = departments[departments["review"]]
        review = flagged["name"].tolist()
        if len(review) > _SUMMARY_DEPARTMENTS:  # the furthest over first, and how many more
            furthest = flagged.sort_values("share", ascending=False, kind="stable", na_position="first")
            review = (furthest["name"].head(_SUMMARY_DEPARTMENTS).tolist()
                      + [f"and {len(flagged) - _SUMMARY_DEPARTMENTS} more (see by_department)"])
        share = self.seats_over / self.establishment if self.establishment else float("nan")
        text = (f"{self.count} special approval{'s' if self.count != 1 else ''} beyond the approved structure: "
                f"{self.seats_over} seat{'s' if self.seats_over != 1 else ''} over establishment "
                f"({share:.1%} of {self.establishment}) in {len(departments)} "
                f"department{'s' if len(departments) != 1 else ''}.")
        if review:
            text += f" Review the structure of: {', '.join(review)}."
        return text

    def __repr__(self) -> str:
        return f"ExceptionsReport({self.summary!r})"

    def _repr_html_(self) -> str:
        import html

        parts = [f"<p><strong>{html.escape(self.summary)}</strong></p>"]
        if self.count:
            parts.append(self.by_department.style.set_uuid("exceptions-by-department").hide(axis="index")
                         .format({"share": "{:.1%}"}).to_html())
            parts.append(self.requests.style.set_uuid("exceptions-requests").hide(axis="index").to_html())
        return "\n".join(parts)

    def plot(self, ax=None):
        """Bar chart of seats over establishment by department (Chinese names render).

        Returns the matplotlib ``Axes``.
        """
        import matplotlib.pyplot as plt

        from orgplan.render.fonts import cjk_context, installed_fonts

        families = installed_fonts()
        # an explicit family list is stored with each text, so it still holds when Jupyter draws later
        with cjk_context():
            if ax is None:
                _, ax = plt.subplots(figsize=(6, 0.5 + 0.45 * max(len(self.by_department), 1)))
            table = self.by_department.iloc[::-1]
            colors = ["#c0392b" if r else "#e67e22" for r in table["review"]]
            positions = range(len(table))
            ax.barh(list(positions), table["seats_over"], color=colors)
            ax.set_yticks(list(positions), [f"{n}（{d}）" for n, d in zip(table["name"], table["department"])],
                          fontfamily=families)
            for y, (seats, share) in enumerate(zip(table["seats_over"], table["share"])):
                ax.annotate(f" {seats}（{share:.0%}）", (seats, y), va="center", fontfamily=families)
            ax.set_xlabel("超編席位 seats over establishment", fontfamily=families)
            ax.set_title("總經理特批（超出已批准架構）Special approvals beyond the structure", fontfamily=families)
            ax.xaxis.get_major_locator().set_params(integer=True)
        return ax


def exceptions_report(decisions: pd.DataFrame, structure: Structure, *, review_share: float = 0.1) -> ExceptionsReport:
    """Collect the special approvals that went beyond the approved structure.

    Parameters
    ----------
    decisions : DataFrame
        Decisions from :func:`validate_requests`, or every recorded decision
        (:meth:`Ledger.decisions`).
    structure : Structure
        The approved structure (for departments, titles and establishment).
    review_share : float, default 0.1
        Flag a department for review when its seats over establishment reach
        this share of its approved establishment.

    Returns
    -------
    ExceptionsReport

    Examples
    --------
    >>> import pandas as pd
    >>> from orgplan import read_structure, sample_path
    >>> approved = read_structure(sample_path("approved-2027"))
    >>> batch = pd.DataFrame({
    ...     "request_id": ["R1", "R2"], "date": ["2027-04-02", "2027-04-03"],
    ...     "unit_id": ["SALES-KA", "MKT"], "position_id": ["KA-CONS", "MKT-EV"],
    ...     "kind": ["hire", "new_position"], "count": [3, 1], "special_approval": ["GM-2027-007", "GM-2027-008"]})
    >>> report = exceptions_report(validate_requests(approved, batch), approved)
    >>> report.summary
    '2 special approvals beyond the approved structure: 3 seats over establishment (2.4% of 126) in 2 departments. Review the structure of: 市場部.'
    >>> report.by_department[["department", "exceptions", "seats_over", "establishment"]]
      department  exceptions  seats_over  establishment
    0      SALES           1           2             40
    1        MKT           1           1              5
    >>> report.by_department["review"].tolist()  # 1 seat over is 20 % of marketing's 5
    [False, True]
    """
    if not (isinstance(review_share, (int, float)) and 0 <= review_share):
        raise ParameterError(f"The 'review_share' parameter of exceptions_report must be a number of 0 or more. "
                             f"Got {review_share!r} instead.")
    missing = [c for c in ("decision", "reason_code", "over_establishment", "unit_id", "position_id")
               if c not in decisions.columns]
    if missing:
        raise ParameterError(f"The 'decisions' parameter of exceptions_report must be a decisions table "
                             f"(from validate_requests). Got a table without {', '.join(missing)} instead.")
    from orgplan.organisation.metrics import rollup

    chosen = decisions[(decisions["decision"] == Decision.APPROVED).to_numpy(dtype=bool)
                       & decisions["reason_code"].isin(list(_EXCEPTION_CODES)).to_numpy(dtype=bool)]
    department = _department_of(structure)
    units = structure.units
    unit_name = dict(zip(units["unit_id"], units["name"]))
    titles = dict(zip(structure.positions["position_id"], structure.positions["title"]))
    if "title" in chosen.columns:
        titles = {**dict(zip(chosen["position_id"], chosen["title"])), **titles}
    requests = pd.DataFrame({
        "request_id": chosen["request_id"].to_numpy(),
        "date": chosen["date"].to_numpy(),
        "department": chosen["unit_id"].map(department).to_numpy(),
        "department_name": chosen["unit_id"].map(department).map(unit_name).to_numpy(),
        "unit_id": chosen["unit_id"].to_numpy(),
        "position_id": chosen["position_id"].to_numpy(),
        "title": chosen["position_id"].map(titles).to_numpy(),
        "kind": chosen["kind"].to_numpy(),
        "count": chosen["count"].astype("Int64").to_numpy(),
        "seats_over": chosen["over_establishment"].astype(np.int64).to_numpy(),
        "special_approval": chosen["special_approval"].to_numpy(),
        "requested_by": chosen["requested_by"].to_numpy(),
        "reason": chosen["reason"].to_numpy(),
    })
    establishment = rollup(structure).set_index("unit_id")["approved"]
    grouped = (requests.groupby("department", sort=False)
               .agg(exceptions=("request_id", "size"), seats_over=("seats_over", "sum")))
    order = [u for u in units["unit_id"] if u in grouped.index]
    by_department = grouped.loc[order].reset_index()
    by_department.insert(1, "name", by_department["department"].map(unit_name))
    by_department["establishment"] = by_department["department"].map(establishment).astype(np.int64)
    by_department["share"] = by_department["seats_over"] / by_department["establishment"].where(
        by_department["establishment"] > 0)
    by_department["review"] = (by_department["share"].fillna(np.inf) >= review_share).to_numpy(dtype=bool)
    root = units.loc[units["parent_id"].isna(), "unit_id"]
    total = int(establishment.loc[root].sum()) if len(root) else int(structure.positions["approved"].sum())
    return ExceptionsReport(requests, by_department, total, float(review_share))
