"""Staffing from the business (定编): hand-computed needs of the sample store, what-ifs, the draft, the readers.

The sample's figures (data/staffing/drivers-2027.csv, ratios.yaml, data/approved-2027):

- 销售顾问 SHOW-CONS: December 123 new cars ÷ 9 per consultant = 13.67 → up → 14 (peak month)
- 服务顾问 ADV-SA: January 2,210 repair orders ÷ 24 working days = 92.08 a day ÷ 15 = 6.14 → 7
- 机修技师 MECH-TECH: 92.08 ÷ 5.5 a day = 16.74 → 17 (cap 14 bays × 1.3 = 18.2 does not bind)
- 机修学徒 MECH-APP: 17 × 0.4 = 6.8 → nearest → 7
- 机修组长 MECH-LEAD: (17 + 7) ÷ 8 = 3
- 大客户专员 KA-CONS: average fleet 351 ÷ 12 = 29.25 ÷ 10 = 2.93 → 3 (average month)
- 钣金技师 BODY-PANEL: 75th percentile of body jobs = 283 + 0.25 × (308 − 283) = 289.25 ÷ 60 = 4.82 → 5
- 二手车销售顾问 USED-CONS: 295 ÷ 12 = 24.58 ÷ 10 = 2.46 → 3
- 客服专员 CRM-SPEC: 108,000 ÷ 12 = 9,000 ÷ 2,500 = 3.6 → 4
- 质检员 WS-QC: (17 + 7 + 5 + 5) ÷ 15 = 2.27 → nearest → 2
- 销售主管 SHOW-SUP: 14 ÷ 7 = 2
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import orgplan.i18n
from orgplan import read_structure, sample_path
from orgplan.cli import main
from orgplan.errors import DataError, ParameterError
from orgplan.model.io import read_structure as read_any
from orgplan.organisation.diff import diff
from orgplan.organisation.scenario import Scenario
from orgplan.staffing import read_drivers, read_ratios, recommend, write_draft
from orgplan.staffing.display import display_table, summary_lines
from orgplan.staffing.ratios import Rule
from orgplan.staffing.recommend import pick_month, rule_needs
from orgplan.staffing.whatif import Step, apply_steps, compare, parse_steps, sensitivity, what_if


@pytest.fixture(scope="module")
def inputs():
    return (read_drivers(sample_path("staffing/drivers-2027.csv")), read_ratios(sample_path("staffing/ratios.yaml")),
            read_structure(sample_path("approved-2027")))


@pytest.fixture(scope="module")
def plan(inputs):
    return recommend(*inputs)


HAND = {  # position: (need, recommended, approved)
    "SHOW-CONS": (123 / 9, 14, 14),
    "ADV-SA": (2210 / 24 / 15, 7, 6),
    "MECH-TECH": (2210 / 24 / 5.5, 17, 15),
    "MECH-APP": (6.8, 7, 6),
    "MECH-LEAD": (3.0, 3, 3),
    "KA-CONS": (351 / 12 / 10, 3, 4),
    "BODY-PANEL": (289.25 / 60, 5, 5),
    "USED-CONS": (295 / 12 / 10, 3, 2),
    "CRM-SPEC": (3.6, 4, 4),
    "WS-QC": (34 / 15, 2, 2),
    "SHOW-SUP": (2.0, 2, 2),
}


@pytest.mark.parametrize("position", sorted(HAND))
def test_recommendation_reproduces_hand_computed_needs(plan, position):
    row = plan.establishment.set_index("position_id").loc[position]
    need, recommended, approved = HAND[position]
    assert row["need"] == pytest.approx(need, abs=1e-9)
    assert (row["recommended"], row["approved"]) == (recommended, approved)
    assert row["difference"] == recommended - approved


def test_over_under_and_monthly_cost_per_position_and_unit(plan):
    table = plan.establishment.set_index("position_id")
    assert table.loc["MECH-TECH", ["difference", "cost_difference", "status"]].tolist() == [2, 16000.0, "short"]
    assert table.loc["KA-CONS", ["difference", "cost_difference", "status"]].tolist() == [-1, -8500.0, "surplus"]
    assert table.loc["MECH-TECH", "to_hire"] == 17 - 13
    assert (plan.total_difference, plan.total_cost_difference) == (4, 26000.0)
    units = plan.by_unit.set_index("unit_id")
    assert units.loc["AS-WS-MECH", ["approved", "recommended", "difference", "cost_difference"]].tolist() == \
        [24, 27, 3, 20000.0]
    assert units.loc["ADM", "uncovered"] == 6


def test_positions_without_rule_are_listed_not_guessed(plan):
    assert "GM" in set(plan.uncovered["position_id"]) and "GM" not in set(plan.establishment["position_id"])
    assert len(plan.uncovered) + len(plan.establishment) == len(plan.structure.positions)
    codes = plan.findings.set_index("code")
    assert codes.loc["no_rule", "value"] == 30
    assert codes.loc["rule_without_position", "position_id"] == "CRM-RENEW"
    assert codes.loc["ratio_out_of_range", "position_id"] == "CRM-SPEC"


def test_productive_share_of_the_recommended_structure(plan):
    # productive after the recommendation: 14+3+3+3+3+7+17+7+5+5+2 (SHOW-DCC) + ... see ratios.yaml's list
    finding = plan.findings.set_index("code").loc["productive_share_low"]
    positions = plan.structure.positions.set_index("position_id")["approved"].to_dict()
    positions.update(plan.recommended_counts())
    productive = sum(positions[p] for p in plan.ratios.productive if p in positions)
    assert finding["value"] == round(productive / sum(positions.values()), 3) == 0.531


def test_span_and_layer_checks_fire(inputs):
    drivers, ratios, structure = inputs
    tight = ratios.with_ratio("SHOW-SUP", 20)  # one supervisor for 14 consultants
    plan = recommend(drivers, tight, structure)
    spans = plan.findings[plan.findings["code"] == "span_wide"]
    assert spans["position_id"].tolist() == ["SHOW-SUP"] and spans["value"].iloc[0] == 14.0
    strict = read_ratios(sample_path("staffing/ratios.yaml"))
    strict.checks["layers_max"] = 3
    assert "too_many_layers" in set(recommend(drivers, strict, structure).findings["code"])


def test_in_post_frame_overrides_filled(inputs):
    plan = recommend(*inputs, in_post=pd.DataFrame({"position_id": ["MECH-TECH"], "filled": [10]}))
    assert plan.establishment.set_index("position_id").loc["MECH-TECH", ["filled", "to_hire"]].tolist() == [10, 7]


def test_target_plus_ten_percent_adds_consultants_and_technicians(inputs):
    change = what_if(*inputs, "target+10%").set_index("position_id")
    # December 123 × 1.1 = 135.3 ÷ 9 = 15.03 → 16; January repair orders × 1.05 = 2,320.5 ÷ 24 ÷ 5.5 = 17.58 → 18
    assert change.loc["SHOW-CONS", ["before", "after", "change", "cost_change"]].tolist() == [14, 16, 2, 16000.0]
    assert change.loc["MECH-TECH", ["before", "after", "change", "cost_change"]].tolist() == [17, 18, 1, 8000.0]
    assert (int(change["change"].sum()), float(change["cost_change"].sum())) == (9, 78000.0)


def test_a_new_bay_lifts_the_technicians_cap(inputs):
    drivers, ratios, structure = inputs
    grown = recommend(*apply_steps(drivers, ratios, parse_steps("target+20%")), structure)
    row = grown.establishment.set_index("position_id").loc["MECH-TECH"]
    # 2,210 × 1.10 ÷ 24 ÷ 5.5 = 18.42 → 19, but 14 bays × 1.3 = 18.2 holds 18
    assert (row["recommended"], bool(row["capped"])) == (18, True)
    with_bay = recommend(*apply_steps(drivers, ratios, parse_steps("target+20%, bays+1")), structure)
    assert with_bay.establishment.set_index("position_id").loc["MECH-TECH", "recommended"] == 19
    assert compare(recommend(*inputs), recommend(*apply_steps(drivers, ratios, parse_steps("bays+1")),
                                                 structure))["change"].abs().sum() == 0


def test_a_ratio_change_and_the_sensitivity_table(inputs):
    change = what_if(*inputs, ["SHOW-CONS=10"]).set_index("position_id")
    assert change.loc["SHOW-CONS", "after"] == math.ceil(123 / 10)
    table = sensitivity(*inputs)
    top = table.iloc[0]
    assert (top["kind"], top["name"], top["people_down"], top["people_up"]) == ("driver", "new_cars", -1, 4)
    assert set(table["name"]) >= {"SHOW-CONS", "bays", "repair_orders"}


@pytest.mark.parametrize("text", ["target+ten", "target=5%", "tyres*"])
def test_bad_what_if_steps_are_refused(text):
    with pytest.raises(ParameterError):
        parse_steps(text)


def test_what_if_naming_nothing_known(inputs):
    drivers, ratios, _structure = inputs
    with pytest.raises(ParameterError, match="NOPE"):
        apply_steps(drivers, ratios, parse_steps("NOPE+10%"))
    with pytest.raises(ParameterError, match="above 0"):
        apply_steps(drivers, ratios, parse_steps("SHOW-CONS-9"))


def test_draft_goes_through_diff_and_replays(inputs, plan, tmp_path):
    drivers, ratios, structure = inputs
    path, scenario_file = write_draft(structure, plan.establishment, tmp_path / "draft",
                                      base=sample_path("approved-2027"))
    draft = read_any(path)
    assert draft.status == "draft"
    changes = diff(structure, draft)
    changed = dict(zip(changes["id"], changes["new"]))
    assert changed == {"KA-CONS": 3, "USED-CONS": 3, "ADV-SA": 7, "MECH-TECH": 17, "MECH-APP": 7} or \
        {k: int(v) for k, v in changed.items()} == {"KA-CONS": 3, "USED-CONS": 3, "ADV-SA": 7, "MECH-TECH": 17,
                                                    "MECH-APP": 7}
    replayed = Scenario.load(scenario_file).apply()
    assert replayed == draft


def test_pick_month_and_rounding():
    assert pick_month(np.array([1.0, 5.0, 3.0]), "p50") == 3.0
    rule = Rule("X", "driver", 1, drivers=("new_cars",), rounding="down")
    assert (rule.round(2.999), rule.round(3.0000000001)) == (2, 3)
    assert Rule("X", "driver", 1, drivers=("new_cars",)).round(14.0000000001) == 14


def test_drivers_bad_cells_are_located(tmp_path):
    path = tmp_path / "drivers.csv"
    rows = "\n".join(f"{m},100,2000,26" for m in range(1, 12))
    path.write_text("月份,新车销量,维修台次,工作日\n" + rows + "\n13,x,2000,26\n1,90,1900,25\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_drivers(path)
    found = [(p.row, p.column, p.code) for p in caught.value.problems]
    assert (13, "new_cars", "not_a_number") in found
    assert (13, "month", "invalid_value") in found
    assert any(code == "duplicate_id" and row == 14 for row, _c, code in found)
    assert any(code == "missing_month" for _r, _c, code in found)


def test_ratios_bad_entries_are_located(tmp_path):
    path = tmp_path / "ratios.yaml"
    path.write_text(
        "rules:\n"
        "  - position: A\n    driver: new_cars\n    ratio: 9\n    source: NCM\n"
        "  - position: A\n    driver: new_cars\n    ratio: 9\n    source: NCM\n"
        "  - position: B\n    driver: new_cars\n    ratio: 5\n    month: top\n    source: x\n    colour: red\n"
        "  - position: C\n    span_of: D\n    ratio: 5\n    source: x\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_ratios(path)
    found = [(p.row, p.column, p.code) for p in caught.value.problems]
    assert found == [(6, "position", "duplicate_rule"), (15, "colour", "unknown_key"), (13, "month", "invalid_value"),
                     (16, "span_of", "unknown_position")]


def test_ratios_in_a_circle_are_refused(tmp_path):
    path = tmp_path / "ratios.yaml"
    path.write_text("rules:\n  - position: A\n    span_of: B\n    ratio: 5\n    source: x\n"
                    "  - position: B\n    times_of: A\n    ratio: 2\n    source: x\n", encoding="utf-8")
    with pytest.raises(DataError, match="circle"):
        read_ratios(path)


def test_missing_driver_column_is_located(inputs, tmp_path):
    drivers, ratios, structure = inputs
    with pytest.raises(DataError) as caught:
        recommend(drivers.drop(columns=["bays"]), ratios, structure)
    assert [(p.column, p.value, p.code) for p in caught.value.problems] == [("driver", "bays", "missing_driver")]


def test_zh_hans_wording(plan):
    with orgplan.i18n.language("zh-Hans"):
        lines = summary_lines(plan)
        table = display_table(plan.establishment.head(3))
    assert lines[-1] == "合计：+4 人，每月 +26,000 元。"
    assert "建议编制" in table.columns and "编制" in table.columns


def test_cli_staffing_what_if_and_draft(tmp_path, capsys):
    args = ["--lang", "en", "staffing", str(sample_path("staffing/drivers-2027.csv")),
            str(sample_path("staffing/ratios.yaml")), str(sample_path("approved-2027"))]
    assert main(args) == 1  # the planted findings warn
    out = capsys.readouterr().out
    assert "Net: +4 people, +26,000 a month." in out
    assert main(args + ["--what-if", "target+10%", "-o", str(tmp_path / "draft")]) == 1
    out = capsys.readouterr().out
    assert "Change: +9 people, +78,000 a month." in out
    assert main(["--lang", "en", "diff", str(sample_path("approved-2027")), str(tmp_path / "draft")]) == 0
    assert "SHOW-CONS" in capsys.readouterr().out
    assert main(args[:-1] + [str(tmp_path / "nowhere")]) == 2


def test_cli_sensitivity_csv(tmp_path, capsys):
    out = tmp_path / "sens.csv"
    main(["--lang", "en", "staffing", str(sample_path("staffing/drivers-2027.csv")),
          str(sample_path("staffing/ratios.yaml")), str(sample_path("approved-2027")), "--view", "sensitivity",
          "--csv", str(out)])
    assert pd.read_csv(out)["name"].iloc[0] == "new_cars"


def test_more_volume_never_needs_fewer_people(inputs):
    drivers, ratios, structure = inputs
    base = {p: n.recommended for p, n in rule_needs(drivers, ratios).items()}

    @settings(max_examples=25, deadline=None)
    @given(st.floats(min_value=1.0, max_value=1.6), st.sampled_from(["target", "repair_orders", "new_cars", "bays"]))
    def check(factor, name):
        grown = rule_needs(*apply_steps(drivers, ratios, (Step(name, "scale", factor),)))
        assert all(grown[p].recommended >= base[p] for p in base)

    check()


def test_cli_in_post_months_and_zh_hans(tmp_path, capsys):
    in_post = tmp_path / "in_post.csv"
    in_post.write_text("职位编号,在岗\nMECH-TECH,10\n", encoding="utf-8")
    args = ["staffing", str(sample_path("staffing/drivers-2027.csv")), str(sample_path("staffing/ratios.yaml")),
            str(sample_path("approved-2027"))]
    assert main(["--lang", "zh-Hans", *args, "--in-post", str(in_post)]) == 1
    out = capsys.readouterr().out
    assert "合计：+4 人，每月 +26,000 元。" in out and "建议编制" in out
    assert main(["--lang", "en", *args, "--view", "months"]) == 1
    assert "MECH-TECH" in capsys.readouterr().out
    assert main(["--lang", "en", *args, "--what-if", "target+ten"]) == 2
