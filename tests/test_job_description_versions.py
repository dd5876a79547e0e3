"""Job descriptions by version (last year's and this year's) and the collection sheet of the survey workbook."""

from __future__ import annotations

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

import orgplan.i18n
from orgplan import DataError, read_structure, sample_path
from orgplan.yearplan.jd_form import add_job_description_sheet, job_description_form, read_job_description_sheet
from orgplan.yearplan.job_descriptions import (compare_job_descriptions, job_description_changes_display,
                                               job_description_table, read_job_descriptions)


def _jd(rows):
    return job_description_table(pd.DataFrame(rows))


def test_hand_made_diff_added_removed_reworded_and_requirements():
    old = _jd([{"position_id": "A", "title": "顾问", "duties": "接待客户；建立档案\n交车", "requirements": "大专；驾照"},
               {"position_id": "B", "title": "司机", "duties": "驾驶"},
               {"position_id": "D", "title": "出纳", "duties": "收付款", "workflow": "收款→开票"}])
    new = _jd([{"position_id": "A", "title": "销售顾问", "duties": "接待客户；建立客户档案；交车；首保提醒",
                "requirements": "大专；驾照"},
               {"position_id": "C", "title": "专员", "duties": "回访"},
               {"position_id": "D", "title": "出纳", "duties": "收付款", "workflow": "收款→开票"}])
    table = compare_job_descriptions(old, new).set_index("position_id")
    assert table["status"].to_dict() == {"A": "changed", "C": "new", "D": "unchanged", "B": "removed"}
    assert table.at["A", "duties_added"] == ["建立客户档案", "首保提醒"]
    assert table.at["A", "duties_removed"] == ["建立档案"]
    assert table.at["A", "duties_kept"] == ["接待客户", "交车"]
    assert table.at["A", "title_old"] == "顾问" and table.at["A", "requirements_added"] == []


def test_the_sample_2026_to_2027():
    old_s, new_s = read_structure(sample_path("as-is-2026")), read_structure(sample_path("approved-2027"))
    table = compare_job_descriptions(read_job_descriptions(sample_path("as-is-2026/job_descriptions.csv")),
                                     read_job_descriptions(sample_path("approved-2027/job_descriptions.csv")),
                                     old_structure=old_s, new_structure=new_s).set_index("position_id")
    assert table["status"].value_counts().to_dict() == {"unchanged": 34, "changed": 9, "new": 7, "removed": 1}
    assert sorted(table.index[table["status"] == "new"]) == ["AS-CLERK", "FI-MGR", "SHOW-DCC", "SHOW-SUP",
                                                            "USED-CONS", "USED-EVAL", "USED-MGR"]
    assert table.index[table["status"] == "removed"].tolist() == ["MKT-EVENT"]
    assert (table.at["SHOW-CONS", "reports_to_old"], table.at["SHOW-CONS", "reports_to_new"]) == ("SHOW-MGR",
                                                                                                 "SHOW-SUP")
    assert table.at["ADM-MGR", "requirements_removed"] == ["大专以上学历"]
    assert table.at["ADM-MGR", "requirements_added"] == ["本科以上学历", "熟悉劳动法规"]
    with orgplan.i18n.language("zh-Hans"):
        shown = job_description_changes_display(table.reset_index().loc[lambda t: t["position_id"] == "FI-PLATE"])
    assert shown.iloc[0].tolist() == ["FI-PLATE", "上牌专员", "变更", "汇报对象：SAL-DIR → FI-MGR"]


def test_collection_sheet_round_trip_and_located_errors(tmp_path):
    structure = read_structure(sample_path("approved-2027"))
    last_year = read_job_descriptions(sample_path("as-is-2026/job_descriptions.csv"))
    path = tmp_path / "客户服务部.xlsx"
    wb = Workbook()
    wb.active.title = "填写说明"
    wb.save(path)
    with orgplan.i18n.language("zh-Hans"):
        add_job_description_sheet(path, structure, "CRM", last_year)
    book = load_workbook(path)
    assert book.sheetnames == ["填写说明", "职位说明书"]
    sheet = book["职位说明书"]
    assert [c.value for c in sheet[1]][:4] == ["职位编号", "职位", "上级（供参考）", "岗位职责"]
    assert sheet["D3"].value == "售后客户回访；满意度数据统计"  # last year's duties of 客服专员, to revise
    sheet["G2"] = "下周"                  # revised_on is not a date
    for cell in ("D3", "E3", "F3"):     # 客服专员 left blank: still missing, not an error
        sheet[cell] = None
    book.save(path)
    with pytest.raises(DataError) as info:
        read_job_description_sheet(path, structure, "CRM")
    assert [(p.row, p.column, p.code) for p in info.value.problems] == [(2, "revised_on", "not_a_date")]
    assert "[职位说明书]" in info.value.problems[0].file


def test_a_row_of_another_department_is_an_error(tmp_path):
    structure = read_structure(sample_path("approved-2027"))
    path = tmp_path / "crm.xlsx"
    Workbook().save(path)
    add_job_description_sheet(path, structure, "CRM")
    book = load_workbook(path)
    sheet = book["Job descriptions"]
    sheet["A3"], sheet["D3"] = "GM", "主持全面工作"
    book.save(path)
    with pytest.raises(DataError) as info:
        read_job_description_sheet(path, structure, "CRM")
    assert [(p.row, p.column, p.value) for p in info.value.problems] == [(3, "position_id", "GM")]


def test_form_rows_and_formula_text_stays_text(tmp_path):
    structure = read_structure(sample_path("approved-2027"))
    hostile = _jd([{"position_id": "CRM-MGR", "duties": "=cmd|' /C calc'!A0"}])
    rows = job_description_form(structure, "CRM", hostile)
    assert rows["position_id"].tolist() == ["CRM-MGR", "CRM-SPEC"]
    path = tmp_path / "crm.xlsx"
    Workbook().save(path)
    add_job_description_sheet(path, structure, "CRM", hostile)
    cell = load_workbook(path)["Job descriptions"]["D2"]
    assert cell.data_type == "s" and cell.value == "=cmd|' /C calc'!A0"
