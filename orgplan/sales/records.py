"""Reading a showroom log by its schema: every cell typed by its column, every bad cell located.

The showroom's tables (deals, traffic, leads, prospects, follow-ups,
invoices …) are declared as :class:`~orgplan.tables.schema.Table` objects
whose columns carry a type (``id``, ``text``, ``count``, ``money``,
``flag``, ``choice``), Chinese and English headers and, for choice columns,
the words people write (``已交车`` → ``delivered``). :func:`read_records`
reads such a file through :func:`orgplan.sales.tables.read_sales_table` and
parses every column through :mod:`orgplan.tables.cells` — dates named in
``dates`` — collecting one :class:`~orgplan.errors.Problem` (file,
spreadsheet row, column, value, what is expected, reason code) per bad
cell. The caller adds its cross-column rules and raises
:class:`~orgplan.errors.DataError` with everything found.

Examples
--------
>>> import tempfile, pathlib
>>> from orgplan.i18n import N_
>>> from orgplan.tables.schema import Column, Table
>>> LOG = Table("log", None, (
...     Column("who", "id", label=N_("consultant")),
...     Column("day", "text", label=N_("date")),
...     Column("kind", "choice", choice_labels={"first": N_("first visit"), "return": N_("return visit")}),
...     Column("amount", "money", required=False)))
>>> path = pathlib.Path(tempfile.mkdtemp()) / "log.csv"
>>> _ = path.write_text("who,day,kind,amount\\nS01,2027-04-01,first,\\n,2027-04-31,again,x\\n", encoding="utf-8")
>>> records, problems = read_records(path, LOG, dates=("day",), optional=("amount",))
>>> records["kind"].tolist()
['first', None]
>>> [(p.row, p.column, p.code) for p in problems]
[(3, 'who', 'missing_value'), (3, 'day', 'not_a_date'), (3, 'kind', 'invalid_value'), (3, 'amount', 'not_a_number')]
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from orgplan.errors import Problem
from orgplan.i18n import N_, Translator
from orgplan.sales.tables import cell_problems, date_cells, flag_cells, number_cells, read_sales_table
from orgplan.tables.schema import Table

_ = Translator("showroom")

__all__ = ["read_records", "known_ids", "choice_words"]


def choice_words(table: Table, name: str) -> str:
    """The codes of a choice column and their words in the language in force, for "expected …" messages.

    Examples
    --------
    >>> from orgplan.tables.schema import Column, Table
    >>> t = Table("t", None, (Column("s", "choice", choice_labels={"yes": N_("yes"), "no": N_("no")}),))
    >>> choice_words(t, "s")
    'yes, no'
    """
    column = table.column(name)
    shown = []
    for code, label in column.choice_labels.items():
        word = _(label) if label else code
        shown.append(code if word == code else f"{code} {word}")
    return _(", ").join(shown)


def read_records(path: str | os.PathLike, table: Table, *, dates: Iterable[str] = (),
                 optional: Iterable[str] = (), signed: Iterable[str] = (),
                 known: Mapping[str, Iterable[str]] | None = None) -> tuple[pd.DataFrame, list[Problem]]:
    """Read ``path`` by ``table``: typed columns in the table's order, and every problem found.

    Parameters
    ----------
    path : str or path-like
        A ``.csv`` (UTF-8 or GBK) or ``.xlsx`` file; headers in English,
        简体 or 繁體 (the columns' names, aliases and labels).
    table : Table
        The schema. ``id`` and ``text`` columns stay text, ``count`` and
        ``money`` become float64 (NaN when empty or bad), ``flag`` bool,
        ``choice`` the code (``None`` when empty or bad).
    dates : iterable of str
        Columns holding dates (datetime64, NaT when empty or bad).
    optional : iterable of str
        Columns whose cells may be empty (a column absent from the file is
        read as all empty when the schema does not require it).
    signed : iterable of str
        Money columns that may be negative (a gross profit, a refund).
    known : mapping of column → ids, optional
        The ids a column may hold; any other is ``unknown_id``.

    Returns
    -------
    (DataFrame, list of Problem)
        The typed records (index 0…n−1, spreadsheet row = index + 2) and
        the problems, in row order.

    Raises
    ------
    DataError
        If a required column is missing or given twice, or the file has no
        data rows.
    FileNotFoundError
        If the file does not exist.
    """
    frame, file = read_sales_table(path, table)
    dates, optional, signed = set(dates), set(optional), set(signed)
    problems: list[Problem] = []
    out: dict[str, pd.Series] = {}
    for column in table.columns:
        name = column.name
        if name not in frame.columns:
            frame[name] = ""
        may_be_empty = name in optional or not column.required or column.blank_ok
        expected = _(column.expected) if column.expected else name
        if name in dates:
            out[name] = date_cells(frame, name, file, problems, optional=may_be_empty)
        elif column.type in ("count", "money"):
            out[name] = number_cells(frame, name, file, problems, whole=column.type == "count",
                                     low=None if name in signed else 0, optional=may_be_empty,
                                     money=column.type == "money", expected=_(column.expected) if column.expected else None)
        elif column.type == "flag":
            out[name] = flag_cells(frame, name, file, problems, expected=_(N_("yes or no (是/否)")),
                                   blank=False if may_be_empty else None)
        elif column.type == "choice":
            words = column.choice_words()
            lookup = {**{str(k).lower(): v for k, v in words.items()}, **words}
            codes = frame[name].map(lambda cell: lookup.get(cell, lookup.get(cell.lower())))
            bad = codes.isna() & ((frame[name] != "") | (not may_be_empty))
            problems += cell_problems(bad, frame, name, file, expected if column.expected else choice_words(table, name),
                                      "invalid_value")
            out[name] = codes.astype(object).where(codes.notna(), None)
        else:
            if not may_be_empty:
                problems += cell_problems(frame[name] == "", frame, name, file, expected, "missing_value")
            out[name] = frame[name].astype(object)
    for name, ids in (known or {}).items():
        allowed = set(ids)
        listed = ", ".join(sorted(allowed)[:12]) + (" …" if len(allowed) > 12 else "")
        unknown = (frame[name] != "") & ~frame[name].isin(allowed)
        problems += cell_problems(unknown, frame, name, file,
                                  _("one of {ids}").format(ids=listed), "unknown_id")
    order = {c.name: i for i, c in enumerate(table.columns)}
    problems.sort(key=lambda p: (p.row or 0, order.get(p.column or "", 99)))
    records = pd.DataFrame(out, index=frame.index)
    return records.reset_index(drop=True), problems


def known_ids(records: pd.DataFrame, column: str) -> np.ndarray:
    """The distinct non-empty ids of ``column`` (for another table's ``known``).

    Examples
    --------
    >>> known_ids(pd.DataFrame({"id": ["A", "", "B", "A"]}), "id").tolist()
    ['A', 'B']
    """
    values = records[column].astype(str)
    return pd.unique(values[values != ""])
