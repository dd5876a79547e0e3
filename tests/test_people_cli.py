"""``orgplan people …`` and the ``--people`` options of ``check``, ``summary`` and ``requests`` on the command line."""

from __future__ import annotations

import io
import shutil

import pandas as pd

from orgplan.cli import main
from orgplan.model.io import DATA_DIR

PEOPLE = str(DATA_DIR / "people" / "people.csv")
APPROVED, AS_IS = str(DATA_DIR / "approved-2027"), str(DATA_DIR / "as-is-2026")


def test_status_exits_1_on_the_dispatch_share_and_prints_the_checks(capsys):
    assert main(["people", "status", APPROVED, PEOPLE, "--on", "2027-09-30", "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "13 of 121 workers" in out and "邓思远" in out
    assert out.splitlines()[-1] == "2027-09-30: 124 in post for an establishment of 126; 1 error, 9 warnings."


def test_status_in_chinese_and_without_names(capsys):
    assert main(["people", "status", APPROVED, PEOPLE, "--on", "2027-09-30", "--no-names", "--lang", "zh-Hans"]) == 1
    out = capsys.readouterr().out
    assert "邓思远" not in out and "E135（SHOW-CONS）：试用期 2027-10-18 到期，还有 18 天" in out
    assert out.splitlines()[-1] == "2027-09-30：编制 126 人，在岗 124 人；1 个错误，9 个警告。"


def test_status_passes_on_april_first_with_a_higher_limit(capsys):
    assert main(["people", "status", APPROVED, PEOPLE, "--on", "2027-04-01", "--structures", AS_IS,
                 f"{APPROVED}@2027-04-01", "--lang", "en"]) == 0
    assert "0 errors, 2 warnings." in capsys.readouterr().out   # 喷漆技师 and 机修学徒 seats open > 90 days


def test_roster_csv_has_no_names_when_asked(capsys):
    assert main(["people", "roster", PEOPLE, "--on", "2027-09-30", "--no-names", "--csv", "-", "--lang", "en"]) == 0
    table = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert len(table) == 124 and "name" not in table.columns


def test_movements_by_month_and_chart(tmp_path, capsys):
    chart = tmp_path / "headcount.png"
    assert main(["people", "movements", PEOPLE, "--from", "2027-04-01", "--to", "2027-09-30", "--by", "month",
                 "--structure", APPROVED, "--chart", str(chart), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "headcount 109 → 124. Turnover = leavers ÷ ((start + end) ÷ 2) = 4.29%" in out
    assert chart.stat().st_size > 10_000


def test_check_finds_the_planted_defects(capsys):
    assert main(["people", "check", str(DATA_DIR / "people" / "people-bad.csv"), AS_IS, f"{APPROVED}@2027-04-01",
                 "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "[people-bad.csv row 8]" in out and "MKT-LIVE" in out
    assert out.splitlines()[-1].endswith("5 findings.")
    assert main(["people", "check", PEOPLE, AS_IS, f"{APPROVED}@2027-04-01"]) == 0


def test_a_bad_date_is_exit_2_with_the_row(tmp_path, capsys):
    path = tmp_path / "people.csv"
    path.write_text("工号,日期,事件,职位编号,用工形式\nE1,2027-13-01,入职,GM,正式\n", encoding="utf-8")
    assert main(["people", "roster", str(path), "--on", "2027-09-30", "--lang", "en"]) == 2
    assert "row 2, column 'date'" in capsys.readouterr().err


def test_import_drops_personal_data(tmp_path, capsys):
    out = tmp_path / "people.csv"
    assert main(["people", "import", str(DATA_DIR / "people" / "hris-export-2027-09.xlsx"), "--structure", APPROVED,
                 "-o", str(out), "--lang", "zh-Hans"]) == 0
    text = out.read_text(encoding="utf-8-sig")
    assert "身份证号" in capsys.readouterr().out          # the one note
    assert "4401" not in text and "138****" not in text
    assert text.splitlines()[0].startswith("工号,姓名,日期,事件,职位编号")
    assert main(["people", "roster", str(out), "--on", "2027-09-30", "--csv", "-", "--lang", "en"]) == 0
    assert len(pd.read_csv(io.StringIO(capsys.readouterr().out))) == 124


def test_summary_and_check_count_from_people(capsys):
    assert main(["summary", APPROVED, "--people", PEOPLE, "--on", "2027-09-30", "--csv", "-", "--lang", "en"]) == 0
    rollup = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert rollup.loc[0, ["approved", "filled", "vacancy"]].tolist() == [126, 124, 2]
    assert main(["check", AS_IS, "--people", PEOPLE, "--on", "2027-01-01", "--lang", "en"]) == 1
    assert "since 2026-09-15, 108 days" in capsys.readouterr().out
    assert main(["summary", APPROVED, "--people", PEOPLE, "--lang", "en"]) == 2


def test_requests_fill_records_the_hire_in_the_people_log(tmp_path, capsys):
    people, ledger = tmp_path / "people.csv", tmp_path / "ledger.sqlite"
    shutil.copy(PEOPLE, people)
    assert main(["requests", "validate", APPROVED, str(DATA_DIR / "requests-2027-04.csv"), "-o",
                 str(tmp_path / "d.csv"), "--ledger", str(ledger)]) == 0
    assert main(["requests", "fill", "--ledger", str(ledger), "2027-04-014", "--people", str(people), "--person",
                 "E901:韩梅", "--date", "2027-10-08", "--lang", "en"]) == 0
    assert people.read_text(encoding="utf-8-sig").splitlines()[-1] == "E901,韩梅,2027-10-08,入职,BODY-PAINT,试用,,,,2027-04-014"
    capsys.readouterr()
    assert main(["requests", "status", APPROVED, "--ledger", str(ledger), "--people", str(people), "--on", "2027-10-08",
                 "--csv", "-", "--lang", "en"]) == 0
    status = pd.read_csv(io.StringIO(capsys.readouterr().out)).set_index("position_id")
    assert status.loc["BODY-PAINT", ["approved", "filled", "pending", "vacancy"]].tolist() == [5, 5, 0, 0]
    assert main(["requests", "fill", "--ledger", str(ledger), "2027-04-015", "--people", str(people), "--person",
                 "E901", "--date", "2027-10-09", "--lang", "en"]) == 2       # already in post: nothing recorded
    assert "already in post" in capsys.readouterr().err
