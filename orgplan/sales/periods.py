"""Reporting periods as users write them: a month ``2027-04``, a quarter ``2027Q2``, a year, a date range.

Examples
--------
>>> p = parse_period("2027Q2"); (p.start.isoformat(), p.end.isoformat(), p.kind)
('2027-04-01', '2027-06-30', 'quarter')
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re
from dataclasses import dataclass

import pandas as pd

from orgplan.errors import ParameterError
from orgplan.tables.cells import parse_date

__all__ = ["Period", "parse_period", "month_label"]


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


#: The years a period may fall in (a pandas timestamp holds 1677 to 2262).
FIRST_YEAR, LAST_YEAR = 1900, 2200


def _month(year: int, month: int) -> Period:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ParameterError(f"The 'period' parameter must be {_PERIOD_HELP} of the years {FIRST_YEAR} to "
                             f"{LAST_YEAR}. Got the year {year} instead.")
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
        return Period(_month(year, 1).start, _dt.date(year, 12, 31), "year", text)
    if ".." in text:
        parts = [p.strip() for p in text.split("..")]
        if len(parts) != 2:
            raise fail()
        days = []
        for part in parts:
            day = parse_date(part)
            if day is None:
                raise fail(f": {part!r} is not a date written YYYY-MM-DD")
            days.append(day)
        if days[1] < days[0]:
            raise fail(": the range ends before it starts")
        return Period(days[0], days[1], "range", f"{days[0].isoformat()}..{days[1].isoformat()}")
    raise fail()


def month_label(year: int, month: int) -> str:
    """A month as the periods write it: ``2027-09``.

    Examples
    --------
    >>> month_label(2027, 9)
    '2027-09'
    """
    return f"{year:04d}-{month:02d}"
