"""Scale benchmark: load + metrics + all checks on synthetic organisations of 10k, 100k and 1M positions.

Run on demand (not part of the test suite)::

    python bench/scale.py            # 10k, 100k, 1M, each also with the networkx baseline
    python bench/scale.py --quick    # 10k and 100k only

Each size runs in a fresh subprocess, so the peak memory (``ru_maxrss``)
belongs to that size alone. The synthetic organisation has a realistic shape:
every manager has 3–10 direct report rows (one seat; the reports 1–3 seats), half of the reports manage others in
turn (6–12 layers), managers of the top three layers and one manager in six
below head a unit of their own (units nest like departments, sections and teams).

The baseline is the straightforward networkx approach a user would write:
build the graphs, test them for cycles, roll each unit and each manager's
whole reporting line up with ``nx.descendants``, spans from the successors,
layers from shortest paths — the same figures ours computes, on the same
files, checked to agree.

The last line is exactly::

    growth_exponent=<log-log slope of time, 100k→1M> ratio_vs_networkx=<baseline / ours at the
    largest size both ran> bytes_per_position=<peak RSS growth / positions at the largest size>
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

SIZES = (10_000, 100_000, 1_000_000)


def generate(n_positions: int, seed: int = 7) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A synthetic organisation of exactly ``n_positions`` position rows."""
    rng = np.random.default_rng(seed)
    parent = [np.array([-1])]
    depth = [np.array([0])]
    managers = np.array([0])
    total = 1
    while total < n_positions and managers.size:
        k = rng.integers(3, 11, size=managers.size)
        children_parent = np.repeat(managers, k)
        ids = np.arange(total, total + children_parent.size)
        parent.append(children_parent)
        depth.append(np.repeat(depth_of(depth, managers), k) + 1)
        total += children_parent.size
        managers = ids[rng.random(ids.size) < 0.5]
        if managers.size == 0:
            managers = ids[: max(1, ids.size // 3)]
    parent_arr = np.concatenate(parent)[:n_positions]
    depth_arr = np.concatenate(depth)[:n_positions]
    n = parent_arr.size
    has_reports = np.bincount(parent_arr[parent_arr >= 0], minlength=n) > 0
    # managers of the top layers head a unit; below that, one manager in six heads a team
    heads = np.flatnonzero(has_reports & ((depth_arr <= 2) | (rng.random(n) < 1 / 6)))
    unit_of = np.full(n, -1)
    unit_of[heads] = np.arange(heads.size)
    order = np.argsort(depth_arr, kind="stable")
    for level in np.unique(depth_arr):
        rows = order[depth_arr[order] == level]
        inherit = rows[(unit_of[rows] < 0) & (parent_arr[rows] >= 0)]
        unit_of[inherit] = unit_of[parent_arr[inherit]]
    unit_parent = np.where(parent_arr[heads] >= 0, unit_of[np.maximum(parent_arr[heads], 0)], -1)
    kinds = np.array(["company", "department", "section", "team"])[np.minimum(depth_arr[heads], 3)]
    units = pd.DataFrame({
        "unit_id": [f"U{i}" for i in range(heads.size)],
        "name": [f"部門{i}" for i in range(heads.size)],
        "parent_id": [f"U{p}" if p >= 0 else "" for p in unit_parent],
        "kind": kinds,
    })
    approved = np.where(has_reports, 1, rng.choice([1, 1, 1, 2, 3], size=n))
    filled = np.maximum(approved - rng.integers(0, 2, size=n), 0)
    positions = pd.DataFrame({
        "position_id": [f"P{i}" for i in range(n)],
        "unit_id": [f"U{u}" for u in unit_of],
        "title": np.where(has_reports, "主管", "專員"),
        "reports_to": [f"P{p}" if p >= 0 else "" for p in parent_arr],
        "approved": approved,
        "filled": filled,
        "monthly_cost": rng.integers(4000, 30000, size=n),
    })
    return units, positions


def depth_of(depth_levels: list[np.ndarray], rows: np.ndarray) -> np.ndarray:
    flat = np.concatenate(depth_levels)
    return flat[rows]


def rss_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def run_ours(folder: Path) -> dict:
    import orgplan

    start = time.perf_counter()
    structure = orgplan.read_structure(folder)
    table = orgplan.rollup(structure)
    spans = orgplan.spans(structure)
    findings = orgplan.check(structure)
    elapsed = time.perf_counter() - start
    return {"seconds": elapsed, "units": len(table), "findings": len(findings),
            "layers": int(orgplan.position_layers(structure)["layer"].max()),
            "approved": int(table["approved"].iloc[0]), "below_top": int(spans["approved_below"].iloc[0])}


def run_networkx(folder: Path) -> dict:
    """The straightforward approach: networkx graphs and one nx.descendants per unit."""
    import networkx as nx

    start = time.perf_counter()
    units = pd.read_csv(folder / "units.csv", dtype=str, keep_default_na=False)
    positions = pd.read_csv(folder / "positions.csv", keep_default_na=False, dtype={"reports_to": str})
    unit_graph = nx.DiGraph()
    unit_graph.add_nodes_from(units["unit_id"])
    unit_graph.add_edges_from((p, u) for u, p in zip(units["unit_id"], units["parent_id"]) if p)
    reporting = nx.DiGraph()
    reporting.add_nodes_from(positions["position_id"])
    reporting.add_edges_from((m, p) for p, m in zip(positions["position_id"], positions["reports_to"]) if m)
    assert nx.is_directed_acyclic_graph(unit_graph) and nx.is_directed_acyclic_graph(reporting)
    by_unit = positions.groupby("unit_id")
    own = by_unit[["approved", "filled"]].sum()
    rows = []
    for unit in units["unit_id"]:
        members = [unit, *nx.descendants(unit_graph, unit)]
        sub = own.reindex(members).fillna(0).sum()
        rows.append((unit, sub["approved"], sub["filled"]))
    approved = dict(zip(positions["position_id"], positions["approved"]))
    spans = {m: sum(approved[r] for r in reporting.successors(m)) for m in reporting if reporting.out_degree(m)}
    below = {m: sum(approved[d] for d in nx.descendants(reporting, m)) for m in spans}
    layers = max(nx.shortest_path_length(reporting, positions["position_id"].iloc[0]).values()) + 1
    elapsed = time.perf_counter() - start
    return {"seconds": elapsed, "units": len(rows), "approved": int(rows[0][1]), "spans": len(spans),
            "layers": int(layers), "below_top": int(below[positions["position_id"].iloc[0]])}


def one(n: int, which: str) -> dict:
    """Measure one size in this (fresh) process."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        units, positions = generate(n)
        units.to_csv(folder / "units.csv", index=False)
        positions.to_csv(folder / "positions.csv", index=False)
        del units, positions
        import orgplan  # noqa: F401  - imports are not the analysis
        import networkx  # noqa: F401

        before = rss_bytes()
        result = run_ours(folder) if which == "ours" else run_networkx(folder)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        result["bytes_per_position"] = max(peak - before, 0) / n
        result["n"] = n
        return result


def measure(n: int, which: str, timeout: float | None = None) -> dict | None:
    try:
        done = subprocess.run([sys.executable, __file__, "--one", str(n), "--which", which],
                              capture_output=True, text=True, timeout=timeout, check=True)
    except subprocess.TimeoutExpired:
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--which", default="ours", help=argparse.SUPPRESS)
    parser.add_argument("--quick", action="store_true", help="10k and 100k only")
    parser.add_argument("--baseline-timeout", type=float, default=300, help="seconds the networkx baseline may take per size")
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one, args.which)))
        return

    sizes = SIZES[:2] if args.quick else SIZES
    ours: dict[int, dict] = {}
    theirs: dict[int, dict] = {}
    print(f"{'positions':>10} {'ours s':>8} {'MB peak':>8} {'B/pos':>7} {'units':>7} {'layers':>6} {'networkx s':>11} {'ratio':>7}")
    for n in sizes:
        ours[n] = measure(n, "ours")
        theirs[n] = measure(n, "networkx", timeout=args.baseline_timeout)
        if theirs[n] is not None:
            assert theirs[n]["approved"] == ours[n]["approved"], "the two approaches disagree"
            assert theirs[n]["layers"] == ours[n]["layers"], "the two approaches disagree on layers"
            assert theirs[n]["below_top"] == ours[n]["below_top"], "the two approaches disagree on spans"
        nx_time = theirs.get(n)["seconds"] if theirs.get(n) else float("nan")
        print(f"{n:>10,} {ours[n]['seconds']:>8.2f} {ours[n]['bytes_per_position'] * n / 1e6:>8.0f} "
              f"{ours[n]['bytes_per_position']:>7.0f} {ours[n]['units']:>7,} {ours[n]['layers']:>6} "
              f"{nx_time:>11.2f} {nx_time / ours[n]['seconds']:>7.1f}", flush=True)
    a, b = sizes[-2], sizes[-1]
    growth = math.log(ours[b]["seconds"] / ours[a]["seconds"]) / math.log(b / a)
    largest_both = max(n for n in theirs if theirs[n] is not None)
    ratio = theirs[largest_both]["seconds"] / ours[largest_both]["seconds"]
    print(f"growth_exponent={growth:.2f} ratio_vs_networkx={ratio:.1f} "
          f"bytes_per_position={ours[b]['bytes_per_position']:.0f}")


if __name__ == "__main__":
    main()
