"""Survey forms: make (validation, protection), fill → collect round trip, mistakes, CLI."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from openpyxl import load_workbook

from orgplan import read_structure, sample_path
from orgplan.cli import main
from orgplan.errors import ParameterError
from orgplan.i18n import language
from orgplan.organisation.scenario import AddPosition, ReassignDuty, RemovePosition, SetEstablishment
from orgplan.yearplan.survey import (
    DEVELOPMENT_QUESTIONS, FormAnswers, NewDuty, NewPosition, collect_forms, fill_form, make_form, make_forms,
    read_form,
)


@pytest.fixture(scope="module")
def as_is():
    return read_structure(sample_path("as-is-2026"))


@pytest.fixture(scope="module")
def blank_forms(as_is, tmp_path_factory):
    """One blank form per department, made in Traditional Chinese (the other languages: see the round trips)."""
    folder = tmp_path_factory.mktemp("forms")
    with language("zh-Hant"):
        made = make_forms(as_is, folder, due="2027-01-22")
    return folder, made


def book(blank_forms, unit_id):
    """The blank form of a department (named after the department, as the structure names it)."""
    folder, made = blank_forms
    return Path(made.set_index("unit_id").at[unit_id, "workbook"])


def fresh(blank_forms, tmp_path, unit_id):
    source = book(blank_forms, unit_id)
    target = tmp_path / source.name
    shutil.copy(source, target)
    return target


# ------------------------------------------------------------------ make
def test_one_form_per_department(blank_forms):
    folder, made = blank_forms
    assert made["unit_id"].tolist() == ["ADM", "FIN", "SALES", "MKT", "CRM", "AS", "PARTS"]
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{n}.xlsx" for n in made["department"])
    # 销售部 holds its teams' positions: 2 + 2 (showroom 3) ... counted from the as-is table
    assert made.set_index("unit_id").loc["SALES", ["positions", "duties"]].tolist() == [9, 5]
    assert made.set_index("unit_id").loc["AS", ["positions", "duties"]].tolist() == [14, 6]


def test_form_is_prefilled_protected_and_validated(blank_forms):
    folder, _ = blank_forms
    wb = load_workbook(book(blank_forms, "SALES"))
    assert wb.sheetnames[:1] == ["說明"] and {"職位", "新增職位", "職能", "發展"} <= set(wb.sheetnames)
    assert wb["_form"].sheet_state == "veryHidden" and wb["_lists"].sheet_state == "hidden"
    assert wb.security.lockStructure
    ws = wb["職位"]
    assert [c.value for c in ws[1]] == ["職位編號", "所屬單位", "職位", "上級職位", "現編制", "在崗", "明年編制",
                                        "處理建議", "理由"]
    assert [ws["A5"].value, ws["C5"].value, ws["D5"].value, ws["E5"].value, ws["F5"].value] == [
        "SHOW-CONS", "销售顾问", "展厅经理 (SHOW-MGR)", 16, 15]
    assert ws.protection.sheet
    assert ws["A5"].protection.locked and ws["E5"].protection.locked
    assert not ws["G5"].protection.locked and not ws["H5"].protection.locked
    kinds = {(dv.type, str(dv.sqref)) for dv in ws.data_validations.dataValidation}
    assert ("whole", "G2:G10") in kinds and ("list", "H2:H10") in kinds
    new = wb["新增職位"]
    kinds = {(dv.type, str(dv.sqref)): dv.formula1 for dv in new.data_validations.dataValidation}
    assert kinds[("list", "B2:B16")] == "=_lists!$A$1:$A$5"
    assert ("whole", "D2:D16") in kinds and ("decimal", "E2:E16") in kinds
    assert "销售部（SALES）" in wb["說明"]["A2"].value and "2027-01-22" in wb["說明"]["A3"].value
    assert wb["_lists"]["A2"].value == "展厅销售组 (SALES-SHOW)"


def test_make_forms_needs_departments(as_is, tmp_path):
    units = as_is.units.assign(kind=lambda t: t["kind"].replace("department", "section"))
    with pytest.raises(ParameterError, match="units of kind 'department'"):
        make_forms(as_is.replace(units=units), tmp_path)


def test_make_form_needs_xlsx(as_is, tmp_path):
    with pytest.raises(ParameterError, match=r"must end in \.xlsx"):
        make_form(as_is, "SALES", tmp_path / "x.csv")


# ------------------------------------------------------------------ round trip
SALES_ANSWERS = FormAnswers(
    establishment={"SHOW-CONS": 14, "KA-CONS": 4},
    remove=("FI-PLATE",),
    reasons={"SHOW-CONS": "轉網電銷", "FI-PLATE": "外包"},
    new_positions=(NewPosition("销售主管", "SALES-SHOW", "SHOW-MGR", 2, 11000.0, "幅度過寬"),
                   NewPosition("金融保险主管", "SALES-FI", "SAL-DIR", 1, 12000.0)),
    hand_over={"D-PLATE": "AS-ADV"},
    duty_notes={"D-NEWCAR": "維持"},
    new_duties=(NewDuty("销售目标分解与销售计划", "SALES", "目前無人負責"),),
    development={"development": "新增兩款車型", "filled_by": "王海濤", "filled_on": "2027-01-20"},
)


def test_fill_then_read_gives_back_the_answers(as_is, blank_forms, tmp_path):
    path = fill_form(fresh(blank_forms, tmp_path, "SALES"), SALES_ANSWERS)
    unit_id, answers, problems = read_form(path, as_is)
    assert (unit_id, problems) == ("SALES", [])
    assert answers == SALES_ANSWERS


def test_collect_consolidates_proposals_and_changes(as_is, blank_forms, tmp_path):
    folder = tmp_path / "returns"
    folder.mkdir()
    fill_form(fresh(blank_forms, folder, "SALES"), SALES_ANSWERS)
    result = collect_forms(as_is, folder, departments=["SALES"])
    assert result.ok and result.problems.empty
    table = result.proposals
    assert table["proposal"].tolist() == ["set_establishment", "set_establishment", "remove_position",
                                          "add_position", "add_position", "hand_over_duty", "add_duty"]
    row = table.iloc[0]
    assert (row.position_id, row.current, row.proposed, row.sheet, row.cell) == ("SHOW-CONS", 16, 14, "職位", "G5")
    assert table.iloc[3][["title", "unit_id", "reports_to", "proposed", "monthly_cost"]].tolist() == [
        "销售主管", "SALES-SHOW", "SHOW-MGR", 2, 11000.0]
    assert result.changes[:2] == (SetEstablishment("SHOW-CONS", 14, was=16), SetEstablishment("KA-CONS", 4, was=3))
    assert result.changes[2] == AddPosition("SALES-SHOW-NEW1", "SALES-SHOW", "销售主管", reports_to="SHOW-MGR",
                                            approved=2, monthly_cost=11000.0)
    # the new duty has the name of a known gap (D-SALESPLAN): the gap is filled, not duplicated
    assert ReassignDuty("D-SALESPLAN", "SALES") in result.changes
    assert ReassignDuty("D-PLATE", "AS-ADV", from_unit="SALES-FI") in result.changes
    assert result.changes[-1] == RemovePosition("FI-PLATE")
    draft = result.draft(as_is)
    positions = draft.positions.set_index("position_id")
    assert positions.at["SHOW-CONS", "approved"] == 14 and "FI-PLATE" not in positions.index
    assert int(positions["approved"].sum()) == int(as_is.positions["approved"].sum()) - 2 + 1 - 1 + 2 + 1
    assert draft.status == "draft"
    assert result.development["answer"].tolist() == ["新增兩款車型", "王海濤", "2027-01-20"]


@st.composite
def answers_for(draw, structure, unit_id):
    ids = [p for p, u in zip(structure.positions["position_id"], structure.positions["unit_id"])
           if u in structure.subunits(unit_id)]
    approved = structure.positions.set_index("position_id")["approved"]
    removed = draw(st.lists(st.sampled_from(ids), unique=True, max_size=2))
    others = [p for p in ids if p not in removed]
    changed = draw(st.lists(st.sampled_from(others), unique=True, max_size=3)) if others else []
    establishment = {p: draw(st.integers(0, 40).filter(lambda n, p=p: n != approved[p])) for p in changed}
    text = st.text(alphabet="調查表部門職位編制增人理由ABC123 ", min_size=1, max_size=12).map(str.strip).filter(bool)
    reasons = draw(st.dictionaries(st.sampled_from(ids), text, max_size=2))
    units = structure.subunits(unit_id)
    new = tuple(draw(st.lists(st.builds(NewPosition, text, st.sampled_from(units), st.sampled_from(ids),
                                        st.integers(1, 9), st.integers(0, 30000).map(float),
                                        st.one_of(st.none(), text)), max_size=3)))
    dev = draw(st.dictionaries(st.sampled_from([k for k in DEVELOPMENT_QUESTIONS if k != "filled_on"]), text,
                               max_size=3))
    return FormAnswers(establishment=establishment, remove=tuple(removed), reasons=reasons, new_positions=new,
                       development=dev)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(data=st.data())
def test_round_trip_property(as_is, blank_forms, tmp_path, data):
    answers = data.draw(answers_for(as_is, "AS"))
    path = fill_form(book(blank_forms, "AS"), answers, out=tmp_path / "filled.xlsx")
    unit_id, back, problems = read_form(path, as_is)
    assert problems == [] and unit_id == "AS"
    assert back == answers


# ------------------------------------------------------------------ mistakes
def test_mistakes_are_reported_with_workbook_sheet_and_cell(as_is, blank_forms, tmp_path):
    folder = tmp_path / "returns"
    folder.mkdir()
    path = fresh(blank_forms, folder, "MKT")
    name = path.name
    fill_form(path, FormAnswers(establishment={"MKT-PLAN": 3}, remove=("MKT-EVENT",)))
    wb = load_workbook(path)
    wb["職位"]["G4"] = "兩人"                      # text in a number cell
    wb["職位"]["C3"] = "策劃"                      # a pre-filled cell changed
    for col, value in zip("ABCDEF", ("短視頻編導", "市场部 (MKT)", "市場總監", 1, "九千", "")):
        wb["新增職位"][f"{col}2"] = value          # unknown manager, text as cost
    wb["職能"]["D2"] = "移交"                      # hand over to nobody
    wb.save(path)
    pd.DataFrame({"職位編號": ["PARTS-WH"], "明年編制": [4]}).to_excel(folder / "配件部.xlsx", index=False)
    result = collect_forms(as_is, folder, departments=["MKT", "PARTS", "CRM"])
    got = {(p.code, p.workbook, p.sheet, p.cell) for p in result.problems.itertuples()}
    assert got == {
        ("not_a_number", name, "職位", "G4"),
        ("changed_prefilled", name, "職位", "C3"),
        ("unknown_position", name, "新增職位", "C2"),
        ("not_a_number", name, "新增職位", "E2"),
        ("missing_value", name, "職能", "E2"),
        ("retyped_form", "配件部.xlsx", None, None),
        ("missing_department", f"{folder.name}/", None, None),   # CRM
        ("missing_department", f"{folder.name}/", None, None),   # PARTS (its form was re-typed)
    } and len(result.problems) == 8
    message = result.problems.set_index(["sheet", "cell"]).loc[("職位", "G4"), "message"]
    assert message == (f"{name}[職位], cell G4: got '兩人', expected a whole number of 0 or more "
                       "(next year's establishment; leave empty when unchanged).")
    assert not result.ok
    # the rows without problems still count; the bad rows do not
    assert result.proposals[["proposal", "position_id"]].values.tolist() == [["remove_position", "MKT-EVENT"]]


def test_unknown_position_in_a_prefilled_row(as_is, blank_forms, tmp_path):
    path = fresh(blank_forms, tmp_path, "FIN")
    wb = load_workbook(path)
    wb["職位"]["A3"] = "FIN-AUDIT"
    wb.save(path)
    _, answers, problems = read_form(path, as_is)
    assert [(p.code, p.cell, p.value) for p in problems] == [("unknown_position", "A3", "FIN-AUDIT")]


def test_form_from_another_structure_is_refused(as_is, blank_forms, tmp_path):
    approved = read_structure(sample_path("approved-2027"))
    _, answers, problems = read_form(book(blank_forms, "SALES"), approved)
    assert answers is None and [p.code for p in problems] == ["other_structure"]


def test_unreadable_workbook_and_duplicate_forms(as_is, blank_forms, tmp_path):
    folder = tmp_path / "returns"
    folder.mkdir()
    (folder / "壞檔.xlsx").write_bytes(b"not a workbook")
    shutil.copy(book(blank_forms, "FIN"), folder / "财务部.xlsx")
    shutil.copy(book(blank_forms, "FIN"), folder / "财务部 (2).xlsx")
    (folder / "~$财务部.xlsx").write_bytes(b"lock file")
    result = collect_forms(as_is, folder, departments=["FIN"])
    assert sorted(result.problems["code"]) == ["duplicate_form", "unreadable"]
    assert list(result.answers) == ["FIN"]


def test_collect_needs_a_folder(as_is, tmp_path):
    with pytest.raises(FileNotFoundError):
        collect_forms(as_is, tmp_path / "missing")


def test_sample_returns(as_is):
    result = collect_forms(as_is, sample_path("survey-returns"))
    assert sorted(result.answers) == ["ADM", "AS", "FIN", "MKT", "SALES"]
    assert sorted(set(result.problems["code"])) == ["missing_department", "missing_value", "not_a_number",
                                                    "retyped_form", "unknown_position"]
    draft = result.draft(as_is)
    assert draft.position("MECH-TECH")["approved"] == 15


# ------------------------------------------------------------------ CLI
def test_cli_make_and_collect(as_is, tmp_path, capsys):
    forms = tmp_path / "forms"
    assert main(["survey", "make", str(sample_path("as-is-2026")), "-o", str(forms), "--due", "2027-01-22"]) == 0
    assert "Wrote 7 forms" in capsys.readouterr().out
    fill_form(forms / f"{as_is.unit('SALES')['name']}.xlsx", SALES_ANSWERS)
    out = tmp_path / "proposals.xlsx"
    code = main(["survey", "collect", str(sample_path("as-is-2026")), str(forms), "-o", str(out),
                 "--scenario", str(tmp_path / "sc.yaml"), "--draft", str(tmp_path / "draft")])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    sheets = pd.read_excel(out, sheet_name=None)
    assert set(sheets) == {"proposals", "development", "changes", "problems"}
    assert len(sheets["proposals"]) == 7 and len(sheets["changes"]) == 7
    assert read_structure(tmp_path / "draft").position("SHOW-CONS")["approved"] == 14
    from orgplan.organisation.scenario import Scenario

    assert len(Scenario.load(tmp_path / "sc.yaml").changes) == 7


def test_cli_collect_with_problems_exits_1(tmp_path, capsys):
    out = tmp_path / "p.csv"
    assert main(["survey", "collect", str(sample_path("as-is-2026")), str(sample_path("survey-returns")),
                 "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "市场部.xlsx[职位], cell G4: got '两人'" in err
    assert "配件部（重新制表）.xlsx: expected a survey form made by `orgplan survey make`" in err
    assert len(pd.read_csv(out, encoding="utf-8-sig")) == 13


def test_cli_bad_calls_exit_2(tmp_path, capsys):
    assert main(["survey", "collect", str(sample_path("as-is-2026")), str(tmp_path / "none"), "-o",
                 str(tmp_path / "p.csv")]) == 2
    assert "no such folder" in capsys.readouterr().err
    assert main(["survey", "make", str(tmp_path / "nothing"), "-o", str(tmp_path / "f")]) == 2


# ------------------------------------------------------------------ languages
def _proposals_without_sheet(result):
    return result.proposals.drop(columns=["sheet", "workbook"])


@pytest.fixture(scope="module")
def collected_in_traditional(as_is, blank_forms, tmp_path_factory):
    folder = tmp_path_factory.mktemp("returns-zh-Hant")
    fill_form(fresh(blank_forms, folder, "SALES"), SALES_ANSWERS)
    return collect_forms(as_is, folder, departments=["SALES"])


@pytest.mark.parametrize("lang, sheets", [
    ("zh-Hans", ["说明", "_lists", "职位", "新增职位", "职能", "发展", "工作量", "_form"]),
    ("en", ["Instructions", "_lists", "Positions", "New positions", "Duties", "Development", "Workload", "_form"]),
])
def test_a_form_made_in_any_language_reads_back_the_same(as_is, tmp_path, collected_in_traditional, lang, sheets):
    with language(lang):
        path = make_form(as_is, "SALES", tmp_path / "form.xlsx", due="2027-01-22")
    assert load_workbook(path).sheetnames == sheets
    fill_form(path, SALES_ANSWERS)
    unit_id, answers, problems = read_form(path, as_is)
    assert (unit_id, problems, answers.language) == ("SALES", [], lang) and answers == SALES_ANSWERS
    result = collect_forms(as_is, tmp_path, departments=["SALES"])
    assert result.ok
    pd.testing.assert_frame_equal(_proposals_without_sheet(result), _proposals_without_sheet(collected_in_traditional))
    assert result.changes == collected_in_traditional.changes
    assert result.proposals["sheet"].iloc[0] == sheets[2]   # where to look, as the form names the sheet


def test_form_headers_and_drop_downs_in_simplified_and_traditional_chinese(as_is, tmp_path):
    expected = {
        "zh-Hans": (["职位编号", "所属单位", "职位", "上级职位", "现编制", "在岗", "明年编制", "处理建议", "理由"],
                    '"保留,撤销"', "本表用于调查现行组织架构与职位编制的合理性"),
        "zh-Hant": (["職位編號", "所屬單位", "職位", "上級職位", "現編制", "在崗", "明年編制", "處理建議", "理由"],
                    '"保留,撤銷"', "本表用於調查現行組織架構與職位編制的合理性"),
    }
    for lang, (headers, choices, instructions) in expected.items():
        with language(lang):
            wb = load_workbook(make_form(as_is, "SALES", tmp_path / f"{lang}.xlsx"))
        positions = wb[wb.sheetnames[2]]
        assert [c.value for c in positions[1]] == headers
        assert choices in {dv.formula1 for dv in positions.data_validations.dataValidation}
        assert wb[wb.sheetnames[0]]["A5"].value.startswith(instructions)


def test_a_drop_down_value_typed_in_the_other_script_is_understood(as_is, blank_forms, tmp_path):
    path = fresh(blank_forms, tmp_path, "SALES")   # a Traditional form …
    wb = load_workbook(path)
    wb["職位"]["H10"] = "撤销"                      # … where someone typed the Simplified word
    wb.save(path)
    _, answers, problems = read_form(path, as_is)
    assert problems == [] and len(answers.remove) == 1


def test_a_form_made_before_forms_recorded_their_language_is_still_read(as_is, blank_forms, tmp_path):
    path = fill_form(fresh(blank_forms, tmp_path, "SALES"), SALES_ANSWERS)
    wb = load_workbook(path)
    identity = wb["_form"]
    identity.delete_rows(next(c.row for c in identity["A"] if c.value == "language"))
    wb.save(path)
    unit_id, answers, problems = read_form(path, as_is)
    assert (unit_id, problems, answers.language) == ("SALES", [], "zh-Hant") and answers == SALES_ANSWERS


def test_problems_are_reported_in_the_language_in_force(as_is, blank_forms, tmp_path):
    path = fresh(blank_forms, tmp_path, "MKT")
    wb = load_workbook(path)
    wb["職位"]["G4"] = "兩人"
    wb.save(path)
    with language("zh-Hans"):
        _, answers, problems = read_form(path, as_is)
        assert str(problems[0]) == (f"{path.name}[職位]，单元格 G4：填的是 '兩人'，应为0 或以上的整数（明年编制；不变则留空）。")
        result = collect_forms(as_is, tmp_path, departments=["MKT"])
        shown = result.display("problems")
    assert shown.columns[:2].tolist() == ["级别", "问题"] and shown.iloc[0, :2].tolist() == ["错误", "不是数字"]


def test_draft_figures_side_by_side(as_is):
    result = collect_forms(as_is, sample_path("survey-returns"))
    table = result.draft_figures(as_is)
    assert table.columns.tolist() == ["as-is", "draft from the survey"]
    assert table.loc["approved"].tolist() == [110, 123] and "warnings" in table.index
