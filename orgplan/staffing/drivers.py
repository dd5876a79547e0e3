"""Next year's business volumes by month (业务量): the drivers the staffing ratios divide.

One row per month (1–12) and one column per driver. Headers may be written
in English, 简体 or 繁體 (``月份, 新车销量, 二手车, 大客户, 维修台次, 钣喷台次,
工位, 续保, 保有客户, 配件收入, 工作日``); every bad cell is reported with its
row and column.

Examples
--------
>>> from orgplan import sample_path
>>> drivers = read_drivers(sample_path("staffing/drivers-2027.csv"))
>>> drivers.loc[drivers["month"] == 12, ["new_cars", "repair_orders", "working_days"]].to_dict("records")
[{'new_cars': 123, 'repair_orders': 2110, 'working_days': 27}]
"""

from __future__ import annotations

import os

import pandas as pd

from orgplan.errors import DataError, Problem
from orgplan.i18n import N_, Translator
from orgplan.tables.io import read_table
from orgplan.tables.schema import Column, Table, canonical_headers, validate_tables

_ = Translator("staffing")

__all__ = ["DRIVERS", "DRIVER_NAMES", "TARGET_DRIVERS", "read_drivers", "check_drivers", "driver_label"]

#: Every driver: column name → what people read (marked ``N_``).
DRIVER_NAMES: dict[str, str] = {
    "new_cars": N_("new cars sold"),
    "used_cars": N_("used cars sold"),
    "fleet": N_("fleet cars sold"),
    "repair_orders": N_("repair orders"),
    "bodyshop_jobs": N_("body-shop jobs"),
    "bays": N_("workshop bays"),
    "insurance_renewals": N_("insurance renewals"),
    "customer_base": N_("customers in the base"),
    "parts_revenue": N_("parts revenue"),
    "working_days": N_("working days"),
}

#: The drivers that follow the sales target (what ``target × (1 ± x)`` scales).
TARGET_DRIVERS = ("new_cars", "fleet")

_ALIASES: dict[str, tuple[str, ...]] = {
    "new_cars": ("新车", "新車", "新车销量", "新車銷量", "新车台数", "新車台數"),
    "used_cars": ("二手车", "二手車", "二手车销量", "二手車銷量"),
    "fleet": ("大客户", "大客戶", "大客户台数", "大客戶台數", "集团客户", "集團客戶"),
    "repair_orders": ("维修台次", "維修台次", "进厂台次", "進廠台次"),
    "bodyshop_jobs": ("钣喷台次", "鈑噴台次", "钣喷", "鈑噴"),
    "bays": ("工位", "工位数", "工位數"),
    "insurance_renewals": ("续保", "續保", "续保台数", "續保台數"),
    "customer_base": ("保有客户", "保有客戶", "保有量"),
    "parts_revenue": ("配件收入", "配件销售额", "配件銷售額"),
    "working_days": ("工作日", "工作天数", "工作天數"),
}

_MONEY = ("parts_revenue",)

#: The drivers table: month plus one column per driver (a column may be left out when no rule uses it).
DRIVERS = Table(
    name="drivers",
    id_column="month",
    columns=(
        Column("month", "count", aliases=("月份", "月"), label=N_("month"),
               expected=N_("a month number from 1 to 12")),
        *(Column(name, "money" if name in _MONEY else "count", required=False, aliases=_ALIASES[name], label=label,
                 expected=N_("a number of 0 or more") if name in _MONEY else N_("a whole number of 0 or more"))
          for name, label in DRIVER_NAMES.items()),
    ),
)


def driver_label(name: str) -> str:
    """What people read for a driver, in the language in force (the name itself when unknown).

    Examples
    --------
    >>> from orgplan.i18n import language
    >>> with language("zh-Hans"):
    ...     driver_label("repair_orders"), driver_label("tyres")
    ('维修台次', 'tyres')
    """
    return _(DRIVER_NAMES[name]) if name in DRIVER_NAMES else name


def read_drivers(path: str | os.PathLike) -> pd.DataFrame:
    """Read the drivers table: one row per month, numbers checked cell by cell.

    Parameters
    ----------
    path : path-like
        A ``.csv`` or ``.xlsx`` file.

    Returns
    -------
    DataFrame
        ``month`` and the driver columns the file has (numbers), sorted by
        month, plus ``_row`` (the spreadsheet row, for later problems).

    Raises
    ------
    DataError
        Every bad cell (not a number, negative, a month outside 1–12 or
        given twice), and a table that does not hold the twelve months.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "drivers.csv"
    >>> _ = path.write_text("月份,新车销量,工作日\\n1,120,24\\n2,-5,20\\n", encoding="utf-8")
    >>> read_drivers(path)
    Traceback (most recent call last):
    ...
    orgplan.errors.DataError: Found 2 problems in the input data:
      - ...drivers.csv, row 3, column 'new_cars': got '-5', expected a whole number of 0 or more.
      - ...drivers.csv: expected the twelve months 1 to 12, one row each; missing 3, 4, 5, 6, 7, 8, 9, 10, 11, 12.
    """
    file = str(path)
    raw = read_table(path, require_rows=True)
    headers = [str(c) for c in raw.columns]
    mapping, problems = canonical_headers(DRIVERS, headers, file)
    raw = raw.rename(columns=mapping)[[c for c in mapping.values()]]
    typed, cell_problems, _flagged = validate_tables({"drivers": DRIVERS}, {"drivers": raw.astype(str)},
                                                     {"drivers": file})
    problems += cell_problems
    frame = typed["drivers"]
    present = ["month", *[name for name in DRIVER_NAMES if name in raw.columns]]
    frame = frame[[*present, "_row"]]
    problems += check_drivers(frame, file)
    if problems:
        raise DataError(problems)
    return frame.sort_values("month").reset_index(drop=True)


def check_drivers(drivers: pd.DataFrame, file: str = "drivers") -> list[Problem]:
    """The problems of a drivers table as a whole: months outside 1–12, and months missing.

    Examples
    --------
    >>> frame = pd.DataFrame({"month": list(range(1, 13)) + [13], "new_cars": [1] * 13})
    >>> [p.code for p in check_drivers(frame)]
    ['invalid_value']
    """
    problems = []
    rows = drivers["_row"] if "_row" in drivers.columns else pd.Series(range(2, len(drivers) + 2))
    for month, row in zip(drivers["month"], rows):
        if not 1 <= int(month) <= 12:
            problems.append(Problem(file, int(row), "month", str(month), _("a month number from 1 to 12"),
                                    "invalid_value"))
    missing = sorted(set(range(1, 13)) - {int(m) for m in drivers["month"]})
    if missing:
        problems.append(Problem(file, None, None, None,
                                _("the twelve months 1 to 12, one row each; missing {months}").format(
                                    months=", ".join(str(m) for m in missing)), "missing_month"))
    return problems
