"""Generate the synthetic 2027 training sample of the sales team (run from the repository root).

    python data/training/generate_training.py

Writes next to this file:

* ``sessions.csv`` — the training plan: one monthly session (月度培训) a month and sessions
  on demand (按需培训), with topic, kind (product / process / F&I / competitor / induction),
  the model it is about, trainer, audience (teams), date and hours; October–December are
  planned, not yet held;
* ``attendance.csv`` — who of the audience attended the sessions held (January–September) and
  their exam score;
* ``competency.csv`` — the competency matrix: each consultant's level (1–5) in product knowledge
  per model, the steps of the sales process and F&I, assessed in June 2027.

Planted for the checks to find (the review is on 2027-09-30):

* 刘洋 (S04) attends no session in the third quarter (no training in a quarter);
* 林浩然 (N02) attends no session in the second quarter;
* 吴佳怡 (S10) joins on 2027-03-01 and sells in March (``actual-2027.csv``) but misses the
  induction of 2027-03-02; her first training is on 2027-03-16, after she may have sold (the
  monthly actuals date a first sale to the first day of its month): not trained before selling;
* 赵磊 (S07) scores 52 in the F&I exam and 周子豪 (S09) 55 on 途锐X, under the pass mark of 60;
* competency levels under 3: 刘洋 (S04) in 报价成交, 赵磊 (S07) in 金融, 林浩然 (N02) in 试乘试驾;
  吴佳怡 (S10), new, is at 2 on every model and has no level yet for the new model 电驰S (EV-S).

The random generator is seeded: running the script again gives the same files.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from orgplan.tables.io import write_table

HERE = Path(__file__).resolve().parent
SALES = HERE.parent / "sales"
rng = np.random.default_rng(20270930)
ALL = "展厅、大客户、网销"

SESSIONS = [  # id, date, kind of session, topic kind, topic, model, trainer, audience, hours
    ("T2701", "2027-01-12", "月度培训", "process", "2027 年销售流程规范", "", "展厅经理 何志强", ALL, 3),
    ("T2702", "2027-02-23", "月度培训", "product", "电驰S 上市产品培训", "EV-S", "厂家培训师 邓琳", "展厅、网销", 4),
    ("T2703", "2027-03-02", "按需培训", "induction", "新员工入职培训", "", "行政部 曹敏", "展厅", 8),
    ("T2704", "2027-03-16", "月度培训", "competitor", "竞品对比：丰华S5 与途锐", "TERRA", "展厅经理 何志强", ALL, 2),
    ("T2705", "2027-04-08", "月度培训", "fi", "金融与保险产品（F&I）", "", "金融保险主管 潘玉", ALL, 3),
    ("T2706", "2027-05-13", "月度培训", "process", "试乘试驾流程", "", "展厅经理 何志强", "展厅、网销", 2),
    ("T2707", "2027-06-10", "月度培训", "product", "途锐X 产品知识", "TERRA-X", "厂家培训师 邓琳", ALL, 3),
    ("T2708", "2027-07-08", "月度培训", "process", "客户异议处理", "", "销售总监 袁强", ALL, 2),
    ("T2709", "2027-07-20", "按需培训", "competitor", "应对丰华S5 降价的话术", "TERRA", "销售总监 袁强", "展厅、网销", 2),
    ("T2710", "2027-08-12", "月度培训", "fi", "贷款政策更新与分期方案", "", "金融保险主管 潘玉", ALL, 2),
    ("T2711", "2027-09-09", "月度培训", "product", "新能源车型：电驰与双擎", "PHEV", "厂家培训师 邓琳", "展厅、网销", 3),
    ("T2712", "2027-10-14", "月度培训", "process", "交车仪式与客户关怀", "", "展厅经理 何志强", ALL, 2),
    ("T2713", "2027-11-11", "月度培训", "product", "2028 款雅悦产品培训", "AURA", "厂家培训师 邓琳", ALL, 3),
    ("T2714", "2027-12-09", "月度培训", "fi", "年终金融政策", "", "金融保险主管 潘玉", ALL, 2),
]
ABSENT = {("S04", s) for s in ("T2708", "T2709", "T2710", "T2711")} | {("N02", s) for s in ("T2705", "T2706", "T2707")} \
    | {("S10", "T2703"), ("S03", "T2706"), ("K02", "T2704")}
SCORES = {("S07", "T2705"): 52, ("S09", "T2707"): 55}
STEPS = ["接待", "需求分析", "产品介绍", "试乘试驾", "报价成交", "交车"]
LOW = {("S04", "process", "报价成交"): 2, ("S07", "fi", "金融"): 2, ("N02", "process", "试乘试驾"): 2}


def sessions() -> pd.DataFrame:
    return pd.DataFrame(SESSIONS, columns=["session_id", "date", "session_kind", "topic_kind", "topic", "model_id",
                                           "trainer", "audience", "hours"])


def attendance(people: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for session in sessions().itertuples():
        if session.date > "2027-09-30":
            continue
        for person in people.itertuples():
            if person.team not in session.audience.split("、") or person.start_date > session.date:
                continue
            if session.topic_kind == "induction" and person.start_date < "2027-01-01":
                continue
            came = (person.consultant_id, session.session_id) not in ABSENT
            score = SCORES.get((person.consultant_id, session.session_id), int(np.clip(rng.normal(82, 7), 62, 99)))
            rows.append((session.session_id, person.consultant_id, "是" if came else "否", score if came else ""))
    return pd.DataFrame(rows, columns=["session_id", "consultant_id", "attended", "score"])


def competency(people: pd.DataFrame, models: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for person in people.itertuples():
        new = person.start_date >= "2027-01-01"
        sold = models if person.team != "大客户" else models[models["fleet"] == "yes"]
        items = [("product", m) for m in sold["model_id"]] + [("process", s) for s in STEPS] + \
            [("fi", "金融"), ("fi", "保险")]
        for area, item in items:
            if new and item == "EV-S":
                continue  # not yet assessed on the new model
            level = 2 if new and area == "product" else int(rng.choice([3, 4, 4, 5]))
            level = LOW.get((person.consultant_id, area, item), level)
            rows.append((person.consultant_id, area, item, level, "2027-06-20"))
    return pd.DataFrame(rows, columns=["consultant_id", "area", "item", "level", "assessed_on"])


def main() -> None:
    people = pd.read_csv(SALES / "consultants.csv", dtype=str)
    models = pd.read_csv(SALES / "models.csv", dtype=str)
    write_table(sessions(), HERE / "sessions.csv")
    write_table(attendance(people), HERE / "attendance.csv")
    write_table(competency(people, models), HERE / "competency.csv")


if __name__ == "__main__":
    main()
