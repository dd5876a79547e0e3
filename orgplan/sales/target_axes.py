"""The target on further axes: region (区域), customer type (客户类型), payment (付款方式), channel (销售渠道).

The first plan of the dealership asks to split the sales target by region,
customer, settlement method and sales method as well as by model, person
and time. :func:`decompose_axes` does it from a history that has those axes
(``data/sales/history-axes.csv``): each axis gets its share of the year's
total from the history (recent years weigh more; months by seasonality),
and the many-way table (month × model × region × customer type × payment ×
channel, or any of them) is fitted to all these margins in whole cars with
the same exact integer fitting as the consultant plan
(:func:`orgplan.sales.fit.fit`): **every one-way margin adds up exactly to
its axis' targets** and the total to the year's. The history's structural
zeros stay zero (the government pays in full; key accounts buy fleet models).

Examples
--------
>>> from orgplan.model.io import DATA_DIR
>>> history = read_history_axes(DATA_DIR / "sales" / "history-axes.csv")
>>> split = decompose_axes(1523, history, axes=("month", "model_id", "region", "customer_type", "payment"))
>>> int(split.cube.sum()), split.axes
(1523, ('month', 'model_id', 'region', 'customer_type', 'payment'))
>>> split.views["customer_type"][["part", "target"]].values.tolist()
[['个人', 1426], ['大客户', 64], ['政府', 33]]
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from orgplan.errors import DataError, ParameterError, Problem
from orgplan.i18n import N_, Translator
from orgplan.sales.apportion import apportion
from orgplan.sales.fit import fit
from orgplan.sales.history import model_mix, seasonality_index
from orgplan.sales.tables import id_cells, number_cells, read_sales_table
from orgplan.sales.target_checks import check_targets
from orgplan.tables.schema import Column, Table

_ = Translator("sales")

__all__ = ["HISTORY_AXES", "AXES", "AxesPlan", "read_history_axes", "decompose_axes", "axis_label"]

#: The further axes and what people read for them.
AXES = {"month": N_("month"), "model_id": N_("model"), "region": N_("region"), "customer_type": N_("customer type"),
        "payment": N_("payment"), "channel": N_("channel")}

#: ``history-axes.csv``: cars sold per year, month, model, region, customer type, payment and channel.
HISTORY_AXES = Table("history_axes", None, (
    Column("year", "count", aliases=("年", "年份")),
    Column("month", "count", aliases=("月", "月份")),
    Column("model_id", "id", aliases=("车型", "車型")),
    Column("region", "text", required=False, aliases=("区域", "區域")),
    Column("customer_type", "text", required=False, aliases=("客户类型", "客戶類型", "客户")),
    Column("payment", "text", required=False, aliases=("付款方式", "结算方式", "結算方式")),
    Column("channel", "text", required=False, aliases=("销售渠道", "銷售渠道", "渠道", "销售方式")),
    Column("units", "count", aliases=("台数", "台數", "销量", "銷量")),
))


def axis_label(axis: str) -> str:
    """What people read for an axis, in the language in force."""
    return _(AXES[axis]) if axis in AXES else axis


def read_history_axes(path: str | os.PathLike) -> pd.DataFrame:
    """Read the history with further axes; every bad cell reported with its row and column.

    Examples
    --------
    >>> from orgplan.model.io import DATA_DIR
    >>> history = read_history_axes(DATA_DIR / "sales" / "history-axes.csv")
    >>> history.groupby("year")["units"].sum().to_dict()
    {2024: 1230, 2025: 1340, 2026: 1410}
    """
    table, file = read_sales_table(path, HISTORY_AXES)
    problems: list[Problem] = []
    year = number_cells(table, "year", file, problems, whole=True, low=1990, high=2100,
                        expected=_("a whole number from 1990 to 2100"))
    month = number_cells(table, "month", file, problems, whole=True, low=1, high=12,
                         expected=_("a whole number from 1 to 12"))
    units = number_cells(table, "units", file, problems, whole=True)
    id_cells(table, "model_id", file, problems, _("a model id"))
    for axis in ("region", "customer_type", "payment", "channel"):
        if axis in table.columns:
            id_cells(table, axis, file, problems, _("a value of {axis}").format(axis=axis_label(axis)))
    if problems:
        raise DataError(sorted(problems, key=lambda p: p.row or 0))
    out = table[[c for c in ("model_id", "region", "customer_type", "payment", "channel") if c in table.columns]]
    out = out.astype(object).assign(year=year.astype("int64"), month=month.astype("int64"), units=units.astype("int64"))
    return out[["year", "month"] + [c for c in out.columns if c not in ("year", "month", "units")] + ["units"]]


@dataclass(frozen=True)
class AxesPlan:
    """The year's target over several axes: the fitted cube, a view per axis, the checks per axis."""

    total: int
    axes: tuple[str, ...]
    cube: pd.Series = field(repr=False)
    views: dict[str, pd.DataFrame] = field(repr=False)
    findings: pd.DataFrame = field(repr=False)

    def margin(self, axis: str) -> pd.Series:
        """The cube added up over every axis but ``axis``."""
        return self.cube.groupby(level=axis, sort=False).sum()


def decompose_axes(total: int, history: pd.DataFrame, *, axes: Sequence[str] = tuple(AXES),
                   base_year: int | None = None, max_over_history: float = 0.5,
                   growth_band: float = 0.15) -> AxesPlan:
    """Split ``total`` over the ``axes`` of the history so that every one-way margin adds up exactly.

    Parameters
    ----------
    total : int
        The year's target in cars (e.g. :attr:`TargetPlan.total`).
    history : DataFrame
        ``year, month`` and the axes, ``units`` (see :func:`read_history_axes`).
    axes : sequence of str
        Two or more of ``month, model_id, region, customer_type, payment, channel``.
    base_year : int, optional
        The last year of the history used for "last year" (default: the latest).
    max_over_history, growth_band : float
        The thresholds of the checks (as in the target's config).

    Returns
    -------
    AxesPlan
        ``cube`` (whole cars, indexed by the axes; the history's zero
        combinations stay zero), ``views`` (per axis: ``part, target,
        last_year, share``) and ``findings`` (the reasonableness and challenge
        checks of each axis, a ``dimension`` column first).

    Raises
    ------
    ParameterError
        If an axis is unknown or missing from the history, or fewer than two are asked.
    """
    axes = tuple(axes)
    unknown = [a for a in axes if a not in AXES or a not in history.columns]
    if unknown or len(axes) < 2 or len(set(axes)) != len(axes):
        raise ParameterError(f"The 'axes' parameter of decompose_axes must be two or more distinct axes of the "
                             f"history ({', '.join(a for a in AXES if a in history.columns)}). Got {axes!r} instead.")
    if not (isinstance(total, (int, np.integer)) and total >= 0):
        raise ParameterError(f"The 'total' parameter of decompose_axes must be a whole number of cars. Got {total!r} "
                             f"instead.")
    base_year = int(history["year"].max()) if base_year is None else base_year
    past = history[history["year"] <= base_year]
    years = sorted(set(past["year"]))
    weight = {y: i + 1 for i, y in enumerate(years)}           # recent years weigh more, as in model_mix
    margins = {}
    for axis in axes:
        if axis == "month":
            shares = seasonality_index(past).reindex(range(1, 13), fill_value=0.0)
        else:
            shares = model_mix(past, by=axis)
        margins[axis] = apportion(int(total), shares).rename_axis(axis)
    seed = past.assign(w=past["year"].map(weight) * past["units"]).groupby(list(axes))["w"].sum().astype(float)
    seed = seed[seed > 0]
    cube = fit(seed, margins, integer=True).rename("target")
    last = past[past["year"] == base_year]
    growth = total / last["units"].sum() - 1 if last["units"].sum() else None
    views, frames = {}, []
    for axis in axes:
        target = margins[axis]
        previous = last.groupby(axis)["units"].sum().reindex(target.index, fill_value=0)
        views[axis] = pd.DataFrame({"part": target.index.astype(object), "target": target.to_numpy(),
                                    "last_year": previous.to_numpy(),
                                    "share": (target / total).round(3).to_numpy() if total else 0.0})
        found = check_targets(target, history=previous.astype(float), last_actual=previous.astype(float),
                              company_growth=growth, max_over_history=max_over_history, growth_band=growth_band,
                              what=AXES[axis])
        frames.append(found.assign(dimension=axis))
    findings = pd.concat(frames, ignore_index=True)
    findings = findings[["dimension"] + [c for c in findings.columns if c != "dimension"]]
    return AxesPlan(total=int(total), axes=axes, cube=cube, views=views, findings=findings)
