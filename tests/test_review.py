"""The review workflow: comments, draft → approved, versions on disk (orgplan.review)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orgplan import ChangeError, DataError, ParameterError, read_structure, sample_path, write_structure
from orgplan.organisation.review import (
    COMMENT_COLUMNS, add_comment, approve, comment_changes, comment_counts, honoured_comments, open_comments,
    read_comments, resolve_comment,
    save_version, to_draft, validate_comments,
)
from orgplan.organisation.scenario import ReassignDuty, Scenario, SetEstablishment

COMMENTS = sample_path("review-comments-2027.csv")


@pytest.fixture(scope="module")
def draft():
    return Scenario.load(sample_path("scenarios/merge-marketing-into-sales.yaml")).apply()


# ------------------------------------------------------------------ comments
def test_sample_comments_read_and_fit_the_chosen_draft(draft):
    comments = read_comments(COMMENTS, draft)
    assert list(comments.columns) == COMMENT_COLUMNS
    assert comments["comment_id"].tolist() == ["C001", "C002", "C003", "C004", "C005", "C006"]
    assert comments.loc[3, ["unit_id", "position_id"]].tolist() == [None, None]
    assert open_comments(comments)["comment_id"].tolist() == ["C002", "C005"]


def test_comments_refer_to_ids_of_the_draft(as_is):
    comments = read_comments(COMMENTS)
    problems = validate_comments(comments, as_is.replace(name="現狀"), file="c.csv")
    # SHOW-SUP does not exist in the as-is structure
    assert [(p.row, p.column, p.value) for p in problems] == [(2, "position_id", "SHOW-SUP")]
    with pytest.raises(DataError, match=r"row 2, column 'position_id': got 'SHOW-SUP'"):
        read_comments(COMMENTS, as_is)


def test_chinese_headers_and_resolution_words(tmp_path):
    path = tmp_path / "意見.csv"
    path.write_text("編號,提出部門,涉及部門,涉及職位,意見,處理結果,回覆\n"
                    "1,SALES,SALES,,增加展厅接待,採納,同意\n2,AS,,,車間需要調度,,\n3,FIN,,,好,備查,\n",
                    encoding="utf-8-sig")
    comments = read_comments(path)
    assert comments["resolution"].tolist() == ["accepted", "open", "noted"]
    assert comments.loc[0, "response"] == "同意"


def test_bad_comment_cells_are_all_reported(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("comment_id,department,comment,resolution\nC1,,意見,maybe\nC1,SALES,,accepted\n",
                    encoding="utf-8")
    with pytest.raises(DataError) as info:
        read_comments(path)
    assert [(p.row, p.column, p.code) for p in info.value.problems] == [
        (2, "department", "missing_value"), (2, "resolution", "invalid_value"),
        (3, "comment_id", "duplicate_id"), (3, "comment", "missing_value"),
    ]


def test_missing_comment_column_is_reported(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("comment_id,department\nC1,SALES\n", encoding="utf-8")
    with pytest.raises(DataError, match="'comment'"):
        read_comments(path)


def test_add_and_resolve_never_change_their_input(draft):
    comments = read_comments(COMMENTS)
    snapshot = comments.copy()
    more = add_comment(comments, "PARTS", "配件倉需要夜班", unit_id="PARTS", structure=draft)
    assert more.iloc[-1][["comment_id", "resolution"]].tolist() == ["C007", "open"]
    resolved = resolve_comment(more, "C002", "不採納", "售后内勤由总经理助理兼任")
    assert resolved.set_index("comment_id").loc["C002", "resolution"] == "rejected"
    pd.testing.assert_frame_equal(comments, snapshot)
    assert len(more) == 7 and more.set_index("comment_id").loc["C002", "resolution"] == "open"


def test_add_and_resolve_refuse_bad_input(draft):
    with pytest.raises(ParameterError, match="unit_id 'MKT'"):
        add_comment(None, "SALES", "市场部", unit_id="MKT", structure=draft)
    with pytest.raises(ParameterError, match="'comment' parameter of add_comment"):
        add_comment(None, "SALES", " ")
    table = add_comment(None, "SALES", "x")
    with pytest.raises(ParameterError, match="'resolution' parameter"):
        resolve_comment(table, "C001", "perhaps")
    with pytest.raises(ParameterError, match="Got 'C9' instead"):
        resolve_comment(table, "C9", "accepted")


def test_comment_counts():
    counts = comment_counts(read_comments(COMMENTS))
    assert counts.loc["SALES"].to_dict() == {"open": 1, "accepted": 1, "rejected": 0, "noted": 0, "total": 2}
    assert int(counts["total"].sum()) == 6


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(["SALES", "AS", "FIN"]), min_size=1, max_size=8))
def test_property_comment_ids_stay_unique_and_counts_add_up(departments):
    table = None
    for department in departments:
        table = add_comment(table, department, "意見")
    assert table["comment_id"].is_unique
    assert comment_counts(table)["total"].sum() == len(departments) == len(open_comments(table))


# -------------------------------------------------------------------- status
def test_as_is_to_draft_to_approved(as_is):
    draft = to_draft(as_is, name="2027 草案", notes="由現狀出發")
    assert (draft.status, draft.name, draft.info.notes) == ("draft", "2027 草案", "由現狀出發")
    fixed = Scenario.load(sample_path("scenarios/flatten-workshop.yaml")).apply(draft)
    approved = approve(fixed, " 总经理 陈建国 ", "2027-03-28", name="2027 已批准")
    assert (approved.status, approved.info.approved_by, approved.info.approved_on, approved.name) == (
        "approved", "总经理 陈建国", dt.date(2027, 3, 28), "2027 已批准")
    assert fixed.status == "draft"


def test_approval_defaults_to_today(approved):
    assert approve(to_draft(approved), "GM").info.approved_on == dt.date.today()


def test_only_a_draft_can_be_approved(approved, as_is):
    with pytest.raises(ChangeError, match=r"status is 'approved' \(it was approved by 总经理 陈建国 on 2027-03-28"):
        approve(approved, "GM")
    with pytest.raises(ChangeError, match=r"status is 'as-is' \(review it as a draft first"):
        approve(as_is, "GM")


def test_open_comments_block_approval(draft):
    comments = read_comments(COMMENTS, draft)
    with pytest.raises(ChangeError, match=r"2 department comments are still open \(C002, C005\)"):
        approve(draft, "GM", "2027-03-28", comments=comments)
    done = resolve_comment(resolve_comment(comments, "C002", "accepted"), "C005", "noted")
    # accepted comments must be carried out: C002 states no change, C003 asks for 客服专员 5 where the draft has 4
    with pytest.raises(ChangeError, match=r"2 accepted comments are not carried out in the structure \(C002: the "
                                          r"comment does not state its change .*; C003: 'CRM-SPEC' \(客服专员\) "
                                          r"approved: 4 → 5\)"):
        approve(draft, "GM", "2027-03-28", comments=done)
    done.loc[done["comment_id"] == "C002", "change"] = "无结构变更"
    carried = SetEstablishment("CRM-SPEC", 5).apply(draft)
    assert approve(carried, "GM", "2027-03-28", comments=done).status == "approved"


def test_errors_block_approval_unless_the_gm_rules(as_is):
    draft = to_draft(as_is)
    with pytest.raises(ChangeError, match=r"5 errors \(unknown_reports_to ×1, over_establishment ×1, duty_gap ×2"):
        approve(draft, "GM")
    assert approve(draft, "GM", allow_errors=True).status == "approved"
    with pytest.raises(ParameterError, match="'approved_by'"):
        approve(draft, "")


# ------------------------------------------------------------------ versions
def test_an_approved_folder_is_never_overwritten_by_another_version(tmp_path, approved):
    folder = tmp_path / "approved-2027"
    write_structure(approved, folder)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    changed = SetEstablishment("SHOW-CONS", 16).apply(approved)
    with pytest.raises(ChangeError, match="never edited in place"):
        save_version(changed, folder)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    save_version(approved, folder)  # the same approved structure again is harmless
    assert read_structure(folder) == approved
    assert read_structure(save_version(changed, tmp_path / "draft-2028")) == changed


def test_a_draft_folder_can_be_replaced(tmp_path, as_is):
    folder = tmp_path / "draft"
    save_version(to_draft(as_is), folder)
    fixed = ReassignDuty("D-COMPETE", "MKT").apply(as_is)
    save_version(fixed, folder)
    assert read_structure(folder) == fixed


# ------------------------------------------------------- comments honoured
def test_c003_accepted_but_not_in_the_approved_structure_is_the_refusal(approved):
    """The sample's C003 (总经理同意，编制 5 人) against the approved 2027 structure (客服专员 4): shown as the refusal."""
    comments = read_comments(COMMENTS, approved)
    table = honoured_comments(approved, comments)
    assert table.set_index("comment_id")["honoured"].to_dict() == {"C001": True, "C003": False}
    with pytest.raises(ChangeError, match=r"Cannot approve .*1 accepted comment is not carried out.*C003: "
                                          r"'CRM-SPEC' \(客服专员\) approved: 4 → 5"):
        approve(to_draft(approved), "GM", comments=resolve_comment(resolve_comment(comments, "C002", "noted"),
                                                                   "C005", "noted"))


def test_comment_changes_read_chinese_ops_and_report_bad_ones():
    changes, problems = comment_changes("C9", "调整编制 position_id=CRM-SPEC approved=5；set_reports_to "
                                               "position_id=MKT-MGR reports_to=SAL-DIR")
    assert [type(c).__name__ for c in changes] == ["SetEstablishment", "SetReportsTo"] and not problems
    changes, problems = comment_changes("C9", "set_establishment CRM-SPEC", row=4)
    assert not changes and problems[0].row == 4 and problems[0].column == "change"
    changes, problems = comment_changes("C9", "grow_company position_id=X", row=5)
    assert problems[0].code == "unknown_op"


def test_a_wrongly_written_change_blocks_approval_and_says_why(draft):
    comments = read_comments(COMMENTS, draft)
    comments["resolution"] = "noted"
    comments.loc[0, ["resolution", "change"]] = ["accepted", "set_establishment SHOW-SUP"]
    table = honoured_comments(draft, comments)
    assert not table.loc[0, "honoured"] and "op field=value" in table.loc[0, "difference"]
