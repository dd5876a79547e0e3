"""The mid-year re-plan (滚动调整): after a month's actuals, re-plan the remaining months so the year adds up.

:func:`replan` keeps every sold month as sold (the actual cars, consultant ×
model), and splits what is left of the year's target over the remaining
months, consultants and models in whole cars:

* the year's total stays exactly the plan's;
* each consultant keeps their year target where they can: what is left to
  them is their year target less what they sold (catching up what they are
  behind), within their **capacity** — their pace so far (cars per month
  worked this year) × the months left × (1 + ``headroom``) — and their
  **bound** — the year target may not exceed ``cap_units`` or, without one,
  the run rate × (1 + ``headroom``) (the plan's reasonableness line,
  ``checks.max_over_history``), nor fall below ``min_units``. What one cannot
  take goes to the others in proportion to what they have left;
* the months keep the plan's seasonality; each model gets what is left of
  its own target; the fleet team still sells fleet models only.

When the bounds leave too little room the re-plan refuses: :attr:`Replan.feasible`
is False, :attr:`Replan.refusal` names each consultant who would have to go
beyond their bound and by how much, and :attr:`Replan.message` says it in a
sentence. :func:`~orgplan.sales.target_versions.write_plan_version` keeps each version of the plan
and compares them (:mod:`orgplan.sales.target_versions`).

Examples
--------
>>> from orgplan.model.io import DATA_DIR
>>> from orgplan.sales.activity_files import read_actuals
>>> from orgplan.sales.plan_files import read_target_config
>>> from orgplan.sales.target_plan import decompose_plan
>>> config = read_target_config(DATA_DIR / "sales" / "target-2027.yaml")
>>> plan = decompose_plan(config)
>>> again = replan(plan, config, read_actuals(DATA_DIR / "sales" / "actual-2027.csv"))
>>> again.feasible, again.through, again.sold, again.remaining, int(again.cube.sum())
(True, 9, 1107, 416, 1523)
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from orgplan.errors import InfeasibleError, ParameterError
from orgplan.i18n import N_, Translator
from orgplan.sales.apportion import apportion
from orgplan.sales.display import display_table
from orgplan.sales.fit import fit
from orgplan.sales.plan_files import TargetConfig
from orgplan.sales.target_plan import TargetPlan, _consultant_weights
from orgplan.tables.schema import Column, Table, localise

_ = Translator("sales")

__all__ = ["Replan", "replan", "REFUSAL_COLUMNS", "REPLAN_LABELS", "display_replan"]

#: Columns of :attr:`Replan.refusal`.
REFUSAL_COLUMNS = ["consultant_id", "name", "sold", "would_need", "capacity", "bound", "over"]


@dataclass(frozen=True)
class Replan:
    """A re-planned year: the sold months as sold, the rest re-split (or a refusal).

    Attributes
    ----------
    cube : Series
        ``consultant × month × model`` in whole cars: actuals up to
        ``through``, the new targets after; None when refused.
    by_consultant : DataFrame
        ``consultant_id, name, team, plan, sold, remaining, year_target,
        change, bound, capacity``: the original year target, sold so far, the
        new target of the remaining months, the new year target (sold +
        remaining), its change, the year's bound and the capacity of the
        remaining months.
    by_month : DataFrame
        ``month, plan, target, status`` (``sold`` / ``planned``).
    refusal : DataFrame
        :data:`REFUSAL_COLUMNS`, empty when the re-plan is feasible.
    """

    year: int
    through: int
    total: int
    sold: int
    remaining: int
    feasible: bool
    message: str
    cube: pd.Series | None = field(repr=False)
    by_consultant: pd.DataFrame = field(repr=False)
    by_month: pd.DataFrame = field(repr=False)
    refusal: pd.DataFrame = field(repr=False)

    def _repr_html_(self) -> str:
        table = self.by_consultant if self.feasible else self.refusal
        return f"<p>{html.escape(self.message)}</p>" + display_replan(table).to_html(index=False)


def _sold_cube(plan: TargetPlan, actuals: pd.DataFrame, through: int) -> pd.Series:
    sold = actuals[(actuals["year"] == plan.year) & (actuals["month"] <= through)]
    people = set(plan.cube.index.get_level_values("consultant"))
    models = set(plan.cube.index.get_level_values("model"))
    strangers = sorted(set(sold["salesperson"]) - people)
    unknown = sorted(set(sold["model_id"]) - models)
    if strangers or unknown:
        raise ParameterError(_("The actual sales name {what} that the plan does not have; re-plan with the same "
                               "consultants and models.").format(what=", ".join(strangers + unknown)))
    counted = sold.groupby(["salesperson", "month", "model_id"])["units"].sum()
    counted.index = counted.index.set_names(["consultant", "month", "model"])
    return counted.reindex(plan.cube.index, fill_value=0).astype("int64")


def _bounds(config: TargetConfig, ids: pd.Index, headroom: float) -> tuple[pd.Series, pd.Series]:
    """Each consultant's lowest and highest year target: ``min_units``; ``cap_units`` or run rate × (1 + headroom)."""
    people = _consultant_weights(config).set_index("consultant_id").reindex(ids)
    by_rate = np.floor(people["run_rate"] * (1 + headroom))
    upper = people["cap_units"].where(people["cap_units"].notna(), by_rate)
    return people["min_units"], upper


def _capacity(config: TargetConfig, ids: pd.Index, sold: pd.Series, year: int, through: int,
              headroom: float) -> pd.Series:
    """What each consultant can sell in the remaining months: their pace so far × months left × (1 + headroom).

    The pace is the cars sold per month worked this year (from the start
    month when they joined this year); NaN (no limit) for someone who has not
    started by ``through``.
    """
    starts = pd.to_datetime(config.consultants.set_index("consultant_id")["start_date"]).reindex(ids)
    first = np.where(starts.dt.year < year, 1, np.where(starts.dt.year == year, starts.dt.month, 13))
    worked = np.clip(through - first + 1, 0, 12)
    pace = np.where(worked > 0, sold.to_numpy() / np.maximum(worked, 1), np.nan)
    return pd.Series(np.floor(pace * (12 - through) * (1 + headroom)), index=ids)


def _refusal(config: TargetConfig, need: pd.Series, sold: pd.Series, upper: pd.Series,
             capacity: pd.Series) -> pd.DataFrame:
    names = config.consultants.set_index("consultant_id")["name"]
    rows = pd.DataFrame({"consultant_id": need.index, "name": names.reindex(need.index).to_numpy(),
                         "sold": sold.to_numpy(), "would_need": need.to_numpy(), "capacity": capacity.to_numpy(),
                         "bound": upper.to_numpy()})
    room = np.fmin((upper - sold).clip(lower=0).to_numpy(), capacity.to_numpy())
    rows["over"] = rows["would_need"] - np.where(np.isnan(room), np.inf, room)
    rows = rows[rows["over"] > 0].sort_values("over", ascending=False, kind="stable")
    return rows[REFUSAL_COLUMNS].reset_index(drop=True)


def replan(plan: TargetPlan, config: TargetConfig, actuals: pd.DataFrame, *, through: int | None = None,
           headroom: float | None = None) -> Replan:
    """Re-plan the months after ``through`` so the year still adds up to the plan's total.

    Parameters
    ----------
    plan : TargetPlan
        The plan in force (from :func:`~orgplan.sales.target_plan.decompose_plan`).
    config : TargetConfig
        Its config: the consultants' ``min_units`` / ``cap_units`` and run rates.
    actuals : DataFrame
        ``year, month, salesperson, model_id, units`` (see
        :func:`~orgplan.sales.activity_files.read_actuals`).
    through : int, optional
        The last month sold (1–11); default the last month of the plan year in ``actuals``.
    headroom : float, optional
        How far above their run rate a consultant's year target may go when
        they have no ``cap_units``, and above their pace so far in the
        remaining months (0.5 = 50 %); default the config's
        ``checks.max_over_history``.

    Returns
    -------
    Replan
        Feasible, or a refusal naming who would exceed their bound.

    Raises
    ------
    ParameterError
        If ``through`` is not a month from 1 to 11, or the actuals name a
        consultant or model the plan does not have.
    """
    months_sold = sorted(set(actuals.loc[actuals["year"] == plan.year, "month"]))
    if through is None:
        if not months_sold:
            raise ParameterError(_("The actual sales have no month of {year}.").format(year=plan.year))
        through = int(months_sold[-1])
    if not (isinstance(through, (int, np.integer)) and 1 <= through <= 11):
        raise ParameterError(f"The 'through' parameter of replan must be a month from 1 to 11. Got {through!r} instead.")
    headroom = config.max_over_history if headroom is None else headroom
    if not (isinstance(headroom, (int, float)) and headroom >= 0):
        raise ParameterError(f"The 'headroom' parameter of replan must be 0 or more. Got {headroom!r} instead.")
    sold_cube = _sold_cube(plan, actuals, through)
    month_of = plan.cube.index.get_level_values("month")
    ids = pd.Index(plan.by_consultant["consultant_id"])
    sold = sold_cube.groupby(level="consultant", sort=False).sum().reindex(ids)
    original = plan.cube.groupby(level="consultant", sort=False).sum().reindex(ids)
    later = plan.cube[month_of > through]
    remaining = plan.total - int(sold.sum())
    lower, upper = _bounds(config, ids, float(headroom))
    capacity = _capacity(config, ids, sold, plan.year, through, float(headroom))
    low_left = (lower - sold).clip(lower=0).fillna(0)
    high_left = np.fmin((upper - sold).clip(lower=0), capacity)
    # each one's catch-up to their own year target; someone already past it keeps a little of the later plan
    later_plan = later.groupby(level="consultant", sort=False).sum().reindex(ids).astype(float)
    weights = (original - sold).clip(lower=0).astype(float) + 0.05 * later_plan + 1e-9
    month_plan = plan.by_month.set_index("month")["target"]
    by_month = pd.DataFrame({"month": range(1, 13), "plan": month_plan.reindex(range(1, 13)).to_numpy()})
    by_month["status"] = np.where(by_month["month"] <= through, "sold", "planned")
    base = pd.DataFrame({"consultant_id": ids, "name": plan.by_consultant["name"].to_numpy(),
                         "team": plan.by_consultant["team"].to_numpy(), "plan": original.to_numpy(),
                         "sold": sold.to_numpy()})
    words = {"year": plan.year, "total": f"{plan.total:,}", "through": through, "sold": f"{int(sold.sum()):,}",
             "left": f"{remaining:,}"}
    if remaining < 0:
        message = _("The year's {total} cars were already passed by month {through} ({sold} sold): the re-plan "
                    "cannot keep the year's total; raise the target instead.").format(**words)
        return _refused(plan, through, sold, remaining, message, base.assign(bound=upper.to_numpy()), by_month,
                        pd.DataFrame(columns=REFUSAL_COLUMNS))
    room = high_left.fillna(np.inf)
    if room.sum() < remaining:
        need = apportion(remaining, weights, lower=low_left)
        refusal = _refusal(config, need, sold, upper, capacity)
        who = _("; ").join(_("{name} ({id}) would need {need} more, room for {room}").format(
            name=r.name, id=r.consultant_id, need=f"{r.would_need:.0f}", room=f"{r.would_need - r.over:.0f}")
            for r in refusal.head(5).itertuples())
        message = _("Re-planning after month {through} cannot keep the year's {total} cars: {left} remain to sell, "
                    "but within their bounds and capacity the consultants can take at most {room} (short by "
                    "{short}). Who would have to go beyond their bound or capacity: {who}.").format(
            **words, room=f"{room.sum():,.0f}", short=f"{remaining - room.sum():,.0f}", who=who)
        return _refused(plan, through, sold, remaining, message, base.assign(bound=upper.to_numpy()), by_month,
                        refusal)
    quotas = apportion(remaining, weights, lower=low_left, upper=high_left.where(high_left.notna(), None))
    left_months = month_plan[month_plan.index > through].astype(float)
    months = apportion(remaining, left_months.where(left_months > 0, 1e-9)).rename_axis("month")
    model_sold = sold_cube.groupby(level="model", sort=False).sum()
    model_left = (plan.by_model.set_index("model_id")["target"] - model_sold.reindex(
        plan.by_model["model_id"])).clip(lower=0).astype(float)
    models = apportion(remaining, model_left if model_left.sum() > 0 else plan.by_model.set_index(
        "model_id")["target"].astype(float)).rename_axis("model")
    seed = (later.astype(float) + 0.5) * (_allowed(config, later.index)).to_numpy()
    try:
        fitted = fit(seed, {"consultant": quotas.rename_axis("consultant"), "month": months, "model": models},
                     integer=True)
    except InfeasibleError as exc:
        message = _("Re-planning after month {through} cannot split the {left} cars left: {reason}").format(
            **words, reason=str(exc))
        return _refused(plan, through, sold, remaining, message, base.assign(bound=upper.to_numpy()), by_month,
                        pd.DataFrame(columns=REFUSAL_COLUMNS))
    cube = pd.concat([sold_cube[month_of <= through], fitted.astype("int64")]).reindex(plan.cube.index)
    cube = cube.rename("target")
    base["remaining"] = quotas.reindex(ids).to_numpy()
    base["year_target"] = base["sold"] + base["remaining"]
    base["change"] = base["year_target"] - base["plan"]
    base["bound"] = upper.to_numpy()
    base["capacity"] = capacity.to_numpy()
    by_month["target"] = cube.groupby(level="month").sum().reindex(range(1, 13)).to_numpy()
    message = _("Re-planned after month {through}: {sold} cars sold, {left} to sell in the remaining months; "
                "the year still adds up to {total}.").format(**words)
    return Replan(year=plan.year, through=through, total=plan.total, sold=int(sold.sum()), remaining=remaining,
                  feasible=True, message=message, cube=cube, by_consultant=base,
                  by_month=by_month[["month", "plan", "target", "status"]], refusal=pd.DataFrame(columns=REFUSAL_COLUMNS))


def _allowed(config: TargetConfig, index: pd.MultiIndex) -> pd.Series:
    """1 where a consultant may sell a model (the fleet team: fleet models only), else 0."""
    teams = config.consultants.set_index("consultant_id")["team"]
    fleet = set(config.models.loc[config.models["fleet"], "model_id"])
    team = teams.reindex(index.get_level_values("consultant")).to_numpy()
    model = index.get_level_values("model")
    ok = (team != config.fleet_team) | np.asarray(model.isin(fleet))
    return pd.Series(ok.astype(float), index=index)


def _refused(plan: TargetPlan, through: int, sold: pd.Series, remaining: int, message: str, base: pd.DataFrame,
             by_month: pd.DataFrame, refusal: pd.DataFrame) -> Replan:
    by_month = by_month.assign(target=np.nan)[["month", "plan", "target", "status"]]
    return Replan(year=plan.year, through=through, total=plan.total, sold=int(sold.sum()), remaining=remaining,
                  feasible=False, message=message, cube=None, by_consultant=base, by_month=by_month,
                  refusal=refusal)


#: What people read for the re-plan's own columns (the others are :data:`orgplan.sales.display.LABELS`).
REPLAN_LABELS = {"plan": N_("original plan"), "sold": N_("sold"), "remaining": N_("to sell in the remaining months"),
                 "year_target": N_("new year target"), "change": N_("change"), "bound": N_("bound"),
                 "capacity": N_("capacity of the remaining months"), "would_need": N_("would need"),
                 "over": N_("beyond what they can take"), "status": N_("status")}
_REPLAN_OUTPUT = Table("replan_output", None, tuple(
    Column(name, "choice" if name == "status" else "text", required=False, label=text,
           choice_labels={"sold": N_("sold"), "planned": N_("planned")} if name == "status" else {})
    for name, text in REPLAN_LABELS.items()))


def display_replan(frame: pd.DataFrame) -> pd.DataFrame:
    """A re-plan table for people: headers and codes in the language in force; English returns a copy.

    Examples
    --------
    >>> from orgplan.i18n import language
    >>> with language("zh-Hans"):
    ...     display_replan(pd.DataFrame({"consultant_id": ["S01"], "year_target": [146], "status": ["sold"]})).columns.tolist()
    ['销售顾问', '调整后全年目标', '状态']
    """
    return display_table(localise(frame, _REPLAN_OUTPUT))
