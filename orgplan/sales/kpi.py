"""Sales team performance (銷售人員活動管理): activity KPIs, plan versus actual, early warnings.

The sales management plan wants salespeople's activity managed and assessed
so that problems are found early, "not when the year is lost". This module
turns a visit log into the metrics the plan names, compares the cars sold
with the decomposed target (:mod:`orgplan.sales.targets`), and raises early
warnings.

* :func:`parse_period` — a month ``2027-04``, a quarter ``2027Q2``, a year
  ``2027`` or a date range ``2027-04-01..2027-04-15``;
* :func:`read_visits`, :func:`read_customers`, :func:`read_actuals` — the
  input tables, every bad cell reported with its file, row and column;
* :func:`kpis` — per salesperson: visits, days, visits per day, minutes,
  revenue and cost per visit, orders, orders per 100 visits, revenue and
  the expense ratio, and with a customer table new and lost customers;
  :func:`monthly_kpis` month by month and :func:`team_total` for the team;
* :func:`customer_status` — who is a new and who a lost customer;
* :func:`plan_vs_actual` — attainment, variance and the projection to year
  end per salesperson, month, model and team (:class:`PlanVsActual`);
* :func:`early_warnings` — behind plan two months running, activity
  dropping, expense ratio rising (:class:`WarningRules` states the rules);
* :func:`plot_against_team`, :func:`plot_trend`, :func:`plot_plan_vs_actual`
  — matplotlib charts with Chinese labels.

Examples
--------
>>> import pandas as pd
>>> from orgplan.sales.kpi import kpis
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

import calendar
import datetime as _dt
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from orgplan.render.fonts import CJK_FONTS, cjk_context, pin_fonts# CJK_FONTS: re-exported, the shared list
from orgplan.errors import DataError, ParameterError, Problem
from orgplan.tables.schema import header_key
from orgplan.tables.io import read_table

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

    from orgplan.sales.targets import TargetPlan

__all__ = [
    "Period",
    "parse_period",
    "VISIT_COLUMNS",
    "KPI_COLUMNS",
    "read_visits",
    "read_customers",
    "read_actuals",
    "kpis",
    "monthly_kpis",
    "team_total",
    "customer_status",
    "PlanVsActual",
    "plan_vs_actual",
    "WarningRules",
    "early_warnings",
    "WARNING_COLUMNS",
    "CJK_FONTS",
    "plot_against_team",
    "plot_trend",
    "plot_plan_vs_actual",
]

#: Columns of a visit log, in order.
VISIT_COLUMNS = ["salesperson", "date", "customer_id", "minutes", "cost", "ordered", "revenue"]

#: Columns :func:`kpis` returns (after ``salesperson`` and, given names, ``name``).
KPI_COLUMNS = ["visits", "days", "visits_per_day", "minutes_per_visit", "revenue_per_visit", "cost_per_visit",
               "orders", "orders_per_100_visits", "revenue", "cost", "expense_ratio", "minutes"]

#: Columns of the table :func:`early_warnings` returns.
WARNING_COLUMNS = ["salesperson", "name", "flag", "month", "value", "reference", "message"]

#: Additive columns: a team's figures are the sums of its members'.
_ADDITIVE = ["visits", "days", "minutes", "cost", "orders", "revenue", "new_customers", "lost_customers"]

_VISIT_ALIASES = {
    "consultant_id": "salesperson", "銷售顧問": "salesperson", "销售顾问": "salesperson", "顧問": "salesperson",
    "業務員": "salesperson", "業務員編號": "salesperson", "顧問編號": "salesperson",
    "日期": "date", "拜訪日期": "date", "客戶編號": "customer_id", "客户编号": "customer_id", "客戶": "customer_id",
    "分鐘": "minutes", "時長": "minutes", "時長(分鐘)": "minutes", "费用": "cost", "費用": "cost",
    "成交": "ordered", "是否成交": "ordered", "成交金額": "revenue", "金額": "revenue", "營業額": "revenue",
    "销售额": "revenue", "銷售額": "revenue",
}
_CUSTOMER_ALIASES = {
    "客戶編號": "customer_id", "客户编号": "customer_id", "姓名": "name", "客戶": "name",
    "consultant_id": "salesperson", "銷售顧問": "salesperson", "销售顾问": "salesperson", "顧問": "salesperson",
    "首次購買": "first_purchase", "首購日期": "first_purchase", "最近購買": "last_purchase",
    "末次購買": "last_purchase", "最近聯繫": "last_contact", "最後聯繫": "last_contact",
}
_ACTUAL_ALIASES = {
    "年": "year", "年份": "year", "月": "month", "月份": "month", "consultant_id": "salesperson",
    "銷售顧問": "salesperson", "顧問": "salesperson", "車型": "model_id", "车型": "model_id",
    "台數": "units", "台数": "units", "銷量": "units", "回款": "collected", "收款": "collected",
    "毛利": "gross_profit",
}


# ------------------------------------------------------------------ periods
@dataclass(frozen=True)
class Period:
    """A reporting period: first and last day (both included), its kind and label.

    Build one with :func:`parse_period`.

    Attributes
    ----------
    start, end : datetime.date
        First and last day, both included.
    kind : str
        ``month``, ``quarter``, ``year`` or ``range``.
    label : str
        How the user wrote it: ``2027-04``, ``2027Q2``, ``2027``,
        ``2027-04-01..2027-04-15``.
    """

    start: _dt.date
    end: _dt.date
    kind: str
    label: str

    def __str__(self) -> str:
        return self.label

    @property
    def days(self) -> int:
        """Number of calendar days in the period."""
        return (self.end - self.start).days + 1

    def contains(self, dates: pd.Series) -> pd.Series:
        """Boolean mask: which ``dates`` (datetime64) fall within the period."""
        return (dates >= pd.Timestamp(self.start)) & (dates <= pd.Timestamp(self.end))

    def months(self) -> list[Period]:
        """The calendar months the period touches, each cut to the period.

        Examples
        --------
        >>> [str(m) for m in parse_period("2027Q2").months()]
        ['2027-04', '2027-05', '2027-06']
        >>> [str(m) for m in parse_period("2027-04-20..2027-05-10").months()]
        ['2027-04-20..2027-04-30', '2027-05-01..2027-05-10']
        """
        out = []
        year, month = self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            whole = _month(year, month)
            start, end = max(whole.start, self.start), min(whole.end, self.end)
            out.append(whole if (start, end) == (whole.start, whole.end) else
                       Period(start, end, "range", f"{start.isoformat()}..{end.isoformat()}"))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return out

    def shift(self, count: int) -> Period:
        """The month, quarter or year ``count`` steps later (earlier when negative).

        Examples
        --------
        >>> str(parse_period("2027-01").shift(-1)), str(parse_period("2027Q4").shift(1))
        ('2026-12', '2028Q1')
        """
        if self.kind == "month":
            index = self.start.year * 12 + self.start.month - 1 + count
            return _month(index // 12, index % 12 + 1)
        if self.kind == "quarter":
            index = self.start.year * 4 + (self.start.month - 1) // 3 + count
            return parse_period(f"{index // 4}Q{index % 4 + 1}")
        if self.kind == "year":
            return parse_period(str(self.start.year + count))
        raise ParameterError(f"A date range cannot be shifted; only a month, quarter or year can. Got {self.label!r}.")


def _month(year: int, month: int) -> Period:
    last = calendar.monthrange(year, month)[1]
    return Period(_dt.date(year, month, 1), _dt.date(year, month, last), "month", f"{year:04d}-{month:02d}")


_PERIOD_HELP = ("a month (2027-04), a quarter (2027Q2), a year (2027) or a date range "
                "(2027-04-01..2027-04-15)")


def parse_period(period: str | Period) -> Period:
    """Read a period the way users write it.

    Parameters
    ----------
    period : str or Period
        ``2027-04`` (a month), ``2027Q2`` / ``2027-Q2`` (a quarter),
        ``2027`` (a year) or ``2027-04-01..2027-04-15`` (a date range, both
        days included). A :class:`Period` is returned as it is.

    Returns
    -------
    Period

    Raises
    ------
    ParameterError
        If the text is none of these, or names a month, quarter or day
        that does not exist, or a range that ends before it starts.

    Examples
    --------
    >>> parse_period("2027-04")
    Period(start=datetime.date(2027, 4, 1), end=datetime.date(2027, 4, 30), kind='month', label='2027-04')
    >>> p = parse_period("2027Q2"); (p.start.isoformat(), p.end.isoformat(), p.days)
    ('2027-04-01', '2027-06-30', 91)
    >>> parse_period("2027-04-01..2027-04-15").days
    15
    >>> parse_period("2027-13")
    Traceback (most recent call last):
    ...
    orgplan.errors.ParameterError: The 'period' parameter must be a month (2027-04), a quarter (2027Q2), a year (2027) or a date range (2027-04-01..2027-04-15). Got '2027-13' instead: there is no month 13.
    """
    if isinstance(period, Period):
        return period
    if not isinstance(period, str):
        raise ParameterError(f"The 'period' parameter must be {_PERIOD_HELP}. Got {period!r} instead.")
    text = period.strip()

    def fail(why: str = "") -> ParameterError:
        return ParameterError(f"The 'period' parameter must be {_PERIOD_HELP}. Got {period!r} instead{why}.")

    if match := re.fullmatch(r"(\d{4})-(\d{1,2})", text):
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12:
            raise fail(f": there is no month {month}")
        return _month(year, month)
    if match := re.fullmatch(r"(\d{4})-?[Qq](\d)", text):
        year, quarter = int(match[1]), int(match[2])
        if not 1 <= quarter <= 4:
            raise fail(f": there is no quarter {quarter}")
        first, last = _month(year, quarter * 3 - 2), _month(year, quarter * 3)
        return Period(first.start, last.end, "quarter", f"{year:04d}Q{quarter}")
    if re.fullmatch(r"\d{4}", text):
        year = int(text)
        return Period(_dt.date(year, 1, 1), _dt.date(year, 12, 31), "year", text)
    if ".." in text:
        parts = [p.strip() for p in text.split("..")]
        if len(parts) != 2:
            raise fail()
        days = []
        for part in parts:
            try:
                days.append(_dt.date.fromisoformat(part))
            except ValueError:
                raise fail(f": {part!r} is not a date written YYYY-MM-DD") from None
        if days[1] < days[0]:
            raise fail(": the range ends before it starts")
        return Period(days[0], days[1], "range", f"{days[0].isoformat()}..{days[1].isoformat()}")
    raise fail()


# ------------------------------------------------------------------ reading
def _prepare(path: str | os.PathLike, aliases: dict[str, str], required: Sequence[str]) -> tuple[pd.DataFrame, str]:
    """Read a table with at least one data row; headers matched in English, 繁體 or 简体 (:func:`header_key`)."""
    table = read_table(path, require_rows=True)
    file = str(path)
    lookup = {header_key(alias): name for alias, name in aliases.items()}
    lookup.update({header_key(name): name for name in (*required, *aliases.values())})
    table = table.rename(columns={c: lookup.get(header_key(c), c) for c in table.columns})
    table = table.apply(lambda column: column.astype(str).str.strip())
    missing = []
    for name in required:
        if name not in table.columns:
            others = [alias for alias, target in aliases.items() if target == name and not alias.isascii()][:3]
            also = f" (or {', '.join(others)})" if others else ""
            missing.append(Problem(file, 1, name, None, f"a column named {name!r}{also} in the header row",
                                   "missing_column"))
    if missing:
        raise DataError(missing, f"{file}: the header row lacks {len(missing)} column{'s' if len(missing) != 1 else ''}"
                                 f" (found: {', '.join(map(str, table.columns))})")
    return table, file


def _problems(mask: pd.Series, table: pd.DataFrame, column: str, file: str, expected: str,
              code: str) -> list[Problem]:
    return [Problem(file, int(i) + 2, column, table.at[i, column] or None, expected,
                    "missing_value" if table.at[i, column] == "" else code)
            for i in table.index[mask.to_numpy()]]


def _numbers(table: pd.DataFrame, column: str, file: str, problems: list[Problem], *, whole: bool = False,
             optional: bool = False, expected: str | None = None) -> pd.Series:
    text = table[column].str.replace(",", "", regex=False)
    values = pd.to_numeric(text, errors="coerce").astype("float64")
    bad = ~np.isfinite(values) | (values < 0)
    if whole:
        bad |= values.fillna(0) % 1 != 0
    if optional:
        bad &= text != ""
    what = expected or (f"a whole number of 0 or more" if whole else "a number of 0 or more")
    problems += _problems(bad, table, column, file, what + (" (or empty)" if optional else ""), "not_a_number")
    return values.where(~bad)


def _dates(table: pd.DataFrame, column: str, file: str, problems: list[Problem], *,
           optional: bool = False) -> pd.Series:
    parts = table[column].str.extract(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]00:00(?::00)?)?$")
    iso = parts[0] + "-" + parts[1].str.zfill(2) + "-" + parts[2].str.zfill(2)
    values = pd.to_datetime(iso, format="%Y-%m-%d", errors="coerce")
    bad = values.isna()
    if optional:
        bad &= table[column] != ""
    problems += _problems(bad, table, column, file, "a date written YYYY-MM-DD" + (" (or empty)" if optional else ""),
                          "not_a_date")
    return values


def _ids(table: pd.DataFrame, column: str, file: str, problems: list[Problem], what: str) -> pd.Series:
    problems += _problems(table[column] == "", table, column, file, what, "missing_value")
    return table[column]


def read_visits(path: str | os.PathLike) -> pd.DataFrame:
    """Read a visit log (``salesperson, date, customer_id, minutes, cost, ordered, revenue``).

    One row per visit (a customer received in the showroom or visited).
    ``ordered`` is 1 when the visit ended in an order (``0``/``1``, also
    ``yes``/``no``, ``是``/``否``); ``revenue`` is the order's value, 0
    otherwise. Chinese headers (銷售顧問, 日期, 客戶編號, 分鐘, 費用, 成交,
    成交金額) are accepted.

    Parameters
    ----------
    path : str or path-like
        A ``.csv`` (UTF-8 or GBK) or ``.xlsx`` file.

    Returns
    -------
    DataFrame
        :data:`VISIT_COLUMNS`; ``date`` as datetime64, ``ordered`` int64,
        the numbers float64.

    Raises
    ------
    DataError
        Listing every bad cell (file, spreadsheet row, column, value, what
        is expected): a missing column, an empty id, a date that is not a
        date, a negative or non-numeric number, ``ordered`` other than 0/1.
    FileNotFoundError
        If the file does not exist.

    Examples
    --------
    >>> from orgplan.model.io import DATA_DIR
    >>> visits = read_visits(DATA_DIR / "sales" / "visits-2027.csv")
    >>> visits.columns.tolist()
    ['salesperson', 'date', 'customer_id', 'minutes', 'cost', 'ordered', 'revenue']
    >>> sorted(visits["salesperson"].unique())[:3], str(visits["date"].min().date())
    (['S01', 'S02', 'S03'], '2027-01-01')
    """
    table, file = _prepare(path, _VISIT_ALIASES, VISIT_COLUMNS)
    problems: list[Problem] = []
    people = _ids(table, "salesperson", file, problems, "a salesperson id")
    dates = _dates(table, "date", file, problems)
    customers = _ids(table, "customer_id", file, problems, "a customer id")
    minutes = _numbers(table, "minutes", file, problems)
    cost = _numbers(table, "cost", file, problems)
    truth = {"0": 0, "1": 1, "no": 0, "yes": 1, "n": 0, "y": 1, "false": 0, "true": 1, "否": 0, "是": 1}
    ordered = table["ordered"].str.lower().map(truth)
    problems += _problems(ordered.isna(), table, "ordered", file, "1 (ordered) or 0 (not ordered)", "invalid_value")
    revenue = _numbers(table, "revenue", file, problems)
    if problems:
        raise DataError(sorted(problems, key=lambda p: (p.row or 0, VISIT_COLUMNS.index(p.column))))
    return pd.DataFrame({"salesperson": people, "date": dates, "customer_id": customers, "minutes": minutes,
                         "cost": cost, "ordered": ordered.astype("int64"), "revenue": revenue})


def read_customers(path: str | os.PathLike) -> pd.DataFrame:
    """Read the customer table (``customer_id, salesperson, first_purchase, last_purchase, last_contact``).

    ``salesperson`` is the consultant who looks after the customer;
    the dates may be empty (a prospect has no purchase). An optional
    ``name`` column is kept.

    Returns
    -------
    DataFrame
        ``customer_id, name, salesperson, first_purchase, last_purchase,
        last_contact``, dates as datetime64 (NaT when empty).

    Raises
    ------
    DataError
        Listing every bad cell: a duplicated or empty id, a bad date, a last
        purchase before the first.

    Examples
    --------
    >>> from orgplan.model.io import DATA_DIR
    >>> customers = read_customers(DATA_DIR / "sales" / "customers.csv")
    >>> customers.columns.tolist()
    ['customer_id', 'name', 'salesperson', 'first_purchase', 'last_purchase', 'last_contact']
    >>> customers["customer_id"].is_unique
    True
    """
    table, file = _prepare(path, _CUSTOMER_ALIASES, ["customer_id", "salesperson", "first_purchase"])
    problems: list[Problem] = []
    ids = _ids(table, "customer_id", file, problems, "a customer id")
    problems += _problems(ids.duplicated() & (ids != ""), table, "customer_id", file, "each customer once",
                          "duplicate_id")
    people = _ids(table, "salesperson", file, problems, "the salesperson who looks after the customer")
    dates = {}
    for column in ("first_purchase", "last_purchase", "last_contact"):
        if column not in table.columns:
            table[column] = ""
        dates[column] = _dates(table, column, file, problems, optional=True)
    crossed = dates["last_purchase"] < dates["first_purchase"]
    problems += _problems(crossed, table, "last_purchase", file, "a date on or after first_purchase", "invalid_value")
    if problems:
        raise DataError(sorted(problems, key=lambda p: p.row or 0))
    names = table["name"] if "name" in table.columns else pd.Series("", index=table.index)
    return pd.DataFrame({"customer_id": ids, "name": names, "salesperson": people, **dates})


def read_actuals(path: str | os.PathLike, *, salespeople: Iterable[str] | None = None,
                 models: Iterable[str] | None = None) -> pd.DataFrame:
    """Read actual sales (``year, month, salesperson, model_id, units``, optional ``collected, gross_profit``).

    One row per salesperson, month and model (cars delivered); ``collected``
    (cash collected, 回款) and ``gross_profit`` (毛利) are money.

    Parameters
    ----------
    path : str or path-like
    salespeople, models : iterable of str, optional
        The ids that may appear (e.g. the plan's consultants and models);
        any other id is reported with its row.

    Returns
    -------
    DataFrame
        ``year, month, salesperson, model_id, units, collected,
        gross_profit`` (the money columns NaN when the file has none).

    Raises
    ------
    DataError
        Listing every bad cell, unknown id and duplicated row.

    Examples
    --------
    >>> from orgplan.model.io import DATA_DIR
    >>> actual = read_actuals(DATA_DIR / "sales" / "actual-2027.csv")
    >>> int(actual["units"].sum()), int(actual["month"].max())
    (1107, 9)
    """
    table, file = _prepare(path, _ACTUAL_ALIASES, ["year", "month", "salesperson", "model_id", "units"])
    problems: list[Problem] = []
    year = _numbers(table, "year", file, problems, whole=True, expected="a year such as 2027")
    month = _numbers(table, "month", file, problems, whole=True, expected="a month from 1 to 12")
    bad_month = month.notna() & ~month.between(1, 12)
    problems += _problems(bad_month, table, "month", file, "a month from 1 to 12", "invalid_value")
    for column, known, what in (("salesperson", salespeople, "a consultant of the plan"),
                                ("model_id", models, "a model of models.csv")):
        _ids(table, column, file, problems, f"a {column.replace('_', ' ')}")
        if known is not None:
            allowed = set(known)
            unknown = (table[column] != "") & ~table[column].isin(allowed)
            problems += _problems(unknown, table, column, file,
                                  f"{what} ({', '.join(sorted(allowed)[:12])}{' …' if len(allowed) > 12 else ''})",
                                  "unknown_id")
    units = _numbers(table, "units", file, problems, whole=True)
    money = {}
    for column in ("collected", "gross_profit"):
        if column in table.columns:
            text = table[column].str.replace(",", "", regex=False)
            values = pd.to_numeric(text, errors="coerce").astype("float64")
            problems += _problems(values.isna() & (text != ""), table, column, file, "an amount of money (or empty)",
                                  "not_a_number")
            money[column] = values
        else:
            money[column] = pd.Series(np.nan, index=table.index)
    keys = table[["year", "month", "salesperson", "model_id"]]
    problems += _problems(keys.duplicated(), table, "model_id", file,
                          "one row per year, month, salesperson and model", "duplicate_row")
    if problems:
        raise DataError(sorted(problems, key=lambda p: p.row or 0))
    return pd.DataFrame({"year": year.astype("int64"), "month": month.astype("int64"),
                         "salesperson": table["salesperson"], "model_id": table["model_id"],
                         "units": units.astype("int64"), **money})


# ------------------------------------------------------------------ metrics
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
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ParameterError(f"The 'lost_after' parameter of {func} must be a whole number of days of 1 or more. "
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
    additive = [c for c in _ADDITIVE if c in table.columns]
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


# ---------------------------------------------------------- plan vs actual
def _month_label(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _attainment(actual: pd.Series, target: pd.Series) -> pd.Series:
    return actual.astype("float64") / target.where(target > 0).astype("float64")


@dataclass(frozen=True)
class PlanVsActual:
    """Cars sold against the decomposed target, up to a month of the plan year.

    Built by :func:`plan_vs_actual`. Attainment is actual / target (empty
    when the target is 0), variance actual − target.

    Attributes
    ----------
    year : int
        The plan year.
    through : int
        The last month compared (1–12); "year to date" ends with it.
    monthly : DataFrame
        Per salesperson and month (``2027-01`` … up to ``through``):
        ``target, actual, variance, attainment`` and the running
        ``ytd_target, ytd_actual, ytd_variance, ytd_attainment``.
    by_salesperson : DataFrame
        ``year_target, ytd_target, ytd_actual, variance, attainment,
        projection, projected_attainment, to_go, behind_streak`` (months
        behind plan in a row, ending with ``through``).
    by_model, by_team : DataFrame
        The same year-to-date figures per model and per team.
    actual : DataFrame
        The actual sales of the plan year up to ``through`` (as read).

    Notes
    -----
    ``projection`` is the run rate to year end, paced by the plan's
    seasonality: the rest of the year is assumed to be sold at the
    year-to-date attainment, so ``projection = ytd_actual / ytd_target ×
    year_target`` (empty when nothing was planned yet). ``to_go`` is what
    is still to sell to make the year: ``year_target − ytd_actual``.
    """

    year: int
    through: int
    monthly: pd.DataFrame = field(repr=False)
    by_salesperson: pd.DataFrame = field(repr=False)
    by_model: pd.DataFrame = field(repr=False)
    by_team: pd.DataFrame = field(repr=False)
    actual: pd.DataFrame = field(repr=False)

    @property
    def month(self) -> str:
        """The last month compared, as ``2027-09``."""
        return _month_label(self.year, self.through)

    def summary(self) -> pd.DataFrame:
        """The company's figures as a two-column table (item, value)."""
        people = self.by_salesperson
        target, actual = int(people["ytd_target"].sum()), int(people["ytd_actual"].sum())
        year_target = int(people["year_target"].sum())
        projection = actual / target * year_target if target else float("nan")
        behind = int((people["variance"] < 0).sum())
        return pd.DataFrame({
            "item": ["through", "year target", "target to date", "sold to date", "attainment to date",
                     "projection to year end", "salespeople behind plan"],
            "value": [self.month, f"{year_target:,}", f"{target:,}", f"{actual:,}",
                      f"{actual / target:.1%}" if target else "", f"{projection:,.0f}" if target else "",
                      f"{behind} of {len(people)}"],
        })

    def results(self, period: str | Period) -> pd.DataFrame:
        """Per salesperson for a period: ``units, target, attainment, collected, gross_profit``.

        Only the months up to :attr:`through` count (the later ones have
        no actuals yet). The scorecard's quantitative results come from here.

        Examples
        --------
        >>> from orgplan.model.io import DATA_DIR
        >>> from orgplan.sales.targets import decompose_plan, read_target_config
        >>> plan = decompose_plan(read_target_config(DATA_DIR / "sales" / "target-2027.yaml"))
        >>> review = plan_vs_actual(plan, read_actuals(DATA_DIR / "sales" / "actual-2027.csv"))
        >>> review.results("2027Q3").head(2)[["salesperson", "units", "target"]]
          salesperson  units  target
        0         S01     37      34
        1         S02     32      32
        """
        period = parse_period(period)
        labels = {m.label for m in period.months() if m.kind == "month"}
        if any(m.kind != "month" for m in period.months()):
            raise ParameterError(f"The 'period' parameter of PlanVsActual.results must be whole months "
                                 f"(a month, quarter or year): actual sales are monthly. Got {period.label!r} instead.")
        rows = self.monthly[self.monthly["month"].isin(labels)]
        sums = rows.groupby("salesperson", sort=False)[["actual", "target"]].sum()
        order = self.by_salesperson["salesperson"]
        sums = sums.reindex(order, fill_value=0)
        inside = self.actual[self.actual["month"].map(lambda m: _month_label(self.year, m)).isin(labels)]
        money = inside.groupby("salesperson")[["collected", "gross_profit"]].sum(min_count=1).reindex(order)
        return pd.DataFrame({
            "salesperson": order.to_numpy(),
            "units": sums["actual"].to_numpy(dtype="int64"),
            "target": sums["target"].to_numpy(dtype="int64"),
            "attainment": _attainment(sums["actual"], sums["target"]).to_numpy(),
            "collected": money["collected"].to_numpy(),
            "gross_profit": money["gross_profit"].to_numpy(),
        })

    def _repr_html_(self) -> str:
        shown = self.by_salesperson.copy()
        for column in ("attainment", "projected_attainment"):
            shown[column] = shown[column].map(lambda v: "" if pd.isna(v) else f"{v:.0%}")
        shown["projection"] = shown["projection"].map(lambda v: "" if pd.isna(v) else f"{v:.0f}")
        return (f"<h4>Plan versus actual {self.year}, January to {calendar.month_name[self.through]} "
                f"(計劃與實績)</h4>" + self.summary().to_html(index=False) + shown.to_html(index=False, na_rep=""))


def _through(value: Any, year: int, default: int) -> int:
    """The last month to compare: ``value``, or ``default`` (the latest month with sales) when None.

    A month after the latest month with sales is refused: its missing rows
    would count as zero cars sold and flag everyone as behind plan.
    """
    if value is None:
        return default
    if isinstance(value, (str, Period)):
        try:
            period = parse_period(value)
        except ParameterError:
            period = None
        if period is None or period.kind != "month" or period.start.year != year:
            raise ParameterError(f"The 'through' parameter of plan_vs_actual must be a month of {year} "
                                 f"(e.g. {year}-09) or a month number. Got {str(value)!r} instead.")
        month = period.start.month
    elif isinstance(value, (int, np.integer)) and not isinstance(value, bool) and 1 <= value <= 12:
        month = int(value)
    else:
        raise ParameterError(f"The 'through' parameter of plan_vs_actual must be a month number from 1 to 12 "
                             f"or a month such as {year}-09. Got {value!r} instead.")
    if month > default:
        raise ParameterError(f"The 'through' parameter of plan_vs_actual must be a month with actual sales: the "
                             f"sales go up to {year}-{default:02d}. Got {str(value)!r} instead; add the sales of "
                             f"the later months, or compare through {year}-{default:02d}.")
    return month


def _ytd_frame(target_ytd: pd.Series, actual_ytd: pd.Series, year_target: pd.Series) -> pd.DataFrame:
    attainment = _attainment(actual_ytd, target_ytd)
    projection = attainment * year_target
    return pd.DataFrame({
        "year_target": year_target.astype("int64"),
        "ytd_target": target_ytd.astype("int64"),
        "ytd_actual": actual_ytd.astype("int64"),
        "variance": (actual_ytd - target_ytd).astype("int64"),
        "attainment": attainment,
        "projection": projection,
        "projected_attainment": _attainment(projection, year_target),
        "to_go": (year_target - actual_ytd).astype("int64"),
    })


def plan_vs_actual(plan: TargetPlan, actual: pd.DataFrame, *, through: int | str | None = None) -> PlanVsActual:
    """Compare actual sales with the decomposed target, month by month and year to date.

    Parameters
    ----------
    plan : TargetPlan
        The decomposed target (:func:`orgplan.sales.targets.decompose_plan`); its
        ``cube`` (consultant × month × model, whole cars) is the target.
        The consultants' plan targets are compared, not the over-assigned
        quotas.
    actual : DataFrame
        Actual sales (:func:`read_actuals`). Rows of other years are left out.
    through : int or str, optional
        Last month to compare (``9`` or ``"2027-09"``); default the latest
        month with actual sales.

    Returns
    -------
    PlanVsActual

    Raises
    ------
    ParameterError
        If there are no actual sales for the plan year, ``through`` is not a
        month of it, or the actual sales name a salesperson or model the
        plan does not have (the message lists them).

    Examples
    --------
    >>> from orgplan.model.io import DATA_DIR
    >>> from orgplan.sales.targets import decompose_plan, read_target_config
    >>> plan = decompose_plan(read_target_config(DATA_DIR / "sales" / "target-2027.yaml"))
    >>> review = plan_vs_actual(plan, read_actuals(DATA_DIR / "sales" / "actual-2027.csv"))
    >>> review.month
    '2027-09'
    >>> review.by_salesperson.loc[review.by_salesperson["salesperson"] == "S04",
    ...     ["ytd_target", "ytd_actual", "variance", "behind_streak"]].values.tolist()
    [[84, 78, -6, 2]]
    """
    func = "plan_vs_actual"
    needed = {"year", "month", "salesperson", "model_id", "units"}
    if not needed <= set(actual.columns):
        raise ParameterError(f"The 'actual' parameter of {func} must have the columns "
                             f"{', '.join(sorted(needed))} (see read_actuals). Got {list(actual.columns)!r} instead.")
    year = int(plan.year)
    rows = actual[actual["year"] == year].copy()
    if rows.empty:
        years = ", ".join(map(str, sorted(set(actual["year"])))) or "none"
        raise ParameterError(f"The 'actual' parameter of {func} has no sales for the plan year {year} "
                             f"(years found: {years}).")
    for column in ("collected", "gross_profit"):
        if column not in rows.columns:
            rows[column] = np.nan
    people = plan.by_consultant[["consultant_id", "name", "team"]].rename(columns={"consultant_id": "salesperson"})
    unknown = sorted(set(rows["salesperson"]) - set(people["salesperson"]))
    if unknown:
        raise ParameterError(f"The actual sales name salespeople the {year} plan has no target for: "
                             f"{', '.join(unknown)}. Add them to the consultants of the plan, or correct the ids.")
    models = plan.by_model[["model_id", "name"]]
    unknown = sorted(set(rows["model_id"]) - set(models["model_id"]))
    if unknown:
        raise ParameterError(f"The actual sales name models the {year} plan does not have: {', '.join(unknown)}.")
    through = _through(through, year, int(rows["month"].max()))
    rows = rows[rows["month"] <= through].reset_index(drop=True)
    months = list(range(1, through + 1))
    ids = people["salesperson"].tolist()

    cube = plan.cube
    by_person_month = cube.groupby(level=["consultant", "month"]).sum()
    target = by_person_month.unstack("month").reindex(index=ids, columns=range(1, 13), fill_value=0)
    sold = rows.groupby(["salesperson", "month"])["units"].sum().unstack("month")
    sold = sold.reindex(index=ids, columns=months).fillna(0).astype("int64")
    target_done = target[months]

    long = pd.DataFrame({
        "salesperson": np.repeat(ids, len(months)),
        "month": [_month_label(year, m) for m in months] * len(ids),
        "target": target_done.to_numpy().ravel(),
        "actual": sold.to_numpy().ravel(),
    })
    long["variance"] = long["actual"] - long["target"]
    long["attainment"] = _attainment(long["actual"], long["target"])
    long["ytd_target"] = target_done.cumsum(axis=1).to_numpy().ravel()
    long["ytd_actual"] = sold.cumsum(axis=1).to_numpy().ravel()
    long["ytd_variance"] = long["ytd_actual"] - long["ytd_target"]
    long["ytd_attainment"] = _attainment(long["ytd_actual"], long["ytd_target"])
    monthly = people.merge(long, on="salesperson", how="right")

    behind = (sold < target_done).to_numpy()
    streak = np.zeros(len(ids), dtype="int64")
    for column in range(len(months) - 1, -1, -1):
        still = streak == (len(months) - 1 - column)
        streak = np.where(still & behind[:, column], streak + 1, streak)
    person = _ytd_frame(target_done.sum(axis=1), sold.sum(axis=1), target.sum(axis=1))
    person["behind_streak"] = streak
    by_salesperson = pd.concat([people.set_index("salesperson"), person], axis=1).rename_axis("salesperson")
    by_salesperson = by_salesperson.reset_index()

    model_ids = models["model_id"].tolist()
    model_target = cube.groupby(level=["model", "month"]).sum().unstack("month").reindex(
        index=model_ids, columns=range(1, 13), fill_value=0)
    model_sold = rows.groupby("model_id")["units"].sum().reindex(model_ids, fill_value=0)
    model = _ytd_frame(model_target[months].sum(axis=1), model_sold, model_target.sum(axis=1))
    by_model = pd.concat([models.set_index("model_id"), model], axis=1).rename_axis("model_id").reset_index()

    team_sums = by_salesperson.groupby("team", sort=False)[["ytd_target", "ytd_actual", "year_target"]].sum()
    by_team = _ytd_frame(team_sums["ytd_target"], team_sums["ytd_actual"], team_sums["year_target"])
    by_team = by_team.rename_axis("team").reset_index()
    return PlanVsActual(year=year, through=through, monthly=monthly, by_salesperson=by_salesperson,
                        by_model=by_model, by_team=by_team, actual=rows)


# ----------------------------------------------------------- early warnings
@dataclass(frozen=True)
class WarningRules:
    """The exact rules of :func:`early_warnings`, with their thresholds.

    ``M`` is the review month.

    * ``behind_plan`` — in each of the ``behind_months`` months ending
      with ``M``, the salesperson had a target (> 0) and sold less than
      ``target × (1 − behind_tolerance)``. Default: behind plan in ``M``
      and in the month before ("two months running").
    * ``activity_dropping`` — visits in ``M`` are below
      ``(1 − activity_drop)`` × the average visits of the
      ``activity_months`` months before ``M`` (months without any visit —
      before joining, on leave — are left out of the average; at least one
      is needed). Default: more than 20 % below the average of the three
      months before.
    * ``expense_ratio_rising`` — the expense ratio (cost / revenue) rose
      month on month over the ``expense_months`` months ending with ``M``
      (each month's ratio defined and higher than the month before), and
      ``M``'s ratio is at least ``(1 + expense_rise)`` × the first one's.
      Default: rising for three months (two rises) and up by 25 % or more.

    Examples
    --------
    >>> WarningRules().behind_months
    2
    >>> WarningRules(activity_drop=1.5)
    Traceback (most recent call last):
    ...
    orgplan.errors.ParameterError: The 'activity_drop' parameter of WarningRules must be a fraction from 0 to 1 (0.2 = 20 %). Got 1.5 instead.
    """

    behind_months: int = 2
    behind_tolerance: float = 0.0
    activity_months: int = 3
    activity_drop: float = 0.20
    expense_months: int = 3
    expense_rise: float = 0.25

    def __post_init__(self) -> None:
        for name, low in (("behind_months", 1), ("activity_months", 1), ("expense_months", 2)):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
                raise ParameterError(f"The {name!r} parameter of WarningRules must be a whole number of months "
                                     f"of {low} or more. Got {value!r} instead.")
        for name in ("behind_tolerance", "activity_drop"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
                raise ParameterError(f"The {name!r} parameter of WarningRules must be a fraction from 0 to 1 "
                                     f"(0.2 = 20 %). Got {value!r} instead.")
        value = self.expense_rise
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise ParameterError(f"The 'expense_rise' parameter of WarningRules must be a fraction of 0 or more "
                                 f"(0.25 = 25 %). Got {value!r} instead.")


def _who(salesperson: str, names: dict[str, str]) -> str:
    name = names.get(salesperson)
    return f"{salesperson} {name}" if isinstance(name, str) and name else salesperson


def early_warnings(review: PlanVsActual | None = None, activity: pd.DataFrame | None = None, *,
                   month: str | Period | None = None, rules: WarningRules | None = None) -> pd.DataFrame:
    """Flag salespeople whose results or activity call for the manager's attention now.

    Parameters
    ----------
    review : PlanVsActual, optional
        Plan versus actual; gives the ``behind_plan`` flag.
    activity : DataFrame, optional
        Monthly KPIs (:func:`monthly_kpis`, with at least the months the
        rules look back on); gives ``activity_dropping`` and
        ``expense_ratio_rising``.
    month : str or Period, optional
        The review month; default the review's last month, else the
        latest month of ``activity``.
    rules : WarningRules, optional
        The thresholds; see :class:`WarningRules` for the exact rules.

    Returns
    -------
    DataFrame
        :data:`WARNING_COLUMNS`: ``salesperson, name, flag, month`` (the
        review month), ``value`` and ``reference`` (the figures compared:
        cars sold and target over the months behind; visits and the average;
        the expense ratio now and at the start) and a ``message``. Empty
        when nobody is flagged. Sorted by salesperson in the order of the
        inputs, then flag.

    Examples
    --------
    >>> import pandas as pd
    >>> activity = pd.DataFrame({"month": ["2027-06", "2027-07", "2027-08", "2027-09"],
    ...     "salesperson": "S04", "name": "劉洋", "visits": [100, 110, 90, 70],
    ...     "expense_ratio": [0.010, 0.011, 0.012, 0.016]})
    >>> flags = early_warnings(activity=activity, month="2027-09")
    >>> flags[["salesperson", "flag", "value", "reference"]]
      salesperson                  flag   value  reference
    0         S04     activity_dropping  70.000    100.000
    1         S04  expense_ratio_rising   0.016      0.011
    >>> print(flags["message"].iloc[0])
    S04 劉洋: 70 visits in 2027-09, 30.0% below the average of 100.0 in the 3 months before.
    """
    rules = rules or WarningRules()
    if review is None and activity is None:
        raise ParameterError("early_warnings needs a plan-versus-actual review, monthly activity, or both.")
    if month is None:
        month = review.month if review is not None else str(max(activity["month"]))  # type: ignore[index]
    period = parse_period(month)
    if period.kind != "month":
        raise ParameterError(f"The 'month' parameter of early_warnings must be a month such as 2027-09. "
                             f"Got {period.label!r} instead.")
    names: dict[str, str] = {}
    order: list[str] = []
    for table in (review.by_salesperson if review is not None else None, activity):
        if table is not None:
            for sp in table["salesperson"]:
                if sp not in names:
                    order.append(sp)
                    names[sp] = None  # type: ignore[assignment]
            if "name" in table.columns:
                names.update({k: v for k, v in zip(table["salesperson"], table["name"]) if isinstance(v, str)})
    rows: list[dict[str, Any]] = []

    if review is not None:
        window = [period.shift(-k).label for k in range(rules.behind_months - 1, -1, -1)]
        monthly = review.monthly.set_index(["salesperson", "month"])
        for sp in review.by_salesperson["salesperson"]:
            keys = [(sp, m) for m in window]
            if not all(k in monthly.index for k in keys):
                continue
            part = monthly.loc[keys]
            limit = part["target"] * (1 - rules.behind_tolerance)
            if (part["target"] > 0).all() and (part["actual"] < limit).all():
                detail = ", ".join(f"{m} sold {a} of {t}" for m, a, t in
                                   zip(window, part["actual"], part["target"]))
                running = "two months running" if rules.behind_months == 2 else f"{rules.behind_months} months running"
                rows.append({"salesperson": sp, "flag": "behind_plan", "value": float(part["actual"].sum()),
                             "reference": float(part["target"].sum()),
                             "message": f"{_who(sp, names)}: behind plan {running} — {detail}."})

    if activity is not None:
        missing = [c for c in ("month", "salesperson", "visits", "expense_ratio") if c not in activity.columns]
        if missing:
            raise ParameterError(f"The 'activity' parameter of early_warnings must be monthly KPIs "
                                 f"(see monthly_kpis). Missing: {', '.join(missing)}.")
        table = activity.set_index(["salesperson", "month"])
        before = [period.shift(-k).label for k in range(rules.activity_months, 0, -1)]
        rising = [period.shift(-k).label for k in range(rules.expense_months - 1, -1, -1)]
        for sp in activity["salesperson"].drop_duplicates():
            if (sp, period.label) not in table.index:
                continue
            now = float(table.at[(sp, period.label), "visits"])
            past = [float(table.at[(sp, m), "visits"]) for m in before if (sp, m) in table.index]
            past = [v for v in past if v > 0]
            if past:
                baseline = float(np.mean(past))
                if now < (1 - rules.activity_drop) * baseline:
                    rows.append({"salesperson": sp, "flag": "activity_dropping", "value": now, "reference": baseline,
                                 "message": f"{_who(sp, names)}: {now:,.0f} visits in {period.label}, "
                                            f"{1 - now / baseline:.1%} below the average of {baseline:,.1f} in the "
                                            f"{len(past)} month{'s' if len(past) > 1 else ''} before."})
            if all((sp, m) in table.index for m in rising):
                ratios = np.array([table.at[(sp, m), "expense_ratio"] for m in rising], dtype="float64")
                if (np.isfinite(ratios).all() and (np.diff(ratios) > 0).all()
                        and ratios[-1] >= (1 + rules.expense_rise) * ratios[0]):
                    trail = " → ".join(f"{r:.2%}" for r in ratios)
                    rows.append({"salesperson": sp, "flag": "expense_ratio_rising", "value": float(ratios[-1]),
                                 "reference": float(ratios[0]),
                                 "message": f"{_who(sp, names)}: expense ratio rising {rising[0]} to {rising[-1]} "
                                            f"({trail}), up {ratios[-1] / ratios[0] - 1:.0%}."})

    out = pd.DataFrame(rows, columns=[c for c in WARNING_COLUMNS if c not in ("name", "month")])
    out.insert(1, "name", out["salesperson"].map(names).astype(object))
    out.insert(3, "month", period.label)
    flag_rank = {"behind_plan": 0, "activity_dropping": 1, "expense_ratio_rising": 2}
    rank = {sp: i for i, sp in enumerate(order)}
    out = out.sort_values(["salesperson", "flag"], key=lambda c: c.map(rank if c.name == "salesperson" else flag_rank),
                          kind="stable")
    return out.reset_index(drop=True)[WARNING_COLUMNS]


# ------------------------------------------------------------------- charts
def _labels(table: pd.DataFrame) -> list[str]:
    if "name" in table.columns:
        return [n if isinstance(n, str) and n else s for s, n in zip(table["salesperson"], table["name"])]
    return [str(s) for s in table["salesperson"]]


_METRIC_TITLES = {
    "visits": "visits 拜訪次數", "days": "days 拜訪天數", "visits_per_day": "visits per day 每日拜訪",
    "minutes_per_visit": "minutes per visit 每次時長", "revenue_per_visit": "revenue per visit 每次營業額",
    "cost_per_visit": "cost per visit 每次費用", "orders": "orders 訂單", "orders_per_100_visits":
    "orders per 100 visits 百訪成交", "revenue": "revenue 營業額", "cost": "cost 費用",
    "expense_ratio": "expense ratio 費用率", "new_customers": "new customers 新客戶",
    "lost_customers": "lost customers 流失客戶",
}


def plot_against_team(table: pd.DataFrame, metrics: Sequence[str] = ("visits_per_day", "orders_per_100_visits",
                                                                      "revenue_per_visit", "cost_per_visit",
                                                                      "expense_ratio", "minutes_per_visit"),
                      *, highlight: str | None = None, title: str = "") -> Figure:
    """Each consultant against the team: one bar chart per metric, the team's figure as a line.

    Parameters
    ----------
    table : DataFrame
        A :func:`kpis` table (with ``name`` the bars are labelled by name).
    metrics : sequence of str
        Columns to draw, one panel each.
    highlight : str, optional
        A salesperson id whose bars are drawn in a strong colour.
    title : str
        The figure's title.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"salesperson": ["S01", "S02"], "name": ["王海濤", "李靜"], "visits": [30, 10],
    ...     "days": [10, 10], "minutes": [900, 500], "cost": [3000, 1000], "orders": [3, 1],
    ...     "revenue": [300000, 0]})
    >>> table = pd.concat([table[["salesperson", "name"]], team_total(table).drop(columns="salesperson")
    ...                    .iloc[[0, 0]].reset_index(drop=True)], axis=1)
    >>> fig = plot_against_team(table, ["visits_per_day"], title="2027-09")
    >>> [t.get_text() for t in fig.axes[0].get_xticklabels()]
    ['王海濤', '李靜']
    """
    unknown = [m for m in metrics if m not in table.columns]
    if unknown:
        raise ParameterError(f"The 'metrics' parameter of plot_against_team names columns the table does not have: "
                             f"{', '.join(unknown)}.")
    from matplotlib.figure import Figure

    team = team_total(table.drop(columns=["month"], errors="ignore")) if "days" in table.columns else None
    labels = _labels(table)
    columns = min(3, len(metrics))
    rows = -(-len(metrics) // columns)
    with cjk_context():
        fig = Figure(figsize=(4.2 * columns, 3.0 * rows + (0.4 if title else 0)))
        axes = fig.subplots(rows, columns, squeeze=False).ravel()
        for ax, metric in zip(axes, metrics):
            values = table[metric].astype("float64")
            colors = ["#c0392b" if highlight is not None and sp == highlight else
                      ("#7f8c8d" if highlight is not None else "#2e86c1") for sp in table["salesperson"]]
            ax.bar(range(len(values)), values.fillna(0), color=colors)
            if team is not None and metric in team.columns and pd.notna(team.at[0, metric]):
                ax.axhline(float(team.at[0, metric]), color="black", linestyle="--", linewidth=1, label="team 團隊")
            ax.set_title(_METRIC_TITLES.get(metric, metric), fontsize=10)
            ax.set_xticks(range(len(labels)), labels, rotation=60, fontsize=8)
            if metric == "expense_ratio":
                ax.yaxis.set_major_formatter(_percent_formatter())
        for ax in axes[len(metrics):]:
            ax.set_visible(False)
        if team is not None:
            axes[0].legend(fontsize=8, loc="best")
        if title:
            fig.suptitle(title)
        fig.tight_layout()
    return pin_fonts(fig)


def _percent_formatter():
    from matplotlib.ticker import PercentFormatter

    return PercentFormatter(1.0, decimals=1)


def plot_trend(monthly: pd.DataFrame, metric: str = "visits", *, salesperson: str | None = None,
               title: str = "") -> Figure:
    """A metric month by month: every consultant as a thin line, the team and one consultant in bold.

    The team line is the team's figure (:func:`team_total`) for an
    additive metric averaged per active member (visits per consultant who
    made any visit that month), and the team's ratio for a ratio.

    Parameters
    ----------
    monthly : DataFrame
        A :func:`monthly_kpis` table.
    metric : str
        The column to draw.
    salesperson : str, optional
        The consultant to draw in bold.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"salesperson": ["S01", "S02", "S01"],
    ...     "date": pd.to_datetime(["2027-04-01", "2027-04-02", "2027-05-02"]), "customer_id": ["C1", "C2", "C3"],
    ...     "minutes": [30, 40, 50], "cost": [10, 20, 30], "ordered": [0, 1, 0], "revenue": [0, 90000, 0]})
    >>> fig = plot_trend(monthly_kpis(log, "2027-04-01..2027-05-31"), "visits", salesperson="S01")
    >>> [line.get_label() for line in fig.axes[0].get_lines()][-2:]
    ['team 團隊 (per consultant)', 'S01']
    """
    if metric not in monthly.columns or "month" not in monthly.columns:
        raise ParameterError(f"The 'metric' parameter of plot_trend must be a column of the monthly KPIs. "
                             f"Got {metric!r} instead.")
    from matplotlib.figure import Figure

    months = list(dict.fromkeys(monthly["month"]))
    team = team_total(monthly).set_index("month").reindex(months)
    additive = metric in _ADDITIVE
    if additive:
        active = monthly[monthly["visits"] > 0].groupby("month").size().reindex(months)
        team_line = team[metric] / active
        team_label = "team 團隊 (per consultant)"
    else:
        team_line = team[metric]
        team_label = "team 團隊"
    with cjk_context():
        fig = Figure(figsize=(8, 3.6))
        ax = fig.add_subplot()
        x = range(len(months))
        chosen = None
        for sp, part in monthly.groupby("salesperson", sort=False):
            series = part.set_index("month")[metric].reindex(months)
            if sp == salesperson:
                chosen = (sp, part, series)
                continue
            ax.plot(x, series.to_numpy(dtype="float64"), color="#bdc3c7", linewidth=1)
        ax.plot(x, team_line.to_numpy(dtype="float64"), color="black", linestyle="--", linewidth=2, label=team_label)
        if chosen is not None:
            sp, part, series = chosen
            label = _labels(part.head(1))[0]
            ax.plot(x, series.to_numpy(dtype="float64"), color="#c0392b", linewidth=2.5, marker="o",
                    label=label)
        ax.set_xticks(list(x), months, rotation=45)
        ax.set_title(title or _METRIC_TITLES.get(metric, metric))
        if metric == "expense_ratio":
            ax.yaxis.set_major_formatter(_percent_formatter())
        ax.legend(fontsize=8, loc="best")
        fig.tight_layout()
    return pin_fonts(fig)


def plot_plan_vs_actual(review: PlanVsActual, *, team: str | None = None) -> Figure:
    """Attainment to date and projected attainment per salesperson, against 100 % of plan.

    Bars are year-to-date attainment (red when behind plan), diamonds the
    projected attainment at year end.

    Parameters
    ----------
    review : PlanVsActual
    team : str, optional
        Only the salespeople of this team (e.g. ``展廳``).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from orgplan.model.io import DATA_DIR
    >>> from orgplan.sales.targets import decompose_plan, read_target_config
    >>> plan = decompose_plan(read_target_config(DATA_DIR / "sales" / "target-2027.yaml"))
    >>> review = plan_vs_actual(plan, read_actuals(DATA_DIR / "sales" / "actual-2027.csv"))
    >>> fig = plot_plan_vs_actual(review, team="展廳")
    >>> len(fig.axes[0].get_yticklabels())
    10
    """
    from matplotlib.figure import Figure

    table = review.by_salesperson
    if team is not None:
        if team not in set(table["team"]):
            raise ParameterError(f"The 'team' parameter of plot_plan_vs_actual must be one of "
                                 f"{', '.join(dict.fromkeys(table['team']))}. Got {team!r} instead.")
        table = table[table["team"] == team]
    table = table.iloc[::-1]
    labels = _labels(table)
    with cjk_context():
        fig = Figure(figsize=(7.5, 0.45 * len(table) + 1.4))
        ax = fig.add_subplot()
        y = np.arange(len(table))
        attainment = table["attainment"].astype("float64").fillna(0).to_numpy()
        ax.barh(y, attainment, color=np.where(attainment < 1, "#c0392b", "#27ae60"), label="to date 累計達成")
        ax.scatter(table["projected_attainment"].astype("float64"), y, marker="D", color="black", zorder=3,
                   label="projected year end 年底預估")
        ax.axvline(1.0, color="black", linewidth=1)
        ax.set_yticks(y, labels)
        ax.xaxis.set_major_formatter(_percent_formatter())
        highest = float(np.nanmax(np.r_[attainment, table["projected_attainment"].astype(float)]))
        ax.set_xlim(0, max(1.3, highest + 0.05))
        ax.set_title(f"Plan versus actual 計劃達成 — January to {calendar.month_name[review.through]} {review.year}")
        ax.legend(fontsize=8, loc="lower right")
        fig.tight_layout()
    return pin_fonts(fig)
