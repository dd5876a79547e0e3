"""The pieces the organisation booklet is laid out with: print CSS, tables, job cards, chapters — all escaped.

Every value that comes from the company's data goes through :func:`e`
(``html.escape``) here, once, so a unit named ``<script>…</script>`` prints
as text.

Examples
--------
>>> table_html(["单位", "编制"], [["<b>销售部</b>", 40]])
"<table class='grid'><tr><th>单位</th><th>编制</th></tr><tr><td>&lt;b&gt;销售部&lt;/b&gt;</td><td class='num'>40</td></tr></table>"
>>> money(346500.0)
'346,500'
"""

from __future__ import annotations

import html
import re
from typing import Any, Mapping, Sequence

import pandas as pd

from orgplan.i18n import Translator
from orgplan.model.structure import Structure
from orgplan.render.chart_pages import chart_pages
from orgplan.render.handbook import inline_svg
from orgplan.render.pdf_pages import PAGE_OF

_ = Translator("booklet")

__all__ = ["BOOKLET_CSS", "e", "slug", "money", "table_html", "chapter", "toc_entry", "chart_page_sections",
           "job_card"]

BOOKLET_CSS = """
@page { size: A4; margin: 16mm 14mm 16mm 14mm;
        @bottom-center { content: counter(page); font-size: 9pt; color: #555; } }
@page :first { @bottom-center { content: none; } }
@page wide { size: A4 landscape; margin: 12mm 12mm 14mm 12mm; }
@page chart-portrait { size: A4 portrait; margin: 0; }
@page chart-landscape { size: A4 landscape; margin: 0; }
section.chart-portrait { page: chart-portrait; break-before: page; }
section.chart-landscape { page: chart-landscape; break-before: page; }
section.chart-portrait svg { display: block; width: 210mm; height: 296mm; }
section.chart-landscape svg { display: block; width: 297mm; height: 209mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei",
       "Microsoft YaHei", "PingFang SC", "Noto Sans CJK TC", sans-serif;
       font-size: 10pt; line-height: 1.5; color: #222; margin: 0; }
h1, h2, h3 { line-height: 1.3; }
h2 { border-bottom: 2px solid #1F4E79; color: #1F4E79; padding-bottom: 1.5mm; margin: 0 0 4mm 0; font-size: 16pt; }
h3 { margin: 5mm 0 2mm 0; color: #1F4E79; font-size: 12pt; break-after: avoid; }
.cover { height: 255mm; display: flex; flex-direction: column; justify-content: center; text-align: center; }
.cover .company { font-size: 18pt; letter-spacing: 0.15em; }
.cover h1 { font-size: 32pt; margin: 10mm 0 4mm 0; color: #1F4E79; }
.cover .subtitle { font-size: 11pt; color: #555; margin-bottom: 12mm; }
table.cover-facts { margin: 0 auto; border-collapse: collapse; text-align: left; font-size: 11pt; }
table.cover-facts td { padding: 2mm 5mm; border-bottom: 1px solid #ccc; }
section.chapter { break-before: page; }
section.wide { page: wide; }
ol.toc { list-style: none; padding: 0; font-size: 11pt; }
ol.toc li { display: flex; align-items: baseline; margin: 2.2mm 0; }
ol.toc a { color: #222; text-decoration: none; }
ol.toc .dots { flex: 1; border-bottom: 1px dotted #888; margin: 0 2mm; }
ol.toc .page-of { min-width: 8mm; text-align: right; }
table.grid { border-collapse: collapse; width: 100%; margin: 2mm 0 4mm 0; font-size: 9pt; }
table.grid th, table.grid td { border: 1px solid #bbb; padding: 0.8mm 1.6mm; vertical-align: top; text-align: left; }
table.grid th { background: #D9E1F2; }
table.grid td.num { text-align: right; white-space: nowrap; }
table.grid tr { break-inside: avoid; }
table.small { font-size: 8pt; }
table.matrix { width: auto; font-size: 8pt; break-inside: avoid; }
table.matrix th.v { writing-mode: vertical-rl; text-align: left; padding: 1.5mm 0.6mm; white-space: nowrap; }
table.matrix td { text-align: center; min-width: 5mm; }
table.matrix td:first-child { text-align: left; white-space: nowrap; }
tr.flag td { background: #FDE9E0; }
figure.chart { margin: 0; text-align: center; break-inside: avoid; }
figure.chart svg { width: 100%; height: auto; max-height: 165mm; }
section.wide figure.chart svg { max-height: 160mm; }
figure.chart figcaption { font-size: 8.5pt; color: #555; }
.jd { border: 1px solid #bbb; border-left: 4px solid #1F4E79; padding: 2.5mm 3.5mm; margin: 3mm 0;
      break-inside: avoid; }
.jd.unwritten { border-left-color: #7F7F7F; background: #F4F4F4; }
.jd h3 { margin: 0 0 1.5mm 0; }
.jd dl { display: grid; grid-template-columns: 22mm 1fr; gap: 0.8mm 3mm; margin: 0; }
.jd dt { font-weight: bold; color: #444; }
.jd dd { margin: 0; }
.jd dd ol { margin: 0; padding-left: 5mm; }
.jd .changes { margin-top: 1.5mm; padding: 1.5mm 2.5mm; background: #EEF3FA; font-size: 8.5pt; }
.jd .changes ins { text-decoration: none; color: #1D6B2F; }
.jd .changes del { color: #A33; }
.tag { font-size: 8.5pt; color: #555; font-weight: normal; }
.note { color: #555; font-size: 8.5pt; }
.warn { color: #A33; font-weight: bold; }
"""


def e(value: Any) -> str:
    """A value as HTML text, escaped (``None`` → empty)."""
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return ""
    return html.escape(str(value))


def slug(text: Any) -> str:
    """An ASCII anchor made of an id (the PDF's destination names stay plain)."""
    return re.sub(r"[^A-Za-z0-9_-]+", "_", str(text))


def money(value: Any) -> str:
    """A money figure with thousands separators, no decimals."""
    return f"{float(value):,.0f}"


def table_html(headers: Sequence[Any], rows: Sequence[Sequence[Any]], *, header: bool = True, css: str = "grid",
               numeric_from: int | None = None, flagged: Sequence[bool] | None = None,
               vertical_head: bool = False) -> str:
    """A table, every cell escaped; whole numbers (and columns from ``numeric_from``) right-aligned."""
    head = ""
    if header:
        cells = "".join(f"<th class='v'>{e(h)}</th>" if vertical_head and i else f"<th>{e(h)}</th>"
                        for i, h in enumerate(headers))
        head = f"<tr>{cells}</tr>"
    body = []
    for n, row in enumerate(rows):
        cells = []
        for i, value in enumerate(row):
            numeric = (isinstance(value, (int, float)) and not isinstance(value, bool)) or (
                numeric_from is not None and i >= numeric_from)
            cells.append(f"<td class='num'>{e(value)}</td>" if numeric else f"<td>{e(value)}</td>")
        flag = " class='flag'" if flagged is not None and flagged[n] else ""
        body.append(f"<tr{flag}>{''.join(cells)}</tr>")
    return f"<table class='{css}'>{head}{''.join(body)}</table>"


def chapter(anchor: str, heading: str, content: str, *, wide: bool = False) -> str:
    """One chapter, starting a new page (a landscape one when ``wide``)."""
    css = "chapter wide" if wide else "chapter"
    return f"<section class='{css}' id='{anchor}'><h2>{e(heading)}</h2>{content}</section>"


def toc_entry(anchor: str, heading: str) -> str:
    """A line of the contents: the heading, a dotted leader, the page (filled in by the second PDF pass)."""
    return (f"<li><a href='#{anchor}'>{e(heading)}</a><span class='dots'></span>"
            + PAGE_OF.format(anchor=anchor, page="") + "</li>")


def chart_page_sections(structure: Structure, unit: str | None, depth: int | None, prefix: str, anchor: str) -> str:
    """A chart on whole A4 pages, printed at its natural size (text never under 7 pt), as the charts draw it
    (:func:`orgplan.render.chart_pages.chart_pages`: split over pages with a key when it does not fit one)."""
    book = chart_pages(structure, unit=unit, depth=depth, paper="A4")
    css = "chart-landscape" if book.orientation == "landscape" else "chart-portrait"
    parts = []
    for number, page in enumerate(book.pages):
        ident = f" id='{anchor}'" if number == 0 else ""
        parts.append(f"<section class='{css}'{ident}>{inline_svg(page.svg, f'{prefix}-{number}')}</section>")
    return "".join(parts)


_SPLIT = re.compile(r"\s*(?:\r?\n|；|;)\s*")


def _items(text: Any) -> str:
    items = [i for i in _SPLIT.split(str(text).strip()) if i]
    if len(items) <= 1:
        return e(text)
    return "<ol>" + "".join(f"<li>{e(i)}</li>" for i in items) + "</ol>"


def _given(value: Any) -> bool:
    return value is not None and not (isinstance(value, float) and value != value) and value is not pd.NA \
        and str(value).strip() != ""


def _title(titles: pd.Series, position_id: Any) -> str:
    return f"{titles.get(position_id, '?')}（{position_id}）" if _given(position_id) else "—"


def job_card(position: Mapping[str, Any], unit_names: pd.Series, titles: pd.Series, jd: pd.Series | None,
             change: pd.Series | None) -> str:
    """A position's job description, with the facts from the structure and what changed since last year."""
    p = position
    facts = [(_("Unit"), e(unit_names.get(p["unit_id"], p["unit_id"]))),
             (_("Reports to"), e(_title(titles, p.get("reports_to")))),
             (_("Establishment / in post"), f"{int(p['approved'])} / {int(p['filled'])}")]
    if _given(p.get("dotted_line_to")):
        facts.append((_("Dotted line to"), e(_title(titles, p.get("dotted_line_to")))))
    css = "jd"
    if jd is None:
        css = "jd unwritten"
        facts.append((_("Job description"), e(_("not yet written — the department writes it for the approved "
                                                 "structure"))))
    else:
        for label, column in ((_("Duties"), "duties"), (_("Requirements"), "requirements"),
                              (_("Workflow"), "workflow"), (_("Revised on"), "revised_on")):
            if _given(jd.get(column)):
                facts.append((label, _items(jd[column]) if column in ("duties", "requirements") else e(jd[column])))
    rows = "".join(f"<dt>{e(k)}</dt><dd>{v}</dd>" for k, v in facts)
    return (f"<div class='{css}' id='pos-{slug(p['position_id'])}'><h3>{e(p['title'])} "
            f"<span class='tag'>{e(p['position_id'])}</span></h3><dl>{rows}</dl>{_changes(change)}</div>")


def _changes(change: pd.Series | None) -> str:
    """What changed in the description since last year, as a short block (nothing when unchanged)."""
    if change is None:
        return ""
    status = change["status"]
    if status == "new":
        return "<div class='changes'>" + e(_("New position this year.")) + "</div>"
    if status != "changed":
        return "<div class='changes'>" + e(_("Unchanged since last year.")) + "</div>"
    lines = []
    if change["duties_added"]:
        lines.append(e(_("Duties added: ")) + "；".join(f"<ins>＋{e(d)}</ins>" for d in change["duties_added"]))
    if change["duties_removed"]:
        lines.append(e(_("Duties removed: ")) + "；".join(f"<del>{e(d)}</del>" for d in change["duties_removed"]))
    if _given(change.get("reports_to_old")) or _given(change.get("reports_to_new")):
        lines.append(e(_("Reports to: {old} → {new}").format(old=change.get("reports_to_old") or "—",
                                                               new=change.get("reports_to_new") or "—")))
    if change["requirements_added"] or change["requirements_removed"]:
        lines.append(e(_("Requirements: ")) + "；".join(
            [f"<del>{e(d)}</del>" for d in change["requirements_removed"]]
            + [f"<ins>＋{e(d)}</ins>" for d in change["requirements_added"]]))
    if _given(change.get("workflow_old")) or _given(change.get("workflow_new")):
        lines.append(e(_("Workflow revised (last year: {old}).").format(old=change.get("workflow_old") or "—")))
    if _given(change.get("title_old")):
        lines.append(e(_("Title last year: {old}.").format(old=change["title_old"])))
    return ("<div class='changes'><b>" + e(_("Changes from last year")) + "</b><br>" + "<br>".join(lines)
            + "</div>")
