"""The mid-year re-plan: sold months kept, the year's total exact, bounds and capacity respected, or a refusal."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from orgplan.cli import main
from orgplan.errors import DataError, ParameterError
from orgplan.i18n import language
from orgplan.model.io import DATA_DIR
from orgplan.sales.activity_files import read_actuals
from orgplan.sales.target_plan import decompose_plan
from orgplan.sales.target_replan import display_replan, replan
from orgplan.sales.target_versions import compare_versions, read_plan_version, version_table, write_plan_version
from orgplan.sales.targets import read_target_config

TARGET = DATA_DIR / "sales" / "target-2027.yaml"
ACTUAL = DATA_DIR / "sales" / "actual-2027.csv"


@pytest.fixture(scope="module")
def setting():
    config = read_target_config(TARGET)
    return config, decompose_plan(config), read_actuals(ACTUAL)


def test_replan_after_september_keeps_the_year(setting):
    config, plan, actual = setting
    again = replan(plan, config, actual)
    assert (again.feasible, again.through, again.total) == (True, 9, 1523)
    assert (again.sold, again.remaining) == (1107, 416)              # actual-2027.csv adds up to 1,107
    assert int(again.cube.sum()) == 1523
    months = again.cube.index.get_level_values("month")
    sold = actual.groupby(["salesperson", "month", "model_id"])["units"].sum()
    kept = again.cube[months <= 9]
    kept = kept[kept > 0]
    assert kept.to_dict() == sold[sold > 0].to_dict()               # every sold cell as sold, nothing added
    by = again.by_consultant.set_index("consultant_id")
    assert (by["year_target"] == by["sold"] + by["remaining"]).all()
    assert (by["year_target"] <= by["bound"]).all() and (by["remaining"] <= by["capacity"]).all()
    # S10 sold 31 in her 7 months (March–September): 31 / 7 × 3 × 1.5 = 19.9 → capacity 19, which caps her
    assert (by.loc["S10", "capacity"], by.loc["S10", "remaining"]) == (19, 19)
    cube_by_consultant = again.cube.groupby(level="consultant").sum()
    assert cube_by_consultant.reindex(by.index).tolist() == by["year_target"].tolist()
    assert again.by_month.loc[again.by_month["month"] > 9, "target"].sum() == 416


def test_fleet_team_still_sells_fleet_models_only(setting):
    config, plan, actual = setting
    cube = replan(plan, config, actual).cube
    fleet = set(config.models.loc[config.models["fleet"], "model_id"])
    later = cube.index.get_level_values("month") > 9           # the actuals may hold anything: they are what was sold
    team = cube[cube.index.get_level_values("consultant").str.startswith("K") & (cube > 0) & later]
    assert set(team.index.get_level_values("model")) <= fleet


def test_refusal_names_who_would_exceed(setting):
    config, plan, actual = setting
    refused = replan(plan, config, actual, headroom=0.0)
    assert not refused.feasible and refused.cube is None
    first = refused.refusal.iloc[0]
    # K01 sold 111 in nine months: at that pace 37 in October–December, but 51 would be needed
    assert (first["consultant_id"], first["would_need"], first["capacity"], first["over"]) == ("K01", 51, 37, 14)
    assert "cannot keep the year's 1,523 cars: 416 remain to sell" in refused.message
    assert "孙建国 (K01) would need 51 more, room for 37" in refused.message


def test_a_cap_below_what_is_sold_refuses(setting):
    config, plan, actual = setting
    people = config.consultants.assign(cap_units=80.0)        # nobody may pass 80 cars this year
    squeezed = dataclasses.replace(config, consultants=people)
    refused = replan(plan, squeezed, actual)
    assert not refused.feasible
    assert set(refused.refusal["consultant_id"]) >= {"S01", "K01"}


def test_year_already_passed_is_said(setting):
    config, plan, actual = setting
    more = actual.assign(units=actual["units"] * 2)
    refused = replan(plan, config, more)
    assert not refused.feasible and "already passed" in refused.message


def test_bad_calls(setting):
    config, plan, actual = setting
    with pytest.raises(ParameterError, match="1 to 11"):
        replan(plan, config, actual, through=12)
    stranger = pd.concat([actual, actual.head(1).assign(salesperson="Z99")])
    with pytest.raises(ParameterError, match="Z99"):
        replan(plan, config, stranger)


def test_versions_are_kept_and_compared(setting, tmp_path):
    config, plan, actual = setting
    august = replan(plan, config, actual, through=8)
    september = replan(plan, config, actual)
    paths = {"original": write_plan_version(version_table(plan.cube), tmp_path / "original.csv"),
             "08": write_plan_version(version_table(august.cube, through=8), tmp_path / "08.csv"),
             "09": write_plan_version(version_table(september.cube, through=9), tmp_path / "09.csv")}
    versions = {name: read_plan_version(path) for name, path in paths.items()}
    assert versions["09"].loc[versions["09"]["month"] == 9, "status"].eq("sold").all()
    table = compare_versions(versions).set_index("consultant")
    assert table.loc["(total)"].tolist() == [1523, 1523, 1523, 0]
    assert table.loc["S10", "change"] == september.by_consultant.set_index("consultant_id").loc["S10", "change"]
    by_month = compare_versions(versions, by="month").set_index("month")
    assert by_month.loc[9, "09"] == 137                                  # September's actual
    bad = tmp_path / "bad.csv"
    bad.write_text("consultant,month,model,target,status\nS01,13,AURA,2,sold\nS01,1,AURA,x,maybe\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_plan_version(bad)
    assert sorted((p.row, p.column) for p in caught.value.problems) == [(2, "month"), (3, "status"), (3, "target")]


def test_chinese_wording(setting):
    config, plan, actual = setting
    with language("zh-Hans"):
        refused = replan(plan, config, actual, headroom=0.0)
        shown = display_replan(refused.refusal)
    assert refused.message.startswith("9 月之后的调整无法保持全年 1,523 台")
    assert "还需" in shown.columns[3] or shown.columns[3] == "需要"


def test_cli_replan(tmp_path, capsys):
    assert main(["targets", "replan", str(TARGET), str(ACTUAL), "--versions", str(tmp_path)]) == 0
    assert "the year still adds up to 1,523" in capsys.readouterr().out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2027-original.csv", "2027-replan-09.csv"]
    assert main(["targets", "replan", str(TARGET), str(ACTUAL), "--headroom", "0"]) == 1
    assert main(["targets", "replan", str(TARGET), str(tmp_path / "none.csv")]) == 2
