"""The one place that reads a cell: text, dates, counts and money.

Every table of orgplan — structures, requests, plans, visits, customers,
sales, target configs, survey returns — reads its cells through these
functions, so a date or a number is accepted or refused the same way
everywhere, and nothing is guessed.

Accepted forms
--------------
Dates
    ``2027-04-03``, ``2027/4/3``, ``2027.4.3``, ``2027年4月3日`` — one
    separator throughout, optionally followed by a midnight time
    (``2027/4/3 00:00:00``, as Excel writes a date into CSV) — and the date
    or datetime of an Excel date cell. Full-width digits (``２０２７``) are
    read as digits. A day that does not exist (``2027-02-30``), a mixed
    separator (``2027/4-3``), a two-digit year, a year before
    :data:`FIRST_YEAR` (1900) or after :data:`LAST_YEAR` (2200), or an Excel
    serial number written as text (``46115``) is not a date.
Numbers (counts and money)
    ``12``, ``-3``, ``1200.5``, ``1,200`` and ``1,200,000.50`` (a thousands
    separator only between groups of three digits: ``1,2`` is refused),
    ``1.2E+05`` (Excel's scientific notation), full-width digits and commas.
    Money may also carry ``¥``/``￥`` in front or ``元`` behind. ``inf``,
    ``nan``, ``1_000`` and a boolean are not numbers.
Counts
    Numbers that are whole (``3`` or ``3.0``), at most :data:`MAX_COUNT`
    (1,000,000: people, cars, visits — no cell of a dealership's tables
    holds more).
Money
    At most :data:`MAX_MONEY` (¥100,000,000,000: a year's turnover of a
    large dealership group is a hundredth of it).

A table's column may set a narrower bound (``Column.maximum`` in
:mod:`orgplan.tables.schema`); a cell beyond it is reported with the bound,
never wrapped round or silently used.

Examples
--------
>>> parse_date("2027年4月3日"), parse_date("2027/4-3")
(datetime.date(2027, 4, 3), None)
>>> parse_count("1,200"), parse_count("1,2"), parse_count("2.5")
(1200, None, None)
>>> parse_money("¥1,200.50")
1200.5
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["as_text", "is_blank", "parse_date", "parse_number", "parse_count", "parse_money", "parse_numbers",
           "MAX_COUNT", "MAX_MONEY", "FIRST_YEAR", "LAST_YEAR"]

#: The years a date cell may fall in (a pandas timestamp holds 1677 to 2262; a year 0001 is a typing slip).
FIRST_YEAR, LAST_YEAR = 1900, 2200

#: The largest count a cell may hold (people, cars, visits, …).
MAX_COUNT = 1_000_000
#: The largest amount of money a cell may hold, in yuan.
MAX_MONEY = 100_000_000_000


def as_text(value: object) -> str:
    """A cell as stripped text: ``""`` for an empty cell, ``"3"`` for the float ``3.0``, ISO for a timestamp.

    Examples
    --------
    >>> as_text(None), as_text(3.0), as_text("  销售部 "), as_text(True)
    ('', '3', '销售部', '1')
    """
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return str(value).strip()


def is_blank(value: object) -> bool:
    """Whether a cell is empty: ``None``, NaN, ``pd.NA`` or only white space.

    Examples
    --------
    >>> is_blank(None), is_blank(" "), is_blank(float("nan")), is_blank(0)
    (True, True, True, False)
    """
    return as_text(value) == ""


# ---------------------------------------------------------------------- dates
_DATE = re.compile(
    r"(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?:[ T]0{1,2}:00(?::00)?)?"
    r"|(?P<cy>\d{4})年(?P<cm>\d{1,2})月(?P<cd>\d{1,2})日"
)


def parse_date(value: Any) -> _dt.date | None:
    """A date cell as a date, or ``None`` when it is not a date that exists.

    See the module's "Accepted forms". Nothing is guessed: a day that does
    not exist or a form not listed gives ``None``, and the caller reports
    the cell.

    Examples
    --------
    >>> parse_date("2027/3/5"), parse_date("2027年3月5日"), parse_date("2027-03-05 00:00:00")
    (datetime.date(2027, 3, 5), datetime.date(2027, 3, 5), datetime.date(2027, 3, 5))
    >>> parse_date("2027-02-30") is None, parse_date("2027/13/01") is None, parse_date("27-3-5") is None
    (True, True, True)
    >>> import datetime
    >>> parse_date(datetime.datetime(2027, 3, 5, 14, 30))  # an Excel date cell
    datetime.date(2027, 3, 5)
    """
    if isinstance(value, pd.Timestamp):
        day = None if pd.isna(value) else value.date()
    elif isinstance(value, _dt.datetime):
        day = value.date()
    elif isinstance(value, _dt.date):
        day = value
    elif value is None or isinstance(value, (bool, int, float)):
        return None
    else:
        text = unicodedata.normalize("NFKC", str(value)).strip()
        match = _DATE.fullmatch(text)
        if match is None:
            return None
        parts = match.group("y", "m", "d") if match.group("y") else match.group("cy", "cm", "cd")
        try:
            day = _dt.date(*(int(p) for p in parts))
        except ValueError:
            return None
    return day if day is not None and FIRST_YEAR <= day.year <= LAST_YEAR else None


# -------------------------------------------------------------------- numbers
_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][+-]?\d{1,3})?")
_PLAIN = r"[+-]?\d+(?:\.\d+)?"
_CURRENCY = re.compile(r"^[¥￥]\s*|\s*元$")


def parse_number(value: Any) -> float | None:
    """A number cell as a float, or ``None`` when it is not a finite number.

    No bound is applied: :func:`parse_count`, :func:`parse_money` and the
    tables' columns bound what they read.

    Examples
    --------
    >>> parse_number("1,234.5"), parse_number("１２"), parse_number("1.2E+03")
    (1234.5, 12.0, 1200.0)
    >>> parse_number("1,2") is None, parse_number("inf") is None, parse_number(True) is None
    (True, True, True)
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, np.integer)):
        number = float(value)
    elif isinstance(value, (float, np.floating)):
        number = float(value)
    else:
        text = unicodedata.normalize("NFKC", str(value)).strip()
        if not _NUMBER.fullmatch(text):
            return None
        number = float(text.replace(",", ""))
    return number if np.isfinite(number) else None


def parse_count(value: Any, *, low: int = 0, high: int = MAX_COUNT) -> int | None:
    """A whole number from ``low`` to ``high``, or ``None``.

    Examples
    --------
    >>> parse_count("12"), parse_count(3.0), parse_count("-1"), parse_count("-1", low=-5)
    (12, 3, None, -1)
    >>> parse_count("99999999999999999999"), parse_count("1000001")
    (None, None)
    """
    number = parse_number(value)
    if number is None or number != np.floor(number) or number < low or number > high:
        return None
    return int(number)


def parse_money(value: Any, *, high: float = MAX_MONEY) -> float | None:
    """An amount of money from 0 to ``high``, or ``None``; ``¥`` in front or ``元`` behind is allowed.

    Examples
    --------
    >>> parse_money("￥6,000"), parse_money("6000元"), parse_money("-5"), parse_money("inf")
    (6000.0, 6000.0, None, None)
    """
    if isinstance(value, str):
        value = _CURRENCY.sub("", unicodedata.normalize("NFKC", value).strip())
    number = parse_number(value)
    return None if number is None or number < 0 or number > high else number


def parse_numbers(text: pd.Series) -> np.ndarray:
    """Many number cells at once (text, ``""`` for empty): floats, NaN where blank or not a number.

    The same rule as :func:`parse_number`; plain numbers are cast in one
    vectorised call and only the rest go through :func:`parse_number`.

    Examples
    --------
    >>> parse_numbers(pd.Series(["3", "", "1,200", "1,2", "x"], dtype="str")).tolist()
    [3.0, nan, 1200.0, nan, nan]
    """
    text = text.astype("str")
    blank = (text == "").to_numpy(dtype=bool)
    plain = text.str.fullmatch(_PLAIN).fillna(False).to_numpy(dtype=bool)
    numbers = np.full(len(text), np.nan)
    if plain.any():
        numbers[plain] = text[plain].astype("float64").to_numpy(dtype=float)
    rest = np.flatnonzero(~plain & ~blank)
    for i in rest:
        parsed = parse_number(text.iloc[i])
        if parsed is not None:
            numbers[i] = parsed
    numbers[~np.isfinite(numbers)] = np.nan
    return numbers
