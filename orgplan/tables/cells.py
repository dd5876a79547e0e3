"""The one place that reads a cell: text, dates, counts and money.

Every table of orgplan — structures, requests, plans, visits, customers,
sales, target configs, survey returns — reads its cells through these
functions, so a date or a number is accepted or refused the same way
everywhere.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["as_text", "parse_date"]


def as_text(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (pd.Timestamp,)):
        return value.date().isoformat()
    return str(value).strip()


_DATE_PATTERNS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})(?: 00:00(?::00)?)?$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"),
)


def parse_date(value: Any) -> _dt.date | None:
    """A date cell as a date, or None when it is not a date that exists.

    Accepts what Excel on Chinese Windows writes: ``2027-03-05``,
    ``2027/3/5``, ``2027.3.5``, ``2027年3月5日`` (with a midnight time),
    and date or datetime objects read from a workbook. A day that does not
    exist (``2027-02-30``) or a month 13 is not a date: nothing is guessed.

    Examples
    --------
    >>> parse_date("2027/3/5"), parse_date("2027年3月5日")
    (datetime.date(2027, 3, 5), datetime.date(2027, 3, 5))
    >>> parse_date("2027-02-30") is None, parse_date("2027/13/01") is None
    (True, True)
    """
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.date()
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    text = str(value).strip()
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            try:
                return _dt.date(*(int(g) for g in match.groups()))
            except ValueError:
                return None
    return None


