"""Generate the synthetic people sample of 嘉丰汽车 (run from the repository root).

    python data/people/generate_people.py

Writes ``people.csv`` (the event log: 工号, 姓名, 日期, 事件, 职位编号, 用工形式, 离职原因, 工作量,
试用期至, 备注), ``people-bad.csv`` (an event log with located defects) and ``hris-export-2027-09.xlsx``
(an HR system's roster export) next to this file. The random generator is seeded: running the script
again gives the same files.

The log is consistent with the structures:

* the roster on **2027-01-01** has exactly the ``filled`` numbers of ``data/as-is-2026/positions.csv``
  (109 people); the roster on **2027-04-01**, the day the approved structure takes effect, exactly those
  of ``data/approved-2027/positions.csv`` (116 people): on that day 王海涛 and 李静 are promoted to
  销售主管, 郭雨萱 and 林浩然 move to the new 网电销 (DCC) seats, and the new 二手车组, 金融保险主管
  and 售后内勤 are staffed;
* the showroom consultants are the people of ``data/sales/consultants.csv`` with their start dates
  (吴佳怡 joins on 2027-03-01); the managers are the people who sign the April requests
  (王丽华, 李志强, 赵敏 …); two 机修技师 leave in March, as request 2027-04-002 says;
* from April to September the approved requests are filled, and people leave and are replaced.

Planted for the checks (report date 2027-09-30):

* **dispatched share** — 13 劳务派遣 workers of 121 under a labour or dispatch contract (10.7 %),
  above the 10 % of the Interim Provisions on Labor Dispatch (2014), Art. 4 (10 of 106, 9.4 %, on
  2027-01-01: leavers were replaced by dispatched workers over the summer);
* **probation running out** — 邓思远, 销售顾问 hired 2027-07-19, probation to 2027-10-18 (18 days
  after the report date), not yet confirmed;
* **long vacancy** — a 喷漆技师 seat open since 2026-08-20, when 韩志刚 left (over 400 days on
  2027-09-30), although request 2027-04-014 asked to fill it;
* a **part-time** 退休返聘 质检员 (工作量 0.6) and two 实习 机修学徒 (outside the 10 % base).

``people-bad.csv`` holds: a transfer of someone never hired, a leave dated before the person's hire, a
hire and a leave of one person on one day, a position that does not exist on its date (MKT-LIVE),
and a hire of someone already in post (``orgplan people check`` finds each, with its row).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from orgplan.tables.io import write_table, write_workbook

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
rng = np.random.default_rng(20270930)

SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
GIVEN = ["伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "秀英", "霞",
         "平", "刚", "桂英", "建华", "文", "华", "玉兰", "丹", "萍", "鹏", "辉", "斌", "宇", "浩", "凯", "健",
         "俊", "帆", "帅", "旭", "宁", "龙", "林", "欢", "阳", "建国", "建军", "晓东", "晓燕", "海燕", "志伟",
         "志勇", "春梅", "雪梅", "丽", "婷", "颖", "倩", "琳", "晨", "昊", "博", "子涵", "欣怡", "梓萱", "思远",
         "雨桐", "嘉怡", "佳琪", "一鸣", "天宇", "浩宇", "俊杰", "家豪", "文博", "振华", "德明", "国强"]

#: People whose names the rest of the sample already uses: position → names (oldest first).
KNOWN = {
    "GM": ["陈建国"], "ADM-MGR": ["吴婷"], "FIN-MGR": ["林淑贞"], "SAL-DIR": ["黄志明"], "SHOW-MGR": ["王丽华"],
    "SHOW-CONS": ["王海涛", "李静", "张伟", "刘洋", "陈晓敏", "杨帆", "赵磊", "黄丽娟", "周子豪", "郭雨萱", "林浩然"],
    "KA-MGR": ["David Lee"], "KA-CONS": ["孙建国", "马文杰", "胡蓉"], "MKT-MGR": ["张晓明"], "CRM-MGR": ["郑小芸"],
    "ADV-MGR": ["赵敏"], "WS-MGR": ["李志强"], "BODY-LEAD": ["孙伟"], "PARTS-MGR": ["刘建平"],
}
STARTS = dict(zip(["王海涛", "李静", "张伟", "刘洋", "陈晓敏", "杨帆", "赵磊", "黄丽娟", "周子豪", "孙建国", "马文杰",
                   "胡蓉", "郭雨萱", "林浩然"],
                  ["2016-03-01", "2018-07-16", "2019-02-25", "2020-05-11", "2021-03-01", "2022-08-15",
                   "2023-04-03", "2024-06-17", "2026-09-01", "2015-10-08", "2019-09-02", "2025-02-17",
                   "2022-11-07", "2025-07-01"]))
#: How many of each position's people on 2027-01-01 are dispatched (劳务派遣), interns, rehired retirees.
DISPATCHED = {"ADM-GUARD": 3, "ADM-DRV": 2, "ADM-CLERK": 1, "PARTS-WH": 2, "CRM-SPEC": 2}
INTERNS = {"MECH-APP": 2}
RETIREES = {"WS-QC": 1}
#: Seats that someone left in the autumn of 2026 (see autumn_2026): position → the replacement's hire date.
REPLACED = {"SHOW-CONS": "2026-12-01", "CRM-SPEC": "2026-12-21", "MECH-TECH": "2026-12-28"}

used: set[str] = {n for names in KNOWN.values() for n in names} | {"吴佳怡", "陈国华", "周芳", "韩志刚", "邓思远"}
events: list[dict] = []


def name() -> str:
    while True:
        candidate = rng.choice(SURNAMES) + rng.choice(GIVEN)
        if candidate not in used:
            used.add(candidate)
            return candidate


def day(text: str | dt.date) -> dt.date:
    return text if isinstance(text, dt.date) else dt.date.fromisoformat(text)


def add(person: str, date, event: str, position: str = "", kind: str = "", reason: str = "", fte: str = "",
        probation_end: str = "", note: str = "") -> None:
    events.append({"姓名": person, "日期": day(date), "事件": event, "职位编号": position, "用工形式": kind,
                   "离职原因": reason, "工作量": fte, "试用期至": probation_end, "备注": note})


def in_post(position: str) -> list[str]:
    """The people recorded so far in a position, oldest first (the sample has no rehires)."""
    gone = {e["姓名"] for e in events if e["事件"] == "离职"}
    held = {e["姓名"]: e["职位编号"] for e in events if e["事件"] in ("入职", "调岗", "晋升")}
    return [person for person, where in held.items() if where == position and person not in gone]


def months_later(date: dt.date, months: int) -> dt.date:
    month = date.month - 1 + months
    return dt.date(date.year + month // 12, month % 12 + 1, min(date.day, 28)) - dt.timedelta(days=1)


def hire(person: str, date, position: str, kind: str = "试用", *, confirm: bool | str = True,
         fte: str = "", note: str = "", probation_months: int = 3) -> None:
    """A hire; a probation hire is confirmed (转正) when its probation ends, unless ``confirm`` is False."""
    date = day(date)
    if kind != "试用":
        add(person, date, "入职", position, kind, fte=fte, note=note)
        return
    end = months_later(date, probation_months)
    add(person, date, "入职", position, "试用", fte=fte, probation_end=end.isoformat(), note=note)
    if confirm:
        add(person, day(confirm) if isinstance(confirm, str) else end + dt.timedelta(days=1), "转正")


def opening_roster() -> None:
    """Everyone in post on 2027-01-01, as in data/as-is-2026/positions.csv."""
    positions = pd.read_csv(ROOT / "data/as-is-2026/positions.csv", dtype=str, keep_default_na=False)
    for position in positions.itertuples():
        filled = int(position.filled)
        known = list(KNOWN.get(position.position_id, []))
        kinds = (["劳务派遣"] * DISPATCHED.get(position.position_id, 0) + ["实习"] * INTERNS.get(position.position_id, 0)
                 + ["退休返聘"] * RETIREES.get(position.position_id, 0))
        for seat in range(filled):
            person = known[seat] if seat < len(known) else name()
            kind = kinds[seat - (filled - len(kinds))] if seat >= filled - len(kinds) else "正式"
            manager = position.grade.startswith("M")
            if person in STARTS:
                start = day(STARTS[person])
            elif kind == "实习":
                start = day("2026-07-01") + dt.timedelta(days=int(rng.integers(0, 60)))
            elif kind == "劳务派遣":
                start = day("2021-01-01") + dt.timedelta(days=int(rng.integers(0, 1900)))
            else:
                start = day("2010-03-01" if manager else "2014-01-01") + dt.timedelta(
                    days=int(rng.integers(0, 3800 if manager else 4300)))
            if seat == filled - len(kinds) - 1 and position.position_id in REPLACED:
                start = day(REPLACED[position.position_id])
            if position.position_id == "GM":
                start = day("2009-06-01")
            if start >= day("2026-01-01") and kind == "正式":
                hire(person, start, position.position_id)
            else:
                add(person, start, "入职", position.position_id, kind, fte="0.6" if kind == "退休返聘" else "",
                    note="期初在职" if start < day("2026-01-01") else "")


def autumn_2026() -> None:
    """Autumn 2026: leavers, most replaced (the replacements are in the opening roster); the seats of the
    销售顾问 who left on 2026-09-15 and the 机修学徒 who left on 2026-11-15 are the as-is structure's vacancies."""
    add("韩志刚", "2015-04-13", "入职", "BODY-PAINT", "正式", note="期初在职")
    add("韩志刚", "2026-08-20", "离职", reason="主动", note="喷漆技师至今未补上")
    for position, hired, left, reason in (("SHOW-CONS", "2024-03-04", "2026-10-31", "主动"),
                                          ("CRM-SPEC", "2025-05-06", "2026-11-30", "被动"),
                                          ("MECH-TECH", "2019-08-12", "2026-12-15", "主动"),
                                          ("SHOW-CONS", "2023-05-08", "2026-09-15", "主动"),
                                          ("MECH-APP", "2025-03-03", "2026-11-15", "主动")):
        person = name()
        add(person, hired, "入职", position, "正式", note="期初在职")
        add(person, left, "离职", reason=reason)


def first_quarter_2027() -> None:
    """2027-01-01 → 2027-04-01: the as-is roster becomes the approved structure's."""
    mechanics = in_post("MECH-TECH")
    add(mechanics[3], "2027-03-15", "离职", reason="主动", note="跳槽至同城另一家 4S 店")
    add(mechanics[7], "2027-03-31", "离职", reason="主动")
    hire(name(), "2027-03-20", "MECH-TECH")
    hire("吴佳怡", "2027-03-01", "SHOW-CONS", confirm="2027-06-01")
    crm = in_post("CRM-SPEC")[-1]
    add(crm, "2027-01-20", "离职", reason="主动")
    hire(name(), "2027-03-10", "CRM-SPEC")
    add("王海涛", "2027-04-01", "晋升", "SHOW-SUP", note="新架构生效")
    add("李静", "2027-04-01", "晋升", "SHOW-SUP", note="新架构生效")
    add("郭雨萱", "2027-04-01", "调岗", "SHOW-DCC", note="网销顾问转入 DCC")
    add("林浩然", "2027-04-01", "调岗", "SHOW-DCC", note="网销顾问转入 DCC")
    hire("陈国华", "2027-04-01", "USED-MGR", probation_months=6, confirm="2027-08-01")
    hire(name(), "2027-04-01", "USED-EVAL")
    hire(name(), "2027-04-01", "USED-EVAL")
    hire(name(), "2027-04-01", "USED-CONS")
    hire("周芳", "2027-04-01", "FI-MGR")
    hire(name(), "2027-04-01", "AS-CLERK")
    hire(name(), "2027-04-01", "AS-CLERK")


def spring_summer_2027() -> None:
    """April–September 2027: approved requests filled, leavers, replacements by dispatched workers."""
    showroom, clerks, keepers = in_post("SHOW-CONS"), in_post("ADM-CLERK"), in_post("PARTS-WH")
    service = in_post("CRM-SPEC")
    hire(name(), "2027-05-06", "SHOW-CONS", note="申请 2027-04-001")
    hire(name(), "2027-05-10", "MECH-TECH", note="申请 2027-04-002")
    hire(name(), "2027-06-14", "MECH-TECH", note="申请 2027-04-002")
    hire(name(), "2027-05-20", "MKT-DIGI", note="申请 2027-04-005")
    hire(name(), "2027-06-01", "KA-CONS", note="申请 2027-04-010")
    hire(name(), "2027-05-15", "USED-CONS", note="申请 2027-04-012")
    add(name(), "2027-05-04", "入职", "MECH-APP", "劳务派遣", note="申请 2027-04-023")
    failed = name()
    hire(failed, "2027-05-17", "SHOW-CONS", confirm=False, note="申请 2027-04-003")
    add(failed, "2027-07-15", "离职", reason="被动", note="试用期考核不合格")
    hire("邓思远", "2027-07-19", "SHOW-CONS", confirm=False, note="补试用期不合格空缺")
    add(showroom[5], "2027-06-30", "离职", reason="主动", note="家庭原因回老家")
    hire(name(), "2027-08-02", "SHOW-CONS")
    add(clerks[0], "2027-07-31", "离职", reason="主动")
    add(name(), "2027-08-10", "入职", "ADM-CLERK", "劳务派遣")
    add(keepers[0], "2027-06-30", "离职", reason="被动", note="合同到期不续签")
    add(name(), "2027-07-15", "入职", "PARTS-WH", "劳务派遣")
    add(service[0], "2027-08-31", "离职", reason="主动")
    add(name(), "2027-09-15", "入职", "CRM-SPEC", "劳务派遣")
    add("周子豪", "2027-10-31", "离职", reason="主动", note="已提交辞职，最后工作日 10 月 30 日")


def numbered(frame: pd.DataFrame) -> pd.DataFrame:
    """工号 by first hire date (E001 is the general manager); rows by date, then 工号."""
    first = frame.groupby("姓名")["日期"].min().sort_values(kind="stable")
    ids = {person: f"E{i:03d}" for i, person in enumerate(first.index, start=1)}
    frame.insert(0, "工号", frame["姓名"].map(ids))
    order = {"入职": 0, "转正": 1, "调岗": 2, "晋升": 3, "离职": 4}
    frame = frame.assign(_o=frame["事件"].map(order)).sort_values(["日期", "工号", "_o"], kind="stable")
    frame["日期"] = frame["日期"].map(dt.date.isoformat)
    return frame.drop(columns="_o").reset_index(drop=True)


def bad_log() -> pd.DataFrame:
    rows = [
        ("E901", "测试甲", "2027-02-01", "入职", "SHOW-CONS", "正式", "", ""),
        ("E902", "测试乙", "2027-02-10", "调岗", "SHOW-RECP", "", "", ""),           # never hired
        ("E903", "测试丙", "2027-01-15", "离职", "", "", "主动", ""),               # leave before the hire
        ("E903", "测试丙", "2027-03-01", "入职", "CRM-SPEC", "正式", "", ""),
        ("E904", "测试丁", "2027-03-05", "入职", "ADM-AST", "试用", "", ""),
        ("E904", "测试丁", "2027-03-05", "离职", "", "", "主动", ""),               # same day: hire and leave
        ("E905", "测试戊", "2027-05-01", "入职", "MKT-LIVE", "正式", "", ""),       # no such position then
        ("E901", "测试甲", "2027-05-01", "入职", "KA-CONS", "正式", "", ""),        # already in post
    ]
    return pd.DataFrame(rows, columns=["工号", "姓名", "日期", "事件", "职位编号", "用工形式", "离职原因", "备注"])


def hris_export(log: pd.DataFrame) -> pd.DataFrame:
    """The roster export of a typical HR system on 2027-09-30: 部门 and 岗位 in words, no position ids."""
    units = pd.read_csv(ROOT / "data/approved-2027/units.csv", dtype=str, keep_default_na=False)
    positions = pd.read_csv(ROOT / "data/approved-2027/positions.csv", dtype=str, keep_default_na=False)
    unit_name = dict(zip(units["unit_id"], units["name"]))
    parent = dict(zip(units["unit_id"], units["parent_id"]))
    department = {p.position_id: unit_name[p.unit_id if parent[p.unit_id] in ("", "CO") else parent[p.unit_id]]
                  for p in positions.itertuples()}
    title = dict(zip(positions["position_id"], positions["title"]))
    rows = []
    for person, events_of in log.groupby("工号", sort=True):
        where = events_of.loc[events_of["职位编号"] != "", "职位编号"].iloc[-1]
        hired = events_of.loc[events_of["事件"] == "入职"].iloc[-1]
        confirmed = events_of.loc[events_of["事件"] == "转正", "日期"]
        left = events_of.loc[(events_of["事件"] == "离职") & (events_of["日期"] >= hired["日期"])]
        if not left.empty and left["日期"].iloc[-1] < "2027-01-01":
            continue
        kind = "正式" if len(confirmed) and confirmed.iloc[-1] <= "2027-09-30" else hired["用工形式"]
        rows.append({"工号": person, "姓名": hired["姓名"], "部门": department.get(where, "市场部"),
                     "岗位": title.get(where, "活动专员"), "入职日期": hired["日期"],
                     "转正日期": confirmed.iloc[-1] if len(confirmed) else "",
                     "离职日期": left["日期"].iloc[-1] if len(left) else "",
                     "离职原因": left["离职原因"].iloc[-1] if len(left) else "", "用工形式": kind,
                     "身份证号": f"4401**********{int(person[1:]):04d}", "手机": f"138****{int(person[1:]):04d}"})
    return pd.DataFrame(rows)


def main() -> None:
    opening_roster()
    autumn_2026()
    first_quarter_2027()
    spring_summer_2027()
    log = numbered(pd.DataFrame(events))
    write_table(log, HERE / "people.csv")
    write_table(bad_log(), HERE / "people-bad.csv")
    write_workbook({"花名册": hris_export(log)}, HERE / "hris-export-2027-09.xlsx")
    print(f"{len(log)} events of {log['工号'].nunique()} people written to {HERE}")


if __name__ == "__main__":
    main()
