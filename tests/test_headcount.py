"""Headcount requests: the decision rules, messages, inputs and the exceptions report.

The tiny structure (tests/conftest.py) has, per position, approved/filled:
GM 1/1 (CO), SM 1/0 (SALES, vacancy 1), SC 8/9 (SHOW, over by 1, vacancy 0),
AM 1/1 (AS), TECH 5/3 (AS, vacancy 2). Every expected figure below follows
from that by hand.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from orgplan import DataError, ParameterError, read_structure, sample_path
from orgplan.headcount import (
    DECISION_COLUMNS,
    DECISIONS,
    Decision,
    ReasonCode,
    canonical_decisions,
    exceptions_report,
    for_people,
    read_requests,
    staffing_status,
    validate_requests,
)
from orgplan.headcount.requests import canonical_frame


def batch(*rows, **defaults):
    """Requests from (request_id, date, unit_id, position_id, kind, count[, special_approval[, reason]]) tuples."""
    records = []
    for r in rows:
        record = dict(zip(["request_id", "date", "unit_id", "position_id", "kind", "count", "special_approval",
                           "reason"], r))
        records.append({"special_approval": "", "reason": "", "requested_by": "", **defaults, **record})
    return pd.DataFrame(records)
from orgplan.headcount.requests import REQUESTS
from orgplan.i18n import language


def test_hires_consume_vacancy_in_date_order_then_file_order(tiny):
    requests = batch(
        ("R1", "2027-04-03", "AS", "TECH", "hire", 1),
        ("R2", "2027-04-01", "AS", "TECH", "hire", 1),
        ("R3", "2027-04-03", "AS", "TECH", "hire", 1),   # same date as R1, later row: after R1
        ("R4", "2027-04-02", "AS", "TECH", "hire", 1),
    )
    d = validate_requests(tiny, requests)
    assert d["request_id"].tolist() == ["R2", "R4", "R1", "R3"]
    assert d["decision"].tolist() == ["approved", "approved", "rejected", "rejected"]
    assert d["vacancy_before"].tolist() == [2, 1, 0, 0]
    assert d["vacancy_after"].tolist() == [1, 0, 0, 0]
    assert list(d.columns) == list(DECISION_COLUMNS)


def test_a_hire_beyond_vacancy_is_never_granted_in_part(tiny):
    d = validate_requests(tiny, batch(("R1", "2027-04-01", "AS", "TECH", "hire", 3),
                                      ("R2", "2027-04-02", "AS", "TECH", "hire", 2)))
    assert d["decision"].tolist() == ["rejected", "approved"]  # R1's rejection left both seats for R2
    assert d["reason_code"].tolist() == ["beyond_vacancy", "within_vacancy"]
    message = d.loc[0, "message"]
    assert "3 × TECH" in message and "only 2 free" in message and "special approval" in message


def test_special_approval_lets_a_hire_exceed_and_reports_how_far(tiny):
    d = validate_requests(tiny, batch(("R1", "2027-04-01", "AS", "TECH", "hire", 5, "GM-2027-007"),
                                      ("R2", "2027-04-02", "AS", "TECH", "hire", 1)))
    first = d.iloc[0]
    assert (first["decision"], first["reason_code"]) == ("approved", "special_approval_over_establishment")
    assert (first["vacancy_before"], first["vacancy_after"], first["over_establishment"]) == (2, 0, 3)
    assert "GM-2027-007" in first["message"]
    assert d.loc[1, "decision"] == "rejected"  # the position is now 3 over: nothing left


def test_over_filled_position_has_no_vacancy(tiny):
    d = validate_requests(tiny, batch(("R1", "2027-04-01", "SHOW", "SC", "hire", 1)))
    assert (d.loc[0, "decision"], d.loc[0, "vacancy_before"]) == ("rejected", 0)


def test_structure_changes_need_special_approval(tiny):
    d = validate_requests(tiny, batch(
        ("R1", "2027-04-01", "AS", "TECH", "add_establishment", 2),
        ("R2", "2027-04-01", "AS", "EV", "new_position", 1),
        ("R3", "2027-04-02", "AS", "TECH", "增編", 2, "GM-2027-001"),
        ("R4", "2027-04-03", "AS", "TECH", "hire", 4),          # 2 free + 2 added
        ("R5", "2027-04-03", "AS", "EV", "hire", 1),            # EV was never created
        ("R6", "2027-04-04", "AS", "EV2", "新設職位", 2, "GM-2027-002"),
        ("R7", "2027-04-05", "AS", "EV2", "hire", 2),
        ("R8", "2027-04-06", "SALES", "EV2", "hire", 1),
        ("R9", "2027-04-06", "AS", "TECH", "new_position", 1, "GM-2027-003"),
    ))
    got = d.set_index("request_id")
    assert got.loc["R1", "reason_code"] == "add_establishment_needs_special_approval"
    assert got.loc["R2", "reason_code"] == "new_position_needs_special_approval"
    assert (got.loc["R1", "decision"], got.loc["R2", "decision"]) == ("needs_special_approval",) * 2
    assert got.loc["R3", ["decision", "vacancy_before", "vacancy_after", "over_establishment"]].tolist() == [
        "approved", 2, 4, 2]
    assert got.loc["R4", ["decision", "vacancy_before", "vacancy_after"]].tolist() == ["approved", 4, 0]
    assert got.loc["R5", "reason_code"] == "unknown_position"
    assert got.loc["R6", ["reason_code", "vacancy_before", "vacancy_after"]].tolist() == [
        "special_approval_new_position", 0, 2]
    assert got.loc["R7", ["decision", "vacancy_after"]].tolist() == ["approved", 0]
    assert got.loc["R8", "reason_code"] == "position_not_in_unit"
    assert got.loc["R9", "reason_code"] == "position_exists"
    assert pd.isna(got.loc["R9", "vacancy_before"])


@pytest.mark.parametrize(("cells", "code", "words"), [
    ({"count": "0"}, "bad_count", "count '0' is not a whole number of 1 or more"),
    ({"count": "-2"}, "bad_count", "'-2'"),
    ({"count": "2.5"}, "bad_count", "'2.5'"),
    ({"count": "two"}, "bad_count", "'two'"),
    ({"date": "2027-02-30"}, "bad_date", "date '2027-02-30' is not a date"),
    ({"date": "next week"}, "bad_date", "YYYY-MM-DD"),
    ({"kind": "transfer"}, "unknown_kind", "kind 'transfer'"),
    ({"unit_id": "NOPE"}, "unknown_unit", "no unit 'NOPE'"),
    ({"position_id": ""}, "missing_value", "position_id is empty"),
    ({"request_id": ""}, "missing_value", "request_id is empty"),
])
def test_row_problems_become_invalid_decisions_naming_the_row(tiny, cells, code, words):
    good = {"request_id": "R1", "date": "2027-04-01", "unit_id": "AS", "position_id": "TECH", "kind": "hire",
            "count": "1"}
    requests = pd.DataFrame([{"request_id": "R0", "date": "2027-04-01", "unit_id": "AS", "position_id": "TECH",
                              "kind": "hire", "count": "1"}, {**good, **cells}])
    d = validate_requests(tiny, requests).set_index("row")
    assert d.loc[3, "decision"] == "invalid" and d.loc[3, "reason_code"] == code
    assert d.loc[3, "message"].startswith("Row 3: ") and words in d.loc[3, "message"]
    assert pd.isna(d.loc[3, "vacancy_before"])
    assert d.loc[2, "decision"] == "approved"  # the good row is decided anyway


def test_every_problem_of_a_row_is_named(tiny):
    d = validate_requests(tiny, batch(("R1", "someday", "AS", "TECH", "fire", 0)))
    message = d.loc[0, "message"]
    assert d.loc[0, "reason_code"] == "bad_date"  # the first problem, in column order
    assert "'someday'" in message and "'fire'" in message and "'0'" in message


def test_repeated_request_id_keeps_the_first(tiny):
    d = validate_requests(tiny, batch(("R1", "2027-04-01", "AS", "TECH", "hire", 1),
                                      ("R1", "2027-04-01", "AS", "TECH", "hire", 1)))
    assert d["decision"].tolist() == ["approved", "invalid"]
    assert "already used on row 2" in d.loc[1, "message"]


@pytest.mark.parametrize("lang, approved, invalid", [
    ("zh-Hans", "批准：技師（TECH）增人 1 名，在空缺 2 名之内，尚余空缺 1 名。", "第 4 行：人数“0”不是 1 或以上的整数。"),
    ("zh-Hant", "批准：技師（TECH）增人 1 名，在空缺 2 名之內，尚餘空缺 1 名。", "第 4 行：人數「0」不是 1 或以上的整數。"),
    ("en", "Approved: 1 × TECH within the vacancy of 2; 1 left.", "Row 4: count '0' is not a whole number of 1 or more."),
])
def test_messages_follow_the_language_in_force(tiny, lang, approved, invalid):
    with language(lang):  # not the language of the request: English and Chinese reasons alike
        d = validate_requests(tiny, pd.DataFrame({
            "request_id": ["R1", "R2", "R3"], "date": ["2027-04-01"] * 3, "unit_id": ["AS"] * 3,
            "position_id": ["TECH"] * 3, "kind": ["hire"] * 3, "count": ["1", "5", "0"],
            "reason": ["More work", "技師補員", ""], "requested_by": ["", "Ann", "李志强"]}))
    assert d.loc[0, "message"] == approved  # (the title is the structure's own word: never converted)
    assert d.loc[2, "message"] == invalid
    assert d["decision"].tolist() == ["approved", "rejected", "invalid"]  # the codes do not change


def test_chinese_headers_kinds_and_dates(tiny):
    requests = pd.DataFrame({"申請編號": ["R1", "R2"], "日期": ["2027/4/1", "2027年4月2日"], "部門": ["AS", "AS"],
                             "職位": ["TECH", "TECH"], "類型": ["增人", "增人"], "人數": [1, 1.0],
                             "特批": ["無", "none"]})
    d = validate_requests(tiny, requests)
    assert d["decision"].tolist() == ["approved", "approved"]
    assert d["date"].tolist() == ["2027-04-01", "2027-04-02"]
    assert d["special_approval"].tolist() == ["", ""]  # "無" / "none" are not approval references


def test_chinese_id_and_name_columns_side_by_side(tiny):
    # an admin's sheet shows the ids and, for reading, the names: 職位 is then the title, 部門 the unit's name
    requests = pd.DataFrame({"申請編號": ["R1"], "日期": ["2027-04-01"], "部門編號": ["AS"], "部門": ["售后服务部"],
                             "職位編號": ["TECH"], "職位": ["技師"], "類型": ["增人"], "人數": ["1"]})
    d = validate_requests(tiny, requests)
    assert d.loc[0, ["decision", "unit_id", "position_id"]].tolist() == ["approved", "AS", "TECH"]


def test_a_lone_position_column_is_the_position_id(tiny):
    frame = canonical_frame(pd.DataFrame({"申請編號": ["R1"], "日期": ["2027-04-01"], "部門": ["AS"], "崗位": ["TECH"],
                                           "職位名稱": ["技師"], "類型": ["增人"], "人數": ["1"]}), "requests.csv")
    assert frame.loc[0, ["unit_id", "position_id", "title"]].tolist() == ["AS", "TECH", "技師"]


@pytest.mark.parametrize("headers", [("部門", "職位", "崗位"), ("position_id", "職位", "岗位")])
def test_two_position_columns_of_the_same_kind_are_refused(headers):
    frame = pd.DataFrame({h: ["x"] for h in ("申請編號", "日期", *headers, "類型", "人數")})
    with pytest.raises(DataError, match="each column once"):
        canonical_frame(frame, "requests.csv")


def test_two_id_columns_are_still_refused(tiny):
    with pytest.raises(DataError, match="each column once"):
        validate_requests(tiny, pd.DataFrame({"申請編號": ["R1"], "日期": ["2027-04-01"], "部門": ["AS"],
                                              "職位編號": ["TECH"], "崗位編號": ["TECH"], "類型": ["增人"],
                                              "人數": ["1"]}))


def test_no_approval_marker_does_not_let_a_hire_exceed(tiny):
    d = validate_requests(tiny, batch(("R1", "2027-04-01", "AS", "TECH", "hire", 9, "無")))
    assert d.loc[0, "decision"] == "rejected"


def test_input_is_not_mutated(tiny):
    requests = batch(("R1", "2027-04-01", "AS", "TECH", "hire", 1))
    before = requests.copy()
    validate_requests(tiny, requests)
    pd.testing.assert_frame_equal(requests, before)


def test_enums_match_the_table(tiny):
    d = validate_requests(tiny, batch(("R1", "2027-04-01", "AS", "TECH", "hire", 1)))
    assert ReasonCode(d.loc[0, "reason_code"]).decision is Decision(d.loc[0, "decision"])
    assert {c.decision for c in ReasonCode} == set(Decision)


def test_missing_column_is_a_data_error(tiny):
    with pytest.raises(DataError, match="expected a column 'count'"):
        validate_requests(tiny, pd.DataFrame({"request_id": ["R1"], "date": ["2027-04-01"], "unit_id": ["AS"],
                                              "position_id": ["TECH"], "kind": ["hire"]}))


def test_wrong_type_of_requests_is_a_parameter_error(tiny):
    with pytest.raises(ParameterError, match="The 'requests' parameter of validate_requests must be"):
        validate_requests(tiny, [1, 2, 3])


# ------------------------------------------------------------------ files
def test_sample_batch_decisions(approved):
    d = validate_requests(approved, sample_path("requests-2027-04.csv"))
    assert len(d) == 29
    assert d["decision"].value_counts().to_dict() == {"approved": 16, "rejected": 5, "invalid": 5,
                                                      "needs_special_approval": 3}
    by_id = d.drop_duplicates("request_id").set_index("request_id")
    # the add_establishment dated 04-04 (written near the end of the file) is decided before the 04-26 hire
    assert by_id.loc["2027-04-028", "vacancy_after"] == 2
    assert by_id.loc["2027-04-027", ["decision", "vacancy_before"]].tolist() == ["approved", 2]
    assert by_id.loc["2027-04-010", "message"].startswith("Approved: 1 × KA-CONS")  # English request
    assert by_id.loc["2027-04-021", ["reason_code", "row"]].tolist() == ["bad_date", 22]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_encodings(tiny, tmp_path, encoding):
    path = tmp_path / "requests.csv"
    path.write_bytes("申請編號,日期,部門,職位,類型,人數,理由\nR1,2027-04-01,AS,TECH,增人,1,补员\n".encode(encoding))
    d = validate_requests(tiny, path)
    assert d.loc[0, "decision"] == "approved" and d.loc[0, "reason"] == "补员"


def test_xlsx_requests(tiny, tmp_path):
    path = tmp_path / "requests.xlsx"
    batch(("R1", pd.Timestamp("2027-04-01"), "AS", "TECH", "hire", 2)).to_excel(path, index=False)
    d = validate_requests(tiny, path)
    assert d.loc[0, ["decision", "date"]].tolist() == ["approved", "2027-04-01"]


def test_empty_and_broken_files_are_data_errors(tiny, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(DataError, match="empty"):
        validate_requests(tiny, empty)
    with pytest.raises(DataError, match=r"requests-bad.csv, row 1: expected a column 'count'"):
        read_requests(sample_path("broken/requests-bad.csv"))
    header_only = tmp_path / "header.csv"
    header_only.write_text("request_id,date,unit_id,position_id,kind,count\n")
    assert validate_requests(tiny, header_only).empty


# ------------------------------------------------------------ exceptions
def test_exceptions_report_by_department(approved):
    d = validate_requests(approved, sample_path("requests-2027-04.csv"))
    report = exceptions_report(d, approved)
    assert report.count == 5 and report.seats_over == 8 and report.establishment == 126
    table = report.by_department.set_index("department")
    assert table.loc["SALES", ["exceptions", "seats_over", "establishment"]].tolist() == [2, 3, 40]
    assert table.loc["AS", ["exceptions", "seats_over", "establishment"]].tolist() == [2, 4, 52]
    assert table.loc["FIN", "share"] == pytest.approx(1 / 5)
    assert table["review"].to_dict() == {"FIN": True, "SALES": False, "AS": False}
    assert sorted(report.requests["special_approval"]) == ["GM-2027-007", "GM-2027-009", "GM-2027-011",
                                                           "GM-2027-012", "GM-2027-013"]
    assert report.requests.set_index("request_id").loc["2027-04-016", "title"] == "延保专员"
    assert "8 seats over establishment (6.3% of 126)" in report.summary and "财务部" in report.summary
    html = report._repr_html_()
    assert "GM-2027-007" in html and "财务部" in html


def test_exceptions_report_without_exceptions(tiny):
    report = exceptions_report(validate_requests(tiny, batch(("R1", "2027-04-01", "AS", "TECH", "hire", 1))), tiny)
    assert report.count == 0 and report.by_department.empty
    assert report.summary == "No special approval went beyond the approved structure."


def test_exceptions_plot_draws_one_bar_per_department(approved):
    import matplotlib

    matplotlib.use("Agg")
    from orgplan.render.exceptions_chart import exceptions_chart

    report = exceptions_report(validate_requests(approved, sample_path("requests-2027-04.csv")), approved)
    ax = exceptions_chart(report.by_department)
    assert [p.get_width() for p in ax.patches] == [4, 3, 1]  # AS, SALES, FIN from the top
    assert any("财务部" in t.get_text() for t in ax.get_yticklabels())


def test_exceptions_report_checks_its_parameters(tiny):
    with pytest.raises(ParameterError, match="'decisions' parameter of exceptions_report"):
        exceptions_report(pd.DataFrame({"x": [1]}), tiny)


# ---------------------------------------------------------------- status
def test_status_without_ledger_is_the_structure(tiny):
    status = staffing_status(tiny).set_index("position_id")
    assert status.loc["TECH", ["approved", "filled", "pending", "vacancy", "over_establishment"]].tolist() == [
        5, 3, 0, 2, 0]
    assert status.loc["SC", ["vacancy", "over_establishment"]].tolist() == [0, 1]


def test_status_by_department(tiny):
    status = staffing_status(tiny, by="department").set_index("unit_id")
    # SALES holds SM (1/0) and SHOW's SC (8/9): vacancy 1 and 1 over, never netted
    assert status.loc["SALES", ["approved", "filled", "vacancy", "over_establishment"]].tolist() == [9, 9, 1, 1]
    with pytest.raises(ParameterError, match="'by' parameter of staffing_status"):
        staffing_status(tiny, by="team")


def test_exceptions_summary_names_the_ten_departments_furthest_over_and_counts_the_rest():
    from orgplan.headcount import ExceptionsReport

    n = 12
    by_department = pd.DataFrame({"department": [f"D{i}" for i in range(n)], "name": [f"部門{i}" for i in range(n)],
                                  "exceptions": 1, "seats_over": 1, "establishment": list(range(1, n + 1)),
                                  "share": [1 / e for e in range(1, n + 1)], "review": True})
    by_department.loc[5, ["establishment", "share"]] = [0, np.nan]  # no establishment at all: furthest over
    requests = pd.DataFrame({"request_id": [f"R{i}" for i in range(n)], "seats_over": 1})
    summary = ExceptionsReport(requests, by_department, establishment=100).summary
    named = summary.split("Review the structure of: ")[1]
    assert named == "部門5, 部門0, 部門1, 部門2, 部門3, 部門4, 部門6, 部門7, 部門8, 部門9, and 2 more (see by_department)."
    few = ExceptionsReport(requests.head(3), by_department.head(3), establishment=100).summary
    assert few.endswith("Review the structure of: 部門0, 部門1, 部門2.")  # a few: in the order of the structure


# ------------------------------------------------------- languages for people
SAMPLE = sample_path("requests-2027-04.csv")


def test_gbk_sample_with_simplified_headers_and_kinds_decides_like_the_utf8_one(approved):
    raw = sample_path("requests-2027-04-gbk.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # it really is GBK, as Excel on a mainland Windows saves it
    assert raw.decode("gbk").startswith("申请编号,日期,")
    gbk = validate_requests(approved, sample_path("requests-2027-04-gbk.csv"))
    utf8 = validate_requests(approved, SAMPLE)
    columns = ["request_id", "decision", "reason_code", "kind", "vacancy_before", "vacancy_after", "reason"]
    pd.testing.assert_frame_equal(gbk[columns], utf8[columns])


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
def test_requests_written_in_each_language_decide_the_same(approved, tmp_path, lang):
    """A requests table with the headers and kinds of a language (as for_people writes it) reads back the same."""
    from orgplan.headcount.requests import kind_of

    requests = read_requests(SAMPLE).drop(columns="row")
    requests["kind"] = requests["kind"].map(kind_of)  # (the sample writes 增人 and 增编 on two rows)
    with language(lang):
        written = for_people(requests, REQUESTS)
    if lang != "en":
        assert written.columns[0] == {"zh-Hans": "申请编号", "zh-Hant": "申請編號"}[lang]
        assert set(written[written.columns[4]]) == ({"增人", "增编", "新设职位"} if lang == "zh-Hans"
                                                    else {"增人", "增編", "新設職位"})
    path = tmp_path / f"requests-{lang}.csv"
    written.to_csv(path, index=False, encoding="utf-8-sig")
    columns = ["request_id", "decision", "reason_code", "vacancy_before", "vacancy_after", "kind"]
    pd.testing.assert_frame_equal(validate_requests(approved, path)[columns],
                                  validate_requests(approved, SAMPLE)[columns])


@pytest.mark.parametrize("lang, headers, values, message", [
    ("zh-Hans", ["申请编号", "审批结果", "审批依据", "审批意见"], ["批准", "驳回", "需总经理特批", "无效"],
     "驳回：销售顾问（SHOW-CONS）申请增人 2 名，但空缺只有 1 名，申请不作部分批准。"),
    ("zh-Hant", ["申請編號", "審批結果", "審批依據", "審批意見"], ["批准", "駁回", "需總經理特批", "無效"],
     "駁回：销售顾问（SHOW-CONS）申請增人 2 名，但空缺只有 1 名，申請不作部分批准。"),
])
def test_decisions_table_for_people_in_chinese(approved, lang, headers, values, message):
    with language(lang):
        decisions = validate_requests(approved, SAMPLE)
        shown = for_people(decisions, DECISIONS)
    assert decisions["decision"].isin(["approved", "rejected", "needs_special_approval", "invalid"]).all()
    assert shown.columns[:4].tolist() == headers
    assert sorted(set(shown[headers[1]]), key=values.index) == values
    assert shown.set_index(headers[0]).loc["2027-04-003", headers[3]].startswith(message)
    back = canonical_decisions(shown)  # and it reads back, in any language
    assert back[["decision", "reason_code", "kind"]].equals(decisions[["decision", "reason_code", "kind"]])


@pytest.mark.parametrize("lang, summary", [
    ("zh-Hans", "共 5 项总经理特批超出已批准的组织架构，共超编 8 人（占编制 126 人的 6.3%），涉及 3 个部门。"
                "请复核以下部门的组织架构：财务部。"),
    ("zh-Hant", "共 5 項總經理特批超出已批准的組織架構，共超編 8 人（佔編制 126 人的 6.3%），涉及 3 個部門。"
                "請複核以下部門的組織架構：财务部。"),
    ("en", "5 special approvals beyond the approved structure: 8 seats over establishment (6.3% of 126) in "
           "3 departments. Review the structure of: 财务部."),
])
def test_exceptions_summary_in_each_language(approved, lang, summary):
    with language(lang):
        report = exceptions_report(validate_requests(approved, SAMPLE), approved)
        assert report.summary == summary
        html = report._repr_html_()
    if lang == "zh-Hans":
        assert "超编人数" in html and "需复核架构" in html and "增人" in html


def test_exceptions_report_reads_a_decisions_file_in_any_language(approved, tmp_path):
    decisions = validate_requests(approved, SAMPLE)
    expected = exceptions_report(decisions, approved)
    for lang in ("zh-Hans", "zh-Hant"):
        with language(lang):
            path = tmp_path / f"decisions-{lang}.csv"
            for_people(decisions, DECISIONS).to_csv(path, index=False)
        read_back = pd.read_csv(path, dtype=str, keep_default_na=False)
        report = exceptions_report(read_back, approved)
        pd.testing.assert_frame_equal(report.by_department, expected.by_department)


def test_kinds_in_any_language():
    from orgplan.headcount.requests import kind_of

    assert [kind_of(k) for k in ("增人", "增编", "增編", "新设职位", "新設職位", "new position", "Hire", "x")] == [
        "hire", "add_establishment", "add_establishment", "new_position", "new_position", "new_position", "hire", ""]


def test_notebook_helpers(approved, tmp_path):
    from orgplan.headcount import decision_counts, decisions_for_people, open_ledger

    ledger = open_ledger(tmp_path / "out" / "l.sqlite")
    decisions = validate_requests(approved, SAMPLE, ledger=ledger)
    waiting = staffing_status(approved, ledger, pending_only=True)
    assert len(waiting) and (waiting["pending"] > 0).all()
    assert set(waiting["position_id"]) == set(staffing_status(approved, ledger).query("pending > 0")["position_id"])
    assert open_ledger(ledger.path).exists and not open_ledger(ledger.path, fresh=True).exists
    with language("zh-Hans"):
        counts = decision_counts(decisions)
        brief = decisions_for_people(decisions, brief=True)
    assert counts.to_dict("list") == {"审批结果": ["批准", "驳回", "需总经理特批", "无效"], "项数": [16, 5, 3, 5]}
    assert brief.columns.tolist() == ["申请编号", "日期", "职位编号", "类型", "人数", "审批结果", "审批前空缺",
                                      "审批后空缺", "审批意见"]


def test_requests_for_people_shows_kinds_in_the_language_in_force():
    from orgplan.headcount import requests_for_people

    with language("zh-Hant"):
        shown = requests_for_people(read_requests(SAMPLE))
    assert shown.columns[:6].tolist() == ["申請編號", "日期", "部門編號", "職位編號", "類型", "人數"]
    assert set(shown["類型"]) == {"增人", "增編", "新設職位"}


def test_exceptions_chart_speaks_the_language_in_force(approved):
    import matplotlib

    matplotlib.use("Agg")
    from orgplan.render.exceptions_chart import exceptions_chart

    report = exceptions_report(validate_requests(approved, SAMPLE), approved)
    with language("zh-Hans"):
        ax = exceptions_chart(report.by_department)
    assert ax.get_title() == "超出已批准组织架构的总经理特批" and ax.get_xlabel() == "超编人数"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["需复核架构", "未达复核比例"]
    assert ax.get_yticklabels()[-1].get_text() == "财务部（FIN）"  # (the structure's own name, as written)
