"""ipywidgets for target decomposition (notebook 05).

The widgets hold no logic: moving a slider calls
:func:`orgplan.sales.targets.decompose_plan`, shows the tables it returns and
draws :func:`orgplan.render.sales_figures.heatmap`.
They render to HTML and PNG widgets (no ``Output`` widget and no print), so
they can be tested by setting ``.value`` without a kernel.
"""

from __future__ import annotations

import html
from typing import Any

import pandas as pd

from orgplan.i18n import Translator
from orgplan.render.fonts import figure_png
from orgplan.render.sales_figures import heatmap
from orgplan.sales.display import display_table
from orgplan.sales.targets import TargetConfig, TargetPlan, decompose_plan

_ = Translator("sales")

__all__ = ["TargetExplorer", "target_explorer"]


class TargetExplorer:
    """Sliders for growth and over-assignment that recompute the plan live.

    Attributes
    ----------
    growth, over_assignment : ipywidgets.FloatSlider
    summary, table : ipywidgets.HTML
        Key figures, and consultants' targets and quotas with the findings.
    chart : ipywidgets.Image
        Heat map of consultant × month (PNG).
    plan : TargetPlan
        The plan for the current slider values.
    widget : ipywidgets.VBox
        Everything, as shown in the notebook.
    """

    def __init__(self, config: TargetConfig, *, growth: float | None = None, over_assignment: float | None = None):
        import ipywidgets as widgets

        self.config = config
        start_growth = config.growth if growth is None else growth
        if start_growth is None:
            start_growth = 0.0
        self.growth = widgets.FloatSlider(value=start_growth, min=-0.2, max=0.5, step=0.01, description=_("Growth"),
                                          readout_format="+.0%", continuous_update=False,
                                          style={"description_width": "initial"})
        self.over_assignment = widgets.FloatSlider(
            value=config.over_assignment if over_assignment is None else over_assignment, min=1.0, max=1.3,
            step=0.01, description=_("Over-assignment"), readout_format=".0%", continuous_update=False,
            style={"description_width": "initial"})
        self.summary = widgets.HTML()
        self.table = widgets.HTML()
        self.chart = widgets.Image(format="png")
        self.widget = widgets.VBox([widgets.HBox([self.growth, self.over_assignment]), self.summary,
                                    widgets.HBox([self.table, self.chart])])
        self.plan: TargetPlan = self.recompute()
        self.growth.observe(self._changed, names="value")
        self.over_assignment.observe(self._changed, names="value")

    def _changed(self, change: dict) -> None:
        self.recompute()

    def recompute(self) -> TargetPlan:
        """Decompose again with the sliders' values and refresh the views."""
        plan = decompose_plan(self.config, growth=float(self.growth.value),
                              over_assignment=float(self.over_assignment.value))
        self.plan = plan
        self.summary.value = display_table(plan.summary()).to_html(index=False)
        shown = display_table(plan.by_consultant[["consultant_id", "name", "team", "target", "assigned", "last_year"]])
        findings = display_table(plan.findings[["dimension", "severity", "message"]])
        count = _.ngettext("{n} finding", "{n} findings", len(findings)).format(n=len(findings))
        self.table.value = (shown.to_html(index=False, na_rep="")
                            + f"<p>{html.escape(count)}</p>" + findings.to_html(index=False))
        months = plan.consultant_month.set_index("consultant_id").drop(columns="total")
        self.chart.value = figure_png(heatmap(months, title=_("{year} targets: consultant × month").format(
            year=plan.year)), dpi=60)
        return plan

    def _repr_mimebundle_(self, **kwargs: Any):
        return self.widget._repr_mimebundle_(**kwargs)


def target_explorer(config: TargetConfig, **kwargs: Any) -> TargetExplorer:
    """Build a :class:`TargetExplorer` for ``config`` (see its attributes).

    Examples
    --------
    >>> from orgplan.model.io import DATA_DIR
    >>> from orgplan.sales.targets import read_target_config
    >>> explorer = target_explorer(read_target_config(DATA_DIR / "sales" / "target-2027.yaml"))
    >>> explorer.plan.total
    1523
    >>> explorer.growth.value = 0.10
    >>> explorer.plan.total
    1551
    """
    return TargetExplorer(config, **kwargs)
