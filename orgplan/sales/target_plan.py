"""The dealership's yearly sales plan from files: config, sales history, consultants.

Re-exported by :mod:`orgplan.sales.targets`; see ``data/sales/target-2027.yaml``
for a commented configuration.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from orgplan.tables.schema import header_key
from orgplan.tables.cells import parse_date
from orgplan.tables.yamlfile import load_yaml_with_lines
from orgplan.errors import DataError, ParameterError, Problem

__all__ = [
    "TargetConfig",
    "TargetPlan",
    "read_target_config",
    "read_sales",
    "read_consultants",
    "read_models",
    "decompose_plan",
    "write_plan_workbook",
]

_ALIASES = {
    "年": "year", "年份": "year", "月": "month", "月份": "month", "車型": "model_id", "车型": "model_id",
    "車型編號": "model_id", "台數": "units", "台数": "units", "銷量": "units", "销量": "units",
    "編號": "consultant_id", "顧問編號": "consultant_id", "姓名": "name", "名稱": "name", "組": "team",
    "組別": "team", "入職日期": "start_date", "最低目標": "min_units", "上限": "cap_units",
    "級別": "segment", "車系": "segment", "大客戶車型": "fleet",
}
_HEADER_LOOKUP = {header_key(alias): name for alias, name in _ALIASES.items()}


# ------------------------------------------------------------------ reading
def _read_csv(path: Path) -> pd.DataFrame:
    """Read a table of the plan (CSV in UTF-8/GBK, or .xlsx) through :func:`orgplan.tables.io.read_table`.

    Headers are matched in English, 繁體 or 简体; a file with a header but
    no rows is reported (``no_rows``) rather than decomposed as nothing.
    """
    from orgplan.tables.io import read_table

    table = read_table(path, require_rows=True)
    table.columns = [_HEADER_LOOKUP.get(header_key(c), str(c).strip()) for c in table.columns]
    return table.apply(lambda col: col.astype(str).str.strip())


def _require(table: pd.DataFrame, path: Path, columns: list[str]) -> list[Problem]:
    return [Problem(str(path), 1, c, None, f"a column named {c!r}", "missing_column")
            for c in columns if c not in table.columns]


def _whole_cells(table: pd.DataFrame, path: Path, column: str, problems: list[Problem], *,
                 low: int = 0, high: int | None = None, optional: bool = False) -> pd.Series:
    values = pd.Series(np.nan, index=table.index, dtype="float64")
    for i, text in table[column].items():
        if text == "" and optional:
            continue
        try:
            number = float(text.replace(",", ""))
            ok = number == round(number) and number >= low and (high is None or number <= high)
        except ValueError:
            ok = False
        if not ok:
            expected = f"a whole number from {low} to {high}" if high is not None else f"a whole number of {low} or more"
            problems.append(Problem(str(path), int(i) + 2, column, text or None,
                                    expected + (" (or empty)" if optional else ""),
                                    "missing_value" if text == "" else "not_a_number"))
        else:
            values[i] = number
    return values


def read_models(path: str | os.PathLike) -> pd.DataFrame:
    """Read ``models.csv`` (``model_id, name, segment, fleet``).

    Examples
    --------
    >>> from orgplan.model.io import DATA_DIR
    >>> models = read_models(DATA_DIR / "sales" / "models.csv")
    >>> models[["model_id", "name", "segment"]].head(2).values.tolist()
    [['AURA', '雅悅', '轎車'], ['AURA-L', '雅悅L', '長軸距轎車']]
    >>> models.loc[models["fleet"], "model_id"].tolist()
    ['AURA', 'AURA-L', 'CITY', 'TERRA-X', 'VOYA']
    """
    path = Path(path)
    table = _read_csv(path)
    problems = _require(table, path, ["model_id", "name"])
    if problems:
        raise DataError(problems)
    for i, model in table["model_id"].items():
        if model == "":
            problems.append(Problem(str(path), int(i) + 2, "model_id", None, "a model id", "missing_value"))
    for i in table.index[table["model_id"].duplicated() & (table["model_id"] != "")]:
        problems.append(Problem(str(path), int(i) + 2, "model_id", table.at[i, "model_id"], "each model once", "duplicate_id"))
    if "fleet" not in table.columns:
        table["fleet"] = "no"
    if "segment" not in table.columns:
        table["segment"] = ""
    truth = {"yes": True, "y": True, "true": True, "1": True, "是": True,
             "no": False, "n": False, "false": False, "0": False, "否": False, "": False}
    fleet = []
    for i, text in table["fleet"].items():
        if text.lower() not in truth:
            problems.append(Problem(str(path), int(i) + 2, "fleet", text, "yes or no (是/否)", "invalid_value"))
        fleet.append(truth.get(text.lower(), False))
    if problems:
        raise DataError(problems)
    table["fleet"] = fleet
    return table[["model_id", "name", "segment", "fleet"]].reset_index(drop=True)


def read_sales(path: str | os.PathLike, *, models: pd.DataFrame | None = None) -> pd.DataFrame:
    """Read monthly sales by model (``year, month, model_id, units``).

    Every bad cell is reported (file, spreadsheet row, column, value, what
    is expected) in one :class:`~orgplan.errors.DataError`.

    Examples
    --------
    >>> from orgplan.model.io import DATA_DIR
    >>> sales = read_sales(DATA_DIR / "sales" / "monthly_sales.csv")
    >>> sales.groupby("year")["units"].sum().to_dict()
    {2024: 1230, 2025: 1340, 2026: 1410}
    """
    path = Path(path)
    table = _read_csv(path)
    problems = _require(table, path, ["year", "month", "model_id", "units"])
    if problems:
        raise DataError(problems)
    year = _whole_cells(table, path, "year", problems, low=1990, high=2100)
    month = _whole_cells(table, path, "month", problems, low=1, high=12)
    units = _whole_cells(table, path, "units", problems)
    known = None if models is None else set(models["model_id"])
    for i, model in table["model_id"].items():
        if model == "":
            problems.append(Problem(str(path), int(i) + 2, "model_id", None, "a model id", "missing_value"))
        elif known is not None and model not in known:
            problems.append(Problem(str(path), int(i) + 2, "model_id", model,
                                    f"a model of models.csv ({', '.join(sorted(known))})", "unknown_id"))
    if problems:
        raise DataError(problems)
    out = pd.DataFrame({"year": year.astype("int64"), "month": month.astype("int64"),
                        "model_id": table["model_id"], "units": units.astype("int64")})
    duplicated = out.duplicated(["year", "month", "model_id"])
    if duplicated.any():
        raise DataError([Problem(str(path), int(i) + 2, "model_id", out.at[i, "model_id"],
                                 "one row per year, month and model", "duplicate_row")
                         for i in out.index[duplicated]])
    return out


def read_consultants(path: str | os.PathLike) -> pd.DataFrame:
    """Read the sales consultants (``consultant_id, name, team, start_date``,
    optional ``units_<year>`` (last year's actual), ``min_units``, ``cap_units``).

    Examples
    --------
    >>> from orgplan.model.io import DATA_DIR
    >>> people = read_consultants(DATA_DIR / "sales" / "consultants.csv")
    >>> people.groupby("team").size().to_dict()
    {'大客戶': 3, '展廳': 10, '網銷': 2}
    """
    path = Path(path)
    table = _read_csv(path)
    problems = _require(table, path, ["consultant_id", "name", "team", "start_date"])
    if problems:
        raise DataError(problems)
    for column in ("consultant_id", "team"):
        for i, text in table[column].items():
            if text == "":
                problems.append(Problem(str(path), int(i) + 2, column, None, f"a {column.replace('_', ' ')}", "missing_value"))
    for i in table.index[table["consultant_id"].duplicated() & (table["consultant_id"] != "")]:
        problems.append(Problem(str(path), int(i) + 2, "consultant_id", table.at[i, "consultant_id"],
                                "each consultant once", "duplicate_id"))
    starts = []
    for i, text in table["start_date"].items():
        start = parse_date(text)
        starts.append(start)
        if start is None:
            problems.append(Problem(str(path), int(i) + 2, "start_date", text or None,
                                    "a date written YYYY-MM-DD", "not_a_date"))
    out = pd.DataFrame({"consultant_id": table["consultant_id"], "name": table["name"],
                        "team": table["team"], "start_date": starts})
    for column in table.columns:
        if column.startswith("units_") or column in ("min_units", "cap_units"):
            out[column] = _whole_cells(table, path, column, problems, optional=True)
    for column in ("min_units", "cap_units"):
        if column not in out.columns:
            out[column] = np.nan
    crossed = out.index[out["min_units"] > out["cap_units"]]
    for i in crossed:
        problems.append(Problem(str(path), int(i) + 2, "min_units", f"{out.at[i, 'min_units']:.0f}",
                                f"at most cap_units ({out.at[i, 'cap_units']:.0f})", "invalid_value"))
    if problems:
        raise DataError(problems)
    return out


# ------------------------------------------------------------------- config
@dataclass(frozen=True)
class TargetConfig:
    """A yearly target and the data to decompose it (see ``read_target_config``)."""

    year: int
    base_year: int
    growth: float | None
    total_units: int | None
    over_assignment: float
    new_consultant_share: float
    fleet_team: str | None
    sales: pd.DataFrame = field(repr=False)
    consultants: pd.DataFrame = field(repr=False)
    models: pd.DataFrame = field(repr=False)
    max_over_history: float = 0.5
    growth_band: float = 0.15
    source: str = ""


def read_target_config(path: str | os.PathLike) -> TargetConfig:
    """Read a yearly target's YAML file and the tables it names.

    Every problem of the YAML file (with its line as the row) and of the
    tables is collected into one :class:`~orgplan.errors.DataError`.

    Examples
    --------
    >>> from orgplan.model.io import DATA_DIR
    >>> config = read_target_config(DATA_DIR / "sales" / "target-2027.yaml")
    >>> config.year, config.growth, config.over_assignment, len(config.consultants)
    (2027, 0.08, 1.1, 15)
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file.")
    yaml_file = load_yaml_with_lines(path, "a mapping of keys such as year, growth, files")
    file, raw, lines = yaml_file.file, yaml_file.data, yaml_file.lines
    problems: list[Problem] = []

    def number(key: str, value: Any, expected: str, low: float, high: float, whole: bool = False) -> Any:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and low <= value <= high
        if ok and whole:
            ok = float(value) == int(value)
        if not ok:
            problems.append(Problem(file, lines.get(key), key, None if value is None else str(value), expected))
            return None
        return int(value) if whole else float(value)

    def mapping(key: str, expected: str) -> dict:
        value = raw.get(key) or {}
        if isinstance(value, dict):
            return value
        problems.append(Problem(file, lines.get(key), key, str(value), expected))
        return {}

    known = {"year", "base_year", "growth", "total_units", "over_assignment", "new_consultant_share",
             "fleet_team", "files", "checks"}
    for key in raw:
        if key not in known:
            problems.append(Problem(file, lines.get(str(key)), str(key), None,
                                    f"one of the keys {', '.join(sorted(known))}", "unknown_key"))
    year = number("year", raw.get("year"), "the plan year, e.g. 2027", 1990, 2100, whole=True)
    base_year = number("base_year", raw.get("base_year", (year or 1) - 1), "the last year of actuals", 1990, 2100, whole=True)
    growth = total = None
    if "total_units" in raw:
        total = number("total_units", raw["total_units"], "a whole number of cars ≥ 1", 1, 10**7, whole=True)
    if "growth" in raw:
        growth = number("growth", raw["growth"], "growth as a fraction, e.g. 0.08 for +8 %", -0.9, 5.0)
    if "total_units" not in raw and "growth" not in raw:
        problems.append(Problem(file, None, "growth", None, "either growth or total_units", "missing_value"))
    over = number("over_assignment", raw.get("over_assignment", 1.0), "a factor from 1.0 to 2.0, e.g. 1.10", 1.0, 2.0)
    share = number("new_consultant_share", raw.get("new_consultant_share", 0.6), "a fraction from 0 to 1", 0.0, 1.0)
    checks = mapping("checks", "a mapping")
    max_over = number("checks.max_over_history", checks.get("max_over_history", 0.5), "a fraction ≥ 0", 0.0, 100.0)
    band = number("checks.growth_band", checks.get("growth_band", 0.15), "a fraction ≥ 0", 0.0, 100.0)
    files = mapping("files", "a mapping with sales, consultants, models")
    paths = {}
    for key, default in (("sales", "monthly_sales.csv"), ("consultants", "consultants.csv"), ("models", "models.csv")):
        target = path.parent / str(files.get(key, default))
        if not target.exists():
            problems.append(Problem(file, lines.get(f"files.{key}", lines.get("files")), f"files.{key}",
                                    str(files.get(key, default)), "an existing file (relative to the config)", "missing_file"))
        paths[key] = target
    if problems:
        raise DataError(problems)
    data_problems: list[Problem] = []
    models = sales = consultants = None
    for key in ("models", "sales", "consultants"):
        try:
            if key == "models":
                models = read_models(paths[key])
            elif key == "sales":
                sales = read_sales(paths[key], models=models)
            else:
                consultants = read_consultants(paths[key])
        except DataError as exc:
            data_problems.extend(exc.problems)
    if data_problems:
        raise DataError(data_problems)
    assert sales is not None and consultants is not None and models is not None
    if base_year not in set(sales["year"]):
        raise DataError([Problem(file, lines.get("base_year"), "base_year", str(base_year),
                                 f"a year present in {paths['sales'].name} ({', '.join(map(str, sorted(set(sales['year']))))})")])
    fleet_team = raw.get("fleet_team")
    if fleet_team is not None and fleet_team not in set(consultants["team"]):
        raise DataError([Problem(file, lines.get("fleet_team"), "fleet_team", str(fleet_team),
                                 f"a team of {paths['consultants'].name} ({', '.join(sorted(set(consultants['team'])))})")])
    return TargetConfig(year=year, base_year=base_year, growth=growth, total_units=total, over_assignment=over,
                        new_consultant_share=share, fleet_team=fleet_team, sales=sales, consultants=consultants,
                        models=models, max_over_history=max_over, growth_band=band, source=file)


# --------------------------------------------------------------------- plan
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
        """Key figures as a two-column table (item, value)."""
        return pd.DataFrame({
            "item": ["year", "company target", "growth", "over-assignment", "consultants' quotas", "findings"],
            "value": [str(self.year), f"{self.total:,}", f"{self.growth:+.1%}", f"{self.over_assignment:.0%}",
                      f"{int(self.by_consultant['assigned'].sum()):,}", str(len(self.findings))],
        })

    def _repr_html_(self) -> str:
        return (f"<h4>{self.year} target decomposition (目標分解)</h4>"
                + self.summary().to_html(index=False) + self.by_consultant.to_html(index=False))


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
    >>> plan = decompose_plan(read_target_config(DATA_DIR / "sales" / "target-2027.yaml"))
    >>> plan.total, int(plan.cube.sum()), int(plan.by_consultant["assigned"].sum())
    (1523, 1523, 1675)
    """
    from orgplan.sales.targets import (
        apportion, apportion_tree, check_targets, fit, model_mix, over_assign, seasonality_index,
    )

    if growth is not None and not (isinstance(growth, (int, float)) and -0.9 <= growth <= 5.0):
        raise ParameterError(f"The 'growth' parameter of decompose_plan must be a fraction from -0.9 to 5. Got {growth!r} instead.")
    sales, people, models = config.sales, config.consultants, config.models
    base = sales[sales["year"] == config.base_year]
    base_total = int(base["units"].sum())
    if growth is None and config.total_units is not None:
        total = config.total_units
    else:
        growth_used = config.growth if growth is None else growth
        total = int(round(base_total * (1 + (growth_used or 0.0))))
    growth_actual = total / base_total - 1 if base_total else 0.0
    factor = config.over_assignment if over_assignment is None else over_assignment

    past = sales[sales["year"] <= config.base_year]
    season = seasonality_index(past).reindex(range(1, 13), fill_value=0.0)
    months = apportion(total, season)
    months.index.name = "month"
    mix = model_mix(past).reindex(models["model_id"], fill_value=0.0)
    model_targets = apportion(total, mix)

    # consultants: run rate and the months of the plan year they work
    people = people.copy()
    last_col = f"units_{config.base_year}"
    last = people[last_col] if last_col in people.columns else pd.Series(np.nan, index=people.index)
    start = pd.to_datetime(people["start_date"])
    months_last = np.clip(12 - np.where(start.dt.year == config.base_year, start.dt.month - 1, 0), 0, 12)
    months_last = np.where(start.dt.year > config.base_year, 0, months_last)
    run_rate = np.where(months_last > 0, last.fillna(0) / np.maximum(months_last, 1) * 12, np.nan)
    first_month = np.where(start.dt.year < config.year, 1, np.where(start.dt.year == config.year, start.dt.month, 13))
    working = np.clip(13 - first_month, 0, 12)
    full_year = months_last == 12
    people["run_rate"] = run_rate
    team_mean = people.loc[full_year].groupby("team")["run_rate"].mean()
    overall_mean = people.loc[full_year, "run_rate"].mean()
    base_rate = np.where(full_year, run_rate,
                         people["team"].map(team_mean).fillna(overall_mean).to_numpy() * config.new_consultant_share)
    weight = base_rate * working / 12
    tree = pd.concat([
        pd.DataFrame({"node": ["company"], "parent": [None], "weight": [np.nan]}),
        pd.DataFrame({"node": sorted(set(people["team"])), "parent": "company", "weight": np.nan}),
        pd.DataFrame({"node": people["consultant_id"], "parent": people["team"], "weight": weight,
                      "lower": people["min_units"], "upper": people["cap_units"]}),
    ], ignore_index=True)
    split = apportion_tree(total, tree)
    quotas = split.reindex(people["consultant_id"]).rename("target")
    quotas.index.name = "consultant"

    # seed of the consultant × month × model table
    fleet = set(models.loc[models["fleet"], "model_id"])
    allowed = np.ones((len(people), len(models)))
    if config.fleet_team is not None:
        in_team = (people["team"] == config.fleet_team).to_numpy()
        allowed[in_team] = models["fleet"].to_numpy(dtype=float)
    active = (np.arange(1, 13)[None, :] >= first_month[:, None]).astype(float)
    seed_values = (np.maximum(weight, 1e-9)[:, None, None] * active[:, :, None]
                   * season.to_numpy()[None, :, None] * np.maximum(mix.to_numpy(), 1e-9)[None, None, :]
                   * allowed[:, None, :])
    index = pd.MultiIndex.from_product([people["consultant_id"], range(1, 13), models["model_id"]],
                                       names=["consultant", "month", "model"])
    seed = pd.Series(seed_values.ravel(), index=index)
    cube = fit(seed, {"consultant": quotas, "month": months, "model": model_targets.rename_axis("model")},
               integer=True).rename("target")
    assigned = over_assign(quotas, factor)

    last_month = base.groupby("month")["units"].sum().reindex(range(1, 13), fill_value=0)
    by_month = pd.DataFrame({"month": range(1, 13), "target": months.to_numpy(),
                             "last_year": last_month.to_numpy(), "seasonality": season.round(3).to_numpy()})
    last_model = base.groupby("model_id")["units"].sum().reindex(models["model_id"], fill_value=0)
    by_model = pd.DataFrame({"model_id": models["model_id"], "name": models["name"],
                             "target": model_targets.to_numpy(), "last_year": last_model.to_numpy(),
                             "share": (model_targets / total).round(3).to_numpy() if total else 0.0})
    by_consultant = pd.DataFrame({
        "consultant_id": people["consultant_id"], "name": people["name"], "team": people["team"],
        "target": quotas.to_numpy(), "assigned": assigned.to_numpy(),
        "last_year": last.to_numpy(), "min_units": people["min_units"].to_numpy(),
        "cap_units": people["cap_units"].to_numpy(),
    })
    consultant_month = cube.groupby(level=["consultant", "month"], sort=False).sum().unstack("month")
    consultant_month = consultant_month.reindex(people["consultant_id"])
    consultant_month["total"] = consultant_month.sum(axis=1)
    consultant_month.columns = [str(c) for c in consultant_month.columns]

    history_person = pd.Series(np.where(full_year, run_rate, np.nan), index=people["consultant_id"])
    frames = [
        check_targets(quotas.set_axis(people["consultant_id"]),
                      history=history_person,
                      last_actual=pd.Series(np.where(full_year, last, np.nan), index=people["consultant_id"]),
                      capacity=people.set_index("consultant_id")["cap_units"], company_growth=growth_actual,
                      max_over_history=config.max_over_history, growth_band=config.growth_band,
                      what="consultant").assign(dimension="consultant"),
        check_targets(assigned.set_axis(people["consultant_id"]), capacity=people.set_index("consultant_id")["cap_units"],
                      what="over-assigned quota of").assign(dimension="quota"),
        check_targets(model_targets, history=last_model, last_actual=last_model, company_growth=growth_actual,
                      max_over_history=config.max_over_history, growth_band=config.growth_band,
                      what="model").assign(dimension="model"),
        check_targets(months, history=last_month, last_actual=last_month, max_over_history=config.max_over_history,
                      what="month").assign(dimension="month"),
    ]
    findings = pd.concat([f for f in frames if not f.empty] or [frames[0]], ignore_index=True)
    findings = findings[["dimension"] + [c for c in findings.columns if c != "dimension"]]
    findings["part"] = findings["part"].astype(str)
    return TargetPlan(year=config.year, total=total, growth=growth_actual, over_assignment=factor, cube=cube,
                      by_month=by_month, by_model=by_model, by_consultant=by_consultant,
                      consultant_month=consultant_month.reset_index(names="consultant_id"), findings=findings)


def write_plan_workbook(plan: TargetPlan, path: str | os.PathLike) -> Path:
    """Write the plan as an Excel workbook, one sheet per view, atomically.

    Sheets: ``summary``, ``by_month``, ``by_consultant``, ``by_model``,
    ``consultant_x_month``, ``checks`` and ``cube`` (the full table). The
    workbook is written to a temporary file beside ``path`` and renamed
    over it, so an interrupted run never leaves half a workbook.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from orgplan.model.io import DATA_DIR
    >>> plan = decompose_plan(read_target_config(DATA_DIR / "sales" / "target-2027.yaml"))
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     out = write_plan_workbook(plan, pathlib.Path(tmp) / "plan.xlsx")
    ...     pd.ExcelFile(out).sheet_names
    ['summary', 'by_month', 'by_consultant', 'by_model', 'consultant_x_month', 'checks', 'cube']
    """
    from orgplan.tables.io import write_workbook

    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ParameterError(f"The 'path' parameter of write_plan_workbook must end in .xlsx (the plan is an "
                             f"Excel workbook of several sheets). Got {str(path)!r} instead.")
    sheets = {
        "summary": plan.summary(), "by_month": plan.by_month, "by_consultant": plan.by_consultant,
        "by_model": plan.by_model, "consultant_x_month": plan.consultant_month, "checks": plan.findings,
        "cube": plan.cube.reset_index(),
    }
    return write_workbook(sheets, path)
