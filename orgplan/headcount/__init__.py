"""Headcount requests (增人 / 增編 申請) against the approved structure, with a durable ledger.

Once the structure is approved, the administration department may refuse any
request to add people (增人) or establishment (增編) beyond it, unless the
general manager grants a special approval (总经理特批). This package decides a
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
Messages are written in the language in force (:func:`orgplan.set_language`:
简体中文 by default, 繁體中文, English); the table's ``decision`` and
``reason_code`` stay English codes, and :func:`for_people` writes a table's
headers and values in the language for people to read
(:func:`canonical_decisions` reads such a table back in any language).
A requests file may have Simplified, Traditional or English headers and kinds
(增人 / 增编 / 新设职位, 增人 / 增編 / 新設職位, hire / add_establishment / new_position).

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
>>> decisions = validate_requests(approved, batch)   # (the doctests run in English)
>>> decisions[["request_id", "decision", "vacancy_before", "vacancy_after"]]
  request_id  decision  vacancy_before  vacancy_after
0         R3  approved               2              1
1         R1  approved               1              0
2         R2  rejected               0              0
>>> print(decisions.loc[2, "message"])
Rejected: 2 × SHOW-CONS asked but only 0 free, and requests are never granted in part. Ask again within the vacancy, or with the GM's special approval to exceed the approved structure.
"""

from __future__ import annotations

from orgplan.headcount.decisions import Decision, ReasonCode, message_for, validate_requests
from orgplan.headcount.display import (DECISIONS, canonical_decisions, decision_counts, decisions_for_people,
                                       for_people, requests_for_people)
from orgplan.headcount.ledger import Ledger, open_ledger, record_fill, record_hires
from orgplan.headcount.requests import DECISION_COLUMNS, REQUEST_COLUMNS, RequestKind, read_requests
from orgplan.headcount.staffing import ExceptionsReport, exceptions_report, staffing_status

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
    "record_hires",
    "exceptions_report",
    "ExceptionsReport",
    "Ledger",
    "message_for",
    "for_people",
    "canonical_decisions",
    "DECISIONS",
    "decisions_for_people",
    "decision_counts",
    "requests_for_people",
    "open_ledger",
]
