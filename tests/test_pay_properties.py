"""Invariants of the pay sheet: lines add up to the total; marginal tiers never pay more than retroactive ones;
a clawback takes back exactly what the car earned."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orgplan.model.io import DATA_DIR
from orgplan.pay import pay_sheet, read_commission_plan
from orgplan.pay.plan import Tiers

PLAN = read_commission_plan(DATA_DIR / "pay" / "commission-plan-2027.yaml").with_changes(
    commission_cap=None, pay_floor=None, manager=None)
MODELS = ["CITY", "NOVA", "AURA", "AURA-L", "TERRA", "TERRA-X", "VOYA", "EV1", "EV-S", "PHEV"]
PEOPLE = pd.DataFrame({"consultant_id": ["S05"], "name": ["陈晓敏"], "team": ["展厅"]})

car = st.tuples(st.sampled_from(MODELS), st.integers(-2000, 15000), st.booleans(), st.booleans(),
                st.integers(0, 8000))


def _deals(cars, month="2027-09"):
    return pd.DataFrame([{"deal_id": f"D{i:03d}", "consultant_id": "S05", "model_id": model,
                          "delivery_date": f"{month}-{i % 28 + 1:02d}", "status": "delivered", "gross_profit": gross,
                          "payment": "loan" if loan else "full", "insurance": "是" if policy else "否",
                          "accessories": extras} for i, (model, gross, loan, policy, extras) in enumerate(cars)],
                        columns=["deal_id", "consultant_id", "model_id", "delivery_date", "status", "gross_profit",
                                 "payment", "insurance", "accessories"])


SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.lists(car, max_size=20), st.sampled_from([None, 1.0, 2.6, 4.4]))
def test_lines_add_up_to_the_total(cars, rating):
    sheet = pay_sheet(PLAN, _deals(cars), "2027-09", ratings={"S05": rating} if rating else None, consultants=PEOPLE)
    row = sheet.sheet.iloc[0]
    assert row["units"] == len(cars)
    assert sheet.lines["amount"].sum() == pytest.approx(row["total"])
    parts = ["base", "per_car", "gross", "finance_insurance", "scorecard", "team_bonus", "cap", "clawback", "floor"]
    assert sum(row[p] for p in parts) == pytest.approx(row["total"])


@SETTINGS
@given(st.lists(car, max_size=24))
def test_marginal_tiers_never_pay_more_than_retroactive(cars):
    marginal = PLAN.with_changes(tiers=Tiers("units", "marginal", PLAN.tiers.bands))
    retro = pay_sheet(PLAN, _deals(cars), "2027-09", consultants=PEOPLE).sheet.iloc[0]["per_car"]
    margin = pay_sheet(marginal, _deals(cars), "2027-09", consultants=PEOPLE).sheet.iloc[0]["per_car"]
    assert margin <= retro + 1e-6
    if len(cars) <= 8:
        assert margin == pytest.approx(retro)


@SETTINGS
@given(st.lists(car, min_size=1, max_size=16), st.data())
def test_clawback_takes_back_what_the_car_earned(cars, data):
    august = _deals(cars, "2027-08")
    index = data.draw(st.integers(0, len(cars) - 1))
    earned = pay_sheet(PLAN, august, "2027-08", consultants=PEOPLE).deals.set_index("deal_id").loc[f"D{index:03d}"]
    cancelled = august.assign(status=["cancelled" if i == index else "delivered" for i in range(len(cars))],
                              cancelled_on=["2027-09-15" if i == index else "" for i in range(len(cars))])
    september = pay_sheet(PLAN, cancelled, "2027-09", consultants=PEOPLE).sheet.iloc[0]
    parts = ["per_car", "gross", "loan", "insurance", "extended_warranty", "accessories"]
    assert september["clawback"] == pytest.approx(-sum(earned[p] for p in parts))
