"""Issue 22's reproductions, kept as regression tests: each gives a located error or the right result.

The four serious findings first (a GM's approval of any text, script in HTML, formulas in spreadsheets, small
files that exhaust memory), then the tracebacks, the silent wrong results and the smaller ones.
"""

from __future__ import annotations

import html
import os
import shutil
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from orgplan import read_structure, sample_path
from orgplan.cli import main
from orgplan.errors import DataError, ParameterError
from orgplan.headcount import validate_requests
from orgplan.headcount.requests import is_special_approval
from orgplan.tables.io import read_table, read_workbook, write_table, write_workbook
from orgplan.tables.yamlfile import MAX_DEPTH, load_yaml_with_lines

ROOT = Path(__file__).resolve().parent.parent
APPROVED = sample_path("approved-2027")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["--lang", "en", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def copy_structure(tmp_path: Path, name: str = "approved-2027") -> Path:
    target = tmp_path / name
    shutil.copytree(sample_path(name), target)
    return target


def edit_csv(path: Path, edit) -> None:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    edit(frame)
    frame.to_csv(path, index=False)


# ------------------------------------------------------------------ serious 1: the GM's special approval
@pytest.mark.parametrize("cell", ["未批准", "待批", "pending", "0", "yes", "GM", "GM-27-1", "=1+1"])
def test_a_special_approval_must_be_a_reference_of_the_stated_form(cell):
    batch = pd.DataFrame({"request_id": ["R1"], "date": ["2027-04-01"], "unit_id": ["SALES-SHOW"],
                          "position_id": ["SHOW-CONS"], "kind": ["hire"], "count": ["10"],
                          "special_approval": [cell]})
    decision = validate_requests(read_structure(APPROVED), batch).iloc[0]
    assert (decision["decision"], decision["reason_code"]) == ("invalid", "bad_special_approval")
    assert repr(cell) in decision["message"] and "GM-2027-007" in decision["message"]


@pytest.mark.parametrize("cell", ["GM-2027-007", "gm-2027-7", "总经理特批-2027-001", "總經理特批-2027-001",
                                  "特批-2027-12", "ＧＭ－２０２７－００７", "GM 2027 007"])
def test_a_reference_of_the_stated_form_approves_beyond_the_establishment(cell):
    assert is_special_approval(cell)
    batch = pd.DataFrame({"request_id": ["R1"], "date": ["2027-04-01"], "unit_id": ["SALES-SHOW"],
                          "position_id": ["SHOW-CONS"], "kind": ["hire"], "count": ["10"],
                          "special_approval": [cell]})
    decision = validate_requests(read_structure(APPROVED), batch).iloc[0]
    assert (decision["decision"], decision["reason_code"]) == ("approved", "special_approval_over_establishment")


def test_the_issue_reproduction_of_a_refused_approval_on_the_command_line(tmp_path, capsys):
    requests = tmp_path / "r.csv"
    requests.write_text("request_id,date,unit_id,position_id,kind,count,special_approval\n"
                        "R1,2027-04-01,SALES-SHOW,SHOW-CONS,hire,10,未批准\n", encoding="utf-8")
    code, out, _err = run(capsys, "requests", "validate", str(APPROVED), str(requests), "-o", "-")
    decisions = pd.read_csv(__import__("io").StringIO(out), dtype=str)
    assert decisions.loc[0, ["decision", "reason_code"]].tolist() == ["invalid", "bad_special_approval"]


def test_empty_and_no_approval_words_still_mean_no_approval():
    batch = pd.DataFrame({"request_id": ["R1", "R2"], "date": ["2027-04-01"] * 2, "unit_id": ["SALES-SHOW"] * 2,
                          "position_id": ["SHOW-CONS"] * 2, "kind": ["hire"] * 2, "count": ["10"] * 2,
                          "special_approval": ["", "无"]})
    decisions = validate_requests(read_structure(APPROVED), batch)
    assert decisions["decision"].tolist() == ["rejected", "rejected"]


# ------------------------------------------------------------------ serious 2: script in HTML outputs
HOSTILE = "<script>alert(1)</script>"


def test_hostile_names_are_escaped_in_the_plan_widget(tmp_path):
    from orgplan.widgets.plan import _status_html
    from orgplan.yearplan.plan import plan_status, read_plan

    plan_file = tmp_path / "plan.csv"
    frame = pd.read_csv(sample_path("plan-2027.csv"), dtype=str, keep_default_na=False)
    frame.iloc[0, frame.columns.get_loc("task")] = "<span onmouseover=alert(1)>x</span>"
    frame.iloc[1, frame.columns.get_loc("owner")] = HOSTILE
    frame.to_csv(plan_file, index=False)
    page = _status_html(plan_status(read_plan(plan_file), "2027-02-01"))
    assert "<script>" not in page and "<span onmouseover" not in page
    assert html.escape(HOSTILE) in page


def test_hostile_names_are_escaped_in_the_exceptions_report():
    from orgplan.headcount.staffing import exceptions_report

    structure = read_structure(APPROVED)
    decisions = pd.DataFrame({
        "request_id": [HOSTILE], "decision": ["approved"], "reason_code": ["special_approval_over_establishment"],
        "date": ["2027-04-01"], "unit_id": ["SALES-SHOW"], "position_id": ["SHOW-CONS"], "title": [HOSTILE],
        "kind": ["hire"], "count": [3], "over_establishment": [1], "special_approval": ["GM-2027-007"],
        "requested_by": ["<img src=x onerror=alert(1)>"], "reason": [HOSTILE], "message": [""]})
    page = exceptions_report(decisions, structure)._repr_html_()
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;" in page


def test_hostile_names_are_escaped_in_the_structure_and_scenario_html(tmp_path):
    folder = copy_structure(tmp_path)
    edit_csv(folder / "units.csv", lambda f: f.__setitem__("name", [HOSTILE] * len(f)))
    (folder / "structure.yaml").write_text(f"name: '{HOSTILE}'\nstatus: approved\n", encoding="utf-8")
    structure = read_structure(folder)
    for page in (structure._repr_html_(), __import__("orgplan").summary(structure)._repr_html_()):
        assert "<script>" not in page


# ------------------------------------------------------------------ serious 3: formulas in CSV and xlsx
FORMULAS = ['=HYPERLINK("http://evil.example","点我")', "+1+2", "-1+2", "@SUM(A1)", "\t=1", "\r=1", "＝1+1"]


def test_every_csv_cell_that_would_start_a_formula_is_neutralised_and_reads_back(tmp_path):
    table = pd.DataFrame({"name": FORMULAS, "n": range(len(FORMULAS)), "text_number": ["-3"] * len(FORMULAS)})
    path = write_table(table, tmp_path / "t.csv")
    import csv
    import io

    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))[1:]
    assert [r[0][0] for r in rows] == ["'"] * len(FORMULAS)
    assert {r[2] for r in rows} == {"-3"}  # a number written as text is left alone
    assert read_table(path)["name"].tolist() == FORMULAS  # and the ' comes off again when read


def test_xlsx_text_cells_are_text_never_formulas(tmp_path):
    path = write_workbook({"s": pd.DataFrame({"=bad": FORMULAS})}, tmp_path / "t.xlsx")
    sheet = openpyxl.load_workbook(path).active
    cells = [c for row in sheet.iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    assert sheet["A2"].value == FORMULAS[0] and sheet["A2"].quotePrefix
    assert read_table(path)["=bad"].tolist()[0] == FORMULAS[0]


def test_csv_to_standard_output_is_neutralised_too(tmp_path, capsys):
    folder = copy_structure(tmp_path)
    edit_csv(folder / "units.csv", lambda f: f.__setitem__("name", ['=HYPERLINK("http://x","y")'] * len(f)))
    code, out, _err = run(capsys, "summary", str(folder), "--csv", "-")
    assert code == 0 and "'=HYPERLINK" in out and "\n=HYPERLINK" not in out and ",=HYPERLINK" not in out


@pytest.mark.parametrize("verb", [
    lambda s, o: ["summary", str(s), "--csv", str(o / "summary.csv")],
    lambda s, o: ["summary", str(s), "--csv", str(o / "summary.xlsx")],
    lambda s, o: ["diff", str(sample_path("as-is-2026")), str(s), "--csv", str(o / "diff.csv")],
    lambda s, o: ["check", str(s), "--csv", str(o / "check.xlsx")],
    lambda s, o: ["requests", "status", str(s), "--by", "department", "--csv", str(o / "status.csv")],
    lambda s, o: ["survey", "make", str(s), "-o", str(o / "forms")],
], ids=["summary-csv", "summary-xlsx", "diff", "check", "status", "survey"])
def test_every_writer_verb_neutralises_names_that_start_a_formula(tmp_path, capsys, verb):
    folder = copy_structure(tmp_path)
    evil = '=HYPERLINK("http://evil.example","点我")'
    edit_csv(folder / "units.csv", lambda f: f.__setitem__("name", [evil + str(i) for i in range(len(f))]))
    edit_csv(folder / "positions.csv", lambda f: f.__setitem__("title", ["@SUM(1)" + str(i) for i in range(len(f))]))
    out = tmp_path / "out"
    out.mkdir()
    code, _out, err = run(capsys, *verb(folder, out))
    assert code in (0, 1), err
    written = [p for p in out.rglob("*") if p.is_file()]
    assert written
    for path in written:
        if path.suffix == ".csv":
            import csv
            import io

            text = path.read_text(encoding="utf-8-sig")
            cells = [c for row in csv.reader(io.StringIO(text, newline="")) for c in row]
            assert "'=HYPERLINK" in text or "'@SUM" in text
            assert not [c for c in cells if c.lstrip()[:1] in ("=", "@")], path.name
        else:
            book = openpyxl.load_workbook(path)
            for sheet in book.worksheets:
                for row in sheet.iter_rows():
                    for cell in row:
                        assert cell.data_type != "f", (path.name, sheet.title, cell.coordinate, cell.value)


def test_the_targets_workbook_and_decisions_neutralise_formulas(tmp_path, capsys):
    sales = tmp_path / "sales"
    shutil.copytree(sample_path("sales"), sales)
    edit_csv(sales / "consultants.csv", lambda f: f.__setitem__("name", ["=1+1"] * len(f)))
    code, _out, err = run(capsys, "targets", "decompose", str(sales / "target-2027.yaml"), "-o",
                          str(tmp_path / "t.xlsx"))
    assert code in (0, 1), err
    book = openpyxl.load_workbook(tmp_path / "t.xlsx")
    assert all(c.data_type != "f" for s in book.worksheets for r in s.iter_rows() for c in r)
    requests = tmp_path / "r.csv"
    requests.write_text("request_id,date,unit_id,position_id,kind,count,reason,requested_by\n"
                        "=cmd|' /C calc'!A0,2027-04-01,SALES-SHOW,SHOW-CONS,hire,1,+1+1,@me\n", encoding="utf-8")
    run(capsys, "requests", "validate", str(APPROVED), str(requests), "-o", str(tmp_path / "d.csv"))
    text = (tmp_path / "d.csv").read_text(encoding="utf-8-sig")
    assert "'=cmd" in text and "'+1+1" in text and "'@me" in text


# ------------------------------------------------------------------ serious 4: bounded readers
def _far_cell_workbook(path: Path) -> Path:
    """A small workbook with the positions table and one cell at XFD1048576 (as in the issue)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["a", "b"])
    sheet.append(["1", "2"])
    sheet["XFD1048576"] = "x"
    book.save(path)
    return path


def test_one_far_cell_does_not_blow_up_a_sheet(tmp_path):
    path = _far_cell_workbook(tmp_path / "far.xlsx")
    assert path.stat().st_size < 20_000
    started = time.perf_counter()
    frame = read_table(path)
    assert time.perf_counter() - started < 30
    assert frame.columns.tolist() == ["a", "b"] and frame.iloc[0].tolist() == ["1", "2"]
    assert len(frame) == 1  # the far cell is outside the header's columns


def test_a_far_cell_inside_a_wide_header_is_refused_with_the_limit(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([f"c{i}" for i in range(16_384)])
    sheet["A1048576"] = "x"
    path = tmp_path / "wide.xlsx"
    book.save(path)
    with pytest.raises(DataError) as info:
        read_workbook(path)
    assert info.value.problems[0].code == "too_large" and "20,000,000" in str(info.value)


def test_a_workbook_that_unpacks_to_gigabytes_is_refused(tmp_path, monkeypatch):
    import orgplan.tables.io as io_module

    monkeypatch.setattr(io_module, "MAX_UNPACKED_BYTES", 1_000)
    path = _far_cell_workbook(tmp_path / "far.xlsx")
    with pytest.raises(DataError, match="1,000 bytes"):
        read_table(path)


def test_chained_yaml_aliases_are_refused_quickly(tmp_path):
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for name, previous in zip("bcdefghi", "abcdefgh"):
        lines.append(f"{name}: &{name} [{','.join(['*' + previous] * 9)}]")
    path = tmp_path / "structure.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert path.stat().st_size < 1_000
    started = time.perf_counter()
    with pytest.raises(DataError) as info:
        load_yaml_with_lines(path, "a mapping")
    assert time.perf_counter() - started < 5
    assert info.value.problems[0].code == "too_large" and "100,000" in str(info.value)


def test_deeply_nested_yaml_is_refused_with_the_limit(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("a: " + "[" * 3000 + "]" * 3000 + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=f"at most {MAX_DEPTH} deep"):
        load_yaml_with_lines(path, "a mapping")


def test_a_recursive_alias_is_refused(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("a: &a [1, *a]\n", encoding="utf-8")
    with pytest.raises(DataError, match="without end"):
        load_yaml_with_lines(path, "a mapping")


def test_a_structure_yaml_bomb_through_the_command_line(tmp_path, capsys):
    folder = copy_structure(tmp_path)
    (folder / "structure.yaml").write_text("name: x\nnotes: " + "[" * 3000 + "]" * 3000 + "\n", encoding="utf-8")
    code, _out, err = run(capsys, "check", str(folder))
    assert code == 2 and "structure.yaml" in err and "Traceback" not in err


# ------------------------------------------------------------------ tracebacks → located errors
def test_check_text_output_with_a_finding_without_a_row(tmp_path, capsys):
    folder = copy_structure(tmp_path)
    edit_csv(folder / "positions.csv", lambda f: f.loc.__setitem__((f["position_id"] == "GM", "reports_to"), "GM"))
    code, out, err = run(capsys, "check", str(folder))
    assert code == 1 and "no_top_position" in out and "Traceback" not in err


def test_kpi_with_a_period_of_year_zero_and_a_huge_lost_after(capsys):
    visits = str(sample_path("sales") / "visits-2027.csv")
    code, _out, err = run(capsys, "kpi", visits, "--period", "0000-01")
    assert code == 2 and "1900 to 2200" in err
    assert main(["--lang", "en", "kpi", visits, "--period", "2027-04", "--lost-after", "99999999999"]) == 2
    assert "--lost-after: expected a whole number from 1 to 3650" in capsys.readouterr().err


def test_scenario_with_a_huge_establishment(tmp_path, capsys):
    scenario = tmp_path / "s.yaml"
    scenario.write_text("name: x\nchanges:\n  - op: set_establishment\n    position_id: SHOW-CONS\n"
                        "    approved: 99999999999999999999\n", encoding="utf-8")
    code, _out, err = run(capsys, "scenario", "apply", str(APPROVED), str(scenario), "-o", str(tmp_path / "o"))
    assert code == 2 and "row 5" in err and "99999999999999999999" in err


def test_targets_with_an_extra_cell_on_the_first_row(tmp_path, capsys):
    sales = tmp_path / "sales"
    shutil.copytree(sample_path("sales"), sales)
    lines = (sales / "consultants.csv").read_text(encoding="utf-8-sig").splitlines()
    lines[1] += ",extra"
    (sales / "consultants.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _out, err = run(capsys, "targets", "decompose", str(sales / "target-2027.yaml"))
    assert code == 2 and "row 2" in err and "1 cell too many" in err


def test_a_ledger_of_another_program_is_left_untouched(tmp_path, capsys):
    other = tmp_path / "app.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE customers (id)")
    code, _out, err = run(capsys, "requests", "validate", str(APPROVED), str(sample_path("requests-2027-04.csv")),
                          "--ledger", str(other), "-o", str(tmp_path / "d.csv"))
    assert code == 2 and "customers" in err
    with sqlite3.connect(other) as conn:
        assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master")] == ["customers"]


def test_a_read_only_ledger_is_said_to_be_read_only(tmp_path, capsys, monkeypatch):
    ledger = tmp_path / "l.sqlite"
    args = ("requests", "validate", str(APPROVED), str(sample_path("requests-2027-04.csv")), "--ledger", str(ledger),
            "-o", str(tmp_path / "d.csv"))
    assert run(capsys, *args)[0] == 0
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode: False if Path(path) == ledger and mode == os.W_OK
                        else real_access(path, mode))
    code, _out, err = run(capsys, *args)
    assert code == 2 and "read-only" in err and "not an orgplan" not in err
    monkeypatch.setattr(os, "access", lambda path, mode: False if Path(path) == tmp_path and mode == os.W_OK
                        else real_access(path, mode))
    code, _out, err = run(capsys, *args)
    assert code == 2 and "may not be written" in err


def test_a_ledger_of_another_structure_is_refused_by_exceptions(tmp_path, capsys):
    ledger = tmp_path / "l.sqlite"
    run(capsys, "requests", "validate", str(APPROVED), str(sample_path("requests-2027-04.csv")), "--ledger",
        str(ledger), "-o", str(tmp_path / "d.csv"))
    code, _out, err = run(capsys, "requests", "exceptions", str(sample_path("as-is-2026")), "--ledger", str(ledger))
    assert code == 2 and "ledger of" in err


# ------------------------------------------------------------------ silent wrong results → refused
def test_numbers_beyond_their_bounds_are_refused_never_wrapped(tmp_path, capsys):
    folder = copy_structure(tmp_path)

    def edit(frame):
        frame.loc[1, "approved"] = "99999999999999999999"
        frame.loc[2, "monthly_cost"] = "inf"
        frame.loc[3, "approved"] = "1,2"
    edit_csv(folder / "positions.csv", edit)
    with pytest.raises(DataError) as info:
        read_structure(folder)
    codes = {(p.row, p.column): p.code for p in info.value.problems}
    assert codes == {(3, "approved"): "out_of_range", (4, "monthly_cost"): "not_a_number",
                     (5, "approved"): "not_a_number"}
    assert "at most 1,000,000" in str(info.value)
    code, out, _err = run(capsys, "check", str(folder))
    assert "-9223372036854775808" not in out


def test_a_huge_sales_row_is_refused_not_added_to_the_target(tmp_path, capsys):
    sales = tmp_path / "sales"
    shutil.copytree(sample_path("sales"), sales)

    def edit(frame):
        row = frame.index[(frame["year"] == "2026") & (frame["month"] == "1")][0]
        frame.loc[row, "units"] = "99999999999999999999"
    edit_csv(sales / "monthly_sales.csv", edit)
    code, _out, err = run(capsys, "targets", "decompose", str(sales / "target-2027.yaml"))
    assert code == 2 and "at most 1,000,000" in err


def test_a_hidden_sheet_and_a_visible_one_of_the_same_table_are_refused(tmp_path):
    structure = read_structure(APPROVED)
    from orgplan.model.io import write_structure

    path = write_structure(structure, tmp_path / "s.xlsx")
    book = openpyxl.load_workbook(path)
    copy = book.copy_worksheet(book["positions"])
    copy.title = "职位"
    book["positions"].sheet_state = "hidden"
    book.save(path)
    with pytest.raises(DataError) as info:
        read_structure(path)
    assert info.value.problems[0].code == "ambiguous_sheet"
    assert "'positions' (hidden)" in str(info.value) and "'职位'" in str(info.value)


def test_an_exact_duplicate_header_is_refused(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("position_id,approved,approved\nA,1,2\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        read_table(path)
    problem = info.value.problems[0]
    assert (problem.row, problem.column, problem.code) == (1, "approved", "duplicate_column")


def test_a_big5_csv_is_read_as_big5(tmp_path):
    path = tmp_path / "requests.csv"
    text = ("申請編號,日期,部門編號,職位編號,類型,人數,理由\n"
            "R1,2027-04-01,SALES-SHOW,SHOW-CONS,增人,1,展廳補員，車展前需要銷售顧問\n")
    path.write_bytes(text.encode("big5"))
    frame = read_table(path)
    assert frame.columns[0] == "申請編號" and frame.iloc[0, -1] == "展廳補員，車展前需要銷售顧問"
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes("部门,编制\n销售部,3\n".encode("gbk"))
    assert read_table(gbk).columns.tolist() == ["部门", "编制"]


def test_an_extra_cell_on_the_first_data_row_is_said_as_such(tmp_path):
    folder = copy_structure(tmp_path)
    lines = (folder / "positions.csv").read_text(encoding="utf-8-sig").splitlines()
    lines[1] += ",surplus"
    (folder / "positions.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        read_structure(folder)
    assert len(info.value.problems) == 1
    problem = info.value.problems[0]
    assert (problem.row, problem.code) == (2, "too_many_cells") and "1 cell too many" in str(problem)


def test_survey_forms_of_departments_with_one_name_get_their_own_files(tmp_path, capsys):
    folder = copy_structure(tmp_path)
    edit_csv(folder / "units.csv", lambda f: f.__setitem__("name", f["name"].where(f["kind"] != "department",
                                                                                  "同名部")))
    code, out, _err = run(capsys, "survey", "make", str(folder), "-o", str(tmp_path / "forms"))
    forms = list((tmp_path / "forms").glob("*.xlsx"))
    departments = (pd.read_csv(folder / "units.csv")["kind"] == "department").sum()
    assert code == 0 and len(forms) == departments
    assert f"Wrote {departments} forms" in out


def test_a_killed_run_leaves_no_temporary_file_after_the_next_run(tmp_path, capsys):
    stale = tmp_path / f".d.{2**22 + 12345}.abcd.csv.tmp"  # a process id no system hands out
    stale.write_bytes(b"x" * 1000)
    run(capsys, "requests", "validate", str(APPROVED), str(sample_path("requests-2027-04.csv")),
        "-o", str(tmp_path / "d.csv"))
    assert not stale.exists() and (tmp_path / "d.csv").exists()
    assert not list(tmp_path.glob("*.tmp"))


def test_a_killed_validate_process_leaves_nothing_the_next_run_keeps(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ORGPLAN_LANG": "en"}
    script = ("import orgplan.tables.io as io, pandas as pd, os\n"
              f"with io.atomic_path(r'{tmp_path / 'd.csv'}') as tmp:\n"
              "    tmp.write_text('partial')\n"
              "    os._exit(9)\n")
    subprocess.run([sys.executable, "-c", script], env=env, timeout=120)
    assert list(tmp_path.glob(".d.*.csv.tmp"))
    write_table(pd.DataFrame({"a": [1]}), tmp_path / "d.csv")
    assert not list(tmp_path.glob(".d.*.csv.tmp"))


def test_cell_findings_carry_the_ids_of_their_row_and_say_their_place_once(tmp_path):
    from orgplan import check_path

    folder = copy_structure(tmp_path)
    edit_csv(folder / "positions.csv", lambda f: f.loc.__setitem__((f["position_id"] == "ADM-MGR", "approved"), "-2"))
    findings = check_path(folder)
    cell = findings[findings["rule"] == "negative_establishment"].iloc[0]
    assert (cell["position_id"], cell["unit_id"], cell["column"]) == ("ADM-MGR", "ADM", "approved")
    assert "positions.csv" not in cell["message"] and "row" not in cell["message"]


def test_requests_status_by_department_says_own_and_gives_the_whole_company(capsys):
    code, out, _err = run(capsys, "requests", "status", str(APPROVED), "--by", "department", "--csv", "-")
    table = pd.read_csv(__import__("io").StringIO(out), dtype=str, keep_default_na=False)
    assert "own positions only" in table.iloc[0, 1]
    assert table.iloc[-1, 1] == "Whole company" and table.iloc[-1, 2] == "126"


def test_plan_vs_actual_team_footer_gives_the_teams_figures(capsys):
    sales = sample_path("sales")
    code, out, _err = run(capsys, "plan-vs-actual", str(sales / "target-2027.yaml"), str(sales / "actual-2027.csv"),
                          "--team", "展厅")
    assert "salespeople behind plan: 4 of 10" in out and "of 15" not in out


def test_summary_csv_to_an_xlsx_name_writes_a_workbook(tmp_path, capsys):
    run(capsys, "summary", str(APPROVED), "--csv", str(tmp_path / "x.xlsx"))
    assert zipfile.is_zipfile(tmp_path / "x.xlsx")


def test_option_messages_name_the_option_not_a_function(capsys):
    assert main(["--lang", "en", "targets", "decompose", str(sample_path("sales") / "target-2027.yaml"),
                 "--growth", "9"]) == 2
    err = capsys.readouterr().err
    assert "--growth: expected a number from -0.9 to 5" in err and "decompose_plan" not in err


def test_plan_status_before_the_plan_says_why_nothing_started(capsys, monkeypatch):
    code, out, _err = run(capsys, "plan", "status", str(sample_path("plan-2027.csv")), "--today", "2026-12-01")
    assert "before the plan" not in out  # a day given on purpose needs no note
    monkeypatch.setattr(pd.Timestamp, "today", classmethod(lambda cls: pd.Timestamp("2026-12-01 10:00")))
    code, out, _err = run(capsys, "plan", "status", str(sample_path("plan-2027.csv")))
    assert "Today (2026-12-01) is before the plan's first task starts (2027-01-04)" in out


def test_version(capsys):
    assert main(["--version"]) == 0 and "orgplan 0.1.0" in capsys.readouterr().out


def test_chinese_wording_of_the_new_messages():
    from orgplan.i18n import language

    with language("zh-Hans"):
        batch = pd.DataFrame({"request_id": ["R1"], "date": ["2027-04-01"], "unit_id": ["SALES-SHOW"],
                              "position_id": ["SHOW-CONS"], "kind": ["hire"], "count": ["10"],
                              "special_approval": ["待批"]})
        message = validate_requests(read_structure(APPROVED), batch).loc[0, "message"]
    assert "总经理特批" in message and "待批" in message and "special approval" not in message
