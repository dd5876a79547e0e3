"""The headcount ledger: re-runs, pending seats, fills, concurrent processes, a killed run."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pandas as pd
import pytest

from orgplan import ChangeError, DataError, ParameterError, UnknownIdError, sample_path
from orgplan.headcount import Ledger, record_fill, staffing_status, validate_requests
from test_headcount import batch

APPROVED = str(sample_path("approved-2027"))


def test_approvals_are_pending_in_later_runs(tiny, tmp_path):
    ledger = Ledger(tmp_path / "l.sqlite")
    first = validate_requests(tiny, batch(("R1", "2027-04-01", "AS", "TECH", "hire", 1)), ledger=ledger)
    second = validate_requests(tiny, batch(("R2", "2027-05-01", "AS", "TECH", "hire", 2)), ledger=ledger)
    assert first.loc[0, "decision"] == "approved"
    assert second.loc[0, ["decision", "vacancy_before"]].tolist() == ["rejected", 1]
    status = staffing_status(tiny, ledger).set_index("position_id").loc["TECH"]
    assert status[["approved", "filled", "pending", "vacancy"]].tolist() == [5, 3, 1, 1]


def test_dry_run_and_record_false_write_nothing(tiny, tmp_path):
    path = tmp_path / "l.sqlite"
    validate_requests(tiny, batch(("R1", "2027-04-01", "AS", "TECH", "hire", 1)))
    assert not path.exists()
    validate_requests(tiny, batch(("R1", "2027-04-01", "AS", "TECH", "hire", 1)), ledger=path)
    tried = validate_requests(tiny, batch(("R2", "2027-04-02", "AS", "TECH", "hire", 1)), ledger=path, record=False)
    assert tried.loc[0, ["decision", "vacancy_before"]].tolist() == ["approved", 1]  # sees R1 as pending
    assert Ledger(path).decisions()["request_id"].tolist() == ["R1"]


def test_rerun_reports_earlier_decisions_without_consuming_seats(tiny, tmp_path):
    ledger = Ledger(tmp_path / "l.sqlite")
    requests = batch(("R1", "2027-04-01", "AS", "TECH", "hire", 2), ("R2", "2027-04-02", "AS", "TECH", "hire", 1))
    first = validate_requests(tiny, requests, ledger=ledger)
    again = validate_requests(tiny, requests, ledger=ledger)
    assert again["recorded_earlier"].all() and not first["recorded_earlier"].any()
    pd.testing.assert_frame_equal(first.drop(columns="recorded_earlier"), again.drop(columns="recorded_earlier"))
    assert staffing_status(tiny, ledger).set_index("position_id").loc["TECH", "pending"] == 2
    assert len(ledger.batches()) == 2 and ledger.batches()["decided"].tolist() == [2, 0]


def test_a_batch_repeating_some_of_many_earlier_decisions_gets_each_its_own(tiny, tmp_path):
    # only the earlier decisions a batch repeats are read back: each must still be the right one
    ledger = Ledger(tmp_path / "l.sqlite")
    validate_requests(tiny, batch(("R1", "2027-04-01", "AS", "TECH", "hire", 1),
                                  ("R2", "2027-04-02", "AS", "TECH", "hire", 9)), ledger=ledger)
    validate_requests(tiny, batch(("R3", "2027-05-01", "AS", "TECH", "hire", 1)), ledger=ledger)
    again = validate_requests(tiny, batch(("R3", "2027-05-01", "AS", "TECH", "hire", 1),
                                          ("R4", "2027-05-03", "AS", "TECH", "hire", 1),
                                          ("R2", "2027-04-02", "AS", "TECH", "hire", 9)), ledger=ledger)
    by_id = again.set_index("request_id")
    assert by_id.loc[["R2", "R3", "R4"], "decision"].tolist() == ["rejected", "approved", "rejected"]
    assert by_id.loc[["R2", "R3"], "recorded_earlier"].tolist() == [True, True]
    assert by_id.loc["R2", "message"].startswith("Rejected: 9 × TECH asked but only 1 free")
    assert by_id.loc["R3", ["vacancy_before", "vacancy_after"]].tolist() == [1, 0]


def test_a_rejected_request_with_a_special_approval_added_is_decided_again(tiny, tmp_path):
    ledger = tmp_path / "l.sqlite"
    validate_requests(tiny, batch(("R1", "2027-04-01", "AS", "TECH", "hire", 4)), ledger=ledger)
    again = validate_requests(tiny, batch(("R1", "2027-04-01", "AS", "TECH", "hire", 4, "GM-2027-009")), ledger=ledger)
    assert again.loc[0, ["decision", "over_establishment", "recorded_earlier"]].tolist() == ["approved", 2, False]
    assert Ledger(ledger).decisions().loc[0, "decision"] == "approved"


def test_an_approved_request_id_cannot_be_reused_for_other_details(tiny, tmp_path):
    ledger = tmp_path / "l.sqlite"
    validate_requests(tiny, batch(("R1", "2027-04-01", "AS", "TECH", "hire", 1)), ledger=ledger)
    again = validate_requests(tiny, batch(("R1", "2027-04-01", "AS", "TECH", "hire", 2)), ledger=ledger)
    assert again.loc[0, ["decision", "reason_code"]].tolist() == ["invalid", "request_id_reused"]
    recorded = Ledger(ledger).decisions()
    assert recorded.loc[0, ["decision", "count", "seats"]].tolist() == ["approved", 1, 1]


def test_new_positions_and_raised_establishment_persist(tiny, tmp_path):
    ledger = tmp_path / "l.sqlite"
    validate_requests(tiny, batch(("R1", "2027-04-01", "AS", "EV", "new_position", 2, "GM-2027-001"),
                                  ("R2", "2027-04-01", "AS", "TECH", "add_establishment", 1, "GM-2027-002")), ledger=ledger)
    later = validate_requests(tiny, batch(("R3", "2027-05-01", "AS", "EV", "hire", 2),
                                          ("R4", "2027-05-01", "AS", "TECH", "hire", 3)), ledger=ledger)
    assert later["decision"].tolist() == ["approved", "approved"]
    status = staffing_status(tiny, ledger).set_index("position_id")
    assert status.loc["EV", ["unit_id", "approved", "pending", "vacancy"]].tolist() == ["AS", 2, 2, 0]
    assert status.loc["TECH", ["approved", "pending", "vacancy"]].tolist() == [6, 3, 0]


def test_fill_turns_pending_into_filled(tiny, tmp_path):
    ledger = tmp_path / "l.sqlite"
    validate_requests(tiny, batch(("R1", "2027-04-01", "AS", "TECH", "hire", 2),
                                  ("R2", "2027-04-01", "SALES", "SM", "hire", 1),
                                  ("R3", "2027-04-01", "AS", "TECH", "add_establishment", 1)), ledger=ledger)
    filled = record_fill(ledger, "R1", 1, date="2027-05-02")
    assert filled.to_dict("records") == [{"request_id": "R1", "position_id": "TECH", "filled": 1,
                                          "still_pending": 1}]
    tech = staffing_status(tiny, ledger).set_index("position_id").loc["TECH"]
    assert tech[["approved", "filled", "pending", "vacancy"]].tolist() == [5, 4, 1, 0]
    with pytest.raises(ChangeError, match="1 pending seat .*cannot fill 2. Nothing was recorded"):
        record_fill(ledger, ["R2", "R1"], 2)
    assert len(Ledger(ledger).fills()) == 1  # R2 was not filled either: one transaction
    with pytest.raises(ChangeError, match="only approved hire"):
        record_fill(ledger, "R3")
    with pytest.raises(UnknownIdError, match="no request 'R9'"):
        record_fill(ledger, "R9")
    with pytest.raises(ParameterError, match="'count' parameter of record_fill must be a positive integer"):
        record_fill(ledger, "R1", 0)
    assert record_fill(ledger, ["R1", "R2"])["filled"].tolist() == [1, 1]
    with pytest.raises(ChangeError, match="already filled"):
        record_fill(ledger, "R2")


def test_a_ledger_belongs_to_one_structure(tiny, approved, tmp_path):
    ledger = tmp_path / "l.sqlite"
    validate_requests(tiny, batch(("R1", "2027-04-01", "AS", "TECH", "hire", 1)), ledger=ledger)
    with pytest.raises(ParameterError, match="ledger of 'structure'"):
        validate_requests(approved, batch(("R2", "2027-04-01", "AS", "TECH", "hire", 1)), ledger=ledger)


def test_a_file_that_is_not_a_ledger(tiny, tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_text("these are my notes")
    with pytest.raises(DataError, match="not an orgplan|orgplan headcount ledger"):
        validate_requests(tiny, batch(("R1", "2027-04-01", "AS", "TECH", "hire", 1)), ledger=path)
    assert path.read_text() == "these are my notes"
    with pytest.raises(FileNotFoundError, match="no such ledger"):
        staffing_status(tiny, Ledger(tmp_path / "missing.sqlite"))


# ------------------------------------------------------------ processes
def _run(args, env_extra=None, **kwargs):
    env = {**os.environ, "ORGPLAN_LANG": "en", **(env_extra or {})}  # as a script calls it: English codes
    return subprocess.Popen([sys.executable, "-m", "orgplan", *args], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kwargs)


def _write_batch(path, prefix, n, position="MECH-TECH", unit="AS-WS-MECH"):
    batch(*[(f"{prefix}-{i}", "2027-04-01", unit, position, "hire", 1) for i in range(n)],
          reason="补员").to_csv(path, index=False)


def test_concurrent_validators_never_hand_out_a_seat_twice(tmp_path):
    """Four processes each ask for 3 of MECH-TECH's 2 free seats at the same moment.

    ORGPLAN_LEDGER_PAUSE holds each run for 0.3 s between reading the ledger
    and writing it: without the BEGIN IMMEDIATE lock, runs would read the same
    free seats (or fail with "database is locked").
    """
    ledger = tmp_path / "l.sqlite"
    procs = []
    for p in range(4):
        _write_batch(tmp_path / f"b{p}.csv", f"P{p}", 3)
        procs.append(_run(["requests", "validate", APPROVED, str(tmp_path / f"b{p}.csv"), "-o",
                           str(tmp_path / f"d{p}.csv"), "--ledger", str(ledger)], {"ORGPLAN_LEDGER_PAUSE": "0.3"}))
    results = [(p.wait(timeout=120), p.stderr.read()) for p in procs]
    assert [code for code, _ in results] == [0, 0, 0, 0], results
    approved = sum((pd.read_csv(tmp_path / f"d{p}.csv")["decision"] == "approved").sum() for p in range(4))
    assert approved == 2
    recorded = Ledger(ledger).decisions()
    assert len(recorded) == 12 and recorded["seats"].sum() == 2


def test_a_run_killed_mid_batch_leaves_the_ledger_as_it_was(tmp_path):
    ledger = tmp_path / "l.sqlite"
    _write_batch(tmp_path / "a.csv", "A", 1)
    _write_batch(tmp_path / "b.csv", "B", 40, position="SHOW-CONS", unit="SALES-SHOW")
    run_a = _run(["requests", "validate", APPROVED, str(tmp_path / "a.csv"), "-o", str(tmp_path / "da.csv"),
                  "--ledger", str(ledger)])
    assert run_a.wait(timeout=60) == 0
    before = Ledger(ledger).decisions()

    killed = _run(["requests", "validate", APPROVED, str(tmp_path / "b.csv"), "-o", str(tmp_path / "db.csv"),
                   "--ledger", str(ledger)], {"ORGPLAN_LEDGER_CRASH_AFTER": "17"})
    assert killed.wait(timeout=60) == 75  # died inside the transaction, after 17 of 40 rows
    assert not (tmp_path / "db.csv").exists()
    pd.testing.assert_frame_equal(Ledger(ledger).decisions(), before)
    assert len(Ledger(ledger).batches()) == 1

    rerun = _run(["requests", "validate", APPROVED, str(tmp_path / "b.csv"), "-o", str(tmp_path / "db.csv"),
                  "--ledger", str(ledger)])
    assert rerun.wait(timeout=60) == 0
    after = Ledger(ledger).decisions()
    assert len(after) == 41 and after.loc[after["request_id"].str.startswith("B"), "seats"].sum() == 2
    with sqlite3.connect(ledger) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_batch_is_one_transaction_even_when_large(tiny, tmp_path):
    """100,000 requests are recorded by one transaction (one batch row, all decisions)."""
    n = 100_000
    requests = pd.DataFrame({"request_id": [f"R{i}" for i in range(n)], "date": "2027-04-01", "unit_id": "AS",
                             "position_id": "TECH", "kind": "hire", "count": "1"})
    validate_requests(tiny, requests, ledger=tmp_path / "l.sqlite")
    with sqlite3.connect(tmp_path / "l.sqlite") as conn:
        assert conn.execute("SELECT COUNT(*), SUM(seats) FROM decisions").fetchone() == (n, 2)
        assert conn.execute("SELECT requests, decided FROM batches").fetchall() == [(n, n)]
