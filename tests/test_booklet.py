"""The organisation booklet: its parts, page numbers in the contents, the zip of tables, hostile names escaped."""

from __future__ import annotations

import re
import shutil
import zipfile

import pandas as pd
import pytest

import orgplan.i18n
from orgplan import read_structure, sample_path
from orgplan.cli import main
from orgplan.render.booklet import make_booklet, read_year_folder
from orgplan.render.handbook import make_handbook, pdf_renderer
from orgplan.render.pdf_pages import anchor_pages, fill_page_numbers, page_count

HOSTILE = "<script>alert(1)</script>"
HOSTILE_IMG = "<img src=x onerror=alert(2)>"


@pytest.fixture(scope="module")
def sample():
    return read_year_folder(sample_path("approved-2027"))


@pytest.fixture(scope="module")
def book(sample):
    with orgplan.i18n.language("zh-Hans"):
        return make_booklet(sample, compiled_on="2027-03-31", charts=False)


def test_year_folder_finds_last_year_and_the_comments(sample):
    assert sample.previous is not None and sample.previous.status == "as-is"
    assert len(sample.previous_job_descriptions) == 42 and len(sample.job_descriptions) == 44
    assert sample.comments["comment_id"].tolist()[:3] == ["C001", "C002", "C003"]
    assert sample.leadership.deputy_words == ("副",)


def test_every_part_is_there_in_chinese(book):
    text = book.html
    for heading in ("审批记录", "目录", "编制方案", "领导职数", "职能与职责", "权责表", "行政部", "配件部"):
        assert f">{heading}</" in text or f">{heading}<" in text, heading
    assert text.count("class='jd") == 50          # every position once
    assert text.count("class='jd unwritten'") == 6 # the six without a job description, not marked 缺
    assert "（缺）" not in text
    assert "未落实" in text and "CRM-SPEC" in text  # C003 shown as not carried out
    assert book.problems == ("Comment C003 was accepted but is not carried out in the structure: 'CRM-SPEC' "
                             "(客服专员) approved: 4 → 5.",) or "C003" in book.problems[0]


def test_staffing_figures_hand_checked(book):
    units = book.tables["units"].set_index("unit_id")
    # 销售部: 40 approved, 35 in post; cost 25000+2×5500+16000+2×11000+14×8000+2×5000+3×7000+15000+4×8500+12000
    # +2×8000+2×7000+12000+3×7000+5500 = 346,500 a month
    assert [int(units.at["SALES", c]) for c in ("approved", "filled", "vacancy")] == [40, 35, 5]
    assert units.at["SALES", "monthly_cost"] == 346500
    assert int(units.at["CO", "approved"]) == 126 and units.at["CO", "monthly_cost"] == 1058000
    changes = book.tables["changes"].set_index("id")
    assert changes.loc["SHOW-SUP", "change"] == "added" and changes.loc["SHOW-SUP", "reason"].startswith("C001：")


def test_zip_of_excel_tables(book, tmp_path):
    path = book.save_tables(tmp_path / "tables.zip")
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        archive.extractall(tmp_path / "x")
    assert len(names) == 9 and names[0] == "01-按部门的编制方案.xlsx"
    authority = pd.read_excel(tmp_path / "x" / next(n for n in names if "权责表" in n))
    assert authority.iloc[0]["批准"] == "行政经理"


def test_page_numbers_filled_from_a_pdf():
    assert fill_page_numbers('<span class="page-of" data-anchor="a"></span>', {}) == \
        '<span class="page-of" data-anchor="a">–</span>'


def _hostile_folder(tmp_path):
    folder = tmp_path / "approved-2027"
    shutil.copytree(sample_path("approved-2027"), folder)
    units = pd.read_csv(folder / "units.csv", dtype=str)
    units.loc[units["unit_id"] == "CRM", "name"] = HOSTILE
    units.to_csv(folder / "units.csv", index=False)
    positions = pd.read_csv(folder / "positions.csv", dtype=str)
    positions.loc[positions["position_id"] == "CRM-SPEC", "title"] = HOSTILE_IMG
    positions.to_csv(folder / "positions.csv", index=False)
    jd = pd.read_csv(folder / "job_descriptions.csv", dtype=str)
    jd.loc[jd["position_id"] == "CRM-MGR", "duties"] = "回访；" + HOSTILE
    jd.to_csv(folder / "job_descriptions.csv", index=False)
    authority = pd.read_csv(folder / "authority.csv", dtype=str)
    authority.loc[0, "decision"] = HOSTILE
    authority.to_csv(folder / "authority.csv", index=False)
    return folder


def test_hostile_names_come_out_escaped_in_booklet_and_handbook(tmp_path):
    folder = _hostile_folder(tmp_path)
    source = read_year_folder(folder)
    booklet = make_booklet(source, compiled_on="2027-03-31", charts=True)
    handbook = make_handbook(source.structure, source.job_descriptions, compiled_on="2027-03-31", charts=True)
    for html in (booklet.html, handbook.html):
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert re.search(r"<script\b", html) is None


@pytest.mark.skipif(pdf_renderer() is None, reason="no Chromium to print the PDF")
def test_pdf_has_the_contents_page_numbers_right(tmp_path):
    out = tmp_path / "2027-组织手册.pdf"
    code = main(["--lang", "zh-Hans", "booklet", str(sample_path("approved-2027")), "-o", str(out),
                 "--compiled-on", "2027-03-31", "--no-charts"])
    assert code == 1                     # C003 not carried out: the booklet is written, and the exit says so
    pdf = out.read_bytes()
    pages = anchor_pages(pdf)
    assert pages["sec-approval"] == 3 and pages["sec-staffing"] > pages["sec-approval"]
    assert list(pages) == sorted(pages, key=pages.get)      # chapters in order
    assert page_count(pdf) > pages["sec-jd-summary"] - 1
    assert (tmp_path / "2027-组织手册-表格.zip").exists()
    assert b"NotoSansCJK" in pdf          # the bundled Chinese font, embedded
