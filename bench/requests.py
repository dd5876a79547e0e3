"""Benchmark: a month's headcount requests, and a hundred times more, decided and written.

Run on demand (not part of the test suite)::

    python bench/requests.py            # both cases
    python bench/requests.py --quick    # the month only (a few seconds)

Each case is the whole job of ``orgplan requests validate … --ledger FILE -o
decisions.csv``: read the requests file, decide the batch against the
structure with a new ledger, record it (one SQLite transaction), write the
decisions to a CSV file for people (headers, decisions and messages in
简体中文, the default language).

* month: 1,000 requests against a 300-position structure (a dealership
  decides tens to hundreds a month: this is several months at once);
  the best of five runs. Goal: well under a second.
* 100k: 100,000 requests against 10,000 positions; the best of two runs.
  Goal: under 10 seconds.

The last line is exactly (``--quick``: without the second figure)::

    month_1000_seconds=<…> requests_100k_seconds=<…>
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from orgplan import Structure  # noqa: E402
from orgplan.headcount import DECISIONS, for_people, validate_requests  # noqa: E402
from orgplan.i18n import language  # noqa: E402
from orgplan.tables.io import write_table  # noqa: E402


def generate(n_positions: int, n_requests: int, seed: int = 11) -> tuple[Structure, pd.DataFrame]:
    """A structure of ``n_positions`` and a month's batch of ``n_requests`` against it.

    Mostly hires (90 %), some establishment changes and new positions; 1 % of
    the requests name the wrong unit, a few have a bad count or date, 5 % carry
    a special approval; half give their reason in Chinese.
    """
    rng = np.random.default_rng(seed)
    n_units = max(n_positions // 20, 3)
    unit_ids = np.array([f"U{i}" for i in range(n_units)], dtype=object)
    parents = unit_ids[rng.integers(1, min(n_units, 51), n_units)].astype(object)
    parents[np.arange(n_units) < 51] = "U0"
    parents[0] = None
    units = pd.DataFrame({"unit_id": unit_ids, "name": [f"部门{i}" for i in range(n_units)], "parent_id": parents,
                          "kind": np.where(np.arange(n_units) == 0, "company", "team")})
    position_unit = unit_ids[rng.integers(1, n_units, n_positions)]
    approved = rng.integers(1, 11, n_positions)
    position_ids = np.array([f"P{i}" for i in range(n_positions)], dtype=object)
    positions = pd.DataFrame({"position_id": position_ids, "unit_id": position_unit,
                              "title": [f"职位{i}" for i in range(n_positions)], "reports_to": None,
                              "approved": approved, "filled": np.minimum(approved + 1, rng.integers(0, 11, n_positions)),
                              "monthly_cost": 6000})
    structure = Structure(units, positions, name="bench")

    which = rng.integers(0, n_positions, n_requests)
    kind = rng.choice(["hire", "add_establishment", "new_position"], n_requests, p=[0.9, 0.06, 0.04])
    position = position_ids[which].copy()
    new = kind == "new_position"
    position[new] = [f"NEW{i}" for i in rng.integers(0, n_requests // 20 + 1, int(new.sum()))]
    unit = position_unit[which].copy()
    wrong = rng.random(n_requests) < 0.01
    unit[wrong] = unit_ids[rng.integers(1, n_units, int(wrong.sum()))]
    count = rng.integers(1, 4, n_requests).astype(str).astype(object)
    count[rng.random(n_requests) < 0.005] = "0"
    dates = np.array([f"2027-04-{d:02d}" for d in range(1, 32)], dtype=object)[rng.integers(0, 30, n_requests)]
    dates[rng.random(n_requests) < 0.002] = "2027-04-31"
    chinese = rng.random(n_requests) < 0.5
    requests = pd.DataFrame({
        "request_id": [f"R{i}" for i in range(n_requests)], "date": dates, "unit_id": unit, "position_id": position,
        "kind": kind, "count": count, "reason": np.where(chinese, "补员", "backfill"),
        "requested_by": np.where(chinese, "王丽华", "Ann"),
        "special_approval": np.where(rng.random(n_requests) < 0.05, "GM-2027-001", ""),
    })
    return structure, requests


def seconds(structure: Structure, requests: pd.DataFrame, runs: int) -> float:
    """The best time of ``runs`` runs: read the file, decide with a new ledger, record, write the decisions."""
    best = float("inf")
    with tempfile.TemporaryDirectory() as tmp:
        batch = Path(tmp) / "requests.csv"
        requests.to_csv(batch, index=False)
        for run in range(runs):
            start = time.perf_counter()
            with language("zh-Hans"):
                decisions = validate_requests(structure, batch, ledger=Path(tmp) / f"ledger-{run}.sqlite")
                write_table(for_people(decisions, DECISIONS), Path(tmp) / f"decisions-{run}.csv")
            best = min(best, time.perf_counter() - start)
            assert len(decisions) == len(requests)
    return best


def main(argv: list[str] | None = None) -> None:
    quick = "--quick" in (sys.argv[1:] if argv is None else argv)
    month = seconds(*generate(300, 1_000), runs=5)
    print(f"1,000 requests, 300 positions: {month:.3f} s (best of 5)")
    if quick:
        print(f"month_1000_seconds={month:.3f}")
        return
    large = seconds(*generate(10_000, 100_000), runs=2)
    print(f"100,000 requests, 10,000 positions: {large:.2f} s (best of 2)")
    print(f"month_1000_seconds={month:.3f} requests_100k_seconds={large:.2f}")


if __name__ == "__main__":
    main()
