"""The payroll forecast, the positions' cost split, incentive design, consequences and personal plans."""

from __future__ import annotations

import pandas as pd
import pytest

from orgplan.i18n import language
from orgplan.model.io import DATA_DIR, read_structure
from orgplan.pay import Assumptions, payroll_forecast, read_commission_plan, scaled_target
from orgplan.pay.consequences import ConsequenceRules, consequences
from orgplan.pay.costs import position_cost_change, position_costs
from orgplan.pay.design import compare_plans, with_tier
from orgplan.pay.display import display_table
from orgplan.pay.personal import personal_plans, self_review
from orgplan.pay.plan import Band, Tiers
from orgplan.sales.targets import decompose_plan, read_target_config


@pytest.fixture(scope="module")
def plan():
    return read_commission_plan(DATA_DIR / "pay" / "commission-plan-2027.yaml")


@pytest.fixture(scope="module")
def config():
    return read_target_config(DATA_DIR / "sales" / "target-2027.yaml")


@pytest.fixture(scope="module")
def target(config):
    return decompose_plan(config)


ASSUME = Assumptions(gross_per_car={"CITY": 2000.0}, loan_share=0.6, insurance_share=0.9)


def test_forecast_prices_one_month_by_hand(plan, target):
    forecast = payroll_forecast(plan, target, ASSUME)
    row = forecast.table.set_index(["consultant_id", "month"]).loc[("S01", "2027-01")]
    units = target.cube.loc[("S01", 1)]
    cars = int(units.sum())
    assert cars == 16  # the 15+ tier: every car × 1.5
    per_car = sum(plan.car_amount(m)[0] * n for m, n in units.items()) * 1.5
    gross = 0.05 * 2000 * int(units.get("CITY", 0))
    fi = cars * (0.6 * 150 + 0.9 * 100) + 300 + 300  # loan ≥ 50 % (not 70 %), insurance ≥ 85 %
    assert row["per_car"] == pytest.approx(per_car)
    assert row["gross"] == pytest.approx(gross)
    assert row["finance_insurance"] == pytest.approx(fi)
    assert row["total"] == pytest.approx(4500 + per_car + gross + fi)
    assert row["social_insurance"] == pytest.approx(0.3 * row["total"])


def test_forecast_reacts_to_a_ten_percent_higher_target(plan, config, target):
    base = payroll_forecast(plan, target, ASSUME)
    higher = payroll_forecast(plan, scaled_target(config, 1.1), ASSUME)
    assert int(higher.by_month["units"].sum()) == 1675 == round(1523 * 1.1)
    assert higher.by_month["base"].sum() == base.by_month["base"].sum()  # base pay does not move with volume
    assert higher.by_month["variable"].sum() > base.by_month["variable"].sum() * 1.09  # about in step with the cars
    mine = higher.by_person.set_index("consultant_id")["total"] - base.by_person.set_index("consultant_id")["total"]
    assert (mine >= 0).all() and mine.sum() > 0
    assert higher.cost_per_car < base.cost_per_car  # fixed base spread over more cars


def test_employer_rate_configurable(plan, target):
    none = payroll_forecast(plan, target, employer_rate=0.0)
    assert none.by_month["social_insurance"].sum() == 0
    assert none.by_month["employer_cost"].sum() == pytest.approx(none.by_month["total"].sum())


def test_no_pay_before_a_consultant_starts(plan, target):
    forecast = payroll_forecast(plan, target)
    assert forecast.table.loc[forecast.table["consultant_id"] == "S10", "month"].min() == "2027-03"


def test_marginal_tiers_forecast(plan, target):
    marginal = plan.with_changes(tiers=Tiers("units", "marginal", plan.tiers.bands))
    row = payroll_forecast(marginal, target).table.set_index(["consultant_id", "month"]).loc[("S01", "2027-01")]
    units = target.cube.loc[("S01", 1)]
    average = sum(plan.car_amount(m)[0] * n for m, n in units.items()) / 16
    assert row["per_car"] == pytest.approx(average * (8 * 1.0 + 6 * 1.2 + 2 * 1.5))


def test_position_costs_split(plan, target):
    forecast = payroll_forecast(plan, target, ASSUME)
    table = position_costs(read_structure(DATA_DIR / "approved-2027"), plan, forecast).set_index("position_id")
    cons = table.loc["SHOW-CONS"]
    assert cons["typed_cost"] == 8000
    assert cons["planned_cost"] == pytest.approx(cons["base"] + cons["variable"] + cons["social_insurance"], abs=2)
    showroom = forecast.table[(forecast.table["team"] == "展厅") & (forecast.table["consultant_id"] != "SHOW-MGR")]
    assert cons["base"] == round(showroom["base"].mean())


def test_changing_a_tier_on_past_deals(plan):
    deals = pd.DataFrame({"deal_id": [f"D{i}" for i in range(9)], "consultant_id": ["S01"] * 9,
                          "model_id": ["CITY"] * 9, "status": ["delivered"] * 9,
                          "delivery_date": [f"2027-09-{i + 1:02d}" for i in range(9)], "gross_profit": [0] * 9})
    comparison = compare_plans(plan, with_tier(plan, 1, start=10), deals, ["2027-09"],
                               people=["S01"], consultants=pd.DataFrame({"consultant_id": ["S01"], "name": ["王海涛"],
                                                                        "team": ["大客户"]}))
    s01 = comparison.by_person.set_index("consultant_id").loc["S01"]
    assert s01["change"] == -9 * 200 * 0.2  # 9 cars fall back from the 9–14 tier (×1.2) to ×1.0
    assert comparison.summary["cost_per_car"].iloc[1] < comparison.summary["cost_per_car"].iloc[0]


MONTHS = pd.DataFrame({"consultant_id": ["A"] * 3 + ["B"] * 3 + ["C"] * 3, "name": ["甲"] * 3 + ["乙"] * 3 + ["丙"] * 3,
                       "team": ["展厅"] * 9, "month": ["2027-07", "2027-08", "2027-09"] * 3,
                       "target": [10] * 9, "units": [12, 11, 11, 9, 10, 9, 6, 7, 5]})


def test_consequences_name_and_explain():
    table = consequences(MONTHS, scores={"A": 4.5, "B": 3.0, "C": 3.0}).set_index("consultant_id")
    assert table["outcome"].to_dict() == {"A": "promotion", "B": "keep", "C": "warning"}
    assert table.loc["A", "reason"].startswith("Attainment at least 100% in each of the last 3 months (120%, 110%, 110%)")
    assert "Would be an elimination candidate" in table.loc["C", "reason"]
    assert "(60%, 70%, 50%)" in table.loc["C", "reason"]


def test_elimination_only_when_the_store_chooses_it():
    table = consequences(MONTHS, rules=ConsequenceRules(eliminate=True)).set_index("consultant_id")
    assert table.loc["C", "outcome"] == "elimination"
    assert table.loc["C", "reason"] == ("Last of the team by mean attainment (60%, below 80%) over the last 3 months "
                                        "(60%, 70%, 50%).")


def test_consequences_in_chinese():
    with language("zh-Hans"):
        shown = display_table(consequences(MONTHS))
    assert set(shown["结论"]) == {"晋升候选", "无需处理", "警告"}
    assert "如实行末位淘汰将列为淘汰候选人" in shown["依据"].iloc[2]


def test_personal_plans_and_self_review(plan, target):
    kpis = pd.DataFrame({"salesperson": ["S01"], "orders_per_100_visits": [20.0], "visits": [70]})
    goals = personal_plans(plan, target, "2027-09", kpis=kpis)
    s01 = goals.set_index("consultant_id").loc["S01"]
    cars = int(target.cube.loc[("S01", 9)].sum())
    assert s01["target"] == cars == 14
    assert s01["visits"] == 70  # 14 cars at 20 orders per 100 visits
    assert (s01["loans"], s01["policies"]) == (10, 12)  # the top thresholds: 70 % loans, 85 % policies
    assert s01["next_tier"] == "1.5 from 15 cars: 1 more"
    deals = pd.DataFrame({"deal_id": ["D1"], "consultant_id": ["S01"], "model_id": ["CITY"], "status": ["delivered"],
                          "delivery_date": ["2027-09-05"], "payment": ["loan"], "insurance": ["否"]})
    review = self_review(goals[goals["consultant_id"] == "S01"], deals, kpis=kpis)
    assert review.set_index("item").loc["units", ["goal", "actual", "gap", "done"]].tolist() == [14, 1, -13, "no"]
    assert review.set_index("item").loc["visits", "done"] == "yes"
    assert (review["improvement"] == "").all()


def test_position_cost_change_between_structures(plan, target):
    forecast = payroll_forecast(plan, target, ASSUME)
    table = position_cost_change(read_structure(DATA_DIR / "as-is-2026"), read_structure(DATA_DIR / "approved-2027"),
                                 plan, forecast).set_index("position_id")
    cons = table.loc["SHOW-CONS"]
    assert (cons["filled_before"], cons["filled_after"]) == (15, 12)
    assert cons["change"] == -3 * cons["planned_cost"]
    assert table.loc["SHOW-DCC", "cost_before"] == 0
