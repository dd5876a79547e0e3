"""diff, diff_summary, compare and the comparison chart (orgplan.diff)."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import tiny_tables
from orgplan import ParameterError, Structure, summary
from orgplan.organisation.diff import DIFF_COLUMNS, compare, diff, diff_summary, format_delta
from orgplan.render.comparison import comparison_chart
from orgplan.organisation.scenario import (
    AddDuty, AddPosition, AddUnit, MergeUnits, RemovePosition, RenameUnit, Scenario, SetCost,
    SetEstablishment, apply_changes,
)
from test_scenario import TINY, valid_changes


def rows(table: pd.DataFrame) -> list[tuple]:
    return [tuple(r) for r in table[["kind", "id", "change", "field", "old", "new"]].itertuples(index=False)]


def test_diff_of_a_structure_with_itself_is_empty(tiny, approved):
    for s in (tiny, approved):
        table = diff(s, s)
        assert table.empty and list(table.columns) == DIFF_COLUMNS


def test_metadata_and_row_order_do_not_count(tiny):
    units, positions, duties = tiny_tables()
    shuffled = Structure(units.iloc[::-1], positions.iloc[::-1], duties, name="其他", status="approved")
    assert diff(tiny, shuffled).empty


def test_diff_lists_each_changed_field_added_and_removed(tiny):
    new = apply_changes(tiny, [SetEstablishment("TECH", 7, filled=4), SetCost("TECH", 7500),
                               RemovePosition("SM", reports_go_to="GM"), AddUnit("CX", "客戶體驗部", "CO"),
                               AddDuty("D3", "回訪", "CX")])
    assert rows(diff(tiny, new)) == [
        ("unit", "CX", "added", None, None, None),
        ("position", "SM", "removed", None, None, None),
        ("position", "SC", "changed", "reports_to", "SM", "GM"),
        ("position", "TECH", "changed", "approved", 5, 7),
        ("position", "TECH", "changed", "filled", 3, 4),
        ("position", "TECH", "changed", "monthly_cost", 7000.0, 7500.0),
        ("duty", "D3", "added", None, None, None),
    ]
    table = diff(tiny, new)
    assert table.set_index("id").loc["CX", "name"] == "客戶體驗部"
    assert table.set_index("id").loc["SM", "name"] == "銷售經理"


def test_duty_owners_compare_as_sets(tiny):
    both = AddDuty("D2", "維修", "SHOW").apply(tiny)
    assert rows(diff(tiny, both)) == [("duty", "D2", "changed", "unit_id", "AS", "AS, SHOW")]
    merged = MergeUnits("SALES", into="AS").apply(tiny)
    assert rows(diff(tiny, merged))[0] == ("unit", "SALES", "removed", None, None, None)
    assert ("unit", "SHOW", "changed", "parent_id", "SALES", "AS") in rows(diff(tiny, merged))


def test_diff_of_the_sample_draft_and_approved(approved):
    from orgplan import read_structure, sample_path

    draft = read_structure(sample_path("draft-2027"))
    assert rows(diff(draft, approved)) == [
        ("position", "SHOW-CONS", "changed", "approved", 16, 14),
        ("position", "KA-CONS", "changed", "approved", 5, 4),
        ("position", "MKT-DIGI", "changed", "approved", 3, 2),
        ("position", "SAL-DATA", "removed", None, None, None),
        ("duty", "D-COMPETE", "changed", "unit_id", None, "MKT"),
    ]


# ------------------------------------------------------------------ summary
def test_diff_summary_hand_computed(tiny):
    new = apply_changes(tiny, [SetEstablishment("TECH", 7), MergeUnits("SHOW", into="AS")])
    result = diff_summary(tiny, new)
    # approved 16 -> 18; cost +2 x 7000; vacancy: TECH 2 -> 4
    assert result.overall.loc["approved"].tolist() == [16, 18, 2]
    assert result.overall.loc["monthly_cost"].tolist() == [142000.0, 156000.0, 14000.0]
    assert result.overall.loc["vacancy", "delta"] == 2
    departments = result.by_department.set_index("unit_id")
    assert departments["approved_delta"].to_dict() == {"CO": 2, "SALES": -8, "AS": 10}
    assert departments.loc["AS", ["approved_old", "approved_new"]].tolist() == [6, 16]
    assert departments.loc["SALES", "monthly_cost_delta"] == -48000.0
    assert departments.loc["AS", "annual_cost_delta"] == (48000.0 + 14000.0) * 12
    assert result.to_text().splitlines()[0] == "approved headcount (編制): 16 → 18 (+2 people)"
    assert "(+14,000 a month)" in result.to_text()
    assert "<ul>" in result._repr_html_()


def test_diff_summary_level_three_lists_teams(tiny):
    table = diff_summary(tiny, tiny, level=3).by_department
    assert table["unit_id"].tolist() == ["CO", "SALES", "SHOW", "AS"]
    with pytest.raises(ParameterError, match="'level' parameter of diff_summary"):
        diff_summary(tiny, tiny, level=0)


@pytest.mark.parametrize("value, unit, text", [
    (-3, "people", "-3 people"), (12800.0, "a month", "+12,800 a month"), (0, "", "±0"),
    (-0.25, "", "-0.25"), (float("nan"), "", "n/a"),
])
def test_format_delta(value, unit, text):
    assert format_delta(value, unit) == text


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_changes(TINY))
def test_property_deltas_equal_differences_of_summaries(sequence):
    _, new = sequence
    result = diff_summary(TINY, new)
    old_s, new_s = summary(TINY), summary(new)
    for figure in ("approved", "filled", "vacancy", "monthly_cost", "annual_cost"):
        assert result.delta(figure) == getattr(new_s, figure) - getattr(old_s, figure)
    company = result.by_department.iloc[0]
    assert company["approved_delta"] == result.delta("approved")
    assert company["monthly_cost_delta"] == pytest.approx(result.delta("monthly_cost"))


_FIELD_CHANGES = st.lists(st.one_of(
    st.builds(SetEstablishment, st.sampled_from(["GM", "SM", "SC", "AM", "TECH"]), st.integers(0, 9)),
    st.builds(SetCost, st.sampled_from(["GM", "SM", "SC", "AM", "TECH"]), st.integers(0, 9) .map(lambda k: k * 1000)),
    st.builds(RenameUnit, st.sampled_from(["CO", "SALES", "SHOW", "AS"]), st.sampled_from(["甲", "乙", "公司"])),
), max_size=6)


@settings(max_examples=30, deadline=None)
@given(_FIELD_CHANGES)
def test_property_diff_lists_exactly_what_the_changes_did(changes):
    new = apply_changes(TINY, changes)
    expected = {}
    originals = {("position", p, "approved"): a for p, a in zip(TINY.positions["position_id"], TINY.positions["approved"])}
    originals |= {("position", p, "monthly_cost"): c for p, c in
                  zip(TINY.positions["position_id"], TINY.positions["monthly_cost"])}
    originals |= {("unit", u, "name"): n for u, n in zip(TINY.units["unit_id"], TINY.units["name"])}
    final = dict(originals)
    for c in changes:
        if isinstance(c, SetEstablishment):
            final[("position", c.position_id, "approved")] = c.approved
        elif isinstance(c, SetCost):
            final[("position", c.position_id, "monthly_cost")] = c.monthly_cost
        else:
            final[("unit", c.unit_id, "name")] = c.name
    expected = {(k[0], k[1], "changed", k[2], originals[k], v) for k, v in final.items() if v != originals[k]}
    assert set(rows(diff(TINY, new))) == expected


# ------------------------------------------------------------------ compare
def test_compare_hand_computed(tiny):
    flatter = RemovePosition("SM", reports_go_to="GM").apply(tiny)
    table = compare(tiny, flatter, names=["now", "flat"])
    assert list(table.columns) == ["now", "flat"]
    assert table.loc["approved"].tolist() == [16, 15]
    assert table.loc["monthly_cost"].tolist() == [142000.0, 127000.0]
    assert table.loc["layers"].tolist() == [3, 3]
    # spans per manager: now GM 2 (SM + AM), SM 8, AM 5; flat GM 9 (8 SC + AM), AM 5
    assert table.loc[["span_min", "span_median", "span_max"], "now"].tolist() == [2.0, 5.0, 8.0]
    assert table.loc[["span_min", "span_median", "span_max"], "flat"].tolist() == [5.0, 7.0, 9.0]
    assert table.loc["findings: over_establishment"].tolist() == [1, 1]
    assert table.loc["findings: span_too_narrow"].tolist() == [1, 0]


def test_compare_applies_scenarios_to_the_base(tiny):
    scenario = Scenario("加人", None, [SetEstablishment("TECH", 6)])
    table = compare(tiny, scenario, base=tiny)
    assert list(table.columns) == ["structure", "加人"]
    assert table.loc["approved"].tolist() == [16, 17]


def test_compare_names_repeat_safely_and_bad_input_is_refused(tiny):
    assert list(compare(tiny, tiny).columns) == ["structure", "structure (2)"]
    with pytest.raises(ParameterError, match="must give 2 different names"):
        compare(tiny, tiny, names=["a", "a"])
    with pytest.raises(ParameterError, match="at least one"):
        compare()
    with pytest.raises(ParameterError, match="Got 'x' instead"):
        compare("x")


def test_comparison_chart_draws_one_bar_per_structure(tiny):
    flatter = RemovePosition("SM", reports_go_to="GM").apply(tiny)
    table = compare(tiny, flatter, names=["現狀", "扁平"])
    fig = comparison_chart(table, "monthly_cost")
    ax = fig.axes[0]
    assert [b.get_height() for b in ax.patches] == [142000.0, 127000.0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["現狀", "扁平"]
    assert "WenQuanYi Micro Hei" in ax.get_xticklabels()[0].get_fontfamily()
    with pytest.raises(ParameterError, match="'figure' parameter of comparison_chart"):
        comparison_chart(table, "profit")


def test_nan_figures_are_drawn_empty(tiny):
    table = compare(tiny)
    table.loc["manager_ratio", "structure"] = math.nan
    fig = comparison_chart(table, "manager_ratio")
    assert fig.axes[0].texts == [] or all(t.get_text() == "" for t in fig.axes[0].texts)
