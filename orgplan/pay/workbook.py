"""The pay workbook for finance: one sheet per month, with the lines and the cars behind it.

Headers and codes are in the language in force (:func:`orgplan.pay.display.display_table`);
amounts are formatted as money (``#,##0.00``) and the header row stays in view.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from orgplan.i18n import Translator
from orgplan.pay.display import MONEY_COLUMNS, display_table, label
from orgplan.pay.sheet import PaySheet
from orgplan.tables.io import write_workbook

_ = Translator("pay")

__all__ = ["write_pay_workbook", "MONEY_FORMAT"]

#: Excel's number format for amounts of money (yuan, two decimals, thousands separated).
MONEY_FORMAT = "#,##0.00"


def write_pay_workbook(sheets: Sequence[PaySheet], path: str | os.PathLike, *, details: bool = True) -> Path:
    """Write the pay sheets of one or more months to an ``.xlsx`` workbook, atomically.

    Each month is a sheet named ``YYYY-MM``; with ``details`` it is followed
    by the month's lines (``YYYY-MM lines``: each amount with its rule and
    deals) and cars (``YYYY-MM cars``: what each car earned).

    Examples
    --------
    >>> import tempfile, pathlib, pandas as pd
    >>> from orgplan.model.io import DATA_DIR
    >>> from orgplan.pay.plan import read_commission_plan
    >>> from orgplan.pay.sheet import pay_sheet
    >>> plan = read_commission_plan(DATA_DIR / "pay" / "commission-plan-2027.yaml")
    >>> deals = pd.DataFrame({"deal_id": ["D1"], "consultant_id": ["S07"], "model_id": ["CITY"],
    ...     "delivery_date": ["2027-09-03"], "status": ["delivered"], "gross_profit": [2000]})
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> path = write_pay_workbook([pay_sheet(plan, deals, "2027-09", people=["S07"])], folder / "pay.xlsx")
    >>> pd.ExcelFile(path).sheet_names
    ['2027-09', '2027-09 lines', '2027-09 cars']
    """
    tables = {}
    for sheet in sheets:
        tables[sheet.period] = display_table(sheet.sheet)
        if details:
            tables[_("{month} lines").format(month=sheet.period)] = display_table(sheet.lines)
            tables[_("{month} cars").format(month=sheet.period)] = display_table(sheet.deals)
    formats = {label(column): MONEY_FORMAT for column in MONEY_COLUMNS}
    return write_workbook(tables, path, number_formats=formats, freeze_header=True)
