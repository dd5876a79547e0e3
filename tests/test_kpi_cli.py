"""``orgplan kpi``, ``orgplan scorecard`` and ``orgplan plan-vs-actual`` on the command line."""

from __future__ import annotations

import io

import pandas as pd

from orgplan.cli import main
from orgplan.model.io import DATA_DIR

SALES = DATA_DIR / "sales"
VISITS = str(SALES / "visits-2027.csv")


def test_kpi_prints_the_team_line(tmp_path, capsys):
    path = tmp_path / "v.csv"
    path.write_text("salesperson,date,customer_id,minutes,cost,ordered,revenue\n"
                    "S01,2027-04-01,C1,30,100,0,0\nS01,2027-04-02,C2,50,200,1,150000\n"
                    "S02,2027-04-02,C3,40,60,0,0\nS02,2027-05-02,C3,40,60,0,0\n", encoding="utf-8")
    assert main(["kpi", str(path), "--period", "2027-04"]) == 0
    out = capsys.readouterr().out
    assert "Sales activity 2027-04 (2027-04-01 to 2027-04-30), 3 visits:" in out
    lines = out.splitlines()
    assert lines[-1].startswith("(team)") and lines[-1].split()[1:3] == ["3", "3"]   # 3 visits on 3 person-days
    s02 = next(line for line in lines if line.startswith("S02"))
    assert "%" not in s02            # no revenue: the expense ratio is empty


def test_kpi_csv_to_stdout(capsys):
    code = main(["kpi", VISITS, "--period", "2027Q3", "--customers", str(SALES / "customers.csv"),
                 "--consultants", str(SALES / "consultants.csv"), "--team", "展厅", "--csv", "-"])
    assert code == 0
    table = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert table["salesperson"].tolist() == [f"S{i:02d}" for i in range(1, 11)]
    assert {"name", "new_customers", "lost_customers", "expense_ratio"} <= set(table.columns)
    assert table["name"].iloc[0] == "王海涛"


def test_kpi_csv_file_is_written(tmp_path, capsys):
    out = tmp_path / "kpi.csv"
    assert main(["kpi", VISITS, "--period", "2027-04-01..2027-04-15", "--csv", str(out)]) == 0
    table = pd.read_csv(out, encoding="utf-8-sig")
    assert table["visits"].sum() > 0 and len(table) == 10


def test_kpi_bad_calls_exit_2(tmp_path, capsys):
    assert main(["kpi", VISITS, "--period", "2027-13"]) == 2
    assert "there is no month 13" in capsys.readouterr().err
    assert main(["kpi", str(tmp_path / "none.csv"), "--period", "2027-04"]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["kpi", VISITS, "--period", "2027-04", "--team", "展厅"]) == 2
    assert "--team needs --consultants" in capsys.readouterr().err
    bad = tmp_path / "bad.csv"
    bad.write_text("salesperson,date,customer_id,minutes,cost,ordered,revenue\nS01,yesterday,C1,30,1,0,0\n",
                   encoding="utf-8")
    assert main(["kpi", str(bad), "--period", "2027-04"]) == 2
    err = capsys.readouterr().err
    assert "row 2, column 'date': got 'yesterday'" in err and "Traceback" not in err
    assert main(["kpi", VISITS]) == 2          # --period is required
    capsys.readouterr()


def test_scorecard(capsys):
    code = main(["scorecard", str(SALES / "scorecard.yaml"), "--period", "2027-09",
                 "--ratings", str(SALES / "ratings-2027-09.csv")])
    assert code == 0
    out = capsys.readouterr().out
    assert out.startswith("Scorecard 2027-09 — 展厅: points of 100 (results 55%, activity 25%, ratings 20%)")
    ranks = [line.split()[:2] for line in out.splitlines()[2:12]]
    assert [r[0] for r in ranks] == [str(i) for i in range(1, 11)] and ranks[-1][1] == "S04"


def test_scorecard_without_ratings_exits_2(capsys):
    assert main(["scorecard", str(SALES / "scorecard.yaml"), "--period", "2027-09"]) == 2
    assert "weighs 'teamwork'" in capsys.readouterr().err


def test_plan_vs_actual_flags_exit_1(capsys):
    code = main(["plan-vs-actual", str(SALES / "target-2027.yaml"), str(SALES / "actual-2027.csv"),
                 "--visits", VISITS, "--team", "展厅"])
    assert code == 1
    out = capsys.readouterr().out
    assert "3 early warnings:" in out
    assert "S04 刘洋: behind plan two months running — 2027-08 sold 5 of 8, 2027-09 sold 7 of 11." in out
    assert "S06 杨帆: expense ratio rising" in out


def test_plan_vs_actual_views(capsys):
    args = [str(SALES / "target-2027.yaml"), str(SALES / "actual-2027.csv")]
    assert main(["plan-vs-actual", *args, "--view", "model", "--csv", "-"]) == 1   # S04 is behind plan
    models = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert models["ytd_actual"].sum() == 1107
    assert main(["plan-vs-actual", *args, "--through", "2027-08", "--view", "warnings", "--csv", "-"]) == 0
    assert pd.read_csv(io.StringIO(capsys.readouterr().out)).empty
    assert main(["plan-vs-actual", *args, "--through", "2027-06", "--view", "warnings", "--csv", "-"]) == 1
    assert pd.read_csv(io.StringIO(capsys.readouterr().out))["salesperson"].tolist() == ["K01"]
    assert main(["plan-vs-actual", *args, "--through", "2026-06"]) == 2
    assert "must be a month of 2027" in capsys.readouterr().err
