"""The job-description handbook (职位说明书手册): the booklet the admin department compiles (整理成册).

At the end of the seed's plan every department revises its job descriptions
(职位说明书) and workflows to fit the approved structure, and the
administration department compiles them, with the company chart and one
chart per department, into one booklet. :func:`make_handbook` builds it as a
single printable HTML file:

- a cover with the company, the structure's name, status and approval;
- a table of contents (with page numbers in the PDF: :mod:`orgplan.render.pdf_pages`);
- the company chart, then per department its chart (inline SVG drawn by
  :func:`orgplan.render.chart.org_chart`), its duties (职能), its staffing table and,
  for every position, its job description: title, unit, reports to,
  establishment, duties, requirements and workflow notes;
- positions without a job description are marked and listed at the end,
  because the seed asks every department to write or revise them.

Every fixed word of the booklet (headings, contents, labels, "(missing)")
is in the language in force (简体中文 by default); the structure's and the
job descriptions' own text is printed as written.

The page layout is A4 (print CSS). A PDF is written only where a renderer is
installed (:func:`pdf_renderer`: WeasyPrint, or a Chromium/Chrome browser run
headless); otherwise print the HTML from a browser.

The job descriptions are a table the departments keep, read and checked by
:func:`orgplan.yearplan.job_descriptions.read_job_descriptions`; this module
only lays them out. List items inside a cell are separated by line breaks
or ``；``.

Examples
--------
>>> from orgplan import read_structure, sample_path
>>> from orgplan.render.handbook import make_handbook
>>> from orgplan.yearplan.job_descriptions import read_job_descriptions
>>> s = read_structure(sample_path("approved-2027"))
>>> book = make_handbook(s, read_job_descriptions(sample_path("approved-2027/job_descriptions.csv")),
...                      compiled_on="2027-03-31", charts=False)
>>> book.positions["position_id"].size == len(s.positions)
True
>>> book.missing["position_id"].tolist()
['SHOW-DCC', 'USED-EVAL', 'FI-MGR', 'AS-CLERK', 'WS-DISP', 'PARTS-PLAN']
>>> "job description" in book.html and "@page" in book.html
True
"""

from __future__ import annotations

import datetime as _dt
import html as _html
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from orgplan.errors import NoPdfRendererError, OrgPlanError, ParameterError
from orgplan.i18n import N_, Translator, get_language
from orgplan.tables.schema import Column, Table, localise
from orgplan.model.structure import Structure
from orgplan.render.chart import org_chart
from orgplan.render.pdf_pages import PAGE_OF, pdf_with_page_numbers
from orgplan.tables.cells import parse_date
from orgplan.tables.io import atomic_path
from orgplan.yearplan.job_descriptions import JOB_DESCRIPTION_COLUMNS, job_description_table, read_job_descriptions

_ = Translator("yearplan")

__all__ = [
    "Handbook",
    "make_handbook",
    "inline_svg",
    "pdf_renderer",
    "html_to_pdf",
    "display_missing",
    "NoPdfRendererError",
]

_ITEM_SPLIT = re.compile(r"\s*(?:\r?\n|；|;)\s*")
_CSS = """
@page { size: A4; margin: 16mm 14mm 18mm 14mm;
        @bottom-center { content: counter(page); font-size: 9pt; color: #666; } }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Noto Sans SC", "Noto Sans CJK TC", "WenQuanYi Micro Hei",
       "Microsoft YaHei", "PingFang SC", "Microsoft JhengHei", sans-serif; font-size: 10.5pt; line-height: 1.55; color: #222;
       max-width: 190mm; margin: 0 auto; padding: 8mm 0; }
h1, h2, h3 { line-height: 1.3; }
h2 { border-bottom: 2px solid #1F4E79; color: #1F4E79; padding-bottom: 2mm; }
h3 { margin: 0 0 2mm 0; color: #1F4E79; }
.cover { min-height: 250mm; display: flex; flex-direction: column; justify-content: center; text-align: center; }
.cover .company { font-size: 16pt; letter-spacing: 0.1em; }
.cover h1 { font-size: 28pt; margin: 8mm 0; }
.cover table { margin: 10mm auto 0 auto; border-collapse: collapse; text-align: left; }
.cover td, .cover th { padding: 1.5mm 4mm; border-bottom: 1px solid #ccc; }
section.chapter { break-before: page; page-break-before: always; }
@page wide { size: A4 landscape; }
section.wide { page: wide; }
nav.toc ol { list-style: none; padding-left: 0; }
nav.toc ol ol { padding-left: 6mm; font-size: 9.5pt; }
nav.toc a { color: #222; text-decoration: none; }
nav.toc .page-of { float: right; }
figure.chart { margin: 4mm 0; text-align: center; break-inside: avoid; page-break-inside: avoid; }
figure.chart svg { width: 100%; height: auto; max-height: 240mm; }
figure.chart figcaption { font-size: 9pt; color: #555; }
table.grid { border-collapse: collapse; width: 100%; margin: 2mm 0 4mm 0; font-size: 9.5pt; }
table.grid th, table.grid td { border: 1px solid #bbb; padding: 1mm 2mm; vertical-align: top; text-align: left; }
table.grid th { background: #D9E1F2; }
table.grid td.num { text-align: right; }
.jd { border: 1px solid #bbb; border-left: 4px solid #1F4E79; padding: 3mm 4mm; margin: 4mm 0;
      break-inside: avoid; page-break-inside: avoid; }
.jd.missing { border-left-color: #7F7F7F; background: #F4F4F4; }
.jd dl { display: grid; grid-template-columns: 24mm 1fr; gap: 1mm 3mm; margin: 0; }
.jd dt { font-weight: bold; color: #444; }
.jd dd { margin: 0; }
.jd dd ol { margin: 0; padding-left: 5mm; }
.tag-missing { color: #7F7F7F; font-style: italic; }
.note { color: #555; font-size: 9pt; }
@media print { body { max-width: none; padding: 0; } a { color: inherit; } }
"""


@dataclass(frozen=True)
class Handbook:
    """The compiled booklet: its HTML and the tables behind it.

    Attributes
    ----------
    html : str
        The whole booklet, one self-contained HTML document (charts inline).
    positions : DataFrame
        Every position in the order the booklet lists it: ``section``
        (the department's unit_id, or the company's), ``position_id,
        title, unit_id, reports_to, approved, filled, has_description``.
    missing : DataFrame
        The positions without a job description (same columns).
    unmatched : DataFrame
        Job descriptions whose ``position_id`` is not in the structure.
    structure_name : str
    """

    html: str = field(repr=False)
    positions: pd.DataFrame = field(repr=False)
    missing: pd.DataFrame = field(repr=False)
    unmatched: pd.DataFrame = field(repr=False)
    structure_name: str

    def save(self, path: str | os.PathLike) -> Path:
        """Write the booklet to ``.html``, or to ``.pdf`` where a renderer is installed; atomically.

        Raises
        ------
        NoPdfRendererError
            For a ``.pdf`` when neither WeasyPrint nor Chromium/Chrome is
            installed (the message says what to install, or to print the HTML
            from a browser).
        """
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix in (".html", ".htm"):
            with atomic_path(path) as tmp:
                tmp.write_text(self.html, encoding="utf-8")
            return path
        if suffix == ".pdf":
            data, _pages = pdf_with_page_numbers(self.html, html_to_pdf)
            with atomic_path(path) as tmp:
                tmp.write_bytes(data)
            return path
        raise ParameterError(_("The 'path' parameter of Handbook.save must end in .html or .pdf. "
                               "Got {value} instead.").format(value=repr(str(path))))

    def save_pdf_if_possible(self, path: str | os.PathLike) -> str:
        """Write a PDF where a renderer is installed; say what was done, in the language in force.

        Returns the sentence to show: the file written, or that the HTML is
        to be printed from a browser (no error: the HTML is the booklet).
        """
        if pdf_renderer() is None:
            return _("No PDF renderer is installed: open the HTML handbook in a browser and print it on A4.")
        return _("Wrote {path}.").format(path=self.save(path))

    def _repr_html_(self) -> str:
        done = int(self.positions["has_description"].sum())
        total = len(self.positions)
        head = ("<p><b>" + _e(self.structure_name) + "</b> — " + _e(_("Job description handbook: {total} positions, "
                                                                    "{done} with a job description, {missing} missing."
                                                                    ).format(total=total, done=done,
                                                                             missing=total - done))
                + " " + _e(_("Save it with .save('handbook.html') and open it in a browser to print.")) + "</p>")
        shown = self.missing[["section", "position_id", "title", "unit_id"]]
        return head + (shown.to_html(index=False) if len(shown) else "")


# ------------------------------------------------------------------ building
def make_handbook(
    structure: Structure,
    job_descriptions: pd.DataFrame | str | os.PathLike | None = None,
    *,
    compiled_on: Any = None,
    charts: bool = True,
    company_depth: int = 2,
) -> Handbook:
    """Compile the booklet of charts, duties and job descriptions for a structure.

    Parameters
    ----------
    structure : Structure
        Usually the approved structure.
    job_descriptions : DataFrame, path or None
        The job descriptions: a table as
        :func:`orgplan.yearplan.job_descriptions.read_job_descriptions` returns it
        (a DataFrame with Chinese headers is checked the same way; a path is
        read with it); ``None``: none yet, so every position is listed as
        missing.
    compiled_on : date or str, optional
        Date printed on the cover (default: today).
    charts : bool, default True
        Embed the company chart and one chart per department (inline SVG, via
        :func:`orgplan.render.chart.org_chart`). ``False`` leaves them out (faster).
    company_depth : int, default 2
        Unit levels drawn in full on the company chart (2: the company and
        its departments; teams collapsed — they appear in full on their
        department's chart).

    Returns
    -------
    Handbook

    Notes
    -----
    The chapters are the company's own positions (总经理 …) and then one per
    unit directly under the company, each with everything beneath it, so
    every position of the structure appears exactly once. Positions in units
    the unit tree cannot reach (see :func:`orgplan.check`) get a last chapter.
    """
    descriptions = _descriptions(job_descriptions)
    if not isinstance(company_depth, int) or company_depth < 1:
        raise ParameterError(_("The 'company_depth' parameter of make_handbook must be a whole number of 1 or "
                               "more. Got {value} instead.").format(value=repr(company_depth)))
    day = _dt.date.today() if compiled_on is None else parse_date(compiled_on)
    if day is None:
        raise ParameterError(_("The 'compiled_on' parameter of make_handbook must be a date such as '2027-03-31'. "
                               "Got {value} instead.").format(value=repr(compiled_on)))
    book = _Book(structure, descriptions)
    written = [_chapter(book, chapter, charts) for chapter in book.chapters]
    listing = pd.DataFrame([row for _html_part, _item, rows in written for row in rows], columns=_LISTING_COLUMNS)
    missing = listing[~listing["has_description"]].reset_index(drop=True)
    positions = structure.positions
    unmatched = descriptions[~descriptions["position_id"].isin(set(positions["position_id"]))].reset_index(drop=True)
    toc = [item for _html_part, item, _rows in written]
    toc.append("<li><a href='#sec-missing'>" + _e(_("Positions without a job description")) + "</a>"
               + PAGE_OF.format(anchor="sec-missing", page="") + "</li>")
    company_chart = ""
    if charts:
        chart_heading = _e(_("Company chart"))
        company_chart = (f"<section class='chapter wide' id='sec-company-chart'><h2>{chart_heading}</h2>"
                         + _chart_figure(structure, None, company_depth, "c-company") + "</section>")
        toc.insert(0, f"<li><a href='#sec-company-chart'>{chart_heading}</a>"
                   + PAGE_OF.format(anchor="sec-company-chart", page="") + "</li>")
    contents = ("<section class='chapter'><nav class='toc'><h2>" + _e(_("Contents")) + "</h2><ol>" + "".join(toc)
                + "</ol></nav></section>")
    body = "".join(part for part, _item, _rows in written)
    title = _("{company} organisational structure and job descriptions — {structure}").format(
        company=book.company, structure=structure.info.name)
    document = (f"<!DOCTYPE html><html lang='{get_language()}'><head><meta charset='utf-8'>"
                f"<title>{_e(title)}</title>"
                f"<style>{_CSS}</style></head><body>{_cover(book, day)}{contents}{company_chart}{body}"
                f"{_appendix(book, missing, unmatched)}</body></html>")
    return Handbook(html=document, positions=listing, missing=missing, unmatched=unmatched,
                    structure_name=structure.name)


_STATUS = {"approved": N_("approved"), "draft": N_("draft"), "as-is": N_("as-is")}
_LISTING_COLUMNS = ["section", "position_id", "title", "unit_id", "reports_to", "approved", "filled",
                    "has_description"]
_OTHER = "_other"

#: The positions listed by the booklet (``Handbook.positions`` / ``.missing``) as people read them.
LISTING_TABLE = Table(
    name="handbook positions",
    id_column="position_id",
    columns=(Column("section", "text", label=N_("chapter")), Column("position_id", "id", label=N_("position id")),
             Column("title", "text", label=N_("position")), Column("unit_id", "id", label=N_("unit id"))),
)


def display_missing(missing: pd.DataFrame) -> pd.DataFrame:
    """The positions without a job description (``Handbook.missing``) as people read them."""
    return localise(missing[["section", "position_id", "title", "unit_id"]], LISTING_TABLE)


def _descriptions(job_descriptions: Any) -> pd.DataFrame:
    """The job descriptions as a checked table, indexed by position_id (empty when there are none)."""
    if isinstance(job_descriptions, (str, os.PathLike)):
        table = read_job_descriptions(job_descriptions)
    elif isinstance(job_descriptions, pd.DataFrame):
        table = job_description_table(job_descriptions)
    elif job_descriptions is None:
        table = pd.DataFrame(columns=JOB_DESCRIPTION_COLUMNS)
    else:
        raise ParameterError(_("The 'job_descriptions' parameter of make_handbook must be a DataFrame, a path or "
                               "None. Got {value} instead.").format(value=type(job_descriptions).__name__))
    return table.set_index("position_id", drop=False)


@dataclass(frozen=True)
class _Chapter:
    anchor: str          # the unit_id the chapter is about (or _OTHER)
    heading: str
    unit_ids: list[str]  # the units whose positions it lists, in tree order


class _Book:
    """What every part of the booklet looks up: names, titles, descriptions, the chapters."""

    def __init__(self, structure: Structure, descriptions: pd.DataFrame) -> None:
        self.structure = structure
        self.descriptions = descriptions
        units = structure.units
        self.unit_name = units.set_index("unit_id")["name"]
        self.titles = structure.positions.set_index("position_id")["title"]
        roots = units.loc[units["parent_id"].isna(), "unit_id"].tolist()
        self.root: str | None = roots[0] if roots else None
        self.company = str(self.unit_name[self.root]) if self.root is not None else ""
        self.chapters = self._chapters()

    def _chapters(self) -> list[_Chapter]:
        """The company's own positions, one chapter per unit under it, then positions outside the tree."""
        units = self.structure.units
        chapters: list[_Chapter] = []
        if self.root is not None:
            chapters.append(_Chapter(self.root, _("{company} (company leadership)").format(
                company=self.unit_name[self.root]), [self.root]))
            for child in units.loc[units["parent_id"] == self.root, "unit_id"]:
                chapters.append(_Chapter(child, str(self.unit_name[child]), self.structure.subunits(child)))
        covered = {u for c in chapters for u in c.unit_ids}
        leftover = sorted(set(self.structure.positions["unit_id"]) - covered)
        if leftover:
            chapters.append(_Chapter(_OTHER, _("Positions outside the unit tree"), leftover))
        return chapters

    def chapter_name(self, anchor: str) -> str:
        return next((c.heading for c in self.chapters if c.anchor == anchor), anchor)


def _chapter(book: _Book, chapter: _Chapter, charts: bool) -> tuple[str, str, list[dict[str, Any]]]:
    """One chapter: its chart, duties, staffing table and job cards; its contents entry; its positions listed."""
    positions = book.structure.positions
    order = {u: i for i, u in enumerate(chapter.unit_ids)}
    rows = positions[positions["unit_id"].isin(order)]
    rows = rows.assign(_o=rows["unit_id"].map(order)).sort_values("_o", kind="stable").drop(columns="_o")
    section_id = f"sec-{_slug(chapter.anchor)}"
    parts = [f"<section class='chapter' id='{section_id}'><h2>{_e(chapter.heading)}</h2>"]
    if charts and chapter.anchor not in (_OTHER, book.root):
        parts.append(_chart_figure(book.structure, chapter.anchor, None, f"c-{_slug(chapter.anchor)}"))
    if chapter.anchor != _OTHER:
        parts.append(_duties_table(book, chapter.unit_ids if chapter.anchor != book.root else [book.root]))
    parts.append(_staffing_table(book, rows))
    listed, toc_items = [], []
    for p in rows.itertuples(index=False):
        has = p.position_id in book.descriptions.index
        listed.append({"section": chapter.anchor, "position_id": p.position_id, "title": p.title,
                       "unit_id": p.unit_id, "reports_to": p.reports_to if pd.notna(p.reports_to) else None,
                       "approved": int(p.approved), "filled": int(p.filled), "has_description": has})
        parts.append(_job_card(p, book.unit_name, book.titles, book.descriptions.loc[p.position_id] if has else None))
        marker = "" if has else " <span class='tag-missing'>" + _e(_("(job description not yet written)")) + "</span>"
        toc_items.append(f"<li><a href='#pos-{_slug(p.position_id)}'>{_e(p.title)}</a>{marker}</li>")
    parts.append("</section>")
    toc = (f"<li><a href='#{section_id}'>{_e(chapter.heading)}</a>" + PAGE_OF.format(anchor=section_id, page="")
           + f"<ol>{''.join(toc_items)}</ol></li>")
    return "".join(parts), toc, listed


def _duties_table(book: _Book, unit_ids: list[str]) -> str:
    duties = book.structure.duties
    duties = duties[duties["unit_id"].isin(unit_ids)]
    heading = "<h3>" + _e(_("Duties")) + "</h3>"
    if duties.empty:
        return heading + "<p class='note'>" + _e(_("(no duties are registered for this unit)")) + "</p>"
    return heading + _table(
        [_("Duty id"), _("Duty"), _("Owning unit")],
        [[d.duty_id, d.name, book.unit_name.get(d.unit_id, d.unit_id)] for d in duties.itertuples(index=False)])


def _staffing_table(book: _Book, rows: pd.DataFrame) -> str:
    return "<h3>" + _e(_("Positions and establishment")) + "</h3>" + _table(
        [_("Position"), _("Unit"), _("Reports to"), _("Establishment"), _("In post")],
        [[f"<a href='#pos-{_slug(p.position_id)}'>{_e(p.title)}</a>", _e(book.unit_name.get(p.unit_id, p.unit_id)),
          _e(_title(book.titles, p.reports_to)), int(p.approved), int(p.filled)] for p in rows.itertuples(index=False)],
        raw=True)


def _appendix(book: _Book, missing: pd.DataFrame, unmatched: pd.DataFrame) -> str:
    """The positions still without a job description, and descriptions of positions not in the structure."""
    parts = ["<section class='chapter' id='sec-missing'><h2>" + _e(_("Positions without a job description")) + "</h2>"]
    if len(missing):
        parts.append("<p>" + _e(_("These positions have no job description yet: the departments write them for the "
                                  "approved structure and hand them to the administration department.")) + "</p>"
                     + _table([_("Department"), _("Position id"), _("Position"), _("Unit")],
            [[book.chapter_name(m.section), m.position_id, m.title, book.unit_name.get(m.unit_id, m.unit_id)]
             for m in missing.itertuples(index=False)]))
    else:
        parts.append("<p>" + _e(_("Every position has a job description.")) + "</p>")
    if len(unmatched):
        parts.append("<h3>" + _e(_("Job descriptions of positions not in the structure")) + "</h3>" + _table(
            [_("Position id"), _("Position")],
            [[u.position_id, u.title or ""] for u in unmatched.itertuples(index=False)]))
    parts.append("</section>")
    return "".join(parts)


def _cover(book: _Book, day: _dt.date) -> str:
    """The cover: the company, the structure's name, status and approval, its establishment, the date."""
    info = book.structure.info
    positions = book.structure.positions
    status = _(_STATUS[info.status]) if info.status in _STATUS else info.status
    cover_rows = [(_("Structure"), info.name), (_("Status"), status),
                  (_("Approved by"), info.approved_by or "—"),
                  (_("Approved on"), info.approved_on.isoformat() if info.approved_on else "—"),
                  (_("Establishment"), _("{people} people in {positions} positions").format(
                      people=int(positions["approved"].sum()), positions=len(positions))),
                  (_("Compiled"), _("by the administration department, {day}").format(day=day.isoformat()))]
    return ("<section class='cover'>"
            f"<div class='company'>{_e(book.company)}</div>"
            "<h1>" + _e(_("Organisational structure and job descriptions")) + "</h1>"
            + _table(["", ""], [[k, v] for k, v in cover_rows], header=False)
            + (f"<p class='note'>{_e(info.notes)}</p>" if info.notes else "") + "</section>")


def _job_card(p: Any, unit_name: pd.Series, titles: pd.Series, jd: pd.Series | None) -> str:
    anchor = f"pos-{_slug(p.position_id)}"
    facts = [(_e(_("Unit")), _e(unit_name.get(p.unit_id, p.unit_id))),
             (_e(_("Reports to")), _e(_title(titles, p.reports_to))),
             (_e(_("Establishment / in post")), f"{int(p.approved)} / {int(p.filled)}")]
    if pd.notna(getattr(p, "dotted_line_to", None)):
        facts.append((_e(_("Dotted line to")), _e(_title(titles, p.dotted_line_to))))
    if jd is None:
        facts.append((_e(_("Job description")), "<span class='tag-missing'>"
                      + _e(_("not yet written — the department writes it for the approved structure")) + "</span>"))
        css = "jd missing"
    else:
        css = "jd"
        for label, column in ((_e(_("Duties of the position")), "duties"), (_e(_("Requirements")), "requirements"),
                              (_e(_("Workflow")), "workflow"), (_e(_("Revised on")), "revised_on"),
                              (_e(_("Notes")), "notes")):
            value = jd[column]
            if value is not None and not (isinstance(value, float) and pd.isna(value)):
                facts.append((label, _items(str(value)) if column in ("duties", "requirements") else _e(value)))
    rows = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts)
    return (f"<div class='{css}' id='{anchor}'><h3>{_e(p.title)} <span class='note'>{_e(p.position_id)}</span>"
            f"</h3><dl>{rows}</dl></div>")


def _items(text: str) -> str:
    items = [i for i in _ITEM_SPLIT.split(text.strip()) if i]
    if len(items) <= 1:
        return _e(text)
    return "<ol>" + "".join(f"<li>{_e(i)}</li>" for i in items) + "</ol>"


def _title(titles: pd.Series, position_id: Any) -> str:
    if position_id is None or (isinstance(position_id, float) and pd.isna(position_id)) or position_id is pd.NA:
        return "—"
    return f"{titles.get(position_id, '?')} ({position_id})"


def _table(headers: list[str], rows: list[list[Any]], *, raw: bool = False, header: bool = True) -> str:
    head = "<tr>" + "".join(f"<th>{_e(h)}</th>" for h in headers) + "</tr>" if header else ""
    out = []
    for row in rows:
        cells = []
        for value in row:
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                cells.append(f"<td class='num'>{value}</td>")
            else:
                cells.append(f"<td>{value if raw else _e(value)}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table class='grid'>{head}{''.join(out)}</table>"


def _e(value: Any) -> str:
    return _html.escape("" if value is None else str(value))


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "_", str(text))


def _chart_figure(structure: Structure, unit: str | None, depth: int | None, prefix: str) -> str:
    chart = org_chart(structure, unit=unit, depth=depth)
    return f"<figure class='chart'>{inline_svg(chart.svg, prefix)}<figcaption>{_e(chart.title)}</figcaption></figure>"


def inline_svg(svg: str, prefix: str) -> str:
    """An SVG document made fit to sit inside HTML: no XML prolog, ids prefixed, scaled to the page width.

    Examples
    --------
    >>> inline_svg('<?xml version="1.0"?><svg width="100pt" height="50pt" viewBox="0 0 100 50">'
    ...            '<g id="a"/><use href="#a"/></svg>', "c1")
    '<svg width="100%" style="max-width:100pt" viewBox="0 0 100 50"><g id="c1-a"/><use href="#c1-a"/></svg>'
    """
    svg = re.sub(r"<\?xml[^>]*\?>", "", svg)
    svg = re.sub(r"<!DOCTYPE[^>]*>", "", svg, flags=re.S)
    svg = re.sub(r"<!--.*?-->", "", svg, flags=re.S).strip()
    svg = re.sub(r'\sid="([^"]+)"', lambda m: f' id="{prefix}-{m.group(1)}"', svg)
    svg = re.sub(r'(href|xlink:href)="#([^"]+)"', lambda m: f'{m.group(1)}="#{prefix}-{m.group(2)}"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}-{m.group(1)})", svg)
    head_end = svg.index(">")
    width = re.search(r'\swidth="([0-9.]+)(pt|px)?"', svg[:head_end])
    head = re.sub(r'\s(width|height)="[^"]*"', "", svg[:head_end])
    style = f' style="max-width:{width.group(1)}{width.group(2) or "px"}"' if width else ""
    return head.replace("<svg", f'<svg width="100%"{style}', 1) + svg[head_end:]


# ----------------------------------------------------------------------- PDF
def pdf_renderer() -> str | None:
    """The HTML → PDF renderer available here: ``"weasyprint"``, the path of a Chromium/Chrome, or ``None``."""
    try:
        import weasyprint  # noqa: F401

        return "weasyprint"
    except Exception:  # ImportError, or OSError when its system libraries are missing
        pass
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome", "msedge"):
        found = shutil.which(name)
        if found:
            return found
    return None


def html_to_pdf(document: str, *, renderer: str | None = None) -> bytes:
    """Render an HTML document to PDF bytes with WeasyPrint or a headless Chromium.

    Raises
    ------
    NoPdfRendererError
        If no renderer is installed.
    OrgPlanError
        If the renderer fails (its message is included).
    """
    renderer = renderer or pdf_renderer()
    if renderer is None:
        raise NoPdfRendererError(
            _("No PDF renderer is installed: install WeasyPrint (pip install weasyprint) or Chromium "
              "(apt-get install chromium), or open the HTML handbook in a browser and print it to PDF (A4)."))
    if renderer == "weasyprint":
        import weasyprint

        return weasyprint.HTML(string=document).write_pdf()
    with tempfile.TemporaryDirectory() as tmp:
        source, target = Path(tmp) / "handbook.html", Path(tmp) / "handbook.pdf"
        source.write_text(document, encoding="utf-8")
        try:
            run = subprocess.run([renderer, "--headless", "--disable-gpu", "--no-sandbox", "--no-pdf-header-footer",
                                  f"--print-to-pdf={target}", source.as_uri()],
                                 capture_output=True, text=True, timeout=180)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise OrgPlanError(_("{renderer} could not print the handbook to PDF: {error}").format(
                renderer=renderer, error=exc)) from None
        if run.returncode != 0 or not target.exists():
            raise OrgPlanError(_("{renderer} could not print the handbook to PDF (exit {code}): {error}").format(
                renderer=renderer, code=run.returncode, error=run.stderr.strip()[-500:]))
        return target.read_bytes()
