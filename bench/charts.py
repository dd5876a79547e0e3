"""Chart benchmark: per-department charts of a synthetic 5,000-position organisation vs. its full company chart.

Run on demand (not part of the test suite)::

    python bench/charts.py               # 5,000 positions
    python bench/charts.py --positions 2000

The synthetic company has departments of sections of teams; every team has a
leader and staff positions, sections and departments a manager (and some an
assistant), so the charts have the shape of the sample dealership, only
bigger. Everything is timed in this process:

* every department chart (``org_chart(s, unit=DEPT)``, SVG) — median, max, total;
* the company chart with automatic collapsing (the default ``max_nodes``);
* the baseline: the uncollapsed company chart (``max_nodes=None``), once. It
  runs in a child process on the same machine, right after, with a time
  limit (``--baseline-timeout``, default 900 s): Graphviz cannot be
  interrupted from Python, and at 5,000 positions the uncollapsed chart takes
  many minutes. When the limit is hit, the ratio is a lower bound (``>``).

The last line is exactly::

    department_median_s=<s> department_max_s=<s> departments_total_s=<s> collapsed_company_s=<s>
    full_company_s=<s or >limit> ratio_full_vs_all_departments=<full / total, or >bound>

Goals (issue 3): every department chart under 2 s; all of them together faster
than the uncollapsed company chart once (ratio > 1).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from orgplan import Structure# noqa: E402
from orgplan.render.chart import org_chart# noqa: E402


def generate(n_positions: int, seed: int = 3) -> Structure:
    """A company of about ``n_positions`` position rows: departments → sections → teams."""
    rng = np.random.default_rng(seed)
    units = [("CO", "公司", None, "company")]
    positions = [("GM", "CO", "总经理", None, 1, 1), ("GM-AST", "CO", "总经理助理", "GM", 1, 1)]
    d = 0
    while len(positions) < n_positions:
        d += 1
        dept = f"D{d:02d}"
        units.append((dept, f"第{d}事業部", "CO", "department"))
        head = f"{dept}-MGR"
        positions.append((head, dept, f"第{d}事業部經理", "GM", 1, 1))
        positions.append((f"{dept}-AST", dept, "部門助理", head, 1, int(rng.integers(0, 2))))
        for s in range(int(rng.integers(3, 7))):
            sec = f"{dept}-S{s + 1}"
            units.append((sec, f"{d}-{s + 1} 課", dept, "section"))
            sec_head = f"{sec}-MGR"
            positions.append((sec_head, sec, "課長", head, 1, 1))
            for t in range(int(rng.integers(3, 7))):
                team = f"{sec}-T{t + 1}"
                units.append((team, f"{d}-{s + 1}-{t + 1} 組", sec, "team"))
                lead = f"{team}-LEAD"
                positions.append((lead, team, "組長", sec_head, 1, 1))
                for k in range(int(rng.integers(3, 9))):
                    approved = int(rng.integers(1, 8))
                    filled = int(max(0, approved - rng.integers(-1, 3)))
                    positions.append((f"{team}-P{k + 1}", team, f"專員{k + 1}", lead, approved, filled))
    units_df = pd.DataFrame(units, columns=["unit_id", "name", "parent_id", "kind"])
    pos_df = pd.DataFrame(positions, columns=["position_id", "unit_id", "title", "reports_to", "approved", "filled"])
    pos_df["monthly_cost"] = 8000
    pos_df["assistant"] = pos_df["position_id"].str.endswith("-AST")
    return Structure(units_df, pos_df, name="synthetic", status="draft")


def timed(func, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    result = func(*args, **kwargs)
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--positions", type=int, default=5000)
    parser.add_argument("--baseline-timeout", type=float, default=900.0, metavar="SECONDS")
    args = parser.parse_args()

    structure = generate(args.positions)
    departments = list(structure.units.query("kind == 'department'")["unit_id"])
    sys.stdout.reconfigure(line_buffering=True)
    print(f"synthetic organisation: {len(structure.positions)} positions, {len(structure.units)} units, "
          f"{len(departments)} departments")
    org_chart(structure, unit=departments[0])  # warm-up: font check, Graphviz plugins

    times = []
    for unit in departments:
        seconds, chart = timed(org_chart, structure, unit=unit)
        times.append(seconds)
    median, worst, total = statistics.median(times), max(times), sum(times)
    print(f"department charts: median {median:.3f} s, max {worst:.3f} s, total {total:.2f} s "
          f"({len(chart.positions)} boxes in the last)")

    collapsed_s, collapsed = timed(org_chart, structure)
    print(f"company chart, collapsed automatically: {collapsed_s:.2f} s, depth {collapsed.depth}, "
          f"{len(collapsed.positions)} positions + {len(collapsed.collapsed)} collapsed units; "
          f"note: {collapsed.notes[0] if collapsed.notes else '-'}")

    full_s, complete = _baseline(args.positions, args.baseline_timeout)
    bound = "" if complete else ">"
    print(f"department_median_s={median:.3f} department_max_s={worst:.3f} departments_total_s={total:.2f} "
          f"collapsed_company_s={collapsed_s:.2f} full_company_s={bound}{full_s:.2f} "
          f"ratio_full_vs_all_departments={bound}{full_s / total:.2f}")


def _baseline(n_positions: int, limit: float) -> tuple[float, bool]:
    """Seconds the uncollapsed company chart takes (child process); (limit, False) when it does not finish."""
    code = (f"import sys, time; sys.path.insert(0, {str(Path(__file__).resolve().parent)!r}); "
            f"import charts; from orgplan.render.chart import org_chart; s = charts.generate({n_positions}); "
            "org_chart(s, unit=s.units['unit_id'][1]); t = time.perf_counter(); "
            "c = org_chart(s, max_nodes=None); w, h = c.size_points; "
            "print(time.perf_counter() - t, len(c.positions), w, h)")
    try:
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=limit)
    except subprocess.TimeoutExpired:
        print(f"company chart, uncollapsed (baseline): not finished after {limit:.0f} s")
        return limit, False
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    seconds, boxes, width, height = (float(v) for v in done.stdout.split())
    print(f"company chart, uncollapsed (baseline): {seconds:.2f} s, {int(boxes)} boxes, "
          f"{width / 72 * 2.54:.0f} × {height / 72 * 2.54:.0f} cm")
    return seconds, True

if __name__ == "__main__":
    main()
