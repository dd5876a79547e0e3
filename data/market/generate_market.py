"""Generate the synthetic market sample of the 2027 plan year (run from the repository root).

    python data/market/generate_market.py

Writes next to this file:

* ``registrations.csv`` — monthly registrations (上险量) in 万州区 and 开州区 by segment,
  brand, model and selling dealer, January 2026 to September 2027. Our store (本店, brand 远景)
  is taken from the sales history (``data/sales/monthly_sales.csv`` for 2026,
  ``actual-2027.csv`` for 2027; nine in ten of our cars are registered in 万州区);
  the named rivals 百事达 (brand 丰华) and 商社 (brand 吉瑞) and the rest of the market
  (其他) are drawn around a steady level;
* ``competitors.csv`` — 竞品对照: each of our models and the rival models it meets;
* ``prices.csv`` — price observations (transaction price, gifts and their value, date,
  source, observer) of our models and the rivals', one or two a month from April 2027;
* ``patrols.csv`` — market patrol reports (市场巡视报告) of the consultants.

Planted for the checks to find:

* 百事达 cuts 丰华S5 hard from August: its net price (price − gift value) is ¥11,800 under
  our 途锐 (TERRA) in August and ¥9,500 in September (the gifts written but not valued),
  above the ¥5,000 alert line; our SUV share in 万州区
  falls from 12.8 % in June to 9.7 % in September while 百事达's rises;
* 商社 offers 吉瑞A6 with ¥6,000 of gifts in September: ¥6,600 under our 雅悦 (AURA);
* 商社's 吉瑞X5 on 2027-07-18 is ¥2,000 under our 途锐, within the line — no alert.

The random generator is seeded: running the script again gives the same files.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from orgplan.tables.io import write_table

HERE = Path(__file__).resolve().parent
SALES = HERE.parent / "sales"
rng = np.random.default_rng(20271015)

SEGMENT = {"AURA": "轿车", "AURA-L": "轿车", "CITY": "轿车", "NOVA": "SUV", "TERRA": "SUV", "TERRA-X": "SUV",
           "VOYA": "MPV", "EV1": "新能源", "EV-S": "新能源", "PHEV": "新能源"}
#: rival models: (dealer, brand, model, segment, monthly level in 万州区)
RIVALS = [("百事达", "丰华", "丰华C3", "轿车", 38), ("百事达", "丰华", "丰华S5", "SUV", 30),
          ("百事达", "丰华", "丰华S7", "SUV", 14), ("百事达", "丰华", "丰华M8", "MPV", 9),
          ("百事达", "丰华", "丰华e3", "新能源", 16),
          ("商社", "吉瑞", "吉瑞A6", "轿车", 34), ("商社", "吉瑞", "吉瑞X5", "SUV", 26),
          ("商社", "吉瑞", "吉瑞X7", "SUV", 10), ("商社", "吉瑞", "吉瑞EV", "新能源", 20)]
#: the rest of the market per segment (all other brands and dealers), monthly level in 万州区
OTHERS = {"轿车": 260, "SUV": 300, "MPV": 45, "新能源": 220}
SEASON = [1.25, 0.75, 0.9, 0.95, 0.97, 1.02, 0.9, 0.92, 1.08, 1.1, 1.08, 1.2]


def ours() -> pd.DataFrame:
    models = pd.read_csv(SALES / "models.csv")
    names = dict(zip(models["model_id"], models["name"]))
    history = pd.read_csv(SALES / "monthly_sales.csv")
    history = history[history["year"] == 2026]
    actual = pd.read_csv(SALES / "actual-2027.csv", encoding="utf-8-sig")
    actual = actual.groupby(["year", "month", "model_id"], as_index=False)["units"].sum()
    rows = []
    for frame in (history, actual):
        for record in frame.itertuples():
            home = int(round(record.units * 0.9))
            for area, units in (("万州区", home), ("开州区", record.units - home)):
                if units:
                    rows.append((record.year, record.month, area, SEGMENT[record.model_id], "远景",
                                 names[record.model_id], "本店", units))
    return pd.DataFrame(rows)


def rivals_and_others() -> pd.DataFrame:
    rows = []
    for year, last in ((2026, 12), (2027, 9)):
        for month in range(1, last + 1):
            season = SEASON[month - 1] * (1.04 if year == 2027 else 1.0)
            for dealer, brand, model, segment, level in RIVALS:
                lift = 1.0
                if model == "丰华S5" and year == 2027 and month >= 7:
                    lift = {7: 1.3, 8: 1.9, 9: 2.4}[month]  # the price cut wins customers
                for area, share in (("万州区", 1.0), ("开州区", 0.35)):
                    units = int(rng.poisson(level * season * lift * share))
                    rows.append((year, month, area, segment, brand, model, dealer, units))
            for segment, level in OTHERS.items():
                for area, share in (("万州区", 1.0), ("开州区", 0.45)):
                    rows.append((year, month, area, segment, "其他品牌", "", "",
                                 int(rng.poisson(level * season * share))))
    return pd.DataFrame(rows)


def registrations() -> pd.DataFrame:
    table = pd.concat([ours(), rivals_and_others()], ignore_index=True)
    table.columns = ["year", "month", "area", "segment", "brand", "model", "dealer", "units"]
    return table.sort_values(["year", "month", "area", "segment", "dealer", "model"], kind="stable")


COMPETITORS = [("AURA", "商社", "吉瑞", "吉瑞A6", "同级合资轿车，配置接近"),
               ("AURA", "百事达", "丰华", "丰华C3", "价格低一档"),
               ("CITY", "百事达", "丰华", "丰华C3", ""),
               ("TERRA", "百事达", "丰华", "丰华S5", "主要竞品，客户常拿来比价"),
               ("TERRA", "商社", "吉瑞", "吉瑞X5", ""),
               ("TERRA-X", "百事达", "丰华", "丰华S7", "七座"),
               ("TERRA-X", "商社", "吉瑞", "吉瑞X7", "七座"),
               ("VOYA", "百事达", "丰华", "丰华M8", ""),
               ("EV1", "商社", "吉瑞", "吉瑞EV", ""),
               ("EV-S", "百事达", "丰华", "丰华e3", "")]

#: net prices (price − gift value) by month, April–September 2027: (dealer, model) → [(price, gift, value)]
PRICES = {
    ("本店", "雅悦"): [(149_800, "保养2次", 1_200)] * 6,
    ("本店", "途锐"): [(216_800, "脚垫+贴膜", 1_800)] * 6,
    ("本店", "途锐X"): [(259_000, "保养4次", 2_400)] * 6,
    ("百事达", "丰华S5"): [(214_000, "贴膜", 800)] * 3 + [(212_000, "贴膜", 800), (205_000, "贴膜+保养", 1_800),
                                                        (208_000, "保养3次+贴膜", 0)],
    ("商社", "吉瑞A6"): [(147_000, "保养2次", 1_000)] * 5 + [(148_000, "购置税补贴+保养", 6_000)],
    ("百事达", "丰华S7"): [(258_000, "贴膜", 800)] * 6,
    ("商社", "吉瑞X5"): [(216_000, "贴膜", 800)] * 6,
}
OBSERVERS = ["S01", "S02", "S03", "S05", "S07", "N01"]
SOURCES = ["暗访", "客户反馈", "网络报价", "暗访"]


def prices() -> pd.DataFrame:
    rows = []
    for (dealer, model), months in PRICES.items():
        brand = "远景" if dealer == "本店" else ("丰华" if model.startswith("丰华") else "吉瑞")
        for offset, (price, gift, value) in enumerate(months):
            month = 4 + offset
            day = 12 + int(rng.integers(0, 10))
            if (dealer, model, month) == ("商社", "吉瑞X5", 7):
                day, price, value = 18, 213_000, 0  # ¥2,000 under our 途锐: within the line, no alert
            if (dealer, model, month) == ("百事达", "丰华S5", 9):
                value = 0  # the gifts are written but not valued: the net price is the price
                price, gift = 205_500, "保养3次+贴膜（未估值）"
            source = "门店报价" if dealer == "本店" else SOURCES[(offset + len(model)) % len(SOURCES)]
            observer = "" if dealer == "本店" else OBSERVERS[(offset + len(model)) % len(OBSERVERS)]
            msrp = {"雅悦": 159_800, "途锐": 229_800, "途锐X": 272_800, "丰华S5": 222_800, "吉瑞A6": 156_800,
                    "丰华S7": 265_800, "吉瑞X5": 225_800}[model]
            rows.append((f"2027-{month:02d}-{day:02d}", dealer, brand, model, msrp, price, gift, value, source,
                         observer))
    table = pd.DataFrame(rows, columns=["date", "dealer", "brand", "model", "msrp", "price", "gift", "gift_value",
                                        "source", "observer"])
    return table.sort_values(["date", "dealer", "model"], kind="stable")


def patrols() -> pd.DataFrame:
    rows = []
    notes = {"百事达": ["丰华S5 店头挂“直降”横幅", "周末团购会，客流明显多", "S5 现车充足，当天可提"],
             "商社": ["吉瑞A6 送购置税补贴", "展厅客流一般", "X5 缺白色现车"]}
    for month in range(4, 10):
        for dealer in ("百事达", "商社"):
            day = 8 + (month * 3 + len(dealer)) % 15
            traffic = int(rng.integers(25, 45)) + (15 if dealer == "百事达" and month >= 8 else 0)
            note = notes[dealer][(month + (dealer == "商社")) % 3]
            promotion = "丰华S5 限时直降" if dealer == "百事达" and month >= 8 else ""
            rows.append((f"2027-{month:02d}-{day:02d}", OBSERVERS[month % len(OBSERVERS)], dealer, traffic,
                         int(rng.integers(2, 9)), promotion, note))
    return pd.DataFrame(rows, columns=["date", "observer", "dealer", "traffic", "test_drives", "promotion",
                                       "findings"])


def main() -> None:
    write_table(registrations(), HERE / "registrations.csv")
    write_table(pd.DataFrame(COMPETITORS, columns=["model_id", "rival_dealer", "rival_brand", "rival_model",
                                                   "note"]), HERE / "competitors.csv")
    write_table(prices(), HERE / "prices.csv")
    write_table(patrols(), HERE / "patrols.csv")


if __name__ == "__main__":
    main()
