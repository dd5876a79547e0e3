"""The deals a pay run reads: the columns of the deals table (成交明细) as numbers, dates and yes/no.

:func:`orgplan.sales.deals.read_deals` reads and checks the file; the pay
run takes its frame (or any frame with the same columns, such as a few rows
made by hand in a test or a notebook) and brings it into one shape here.

Examples
--------
>>> import numpy as np
>>> frame = deals_frame(pd.DataFrame({
...     "deal_id": ["D1"], "consultant_id": ["S01"], "model_id": ["CITY"], "order_date": ["2027-09-01"],
...     "delivery_date": ["2027-09-05"], "status": ["delivered"], "price": [80000], "gross_profit": [2500],
...     "payment": ["loan"], "insurance": ["是"]}))
>>> frame.loc[0, ["delivery_date", "insurance", "extended_warranty", "accessories"]].tolist()
[Timestamp('2027-09-05 00:00:00'), np.True_, np.False_, np.float64(0.0)]
"""

from __future__ import annotations

import pandas as pd

from orgplan.errors import DataError, Problem
from orgplan.i18n import Translator

_ = Translator("pay")

__all__ = ["deals_frame", "DEAL_COLUMNS", "LOAN_PAYMENTS"]

#: The columns the pay run uses (others are kept).
DEAL_COLUMNS = ("deal_id", "consultant_id", "model_id", "order_date", "delivery_date", "status", "cancelled_on",
                "price", "gross_profit", "payment", "insurance", "extended_warranty", "accessories")
#: Payment methods that count as a loan for the F&I bonus (贷款, 分期).
LOAN_PAYMENTS = ("loan", "instalment")
_YES = {"yes", "y", "1", "true", "是"}
_REQUIRED = ("deal_id", "consultant_id", "model_id", "status")


def deals_frame(deals: pd.DataFrame) -> pd.DataFrame:
    """The deals with dates as datetimes, money as floats, yes/no as booleans; absent optional columns added.

    Raises
    ------
    DataError
        If a required column (deal_id, consultant_id, model_id, status) is missing.
    """
    missing = [c for c in _REQUIRED if c not in deals.columns]
    if missing:
        raise DataError([Problem(_("deals"), None, column, None, _("a column {column} in the deals table").format(
            column=column), "missing_column") for column in missing])
    out = deals.copy().reset_index(drop=True)
    for column in ("order_date", "delivery_date", "cancelled_on"):
        out[column] = pd.to_datetime(out[column], errors="coerce") if column in out.columns else pd.NaT
    for column in ("price", "gross_profit", "accessories"):
        out[column] = pd.to_numeric(out[column], errors="coerce").fillna(0.0) if column in out.columns else 0.0
    for column in ("insurance", "extended_warranty"):
        if column not in out.columns:
            out[column] = False
        out[column] = out[column].map(lambda v: v if isinstance(v, bool) else str(v).strip().lower() in _YES)
        out[column] = out[column].astype(bool)
    out["payment"] = out["payment"].astype(str) if "payment" in out.columns else ""
    for column in ("deal_id", "consultant_id", "model_id", "status"):
        out[column] = out[column].astype(str)
    return out
