"""The numerical core of target decomposition: IPF on dense arrays, controlled rounding.

:mod:`orgplan.sales.fit` validates the user's pandas input and calls these
functions with plain numpy arrays. Nothing here knows about
labels, files or pandas.

Speed notes (see ``bench/decompose.py``)
----------------------------------------
Iterative proportional fitting is a sequence of *reduce to a margin, then
scale by the margin's factors* passes over the table. On a cube of half a
million cells every pass is a full read (and for the scaling a full write)
of the table, so the work is memory-bound and the code is written to make
as few passes as possible and no cube-sized temporaries:

* reductions run in numpy's fast direction: a leading summed group is
  reduced by accumulating whole rows (rows shorter than ~2,000 cells are
  first folded together), a trailing one by row sums; this is 5–20× faster
  than ``ndarray.sum`` over several axes. BLAS (``x @ ones``) would be as
  fast on an idle machine but its threads stall 100× when another process
  holds a core, so it is not used;
* scaling is one in-place multiply; when the margin's innermost axis is
  short, the factor is expanded once per step into a contiguous block of at
  least a few hundred cells so numpy's inner loop stays long;
* convergence is read from the factors each step computes anyway (a step
  whose factors are all within ``tol`` of 1 means that margin already
  matched), so there is no separate checking pass; a step whose factors are
  all within ``tol`` of 1 skips its multiply.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import prod
from typing import Sequence

import numpy as np
from orgplan.errors import RoundingError  # raised here; defined in orgplan.errors

__all__ = ["ipf", "IPFResult", "margin_sums", "controlled_round", "RoundingError"]

#: Inner blocks shorter than this are expanded so the multiply loop stays long.
_MIN_BLOCK = 512


@dataclass(frozen=True)
class _Step:
    """How to reduce the table to one margin and scale it by that margin's factors."""

    axes: tuple[int, ...]          # kept axes, increasing
    target: np.ndarray             # target values, shape = kept dims
    reduce_view: tuple[int, ...]   # grouped shape of the table: alternate summed / kept groups
    kept_flags: tuple[bool, ...]   # per group: kept (True) or summed
    fold: int                      # leading summed group folded by this (see _reduce)
    scale_view: tuple[int, ...]    # table shape used by the in-place multiply
    factor_shape: tuple[int, ...]  # shape of the broadcast factor in scale_view
    expand_shape: tuple[int, ...] | None  # factor reshaped over all axes (1 where summed)
    expand_to: tuple[int, ...] | None     # ... broadcast to this (full over the trailing block)


def _group(shape: Sequence[int], kept: Sequence[bool]) -> tuple[list[int], list[bool]]:
    sizes: list[int] = []
    flags: list[bool] = []
    for n, k in zip(shape, kept):
        if flags and flags[-1] == k:
            sizes[-1] *= n
        else:
            sizes.append(n)
            flags.append(k)
    return sizes, flags


def _plan(shape: tuple[int, ...], axes: tuple[int, ...], target: np.ndarray) -> _Step:
    nd = len(shape)
    kept = [i in axes for i in range(nd)]
    sizes, flags = _group(shape, kept)
    fold = 1
    rest = prod(shape) // sizes[0]
    if not flags[0] and rest < 256:
        fold = max(r for r in range(1, sizes[0] + 1) if sizes[0] % r == 0 and r * rest <= 2048) if rest <= 2048 else 1
    # Scaling: find the shortest suffix of original axes holding >= _MIN_BLOCK
    # cells; expand the factor over it when that stays small.
    split = nd
    while split > 0 and prod(shape[split:]) < _MIN_BLOCK:
        split -= 1
    kept_before = prod(n for i, n in enumerate(shape[:split]) if kept[i])
    block = prod(shape[split:])
    expand_shape: tuple[int, ...] | None = None
    expand_to: tuple[int, ...] | None = None
    if block > 1 and any(kept[split:]) and kept_before * block * 4 <= prod(shape):
        outer_sizes, outer_flags = _group(shape[:split], kept[:split])
        scale_view = tuple(outer_sizes) + (block,)
        factor_shape = tuple(n if f else 1 for n, f in zip(outer_sizes, outer_flags)) + (block,)
        expand_shape = tuple(n if kept[i] else 1 for i, n in enumerate(shape))
        expand_to = tuple(n if (i >= split or kept[i]) else 1 for i, n in enumerate(shape))
    else:
        scale_view = tuple(sizes)
        factor_shape = tuple(n if f else 1 for n, f in zip(sizes, flags))
    return _Step(
        axes=axes,
        target=np.ascontiguousarray(target, dtype=np.float64),
        reduce_view=tuple(sizes),
        kept_flags=tuple(flags),
        fold=fold,
        scale_view=scale_view,
        factor_shape=factor_shape,
        expand_shape=expand_shape,
        expand_to=expand_to,
    )


def _reduce(table: np.ndarray, step: _Step) -> np.ndarray:
    """Sum ``table`` onto ``step.axes`` (result shape = the kept dims)."""
    flags = list(step.kept_flags)
    sizes = list(step.reduce_view)
    view: np.ndarray = table
    if not flags[0]:
        # leading summed group: accumulate whole rows (numpy's fast direction);
        # short rows are first folded into rows of ~2,048 cells
        rest = table.size // sizes[0]
        view = np.add.reduce(table.reshape(sizes[0] // step.fold, step.fold * rest), axis=0)
        if step.fold > 1:
            view = np.add.reduce(view.reshape(step.fold, rest), axis=0)
        sizes.pop(0)
        flags.pop(0)
    if not flags[-1]:
        rows = view.reshape(-1, sizes[-1])
        view = rows.sum(axis=1) if sizes[-1] >= 64 else np.einsum("ij->i", rows)
        sizes.pop()
        flags.pop()
    view = view.reshape(sizes)
    inner = tuple(i for i, f in enumerate(flags) if not f)
    if inner:  # summed groups between kept ones (multi-way margins with a gap)
        view = view.sum(axis=inner)
    elif view is table or np.shares_memory(view, table):
        view = view.copy()
    return view.reshape(step.target.shape)


def margin_sums(table: np.ndarray, axes: tuple[int, ...]) -> np.ndarray:
    """Sum ``table`` onto ``axes`` (fast path used by :func:`ipf` and the checks)."""
    if len(axes) == table.ndim:
        return table.copy()
    target_shape = tuple(table.shape[a] for a in axes)
    return _reduce(table, _plan(table.shape, axes, np.zeros(target_shape)))


@dataclass(frozen=True)
class IPFResult:
    """What :func:`ipf` returns: the fitted table and how the iteration went."""

    table: np.ndarray
    iterations: int
    max_deviation: float
    converged: bool


def ipf(
    seed: np.ndarray,
    margins: Sequence[tuple[tuple[int, ...], np.ndarray]],
    *,
    tol: float,
    max_iter: int,
) -> IPFResult:
    """Iterative proportional fitting of a dense non-negative array to margins.

    ``margins`` are ``(axes, target)`` pairs with increasing ``axes``. The
    caller has checked shapes, signs, totals and support. Convergence means
    every margin is within ``tol`` relative deviation of its target (cells
    whose target is zero must be exactly zero, which one pass achieves).
    """
    table = np.array(seed, dtype=np.float64, copy=True)
    steps = [_plan(table.shape, axes, target) for axes, target in margins]
    factors = [np.empty(s.target.shape) for s in steps]
    devs = [np.empty(s.target.shape) for s in steps]
    worst = np.inf
    iterations = 0
    for iterations in range(1, max_iter + 1):
        worst = 0.0
        for step, factor, dev in zip(steps, factors, devs):
            current = _reduce(table, step)
            factor.fill(1.0)
            np.divide(step.target, current, out=factor, where=current > 0)
            np.subtract(factor, 1.0, out=dev)
            np.abs(dev, out=dev)
            step_worst = float(dev.max()) if dev.size else 0.0
            if step_worst > worst:
                worst = step_worst
            if step_worst <= tol:
                continue  # already matched: skip a full pass over the table
            if step.expand_shape is not None:
                # one copy of each distinct factor block (small), no cube-sized temporary
                block = np.ascontiguousarray(
                    np.broadcast_to(factor.reshape(step.expand_shape), step.expand_to)
                )
                table.reshape(step.scale_view).__imul__(block.reshape(step.factor_shape))
            else:
                table.reshape(step.scale_view).__imul__(factor.reshape(step.factor_shape))
        if worst <= tol:
            return IPFResult(table, iterations, worst, True)
    return IPFResult(table, iterations, worst, False)


# ------------------------------------------------------------ controlled rounding
def _round_2d(x: np.ndarray, row_targets: np.ndarray, col_targets: np.ndarray) -> np.ndarray:
    """Integer ``y`` with the given row/column sums, each cell in floor/ceil of ``x``.

    If that is impossible the bounds widen by one (``floor - 1`` … ``ceil + 1``,
    never below zero); cells where ``x`` is zero stay zero. Raises
    :class:`RoundingError` when even that fails.
    """
    for slack in (0, 1):
        y = _round_2d_bounded(x, row_targets, col_targets, slack)
        if y is not None:
            return y
    raise RoundingError("no integer table within 2 of the fractional solution matches the margins")


def _round_2d_bounded(
    x: np.ndarray, row_targets: np.ndarray, col_targets: np.ndarray, slack: int
) -> np.ndarray | None:
    floor = np.floor(x + 1e-9)
    ceil = np.ceil(x - 1e-9)
    floor = np.minimum(floor, ceil)
    lower = np.maximum(floor - slack, 0.0)
    upper = np.where(x > 0, ceil + slack, 0.0)
    lower = lower.astype(np.int64)
    upper = upper.astype(np.int64)
    need_rows = row_targets.astype(np.int64) - lower.sum(axis=1)
    room = upper - lower
    if (need_rows < 0).any() or (need_rows > room.sum(axis=1)).any():
        return None
    # Greedy: each row takes its units in the cells with the largest fractional parts.
    priority = np.where(room > 0, x - floor, -np.inf)
    y = lower.copy()
    remaining = need_rows.copy()
    for unit in range(int(room.max()) if room.size else 0):
        available = room > unit
        if not available.any() or not remaining.any():
            break
        score = np.where(available, priority - unit, -np.inf)
        order = np.argsort(-score, axis=1, kind="stable")
        rank = np.empty_like(order)
        np.put_along_axis(rank, order, np.arange(x.shape[1])[None, :].repeat(x.shape[0], 0), axis=1)
        take = available & (rank < remaining[:, None])
        y += take
        remaining -= take.sum(axis=1)
    if remaining.any():
        return None
    # Repair columns: move single units along rows, from columns with too many
    # to columns with too few, through chains of columns (BFS).
    excess = y.sum(axis=0) - col_targets.astype(np.int64)
    ncol = x.shape[1]
    while excess.any():
        can_give = y > lower      # cell may lose a unit
        can_take = y < upper      # cell may gain a unit
        link = (can_give.T.astype(np.int32) @ can_take.astype(np.int32)) > 0  # col j -> col k via a row
        sources = np.flatnonzero(excess > 0)
        parent = np.full(ncol, -1)
        seen = np.zeros(ncol, bool)
        seen[sources] = True
        frontier = list(sources)
        found = -1
        while frontier and found < 0:
            nxt = []
            for j in frontier:
                for k in np.flatnonzero(link[j] & ~seen):
                    seen[k] = True
                    parent[k] = j
                    if excess[k] < 0:
                        found = k
                        break
                    nxt.append(k)
                if found >= 0:
                    break
            frontier = nxt
        if found < 0:
            return None
        k = found
        while parent[k] >= 0:
            j = parent[k]
            rows = np.flatnonzero(can_give[:, j] & can_take[:, k])
            # prefer the row where the move costs least closeness
            r = rows[np.argmax((x[rows, k] - y[rows, k]) + (y[rows, j] - x[rows, j]))]
            y[r, j] -= 1
            y[r, k] += 1
            can_give[r, j] = y[r, j] > lower[r, j]
            can_take[r, k] = y[r, k] < upper[r, k]
            k = j
        excess[k] -= 1
        excess[found] += 1
    return y


def controlled_round(table: np.ndarray, order: Sequence[int]) -> np.ndarray:
    """Round a fractional table whose one-way margins are whole numbers.

    The axes are taken in ``order``; step ``k`` rounds the table summed onto
    the first ``k + 1`` axes as a two-way table (previous axes × axis ``k``)
    whose row sums are the previous step's integers and whose column sums
    are axis ``k``'s margin. Every one-way margin is therefore kept exactly,
    and every cell ends within 2 of ``table`` (within floor/ceil whenever
    possible); zeros stay zero.
    """
    moved = np.moveaxis(table, list(order), list(range(table.ndim)))
    shape = moved.shape
    current = np.rint(moved.sum(axis=tuple(range(1, moved.ndim)))).astype(np.int64)
    for k in range(1, moved.ndim):
        partial = moved.sum(axis=tuple(range(k + 1, moved.ndim))) if k + 1 < moved.ndim else moved
        two_way = partial.reshape(-1, shape[k])
        column_targets = np.rint(two_way.sum(axis=0))
        current = _round_2d(two_way, current.reshape(-1), column_targets).reshape(shape[: k + 1])
    result = np.moveaxis(current, list(range(table.ndim)), list(order))
    return np.ascontiguousarray(result)
