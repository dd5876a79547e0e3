"""Rebuild the sample survey returns: forms made from the 2026 as-is structure, filled programmatically.

Run from the repository root: ``python data/survey-returns/make_returns.py``.

- 銷售部, 售後服務部, 行政部, 財務部: filled correctly (財務部 proposes nothing but answers the questions);
- 市場部: filled with mistakes — text in a number cell, a new position reporting to a
  position that does not exist, a hand-over without the unit that takes it;
- 配件部（重新製表）: the parts department re-typed the form into a new workbook;
- 客戶服務部 sent nothing back.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from orgplan import read_structure, sample_path
from orgplan.yearplan.survey import FormAnswers, NewDuty, NewPosition, fill_form, make_form

HERE = Path(__file__).resolve().parent


def main() -> None:
    s = read_structure(sample_path("as-is-2026"))
    for old in HERE.glob("*.xlsx"):
        old.unlink()

    sales = make_form(s, "SALES", HERE / "銷售部.xlsx", due="2027-01-22")
    fill_form(sales, FormAnswers(
        establishment={"SHOW-CONS": 14, "KA-CONS": 4},
        reasons={"SHOW-CONS": "兩名顧問轉為網電銷顧問；展廳客流下降。",
                 "KA-CONS": "集團採購客戶增加，需再增一名專員。"},
        new_positions=(
            NewPosition("銷售主管", "SALES-SHOW", "SHOW-MGR", 2, 11000, "展廳經理直接管理16名顧問，管理幅度過寬。"),
            NewPosition("網電銷顧問 (DCC)", "SALES-SHOW", "SHOW-MGR", 3, 7000, "線上線索需專人跟進。"),
            NewPosition("金融保險主管", "SALES-FI", "SAL-DIR", 1, 12000, "金融保險組無主管，專員直接匯報銷售總監。"),
            NewPosition("二手車主管", "SALES-USED", "SAL-DIR", 1, 12000, "二手車組成立，需主管。"),
            NewPosition("二手車評估師", "SALES-USED", "SAL-DIR", 2, 8000, "置換業務評估。"),
        ),
        new_duties=(NewDuty("銷售目標分解與銷售計劃", "SALES", "目前無明確歸屬，應由銷售部負責。"),),
        development={
            "structure_issues": "展廳經理管理幅度過寬；金融保險組與二手車組無主管；網電銷線索無人專門跟進。",
            "development": "2027 年新增兩款新能源車型，預計新車銷量增長 8%，二手車置換業務擴大。",
            "staffing_needs": "需增設銷售主管兩名、網電銷顧問三名、二手車主管與評估師。",
            "suggestions": "建議明確銷售目標分解的歸屬，並按月考核。",
            "filled_by": "銷售總監 王海濤",
            "filled_on": "2027-01-20",
        }))

    aftersales = make_form(s, "AS", HERE / "售後服務部.xlsx", due="2027-01-22")
    fill_form(aftersales, FormAnswers(
        establishment={"MECH-TECH": 15},
        reasons={"MECH-TECH": "現有14人在崗已超編，保養台次增長。", "ADV-WARR": "原匯報對象（售後經理）已撤銷，應改匯報服務經理。"},
        new_positions=(NewPosition("售後內勤", "AS", "AS-DIR", 2, 5500, "結算、資料與回訪支持。"),),
        hand_over={"D-COMPLAINT": "CRM"},
        duty_notes={"D-COMPLAINT": "客戶投訴統一由客戶服務部處理，服務顧問組配合。"},
        development={
            "structure_issues": "客戶投訴由客服部與服務顧問組兩頭處理，責任不清。",
            "development": "保養台次預計增長 10%，新能源車維修需求出現。",
            "staffing_needs": "機修技師編制增至 15 人；新能源維修培訓。",
            "filled_by": "售後服務總監 林志明",
            "filled_on": "2027-01-21",
        }))

    admin = make_form(s, "ADM", HERE / "行政部.xlsx", due="2027-01-22")
    fill_form(admin, FormAnswers(
        reasons={"ADM-HR": "人事工作量隨招聘增加，暫不增編。"},
        development={
            "structure_issues": "架構基本合理；人事專員工作量偏高。",
            "development": "配合年度架構調整，完成職務說明書手冊。",
            "filled_by": "行政經理 張麗",
            "filled_on": "2027-01-18",
        }))

    finance = make_form(s, "FIN", HERE / "財務部.xlsx", due="2027-01-22")
    fill_form(finance, FormAnswers(development={
        "structure_issues": "現行架構合理。",
        "development": "無重大變化。",
        "filled_by": "財務經理 周敏",
        "filled_on": "2027-01-19",
    }))

    # 市場部: filled with mistakes, as a form comes back in real life
    marketing = make_form(s, "MKT", HERE / "市場部.xlsx", due="2027-01-22")
    fill_form(marketing, FormAnswers(
        remove=("MKT-EVENT",),
        reasons={"MKT-EVENT": "活動由市場策劃兼任。"},
        new_duties=(NewDuty("競品與市場信息收集", "MKT", "目前無人負責，市場部願意承擔。"),),
        development={"development": "加大新媒體投放。", "filled_by": "市場經理 黃曉雯", "filled_on": "2027-01-23"}))
    from openpyxl import load_workbook

    wb = load_workbook(marketing)
    wb["職位"]["G4"] = "兩人"                      # text in a number cell (MKT-DIGI, 明年編制)
    new = wb["新增職位"]
    for column, value in zip("ABCDEF", ("短視頻編導", "市場部 (MKT)", "市場總監", 1, 9000, "短視頻內容製作")):
        new[f"{column}2"] = value                  # 市場總監: a position that does not exist
    wb["職能"]["D2"] = "移交"                      # hand over D-LEADS … but to whom?
    wb.save(marketing)

    # 配件部 re-typed the form into a new workbook instead of filling the one sent out
    retyped = pd.DataFrame({"職位編號": ["PARTS-MGR", "PARTS-PLAN", "PARTS-WH", "PARTS-SALES"],
                            "職位": ["配件經理", "配件計劃員", "倉管員", "配件銷售"],
                            "現編制": [1, 1, 3, 2], "明年編制": [1, 1, 4, 2]})
    with pd.ExcelWriter(HERE / "配件部（重新製表）.xlsx", engine="openpyxl") as writer:
        retyped.to_excel(writer, sheet_name="職位", index=False)


if __name__ == "__main__":
    main()
