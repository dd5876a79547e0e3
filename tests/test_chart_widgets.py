"""The department picker: choosing a unit and a depth redraws; save writes the file (no kernel needed)."""

from __future__ import annotations

from orgplan.widgets.chart import ChartPicker, chart_picker


def test_picker_shows_the_company_first(approved, tmp_path):
    picker = chart_picker(approved, out_dir=tmp_path)
    assert picker.chart.unit_id is None and picker.chart.title == "嘉丰汽车销售服务有限公司 org chart"
    assert picker.view.value.startswith("<div") and "<svg" in picker.view.value
    assert picker.unit.options[0][1] == "" and ("　销售部 (SALES)", "SALES") in picker.unit.options


def test_choosing_unit_and_depth_redraws(approved, tmp_path):
    picker = ChartPicker(approved, out_dir=tmp_path)
    picker.unit.value = "AS"
    assert picker.chart.unit_id == "AS" and "售后服务部" in picker.view.value
    picker.depth.value = 2
    assert picker.chart.collapsed == ("AS-WS-MECH", "AS-WS-BODY")
    picker.depth.value = 0
    assert picker.chart.collapsed == ()


def test_save_button_writes_the_chart(approved, tmp_path):
    picker = ChartPicker(approved, out_dir=tmp_path / "charts")
    picker.unit.value = "FIN"
    picker.fmt.value = "svg"
    picker.save_button.click()
    assert picker.saved == tmp_path / "charts" / "FIN.svg"
    assert "财务部" in picker.saved.read_text(encoding="utf-8")
    assert "FIN.svg" in picker.status.value
