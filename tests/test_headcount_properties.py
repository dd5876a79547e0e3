"""Property tests: the engine equals a plain sequential loop; no vacancy below zero; re-runs change nothing."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orgplan import Structure
from orgplan.headcount import Ledger, staffing_status, validate_requests

UNITS = pd.DataFrame({"unit_id": ["CO", "U1", "U2"], "name": ["公司", "一部", "二部"],
                      "parent_id": [None, "CO", "CO"], "kind": ["company", "department", "department"]})
KINDS = ("hire", "add_establishment", "new_position")


@st.composite
def structures(draw):
    n = draw(st.integers(1, 4))
    approved = draw(st.lists(st.integers(0, 5), min_size=n, max_size=n))
    filled = draw(st.lists(st.integers(0, 6), min_size=n, max_size=n))
    units = draw(st.lists(st.sampled_from(["U1", "U2"]), min_size=n, max_size=n))
    positions = pd.DataFrame({
        "position_id": [f"P{i}" for i in range(n)], "unit_id": units, "title": [f"職位{i}" for i in range(n)],
        "reports_to": [None] * n, "approved": approved, "filled": filled, "monthly_cost": [5000] * n})
    return Structure(UNITS, positions)


@st.composite
def batches(draw, special_approval=True, prefix="R"):
    n = draw(st.integers(0, 14))
    rows = []
    for i in range(n):
        rows.append({
            "request_id": f"{prefix}{i}",
            "date": f"2027-04-0{draw(st.integers(1, 4))}",
            "unit_id": draw(st.sampled_from(["U1", "U2", "U1", "U2", "ZZ"])),
            "position_id": draw(st.sampled_from(["P0", "P1", "P2", "P3", "N1", "N2"])),
            "kind": draw(st.sampled_from(KINDS)),
            "count": str(draw(st.integers(0, 6))),
            "special_approval": draw(st.sampled_from(["", "GM-2027-001"])) if special_approval else "",
        })
    return pd.DataFrame(rows, columns=["request_id", "date", "unit_id", "position_id", "kind", "count",
                                       "special_approval"])


def reference(structure: Structure, requests: pd.DataFrame) -> pd.DataFrame:
    """The rules as a straightforward loop, one request at a time."""
    state = {p: [u, a - f] for p, u, a, f in structure.positions[["position_id", "unit_id", "approved", "filled"]]
             .itertuples(index=False)}
    units = set(structure.units["unit_id"])
    ordered = requests.assign(row=range(len(requests))).sort_values(["date", "row"], kind="stable")
    out = []
    for r in ordered.itertuples(index=False):
        count, sa = int(r.count), bool(r.special_approval)
        decision, before, after = "invalid", None, None
        if count >= 1 and r.unit_id in units:
            if r.kind == "new_position":
                if r.position_id not in state:
                    decision, before, after = ("approved", 0, count) if sa else ("needs_special_approval", 0, 0)
                    if sa:
                        state[r.position_id] = [r.unit_id, count]
            elif r.position_id in state and state[r.position_id][0] == r.unit_id:
                h = state[r.position_id][1]
                before = max(h, 0)
                if r.kind == "hire":
                    decision = "approved" if (count <= h or sa) else "rejected"
                    if decision == "approved":
                        h -= count
                elif sa:
                    decision, h = "approved", h + count
                else:
                    decision = "needs_special_approval"
                state[r.position_id][1] = h
                after = max(h, 0)
        out.append((r.request_id, decision, before, after))
    return pd.DataFrame(out, columns=["request_id", "decision", "vacancy_before", "vacancy_after"])


@settings(max_examples=100, deadline=None)
@given(structures(), batches())
def test_decisions_equal_the_sequential_loop(structure, requests):
    got = validate_requests(structure, requests)
    expected = reference(structure, requests)
    assert got["request_id"].tolist() == expected["request_id"].tolist()
    assert got["decision"].tolist() == expected["decision"].tolist()
    for column in ("vacancy_before", "vacancy_after"):
        assert [None if pd.isna(v) else int(v) for v in got[column]] == [
            None if pd.isna(v) else int(v) for v in expected[column]]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(structures(), st.lists(batches(special_approval=False), min_size=1, max_size=3))
def test_no_requests_without_special_approval_drive_a_vacancy_below_zero(structure, runs):
    with tempfile.TemporaryDirectory() as tmp:
        ledger = Ledger(Path(tmp) / "l.sqlite")
        for i, requests in enumerate(runs):
            requests = requests.assign(request_id="run" + str(i) + "-" + requests["request_id"])
            decisions = validate_requests(structure, requests, ledger=ledger)
            assert (decisions["over_establishment"] == 0).all()
            assert not decisions["reason_code"].str.startswith("special_approval").any()
        status = staffing_status(structure, ledger).set_index("position_id")
    start = structure.positions.set_index("position_id")
    free_at_start = (start["approved"] - start["filled"]).clip(lower=0)
    assert (status.loc[start.index, "pending"] <= free_at_start).all()
    assert (status.loc[start.index, "approved"] == start["approved"]).all()
    assert list(status.index) == list(start.index)  # no position was created


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(structures(), batches(), batches(prefix="S"))
def test_rerunning_a_batch_is_idempotent(structure, earlier, requests):
    with tempfile.TemporaryDirectory() as tmp:
        ledger = Ledger(Path(tmp) / "l.sqlite")
        validate_requests(structure, earlier, ledger=ledger)
        first = validate_requests(structure, requests, ledger=ledger)
        recorded, status = ledger.decisions(), staffing_status(structure, ledger)
        second = validate_requests(structure, requests, ledger=ledger)
        pd.testing.assert_frame_equal(first.drop(columns="recorded_earlier"),
                                      second.drop(columns="recorded_earlier"))
        assert second["recorded_earlier"].all()
        pd.testing.assert_frame_equal(ledger.decisions().drop(columns="batch_id"), recorded.drop(columns="batch_id"))
        pd.testing.assert_frame_equal(staffing_status(structure, ledger), status)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(structures(), batches())
def test_a_batch_split_by_date_decides_as_one_batch(structure, requests):
    whole = validate_requests(structure, requests)
    with tempfile.TemporaryDirectory() as tmp:
        ledger = Ledger(Path(tmp) / "l.sqlite")
        early = requests["date"] <= "2027-04-02"
        parts = [validate_requests(structure, requests[mask], ledger=ledger) for mask in (early, ~early)]
    split = pd.concat(parts, ignore_index=True)
    assert split["request_id"].tolist() == whole["request_id"].tolist()
    assert split["decision"].tolist() == whole["decision"].tolist()
    assert split["vacancy_after"].tolist() == whole["vacancy_after"].tolist()
