"""The month and salesperson picker of notebook 07, driven without a kernel."""

from __future__ import annotations

import pytest

from orgplan.errors import ParameterError
from orgplan.model.io import DATA_DIR
from orgplan.sales.kpi import monthly_kpis, plan_vs_actual, read_actuals, read_visits
from orgplan.sales.targets import decompose_plan, read_target_config
from orgplan.widgets.kpi import TeamReview, team_review

SALES = DATA_DIR / "sales"


@pytest.fixture(scope="module")
def picker():
    plan = decompose_plan(read_target_config(SALES / "target-2027.yaml"))
    review = plan_vs_actual(plan, read_actuals(SALES / "actual-2027.csv"))
    people = plan.by_consultant[plan.by_consultant["team"] == "展厅"]
    return team_review(read_visits(SALES / "visits-2027.csv"), "2027-06-01..2027-09-30", review,
                       salespeople=people)


def test_starts_on_the_latest_month_and_first_consultant(picker):
    assert picker.month.options == ("2027-06", "2027-07", "2027-08", "2027-09")
    assert picker.month.value == "2027-09"
    assert picker.salesperson.options[0] == ("S01 王海涛", "S01")
    assert picker.chart.value[:4] == b"\x89PNG"


def test_picking_a_salesperson_shows_their_figures_and_warnings(picker):
    picker.month.value = "2027-09"
    picker.salesperson.value = "S04"
    row = picker.comparison_table.set_index("metric")
    assert row.loc["visits", "salesperson"] == 57
    assert row.loc["visits", "team"] == picker.activity.query("month == '2027-09'")["visits"].sum()
    assert picker.warning_table["flag"].tolist() == ["behind_plan", "activity_dropping"]
    assert "刘洋" in picker.warnings.value
    assert picker.plan_table["month"].tolist()[-2:] == ["2027-08", "2027-09"]
    assert picker.plan_table["actual"].tolist()[-2:] == [5, 7]


def test_picking_an_earlier_month(picker):
    picker.salesperson.value = "S04"
    picker.month.value = "2027-07"
    assert picker.warning_table.empty and "No early warning" in picker.warnings.value
    assert picker.plan_table["month"].max() == "2027-07"
    picker.salesperson.value = "S06"
    picker.month.value = "2027-09"
    assert picker.warning_table["flag"].tolist() == ["expense_ratio_rising"]


def test_metric_choice_redraws(picker):
    before = picker.chart.value
    picker.metric.value = "expense_ratio"
    assert picker.chart.value != before


def test_needs_monthly_kpis():
    visits = read_visits(SALES / "visits-2027.csv")
    with pytest.raises(ParameterError, match="monthly KPIs"):
        TeamReview(monthly_kpis(visits, "2027-09").drop(columns="month"))
