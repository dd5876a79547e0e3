"""Training: the plan, attendance, the checks' planted cases, competencies and needs, ``orgplan training``."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from orgplan.cli import main
from orgplan.errors import DataError
from orgplan.i18n import language
from orgplan.model.io import DATA_DIR
from orgplan.training import (competency_matrix, display_table, expected_attendance, first_sales, read_attendance,
                              read_sessions, read_training_config, training_checks, training_needs,
                              training_summary)

CONFIG = DATA_DIR / "training" / "training-2027.yaml"


@pytest.fixture(scope="module")
def config():
    return read_training_config(CONFIG)


def test_the_planted_cases_are_found(config):
    found = training_checks(config)
    assert found[["severity", "code", "consultant_id", "period"]].values.tolist() == [
        ["error", "not_trained_before_selling", "S10", "2027-03"],    # sold in March, missed the induction of 03-02
        ["warning", "no_training_in_quarter", "N02", "2027Q2"],
        ["warning", "no_training_in_quarter", "S04", "2027Q3"],
        ["warning", "failed_exam", "S07", "2027-04"],                 # 52 in F&I
        ["warning", "failed_exam", "S09", "2027-06"],                 # 55 on 途锐X
    ]
    assert "first trained on 2027-03-16" in found["message"].iloc[0]


def test_first_sale_is_the_month_of_the_first_car_not_before_the_start(config):
    first = first_sales(config)
    assert str(first["S10"]) == "2027-03-01"        # actual-2027.csv: S10 sells 3 cars in March
    assert str(first["S01"]) == "2027-01-01"        # the actuals begin in January 2027


def _tiny(tmp_path, attendance: str, start: str = "2027-05-10", sold_month: int | None = 5):
    (tmp_path / "s.csv").write_text("session_id,date,session_kind,topic_kind,topic,trainer,audience\n"
                                    "A,2027-02-01,月度培训,产品,产品,甲,全部\nB,2027-05-12,按需培训,入职,入职,乙,展厅\n"
                                    "C,2027-08-01,月度培训,流程,流程,甲,展厅\n", encoding="utf-8")
    (tmp_path / "a.csv").write_text("session_id,consultant_id,attended,score\n" + attendance, encoding="utf-8")
    (tmp_path / "c.csv").write_text("consultant_id,name,team,start_date\nX1,老员工,展厅,2020-01-01\n"
                                    f"X2,新人,展厅,{start}\n", encoding="utf-8")
    files = "  sessions: s.csv\n  attendance: a.csv\n  consultants: c.csv\n"
    if sold_month:
        (tmp_path / "sold.csv").write_text(f"year,month,salesperson,model_id,units\n2027,{sold_month},X2,AURA,1\n",
                                           encoding="utf-8")
        files += "  actuals: sold.csv\n"
    (tmp_path / "t.yaml").write_text(f"year: 2027\nas_of: 2027-09-30\nfiles:\n{files}", encoding="utf-8")
    return read_training_config(tmp_path / "t.yaml")


def test_small_team_by_hand(tmp_path):
    # X1 trained in Q1 (A) and Q3 (C) but not Q2; X2 joins 05-10, is inducted 05-12, sells from May (05-10)
    config = _tiny(tmp_path, "A,X1,是,90\nB,X2,是,40\nC,X1,是,\nC,X2,是,70\n")
    found = training_checks(config)
    assert found[["code", "consultant_id", "period"]].values.tolist() == [
        ["not_trained_before_selling", "X2", "2027-05"],
        ["no_training_in_quarter", "X1", "2027Q2"],
        ["failed_exam", "X2", "2027-05"]]
    # selling only from June: the induction of 05-12 came first
    later = _tiny(tmp_path, "A,X1,是,90\nB,X2,是,80\nC,X1,是,\nC,X2,是,70\n", sold_month=6)
    assert training_checks(later)["code"].tolist() == ["no_training_in_quarter"]
    expected = expected_attendance(later)
    assert expected.groupby("consultant_id").size().to_dict() == {"X1": 2, "X2": 2}   # X1 not at the induction


def test_summary_and_needs(config):
    summary = training_summary(config).set_index("consultant_id")
    assert summary.loc["S04", ["expected", "attended"]].tolist() == [10, 6]
    assert summary.loc["S04", "last_trained"] == "2027-06-10"
    needs = training_needs(config)
    s10 = needs[needs["consultant_id"] == "S10"]
    assert s10["need"].value_counts().to_dict() == {"low_level": 9, "new_model": 1, "new_hire": 1}
    assert needs.loc[needs["need"] == "new_model", "consultant_id"].tolist() == ["S10"]  # fleet team exempt
    low = needs[needs["need"] == "low_level"]
    assert {("S04", "报价成交"), ("S07", "金融"), ("N02", "试乘试驾")} <= set(zip(low["consultant_id"], low["item"]))


def test_competency_matrix(config):
    matrix = competency_matrix(config.competency, area="fi", consultants=config.consultants)
    assert matrix.columns.tolist() == ["金融", "保险"]
    assert matrix.loc["S07 赵磊", "金融"] == 2


def test_bad_rows_are_located(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("编号,日期,类型,内容类别,主题,讲师,对象\nT1,2027-02-30,月度培训,产品,x,甲,展厅\n"
                    "T1,2027-03-01,每周,产品,x,甲,\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_sessions(path)
    assert sorted((p.row, p.column) for p in caught.value.problems) == [
        (2, "date"), (3, "audience"), (3, "session_id"), (3, "session_kind")]
    seen = tmp_path / "a.csv"
    seen.write_text("培训编号,销售顾问,出勤,成绩\nT1,S01,是,120\nT9,S01,也许,\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_attendance(seen, sessions=pd.DataFrame({"session_id": ["T1"]}))
    assert sorted((p.row, p.column) for p in caught.value.problems) == [(2, "score"), (3, "attended"),
                                                                       (3, "session_id")]


def test_findings_in_chinese(config):
    with language("zh-Hans"):
        found = training_checks(config)
        shown = display_table(found)
    assert found["message"].iloc[2] == "刘洋（S04）2027 年第 3 季度没有参加任何培训。"
    assert shown["问题"].iloc[0] == "上岗前未培训"


def test_cli(capsys):
    assert main(["training", "check", str(CONFIG)]) == 1
    out = capsys.readouterr().out
    assert "5 findings on 2027-09-30:" in out
    assert main(["training", "plan", str(CONFIG), "--csv", "-"]) == 0
    plan = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert len(plan) == 14 and plan["held"].tolist().count("yes") == 11
    assert main(["training", "needs", str(CONFIG)]) == 0
    assert main(["training", "matrix", str(CONFIG), "--area", "process"]) == 0
    assert "报价成交" in capsys.readouterr().out
