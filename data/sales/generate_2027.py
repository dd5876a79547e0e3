"""Generate the synthetic 2027 sales-activity sample (run from the repository root).

    python data/sales/generate_2027.py

Writes ``visits-2027.csv``, ``customers.csv`` and ``actual-2027.csv`` next to
this file. The data is synthetic but built to tell the stories the sales
team review (notebook 07) is about, on top of the decomposed 2027 target
(``target-2027.yaml``):

* the showroom's ten consultants (展厅, S01–S10) log their customer visits
  from January to September 2027 — the review takes place in October;
* 吴佳怡 (S10) joins on 2027-03-01 and ramps up;
* 刘洋 (S04) loses pace in the autumn: fewer visits and sales from August;
* 杨帆 (S06) spends more and more per visit from June;
* every order in the visit log is one car of ``actual-2027.csv``, so the
  orders of a consultant's month equal the cars sold that month.

The random generator is seeded: running the script again gives the same files.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from orgplan.tables.io import write_table
from orgplan.sales.targets import decompose_plan, read_target_config

HERE = Path(__file__).resolve().parent
YEAR, THROUGH = 2027, 9
rng = np.random.default_rng(20271001)

#: Transaction price per car (CNY), before the consultant's discount.
PRICE = {"AURA": 152_000, "AURA-L": 178_000, "CITY": 89_000, "NOVA": 118_000, "TERRA": 219_000,
         "TERRA-X": 262_000, "VOYA": 276_000, "EV1": 158_000, "EV-S": 205_000, "PHEV": 188_000}
#: Gross profit per car (CNY) — thin on the car itself, as at most Chinese dealers.
MARGIN = {"AURA": 4_500, "AURA-L": 5_800, "CITY": 2_200, "NOVA": 3_600, "TERRA": 8_200,
          "TERRA-X": 9_800, "VOYA": 10_500, "EV1": 3_000, "EV-S": 4_800, "PHEV": 6_200}

# performance against plan: a steady level per consultant, then the stories
LEVEL = {"S01": 1.03, "S02": 1.08, "S03": 0.98, "S04": 1.00, "S05": 1.02, "S06": 0.99, "S07": 0.96,
         "S08": 1.01, "S09": 1.06, "S10": 0.90, "K01": 1.02, "K02": 0.97, "K03": 1.04, "N01": 1.05,
         "N02": 0.95}
STORY = {("S04", 8): 0.68, ("S04", 9): 0.62, ("S10", 3): 0.60, ("S10", 4): 0.80}
#: Visits a consultant receives or makes on a working day.
PACE = {"S01": 4.6, "S02": 5.0, "S03": 4.3, "S04": 4.5, "S05": 4.4, "S06": 4.2, "S07": 4.1,
        "S08": 4.4, "S09": 4.8, "S10": 4.6}
ACTIVITY = {("S04", 8): 0.70, ("S04", 9): 0.62, ("S10", 3): 0.75, ("S06", 9): 1.1}
#: Cost per visit grows for S06 from June.
SPEND = {("S06", 6): 1.35, ("S06", 7): 1.75, ("S06", 8): 2.3, ("S06", 9): 2.9}
SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林郑谢罗梁宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程")
HOLIDAYS = {dt.date(2027, 2, d) for d in range(6, 13)} | {dt.date(2027, 10, d) for d in range(1, 8)}


def actual_sales(plan) -> pd.DataFrame:
    cube = plan.cube
    rows = []
    for (person, month), part in cube[cube.index.get_level_values("month") <= THROUGH].groupby(
            level=["consultant", "month"], sort=False):
        target = int(part.sum())
        if target == 0:
            continue
        factor = LEVEL[person] * STORY.get((person, month), 1.0) * rng.normal(1.0, 0.08)
        units = max(0, int(round(target * factor)))
        shares = part.to_numpy(dtype=float) + 0.3
        mix = rng.multinomial(units, shares / shares.sum())
        for model, count in zip(part.index.get_level_values("model"), mix):
            if count:
                revenue = count * PRICE[model] * rng.uniform(0.93, 0.99)
                rows.append({"year": YEAR, "month": month, "salesperson": person, "model_id": model,
                             "units": int(count),
                             "collected": int(round(revenue * rng.uniform(0.86, 1.0), -2)),
                             "gross_profit": int(round(count * MARGIN[model] * rng.uniform(0.7, 1.3), -2))})
    return pd.DataFrame(rows)


def working_days(person: str, month: int, start: dt.date) -> list[dt.date]:
    first = dt.date(YEAR, month, 1)
    days = [first + dt.timedelta(d) for d in range(31) if (first + dt.timedelta(d)).month == month]
    days = [d for d in days if d >= start and d not in HOLIDAYS]
    # a showroom is open seven days a week; each consultant has about one day off in four
    off = rng.random(len(days)) < 0.24
    return [d for d, o in zip(days, off) if not o]


def main() -> None:
    config = read_target_config(HERE / "target-2027.yaml")
    plan = decompose_plan(config)
    actual = actual_sales(plan)
    people = config.consultants.set_index("consultant_id")
    showroom = [p for p in people.index if people.at[p, "team"] == "展厅"]

    next_id = iter(range(10001, 99999))
    customers: dict[str, dict] = {}
    # customers who bought in earlier years, per consultant
    for person in showroom:
        start = people.at[person, "start_date"]
        history = int(people.at[person, "units_2026"]) if pd.notna(people.at[person, "units_2026"]) else 0
        for _ in range(int(history * 1.4)):
            cid = f"C{next(next_id)}"
            first = pd.Timestamp(max(start, dt.date(2019, 1, 1))) + pd.Timedelta(
                days=int(rng.integers(0, max(1, (dt.date(2026, 12, 31) - max(start, dt.date(2019, 1, 1))).days))))
            last = first if rng.random() < 0.8 else first + pd.Timedelta(days=int(rng.integers(200, 900)))
            first = min(first, pd.Timestamp("2026-12-20"))
            last = min(max(last, first), pd.Timestamp("2026-12-20"))
            contact = last + pd.Timedelta(days=int(rng.integers(0, (pd.Timestamp("2026-12-31") - last).days + 1)))
            customers[cid] = {"customer_id": cid, "name": rng.choice(SURNAMES) + rng.choice(["先生", "女士"]),
                              "salesperson": person, "first_purchase": first.date(), "last_purchase": last.date(),
                              "last_contact": contact.date()}

    visits = []
    for person in showroom:
        start = people.at[person, "start_date"]
        own_past = [c for c, row in customers.items() if row["salesperson"] == person]
        prospects: list[str] = []
        for month in range(1, THROUGH + 1):
            days = working_days(person, month, start)
            if not days:
                continue
            sold = actual[(actual["salesperson"] == person) & (actual["month"] == month)]
            cars = [m for m, n in zip(sold["model_id"], sold["units"]) for _ in range(n)]
            pace = PACE[person] * ACTIVITY.get((person, month), 1.0)
            counts = rng.poisson(pace, len(days))
            counts = np.maximum(counts, 1)
            month_visits = []
            for day, count in zip(days, counts):
                known = len(prospects)  # prospects met before today
                for _ in range(count):
                    if own_past and rng.random() < 0.22:
                        cid = str(rng.choice(own_past))
                    elif known and rng.random() < 0.55:
                        cid = prospects[int(rng.integers(0, known))]
                    else:
                        cid = f"C{next(next_id)}"
                        prospects.append(cid)
                        customers[cid] = {"customer_id": cid,
                                          "name": rng.choice(SURNAMES) + rng.choice(["先生", "女士"]),
                                          "salesperson": person, "first_purchase": None, "last_purchase": None,
                                          "last_contact": None}
                    month_visits.append([person, day, cid])
            # the orders: one visit per car sold, among this month's visits
            while len(month_visits) < len(cars):
                month_visits.append([person, days[int(rng.integers(0, len(days)))], f"C{next(next_id)}"])
                customers[month_visits[-1][2]] = {"customer_id": month_visits[-1][2], "name": rng.choice(SURNAMES) + "先生",
                                                  "salesperson": person, "first_purchase": None,
                                                  "last_purchase": None, "last_contact": None}
            order_at = set(rng.choice(len(month_visits), size=len(cars), replace=False).tolist())
            cars_left = list(rng.permutation(cars))
            spend = SPEND.get((person, month), 1.0)
            for i, (who, day, cid) in enumerate(month_visits):
                ordered = i in order_at
                model = cars_left.pop() if ordered else None
                minutes = rng.lognormal(np.log(95 if ordered else 42), 0.35)
                cost = rng.gamma(2.0, 30.0) * spend + (rng.uniform(300, 800) * spend if ordered else 0.0)
                revenue = PRICE[model] * rng.uniform(0.93, 0.99) if ordered else 0.0
                visits.append({"salesperson": who, "date": day, "customer_id": cid, "minutes": int(round(minutes)),
                               "cost": int(round(cost)), "ordered": int(ordered), "revenue": int(round(revenue, -2))})
                row = customers[cid]
                row["last_contact"] = max(d for d in (row["last_contact"], day) if d is not None)
                if ordered:
                    row["first_purchase"] = row["first_purchase"] or day
                    row["last_purchase"] = max(d for d in (row["last_purchase"], day) if d is not None)
            # prospects who bought leave the prospect pool; old ones go cold
            prospects = [c for c in prospects if customers[c]["first_purchase"] is None][-60:]

    visit_table = pd.DataFrame(visits).sort_values(["date", "salesperson"], kind="stable")
    visit_table["date"] = visit_table["date"].map(dt.date.isoformat)
    customer_table = pd.DataFrame(customers.values())
    for column in ("first_purchase", "last_purchase", "last_contact"):
        customer_table[column] = customer_table[column].map(lambda d: d.isoformat() if d else "")
    write_table(visit_table, HERE / "visits-2027.csv")
    write_table(customer_table, HERE / "customers.csv")
    write_table(actual.sort_values(["month", "salesperson", "model_id"], kind="stable"), HERE / "actual-2027.csv")
    print(f"{len(visit_table):,} visits, {len(customer_table):,} customers, {int(actual['units'].sum()):,} cars sold")


if __name__ == "__main__":
    main()
