"""Generate the sample store's 2027 staffing drivers (run from the repository root).

    python data/staffing/generate_drivers.py

Writes ``drivers-2027.csv`` next to this file: one row per month of 2027 with
the volumes the staffing ratios (``ratios.yaml``) divide:

* 新车销量 and 大客户 — the decomposed 2027 sales target
  (``data/sales/target-2027.yaml``, 1,523 cars), split between the fleet team
  (大客户) and the rest in the proportion of their monthly quotas
  (:func:`orgplan.staffing.sales_drivers`);
* 二手车 — about a quarter of the new cars (trade-ins), seeded noise;
* 维修台次 and 钣喷台次 — the workshop's repair orders and body-shop jobs,
  with the seasons of a northern-China store: a January peak before the
  Spring Festival, a February trough, an air-conditioning summer, a December
  peak before year-end;
* 工位 — 14 workshop bays all year; 工作日 — the working days of each month
  (the workshop works six days a week; Spring Festival in February, National
  Day in October);
* 续保, 保有客户, 配件收入 — insurance renewals, customers in the base and parts
  revenue (CNY), growing through the year.

What the sample is built to show (notebook 09): January sets the service
advisors' need (2,210 repair orders in 24 working days = 92.1 a day ÷ 15 =
6.14 → 7 advisors against 6 approved); the workshop is capped by its 14 bays
(technicians ≤ 14 × 1.2 = 16.8), so one more bay adds a technician; the
showroom's December (123 new cars ÷ 9 = 13.7 → 14 consultants) is exactly the
approved establishment, so +10 % on the target needs 2 more consultants.

The planted defects are in ``ratios.yaml`` (see its comments): a rule for a
position the structure does not have (续保专员 ``CRM-RENEW``) and a ratio the
company set outside its published range (客服专员, 2,500 customers each).

The random generator is seeded: running the script again gives the same file.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from orgplan.sales.targets import decompose_plan, read_target_config
from orgplan.staffing.from_target import sales_drivers
from orgplan.tables.io import write_table

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
rng = np.random.default_rng(20270201)

#: Repair orders by month (a season shape × a base of 1,800), fixed so the story's figures hold.
REPAIR_ORDERS = [2210, 1350, 1720, 1790, 1830, 1900, 2010, 2060, 1850, 1690, 1780, 2110]
WORKING_DAYS = [24, 20, 26, 25, 25, 26, 27, 26, 26, 22, 26, 27]
BAYS = 14


def main() -> Path:
    plan = decompose_plan(read_target_config(ROOT / "sales" / "target-2027.yaml"))
    cars = sales_drivers(plan, fleet_team="大客户")
    months = np.arange(1, 13)
    used = np.rint(cars["new_cars"].to_numpy() * rng.uniform(0.22, 0.30, 12)).astype(int)
    repair = np.array(REPAIR_ORDERS)
    body = np.rint(repair * rng.uniform(0.13, 0.16, 12)).astype(int)
    base = np.rint(np.linspace(8600, 9400, 12)).astype(int)
    renewals = np.rint(base / 12 * rng.uniform(0.95, 1.15, 12)).astype(int)
    parts = np.round(repair * rng.uniform(780, 860, 12), -3)
    table = pd.DataFrame({
        "月份": months, "新车销量": cars["new_cars"], "二手车": used, "大客户": cars["fleet"],
        "维修台次": repair, "钣喷台次": body, "工位": BAYS, "续保": renewals, "保有客户": base,
        "配件收入": parts.astype(int), "工作日": WORKING_DAYS,
    })
    return write_table(table, HERE / "drivers-2027.csv")


if __name__ == "__main__":
    print(main())
