"""The scenario picker, driven without a kernel (orgplan.widgets_scenario)."""

from __future__ import annotations

import pytest

from orgplan.i18n import language

from orgplan import ParameterError, read_structure, sample_path
from orgplan.organisation.scenario import Scenario
from orgplan.widgets.scenario import METRICS, ScenarioPicker, scenario_picker

NAMES = ("merge-marketing-into-sales", "customer-experience-department", "flatten-workshop")


@pytest.fixture(scope="module")
def scenarios():
    return [Scenario.load(sample_path(f"scenarios/{n}.yaml")) for n in NAMES]


@pytest.fixture
def picker(as_is, scenarios, tmp_path):
    return ScenarioPicker(as_is, scenarios, save_to=tmp_path / "draft-2027", show_chart=False)


def test_picker_starts_on_the_first_scenario(picker):
    assert picker.scenario.value == "方案A：市场部并入销售部"
    assert picker.summary.delta("approved") == 5
    assert "MKT" in set(picker.changes["id"])
    assert list(picker.comparison.columns)[0] == "2026 年度组织架构（现状）"


def test_choosing_a_scenario_updates_its_data(picker):
    picker.scenario.value = "方案C：维修车间减少一层"
    assert picker.selected.name == "方案C：维修车间减少一层"
    assert picker.summary.delta("monthly_cost") == 32000.0
    assert ("position", "WS-MGR", "removed") in set(map(tuple, picker.changes[["kind", "id", "change"]].values))


def test_choosing_a_metric_updates_the_chart(picker):
    picker.metric.value = "span_max"
    assert picker.figure_values.tolist() == [18.0, 11.0, 18.0, 18.0]
    assert [b.get_height() for b in picker.figure.axes[0].patches] == [18.0, 11.0, 18.0, 18.0]
    assert set(METRICS) <= set(picker.comparison.index)


def test_save_button_writes_the_chosen_scenario_as_a_draft(picker, tmp_path):
    picker.scenario.value = "方案B：成立客户体验部"
    picker.save_button.click()
    saved = read_structure(picker.saved_path)
    assert saved.status == "draft" and saved.name == "方案B：成立客户体验部"
    assert "CX-CALL" in set(saved.units["unit_id"])
    assert "saved as draft" in picker.message.value


def test_save_refusal_is_shown_not_raised(as_is, scenarios, tmp_path, approved):
    from orgplan import write_structure

    write_structure(approved, tmp_path / "approved")
    picker = ScenarioPicker(as_is, scenarios[:1], save_to=tmp_path / "approved", show_chart=False)
    picker.save_button.click()
    assert picker.saved_path is None and "never edited in place" in picker.message.value


def test_widget_is_assembled_with_outputs(picker):
    box = picker.widget
    assert picker.metric in box.children and picker.scenario_output in box.children
    assert picker.widget is box


def test_diff_chart_is_drawn_for_the_choice(as_is, scenarios):
    pytest.importorskip("pygraphviz")
    with language("zh-Hant"):
        picker = scenario_picker(as_is, scenarios[2:])
        assert picker.metric.options[0][0] == "編制" and picker.scenario.description == "方案"
    assert "撤銷" in picker.chart.svg and picker.save_button is None


def test_bad_arguments(as_is):
    with pytest.raises(ParameterError, match="at least one scenario"):
        ScenarioPicker(as_is, [])
    with pytest.raises(ParameterError, match="'base' parameter"):
        ScenarioPicker("as-is", [as_is])
    with pytest.raises(ParameterError, match="Scenario or Structure"):
        ScenarioPicker(as_is, ["x"])
