"""Target decomposition (目標分解): split a yearly target so that the parts add up exactly.

The sales plan of the dealership decomposes the company's yearly target over
sales consultants, months and models (and, where wanted, settlement and
sales methods). The decomposition both *assigns* the target and *tests* it:
a part that is far above its history or its capacity is not reasonable
(公道性), a part below last year's actual is not challenging (挑戰性).

The building blocks:

* :func:`apportion` — split a whole number in proportion to weights, with
  per-part minimums and caps, so the parts sum exactly to the whole;
* :func:`apportion_tree` — the same down a tree (company → team →
  consultant), every level summing exactly to its parent;
* :func:`fit` — a multi-dimensional table (consultant × month × model) that
  matches every margin, by iterative proportional fitting, optionally in
  whole cars with every one-way margin kept exactly;
* :func:`seasonality_index`, :func:`model_mix`, :func:`capacity` — weights
  from the sales history;
* :func:`over_assign` — the sales organisation's over-assignment (the sum
  of consultants' quotas set to 105–120 % of the company target), kept as
  an explicit layer on top of a coherent plan;
* :func:`check_targets` — the reasonableness and challenge checks as a
  findings table.

The dealership's yearly plan from files (``orgplan targets decompose``) is
in :func:`read_target_config`, :func:`decompose_plan` and
:func:`write_plan_workbook`.

Examples
--------
>>> from orgplan.sales.targets import apportion
>>> apportion(1200, {"展廳": 3, "大客戶": 1}).to_dict()
{'展廳': 900, '大客戶': 300}
"""

from __future__ import annotations

import itertools

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from orgplan.sales import ipf as _targets_ipf
from orgplan.errors import OrgPlanError, ParameterError

__all__ = [
    "TargetError",
    "MarginMismatchError",
    "InfeasibleError",
    "NotConvergedError",
    "apportion",
    "apportion_tree",
    "fit",
    "fit_array",
    "seasonality_index",
    "model_mix",
    "capacity",
    "over_assign",
    "check_targets",
    "FINDING_COLUMNS",
    # re-exported from orgplan.sales.target_plan
    "TargetConfig",
    "TargetPlan",
    "read_target_config",
    "read_sales",
    "read_consultants",
    "read_models",
    "decompose_plan",
    "write_plan_workbook",
]


# ------------------------------------------------------------------- errors
class TargetError(OrgPlanError, ValueError):
    """Base class of the errors a target decomposition raises."""


class MarginMismatchError(TargetError):
    """Two margins disagree: on the total, or on the cells they share.

    ``differences`` holds one row per disagreement (``margin``, ``other``,
    ``cell``, ``value``, ``other_value``, ``difference``).
    """

    def __init__(self, message: str, differences: pd.DataFrame | None = None):
        super().__init__(message)
        self.differences = differences if differences is not None else pd.DataFrame()


class InfeasibleError(TargetError):
    """The margins or bounds cannot all be met (e.g. the seed's zeros forbid it)."""


class NotConvergedError(TargetError):
    """Iterative fitting did not reach the tolerance within ``max_iter`` iterations."""


#: Columns of the findings table :func:`check_targets` returns.
FINDING_COLUMNS = ["severity", "aspect", "code", "part", "target", "reference", "message"]


# ------------------------------------------------------------------ helpers
def _as_series(values: Any, name: str, func: str) -> pd.Series:
    if isinstance(values, pd.Series):
        series = values.copy()
    elif isinstance(values, Mapping):
        series = pd.Series(dict(values), dtype="float64")
    else:
        try:
            series = pd.Series(np.asarray(values, dtype="float64"))
        except (TypeError, ValueError):
            raise ParameterError(
                f"The {name!r} parameter of {func} must be numbers (a Series, dict or list). "
                f"Got {values!r} instead."
            ) from None
    try:
        series = series.astype("float64")
    except (TypeError, ValueError):
        raise ParameterError(
            f"The {name!r} parameter of {func} must hold numbers. Got {list(series)!r} instead."
        ) from None
    return series


def _bound(values: Any, index: pd.Index, name: str, default: float, func: str) -> np.ndarray:
    if values is None:
        return np.full(len(index), default)
    if np.isscalar(values):
        return np.full(len(index), float(values))
    if isinstance(values, (pd.Series, Mapping)):
        series = _as_series(values, name, func)
        unknown = series.index.difference(index)
        if len(unknown):
            raise ParameterError(
                f"The {name!r} parameter of {func} names parts that have no weight: "
                f"{', '.join(map(str, unknown[:5]))}."
            )
        return series.reindex(index).fillna(default).to_numpy(dtype="float64")
    array = np.asarray(values, dtype="float64")
    if array.shape != (len(index),):
        raise ParameterError(
            f"The {name!r} parameter of {func} must have one value per part ({len(index)}). "
            f"Got {array.shape[0] if array.ndim else 'a scalar'} instead."
        )
    return np.where(np.isnan(array), default, array)


def _whole(value: Any, name: str, func: str) -> int:
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = float("nan")
    if not np.isfinite(number) or number < 0 or number != round(number):
        raise ParameterError(
            f"The {name!r} parameter of {func} must be a whole number of 0 or more. Got {value!r} instead."
        )
    return int(round(number))


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if abs(value - round(value)) < 1e-9 else f"{value:,.6g}"


# ---------------------------------------------------------------- apportion
def apportion(
    total: int,
    weights: pd.Series | Mapping[Any, float] | Sequence[float] | np.ndarray,
    *,
    lower: Any = None,
    upper: Any = None,
) -> pd.Series:
    """Split a whole number into whole parts proportional to ``weights``.

    The largest-remainder method: each part gets the floor of its exact
    share, and the units left over go to the parts with the largest
    fractional remainders (ties to the earlier part). With bounds, the exact
    share is ``clip(λ·weight, lower, upper)`` with ``λ`` chosen so the shares
    sum to ``total`` — a capped part gives its excess to the others in
    proportion to their weights, a part below its minimum is raised to it.

    Parameters
    ----------
    total : int
        The whole to split, a whole number ≥ 0.
    weights : Series, dict or sequence of float
        Non-negative weights, one per part. The result keeps a Series'
        index (a dict's keys; a list gets 0, 1, 2 …).
    lower, upper : scalar, Series, dict or sequence, optional
        Per-part minimum and maximum (whole numbers), e.g. a new
        consultant's minimum and a capacity cap. A missing value means no
        bound. A part with zero weight gets its minimum (0 by default).

    Returns
    -------
    Series of int64
        Parts that sum exactly to ``total``; each within 1 of its exact
        (bounded) share, within its bounds, and 0 where the weight is 0 and
        no minimum is set.

    Raises
    ------
    InfeasibleError
        If the bounds cannot be met: the minimums add up to more than
        ``total``, the caps (and zero weights) to less, or a part's minimum
        exceeds its cap.
    ParameterError
        If ``total`` is not a whole number ≥ 0, a weight is negative or not
        a number, or all weights are zero while ``total`` > 0.

    See Also
    --------
    apportion_tree : the same down a tree of units.
    fit : several dimensions at once.

    Examples
    --------
    >>> apportion(10, [1, 1, 1]).tolist()
    [4, 3, 3]
    >>> apportion(100, {"C01": 5, "C02": 3, "C03": 0}).to_dict()
    {'C01': 63, 'C02': 37, 'C03': 0}

    (62.5 and 37.5: the tie on the remainder goes to the earlier part.)
    A new consultant's minimum of 20 and a cap of 50 on the first:

    >>> apportion(100, {"C01": 5, "C02": 3, "C03": 0},
    ...           lower={"C03": 20}, upper={"C01": 50}).to_dict()
    {'C01': 50, 'C02': 30, 'C03': 20}
    """
    func = "apportion"
    total = _whole(total, "total", func)
    series = _as_series(weights, "weights", func)
    w = series.to_numpy(dtype="float64")
    if np.isnan(w).any() or (w < 0).any() or np.isinf(w).any():
        bad = series[~(np.isfinite(w) & (w >= 0))]
        raise ParameterError(
            f"The 'weights' parameter of apportion must be finite numbers of 0 or more. "
            f"Got {bad.iloc[0]!r} for {bad.index[0]!r} instead."
        )
    lo = _bound(lower, series.index, "lower", 0.0, func)
    hi = _bound(upper, series.index, "upper", np.inf, func)
    for name, arr in (("lower", lo), ("upper", hi)):
        finite = arr[np.isfinite(arr)]
        if (finite < 0).any() or (finite != np.round(finite)).any():
            raise ParameterError(f"The {name!r} parameter of apportion must be whole numbers of 0 or more.")
    crossed = np.flatnonzero(lo > hi)
    if crossed.size:
        i = crossed[0]
        raise InfeasibleError(
            f"Part {series.index[i]!r} has a minimum of {_fmt(lo[i])} above its cap of {_fmt(hi[i])}."
        )
    hi_eff = np.where(w > 0, hi, lo)
    if lo.sum() > total:
        raise InfeasibleError(
            f"The minimums add up to {_fmt(lo.sum())}, more than the total {total:,} "
            f"(over by {_fmt(lo.sum() - total)})."
        )
    if hi_eff.sum() < total:
        if w.sum() == 0 and lower is None and upper is None:
            raise ParameterError(
                f"The 'weights' parameter of apportion has no positive weight, so {total:,} cannot be split."
            )
        zero = series.index[(w == 0) & (lo < hi)]
        extra = f"; parts with zero weight ({', '.join(map(str, zero[:5]))}) take only their minimum" if len(zero) else ""
        raise InfeasibleError(
            f"The caps add up to {_fmt(hi_eff.sum())}, less than the total {total:,} "
            f"(short by {_fmt(total - hi_eff.sum())}){extra}."
        )
    share = _bounded_shares(float(total), w, lo, hi_eff, bounded=lower is not None or upper is not None)
    parts = np.floor(share + 1e-9)
    parts = np.clip(parts, lo, hi_eff)
    left = int(round(total - parts.sum()))
    if left:
        remainder = share - parts
        room = parts < hi_eff
        order = np.lexsort((np.arange(len(w)), -np.where(room, remainder, -np.inf)))
        parts[order[:left]] += 1
    return pd.Series(parts.astype("int64"), index=series.index, name=series.name)


def _bounded_shares(total: float, w: np.ndarray, lo: np.ndarray, hi: np.ndarray, *, bounded: bool) -> np.ndarray:
    """Exact shares ``clip(λ·w, lo, hi)`` summing to ``total``."""
    weight_sum = w.sum()
    if not bounded:
        return total * w / weight_sum if weight_sum > 0 else np.zeros_like(w)

    # normalise (and floor absurdly small weights) so λ stays within float range
    w = np.where(w > 0, np.maximum(w / w.max(), 1e-200), 0.0) if weight_sum > 0 else w

    def total_at(scale: float) -> float:
        return float(np.clip(scale * w, lo, hi).sum())

    low, high = 0.0, 1.0
    while total_at(high) < total and high < 1e306:
        high *= 2.0
    for _ in range(200):
        mid = 0.5 * (low + high)
        if total_at(mid) < total:
            low = mid
        else:
            high = mid
        if high - low <= 1e-15 * high:
            break
    share = np.clip(high * w, lo, hi)
    # spread the float noise over the unbounded parts so shares sum to total
    free = (share > lo) & (share < hi)
    gap = total - share.sum()
    if free.any() and gap:
        share[free] += gap * w[free] / w[free].sum()
    return share


# ----------------------------------------------------------- apportion_tree
def apportion_tree(total: int, tree: pd.DataFrame) -> pd.Series:
    """Split a target down a tree so that every node's children sum to it.

    Parameters
    ----------
    total : int
        The root's target.
    tree : DataFrame
        Columns ``node``, ``parent`` (empty / NaN for the single root) and
        ``weight``; optional ``lower`` and ``upper`` (whole numbers). Only
        leaves need a weight: an internal node without one weighs the sum of
        its children. A node's minimum and cap include its children's (the
        minimum of a team is at least the sum of its consultants' minimums).

    Returns
    -------
    Series of int64
        Target per node, indexed by ``node`` in the order of ``tree``.

    Raises
    ------
    InfeasibleError
        If the bounds of some level cannot be met; the message names the
        parent whose split failed.
    ParameterError
        If the table is not a tree (no single root, unknown parent, cycle).

    Examples
    --------
    >>> import pandas as pd
    >>> tree = pd.DataFrame({
    ...     "node":   ["SALES", "SHOW", "KEY", "C01", "C02", "C03"],
    ...     "parent": [None, "SALES", "SALES", "SHOW", "SHOW", "KEY"],
    ...     "weight": [None, None, None, 2, 1, 1],
    ... })
    >>> apportion_tree(100, tree).to_dict()
    {'SALES': 100, 'SHOW': 75, 'KEY': 25, 'C01': 50, 'C02': 25, 'C03': 25}
    """
    func = "apportion_tree"
    total = _whole(total, "total", func)
    missing = {"node", "parent", "weight"} - set(tree.columns)
    if missing:
        raise ParameterError(
            f"The 'tree' parameter of {func} needs the columns node, parent and weight; "
            f"missing: {', '.join(sorted(missing))}."
        )
    nodes = list(tree["node"])
    if len(set(nodes)) != len(nodes):
        dup = pd.Index(nodes)[pd.Index(nodes).duplicated()][0]
        raise ParameterError(f"The 'tree' parameter of {func} lists node {dup!r} twice.")
    parent = {n: (None if pd.isna(p) or p == "" else p) for n, p in zip(tree["node"], tree["parent"])}
    roots = [n for n, p in parent.items() if p is None]
    if len(roots) != 1:
        raise ParameterError(f"The 'tree' parameter of {func} must have exactly one root. Got {roots!r} instead.")
    unknown = [p for p in parent.values() if p is not None and p not in parent]
    if unknown:
        raise ParameterError(f"The 'tree' parameter of {func} names unknown parent {unknown[0]!r}.")
    children: dict[Any, list[Any]] = {n: [] for n in nodes}
    for n in nodes:
        if parent[n] is not None:
            children[parent[n]].append(n)
    order: list[Any] = []  # breadth-first from the root
    queue = [roots[0]]
    while queue:
        node = queue.pop(0)
        order.append(node)
        queue.extend(children[node])
    if len(order) != len(nodes):
        raise ParameterError(f"The 'tree' parameter of {func} has a cycle or nodes cut off from the root.")

    def column(name: str, default: float) -> dict[Any, float]:
        if name not in tree.columns:
            return {n: default for n in nodes}
        return {n: (default if pd.isna(v) else float(v)) for n, v in zip(tree["node"], tree[name])}

    weight, lower, upper = column("weight", np.nan), column("lower", 0.0), column("upper", np.inf)
    for node in reversed(order):  # bottom-up: effective weights and bounds
        kids = children[node]
        if kids:
            if np.isnan(weight[node]):
                weight[node] = sum(weight[k] for k in kids)
            lower[node] = max(lower[node], sum(lower[k] for k in kids))
            upper[node] = min(upper[node], sum(upper[k] for k in kids))
        elif np.isnan(weight[node]):
            raise ParameterError(f"The 'tree' parameter of {func} has leaf {node!r} without a weight.")
    root = roots[0]
    if not lower[root] <= total <= upper[root]:
        raise InfeasibleError(
            f"The total {total:,} is outside what the tree allows for {root!r}: "
            f"between {_fmt(lower[root])} and {_fmt(upper[root])}."
        )
    result = {root: total}
    for node in order:
        kids = children[node]
        if not kids:
            continue
        try:
            split = apportion(
                result[node],
                pd.Series([weight[k] for k in kids], index=kids),
                lower=[lower[k] for k in kids],
                upper=[upper[k] for k in kids],
            )
        except InfeasibleError as exc:
            raise InfeasibleError(f"Splitting {node!r} ({result[node]:,}): {exc}") from None
        result.update(split.to_dict())
    return pd.Series([result[n] for n in nodes], index=pd.Index(nodes, name="node"), dtype="int64")


# ---------------------------------------------------------------------- fit
def fit(
    seed: pd.Series,
    margins: Mapping[str | tuple[str, ...], pd.Series],
    *,
    integer: bool = False,
    tol: float = 1e-10,
    max_iter: int = 1000,
) -> pd.Series:
    """Fit a multi-dimensional table to its margins (iterative proportional fitting).

    The result keeps the seed's pattern — its zeros stay zero and its
    ratios are kept as far as the margins allow — and matches every margin.

    Parameters
    ----------
    seed : Series
        Non-negative values with a named index: a MultiIndex with one level
        per dimension (e.g. ``consultant × month × model``), or a plain
        named Index. Combinations not in the index are zero.
    margins : mapping
        Level name (one-way margin), or tuple of level names (two-way or
        higher margin) → Series of targets indexed by those levels' labels.
        A label of the seed missing from a one-way margin is an error; a
        combination missing from a multi-way margin counts as 0.
    integer : bool, default False
        Return whole numbers: every cell non-negative, every one-way margin
        matched exactly (they must be whole numbers), and no cell more than
        2 from the fractional solution (within its floor/ceiling whenever
        possible). Multi-way margins then hold up to rounding.
    tol : float, default 1e-10
        Largest relative deviation ``|fitted / target - 1|`` of any margin
        cell at which the iteration stops.
    max_iter : int, default 1000
        Largest number of sweeps over all margins.

    Returns
    -------
    Series
        Same index (and order) as ``seed``; float64, or int64 when
        ``integer``. ``attrs`` holds ``iterations`` and ``max_deviation``.

    Raises
    ------
    MarginMismatchError
        If the margins disagree on the total (e.g. 1,200 against 1,201), or
        two margins disagree on the cells they share.
    InfeasibleError
        If the seed's zeros make the margins impossible: a margin asks for
        a cell the seed has no room for, or a part may only use labels whose
        total is smaller than its own (a consultant who may sell only one
        model, with a quota above that model's total).
    NotConvergedError
        If the tolerance is not reached within ``max_iter`` sweeps; the
        message names the margin and cell furthest off.
    ParameterError
        If the seed or a margin is malformed (negative, missing labels,
        unknown level names, fractional one-way margins with ``integer``).

    See Also
    --------
    fit_array : the same for a dense numpy array.
    apportion : one dimension.

    Notes
    -----
    IPF alternately scales the table to each margin (Deming & Stephan,
    1940); the result is the table closest to the seed in Kullback–Leibler
    divergence among those matching the margins. The numpy implementation
    makes no table-sized temporaries (see :mod:`orgplan.sales.ipf`).
    The inputs are never modified.

    Examples
    --------
    Two consultants, two months; last year's pattern as the seed:

    >>> import pandas as pd
    >>> seed = pd.Series([1.0, 1.0, 1.0, 3.0], index=pd.MultiIndex.from_product(
    ...     [["C01", "C02"], [1, 2]], names=["consultant", "month"]))
    >>> fitted = fit(seed, {"consultant": pd.Series({"C01": 40, "C02": 60}),
    ...                     "month": pd.Series({1: 50, 2: 50})})
    >>> fitted.round(2).tolist()
    [26.41, 13.59, 23.59, 36.41]

    The seed's odds ratio (1·3)/(1·1) = 3 is kept:
    26.41 × 36.41 / (13.59 × 23.59) = 3.
    >>> fit(seed, {"consultant": pd.Series({"C01": 40, "C02": 60}),
    ...            "month": pd.Series({1: 50, 2: 50})}, integer=True).tolist()
    [26, 14, 24, 36]

    Margins that disagree on the total are refused:

    >>> fit(seed, {"consultant": pd.Series({"C01": 600, "C02": 600}),
    ...            "month": pd.Series({1: 600, 2: 601})})
    Traceback (most recent call last):
    ...
    orgplan.sales.targets.MarginMismatchError: The margins disagree on the total: 'consultant' sums to 1,200 and 'month' to 1,201 (off by 1).
    """
    func = "fit"
    if not isinstance(seed, pd.Series):
        raise ParameterError(f"The 'seed' parameter of {func} must be a pandas Series. Got {type(seed).__name__} instead.")
    _check_fit_options(margins, tol, max_iter, func)
    cube = _Cube.from_series(seed)
    targets = [cube.margin_target(key, values) for key, values in margins.items()]
    table, iterations, deviation = _fit_dense(cube, targets, integer=integer, tol=tol, max_iter=max_iter)
    result_iterations = iterations
    out = pd.Series(table[cube.codes], index=seed.index.copy(), name=seed.name)
    out.attrs["iterations"] = result_iterations
    out.attrs["max_deviation"] = deviation
    return out


def fit_array(
    seed: np.ndarray,
    margins: Mapping[int | tuple[int, ...], np.ndarray],
    *,
    integer: bool = False,
    tol: float = 1e-10,
    max_iter: int = 1000,
) -> np.ndarray:
    """:func:`fit` for a dense numpy array: margins keyed by axis number(s).

    The same checks, errors and guarantees as :func:`fit`, without pandas
    labels (axes are named ``axis0``, ``axis1`` … in messages). For large
    cubes this skips building the MultiIndex.

    Examples
    --------
    >>> import numpy as np
    >>> seed = np.array([[1.0, 1.0], [1.0, 3.0]])
    >>> fit_array(seed, {0: np.array([40, 60]), 1: np.array([50, 50])}, integer=True).tolist()
    [[26, 14], [24, 36]]
    """
    if not isinstance(seed, np.ndarray) or seed.ndim < 1:
        raise ParameterError(f"The 'seed' parameter of fit_array must be a numpy array. Got {type(seed).__name__} instead.")
    _check_fit_options(margins, tol, max_iter, "fit_array")
    cube = _Cube.from_array(seed)
    targets = []
    for key, values in margins.items():
        axes = (key,) if isinstance(key, (int, np.integer)) else tuple(key)
        if not axes or any(not isinstance(a, (int, np.integer)) or not 0 <= a < seed.ndim for a in axes):
            raise ParameterError(f"The margin {key!r} of fit_array must name axes of the seed (0 … {seed.ndim - 1}).")
        targets.append(cube.array_target(tuple(int(a) for a in axes), np.asarray(values, dtype="float64")))
    table, _, _ = _fit_dense(cube, targets, integer=integer, tol=tol, max_iter=max_iter)
    return table


def _check_fit_options(margins: Any, tol: Any, max_iter: Any, func: str) -> None:
    if not isinstance(margins, Mapping) or not margins:
        raise ParameterError(f"The 'margins' parameter of {func} must be a non-empty mapping of level name(s) to Series.")
    if not (isinstance(max_iter, (int, np.integer)) and max_iter >= 1):
        raise ParameterError(f"The 'max_iter' parameter of {func} must be a positive integer. Got {max_iter!r} instead.")
    if not (isinstance(tol, (int, float)) and 0 < tol < 1):
        raise ParameterError(f"The 'tol' parameter of {func} must be a number between 0 and 1. Got {tol!r} instead.")


def _fit_dense(cube: "_Cube", targets: list["_Target"], *, integer: bool, tol: float,
               max_iter: int) -> tuple[np.ndarray, int, float]:
    _check_totals(targets)
    _check_shared_cells(cube, targets)
    _check_support(cube, targets)
    if integer:
        for t in targets:
            if len(t.axes) == 1 and (np.abs(t.values - np.round(t.values)) > 1e-9).any():
                i = int(np.argmax(np.abs(t.values - np.round(t.values))))
                raise ParameterError(
                    f"With integer=True the one-way margin {t.name!r} must be whole numbers. "
                    f"Got {t.values[i]!r} for {cube.labels[t.axes[0]][i]!r} instead."
                )
    result = _targets_ipf.ipf(cube.values, [(t.axes, t.values) for t in targets], tol=tol, max_iter=max_iter)
    if not result.converged:
        raise NotConvergedError(_not_converged_message(cube, targets, result.table, result.iterations, tol))
    table = result.table
    if integer:
        # the axes of two-way targets are rounded first (that keeps them); the others in every order until one works:
        # rounding axis by axis can corner itself in one order and not in another
        first = list(dict.fromkeys(a for t in targets if len(t.axes) > 1 for a in t.axes))
        rest = [a for a in range(table.ndim) if a not in first]
        for then in itertools.permutations(rest):
            try:
                table = _targets_ipf.controlled_round(table, first + list(then))
                break
            except _targets_ipf.RoundingError as exc:
                error = exc
        else:
            raise InfeasibleError(f"Rounding to whole numbers failed: {error}.")
    return table, result.iterations, result.max_deviation


class _Target:
    """One margin as a dense array over the cube's axes."""

    def __init__(self, axes: tuple[int, ...], values: np.ndarray, level_names: tuple[str, ...]):
        self.name = level_names[0] if len(axes) == 1 else "(" + ", ".join(map(repr, level_names)) + ")"
        self.axes = axes
        self.values = values
        self.level_names = level_names

    @property
    def label(self) -> str:
        return repr(self.name) if len(self.axes) == 1 else self.name


class _Cube:
    """A seed Series laid out as a dense numpy array (missing combinations are 0)."""

    def __init__(self, names: list[str], labels: list[pd.Index], values: np.ndarray, codes: tuple[np.ndarray, ...]):
        self.names = names
        self.labels = labels
        self.values = values
        self.codes = codes

    @classmethod
    def from_series(cls, seed: pd.Series) -> "_Cube":
        index = seed.index
        names = list(index.names)
        if any(n is None for n in names) or len(set(names)) != len(names):
            raise ParameterError(
                "The 'seed' parameter of fit must have a named index with distinct level names "
                f"(one per dimension). Got names {names!r} instead."
            )
        if index.has_duplicates:
            raise ParameterError(
                f"The 'seed' parameter of fit has the cell {index[index.duplicated()][0]!r} twice."
            )
        try:
            values = seed.to_numpy(dtype="float64")
        except (TypeError, ValueError):
            raise ParameterError("The 'seed' parameter of fit must hold numbers.") from None
        bad = ~np.isfinite(values) | (values < 0)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise ParameterError(
                f"The 'seed' parameter of fit must be finite numbers of 0 or more. "
                f"Got {seed.iloc[i]!r} at {index[i]!r} instead."
            )
        if isinstance(index, pd.MultiIndex):
            labels, codes = [], []
            for level in range(index.nlevels):
                codes_i, uniques = pd.factorize(index.get_level_values(level), sort=False)
                labels.append(pd.Index(uniques, name=names[level]))
                codes.append(codes_i)
        else:
            codes_i, uniques = pd.factorize(index, sort=False)
            labels, codes = [pd.Index(uniques, name=names[0])], [codes_i]
        dense = np.zeros(tuple(len(lab) for lab in labels))
        dense[tuple(codes)] = values
        return cls(names, labels, dense, tuple(codes))

    @classmethod
    def from_array(cls, seed: np.ndarray) -> "_Cube":
        values = np.asarray(seed, dtype="float64")
        bad = ~np.isfinite(values) | (values < 0)
        if bad.any():
            position = tuple(int(i) for i in np.argwhere(bad)[0])
            raise ParameterError(
                f"The 'seed' parameter of fit_array must be finite numbers of 0 or more. "
                f"Got {values[position]!r} at {position} instead."
            )
        names = [f"axis{i}" for i in range(values.ndim)]
        labels = [pd.RangeIndex(n, name=name) for n, name in zip(values.shape, names)]
        return cls(names, labels, values, ())  # no codes: the result stays dense

    def array_target(self, axes: tuple[int, ...], values: np.ndarray) -> _Target:
        shape = tuple(self.values.shape[a] for a in axes)
        if values.shape != shape or len(set(axes)) != len(axes):
            raise ParameterError(
                f"The margin {axes if len(axes) > 1 else axes[0]!r} of fit_array must have shape {shape}. "
                f"Got {values.shape} instead."
            )
        bad = ~np.isfinite(values) | (values < 0)
        if bad.any():
            raise ParameterError(f"The margin {axes!r} of fit_array must be finite numbers of 0 or more.")
        order = tuple(sorted(axes))
        dense = np.transpose(values, [axes.index(a) for a in order]) if len(axes) > 1 else values
        return _Target(order, np.ascontiguousarray(dense), tuple(self.names[a] for a in order))

    def margin_target(self, key: str | tuple[str, ...], values: pd.Series) -> _Target:
        level_names = (key,) if isinstance(key, str) else tuple(key)
        unknown = [n for n in level_names if n not in self.names]
        if unknown or not level_names or len(set(level_names)) != len(level_names):
            raise ParameterError(
                f"The margin {key!r} of fit names levels the seed does not have "
                f"(the seed's levels: {', '.join(self.names)})."
            )
        if not isinstance(values, pd.Series):
            values = pd.Series(values)
        order = sorted(level_names, key=self.names.index)
        axes = tuple(self.names.index(n) for n in order)
        numbers = pd.to_numeric(values, errors="coerce").to_numpy(dtype="float64")
        bad = ~np.isfinite(numbers) | (numbers < 0)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise ParameterError(
                f"The margin {key!r} of fit must be finite numbers of 0 or more. "
                f"Got {values.iloc[i]!r} for {values.index[i]!r} instead."
            )
        dense = np.zeros(tuple(len(self.labels[a]) for a in axes))
        if len(level_names) == 1:
            position = self.labels[axes[0]].get_indexer(values.index)
            extra = values.index[(position < 0) & (numbers > 0)]
            if len(extra):
                raise InfeasibleError(
                    f"The margin {key!r} asks {_fmt(numbers[(position < 0) & (numbers > 0)].sum())} for "
                    f"{', '.join(map(repr, extra[:5]))}, which the seed does not have."
                )
            if values.index.has_duplicates:
                raise ParameterError(f"The margin {key!r} of fit lists {values.index[values.index.duplicated()][0]!r} twice.")
            missing = self.labels[axes[0]].difference(values.index)
            if len(missing):
                raise ParameterError(
                    f"The margin {key!r} of fit has no value for {', '.join(map(repr, missing[:5]))}."
                )
            dense[position[position >= 0]] = numbers[position >= 0]
        else:
            if not isinstance(values.index, pd.MultiIndex) or values.index.nlevels != len(level_names):
                raise ParameterError(
                    f"The margin {key!r} of fit must be indexed by a MultiIndex of {len(level_names)} levels."
                )
            if values.index.has_duplicates:
                raise ParameterError(f"The margin {key!r} of fit lists {values.index[values.index.duplicated()][0]!r} twice.")
            given = list(values.index.names)
            names_in_key = given if set(given) == set(level_names) else list(level_names)
            positions = []
            for n in order:
                lev = values.index.get_level_values(names_in_key.index(n))
                positions.append(self.labels[self.names.index(n)].get_indexer(lev))
            positions_arr = np.array(positions)
            outside = (positions_arr < 0).any(axis=0)
            if (outside & (numbers > 0)).any():
                i = int(np.flatnonzero(outside & (numbers > 0))[0])
                raise InfeasibleError(
                    f"The margin {key!r} asks {_fmt(numbers[i])} for {values.index[i]!r}, which the seed does not have."
                )
            inside = ~outside
            dense[tuple(positions_arr[:, inside])] = numbers[inside]
        return _Target(axes, dense, tuple(order))

    def cell_name(self, axes: tuple[int, ...], position: tuple[int, ...]) -> str:
        return ", ".join(f"{self.names[a]}={self.labels[a][p]!r}" for a, p in zip(axes, position))


def _check_totals(targets: list[_Target]) -> None:
    totals = [float(t.values.sum()) for t in targets]
    reference = max(totals)
    scale = max(reference, 1.0)
    if max(totals) - min(totals) <= 1e-9 * scale:
        return
    first = targets[0]
    rows, parts = [], []
    for t, total in zip(targets[1:], totals[1:]):
        if abs(total - totals[0]) > 1e-9 * scale:
            rows.append({"margin": first.name, "other": t.name, "cell": "total", "value": totals[0],
                         "other_value": total, "difference": total - totals[0]})
            parts.append(f"{t.label} to {_fmt(total)} (off by {_fmt(total - totals[0])})")
    raise MarginMismatchError(
        f"The margins disagree on the total: {first.label} sums to {_fmt(totals[0])} and "
        + "; ".join(parts) + ".",
        pd.DataFrame(rows),
    )


def _check_shared_cells(cube: _Cube, targets: list[_Target]) -> None:
    rows = []
    for i, a in enumerate(targets):
        for b in targets[i + 1:]:
            shared = tuple(sorted(set(a.axes) & set(b.axes)))
            if not shared or (len(a.axes) == 1 and len(b.axes) == 1):
                continue
            a_sum = a.values.sum(axis=tuple(k for k, ax in enumerate(a.axes) if ax not in shared))
            b_sum = b.values.sum(axis=tuple(k for k, ax in enumerate(b.axes) if ax not in shared))
            gap = b_sum - a_sum
            scale = max(float(np.abs(a_sum).max(initial=0.0)), 1.0)
            for position in zip(*np.nonzero(np.abs(gap) > 1e-9 * scale)):
                rows.append({"margin": a.name, "other": b.name, "cell": cube.cell_name(shared, position),
                             "value": float(a_sum[position]), "other_value": float(b_sum[position]),
                             "difference": float(gap[position])})
    if rows:
        table = pd.DataFrame(rows)
        worst = table.loc[table["difference"].abs().idxmax()]
        raise MarginMismatchError(
            f"The margins disagree on {len(table)} shared cell{'s' if len(table) > 1 else ''}: "
            f"worst at {worst['cell']}, {_label(worst['margin'])} gives {_fmt(worst['value'])} but "
            f"{_label(worst['other'])} gives {_fmt(worst['other_value'])} (off by {_fmt(worst['difference'])}).",
            table,
        )


def _label(name: str) -> str:
    return name if name.startswith("(") else repr(name)


def _check_support(cube: _Cube, targets: list[_Target]) -> None:
    """Refuse margins that ask for cells the seed has no room for (Hall-type checks)."""
    seed = cube.values
    if seed.size and seed.min() > 0:
        return  # no zeros: every cell has room, and equal totals make the margins feasible
    for t in targets:
        room = _targets_ipf.margin_sums(seed, t.axes)
        blocked = (room <= 0) & (t.values > 0)
        if blocked.any():
            cells = list(zip(*np.nonzero(blocked)))
            shown = "; ".join(cube.cell_name(t.axes, c) for c in cells[:3])
            more = f" and {len(cells) - 3} more" if len(cells) > 3 else ""
            raise InfeasibleError(
                f"The margin {t.label} asks {_fmt(float(t.values[blocked].sum()))} for cells where the seed "
                f"is all zeros ({shown}{more}); give the seed room there or set those targets to 0."
            )
    one_way = [t for t in targets if len(t.axes) == 1]
    for a in one_way:
        for b in one_way:
            if a is b or a.axes == b.axes:
                continue
            allowed = _targets_ipf.margin_sums(seed, tuple(sorted(a.axes + b.axes))) > 0
            if a.axes[0] > b.axes[0]:
                allowed = allowed.T
            # group a's labels by the set of b-labels they may use
            patterns, group = np.unique(allowed, axis=0, return_inverse=True)
            group = np.asarray(group).reshape(-1)
            for g, pattern in enumerate(patterns):
                members = np.flatnonzero(group == g)
                need = float(a.values[members].sum())
                can = float(b.values[pattern].sum())
                if need > can * (1 + 1e-9) + 1e-9:
                    who = ", ".join(repr(cube.labels[a.axes[0]][m]) for m in members[:5])
                    usable = ", ".join(repr(v) for v in cube.labels[b.axes[0]][pattern][:8])
                    raise InfeasibleError(
                        f"The seed's zeros make the margins infeasible: {a.name} {who} may only use "
                        f"{b.name} {{{usable}}}, whose total in margin {b.label} is {_fmt(can)}, "
                        f"but {a.label} asks {_fmt(need)} (short by {_fmt(need - can)})."
                    )


def _not_converged_message(cube: _Cube, targets: list[_Target], table: np.ndarray, iterations: int, tol: float) -> str:
    worst = None
    for t in targets:
        got = _targets_ipf.margin_sums(table, t.axes)
        gap = np.abs(got - t.values)
        position = np.unravel_index(int(np.argmax(gap)), gap.shape)
        if worst is None or gap[position] > worst[0]:
            worst = (float(gap[position]), t, position, float(got[position]), float(t.values[position]))
    assert worst is not None
    gap, t, position, got, asked = worst
    return (
        f"Fitting did not converge within {iterations} iterations (tolerance {tol:g}): margin {t.label} is "
        f"still off by {gap:,.4g} at {cube.cell_name(t.axes, position)} (asked {_fmt(asked)}, reached "
        f"{got:,.6g}). The seed's zeros probably make the margins infeasible; check which parts may use which labels."
    )


# ---------------------------------------------------------- weights from data
def seasonality_index(sales: pd.DataFrame, *, by: str = "month", value: str = "units", year: str = "year") -> pd.Series:
    """Seasonality index per month from past years' sales (mean 1).

    For each year, each month's sales are divided by that year's average
    month; the index is the average of these ratios over the years, so a
    year of higher sales does not weigh more than another.

    Parameters
    ----------
    sales : DataFrame
        Columns ``year``, ``month`` and ``units`` (other columns, e.g.
        ``model_id``, are summed over).
    by, value, year : str
        Column names.

    Returns
    -------
    Series
        Indexed by month, averaging 1.

    Examples
    --------
    >>> import pandas as pd
    >>> sales = pd.DataFrame({"year": [2025, 2025, 2026, 2026], "month": [1, 2, 1, 2],
    ...                       "units": [30, 10, 60, 40]})
    >>> seasonality_index(sales).tolist()
    [1.35, 0.65]
    """
    table = sales.groupby([year, by])[value].sum().unstack(by, fill_value=0)
    ratios = table.div(table.mean(axis=1), axis=0)
    index = ratios.mean(axis=0)
    index.name = "seasonality"
    return index


def model_mix(sales: pd.DataFrame, *, by: str = "model_id", value: str = "units", year: str = "year",
              year_weights: Sequence[float] | None = None) -> pd.Series:
    """Share of each model in past sales, recent years weighing more.

    Parameters
    ----------
    sales : DataFrame
        Columns ``year``, ``model_id`` and ``units``.
    year_weights : sequence of float, optional
        Weight of each year, oldest first; default 1, 2, 3, … so the
        latest year counts most.

    Returns
    -------
    Series
        Shares per model summing to 1.

    Examples
    --------
    >>> import pandas as pd
    >>> sales = pd.DataFrame({"year": [2025, 2025, 2026, 2026], "model_id": ["A", "B", "A", "B"],
    ...                       "units": [50, 50, 80, 20]})
    >>> model_mix(sales).round(4).to_dict()
    {'A': 0.7, 'B': 0.3}
    """
    table = sales.groupby([year, by])[value].sum().unstack(by, fill_value=0)
    shares = table.div(table.sum(axis=1), axis=0)
    weights = np.arange(1, len(shares) + 1, dtype=float) if year_weights is None else np.asarray(year_weights, float)
    if weights.shape != (len(shares),):
        raise ParameterError(
            f"The 'year_weights' parameter of model_mix must have one weight per year ({len(shares)}). "
            f"Got {len(weights)} instead."
        )
    mix = shares.mul(weights, axis=0).sum(axis=0) / weights.sum()
    mix.name = "share"
    return mix


def capacity(working_days: Any, visits_per_day: Any, conversion: Any) -> Any:
    """Cars a consultant can sell: working days × visits (customers received) per day × conversion.

    Works on numbers or aligned Series alike.

    Examples
    --------
    >>> capacity(250, 4, 0.12)
    120.0
    """
    return working_days * visits_per_day * conversion * 1.0


# -------------------------------------------------------------- over_assign
def over_assign(quotas: pd.Series, factor: float, *, upper: Any = None) -> pd.Series:
    """Over-assign consultants' quotas: their sum becomes ``factor`` × the company plan.

    Sales organisations commonly hand out 105–120 % of the company target,
    so that the company still makes its plan when some consultants fall
    short. This is a layer on top of a coherent plan: the company plan
    (``quotas``, which sum to the company target) is left as it is, and the
    extra is spread in proportion to it, nobody below their plan quota.

    Parameters
    ----------
    quotas : Series of int
        Plan quotas per consultant, summing to the company target.
    factor : float
        Between 1.0 and 2.0, e.g. 1.10 for 110 %.
    upper : scalar, Series or dict, optional
        Caps (e.g. capacity); a cap below the plan quota is ignored.

    Returns
    -------
    Series of int64
        Assigned quotas summing to ``round(factor × sum(quotas))``.

    Examples
    --------
    >>> import pandas as pd
    >>> over_assign(pd.Series({"C01": 60, "C02": 40}), 1.10).to_dict()
    {'C01': 66, 'C02': 44}
    """
    if not (isinstance(factor, (int, float)) and 1.0 <= factor <= 2.0):
        raise ParameterError(
            f"The 'factor' parameter of over_assign must be a number between 1.0 and 2.0. Got {factor!r} instead."
        )
    plan = _as_series(quotas, "quotas", "over_assign")
    total = int(round(plan.sum() * factor))
    caps = None
    if upper is not None:
        caps = np.maximum(_bound(upper, plan.index, "upper", np.inf, "over_assign"), plan.to_numpy())
    result = apportion(total, plan, lower=plan.to_numpy(), upper=caps)
    result.name = "assigned"
    return result


# ---------------------------------------------------------------- checks
def check_targets(
    targets: pd.Series,
    *,
    history: pd.Series | None = None,
    last_actual: pd.Series | None = None,
    capacity: pd.Series | None = None,
    company_growth: float | None = None,
    max_over_history: float = 0.5,
    growth_band: float = 0.15,
    what: str = "part",
) -> pd.DataFrame:
    """Check a decomposition for reasonableness (公道性) and challenge (挑戰性).

    Parameters
    ----------
    targets : Series
        Target per part (consultant, model, month …).
    history : Series, optional
        A reference level per part (e.g. last year's or the average of
        past years' sales). A target above ``history × (1 + max_over_history)``
        is not reasonable.
    last_actual : Series, optional
        Last year's actual per part. A target below it is not challenging;
        the part's growth against it is compared with ``company_growth``.
    capacity : Series, optional
        What each part can do (see :func:`capacity`); a target above it is
        not reasonable and is an ``error``.
    company_growth : float, optional
        The company's overall growth (0.08 for +8 %). A part whose growth
        against ``last_actual`` differs from it by more than ``growth_band``
        is reported.
    max_over_history, growth_band : float
        Thresholds, as fractions.
    what : str
        What the parts are, for the messages (``consultant``, ``model`` …).

    Returns
    -------
    DataFrame
        One row per finding, columns :data:`FINDING_COLUMNS`: ``severity``
        (``error`` / ``warning``), ``aspect`` (``reasonableness`` /
        ``challenge``), ``code``, ``part``, ``target``, ``reference`` and a
        ``message``. Empty when everything is fine. Parts missing from a
        reference are not checked against it.

    Examples
    --------
    >>> import pandas as pd
    >>> targets = pd.Series({"C01": 130, "C02": 95, "C03": 300})
    >>> found = check_targets(targets, last_actual=pd.Series({"C01": 120, "C02": 100, "C03": 150}),
    ...                       capacity=pd.Series({"C03": 200}), company_growth=0.08, what="consultant")
    >>> found[["severity", "code", "part"]].values.tolist()
    [['error', 'exceeds_capacity', 'C03'], ['warning', 'below_last_year', 'C02'], ['warning', 'growth_off_company', 'C03']]
    >>> print(found["message"].iloc[0])
    consultant C03: target 300 exceeds capacity 200 by 100 (50.0%).
    """
    rows: list[dict[str, Any]] = []
    targets = _as_series(targets, "targets", "check_targets")

    def aligned(ref: pd.Series | None) -> pd.Series | None:
        return None if ref is None else _as_series(ref, "reference", "check_targets").reindex(targets.index)

    cap, hist, last = aligned(capacity), aligned(history), aligned(last_actual)
    for part, target in targets.items():
        if cap is not None and pd.notna(cap[part]) and target > cap[part]:
            over = target - cap[part]
            rows.append(_finding("error", "reasonableness", "exceeds_capacity", part, target, cap[part],
                                 f"{what} {part}: target {_fmt(target)} exceeds capacity {_fmt(cap[part])} by "
                                 f"{_fmt(over)} ({over / cap[part]:.1%})." if cap[part] else
                                 f"{what} {part}: target {_fmt(target)} but capacity is 0."))
        if hist is not None and pd.notna(hist[part]) and target > hist[part] * (1 + max_over_history):
            rows.append(_finding("warning", "reasonableness", "exceeds_history", part, target, hist[part],
                                 f"{what} {part}: target {_fmt(target)} is {target / hist[part] - 1:+.1%} over its "
                                 f"history {_fmt(hist[part])} (more than {max_over_history:.0%})." if hist[part] else
                                 f"{what} {part}: target {_fmt(target)} without any history."))
    for part, target in targets.items():
        if last is not None and pd.notna(last[part]) and target < last[part]:
            rows.append(_finding("warning", "challenge", "below_last_year", part, target, last[part],
                                 f"{what} {part}: target {_fmt(target)} is below last year's actual "
                                 f"{_fmt(last[part])} (by {_fmt(last[part] - target)})."))
    if company_growth is not None and last is not None:
        for part, target in targets.items():
            if pd.notna(last[part]) and last[part] > 0:
                growth = target / last[part] - 1
                if abs(growth - company_growth) > growth_band:
                    rows.append(_finding("warning", "challenge" if growth < company_growth else "reasonableness",
                                         "growth_off_company", part, target, last[part],
                                         f"{what} {part}: growth {growth:+.1%} against last year is far from the "
                                         f"company's {company_growth:+.1%} (band ±{growth_band:.0%})."))
    table = pd.DataFrame(rows, columns=FINDING_COLUMNS)
    if not table.empty:
        table["_rank"] = table["severity"].map({"error": 0, "warning": 1}).fillna(2)
        table["_code"] = table["code"].map(
            {"exceeds_capacity": 0, "exceeds_history": 1, "below_last_year": 2, "growth_off_company": 3})
        table = table.sort_values(["_rank", "_code"], kind="stable").drop(columns=["_rank", "_code"])
        table = table.reset_index(drop=True)
    return table


def _finding(severity: str, aspect: str, code: str, part: Any, target: float, reference: float, message: str) -> dict:
    return {"severity": severity, "aspect": aspect, "code": code, "part": part,
            "target": float(target), "reference": float(reference), "message": message}


# The dealership's plan from files; kept in a private module, re-exported here.
from orgplan.sales.target_plan import (  # noqa: E402
    TargetConfig, TargetPlan, decompose_plan, read_consultants, read_models, read_sales,
    read_target_config, write_plan_workbook,
)
