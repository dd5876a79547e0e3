"""Print-quality charts: no line through a frame, box or heading (from the layout's coordinates and the SVG's),
text never under 8 pt (7 pt on paper), pages with a key, hostile names, a deep chain, headers = summary,
compare charts old → new, names of people in the boxes."""

from __future__ import annotations

import importlib.util
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest

from orgplan import Structure, sample_path
from orgplan.cli import main
from orgplan.i18n import language
from orgplan.organisation.metrics import rollup
from orgplan.render.chart import org_chart
from orgplan.render.chart_layout import crossings
from orgplan.render.chart_pages import chart_pages
from orgplan.render.comparison import diff_chart

SVG = "{http://www.w3.org/2000/svg}"
ROOT = Path(__file__).resolve().parent.parent


def node_text(chart, name: str) -> str:
    """The text drawn in one Graphviz node (by its name: ``position:ID``, ``heading:UNIT`` …)."""
    root = ET.fromstring(chart.svg.encode("utf-8"))
    for group in root.iter(f"{SVG}g"):
        if group.get("class") == "node" and group.find(f"{SVG}title").text == name:
            return "".join("".join(t.itertext()) for t in group.iter(f"{SVG}text"))
    raise KeyError(name)


def svg_boxes(chart) -> dict[str, tuple[float, float, float, float]]:
    """(left, top, right, bottom) of every drawn node, from the SVG (y downwards from the top of the drawing)."""
    root = ET.fromstring(chart.svg.encode("utf-8"))
    height = float(re.search(r'height="([\d.]+)pt"', chart.svg).group(1))
    boxes = {}
    for group in root.iter(f"{SVG}g"):
        if group.get("class") != "node":
            continue
        xs, ys = [], []
        for shape in group.iter():
            if shape.tag in (f"{SVG}polygon", f"{SVG}path"):
                numbers = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", shape.get("points") or shape.get("d"))]
                xs += numbers[0::2]
                ys += numbers[1::2]
        if xs:
            boxes[group.find(f"{SVG}title").text] = (min(xs), height + min(ys), max(xs), height + max(ys))
    return boxes


def synthetic(n: int) -> Structure:
    spec = importlib.util.spec_from_file_location("bench_scale", ROOT / "bench" / "scale.py")
    scale = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scale)
    units, positions = scale.generate(n)
    return Structure(units, positions)


# ---------------------------------------------------------------- crossings
@pytest.mark.parametrize("sample, unit", [("as-is-2026", None), ("approved-2027", None), ("approved-2027", "AS"),
                                          ("draft-2027", None)])
def test_no_line_crosses_a_frame_a_box_or_a_heading(sample, unit):
    from orgplan import read_structure

    chart = org_chart(read_structure(sample_path(sample)), unit=unit)
    geometry = chart.geometry
    assert geometry.segments and geometry.frames
    assert crossings(geometry) == []
    assert all(x1 == x2 or y1 == y2 for x1, y1, x2, y2 in geometry.segments)  # right angles only


def test_the_svg_puts_every_box_where_the_layout_says(approved):
    chart = org_chart(approved)
    drawn = svg_boxes(chart)
    for key, (x, y, w, h) in {**chart.geometry.boxes, **chart.geometry.frames}.items():
        left, top, right, bottom = drawn[key]
        assert abs(left - x) < 1.5 and abs(right - (x + w)) < 1.5 and abs(top - y) < 1.5 and abs(bottom - (y + h)) < 1.5


def test_no_crossing_on_a_large_synthetic_company():
    s = synthetic(600)
    chart = org_chart(s, max_nodes=None)
    assert len(chart.positions) == len(s.positions)
    assert crossings(chart.geometry) == []
    for unit in list(s.units["unit_id"])[1:6]:
        assert crossings(org_chart(s, unit=unit).geometry) == []


def test_the_2026_company_chart_is_not_a_strip(as_is):
    width, height = org_chart(as_is).size_points
    assert 0.6 < width / height < 2.0  # was 3 : 1 with a large empty area


def test_compare_chart_has_no_crossing_either(as_is, approved):
    assert crossings(diff_chart(as_is, approved).geometry) == []


# ---------------------------------------------------------------- text size
def font_sizes(svg: str) -> list[float]:
    return [float(v) for v in re.findall(r'font-size="([\d.]+)"', svg)]


def test_no_text_under_8_points_at_natural_size(approved):
    assert min(font_sizes(org_chart(approved).svg)) >= 8


@pytest.mark.parametrize("paper, orientation", [("A4", "auto"), ("A4", "landscape"), ("A3", "auto")])
def test_on_paper_every_page_is_that_paper_and_no_text_under_7_points(approved, paper, orientation):
    with language("zh-Hans"):
        book = chart_pages(approved, paper=paper, orientation=orientation)
    page_w, page_h = book.page_size
    for page in book.pages:
        width, height = page.size_points
        assert abs(width - page_w) < 1.5 and abs(height - page_h) < 1.5
        scale = re.search(r'transform="scale\(([\d.]+) ', page.svg)
        factor = float(scale.group(1)) if scale else 1.0
        assert min(font_sizes(page.svg)) * factor >= 7 - 1e-6
    assert book.smallest_text >= 7 and not book.oversized


def test_a_chart_too_large_for_a4_is_split_with_a_key(approved, tmp_path):
    with language("zh-Hans"):
        book = chart_pages(approved, paper="A4", orientation="portrait")
    assert book.units[0] is None and len(book.pages) > 1
    first = "".join(node_text(book.pages[0], f"unit:{u}") for u in ("SALES", "AS"))
    sales_page = book.units.index("SALES") + 1
    assert f"见第 {sales_page} 页" in first
    assert f"第 {sales_page} 页，共 {len(book.pages)} 页 · 接第 1 页" in node_text(book.pages[sales_page - 1], "title")
    pdf = book.save(tmp_path / "公司.pdf")[0].read_bytes()
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)) == len(book.pages)
    assert re.search(rb"/Count %d\b" % len(book.pages), pdf)


def test_cli_paper(tmp_path, capsys):
    out = tmp_path / "company.pdf"
    assert main(["chart", str(sample_path("approved-2027")), "--paper", "A3", "-o", str(out), "--lang", "en"]) == 0
    said = capsys.readouterr().out
    assert said.startswith(f"wrote {out} (") and "pages of A3" in said and out.read_bytes().startswith(b"%PDF-")


# ---------------------------------------------------------------- escapes
def hostile() -> Structure:
    units = pd.DataFrame({"unit_id": ["CO", "D\\"], "name": ["公司 \\G", "部门 \\N \\L <b>"],
                          "parent_id": [None, "CO"], "kind": ["company", "department"]})
    positions = pd.DataFrame({"position_id": ["GM\\", "M\\N", "X"], "unit_id": ["CO", "D\\", "D\\"],
                              "title": ["总经理 \\G", "经理 \\N\\", 'A "q" \\'], "reports_to": [None, "GM\\", "M\\N"],
                              "approved": 1, "filled": 1, "monthly_cost": 1})
    return Structure(units, positions)


def all_text(svg: str) -> str:
    root = ET.fromstring(svg.encode("utf-8"))
    return " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))


@pytest.mark.parametrize("unit", [None, "D\\"])
def test_backslashes_in_ids_and_names_are_drawn_as_typed(unit):
    chart = org_chart(hostile(), unit=unit)
    text = all_text(chart.svg)
    assert "经理 \\N\\" in text and "部门 \\N \\L <b>" in text and 'A "q" \\' in text
    if unit is None:
        assert "总经理 \\G" in text and "公司 \\G" in text
    chart.render("png"), chart.render("pdf")


def test_backslashes_through_every_command(tmp_path, capsys):
    from orgplan.model.io import write_structure

    write_structure(hostile(), tmp_path / "s")
    assert main(["chart", str(tmp_path / "s"), "-o", str(tmp_path / "c.svg")]) == 0
    assert main(["chart", str(tmp_path / "s"), "--all-units", str(tmp_path / "all"), "--format", "svg"]) == 0
    assert main(["chart", str(tmp_path / "s"), "--compare", str(sample_path("as-is-2026")),
                 "-o", str(tmp_path / "d.svg")]) == 0
    assert main(["chart", str(tmp_path / "s"), "--paper", "A4", "-o", str(tmp_path / "p.pdf")]) == 0
    assert "经理 \\N\\" in all_text((tmp_path / "c.svg").read_text(encoding="utf-8"))
    assert "经理 \\N\\" in all_text((tmp_path / "d.svg").read_text(encoding="utf-8"))
    from orgplan.render.handbook import make_handbook

    book = make_handbook(hostile(), compiled_on="2027-03-31")
    assert "经理 \\N\\" in (book.html if hasattr(book, "html") else str(book))


# ---------------------------------------------------------------- deep chain
def test_a_reporting_chain_1500_deep_draws():
    n = 1500
    units = pd.DataFrame({"unit_id": ["CO"], "name": ["公司"], "parent_id": [None], "kind": ["company"]})
    positions = pd.DataFrame({"position_id": [f"P{i}" for i in range(n)], "unit_id": "CO",
                              "title": [f"岗位{i}" for i in range(n)], "reports_to": [None] + [f"P{i}" for i in range(n - 1)],
                              "approved": 1, "filled": 1, "monthly_cost": 1})
    chart = org_chart(Structure(units, positions), max_nodes=None)
    assert len(chart.positions) == n and crossings(chart.geometry) == []


def test_units_nested_1200_deep_draw():
    n = 1200
    units = pd.DataFrame({"unit_id": [f"U{i}" for i in range(n)], "name": [f"单位{i}" for i in range(n)],
                          "parent_id": [None] + [f"U{i}" for i in range(n - 1)], "kind": "team"})
    positions = pd.DataFrame({"position_id": [f"P{i}" for i in range(n)], "unit_id": [f"U{i}" for i in range(n)],
                              "title": "岗位", "reports_to": [None] + [f"P{i}" for i in range(n - 1)],
                              "approved": 1, "filled": 1, "monthly_cost": 1})
    chart = org_chart(Structure(units, positions), max_nodes=60)
    assert chart.collapsed  # folded below the limit, without a RecursionError


# ---------------------------------------------------------------- headers = summary
def test_unit_headers_show_vacancy_and_over_as_summary_does(as_is):
    with language("zh-Hans"):
        chart = org_chart(as_is)
    assert "编制 21 / 在岗 22，缺 1，超编 2" in node_text(chart, "heading:AS-WS-MECH")  # hand-counted: 12/14, 6/5, 3/3
    assert "编制 110 / 在岗 109，缺 3，超编 2" in node_text(chart, "title")
    figures = rollup(as_is).set_index("unit_id")
    for unit in chart.geometry.headings:
        uid = unit.split(":", 1)[1]
        row = figures.loc[uid]
        text = node_text(chart, f"heading:{uid}")
        assert f"编制 {row['approved']} / 在岗 {row['filled']}" in text
        assert (f"缺 {row['vacancy']}" in text) == (row["vacancy"] > 0)
        assert (f"超编 {row['over_establishment']}" in text) == (row["over_establishment"] > 0)


def test_a_missing_manager_is_marked(as_is):
    with language("zh-Hans"):
        chart = org_chart(as_is)
    assert "AS-MGR-OLD" in node_text(chart, "position:ADV-WARR")
    assert "不存在" in node_text(chart, "position:ADV-WARR")


# ---------------------------------------------------------------- compare
def test_compare_shows_old_to_new_and_the_real_status(as_is, approved):
    with language("zh-Hans"):
        chart = diff_chart(as_is, approved)
    assert "编制 16 → 14" in node_text(chart, "position:SHOW-CONS")
    assert "在岗 15 → 12" in node_text(chart, "position:SHOW-CONS")
    assert "展厅经理 → 销售主管" in node_text(chart, "position:SHOW-CONS")
    assert "编制 12 → 15" in node_text(chart, "position:MECH-TECH")
    title = node_text(chart, "title")
    assert "现状 → 已批准" in title and "草案" not in title and "陈建国" in title


# ---------------------------------------------------------------- people
def people_frame() -> pd.DataFrame:
    return pd.DataFrame({
        "position_id": ["FIN-MGR", "FIN-ACC", "FIN-CASH", "FIN-CASH"],
        "person_id": ["E1", "E2", "E3", "E4"],
        "name": ["王芳", "李娜", "张伟", "刘洋"],
        "employment_type": ["正式", "正式", "试用", "正式"],
        "on_probation": [False, False, True, False],
        "leaving": [False, False, False, True],
    })


def test_a_department_chart_shows_the_people_and_the_vacant_seats(approved):
    with language("zh-Hans"):
        chart = org_chart(approved, unit="FIN", people=people_frame())
    assert "王芳" in node_text(chart, "position:FIN-MGR")
    accountants = node_text(chart, "position:FIN-ACC")  # 编制 2, one person in post
    assert "李娜" in accountants and accountants.count("缺") == 1 + 0  # one vacant seat
    cashiers = node_text(chart, "position:FIN-CASH")
    assert "张伟试" in cashiers and "刘洋离" in cashiers and "缺" not in cashiers.split("在岗 2")[1]


def test_the_company_chart_shows_positions_only_unless_asked(approved):
    assert "王芳" not in org_chart(approved, people=people_frame()).svg
    assert "王芳" in org_chart(approved, people=people_frame(), names=True).svg
    assert "王芳" not in org_chart(approved, unit="FIN", people=people_frame(), names=False).svg


def test_a_people_frame_without_names_is_refused(approved):
    from orgplan import ParameterError

    with pytest.raises(ParameterError, match="name"):
        org_chart(approved, unit="FIN", people=pd.DataFrame({"position_id": ["FIN-MGR"]}))


def test_cli_names_lists_the_people(tmp_path, capsys):
    people = tmp_path / "people.csv"
    people_frame().to_csv(people, index=False)
    out = tmp_path / "fin.svg"
    assert main(["chart", str(sample_path("approved-2027")), "--unit", "FIN", "--names", str(people),
                 "-o", str(out), "--lang", "zh-Hans"]) == 0
    text = all_text(out.read_text(encoding="utf-8"))
    assert "王芳" in text and "张伟 试" in text and "刘洋 离" in text and "空缺席位" in text
