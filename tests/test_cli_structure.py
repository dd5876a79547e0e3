"""`orgplan check`, `orgplan summary` and `orgplan demo`: output, CSV and exit codes."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys

import pandas as pd
import pytest

from orgplan import sample_path
from orgplan.cli import main


def test_check_clean_structure_exits_0(capsys):
    assert main(["check", str(sample_path("approved-2027"))]) == 0
    assert "0 errors, 0 warnings" in capsys.readouterr().out


def test_check_with_errors_exits_1_and_names_ids(capsys):
    assert main(["check", str(sample_path("as-is-2026"))]) == 1
    out = capsys.readouterr().out
    assert "MECH-TECH" in out and "over establishment by 2" in out and "[positions.csv row 36]" in out
    assert "5 errors, 4 warnings" in out


def test_check_csv_to_stdout(capsys):
    assert main(["check", str(sample_path("as-is-2026")), "--csv", "-"]) == 1
    captured = capsys.readouterr()
    table = pd.read_csv(io.StringIO(captured.out))
    assert list(table.columns) == ["severity", "rule", "unit_id", "position_id", "duty_id", "message", "file", "row",
                                   "column"]
    assert len(table) == 9
    assert "5 errors" in captured.err  # the count goes to stderr so stdout stays pure CSV


def test_check_thresholds_from_options(capsys):
    assert main(["check", str(sample_path("approved-2027")), "--max-span", "7"]) == 0
    assert "span_too_wide" in capsys.readouterr().out


def test_unreadable_input_exits_2_without_traceback(tmp_path, capsys):
    assert main(["check", str(tmp_path / "nowhere")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("orgplan: ") and "no such file" in err and "Traceback" not in err


def test_missing_column_exits_2(tmp_path, capsys):
    folder = tmp_path / "s"
    shutil.copytree(sample_path("approved-2027"), folder)
    (folder / "units.csv").write_text("unit_id,name\nCO,公司\n", encoding="utf-8")
    assert main(["check", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "units.csv, row 1: expected a column 'parent_id'" in err


def test_bad_cell_is_a_finding_exit_1(tmp_path, capsys):
    folder = tmp_path / "s"
    shutil.copytree(sample_path("approved-2027"), folder)
    text = (folder / "positions.csv").read_text(encoding="utf-8").replace("GM,CO,总经理,,1,1,45000", "GM,CO,总经理,,一,1,45000")
    (folder / "positions.csv").write_text(text, encoding="utf-8")
    assert main(["check", str(folder)]) == 1
    out = capsys.readouterr().out
    assert "not_a_number" in out and "column 'approved': got '一'" in out and "[positions.csv row 2]" in out


def test_summary_csv_columns_and_root_is_company(tmp_path):
    target = tmp_path / "summary.csv"
    assert main(["summary", str(sample_path("approved-2027")), "--csv", str(target)]) == 0
    table = pd.read_csv(target, encoding="utf-8-sig")
    assert {"unit_id", "name", "approved", "filled", "vacancy", "monthly_cost"} <= set(table.columns)
    assert len(table) == 16
    assert table.iloc[0][["unit_id", "approved", "filled", "vacancy"]].tolist() == ["CO", 126, 116, 10]


def test_summary_prints_chinese_aligned(capsys):
    assert main(["summary", str(sample_path("approved-2027"))]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("unit_id") and "展厅销售组" in "\n".join(lines)


def test_demo_runs_on_the_sample(tmp_path, capsys):
    assert main(["demo", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "over_establishment" in out and "No findings" in out and "(+16)" in out
    charts = sorted(p.name for p in (tmp_path / "charts").iterdir())
    assert charts == ["ADM.png", "AS.png", "CO.png", "CRM.png", "FIN.png", "MKT.png", "PARTS.png", "SALES.png"]
    decisions = pd.read_csv(tmp_path / "decisions-2027-04.csv", encoding="utf-8-sig")
    assert len(decisions) == 29 and set(decisions["decision"]) == {
        "approved", "rejected", "invalid", "needs_special_approval"}
    assert pd.ExcelFile(tmp_path / "target-2027.xlsx").sheet_names[0] == "summary"


def test_wrong_call_exits_2(capsys):
    assert main(["check"]) == 2
    assert main(["no-such-verb"]) == 2


def test_console_script_runs():
    result = subprocess.run([sys.executable, "-m", "orgplan", "summary", str(sample_path("approved-2027")),
                             "--csv", "-"], capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1].startswith("CO,")


# ------------------------------------------------------------------ languages
def test_check_and_summary_speak_simplified_and_traditional(capsys):
    assert main(["check", str(sample_path("as-is-2026")), "--lang", "zh-Hans"]) == 1
    out = capsys.readouterr().out
    assert "级别" in out and "错误" in out and "超编 2 人" in out and "5 个错误，4 个警告。" in out
    assert main(["summary", str(sample_path("approved-2027")), "--lang", "zh-Hant"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split()[:4] == ["部門編號", "名稱", "類型", "層級"] and "編制" in out


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
def test_summary_csv_reads_back_in_any_language(capsys, lang):
    from orgplan.organisation.display import ROLLUP, from_people

    assert main(["summary", str(sample_path("approved-2027")), "--csv", "-", "--lang", lang]) == 0
    table = from_people(pd.read_csv(io.StringIO(capsys.readouterr().out)), ROLLUP)
    assert table.columns[:6].tolist() == ["unit_id", "name", "kind", "parent_id", "level", "positions"]
    assert table.loc[0, "kind"] == "company" and table.loc[0, "approved"] == 126
