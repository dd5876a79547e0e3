"""Workload (工作量) from a hand-made survey: hours per duty and position → FTE need, load, flags; the matrix.

The hand-made survey is 行政部's form of the approved 2027 structure, filled with these hours per person a week
(standard week 40 hours, over-loaded above 1.10, under-loaded below 0.80 of the establishment):

==========  =========  ========  =======  =========  =====================  =====
position    approved   in post   hours    total      FTE need               load
==========  =========  ========  =======  =========  =====================  =====
ADM-MGR     1          1         44       44         1.10                   1.10  → ok (not above 1.10)
ADM-AST     1          1         32       32         0.80                   0.80  → ok (not below 0.80)
ADM-HR      1          1         38 + 10  48         1.20                   1.20  → over
ADM-CLERK   2          2         12 + 10  44         1.10                   0.55  → under
ADM-DRV     2          2         20       40         1.00                   0.50  → under
ADM-GUARD   3          3         42       126        3.15                   1.05  → ok
==========  =========  ========  =======  =========  =====================  =====
"""

from __future__ import annotations

import pandas as pd
import pytest
from openpyxl import load_workbook

from orgplan import read_structure, sample_path
from orgplan.cli import main
from orgplan.errors import DataError, ParameterError
from orgplan.i18n import language
from orgplan.staffing.workload import duty_findings, read_hours, read_hours_files, workload, workload_matrix
from orgplan.yearplan.survey import collect_forms, fill_workload, make_form, read_workload

HOURS = {
    ("ADM-MGR", "D-ORG"): 24, ("ADM-MGR", "D-HR"): 20,
    ("ADM-AST", "D-DOCS"): 32,
    ("ADM-HR", "D-HR"): 38, ("ADM-HR", "D-ORG"): 10,
    ("ADM-CLERK", "D-DOCS"): 12, ("ADM-CLERK", "D-ADMIN"): 10,
    ("ADM-DRV", "D-ADMIN"): 20,
    ("ADM-GUARD", "D-ADMIN"): 42,
}


@pytest.fixture(scope="module")
def approved():
    return read_structure(sample_path("approved-2027"))


@pytest.fixture()
def survey(approved, tmp_path):
    with language("zh-Hans"):
        path = make_form(approved, "ADM", tmp_path / "行政部.xlsx")
    fill_workload(path, HOURS)
    return path


def test_workload_flags_are_exact_on_a_hand_made_survey(approved, survey):
    hours = read_workload(survey, approved)
    table = workload(hours, approved).set_index("position_id")
    assert table["hours_per_person"].to_dict() == {"ADM-MGR": 44.0, "ADM-AST": 32.0, "ADM-HR": 48.0,
                                                   "ADM-CLERK": 22.0, "ADM-DRV": 20.0, "ADM-GUARD": 42.0}
    assert table["fte_need"].round(6).to_dict() == {"ADM-MGR": 1.1, "ADM-AST": 0.8, "ADM-HR": 1.2,
                                                   "ADM-CLERK": 1.1, "ADM-DRV": 1.0, "ADM-GUARD": 3.15}
    assert table["load"].round(6).to_dict() == {"ADM-MGR": 1.1, "ADM-AST": 0.8, "ADM-HR": 1.2,
                                               "ADM-CLERK": 0.55, "ADM-DRV": 0.5, "ADM-GUARD": 1.05}
    assert table["flag"].to_dict() == {"ADM-MGR": "ok", "ADM-AST": "ok", "ADM-HR": "over", "ADM-CLERK": "under",
                                       "ADM-DRV": "under", "ADM-GUARD": "ok"}


def test_thresholds_are_configurable(approved, survey):
    hours = read_workload(survey, approved)
    table = workload(hours, approved, over=1.25, under=0.5, standard_hours=44).set_index("position_id")
    # ADM-HR 48 ÷ 44 = 1.09 → ok; ADM-DRV 40 ÷ 44 ÷ 2 = 0.4545 → under; ADM-CLERK 44 ÷ 44 ÷ 2 = 0.5 → ok
    assert table["flag"].to_dict() == {"ADM-MGR": "ok", "ADM-AST": "ok", "ADM-HR": "ok", "ADM-CLERK": "ok",
                                       "ADM-DRV": "under", "ADM-GUARD": "ok"}
    with pytest.raises(ParameterError):
        workload(hours, approved, over=0.9)


def test_in_post_changes_the_fte_need(approved, survey):
    hours = read_workload(survey, approved)
    table = workload(hours, approved, in_post=pd.DataFrame({"position_id": ["ADM-GUARD"], "filled": [2]}))
    guard = table.set_index("position_id").loc["ADM-GUARD"]
    assert (guard["fte_need"], round(guard["load"], 4), guard["flag"]) == (2.1, 0.7, "under")


def test_matrix_and_duty_findings(approved, survey):
    hours = read_workload(survey, approved)
    matrix = workload_matrix(hours, approved).set_index("duty_id")
    assert list(matrix.index) == ["D-ORG", "D-HR", "D-ADMIN", "D-DOCS"]
    assert matrix.loc["D-HR", ["ADM-MGR", "ADM-HR", "fte"]].tolist() == [20.0, 38.0, 1.45]
    assert matrix.loc["D-ADMIN", "fte"] == pytest.approx((2 * 10 + 2 * 20 + 3 * 42) / 40)
    assert pd.isna(matrix.loc["D-ORG", "ADM-CLERK"])
    assert duty_findings(hours, approved).empty
    shared = pd.concat([hours, pd.DataFrame({"position_id": ["FIN-ACC"], "duty_id": ["D-DOCS"], "hours": [5.0]})])
    findings = duty_findings(shared, approved)
    assert findings[["code", "duty_id", "units"]].values.tolist() == [
        ["duty_without_hours", "D-ACCT", "FIN"], ["duty_without_hours", "D-CASH", "FIN"],
        ["duty_without_hours", "D-BUDGET", "FIN"], ["duty_in_several_units", "D-DOCS", "ADM, FIN"]]


def test_bad_survey_cells_are_located(approved, survey):
    fill_workload(survey, {("ADM-HR", "D-DOCS"): "很多", ("ADM-GUARD", "D-DOCS"): 50})
    with pytest.raises(DataError) as caught:
        read_workload(survey, approved)
    found = [(p.row, p.column, p.value, p.code) for p in caught.value.problems]
    assert found == [(4, "F", "很多", "not_a_number"), (7, None, "92", "too_many_hours")]
    assert all(p.file == "行政部.xlsx[工作量]" for p in caught.value.problems)


def test_a_changed_heading_is_located(approved, survey):
    wb = load_workbook(survey)
    wb["工作量"]["C1"] = "别的职能"
    wb.save(survey)
    with pytest.raises(DataError) as caught:
        read_workload(survey, approved)
    assert [(p.row, p.column, p.code) for p in caught.value.problems] == [(1, "C", "changed_cell")]


def test_a_form_in_english_reads_back(approved, tmp_path):
    with language("en"):
        path = make_form(approved, "ADM", tmp_path / "adm.xlsx")
    fill_workload(path, {("ADM-HR", "D-HR"): 30})
    assert "Workload" in load_workbook(path).sheetnames
    assert read_workload(path, approved)[["position_id", "duty_id", "hours"]].values.tolist() == [
        ["ADM-HR", "D-HR", 30.0]]


def test_the_workload_sheet_leaves_the_rest_of_the_form_alone(approved, survey, tmp_path):
    result = collect_forms(approved, survey.parent, departments=["ADM"])
    assert result.problems.empty


def test_a_table_of_hours_and_its_errors(approved, tmp_path):
    path = tmp_path / "hours.csv"
    path.write_text("职位编号,职能编号,每人每周小时\nADM-HR,D-HR,50\nADM-HR,D-NOPE,40\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_hours(path, approved)
    assert [(p.row, p.column, p.code) for p in caught.value.problems] == [
        (2, "hours", "too_many_hours"), (3, "duty_id", "unknown_duty")]


def test_the_sample_returns(capsys):
    structure = read_structure(sample_path("as-is-2026"))
    hours = read_hours_files([sample_path("survey-returns/行政部.xlsx"), sample_path("survey-returns/售后服务部.xlsx")],
                             structure)
    flags = workload(hours, structure).set_index("position_id")["flag"]
    assert sorted(flags[flags != "ok"].items()) == [("ADM-CLERK", "under"), ("ADM-HR", "over"),
                                                     ("ADV-INS", "under"), ("ADV-SA", "over"),
                                                     ("MECH-TECH", "over")]
    code = main(["--lang", "en", "workload", str(sample_path("survey-returns/市场部.xlsx")), "--structure",
                 str(sample_path("as-is-2026"))])
    assert code == 2
    assert "市场部.xlsx[工作量], row 3, column 'C': got '很多'" in capsys.readouterr().err
