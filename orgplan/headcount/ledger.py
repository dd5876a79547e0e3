"""The headcount ledger: an SQLite file of decided requests and filled seats.

The ledger is what makes decisions durable across runs:

* every decided request is stored under its ``request_id``, with a
  fingerprint of its content, so re-running a batch reports the earlier
  decisions instead of consuming seats twice;
* approved hires are *pending seats* until :func:`record_fill` records them as filled;
* approved ``add_establishment`` / ``new_position`` requests raise the
  establishment seen by later runs.

Each batch is one SQLite transaction opened with ``BEGIN IMMEDIATE``: a
second validator waits until the first has committed, then decides against
the updated ledger, so two processes can never hand out the same seat. A run
that dies inside the transaction leaves SQLite's journal behind, and the
next connection rolls it back: the ledger is as before the batch or fully
updated, never half.

Two environment variables exist for the crash and concurrency tests only:
``ORGPLAN_LEDGER_CRASH_AFTER=N`` ends the process (``os._exit(75)``) after
N decision rows were written inside the transaction, and
``ORGPLAN_LEDGER_PAUSE=SECONDS`` sleeps after the ledger was read inside
the transaction, widening the window a race would need.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, NamedTuple, Sequence

import numpy as np
import pandas as pd

from orgplan.errors import ChangeError, DataError, ParameterError, Problem, UnknownIdError
from orgplan.headcount.requests import DECISION_COLUMNS, DECISION_LABELS, KIND_LABELS
from orgplan.i18n import N_, Translator

_ = Translator("headcount")

__all__ = ["Ledger", "open_ledger", "record_fill", "record_hires", "LedgerState", "Earlier", "as_ledger", "read_state", "connect", "transaction",
           "load_state", "write_decisions", "SCHEMA_VERSION", "DECISION_FIELDS"]

SCHEMA_VERSION = "1"

#: Columns of the ``decisions`` table, in insert order.
DECISION_FIELDS = (
    "request_id", "batch_id", "file_row", "date", "unit_id", "position_id", "title", "kind", "count",
    "reason", "requested_by", "special_approval", "decision", "reason_code", "message",
    "vacancy_before", "vacancy_after", "over_establishment", "seats", "establishment_added", "fingerprint",
)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS batches (
    batch_id INTEGER PRIMARY KEY AUTOINCREMENT,
    source TEXT,
    recorded_at TEXT NOT NULL,
    requests INTEGER NOT NULL,
    decided INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS decisions (
    request_id TEXT PRIMARY KEY,
    batch_id INTEGER NOT NULL REFERENCES batches(batch_id),
    file_row INTEGER,
    date TEXT, unit_id TEXT, position_id TEXT, title TEXT, kind TEXT, count INTEGER,
    reason TEXT, requested_by TEXT, special_approval TEXT,
    decision TEXT NOT NULL, reason_code TEXT NOT NULL, message TEXT NOT NULL,
    vacancy_before INTEGER, vacancy_after INTEGER,
    over_establishment INTEGER NOT NULL DEFAULT 0,
    seats INTEGER NOT NULL DEFAULT 0 CHECK (seats >= 0),
    establishment_added INTEGER NOT NULL DEFAULT 0 CHECK (establishment_added >= 0),
    fingerprint TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS decisions_by_position ON decisions(position_id) WHERE decision = 'approved';
CREATE TABLE IF NOT EXISTS fills (
    fill_id INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id TEXT NOT NULL REFERENCES decisions(request_id),
    position_id TEXT NOT NULL,
    count INTEGER NOT NULL CHECK (count > 0),
    date TEXT,
    recorded_at TEXT NOT NULL
);
"""

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
    >>> from orgplan.headcount import staffing_status, validate_requests
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

    def decisions(self, structure_name: str | None = None) -> pd.DataFrame:
        """Every recorded decision (the decisions table's columns, plus ``seats, filled, establishment_added, batch_id``).

        With ``structure_name``, a ledger that records another structure is
        refused (:class:`~orgplan.errors.ParameterError`).
        """
        with _reading(self.path, structure_name) as conn:
            table = pd.read_sql_query(
                "SELECT d.*, COALESCE(f.filled, 0) AS filled FROM decisions d LEFT JOIN "
                "(SELECT request_id, SUM(count) AS filled FROM fills GROUP BY request_id) f USING (request_id) "
                "ORDER BY d.date, d.batch_id, d.file_row", conn)
        table = table.rename(columns={"file_row": "row"})
        table["recorded_earlier"] = True
        for column in ("vacancy_before", "vacancy_after", "count"):
            table[column] = table[column].astype("Int64")
        return table[[*DECISION_COLUMNS, "seats", "filled", "establishment_added", "batch_id"]]

    def fills(self) -> pd.DataFrame:
        """Every recorded fill: ``fill_id, request_id, position_id, count, date, recorded_at``."""
        with _reading(self.path) as conn:
            return pd.read_sql_query("SELECT * FROM fills ORDER BY fill_id", conn)

    def batches(self) -> pd.DataFrame:
        """One row per recorded batch: ``batch_id, source, recorded_at, requests, decided``."""
        with _reading(self.path) as conn:
            return pd.read_sql_query("SELECT * FROM batches ORDER BY batch_id", conn)


def open_ledger(path: str | os.PathLike, *, fresh: bool = False) -> Ledger:
    """The ledger at ``path``, its folder made if needed; ``fresh=True`` starts an empty one (for a walkthrough).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> ledger = open_ledger(folder / "out" / "ledger.sqlite", fresh=True)
    >>> ledger.path.parent.is_dir(), ledger.exists
    (True, False)
    """
    ledger = Ledger(path)
    ledger.path.parent.mkdir(parents=True, exist_ok=True)
    if fresh:
        ledger.path.unlink(missing_ok=True)
    return ledger


def as_ledger(ledger: Ledger | str | os.PathLike | None) -> Ledger | None:
    """A ``ledger`` parameter as a :class:`Ledger` (or None)."""
    if ledger is None or isinstance(ledger, Ledger):
        return ledger
    if isinstance(ledger, (str, os.PathLike)):
        return Ledger(ledger)
    raise ParameterError(_("The 'ledger' parameter must be a Ledger, a path or None. Got {value} instead.").format(
        value=repr(ledger)))


def read_state(ledger: Ledger | None, structure_name: str | None = None) -> LedgerState:
    """What the ledger recorded (empty without a ledger), read in one consistent snapshot."""
    if ledger is None:
        return LedgerState.empty()
    with _reading(ledger.path, structure_name) as conn:
        return load_state(conn)


@contextlib.contextmanager
def _reading(path: Path, structure_name: str | None = None) -> Iterator[sqlite3.Connection]:
    conn = connect(path, mode="read", structure_name=structure_name)
    try:
        with transaction(conn, immediate=False):
            yield conn
    finally:
        conn.close()


_NOT_A_LEDGER = N_("an orgplan headcount ledger (the SQLite file `orgplan requests validate --ledger FILE` creates)")


class Earlier(NamedTuple):
    """A decision an earlier run recorded, as a re-run reports it."""

    fingerprint: str
    decision: str
    reason_code: str
    message: str
    vacancy_before: int | None
    vacancy_after: int | None
    over_establishment: int


@dataclass(frozen=True)
class LedgerState:
    """What earlier runs decided, as seen at the start of a batch.

    ``positions``: ``position_id, unit_id, title, new_position, establishment_added,
    seats, filled`` per position the ledger has approved anything for
    (``unit_id``/``title`` only for positions the ledger created).
    ``earlier``: every recorded decision by its ``request_id``.
    """

    positions: pd.DataFrame
    earlier: dict[str, Earlier]

    @classmethod
    def empty(cls) -> "LedgerState":
        return cls(pd.DataFrame({"position_id": pd.Series(dtype="str"), "unit_id": pd.Series(dtype="str"),
                                 "title": pd.Series(dtype="str"), "new_position": pd.Series(dtype=bool),
                                 "establishment_added": pd.Series(dtype="int64"), "seats": pd.Series(dtype="int64"),
                                 "filled": pd.Series(dtype="int64")}), {})


def connect(path: str | os.PathLike, *, mode: str, structure_name: str | None = None) -> sqlite3.Connection:
    """Open the ledger at ``path`` and check it is one.

    ``mode`` is ``"create"`` (read-write, created on first use), ``"write"``
    (read-write, must exist) or ``"read"`` (read-only, must exist).

    The connection is in autocommit mode: callers open transactions with
    :func:`transaction`. Concurrent writers wait up to a minute for each other.
    """
    path = Path(path)
    create = mode == "create"
    if not path.exists():
        if not create:
            raise FileNotFoundError(_("{path}: no such ledger. `orgplan requests validate … --ledger {path}` "
                                      "creates it on first use.").format(path=path))
        if not path.parent.exists():
            raise FileNotFoundError(_("{path}: the folder {folder} does not exist.").format(
                path=path, folder=path.parent))
    elif path.is_dir():
        raise DataError([Problem(str(path), None, None, None, _("{ledger}, not a folder").format(
            ledger=_(_NOT_A_LEDGER)), "not_a_ledger")])
    if mode in ("create", "write"):
        _check_writable(path)
    if mode in ("create", "write") or os.access(path, os.W_OK):
        # readers open read-write when they may: only a writable connection can roll back
        # the journal a killed run left behind
        conn = sqlite3.connect(str(path), timeout=60.0, isolation_level=None)
    else:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=60.0, isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if tables and "meta" not in tables:  # another program's database: never add orgplan's tables to it
            conn.close()
            raise DataError([Problem(str(path), None, None, None, _(
                "{ledger}; this SQLite file holds other tables ({tables}) and is left as it is").format(
                ledger=_(_NOT_A_LEDGER), tables=", ".join(sorted(tables)[:5])), "not_a_ledger")])
        if create:
            with transaction(conn):
                for statement in filter(str.strip, _SCHEMA.split(";")):
                    conn.execute(statement)  # not executescript(): it would COMMIT the open transaction
                conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (SCHEMA_VERSION,))
                if structure_name is not None:
                    conn.execute("INSERT OR IGNORE INTO meta VALUES ('structure', ?)", (structure_name,))
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.OperationalError as exc:
        conn.close()
        if "readonly" in str(exc) or "unable to open" in str(exc) or "disk I/O" in str(exc):
            raise PermissionError(_("{path}: the ledger cannot be written ({error}); make the file and its folder "
                                    "writable, or give another --ledger FILE.").format(path=path, error=exc)) from None
        raise DataError([Problem(str(path), None, None, None, _("{ledger} ({error})").format(
            ledger=_(_NOT_A_LEDGER), error=exc), "not_a_ledger")]) from None
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise DataError([Problem(str(path), None, None, None, _("{ledger} ({error})").format(
            ledger=_(_NOT_A_LEDGER), error=exc), "not_a_ledger")]) from None
    if meta.get("schema_version") != SCHEMA_VERSION:
        conn.close()
        raise DataError([Problem(str(path), None, None, meta.get("schema_version"),
                                 _("ledger schema version {version}").format(version=SCHEMA_VERSION),
                                 "not_a_ledger")])
    recorded = meta.get("structure")
    if structure_name is not None and recorded is not None and recorded != structure_name:
        conn.close()
        raise ParameterError(_(
            "The 'ledger' parameter must be a ledger of the structure {structure}. Got {path}, the ledger of "
            "{recorded}, instead. Keep one ledger file per approved structure.").format(
            structure=repr(structure_name), path=repr(str(path)), recorded=repr(recorded)))
    return conn


def _check_writable(path: Path) -> None:
    """Refuse, before anything is written, a ledger whose file or folder may not be written.

    SQLite writes a journal beside the ledger, so the folder must be
    writable as well as the file.
    """
    if path.exists() and not os.access(path, os.W_OK):
        raise PermissionError(_("{path}: the ledger file is read-only; make it writable, or give another "
                                "--ledger FILE.").format(path=path))
    if not os.access(path.parent, os.W_OK):
        raise PermissionError(_("{path}: the folder {folder} may not be written (the ledger needs to write its "
                                "journal there); choose a folder you may write to.").format(
                                    path=path, folder=path.parent))


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection, *, immediate: bool = True) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE`` … ``COMMIT``; ``ROLLBACK`` if the block raises.

    ``immediate`` takes the write lock at once, so two validators never both
    read the same free seats. Read-only callers pass ``immediate=False`` for
    a consistent snapshot without blocking writers' waiting queue.
    """
    conn.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def load_state(conn: sqlite3.Connection) -> LedgerState:
    """Read what earlier runs decided (call inside a transaction)."""
    positions = pd.read_sql_query(
        """
        SELECT position_id,
               MAX(CASE WHEN kind = 'new_position' THEN unit_id END) AS unit_id,
               MAX(CASE WHEN kind = 'new_position' THEN title END) AS title,
               MAX(kind = 'new_position') AS new_position,
               SUM(establishment_added) AS establishment_added,
               SUM(seats) AS seats
        FROM decisions WHERE decision = 'approved' GROUP BY position_id
        """, conn)
    fills = pd.read_sql_query("SELECT position_id, SUM(count) AS filled FROM fills GROUP BY position_id", conn)
    positions = positions.merge(fills, on="position_id", how="outer")
    for column in ("establishment_added", "seats", "filled"):
        positions[column] = positions[column].fillna(0).astype("int64")
    positions["new_position"] = positions["new_position"].fillna(0).astype(bool)
    for column in ("position_id", "unit_id", "title"):
        positions[column] = positions[column].astype("str")
    earlier = {request_id: Earlier(*fields) for request_id, *fields in conn.execute(
        "SELECT request_id, fingerprint, decision, reason_code, COALESCE(message, ''), vacancy_before, "
        "vacancy_after, over_establishment FROM decisions")}
    _pause_for_tests()
    return LedgerState(positions, earlier)


def write_decisions(conn: sqlite3.Connection, table: pd.DataFrame, *, source: str | None, requests: int) -> int:
    """Record a batch's new decisions (call inside the batch's transaction); return its ``batch_id``.

    ``table`` holds :data:`DECISION_FIELDS` except ``batch_id`` and
    ``file_row`` (its ``row``). A request id seen before is overwritten only
    if its earlier decision was not ``approved``: an approval is final.
    """
    now = _dt.datetime.now().isoformat(timespec="seconds")
    batch_id = conn.execute("INSERT INTO batches (source, recorded_at, requests, decided) VALUES (?, ?, ?, ?)",
                            (source, now, requests, len(table))).lastrowid
    fields = [f for f in DECISION_FIELDS if f != "batch_id"]
    values = table.rename(columns={"row": "file_row"})[fields].astype(object)
    rows = values.where(values.notna(), None).itertuples(index=False, name=None)
    updates = ", ".join(f"{f} = excluded.{f}" for f in DECISION_FIELDS if f != "request_id")
    conn.executemany(
        f"INSERT INTO decisions ({', '.join(DECISION_FIELDS)}) "
        f"VALUES (?, {batch_id}, {', '.join('?' * (len(fields) - 1))}) "
        f"ON CONFLICT(request_id) DO UPDATE SET {updates} WHERE decisions.decision != 'approved'",
        _crash_hook_for_tests(rows),
    )
    return int(batch_id)


def _crash_hook_for_tests(rows: Iterable[tuple]) -> Iterator[tuple]:
    limit = os.environ.get("ORGPLAN_LEDGER_CRASH_AFTER")
    if not limit:
        yield from rows
        return
    for written, row in enumerate(rows):
        if written >= int(limit):
            os._exit(75)  # die inside the open transaction, as a killed process would
        yield row
    os._exit(75)


def _pause_for_tests() -> None:
    pause = os.environ.get("ORGPLAN_LEDGER_PAUSE")
    if pause:
        time.sleep(float(pause))


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
    >>> from orgplan.headcount import validate_requests
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
    ledger = as_ledger(ledger)
    ids = [request_id] if isinstance(request_id, str) else list(request_id)
    if count is not None and (isinstance(count, bool) or not isinstance(count, (int, np.integer)) or count < 1):
        raise ParameterError(_("The 'count' parameter of record_fill must be a positive integer. "
                               "Got {value} instead.").format(value=repr(count)))
    date = _fill_date(date)
    now = _dt.datetime.now().isoformat(timespec="seconds")
    conn = connect(ledger.path, mode="write")
    rows = []
    try:
        with transaction(conn):
            for rid in ids:
                found = conn.execute(
                    "SELECT d.position_id, d.kind, d.decision, d.seats, COALESCE(SUM(f.count), 0) FROM decisions d "
                    "LEFT JOIN fills f USING (request_id) WHERE d.request_id = ? GROUP BY d.request_id",
                    (rid,)).fetchone()
                if found is None:
                    raise UnknownIdError(_("The ledger {path} has no request {request_id}.").format(
                        path=ledger.path, request_id=repr(rid)))
                position_id, kind, decision, seats, filled = found
                if decision != "approved" or kind != "hire":
                    raise ChangeError(_("Request {request_id} is a {kind} request that was {decision}; only "
                                        "approved hire requests have seats to fill. Nothing was recorded.").format(
                        request_id=rid, kind=_(KIND_LABELS.get(kind, kind)),
                        decision=_(DECISION_LABELS.get(decision, decision))))
                pending = seats - filled
                if pending == 0:
                    raise ChangeError(_.ngettext(
                        "Request {request_id}: its {seats} approved seat is already filled. Nothing was recorded.",
                        "Request {request_id}: its {seats} approved seats are already filled. Nothing was recorded.",
                        seats).format(request_id=rid, seats=seats))
                filling = pending if count is None else int(count)
                if filling > pending:
                    raise ChangeError(_.ngettext(
                        "Request {request_id} has {pending} pending seat ({seats} approved, {filled} filled); "
                        "cannot fill {filling}. Nothing was recorded.",
                        "Request {request_id} has {pending} pending seats ({seats} approved, {filled} filled); "
                        "cannot fill {filling}. Nothing was recorded.", pending).format(
                        request_id=rid, pending=pending, seats=seats, filled=filled, filling=filling))
                conn.execute("INSERT INTO fills (request_id, position_id, count, date, recorded_at) "
                             "VALUES (?, ?, ?, ?, ?)", (rid, position_id, filling, date, now))
                rows.append((rid, position_id, filling, pending - filling))
    finally:
        conn.close()
    return pd.DataFrame(rows, columns=["request_id", "position_id", "filled", "still_pending"])


def record_hires(
    ledger: Ledger | str | os.PathLike,
    request_id: str,
    people_log: str | os.PathLike,
    people: Sequence[str],
    *,
    date: _dt.date | str | None = None,
    employment_type: str = "probation",
) -> pd.DataFrame:
    """Fill seats of an approved hire with named people: the ledger's pending seats and the people log at once.

    One seat per person (``工号`` or ``工号:姓名``); each gets a hire (入职) event into the request's position
    in ``people_log``, noted with the request id. People already in post are refused before anything is
    recorded. Returns what :func:`record_fill` returns.

    Examples
    --------
    >>> import tempfile, pathlib, pandas as pd
    >>> from orgplan import read_structure, sample_path
    >>> from orgplan.headcount import validate_requests
    >>> approved = read_structure(sample_path("approved-2027"))
    >>> batch = pd.DataFrame({"request_id": ["R1"], "date": ["2027-04-02"], "unit_id": ["AS-WS-MECH"],
    ...                       "position_id": ["MECH-TECH"], "kind": ["hire"], "count": [2]})
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     ledger, log = pathlib.Path(tmp) / "ledger.sqlite", pathlib.Path(tmp) / "people.csv"
    ...     _ = log.write_text("工号,姓名,日期,事件,职位编号,用工形式\\nE1,王一,2027-01-04,入职,GM,正式\\n", encoding="utf-8")
    ...     _ = validate_requests(approved, batch, ledger=ledger)
    ...     print(record_hires(ledger, "R1", log, ["E2:李二"], date="2027-05-06").to_string(index=False))
    ...     print(log.read_text(encoding="utf-8-sig").splitlines()[-1])
    request_id position_id  filled  still_pending
            R1   MECH-TECH       1              1
    E2,李二,2027-05-06,入职,MECH-TECH,试用,R1
    """
    from orgplan.people.log import append_events, check_hires, hire_events

    decisions = as_ledger(ledger).decisions()
    found = decisions[decisions["request_id"] == request_id]
    if found.empty:
        raise UnknownIdError(_("The ledger {path} has no request {request_id}.").format(
            path=as_ledger(ledger).path, request_id=repr(request_id)))
    day = _fill_date(date)
    new = hire_events(people, day, str(found["position_id"].iloc[0]), employment_type=employment_type,
                      note=request_id)
    check_hires(people_log, new)
    filled = record_fill(ledger, request_id, len(new), date=day)
    append_events(people_log, new)
    return filled


def _fill_date(date: _dt.date | str | None) -> str:
    if date is None:
        return _dt.date.today().isoformat()
    if isinstance(date, _dt.datetime):
        return date.date().isoformat()
    if isinstance(date, _dt.date):
        return date.isoformat()
    try:
        return _dt.date.fromisoformat(str(date).strip()).isoformat()
    except ValueError:
        raise ParameterError(_("The 'date' parameter of record_fill must be a date written as YYYY-MM-DD. "
                               "Got {value} instead.").format(value=repr(date))) from None
