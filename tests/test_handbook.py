"""The job-description handbook: every position listed, missing ones marked, charts inline, CLI."""

from __future__ import annotations

import shutil

import re

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from orgplan import read_structure, sample_path
from orgplan.cli import main
from orgplan.errors import DataError, ParameterError
from orgplan.i18n import language
from orgplan.render.handbook import NoPdfRendererError, html_to_pdf, inline_svg, make_handbook, pdf_renderer
from orgplan.yearplan.job_descriptions import read_job_descriptions

JD_PATH = sample_path("approved-2027/job_descriptions.csv")


@pytest.fixture(scope="module")
def approved():
    return read_structure(sample_path("approved-2027"))


@pytest.fixture(scope="module")
def book(approved):
    with language("zh-Hans"):  # what the admin department prints
        return make_handbook(approved, JD_PATH, compiled_on="2027-03-31")


def test_every_position_is_listed_once_in_department_order(approved, book):
    assert sorted(book.positions["position_id"]) == sorted(approved.positions["position_id"])
    assert book.positions["position_id"].is_unique
    assert book.positions["section"].unique().tolist() == ["CO", "ADM", "FIN", "SALES", "MKT", "CRM", "AS", "PARTS"]
    for position_id in approved.positions["position_id"]:
        assert book.html.count(f"id='pos-{position_id}'") == 1


def test_missing_descriptions_are_marked_and_listed(book):
    assert book.missing["position_id"].tolist() == ["SHOW-DCC", "USED-EVAL", "FI-MGR", "AS-CLERK", "WS-DISP",
                                                    "PARTS-PLAN"]
    assert book.html.count("class='jd missing'") == 6
    appendix = book.html[book.html.index("id='sec-missing'"):]
    for title in ("网电销顾问 (DCC)", "二手车评估师", "金融保险主管", "售后内勤", "调度员", "配件计划员"):
        assert title in appendix
    assert book.unmatched.empty


def test_cover_toc_and_description_content(book):
    html = book.html
    cover = html[html.index("<section class='cover'>"):html.index("</section>")]
    for text in ("嘉丰汽车销售服务有限公司", "2027 年度组织架构（已批准）", "已批准", "组织架构与职位说明书", "总经理 陈建国", "2027-03-28",
                 "126 人，50 个职位", "行政部 2027-03-31"):
        assert text in cover
    assert "<nav class='toc'>" in html and "href='#sec-SALES'" in html
    card = html[html.index("id='pos-ADM-MGR'"):]
    card = card[:card.index("</div>")]
    assert "行政经理" in card and "总经理 (GM)" in card and "1 / 1" in card
    assert "<li>组织架构与编制管理（第一责任人）</li>" in card  # duties split into a list
    assert "增人申请按批准编制审核" in card
    assert "@page" in html and "size: A4" in html
    assert "<html lang='zh-Hans'>" in html and "<h2>目录</h2>" in html and "（说明书待编写）" in html
    assert "（缺）" not in html  # the charts' 缺 means a vacancy; a missing description reads differently
    assert "<h2>尚未编写职位说明书的职位</h2>" in html and "<dt>岗位职责</dt>" in html


def test_handbook_in_traditional_chinese(approved):
    with language("zh-Hant"):
        html = make_handbook(approved, JD_PATH, compiled_on="2027-03-31", charts=False).html
    for text in ("<h1>組織架構與職位說明書</h1>", "<h2>目錄</h2>", "（說明書待編寫）", "<dt>崗位職責</dt>", "<dt>上級職位</dt>",
                 "<td>編印</td><td>行政部 2027-03-31</td>"):
        assert text in html


def test_charts_are_inline_svg_with_unique_ids(book):
    html = book.html
    assert html.count("<figure class='chart'>") == 8  # company + 7 departments
    assert "<?xml" not in html and "<!DOCTYPE svg" not in html
    ids = re.findall(r'\sid="([^"]+)"', html) + re.findall(r"\sid='([^']+)'", html)
    assert len(ids) == len(set(ids))
    assert "展厅经理" in html[html.index("id='sec-SALES'"):]


def test_without_descriptions_everything_is_missing(approved):
    book = make_handbook(approved, None, compiled_on="2027-03-31", charts=False)
    assert len(book.missing) == len(approved.positions)
    assert "<figure" not in book.html


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_listed_plus_missing_is_every_position(approved, data):
    ids = approved.positions["position_id"].tolist()
    chosen = data.draw(st.lists(st.sampled_from(ids), unique=True))
    extra = data.draw(st.lists(st.sampled_from(["OLD-1", "OLD-2"]), unique=True))
    table = pd.DataFrame({"position_id": chosen + extra, "duties": ["職責"] * (len(chosen) + len(extra))})
    book = make_handbook(approved, table, compiled_on="2027-03-31", charts=False)
    assert set(book.missing["position_id"]) == set(ids) - set(chosen)
    assert int(book.positions["has_description"].sum()) == len(chosen)
    assert sorted(book.unmatched["position_id"]) == sorted(extra)
    assert book.html.count("class='jd'") + book.html.count("class='jd missing'") == len(ids)


def test_bad_job_descriptions_are_all_reported(tmp_path):
    path = tmp_path / "jd.csv"
    path.write_text("職位編號,職位,崗位職責,任職要求\nGM,总经理,主持,\nGM,总经理,主持,\n,会计,記帳,\nFIN-ACC,会计,,\n",
                    encoding="utf-8")
    with pytest.raises(DataError) as info:
        read_job_descriptions(path)
    assert [(p.row, p.column, p.code) for p in info.value.problems] == [
        (3, "position_id", "duplicate_id"), (4, "position_id", "missing_value"), (5, "duties", "missing_value")]


def test_parameters_are_checked(approved):
    with pytest.raises(ParameterError, match="'compiled_on'"):
        make_handbook(approved, None, compiled_on="someday", charts=False)
    with pytest.raises(ParameterError, match="'job_descriptions'"):
        make_handbook(approved, 42, charts=False)


def test_inline_svg_prefixes_references():
    svg = ('<?xml version="1.0"?><!DOCTYPE svg PUBLIC "x"\n "y"><!-- c --><svg width="10pt" height="5pt">'
           '<clipPath id="k"/><g clip-path="url(#k)"/></svg>')
    assert inline_svg(svg, "p") == ('<svg width="100%" style="max-width:10pt"><clipPath id="p-k"/>'
                                    '<g clip-path="url(#p-k)"/></svg>')


def test_save_html_and_pdf(book, tmp_path):
    path = book.save(tmp_path / "book.html")
    assert path.read_text(encoding="utf-8") == book.html
    with pytest.raises(ParameterError):
        book.save(tmp_path / "book.docx")
    if pdf_renderer() is None:
        with pytest.raises(NoPdfRendererError, match="No PDF renderer is installed"):
            book.save(tmp_path / "book.pdf")
    else:
        assert html_to_pdf("<html><body>測試</body></html>")[:4] == b"%PDF"


def test_no_renderer_message(monkeypatch):
    import orgplan.render.handbook as handbook

    monkeypatch.setattr(handbook, "pdf_renderer", lambda: None)
    with pytest.raises(NoPdfRendererError, match="print it to PDF"):
        handbook.html_to_pdf("<html></html>")


def test_cli_handbook(tmp_path, capsys):
    out = tmp_path / "book.html"
    assert main(["handbook", str(sample_path("approved-2027")), "-o", str(out), "--compiled-on", "2027-03-31"]) == 0
    text = capsys.readouterr().out
    assert "50 positions, 44 with a job description, 6 missing" in text and "PARTS-PLAN" in text
    assert "organisational structure and job descriptions" in out.read_text(encoding="utf-8")


def test_cli_handbook_without_descriptions_and_bad_input(tmp_path, capsys):
    out = tmp_path / "book.html"
    bare = tmp_path / "as-is-2026"   # the sample's folder without last year's job descriptions
    shutil.copytree(sample_path("as-is-2026"), bare)
    (bare / "job_descriptions.csv").unlink()
    assert main(["handbook", str(bare), "-o", str(out), "--no-charts"]) == 0
    captured = capsys.readouterr()
    assert "every position is listed as missing" in captured.err and "44 missing" in captured.out
    bad = tmp_path / "jd.csv"
    bad.write_text("position_id,duties\n,x\n", encoding="utf-8")
    assert main(["handbook", str(sample_path("approved-2027")), "-o", str(out), "--job-descriptions", str(bad)]) == 2
    assert "row 2, column 'position_id'" in capsys.readouterr().err
    assert main(["handbook", str(sample_path("approved-2027")), "-o", str(tmp_path / "book.txt"), "--no-charts"]) == 2


def test_save_pdf_if_possible_says_what_it_did(book, tmp_path, monkeypatch):
    from orgplan.render import handbook

    monkeypatch.setattr(handbook, "pdf_renderer", lambda: None)
    assert "print it on A4" in book.save_pdf_if_possible(tmp_path / "b.pdf")
    assert not (tmp_path / "b.pdf").exists()
