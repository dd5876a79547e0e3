"""Duties per position, the authority table (权责表) and leadership posts (领导职数): the rules find the planted defects."""

from __future__ import annotations

import pandas as pd
import pytest

import orgplan.i18n
from orgplan import DataError, check, check_path, read_structure, sample_path
from orgplan.organisation.authority import (authority_display, duty_matrix, position_duties_display, read_authority,
                                            read_position_duties)
from orgplan.organisation.leadership import (LeadershipRules, leadership_display, leadership_posts,
                                             read_leadership_rules)
from orgplan.organisation.scenario import AddPosition, apply_changes


@pytest.fixture(scope="module")
def approved():
    return read_structure(sample_path("approved-2027"))


def test_the_approved_sample_is_clean_with_its_tables_beside():
    assert check_path(sample_path("approved-2027")).empty


def test_planted_position_duty_defects_are_found(approved):
    duties = read_position_duties(sample_path("broken/position_duties-bad.csv"))
    found = check(approved, position_duties=duties)
    by_rule = found.groupby("rule")["duty_id"].apply(list).to_dict()
    assert by_rule["position_duty_gap"] == ["D-BRAND", "D-PARTS"]
    assert by_rule["position_duty_overlap"] == ["D-LEADS", "D-VISIT"]
    assert by_rule["position_duty_unknown"] == ["D-PARTS"]
    assert by_rule["position_duty_elsewhere"] == ["D-LEADS"]
    assert found.loc[found["rule"] == "position_without_duty", "position_id"].tolist() == [
        "ADM-GUARD", "MKT-PLAN", "PARTS-MGR"]


def test_planted_authority_defects_are_found_with_their_rows(tmp_path, approved):
    folder = tmp_path / "s"
    folder.mkdir()
    for name in ("units.csv", "positions.csv", "duties.csv", "structure.yaml"):
        (folder / name).write_bytes((sample_path("approved-2027") / name).read_bytes())
    (folder / "authority.csv").write_bytes(sample_path("broken/authority-bad.csv").read_bytes())
    found = check_path(folder)
    rows = {rule: group["row"].tolist() for rule, group in found.groupby("rule")}
    # authority.csv rows (header = row 1): A-DISC-3 is row 7, A-USED 9, A-BUY-2 11, A-REFUND-2 16
    assert rows == {"authority_unknown_position": [9], "authority_no_approver": [16],
                    "authority_two_approvers": [7], "authority_self_approval": [7, 11]}
    assert set(found["file"]) == {str(folder / "authority.csv")}
    message = found.loc[found["rule"] == "authority_two_approvers", "message"].item()
    assert "'SHOW-MGR' (展厅经理), 'SAL-DIR' (销售总监)" in message


def test_a_vacant_approver_is_a_warning(approved):
    empty = apply_changes(approved, [AddPosition("SAL-VP", "SALES", "销售副总监", reports_to="SAL-DIR", approved=1,
                                                 filled=0, monthly_cost=20000)])
    table = pd.DataFrame({"decision_id": ["A1"], "decision": ["折扣"], "proposes": ["SHOW-MGR"],
                          "reviews": [None], "approves": ["SAL-VP"]})
    found = check(empty, authority=table)
    assert found["rule"].tolist() == ["authority_vacant_approver"]
    assert found["severity"].tolist() == ["warning"]


def test_bad_authority_cells_are_located(tmp_path):
    path = tmp_path / "authority.csv"
    path.write_text("编号,事项,提出,批准\nA1,,SHOW-MGR,SAL-DIR\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        read_authority(path)
    assert [(p.row, p.column) for p in info.value.problems] == [(2, "decision")]


def test_duty_matrix_of_a_department(approved):
    duties = read_position_duties(sample_path("approved-2027/position_duties.csv"))
    matrix = duty_matrix(approved, duties, unit="ADM")
    assert matrix.loc["D-ORG"].to_dict() == {"ADM-MGR": "lead", "ADM-AST": "", "ADM-HR": "",
                                             "ADM-CLERK": "support", "ADM-DRV": "support", "ADM-GUARD": "support"}
    shown = position_duties_display(matrix, approved)
    assert shown.loc["组织架构与编制管理", "行政经理"] == "●"


def test_leadership_posts_by_size_and_a_second_deputy_is_noticed(approved):
    posts = leadership_posts(approved).set_index("unit_id")
    assert posts.loc["SALES", ["size", "heads", "deputies", "deputies_allowed"]].tolist() == [40, 1, 0, 1]
    grown = apply_changes(approved, [
        AddPosition("SAL-VP", "SALES", "销售副总监", reports_to="SAL-DIR", approved=2, filled=1, monthly_cost=20000)])
    found = check(grown)
    assert found.loc[found["rule"] == "leadership_posts", "message"].tolist() == [
        "Unit 'SALES' (销售部) (42 people) has 1 head and 2 deputy posts; the rule allows 1 and 1."]


def test_leadership_rules_read_from_yaml_and_bad_ones_located(tmp_path):
    path = tmp_path / "leadership.yaml"
    path.write_text("部门:\n  正职: {0: 1}\n  副职: {0: 0, 10: 1}\n", encoding="utf-8")
    assert read_leadership_rules(path).allowed("department", 12) == (1, 1)
    assert LeadershipRules().allowed("department", 12) == (1, 0)
    path.write_text("department:\n  deputies: {0: many}\nshop: {heads: 1}\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        read_leadership_rules(path)
    assert [(p.row, p.column) for p in info.value.problems] == [(2, "department.deputies"), (3, "shop")]


def test_chinese_tables_for_people(approved):
    with orgplan.i18n.language("zh-Hans"):
        shown = leadership_display(leadership_posts(approved), approved)
        table = authority_display(read_authority(sample_path("approved-2027/authority.csv")), approved)
    assert list(shown.columns[:4]) == ["部门", "类型", "编制", "正职职数"]
    assert table.iloc[0].tolist()[:6] == ["A-HIRE", "编制内招聘（增人）", "职位有空缺", "人事专员", "", "行政经理"]
