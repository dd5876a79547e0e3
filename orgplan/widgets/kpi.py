"""A month and salesperson picker for the sales team review (notebook 07).

The widget holds no logic: picking a month, a salesperson or a metric
looks up the tables :func:`orgplan.sales.kpi.monthly_kpis`,
:func:`orgplan.sales.kpi.plan_vs_actual` and :func:`orgplan.sales.kpi.early_warnings`
produced, and draws :func:`orgplan.render.sales_figures.plot_trend`. It shows HTML and PNG
widgets (no ``Output`` widget, no print), so tests drive it by setting
``.value`` without a kernel and read the tables it keeps.
"""

from __future__ import annotations

import html
from typing import Any

import pandas as pd

from orgplan.errors import ParameterError
from orgplan.i18n import Translator
from orgplan.render.fonts import figure_png
from orgplan.render.sales_figures import plot_trend
from orgplan.sales.display import display_table, label
from orgplan.sales.kpi import PlanVsActual, WarningRules, early_warnings, monthly_kpis, parse_period, team_total

_ = Translator("sales")

__all__ = ["TeamReview", "team_review", "COMPARED"]

#: The metrics the picker compares with the team, in order.
COMPARED = ["visits", "days", "visits_per_day", "minutes_per_visit", "revenue_per_visit", "cost_per_visit",
            "orders", "orders_per_100_visits", "revenue", "expense_ratio", "new_customers", "lost_customers"]


class TeamReview:
    """Pick a month and a salesperson; see them against the team, their plan and their warnings.

    Attributes
    ----------
    month, salesperson, metric : ipywidgets.Dropdown
        The choices; ``salesperson`` shows names, its value is the id.
    comparison : ipywidgets.HTML
        The salesperson's KPIs of the month beside the team's.
    chart : ipywidgets.Image
        The chosen metric month by month, the salesperson against the team (PNG).
    plan : ipywidgets.HTML
        The salesperson's plan versus actual, month by month up to the chosen month.
    warnings : ipywidgets.HTML
        The salesperson's early warnings in the chosen month.
    comparison_table, plan_table, warning_table : DataFrame
        What the HTML widgets show, for programs and tests.
    widget : ipywidgets.VBox
        Everything, as shown in the notebook.
    """

    def __init__(self, activity: pd.DataFrame, review: PlanVsActual | None = None, *,
                 rules: WarningRules | None = None, month: str | None = None, salesperson: str | None = None):
        import ipywidgets as widgets

        if "month" not in activity.columns:
            raise ParameterError("The 'activity' parameter of TeamReview must be monthly KPIs (see monthly_kpis).")
        self.activity = activity
        self.review = review
        self.rules = rules or WarningRules()
        months = list(dict.fromkeys(activity["month"]))
        people = activity.drop_duplicates("salesperson")
        options = [(f"{sp} {name}" if isinstance(name, str) and name else sp, sp)
                   for sp, name in zip(people["salesperson"], people.get("name", people["salesperson"]))]
        style = {"description_width": "initial"}
        self.month = widgets.Dropdown(options=months, value=month or months[-1], description=_("Month"),
                                      style=style)
        self.salesperson = widgets.Dropdown(options=options, value=salesperson or options[0][1],
                                            description=_("Salesperson"), style=style)
        metrics = [m for m in COMPARED if m in activity.columns]
        self.metric = widgets.Dropdown(options=[(label(m), m) for m in metrics], value="visits",
                                       description=_("Metric"), style=style)
        self.comparison = widgets.HTML()
        self.plan = widgets.HTML()
        self.warnings = widgets.HTML()
        self.chart = widgets.Image(format="png")
        self.widget = widgets.VBox([
            widgets.HBox([self.month, self.salesperson, self.metric]),
            widgets.HBox([self.comparison, self.chart]),
            self.warnings, self.plan,
        ])
        self.comparison_table = pd.DataFrame()
        self.plan_table = pd.DataFrame()
        self.warning_table = pd.DataFrame()
        self.refresh()
        for control in (self.month, self.salesperson, self.metric):
            control.observe(self._changed, names="value")

    def _changed(self, change: dict) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Recompute the views for the current choices."""
        month, who = self.month.value, self.salesperson.value
        rows = self.activity[self.activity["month"] == month]
        mine = rows[rows["salesperson"] == who]
        team = team_total(rows)
        metrics = [m for m in COMPARED if m in rows.columns]
        table = pd.DataFrame({
            "metric": metrics,
            "salesperson": [mine[m].iloc[0] if len(mine) else float("nan") for m in metrics],
            "team": [team[m].iloc[0] for m in metrics],
        })
        members = int((rows["visits"] > 0).sum())
        per_head = {"visits", "days", "orders", "revenue", "new_customers", "lost_customers"}
        table["team_per_consultant"] = [t / members if m in per_head and members else t
                                        for m, t in zip(table["metric"], table["team"])]
        self.comparison_table = table
        shown = table.assign(metric=table["metric"].map(label)).rename(columns={
            "metric": _("metric"), "salesperson": _("salesperson"), "team": _("team"),
            "team_per_consultant": _("team per consultant")})
        self.comparison.value = (f"<b>{html.escape(month)}</b>" + shown.to_html(
            index=False, na_rep="", float_format=lambda v: f"{v:,.3g}"))
        if self.review is not None:
            period = parse_period(month)
            plan = self.review.monthly
            self.plan_table = plan[(plan["salesperson"] == who) & (plan["month"] <= month)].reset_index(drop=True)
            self.plan.value = (f"<b>{html.escape(_('Plan versus actual'))}</b>"
                               + display_table(self.plan_table.drop(columns=["name", "team"])).to_html(
                                   index=False, na_rep="", float_format=lambda v: f"{v:.0%}"))
            usable = self.review if period.start.year == self.review.year and period.start.month <= \
                self.review.through else None
        else:
            usable = None
        flags = early_warnings(usable, self.activity, month=month, rules=self.rules)
        self.warning_table = flags[flags["salesperson"] == who].reset_index(drop=True)
        if self.warning_table.empty:
            self.warnings.value = "<p>{}</p>".format(html.escape(
                _("No early warning for {salesperson} in {month}.").format(salesperson=who, month=month)))
        else:
            items = "".join(f"<li>{html.escape(m)}</li>" for m in self.warning_table["message"])
            self.warnings.value = f"<p><b>{html.escape(_('Early warnings'))}</b></p><ul>{items}</ul>"
        self.chart.value = figure_png(plot_trend(self.activity[self.activity["month"] <= month],
                                                 self.metric.value, salesperson=who), dpi=80)

    def _repr_mimebundle_(self, **kwargs: Any):
        return self.widget._repr_mimebundle_(**kwargs)


def team_review(visits: pd.DataFrame, period: str, review: PlanVsActual | None = None, *,
                customers: pd.DataFrame | None = None, salespeople: Any = None, lost_after: int = 180,
                **kwargs: Any) -> TeamReview:
    """Build a :class:`TeamReview` over the months of ``period``.

    Parameters
    ----------
    visits : DataFrame
        The visit log (:func:`orgplan.sales.kpi.read_visits`).
    period : str
        The months to offer, e.g. ``2027-01-01..2027-09-30`` or ``2027``.
    review : PlanVsActual, optional
        Plan versus actual, for the plan table and the behind-plan warning.
    customers, salespeople, lost_after
        As for :func:`orgplan.sales.kpi.monthly_kpis`.
    **kwargs
        ``month``, ``salesperson`` (first choices) and ``rules``.

    Examples
    --------
    >>> from orgplan.model.io import DATA_DIR
    >>> from orgplan.sales.kpi import read_visits
    >>> picker = team_review(read_visits(DATA_DIR / "sales" / "visits-2027.csv"), "2027-01-01..2027-09-30")
    >>> picker.month.value, picker.salesperson.value
    ('2027-09', 'S01')
    >>> picker.salesperson.value = "S04"
    >>> picker.warning_table["flag"].tolist()
    ['activity_dropping']
    >>> picker.month.value = "2027-06"
    >>> picker.warning_table.empty
    True
    """
    activity = monthly_kpis(visits, period, customers=customers, salespeople=salespeople, lost_after=lost_after)
    return TeamReview(activity, review, **kwargs)
