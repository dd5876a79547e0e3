"""Org charts (組織架構圖) as images: the company chart and one chart per department.

:func:`org_chart` draws a structure — or one unit and everything below it.
orgplan lays the chart out as a tree of frames (units) and boxes (positions)
with right-angled lines that never cross a frame, a box or a heading
(:mod:`orgplan.render.chart_layout`); Graphviz, in-process through
pygraphviz (its wheels bundle Graphviz, so no ``dot`` program is needed),
draws it where the layout put everything. Positions show their
establishment and people in post (編制 / 在崗) with vacancies (缺) and
over-establishment (超編) in colour — a unit's header shows both; dotted-line
reporting is named in blue at both ends; a missing manager is marked;
assistants sit beside their manager; staff positions wrap into rows; a title
and a key sit on top. The result, an :class:`OrgChart`, shows itself inline
in Jupyter and saves as SVG, PNG or PDF. :func:`department_charts` writes the
company chart plus one chart per department, as the booklet (整理成冊) needs;
:mod:`orgplan.render.chart_pages` fits charts to A4 / A3 paper.

Chinese text needs a Chinese font: :func:`cjk_font_status` tells which
installed font Graphviz draws it with (the bundled Noto Sans CJK when the system has
none), and a chart refuses (:class:`CJKFontError`) a font named that has no Chinese.

Examples
--------
>>> from orgplan import read_structure, sample_path
>>> from orgplan.render.chart import org_chart
>>> s = read_structure(sample_path("approved-2027"))
>>> chart = org_chart(s, unit="SALES")
>>> chart.title
'销售部 org chart'
>>> "展厅经理" in chart.svg and chart.svg.lstrip().startswith("<?xml")
True
>>> chart.font_report.covers_cjk
True
>>> org_chart(s, depth=1).collapsed
('ADM', 'FIN', 'SALES', 'MKT', 'CRM', 'AS', 'PARTS')
"""

from __future__ import annotations

import os
import re
import sys
import threading
import unicodedata
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Mapping

import pandas as pd

from orgplan.render import chart_dot as _chart_dot
from orgplan.render import chart_fonts as _chart_fonts
from orgplan.render.chart_fonts import FontReport
from orgplan.render.chart_labels import check_people
from orgplan.errors import OrgPlanError, ParameterError
from orgplan.tables.io import atomic_path
from orgplan.model.structure import Structure
from orgplan.errors import ChartWarning, CJKFontError, CJKFontWarning  # noqa: F401  (re-exported)
from orgplan.i18n import Translator

_ = Translator("organisation")

__all__ = [
    "OrgChart",
    "org_chart",
    "department_charts",
    "cjk_font_status",
    "chart_file_name",
    "FontReport",
    "ChartWarning",
    "CJKFontWarning",
    "CJKFontError",
    "FORMATS",
    "MARK_KINDS",
]

#: Output formats :meth:`OrgChart.save` writes, by file suffix.
FORMATS: tuple[str, ...] = ("svg", "png", "pdf")
#: Values of ``marks``: how a scenario changed a unit or position.
MARK_KINDS: tuple[str, ...] = _chart_dot.MARK_KINDS

#: Defaults shared by :func:`org_chart`, :func:`department_charts` and ``orgplan chart``.
DEFAULT_DPI = 200
DEFAULT_MAX_NODES = 250
DEFAULT_WRAP = 4
_MAX_PIXELS = 30_000  # cairo cannot draw images wider or taller than 32,767 pixels

_RENDER_LOCK = threading.Lock()


#: Charts wider than this (in points; about a notebook's width) are scaled down when shown inline.
_INLINE_MAX_WIDTH_PT = 900


def cjk_font_status(font: str | None = None, text: str = "組織架構圖 销售部 編制 在崗") -> FontReport:
    """Which installed font Graphviz draws Chinese ``text`` with, and whether it covers it.

    Graphviz draws ``text`` into a small PDF with ``font``; the fonts
    embedded in it are compared with fontconfig's list of Chinese fonts
    (``fc-list :lang=zh``; matplotlib's font list where ``fc-list`` is
    missing). The answer is cached per font and text.

    Parameters
    ----------
    font : str, optional
        A font family name as fontconfig knows it (``fc-list : family``),
        e.g. ``"Noto Sans CJK TC"`` or ``"Microsoft JhengHei"``. Default:
        the first installed of a list of common Chinese fonts, else
        ``"sans-serif"``.
    text : str
        The text to check (a chart checks its own labels).

    Returns
    -------
    FontReport
        ``requested``, ``used`` (fonts Graphviz embedded), ``cjk_font``,
        ``covers_cjk``, ``installed_cjk_fonts`` and ``fix`` (what to install
        when nothing covers the text).

    Examples
    --------
    >>> report = cjk_font_status()
    >>> report.covers_cjk, report.cjk_font is not None
    (True, True)
    >>> cjk_font_status(text="Sales").covers_cjk  # nothing Chinese to cover
    True
    """
    requested = _chart_fonts.preferred_font() if font is None else _check_font(font, "cjk_font_status")
    return _chart_fonts.font_report(requested, _probe_text(text))


@dataclass(frozen=True)
class OrgChart:
    """A rendered org chart: SVG text, its Graphviz source, and how it was drawn.

    Made by :func:`org_chart`. Jupyter shows it inline (``_repr_svg_``);
    :meth:`save` writes ``.svg``, ``.png`` or ``.pdf``.

    Attributes
    ----------
    svg : str
        The chart as SVG text (UTF-8, fonts named with a CJK fallback list).
    source : str
        The Graphviz DOT source (before layout); ``pygraphviz.AGraph(string=source)``
        gives an editable graph.
    title : str
        The chart's title line.
    unit_id : str or None
        The unit drawn with everything below it; ``None`` for the whole company.
    depth : int
        Unit levels drawn in full (1 = the chart's top unit only); units one
        level deeper are collapsed into boxes showing their headcount.
    collapsed : tuple of str
        Ids of the units drawn as collapsed boxes.
    positions : tuple of str
        Ids of the positions drawn as boxes.
    notes : tuple of str
        Remarks printed on the chart (e.g. automatic collapsing).
    font_report : FontReport
        Which font draws the Chinese text, and whether it covers it.
    dpi : int
        Resolution of PNG output.
    lines : tuple of (str, str)
        The reporting lines drawn, as (manager node, report node): ``position:ID``, ``unit:ID`` (a folded
        unit), ``frame:ID`` (a unit's frame).
    geometry : chart_layout.Placed
        Every box, frame and heading (x, y, width, height in points, y downwards) and every line segment,
        as laid out: :func:`orgplan.render.chart_layout.crossings` checks no line crosses a box or frame.
    """

    svg: str = field(repr=False)
    source: str = field(repr=False)
    title: str
    unit_id: str | None
    depth: int
    collapsed: tuple[str, ...]
    positions: tuple[str, ...] = field(repr=False)
    notes: tuple[str, ...]
    font_report: FontReport = field(repr=False)
    dpi: int = DEFAULT_DPI
    _graph: Any = field(default=None, repr=False, compare=False)
    lines: tuple[tuple[str, str], ...] = field(default=(), repr=False)
    geometry: Any = field(default=None, repr=False, compare=False)

    def _repr_svg_(self) -> str:
        """The SVG as a notebook shows it: a chart wider than the page is scaled to the page's width.

        The saved file (:attr:`svg`, :meth:`save`) keeps its natural size for printing.
        """
        width, height = self.size_points
        if width <= _INLINE_MAX_WIDTH_PT:
            return self.svg
        return re.sub(r'<svg width="[\d.]+pt" height="[\d.]+pt"',
                      f'<svg width="100%" style="max-width:{width:.0f}pt;height:auto"', self.svg, count=1)

    @property
    def size_points(self) -> tuple[float, float]:
        """Width and height of the chart in points (1/72 inch)."""
        match = re.search(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"', self.svg)
        return (float(match.group(1)), float(match.group(2))) if match else (0.0, 0.0)

    def render(self, fmt: Literal["svg", "png", "pdf"] = "svg", *, dpi: int | None = None) -> bytes:
        """The chart as the bytes of an SVG, PNG or PDF file.

        PNG is drawn at ``dpi`` (default: the chart's ``dpi``), lowered if the
        image would exceed what the renderer can draw (30,000 pixels a side),
        with a :class:`ChartWarning`.

        Examples
        --------
        >>> from orgplan import read_structure, sample_path
        >>> chart = org_chart(read_structure(sample_path("approved-2027")), unit="FIN")
        >>> chart.render("png")[:8] == b"\\x89PNG\\r\\n\\x1a\\n", chart.render("pdf")[:5]
        (True, b'%PDF-')
        """
        if fmt not in FORMATS:
            raise ParameterError(f"The 'fmt' parameter of OrgChart.render must be one of 'svg', 'png', 'pdf'. "
                                 f"Got {fmt!r} instead.")
        if fmt == "svg":
            return self.svg.encode("utf-8")
        dpi = self.dpi if dpi is None else _check_dpi(dpi, "OrgChart.render")
        graph = self._graph
        with _RENDER_LOCK:
            if fmt == "png":
                largest = max(self.size_points) or 1.0
                fitting = int(_MAX_PIXELS * 72 / largest)
                if dpi > fitting:
                    warnings.warn(ChartWarning(
                        _("The chart is too large for a PNG at {dpi} dpi; drawn at {fitting} dpi instead "
                          "(use PDF or SVG for full sharpness).").format(dpi=dpi, fitting=fitting)), stacklevel=2)
                    dpi = max(fitting, 1)
                graph.graph_attr["dpi"] = str(dpi)
                try:
                    return _quiet_draw(graph, "png")
                finally:
                    graph.graph_attr["dpi"] = "72"
            return _quiet_draw(graph, "pdf")

    def save(self, path: str | os.PathLike, *, dpi: int | None = None) -> Path:
        """Write the chart to ``path``; its suffix (``.svg``, ``.png``, ``.pdf``) picks the format.

        The file is written atomically: an existing file is replaced only
        once the new one is complete, and nothing is left behind on failure.

        Raises
        ------
        ParameterError
            If the suffix is not ``.svg``, ``.png`` or ``.pdf``.
        FileNotFoundError
            If the folder does not exist.
        PermissionError
            If the folder cannot be written.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> from orgplan import read_structure, sample_path
        >>> chart = org_chart(read_structure(sample_path("approved-2027")), unit="FIN")
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     chart.save(pathlib.Path(tmp) / "财务部.svg").name
        '财务部.svg'
        """
        path = Path(path)
        fmt = path.suffix.lower().lstrip(".")
        if fmt not in FORMATS:
            raise ParameterError(f"The 'path' parameter of OrgChart.save must end in .svg, .png or .pdf. "
                                 f"Got {str(path)!r} instead.")
        data = self.render(fmt, dpi=dpi)  # render first: a failure leaves no file at all
        try:
            with atomic_path(path) as tmp:
                tmp.write_bytes(data)
        except PermissionError:
            raise PermissionError(_("{path}: cannot write there (permission denied).").format(path=path)) from None
        except IsADirectoryError:
            raise IsADirectoryError(_("{path}: is a folder, not a file name.").format(path=path)) from None
        return path


def org_chart(
    structure: Structure,
    *,
    unit: str | None = None,
    depth: int | None = None,
    font: str | None = None,
    dpi: int = DEFAULT_DPI,
    max_nodes: int | None = DEFAULT_MAX_NODES,
    marks: Mapping[tuple[str, str], str] | None = None,
    title: str | None = None,
    wrap: int = DEFAULT_WRAP,
    show_ids: bool = False,
    people: pd.DataFrame | None = None,
    names: bool | None = None,
    changes: Mapping[tuple[str, str], list[tuple[str, Any, Any]]] | None = None,
    baseline: Structure | None = None,
) -> OrgChart:
    """Draw the org chart of a structure, or of one unit and everything below it.

    The chart is laid out as a tree of frames (one per unit) holding boxes
    (one per position): every line is horizontal or vertical and none crosses
    a box, a frame or a heading; a unit's line from its manager ends on its
    frame, above its heading. No text is smaller than 8 pt at the natural
    size; :func:`orgplan.render.chart_pages.chart_pages` fits a chart to A4 or
    A3 paper, over several pages when it must, never shrinking it.

    Parameters
    ----------
    structure : Structure
        The structure to draw.
    unit : str, optional
        Id of the unit at the top of the chart (with all its sub-units).
        Default: the whole company.
    depth : int, optional
        Unit levels to draw in full, counted from the chart's top unit
        (1 = that unit only). Units one level deeper become collapsed boxes
        showing the headcount they hide (編制 / 在崗 / 缺). Default: all.
    font : str, optional
        Font family for all text, e.g. ``"Noto Sans CJK TC"``. Default: the
        first installed common Chinese font (see :func:`cjk_font_status`).
    dpi : int
        Resolution of PNG output (200 prints sharply on A4/A3).
    max_nodes : int or None
        If the chart would have more boxes than this, deeper units are
        collapsed until it fits, and the chart says so. ``None``: no limit.
    marks : mapping, optional
        ``("unit" | "position", id) -> "added" | "removed" | "changed"``:
        draws those boxes green (新增), red dashed and struck through (撤銷)
        or amber (調整), with a legend entry. Used by scenario diff charts.
    title : str, optional
        Title line; default "<unit or company name> 组织架构图" (in the language in force). The line
        below always names the structure, its status and approval.
    wrap : int
        Staff positions (without reports of their own) under one manager
        are wrapped into rows of this many, so wide spans stay readable.
    show_ids : bool
        Also print each position's id in its box.
    people : DataFrame, optional
        The people in post, one row per person: ``position_id, person_id,
        name, employment_type, on_probation, leaving`` (only ``position_id``
        and ``name`` are required). With ``names``, each box lists its
        people (试 on probation, 离 leaving) and one 缺 per vacant seat.
    names : bool, optional
        Show the names of ``people``. Default: on a department's chart
        (``unit`` given), not on the company chart.
    changes : mapping, optional
        ``("unit" | "position", id) -> [(field, old, new), …]``: printed in
        the box as ``编制 16 → 14`` (see :func:`orgplan.render.comparison.diff_chart`).
    baseline : Structure, optional
        The structure a comparison starts from: the title line says its
        status → this one's (``现状 → 已批准``).

    Returns
    -------
    OrgChart

    Raises
    ------
    UnknownIdError
        If ``unit`` or an id in ``marks`` is not in the structure.
    ParameterError
        If an option has a value the function cannot use.
    CJKFontError
        If the font named has no Chinese characters (the chart would print
        boxes); without ``font`` the bundled Noto Sans CJK always covers them.

    Examples
    --------
    >>> from orgplan import read_structure, sample_path
    >>> s = read_structure(sample_path("approved-2027"))
    >>> chart = org_chart(s, unit="AS", depth=2)
    >>> chart.collapsed
    ('AS-WS-MECH', 'AS-WS-BODY')
    >>> org_chart(s, marks={("position", "MKT-DIGI"): "added"}).svg.count("added") >= 2  # 新增 in Chinese
    True
    """
    if not isinstance(structure, Structure):
        raise ParameterError(f"The 'structure' parameter of org_chart must be a Structure. "
                             f"Got {type(structure).__name__} instead.")
    depth = None if depth is None else _positive_int(depth, "depth", "org_chart")
    max_nodes = None if max_nodes is None else _positive_int(max_nodes, "max_nodes", "org_chart")
    wrap = _positive_int(wrap, "wrap", "org_chart")
    dpi = _check_dpi(dpi, "org_chart")
    font = _chart_fonts.preferred_font() if font is None else _check_font(font, "org_chart")
    if title is not None and not isinstance(title, str):
        raise ParameterError(f"The 'title' parameter of org_chart must be a str or None. Got {title!r} instead.")
    if unit is not None and not isinstance(unit, str):
        raise ParameterError(f"The 'unit' parameter of org_chart must be a unit id (str) or None. "
                             f"Got {unit!r} instead.")
    checked_marks = _chart_dot.validate_marks(structure, marks)
    by_position = None
    if people is not None:
        by_position = check_people(people)
    if names is None:
        names = unit is not None
    layout = _chart_dot.build(structure, unit=unit, depth=depth, max_nodes=max_nodes, marks=checked_marks,
                              title=title, font=font, wrap=wrap, show_ids=bool(show_ids),
                              people=by_position if names else None, changes=changes, baseline=baseline)
    return _finish(layout, font, dpi)


def _finish(layout: _chart_dot.Layout, font: str, dpi: int) -> OrgChart:
    """Check the font covers the chart's words, then draw it."""
    report = _chart_fonts.font_report(font, _probe_text(layout.text))
    if not report.covers_cjk:  # boxes instead of Chinese are not a chart: refuse, with what to do
        raise CJKFontError(str(report))

    import pygraphviz

    return _draw(layout, report, font, dpi)


def _draw(layout: _chart_dot.Layout, report: FontReport, font: str, dpi: int) -> OrgChart:
    """Graphviz draws the chart where the layout put everything (``nop``: no layout of its own)."""
    import pygraphviz

    graph = pygraphviz.AGraph(string=layout.source)
    with _RENDER_LOCK, _chart_fonts.quiet_first_use():
        graph.layout(prog="nop")
        svg = _quiet_draw(graph, "svg").decode("utf-8")
    return OrgChart(
        svg=_svg_font_fallback(svg, font), source=layout.source, title=layout.title, unit_id=layout.unit_id,
        depth=layout.depth if layout.depth is not None else 1, collapsed=layout.collapsed,
        positions=layout.positions, notes=layout.notes, font_report=report, dpi=dpi, _graph=graph,
        lines=layout.lines, geometry=layout.geometry,
    )


def department_charts(
    structure: Structure,
    out_dir: str | os.PathLike,
    *,
    fmt: Literal["svg", "png", "pdf"] = "png",
    progress: bool | None = None,
    drawer: Any = None,
    **options: Any,
) -> pd.DataFrame:
    """Write the company chart and one chart per department (unit of kind ``department``) into ``out_dir``.

    File names come from the unit ids (:func:`chart_file_name`): safe on
    every system, never creating sub-folders, unique even when two ids
    clean up to the same name.

    Parameters
    ----------
    structure : Structure
    out_dir : path
        Folder for the charts; created if missing.
    fmt : {"png", "svg", "pdf"}
    progress : bool, optional
        Show a progress bar on standard error (tqdm when installed).
        Default: when there are more than 5 charts and standard error is a terminal.
    drawer : callable, optional
        What draws each chart, called as ``drawer(structure, unit=…, **options)``; its result's ``save``
        writes it. Default :func:`org_chart`; :func:`orgplan.render.chart_pages.department_pages` passes
        :func:`~orgplan.render.chart_pages.chart_pages` (charts on paper, several pages in one PDF).
    **options
        Keyword arguments of :func:`org_chart` (``depth``, ``font``, ``dpi``,
        ``max_nodes``, ``wrap``, ``show_ids``); ``unit`` and ``title`` are set
        per chart.

    Returns
    -------
    DataFrame
        ``unit_id, name, path``: the company chart first, then the
        departments in the order of the units table.

    Examples
    --------
    >>> import tempfile
    >>> from orgplan import read_structure, sample_path
    >>> s = read_structure(sample_path("approved-2027"))
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     written = department_charts(s, tmp, fmt="svg")
    ...     [p.name for p in written["path"]][:3]
    ['CO.svg', 'ADM.svg', 'FIN.svg']
    >>> len(written)
    8
    """
    if fmt not in FORMATS:
        raise ParameterError(f"The 'fmt' parameter of department_charts must be one of 'svg', 'png', 'pdf'. "
                             f"Got {fmt!r} instead.")
    for reserved in ("unit", "title"):
        if reserved in options:
            raise ParameterError(f"The '{reserved}' option of department_charts is set per chart; leave it out.")
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise ParameterError(f"The 'out_dir' parameter of department_charts must be a folder. "
                             f"Got the file {str(out)!r} instead.")
    out.mkdir(parents=True, exist_ok=True)

    units = structure.units
    known = set(units["unit_id"])
    roots = [u for u, p in zip(units["unit_id"], units["parent_id"]) if pd.isna(p) or p not in known]
    jobs: list[tuple[str | None, str]] = []
    if len(roots) == 1:
        jobs.append((None, roots[0]))
    else:
        jobs.append((None, "company"))
    jobs.extend((u, u) for u, k in zip(units["unit_id"], units["kind"]) if k == "department")

    names = dict(zip(units["unit_id"], units["name"]))
    used: set[str] = set()
    rows = []
    show = progress if progress is not None else (len(jobs) > 5 and sys.stderr.isatty())
    with _progress(len(jobs), show) as tick:
        for unit_id, file_id in jobs:
            chart = (drawer or org_chart)(structure, unit=unit_id, **options)
            name = chart_file_name(file_id, used=used)
            path = chart.save(out / f"{name}.{fmt}")
            path = path[0] if isinstance(path, list) else path
            rows.append({"unit_id": unit_id if unit_id is not None else file_id,
                         "name": names.get(unit_id if unit_id is not None else file_id, structure.name),
                         "path": path})
            tick(str(names.get(file_id, file_id)))
    return pd.DataFrame(rows, columns=["unit_id", "name", "path"])


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                     *(f"LPT{i}" for i in range(1, 10))}


def chart_file_name(unit_id: str, *, used: set[str] | None = None, max_length: int = 80) -> str:
    """A file name (without suffix) for a unit's chart, safe on Windows, macOS and Linux.

    Slashes, colons and the other characters file systems reject become
    ``_``; Chinese stays; leading dots and trailing dots or spaces go;
    Windows device names (``CON``, ``NUL`` …) get a ``_`` in front. When
    ``used`` is given, the name is made unique in it (``-2``, ``-3`` …,
    compared case-insensitively) and added to it.

    Examples
    --------
    >>> chart_file_name("客戶關係部 / CRM")
    '客戶關係部 _ CRM'
    >>> chart_file_name("../etc")
    '_etc'
    >>> used = set()
    >>> chart_file_name("A/B", used=used), chart_file_name("A:B", used=used)
    ('A_B', 'A_B-2')
    """
    name = unicodedata.normalize("NFC", str(unit_id))
    name = _UNSAFE.sub("_", name)
    name = re.sub(r"_+", "_", name).strip(" ")
    name = name.lstrip(".").rstrip(". ")
    name = re.sub(r"^_*\.+", "_", name) or "unit"
    if name.split(".")[0].upper() in _WINDOWS_RESERVED:
        name = "_" + name
    name = name[:max_length].rstrip(". ") or "unit"
    if used is not None:
        candidate, n = name, 1
        while candidate.casefold() in {u.casefold() for u in used}:
            n += 1
            candidate = f"{name}-{n}"
        used.add(candidate)
        name = candidate
    return name


# ------------------------------------------------------------------ helpers
def _probe_text(text: str) -> str:
    """The text a font check draws: the distinct Chinese characters, a few Latin ones."""
    cjk = _chart_fonts.cjk_characters(text)
    return (cjk + " Aa0") if cjk else "Aa0"


def _svg_font_fallback(svg: str, font: str) -> str:
    """Name Chinese fallback fonts in the SVG so viewers without ``font`` still show Chinese."""
    fallbacks = [font, "Noto Sans CJK TC", "Noto Sans CJK SC", "Microsoft JhengHei", "Microsoft YaHei",
                 "PingFang TC", "WenQuanYi Micro Hei", "sans-serif"]
    family = ",".join(dict.fromkeys(f"'{f}'" if " " in f else f for f in fallbacks))
    family = family.replace('"', "&quot;")
    return re.sub(r'font-family="[^"]*"', f'font-family="{family}"', svg)


def _quiet_draw(graph: Any, fmt: str) -> bytes:
    return graph.draw(format=fmt)


def _positive_int(value: Any, name: str, func: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ParameterError(f"The '{name}' parameter of {func} must be a whole number of 1 or more. "
                             f"Got {value!r} instead.")
    return int(value)


def _check_dpi(value: Any, func: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 36 <= value <= 1200:
        raise ParameterError(f"The 'dpi' parameter of {func} must be a whole number from 36 to 1200. "
                             f"Got {value!r} instead.")
    return int(value)


def _check_font(value: Any, func: str) -> str:
    if not isinstance(value, str) or not value.strip() or any(c in value for c in '"<>\n'):
        raise ParameterError(f"The 'font' parameter of {func} must be a font family name such as "
                             f"'Noto Sans CJK TC'. Got {value!r} instead.")
    return value.strip()


class _progress:
    """A progress bar on standard error: tqdm when installed, else one updated line."""

    def __init__(self, total: int, show: bool) -> None:
        self.total, self.show, self.done, self.bar = total, show, 0, None

    def __enter__(self):
        if self.show:
            try:
                from tqdm.auto import tqdm

                self.bar = tqdm(total=self.total, unit="chart", file=sys.stderr)
            except ImportError:
                self.bar = None
        return self.tick

    def tick(self, label: str) -> None:
        self.done += 1
        if not self.show:
            return
        if self.bar is not None:
            self.bar.set_postfix_str(label, refresh=False)
            self.bar.update(1)
        else:
            print("\r" + _("charts {done}/{total} {label}").format(done=self.done, total=self.total, label=label),
                  end="", file=sys.stderr, flush=True)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.close()
        elif self.show:
            print(file=sys.stderr)
