"""Generate the synthetic 2027 showroom sample (run from the repository root, after generate_deals_2027.py).

    python data/sales/generate_showroom_2027.py

Writes, next to this file, the showroom's logs for January–September 2027,
built on the existing sample so that the figures agree:

* ``traffic-2027.csv`` (客流登记) — one row per customer visit to the showroom:
  every row of ``visits-2027.csv`` of the showroom consultants (S01–S10) with
  its time in and out (the visit's minutes), source, first or return visit,
  model of interest, test drive, quote and outcome; the visits that ended in
  an order are the orders of ``deals-2027.csv`` (same consultant, customer,
  day and model). 网销 (N01–N02) receive the DCC leads that arrive.
* ``leads-2027.csv`` (DCC 线索) — received → called → invited → arrived.
* ``prospect-levels.csv`` — what H/A/B/C/N mean and their follow-up intervals.
* ``prospects-2027.csv`` (意向客户卡: the level given when the card was made)
  and ``followups-2027.csv`` (跟进记录: the level after each follow-up and the
  next date) — each registered first visit is a prospect followed up at its
  level's cadence until it orders or is lost (战败, with the reason).
* ``service-visits.csv`` (售后进厂) — owners' service visits since 2025, for
  保客流失 (no service visit in 12 months).
* ``fleet-accounts.csv``, ``fleet-invoices-2027.csv``, ``fleet-payments-2027.csv``
  — the fleet and government accounts' credit limits, invoices and payments.
* ``discount-authority.csv`` — the discount each role may grant.
* ``daily-reports-2027.csv`` (逐日销售报告) and ``action-plans-2027.csv``
  (月/周行动计划).
* ``customer-strategies.csv`` (客户策略卡) and ``customer-ratings-2027.csv``
  (客户月评卡) for the key accounts.

Planted cases (what the checks and reports should find):

* 刘洋 (S04) from August: follow-ups late (overdue on the morning of
  2027-09-30), H-level prospects silent for more than 48 hours, daily reports
  missing on about half his working days, an action plan far above what
  happened; his 成交率 falls in August and September.
* 杨帆 (S06): prospects left at the same level far too long (stale).
* F05 (鑫达物流) owes invoices more than 90 days old and is over its credit
  limit while an order of his waits for delivery (a blocked delivery);
  F16 (蓝天租车) is over its limit with two orders waiting; G02 and F05 get worse payment ratings.
* 陈晓敏 (S05): her close rate falls three weeks running (W36–W38: the
  auto show of 25–26 September brings 24 walk-ins who leave unregistered).
* the 6 discounts beyond authority planted in ``deals-2027.csv``.

The generator is seeded with its own random stream: running it again gives the same files.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from orgplan.tables.io import write_table

HERE = Path(__file__).resolve().parent
YEAR = 2027
END = dt.date(2027, 9, 30)
rng = np.random.default_rng(20271003)

LEVELS = [  # level, meaning, buys within (days), follow-up every (days), stale after (days)
    ("H", "7 天内成交", 7, 2, 14), ("A", "15 天内成交", 15, 3, 30), ("B", "30 天内成交", 30, 7, 45),
    ("C", "3 个月内成交", 90, 15, 90), ("N", "新客户，尚未定级", 0, 1, 3)]
INTERVAL = {level: every for level, _m, _b, every, _s in LEVELS}
SOURCES = ["walk_in", "phone", "online_lead", "referral", "auto_show"]
REASONS = ["price", "competitor", "model", "service", "finance", "postponed"]
PLATFORMS = ["汽车之家", "懂车帝", "易车", "厂家官网", "400 热线", "抖音"]
FLEET_NAMES = {"F01": "市城投集团", "F02": "华信保险公估", "F03": "恒通建设", "F04": "东方电力检修", "F05": "鑫达物流",
               "F06": "顺达出租汽车", "F07": "江南水务", "F08": "启明科技", "F09": "长运客运", "F10": "惠民医药",
               "F11": "金桥租赁", "F12": "蓝海酒店管理", "F13": "新城物业", "F14": "远景地产", "F15": "同舟旅游",
               "F16": "蓝天租车", "G01": "市公安局", "G02": "区城管局", "G03": "市机关事务管理局", "G04": "市人民医院"}
OWNER = {**{f"F{i:02d}": "K01" for i in range(1, 7)}, **{f"F{i:02d}": "K02" for i in range(7, 12)},
         **{f"F{i:02d}": "K03" for i in range(12, 17)}, "G01": "K01", "G02": "K01", "G03": "K02", "G04": "K03"}


def iso(day) -> str:
    return day.isoformat() if isinstance(day, dt.date) else ""


def clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def traffic_and_prospects(visits: pd.DataFrame, deals: pd.DataFrame, models: list[str]):
    """Traffic rows of the showroom consultants, and the prospects their first visits make."""
    orders = deals[deals["consultant_id"].str.startswith("S")]
    by_visit = {}
    for row in orders.itertuples():
        by_visit.setdefault((row.consultant_id, row.customer_id, row.order_date.date()), []).append(row)
    seen: dict[str, dict] = {}
    rows, prospects = [], {}
    for v in visits.itertuples():
        day = v.date.date()
        deal_rows = by_visit.get((v.salesperson, v.customer_id, day), []) if v.ordered else []
        deal = deal_rows.pop() if deal_rows else None
        first = v.customer_id not in seen
        if first:
            source = deal.source if deal is not None else str(rng.choice(SOURCES, p=[0.5, 0.08, 0.22, 0.12, 0.08]))
            seen[v.customer_id] = {"source": source, "model": deal.model_id if deal is not None
                                   else str(rng.choice(models))}
        else:
            source = seen[v.customer_id]["source"]  # a customer keeps the source of the first visit
        model = deal.model_id if deal is not None else seen[v.customer_id]["model"]
        story = 0.55 if v.salesperson == "S04" and day.month >= 8 else 1.0
        test_drive = deal is not None and rng.random() < 0.85 or rng.random() < (0.3 if first else 0.45) * story
        quote = deal is not None or (test_drive and rng.random() < 0.7) or rng.random() < 0.2
        registered = deal is not None or not first or rng.random() < 0.72
        start = int(rng.integers(9 * 60, 19 * 60))
        outcome = "ordered" if deal is not None else ("follow_up" if registered else "left")
        rows.append({"date": day, "time_in": clock(start), "time_out": clock(min(start + int(v.minutes), 21 * 60)),
                     "consultant_id": v.salesperson, "customer_id": v.customer_id, "source": source,
                     "visit": "first" if first else "return", "model_id": model,
                     "test_drive": "是" if test_drive else "否", "quote": "是" if quote else "否",
                     "registered": "是" if registered else "否", "outcome": outcome})
        if registered and v.customer_id not in prospects:
            prospects[v.customer_id] = {"customer_id": v.customer_id, "consultant_id": v.salesperson,
                                        "created": day, "source": source, "model_id": model,
                                        "hot": test_drive, "ordered_on": None}
        if deal is not None and v.customer_id in prospects:
            prospects[v.customer_id]["ordered_on"] = day
    return rows, prospects


def auto_show_weekend() -> list[dict]:
    """S05 works the auto show of 2027-09-25/26: 24 walk-ins who leave without registering (own random stream)."""
    own = np.random.default_rng(7)
    rows = []
    for i in range(24):
        start = int(own.integers(9 * 60, 18 * 60))
        rows.append({"date": dt.date(YEAR, 9, 25 + i % 2), "time_in": clock(start), "time_out": clock(start + 15),
                     "consultant_id": "S05", "customer_id": f"C{80001 + i}", "source": "auto_show", "visit": "first",
                     "model_id": str(own.choice(["NOVA", "EV1", "CITY"])), "test_drive": "否", "quote": "否",
                     "registered": "否", "outcome": "left"})
    return rows


def leads_and_online(deals: pd.DataFrame, traffic: list[dict], models: list[str]):
    """DCC leads: those behind the deals from online leads, and many that never came."""
    leads, extra_traffic, prospects = [], [], {}
    firsts = {r["customer_id"]: r for r in traffic if r["visit"] == "first" and r["source"] == "online_lead"}
    for cid, r in firsts.items():  # showroom customers who came from a lead
        arrived = r["date"]
        received = arrived - dt.timedelta(days=int(rng.integers(1, 15)))
        leads.append({"received": received, "platform": str(rng.choice(PLATFORMS)), "customer_id": cid,
                      "consultant_id": r["consultant_id"], "model_id": r["model_id"],
                      "called_on": received + dt.timedelta(days=int(rng.integers(0, 2))),
                      "invited_on": arrived - dt.timedelta(days=int(rng.integers(0, 2))), "arrived_on": arrived})
    online = deals[deals["consultant_id"].str.startswith("N")]
    for d in online.itertuples():
        order = d.order_date.date()
        arrived = order - dt.timedelta(days=int(rng.integers(0, 10)))
        received = arrived - dt.timedelta(days=int(rng.integers(2, 30)))
        leads.append({"received": received, "platform": str(rng.choice(PLATFORMS)), "customer_id": d.customer_id,
                      "consultant_id": d.consultant_id, "model_id": d.model_id,
                      "called_on": received, "invited_on": received + dt.timedelta(days=1), "arrived_on": arrived})
        for day, outcome, visit in ((arrived, "follow_up", "first"), (order, "ordered", "return")):
            if visit == "return" and day == arrived:
                extra_traffic[-1]["outcome"] = "ordered"
                continue
            start = int(rng.integers(9 * 60, 19 * 60))
            extra_traffic.append({"date": day, "time_in": clock(start), "time_out": clock(start + 70),
                                  "consultant_id": d.consultant_id, "customer_id": d.customer_id,
                                  "source": "online_lead", "visit": visit, "model_id": d.model_id,
                                  "test_drive": "是" if rng.random() < 0.8 else "否", "quote": "是",
                                  "registered": "是", "outcome": outcome})
        prospects[d.customer_id] = {"customer_id": d.customer_id, "consultant_id": d.consultant_id,
                                    "created": arrived, "source": "online_lead", "model_id": d.model_id,
                                    "hot": True, "ordered_on": order}
    next_id = iter(range(70001, 99999))
    for n in range(len(leads) * 3):  # leads that did not come (yet)
        person = "N01" if rng.random() < 0.6 else "N02"
        received = dt.date(YEAR, 1, 1) + dt.timedelta(days=int(rng.integers(0, (END - dt.date(YEAR, 1, 1)).days)))
        called = received + dt.timedelta(days=int(rng.integers(0, 3))) if rng.random() < 0.9 else None
        invited = called + dt.timedelta(days=int(rng.integers(0, 3))) if called and rng.random() < 0.35 else None
        arrived = invited + dt.timedelta(days=int(rng.integers(1, 6))) if invited and rng.random() < 0.45 else None
        arrived = arrived if arrived and arrived <= END else None
        cid = f"C{next(next_id)}"
        model = str(rng.choice(models))
        leads.append({"received": received, "platform": str(rng.choice(PLATFORMS)), "customer_id": cid,
                      "consultant_id": person, "model_id": model, "called_on": called, "invited_on": invited,
                      "arrived_on": arrived})
        if arrived:
            start = int(rng.integers(9 * 60, 19 * 60))
            extra_traffic.append({"date": arrived, "time_in": clock(start), "time_out": clock(start + 50),
                                  "consultant_id": person, "customer_id": cid, "source": "online_lead",
                                  "visit": "first", "model_id": model,
                                  "test_drive": "是" if rng.random() < 0.4 else "否",
                                  "quote": "是" if rng.random() < 0.5 else "否", "registered": "是",
                                  "outcome": "follow_up"})
            prospects[cid] = {"customer_id": cid, "consultant_id": person, "created": arrived,
                              "source": "online_lead", "model_id": model, "hot": False, "ordered_on": None}
    leads.sort(key=lambda r: r["received"])
    for i, lead in enumerate(leads, 1):
        lead["lead_id"] = f"L{YEAR}-{i:05d}"
    return leads, extra_traffic, prospects


def follow_up_chain(p: dict) -> tuple[list[dict], dict]:
    """A prospect's follow-ups from creation to order, defeat or the end of the data; and its card."""
    person, created, ordered_on = p["consultant_id"], p["created"], p["ordered_on"]
    level = "H" if ordered_on and (ordered_on - created).days <= 7 else (
        "A" if p["hot"] or ordered_on else str(rng.choice(["B", "C", "A"], p=[0.5, 0.35, 0.15])))
    first_level = level
    if ordered_on and ordered_on == created:
        return [], {**p, "level": "H", "status": "ordered", "closed_on": ordered_on, "reason": ""}
    defeat_after = None if ordered_on else int(rng.integers(10, 120)) if rng.random() < 0.55 else None
    rows, day = [], created
    status, closed, reason = "open", None, ""
    while True:
        late = 0
        if person == "S04" and day >= dt.date(YEAR, 7, 25):
            late = int(rng.integers(2, 9))
        elif rng.random() < 0.12:
            late = int(rng.integers(1, 4))
        stale = person == "S06" and level in ("B", "C") and day >= dt.date(YEAR, 6, 1)
        next_day = day + dt.timedelta(days=INTERVAL[level] + late)
        if ordered_on and next_day >= ordered_on:
            status, closed = "ordered", ordered_on
            break
        if next_day > END:
            break
        if defeat_after is not None and (next_day - created).days >= defeat_after:
            status, closed = "defeated", next_day
            reason = str(rng.choice(REASONS, p=[0.34, 0.28, 0.14, 0.06, 0.08, 0.10]))
            rows.append({"date": next_day, "method": "phone", "level": level, "next_date": None,
                         "invited": "否", "result": "defeated", "reason": reason})
            break
        new_level = level
        if not stale and rng.random() < 0.3:
            ladder = "CBAH"
            step = 1 if ordered_on else int(rng.choice([-1, 1], p=[0.6, 0.4]))
            new_level = ladder[min(3, max(0, ladder.index(level) + step))] if level in ladder else "B"
        level = new_level
        invited = level in ("H", "A") and rng.random() < 0.35
        rows.append({"date": next_day, "method": str(rng.choice(["phone", "wechat", "visit", "sms"],
                                                                 p=[0.55, 0.3, 0.1, 0.05])),
                     "level": level, "next_date": next_day + dt.timedelta(days=INTERVAL[level]),
                     "invited": "是" if invited else "否", "result": "contacted", "reason": ""})
        day = next_day
    for r in rows:
        r.update(customer_id=p["customer_id"], consultant_id=person)
    card = {**p, "level": first_level, "status": status, "closed_on": closed, "reason": reason}
    return rows, card


def service_visits(customers: pd.DataFrame) -> list[dict]:
    """Owners' service visits (售后进厂) from 2025: every 5–8 months until they stop coming."""
    rows = []
    owners = customers[customers["first_purchase"].notna()]
    for c in owners.itertuples():
        bought = dt.date.fromisoformat(c.last_purchase if isinstance(c.last_purchase, str) else c.first_purchase)
        day = max(bought + dt.timedelta(days=int(rng.integers(60, 200))), dt.date(2025, 1, 1)
                  + dt.timedelta(days=int(rng.integers(0, 200))))
        stop_after = int(rng.integers(1, 8)) if rng.random() < 0.35 else 99
        n = 0
        while day <= END and n < stop_after:
            kind = str(rng.choice(["maintenance", "repair", "claim"], p=[0.75, 0.18, 0.07]))
            amount = {"maintenance": 600, "repair": 1800, "claim": 5200}[kind] * rng.uniform(0.6, 1.6)
            rows.append({"customer_id": c.customer_id, "date": day, "kind": kind, "amount": int(round(amount, -1))})
            day += dt.timedelta(days=int(rng.integers(150, 245)))
            n += 1
    rows.sort(key=lambda r: (r["date"], r["customer_id"]))
    return rows


def fleet(deals: pd.DataFrame):
    """Fleet accounts, their invoices (one per car delivered) and payments."""
    limits = {a: int(rng.choice([300_000, 500_000, 800_000, 1_200_000])) for a in FLEET_NAMES}
    limits.update({"F05": 500_000, "F16": 300_000, "F11": 1_500_000})
    terms = {a: (90 if a.startswith("G") else int(rng.choice([30, 45, 60]))) for a in FLEET_NAMES}
    accounts = [{"customer_id": a, "name": n, "consultant_id": OWNER[a], "credit_limit": limits[a],
                 "terms_days": terms[a], "contact": rng.choice(list("王李张刘陈杨赵黄周吴")) + "经理"}
                for a, n in FLEET_NAMES.items()]
    invoices, payments = [], []
    done = deals[deals["customer_id"].isin(list(FLEET_NAMES)) & deals["delivery_date"].notna()
                 & (deals["status"] == "delivered")].sort_values("delivery_date", kind="stable")
    for i, d in enumerate(done.itertuples(), 1):
        day = d.delivery_date.date()
        amount = int(d.price + d.accessories)
        invoice = {"invoice_id": f"FP{YEAR}-{i:04d}", "customer_id": d.customer_id, "deal_id": d.deal_id,
                   "date": day, "due_date": day + dt.timedelta(days=terms[d.customer_id]), "amount": amount}
        invoices.append(invoice)
        account = d.customer_id
        if d.payment == "full" and account not in ("F05", "F16"):
            parts = [(day + dt.timedelta(days=int(rng.integers(0, 4))), amount)]
        else:
            delay = {"F05": 200, "F16": 120, "G02": 70}.get(account, 0)
            if account == "F05" and day.month <= 4:
                delay = 40
            first_pay = round(amount * 0.3, -2) if account != "F05" or day.month <= 4 else 0
            parts = [(day, first_pay)] if first_pay else []
            rest = amount - first_pay
            paid_on = invoice["due_date"] + dt.timedelta(days=delay + int(rng.integers(-10, 10)))
            parts.append((paid_on, rest))
        for paid_on, paid in parts:
            if paid_on <= END and paid > 0:
                payments.append({"customer_id": account, "invoice_id": invoice["invoice_id"], "date": paid_on,
                                 "amount": int(paid)})
    payments.sort(key=lambda r: (r["date"], r["invoice_id"]))
    for i, p in enumerate(payments, 1):
        p["payment_id"] = f"SK{YEAR}-{i:04d}"
    return accounts, invoices, payments


SUMMARIES = ["接待首次到店客户 {t} 批，邀约试驾 {d} 组。", "今日到店 {t} 批，其中试驾 {d} 组，报价跟进中。",
             "展厅接待 {t} 批，试乘试驾 {d} 组，重点跟进 H 级客户。"]
PROBLEMS = ["", "", "客户对价格敏感，竞品优惠力度大。", "试驾车排队，客户等待时间长。", "置换评估价格客户不满意。"]
PLANS = ["回访今日到店客户，邀约周末到店。", "跟进 A 级客户报价，准备交车。", "整理意向客户卡，电话邀约 B 级客户。"]


def daily_reports(traffic: pd.DataFrame, follow: pd.DataFrame) -> list[dict]:
    """A report for most working days (a day with traffic or follow-ups); S04 skips many from August."""
    days = pd.concat([traffic[["consultant_id", "date"]], follow[["consultant_id", "date"]]]).drop_duplicates()
    counts = traffic.groupby(["consultant_id", "date"]).agg(t=("customer_id", "size"),
                                                             d=("test_drive", lambda s: int((s == "是").sum())))
    rows = []
    for person, day in sorted(days.itertuples(index=False, name=None)):
        if day.year < YEAR:
            continue
        miss = 0.5 if person == "S04" and day.month >= 8 else (0.1 if person == "S09" else 0.03)
        if rng.random() < miss:
            continue
        t, d = (counts.loc[(person, day)].tolist() if (person, day) in counts.index else (0, 0))
        rows.append({"consultant_id": person, "date": day,
                     "summary": str(rng.choice(SUMMARIES)).format(t=t, d=d), "problems": str(rng.choice(PROBLEMS)),
                     "tomorrow": str(rng.choice(PLANS))})
    return rows


def action_plans(traffic: pd.DataFrame, follow: pd.DataFrame) -> list[dict]:
    """Monthly plans (January–September) and weekly plans (September) per consultant, a little above what happened."""
    t = traffic.assign(month=[d.month for d in traffic["date"]], week=[d.isocalendar()[1] for d in traffic["date"]])
    f = follow.assign(month=[d.month for d in follow["date"]], week=[d.isocalendar()[1] for d in follow["date"]])
    rows = []
    for kind, key, periods in (("month", "month", range(1, 10)), ("week", "week", range(36, 40))):
        for person in sorted(t["consultant_id"].unique()):
            for period in periods:
                mine = t[(t["consultant_id"] == person) & (t[key] == period)]
                invited = f[(f["consultant_id"] == person) & (f[key] == period) & (f["invited"] == "是")]
                if mine.empty:
                    continue
                push = 1.5 if person == "S04" and (kind == "week" or period >= 8) else rng.uniform(0.98, 1.15)
                label = f"{YEAR}-{period:02d}" if kind == "month" else f"{YEAR}-W{period:02d}"
                rows.append({"consultant_id": person, "period": label,
                             "traffic": int(round(len(mine) * push)), "invitations": int(round(len(invited) * push)),
                             "test_drives": int(round((mine["test_drive"] == "是").sum() * push)),
                             "orders": int(round((mine["outcome"] == "ordered").sum() * push))})
    return rows


def strategies_and_ratings(accounts: list[dict]) -> tuple[list[dict], list[dict]]:
    steps = ["季度拜访采购负责人", "提交年度框架协议报价", "安排新车型试驾会", "催收逾期货款，暂停交车", "邀请参加车展团购",
             "对接车队年检与保养方案"]
    strategies, ratings = [], []
    for a in accounts:
        cid = a["customer_id"]
        step = "催收逾期货款，暂停交车" if cid in ("F05", "F16") else str(rng.choice(steps))
        due = dt.date(YEAR, 9, 1) + dt.timedelta(days=int(rng.integers(0, 50)))
        strategies.append({"customer_id": cid, "goal": "全年采购 " + str(int(rng.integers(8, 30))) + " 台",
                           "next_step": step, "owner": a["consultant_id"], "due": due,
                           "status": "done" if due < dt.date(YEAR, 9, 20) and rng.random() < 0.6 else "open"})
        base = {"F05": (4, 4, 4), "F16": (3, 3, 4)}.get(cid, tuple(int(x) for x in rng.integers(3, 6, 3)))
        for m in (7, 8, 9):
            pay = base[1] - (m - 7) if cid in ("F05", "G02") else base[1]
            ratings.append({"customer_id": cid, "month": f"{YEAR}-{m:02d}", "volume": base[0],
                            "payment": max(1, pay), "relationship": base[2],
                            "note": "连续逾期，已约谈财务" if cid == "F05" and m == 9 else ""})
    return strategies, ratings


def main() -> None:
    visits = pd.read_csv(HERE / "visits-2027.csv", encoding="utf-8-sig", parse_dates=["date"])
    deals = pd.read_csv(HERE / "deals-2027.csv", encoding="utf-8-sig", parse_dates=["order_date", "delivery_date"])
    customers = pd.read_csv(HERE / "customers.csv", encoding="utf-8-sig")
    models = pd.read_csv(HERE / "models.csv", encoding="utf-8-sig")["model_id"].tolist()
    traffic, prospects = traffic_and_prospects(visits, deals, models)
    leads, online_traffic, online_prospects = leads_and_online(deals, traffic, models)
    traffic = pd.DataFrame(traffic + online_traffic + auto_show_weekend()).sort_values(["date", "time_in", "consultant_id"], kind="stable")
    traffic.insert(0, "visit_id", [f"K{YEAR}-{i:05d}" for i in range(1, len(traffic) + 1)])
    follow_rows, cards = [], []
    for p in list(prospects.values()) + list(online_prospects.values()):
        rows, card = follow_up_chain(p)
        follow_rows += rows
        cards.append(card)
    follow = pd.DataFrame(follow_rows).sort_values(["date", "consultant_id", "customer_id"], kind="stable")
    names = dict(zip(customers["customer_id"], customers["name"]))
    surnames = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林郑谢罗梁宋唐许韩冯邓曹")
    prospect_table = pd.DataFrame([{
        "customer_id": c["customer_id"], "name": names.get(c["customer_id"]) or str(rng.choice(surnames))
        + str(rng.choice(["先生", "女士"])), "consultant_id": c["consultant_id"], "created": iso(c["created"]),
        "source": c["source"], "model_id": c["model_id"], "level": c["level"],
        "status": c["status"],
        "closed_on": iso(c["closed_on"]), "reason": c["reason"]} for c in cards]).sort_values(
        ["created", "consultant_id"], kind="stable")
    accounts, invoices, payments = fleet(deals)
    strategies, ratings = strategies_and_ratings(accounts)
    dates = lambda frame, cols: frame.assign(**{c: frame[c].map(iso) for c in cols})  # noqa: E731
    write_table(dates(traffic, ["date"]), HERE / "traffic-2027.csv")
    write_table(dates(pd.DataFrame(leads)[["lead_id", "received", "platform", "customer_id", "consultant_id",
                                            "model_id", "called_on", "invited_on", "arrived_on"]],
                      ["received", "called_on", "invited_on", "arrived_on"]), HERE / "leads-2027.csv")
    write_table(pd.DataFrame(LEVELS, columns=["level", "meaning", "buys_within_days", "follow_up_days",
                                              "stale_after_days"]), HERE / "prospect-levels.csv")
    write_table(prospect_table, HERE / "prospects-2027.csv")
    write_table(dates(follow[["date", "consultant_id", "customer_id", "method", "level", "next_date", "invited",
                              "result", "reason"]], ["date", "next_date"]), HERE / "followups-2027.csv")
    write_table(dates(pd.DataFrame(service_visits(customers)), ["date"]), HERE / "service-visits.csv")
    write_table(pd.DataFrame(accounts), HERE / "fleet-accounts.csv")
    write_table(dates(pd.DataFrame(invoices), ["date", "due_date"]), HERE / "fleet-invoices-2027.csv")
    write_table(dates(pd.DataFrame(payments)[["payment_id", "customer_id", "invoice_id", "date", "amount"]],
                      ["date"]), HERE / "fleet-payments-2027.csv")
    write_table(pd.DataFrame([{"role": "consultant", "max_rate": 0.03, "max_amount": 5000},
                              {"role": "showroom_manager", "max_rate": 0.08, "max_amount": 15000},
                              {"role": "general_manager", "max_rate": 0.15, "max_amount": 40000}]),
                HERE / "discount-authority.csv")
    write_table(dates(pd.DataFrame(daily_reports(traffic, follow)), ["date"]), HERE / "daily-reports-2027.csv")
    write_table(pd.DataFrame(action_plans(traffic, follow)), HERE / "action-plans-2027.csv")
    write_table(dates(pd.DataFrame(strategies), ["due"]), HERE / "customer-strategies.csv")
    write_table(pd.DataFrame(ratings), HERE / "customer-ratings-2027.csv")
    print(f"{len(traffic):,} showroom visits, {len(leads):,} leads, {len(prospect_table):,} prospects, "
          f"{len(follow):,} follow-ups, {len(invoices):,} fleet invoices")


if __name__ == "__main__":
    main()
