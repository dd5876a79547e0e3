"""Reading the sales tables: one schema per file, one cell parser, one shape of problem.

Every table of the sales tools — visits, customers, actual sales, the
manager's ratings, models, monthly sales, consultants — is described by a
:class:`~orgplan.tables.schema.Table` (its columns with their Chinese and
English header aliases) and read by :func:`read_sales_table`. The cells
are then checked column by column with :func:`id_cells`,
:func:`number_cells` and :func:`date_cells`, which parse through
:mod:`orgplan.tables.cells` and append to one list of
:class:`~orgplan.errors.Problem` (file, spreadsheet row, column, value,
what is expected, reason code), so a reader reports every bad cell at once.

Examples
--------
>>> import tempfile, pathlib
>>> from orgplan.tables.schema import Column, Table
>>> LOG = Table("log", None, (Column("salesperson", "id", aliases=("銷售顧問",)),
...                           Column("minutes", "count", aliases=("分鐘",))))
>>> path = pathlib.Path(tempfile.mkdtemp()) / "log.csv"
>>> _ = path.write_text("销售顾问,分钟\\nS01,30\\nS02,x\\n", encoding="utf-8")
>>> table, file = read_sales_table(path, LOG)
>>> problems = []
>>> number_cells(table, "minutes", file, problems).tolist()
[30.0, nan]
>>> print(problems[0].code, problems[0].row, problems[0].value)
not_a_number 3 x
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import numpy as np
import pandas as pd

from orgplan.errors import DataError, Problem
from orgplan.i18n import N_, Translator
from orgplan.tables.cells import MAX_COUNT, MAX_MONEY, as_text, parse_date, parse_money, parse_numbers
from orgplan.tables.io import read_table
from orgplan.tables.schema import Table, canonical_headers

_ = Translator("sales")

__all__ = ["read_sales_table", "cell_problems", "id_cells", "number_cells", "date_cells", "flag_cells",
           "require_columns"]

#: How a yes/no cell may be written (``ordered``, ``fleet``).
_FLAGS = {"1": True, "0": False, "yes": True, "no": False, "y": True, "n": False, "true": True, "false": False,
          "是": True, "否": False}


def read_sales_table(path: str | os.PathLike, table: Table) -> tuple[pd.DataFrame, str]:
    """Read a table with at least one data row; headers matched to ``table``'s columns.

    Headers are matched in English, 繁體 or 简体 (see
    :func:`~orgplan.tables.schema.canonical_headers`); other columns are
    kept under their own (stripped) header. Every cell is text, ``""`` when
    empty.

    Returns
    -------
    (DataFrame, str)
        The cells under the columns' names, and the file's name for problems.

    Raises
    ------
    DataError
        If a required column is missing (``missing_column``, naming its
        Chinese headers and the headers found) or given twice
        (``duplicate_column``), or the table has no data rows.
    FileNotFoundError
        If the file does not exist.
    """
    frame = read_table(path, require_rows=True)
    file = str(path)
    headers = [str(c) for c in frame.columns]
    mapping, problems = canonical_headers(table, headers, file)
    frame = frame.rename(columns={h: mapping.get(h, h) for h in headers})
    frame = frame.apply(_text)
    problems = [p for p in problems if p.code != "missing_column"]
    missing = [_missing_column(column, file) for column in table.columns
               if column.required and column.name not in mapping.values()]
    if missing:
        raise DataError(missing + problems, _.ngettext(
            "{file}: the header row lacks {n} column (found: {found})",
            "{file}: the header row lacks {n} columns (found: {found})", len(missing)).format(
                file=file, n=len(missing), found=", ".join(headers)))
    if problems:
        raise DataError(problems)
    return frame, file


def _text(column: pd.Series) -> pd.Series:
    """Cells as stripped text in pandas' string dtype, ``""`` for empty."""
    if not pd.api.types.is_string_dtype(column) or column.dtype == object:
        column = column.map(as_text, na_action=None).astype("str")
    return column.fillna("").str.strip()


def _missing_column(column, file: str) -> Problem:
    chinese = [alias for alias in column.aliases if not alias.isascii()][:3]
    if chinese:
        expected = _("a column named {name} (or {chinese}) in the header row").format(
            name=repr(column.name), chinese=", ".join(chinese))
    else:
        expected = _("a column named {name} in the header row").format(name=repr(column.name))
    return Problem(file, 1, column.name, None, expected, "missing_column")


def _number_words(whole: bool, low: float | None) -> str:
    """What a number cell must hold, as a sentence for the catalogue."""
    if low is None:
        return _(N_("a whole number") if whole else N_("a number"))
    if low == 0:
        return _(N_("a whole number of 0 or more") if whole else N_("a number of 0 or more"))
    return (_("a whole number of {low} or more") if whole else _("a number of {low} or more")).format(low=f"{low:g}")


def cell_problems(mask: pd.Series, table: pd.DataFrame, column: str, file: str, expected: str,
                  code: str) -> list[Problem]:
    """A problem for every row where ``mask`` holds: ``missing_value`` for an empty cell, else ``code``.

    The row is the spreadsheet's (the header is row 1).

    Examples
    --------
    >>> cells = pd.DataFrame({"units": ["3", "", "x"]})
    >>> [(p.row, p.code) for p in cell_problems(cells["units"] != "3", cells, "units", "f.csv", "a count", "not_a_number")]
    [(3, 'missing_value'), (4, 'not_a_number')]
    """
    expected = _(expected)  # the words are English message ids, shown in the language in force
    return [Problem(file, int(i) + 2, column, table.at[i, column] or None, expected,
                    "missing_value" if table.at[i, column] == "" else code)
            for i in table.index[np.asarray(mask, dtype=bool)]]


def id_cells(table: pd.DataFrame, column: str, file: str, problems: list[Problem], what: str) -> pd.Series:
    """The ids of ``column``; an empty cell is reported as ``missing_value`` (expected: ``what``)."""
    problems += cell_problems(table[column] == "", table, column, file, what, "missing_value")
    return table[column]


def number_cells(table: pd.DataFrame, column: str, file: str, problems: list[Problem], *, whole: bool = False,
                 low: float = 0, high: float | None = None, optional: bool = False, money: bool = False,
                 expected: str | None = None) -> pd.Series:
    """The numbers of ``column`` (float64, NaN where empty or bad); every bad cell reported.

    A cell is read by :func:`orgplan.tables.cells.parse_numbers` (with
    ``money``, also ``¥1,200`` / ``1200元`` through
    :func:`~orgplan.tables.cells.parse_money`). It must be at least ``low``
    (``None``: any), at most ``high`` (``None``: the bound of every table,
    :data:`~orgplan.tables.cells.MAX_COUNT` for a whole number,
    :data:`~orgplan.tables.cells.MAX_MONEY` otherwise: a larger cell is
    ``out_of_range``), and whole when ``whole``; otherwise
    it is reported as ``not_a_number`` with ``expected`` (default "a
    (whole) number of 0 or more"). An empty cell is ``missing_value`` unless
    ``optional``.

    Examples
    --------
    >>> cells = pd.DataFrame({"month": ["4", "13", "1,200", ""]})
    >>> found = []
    >>> number_cells(cells, "month", "f.csv", found, whole=True, low=1, high=12, optional=True).tolist()
    [4.0, nan, nan, nan]
    >>> [(p.row, p.value) for p in found]
    [(3, '13'), (4, '1,200')]
    """
    text = table[column].astype("str")
    values = pd.Series(parse_numbers(text), index=table.index, dtype="float64")
    if money:
        retry = values.isna() & (text != "")
        values[retry] = [np.nan if (m := parse_money(t)) is None else m for t in text[retry]]
    too_large = values > (MAX_COUNT if whole else MAX_MONEY) if high is None else values.isna() & False
    if too_large.any():
        problems += cell_problems(too_large, table, column, file, _("a number of at most {limit:,}").format(
            limit=MAX_COUNT if whole else MAX_MONEY), "out_of_range")
    bad = values.isna() & ~too_large
    if low is not None:
        bad |= values < low
    if high is not None:
        bad |= values > high
    if whole:
        bad |= values.fillna(0) % 1 != 0
    if optional:
        bad &= text != ""
    if expected is None:
        expected = _number_words(whole, low)
    if optional:
        expected = _("{expected} (or empty)").format(expected=_(expected))
    problems += cell_problems(bad, table, column, file, expected, "not_a_number")
    return values.where(~bad & ~too_large)


def date_cells(table: pd.DataFrame, column: str, file: str, problems: list[Problem], *,
               optional: bool = False) -> pd.Series:
    """The dates of ``column`` (datetime64, NaT where empty or bad), read by :func:`orgplan.tables.cells.parse_date`.

    A cell that is not a date is reported as ``not_a_date``; an empty one
    as ``missing_value`` unless ``optional``.

    Examples
    --------
    >>> cells = pd.DataFrame({"date": ["2027/4/3", "2027年4月4日", "2027-04-31"]})
    >>> found = []
    >>> date_cells(cells, "date", "f.csv", found).dt.strftime("%m-%d").tolist()
    ['04-03', '04-04', nan]
    >>> found[0].code, found[0].value
    ('not_a_date', '2027-04-31')
    """
    text = table[column]
    iso = {cell: None if (day := parse_date(cell)) is None else day.isoformat() for cell in pd.unique(text)}
    values = pd.to_datetime(text.map(iso), format="%Y-%m-%d")  # pandas' usual resolution for dates
    bad = values.isna()
    if optional:
        bad &= text != ""
    problems += cell_problems(bad, table, column, file,
                              "a date written YYYY-MM-DD" + (" (or empty)" if optional else ""), "not_a_date")
    return values


def flag_cells(table: pd.DataFrame, column: str, file: str, problems: list[Problem], *, expected: str,
               blank: bool | None = None) -> pd.Series:
    """Yes/no cells (``1``/``0``, ``yes``/``no``, ``是``/``否``) as booleans; others reported as ``invalid_value``.

    ``blank`` is what an empty cell means (``None``: an empty cell is a problem).

    Examples
    --------
    >>> cells = pd.DataFrame({"fleet": ["是", "no", "", "maybe"]})
    >>> found = []
    >>> flag_cells(cells, "fleet", "f.csv", found, expected="yes or no", blank=False).tolist()
    [True, False, False, False]
    >>> [(p.row, p.code) for p in found]
    [(5, 'invalid_value')]
    """
    lowered = table[column].str.lower()
    values = lowered.map(_FLAGS)
    if blank is not None:
        values = values.where(lowered != "", blank)
    problems += cell_problems(values.isna(), table, column, file, expected, "invalid_value")
    return values.fillna(False).astype(bool)


def require_columns(table: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """``table`` with every one of ``columns`` present (an absent optional column filled with ``""``)."""
    missing = [c for c in columns if c not in table.columns]
    return table.assign(**{c: "" for c in missing}) if missing else table
