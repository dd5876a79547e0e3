"""A department picker for notebooks: choose a unit and a depth, see its org chart, save it.

The widget holds no logic: it calls :func:`orgplan.render.chart.org_chart` and
:meth:`orgplan.render.chart.OrgChart.save`, and keeps the chart it shows as
``picker.chart`` so tests (and users) read the data behind the picture.

Examples
--------
>>> from orgplan import read_structure, sample_path
>>> picker = ChartPicker(read_structure(sample_path("approved-2027")))
>>> picker.unit.value = "SALES"
>>> picker.chart.title
'销售部 org chart'
>>> picker.depth.value = 1
>>> picker.chart.collapsed
('SALES-SHOW', 'SALES-KA', 'SALES-USED', 'SALES-FI')
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from orgplan.render.chart import FORMATS, OrgChart, chart_file_name, org_chart
from orgplan.errors import OrgPlanError
from orgplan.model.structure import Structure
from orgplan.i18n import Translator

_ = Translator("organisation")

__all__ = ["ChartPicker", "chart_picker"]

_ALL_LEVELS = 0


class ChartPicker(widgets.VBox):
    """Pick a unit (or the whole company) and a depth; the chart updates; "save" writes it.

    Parameters
    ----------
    structure : Structure
    out_dir : path
        Folder the save button writes into (created when needed).
    **options
        Further keyword arguments of :func:`orgplan.render.chart.org_chart`
        (``font``, ``dpi``, ``max_nodes``, ``wrap``, ``show_ids``).

    Attributes
    ----------
    unit, depth, fmt : ipywidgets.Dropdown
        The choices.
    save_button : ipywidgets.Button
    view : ipywidgets.HTML
        The chart's SVG.
    status : ipywidgets.HTML
        The saved file, or what went wrong.
    chart : OrgChart
        The chart shown.
    saved : pathlib.Path or None
        The last file written.
    """

    def __init__(self, structure: Structure, *, out_dir: str | os.PathLike = "out/charts", **options: Any) -> None:
        self.structure = structure
        self.out_dir = Path(out_dir)
        self.options = options
        units = structure.units
        choices = [(_("whole company"), "")] + [
            (f"{'　' * _depth_of(units, uid)}{name} ({uid})", uid)
            for uid, name in zip(units["unit_id"], units["name"])
        ]
        self.unit = widgets.Dropdown(options=choices, value="", description=_("unit"))
        self.depth = widgets.Dropdown(options=[(_("all levels"), _ALL_LEVELS)] + [(str(i), i) for i in range(1, 7)],
                                      value=_ALL_LEVELS, description=_("levels"))
        self.fmt = widgets.Dropdown(options=list(FORMATS), value="png", description=_("format"))
        self.save_button = widgets.Button(description=_("save"), icon="download")
        self.status = widgets.HTML()
        self.view = widgets.HTML()
        self.chart: OrgChart | None = None
        self.saved: Path | None = None
        self.unit.observe(self._redraw, names="value")
        self.depth.observe(self._redraw, names="value")
        self.save_button.on_click(self._save)
        super().__init__([widgets.HBox([self.unit, self.depth]), widgets.HBox([self.fmt, self.save_button]),
                          self.status, self.view])
        self._redraw()

    def _redraw(self, _change: object = None) -> None:
        try:
            self.chart = org_chart(self.structure, unit=self.unit.value or None,
                                   depth=self.depth.value or None, **self.options)
        except OrgPlanError as exc:
            self.status.value = f"<span style='color:#b91c1c'>{_html(str(exc))}</span>"
            return
        self.view.value = f"<div style='overflow:auto;max-height:900px'>{_strip_xml_header(self.chart.svg)}</div>"
        self.status.value = ""

    def _save(self, _button: object = None) -> None:
        if self.chart is None:
            return
        name = chart_file_name(self.unit.value or "company")
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            self.saved = self.chart.save(self.out_dir / f"{name}.{self.fmt.value}")
        except (OrgPlanError, OSError) as exc:
            self.status.value = f"<span style='color:#b91c1c'>{_html(str(exc))}</span>"
            return
        self.status.value = _("saved: {path}").format(path=f"<code>{_html(str(self.saved))}</code>")


def chart_picker(structure: Structure, **options: Any) -> ChartPicker:
    """A :class:`ChartPicker` for ``structure`` (same arguments)."""
    return ChartPicker(structure, **options)


def _depth_of(units, uid: str) -> int:
    parents = dict(zip(units["unit_id"], units["parent_id"]))
    depth, seen = 0, {uid}
    while isinstance(parents.get(uid), str) and parents[uid] in parents and parents[uid] not in seen:
        uid = parents[uid]
        seen.add(uid)
        depth += 1
    return depth


def _strip_xml_header(svg: str) -> str:
    start = svg.find("<svg")
    return svg[start:] if start >= 0 else svg


def _html(text: str) -> str:
    import html

    return html.escape(text)
