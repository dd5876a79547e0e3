"""Change operations and scenario files (orgplan.scenario)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from orgplan.i18n import language
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import tiny_tables
from orgplan import ChangeError, DataError, ParameterError, Structure, diff, read_structure, sample_path
from orgplan.organisation.scenario import (
    CHANGE_TYPES, AddDuty, AddPosition, AddUnit, MergeUnits, MovePosition, MoveUnit, ReassignDuty, RemoveDuty,
    RemovePosition, RemoveUnit, RenamePosition, RenameUnit, Scenario, ScenarioConflict, SetCost,
    SetDottedLine, SetEstablishment, SetReportsTo, SplitUnit, apply_changes,
)
from orgplan.organisation.diff import diff_marks
from orgplan.render.comparison import diff_chart

SCENARIOS = sample_path("scenarios")


def tables(s: Structure) -> tuple[pd.DataFrame, ...]:
    return tuple(
        getattr(s, t).sort_values(key).reset_index(drop=True).astype(object).where(lambda f: f.notna(), None)
        for t, key in (("units", ["unit_id"]), ("positions", ["position_id"]), ("duties", ["duty_id", "unit_id"]))
    )


def same_tables(a: Structure, b: Structure) -> bool:
    return all(x.equals(y) for x, y in zip(tables(a), tables(b)))


def undo(before: Structure, change) -> Structure:
    return apply_changes(change.apply(before), change.inverse(before))


# ----------------------------------------------------------------- each change
def test_add_unit_and_remove_it(tiny):
    s = AddUnit("CX", "客戶體驗部", parent_id="CO").apply(tiny)
    assert s.unit("CX").to_dict() == {"unit_id": "CX", "name": "客戶體驗部", "parent_id": "CO", "kind": "department"}
    assert same_tables(RemoveUnit("CX").apply(s), tiny)


def test_add_unit_accepts_chinese_kind(tiny):
    assert AddUnit("T", "回訪組", "AS", kind="組").apply(tiny).unit("T")["kind"] == "team"


def test_merge_moves_positions_subunits_and_duties(tiny):
    s = MergeUnits("SALES", into="AS").apply(tiny)
    assert "SALES" not in set(s.units["unit_id"])
    assert s.unit("SHOW")["parent_id"] == "AS"
    assert s.position("SM")["unit_id"] == "AS"
    assert s.positions["unit_id"].value_counts()["AS"] == 3
    assert len(s.units) == 3


def test_merge_keeps_a_shared_duty_once_and_undoes_it(tiny):
    both = AddDuty("D2", "維修", "SHOW").apply(tiny)  # D2 owned by SHOW and AS (an overlap)
    merged = MergeUnits("SHOW", into="AS").apply(both)
    owners = merged.duties.groupby("duty_id")["unit_id"].apply(sorted).to_dict()
    assert owners == {"D1": ["AS"], "D2": ["AS"]}
    assert same_tables(undo(both, MergeUnits("SHOW", into="AS")), both)


def test_split_unit_takes_listed_positions_and_duties(tiny):
    s = SplitUnit("AS", "AS-WS", "维修车间", positions=["TECH"], duties=["D2"], parent_id="AS", kind="section").apply(tiny)
    assert s.unit("AS-WS").to_dict() == {"unit_id": "AS-WS", "name": "维修车间", "parent_id": "AS", "kind": "section"}
    assert s.position("TECH")["unit_id"] == "AS-WS" and s.position("AM")["unit_id"] == "AS"
    assert s.duties.set_index("duty_id").loc["D2", "unit_id"] == "AS-WS"


def test_split_refuses_positions_of_another_unit(tiny):
    with pytest.raises(ChangeError, match=r"position SC is not in 'AS'"):
        SplitUnit("AS", "X", "新組", positions=["SC"]).apply(tiny)


def test_position_setters(tiny):
    s = apply_changes(tiny, [SetEstablishment("TECH", 7, filled=4), SetCost("TECH", 7500),
                             RenamePosition("TECH", "維修技師"), SetDottedLine("SC", "AM")])
    row = s.position("TECH")
    assert (int(row["approved"]), int(row["filled"]), float(row["monthly_cost"]), row["title"]) == (7, 4, 7500.0, "維修技師")
    assert s.position("SC")["dotted_line_to"] == "AM"


def test_add_move_remove_position(tiny):
    s = AddPosition("SA", "AS", "服务顾问", reports_to="AM", approved=3, monthly_cost=7500, grade="S2").apply(tiny)
    assert s.position("SA")[["approved", "filled", "assistant"]].tolist() == [3, 0, False]
    moved = MovePosition("SA", "SALES", reports_to="SM").apply(s)
    assert moved.position("SA")[["unit_id", "reports_to"]].tolist() == ["SALES", "SM"]
    assert same_tables(RemovePosition("SA").apply(moved), tiny)


def test_remove_position_hands_reports_to_a_new_manager(tiny):
    s = RemovePosition("SM", reports_go_to="GM").apply(tiny)
    assert s.position("SC")["reports_to"] == "GM"
    assert "SM" not in set(s.positions["position_id"])


def test_reassign_duty_resolves_an_overlap(tiny):
    overlap = AddDuty("D2", "維修", "SHOW").apply(tiny)
    with pytest.raises(ChangeError, match=r"has 2 owners \(SHOW, AS\)|has 2 owners \(AS, SHOW\)"):
        ReassignDuty("D2", "AS").apply(overlap)
    fixed = ReassignDuty("D2", "AS", from_unit="SHOW").apply(overlap)
    assert fixed.duties["duty_id"].tolist().count("D2") == 1
    assert same_tables(undo(overlap, ReassignDuty("D2", "AS", from_unit="SHOW")), overlap)


def test_reassign_duty_to_nobody_makes_a_gap_and_back(tiny):
    gap = ReassignDuty("D1", None).apply(tiny)
    assert gap.duties.set_index("duty_id")["unit_id"].isna()["D1"]
    assert same_tables(ReassignDuty("D1", "SHOW").apply(gap), tiny)


# ----------------------------------------------------------------- refusals
@pytest.mark.parametrize("change, message", [
    (MergeUnits("SALES", into="SHOW"), r"'SHOW' is inside 'SALES', so the unit would end up inside itself"),
    (MergeUnits("SALES", into="SALES"), "cannot be merged into itself"),
    (MergeUnits("CO", into="AS"), "is the company"),
    (RemoveUnit("AS"), r"still has 2 positions \(AM, TECH\), 1 duty \(D2\). Say where they go with MergeUnits"),
    (RemoveUnit("SALES"), r"1 sub-unit \(SHOW\)"),
    (MoveUnit("SALES", "SHOW"), "inside itself"),
    (SetReportsTo("SM", "SC"), r"'SC' \(销售顾问\) reports \(directly or not\) to 'SM'.*circle"),
    (SetReportsTo("SM", "SM"), "is the position itself"),
    (MovePosition("GM", "AS", reports_to="TECH"), "circle"),
    (RemovePosition("SM"), r"SC reports to 'SM' \(銷售經理\). Say where it goes with reports_go_to \(e.g. reports_go_to='GM'"),
    (RemovePosition("SM", reports_go_to="SC"), "circle"),
    (AddUnit("AS", "售後", "CO"), "there is already a unit 'AS'"),
    (AddUnit("X", "新部門", "SALSE"), "no parent unit 'SALSE' in this structure. Did you mean 'SALES'"),
    (AddPosition("GM", "CO", "总经理", "GM", 1, 1), "there is already a position"),
    (SetCost("TEHC", 1), "Did you mean 'TECH'"),
    (RemoveDuty("D9"), "there is no duty 'D9'"),
    (AddDuty("D1", "另一個名稱", "AS"), "is called '新车销售'"),
    (SetDottedLine("SC", "SC"), "dotted line to itself"),
])
def test_impossible_changes_are_refused_with_the_reason(tiny, change, message):
    with pytest.raises(ChangeError, match=message):
        change.apply(tiny)


@pytest.mark.parametrize("make, message", [
    (lambda: SetEstablishment("SC", -2), r"The 'approved' parameter of SetEstablishment must be a whole number of 0 or more. Got -2 instead."),
    (lambda: SetEstablishment("SC", 2.5), "whole number"),
    (lambda: SetCost("SC", "much"), "a number of 0 or more"),
    (lambda: AddUnit("", "x", "CO"), "The 'unit_id' parameter of AddUnit must be an id"),
    (lambda: AddUnit("X", "x", "CO", kind="division"), "one of company, department"),
    (lambda: SplitUnit("AS", "X", "x", positions="TECH"), "a list of ids"),
    (lambda: AddPosition("X", "AS", "t", "AM", 1, 1, assistant="yes"), "True or False"),
])
def test_bad_parameters_raise_parameter_error(make, message):
    with pytest.raises(ParameterError, match=message):
        make()


def test_step_number_is_named(tiny):
    with pytest.raises(ChangeError, match=r"^Step 2: Cannot remove unit SALES"):
        apply_changes(tiny, [RenameUnit("SALES", "營銷部"), RemoveUnit("SALES")])


def test_apply_changes_rejects_non_changes(tiny):
    with pytest.raises(ParameterError, match="step 1"):
        apply_changes(tiny, ["merge SALES"])


# ------------------------------------------------------- versions and inputs
def test_a_changed_approved_structure_is_a_new_draft(approved):
    before = tables(approved)
    new = SetEstablishment("SHOW-CONS", 15).apply(approved)
    assert (new.status, new.info.approved_by, new.info.approved_on) == ("draft", None, None)
    assert approved.status == "approved" and approved.info.approved_on == dt.date(2027, 3, 28)
    assert all(x.equals(y) for x, y in zip(before, tables(approved)))


ALL_CHANGES = [
    AddUnit("CX", "客戶體驗部", "CO"), AddDuty("D3", "回訪", "AS"),
    RenameUnit("AS", "售后服务部"), MoveUnit("SHOW", "CO"), MergeUnits("SALES", into="AS"),
    SplitUnit("AS", "WS", "車間", positions=("TECH",), duties=("D2",)),
    AddPosition("SA", "AS", "服务顾问", "AM", 2, 7000, dotted_line_to="SM"), RemovePosition("SM", reports_go_to="GM"),
    RenamePosition("SC", "销售顾问二"), MovePosition("TECH", "SALES", reports_to="SM"), MovePosition("SC", "AS"),
    SetEstablishment("SC", 10, filled=7), SetEstablishment("TECH", 0), SetCost("AM", 15000.5),
    SetReportsTo("TECH", "GM"), SetDottedLine("TECH", "SM"), RemoveDuty("D1"), ReassignDuty("D1", "AS"),
    ReassignDuty("D2", None),
]


@pytest.mark.parametrize("change", ALL_CHANGES, ids=lambda c: c.op)
def test_every_change_is_undone_by_its_inverse_and_leaves_its_input(tiny, change):
    before = tables(tiny)
    after = change.apply(tiny)
    assert not same_tables(after, tiny) or isinstance(change, RenameUnit)
    assert same_tables(undo(tiny, change), tiny)
    assert all(x.equals(y) for x, y in zip(before, tables(tiny)))


def test_every_change_type_is_covered():
    # remove_unit needs an empty unit: its round trip is test_add_unit_and_remove_it
    assert {c.op for c in ALL_CHANGES} | {"remove_unit"} == set(CHANGE_TYPES)


def test_remove_unit_is_undone_by_its_inverse(tiny):
    empty = AddUnit("CX", "客戶體驗部", "SALES", kind="team").apply(tiny)
    assert same_tables(undo(empty, RemoveUnit("CX")), empty)


# -------------------------------------------------------------- properties
def _candidates(s: Structure) -> st.SearchStrategy:
    units = sorted(s.units["unit_id"])
    positions = sorted(s.positions["position_id"])
    duties = sorted(set(s.duties["duty_id"]))
    counts = st.integers(0, 30)
    return st.one_of(
        st.builds(SetEstablishment, st.sampled_from(positions), counts, st.one_of(st.none(), counts)),
        st.builds(SetCost, st.sampled_from(positions), st.integers(0, 50000)),
        st.builds(SetReportsTo, st.sampled_from(positions), st.sampled_from(positions)),
        st.builds(MovePosition, st.sampled_from(positions), st.sampled_from(units)),
        st.builds(MoveUnit, st.sampled_from(units), st.sampled_from(units)),
        st.builds(MergeUnits, st.sampled_from(units), st.sampled_from(units)),
        st.builds(RenameUnit, st.sampled_from(units), st.sampled_from(["甲", "乙部", "Sales 銷售"])),
        st.builds(RemovePosition, st.sampled_from(positions), st.one_of(st.none(), st.sampled_from(positions))),
        st.builds(AddUnit, st.sampled_from(["N1", "N2"]), st.just("新部門"), st.sampled_from(units)),
        st.builds(AddPosition, st.sampled_from(["P1", "P2"]), st.sampled_from(units), st.just("新職位"),
                  st.sampled_from(positions), counts, st.integers(0, 20000)),
        st.builds(ReassignDuty, st.sampled_from(duties), st.one_of(st.none(), st.sampled_from(units))),
        st.builds(AddDuty, st.sampled_from(["D7"]), st.just("新職能"), st.sampled_from(units)),
    )


@st.composite
def valid_changes(draw, base: Structure, max_changes: int = 5):
    """A sequence of changes each of which applies to the result of the previous ones."""
    current, changes = base, []
    for _ in range(draw(st.integers(1, max_changes))):
        change = draw(_candidates(current))
        try:
            nxt = change.apply(current)
        except ChangeError:
            continue
        changes.append((current, change))
        current = nxt
    return changes, current


TINY = Structure(*tiny_tables())
AS_IS = read_structure(sample_path("as-is-2026"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_changes(TINY))
def test_property_changes_then_inverses_give_back_the_original(sequence):
    changes, result = sequence
    for before, change in reversed(changes):
        result = apply_changes(result, change.inverse(before))
    assert same_tables(result, TINY)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_changes(AS_IS, max_changes=4))
def test_property_inverse_on_the_sample_and_input_never_mutated(sequence):
    changes, result = sequence
    snapshot = tables(AS_IS)
    for before, change in reversed(changes):
        result = apply_changes(result, change.inverse(before))
    assert same_tables(result, AS_IS)
    assert all(x.equals(y) for x, y in zip(snapshot, tables(AS_IS)))


@settings(max_examples=20, deadline=None)
@given(st.data())
def test_property_scenario_file_round_trip(tmp_path_factory, data):
    changes, _ = data.draw(valid_changes(TINY))
    scenario = Scenario("方案", None, [c for _, c in changes], description="測試")
    path = tmp_path_factory.mktemp("sc") / "s.yaml"
    loaded = Scenario.load(scenario.save(path))
    assert loaded == scenario
    assert same_tables(loaded.apply(TINY), apply_changes(TINY, scenario.changes))


# ------------------------------------------------------------ scenario files
@pytest.mark.parametrize("name", ["merge-marketing-into-sales", "customer-experience-department", "flatten-workshop"])
def test_sample_scenarios_apply_to_the_as_is_structure_without_errors(as_is, name):
    from orgplan import check

    scenario = Scenario.load(SCENARIOS / f"{name}.yaml")
    assert Path(scenario.base) == sample_path("as-is-2026")
    result = scenario.apply()
    assert (result.name, result.status, result.info.notes) == (scenario.name, "draft", scenario.description)
    assert scenario.conflicts(as_is).empty
    assert (check(result)["severity"] == "error").sum() == 0


def test_merge_scenario_hand_checked(as_is):
    result = Scenario.load(SCENARIOS / "merge-marketing-into-sales.yaml").apply(as_is)
    assert "MKT" not in set(result.units["unit_id"])
    assert result.position("MKT-MGR")[["unit_id", "reports_to", "title"]].tolist() == ["SALES", "SAL-DIR", "集客主管"]
    # as-is 110 approved; +3 MECH-TECH, -0 MKT-EVENT, +2 USED-EVAL, +2 SHOW-SUP, -2 SHOW-CONS
    assert int(result.positions["approved"].sum()) == 115


def test_replaying_on_a_changed_base_reports_every_conflict(approved):
    scenario = Scenario.load(SCENARIOS / "flatten-workshop.yaml")
    conflicts = scenario.conflicts(approved)
    assert conflicts["step"].tolist() == [1, 2, 3, 4, 7]
    assert "recorded 'AS-MGR-OLD' when it was written" in conflicts.loc[0, "reason"]
    assert "there is no position 'MKT-EVENT'" in conflicts.loc[2, "reason"]
    with pytest.raises(ScenarioConflict) as info:
        scenario.apply(approved)
    assert isinstance(info.value, ChangeError) and len(info.value.conflicts) == 5
    assert "5 changes cannot be made" in str(info.value)


def test_recorded_fills_was_so_later_edits_conflict(tiny):
    scenario = Scenario("s", None, [SetEstablishment("TECH", 6), RenameUnit("AS", "售後"), SetReportsTo("SC", "GM")])
    recorded = scenario.recorded(tiny)
    assert [getattr(c, "was") for c in recorded.changes] == [5, "售後部", "SM"]
    edited = SetEstablishment("TECH", 4).apply(tiny)
    assert recorded.conflicts(edited)["step"].tolist() == [1]
    assert scenario.conflicts(edited).empty  # without was, nothing to compare


def test_save_writes_base_relative_to_the_file(tmp_path):
    scenario = Scenario.load(SCENARIOS / "flatten-workshop.yaml")
    out = tmp_path / "sub" / "copy.yaml"
    out.parent.mkdir()
    scenario.save(out)
    text = out.read_text(encoding="utf-8")
    assert "name: 方案C：维修车间减少一层" in text and "op: remove_position" in text
    assert Scenario.load(out) == scenario


def test_scenario_needs_a_base_to_apply(tiny):
    with pytest.raises(ParameterError, match="names no base structure"):
        Scenario("s", None, [RenameUnit("AS", "x")]).apply()


def test_scenario_builder_and_table(tiny):
    scenario = Scenario("s", None).then(RenameUnit("AS", "售後"), SetCost("AM", 1))
    assert scenario.to_frame()["op"].tolist() == ["rename_unit", "set_cost"]
    assert "<table" in scenario._repr_html_()


def test_bad_scenario_file_lists_every_problem_with_its_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(
        "name: 壞方案\n"
        "base: ../x\n"
        "colour: red\n"
        "changes:\n"
        "  - op: merge_unit\n"
        "    unit_id: MKT\n"
        "  - op: set_establishment\n"
        "    position_id: SC\n"
        "    approved: -1\n"
        "  - op: add_unit\n"
        "    unit_id: X\n"
        "    size: 3\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        Scenario.load(path)
    problems = {(p.row, p.column, p.code) for p in info.value.problems}
    assert problems == {
        (3, "colour", "unknown_field"),
        (5, "changes[1].op", "unknown_op"),
        (9, "changes[2].approved", "invalid_value"),
        (12, "changes[3].size", "unknown_field"),
        (10, "changes[3].name", "missing_value"),
        (10, "changes[3].parent_id", "missing_value"),
    }
    text = str(info.value)
    assert "got 'merge_unit', expected 'merge_units', or one of" in text
    assert "got '-1', expected a whole number of 0 or more" in text


def test_missing_fields_and_broken_yaml(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("name: x\nchanges:\n  - op: add_unit\n    unit_id: X\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        Scenario.load(path)
    assert {p.column for p in info.value.problems} == {"changes[1].name", "changes[1].parent_id"}
    path.write_text("name: [x\n", encoding="utf-8")
    with pytest.raises(DataError, match="valid YAML"):
        Scenario.load(path)
    with pytest.raises(FileNotFoundError):
        Scenario.load(tmp_path / "none.yaml")


# ------------------------------------------------------------------ charts
def test_diff_marks_and_merged_structure(as_is):
    new = Scenario.load(SCENARIOS / "flatten-workshop.yaml").apply(as_is)
    merged, marks = diff_marks(as_is, new)
    assert marks[("position", "WS-MGR")] == "removed" and marks[("unit", "AS-WS")] == "removed"
    assert marks[("position", "USED-EVAL")] == "added"
    assert marks[("position", "MECH-LEAD")] == "changed"
    assert marks[("unit", "AS")] == "changed"  # took over duty D-QC
    assert merged.position("WS-MGR")["reports_to"] == "AS-DIR"
    assert set(merged.positions["position_id"]) == set(new.positions["position_id"]) | {"WS-MGR", "MKT-EVENT"}
    assert set(diff(new, merged)["change"]) == {"added"}  # merged = new + removed rows only


def test_diff_chart_draws_the_marks(as_is):
    pytest.importorskip("pygraphviz")
    new = Scenario.load(SCENARIOS / "merge-marketing-into-sales.yaml").apply(as_is)
    with language("zh-Hans"):
        chart = diff_chart(as_is, new, unit="SALES")
    assert "集客主管" in chart.svg and chart.svg.count("新增") >= 2 and chart.svg.count("变更") >= 2


def test_scenario_ops_may_be_written_in_words(tmp_path, as_is):
    path = tmp_path / "s.yaml"
    path.write_text("name: 测试\nchanges:\n  - op: 调整编制\n    position_id: MECH-TECH\n    approved: 15\n"
                    "  - op: 合併部門\n    unit_id: MKT\n    into: SALES\n", encoding="utf-8")
    scenario = Scenario.load(path)
    assert [c.op for c in scenario.changes] == ["set_establishment", "merge_units"]
    with language("zh-Hans"):
        assert scenario.changes[1].describe() == "把部门 MKT 并入 SALES"
        refusal = scenario.conflicts(scenario.apply(as_is))
    assert refusal["reason"].str.contains("无法把部门 'MKT' 并入 'SALES'").any()
