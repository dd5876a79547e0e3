"""The monthly pay sheet against one computed by hand (sample plan, three consultants on three tiers, a clawback)."""

from __future__ import annotations

import pandas as pd
import pytest

from orgplan.i18n import language
from orgplan.model.io import DATA_DIR
from orgplan.pay import pay_sheet, read_commission_plan
from orgplan.pay.display import display_table
from orgplan.pay.plan import Band, Tiers

PLAN = DATA_DIR / "pay" / "commission-plan-2027.yaml"


def _deal(deal_id, person, model, delivered, gross, *, payment="full", insurance="否", warranty="否",
          accessories=0, status="delivered", cancelled=""):
    return {"deal_id": deal_id, "consultant_id": person, "model_id": model, "order_date": "2027-07-01",
            "delivery_date": delivered, "status": status, "cancelled_on": cancelled, "list_price": 0, "price": 0,
            "gross_profit": gross, "payment": payment, "insurance": insurance, "extended_warranty": warranty,
            "accessories": accessories}


@pytest.fixture(scope="module")
def plan():
    return read_commission_plan(PLAN)


@pytest.fixture(scope="module")
def deals():
    rows = [
        # S07 (初级, 3 cars: first tier ×1.0)
        _deal("A1", "S07", "CITY", "2027-09-02", 2000, payment="loan", insurance="是"),
        _deal("A2", "S07", "AURA", "2027-09-10", 4000, insurance="是"),
        _deal("A3", "S07", "VOYA", "2027-09-21", 10000, payment="loan", warranty="是", accessories=5000),
        # delivered in August, cancelled in September: clawed back in September
        _deal("A4", "S07", "TERRA", "2027-08-20", 6000, status="cancelled", cancelled="2027-09-10"),
        # cancelled before delivery: never paid, nothing to claw back
        _deal("A5", "S07", "NOVA", "", 3000, status="cancelled", cancelled="2027-09-05"),
        # delivered and cancelled within September: not counted
        _deal("A6", "S07", "NOVA", "2027-09-03", 3000, status="cancelled", cancelled="2027-09-25"),
    ]
    # S02 (高级, 10 cars: second tier ×1.2)
    rows += [_deal(f"B{i}", "S02", "AURA-L", f"2027-09-{i + 1:02d}", 5000) for i in range(10)]
    # S01 (资深, 15 cars: third tier ×1.5, all with loan and insurance)
    rows += [_deal(f"C{i:02d}", "S01", "EV1", f"2027-09-{i + 1:02d}", 3000, payment="loan", insurance="是")
             for i in range(15)]
    return pd.DataFrame(rows)


PEOPLE = pd.DataFrame({"consultant_id": ["S01", "S02", "S07"], "name": ["王海涛", "李静", "赵磊"],
                       "team": ["展厅"] * 3})
TARGETS = {("S01", "2027-09"): 12, ("S02", "2027-09"): 10, ("S07", "2027-09"): 4}
RATINGS = {"S07": 4.2, "S01": 4.6}


@pytest.fixture(scope="module")
def sheet(plan, deals):
    return pay_sheet(plan, deals, "2027-09", targets=TARGETS, ratings=RATINGS, consultants=PEOPLE)


def _row(sheet, person):
    return sheet.sheet.set_index("consultant_id").loc[person]


def test_first_tier_with_fi_scorecard_and_clawback(sheet):
    s07 = _row(sheet, "S07")
    # per car 200 + 300 + 800; gross 5 % × 16,000; loans 2 × 150, policies 2 × 100, warranty 80,
    # accessories 3 % × 5,000, loan penetration 2/3 ≥ 50 % → 300; rating 4.2 → 4 → ×1.1 on per car and gross
    assert s07["units"] == 3
    assert (s07["base"], s07["per_car"], s07["gross"]) == (3300, 1300, 800)
    assert s07["finance_insurance"] == 300 + 200 + 80 + 150 + 300
    assert s07["scorecard"] == pytest.approx(210)
    # A4: delivered 2027-08-20 alone that month (300 × 1.0 + 5 % × 6,000) and cancelled 2027-09-10
    assert s07["clawback"] == -600
    assert s07["total"] == 3300 + 1300 + 800 + 1030 + 210 - 600 == 6040


def test_second_tier_retroactive(sheet):
    s02 = _row(sheet, "S02")
    assert (s02["units"], s02["per_car"], s02["gross"], s02["finance_insurance"], s02["scorecard"]) == (
        10, 300 * 1.2 * 10, 2500, 0, 0)
    assert s02["total"] == 10100
    assert s02["social_insurance"] == pytest.approx(3030)
    assert s02["attainment"] == 1.0


def test_third_tier_with_penetration(sheet):
    s01 = _row(sheet, "S01")
    assert s01["per_car"] == 400 * 1.5 * 15 == 9000
    assert s01["finance_insurance"] == 15 * 150 + 15 * 100 + 600 + 300
    assert s01["scorecard"] == pytest.approx((9000 + 2250) * 0.2)
    assert s01["total"] == 22650


def test_manager_team_bonus(sheet):
    manager = _row(sheet, "SHOW-MGR")
    # team 3 + 10 + 15 = 28 cars against 26: 107.7 % → the 100–110 % band, 6,000; 30 × 28 per car
    assert manager["team_bonus"] == 6000 + 840
    assert manager["total"] == 14840


def test_every_line_names_its_rule_and_deals(sheet):
    lines = sheet.lines_of("S07")
    clawback = lines[lines["component"] == "clawback"].iloc[0]
    assert clawback["deals"] == "A4" and "2027-08-20" in clawback["rule"] and clawback["plan_line"] is not None
    per_car = lines[lines["component"] == "per_car"]
    assert set(", ".join(per_car["deals"]).split(", ")) == {"A1", "A2", "A3"}
    assert "A6" not in ", ".join(lines["deals"]) and "A5" not in ", ".join(lines["deals"])
    assert lines["amount"].sum() == pytest.approx(_row(sheet, "S07")["total"])


def test_marginal_tiers_pay_each_car_at_its_own_tier(plan, deals):
    marginal = plan.with_changes(tiers=Tiers("units", "marginal", plan.tiers.bands))
    s01 = _row(pay_sheet(marginal, deals, "2027-09", consultants=PEOPLE), "S01")
    assert s01["per_car"] == pytest.approx(400 * (8 * 1.0 + 6 * 1.2 + 1 * 1.5))


def test_cap_and_floor(plan, deals):
    capped = plan.with_changes(commission_cap=15000.0, pay_floor=9000.0)
    sheet = pay_sheet(capped, deals, "2027-09", ratings=RATINGS, consultants=PEOPLE)
    assert _row(sheet, "S01")["cap"] == pytest.approx(15000 - 18150)
    assert _row(sheet, "S01")["total"] == 4500 + 15000
    assert _row(sheet, "S07")["floor"] == pytest.approx(9000 - 6040)
    assert _row(sheet, "S07")["total"] == 9000


def test_attainment_tiers_need_targets(plan, deals):
    from orgplan.errors import ParameterError

    by_attainment = plan.with_changes(tiers=Tiers("attainment", "retroactive",
                                                  (Band(0, 1.0, 1.0), Band(1.0, None, 1.3))))
    with pytest.raises(ParameterError, match="target"):
        pay_sheet(by_attainment, deals, "2027-09", consultants=PEOPLE)
    sheet = pay_sheet(by_attainment, deals, "2027-09", targets={**TARGETS, ("S07", "2027-08"): 2}, consultants=PEOPLE)
    assert _row(sheet, "S02")["per_car"] == 300 * 1.3 * 10  # 10 of 10: 100 %


def test_sample_store_september_clawback(plan):
    from orgplan.sales.deals import read_deals

    sheet = pay_sheet(plan, read_deals(DATA_DIR / "sales" / "deals-2027.csv"), "2027-09")
    k03 = sheet.lines_of("K03")
    clawback = k03[k03["component"] == "clawback"]
    assert clawback["deals"].tolist() == ["D2027-0939"]
    assert clawback["amount"].iloc[0] < 0


def test_pay_sheet_in_chinese(sheet):
    with language("zh-Hans"):
        shown = display_table(sheet.lines_of("S07"))
    assert "项目" in shown.columns and "退订追回" in set(shown["项目"])
