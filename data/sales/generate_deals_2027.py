"""Generate the synthetic 2027 deals table, ``deals-2027.csv`` (run from the repository root).

    python data/sales/generate_deals_2027.py

One row per car ordered, built on the existing sample so that every figure
agrees with it:

* the delivered deals, counted by consultant, model and delivery month, equal
  ``actual-2027.csv``'s ``units`` exactly (January–September 2027), and their
  ``gross_profit`` sums equal its ``gross_profit`` exactly;
* a showroom consultant's (S01–S10) deals of a month are the orders of that
  month's visit log (``visits-2027.csv``): same customer, order date = the
  visit's date;
* 大客户 (K01–K03) sell to fleet and government accounts (F01–F16, G01–G04),
  paid in full or by instalments (the accounts' credit is the showroom
  helper's receivables sample); 网销 (N01–N02) sell online leads.

Planted cases (for the checks of ``orgplan.sales.showroom`` and of pay):

* 42 orders placed from 2027-09-12 not yet delivered (status ``ordered``);
* 7 cancellations: 5 before delivery, and 2 cancelled in the month after
  their delivery — D2027-0820 (delivered 2027-07-20, cancelled 2027-08-06)
  and D2027-0939 (delivered 2027-08-23, cancelled 2027-09-11): pay claws the
  commission back;
* 6 discounts beyond the authority of their approver (a consultant granting
  more than 3 % or ¥5,000, a showroom manager more than 8 % or ¥15,000 —
  see ``discount-authority.csv``): D2027-0183, D2027-0435, D2027-0784,
  D2027-0869 (consultants) and D2027-0971, D2027-1028 (showroom manager);
* a few deals with a negative gross profit (big discount).

The generator is seeded and uses its own random stream: running it again
gives the same file, whatever the other generators do.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from orgplan.tables.io import write_table

HERE = Path(__file__).resolve().parent
YEAR = 2027
rng = np.random.default_rng(20271002)

#: Guide price (指导价) per car of the base trim (CNY).
LIST_PRICE = {"AURA": 159_800, "AURA-L": 186_800, "CITY": 92_800, "NOVA": 123_800, "TERRA": 229_800,
              "TERRA-X": 275_800, "VOYA": 289_800, "EV1": 165_800, "EV-S": 215_800, "PHEV": 196_800}
TRIMS = (0.94, 1.0, 1.07)
#: Discount authority (also data/sales/discount-authority.csv): rate and amount a role may grant.
AUTHORITY = {"consultant": (0.03, 5_000), "showroom_manager": (0.08, 15_000), "general_manager": (0.15, 40_000)}
FLEET_ACCOUNTS = {"K01": ["F01", "F02", "F03", "F04", "F05", "F06", "G01", "G02"],
                  "K02": ["F07", "F08", "F09", "F10", "F11", "G03"],
                  "K03": ["F12", "F13", "F14", "F15", "F16", "G04"]}
HOLIDAYS = {dt.date(2027, 2, d) for d in range(6, 13)}


def approver(discount: float, list_price: float) -> str:
    """The lowest role whose authority covers the discount."""
    for role, (rate, amount) in AUTHORITY.items():
        if discount <= rate * list_price and discount <= amount:
            return role
    return "general_manager"


def deal_terms(person: str, model: str) -> dict:
    """List price, discount, customer type, payment, channel, source and F&I of one car."""
    team = person[0]
    list_price = round(LIST_PRICE[model] * TRIMS[int(rng.integers(0, 3))], -2)
    if team == "K":
        rate = rng.uniform(0.05, 0.12)
    elif team == "N":
        rate = rng.uniform(0.02, 0.07)
    else:
        rate = rng.uniform(0.01, 0.075)
    discount = round(list_price * rate, -2)
    if team == "S":
        channel = "trade_in" if rng.random() < 0.14 else "showroom"
        source = str(rng.choice(["walk_in", "phone", "online_lead", "referral", "auto_show"],
                                p=[0.42, 0.16, 0.2, 0.16, 0.06]))
        kind = "individual"
        payment = str(rng.choice(["full", "loan", "instalment"], p=[0.45, 0.45, 0.10]))
    elif team == "N":
        channel, source, kind = "online", "online_lead", "individual"
        payment = str(rng.choice(["full", "loan", "instalment"], p=[0.4, 0.5, 0.1]))
    else:
        channel, kind = "fleet", "fleet"
        source = str(rng.choice(["referral", "phone"], p=[0.6, 0.4]))
        payment = str(rng.choice(["full", "instalment"], p=[0.55, 0.45]))
    private = kind == "individual"
    return {"list_price": list_price, "price": list_price - discount,
            "discount_approved_by": approver(discount, list_price), "customer_type": kind, "payment": payment,
            "channel": channel, "source": source,
            "insurance": "是" if rng.random() < (0.78 if private else 0.55) else "否",
            "extended_warranty": "是" if rng.random() < (0.22 if private else 0.08) else "否",
            "accessories": int(round(rng.lognormal(np.log(3200), 0.6), -2)) if private and rng.random() < 0.85
            else (int(round(rng.uniform(300, 1200), -2)) if rng.random() < 0.3 else 0)}


def month_days(month: int) -> list[dt.date]:
    first = dt.date(YEAR, month, 1)
    days = [first + dt.timedelta(d) for d in range(31) if (first + dt.timedelta(d)).month == month]
    return [d for d in days if d not in HOLIDAYS]


def split_gross(total: float, models: list[str], discounts: list[float]) -> list[int]:
    """Share a month's gross of one consultant and model among its cars (sums exactly to ``total``)."""
    raw = np.array([rng.normal(1.0, 0.25) * total / len(models) for _ in models])
    raw -= (np.array(discounts) - np.mean(discounts)) * 0.4
    raw += (total - raw.sum()) / len(raw)
    whole = np.round(raw, -1).astype(int)
    whole[-1] += int(round(total)) - int(whole.sum())
    return whole.tolist()


def delivered_deals(actual: pd.DataFrame, visits: pd.DataFrame) -> list[dict]:
    rows = []
    next_customer = iter(range(50001, 99999))
    for (month, person), part in actual.groupby(["month", "salesperson"], sort=True):
        cars = [(m, g, n) for m, g, n in zip(part["model_id"], part["gross_profit"], part["units"])]
        orders = visits[(visits["salesperson"] == person) & (visits["ordered"] == 1)
                        & (visits["date"].dt.month == month)].sort_values("date", kind="stable")
        slots = list(zip(orders["date"].dt.date, orders["customer_id"]))
        rng.shuffle(slots)
        days = month_days(month)
        last_day = days[-1]
        for model, gross, units in cars:
            terms = [deal_terms(person, model) for _ in range(units)]
            grosses = split_gross(gross, [model] * units, [t["list_price"] - t["price"] for t in terms])
            for t, g in zip(terms, grosses):
                if slots:  # a showroom consultant: the order is a visit of the log
                    order, customer = slots.pop()
                    delivery = min(order + dt.timedelta(days=int(rng.integers(0, 12))), last_day)
                else:
                    delivery = days[int(rng.integers(0, len(days)))]
                    lag = int(rng.integers(10, 46)) if person[0] == "K" else int(rng.integers(2, 21))
                    order = delivery - dt.timedelta(days=lag)
                    customer = (str(rng.choice(FLEET_ACCOUNTS[person])) if person in FLEET_ACCOUNTS
                                else f"C{next(next_customer)}")
                if customer.startswith("G"):
                    t["customer_type"], t["payment"] = "government", "full"
                rows.append({"consultant_id": person, "customer_id": customer, "model_id": model,
                             "order_date": order, "delivery_date": delivery, "status": "delivered",
                             "cancelled_on": None, **t, "gross_profit": g})
    return rows


def open_and_cancelled(actual: pd.DataFrame) -> list[dict]:
    """Orders not yet delivered at the end of September, and cancellations."""
    people = sorted(actual["salesperson"].unique())
    mix = actual.groupby("model_id")["units"].sum()
    models = mix.index.tolist()
    weights = (mix / mix.sum()).to_numpy()
    rows = []
    for i in range(42 + 7):
        person = people[int(rng.integers(0, len(people)))]
        model = str(rng.choice(models, p=weights))
        if person[0] == "K":
            model = str(rng.choice(["AURA", "AURA-L", "TERRA-X", "VOYA"]))
        terms = deal_terms(person, model)
        gross = int(round(rng.normal(5000, 2000) - 0.3 * (terms["list_price"] - terms["price"] - 6000), -1))
        customer = (str(rng.choice(FLEET_ACCOUNTS[person])) if person in FLEET_ACCOUNTS
                    else f"C{60001 + i}")
        if i < 42:
            order = dt.date(YEAR, 9, 12) + dt.timedelta(days=int(rng.integers(0, 19)))
            row = {"order_date": order, "delivery_date": None, "status": "ordered", "cancelled_on": None}
        elif i < 47:
            order = dt.date(YEAR, int(rng.integers(2, 9)), int(rng.integers(1, 25)))
            row = {"order_date": order, "delivery_date": None, "status": "cancelled",
                   "cancelled_on": order + dt.timedelta(days=int(rng.integers(3, 20)))}
        else:  # delivered, then returned in the next month (clawback)
            delivery = dt.date(YEAR, 7 + (i - 47), 20 + (i - 47) * 3)
            row = {"order_date": delivery - dt.timedelta(days=9), "delivery_date": delivery, "status": "cancelled",
                   "cancelled_on": delivery + dt.timedelta(days=int(rng.integers(14, 25)))}
        rows.append({"consultant_id": person, "customer_id": customer, "model_id": model, **row, **terms,
                     "gross_profit": gross})
    return rows


def plant_discount_exceptions(deals: pd.DataFrame) -> None:
    """Six discounts beyond the approver's authority (the price-control check finds them)."""
    picks = deals[(deals["status"] == "delivered") & deals["consultant_id"].str.startswith("S")].index
    chosen = rng.choice(picks, size=6, replace=False)
    for k, i in enumerate(sorted(chosen)):
        list_price = deals.at[i, "list_price"]
        if k < 4:  # a consultant granting a showroom manager's discount
            discount, role = round(list_price * rng.uniform(0.04, 0.06), -2), "consultant"
        else:  # a showroom manager granting a general manager's discount
            discount, role = round(list_price * rng.uniform(0.095, 0.11), -2), "showroom_manager"
        deals.at[i, "gross_profit"] -= discount - (list_price - deals.at[i, "price"])
        deals.at[i, "price"] = list_price - discount
        deals.at[i, "discount_approved_by"] = role


def main() -> None:
    actual = pd.read_csv(HERE / "actual-2027.csv", encoding="utf-8-sig")
    visits = pd.read_csv(HERE / "visits-2027.csv", encoding="utf-8-sig", parse_dates=["date"])
    deals = pd.DataFrame(delivered_deals(actual, visits) + open_and_cancelled(actual))
    deals = deals.sort_values(["order_date", "consultant_id"], kind="stable").reset_index(drop=True)
    deals.insert(0, "deal_id", [f"D{YEAR}-{i:04d}" for i in range(1, len(deals) + 1)])
    # each planted exception keeps the month's gross: the difference goes to the other cars of the month
    gross_before = deals["gross_profit"].copy()
    plant_discount_exceptions(deals)
    for i in deals.index[deals["gross_profit"] != gross_before]:
        same = deals.index[(deals["consultant_id"] == deals.at[i, "consultant_id"])
                           & (deals["model_id"] == deals.at[i, "model_id"]) & (deals["status"] == "delivered")
                           & (pd.to_datetime(deals["delivery_date"]).dt.month
                              == pd.to_datetime(deals.at[i, "delivery_date"]).month) & (deals.index != i)]
        if len(same):
            deals.at[same[0], "gross_profit"] += gross_before[i] - deals.at[i, "gross_profit"]
        else:  # the only car of its month: the gross stays as it was, the discount came out of the bonus
            deals.at[i, "gross_profit"] = gross_before[i]
    for column in ("order_date", "delivery_date", "cancelled_on"):
        deals[column] = deals[column].map(lambda d: d.isoformat() if isinstance(d, dt.date) else "")
    columns = ["deal_id", "consultant_id", "customer_id", "model_id", "order_date", "delivery_date", "status",
               "cancelled_on", "list_price", "price", "discount_approved_by", "gross_profit", "customer_type",
               "payment", "channel", "source", "insurance", "extended_warranty", "accessories"]
    deals = deals[columns].astype({"list_price": int, "price": int, "gross_profit": int, "accessories": int})
    write_table(deals, HERE / "deals-2027.csv")
    print(f"{len(deals):,} deals, {int((deals['status'] == 'delivered').sum()):,} delivered")


if __name__ == "__main__":
    main()
