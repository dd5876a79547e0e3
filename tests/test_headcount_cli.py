"""`orgplan requests validate | status | fill | exceptions`: output, files and exit codes."""

from __future__ import annotations

import io

import pandas as pd

from orgplan import sample_path
from orgplan.cli import main

APPROVED = str(sample_path("approved-2027"))
REQUESTS = str(sample_path("requests-2027-04.csv"))


def test_validate_dry_run_writes_decisions_and_exits_0(tmp_path, capsys):
    out = tmp_path / "decisions.xlsx"
    assert main(["requests", "validate", APPROVED, REQUESTS, "-o", str(out)]) == 0
    text = capsys.readouterr().out
    assert "29 requests: 16 approved, 5 rejected, 3 needs_special_approval, 5 invalid." in text
    assert "Dry run: nothing recorded" in text and "Review the structure of: 财务部" in text
    decisions = pd.read_excel(out, dtype=str, keep_default_na=False)
    assert len(decisions) == 29 and decisions.loc[0, "request_id"] == "2027-04-001"


def test_validate_csv_to_stdout_keeps_stdout_pure(capsys):
    assert main(["requests", "validate", APPROVED, REQUESTS, "-o", "-"]) == 0
    captured = capsys.readouterr()
    table = pd.read_csv(io.StringIO(captured.out))
    assert len(table) == 29 and "29 requests" in captured.err


def test_ledger_status_fill_and_exceptions(tmp_path, capsys):
    ledger = str(tmp_path / "ledger.sqlite")
    exceptions = tmp_path / "exceptions.csv"
    assert main(["requests", "validate", APPROVED, REQUESTS, "-o", str(tmp_path / "d.csv"), "--ledger", ledger,
                 "--exceptions", str(exceptions)]) == 0
    assert len(pd.read_csv(exceptions)) == 5
    assert main(["requests", "validate", APPROVED, REQUESTS, "-o", str(tmp_path / "d.csv"), "--ledger", ledger]) == 0
    assert "(28 decided in an earlier run)" in capsys.readouterr().out
    assert main(["requests", "status", APPROVED, "--ledger", ledger, "--csv", "-"]) == 0
    status = pd.read_csv(io.StringIO(capsys.readouterr().out)).set_index("position_id")
    assert status.loc["SHOW-CONS", ["approved", "filled", "pending", "vacancy", "over_establishment"]].tolist() == [
        14, 12, 4, 0, 2]
    assert main(["requests", "fill", "--ledger", ledger, "2027-04-004", "--count", "2", "--date", "2027-05-03"]) == 0
    assert "2027-04-004" in capsys.readouterr().out
    assert main(["requests", "status", APPROVED, "--ledger", ledger, "--csv", "-"]) == 0
    status = pd.read_csv(io.StringIO(capsys.readouterr().out)).set_index("position_id")
    assert status.loc["SHOW-CONS", ["filled", "pending"]].tolist() == [14, 2]
    assert main(["requests", "status", APPROVED, "--ledger", ledger, "--by", "department"]) == 0
    assert "售后服务部" in capsys.readouterr().out
    assert main(["requests", "exceptions", APPROVED, "--ledger", ledger]) == 0
    assert "GM-2027-013" in capsys.readouterr().out


def test_unreadable_inputs_exit_2_with_one_clear_message(tmp_path, capsys):
    assert main(["requests", "validate", APPROVED, str(sample_path("broken/requests-bad.csv")), "-o",
                 str(tmp_path / "d.csv")]) == 2
    err = capsys.readouterr().err
    assert "requests-bad.csv, row 1: expected a column 'count'" in err and "Traceback" not in err
    assert not (tmp_path / "d.csv").exists()
    assert main(["requests", "validate", APPROVED, str(tmp_path / "none.csv"), "-o", str(tmp_path / "d.csv")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["requests", "status", APPROVED, "--ledger", str(tmp_path / "none.sqlite")]) == 2
    assert "no such ledger" in capsys.readouterr().err
    assert main(["requests", "fill", "--ledger", str(tmp_path / "none.sqlite"), "X"]) == 2


def test_chinese_output_for_people_and_english_codes_for_scripts(tmp_path, capsys):
    decisions = tmp_path / "decisions.csv"
    assert main(["requests", "validate", APPROVED, REQUESTS, "-o", str(decisions), "--lang", "zh-Hans"]) == 0
    out = capsys.readouterr().out
    assert "共 29 项申请，批准 16 项，驳回 5 项，需总经理特批 3 项，无效 5 项。" in out
    assert "本次为试算" in out and "请复核以下部门的组织架构" in out
    table = pd.read_csv(decisions, dtype=str, keep_default_na=False)
    assert table.columns[:4].tolist() == ["申请编号", "审批结果", "审批依据", "审批意见"]
    assert set(table["审批结果"]) == {"批准", "驳回", "需总经理特批", "无效"}
    assert main(["requests", "validate", APPROVED, REQUESTS, "-o", "-", "--lang", "en"]) == 0
    english = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert english.columns[:3].tolist() == ["request_id", "decision", "reason_code"]
    assert set(english["decision"]) == {"approved", "rejected", "needs_special_approval", "invalid"}
    # the Chinese decisions file reads back, in another language
    assert main(["requests", "exceptions", APPROVED, "--decisions", str(decisions), "--lang", "zh-Hant"]) == 0
    out = capsys.readouterr().out
    assert "GM-2027-013" in out and "共 5 項總經理特批" in out and "超編人數" in out


def test_status_and_help_in_chinese(capsys):
    assert main(["--lang", "zh-Hans", "requests", "status", APPROVED, "--by", "department"]) == 0
    header = capsys.readouterr().out.splitlines()[0].split()
    assert header == ["部门编号", "部门", "编制", "在岗", "待入职", "空缺", "超编"]
    assert main(["requests", "validate", "--help", "--lang", "zh-Hans"]) == 0
    assert "按日期顺序" in capsys.readouterr().out
