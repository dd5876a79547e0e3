"""Pictures of a comparison: a bar chart of :func:`~orgplan.organisation.diff.compare`, and the diff chart.

* :func:`comparison_chart` — one row of :func:`~orgplan.organisation.diff.compare`
  as bars, one per structure or scenario (matplotlib).
* :func:`diff_chart` — the org chart of the new structure with what was
  added, removed and changed since the old one marked (Graphviz); its data
  is :func:`~orgplan.organisation.diff.diff_marks`.

Examples
--------
>>> from orgplan import read_structure, sample_path
>>> from orgplan.organisation.diff import compare
>>> table = compare(read_structure(sample_path("as-is-2026")), read_structure(sample_path("approved-2027")))
>>> fig = comparison_chart(table, "monthly_cost")
>>> [t.get_text() for t in fig.axes[0].get_xticklabels()]
['2026 年度组织架构（现状）', '2027 年度组织架构（已批准）']
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

import pandas as pd

from orgplan.errors import ParameterError
from orgplan.i18n import Translator
from orgplan.model.structure import Structure
from orgplan.organisation.diff import diff, diff_marks
from orgplan.render.chart import OrgChart, org_chart
from orgplan.render.chart_pages import ChartPages, chart_pages
from orgplan.organisation.display import figure_label
from orgplan.render.fonts import cjk_context

_ = Translator("organisation")

if TYPE_CHECKING:  # matplotlib loads when a figure is drawn, not when the command line starts
    from matplotlib.figure import Figure

__all__ = ["comparison_chart", "diff_chart", "diff_pages", "changed_fields"]


def comparison_chart(table: pd.DataFrame, figure: str = "approved", *, title: str | None = None) -> "Figure":
    """A bar chart of one row of :func:`~orgplan.organisation.diff.compare` across the structures.

    Parameters
    ----------
    table : DataFrame
        What :func:`~orgplan.organisation.diff.compare` returned.
    figure : str, default "approved"
        The row to draw (``monthly_cost``, ``span_max``, ``errors`` …).
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure
        Not attached to pyplot: it shows in Jupyter and saves with
        ``savefig``; Chinese names render with the first CJK font found.

    Raises
    ------
    ParameterError
        If ``figure`` is not a row of ``table``.
    """
    if figure not in table.index:
        raise ParameterError(_("The 'figure' parameter of comparison_chart must be one of {choices}. Got {value} "
                               "instead.").format(choices=", ".join(map(str, table.index)), value=repr(figure)))
    from matplotlib.figure import Figure

    values = pd.to_numeric(table.loc[figure], errors="coerce").astype(float)
    with cjk_context():
        fig = Figure(figsize=(max(4.0, 1.6 * len(values) + 1), 3.2), layout="constrained")
        ax = fig.add_subplot()
        bars = ax.bar(range(len(values)), values.to_numpy(), color="#4C72B0")
        ax.set_xticks(range(len(values)), [str(c) for c in values.index], rotation=15, ha="right")
        ax.bar_label(bars, labels=[_short(v) for v in values], padding=2)
        ax.set_title(title or figure_label(figure))
        ax.spines[["top", "right"]].set_visible(False)
        ax.margins(y=0.15)
    return fig


def _short(value: float) -> str:
    if value != value:
        return ""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def diff_chart(old: Structure, new: Structure, **chart_options: Any) -> OrgChart:
    """Draw ``new`` with what was added, removed and changed since ``old`` marked.

    Removed units and positions are drawn where they were (under their old
    parent or manager), so the chart shows the whole change. Every changed
    field is shown in its box as old → new (``编制 16 → 14``, ``上级 展厅经理
    → 销售主管``); units whose duties changed are marked ``changed``. The
    title line names both structures and says their real status (``现状 →
    已批准``, with the approval), never "draft" for an approved plan.
    Headcounts printed on the chart (title line, unit headers) count the
    removed positions too; read the deltas from
    :func:`orgplan.organisation.diff.diff_summary`.

    Parameters
    ----------
    old, new : Structure
    **chart_options
        Passed on to :func:`orgplan.render.chart.org_chart` (``unit=``,
        ``depth=`` …).

    Returns
    -------
    OrgChart
        What :func:`orgplan.render.chart.org_chart` returns; it shows itself in
        Jupyter and can be saved as SVG / PNG / PDF.

    Examples
    --------
    >>> from orgplan import read_structure, sample_path
    >>> from orgplan.organisation.changes import MergeUnits, apply_changes
    >>> old = read_structure(sample_path("as-is-2026"))
    >>> chart = diff_chart(old, apply_changes(old, [MergeUnits("MKT", into="SALES")]))
    >>> chart.svg.count("removed")    # the legend, and the marketing department drawn as removed
    2
    >>> chart = diff_chart(old, read_structure(sample_path("approved-2027")), unit="SALES")
    >>> "establishment 16 → 14" in chart.svg, "is → approved · approved by" in chart.svg
    (True, True)
    """
    merged, marks = _merged(old, new)
    chart_options.setdefault("changes", changed_fields(old, new))
    chart_options.setdefault("baseline", old)
    return org_chart(merged, marks=marks, **chart_options)


def diff_pages(old: Structure, new: Structure, **page_options: Any) -> ChartPages:
    """:func:`diff_chart` on paper: see :func:`orgplan.render.chart_pages.chart_pages` (``paper=``, ``orientation=`` …).

    Examples
    --------
    >>> from orgplan import read_structure, sample_path
    >>> book = diff_pages(read_structure(sample_path("as-is-2026")), read_structure(sample_path("approved-2027")),
    ...                   paper="A3", unit="SALES")
    >>> len(book.pages), book.smallest_text >= 7
    (1, True)
    """
    merged, marks = _merged(old, new)
    page_options.setdefault("changes", changed_fields(old, new))
    page_options.setdefault("baseline", old)
    return chart_pages(merged, marks=marks, **page_options)


def _merged(old: Structure, new: Structure) -> tuple[Structure, dict[tuple[str, str], str]]:
    """``new`` with what ``old`` had and ``new`` lost, named for both, with ``new``'s status and approval."""
    merged, marks = diff_marks(old, new)
    return Structure(merged.units, merged.positions, merged.duties,
                     info=dataclasses.replace(new.info, name=f"{old.name} → {new.name}")), marks


def changed_fields(old: Structure, new: Structure) -> dict[tuple[str, str], list[tuple[str, object, object]]]:
    """``("unit" | "position", id)`` → ``[(field, old value, new value), …]`` for every changed field.

    Examples
    --------
    >>> from orgplan import read_structure, sample_path
    >>> fields = changed_fields(read_structure(sample_path("as-is-2026")), read_structure(sample_path("approved-2027")))
    >>> fields[("position", "SHOW-CONS")]
    [('reports_to', 'SHOW-MGR', 'SHOW-SUP'), ('approved', 16, 14), ('filled', 15, 12)]
    """
    table = diff(old, new)
    changed = table[table["kind"].isin(["unit", "position"]) & (table["change"] == "changed") & table["field"].notna()]
    result: dict[tuple[str, str], list[tuple[str, object, object]]] = {}
    for kind, id_, field_name, before, after in changed[["kind", "id", "field", "old", "new"]].itertuples(index=False):
        result.setdefault((kind, id_), []).append((field_name, _plain_value(before), _plain_value(after)))
    return result


def _plain_value(value: object) -> object:
    """Numbers as Python numbers (``16``, not ``np.int64(16)``), missing as ``None``."""
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return None
    if hasattr(value, "item"):
        return value.item()
    return value
