"""Credit, receivables and price control (信用、应收账款、价格管控) for fleet and key customers.

* :func:`open_invoices` — what is still owed on each invoice on a day, its
  age (账龄: days since the invoice) and days past due;
* :func:`receivables_ageing` — per customer, the amount owed in the buckets
  0–30, 31–60, 61–90 and over 90 days of age, against the credit limit;
* :func:`credit_findings` — customers over their limit or owing money more
  than 90 days past the invoice, and the orders waiting for delivery to
  them (deliveries blocked until they pay);
* :func:`collection_rate` — 回款率 of a period: money received ÷ (owed at
  the start + invoiced during the period);
* :func:`price_exceptions` — deals whose discount is beyond the authority
  of the person who approved it (销售顾问/展厅经理/总经理).

Examples
--------
>>> invoices = pd.DataFrame({"invoice_id": ["I1", "I2", "I3"], "customer_id": ["F1", "F1", "F2"],
...     "date": pd.to_datetime(["2027-05-01", "2027-08-20", "2027-09-10"]),
...     "due_date": pd.to_datetime(["2027-05-31", "2027-09-19", "2027-10-10"]),
...     "amount": [100000.0, 50000.0, 80000.0]})
>>> payments = pd.DataFrame({"invoice_id": ["I1", "I2"], "date": pd.to_datetime(["2027-06-01", "2027-10-05"]),
...                          "amount": [40000.0, 50000.0]})
>>> receivables_ageing(invoices, payments, on="2027-09-30")[["customer_id", "0-30", "31-60", "61-90", ">90",
...                                                         "owed", "overdue"]].values.tolist()
[['F1', 0.0, 50000.0, 0.0, 60000.0, 110000.0, 110000.0], ['F2', 80000.0, 0.0, 0.0, 0.0, 80000.0, 0.0]]
"""

from __future__ import annotations

import datetime as _dt

import numpy as np
import pandas as pd

from orgplan.i18n import N_, Translator
from orgplan.sales.deals import deal_discounts
from orgplan.sales.periods import Period, parse_period
from orgplan.sales.showroom.followups import day_of

_ = Translator("showroom")

__all__ = ["AGE_BUCKETS", "CREDIT_LABELS", "open_invoices", "receivables_ageing", "credit_findings",
           "collection_rate", "price_exceptions"]

#: The age buckets (账龄) and their upper bounds in days.
AGE_BUCKETS = {"0-30": 30, "31-60": 60, "61-90": 90, ">90": np.inf}
CREDIT_LABELS = {
    "customer_id": N_("customer id"), "name": N_("name"), "consultant_id": N_("consultant"),
    "invoice_id": N_("invoice id"), "date": N_("invoice date"), "due_date": N_("due date"), "amount": N_("amount"),
    "paid": N_("paid"), "owed": N_("owed"), "age": N_("age (days)"), "bucket": N_("age bucket"),
    "days_overdue": N_("days overdue"), "0-30": N_("0–30 days"), "31-60": N_("31–60 days"),
    "61-90": N_("61–90 days"), ">90": N_("over 90 days"), "overdue": N_("overdue"),
    "credit_limit": N_("credit limit"), "headroom": N_("credit left"), "over_limit": N_("over limit"),
    "finding": N_("finding"), "blocked_orders": N_("orders blocked"), "received": N_("received"),
    "owed_at_start": N_("owed at start"), "invoiced": N_("invoiced"), "collection_rate": N_("collection rate"),
    "deal_id": N_("deal id"), "approved_by": N_("approved by"), "discount": N_("discount"),
    "discount_rate": N_("discount rate"), "limit_rate": N_("authority (rate)"),
    "limit_amount": N_("authority (amount)"), "needed": N_("needs approval by"), "price": N_("price"),
    "list_price": N_("list price"), "model_id": N_("model"), "order_date": N_("order date"),
    "gross_profit": N_("gross profit")}


def open_invoices(invoices: pd.DataFrame, payments: pd.DataFrame, on: str | _dt.date) -> pd.DataFrame:
    """Every invoice dated on or before ``on`` with money still owed after the payments made by ``on``.

    Returns
    -------
    DataFrame
        ``invoice_id, customer_id, date, due_date, amount, paid, owed, age,
        bucket, days_overdue`` (age = days from the invoice to ``on``;
        days overdue 0 before the due date).
    """
    day = day_of(on)
    issued = invoices[invoices["date"] <= day]
    paid = payments[payments["date"] <= day].groupby("invoice_id")["amount"].sum()
    frame = issued.assign(paid=issued["invoice_id"].map(paid).fillna(0.0))
    frame = frame.assign(owed=(frame["amount"] - frame["paid"]).round(2))
    frame = frame[frame["owed"] > 0]
    age = (day - frame["date"]).dt.days
    bucket = pd.cut(age, [-1, 30, 60, 90, np.inf], labels=list(AGE_BUCKETS)).astype(str)
    frame = frame.assign(age=age.astype("int64"), bucket=bucket,
                         days_overdue=(day - frame["due_date"]).dt.days.clip(lower=0).astype("int64"))
    columns = ["invoice_id", "customer_id", "date", "due_date", "amount", "paid", "owed", "age", "bucket",
               "days_overdue"]
    return frame[columns].sort_values(["customer_id", "date"], kind="stable").reset_index(drop=True)


def receivables_ageing(invoices: pd.DataFrame, payments: pd.DataFrame, on: str | _dt.date, *,
                       accounts: pd.DataFrame | None = None) -> pd.DataFrame:
    """Receivables ageing (应收账款账龄) per customer on ``on``: owed per bucket, overdue, against the credit limit.

    Parameters
    ----------
    invoices, payments : DataFrame
        The fleet invoices and payments.
    on : str or date
        The day of the ageing (payments up to and including it count).
    accounts : DataFrame, optional
        The fleet accounts (name, consultant, ``credit_limit``); with them
        every account is listed (owing nothing or not) and ``headroom``,
        ``over_limit`` are filled.

    Returns
    -------
    DataFrame
        ``customer_id, [name, consultant_id,] 0-30, 31-60, 61-90, >90,
        owed, overdue (past the due date), max_days_overdue[, credit_limit,
        headroom, over_limit]``, largest amount owed first.
    """
    owed = open_invoices(invoices, payments, on)
    table = owed.pivot_table(index="customer_id", columns="bucket", values="owed", aggfunc="sum", fill_value=0.0,
                             observed=False)
    table = table.reindex(columns=list(AGE_BUCKETS), fill_value=0.0).astype("float64")
    table["owed"] = table[list(AGE_BUCKETS)].sum(axis=1)
    table["overdue"] = owed[owed["days_overdue"] > 0].groupby("customer_id")["owed"].sum()
    table["max_days_overdue"] = owed.groupby("customer_id")["days_overdue"].max()
    if accounts is not None:
        table = table.reindex(accounts["customer_id"]).fillna(0.0)
        info = accounts.set_index("customer_id")
        table.insert(0, "consultant_id", info["consultant_id"])
        table.insert(0, "name", info["name"])
        table["credit_limit"] = info["credit_limit"]
        table["headroom"] = table["credit_limit"] - table["owed"]
        table["over_limit"] = table["headroom"] < 0
    table = table.fillna({"overdue": 0.0, "max_days_overdue": 0}).astype({"max_days_overdue": "int64"})
    table.columns.name = None
    return table.sort_values("owed", ascending=False, kind="stable").rename_axis("customer_id").reset_index()


def credit_findings(ageing: pd.DataFrame, deals: pd.DataFrame | None = None) -> pd.DataFrame:
    """Customers to stop delivering to: over the credit limit, or owing money more than 90 days old.

    ``ageing`` is :func:`receivables_ageing` with ``accounts``. With
    ``deals``, the orders of each such customer still waiting for delivery
    (status ``ordered``) are listed: deliveries to them are blocked until
    they pay.

    Returns
    -------
    DataFrame
        ``customer_id, name, consultant_id, owed, credit_limit, >90,
        finding`` (the reasons in words) and ``blocked_orders`` (deal ids).

    Examples
    --------
    >>> ageing = pd.DataFrame({"customer_id": ["F1", "F2"], "name": ["甲", "乙"], "consultant_id": ["K01"] * 2,
    ...     "owed": [600000.0, 10000.0], "credit_limit": [500000.0, 300000.0], ">90": [120000.0, 0.0],
    ...     "over_limit": [True, False]})
    >>> deals = pd.DataFrame({"deal_id": ["D1", "D2"], "customer_id": ["F1", "F2"], "status": ["ordered"] * 2})
    >>> credit_findings(ageing, deals)[["customer_id", "blocked_orders"]].values.tolist()
    [['F1', 'D1']]
    """
    old = ageing[">90"] > 0
    hit = ageing[ageing["over_limit"].astype(bool) | old].copy()
    words = []
    for row in hit.itertuples():
        reasons = []
        if row.over_limit:
            reasons.append(_("owes {owed:,.0f}, over the credit limit of {limit:,.0f}").format(
                owed=row.owed, limit=row.credit_limit))
        if hit.at[row.Index, ">90"] > 0:
            reasons.append(_("{amount:,.0f} owed for more than 90 days").format(amount=hit.at[row.Index, ">90"]))
        words.append(_("; ").join(reasons))
    hit["finding"] = words
    waiting = deals[deals["status"] == "ordered"] if deals is not None else pd.DataFrame(columns=["customer_id"])
    blocked = waiting.groupby("customer_id")["deal_id"].agg(lambda ids: ", ".join(sorted(ids)))
    hit["blocked_orders"] = hit["customer_id"].map(blocked).fillna("")
    columns = ["customer_id", "name", "consultant_id", "owed", "credit_limit", ">90", "finding", "blocked_orders"]
    return hit[columns].reset_index(drop=True)


def collection_rate(invoices: pd.DataFrame, payments: pd.DataFrame, period: str | Period, *,
                    by: str | None = "customer_id") -> pd.DataFrame:
    """回款率 of a period: money received ÷ (owed at the start + invoiced during the period).

    Examples
    --------
    >>> invoices = pd.DataFrame({"invoice_id": ["I1", "I2"], "customer_id": ["F1", "F1"],
    ...     "date": pd.to_datetime(["2027-08-10", "2027-09-05"]), "amount": [100000.0, 60000.0]})
    >>> payments = pd.DataFrame({"invoice_id": ["I1", "I1", "I2"], "customer_id": ["F1"] * 3,
    ...     "date": pd.to_datetime(["2027-08-10", "2027-09-12", "2027-10-02"]), "amount": [30000.0, 50000.0, 60000.0]})
    >>> collection_rate(invoices, payments, "2027-09").values.tolist()
    [['F1', 70000.0, 60000.0, 50000.0, 0.3846]]
    """
    window = parse_period(period)
    start, end = pd.Timestamp(window.start), pd.Timestamp(window.end)
    key = by or "all"
    inv = invoices.assign(all="")
    pay = payments.assign(all="")
    if by and by not in pay.columns:
        pay = pay.assign(**{by: pay["invoice_id"].map(dict(zip(invoices["invoice_id"], invoices[by])))})
    before = inv[inv["date"] < start].groupby(key)["amount"].sum() - \
        pay[pay["date"] < start].groupby(key)["amount"].sum().reindex(
            inv[inv["date"] < start][key].unique(), fill_value=0.0)
    invoiced = inv[(inv["date"] >= start) & (inv["date"] <= end)].groupby(key)["amount"].sum()
    received = pay[(pay["date"] >= start) & (pay["date"] <= end)].groupby(key)["amount"].sum()
    table = pd.DataFrame({"owed_at_start": before, "invoiced": invoiced, "received": received}).fillna(0.0)
    due = table["owed_at_start"] + table["invoiced"]
    table = table[due > 0]
    table["collection_rate"] = (table["received"] / due[due > 0]).round(4)
    table = table.rename_axis(key).reset_index()
    return table.drop(columns="all") if not by else table


def price_exceptions(deals: pd.DataFrame, authority: pd.DataFrame) -> pd.DataFrame:
    """Deals whose discount (list price − price) is beyond the authority of the person who approved it.

    A role may grant at most ``max_rate`` of the list price and at most
    ``max_amount``; a discount above either is an exception. ``needed``
    names the lowest role whose authority covers the discount (empty when
    none does). Cancelled deals count too (the discount was granted).

    Examples
    --------
    >>> authority = pd.DataFrame({"role": ["consultant", "showroom_manager", "general_manager"],
    ...                           "max_rate": [0.03, 0.08, 0.15], "max_amount": [5000.0, 15000.0, 40000.0]})
    >>> deals = pd.DataFrame({"deal_id": ["D1", "D2", "D3"], "consultant_id": ["S01"] * 3, "model_id": ["AURA"] * 3,
    ...     "order_date": pd.to_datetime(["2027-09-01"] * 3), "list_price": [150000.0, 150000.0, 150000.0],
    ...     "price": [145500.0, 144000.0, 135000.0], "gross_profit": [1.0] * 3,
    ...     "discount_approved_by": ["consultant", "consultant", "showroom_manager"]})
    >>> price_exceptions(deals, authority)[["deal_id", "discount", "discount_rate", "needed"]].values.tolist()
    [['D2', 6000.0, 0.04, 'showroom_manager'], ['D3', 15000.0, 0.1, 'general_manager']]
    """
    limits = authority.set_index("role")
    table = deals.merge(deal_discounts(deals), on="deal_id")
    table = table.assign(approved_by=table["discount_approved_by"],
                         limit_rate=table["discount_approved_by"].map(limits["max_rate"]),
                         limit_amount=table["discount_approved_by"].map(limits["max_amount"]))
    beyond = (table["discount_rate"] > table["limit_rate"] + 1e-9) | (table["discount"] > table["limit_amount"])
    table = table[beyond].copy()
    order = list(limits.sort_values("max_amount").index)

    def needed(row) -> str:
        for role in order:
            if row.discount <= limits.at[role, "max_amount"] and row.discount_rate <= limits.at[role, "max_rate"] + 1e-9:
                return role
        return ""

    table["needed"] = [needed(row) for row in table.itertuples()]
    columns = ["deal_id", "consultant_id", "model_id", "order_date", "list_price", "price", "discount",
               "discount_rate", "approved_by", "limit_rate", "limit_amount", "needed", "gross_profit"]
    return table[columns].reset_index(drop=True)
