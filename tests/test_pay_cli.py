"""``orgplan pay …`` and ``orgplan summary --pay`` on the command line."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd

from orgplan.cli import main
from orgplan.model.io import DATA_DIR

PLAN = str(DATA_DIR / "pay" / "commission-plan-2027.yaml")
BROKEN = str(DATA_DIR / "pay" / "commission-plan-broken.yaml")
RATINGS = str(DATA_DIR / "sales" / "ratings-2027-09.csv")


def test_pay_sheet_csv(capsys):
    assert main(["pay", PLAN, "--period", "2027-09", "--csv", "-", "--lang", "en"]) == 0
    table = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert table["consultant_id"].tolist()[:3] == ["S01", "S02", "S03"] and table["consultant_id"].iloc[-1] == "SHOW-MGR"
    k03 = table.set_index("consultant_id").loc["K03"]
    assert k03["clawback"] < 0  # D2027-0939: delivered 2027-08-23, cancelled 2027-09-11
    assert (table["total"] >= table["base"] + table["clawback"]).all()


def test_pay_person_lines_in_chinese(capsys):
    assert main(["pay", PLAN, "--period", "2027-09", "--person", "S01", "--ratings", RATINGS, "--lang", "zh-Hans"]) == 0
    out = capsys.readouterr().out
    assert "依据条款" in out and "单车提成" in out and "考核系数调整" in out and "封顶扣减" in out


def test_pay_workbook(tmp_path, capsys):
    out = tmp_path / "pay.xlsx"
    assert main(["pay", PLAN, "--period", "2027-09", "--xlsx", str(out), "--lang", "zh-Hans"]) == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["2027-09", "2027-09 明细", "2027-09 单车"]
    sheet = book["2027-09"]
    assert sheet.freeze_panes == "A2"
    headers = [cell.value for cell in sheet[1]]
    total = headers.index("应发合计") + 1
    assert sheet.cell(row=2, column=total).number_format == "#,##0.00"


def test_forecast_with_a_higher_target(capsys):
    assert main(["pay", "forecast", PLAN, "--lang", "en"]) == 0
    base = capsys.readouterr().out.splitlines()[-1]
    assert main(["pay", "forecast", PLAN, "--change", "0.10", "--lang", "en"]) == 0
    higher = capsys.readouterr().out.splitlines()[-1]
    assert base.startswith("2027: 1523 cars") and higher.startswith("2027: 1675 cars")


def test_forecast_positions(capsys):
    assert main(["pay", "forecast", PLAN, "--view", "positions", "--structure", str(DATA_DIR / "approved-2027"),
                 "--csv", "-", "--lang", "en"]) == 0
    table = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert table["position_id"].tolist() == ["SHOW-CONS", "KA-CONS", "SHOW-DCC", "SHOW-MGR"]


def test_summary_shows_the_split(capsys):
    assert main(["summary", str(DATA_DIR / "approved-2027"), "--pay", PLAN, "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Sales positions: monthly cost per head from the commission plan" in out
    assert "SHOW-CONS" in out and "planned_cost" in out


def test_consequences_exit_one_when_someone_is_warned(capsys):
    assert main(["pay", "consequences", PLAN, "--period", "2027-09", "--ratings", RATINGS, "--csv", "-",
                 "--lang", "en"]) == 1
    table = pd.read_csv(io.StringIO(capsys.readouterr().out)).set_index("consultant_id")
    assert table.loc["S04", "outcome"] == "warning" and "elimination" in table.loc["S04", "reason"]
    assert table.loc["S01", "outcome"] == "promotion"


def test_goals_and_review(capsys):
    visits = str(DATA_DIR / "sales" / "visits-2027.csv")
    assert main(["pay", "goals", PLAN, "--period", "2027-10", "--visits", visits, "--csv", "-", "--lang", "en"]) == 0
    goals = pd.read_csv(io.StringIO(capsys.readouterr().out))
    showroom = goals[goals["consultant_id"].str.startswith("S")]  # the visit log is the showroom's
    assert showroom["visits"].notna().all() and (goals["target"] > 0).all()
    assert main(["pay", "review", PLAN, "--period", "2027-09", "--csv", "-", "--lang", "en"]) == 0
    review = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert set(review["item"]) == {"units", "loans", "policies", "pay"}


def test_broken_plan_refused_with_lines(capsys):
    assert main(["pay", "check", BROKEN, "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "the commission plan has 3 problems" in err
    assert "row 22, column 'tiers.bands.1.from': got '8'" in err
    assert "row 31, column 'manager.bonus.1.from'" in err and "VOYA" in err


def test_wrong_calls(capsys):
    assert main(["pay", PLAN, "--lang", "en"]) == 2
    assert "--period" in capsys.readouterr().err
    assert main(["pay", PLAN, "--period", "2027-13", "--lang", "en"]) == 2


def test_diff_shows_the_split(capsys):
    assert main(["diff", str(DATA_DIR / "as-is-2026"), str(DATA_DIR / "approved-2027"), "--pay", PLAN,
                 "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Sales positions: monthly cost from the commission plan" in out
    cells = next(row for row in out.splitlines() if row.startswith("SHOW-DCC")).split()
    assert cells[3:5] == ["0", "2"]  # no DCC consultant in post in 2026, two in 2027
    assert cells[-3:] == ["0", cells[-1], cells[-1]] and cells[-1] == f"{2 * int(cells[5].replace(',', '')):,}"
