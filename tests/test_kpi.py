"""Activity KPIs, periods, customers, plan versus actual and early warnings (orgplan.kpi).

Every expected figure below is worked out by hand from the small logs
written in the tests.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orgplan.errors import DataError, ParameterError
from orgplan.model.io import DATA_DIR
from orgplan.render.sales_figures import plot_against_team, plot_plan_vs_actual, plot_trend
from orgplan.sales.kpi import (
    KPI_COLUMNS, WARNING_COLUMNS, WarningRules, customer_status, early_warnings, kpis, monthly_kpis,
    parse_period, plan_vs_actual, read_actuals, read_customers, read_visits, team_total,
)
from orgplan.sales.targets import TargetPlan

SALES = DATA_DIR / "sales"


def log(rows):
    """A visit log from (salesperson, date, customer, minutes, cost, ordered, revenue) tuples."""
    table = pd.DataFrame(rows, columns=["salesperson", "date", "customer_id", "minutes", "cost", "ordered",
                                        "revenue"])
    table["date"] = pd.to_datetime(table["date"])
    table[["minutes", "cost", "revenue"]] = table[["minutes", "cost", "revenue"]].astype("float64")
    return table


#: April 2027 for three consultants, plus visits outside April that must be left out.
APRIL = log([
    ("S01", "2027-04-01", "C1", 30, 100, 0, 0),
    ("S01", "2027-04-01", "C2", 45, 50, 1, 150000),
    ("S01", "2027-04-02", "C1", 60, 150, 1, 210000),
    ("S01", "2027-04-30", "C3", 25, 0, 0, 0),
    ("S02", "2027-04-15", "C4", 40, 80, 0, 0),
    ("S02", "2027-04-16", "C5", 20, 40, 0, 0),
    ("S01", "2027-03-31", "C9", 99, 999, 1, 99999),   # March: outside
    ("S03", "2027-05-01", "C9", 99, 999, 1, 99999),   # May: outside
])


# ------------------------------------------------------------------ periods
class TestPeriods:
    def test_month(self):
        p = parse_period("2027-04")
        assert (p.start, p.end, p.kind, p.label, p.days) == (dt.date(2027, 4, 1), dt.date(2027, 4, 30), "month",
                                                             "2027-04", 30)

    def test_february_of_a_leap_year(self):
        assert parse_period("2028-02").end == dt.date(2028, 2, 29)

    @pytest.mark.parametrize("text", ["2027Q2", "2027-Q2", "2027q2", " 2027Q2 "])
    def test_quarter(self, text):
        p = parse_period(text)
        assert (p.start, p.end, p.kind, p.label) == (dt.date(2027, 4, 1), dt.date(2027, 6, 30), "quarter", "2027Q2")

    def test_range_and_year(self):
        p = parse_period("2027-04-01..2027-04-15")
        assert (p.start, p.end, p.kind, p.days) == (dt.date(2027, 4, 1), dt.date(2027, 4, 15), "range", 15)
        assert parse_period("2027").days == 365

    @pytest.mark.parametrize("text, why", [
        ("2027-13", "no month 13"), ("2027Q5", "no quarter 5"), ("April", ""), ("2027-04-31..2027-05-01", "not a date"),
        ("2027-05-01..2027-04-01", "ends before it starts"), ("", ""), ("2027-04-01..", "not a date"),
    ])
    def test_bad_periods_say_what_is_expected(self, text, why):
        with pytest.raises(ParameterError, match="a month \\(2027-04\\), a quarter \\(2027Q2\\)") as info:
            parse_period(text)
        assert why in str(info.value) and repr(text) in str(info.value)

    def test_not_a_string(self):
        with pytest.raises(ParameterError, match="Got 202704 instead"):
            parse_period(202704)

    def test_months_shift(self):
        assert [m.label for m in parse_period("2027").months()][::11] == ["2027-01", "2027-12"]
        assert parse_period("2027-12").shift(1).label == "2028-01"
        assert parse_period("2027Q1").shift(-1).label == "2026Q4"
        with pytest.raises(ParameterError, match="cannot be shifted"):
            parse_period("2027-04-01..2027-04-02").shift(1)

    @given(st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)), st.integers(0, 400))
    def test_months_of_a_range_cover_it_exactly(self, start, length):
        end = start + dt.timedelta(days=length)
        period = parse_period(f"{start}..{end}")
        parts = period.months()
        assert sum(p.days for p in parts) == period.days
        assert parts[0].start == start and parts[-1].end == end
        assert all(a.end + dt.timedelta(days=1) == b.start for a, b in zip(parts, parts[1:]))

    @given(st.integers(2000, 2090), st.integers(1, 12), st.integers(-30, 30))
    def test_shift_there_and_back(self, year, month, steps):
        p = parse_period(f"{year}-{month:02d}")
        assert p.shift(steps).shift(-steps) == p


# ------------------------------------------------------------------ metrics
class TestKpis:
    def test_hand_checked_april(self):
        table = kpis(APRIL, "2027-04").set_index("salesperson")
        assert list(table.index) == ["S01", "S02"]           # S03's visit is in May
        s01 = table.loc["S01"]
        # 4 visits on 3 days (1st, 2nd, 30th); 160 minutes; cost 300; 2 orders; revenue 360,000
        assert (s01["visits"], s01["days"], s01["orders"]) == (4, 3, 2)
        assert s01["visits_per_day"] == pytest.approx(4 / 3)
        assert s01["minutes_per_visit"] == 40.0
        assert s01["revenue_per_visit"] == 90000.0
        assert s01["cost_per_visit"] == 75.0
        assert s01["orders_per_100_visits"] == 50.0
        assert (s01["revenue"], s01["cost"], s01["minutes"]) == (360000.0, 300.0, 160.0)
        assert s01["expense_ratio"] == pytest.approx(300 / 360000)
        s02 = table.loc["S02"]
        assert (s02["visits"], s02["days"], s02["orders"], s02["revenue"]) == (2, 2, 0, 0.0)
        assert s02["visits_per_day"] == 1.0 and s02["minutes_per_visit"] == 30.0 and s02["cost_per_visit"] == 60.0
        assert s02["orders_per_100_visits"] == 0.0
        assert math.isnan(s02["expense_ratio"])   # no revenue: empty, not infinite, not zero

    def test_columns_and_types(self):
        table = kpis(APRIL, "2027-04")
        assert table.columns.tolist() == ["salesperson"] + KPI_COLUMNS
        assert table[["visits", "days", "orders"]].dtypes.tolist() == [np.dtype("int64")] * 3

    def test_date_range_and_quarter(self):
        first_half = kpis(APRIL, "2027-04-01..2027-04-15").set_index("salesperson")
        assert first_half.loc["S01", "visits"] == 3 and first_half.loc["S02", "visits"] == 1
        quarter = kpis(APRIL, "2027Q2").set_index("salesperson")
        assert quarter["visits"].to_dict() == {"S01": 4, "S02": 2, "S03": 1}

    def test_a_consultant_without_visits_appears_with_zeros(self):
        team = pd.DataFrame({"consultant_id": ["S02", "S07", "S01"], "name": ["李静", "赵磊", "王海涛"]})
        table = kpis(APRIL, "2027-04", salespeople=team)
        assert table["salesperson"].tolist() == ["S02", "S07", "S01"]
        assert table["name"].tolist() == ["李静", "赵磊", "王海涛"]
        quiet = table.set_index("salesperson").loc["S07"]
        assert (quiet["visits"], quiet["days"], quiet["orders"], quiet["revenue"], quiet["cost"]) == (0, 0, 0, 0, 0)
        for ratio in ("visits_per_day", "minutes_per_visit", "revenue_per_visit", "cost_per_visit",
                      "orders_per_100_visits", "expense_ratio"):
            assert math.isnan(quiet[ratio]), ratio

    def test_visitors_off_the_roster_are_not_dropped(self):
        table = kpis(APRIL, "2027-04", salespeople=["S02"])
        assert table["salesperson"].tolist() == ["S02", "S01"]

    def test_empty_period(self):
        table = kpis(APRIL, "2026-01", salespeople=["S01"])
        assert table["visits"].tolist() == [0] and math.isnan(table["expense_ratio"].iloc[0])
        assert kpis(APRIL, "2026-01").empty

    def test_input_is_not_modified(self):
        before = APRIL.copy()
        kpis(APRIL, "2027Q2", salespeople=["S09"])
        pd.testing.assert_frame_equal(APRIL, before)

    def test_bad_inputs(self):
        with pytest.raises(ParameterError, match="Missing: revenue"):
            kpis(APRIL.drop(columns="revenue"), "2027-04")
        with pytest.raises(ParameterError, match="dates in its 'date' column"):
            kpis(APRIL.assign(date=APRIL["date"].astype(str)), "2027-04")
        with pytest.raises(ParameterError, match="'lost_after'.*Got 0"):
            kpis(APRIL, "2027-04", lost_after=0)

    def test_team_total_is_computed_from_sums(self):
        team = team_total(kpis(APRIL, "2027-04")).iloc[0]
        # 6 visits on 5 person-days; cost 420 over revenue 360,000
        assert (team["salesperson"], team["visits"], team["days"]) == ("(team)", 6, 5)
        assert team["visits_per_day"] == pytest.approx(6 / 5)
        assert team["expense_ratio"] == pytest.approx(420 / 360000)
        assert team["orders_per_100_visits"] == pytest.approx(200 / 6)

    def test_monthly(self):
        table = monthly_kpis(APRIL, "2027-03-15..2027-05-31")
        assert table["month"].unique().tolist() == ["2027-03-15..2027-03-31", "2027-04", "2027-05"]
        assert table.pivot(index="salesperson", columns="month", values="visits").loc["S01"].tolist() == [1, 4, 0]
        per_month = team_total(table)
        assert per_month["month"].tolist() == ["2027-03-15..2027-03-31", "2027-04", "2027-05"]
        assert per_month["visits"].tolist() == [1, 6, 1]


visit_rows = st.lists(st.tuples(
    st.sampled_from(["S01", "S02", "S03"]),
    st.dates(dt.date(2027, 1, 1), dt.date(2027, 6, 30)),
    st.sampled_from(["C1", "C2", "C3", "C4"]),
    st.integers(0, 200), st.integers(0, 500), st.booleans(), st.integers(1, 300000),
), max_size=40)


def as_log(rows):
    return log([(sp, d.isoformat(), c, m, cost, int(o), rev if o else 0) for sp, d, c, m, cost, o, rev in rows])


@settings(max_examples=60, deadline=None)
@given(visit_rows)
def test_months_add_up_to_their_quarter(rows):
    visits = as_log(rows)
    quarter = kpis(visits, "2027Q2", salespeople=["S01", "S02", "S03"]).set_index("salesperson")
    months = monthly_kpis(visits, "2027Q2", salespeople=["S01", "S02", "S03"])
    summed = months.groupby("salesperson")[["visits", "days", "orders", "revenue", "cost", "minutes"]].sum()
    pd.testing.assert_frame_equal(summed, quarter[summed.columns], check_dtype=False, check_index_type=False)


@settings(max_examples=60, deadline=None)
@given(visit_rows)
def test_ratio_invariants(rows):
    visits = as_log(rows)
    table = kpis(visits, "2027-01-01..2027-06-30")
    assert table["visits"].sum() == len(visits)
    defined = table["days"] > 0
    assert (table.loc[defined, "visits_per_day"] >= 1).all()
    assert table.loc[defined, "orders_per_100_visits"].between(0, 100).all()
    assert (table["expense_ratio"].isna() == (table["revenue"] == 0)).all()
    assert not np.isinf(table[KPI_COLUMNS].to_numpy(dtype=float)).any()


# ---------------------------------------------------------------- customers
CUSTOMERS = pd.DataFrame({
    "customer_id": ["A", "B", "C", "D", "E", "F"],
    "salesperson": ["S01", "S01", "S02", "S02", "S01", "S02"],
    "first_purchase": pd.to_datetime(["2027-04-10", "2026-01-05", "2026-03-01", None, "2025-06-01", "2026-10-01"]),
    "last_purchase": pd.to_datetime(["2027-04-10", "2026-01-05", "2026-03-01", None, "2025-06-01", "2026-10-01"]),
    "last_contact": pd.to_datetime([None, "2026-10-20", "2026-04-01", "2026-01-01", "2027-06-30", None]),
})


class TestCustomers:
    def test_hand_checked_status(self):
        status = customer_status(CUSTOMERS, "2027-04", lost_after=180).set_index("customer_id")
        # A: first purchase 10 April → new. B: silent since 2026-10-20 → lost on 2027-04-18.
        # C: lost on 2026-09-28, before April. D: never bought → never lost.
        # E: contact 2027-06-30 is after April: its last touch by 30 April is 2025-06-01 → lost long ago.
        # F: bought 2026-10-01 → lost on 2027-03-30, in March, not April.
        assert status["new"].to_dict() == {"A": True, "B": False, "C": False, "D": False, "E": False, "F": False}
        assert status["lost"].to_dict() == {"A": False, "B": True, "C": False, "D": False, "E": False, "F": False}
        assert status.loc["B", "lost_on"] == pd.Timestamp("2027-04-18")
        assert status.loc["E", "last_touch"] == pd.Timestamp("2025-06-01")

    def test_window_is_configurable(self):
        lost = customer_status(CUSTOMERS, "2027-03", lost_after=180).set_index("customer_id")["lost"]
        assert lost[lost].index.tolist() == ["F"]
        # 90 days: B (2026-10-20) is lost on 2027-01-18; F (2026-10-01) already on 2026-12-30
        lost = customer_status(CUSTOMERS, "2027-01", lost_after=90).set_index("customer_id")["lost"]
        assert lost[lost].index.tolist() == ["B"]

    def test_window_exact_days(self):
        status = customer_status(CUSTOMERS, "2026-12-30..2027-01-18", lost_after=90).set_index("customer_id")
        assert status.loc["F", "lost_on"] == pd.Timestamp("2026-12-30")
        assert status.loc["B", "lost_on"] == pd.Timestamp("2027-01-18")
        assert status["lost"].sum() == 2

    def test_a_visit_is_a_contact(self):
        visits = log([("S01", "2027-04-01", "B", 30, 0, 0, 0)])
        status = customer_status(CUSTOMERS, "2027-04", visits=visits).set_index("customer_id")
        assert not status.loc["B", "lost"]
        assert status.loc["B", "last_touch"] == pd.Timestamp("2027-04-01")

    def test_kpis_count_new_and_lost_per_salesperson(self):
        table = kpis(APRIL, "2027-04", customers=CUSTOMERS, salespeople=["S01", "S02"]).set_index("salesperson")
        assert table["new_customers"].to_dict() == {"S01": 1, "S02": 0}
        assert table["lost_customers"].to_dict() == {"S01": 1, "S02": 0}


def random_customers(rows):
    return pd.DataFrame({
        "customer_id": [f"C{i}" for i in range(len(rows))], "salesperson": "S01",
        "first_purchase": pd.to_datetime([p if bought else None for p, _, bought in rows]),
        "last_contact": pd.to_datetime([c for _, c, _ in rows]),
    })


customer_rows = st.lists(st.tuples(st.dates(dt.date(2025, 1, 1), dt.date(2027, 12, 31)),
                                   st.dates(dt.date(2025, 1, 1), dt.date(2027, 12, 31)), st.booleans()),
                         min_size=1, max_size=30)


@settings(max_examples=60, deadline=None)
@given(customer_rows, st.integers(1, 400), st.sampled_from(["2027-03", "2027Q2", "2027-02-10..2027-08-01"]))
def test_a_lost_customer_bought_and_has_been_silent_just_long_enough(rows, window, text):
    period = parse_period(text)
    status = customer_status(random_customers(rows), period, lost_after=window)
    lost = status[status["lost"]]
    silence = (pd.Timestamp(period.end) - lost["last_touch"]).dt.days
    assert lost["first_purchase"].notna().all()
    assert (silence >= window).all() and (silence < window + period.days).all()
    new = status[status["new"]]
    assert new["first_purchase"].between(pd.Timestamp(period.start), pd.Timestamp(period.end)).all()


@settings(max_examples=60, deadline=None)
@given(customer_rows, st.integers(1, 400))
def test_without_new_contacts_months_add_up_to_the_year(rows, window):
    # contacts and purchases all before 2027: nobody is won back, so each loss is counted once
    rows = [(min(p, dt.date(2026, 12, 31)), min(c, dt.date(2026, 12, 31)), b) for p, c, b in rows]
    customers = random_customers(rows)
    year = customer_status(customers, "2027", lost_after=window)
    months = [customer_status(customers, m, lost_after=window) for m in parse_period("2027").months()]
    assert sum(int(m["lost"].sum()) for m in months) == int(year["lost"].sum())
    assert sum(int(m["new"].sum()) for m in months) == int(year["new"].sum())


def test_won_back_then_lost_again_counts_in_both_months():
    customers = random_customers([(dt.date(2026, 3, 3), dt.date(2027, 2, 1), True)])
    assert customer_status(customers, "2027-01", lost_after=304)["lost"].tolist() == [True]   # 2026-03-03 + 304
    assert customer_status(customers, "2027-12", lost_after=304)["lost"].tolist() == [True]   # 2027-02-01 + 304
    assert customer_status(customers, "2027", lost_after=304)["lost"].sum() == 1


# ------------------------------------------------------------------ reading
class TestReading:
    def test_sample_visit_log(self):
        visits = read_visits(SALES / "visits-2027.csv")
        assert visits["date"].min() == pd.Timestamp("2027-01-01")
        assert visits["date"].max() <= pd.Timestamp("2027-09-30")
        assert set(visits["salesperson"]) == {f"S{i:02d}" for i in range(1, 11)}
        assert visits.loc[visits["salesperson"] == "S10", "date"].min() >= pd.Timestamp("2027-03-01")
        assert set(visits["ordered"]) == {0, 1}
        assert (visits.loc[visits["ordered"] == 0, "revenue"] == 0).all()

    def test_orders_in_the_log_are_the_cars_sold(self):
        visits = read_visits(SALES / "visits-2027.csv")
        actual = read_actuals(SALES / "actual-2027.csv")
        orders = visits.groupby([visits["salesperson"], visits["date"].dt.month])["ordered"].sum()
        sold = actual.groupby(["salesperson", "month"])["units"].sum()
        sold = sold[sold.index.get_level_values(0).str.startswith("S")]
        pd.testing.assert_series_equal(orders.rename("units").rename_axis(["salesperson", "month"]), sold,
                                       check_index_type=False, check_dtype=False)

    def test_every_bad_cell_is_reported(self, tmp_path):
        path = tmp_path / "visits.csv"
        path.write_text(
            "salesperson,date,customer_id,minutes,cost,ordered,revenue\n"
            "S01,2027-04-01,C1,30,100,0,0\n"
            ",2027-04-31,C2,abc,-5,2,0\n"
            "S02,2027/4/2,,40,10,yes,100\n", encoding="utf-8")
        with pytest.raises(DataError) as info:
            read_visits(path)
        found = {(p.row, p.column, p.code) for p in info.value.problems}
        assert found == {(3, "salesperson", "missing_value"), (3, "date", "not_a_date"),
                         (3, "minutes", "not_a_number"), (3, "cost", "not_a_number"),
                         (3, "ordered", "invalid_value"), (4, "customer_id", "missing_value")}
        assert "row 3, column 'date': got '2027-04-31', expected a date written YYYY-MM-DD" in str(info.value)

    def test_chinese_headers_gbk_and_slashed_dates(self, tmp_path):
        path = tmp_path / "拜訪.csv"
        path.write_bytes("销售顾问,日期,客戶編號,分鐘,費用,成交,成交金額\nS01,2027/4/2,C1,40,10,是,120000\n"
                         .encode("gb18030"))
        visits = read_visits(path)
        assert visits.iloc[0][["salesperson", "ordered", "revenue"]].tolist() == ["S01", 1, 120000.0]
        assert visits["date"].iloc[0] == pd.Timestamp("2027-04-02")

    def test_xlsx(self, tmp_path):
        path = tmp_path / "visits.xlsx"
        APRIL.assign(date=APRIL["date"].dt.strftime("%Y-%m-%d")).to_excel(path, index=False)
        pd.testing.assert_frame_equal(read_visits(path), APRIL)

    def test_missing_column_and_file(self, tmp_path):
        path = tmp_path / "v.csv"
        path.write_text("salesperson,date\nS01,2027-04-01\n", encoding="utf-8")
        with pytest.raises(DataError, match="row 1, column 'customer_id'"):
            read_visits(path)
        with pytest.raises(FileNotFoundError):
            read_visits(tmp_path / "none.csv")

    def test_customers_checks(self, tmp_path):
        path = tmp_path / "customers.csv"
        path.write_text("customer_id,salesperson,first_purchase,last_purchase,last_contact\n"
                        "A,S01,2027-04-10,2027-04-01,\n"
                        "A,S01,,,2026-13-01\n", encoding="utf-8")
        with pytest.raises(DataError) as info:
            read_customers(path)
        assert {(p.row, p.column, p.code) for p in info.value.problems} == {
            (2, "last_purchase", "invalid_value"), (3, "customer_id", "duplicate_id"),
            (3, "last_contact", "not_a_date")}

    def test_actuals_unknown_ids_and_duplicates(self, tmp_path):
        path = tmp_path / "actual.csv"
        path.write_text("year,month,salesperson,model_id,units\n2027,1,S01,AURA,2\n2027,13,S99,ZZZ,-1\n"
                        "2027,1,S01,AURA,1\n", encoding="utf-8")
        with pytest.raises(DataError) as info:
            read_actuals(path, salespeople=["S01"], models=["AURA"])
        assert {(p.row, p.column, p.code) for p in info.value.problems} == {
            (3, "month", "invalid_value"), (3, "salesperson", "unknown_id"), (3, "model_id", "unknown_id"),
            (3, "units", "not_a_number"), (4, "model_id", "duplicate_row")}


# ---------------------------------------------------------- plan vs actual
def tiny_plan() -> TargetPlan:
    """A: 2 X + 1 Y every month (36 a year). B joins in March: 1 X + 1 Y a month (20 a year)."""
    rows = []
    for month in range(1, 13):
        rows += [("A", month, "X", 2), ("A", month, "Y", 1)]
        rows += [("B", month, "X", 0 if month < 3 else 1), ("B", month, "Y", 0 if month < 3 else 1)]
    cube = pd.DataFrame(rows, columns=["consultant", "month", "model", "target"]).set_index(
        ["consultant", "month", "model"])["target"]
    empty = pd.DataFrame()
    return TargetPlan(year=2027, total=56, growth=0.0, over_assignment=1.0, cube=cube, by_month=empty,
                      by_model=pd.DataFrame({"model_id": ["X", "Y"], "name": ["雅悦", "新星"]}),
                      by_consultant=pd.DataFrame({"consultant_id": ["A", "B"], "name": ["王海涛", "吴佳怡"],
                                                  "team": ["展厅", "展厅"]}),
                      consultant_month=empty, findings=empty)


TINY_ACTUAL = pd.DataFrame({
    "year": 2027, "month": [1, 1, 2, 2, 3, 3],
    "salesperson": ["A", "A", "A", "A", "A", "B"], "model_id": ["X", "Y", "X", "Y", "X", "Y"],
    "units": [3, 1, 1, 1, 2, 1], "collected": [450000.0, 150000, 150000, 150000, 300000, 160000],
    "gross_profit": [12000.0, 3000, 4000, 3000, 8000, 2500],
})


class TestPlanVsActual:
    def test_hand_checked_salespeople(self):
        review = plan_vs_actual(tiny_plan(), TINY_ACTUAL)
        assert review.through == 3 and review.month == "2027-03"
        people = review.by_salesperson.set_index("salesperson")
        a, b = people.loc["A"], people.loc["B"]
        # A: targets 3, 3, 3; sold 4, 2, 2 → 8 of 9; projection 8/9 × 36 = 32
        assert (a["year_target"], a["ytd_target"], a["ytd_actual"], a["variance"], a["to_go"]) == (36, 9, 8, -1, 28)
        assert a["attainment"] == pytest.approx(8 / 9)
        assert a["projection"] == pytest.approx(32.0)
        assert a["projected_attainment"] == pytest.approx(32 / 36)
        assert a["behind_streak"] == 2
        # B: targets 0, 0, 2; sold 0, 0, 1 → 1 of 2; projection ½ × 20 = 10
        assert (b["year_target"], b["ytd_target"], b["ytd_actual"], b["variance"], b["to_go"]) == (20, 2, 1, -1, 19)
        assert b["projection"] == pytest.approx(10.0)
        assert b["behind_streak"] == 1

    def test_hand_checked_months(self):
        monthly = plan_vs_actual(tiny_plan(), TINY_ACTUAL).monthly
        a = monthly[monthly["salesperson"] == "A"]
        assert a["month"].tolist() == ["2027-01", "2027-02", "2027-03"]
        assert a["variance"].tolist() == [1, -1, -1]
        assert a["ytd_actual"].tolist() == [4, 6, 8]
        assert a["attainment"].tolist() == pytest.approx([4 / 3, 2 / 3, 2 / 3])
        b = monthly[monthly["salesperson"] == "B"]
        assert b["attainment"].isna().tolist() == [True, True, False]   # no target: no attainment
        assert b["name"].iloc[0] == "吴佳怡"

    def test_hand_checked_models_and_team(self):
        review = plan_vs_actual(tiny_plan(), TINY_ACTUAL)
        models = review.by_model.set_index("model_id")
        # X: A 6 + B 1 planned to March, sold 3 + 1 + 2 = 6; year 24 + 10
        assert models.loc["X", ["year_target", "ytd_target", "ytd_actual"]].tolist() == [34, 7, 6]
        assert models.loc["Y", ["year_target", "ytd_target", "ytd_actual"]].tolist() == [22, 4, 3]
        team = review.by_team.iloc[0]
        assert (team["team"], team["year_target"], team["ytd_target"], team["ytd_actual"]) == ("展厅", 56, 11, 9)

    def test_results_of_a_period(self):
        review = plan_vs_actual(tiny_plan(), TINY_ACTUAL)
        results = review.results("2027-03").set_index("salesperson")
        assert results.loc["A", ["units", "target", "collected", "gross_profit"]].tolist() == [2, 3, 300000, 8000]
        assert results.loc["B", "attainment"] == 0.5
        q1 = review.results("2027Q1").set_index("salesperson")
        assert q1["units"].to_dict() == {"A": 8, "B": 1}
        assert math.isnan(review.results("2027-02").set_index("salesperson").loc["B", "attainment"])
        with pytest.raises(ParameterError, match="whole months"):
            review.results("2027-03-01..2027-03-15")

    def test_through_earlier_month(self):
        review = plan_vs_actual(tiny_plan(), TINY_ACTUAL, through="2027-02")
        assert review.by_salesperson.set_index("salesperson").loc["A", "ytd_actual"] == 6
        assert review.actual["month"].max() == 2
        with pytest.raises(ParameterError, match="month of 2027"):
            plan_vs_actual(tiny_plan(), TINY_ACTUAL, through="2026-02")
        with pytest.raises(ParameterError, match="from 1 to 12"):
            plan_vs_actual(tiny_plan(), TINY_ACTUAL, through=13)

    def test_unknown_ids_and_wrong_year(self):
        with pytest.raises(ParameterError, match="no target for: Z"):
            plan_vs_actual(tiny_plan(), TINY_ACTUAL.assign(salesperson="Z"))
        with pytest.raises(ParameterError, match="does not have: Q"):
            plan_vs_actual(tiny_plan(), TINY_ACTUAL.assign(model_id="Q"))
        with pytest.raises(ParameterError, match="no sales for the plan year 2027 \\(years found: 2026\\)"):
            plan_vs_actual(tiny_plan(), TINY_ACTUAL.assign(year=2026))

    def test_repr_html(self):
        html = plan_vs_actual(tiny_plan(), TINY_ACTUAL)._repr_html_()
        assert "January to March" in html and "王海涛" in html and "89%" in html

    def test_sample_uses_the_decomposed_target(self):
        from orgplan.sales.targets import decompose_plan, read_target_config

        plan = decompose_plan(read_target_config(SALES / "target-2027.yaml"))
        review = plan_vs_actual(plan, read_actuals(SALES / "actual-2027.csv"))
        assert review.by_salesperson["year_target"].sum() == plan.total
        assert review.by_model["ytd_actual"].sum() == review.by_salesperson["ytd_actual"].sum() == 1107


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["A", "B"]), st.integers(1, 12), st.sampled_from(["X", "Y"]),
                          st.integers(0, 9)), min_size=1, max_size=30, unique_by=lambda r: r[:3]))
def test_plan_vs_actual_margins_agree(rows):
    actual = pd.DataFrame(rows, columns=["salesperson", "month", "model_id", "units"]).assign(year=2027)
    review = plan_vs_actual(tiny_plan(), actual)
    people, models = review.by_salesperson, review.by_model
    assert people["ytd_actual"].sum() == models["ytd_actual"].sum() == actual.loc[
        actual["month"] <= review.through, "units"].sum()
    assert people["ytd_target"].sum() == models["ytd_target"].sum() == review.by_team["ytd_target"].sum()
    by_month = review.monthly.groupby("salesperson")["variance"].sum()
    assert (by_month.reindex(people["salesperson"]).to_numpy() == people["variance"].to_numpy()).all()
    assert (people["behind_streak"] <= review.through).all()


# ----------------------------------------------------------- early warnings
def activity(visits, ratios, who="S04"):
    months = [f"2027-{m:02d}" for m in range(10 - len(visits), 10)]
    return pd.DataFrame({"month": months, "salesperson": who, "name": "刘洋", "visits": visits,
                         "expense_ratio": ratios})


class TestWarnings:
    def test_behind_plan_two_months_running(self):
        review = plan_vs_actual(tiny_plan(), TINY_ACTUAL)
        flags = early_warnings(review)
        assert flags.columns.tolist() == WARNING_COLUMNS
        assert flags[["salesperson", "flag", "month", "value", "reference"]].values.tolist() == [
            ["A", "behind_plan", "2027-03", 4.0, 6.0]]
        assert flags["message"].iloc[0] == ("A 王海涛: behind plan two months running — 2027-02 sold 2 of 3, "
                                            "2027-03 sold 2 of 3.")

    def test_tolerance_and_months(self):
        review = plan_vs_actual(tiny_plan(), TINY_ACTUAL)
        assert early_warnings(review, rules=WarningRules(behind_tolerance=0.4)).empty   # 2 ≥ 3 × 0.6
        assert early_warnings(review, rules=WarningRules(behind_months=3)).empty        # January was ahead
        assert early_warnings(review, month="2027-02").empty

    def test_activity_dropping_boundary(self):
        # average of the three months before: (100 + 110 + 90) / 3 = 100; the limit is 80
        assert early_warnings(activity=activity([100, 110, 90, 80], [np.nan] * 4)).empty
        flags = early_warnings(activity=activity([100, 110, 90, 79], [np.nan] * 4))
        assert flags[["flag", "value", "reference"]].values.tolist() == [["activity_dropping", 79.0, 100.0]]

    def test_activity_ignores_months_without_visits(self):
        # joined in July: the average is of July and August only (60)
        flags = early_warnings(activity=activity([0, 60, 60, 40], [np.nan] * 4))
        assert flags["reference"].tolist() == [60.0]
        assert early_warnings(activity=activity([0, 0, 0, 40], [np.nan] * 4)).empty

    def test_expense_ratio_rising(self):
        assert early_warnings(activity=activity([1, 1, 1], [0.010, 0.011, 0.0124])).empty   # +25 % needed
        flags = early_warnings(activity=activity([1, 1, 1], [0.010, 0.011, 0.0126]))
        assert flags["flag"].tolist() == ["expense_ratio_rising"]
        assert early_warnings(activity=activity([1, 1, 1], [0.010, 0.016, 0.015])).empty     # not every month
        assert early_warnings(activity=activity([1, 1, 1], [np.nan, 0.011, 0.02])).empty     # no revenue in July

    def test_needs_input_and_a_month(self):
        with pytest.raises(ParameterError, match="needs"):
            early_warnings()
        with pytest.raises(ParameterError, match="must be a month"):
            early_warnings(activity=activity([1], [0.1]), month="2027Q3")
        with pytest.raises(ParameterError, match="whole number of months"):
            WarningRules(behind_months=0)

    def test_sample_flags_tell_the_story(self):
        from orgplan.sales.targets import decompose_plan, read_target_config

        config = read_target_config(SALES / "target-2027.yaml")
        review = plan_vs_actual(decompose_plan(config), read_actuals(SALES / "actual-2027.csv"))
        monthly = monthly_kpis(read_visits(SALES / "visits-2027.csv"), "2027-06-01..2027-09-30")
        flags = early_warnings(review, monthly)
        assert flags[["salesperson", "flag"]].values.tolist() == [
            ["S04", "behind_plan"], ["S04", "activity_dropping"], ["S06", "expense_ratio_rising"]]


# ------------------------------------------------------------------- charts
def test_charts_have_chinese_labels():
    table = kpis(APRIL, "2027-04", salespeople=pd.DataFrame({"consultant_id": ["S01", "S02"],
                                                              "name": ["王海涛", "李静"]}))
    fig = plot_against_team(table, ["visits_per_day", "expense_ratio"], highlight="S01", title="2027-04")
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["王海涛", "李静"]
    assert len(fig.axes[0].texts) == 0 and fig.axes[0].get_lines()[0].get_ydata()[0] == pytest.approx(6 / 5)
    with pytest.raises(ParameterError, match="nope"):
        plot_against_team(table, ["nope"])
    fig = plot_trend(monthly_kpis(APRIL, "2027Q2"), "visits", salesperson="S01")
    assert fig.axes[0].get_lines()[-1].get_label() == "S01"
    fig = plot_plan_vs_actual(plan_vs_actual(tiny_plan(), TINY_ACTUAL))
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["吴佳怡", "王海涛"]
