"""Fitting a multi-dimensional target table to its margins (iterative proportional fitting).

:func:`fit` takes a pandas seed (e.g. last year's consultant × month ×
model sales) and the margins the plan sets, and returns the table closest
to the seed that matches every margin — in whole cars if asked, every
one-way margin then kept exactly. :func:`fit_array` is the same for a
dense numpy array. The numerical core is :mod:`orgplan.sales.ipf`; this
module validates the user's input and explains a refusal (margins that
disagree, a seed without room, no convergence).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from orgplan.errors import InfeasibleError, MarginMismatchError, NotConvergedError, ParameterError, RoundingError
from orgplan.sales import ipf as _targets_ipf
from orgplan.sales._params import fmt as _fmt

__all__ = ["fit", "fit_array"]


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
    orgplan.errors.MarginMismatchError: The margins disagree on the total: 'consultant' sums to 1,200 and 'month' to 1,201 (off by 1).
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
            except RoundingError as exc:
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
