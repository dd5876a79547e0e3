"""A scenario picker for notebooks: choose a scenario and a figure, see what changes, save the choice.

The widget holds no logic: it calls :func:`orgplan.organisation.diff.compare`,
:func:`orgplan.organisation.diff.diff_summary`, :func:`orgplan.organisation.diff.diff`,
:func:`orgplan.render.comparison.comparison_chart`, :func:`orgplan.render.comparison.diff_chart`
and :func:`orgplan.organisation.review.save_version`, and keeps their results as
attributes so tests (and users) read the data behind what is shown.

Examples
--------
>>> from orgplan import read_structure, sample_path, Scenario
>>> base = read_structure(sample_path("as-is-2026"))
>>> scenarios = [Scenario.load(sample_path(f"scenarios/{n}.yaml"))
...              for n in ("merge-marketing-into-sales", "flatten-workshop")]
>>> picker = ScenarioPicker(base, scenarios, show_chart=False)
>>> picker.scenario.options
('方案A：市场部并入销售部', '方案C：维修车间减少一层')
>>> picker.scenario.value = "方案C：维修车间减少一层"
>>> picker.summary.delta("approved")
4
>>> picker.metric.value = "monthly_cost"
>>> list(picker.figure_values)
[926000.0, 972000.0, 958000.0]
"""

from __future__ import annotations

import html
import os
from pathlib import Path
from typing import Any, Sequence

import ipywidgets as widgets
import pandas as pd
from IPython.display import display

from orgplan.organisation.diff import DiffSummary, compare, diff, diff_summary
from orgplan.organisation.review import save_version, to_draft
from orgplan.errors import OrgPlanError, ParameterError
from orgplan.organisation.scenario import Scenario
from orgplan.model.structure import Structure
from orgplan.render.comparison import comparison_chart, diff_chart
from orgplan.i18n import N_, Translator
from orgplan.organisation.display import changes_table

_ = Translator("organisation")

__all__ = ["ScenarioPicker", "scenario_picker", "METRICS"]

#: Figures offered in the metric picker (rows of :func:`orgplan.organisation.diff.compare`).
METRICS: dict[str, str] = {
    "approved": N_("approved headcount"),
    "filled": N_("filled"),
    "vacancy": N_("vacancy"),
    "monthly_cost": N_("monthly cost"),
    "annual_cost": N_("annual cost"),
    "managers": N_("managers"),
    "manager_ratio": N_("staff per manager"),
    "layers": N_("layers"),
    "span_min": N_("smallest span"),
    "span_median": N_("median span"),
    "span_max": N_("largest span"),
    "errors": N_("errors"),
    "warnings": N_("warning findings"),
}


class ScenarioPicker:
    """Pick one scenario (its deltas, changes and diff chart) and one figure (compared across all).

    Parameters
    ----------
    base : Structure
        The structure the scenarios start from (shown as the first column).
    scenarios : sequence of Scenario or Structure
        The alternatives; a :class:`~orgplan.organisation.scenario.Scenario` is applied
        to ``base``.
    save_to : str or Path, optional
        Where the "save as draft" button writes the chosen scenario; without
        it there is no button.
    show_chart : bool, default True
        Draw the diff chart of the chosen scenario (Graphviz).

    Attributes
    ----------
    scenario, metric : ipywidgets.Dropdown
    save_button : ipywidgets.Button or None
    message : ipywidgets.HTML
        What the last action did.
    structures : dict
        Scenario name → resulting structure.
    comparison : DataFrame
        :func:`~orgplan.organisation.diff.compare` of the base and every scenario.
    selected : Structure
        The chosen scenario's structure.
    summary : DiffSummary
        Its deltas against ``base``; ``changes`` its :func:`~orgplan.organisation.diff.diff`.
    figure_values : Series
        The chosen figure per structure; ``figure`` its bar chart.
    saved_path : Path or None
        Where the last save wrote to.
    """

    def __init__(self, base: Structure, scenarios: Sequence[Scenario | Structure], *,
                 save_to: str | os.PathLike | None = None, show_chart: bool = True) -> None:
        if not isinstance(base, Structure):
            raise ParameterError(_("The 'base' parameter of ScenarioPicker must be a Structure. Got {value} instead.")
                                 .format(value=repr(base)))
        if not scenarios:
            raise ParameterError("The 'scenarios' parameter of ScenarioPicker must hold at least one scenario. "
                                 "Got nothing instead.")
        self.base = base
        self.structures: dict[str, Structure] = {}
        for item in scenarios:
            structure = item.apply(base) if isinstance(item, Scenario) else item
            if not isinstance(structure, Structure):
                raise ParameterError(_("The 'scenarios' parameter of ScenarioPicker must hold Scenario or Structure "
                                       "objects. Got {value} instead.").format(value=repr(item)))
            self.structures[structure.name] = structure
        self.comparison = compare(base, *self.structures.values(),
                                  names=[_base_column(base, self.structures), *self.structures])
        self.show_chart = show_chart
        self.save_to = None if save_to is None else Path(save_to)
        self.saved_path: Path | None = None

        self.scenario = widgets.Dropdown(options=tuple(self.structures), description=_("scenario"),
                                         style={"description_width": "initial"},
                                         layout=widgets.Layout(width="420px"))
        self.metric = widgets.Dropdown(options=[(_(label), key) for key, label in METRICS.items()],
                                       value="approved", description=_("figure"),
                                       style={"description_width": "initial"})
        self.message = widgets.HTML()
        self.save_button = None
        if self.save_to is not None:
            self.save_button = widgets.Button(description=_("save as draft"), icon="save",
                                              layout=widgets.Layout(width="220px"))
            self.save_button.on_click(self._save)
        self.scenario_output = widgets.Output()
        self.metric_output = widgets.Output()
        self.scenario.observe(self._on_scenario, names="value")
        self.metric.observe(self._on_metric, names="value")
        self._select()
        self._measure()

    # state --------------------------------------------------------------
    def _select(self) -> None:
        self.selected: Structure = self.structures[self.scenario.value]
        self.summary: DiffSummary = diff_summary(self.base, self.selected)
        self.changes: pd.DataFrame = diff(self.base, self.selected)
        self.chart: Any = None
        if self.show_chart:
            self.chart = diff_chart(self.base, self.selected)

    def _measure(self) -> None:
        self.figure_values: pd.Series = pd.to_numeric(self.comparison.loc[self.metric.value]).astype(float)
        self.figure = comparison_chart(self.comparison, self.metric.value, title=_(METRICS[self.metric.value]))

    # events -------------------------------------------------------------
    def _on_scenario(self, _change: Any = None) -> None:
        self._select()
        self.message.value = ""
        if hasattr(self, "_widget"):  # outputs fill once the picker is on screen
            self._show_scenario()

    def _on_metric(self, _change: Any = None) -> None:
        self._measure()
        if hasattr(self, "_widget"):
            self._show_metric()

    def _save(self, _button: Any = None) -> None:
        draft = to_draft(self.selected)
        try:
            self.saved_path = save_version(draft, self.save_to)
        except (OrgPlanError, OSError) as exc:
            self.message.value = ("<span style='color:#b00020'>"
                                  + _("not saved: {error}").format(error=_escape(exc)) + "</span>")
            return
        self.message.value = _("saved as draft: {path}").format(path=f"<code>{_escape(self.saved_path)}</code>")

    # display ------------------------------------------------------------
    def _show_scenario(self) -> None:
        self.scenario_output.clear_output(wait=True)
        with self.scenario_output:
            display(self.summary)
            display(changes_table(self.changes))
            if self.chart is not None:
                display(self.chart)

    def _show_metric(self) -> None:
        self.metric_output.clear_output(wait=True)
        with self.metric_output:
            display(self.figure)

    @property
    def widget(self) -> widgets.VBox:
        """The whole picker as one widget."""
        if not hasattr(self, "_widget"):
            self._show_scenario()
            self._show_metric()
            controls = [self.metric, self.metric_output, self.scenario]
            if self.save_button is not None:
                controls.append(widgets.HBox([self.save_button, self.message]))
            self._widget = widgets.VBox(controls + [self.scenario_output])
        return self._widget

    def _ipython_display_(self) -> None:
        display(self.widget)


def scenario_picker(base: Structure, scenarios: Sequence[Scenario | Structure], *,
                    save_to: str | os.PathLike | None = None, show_chart: bool = True) -> ScenarioPicker:
    """Build a :class:`ScenarioPicker` (see there)."""
    return ScenarioPicker(base, scenarios, save_to=save_to, show_chart=show_chart)


def _base_column(base: Structure, structures: dict[str, Structure]) -> str:
    name = base.name
    while name in structures:
        name += " (base)"
    return name


def _escape(value: object) -> str:
    return html.escape(str(value))
