"""The showroom: funnel, follow-up list, receivables ageing, price control, reports — figures checked by hand."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

import orgplan.i18n
from orgplan.errors import DataError, ParameterError, UnknownIdError
from orgplan.model.io import DATA_DIR
from orgplan.sales.showroom import (
    collection_rate, credit_findings, customer_card, daily_figures, display, falling_three_weeks,
    followup_discipline, funnel, funnel_warnings, scorecard_measures,
    load_showroom, missing_reports, monthly_ratings, monthly_summary, morning_list, plan_vs_done, price_exceptions,
    prospect_state, read_action_plans, read_payments, read_prospects, read_ratings, read_traffic,
    receivables_ageing, service_churn, service_churn_by_month, summary_text,
)

SALES = DATA_DIR / "sales"
D = pd.to_datetime


@pytest.fixture(scope="module")
def data():
    return load_showroom(SALES)


# --- the funnel, by hand ------------------------------------------------------------------------------------------

def _traffic():
    rows = [  # date, consultant, customer, source, visit, test drive, quote, registered, outcome
        ("2027-09-01", "S01", "C1", "walk_in", "first", True, True, True, "follow_up"),
        ("2027-09-01", "S01", "C2", "walk_in", "first", False, False, False, "left"),
        ("2027-09-03", "S01", "C1", "walk_in", "return", True, True, True, "ordered"),
        ("2027-09-05", "S01", "C3", "referral", "first", False, True, True, "follow_up"),
        ("2027-09-02", "S02", "C4", "online_lead", "first", True, True, True, "follow_up"),
        ("2027-08-30", "S02", "C5", "walk_in", "first", False, False, True, "follow_up"),
    ]
    frame = pd.DataFrame(rows, columns=["date", "consultant_id", "customer_id", "source", "visit", "test_drive",
                                        "quote", "registered", "outcome"])
    return frame.assign(date=D(frame["date"]), model_id="AURA")


def _logs():
    followups = pd.DataFrame({"date": D(["2027-09-02", "2027-09-06", "2027-09-04"]),
                              "consultant_id": ["S01", "S01", "S02"], "customer_id": ["C1", "C3", "C4"],
                              "invited": [True, True, False]})
    leads = pd.DataFrame({"lead_id": ["L1"], "consultant_id": ["S02"], "customer_id": ["C4"], "model_id": ["AURA"],
                          "received": D(["2027-08-28"]), "invited_on": D(["2027-09-01"]),
                          "arrived_on": D(["2027-09-02"])})
    prospects = pd.DataFrame({"customer_id": ["C1", "C3", "C4", "C5"], "consultant_id": ["S01", "S01", "S02", "S02"],
                              "source": ["walk_in", "referral", "online_lead", "walk_in"], "model_id": ["AURA"] * 4,
                              "status": ["ordered", "open", "defeated", "defeated"],
                              "closed_on": D(["2027-09-03", None, "2027-09-20", "2027-09-10"])})
    return dict(followups=followups, leads=leads, prospects=prospects)


def test_funnel_by_consultant_by_hand():
    table = funnel(_traffic(), period="2027-09", **_logs()).set_index("consultant_id")
    s01, s02 = table.loc["S01"], table.loc["S02"]
    assert s01[["traffic", "first_visits", "registered", "invitations", "arrivals", "test_drives", "quotes",
                "orders", "defeated"]].tolist() == [4, 3, 2, 2, 1, 2, 3, 1, 0]
    assert (s01["registration_rate"], s01["arrival_rate"], s01["test_drive_rate"]) == (0.6667, 0.5, 0.5)
    assert (s01["close_rate_first"], s01["close_rate_all"], s01["defeat_rate"]) == (0.3333, 0.25, 0.0)
    assert s02[["traffic", "first_visits", "invitations", "arrivals", "orders", "defeated"]].tolist() == [1, 1, 1, 1,
                                                                                                          0, 2]
    assert (s02["close_rate_first"], s02["defeat_rate"]) == (0.0, 1.0)


def test_funnel_store_and_source_by_hand():
    store = funnel(_traffic(), period="2027-09", by=None, **_logs()).iloc[0]
    assert store[["traffic", "first_visits", "registered", "invitations", "arrivals", "orders", "defeated"]].tolist() \
        == [5, 4, 3, 3, 2, 1, 2]
    assert (store["close_rate_first"], store["defeat_rate"]) == (0.25, 0.6667)
    by_source = funnel(_traffic(), period="2027-09", by="source", **_logs()).set_index("source")
    assert by_source.loc["walk_in", ["traffic", "orders", "defeated"]].tolist() == [3, 1, 1]
    months = funnel(_traffic(), by="month", **_logs()).set_index("month")
    assert months.loc["2027-08", "traffic"] == 1 and months.loc["2027-09", "traffic"] == 5


def test_funnel_of_the_sample_matches_the_file(data):
    """Counted again from the CSV with the csv module: S04's September."""
    with open(SALES / "traffic-2027.csv", encoding="utf-8-sig", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["consultant_id"] == "S04" and r["date"].startswith("2027-09")]
    s04 = funnel(data.traffic, period="2027-09").set_index("consultant_id").loc["S04"]
    assert s04["traffic"] == len(rows)
    assert s04["first_visits"] == sum(r["visit"] == "first" for r in rows)
    assert s04["orders"] == sum(r["outcome"] == "ordered" for r in rows)
    assert s04["test_drives"] == sum(r["test_drive"] == "是" for r in rows)


def test_orders_in_traffic_are_the_showroom_deals(data):
    """Every showroom order of the traffic log is a deal of the same consultant, customer and day."""
    orders = data.traffic[(data.traffic["outcome"] == "ordered") & data.traffic["consultant_id"].str.startswith("S")]
    deals = set(zip(data.deals["consultant_id"], data.deals["customer_id"], data.deals["order_date"]))
    assert all(key in deals for key in zip(orders["consultant_id"], orders["customer_id"], orders["date"]))


# --- follow-ups, by hand ------------------------------------------------------------------------------------------

LEVELS = pd.DataFrame({"level": ["H", "A", "B"], "follow_up_days": [2, 3, 7], "stale_after_days": [14, 30, 45]})


def _cards():
    cards = pd.DataFrame({"customer_id": ["C1", "C2", "C3", "C4", "C5"], "name": ["甲", "乙", "丙", "丁", "戊"],
                          "consultant_id": ["S01", "S01", "S01", "S02", "S02"],
                          "created": D(["2027-09-01", "2027-09-05", "2027-08-01", "2027-09-01", "2027-09-07"]),
                          "level": ["A", "H", "B", "A", "A"], "status": ["open", "open", "open", "ordered", "open"],
                          "closed_on": D([None, None, None, "2027-09-06", None])})
    c3 = D(pd.date_range("2027-08-08", "2027-09-13", freq="7D"))
    log = pd.DataFrame({"date": [D("2027-09-04"), *c3], "customer_id": ["C1"] + ["C3"] * len(c3),
                        "level": ["A"] + ["B"] * len(c3)})
    log["next_date"] = log["date"] + pd.to_timedelta(log["level"].map({"A": 3, "B": 7}), unit="D")
    return cards, log.assign(consultant_id="S01", result="contacted")


def test_morning_list_by_hand():
    cards, log = _cards()
    todo = morning_list(cards, log, LEVELS, on="2027-09-08")
    assert todo[["customer_id", "days_overdue", "due", "overdue", "stale", "h_silent"]].values.tolist() == [
        ["C2", 1, False, True, False, True], ["C1", 1, False, True, False, False]]
    state = prospect_state(cards, log, LEVELS, "2027-09-08").set_index("customer_id")
    assert sorted(state.index) == ["C1", "C2", "C3", "C5"]  # C4 ordered on 09-06
    assert state.loc["C3", "next_due"] == D("2027-09-12") and state.loc["C3", "days_at_level"] == 38
    later = morning_list(cards, log, LEVELS, on="2027-09-19").set_index("customer_id")  # C3 called 09-12, B every 7
    assert later.loc["C3", ["due", "stale", "days_at_level"]].tolist() == [True, True, 49]
    assert later.loc["C2", ["days_overdue", "days_since_contact"]].tolist() == [12, 14]
    assert later.loc["C5", ["days_overdue"]].tolist() == [9]


def test_morning_list_why_in_chinese():
    cards, log = _cards()
    with orgplan.i18n.language("zh-Hans"):
        why = morning_list(cards, log, LEVELS, on="2027-09-08", consultant="S01")["why"].tolist()
    assert why[0] == "H 级客户已 3 天未联系；跟进已逾期 1 天"


def test_sample_morning_list_finds_the_planted_cases(data):
    todo = morning_list(data.prospects, data.followups, data.levels, "2027-09-30")
    overdue = todo[todo["overdue"]].groupby("consultant_id").size()
    assert overdue.idxmax() == "S04" and overdue["S04"] >= 3 * overdue.drop("S04").max()
    stale = todo[todo["stale"]].groupby("consultant_id").size()
    assert stale.idxmax() == "S06"
    assert todo["h_silent"].sum() > 0


def test_bad_date_is_a_parameter_error(data):
    with pytest.raises(ParameterError):
        morning_list(data.prospects, data.followups, data.levels, "2027-09-31")


def test_discipline_of_the_planted_consultant(data):
    table = followup_discipline(data.followups, start="2027-09-01", end="2027-09-30").set_index("consultant_id")
    assert table.loc["S04", "on_time_rate"] < 0.2 < 0.8 < table.drop("S04")["on_time_rate"].min()


def test_service_churn_twelve_months_configurable():
    visits = pd.DataFrame({"customer_id": ["C1", "C2", "C3"], "date": D(["2026-09-29", "2026-09-30", "2027-03-01"])})
    assert service_churn(visits, "2027-09-30")["customer_id"].tolist() == ["C1"]
    assert service_churn(visits, "2027-09-30", months=6)["customer_id"].tolist() == ["C1", "C2", "C3"]
    with pytest.raises(ParameterError):
        service_churn(visits, "2027-09-30", months=0)


def test_sample_service_churn_is_not_126_a_month(data):
    months = service_churn_by_month(data.service_visits, start="2027-01", end="2027-09")
    assert months["owners_lost"].max() < 40


# --- receivables, by hand -----------------------------------------------------------------------------------------

def _money():
    rows = [("I1", "F1", "2027-05-01", "2027-05-31", 100000), ("I2", "F1", "2027-08-20", "2027-09-19", 50000),
            ("I3", "F1", "2027-07-15", "2027-08-14", 30000), ("I4", "F2", "2027-09-10", "2027-10-10", 80000),
            ("I5", "F2", "2027-07-20", "2027-08-19", 20000), ("I6", "F3", "2027-08-31", "2027-09-30", 1000),
            ("I7", "F3", "2027-08-30", "2027-09-29", 2000), ("I8", "F3", "2027-07-02", "2027-08-01", 3000),
            ("I9", "F3", "2027-07-01", "2027-07-31", 4000)]
    invoices = pd.DataFrame(rows, columns=["invoice_id", "customer_id", "date", "due_date", "amount"])
    invoices = invoices.assign(date=D(invoices["date"]), due_date=D(invoices["due_date"]),
                               amount=invoices["amount"].astype(float))
    payments = pd.DataFrame({"invoice_id": ["I1", "I2", "I3"], "customer_id": ["F1"] * 3,
                             "date": D(["2027-06-01", "2027-10-05", "2027-09-01"]),
                             "amount": [40000.0, 10000.0, 30000.0]})
    accounts = pd.DataFrame({"customer_id": ["F1", "F2", "F3"], "name": ["甲", "乙", "丙"], "consultant_id": ["K01"] * 3,
                             "credit_limit": [100000.0, 300000.0, 50000.0]})
    return invoices, payments, accounts


def test_ageing_by_hand():
    invoices, payments, accounts = _money()
    ageing = receivables_ageing(invoices, payments, "2027-09-30", accounts=accounts).set_index("customer_id")
    columns = ["0-30", "31-60", "61-90", ">90", "owed", "overdue", "max_days_overdue"]
    assert ageing.loc["F1", columns].tolist() == [0, 50000, 0, 60000, 110000, 110000, 122]
    assert ageing.loc["F2", columns].tolist() == [80000, 0, 20000, 0, 100000, 20000, 42]
    assert ageing.loc["F3", columns].tolist() == [1000, 2000, 3000, 4000, 10000, 9000, 61]  # ages 30, 31, 90, 91
    assert ageing["over_limit"].tolist() == [True, False, False]
    assert ageing.index.tolist() == ["F1", "F2", "F3"]


def test_credit_findings_and_collection_by_hand():
    invoices, payments, accounts = _money()
    ageing = receivables_ageing(invoices, payments, "2027-09-30", accounts=accounts)
    deals = pd.DataFrame({"deal_id": ["D9", "D8"], "customer_id": ["F1", "F2"], "status": ["ordered", "ordered"]})
    findings = credit_findings(ageing, deals)
    assert findings[["customer_id", "blocked_orders"]].values.tolist() == [["F1", "D9"], ["F3", ""]]
    assert findings.at[0, "finding"] == ("owes 110,000, over the credit limit of 100,000; "
                                         "60,000 owed for more than 90 days")
    rate = collection_rate(invoices, payments, "2027-09").set_index("customer_id")
    assert rate.loc["F1"].tolist() == [140000.0, 0.0, 30000.0, 0.2143]


def test_sample_blocked_customers(data):
    ageing = receivables_ageing(data.invoices, data.payments, "2027-09-30", accounts=data.accounts)
    findings = credit_findings(ageing, data.deals)
    assert findings["customer_id"].tolist() == ["F05", "F16"]
    assert findings["blocked_orders"].tolist() == ["D2027-1129", "D2027-1104, D2027-1141"]


def test_price_exceptions_by_hand():
    authority = pd.DataFrame({"role": ["consultant", "showroom_manager", "general_manager"],
                              "max_rate": [0.03, 0.08, 0.15], "max_amount": [5000.0, 15000.0, 40000.0]})
    deals = pd.DataFrame({"deal_id": ["A", "B", "C", "D"], "consultant_id": ["S01"] * 4, "model_id": ["X"] * 4,
                          "order_date": D(["2027-09-01"] * 4), "list_price": [100000.0, 200000.0, 200000.0, 500000.0],
                          "price": [97000.0, 195000.0, 194900.0, 420000.0], "gross_profit": [0.0] * 4,
                          "discount_approved_by": ["consultant", "consultant", "consultant", "general_manager"]})
    table = price_exceptions(deals, authority)
    assert table[["deal_id", "discount", "needed"]].values.tolist() == [["C", 5100.0, "showroom_manager"],
                                                                         ["D", 80000.0, ""]]


def test_sample_price_exceptions(data):
    table = price_exceptions(data.deals, data.authority)
    assert table["deal_id"].tolist() == ["D2027-0183", "D2027-0435", "D2027-0784", "D2027-0869", "D2027-0971",
                                         "D2027-1028"]


# --- reports, plans, cards ----------------------------------------------------------------------------------------

def test_daily_figures_and_missing_reports_of_the_sample(data):
    day = daily_figures(data.traffic, data.followups, data.deals, "2027-09-29").set_index("consultant_id")
    with open(SALES / "traffic-2027.csv", encoding="utf-8-sig", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["date"] == "2027-09-29" and r["consultant_id"] == "S06"]
    assert day.loc["S06", "traffic"] == len(rows)
    gaps = missing_reports(data.reports, data.traffic, data.followups, period="2027-09").set_index("consultant_id")
    assert gaps["missing"].idxmax() == "S04" and gaps.loc["S04", "report_rate"] < 0.7


def test_plans_against_what_happened(data):
    table = plan_vs_done(data.plans, data, period="2027-09")
    s04 = table[(table["consultant_id"] == "S04")].set_index("measure")
    assert s04.loc["traffic", "done"] == funnel(data.traffic, period="2027-09").set_index(
        "consultant_id").loc["S04", "traffic"]
    assert s04["attainment"].max() < 0.8


def test_monthly_summary_names_the_problems(data):
    summary = monthly_summary(data, "2027-09")
    text = " ".join(summary["problems"])
    assert "刘洋" in text and "鑫达物流" in text and "D2027-1028" in text
    with orgplan.i18n.language("zh-Hans"):
        drafted = summary_text(monthly_summary(data, "2027-09"), "2027-09")
    assert drafted.splitlines()[0] == "2027-09 月工作总结（草稿）"
    assert "本月完成" in drafted and "存在问题" in drafted and "下月要点" in drafted


def test_customer_cards(data):
    card = customer_card(data, "F05", "2027-09-30")
    assert card.profile["name"] == "鑫达物流" and card.profile["credit_limit"] == "500,000"
    assert card.owed["owed"].sum() == 1986800
    with pytest.raises(UnknownIdError):
        customer_card(data, "NOBODY", "2027-09-30")
    ratings = monthly_ratings(data.ratings, "2027-09").set_index("customer_id")
    assert ratings.loc["F05", "trend"] == "↓"


def test_display_in_chinese():
    frame = pd.DataFrame({"consultant_id": ["S01"], "source": ["walk_in"], "close_rate_first": [0.25]})
    with orgplan.i18n.language("zh-Hans"):
        shown = display(frame, readable=True)
    assert shown.columns.tolist() == ["销售顾问", "来源", "首次到店成交率"]
    assert shown.iloc[0].tolist() == ["S01", "自然进店", "25.0%"]


# --- bad rows are located -----------------------------------------------------------------------------------------

def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_bad_traffic_rows(tmp_path):
    path = _write(tmp_path, "t.csv", "visit_id,date,time_in,time_out,consultant_id,customer_id,source,visit,model_id,"
                  "test_drive,quote,registered,outcome\n"
                  "K1,2027-09-01,10:00,10:30,S01,C1,walk_in,first,AURA,yes,no,yes,follow_up\n"
                  "K1,2027-09-01,25:00,10:30,S01,C2,tv,first,AURA,yes,no,yes,follow_up\n"
                  "K3,2027-09-31,10:00,09:30,S01,C3,walk_in,again,AURA,yes,no,no,ordered\n")
    with pytest.raises(DataError) as caught:
        read_traffic(path)
    assert [(p.row, p.column, p.code) for p in caught.value.problems] == [
        (3, "visit_id", "duplicate_id"), (3, "time_in", "invalid_value"), (3, "source", "invalid_value"),
        (4, "date", "not_a_date"), (4, "time_out", "invalid_value"), (4, "visit", "invalid_value"),
        (4, "registered", "invalid_value")]


def test_bad_prospects_payments_plans_ratings(tmp_path):
    prospects = _write(tmp_path, "p.csv", "客户编号,销售顾问,建卡日期,来源,建卡级别,状态,关闭日期,战败原因\n"
                       "C1,S01,2027-09-01,自然进店,H,战败,2027-09-05,\n"
                       "C2,S01,2027-09-01,自然进店,X,跟进中,2027-09-05,\n")
    with pytest.raises(DataError) as caught:
        read_prospects(prospects, levels=["H", "A"])
    assert [(p.row, p.column, p.code) for p in caught.value.problems] == [
        (2, "reason", "missing_value"), (3, "level", "unknown_id"), (3, "closed_on", "invalid_value")]
    invoices = pd.DataFrame({"invoice_id": ["I1"], "customer_id": ["F1"]})
    payments = _write(tmp_path, "pay.csv", "payment_id,customer_id,invoice_id,date,amount\n"
                      "P1,F2,I1,2027-09-01,100\nP2,F1,I9,2027-09-01,-5\n")
    with pytest.raises(DataError) as caught:
        read_payments(payments, invoices=invoices)
    assert [(p.row, p.column, p.code) for p in caught.value.problems] == [
        (2, "customer_id", "invalid_value"), (3, "invoice_id", "unknown_id"), (3, "amount", "not_a_number")]
    plans = _write(tmp_path, "plan.csv", "consultant_id,period,traffic,invitations,test_drives,orders\n"
                   "S01,2027-13,1,1,1,1\nS01,2027-W38,1,1,1.5,1\n")
    with pytest.raises(DataError) as caught:
        read_action_plans(plans)
    assert [(p.row, p.column) for p in caught.value.problems] == [(2, "period"), (3, "test_drives")]
    ratings = _write(tmp_path, "r.csv", "customer_id,month,volume,payment,relationship\nF1,2027-09,6,3,3\n")
    with pytest.raises(DataError) as caught:
        read_ratings(ratings)
    assert [(p.row, p.column) for p in caught.value.problems] == [(2, "volume")]


# --- warnings and the scorecard ------------------------------------------------------------------------------------

def test_funnel_warnings_of_the_sample(data):
    warnings = funnel_warnings(data, "2027-09-30")
    flags = set(zip(warnings["salesperson"], warnings["flag"]))
    assert ("S05", "close_rate_falling") in flags and ("S04", "reports_missing") in flags
    assert ("S04", "h_overdue") in flags
    assert falling_three_weeks(pd.DataFrame({"a": [3], "b": [2], "c": [1], "d": [0.5]}, index=["X"])) == ["X"]
    assert falling_three_weeks(pd.DataFrame({"a": [3], "b": [2], "c": [2], "d": [0.5]}, index=["X"])) == []


def test_funnel_scorecard(data):
    from orgplan.sales.scorecard import read_ratings, read_scorecard_config, scorecard

    measures = scorecard_measures(data, "2027-09", team="展厅")
    assert measures["salesperson"].tolist() == [f"S{i:02d}" for i in range(1, 11)]
    card = scorecard(measures, read_scorecard_config(SALES / "scorecard-funnel.yaml"),
                     results=pd.DataFrame({"salesperson": measures["salesperson"], "attainment": 1.0,
                                           "gross_profit": 1.0}),
                     ratings=read_ratings(SALES / "ratings-2027-09.csv"), period="2027-09")
    assert card.table["salesperson"].iloc[-1] == "S04"  # follow-ups on time 0 %
