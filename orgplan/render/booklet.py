"""The year's organisation booklet (组织手册): everything the admin department compiles for the GM, in one PDF.

The seed's administration plan ends with one deliverable by the end of
March: the company's and each department's org charts, the staffing plan,
the duties and every position's job description, compiled into a booklet
(整理成册). :func:`make_booklet` builds it from a year's folder
(:func:`read_year_folder`: the approved structure and the tables beside it):

1. cover, and the approval record: who approved and when, the checks, every
   review comment with its resolution and whether the structure carries it;
2. contents with page numbers;
3. the company chart;
4. the staffing plan (编制方案): establishment, in post, vacancy and cost per
   department and per position, and the changes from last year with their
   reasons;
5. leadership posts (领导职数) against the rule of size;
6. duties: who owns each, and per department the duty × position matrix;
7. the authority table (权责表);
8. per department its chart and every job description, with what changed
   since last year's version;
9. the job descriptions unchanged, new, removed and still missing.

:meth:`Booklet.save` writes ``.html`` or ``.pdf`` (headless Chromium, the
contents' page numbers filled in by a second pass: :mod:`orgplan.render.pdf_pages`;
the Chinese font is embedded); :meth:`Booklet.save_tables` writes the Excel
tables behind it as one ``.zip``. Every word of the booklet is in the
language in force; the company's own text (names, duties) is printed as
written, escaped.

Examples
--------
>>> from orgplan import sample_path
>>> book = make_booklet(read_year_folder(sample_path("approved-2027")), compiled_on="2027-03-31", charts=False)
>>> sorted(book.tables)[:3]
['authority', 'changes', 'comments']
>>> "<span class=\\"page-of\\"" in book.html
True
"""

from __future__ import annotations

import datetime as _dt
import io
import os
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from orgplan.errors import ParameterError
from orgplan.i18n import Translator, get_language
from orgplan.model.io import read_structure
from orgplan.model.structure import Structure, status_words
from orgplan.organisation.authority import (authority_display, duty_matrix, position_duties_display, read_authority,
                                            read_position_duties)
from orgplan.organisation.checks import check
from orgplan.organisation.establishment import (changes_for_people, changes_from_last_year,
                                                establishment_by_position, establishment_by_unit,
                                                establishment_display)
from orgplan.organisation.leadership import (LeadershipRules, leadership_display, leadership_posts,
                                             read_leadership_rules)
from orgplan.organisation.review import comments_table, honoured_comments, read_comments
from orgplan.render.booklet_parts import (BOOKLET_CSS, chapter, chart_page_sections, e, job_card, money, slug,
                                          table_html, toc_entry)
from orgplan.render.cjk_font import use_bundled_font_for_graphviz
from orgplan.render.handbook import html_to_pdf, pdf_renderer
from orgplan.render.pdf_pages import pdf_with_page_numbers
from orgplan.tables.cells import parse_date
from orgplan.tables.io import atomic_path, write_workbook
from orgplan.yearplan.job_descriptions import (compare_job_descriptions, job_description_changes_display,
                                               read_job_descriptions)

_ = Translator("booklet")

__all__ = ["YearFolder", "read_year_folder", "Booklet", "make_booklet"]


@dataclass(frozen=True)
class YearFolder:
    """What a booklet is made of: the year's structure and the tables beside it, and last year's.

    Every table but the structure is optional (``None``: that part of the
    booklet says it is missing).
    """

    structure: Structure
    job_descriptions: pd.DataFrame | None = None
    position_duties: pd.DataFrame | None = None
    authority: pd.DataFrame | None = None
    leadership: LeadershipRules = field(default_factory=LeadershipRules)
    comments: pd.DataFrame | None = None
    previous: Structure | None = None
    previous_job_descriptions: pd.DataFrame | None = None


def _beside(folder: Path, name: str) -> Path | None:
    path = folder / name
    return path if path.exists() else None


def read_year_folder(folder: str | os.PathLike, *, previous: str | os.PathLike | None = None,
                     comments: str | os.PathLike | None = None) -> YearFolder:
    """Read a year's folder: the structure and ``job_descriptions.csv``, ``position_duties.csv``,
    ``authority.csv``, ``leadership.yaml`` beside it; last year's structure and job descriptions.

    Parameters
    ----------
    folder : path
        The (approved) structure's folder, e.g. ``data/approved-2027``.
    previous : path, optional
        Last year's structure folder. Default: a folder beside ``folder``
        named ``as-is-YYYY`` for the year before (``as-is-2026``), if any.
    comments : path, optional
        The review comments. Default: ``review-comments-YYYY.csv`` beside
        ``folder``, if any.

    Raises
    ------
    FileNotFoundError, DataError
        A file that is there but cannot be read, with its rows and columns.
    """
    folder = Path(folder)
    structure = read_structure(folder)
    year = next((int(part) for part in reversed(folder.name.replace("_", "-").split("-")) if part.isdigit()), None)
    if previous is None and year is not None:
        previous = _beside(folder.parent, f"as-is-{year - 1}")
    if comments is None and year is not None:
        comments = _beside(folder.parent, f"review-comments-{year}.csv")
    jd, pd_, au = (_beside(folder, n) for n in ("job_descriptions.csv", "position_duties.csv", "authority.csv"))
    rules = _beside(folder, "leadership.yaml")
    old = read_structure(previous) if previous is not None else None
    old_jd = _beside(Path(previous), "job_descriptions.csv") if previous is not None else None
    return YearFolder(
        structure=structure,
        job_descriptions=read_job_descriptions(jd) if jd else None,
        position_duties=read_position_duties(pd_) if pd_ else None,
        authority=read_authority(au) if au else None,
        leadership=read_leadership_rules(rules) if rules else LeadershipRules(),
        comments=read_comments(comments) if comments is not None else None,
        previous=old, previous_job_descriptions=read_job_descriptions(old_jd) if old_jd else None)


@dataclass(frozen=True)
class Booklet:
    """The compiled booklet: its HTML and the tables behind it (machine columns, by name)."""

    html: str = field(repr=False)
    tables: dict[str, pd.DataFrame] = field(repr=False)
    display_tables: dict[str, pd.DataFrame] = field(repr=False)
    title: str
    #: What should be fixed before the booklet goes out, in sentences (empty when nothing)
    problems: tuple[str, ...] = ()

    def save(self, path: str | os.PathLike) -> Path:
        """Write ``.html``, or ``.pdf`` with the contents' page numbers (headless Chromium), atomically."""
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix in (".html", ".htm"):
            with atomic_path(path) as tmp:
                tmp.write_text(self.html, encoding="utf-8")
            return path
        if suffix != ".pdf":
            raise ParameterError(_("The 'path' parameter of Booklet.save must end in .pdf or .html. "
                                   "Got {value} instead.").format(value=repr(str(path))))
        use_bundled_font_for_graphviz()  # Chromium finds the bundled Noto Sans CJK through the same fontconfig
        pdf, _pages = pdf_with_page_numbers(self.html, html_to_pdf)
        with atomic_path(path) as tmp:
            tmp.write_bytes(pdf)
        return path

    def save_pdf_if_possible(self, path: str | os.PathLike) -> str:
        """Write the PDF where Chromium is installed; say what was done, in the language in force."""
        if pdf_renderer() is None:
            return _("No PDF renderer is installed (Chromium): save the booklet as .html and print it from a "
                     "browser on A4.")
        return _("Wrote {path}.").format(path=self.save(path))

    def save_tables(self, path: str | os.PathLike) -> Path:
        """Write the tables behind the booklet, one Excel workbook each (headers in words), as one ``.zip``."""
        path = Path(path)
        if path.suffix.lower() != ".zip":
            raise ParameterError(_("The 'path' parameter of Booklet.save_tables must end in .zip. "
                                   "Got {value} instead.").format(value=repr(str(path))))
        buffer = io.BytesIO()
        with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for number, (name, frame) in enumerate(self.display_tables.items(), start=1):
                file = Path(tmp) / f"{number:02d}-{name}.xlsx"
                write_workbook({name: frame}, file)
                archive.write(file, file.name)
        with atomic_path(path) as tmp_path:
            tmp_path.write_bytes(buffer.getvalue())
        return path

    def _repr_html_(self) -> str:
        return "<p><b>" + e(self.title) + "</b> — " + e(_("Save it with .save('booklet.pdf').")) + "</p>"


# ------------------------------------------------------------------ building
def make_booklet(source: YearFolder, *, compiled_on: Any = None, charts: bool = True) -> Booklet:
    """Compile the booklet of a year.

    Parameters
    ----------
    source : YearFolder
        From :func:`read_year_folder`.
    compiled_on : date or str, optional
        Printed on the cover (default today).
    charts : bool, default True
        Draw the company chart and one per department (``False``: faster, for tests).

    Returns
    -------
    Booklet
    """
    day = _dt.date.today() if compiled_on is None else parse_date(compiled_on)
    if day is None:
        raise ParameterError(_("The 'compiled_on' parameter of make_booklet must be a date such as '2027-03-31'. "
                               "Got {value} instead.").format(value=repr(compiled_on)))
    s = source.structure
    tables = _tables(source)
    company = _company(s)
    year = str(s.info.approved_on.year) if s.info.approved_on else str(day.year)
    title = _("{company} — organisation booklet {year}").format(company=company, year=year)
    findings = check(s, position_duties=source.position_duties, authority=source.authority,
                     leadership=source.leadership)
    chapters = [("sec-approval", _("Approval record"), chapter("sec-approval", _("Approval record"),
                                                              _approval(source, tables, day, findings))),
                ("sec-staffing", _("Staffing plan"), chapter("sec-staffing", _("Staffing plan"),
                                                             _staffing(source, tables))),
                ("sec-leadership", _("Leadership posts"), chapter("sec-leadership", _("Leadership posts"),
                                                                  _leadership(source, tables))),
                ("sec-duties", _("Duties of the units and positions"),
                 chapter("sec-duties", _("Duties of the units and positions"), _duties(source))),
                ("sec-authority", _("Authority table"), chapter("sec-authority", _("Authority table"),
                                                                _authority(source)))]
    if charts:  # the company with its departments folded: each department has its own chart further on
        chapters.insert(1, ("sec-company-chart", _("Company chart"),
                            chart_page_sections(s, None, 1, "c-company", "sec-company-chart")))
    roots = s.units.loc[s.units["parent_id"].isna(), "unit_id"].tolist()
    if roots:  # the company's own positions (general manager …) first
        heading = _("{company} (company leadership)").format(company=company)
        anchor = f"sec-{slug(roots[0])}"
        chapters.append((anchor, heading, chapter(anchor, heading, _department(source, tables, roots[0],
                                                                                own_only=True))))
    for unit_id, name in _departments(s):
        anchor = f"sec-{slug(unit_id)}"
        cards = _department(source, tables, unit_id)
        if charts:
            chapters.append((anchor, name, chart_page_sections(s, unit_id, None, f"c-{slug(unit_id)}", anchor)
                             + chapter(f"jd-{slug(unit_id)}", name, cards)))
        else:
            chapters.append((anchor, name, chapter(anchor, name, cards)))
    chapters.append(("sec-jd-summary", _("Job descriptions: unchanged, new, removed, missing"),
                     chapter("sec-jd-summary", _("Job descriptions: unchanged, new, removed, missing"),
                             _jd_summary(tables))))
    body = "".join(html for _anchor, _heading, html in chapters)
    contents = ("<section class='chapter toc'><h2>" + e(_("Contents")) + "</h2><ol class='toc'>"
                + "".join(toc_entry(anchor, heading) for anchor, heading, _content in chapters) + "</ol></section>")
    document = (f"<!DOCTYPE html><html lang='{get_language()}'><head><meta charset='utf-8'><title>{e(title)}</title>"
                f"<style>{BOOKLET_CSS}</style></head><body>{_cover(source, company, year, day)}{contents}{body}"
                "</body></html>")
    return Booklet(html=document, tables=tables, display_tables=_display_tables(source, tables), title=title,
                   problems=_problems(findings, tables))


def _problems(findings: pd.DataFrame, tables: dict[str, pd.DataFrame]) -> tuple[str, ...]:
    out = []
    errors = int((findings["severity"] == "error").sum())
    if errors:
        out.append(_.ngettext("The checks find {count} error; the booklet's approval record lists it.",
                              "The checks find {count} errors; the booklet's approval record lists them.",
                              errors).format(count=errors))
    if "honoured" in tables:
        for row in tables["honoured"].itertuples(index=False):
            if not row.honoured:
                out.append(_("Comment {id} was accepted but is not carried out in the structure: {difference}.").format(
                    id=row.comment_id, difference=row.difference))
    return tuple(out)


def _company(s: Structure) -> str:
    roots = s.units.loc[s.units["parent_id"].isna(), "name"]
    return str(roots.iat[0]) if len(roots) else s.name


def _departments(s: Structure) -> list[tuple[str, str]]:
    units = s.units
    roots = set(units.loc[units["parent_id"].isna(), "unit_id"])
    below = units[units["parent_id"].isin(roots)]
    return list(zip(below["unit_id"], below["name"].astype(str)))


def _tables(source: YearFolder) -> dict[str, pd.DataFrame]:
    s = source.structure
    tables = {"units": establishment_by_unit(s), "positions": establishment_by_position(s),
              "leadership": leadership_posts(s, source.leadership), "duties": s.duties.copy()}
    if source.previous is not None:
        tables["changes"] = changes_from_last_year(source.previous, s, source.comments)
    if source.authority is not None:
        tables["authority"] = source.authority
    if source.position_duties is not None:
        tables["position_duties"] = source.position_duties
    if source.job_descriptions is not None:
        tables["job_descriptions"] = source.job_descriptions
        if source.previous_job_descriptions is not None:
            tables["jd_changes"] = compare_job_descriptions(
                source.previous_job_descriptions, source.job_descriptions, old_structure=source.previous,
                new_structure=s)
    if source.comments is not None:
        tables["comments"] = source.comments
        tables["honoured"] = honoured_comments(s, source.comments)
    return tables


def _display_tables(source: YearFolder, tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    s = source.structure
    out = {_("Staffing plan by unit"): establishment_display(tables["units"]),
           _("Staffing plan by position"): establishment_display(tables["positions"]),
           _("Leadership posts"): leadership_display(tables["leadership"], s)}
    if "changes" in tables:
        out[_("Changes from last year")] = establishment_display(changes_for_people(tables["changes"]))
    if "position_duties" in tables:
        out[_("Duty × position matrix")] = position_duties_display(
            duty_matrix(s, tables["position_duties"]), s).reset_index()
    if "authority" in tables:
        out[_("Authority table")] = authority_display(tables["authority"], s)
    if "job_descriptions" in tables:
        out[_("Job descriptions")] = tables["job_descriptions"]
    if "jd_changes" in tables:
        out[_("Job description changes")] = job_description_changes_display(tables["jd_changes"])
    if "comments" in tables:
        out[_("Review comments")] = comments_table(tables["comments"])
    return out


# ------------------------------------------------------------------ the parts
def _cover(source: YearFolder, company: str, year: str, day: _dt.date) -> str:
    s = source.structure
    info = s.info
    positions = s.positions
    rows = [(_("Structure"), info.name), (_("Status"), status_words(info.status)),
            (_("Approved by"), info.approved_by or "—"),
            (_("Approved on"), info.approved_on.isoformat() if info.approved_on else "—"),
            (_("Establishment"), _("{people} people in {positions} positions, {units} units").format(
                people=int(positions["approved"].sum()), positions=len(positions), units=len(s.units))),
            (_("Compiled"), _("by the administration department, {day}").format(day=day.isoformat()))]
    return ("<section class='cover'>"
            f"<div class='company'>{e(company)}</div>"
            "<h1>" + e(_("Organisation booklet {year}").format(year=year)) + "</h1>"
            "<div class='subtitle'>" + e(_("Org charts · staffing plan · leadership posts · duties and authority · "
                                           "job descriptions")) + "</div>"
            + table_html(["", ""], [[k, v] for k, v in rows], header=False, css="cover-facts")
            + (f"<p class='note'>{e(info.notes)}</p>" if info.notes else "") + "</section>")


def _approval(source: YearFolder, tables: dict[str, pd.DataFrame], day: _dt.date, findings: pd.DataFrame) -> str:
    s = source.structure
    info = s.info
    parts = [table_html([_("Step"), _("By"), _("Date")], [
        [_("Compiled"), _("Administration department"), day.isoformat()],
        [_("Reviewed"), _("Department heads (review comments below)"), "—"],
        [_("Approved"), info.approved_by or "—", info.approved_on.isoformat() if info.approved_on else "—"]])]
    errors, warnings = int((findings["severity"] == "error").sum()), int((findings["severity"] == "warning").sum())
    parts.append("<h3>" + e(_("Checks")) + "</h3><p>" + e(_("The checks of the structure, duties, authority table "
                                                            "and leadership posts find {errors} errors and {warnings} "
                                                            "warnings.").format(errors=errors, warnings=warnings))
                 + "</p>")
    if len(findings):
        parts.append(table_html([_("Severity"), _("Rule"), _("Finding")],
                                [[r.severity, r.rule, r.message] for r in findings.itertuples(index=False)]))
    if "comments" in tables:
        parts.append("<h3>" + e(_("Review comments")) + "</h3>" + _comments(tables))
    return "".join(parts)


def _comments(tables: dict[str, pd.DataFrame]) -> str:
    honoured = tables["honoured"].set_index("comment_id")
    shown = comments_table(tables["comments"], ["comment_id", "department", "comment", "resolution", "response"])
    rows, flags = [], []
    for (record, code) in zip(shown.values.tolist(), tables["comments"]["comment_id"]):
        if code in honoured.index:
            ok = bool(honoured.at[code, "honoured"])
            record.append(_("carried out") if ok else _("NOT carried out: {difference}").format(
                difference=honoured.at[code, "difference"]))
            flags.append(not ok)
        else:
            record.append("—")
            flags.append(False)
        rows.append(record)
    html = table_html([*shown.columns, _("In the structure")], rows, flagged=flags)
    if any(flags):
        html = ("<p class='warn'>" + e(_("An accepted comment is not carried out in the approved structure: make the "
                                         "change, or record the GM's new decision, before the booklet goes out."))
                + "</p>" + html)
    return html


def _staffing(source: YearFolder, tables: dict[str, pd.DataFrame]) -> str:
    units = tables["units"]
    units = units[units["level"] <= 2]
    posts = tables["leadership"].set_index("unit_id")
    head = [_("Unit"), _("Positions"), _("Establishment"), _("In post"), _("Vacancy"), _("Over"),
            _("Leadership posts (head / deputy)"), _("Monthly cost"), _("Annual cost")]
    rows = [[("　" if r.level > 1 else "") + str(r.name), int(r.positions), int(r.approved), int(r.filled),
             int(r.vacancy), int(r.over_establishment), _posts(posts, r.unit_id), money(r.monthly_cost),
             money(r.annual_cost)] for r in units.itertuples(index=False)]
    parts = ["<p class='note'>" + e(_("Costs are the establishment's: approved seats × the position's monthly cost "
                                      "per head. Leadership posts: in the structure (allowed by the rule of size); "
                                      "see the chapter on leadership posts.")) + "</p>",
             table_html(head, rows, numeric_from=1)]
    positions = tables["positions"]
    parts.append("<h3>" + e(_("By position")) + "</h3>" + table_html(
        [_("Department"), _("Section / team"), _("Position"), _("Establishment"), _("In post"), _("Vacancy"),
         _("Cost per head"), _("Monthly cost")],
        [[r.department, r.name, r.title, int(r.approved), int(r.filled), int(r.vacancy), money(r.cost_per_head),
          money(r.monthly_total)] for r in positions.itertuples(index=False)], numeric_from=3, css="grid small"))
    if "changes" in tables:
        parts.append("<h3 id='sec-changes'>" + e(_("Changes from last year")) + "</h3>")
        shown = establishment_display(changes_for_people(tables["changes"]))
        parts.append(table_html(list(shown.columns), shown.fillna("").values.tolist(), css="grid small"))
    return "".join(parts)


def _posts(posts: pd.DataFrame, unit_id: str) -> str:
    """``1 / 0`` posts, with the allowed ``(1 / 1)`` beside."""
    if unit_id not in posts.index:
        return "—"
    p = posts.loc[unit_id]
    return f"{int(p['heads'])} / {int(p['deputies'])}（{int(p['heads_allowed'])} / {int(p['deputies_allowed'])}）"


def _leadership(source: YearFolder, tables: dict[str, pd.DataFrame]) -> str:
    posts = tables["leadership"]
    shown = leadership_display(posts, source.structure)
    intro = _("Head posts are the positions that manage someone and report outside their unit; deputy posts are "
              "the positions whose title holds {words}. The rule of size is leadership.yaml beside the "
              "structure (or orgplan's default).").format(words="、".join(source.leadership.deputy_words))
    return ("<p class='note'>" + e(intro) + "</p>"
            + table_html(list(shown.columns), shown.values.tolist(), flagged=list(posts["over"]), css="grid small"))


def _duties(source: YearFolder) -> str:
    s = source.structure
    names = s.units.set_index("unit_id")["name"]
    titles = s.positions.set_index("position_id")["title"]
    leads: dict[str, list[str]] = {}
    if source.position_duties is not None:
        for r in source.position_duties.itertuples(index=False):
            if r.role == "lead":
                leads.setdefault(r.duty_id, []).append(str(titles.get(r.position_id, r.position_id)))
    rows = [[d.duty_id, d.name, names.get(d.unit_id, d.unit_id) if isinstance(d.unit_id, str) else "—",
             "、".join(leads.get(d.duty_id, [])) or "—"] for d in s.duties.itertuples(index=False)]
    parts = [table_html([_("Duty id"), _("Duty"), _("Owning unit"), _("Lead position")], rows)]
    if source.position_duties is None:
        parts.append("<p class='note'>" + e(_("No position_duties.csv beside the structure: the duty × position "
                                              "matrix is left out.")) + "</p>")
        return "".join(parts)
    parts.append("<p class='note'>" + e(_("● leads the duty (主责), ○ supports it (协助).")) + "</p>")
    for unit_id, name in _departments(s):
        matrix = duty_matrix(s, source.position_duties, unit=unit_id)
        if matrix.empty:
            continue
        shown = position_duties_display(matrix, s)
        parts.append("<h3>" + e(name) + "</h3>" + table_html(
            [_("Duty"), *shown.columns], [[i, *row] for i, row in zip(shown.index, shown.values.tolist())],
            css="grid matrix", vertical_head=True))
    return "".join(parts)


def _authority(source: YearFolder) -> str:
    if source.authority is None:
        return "<p class='note'>" + e(_("No authority.csv beside the structure.")) + "</p>"
    shown = authority_display(source.authority, source.structure)
    return table_html(list(shown.columns), shown.fillna("").values.tolist(), css="grid small")


def _department(source: YearFolder, tables: dict[str, pd.DataFrame], unit_id: str, *, own_only: bool = False) -> str:
    s = source.structure
    parts = []
    units = [unit_id] if own_only else s.subunits(unit_id)
    positions = s.positions[s.positions["unit_id"].isin(units)]
    order = {u: i for i, u in enumerate(units)}
    positions = positions.assign(_o=positions["unit_id"].map(order)).sort_values("_o", kind="stable")
    described = tables.get("job_descriptions")
    described = described.set_index("position_id") if described is not None else pd.DataFrame()
    changes = tables.get("jd_changes")
    changes = changes.set_index("position_id") if changes is not None else pd.DataFrame()
    names = s.units.set_index("unit_id")["name"]
    titles = s.positions.set_index("position_id")["title"]
    for p in positions.to_dict("records"):
        pid = p["position_id"]
        parts.append(job_card(p, names, titles, described.loc[pid] if pid in described.index else None,
                              changes.loc[pid] if pid in changes.index else None))
    return "".join(parts)


def _jd_summary(tables: dict[str, pd.DataFrame]) -> str:
    parts = []
    if "jd_changes" in tables:
        changes = tables["jd_changes"]
        for status, heading in (("changed", _("Changed since last year")), ("new", _("New positions")),
                                ("removed", _("Removed positions")), ("unchanged", _("Unchanged"))):
            chosen = changes[changes["status"] == status]
            parts.append("<h3>" + e(heading) + f" ({len(chosen)})</h3><p>"
                         + e("、".join(f"{t}（{i}）" for i, t in zip(chosen["position_id"], chosen["title"])) or "—")
                         + "</p>")
    positions = tables["positions"]
    described = set(tables["job_descriptions"]["position_id"]) if "job_descriptions" in tables else set()
    missing = positions[~positions["position_id"].isin(described)]
    parts.append("<h3>" + e(_("Job description not yet written")) + f" ({len(missing)})</h3>")
    parts.append(table_html([_("Department"), _("Position id"), _("Position")],
                            missing[["department", "position_id", "title"]].values.tolist()) if len(missing)
                 else "<p>" + e(_("Every position has a job description.")) + "</p>")
    return "".join(parts)
