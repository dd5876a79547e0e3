"""Rebuild the sample survey returns: forms made from the 2026 as-is structure, filled programmatically.

The forms are made in Simplified Chinese (the default language), except 财务部's, made in Traditional
Chinese (``orgplan survey make --lang zh-Hant``), to show that forms in any language are collected together.

Run from the repository root: ``python data/survey-returns/make_returns.py``.

- 销售部, 售后服务部, 行政部, 财务部 (Traditional): filled correctly (财务部 proposes nothing but answers the questions);
- 市场部: filled with mistakes — text in a number cell, a new position reporting to a
  position that does not exist, a hand-over without the unit that takes it;
- 配件部（重新制表）: the parts department re-typed the form into a new workbook;
- 客户服务部 sent nothing back.

Workload sheets (工作量: hours one person of each position spends on each duty in a week; filled by
:func:`_fill_workload`, read by ``orgplan workload``), against a 40-hour week:

- 行政部: 人事专员 50 h (load 1.25, over-loaded), 前台文员 18 h each with 2 in post on 2 approved (load 0.45,
  under-loaded); the others between 0.80 and 1.10 (行政助理 exactly 0.80: not flagged);
- 售后服务部: 服务顾问 48 h × 6 in post ÷ 40 = 7.2 FTE on 6 approved (1.20, over-loaded), 机修技师
  46 h × 14 in post ÷ 40 = 16.1 FTE on 12 approved (1.34, over-loaded), 保险理赔专员 20 h (0.50,
  under-loaded);
- 市场部 (the form with mistakes): text in an hours cell, and 新媒体运营's hours adding up to 90 a week.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from orgplan import read_structure, sample_path
from orgplan.i18n import language
from orgplan.yearplan.survey import FormAnswers, NewDuty, NewPosition, fill_form, make_form

HERE = Path(__file__).resolve().parent


def main() -> None:
    with language("zh-Hans"):
        _make_returns()
        _fill_workload()


def _make_returns() -> None:
    s = read_structure(sample_path("as-is-2026"))
    for old in HERE.glob("*.xlsx"):
        old.unlink()

    sales = make_form(s, "SALES", HERE / "销售部.xlsx", due="2027-01-22")
    fill_form(sales, FormAnswers(
        establishment={"SHOW-CONS": 14, "KA-CONS": 4},
        reasons={"SHOW-CONS": "两名顾问转为网电销顾问；展厅客流下降。",
                 "KA-CONS": "集团采购客户增加，需再增一名专员。"},
        new_positions=(
            NewPosition("销售主管", "SALES-SHOW", "SHOW-MGR", 2, 11000, "展厅经理直接管理16名顾问，管理幅度过宽。"),
            NewPosition("网电销顾问 (DCC)", "SALES-SHOW", "SHOW-MGR", 3, 7000, "线上线索需专人跟进。"),
            NewPosition("金融保险主管", "SALES-FI", "SAL-DIR", 1, 12000, "金融保险组无主管，专员直接汇报销售总监。"),
            NewPosition("二手车主管", "SALES-USED", "SAL-DIR", 1, 12000, "二手车组成立，需主管。"),
            NewPosition("二手车评估师", "SALES-USED", "SAL-DIR", 2, 8000, "置换业务评估。"),
        ),
        new_duties=(NewDuty("销售目标分解与销售计划", "SALES", "目前无明确归属，应由销售部负责。"),),
        development={
            "structure_issues": "展厅经理管理幅度过宽；金融保险组与二手车组无主管；网电销线索无人专门跟进。",
            "development": "2027 年新增两款新能源车型，预计新车销量增长 8%，二手车置换业务扩大。",
            "staffing_needs": "需增设销售主管两名、网电销顾问三名、二手车主管与评估师。",
            "suggestions": "建议明确销售目标分解的归属，并按月考核。",
            "filled_by": "销售总监 王海涛",
            "filled_on": "2027-01-20",
        }))

    aftersales = make_form(s, "AS", HERE / "售后服务部.xlsx", due="2027-01-22")
    fill_form(aftersales, FormAnswers(
        establishment={"MECH-TECH": 15},
        reasons={"MECH-TECH": "现有14人在岗已超编，保养台次增长。", "ADV-WARR": "原汇报对象（售后经理）已撤销，应改汇报服务经理。"},
        new_positions=(NewPosition("售后内勤", "AS", "AS-DIR", 2, 5500, "结算、资料与回访支持。"),),
        hand_over={"D-COMPLAINT": "CRM"},
        duty_notes={"D-COMPLAINT": "客户投诉统一由客户服务部处理，服务顾问组配合。"},
        development={
            "structure_issues": "客户投诉由客服部与服务顾问组两头处理，责任不清。",
            "development": "保养台次预计增长 10%，新能源车维修需求出现。",
            "staffing_needs": "机修技师编制增至 15 人；新能源维修培训。",
            "filled_by": "售后服务总监 林志明",
            "filled_on": "2027-01-21",
        }))

    admin = make_form(s, "ADM", HERE / "行政部.xlsx", due="2027-01-22")
    fill_form(admin, FormAnswers(
        reasons={"ADM-HR": "人事工作量随招聘增加，暂不增编。"},
        development={
            "structure_issues": "架构基本合理；人事专员工作量偏高。",
            "development": "配合年度架构调整，完成职务说明书手册。",
            "filled_by": "行政经理 张丽",
            "filled_on": "2027-01-18",
        }))

    with language("zh-Hant"):  # one form in Traditional Chinese: collected with the others all the same
        finance = make_form(s, "FIN", HERE / "财务部.xlsx", due="2027-01-22")
    fill_form(finance, FormAnswers(development={
        "structure_issues": "現行架構合理。",
        "development": "無重大變化。",
        "filled_by": "财务经理 周敏",
        "filled_on": "2027-01-19",
    }))

    # 市场部: filled with mistakes, as a form comes back in real life
    marketing = make_form(s, "MKT", HERE / "市场部.xlsx", due="2027-01-22")
    fill_form(marketing, FormAnswers(
        remove=("MKT-EVENT",),
        reasons={"MKT-EVENT": "活动由市场策划兼任。"},
        new_duties=(NewDuty("竞品与市场信息收集", "MKT", "目前无人负责，市场部愿意承担。"),),
        development={"development": "加大新媒体投放。", "filled_by": "市场经理 黄晓雯", "filled_on": "2027-01-23"}))
    from openpyxl import load_workbook

    wb = load_workbook(marketing)
    wb["职位"]["G4"] = "两人"                      # text in a number cell (MKT-DIGI, 明年编制)
    new = wb["新增职位"]
    for column, value in zip("ABCDEF", ("短视频编导", "市场部 (MKT)", "市场总监", 1, 9000, "短视频内容制作")):
        new[f"{column}2"] = value                  # 市场总监: a position that does not exist
    wb["职能"]["D2"] = "移交"                      # hand over D-LEADS … but to whom?
    wb.save(marketing)

    # 配件部 re-typed the form into a new workbook instead of filling the one sent out
    retyped = pd.DataFrame({"职位编号": ["PARTS-MGR", "PARTS-PLAN", "PARTS-WH", "PARTS-SALES"],
                            "职位": ["配件经理", "配件计划员", "仓管员", "配件销售"],
                            "现编制": [1, 1, 3, 2], "明年编制": [1, 1, 4, 2]})
    with pd.ExcelWriter(HERE / "配件部（重新制表）.xlsx", engine="openpyxl") as writer:
        retyped.to_excel(writer, sheet_name="职位", index=False)



def _fill_workload() -> None:
    """The workload sheets of 行政部, 售后服务部 and 市场部 (see the module's docstring for what they show)."""
    from orgplan.yearplan.survey import fill_workload

    fill_workload(HERE / "行政部.xlsx", {
        ("ADM-MGR", "D-ORG"): 20, ("ADM-MGR", "D-HR"): 8, ("ADM-MGR", "D-ADMIN"): 10, ("ADM-MGR", "D-DOCS"): 4,
        ("ADM-AST", "D-DOCS"): 20, ("ADM-AST", "D-ADMIN"): 12,
        ("ADM-HR", "D-HR"): 44, ("ADM-HR", "D-ORG"): 6,
        ("ADM-CLERK", "D-DOCS"): 10, ("ADM-CLERK", "D-ADMIN"): 8,
        ("ADM-DRV", "D-ADMIN"): 38,
        ("ADM-GUARD", "D-ADMIN"): 42,
    })
    fill_workload(HERE / "售后服务部.xlsx", {
        ("AS-DIR", "D-RECEPTION"): 8, ("AS-DIR", "D-REPAIR"): 12, ("AS-DIR", "D-QC"): 6, ("AS-DIR", "D-COMPLAINT"): 8,
        ("AS-DIR", "D-WARRANTY"): 6,
        ("ADV-MGR", "D-RECEPTION"): 24, ("ADV-MGR", "D-COMPLAINT"): 12, ("ADV-MGR", "D-WARRANTY"): 6,
        ("ADV-SA", "D-RECEPTION"): 40, ("ADV-SA", "D-COMPLAINT"): 6, ("ADV-SA", "D-WARRANTY"): 2,
        ("ADV-WARR", "D-WARRANTY"): 40,
        ("ADV-INS", "D-RECEPTION"): 12, ("ADV-INS", "D-BODY"): 8,
        ("WS-MGR", "D-REPAIR"): 24, ("WS-MGR", "D-QC"): 10, ("WS-MGR", "D-BODY"): 8,
        ("WS-QC", "D-QC"): 40,
        ("WS-DISP", "D-REPAIR"): 38,
        ("MECH-LEAD", "D-REPAIR"): 44,
        ("MECH-TECH", "D-REPAIR"): 46,
        ("MECH-APP", "D-REPAIR"): 40,
        ("BODY-LEAD", "D-BODY"): 44,
        ("BODY-PANEL", "D-BODY"): 40,
        ("BODY-PAINT", "D-BODY"): 42,
    })
    fill_workload(HERE / "市场部.xlsx", {
        ("MKT-MGR", "D-LEADS"): 20, ("MKT-MGR", "D-BRAND"): 22,
        ("MKT-PLAN", "D-LEADS"): "很多",          # text in an hours cell
        ("MKT-DIGI", "D-LEADS"): 30, ("MKT-DIGI", "D-BRAND"): 60,   # 90 hours a week
    })


if __name__ == "__main__":
    main()
