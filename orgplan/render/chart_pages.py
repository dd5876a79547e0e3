"""Org charts on paper: A4 or A3, landscape or portrait, split over pages with a key — never shrunk.

:func:`chart_pages` draws a chart at its natural size (no text under 8 pt)
on pages of the paper chosen. When the whole chart does not fit one page,
the first page shows the top of the chart with the units below a level
folded into boxes that say on which page they continue ("见第 3 页"); each
of those units gets a page of its own (split again if it must), whose
title line says which page it continues (the key). A PDF holds all the
pages; SVG and PNG are written one file per page.

Examples
--------
>>> from orgplan import read_structure, sample_path
>>> book = chart_pages(read_structure(sample_path("approved-2027")), paper="A3")
>>> book.orientation, book.units
('landscape', (None, 'ADM', 'SALES', 'AS'))
>>> all(abs(page.size_points[0] - book.page_size[0]) < 1 for page in book.pages)
True
>>> book.smallest_text >= 7
True
"""

from __future__ import annotations

import os
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Mapping

import pandas as pd

from orgplan.errors import ChartWarning, ParameterError
from orgplan.i18n import Translator
from orgplan.model.structure import Structure
from orgplan.render import chart as _chart
from orgplan.render import chart_dot as _chart_dot
from orgplan.render import chart_fonts as _chart_fonts
from orgplan.render.chart import OrgChart
from orgplan.render.chart_labels import MIN_POINTS, check_people
from orgplan.tables.io import atomic_path

_ = Translator("render")

__all__ = ["chart_pages", "department_pages", "ChartPages", "PAPER_SIZES", "ORIENTATIONS", "merge_pdfs"]

#: Paper sizes in points (portrait: width, height).
PAPER_SIZES: dict[str, tuple[float, float]] = {"A4": (595.28, 841.89), "A3": (841.89, 1190.55)}
ORIENTATIONS = ("auto", "landscape", "portrait")
_ROW_ALLOWANCE = 40.0  # the frames around a row, beyond the row itself
#: The smallest text printed on paper, in points: a chart larger than the page is scaled down to at most this.
MIN_PRINTED_POINTS = 7.0
_LEAST_SCALE = MIN_PRINTED_POINTS / MIN_POINTS


@dataclass(frozen=True)
class ChartPages:
    """A chart split over pages of one paper size.

    Attributes
    ----------
    pages : tuple of OrgChart
        One chart per page, each exactly the paper's size.
    units : tuple
        The unit at the top of each page (``None``: the company).
    paper : str
        ``"A4"`` or ``"A3"``.
    orientation : str
        ``"landscape"`` or ``"portrait"``.
    page_size : tuple of float
        Width and height of a page in points.
    smallest_text : float
        The smallest text on paper, in points (the chart is printed at 100 %).
    oversized : tuple
        Units whose page is larger than the paper even with everything below folded (printed larger, with a
        warning).
    """

    pages: tuple[OrgChart, ...]
    units: tuple[str | None, ...]
    paper: str
    orientation: str
    page_size: tuple[float, float]
    smallest_text: float = MIN_POINTS
    oversized: tuple[str | None, ...] = field(default=())

    def _repr_html_(self) -> str:
        parts = []
        for number, page in enumerate(self.pages, 1):
            heading = _("Page {page} of {pages}").format(page=number, pages=len(self.pages))
            parts.append(f'<div style="margin:8px 0"><b>{heading}</b><div style="border:1px solid #ccc">'
                         f"{page._repr_svg_()}</div></div>")
        return "".join(parts)

    def save(self, path: str | os.PathLike, *, dpi: int | None = None) -> list[Path]:
        """Write the pages: one PDF with every page, or one SVG / PNG per page (``name-2.png`` …).

        Returns the paths written.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> from orgplan import read_structure, sample_path
        >>> book = chart_pages(read_structure(sample_path("approved-2027")), paper="A3")
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     [p.name for p in book.save(pathlib.Path(tmp) / "公司.pdf")]
        ['公司.pdf']
        """
        path = Path(path)
        fmt = path.suffix.lower().lstrip(".")
        if fmt not in _chart.FORMATS:
            raise ParameterError(f"The 'path' parameter of ChartPages.save must end in .svg, .png or .pdf. "
                                 f"Got {str(path)!r} instead.")
        if fmt == "pdf":
            data = merge_pdfs([page.render("pdf") for page in self.pages])
            with atomic_path(path) as tmp:
                tmp.write_bytes(data)
            return [path]
        if len(self.pages) == 1:
            return [self.pages[0].save(path, dpi=dpi)]
        return [page.save(path.with_name(f"{path.stem}-{n}{path.suffix}"), dpi=dpi)
                for n, page in enumerate(self.pages, 1)]


def chart_pages(
    structure: Structure,
    *,
    paper: Literal["A4", "A3"] = "A4",
    orientation: Literal["auto", "landscape", "portrait"] = "auto",
    unit: str | None = None,
    depth: int | None = None,
    font: str | None = None,
    dpi: int = _chart.DEFAULT_DPI,
    wrap: int = _chart.DEFAULT_WRAP,
    show_ids: bool = False,
    title: str | None = None,
    people: pd.DataFrame | None = None,
    names: bool | None = None,
    marks: Mapping[tuple[str, str], str] | None = None,
    changes: Mapping[tuple[str, str], list[tuple[str, Any, Any]]] | None = None,
    baseline: Structure | None = None,
) -> ChartPages:
    """Draw a chart on pages of ``paper``: whole if it fits, else split by unit with a key, never shrunk.

    Parameters
    ----------
    structure : Structure
    paper : {"A4", "A3"}
    orientation : {"auto", "landscape", "portrait"}
        ``auto`` takes the one needing fewer pages (landscape on a tie).
    unit : str, optional
        The unit at the top (default: the company).
    depth : int, optional
        Unit levels to draw at most (below: folded, without pages of their own).
    people, names, marks, changes, baseline, font, dpi, wrap, show_ids, title
        As for :func:`orgplan.render.chart.org_chart`; ``names`` defaults to
        the department pages only (the company's page shows positions only).

    Returns
    -------
    ChartPages

    Raises
    ------
    ParameterError
        If ``paper`` or ``orientation`` is not one of the choices.
    """
    if paper not in PAPER_SIZES:
        raise ParameterError(f"The 'paper' parameter of chart_pages must be 'A4' or 'A3'. Got {paper!r} instead.")
    if orientation not in ORIENTATIONS:
        raise ParameterError(f"The 'orientation' parameter of chart_pages must be one of 'auto', 'landscape', "
                             f"'portrait'. Got {orientation!r} instead.")
    depth = None if depth is None else _chart._positive_int(depth, "depth", "chart_pages")
    wrap = _chart._positive_int(wrap, "wrap", "chart_pages")
    dpi = _chart._check_dpi(dpi, "chart_pages")
    font = _chart_fonts.preferred_font() if font is None else _chart._check_font(font, "chart_pages")
    if unit is not None:
        structure.unit(unit)  # UnknownIdError with suggestions
    options = {"marks": _chart_dot.validate_marks(structure, marks), "font": font, "wrap": wrap,
               "show_ids": bool(show_ids), "changes": changes, "baseline": baseline, "title": title,
               "people": check_people(people) if people is not None else None, "names": names}
    choices = ["landscape", "portrait"] if orientation == "auto" else [orientation]
    plans = []
    for choice in choices:
        width, height = PAPER_SIZES[paper]
        page = (height, width) if choice == "landscape" else (width, height)
        plans.append((choice, page, _plan(structure, unit, depth, page, options)))
    choice, page, plan = min(plans, key=lambda p: (sum(not fits for *_rest, fits in p[2]), len(p[2])))
    number_of = {u: n for n, (u, _fold, _folded, _fits) in enumerate(plan, 1)}
    pages, oversized, smallest = [], [], MIN_POINTS
    for n, (top, fold, folded, fits) in enumerate(plan, 1):
        page_depth = depth if top == unit else None
        page_of = {u: number_of[u] for u in folded if u in number_of}
        note = _page_note(structure, n, len(plan), top, number_of, plan) if len(plan) > 1 else None
        layout = _build(structure, top, page_depth, page, options, page_of=page_of, page_note=note, fold=fold)
        width, height = layout.natural_size
        scale = max(min(1.0, page[0] / width, page[1] / height), _LEAST_SCALE)
        smallest = min(smallest, MIN_POINTS * scale)
        canvas = (max(page[0] / scale, width), max(page[1] / scale, height))
        printed = (canvas[0] * scale, canvas[1] * scale) if scale < 1 else None
        layout = _build(structure, top, page_depth, page, options, page_of=page_of, page_note=note, fold=fold,
                        page_size=canvas, print_size=printed)
        if not fits:
            oversized.append(top)
        pages.append(_chart._finish(layout, font, dpi))
    if oversized:
        warnings.warn(ChartWarning(_(
            "{units}: too large for one {paper} page even with the units below folded; printed larger "
            "(try A3 or the other orientation).").format(
                units=", ".join(_unit_name(structure, u) for u in oversized), paper=paper)), stacklevel=2)
    return ChartPages(tuple(pages), tuple(p[0] for p in plan), paper, choice, page, round(smallest, 2),
                      tuple(oversized))


def department_pages(structure: Structure, out_dir: str | os.PathLike, *, fmt: Literal["svg", "png", "pdf"] = "pdf",
                     progress: bool | None = None, **options: Any) -> pd.DataFrame:
    """:func:`orgplan.render.chart.department_charts` on paper: each chart through :func:`chart_pages`.

    A chart over several pages is one PDF (or ``name-2.png`` … beside ``name.png``); ``path`` names the first.

    Examples
    --------
    >>> import tempfile
    >>> from orgplan import read_structure, sample_path
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     written = department_pages(read_structure(sample_path("approved-2027")), tmp, paper="A3")
    ...     [p.name for p in written["path"]][:2]
    ['CO.pdf', 'ADM.pdf']
    """
    return _chart.department_charts(structure, out_dir, fmt=fmt, progress=progress, drawer=chart_pages, **options)


def _build(structure: Structure, top: str | None, depth: int | None, page: tuple[float, float],
           options: Mapping[str, Any], **extra: Any) -> _chart_dot.Layout:
    names = options["names"] if options["names"] is not None else top is not None
    return _chart_dot.build(
        structure, unit=top, depth=depth, max_nodes=None, marks=options["marks"], title=options["title"],
        font=options["font"], wrap=options["wrap"], show_ids=options["show_ids"],
        people=options["people"] if names else None, changes=options["changes"], baseline=options["baseline"],
        row_width=page[0] / _LEAST_SCALE - 2 * _chart_dot.MARGIN - _ROW_ALLOWANCE, **extra)


def _plan(structure: Structure, unit: str | None, depth: int | None, page: tuple[float, float],
          options: Mapping[str, Any]) -> list[tuple[str | None, frozenset[str], tuple[str, ...], bool]]:
    """Pages in order: (unit at the top, units folded to fit, units continued on later pages, fits the paper)."""
    plan = []
    queue: list[str | None] = [unit]
    while queue:
        top = queue.pop(0)
        fold, fits = _fitting(structure, top, depth if top == unit else None, page, options)
        plan.append((top, fold, tuple(u for u in _ordered(structure, fold)), fits))
        queue.extend(_ordered(structure, fold))
    return plan


def _ordered(structure: Structure, units: frozenset[str]) -> list[str]:
    return [u for u in structure.units_table["unit_id"] if u in units]


def _fitting(structure: Structure, top: str | None, depth: int | None, page: tuple[float, float],
             options: Mapping[str, Any]) -> tuple[frozenset[str], bool]:
    """The units to fold so the page fits: the largest frame first, until it does (room kept for the key)."""
    fold: frozenset[str] = frozenset()
    while True:
        layout = _build(structure, top, depth, page, options, fold=fold, page_note="·" * 40,
                        page_of={u: 99 for u in fold})
        width, height = layout.natural_size
        if width * _LEAST_SCALE <= page[0] and height * _LEAST_SCALE <= page[1]:
            return fold, True
        frames = layout.geometry.frames if layout.geometry is not None else {}
        shown = [k.split(":", 1)[1] for k in frames]
        candidates = [(w * h, u) for u, (_x, _y, w, h) in zip(shown, frames.values())
                      if u != top and u not in fold and _parent_shown(structure, u, shown)]
        if not candidates:
            return fold, False
        fold = fold | {max(candidates)[1]}


def _parent_shown(structure: Structure, unit: str, shown: list[str]) -> bool:
    parents = dict(zip(structure.units_table["unit_id"], structure.units_table["parent_id"]))
    return parents.get(unit) in shown


def _unit_name(structure: Structure, unit: str | None) -> str:
    if unit is None:
        return structure.name
    return str(structure.unit(unit)["name"]) if hasattr(structure.unit(unit), "__getitem__") else unit


def _page_note(structure: Structure, number: int, total: int, top: str | None, number_of: Mapping,
               plan: list) -> str:
    """The key on each page: its number, and where it continues from."""
    head = _("Page {page} of {pages}").format(page=number, pages=total)
    if number == 1:
        return _("{page} · a folded unit continues on the page named in its box").format(page=head)
    parent = next(n for n, (_u, _d, folded, _f) in enumerate(plan, 1) if top in folded)
    return _("{page} · continued from page {parent}").format(page=head, parent=parent)


_OBJECT = re.compile(rb"(\d+) 0 obj")
_REF = re.compile(rb"(\d+) 0 R\b")


def merge_pdfs(documents: list[bytes]) -> bytes:
    """One PDF holding the pages of ``documents`` (PDFs as Graphviz/cairo writes them: one page each).

    Objects are renumbered and every page put under one page tree; streams are copied byte for byte.

    Examples
    --------
    >>> from orgplan import read_structure, sample_path
    >>> from orgplan.render.chart import org_chart
    >>> s = read_structure(sample_path("approved-2027"))
    >>> merged = merge_pdfs([org_chart(s, unit=u).render("pdf") for u in ("FIN", "CRM")])
    >>> len(re.findall(rb"/Type /Page\\b(?!s)", merged)), merged.startswith(b"%PDF-")
    (2, True)
    """
    if len(documents) == 1:
        return documents[0]
    objects: list[bytes] = []
    pages: list[int] = []
    next_free = 3  # 1: the catalog, 2: the page tree
    for document in documents:
        offset = next_free - 1
        found, highest = _objects(document)
        for number, body in found.items():
            head, stream, tail = body.partition(b"stream\n") if b"stream\n" in body else (body, b"", b"")
            head = _REF.sub(lambda m: b"%d 0 R" % (int(m.group(1)) + offset), head)
            if re.search(rb"/Type\s*/Page\b", head):
                head = re.sub(rb"/Parent\s+\d+ 0 R", b"/Parent 2 0 R", head)
                pages.append(number + offset)
            objects.append(b"%d 0 obj" % (number + offset) + head + stream + tail)
        next_free = offset + highest + 1
    out = bytearray(b"%PDF-1.5\n%\xb5\xed\xae\xfb\n")
    offsets = {}
    kids = b" ".join(b"%d 0 R" % p for p in pages)
    head_objects = [b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n",
                    b"2 0 obj\n<< /Type /Pages /Kids [ " + kids + b" ] /Count %d >>\nendobj\n" % len(pages)]
    for body in head_objects + objects:
        number = int(_OBJECT.match(body).group(1))
        offsets[number] = len(out)
        out += body if body.endswith(b"\n") else body + b"\n"
    size = max(offsets) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        out += b"%010d 00000 n \n" % offsets[number] if number in offsets else b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    return bytes(out)


def _objects(document: bytes) -> tuple[dict[int, bytes], int]:
    """The objects of a one-page PDF other than its catalog, page tree and info (text after ``N 0 obj``), by
    number; and the highest object number."""
    starts = [(int(m.group(1)), m.start(), m.end()) for m in _OBJECT.finditer(document)]
    end_of_objects = document.rfind(b"xref")
    found = {}
    for i, (number, start, body_start) in enumerate(starts):
        end = starts[i + 1][1] if i + 1 < len(starts) else end_of_objects
        body = document[body_start:end]
        header = body.split(b"stream\n", 1)[0]
        if re.search(rb"/Type\s*/(Catalog|Pages)\b", header) or re.search(rb"/Producer|/CreationDate", header):
            continue
        found[number] = body
    return found, max((n for n, _s, _e in starts), default=0)
