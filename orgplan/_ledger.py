"""The headcount ledger: an SQLite file of decided requests and filled seats.

Private helpers of :mod:`orgplan.headcount`. The ledger is what makes
decisions durable across runs:

* every decided request is stored under its ``request_id``, with a
  fingerprint of its content, so re-running a batch reports the earlier
  decisions instead of consuming seats twice;
* approved hires are *pending seats* until ``fill`` records them as filled;
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
from typing import Iterable, Iterator

import pandas as pd

from orgplan.errors import DataError, ParameterError, Problem

__all__ = ["LedgerState", "connect", "transaction", "load_state", "write_decisions", "add_fills",
           "SCHEMA_VERSION", "DECISION_FIELDS"]

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

_NOT_A_LEDGER = "an orgplan headcount ledger (the SQLite file `orgplan requests validate --ledger FILE` creates)"


@dataclass(frozen=True)
class LedgerState:
    """What earlier runs decided, as seen at the start of a batch.

    ``positions``: ``position_id, unit_id, title, new_position, establishment_added,
    seats, filled`` per position the ledger has approved anything for
    (``unit_id``/``title`` only for positions the ledger created).
    ``earlier``: every recorded decision (``request_id, fingerprint, decision,
    reason_code, message, vacancy_before, vacancy_after, over_establishment``).
    """

    positions: pd.DataFrame
    earlier: pd.DataFrame

    @classmethod
    def empty(cls) -> "LedgerState":
        return cls(
            pd.DataFrame({"position_id": pd.Series(dtype="str"), "unit_id": pd.Series(dtype="str"),
                          "title": pd.Series(dtype="str"), "new_position": pd.Series(dtype=bool),
                          "establishment_added": pd.Series(dtype="int64"), "seats": pd.Series(dtype="int64"),
                          "filled": pd.Series(dtype="int64")}),
            pd.DataFrame({"request_id": pd.Series(dtype="str"), "fingerprint": pd.Series(dtype="str"),
                          "decision": pd.Series(dtype="str"), "reason_code": pd.Series(dtype="str"),
                          "message": pd.Series(dtype="str"), "vacancy_before": pd.Series(dtype="Int64"),
                          "vacancy_after": pd.Series(dtype="Int64"),
                          "over_establishment": pd.Series(dtype="int64")}),
        )


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
            raise FileNotFoundError(f"{path}: no such ledger. `orgplan requests validate … --ledger {path}` "
                                    "creates it on first use.")
        if not path.parent.exists():
            raise FileNotFoundError(f"{path}: the folder {path.parent} does not exist.")
    elif path.is_dir():
        raise DataError([Problem(str(path), None, None, None, f"{_NOT_A_LEDGER}, not a folder", "not_a_ledger")])
    if mode in ("create", "write") or os.access(path, os.W_OK):
        # readers open read-write when they may: only a writable connection can roll back
        # the journal a killed run left behind
        conn = sqlite3.connect(str(path), timeout=60.0, isolation_level=None)
    else:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=60.0, isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        if create:
            with transaction(conn):
                for statement in filter(str.strip, _SCHEMA.split(";")):
                    conn.execute(statement)  # not executescript(): it would COMMIT the open transaction
                conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (SCHEMA_VERSION,))
                if structure_name is not None:
                    conn.execute("INSERT OR IGNORE INTO meta VALUES ('structure', ?)", (structure_name,))
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise DataError([Problem(str(path), None, None, None, f"{_NOT_A_LEDGER} ({exc})", "not_a_ledger")]) from None
    if meta.get("schema_version") != SCHEMA_VERSION:
        conn.close()
        raise DataError([Problem(str(path), None, None, meta.get("schema_version"),
                                 f"ledger schema version {SCHEMA_VERSION}", "not_a_ledger")])
    recorded = meta.get("structure")
    if structure_name is not None and recorded is not None and recorded != structure_name:
        conn.close()
        raise ParameterError(
            f"The 'ledger' parameter must be a ledger of the structure {structure_name!r}. Got {str(path)!r}, "
            f"the ledger of {recorded!r}, instead. Keep one ledger file per approved structure.")
    return conn


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
    earlier = pd.read_sql_query(
        "SELECT request_id, fingerprint, decision, reason_code, message, vacancy_before, vacancy_after, "
        "over_establishment FROM decisions", conn)
    for column in ("vacancy_before", "vacancy_after"):
        earlier[column] = earlier[column].astype("Int64")
    earlier["over_establishment"] = earlier["over_establishment"].astype("int64")
    for column in ("request_id", "fingerprint", "decision", "reason_code", "message"):
        earlier[column] = earlier[column].astype("str")
    _pause_for_tests()
    return LedgerState(positions, earlier)


def write_decisions(conn: sqlite3.Connection, rows: Iterable[tuple], *, source: str | None, requests: int,
                    decided: int) -> int:
    """Record a batch (call inside the batch's transaction); return its ``batch_id``.

    ``rows`` hold :data:`DECISION_FIELDS` except ``batch_id``. A request id
    seen before is overwritten only if its earlier decision was not
    ``approved``: an approval is final.
    """
    now = _dt.datetime.now().isoformat(timespec="seconds")
    batch_id = conn.execute("INSERT INTO batches (source, recorded_at, requests, decided) VALUES (?, ?, ?, ?)",
                            (source, now, requests, decided)).lastrowid
    fields = [f for f in DECISION_FIELDS if f != "batch_id"]
    updates = ", ".join(f"{f} = excluded.{f}" for f in DECISION_FIELDS if f != "request_id")
    conn.executemany(
        f"INSERT INTO decisions ({', '.join(DECISION_FIELDS)}) "
        f"VALUES (?, {batch_id}, {', '.join('?' * (len(fields) - 1))}) "
        f"ON CONFLICT(request_id) DO UPDATE SET {updates} WHERE decisions.decision != 'approved'",
        _crash_hook_for_tests(rows),
    )
    return int(batch_id)


def add_fills(conn: sqlite3.Connection, fills: Iterable[tuple[str, str, int, str | None]]) -> None:
    """Record ``(request_id, position_id, count, date)`` fills (inside a transaction)."""
    now = _dt.datetime.now().isoformat(timespec="seconds")
    conn.executemany("INSERT INTO fills (request_id, position_id, count, date, recorded_at) VALUES (?, ?, ?, ?, ?)",
                     [(*f, now) for f in fills])


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
