"""Write the tables of the organisation booklet beside the sample structures (deterministic: no randomness).

Run from the repository: ``python data/approved-2027/make_booklet_tables.py``. It writes

- ``data/approved-2027/position_duties.csv`` — which position leads (主责) or supports (协助) each duty;
- ``data/approved-2027/authority.csv`` — the authority table (权责表) of the 2027 structure;
- ``data/approved-2027/leadership.yaml`` — the rule of size for leadership posts (领导职数), written out;
- ``data/as-is-2026/job_descriptions.csv`` — last year's job descriptions, the basis the departments
  reworked (在去年基础上改造): 2026's positions, older wording, some duties since added or dropped;
- ``data/broken/position_duties-bad.csv`` and ``data/broken/authority-bad.csv`` — the same tables with
  planted defects, for the checks to find (``orgplan.check(s, position_duties=…, authority=…)``):

  * position duties: D-BRAND led by nobody of 市场部 (a gap); D-VISIT led by both CRM-MGR and CRM-SPEC (an
    overlap); D-PARTS given to 'PARTS-BOSS' (not a position); ADM-GUARD given no duty at all; SHOW-MGR leading
    D-LEADS, a duty of 市场部 (so D-LEADS has two leads too); MKT-PLAN and PARTS-MGR, whose only duty that was,
    are left with none;
  * authority: A-REFUND-2 with no approver; A-DISC-3 approved by SHOW-MGR and SAL-DIR at one level; A-USED
    approved by 'SALES-VP' (not a position); A-BUY-2 proposed and approved by ADM-MGR.

The structures' own tables and the survey returns are not touched.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

DATA = Path(__file__).resolve().parent.parent

LEADS = {
    "D-STRAT": "GM", "D-ORG": "ADM-MGR", "D-HR": "ADM-HR", "D-ADMIN": "ADM-MGR", "D-DOCS": "ADM-AST",
    "D-ACCT": "FIN-ACC", "D-CASH": "FIN-CASH", "D-BUDGET": "FIN-MGR", "D-SALESPLAN": "SAL-DIR",
    "D-NEWCAR": "SHOW-MGR", "D-FLEET": "KA-MGR", "D-USED": "USED-MGR", "D-FINANCE": "FI-MGR",
    "D-PLATE": "FI-PLATE", "D-LEADS": "MKT-MGR", "D-BRAND": "MKT-PLAN", "D-COMPETE": "MKT-MGR",
    "D-VISIT": "CRM-MGR", "D-COMPLAINT": "CRM-MGR", "D-RECEPTION": "ADV-MGR", "D-WARRANTY": "ADV-WARR",
    "D-REPAIR": "MECH-LEAD", "D-BODY": "BODY-LEAD", "D-QC": "WS-QC", "D-PARTS": "PARTS-MGR",
    "D-PARTSALES": "PARTS-SALES",
}
# supports beyond "every position supports its own unit's duties"
EXTRA_SUPPORTS = {"SHOW-DCC": ["D-LEADS"], "AS-DIR": ["D-RECEPTION", "D-QC"], "AS-CLERK": ["D-RECEPTION"],
                  "ADV-INS": ["D-RECEPTION"], "WS-MGR": ["D-REPAIR", "D-BODY"], "GM-AST": ["D-STRAT"],
                  "MKT-DIGI": ["D-BRAND"], "SHOW-SUP": ["D-SALESPLAN"]}

AUTHORITY = [
    # decision_id, decision, scope, proposes, reviews, approves, notes
    ("A-HIRE", "编制内招聘（增人）", "职位有空缺", "ADM-HR", "", "ADM-MGR", "用人部门提出需求，人事专员发起，行政经理按批准编制审核"),
    ("A-SPECIAL", "增编、超编增人（总经理特批）", "超出批准编制", "ADM-MGR", "FIN-MGR", "GM", "行政部可拒绝，须总经理研究特批"),
    ("A-ORG", "组织架构与编制调整", "任何调整", "ADM-MGR", "FIN-MGR", "GM", "三年内保持稳定"),
    ("A-DISC-1", "新车销售优惠", "≤ 3,000 元/台", "SHOW-CONS", "", "SHOW-SUP", ""),
    ("A-DISC-2", "新车销售优惠", "3,000–8,000 元/台", "SHOW-SUP", "", "SHOW-MGR", ""),
    ("A-DISC-3", "新车销售优惠", "> 8,000 元/台", "SHOW-MGR", "FIN-MGR", "SAL-DIR", "须附竞品报价"),
    ("A-FLEET", "大客户报价与合同", "集团采购 5 台以上", "KA-CONS", "KA-MGR、FIN-MGR", "SAL-DIR", ""),
    ("A-USED", "二手车收购定价", "每台", "USED-EVAL", "USED-MGR", "SAL-DIR", ""),
    ("A-BUY-1", "办公与物料采购", "≤ 5,000 元", "ADM-AST", "", "ADM-MGR", ""),
    ("A-BUY-2", "办公与物料采购", "5,000–50,000 元", "ADM-MGR", "FIN-MGR", "GM", ""),
    ("A-PARTS", "配件订货", "月度订货计划", "PARTS-PLAN", "PARTS-MGR", "AS-DIR", "呆滞件超 3 个月须说明"),
    ("A-MKT-1", "市场活动预算", "≤ 20,000 元/次", "MKT-PLAN", "FIN-MGR", "MKT-MGR", ""),
    ("A-MKT-2", "市场活动预算", "> 20,000 元/次", "MKT-MGR", "FIN-MGR", "GM", ""),
    ("A-REFUND-1", "客户退款", "≤ 2,000 元", "CRM-MGR", "FIN-ACC", "FIN-MGR", ""),
    ("A-REFUND-2", "客户退款", "> 2,000 元", "CRM-MGR", "FIN-MGR", "GM", ""),
    ("A-GOODWILL", "售后善意维修与优惠", "≤ 1,000 元/单", "ADV-SA", "", "ADV-MGR", ""),
    ("A-WARR", "保修索赔申报", "每单", "ADV-WARR", "ADV-MGR", "AS-DIR", ""),
    ("A-OT-AS", "售后加班", "每月超过 20 小时/人", "WS-MGR", "ADM-HR", "AS-DIR", "依劳动法支付加班费"),
    ("A-OT-SALES", "销售加班", "每月超过 20 小时/人", "SHOW-MGR", "ADM-HR", "SAL-DIR", "依劳动法支付加班费"),
]

LEADERSHIP_YAML = """\
# 领导职数规则：按部门规模（本部门及下属的编制人数）定正职、副职职数。
# 写法：从多少人起 → 职数。没有写的部门类型用 orgplan 的默认规则。
# 正职 = 管人且上级不在本部门的职位（如部门经理、组长）；副职 = 职位名称含“副”的职位。
deputy_words: [副]
company:
  heads: {0: 1}
  deputies: {0: 0, 100: 1, 200: 2}
department:
  heads: {0: 1}
  deputies: {0: 0, 20: 1, 50: 2}
section:
  heads: {0: 1}
  deputies: {0: 0, 30: 1}
team:
  heads: {0: 1, 12: 2, 20: 3}
  deputies: {0: 0}
"""

# last year's job descriptions: 2026's wording where it differed (the 2027 table is the reworked version)
JD_2026_CHANGES = {
    "ADM-MGR": {"duties": "招聘、培训与绩效考核；行政后勤、车辆与档案管理；审核各部门用人申请",
                "requirements": "大专以上学历；五年以上行政人事管理经验"},
    "SHOW-MGR": {"duties": "展厅日常管理与客流分配；直接管理全部销售顾问；重点客户谈判支持；审核报价与优惠申请"},
    "SHOW-CONS": {"duties": "接待到店客户并销售；客户档案与跟进；交车"},
    "FI-SPEC": {"duties": "汽车贷款方案介绍与办理；新车保险与续保"},
    "CRM-MGR": {"duties": "客户回访与满意度管理；客户关系活动"},
    "CRM-SPEC": {"duties": "售后客户回访；满意度数据统计"},
    "ADV-WARR": {"duties": "保修索赔申报与旧件管理；厂家索赔政策对接；协助服务顾问接待"},
    "MKT-DIGI": {"requirements": "大专以上学历"},
}
JD_2026_EXTRA = [
    {"position_id": "MKT-EVENT", "title": "活动专员", "duties": "外拓与车展活动执行；活动物料管理",
     "requirements": "中专以上学历；有活动执行经验", "workflow": "活动方案→物料准备→执行→总结", "revised_on": "2026-03-15"},
]

COMMENT_CHANGES = {
    "C001": "set_establishment position_id=SHOW-SUP approved=2",
    "C003": "set_establishment position_id=CRM-SPEC approved=5",
}


def position_duties(data: Path) -> pd.DataFrame:
    positions = pd.read_csv(data / "approved-2027/positions.csv", dtype=str)
    duties = pd.read_csv(data / "approved-2027/duties.csv", dtype=str)
    units = pd.read_csv(data / "approved-2027/units.csv", dtype=str)
    parent = dict(zip(units["unit_id"], units["parent_id"]))
    rows = [(duty, position, "lead") for duty, position in LEADS.items()]
    leading = set(LEADS.values())
    for position, unit in zip(positions["position_id"], positions["unit_id"]):
        own = list(duties.loc[duties["unit_id"] == unit, "duty_id"])
        while not own and isinstance(parent.get(unit), str) and position not in EXTRA_SUPPORTS:
            unit = parent[unit]
            own = list(duties.loc[duties["unit_id"] == unit, "duty_id"])
        supports = [d for d in own if LEADS.get(d) != position] if position not in leading else []
        supports += EXTRA_SUPPORTS.get(position, [])
        rows += [(duty, position, "support") for duty in dict.fromkeys(supports)]
    return pd.DataFrame(rows, columns=["duty_id", "position_id", "role"])


def broken_position_duties(table: pd.DataFrame) -> pd.DataFrame:
    table = table[~((table["duty_id"] == "D-BRAND") & (table["role"] == "lead"))]
    table = table[table["position_id"] != "ADM-GUARD"]
    table = table.copy()
    table.loc[(table["duty_id"] == "D-VISIT") & (table["position_id"] == "CRM-SPEC"), "role"] = "lead"
    table.loc[(table["duty_id"] == "D-PARTS") & (table["role"] == "lead"), "position_id"] = "PARTS-BOSS"
    extra = pd.DataFrame([("D-LEADS", "SHOW-MGR", "lead")], columns=table.columns)
    return pd.concat([table, extra], ignore_index=True)


def broken_authority(table: pd.DataFrame) -> pd.DataFrame:
    table = table.copy().set_index("decision_id")
    table.loc["A-REFUND-2", "approves"] = ""
    table.loc["A-DISC-3", "approves"] = "SHOW-MGR、SAL-DIR"
    table.loc["A-USED", "approves"] = "SALES-VP"
    table.loc["A-BUY-2", "approves"] = "ADM-MGR"
    return table.reset_index()


def job_descriptions_2026(data: Path) -> pd.DataFrame:
    jd = pd.read_csv(data / "approved-2027/job_descriptions.csv", dtype=str, keep_default_na=False)
    as_is = set(pd.read_csv(data / "as-is-2026/positions.csv", dtype=str)["position_id"])
    jd = jd[jd["position_id"].isin(as_is)].copy()
    for position, change in JD_2026_CHANGES.items():
        for column, value in change.items():
            jd.loc[jd["position_id"] == position, column] = value
    jd["revised_on"] = "2026-03-15"
    return pd.concat([jd, pd.DataFrame(JD_2026_EXTRA)], ignore_index=True).fillna("")


def main() -> None:
    duties = position_duties(DATA)
    duties.to_csv(DATA / "approved-2027/position_duties.csv", index=False)
    broken_position_duties(duties).to_csv(DATA / "broken/position_duties-bad.csv", index=False)
    authority = pd.DataFrame(AUTHORITY, columns=["decision_id", "decision", "scope", "proposes", "reviews",
                                                 "approves", "notes"])
    authority.to_csv(DATA / "approved-2027/authority.csv", index=False)
    broken_authority(authority).to_csv(DATA / "broken/authority-bad.csv", index=False)
    (DATA / "approved-2027/leadership.yaml").write_text(LEADERSHIP_YAML, encoding="utf-8")
    job_descriptions_2026(DATA).to_csv(DATA / "as-is-2026/job_descriptions.csv", index=False)
    comments = pd.read_csv(DATA / "review-comments-2027.csv", dtype=str, keep_default_na=False)
    comments["change"] = comments["comment_id"].map(COMMENT_CHANGES).fillna("")
    comments.loc[comments["comment_id"] == "C004", "change"] = ""
    comments.to_csv(DATA / "review-comments-2027.csv", index=False)


if __name__ == "__main__":
    main()
