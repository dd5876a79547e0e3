"""Apportionment (按比例分配): split a whole number into whole parts that add up exactly.

* :func:`apportion` — in proportion to weights, with per-part minimums and
  caps (largest remainder);
* :func:`apportion_tree` — the same down a tree (company → team →
  consultant), every level summing exactly to its parent;
* :func:`over_assign` — the sales organisation's over-assignment (the sum
  of consultants' quotas set to 105–120 % of the company target), kept as
  an explicit layer on top of a coherent plan.

Examples
--------
>>> apportion(1200, {"展厅": 3, "大客户": 1}).to_dict()
{'展厅': 900, '大客户': 300}
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from orgplan.errors import InfeasibleError, ParameterError
from orgplan.sales._params import as_series as _as_series, bound as _bound, fmt as _fmt, whole as _whole

__all__ = ["apportion", "apportion_tree", "over_assign"]


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
    nodes, children, order = _tree_order(tree, func)
    roots = order[:1]

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



def _tree_order(tree: pd.DataFrame, func: str) -> tuple[list[Any], dict[Any, list[Any]], list[Any]]:
    """The nodes in table order, each node's children, and the nodes breadth-first from the single root."""
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
    return nodes, children, order


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
