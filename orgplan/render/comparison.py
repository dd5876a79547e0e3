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

from typing import TYPE_CHECKING, Any

import pandas as pd

from orgplan.errors import ParameterError
from orgplan.i18n import Translator
from orgplan.model.structure import Structure
from orgplan.organisation.diff import diff_marks
from orgplan.render.chart import OrgChart, org_chart
from orgplan.organisation.display import figure_label
from orgplan.render.fonts import cjk_context

_ = Translator("organisation")

if TYPE_CHECKING:  # matplotlib loads when a figure is drawn, not when the command line starts
    from matplotlib.figure import Figure

__all__ = ["comparison_chart", "diff_chart"]


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
    parent or manager), so the chart shows the whole change. Units whose
    duties changed are marked ``changed``. Headcounts printed on the chart
    (title line, unit headers) count the removed positions too; read the
    deltas from :func:`orgplan.organisation.diff.diff_summary`.

    Parameters
    ----------
    old, new : Structure
    **chart_options
        Passed on to :func:`orgplan.render.chart.org_chart` (``unit=``,
        ``collapse=`` …).

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
    """
    merged, marks = diff_marks(old, new)
    return org_chart(merged, marks=marks, **chart_options)
