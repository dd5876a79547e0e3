"""People: the event log, the roster on a date, checks, movements and the HR export, on hand-checked figures."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from orgplan import read_structure, sample_path
from orgplan.errors import ChangeError, DataError, ParameterError
from orgplan.i18n import language
from orgplan.people import (PeopleRules, append_events, chart_people, event_findings, events_from_frame,
                            headcount_by_month, hire_events, import_hris, in_post, monthly_turnover, movements,
                            people_checks, people_table, position_status, read_events, roster_on, time_to_fill,
                            turnover, vacancy_ageing, with_people)
from orgplan.people.roster import CHART_PEOPLE_COLUMNS

AS_IS, APPROVED = read_structure(sample_path("as-is-2026")), read_structure(sample_path("approved-2027"))


@pytest.fixture(scope="module")
def events():
    return read_events(sample_path("people/people.csv"))


def log(*rows, file="people.csv"):
    """A log from (工号, 日期, 事件, 职位编号, 用工形式, 离职原因) rows."""
    frame = pd.DataFrame(rows, columns=["工号", "日期", "事件", "职位编号", "用工形式", "离职原因"])
    return events_from_frame(frame, file)


# ---------------------------------------------------------------------------------------------- the sample
@pytest.mark.parametrize("structure, day", [(AS_IS, "2027-01-01"), (APPROVED, "2027-04-01")])
def test_the_structures_filled_numbers_are_the_roster_on_their_date(events, structure, day):
    counted = in_post(roster_on(events, day), structure)
    typed = structure.positions.set_index("position_id")["filled"]
    assert counted.to_dict() == typed.to_dict()
    assert set(roster_on(events, day)["position_id"]) <= set(typed.index)


def test_the_sample_log_has_no_findings_with_both_structures_in_force(events):
    assert event_findings(events, {None: AS_IS, "2027-04-01": APPROVED}).empty


def test_turnover_april_to_september_hand_checked(events):
    t = turnover(events, "2027-04-01", "2027-09-30")
    # start = in post on 2027-03-31: 116 on 04-01 minus the 7 hires of that day (4 二手车, 金融保险主管, 2 售后内勤)
    assert (t.start, t.end, t.joiners, t.leavers, t.voluntary, t.involuntary) == (109, 124, 20, 5, 3, 2)
    assert t.average == 116.5
    assert t.rate == pytest.approx(5 / 116.5)
    assert t.days == 183
    assert t.annualised == pytest.approx(5 / 116.5 * 365 / 183)
    assert t.voluntary_rate == pytest.approx(3 / 116.5)


def test_monthly_turnover_of_june(events):
    june = monthly_turnover(events, "2027-06-01", "2027-06-30").iloc[0]
    # 06-14 机修技师 and 06-01 大客户专员 joined; 06-30 a 销售顾问 (主动) and a 仓管员 (被动) left
    assert (june["start"], june["joiners"], june["leavers"], june["voluntary"], june["involuntary"], june["end"]) == \
        (122, 2, 2, 1, 1, 122)
    assert june["turnover"] == pytest.approx(2 / 122)


def test_headcount_by_month_counts_each_type(events):
    september = headcount_by_month(events, "2027-09-01", "2027-09-30").iloc[0]
    assert september[["regular", "probation", "dispatched", "intern", "retiree", "total"]].tolist() == \
        [106, 2, 13, 2, 1, 124]


def test_checks_on_the_report_date(events):
    findings = people_checks(APPROVED, events, "2027-09-30")
    by_rule = findings.groupby("rule").size().to_dict()
    assert by_rule == {"filled_differs": 6, "dispatch_share": 1, "probation_ending": 1, "long_vacancy": 2}
    dispatch = findings[findings["rule"] == "dispatch_share"].iloc[0]
    assert dispatch["severity"] == "error"
    assert "13 of 121" in dispatch["message"] and "10.7%" in dispatch["message"] and "at most 12" in dispatch["message"]
    probation = findings[findings["rule"] == "probation_ending"].iloc[0]
    assert probation["person_id"] == "E135" and "2027-10-18, in 18 days" in probation["message"]
    vacancy = findings[findings["rule"] == "long_vacancy"].iloc[0]
    assert vacancy["position_id"] == "BODY-PAINT" and "since 2026-08-20, 406 days" in vacancy["message"]
    mech = findings[(findings["rule"] == "filled_differs") & (findings["position_id"] == "MECH-TECH")].iloc[0]
    assert "says 13 in post, the people log 15" in mech["message"]


def test_no_dispatch_finding_on_new_year_and_the_limit_is_a_parameter(events):
    assert "dispatch_share" not in set(people_checks(AS_IS, events, "2027-01-01")["rule"])  # 10 of 106
    strict = people_checks(AS_IS, events, "2027-01-01", PeopleRules(dispatch_limit=0.05))
    assert "10 of 106" in strict.loc[strict["rule"] == "dispatch_share", "message"].item()
    assert people_checks(APPROVED, events, "2027-04-01").empty is False
    with pytest.raises(ParameterError):
        PeopleRules(dispatch_limit=10)


def test_checks_in_chinese(events):
    with language("zh-Hans"):
        findings = people_checks(APPROVED, events, "2027-09-30")
    message = findings.loc[findings["rule"] == "dispatch_share", "message"].item()
    assert message == ("2027-09-30 用工总量（劳动合同用工与劳务派遣合计）121 人，其中劳务派遣 13 人，占 10.7%，"
                       "超过《劳务派遣暂行规定》（2014）第四条规定的 10%；最多只能用 12 人。")
    with language("zh-Hans"):
        shown = people_table(movements(events, "2027-04-01", "2027-09-30").tail(1))
    assert shown.columns.tolist()[:4] == ["职位编号", "期初人数", "入职", "离职"]


def test_vacancy_ageing_and_time_to_fill(events):
    ageing = vacancy_ageing(events, APPROVED, "2027-09-30")
    assert ageing[["position_id", "open_since", "days_open"]].values.tolist() == [
        ["BODY-PAINT", pd.Timestamp("2026-08-20"), 406], ["SHOW-DCC", pd.Timestamp("2027-04-01"), 182]]
    fills = time_to_fill(events, "2027-01-01", "2027-03-31")
    # 销售顾问: seats opened 2026-09-15 (filled 12-01) and 10-31, the second filled by 吴佳怡 on 03-01 (121 days);
    # 客服专员: left 01-20, replaced 03-10 (49 days); 机修技师: left 03-15, one hired 03-20 (5 days)
    assert fills[["position_id", "days_to_fill"]].values.tolist() == [["SHOW-CONS", 121], ["CRM-SPEC", 49],
                                                                       ["MECH-TECH", 5]]
    # a seat is no older than the structure that created it: 新媒体运营 went from 1 to 2 seats on 2027-04-01
    dated = {None: AS_IS, "2027-04-01": APPROVED}
    april = vacancy_ageing(events, APPROVED, "2027-04-01", structures=dated).set_index("position_id")
    assert april.loc["MKT-DIGI", "open_since"] == pd.Timestamp("2027-04-01")
    assert vacancy_ageing(events, APPROVED, "2027-04-01").set_index("position_id").loc["MKT-DIGI", "days_open"] > 1000


def test_position_status_and_with_people(events):
    roster = roster_on(events, "2027-09-30")
    status = position_status(APPROVED, roster).set_index("position_id")
    assert status.loc["MECH-TECH", ["approved", "filled", "typed_filled", "vacancy"]].tolist() == [15, 15, 13, 0]
    assert status.loc["WS-QC", "fte"] == 1.6  # one 退休返聘 at 0.6
    assert status.loc["PARTS-WH", "dispatched"] == 3
    assert int(with_people(APPROVED, roster).positions["filled"].sum()) == 124


def test_chart_people_is_the_org_charts_contract(events):
    roster = roster_on(events, "2027-09-30")
    people = chart_people(roster)
    assert people.columns.tolist() == CHART_PEOPLE_COLUMNS
    assert len(people) == 124
    assert people.loc[people["person_id"] == "E135", ["on_probation", "leaving"]].values.tolist() == [[True, False]]
    assert people.loc[people["name"] == "周子豪", "leaving"].item()  # notice given: leaves 2027-10-31
    assert set(chart_people(roster, names=False)["name"]) == {""}


# ------------------------------------------------------------------------------------------------ toy logs
def test_roster_applies_events_on_their_date():
    events = log(("E1", "2027-01-04", "入职", "A", "试用", ""), ("E1", "2027-04-04", "转正", "", "", ""),
                 ("E1", "2027-06-01", "晋升", "B", "", ""), ("E1", "2027-09-01", "离职", "", "", "主动"))
    assert roster_on(events, "2027-01-03").empty
    assert roster_on(events, "2027-01-04")[["position_id", "employment_type"]].values.tolist() == [["A", "probation"]]
    assert roster_on(events, "2027-04-04")["employment_type"].item() == "regular"
    assert roster_on(events, "2027-06-01")[["position_id", "in_position_since"]].values.tolist() == \
        [["B", pd.Timestamp("2027-06-01")]]
    assert roster_on(events, "2027-08-31")["leaving_on"].item() == pd.Timestamp("2027-09-01")
    assert roster_on(events, "2027-09-01").empty


def test_movements_hand_checked_by_unit():
    events = log(("E1", "2026-01-04", "入职", "SHOW-CONS", "正式", ""), ("E2", "2026-01-04", "入职", "SHOW-CONS", "正式", ""),
                 ("E3", "2026-01-04", "入职", "KA-CONS", "正式", ""), ("E1", "2027-04-01", "晋升", "SHOW-SUP", "", ""),
                 ("E2", "2027-05-01", "调岗", "KA-CONS", "", ""), ("E3", "2027-06-30", "离职", "", "", "被动"),
                 ("E4", "2027-07-01", "入职", "KA-CONS", "试用", ""))
    by_position = movements(events, "2027-04-01", "2027-06-30", structure=APPROVED).set_index("position_id")
    assert by_position.loc["SHOW-CONS", ["start", "movers_out", "end"]].tolist() == [2, 2, 0]
    assert by_position.loc["KA-CONS", ["start", "movers_in", "leavers", "involuntary", "end"]].tolist() == [1, 1, 1, 1, 1]
    by_unit = movements(events, "2027-04-01", "2027-06-30", structure=APPROVED, by="unit").set_index("unit_id")
    # the promotion stays inside 展厅销售组: not a mover of the unit
    assert by_unit.loc["SALES-SHOW", ["start", "movers_in", "movers_out", "end"]].tolist() == [2, 0, 1, 1]
    assert by_unit.loc["total", ["start", "leavers", "end", "turnover"]].tolist() == [3, 1, 2, 1 / 2.5]
    by_department = movements(events, "2027-04-01", "2027-06-30", structure=APPROVED, by="department")
    assert by_department["unit_id"].tolist() == ["SALES", "total"]
    assert by_department.iloc[0][["movers_in", "movers_out"]].tolist() == [0, 0]


def test_a_period_backwards_is_refused():
    with pytest.raises(ParameterError):
        turnover(log(("E1", "2027-01-04", "入职", "A", "正式", "")), "2027-06-01", "2027-05-01")


@st.composite
def valid_logs(draw):
    rows = []
    for person in range(draw(st.integers(1, 12))):
        day = dt.date(2027, 1, 1) + dt.timedelta(days=draw(st.integers(0, 200)))
        rows.append((f"E{person}", day.isoformat(), "入职", draw(st.sampled_from("ABC")), "正式", ""))
        for _step in range(draw(st.integers(0, 3))):
            day += dt.timedelta(days=draw(st.integers(1, 60)))
            kind = draw(st.sampled_from(["调岗", "晋升", "离职", "转正"]))
            rows.append((f"E{person}", day.isoformat(), kind, draw(st.sampled_from("ABC")) if kind in ("调岗", "晋升") else "",
                         "", "主动" if kind == "离职" else ""))
            if kind == "离职":
                break
    return log(*rows)


@settings(max_examples=40, deadline=None)
@given(valid_logs(), st.integers(0, 300), st.integers(0, 200))
def test_end_is_start_plus_joiners_minus_leavers_plus_movers(events, offset, length):
    start = dt.date(2027, 1, 1) + dt.timedelta(days=offset)
    table = movements(events, start, start + dt.timedelta(days=length))
    assert (table["end"] == table["start"] + table["joiners"] - table["leavers"] + table["movers_in"]
            - table["movers_out"]).all()
    total = table.iloc[-1]
    assert total["movers_in"] == total["movers_out"]
    assert total["end"] == len(roster_on(events, start + dt.timedelta(days=length)))


# -------------------------------------------------------------------------------------------- bad input
def test_bad_events_are_found_with_row_and_person():
    events = read_events(sample_path("people/people-bad.csv"))
    findings = event_findings(events, {None: AS_IS, "2027-04-01": APPROVED})
    assert findings[["row", "rule", "person_id"]].values.tolist() == [
        [3, "not_in_post", "E902"], [4, "not_in_post", "E903"], [7, "same_day_conflict", "E904"],
        [8, "unknown_position", "E905"], [9, "already_in_post", "E901"]]
    assert findings["file"].str.endswith("people-bad.csv").all()
    assert "hired only on 2027-03-01" in findings.loc[1, "message"]
    assert "already holds SHOW-CONS" in findings.loc[4, "message"]


def test_bad_cells_are_all_reported_at_once():
    frame = pd.DataFrame({"工号": ["E1", "E2", "E3", "", "E5"], "日期": ["2027-02-30", "2027-03-01", "2027-03-01",
                                                                      "2027-03-01", "2027-03-01"],
                          "事件": ["入职", "开除了", "入职", "入职", "入职"], "职位编号": ["A", "A", "", "A", "A"],
                          "用工形式": ["正式", "", "正式", "正式", "正式"], "工作量": ["", "", "", "", "2"]})
    with pytest.raises(DataError) as caught:
        events_from_frame(frame, "people.csv")
    assert [(p.row, p.column, p.code) for p in caught.value.problems] == [
        (2, "date", "bad_date"), (3, "event", "invalid_value"), (4, "position_id", "missing_value"),
        (5, "person_id", "missing_value"), (6, "fte", "bad_fte")]


def test_a_missing_column_is_a_header_problem(tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("工号,日期\nE1,2027-01-01\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_events(path)
    assert {p.code for p in caught.value.problems} == {"missing_column"}


def test_personal_data_is_dropped_on_read(tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("工号,姓名,身份证号,手机,日期,事件,职位编号,用工形式\nE1,王一,440101199001011234,13800000000,"
                    "2027-01-04,入职,GM,正式\n", encoding="utf-8")
    events = read_events(path)
    assert events.attrs["personal_data"] == ["身份证号", "手机"]
    assert "440101199001011234" not in events.to_csv() + roster_on(events, "2027-02-01").to_csv()


# ------------------------------------------------------------------------------------------- HR export
def test_hris_export_gives_the_same_roster(events):
    imported = import_hris(sample_path("people/hris-export-2027-09.xlsx"), APPROVED)
    assert imported.attrs["personal_data"] == ["身份证号", "手机"]
    mine = roster_on(events, "2027-09-30").set_index("person_id")["position_id"]
    theirs = roster_on(imported, "2027-09-30").set_index("person_id")["position_id"]
    assert theirs.sort_index().to_dict() == mine.sort_index().to_dict()


def test_hris_titles_that_match_none_or_several_are_located(tmp_path):
    positions = APPROVED.positions.copy()
    positions.loc[positions["position_id"] == "BODY-LEAD", "title"] = "机修组长"
    structure = APPROVED.replace(positions=positions)
    export = pd.DataFrame({"工号": ["E1", "E2", "E3"], "姓名": ["王一", "李二", "张三"],
                           "部门": ["售后服务部", "售后服务部", "销售部"], "岗位": ["机修组长", "调度员", "厨师"],
                           "入职日期": ["2020-01-01"] * 3, "用工形式": ["正式"] * 3})
    path = tmp_path / "export.csv"
    export.to_csv(path, index=False)
    with pytest.raises(DataError) as caught:
        import_hris(path, structure)
    problems = caught.value.problems
    assert [(p.row, p.code) for p in problems] == [(2, "several_positions"), (4, "no_position")]
    assert "MECH-LEAD, BODY-LEAD" in problems[0].expected and "E1" in problems[0].expected
    assert "'厨师'" in problems[1].expected


# ----------------------------------------------------------------------------------------- adding hires
def test_append_a_hire_and_refuse_someone_in_post(tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("工号,姓名,日期,事件,职位编号,用工形式\nE1,王一,2027-01-04,入职,GM,正式\n", encoding="utf-8")
    append_events(path, hire_events(["E2:李二"], "2027-05-06", "GM-AST", note="申请 R1"))
    text = path.read_text(encoding="utf-8-sig")
    assert "E2,李二,2027-05-06,入职,GM-AST,试用,申请 R1" in text
    with pytest.raises(ChangeError):
        append_events(path, hire_events(["E1"], "2027-06-01", "GM-AST"))
    assert len(read_events(path)) == 2


def test_append_to_a_workbook_keeps_its_other_sheets(tmp_path):
    from orgplan.tables.io import read_workbook, write_workbook

    path = tmp_path / "hr.xlsx"
    write_workbook({"说明": pd.DataFrame({"a": ["x"]}), "人事异动": pd.DataFrame({
        "工号": ["E1"], "姓名": ["王一"], "日期": ["2027-01-04"], "事件": ["入职"], "职位编号": ["GM"],
        "用工形式": ["正式"]})}, path)
    append_events(path, hire_events(["E2:李二"], "2027-05-06", "GM-AST"))
    assert list(read_workbook(path)) == ["说明", "人事异动"]
    assert read_events(path)["person_id"].tolist() == ["E1", "E2"]


def test_a_leave_without_reason_is_a_warning():
    events = log(("E1", "2027-01-04", "入职", "A", "正式", ""), ("E1", "2027-05-31", "离职", "", "", ""))
    findings = event_findings(events)
    assert findings[["row", "severity", "rule"]].values.tolist() == [[3, "warning", "leave_reason_missing"]]
    t = turnover(events, "2027-05-01", "2027-05-31")
    assert (t.leavers, t.voluntary, t.involuntary) == (1, 0, 0)


def test_the_org_chart_takes_chart_people(events):
    from orgplan import org_chart

    people = chart_people(roster_on(events, "2027-09-30"))
    chart = org_chart(APPROVED, unit="SALES-SHOW", people=people)
    assert "邓思远" in chart.render("svg").decode("utf-8")
