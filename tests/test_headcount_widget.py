"""The single-request form: set fields, click, read the decision (no kernel needed)."""

from __future__ import annotations

from orgplan import sample_path
from orgplan.headcount import validate_requests
from orgplan.widgets.headcount import request_form


def test_form_decides_like_validate_requests(approved):
    form = request_form(approved, date="2027-04-30")
    form.unit.value = "AS-WS-MECH"
    assert "MECH-TECH" in form.position.options and "SHOW-CONS" not in form.position.options
    form.position.value = "MECH-TECH"
    assert "vacancy <b>2</b>" in form.vacancy_note.value
    form.count.value = 2
    form.reason.value = "补员"
    form.try_button.click()
    assert form.decision.loc[0, ["decision", "vacancy_before", "vacancy_after"]].tolist() == ["approved", 2, 0]
    assert form.decision.loc[0, "message"].startswith("Approved: 2 × MECH-TECH")
    assert form.decision.equals(validate_requests(approved, form.request()))
    assert "approved" in form.output.outputs[0]["data"]["text/html"]


def test_form_special_approval_and_new_position(approved):
    form = request_form(approved, date="2027-04-30")
    form.unit.value = "MKT"
    form.position.value = "MKT-LIVE"
    assert form.vacancy_note.value == "A new position"
    form.kind.value = "new_position"
    form.count.value = 2
    form.try_button.click()
    assert form.decision.loc[0, "decision"] == "needs_special_approval"
    form.special_approval.value = "GM-2027-020"
    form.try_button.click()
    assert form.decision.loc[0, ["decision", "over_establishment"]].tolist() == ["approved", 2]
    assert len(form.output.outputs) == 1  # the last decision replaces the previous one


def test_form_counts_the_ledger_but_never_writes_it(approved, tmp_path):
    ledger = tmp_path / "l.sqlite"
    validate_requests(approved, sample_path("requests-2027-04.csv"), ledger=ledger)
    before = ledger.read_bytes()
    form = request_form(approved, ledger=ledger, date="2027-04-30")
    form.unit.value = "SALES-KA"
    form.position.value = "KA-CONS"
    form.try_button.click()
    assert form.decision.loc[0, ["decision", "vacancy_before"]].tolist() == ["rejected", 0]
    assert ledger.read_bytes() == before


def test_form_speaks_the_language_it_was_made_in(approved):
    from orgplan.i18n import language

    with language("zh-Hans"):
        form = request_form(approved, date="2027-04-30")
        form.unit.value = "AS-WS-MECH"
        form.position.value = "MECH-TECH"
        form.count.value = 9
        form.try_button.click()
    assert form.unit.description == "部门" and form.try_button.description == "试算"
    assert [label for label, _code in form.kind.options] == ["增人", "增编", "新设职位"]
    assert "编制 " in form.vacancy_note.value and "空缺 <b>2</b>" in form.vacancy_note.value
    shown = form.output.outputs[0]["data"]["text/html"]
    assert "审批结果" in shown and "驳回" in shown and "rejected" not in shown
