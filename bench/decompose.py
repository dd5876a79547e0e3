"""Benchmark: orgplan's IPF (``fit_array`` / ``fit``) against the ``ipfn`` package.

Run ``pip install ipfn`` first (a benchmark-only dependency), then::

    python bench/decompose.py [--repeat N]

Both run in this process on the same problems, to the same tolerance
(``1e-10`` relative deviation of every margin), on numpy arrays (ipfn's
fastest mode). Times are medians of ``--repeat`` runs. For each problem the
ratio is ipfn's time / ours; the two solutions are compared cell by cell
(largest relative difference over cells above 1e-9 of the table's total).
The pandas-level :func:`orgplan.sales.fit.fit` (MultiIndex Series in and out)
is timed too, for information.

The last line is exactly::

    ratio_vs_ipfn=<median ratio> worst_ratio=<smallest ratio> max_rel_diff=<largest difference>
"""

from __future__ import annotations

import argparse
import contextlib
import io
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from orgplan.sales.fit import fit, fit_array  # noqa: E402

TOL = 1e-10


def problem(shape: tuple[int, ...], margins: list[tuple[int, ...]], seed: int, zeros: float = 0.0):
    """A seed (last year's pattern) and margins from a perturbed 'truth' (this year's targets)."""
    rng = np.random.default_rng(seed)
    base = rng.gamma(2.0, 1.0, size=shape)
    if zeros:
        base[rng.random(shape) < zeros] = 0.0
    truth = base * rng.uniform(0.5, 1.5, size=shape)
    truth *= 1500.0 / truth.sum() * np.prod(shape) ** 0.5  # realistic magnitudes
    targets = {m: truth.sum(axis=tuple(i for i in range(len(shape)) if i not in m)) for m in margins}
    return base, targets


PROBLEMS = [
    ("2-D 500 consultants x 12 months", (500, 12), [(0,), (1,)]),
    ("2-D 5,000 parts x 52 weeks", (5000, 52), [(0,), (1,)]),
    ("3-D 200 reps x 12 months x 20 models, one-way", (200, 12, 20), [(0,), (1,), (2,)]),
    ("3-D 200 reps x 12 months x 20 models, two-way", (200, 12, 20), [(0, 1), (1, 2), (0, 2)]),
    ("5-D dealer 120 reps x 12 months x 20 models x 4 settlement x 5 channels, one-way",
     (120, 12, 20, 4, 5), [(0,), (1,), (2,), (3,), (4,)]),
    ("5-D dealer, rep x month and month x model two-way + one-way settlement, channel",
     (120, 12, 20, 4, 5), [(0, 1), (1, 2), (3,), (4,)]),
]


def run_ipfn(base, targets):
    from ipfn.ipfn import ipfn

    aggregates = [targets[m].copy() for m in targets]
    dimensions = [list(m) for m in targets]
    solver = ipfn(base.copy(), aggregates, dimensions, convergence_rate=TOL, max_iteration=1000,
                  rate_tolerance=0.0, verbose=1)
    with contextlib.redirect_stdout(io.StringIO()):  # ipfn prints "converged" lines
        table, converged = solver.iteration()
    return table, converged


def timed(func, repeat: int):
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def as_series(base: np.ndarray, targets: dict):
    names = [f"d{i}" for i in range(base.ndim)]
    index = pd.MultiIndex.from_product([range(n) for n in base.shape], names=names)
    seed = pd.Series(base.ravel(), index=index)
    margins = {}
    for axes, values in targets.items():
        key = names[axes[0]] if len(axes) == 1 else tuple(names[a] for a in axes)
        if len(axes) == 1:
            margins[key] = pd.Series(values, index=pd.RangeIndex(base.shape[axes[0]], name=key))
        else:
            idx = pd.MultiIndex.from_product([range(base.shape[a]) for a in axes], names=list(key))
            margins[key] = pd.Series(values.ravel(), index=idx)
    return seed, margins


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="runs per measurement (median), default 7")
    args = parser.parse_args(argv)
    try:
        import ipfn  # noqa: F401
    except ImportError:
        print("bench/decompose.py needs the ipfn package: pip install ipfn", file=sys.stderr)
        return 2
    ratios, diffs = [], []
    print(f"{'problem':<88} {'cells':>8} {'ipfn s':>9} {'ours s':>9} {'fit() s':>9} {'ratio':>7} {'rel diff':>9}")
    for number, (name, shape, margins) in enumerate(PROBLEMS):
        base, targets = problem(shape, margins, seed=number)
        fit_array(base, targets, tol=TOL)  # warm-up (BLAS threads, caches)
        t_ipfn, (theirs, converged) = timed(lambda: run_ipfn(base, targets), max(3, args.repeat // 2))
        t_ours, ours = timed(lambda: fit_array(base, targets, tol=TOL), args.repeat)
        seed_s, margins_s = as_series(base, targets)
        t_series, _ = timed(lambda: fit(seed_s, margins_s, tol=TOL), 3)
        scale = ours.sum()
        mask = np.abs(theirs) > 1e-9 * scale
        diff = float(np.max(np.abs(ours[mask] - theirs[mask]) / np.abs(theirs[mask])))
        ratio = t_ipfn / t_ours
        ratios.append(ratio)
        diffs.append(diff)
        flag = "" if converged else "  (ipfn: not converged)"
        print(f"{name:<88} {base.size:>8,} {t_ipfn:>9.4f} {t_ours:>9.5f} {t_series:>9.4f} {ratio:>7.1f} "
              f"{diff:>9.1e}{flag}")
    print(f"ratio_vs_ipfn={statistics.median(ratios):.1f} worst_ratio={min(ratios):.1f} "
          f"max_rel_diff={max(diffs):.1e}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
