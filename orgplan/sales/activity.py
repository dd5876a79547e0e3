"""Activity KPIs (銷售活動指標) per salesperson from a visit log; new and lost customers.

* :func:`kpis` — per salesperson for a period: visits, days, visits per
  day, minutes, revenue and cost per visit, orders, orders per 100 visits,
  revenue and the expense ratio, and with a customer table new and lost
  customers; :func:`monthly_kpis` month by month;
* :func:`team_total` — the team's figures, ratios computed from the sums;
* :func:`customer_status` — who is a new and who a lost customer.

Examples
--------
>>> import pandas as pd
>>> log = pd.DataFrame({
...     "salesperson": ["S01", "S01", "S02"],
...     "date": pd.to_datetime(["2027-04-01", "2027-04-02", "2027-04-02"]),
...     "customer_id": ["C1", "C2", "C3"], "minutes": [30, 60, 45],
...     "cost": [100, 200, 50], "ordered": [0, 1, 0], "revenue": [0, 150000, 0]})
>>> kpis(log, "2027-04")[["salesperson", "visits", "orders", "revenue", "expense_ratio"]]
  salesperson  visits  orders   revenue  expense_ratio
0         S01       2       1  150000.0          0.002
1         S02       1       0       0.0            NaN
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from orgplan.errors import ParameterError
from orgplan.sales.activity_files import VISIT_COLUMNS
from orgplan.sales.periods import Period, parse_period

__all__ = ["KPI_COLUMNS", "ADDITIVE_COLUMNS", "kpis", "monthly_kpis", "team_total", "customer_status"]

#: Columns :func:`kpis` returns (after ``salesperson`` and, given names, ``name``).
KPI_COLUMNS = ["visits", "days", "visits_per_day", "minutes_per_visit", "revenue_per_visit", "cost_per_visit",
               "orders", "orders_per_100_visits", "revenue", "cost", "expense_ratio", "minutes"]

#: Additive columns: a team's figures are the sums of its members' (the others are ratios of these).
ADDITIVE_COLUMNS = ["visits", "days", "minutes", "cost", "orders", "revenue", "new_customers", "lost_customers"]


def _check_visits(visits: pd.DataFrame, func: str) -> None:
    missing = [c for c in VISIT_COLUMNS if c not in visits.columns]
    if missing:
        raise ParameterError(
            f"The 'visits' parameter of {func} must be a visit log with the columns {', '.join(VISIT_COLUMNS)} "
            f"(see read_visits). Missing: {', '.join(missing)}.")
    if not pd.api.types.is_datetime64_any_dtype(visits["date"]):
        raise ParameterError(
            f"The 'visits' parameter of {func} must have dates in its 'date' column (datetime64; read_visits "
            f"converts them). Got {visits['date'].dtype} instead.")


def _roster(salespeople: Any) -> tuple[list[str], dict[str, str]]:
    """Ids (in order) and names from a list, a Series or a consultants table."""
    if salespeople is None:
        return [], {}
    if isinstance(salespeople, pd.DataFrame):
        id_column = next((c for c in ("salesperson", "consultant_id") if c in salespeople.columns), None)
        if id_column is None:
            raise ParameterError("The 'salespeople' parameter must be ids, or a table with a 'salesperson' or "
                                 "'consultant_id' column (e.g. read_consultants). Got columns "
                                 f"{list(salespeople.columns)!r} instead.")
        ids = [str(i) for i in salespeople[id_column]]
        names = dict(zip(ids, salespeople["name"].astype(str))) if "name" in salespeople.columns else {}
        return ids, names
    if isinstance(salespeople, str):
        return [salespeople], {}
    return [str(i) for i in salespeople], {}


def _lost_after(value: Any, func: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not 1 <= value <= 3650:
        raise ParameterError(f"The 'lost_after' parameter of {func} must be a whole number of days from 1 to 3650. "
                             f"Got {value!r} instead.")
    return int(value)


def _ratios(base: pd.DataFrame) -> pd.DataFrame:
    """Add the per-visit / per-day ratios to a table of additive figures."""
    out = base.copy()

    def per(numerator: str, denominator: str, scale: float = 1.0) -> pd.Series:
        return out[numerator].astype("float64") * scale / out[denominator].where(out[denominator] > 0)

    out["visits_per_day"] = per("visits", "days")
    out["minutes_per_visit"] = per("minutes", "visits")
    out["revenue_per_visit"] = per("revenue", "visits")
    out["cost_per_visit"] = per("cost", "visits")
    out["orders_per_100_visits"] = per("orders", "visits", 100.0)
    out["expense_ratio"] = per("cost", "revenue")
    return out


def _order(table: pd.DataFrame, leading: list[str]) -> pd.DataFrame:
    extra = [c for c in ("new_customers", "lost_customers") if c in table.columns]
    return table[leading + KPI_COLUMNS + extra]


def kpis(visits: pd.DataFrame, period: str | Period, *, customers: pd.DataFrame | None = None,
         salespeople: Any = None, lost_after: int = 180) -> pd.DataFrame:
    """Activity metrics per salesperson for a period.

    Visits outside the period are left out. Every salesperson of
    ``salespeople`` appears, with zero visits if they made none; anyone
    else with visits in the period (or, with ``customers``, a new or lost
    customer) is added after them, so no activity goes missing.

    Parameters
    ----------
    visits : DataFrame
        A visit log (see :func:`read_visits`).
    period : str or Period
        See :func:`parse_period`: ``2027-04``, ``2027Q2``,
        ``2027-04-01..2027-04-15``.
    customers : DataFrame, optional
        The customer table (see :func:`read_customers`); adds
        ``new_customers`` and ``lost_customers`` (see :func:`customer_status`).
    salespeople : list of str, or a consultants table, optional
        The team, in the order wanted. A table with ``consultant_id`` (or
        ``salesperson``) and ``name`` also adds a ``name`` column.
    lost_after : int
        Days without contact or purchase after which a past buyer counts as
        lost (default 180).

    Returns
    -------
    DataFrame
        One row per salesperson: ``salesperson`` (``name``), then
        :data:`KPI_COLUMNS`:

        ========================= =============================================
        ``visits``                visits in the period
        ``days``                  distinct days with at least one visit
        ``visits_per_day``        visits / days
        ``minutes_per_visit``     minutes / visits
        ``revenue_per_visit``     revenue / visits
        ``cost_per_visit``        cost / visits
        ``orders``                visits that ended in an order
        ``orders_per_100_visits`` 100 × orders / visits
        ``revenue``, ``cost``     sums over the visits
        ``expense_ratio``         cost / revenue
        ``minutes``               sum of the visits' minutes
        ========================= =============================================

        A ratio whose denominator is 0 is empty (NaN) — never infinity and
        never 0: no revenue means no expense ratio, not a perfect one.

    Raises
    ------
    ParameterError
        For a bad period, a visit log without the needed columns, or a
        ``lost_after`` that is not a whole number of days ≥ 1.

    See Also
    --------
    monthly_kpis : the same month by month.
    team_total : the team's figures, computed from the sums.

    Examples
    --------
    Two consultants, one quiet:

    >>> import pandas as pd
    >>> log = pd.DataFrame({
    ...     "salesperson": ["S01", "S01", "S01", "S01"],
    ...     "date": pd.to_datetime(["2027-04-01", "2027-04-01", "2027-04-03", "2027-05-02"]),
    ...     "customer_id": ["C1", "C2", "C1", "C3"], "minutes": [30, 50, 70, 20],
    ...     "cost": [60, 90, 150, 10], "ordered": [0, 0, 1, 0], "revenue": [0, 0, 120000, 0]})
    >>> table = kpis(log, "2027-04", salespeople=["S01", "S02"])
    >>> table[["salesperson", "visits", "days", "visits_per_day", "minutes_per_visit", "cost_per_visit"]]
      salesperson  visits  days  visits_per_day  minutes_per_visit  cost_per_visit
    0         S01       3     2             1.5               50.0           100.0
    1         S02       0     0             NaN                NaN             NaN
    >>> table[["orders", "orders_per_100_visits", "revenue", "expense_ratio"]].round(4)
       orders  orders_per_100_visits   revenue  expense_ratio
    0       1                33.3333  120000.0         0.0025
    1       0                    NaN       0.0            NaN
    """
    func = "kpis"
    period = parse_period(period)
    _check_visits(visits, func)
    lost_after = _lost_after(lost_after, func)
    ids, names = _roster(salespeople)
    inside = visits.loc[period.contains(visits["date"])]
    grouped = inside.groupby("salesperson", sort=True)
    base = pd.DataFrame({
        "visits": grouped.size(),
        "days": grouped["date"].nunique(),
        "minutes": grouped["minutes"].sum(),
        "cost": grouped["cost"].sum(),
        "orders": grouped["ordered"].sum(),
        "revenue": grouped["revenue"].sum(),
    })
    flow = None
    if customers is not None:
        flow = customer_status(customers, period, visits=visits, lost_after=lost_after)
        counts = flow.groupby("salesperson")[["new", "lost"]].sum()
        seen = list(base.index) + [i for i in counts.index if i not in set(base.index)]
    else:
        seen = list(base.index)
    order = ids + sorted(set(seen) - set(ids))
    base = base.reindex(order)
    for column in ("visits", "days", "orders"):
        base[column] = base[column].fillna(0).astype("int64")
    for column in ("minutes", "cost", "revenue"):
        base[column] = base[column].fillna(0.0).astype("float64")
    if flow is not None:
        base["new_customers"] = counts["new"].reindex(order).fillna(0).astype("int64")
        base["lost_customers"] = counts["lost"].reindex(order).fillna(0).astype("int64")
    table = _ratios(base).rename_axis("salesperson").reset_index()
    table["salesperson"] = table["salesperson"].astype(object)
    leading = ["salesperson"]
    if names:
        table.insert(1, "name", table["salesperson"].map(names).astype(object))
        leading.append("name")
    return _order(table, leading)


def monthly_kpis(visits: pd.DataFrame, period: str | Period, *, customers: pd.DataFrame | None = None,
                 salespeople: Any = None, lost_after: int = 180) -> pd.DataFrame:
    """:func:`kpis` for each calendar month of ``period``, stacked.

    Returns
    -------
    DataFrame
        A ``month`` column (``2027-04``; a month cut by a date range shows
        the range) first, then the columns of :func:`kpis`. Every month has
        the same salespeople (everyone who appears in any month).

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"salesperson": ["S01", "S02"],
    ...     "date": pd.to_datetime(["2027-04-01", "2027-05-02"]), "customer_id": ["C1", "C2"],
    ...     "minutes": [30, 40], "cost": [10, 20], "ordered": [0, 1], "revenue": [0, 90000]})
    >>> monthly_kpis(log, "2027Q2")[["month", "salesperson", "visits", "orders"]]
         month salesperson  visits  orders
    0  2027-04         S01       1       0
    1  2027-04         S02       0       0
    2  2027-05         S01       0       0
    3  2027-05         S02       1       1
    4  2027-06         S01       0       0
    5  2027-06         S02       0       0
    """
    period = parse_period(period)
    _check_visits(visits, "monthly_kpis")
    ids, names = _roster(salespeople)
    everyone = ids + sorted(set(visits.loc[period.contains(visits["date"]), "salesperson"]) - set(ids))
    roster: Any = pd.DataFrame({"salesperson": everyone, "name": [names.get(i, np.nan) for i in everyone]}) \
        if names else everyone
    frames = []
    for month in period.months():
        table = kpis(visits, month, customers=customers, salespeople=roster, lost_after=lost_after)
        table.insert(0, "month", month.label)
        frames.append(table)
    out = pd.concat(frames, ignore_index=True)
    if customers is not None:  # a customer may add a salesperson in one month only
        keys = out["salesperson"].drop_duplicates().tolist()
        out = out.set_index(["month", "salesperson"]).reindex(
            pd.MultiIndex.from_product([[m.label for m in period.months()], keys], names=["month", "salesperson"])
        ).reset_index()
        for column in ("visits", "days", "orders", "new_customers", "lost_customers"):
            out[column] = out[column].fillna(0).astype("int64")
        for column in ("minutes", "cost", "revenue"):
            out[column] = out[column].fillna(0.0)
    return out


def team_total(table: pd.DataFrame, *, by: str | Sequence[str] | None = None) -> pd.DataFrame:
    """The team's figures: sums of the additive columns, ratios computed from the sums.

    The team's ``visits_per_day`` is visits per person-day and its
    ``expense_ratio`` total cost over total revenue — not averages of the
    members' ratios, which would weigh a quiet consultant like a busy one.

    Parameters
    ----------
    table : DataFrame
        A table of :func:`kpis` or :func:`monthly_kpis`.
    by : str or list of str, optional
        Columns to total within (e.g. ``"month"``). A ``month`` column is
        used automatically when present.

    Returns
    -------
    DataFrame
        One row (per ``by`` group), columns as :func:`kpis` with
        ``salesperson`` set to ``"(team)"``.

    Examples
    --------
    >>> import pandas as pd
    >>> members = pd.DataFrame({"salesperson": ["S01", "S02"], "visits": [30, 10], "days": [10, 10],
    ...     "minutes": [900, 500], "cost": [3000, 1000], "orders": [3, 1], "revenue": [300000, 0]})
    >>> team_total(members)[["visits", "visits_per_day", "orders_per_100_visits", "expense_ratio"]]
       visits  visits_per_day  orders_per_100_visits  expense_ratio
    0      40             2.0                   10.0       0.013333
    """
    if by is None:
        by = ["month"] if "month" in table.columns else []
    by = [by] if isinstance(by, str) else list(by)
    additive = [c for c in ADDITIVE_COLUMNS if c in table.columns]
    missing = [c for c in ("visits", "days", "minutes", "cost", "orders", "revenue") if c not in table.columns]
    if missing:
        raise ParameterError(f"The 'table' parameter of team_total must be a kpis table. "
                             f"Missing: {', '.join(missing)}.")
    if by:
        sums = table.groupby(by, sort=False)[additive].sum().reset_index()
    else:
        sums = table[additive].sum().to_frame().T.astype({c: table[c].dtype for c in additive})
    sums.insert(len(by), "salesperson", "(team)")
    out = _ratios(sums)
    leading = by + ["salesperson"]
    extra = [c for c in ("new_customers", "lost_customers") if c in out.columns]
    return out[leading + KPI_COLUMNS + extra].reset_index(drop=True)


def customer_status(customers: pd.DataFrame, period: str | Period, *, visits: pd.DataFrame | None = None,
                    lost_after: int = 180) -> pd.DataFrame:
    """Which customers were won and which were lost in a period.

    Rules
    -----
    * **New** customer: the first purchase falls within the period.
    * **Lost** customer: has bought (first purchase on or before the
      period's end), and the last *touch* — purchase or contact — on or
      before the period's end, plus ``lost_after`` days, falls within the
      period: the customer is counted in the period in which the silence
      reaches ``lost_after`` days. A customer contacted again after being
      lost, and lost again later, is counted in both periods; a longer
      period counts only the loss that still stands at its end (so months
      add up to their quarter for customers not contacted again).

    Touches are ``first_purchase``, ``last_purchase`` and ``last_contact``
    of the customer table (each only if on or before the period's end) and
    the dates of the customer's visits in ``visits``. The customer table is
    a snapshot: a contact that its ``last_contact`` has since overwritten
    is known only if the visit log has it.

    Parameters
    ----------
    customers : DataFrame
        See :func:`read_customers`.
    period : str or Period
    visits : DataFrame, optional
        A visit log; its visits count as contacts.
    lost_after : int
        Days of silence after which a customer is lost (default 180).

    Returns
    -------
    DataFrame
        ``customer_id, name, salesperson, first_purchase, last_touch,
        lost_on, new, lost`` for every customer of the table — filter on
        ``new`` / ``lost`` for the call-back list.

    Examples
    --------
    >>> import pandas as pd
    >>> customers = pd.DataFrame({"customer_id": ["A", "B", "C", "D"], "salesperson": "S01",
    ...     "first_purchase": pd.to_datetime(["2027-04-10", "2026-01-05", "2026-01-05", None]),
    ...     "last_purchase": pd.to_datetime(["2027-04-10", "2026-01-05", "2026-01-05", None]),
    ...     "last_contact": pd.to_datetime([None, "2026-10-20", "2027-03-01", "2026-01-01"])})
    >>> status = customer_status(customers, "2027-04", lost_after=180)
    >>> status[["customer_id", "last_touch", "lost_on", "new", "lost"]]
      customer_id last_touch    lost_on    new   lost
    0           A 2027-04-10 2027-10-07   True  False
    1           B 2026-10-20 2027-04-18  False   True
    2           C 2027-03-01 2027-08-28  False  False
    3           D 2026-01-01 2026-06-30  False  False
    """
    func = "customer_status"
    period = parse_period(period)
    lost_after = _lost_after(lost_after, func)
    missing = [c for c in ("customer_id", "salesperson", "first_purchase") if c not in customers.columns]
    if missing:
        raise ParameterError(f"The 'customers' parameter of {func} must be a customer table (see read_customers). "
                             f"Missing: {', '.join(missing)}.")
    start, end = pd.Timestamp(period.start), pd.Timestamp(period.end)
    touches = []
    for column in ("first_purchase", "last_purchase", "last_contact"):
        if column in customers.columns:
            dates = pd.to_datetime(customers[column])
            touches.append(dates.where(dates <= end))
    last_touch = pd.concat(touches, axis=1).max(axis=1)
    if visits is not None:
        _check_visits(visits, func)
        seen = visits.loc[visits["date"] <= end].groupby("customer_id")["date"].max()
        last_touch = pd.concat([last_touch, customers["customer_id"].map(seen)], axis=1).max(axis=1)
    first = pd.to_datetime(customers["first_purchase"])
    lost_on = last_touch + pd.Timedelta(days=lost_after)
    out = pd.DataFrame({
        "customer_id": customers["customer_id"],
        "name": customers["name"] if "name" in customers.columns else "",
        "salesperson": customers["salesperson"],
        "first_purchase": first,
        "last_touch": last_touch.astype("datetime64[ns]"),
        "lost_on": lost_on.astype("datetime64[ns]"),
        "new": (first >= start) & (first <= end),
        "lost": (first <= end) & (lost_on >= start) & (lost_on <= end),
    })
    return out.reset_index(drop=True)
