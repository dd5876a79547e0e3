"""Commission plans: the sample reads; bad plans are refused with every problem located (file, line, key)."""

from __future__ import annotations

import textwrap

import pytest

from orgplan.errors import DataError
from orgplan.i18n import language
from orgplan.model.io import DATA_DIR
from orgplan.pay import read_commission_plan

SAMPLE = DATA_DIR / "pay" / "commission-plan-2027.yaml"
MODELS = DATA_DIR / "sales" / "models.csv"


def _plan(tmp_path, body: str, *, models: bool = True):
    head = f"files:\n  models: {MODELS}\n" if models else ""
    path = tmp_path / "plan.yaml"
    path.write_text(head + textwrap.dedent(body), encoding="utf-8")
    return path


BASE = """\
base_pay:
  grades: {初级: 3300, 高级: 4000}
  default_grade: 初级
per_car:
  groups:
    入门: [CITY, NOVA]
    其他: [AURA, AURA-L, TERRA, TERRA-X, VOYA, EV1, EV-S, PHEV]
  amounts: {入门: 200, 其他: 400}
"""


def _problems(path):
    with pytest.raises(DataError) as caught:
        read_commission_plan(path)
    return caught.value.problems


def test_sample_plan_reads():
    plan = read_commission_plan(SAMPLE)
    assert plan.base_of("S01") == 4500 and plan.base_of("S07") == 3300
    assert plan.tiers.mode == "retroactive" and len(plan.tiers.bands) == 3
    assert plan.manager.team == "展厅" and plan.employer_rate == 0.30
    assert plan.positions == {"SHOW-CONS": "展厅", "KA-CONS": "大客户", "SHOW-DCC": "网销"}
    assert plan.clawback_days == 180 and plan.commission_cap == 20000


def test_overlapping_tiers_located(tmp_path):
    path = _plan(tmp_path, BASE + """\
tiers:
  basis: units
  mode: retroactive
  bands:
    - {from: 0, to: 8, factor: 1.0}
    - {from: 8, to: 14, factor: 1.2}
    - {from: 15, factor: 1.5}
""")
    [problem] = _problems(path)
    assert (problem.code, problem.row, problem.column, problem.value) == ("overlapping_tiers", 16,
                                                                          "tiers.bands.1.from", "8")
    assert "start at 9" in problem.expected


def test_gap_between_tiers_located(tmp_path):
    path = _plan(tmp_path, BASE + """\
tiers:
  basis: attainment
  mode: marginal
  bands:
    - {from: 0, to: 0.8, factor: 1.0}
    - {from: 0.9, to: 1.2, factor: 1.2}
    - {from: 1.2, factor: 1.5}
""")
    [problem] = _problems(path)
    assert (problem.code, problem.row, problem.column) == ("tier_gap", 16, "tiers.bands.1.from")
    assert "0.8" in problem.expected


def test_tiers_must_say_how_they_count_and_start_at_zero(tmp_path):
    path = _plan(tmp_path, BASE + """\
tiers:
  basis: units
  bands:
    - {from: 5, to: 8, factor: 1.0}
    - {from: 9, factor: 1.2}
""")
    problems = _problems(path)
    assert {p.code for p in problems} == {"missing_value", "tier_gap"}
    assert {p.column for p in problems} == {"tiers.mode", "tiers.bands.0.from"}


def test_a_model_no_rule_prices(tmp_path):
    body = BASE.replace("    其他: [AURA, AURA-L, TERRA, TERRA-X, VOYA, EV1, EV-S, PHEV]",
                        "    其他: [AURA, AURA-L, TERRA, TERRA-X, EV1, EV-S, PHEV]")
    problems = _problems(_plan(tmp_path, body))
    assert [(p.code, p.value, p.row) for p in problems] == [("unpriced_model", "VOYA", 6)]


def test_unknown_model_key_grade_and_bad_numbers(tmp_path):
    path = _plan(tmp_path, BASE.replace("[CITY, NOVA]", "[CITY, NOVA, MINI]").replace("default_grade: 初级",
                                                                                       "default_grade: 中级")
                 + "gross: {rate: 1.5}\nbonus: 3\n")
    problems = _problems(path)
    codes = {(p.code, p.column) for p in problems}
    assert ("unknown_id", "per_car.groups.入门") in codes
    assert ("unknown_id", "base_pay.default_grade") in codes
    assert ("invalid_value", "gross.rate") in codes
    assert ("unknown_key", "bonus") in codes


def test_no_models_table_no_pricing_check(tmp_path):
    path = _plan(tmp_path, BASE, models=False)
    assert read_commission_plan(path).car_amount("MINI") is None


def test_messages_in_chinese(tmp_path):
    path = _plan(tmp_path, BASE + """\
tiers:
  basis: units
  mode: retroactive
  bands:
    - {from: 0, to: 8, factor: 1.0}
    - {from: 8, factor: 1.2}
""")
    with language("zh-Hans"), pytest.raises(DataError) as caught:
        read_commission_plan(path)
    assert "提成方案有 1 处问题" in str(caught.value)
    assert "下一档从 9 开始：上一档止于 8（档位重叠）" in str(caught.value)


def test_missing_file():
    with pytest.raises(FileNotFoundError):
        read_commission_plan(DATA_DIR / "pay" / "nope.yaml")
