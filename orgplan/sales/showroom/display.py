"""Showroom tables for people: headers and codes in the language in force (English keeps the codes).

Examples
--------
>>> frame = pd.DataFrame({"consultant_id": ["S01"], "source": ["walk_in"], "close_rate_first": [0.25]})
>>> display(frame).columns.tolist()
['consultant', 'source', 'close rate (÷ first visits)']
"""

from __future__ import annotations

import pandas as pd

from orgplan.i18n import N_, Translator, get_language
from orgplan.sales.deals import (
    APPROVER_LABELS, CHANNEL_LABELS, CUSTOMER_TYPE_LABELS, DEALS, PAYMENT_LABELS, SOURCE_LABELS, STATUS_LABELS,
)
from orgplan.sales.showroom.cards import CARD_LABELS
from orgplan.sales.showroom.credit import CREDIT_LABELS
from orgplan.sales.showroom.followups import FOLLOWUP_LABELS
from orgplan.sales.showroom.funnel import FUNNEL_LABELS
from orgplan.sales.showroom.reports import REPORT_LABELS
from orgplan.sales.showroom.tables import PROSPECTS, REASON_LABELS, STRATEGIES, TRAFFIC
from orgplan.sales.showroom.warnings import FLAG_LABELS

_ = Translator("showroom")

__all__ = ["display", "HEADERS", "VALUES"]

#: Every header of the showroom's results, as English message ids.
HEADERS = {**{c.name: c.label for c in DEALS.columns}, **{c.name: c.label for c in TRAFFIC.columns},
           **{c.name: c.label for c in PROSPECTS.columns}, **FUNNEL_LABELS, **CREDIT_LABELS,
           **REPORT_LABELS, **CARD_LABELS, **FOLLOWUP_LABELS, "salesperson": N_("consultant"), "flag": N_("warning"),
           "message": N_("message"), "strategy_due": N_("to be done by"), "payment_score": N_("payment behaviour")}
#: The words of the coded values, per column.
VALUES = {"source": SOURCE_LABELS, "status": {**STATUS_LABELS, **PROSPECTS.column("status").choice_labels,
                                               **STRATEGIES.column("status").choice_labels},
          "reason": REASON_LABELS, "approved_by": APPROVER_LABELS, "needed": APPROVER_LABELS,
          "discount_approved_by": APPROVER_LABELS, "customer_type": CUSTOMER_TYPE_LABELS, "payment": PAYMENT_LABELS,
          "channel": CHANNEL_LABELS, "visit": TRAFFIC.column("visit").choice_labels,
          "outcome": TRAFFIC.column("outcome").choice_labels,
          "flag": FLAG_LABELS, "measure": {k: FUNNEL_LABELS[k] for k in ("traffic", "invitations", "test_drives", "orders")}}


def display(frame: pd.DataFrame, *, readable: bool = False) -> pd.DataFrame:
    """``frame`` with headers and coded values (source, status, reason …) in the language in force.

    In English the headers are words and the values keep their codes. With
    ``readable`` (for printing), dates lose their time and rates (columns
    ending ``_rate``, ``share``, ``attainment``) become percentages.
    """
    if readable:
        frame = _readable(frame)
    if get_language() == "en":
        return frame.rename(columns={c: _(HEADERS[c]) for c in frame.columns if c in HEADERS and HEADERS[c]})
    out = frame.copy()
    for column, words in VALUES.items():
        if column in out.columns:
            out[column] = out[column].map(lambda v: _(words[v]) if isinstance(v, str) and v in words else v)
    for column in out.columns:
        if out[column].dtype == bool:
            out[column] = out[column].map({True: _("yes"), False: ""})
    return out.rename(columns={c: _(HEADERS[c]) for c in out.columns if c in HEADERS and HEADERS[c]})


def _readable(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if pd.api.types.is_datetime64_any_dtype(values):
            out[column] = values.dt.strftime("%Y-%m-%d").fillna("")
        elif "_rate" in str(column) or column in ("share", "attainment"):
            out[column] = values.map(lambda v: "" if pd.isna(v) else f"{v:.1%}")
        elif pd.api.types.is_float_dtype(values) and bool((values.dropna() % 1 == 0).all()):
            out[column] = values.map(lambda v: "" if pd.isna(v) else f"{v:,.0f}")
    return out
