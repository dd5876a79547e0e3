"""The dealership's yearly target decomposed over consultants, months and models (``orgplan targets decompose``).

:func:`decompose_plan` takes a :class:`~orgplan.sales.plan_files.TargetConfig`
and returns a :class:`TargetPlan`: the consultant × month × model table in
whole cars, its views, the over-assigned quotas and the checks' findings.
:func:`write_plan_workbook` writes it as an Excel workbook.
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from orgplan.errors import ParameterError
from orgplan.i18n import N_, Translator, every_translation
from orgplan.sales.apportion import apportion, apportion_tree, over_assign
from orgplan.sales.display import SHEETS, display_table, from_display
from orgplan.sales.fit import fit
from orgplan.sales.history import model_mix, seasonality_index
from orgplan.sales.plan_files import TargetConfig
from orgplan.sales.target_checks import check_targets
from orgplan.tables.io import write_workbook

_ = Translator("sales")

__all__ = ["TargetPlan", "decompose_plan", "write_plan_workbook", "read_plan_workbook", "sales_by_year",
           "history_weights", "consultant_month_targets", "consultant_model_targets"]


@dataclass(frozen=True)
class TargetPlan:
    """A decomposed yearly target: the cube and its views, and the checks' findings.

    Attributes
    ----------
    total : int
        The company target (cars).
    cube : Series
        Whole cars per ``consultant × month × model``; every one-way margin
        equals the corresponding view's ``target``.
    by_month, by_model, by_consultant : DataFrame
        The views, with last year's actual beside the target;
        ``by_consultant`` also has the over-assigned quota (``assigned``).
    consultant_month : DataFrame
        Consultants × months (1–12) with a ``total`` column.
    findings : DataFrame
        The reasonableness and challenge checks (see ``check_targets``),
        with a ``dimension`` column first.
    """

    year: int
    total: int
    growth: float
    over_assignment: float
    cube: pd.Series = field(repr=False)
    by_month: pd.DataFrame = field(repr=False)
    by_model: pd.DataFrame = field(repr=False)
    by_consultant: pd.DataFrame = field(repr=False)
    consultant_month: pd.DataFrame = field(repr=False)
    findings: pd.DataFrame = field(repr=False)

    def summary(self) -> pd.DataFrame:
        """Key figures as a two-column table (item, value); the items are English, shown through ``display_table``."""
        return pd.DataFrame({
            "item": [N_("year"), N_("company target"), N_("growth"), N_("over-assignment"),
                     N_("consultants' quotas"), N_("findings")],
            "value": [str(self.year), f"{self.total:,}", f"{self.growth:+.1%}", f"{self.over_assignment:.0%}",
                      f"{int(self.by_consultant['assigned'].sum()):,}", str(len(self.findings))],
        })

    def _repr_html_(self) -> str:
        heading = _("{year} target decomposition").format(year=self.year)
        return (f"<h4>{html.escape(heading)}</h4>" + display_table(self.summary()).to_html(index=False)
                + display_table(self.by_consultant).to_html(index=False))


def decompose_plan(config: TargetConfig, *, growth: float | None = None,
                   over_assignment: float | None = None) -> TargetPlan:
    """Decompose the yearly target over consultants, months and models.

    1. company target: ``total_units``, or last year's actual × (1 + growth);
    2. months by the seasonality of past years, models by their mix
       (recent years weigh more);
    3. consultants through the tree company → team → consultant, in
       proportion to each one's annualised run rate (new consultants at
       ``new_consultant_share`` of their team's average, for the months
       they will work), within their ``min_units`` / ``cap_units``;
    4. the ``consultant × month × model`` table fitted to these three
       margins in whole cars (a consultant works no month before their
       start; the fleet team sells fleet models only);
    5. over-assignment as a separate quota layer, and the checks.

    ``growth`` and ``over_assignment`` override the config's (the sliders
    of the notebook use them). The config is not modified.

    Examples
    --------
    >>> from orgplan.model.io import DATA_DIR
    >>> from orgplan.sales.plan_files import read_target_config
    >>> plan = decompose_plan(read_target_config(DATA_DIR / "sales" / "target-2027.yaml"))
    >>> plan.total, int(plan.cube.sum()), int(plan.by_consultant["assigned"].sum())
    (1523, 1523, 1675)
    """
    if growth is not None and not (isinstance(growth, (int, float)) and -0.9 <= growth <= 5.0):
        raise ParameterError(f"The 'growth' parameter of decompose_plan must be a fraction from -0.9 to 5. "
                             f"Got {growth!r} instead.")
    base = config.sales[config.sales["year"] == config.base_year]
    base_total = int(base["units"].sum())
    if growth is None and config.total_units is not None:
        total = config.total_units
    else:
        growth_used = config.growth if growth is None else growth
        total = int(round(base_total * (1 + (growth_used or 0.0))))
    growth_actual = total / base_total - 1 if base_total else 0.0
    factor = config.over_assignment if over_assignment is None else over_assignment

    past = config.sales[config.sales["year"] <= config.base_year]
    season = seasonality_index(past).reindex(range(1, 13), fill_value=0.0)
    months = apportion(total, season)
    months.index.name = "month"
    mix = model_mix(past).reindex(config.models["model_id"], fill_value=0.0)
    model_targets = apportion(total, mix)
    people = _consultant_weights(config)
    quotas = _consultant_quotas(total, people)
    seed = _seed(config, people, season, mix)
    cube = fit(seed, {"consultant": quotas, "month": months, "model": model_targets.rename_axis("model")},
               integer=True).rename("target")
    assigned = over_assign(quotas, factor)

    last_month = base.groupby("month")["units"].sum().reindex(range(1, 13), fill_value=0)
    last_model = base.groupby("model_id")["units"].sum().reindex(config.models["model_id"], fill_value=0)
    views = _views(config, people, cube, months, season, model_targets, last_month, last_model, quotas, assigned)
    findings = _findings(config, people, quotas, assigned, model_targets, months, last_model, last_month,
                         growth_actual)
    return TargetPlan(year=config.year, total=total, growth=growth_actual, over_assignment=factor, cube=cube,
                      findings=findings, **views)


def _consultant_weights(config: TargetConfig) -> pd.DataFrame:
    """Each consultant's run rate, the months of the plan year they work, and their weight.

    Adds ``last`` (the base year's actual), ``run_rate`` (annualised),
    ``full_year`` (worked the whole base year), ``first_month`` (1–12, 13
    for not in the plan year) and ``weight`` (the run rate — a new
    consultant's at ``new_consultant_share`` of the team's average — for
    the months they will work).
    """
    people = config.consultants.copy()
    last_col = f"units_{config.base_year}"
    last = people[last_col] if last_col in people.columns else pd.Series(np.nan, index=people.index)
    start = pd.to_datetime(people["start_date"])
    months_last = np.clip(12 - np.where(start.dt.year == config.base_year, start.dt.month - 1, 0), 0, 12)
    months_last = np.where(start.dt.year > config.base_year, 0, months_last)
    run_rate = np.where(months_last > 0, last.fillna(0) / np.maximum(months_last, 1) * 12, np.nan)
    first_month = np.where(start.dt.year < config.year, 1, np.where(start.dt.year == config.year, start.dt.month, 13))
    working = np.clip(13 - first_month, 0, 12)
    full_year = months_last == 12
    people["last"] = last.to_numpy()
    people["run_rate"] = run_rate
    people["full_year"] = full_year
    people["first_month"] = first_month
    team_mean = people.loc[full_year].groupby("team")["run_rate"].mean()
    overall_mean = people.loc[full_year, "run_rate"].mean()
    base_rate = np.where(full_year, run_rate,
                         people["team"].map(team_mean).fillna(overall_mean).to_numpy() * config.new_consultant_share)
    people["weight"] = base_rate * working / 12
    return people


def _consultant_quotas(total: int, people: pd.DataFrame) -> pd.Series:
    """The company target split company → team → consultant, within each one's ``min_units`` / ``cap_units``."""
    tree = pd.concat([
        pd.DataFrame({"node": ["company"], "parent": [None], "weight": [np.nan]}),
        pd.DataFrame({"node": sorted(set(people["team"])), "parent": "company", "weight": np.nan}),
        pd.DataFrame({"node": people["consultant_id"], "parent": people["team"], "weight": people["weight"],
                      "lower": people["min_units"], "upper": people["cap_units"]}),
    ], ignore_index=True)
    quotas = apportion_tree(total, tree).reindex(people["consultant_id"]).rename("target")
    quotas.index.name = "consultant"
    return quotas


def _seed(config: TargetConfig, people: pd.DataFrame, season: pd.Series, mix: pd.Series) -> pd.Series:
    """The consultant × month × model seed: no month before a consultant starts; the fleet team sells fleet models."""
    models = config.models
    allowed = np.ones((len(people), len(models)))
    if config.fleet_team is not None:
        in_team = (people["team"] == config.fleet_team).to_numpy()
        allowed[in_team] = models["fleet"].to_numpy(dtype=float)
    first_month = people["first_month"].to_numpy()
    active = (np.arange(1, 13)[None, :] >= first_month[:, None]).astype(float)
    weight = people["weight"].to_numpy(dtype=float)
    seed_values = (np.maximum(weight, 1e-9)[:, None, None] * active[:, :, None]
                   * season.to_numpy()[None, :, None] * np.maximum(mix.to_numpy(), 1e-9)[None, None, :]
                   * allowed[:, None, :])
    index = pd.MultiIndex.from_product([people["consultant_id"], range(1, 13), models["model_id"]],
                                       names=["consultant", "month", "model"])
    return pd.Series(seed_values.ravel(), index=index)


def _views(config: TargetConfig, people: pd.DataFrame, cube: pd.Series, months: pd.Series, season: pd.Series,
           model_targets: pd.Series, last_month: pd.Series, last_model: pd.Series, quotas: pd.Series,
           assigned: pd.Series) -> dict[str, pd.DataFrame]:
    """The plan's tables by month, model, consultant and consultant × month."""
    models = config.models
    total = int(months.sum())
    by_month = pd.DataFrame({"month": range(1, 13), "target": months.to_numpy(),
                             "last_year": last_month.to_numpy(), "seasonality": season.round(3).to_numpy()})
    by_model = pd.DataFrame({"model_id": models["model_id"], "name": models["name"],
                             "target": model_targets.to_numpy(), "last_year": last_model.to_numpy(),
                             "share": (model_targets / total).round(3).to_numpy() if total else 0.0})
    by_consultant = pd.DataFrame({
        "consultant_id": people["consultant_id"], "name": people["name"], "team": people["team"],
        "target": quotas.to_numpy(), "assigned": assigned.to_numpy(),
        "last_year": people["last"].to_numpy(), "min_units": people["min_units"].to_numpy(),
        "cap_units": people["cap_units"].to_numpy(),
    })
    consultant_month = cube.groupby(level=["consultant", "month"], sort=False).sum().unstack("month")
    consultant_month = consultant_month.reindex(people["consultant_id"])
    consultant_month["total"] = consultant_month.sum(axis=1)
    consultant_month.columns = [str(c) for c in consultant_month.columns]
    return {"by_month": by_month, "by_model": by_model, "by_consultant": by_consultant,
            "consultant_month": consultant_month.reset_index(names="consultant_id")}


def _findings(config: TargetConfig, people: pd.DataFrame, quotas: pd.Series, assigned: pd.Series,
              model_targets: pd.Series, months: pd.Series, last_model: pd.Series, last_month: pd.Series,
              growth: float) -> pd.DataFrame:
    """The reasonableness and challenge checks of consultants, quotas, models and months, in one table."""
    ids = people["consultant_id"]
    full_year = people["full_year"].to_numpy()
    capacity = people.set_index("consultant_id")["cap_units"]
    frames = [
        check_targets(quotas.set_axis(ids),
                      history=pd.Series(np.where(full_year, people["run_rate"], np.nan), index=ids),
                      last_actual=pd.Series(np.where(full_year, people["last"], np.nan), index=ids),
                      capacity=capacity, company_growth=growth,
                      max_over_history=config.max_over_history, growth_band=config.growth_band,
                      what=N_("consultant")).assign(dimension="consultant"),
        check_targets(assigned.set_axis(ids), capacity=capacity,
                      what=N_("quota of consultant")).assign(dimension="quota"),
        check_targets(model_targets, history=last_model, last_actual=last_model, company_growth=growth,
                      max_over_history=config.max_over_history, growth_band=config.growth_band,
                      what=N_("model")).assign(dimension="model"),
        check_targets(months, history=last_month, last_actual=last_month, max_over_history=config.max_over_history,
                      what=N_("month")).assign(dimension="month"),
    ]
    findings = pd.concat([f for f in frames if not f.empty] or [frames[0]], ignore_index=True)
    findings = findings[["dimension"] + [c for c in findings.columns if c != "dimension"]]
    findings["part"] = findings["part"].astype(str)
    return findings


def write_plan_workbook(plan: TargetPlan, path: str | os.PathLike) -> Path:
    """Write the plan as an Excel workbook for people, one sheet per view, atomically.

    Sheets: ``summary``, ``by_month``, ``by_consultant``, ``by_model``,
    ``consultant_x_month``, ``checks`` and ``cube`` (the full table), their
    names, headers and status values in the language in force (see
    :func:`~orgplan.sales.display.display_table`; English keeps the codes). The
    workbook is written to a temporary file beside ``path`` and renamed
    over it, so an interrupted run never leaves half a workbook.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from orgplan.model.io import DATA_DIR
    >>> from orgplan.sales.plan_files import read_target_config
    >>> plan = decompose_plan(read_target_config(DATA_DIR / "sales" / "target-2027.yaml"))
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     out = write_plan_workbook(plan, pathlib.Path(tmp) / "plan.xlsx")
    ...     pd.ExcelFile(out).sheet_names
    ['summary', 'by_month', 'by_consultant', 'by_model', 'consultant_x_month', 'checks', 'cube']
    """
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ParameterError(f"The 'path' parameter of write_plan_workbook must end in .xlsx (the plan is an "
                             f"Excel workbook of several sheets). Got {str(path)!r} instead.")
    views = {
        "summary": plan.summary(), "by_month": plan.by_month, "by_consultant": plan.by_consultant,
        "by_model": plan.by_model, "consultant_x_month": plan.consultant_month, "checks": plan.findings,
        "cube": plan.cube.reset_index(),
    }
    return write_workbook({_(SHEETS[name]): display_table(frame) for name, frame in views.items()}, path)


#: The columns of each sheet of the plan workbook, in English.
_SHEET_COLUMNS = {
    "summary": ["item", "value"], "by_month": ["month", "target", "last_year", "seasonality"],
    "by_model": ["model_id", "name", "target", "last_year", "share"],
    "by_consultant": ["consultant_id", "name", "team", "target", "assigned", "last_year", "min_units", "cap_units"],
    "consultant_x_month": ["consultant_id", "total"],
    "checks": ["dimension", "severity", "aspect", "code", "part", "target", "reference", "message"],
    "cube": ["consultant", "month", "model", "target"],
}


def read_plan_workbook(path: str | os.PathLike) -> dict[str, pd.DataFrame]:
    """Read a workbook of :func:`write_plan_workbook`, written in any language, back to English names and codes.

    Returns the sheets by their English names (``by_consultant`` …) with
    English column names and codes (``severity`` ``warning``); a sheet the
    workbook lacks is left out.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from orgplan.i18n import language
    >>> from orgplan.model.io import DATA_DIR
    >>> from orgplan.sales.plan_files import read_target_config
    >>> plan = decompose_plan(read_target_config(DATA_DIR / "sales" / "target-2027.yaml"))
    >>> with tempfile.TemporaryDirectory() as tmp, language("zh-Hans"):
    ...     out = write_plan_workbook(plan, pathlib.Path(tmp) / "plan.xlsx")
    ...     names = pd.ExcelFile(out).sheet_names
    ...     back = read_plan_workbook(out)
    >>> names[:3], back["by_consultant"].columns[:3].tolist()
    (['概要', '按月', '按销售顾问'], ['consultant_id', 'name', 'team'])
    """
    with pd.ExcelFile(path) as workbook:
        found = {str(name).strip(): name for name in workbook.sheet_names}
        sheets = {}
        for name, text in SHEETS.items():
            sheet = next((found[word] for word in every_translation(text) if word in found), None)
            if sheet is not None:
                sheets[name] = from_display(workbook.parse(sheet), _SHEET_COLUMNS[name])
    return sheets


# ----------------------------------------------------------------- views for notebook 05


def sales_by_year(config: TargetConfig) -> pd.DataFrame:
    """New cars sold per year of the history (``year``, ``units``).

    Examples
    --------
    >>> from orgplan.model.io import DATA_DIR
    >>> from orgplan.sales.plan_files import read_target_config
    >>> sales_by_year(read_target_config(DATA_DIR / "sales" / "target-2027.yaml"))["units"].tolist()
    [1230, 1340, 1410]
    """
    return config.sales.groupby("year", as_index=False)["units"].sum()


def history_weights(config: TargetConfig) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The weights of the split, from the years up to the base year: seasonality per month and each model's share.

    Returns two one-row tables (months 1–12; models), rounded to three decimals.

    Examples
    --------
    >>> from orgplan.model.io import DATA_DIR
    >>> from orgplan.sales.plan_files import read_target_config
    >>> season, mix = history_weights(read_target_config(DATA_DIR / "sales" / "target-2027.yaml"))
    >>> season.columns.tolist()[:3], round(float(mix.sum(axis=1).iloc[0]), 2)
    ([1, 2, 3], 1.0)
    """
    past = config.sales[config.sales["year"] <= config.base_year]
    season = seasonality_index(past).round(3).to_frame("seasonality").T
    mix = model_mix(past).round(3).to_frame("share").T
    return season, mix


def consultant_month_targets(plan: TargetPlan) -> pd.DataFrame:
    """Consultants × months (1–12) in whole cars, the rows named ``S01 王海涛`` (for a heat map).

    Examples
    --------
    >>> from orgplan.model.io import DATA_DIR
    >>> from orgplan.sales.plan_files import read_target_config
    >>> table = consultant_month_targets(decompose_plan(read_target_config(DATA_DIR / "sales" / "target-2027.yaml")))
    >>> table.index[0], table.shape, int(table.to_numpy().sum())
    ('S01 王海涛', (15, 12), 1523)
    """
    months = plan.consultant_month.set_index("consultant_id").drop(columns="total")
    names = dict(zip(plan.by_consultant["consultant_id"], plan.by_consultant["name"]))
    months.index = [f"{c} {names[c]}" if isinstance(names.get(c), str) else str(c) for c in months.index]
    return months


def consultant_model_targets(plan: TargetPlan, team: str) -> pd.DataFrame:
    """The consultants of a team × models, the months added up (whole cars; for a heat map).

    Examples
    --------
    >>> from orgplan.model.io import DATA_DIR
    >>> from orgplan.sales.plan_files import read_target_config
    >>> plan = decompose_plan(read_target_config(DATA_DIR / "sales" / "target-2027.yaml"))
    >>> consultant_model_targets(plan, "大客户").index.tolist()
    ['K01', 'K02', 'K03']
    """
    people = plan.by_consultant.loc[plan.by_consultant["team"] == team, "consultant_id"].tolist()
    if not people:
        raise ParameterError(f"The 'team' parameter of consultant_model_targets must be one of "
                             f"{', '.join(dict.fromkeys(plan.by_consultant['team']))}. Got {team!r} instead.")
    cube = plan.cube[plan.cube.index.get_level_values("consultant").isin(people)]
    table = cube.groupby(level=["consultant", "model"], sort=False).sum().unstack("model")
    return table.reindex(people)
