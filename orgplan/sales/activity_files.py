"""The sales activity tables: visit log, customers and actual sales, every bad cell reported.

Each file has a schema (:data:`VISITS`, :data:`CUSTOMERS`, :data:`ACTUALS`)
with its Chinese and English headers, read through
:func:`orgplan.sales.tables.read_sales_table`; dates, counts and money are
parsed by :mod:`orgplan.tables.cells`. A reader reports every problem
(file, spreadsheet row, column, value, what is expected, reason code) in
one :class:`~orgplan.errors.DataError`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

import numpy as np
import pandas as pd

from orgplan.errors import DataError, Problem
from orgplan.sales.tables import (
    cell_problems, date_cells, flag_cells, id_cells, number_cells, read_sales_table, require_columns,
)
from orgplan.tables.schema import Column, Table

__all__ = ["VISIT_COLUMNS", "VISITS", "CUSTOMERS", "ACTUALS", "read_visits", "read_customers", "read_actuals"]

#: Columns of a visit log, in order.
VISIT_COLUMNS = ["salesperson", "date", "customer_id", "minutes", "cost", "ordered", "revenue"]

_SALESPERSON = ("銷售顧問", "销售顾问", "顧問", "consultant_id")

#: The visit log: one row per visit (a customer received in the showroom or visited).
VISITS = Table("visits", None, (
    Column("salesperson", "id", aliases=_SALESPERSON + ("業務員", "業務員編號", "顧問編號")),
    Column("date", "text", aliases=("日期", "拜訪日期")),
    Column("customer_id", "id", aliases=("客戶編號", "客户编号", "客戶")),
    Column("minutes", "count", aliases=("分鐘", "時長", "時長(分鐘)")),
    Column("cost", "money", aliases=("費用", "费用")),
    Column("ordered", "flag", aliases=("成交", "是否成交")),
    Column("revenue", "money", aliases=("成交金額", "金額", "營業額", "銷售額", "销售额")),
))

#: The customers: who looks after them, first and last purchase, last contact.
CUSTOMERS = Table("customers", "customer_id", (
    Column("customer_id", "id", aliases=("客戶編號", "客户编号")),
    Column("name", "text", required=False, aliases=("姓名", "客戶")),
    Column("salesperson", "id", aliases=_SALESPERSON),
    Column("first_purchase", "text", aliases=("首次購買", "首購日期")),
    Column("last_purchase", "text", required=False, aliases=("最近購買", "末次購買")),
    Column("last_contact", "text", required=False, aliases=("最近聯繫", "最後聯繫")),
))

#: Actual sales: cars delivered per salesperson, month and model; cash collected and gross profit.
ACTUALS = Table("actuals", None, (
    Column("year", "count", aliases=("年", "年份")),
    Column("month", "count", aliases=("月", "月份")),
    Column("salesperson", "id", aliases=("銷售顧問", "顧問", "consultant_id")),
    Column("model_id", "id", aliases=("車型", "车型")),
    Column("units", "count", aliases=("台數", "台数", "銷量")),
    Column("collected", "money", required=False, aliases=("回款", "收款")),
    Column("gross_profit", "money", required=False, aliases=("毛利",)),
))


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
    table, file = read_sales_table(path, VISITS)
    problems: list[Problem] = []
    people = id_cells(table, "salesperson", file, problems, "a salesperson id")
    dates = date_cells(table, "date", file, problems)
    customers = id_cells(table, "customer_id", file, problems, "a customer id")
    minutes = number_cells(table, "minutes", file, problems)
    cost = number_cells(table, "cost", file, problems, money=True)
    ordered = flag_cells(table, "ordered", file, problems, expected="1 (ordered) or 0 (not ordered)")
    revenue = number_cells(table, "revenue", file, problems, money=True)
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
    table, file = read_sales_table(path, CUSTOMERS)
    table = require_columns(table, ["name", "last_purchase", "last_contact"])
    problems: list[Problem] = []
    ids = id_cells(table, "customer_id", file, problems, "a customer id")
    problems += cell_problems(ids.duplicated() & (ids != ""), table, "customer_id", file, "each customer once",
                              "duplicate_id")
    people = id_cells(table, "salesperson", file, problems, "the salesperson who looks after the customer")
    dates = {column: date_cells(table, column, file, problems, optional=True)
             for column in ("first_purchase", "last_purchase", "last_contact")}
    crossed = dates["last_purchase"] < dates["first_purchase"]
    problems += cell_problems(crossed, table, "last_purchase", file, "a date on or after first_purchase",
                              "invalid_value")
    if problems:
        raise DataError(sorted(problems, key=lambda p: p.row or 0))
    return pd.DataFrame({"customer_id": ids, "name": table["name"], "salesperson": people, **dates})


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
    table, file = read_sales_table(path, ACTUALS)
    problems: list[Problem] = []
    year = number_cells(table, "year", file, problems, whole=True, expected="a year such as 2027")
    month = number_cells(table, "month", file, problems, whole=True, expected="a month from 1 to 12")
    problems += cell_problems(month.notna() & ~month.between(1, 12), table, "month", file, "a month from 1 to 12",
                              "invalid_value")
    for column, known, what in (("salesperson", salespeople, "a consultant of the plan"),
                                ("model_id", models, "a model of models.csv")):
        ids = id_cells(table, column, file, problems, f"a {column.replace('_', ' ')}")
        if known is not None:
            allowed = set(known)
            listed = f"{', '.join(sorted(allowed)[:12])}{' …' if len(allowed) > 12 else ''}"
            problems += cell_problems((ids != "") & ~ids.isin(allowed), table, column, file,
                                      f"{what} ({listed})", "unknown_id")
    units = number_cells(table, "units", file, problems, whole=True)
    money = {column: number_cells(table, column, file, problems, low=None, optional=True, money=True,
                                  expected="an amount of money")
             if column in table.columns else pd.Series(np.nan, index=table.index)
             for column in ("collected", "gross_profit")}
    keys = table[["year", "month", "salesperson", "model_id"]]
    problems += cell_problems(keys.duplicated(), table, "model_id", file,
                              "one row per year, month, salesperson and model", "duplicate_row")
    if problems:
        raise DataError(sorted(problems, key=lambda p: p.row or 0))
    return pd.DataFrame({"year": year.astype("int64"), "month": month.astype("int64"),
                         "salesperson": table["salesperson"], "model_id": table["model_id"],
                         "units": units.astype("int64"), **money})
