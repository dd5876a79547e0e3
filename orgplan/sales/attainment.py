"""Plan versus actual (計劃與實績): cars sold against the decomposed target, month by month and year to date.

:func:`plan_vs_actual` compares the actual sales with a
:class:`~orgplan.sales.target_plan.TargetPlan` and returns a
:class:`PlanVsActual`: attainment, variance and the projection to year end
per salesperson, month, model and team.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any, Iterable

import numpy as np
import pandas as pd

from orgplan.errors import ParameterError
from orgplan.i18n import N_, Translator
from orgplan.sales.display import display_table
from orgplan.sales.periods import Period, month_label as _month_label, parse_period
from orgplan.sales.target_plan import TargetPlan

_ = Translator("sales")

__all__ = ["PlanVsActual", "plan_vs_actual", "MONTH_NAMES"]

#: The month names as shown (calendar.month_name in English), marked for the catalogue.
MONTH_NAMES = (N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"), N_("July"),
               N_("August"), N_("September"), N_("October"), N_("November"), N_("December"))


def _attainment(actual: pd.Series, target: pd.Series) -> pd.Series:
    return actual.astype("float64") / target.where(target > 0).astype("float64")


@dataclass(frozen=True)
class PlanVsActual:
    """Cars sold against the decomposed target, up to a month of the plan year.

    Built by :func:`plan_vs_actual`. Attainment is actual / target (empty
    when the target is 0), variance actual − target.

    Attributes
    ----------
    year : int
        The plan year.
    through : int
        The last month compared (1–12); "year to date" ends with it.
    monthly : DataFrame
        Per salesperson and month (``2027-01`` … up to ``through``):
        ``target, actual, variance, attainment`` and the running
        ``ytd_target, ytd_actual, ytd_variance, ytd_attainment``.
    by_salesperson : DataFrame
        ``year_target, ytd_target, ytd_actual, variance, attainment,
        projection, projected_attainment, to_go, behind_streak`` (months
        behind plan in a row, ending with ``through``).
    by_model, by_team : DataFrame
        The same year-to-date figures per model and per team.
    actual : DataFrame
        The actual sales of the plan year up to ``through`` (as read).

    Notes
    -----
    ``projection`` is the run rate to year end, paced by the plan's
    seasonality: the rest of the year is assumed to be sold at the
    year-to-date attainment, so ``projection = ytd_actual / ytd_target ×
    year_target`` (empty when nothing was planned yet). ``to_go`` is what
    is still to sell to make the year: ``year_target − ytd_actual``.
    """

    year: int
    through: int
    monthly: pd.DataFrame = field(repr=False)
    by_salesperson: pd.DataFrame = field(repr=False)
    by_model: pd.DataFrame = field(repr=False)
    by_team: pd.DataFrame = field(repr=False)
    actual: pd.DataFrame = field(repr=False)

    @property
    def month(self) -> str:
        """The last month compared, as ``2027-09``."""
        return _month_label(self.year, self.through)

    def summary(self, salespeople: Iterable[str] | None = None) -> pd.DataFrame:
        """The company's figures as a two-column table (item, value); with ``salespeople``, theirs only.

        Examples
        --------
        >>> from orgplan.model.io import DATA_DIR
        >>> from orgplan.sales.targets import decompose_plan, read_target_config
        >>> from orgplan.sales.activity_files import read_actuals
        >>> plan = decompose_plan(read_target_config(DATA_DIR / "sales" / "target-2027.yaml"))
        >>> review = plan_vs_actual(plan, read_actuals(DATA_DIR / "sales" / "actual-2027.csv"))
        >>> review.summary().iloc[-1, 1], review.summary(["S01", "S02", "S03"]).iloc[-1, 1]
        ('6 of 15', '0 of 3')
        """
        people = self.by_salesperson
        if salespeople is not None:
            people = people[people["salesperson"].isin(list(salespeople))]
        target, actual = int(people["ytd_target"].sum()), int(people["ytd_actual"].sum())
        year_target = int(people["year_target"].sum())
        projection = actual / target * year_target if target else float("nan")
        behind = int((people["variance"] < 0).sum())
        return pd.DataFrame({
            "item": [N_("through"), N_("year target"), N_("target to date"), N_("sold to date"),
                     N_("attainment to date"), N_("projection to year end"), N_("salespeople behind plan")],
            "value": [self.month, f"{year_target:,}", f"{target:,}", f"{actual:,}",
                      f"{actual / target:.1%}" if target else "", f"{projection:,.0f}" if target else "",
                      _("{behind} of {total}").format(behind=behind, total=len(people))],
        })

    def results(self, period: str | Period) -> pd.DataFrame:
        """Per salesperson for a period: ``units, target, attainment, collected, gross_profit``.

        Only the months up to :attr:`through` count (the later ones have
        no actuals yet). The scorecard's quantitative results come from here.

        Examples
        --------
        >>> from orgplan.model.io import DATA_DIR
        >>> from orgplan.sales.targets import decompose_plan, read_target_config
        >>> from orgplan.sales.activity_files import read_actuals
        >>> plan = decompose_plan(read_target_config(DATA_DIR / "sales" / "target-2027.yaml"))
        >>> review = plan_vs_actual(plan, read_actuals(DATA_DIR / "sales" / "actual-2027.csv"))
        >>> review.results("2027Q3").head(2)[["salesperson", "units", "target"]]
          salesperson  units  target
        0         S01     37      34
        1         S02     32      32
        """
        period = parse_period(period)
        labels = {m.label for m in period.months() if m.kind == "month"}
        if any(m.kind != "month" for m in period.months()):
            raise ParameterError(f"The 'period' parameter of PlanVsActual.results must be whole months "
                                 f"(a month, quarter or year): actual sales are monthly. Got {period.label!r} instead.")
        rows = self.monthly[self.monthly["month"].isin(labels)]
        sums = rows.groupby("salesperson", sort=False)[["actual", "target"]].sum()
        order = self.by_salesperson["salesperson"]
        sums = sums.reindex(order, fill_value=0)
        inside = self.actual[self.actual["month"].map(lambda m: _month_label(self.year, m)).isin(labels)]
        money = inside.groupby("salesperson")[["collected", "gross_profit"]].sum(min_count=1).reindex(order)
        return pd.DataFrame({
            "salesperson": order.to_numpy(),
            "units": sums["actual"].to_numpy(dtype="int64"),
            "target": sums["target"].to_numpy(dtype="int64"),
            "attainment": _attainment(sums["actual"], sums["target"]).to_numpy(),
            "collected": money["collected"].to_numpy(),
            "gross_profit": money["gross_profit"].to_numpy(),
        })

    def _repr_html_(self) -> str:
        shown = self.by_salesperson.copy()
        for column in ("attainment", "projected_attainment"):
            shown[column] = shown[column].map(lambda v: "" if pd.isna(v) else f"{v:.0%}")
        shown["projection"] = shown["projection"].map(lambda v: "" if pd.isna(v) else f"{v:.0f}")
        heading = _("Plan versus actual {year}, January to {month}").format(
            year=self.year, month=_(MONTH_NAMES[self.through - 1]))
        return (f"<h4>{html.escape(heading)}</h4>" + display_table(self.summary()).to_html(index=False)
                + display_table(shown).to_html(index=False, na_rep=""))


def _through(value: Any, year: int, default: int) -> int:
    """The last month to compare: ``value``, or ``default`` (the latest month with sales) when None.

    A month after the latest month with sales is refused: its missing rows
    would count as zero cars sold and flag everyone as behind plan.
    """
    if value is None:
        return default
    if isinstance(value, (str, Period)):
        try:
            period = parse_period(value)
        except ParameterError:
            period = None
        if period is None or period.kind != "month" or period.start.year != year:
            raise ParameterError(f"The 'through' parameter of plan_vs_actual must be a month of {year} "
                                 f"(e.g. {year}-09) or a month number. Got {str(value)!r} instead.")
        month = period.start.month
    elif isinstance(value, (int, np.integer)) and not isinstance(value, bool) and 1 <= value <= 12:
        month = int(value)
    else:
        raise ParameterError(f"The 'through' parameter of plan_vs_actual must be a month number from 1 to 12 "
                             f"or a month such as {year}-09. Got {value!r} instead.")
    if month > default:
        raise ParameterError(f"The 'through' parameter of plan_vs_actual must be a month with actual sales: the "
                             f"sales go up to {year}-{default:02d}. Got {str(value)!r} instead; add the sales of "
                             f"the later months, or compare through {year}-{default:02d}.")
    return month


def _ytd_frame(target_ytd: pd.Series, actual_ytd: pd.Series, year_target: pd.Series) -> pd.DataFrame:
    attainment = _attainment(actual_ytd, target_ytd)
    projection = attainment * year_target
    return pd.DataFrame({
        "year_target": year_target.astype("int64"),
        "ytd_target": target_ytd.astype("int64"),
        "ytd_actual": actual_ytd.astype("int64"),
        "variance": (actual_ytd - target_ytd).astype("int64"),
        "attainment": attainment,
        "projection": projection,
        "projected_attainment": _attainment(projection, year_target),
        "to_go": (year_target - actual_ytd).astype("int64"),
    })


def plan_vs_actual(plan: TargetPlan, actual: pd.DataFrame, *, through: int | str | None = None) -> PlanVsActual:
    """Compare actual sales with the decomposed target, month by month and year to date.

    Parameters
    ----------
    plan : TargetPlan
        The decomposed target (:func:`orgplan.sales.targets.decompose_plan`); its
        ``cube`` (consultant × month × model, whole cars) is the target.
        The consultants' plan targets are compared, not the over-assigned
        quotas.
    actual : DataFrame
        Actual sales (:func:`read_actuals`). Rows of other years are left out.
    through : int or str, optional
        Last month to compare (``9`` or ``"2027-09"``); default the latest
        month with actual sales.

    Returns
    -------
    PlanVsActual

    Raises
    ------
    ParameterError
        If there are no actual sales for the plan year, ``through`` is not a
        month of it, or the actual sales name a salesperson or model the
        plan does not have (the message lists them).

    Examples
    --------
    >>> from orgplan.model.io import DATA_DIR
    >>> from orgplan.sales.targets import decompose_plan, read_target_config
    >>> from orgplan.sales.activity_files import read_actuals
    >>> plan = decompose_plan(read_target_config(DATA_DIR / "sales" / "target-2027.yaml"))
    >>> review = plan_vs_actual(plan, read_actuals(DATA_DIR / "sales" / "actual-2027.csv"))
    >>> review.month
    '2027-09'
    >>> review.by_salesperson.loc[review.by_salesperson["salesperson"] == "S04",
    ...     ["ytd_target", "ytd_actual", "variance", "behind_streak"]].values.tolist()
    [[84, 78, -6, 2]]
    """
    year = int(plan.year)
    people = plan.by_consultant[["consultant_id", "name", "team"]].rename(columns={"consultant_id": "salesperson"})
    models = plan.by_model[["model_id", "name"]]
    rows = _actual_of_year(actual, year, people, models)
    through = _through(through, year, int(rows["month"].max()))
    rows = rows[rows["month"] <= through].reset_index(drop=True)
    months = list(range(1, through + 1))
    ids = people["salesperson"].tolist()

    target = plan.cube.groupby(level=["consultant", "month"]).sum().unstack("month").reindex(
        index=ids, columns=range(1, 13), fill_value=0)
    sold = rows.groupby(["salesperson", "month"])["units"].sum().unstack("month")
    sold = sold.reindex(index=ids, columns=months).fillna(0).astype("int64")
    monthly = people.merge(_monthly(year, ids, target[months], sold), on="salesperson", how="right")

    person = _ytd_frame(target[months].sum(axis=1), sold.sum(axis=1), target.sum(axis=1))
    person["behind_streak"] = _behind_streak((sold < target[months]).to_numpy())
    by_salesperson = pd.concat([people.set_index("salesperson"), person], axis=1).rename_axis("salesperson")
    by_salesperson = by_salesperson.reset_index()

    model_ids = models["model_id"].tolist()
    model_target = plan.cube.groupby(level=["model", "month"]).sum().unstack("month").reindex(
        index=model_ids, columns=range(1, 13), fill_value=0)
    model_sold = rows.groupby("model_id")["units"].sum().reindex(model_ids, fill_value=0)
    model = _ytd_frame(model_target[months].sum(axis=1), model_sold, model_target.sum(axis=1))
    by_model = pd.concat([models.set_index("model_id"), model], axis=1).rename_axis("model_id").reset_index()

    team_sums = by_salesperson.groupby("team", sort=False)[["ytd_target", "ytd_actual", "year_target"]].sum()
    by_team = _ytd_frame(team_sums["ytd_target"], team_sums["ytd_actual"], team_sums["year_target"])
    by_team = by_team.rename_axis("team").reset_index()
    return PlanVsActual(year=year, through=through, monthly=monthly, by_salesperson=by_salesperson,
                        by_model=by_model, by_team=by_team, actual=rows)


def _actual_of_year(actual: pd.DataFrame, year: int, people: pd.DataFrame, models: pd.DataFrame) -> pd.DataFrame:
    """The actual sales of the plan year, refused when they name a salesperson or model the plan lacks."""
    func = "plan_vs_actual"
    needed = {"year", "month", "salesperson", "model_id", "units"}
    if not needed <= set(actual.columns):
        raise ParameterError(f"The 'actual' parameter of {func} must have the columns "
                             f"{', '.join(sorted(needed))} (see read_actuals). Got {list(actual.columns)!r} instead.")
    rows = actual[actual["year"] == year].copy()
    if rows.empty:
        years = ", ".join(map(str, sorted(set(actual["year"])))) or "none"
        raise ParameterError(f"The 'actual' parameter of {func} has no sales for the plan year {year} "
                             f"(years found: {years}).")
    for column in ("collected", "gross_profit"):
        if column not in rows.columns:
            rows[column] = np.nan
    unknown = sorted(set(rows["salesperson"]) - set(people["salesperson"]))
    if unknown:
        raise ParameterError(f"The actual sales name salespeople the {year} plan has no target for: "
                             f"{', '.join(unknown)}. Add them to the consultants of the plan, or correct the ids.")
    unknown = sorted(set(rows["model_id"]) - set(models["model_id"]))
    if unknown:
        raise ParameterError(f"The actual sales name models the {year} plan does not have: {', '.join(unknown)}.")
    return rows


def _monthly(year: int, ids: list[str], target: pd.DataFrame, sold: pd.DataFrame) -> pd.DataFrame:
    """Per salesperson and month: target, actual, variance, attainment and their running (year-to-date) sums."""
    months = list(target.columns)
    long = pd.DataFrame({
        "salesperson": np.repeat(ids, len(months)),
        "month": [_month_label(year, m) for m in months] * len(ids),
        "target": target.to_numpy().ravel(),
        "actual": sold.to_numpy().ravel(),
    })
    long["variance"] = long["actual"] - long["target"]
    long["attainment"] = _attainment(long["actual"], long["target"])
    long["ytd_target"] = target.cumsum(axis=1).to_numpy().ravel()
    long["ytd_actual"] = sold.cumsum(axis=1).to_numpy().ravel()
    long["ytd_variance"] = long["ytd_actual"] - long["ytd_target"]
    long["ytd_attainment"] = _attainment(long["ytd_actual"], long["ytd_target"])
    return long


def _behind_streak(behind: np.ndarray) -> np.ndarray:
    """Per row, the months behind plan in a row ending with the last column."""
    streak = np.zeros(behind.shape[0], dtype="int64")
    last = behind.shape[1] - 1
    for column in range(last, -1, -1):
        still = streak == (last - column)
        streak = np.where(still & behind[:, column], streak + 1, streak)
    return streak
