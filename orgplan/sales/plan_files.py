"""The dealership's yearly sales plan from files: the target's YAML config, sales history, consultants, models.

See ``data/sales/target-2027.yaml`` for a commented configuration. Each
table has a schema (:data:`MODELS`, :data:`MONTHLY_SALES`,
:data:`CONSULTANTS`) read through :func:`orgplan.sales.tables.read_sales_table`;
every bad cell is reported with its file, row and column in one
:class:`~orgplan.errors.DataError`.

Examples
--------
>>> from orgplan.model.io import DATA_DIR
>>> config = read_target_config(DATA_DIR / "sales" / "target-2027.yaml")
>>> config.year, config.base_year, len(config.models)
(2027, 2026, 10)
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from orgplan.errors import DataError, Problem
from orgplan.sales.tables import (
    cell_problems, date_cells, flag_cells, id_cells, number_cells, read_sales_table, require_columns,
)
from orgplan.tables.schema import Column, Table
from orgplan.tables.yamlfile import load_yaml_with_lines

__all__ = [
    "MODELS",
    "MONTHLY_SALES",
    "CONSULTANTS",
    "TargetConfig",
    "read_target_config",
    "read_sales",
    "read_consultants",
    "read_models",
]

_MODEL_ID = ("車型", "车型", "車型編號")

#: ``models.csv``: the models on sale; ``fleet`` marks those the key-account (fleet) team sells.
MODELS = Table("models", "model_id", (
    Column("model_id", "id", aliases=_MODEL_ID),
    Column("name", "text", aliases=("名稱", "姓名")),
    Column("segment", "text", required=False, aliases=("級別", "車系")),
    Column("fleet", "flag", required=False, aliases=("大客戶車型", "大客户车型")),
))

#: ``monthly_sales.csv``: cars sold per year, month and model (the history the weights come from).
MONTHLY_SALES = Table("monthly_sales", None, (
    Column("year", "count", aliases=("年", "年份")),
    Column("month", "count", aliases=("月", "月份")),
    Column("model_id", "id", aliases=_MODEL_ID),
    Column("units", "count", aliases=("台數", "台数", "銷量", "销量")),
))

#: ``consultants.csv``: the sales consultants; optional ``units_<year>`` columns hold a year's actual.
CONSULTANTS = Table("consultants", "consultant_id", (
    Column("consultant_id", "id", aliases=("編號", "顧問編號")),
    Column("name", "text", aliases=("姓名", "名稱")),
    Column("team", "text", aliases=("組", "組別")),
    Column("start_date", "text", aliases=("入職日期",)),
    Column("min_units", "count", required=False, aliases=("最低目標",)),
    Column("cap_units", "count", required=False, aliases=("上限",)),
))


# ------------------------------------------------------------------ tables
def read_models(path: str | os.PathLike) -> pd.DataFrame:
    """Read ``models.csv`` (``model_id, name, segment, fleet``).

    Examples
    --------
    >>> from orgplan.model.io import DATA_DIR
    >>> models = read_models(DATA_DIR / "sales" / "models.csv")
    >>> models[["model_id", "name", "segment"]].head(2).values.tolist()
    [['AURA', '雅悦', '轿车'], ['AURA-L', '雅悦L', '长轴距轿车']]
    >>> models.loc[models["fleet"], "model_id"].tolist()
    ['AURA', 'AURA-L', 'CITY', 'TERRA-X', 'VOYA']
    """
    table, file = read_sales_table(path, MODELS)
    table = require_columns(table, ["segment", "fleet"])
    problems: list[Problem] = []
    ids = id_cells(table, "model_id", file, problems, "a model id")
    problems += cell_problems(ids.duplicated() & (ids != ""), table, "model_id", file, "each model once",
                              "duplicate_id")
    fleet = flag_cells(table, "fleet", file, problems, expected="yes or no (是/否)", blank=False)
    if problems:
        raise DataError(sorted(problems, key=lambda p: p.row or 0))
    return table.assign(fleet=fleet)[["model_id", "name", "segment", "fleet"]].reset_index(drop=True)


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
    table, file = read_sales_table(path, MONTHLY_SALES)
    problems: list[Problem] = []
    year = number_cells(table, "year", file, problems, whole=True, low=1990, high=2100,
                        expected="a whole number from 1990 to 2100")
    month = number_cells(table, "month", file, problems, whole=True, low=1, high=12,
                         expected="a whole number from 1 to 12")
    units = number_cells(table, "units", file, problems, whole=True)
    ids = id_cells(table, "model_id", file, problems, "a model id")
    if models is not None:
        known = set(models["model_id"])
        problems += cell_problems((ids != "") & ~ids.isin(known), table, "model_id", file,
                                  f"a model of models.csv ({', '.join(sorted(known))})", "unknown_id")
    if problems:
        raise DataError(sorted(problems, key=lambda p: p.row or 0))
    out = pd.DataFrame({"year": year.astype("int64"), "month": month.astype("int64"),
                        "model_id": ids, "units": units.astype("int64")})
    duplicated = out.duplicated(["year", "month", "model_id"])
    if duplicated.any():
        raise DataError(cell_problems(duplicated, table, "model_id", file, "one row per year, month and model",
                                      "duplicate_row"))
    return out


def read_consultants(path: str | os.PathLike) -> pd.DataFrame:
    """Read the sales consultants (``consultant_id, name, team, start_date``,
    optional ``units_<year>`` (last year's actual), ``min_units``, ``cap_units``).

    Examples
    --------
    >>> from orgplan.model.io import DATA_DIR
    >>> people = read_consultants(DATA_DIR / "sales" / "consultants.csv")
    >>> people.groupby("team").size().to_dict()
    {'大客户': 3, '展厅': 10, '网销': 2}
    """
    table, file = read_sales_table(path, CONSULTANTS)
    problems: list[Problem] = []
    ids = id_cells(table, "consultant_id", file, problems, "a consultant id")
    id_cells(table, "team", file, problems, "a team")
    problems += cell_problems(ids.duplicated() & (ids != ""), table, "consultant_id", file,
                              "each consultant once", "duplicate_id")
    starts = date_cells(table, "start_date", file, problems)
    out = pd.DataFrame({"consultant_id": ids, "name": table["name"], "team": table["team"],
                        "start_date": starts.dt.date.astype(object)})
    for column in table.columns:
        if column.startswith("units_") or column in ("min_units", "cap_units"):
            out[column] = number_cells(table, column, file, problems, whole=True, optional=True)
    for column in ("min_units", "cap_units"):
        if column not in out.columns:
            out[column] = np.nan
    for i in out.index[out["min_units"] > out["cap_units"]]:
        problems.append(Problem(file, int(i) + 2, "min_units", f"{out.at[i, 'min_units']:.0f}",
                                f"at most cap_units ({out.at[i, 'cap_units']:.0f})", "invalid_value"))
    if problems:
        raise DataError(sorted(problems, key=lambda p: p.row or 0))
    return out


# ------------------------------------------------------------------ config
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


_KEYS = {"year", "base_year", "growth", "total_units", "over_assignment", "new_consultant_share",
         "fleet_team", "files", "checks"}
_FILES = (("sales", "monthly_sales.csv"), ("consultants", "consultants.csv"), ("models", "models.csv"))


class _Settings:
    """The YAML file's values, checked one by one; each bad value becomes a problem with its line."""

    def __init__(self, raw: dict, file: str, lines: dict[str, int]):
        self.raw, self.file, self.lines = raw, file, lines
        self.problems: list[Problem] = [
            Problem(file, lines.get(str(key)), str(key), None, f"one of the keys {', '.join(sorted(_KEYS))}",
                    "unknown_key") for key in raw if key not in _KEYS]

    def number(self, key: str, value: Any, expected: str, low: float, high: float, whole: bool = False) -> Any:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and low <= value <= high
        if ok and whole:
            ok = float(value) == int(value)
        if not ok:
            self.problems.append(Problem(self.file, self.lines.get(key), key,
                                         None if value is None else str(value), expected))
            return None
        return int(value) if whole else float(value)

    def mapping(self, key: str, expected: str) -> dict:
        value = self.raw.get(key) or {}
        if isinstance(value, dict):
            return value
        self.problems.append(Problem(self.file, self.lines.get(key), key, str(value), expected))
        return {}


def _read_settings(settings: _Settings) -> dict[str, Any]:
    raw, file = settings.raw, settings.file
    year = settings.number("year", raw.get("year"), "the plan year, e.g. 2027", 1990, 2100, whole=True)
    values: dict[str, Any] = {"year": year, "growth": None, "total_units": None}
    values["base_year"] = settings.number("base_year", raw.get("base_year", (year or 1) - 1),
                                          "the last year of actuals", 1990, 2100, whole=True)
    if "total_units" in raw:
        values["total_units"] = settings.number("total_units", raw["total_units"], "a whole number of cars ≥ 1",
                                                1, 10**7, whole=True)
    if "growth" in raw:
        values["growth"] = settings.number("growth", raw["growth"], "growth as a fraction, e.g. 0.08 for +8 %",
                                           -0.9, 5.0)
    if "total_units" not in raw and "growth" not in raw:
        settings.problems.append(Problem(file, None, "growth", None, "either growth or total_units", "missing_value"))
    values["over_assignment"] = settings.number("over_assignment", raw.get("over_assignment", 1.0),
                                                "a factor from 1.0 to 2.0, e.g. 1.10", 1.0, 2.0)
    values["new_consultant_share"] = settings.number("new_consultant_share", raw.get("new_consultant_share", 0.6),
                                                     "a fraction from 0 to 1", 0.0, 1.0)
    checks = settings.mapping("checks", "a mapping")
    values["max_over_history"] = settings.number("checks.max_over_history", checks.get("max_over_history", 0.5),
                                                 "a fraction ≥ 0", 0.0, 100.0)
    values["growth_band"] = settings.number("checks.growth_band", checks.get("growth_band", 0.15),
                                            "a fraction ≥ 0", 0.0, 100.0)
    return values


def _data_paths(settings: _Settings, folder: Path) -> dict[str, Path]:
    files = settings.mapping("files", "a mapping with sales, consultants, models")
    paths = {}
    for key, default in _FILES:
        target = folder / str(files.get(key, default))
        if not target.exists():
            settings.problems.append(Problem(
                settings.file, settings.lines.get(f"files.{key}", settings.lines.get("files")), f"files.{key}",
                str(files.get(key, default)), "an existing file (relative to the config)", "missing_file"))
        paths[key] = target
    return paths


def _read_data(paths: dict[str, Path]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Models, sales and consultants; the problems of all three files reported together."""
    problems: list[Problem] = []
    models = sales = consultants = None
    try:
        models = read_models(paths["models"])
    except DataError as exc:
        problems.extend(exc.problems)
    try:
        sales = read_sales(paths["sales"], models=models)
    except DataError as exc:
        problems.extend(exc.problems)
    try:
        consultants = read_consultants(paths["consultants"])
    except DataError as exc:
        problems.extend(exc.problems)
    if problems:
        raise DataError(problems)
    assert sales is not None and consultants is not None and models is not None
    return models, sales, consultants


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
    settings = _Settings(raw, file, lines)
    values = _read_settings(settings)
    paths = _data_paths(settings, path.parent)
    if settings.problems:
        raise DataError(settings.problems)
    models, sales, consultants = _read_data(paths)
    base_year = values["base_year"]
    if base_year not in set(sales["year"]):
        raise DataError([Problem(file, lines.get("base_year"), "base_year", str(base_year),
                                 f"a year present in {paths['sales'].name} "
                                 f"({', '.join(map(str, sorted(set(sales['year']))))})")])
    fleet_team = raw.get("fleet_team")
    if fleet_team is not None and fleet_team not in set(consultants["team"]):
        raise DataError([Problem(file, lines.get("fleet_team"), "fleet_team", str(fleet_team),
                                 f"a team of {paths['consultants'].name} ({', '.join(sorted(set(consultants['team'])))})")])
    return TargetConfig(fleet_team=fleet_team, sales=sales, consultants=consultants, models=models, source=file,
                        **values)
