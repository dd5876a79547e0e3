"""Generate the sales history with the further target axes (run from the repository root).

    python data/sales/generate_axes.py

Writes ``history-axes.csv`` next to this file: the cars of ``monthly_sales.csv``
(2024–2026, year × month × model) split over region (区域), customer type (客户类型),
payment method (付款方式) and sales channel (销售渠道), so that every year × month ×
model adds up exactly to ``monthly_sales.csv``. The split follows the store's rules:

* key-account (大客户) and government (政府) customers buy fleet models only, through
  the key-account channel (大客户), and the government pays in full (全款);
* private customers (个人) come through the showroom (展厅), online (网销) or a used-car
  trade-in (二手车置换); the online share grows year by year, and so do loans (贷款);
* the regions are the store's area 万州城区 and the counties around it.

The random generator is seeded: running the script again gives the same file.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from orgplan.tables.io import write_table

HERE = Path(__file__).resolve().parent
rng = np.random.default_rng(20261231)
REGIONS = {"万州城区": 0.56, "开州区": 0.16, "云阳县": 0.15, "忠县": 0.13}


def cells(year: int, fleet: bool) -> list[tuple[tuple[str, str, str], float]]:
    """(customer type, payment, channel) and its probability, for a model and a year."""
    step = year - 2024
    online = 0.10 + 0.04 * step
    loan = 0.34 + 0.04 * step
    out = []
    private = 0.86 if fleet else 1.0
    for channel, p_channel in (("展厅", 0.72 - online), ("网销", online), ("二手车置换", 0.28)):
        for payment, p_pay in (("全款", 0.50 - 0.04 * step), ("贷款", loan), ("分期", 0.16)):
            out.append((("个人", payment, channel), private * p_channel * p_pay))
    if fleet:
        out += [(("大客户", "全款", "大客户"), 0.06), (("大客户", "贷款", "大客户"), 0.04), (("政府", "全款", "大客户"), 0.04)]
    total = sum(p for _, p in out)
    return [(key, p / total) for key, p in out]


def main() -> None:
    models = pd.read_csv(HERE / "models.csv")
    fleet = dict(zip(models["model_id"], models["fleet"] == "yes"))
    sales = pd.read_csv(HERE / "monthly_sales.csv")
    rows = []
    for record in sales.itertuples(index=False):
        split = cells(record.year, fleet[record.model_id])
        counts = rng.multinomial(record.units, [p for _, p in split])
        for (customer, payment, channel), n in zip([key for key, _ in split], counts):
            if not n:
                continue
            regions = rng.multinomial(n, list(REGIONS.values()))
            for region, k in zip(REGIONS, regions):
                if k:
                    rows.append((record.year, record.month, record.model_id, region, customer, payment, channel, k))
    table = pd.DataFrame(rows, columns=["year", "month", "model_id", "region", "customer_type", "payment", "channel",
                                        "units"])
    write_table(table, HERE / "history-axes.csv")


if __name__ == "__main__":
    main()
