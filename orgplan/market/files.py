"""The market's files: registrations (上险量), the rival-model map (竞品对照), price observations, patrol reports.

Each table has a schema (Chinese, Traditional and English headers) and a
reader that reports every bad cell with its file, row and column in one
:class:`~orgplan.errors.DataError`. :func:`read_market_config` reads the
store's YAML (``data/market/market-2027.yaml``): the area, our dealer, the
named rivals, the plan's share targets, the price-alert line and the files.

Examples
--------
>>> from orgplan.model.io import DATA_DIR
>>> config = read_market_config(DATA_DIR / "market" / "market-2027.yaml")
>>> config.area, config.our_dealer, config.rivals, config.undercut_amount
('万州区', '本店', ('百事达', '商社'), 5000.0)
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from orgplan.errors import DataError, Problem
from orgplan.i18n import N_, Translator
from orgplan.sales.plan_files import read_models
from orgplan.sales.tables import (cell_problems, date_cells, id_cells, number_cells, read_sales_table,
                                  require_columns)
from orgplan.tables.schema import Column, Table
from orgplan.tables.yamlfile import config_files, load_yaml_with_lines

_ = Translator("market")

__all__ = ["REGISTRATIONS", "COMPETITORS", "PRICES", "PATROLS", "OTHERS", "MarketConfig", "read_registrations",
           "read_competitors", "read_prices", "read_patrols", "read_market_config"]

#: What a registration row without a dealer counts as (every other dealer of the area).
OTHERS = "其他"

#: ``registrations.csv``: cars registered (上险量 / 上牌量) per month, area, segment, brand, model and dealer.
REGISTRATIONS = Table("registrations", None, (
    Column("year", "count", aliases=("年", "年份")),
    Column("month", "count", aliases=("月", "月份")),
    Column("area", "text", aliases=("区域", "區域", "地区", "地區"), label=N_("area")),
    Column("segment", "text", aliases=("细分市场", "細分市場", "级别", "級別"), label=N_("segment")),
    Column("brand", "text", required=False, aliases=("品牌",), label=N_("brand")),
    Column("model", "text", required=False, aliases=("车型", "車型"), label=N_("model")),
    Column("dealer", "text", required=False, aliases=("经销商", "經銷商", "销售商"), label=N_("dealer")),
    Column("units", "count", aliases=("上险量", "上險量", "上牌量", "台数", "台數"), label=N_("registrations")),
))

#: ``competitors.csv`` (竞品对照): each of our models and a rival model it meets.
COMPETITORS = Table("competitors", None, (
    Column("model_id", "id", aliases=("本店车型", "本店車型", "车型", "車型"), label=N_("our model")),
    Column("rival_dealer", "text", aliases=("竞争对手", "競爭對手", "对手经销商"), label=N_("rival dealer")),
    Column("rival_brand", "text", required=False, aliases=("竞品品牌", "競品品牌"), label=N_("rival brand")),
    Column("rival_model", "text", aliases=("竞品车型", "競品車型", "竞品"), label=N_("rival model")),
    Column("note", "text", required=False, aliases=("备注", "備註"), label=N_("note")),
))

#: ``prices.csv``: one observed price (transaction price, gifts and their value) with its date and source.
PRICES = Table("prices", None, (
    Column("date", "text", aliases=("日期", "观察日期")),
    Column("dealer", "text", aliases=("经销商", "經銷商"), label=N_("dealer")),
    Column("brand", "text", required=False, aliases=("品牌",), label=N_("brand")),
    Column("model", "text", aliases=("车型", "車型"), label=N_("model")),
    Column("msrp", "money", required=False, aliases=("指导价", "指導價", "厂家指导价")),
    Column("price", "money", aliases=("成交价", "成交價", "报价", "裸车价")),
    Column("gift", "text", required=False, aliases=("赠品", "贈品", "礼包")),
    Column("gift_value", "money", required=False, aliases=("赠品价值", "贈品價值", "礼包价值")),
    Column("source", "text", required=False, aliases=("来源", "來源", "信息来源")),
    Column("observer", "text", required=False, aliases=("观察人", "觀察人", "记录人", "記錄人")),
))

#: ``patrols.csv``: market patrol reports (市场巡视报告), one visit to a rival's showroom a row.
PATROLS = Table("patrols", None, (
    Column("date", "text", aliases=("日期", "巡视日期", "巡視日期")),
    Column("observer", "text", aliases=("巡视人", "巡視人", "记录人")),
    Column("dealer", "text", aliases=("经销商", "經銷商", "巡视对象")),
    Column("traffic", "count", required=False, aliases=("客流", "到店客流")),
    Column("test_drives", "count", required=False, aliases=("试驾", "試駕", "试乘试驾")),
    Column("promotion", "text", required=False, aliases=("促销", "促銷", "促销活动")),
    Column("findings", "text", required=False, aliases=("发现", "發現", "巡视记录", "情况")),
))


def _fail(problems: list[Problem]) -> None:
    if problems:
        raise DataError(sorted(problems, key=lambda p: p.row or 0))


def read_registrations(path: str | os.PathLike) -> pd.DataFrame:
    """Read monthly registrations (``year, month, area, segment, brand, model, dealer, units``).

    A row without a dealer counts for :data:`OTHERS` (the rest of the area).

    Examples
    --------
    >>> from orgplan.model.io import DATA_DIR
    >>> table = read_registrations(DATA_DIR / "market" / "registrations.csv")
    >>> int(table.loc[(table["year"] == 2027) & (table["month"] == 9) & (table["area"] == "万州区"), "units"].sum())
    1272
    """
    table, file = read_sales_table(path, REGISTRATIONS)
    table = require_columns(table, ["brand", "model", "dealer"])
    problems: list[Problem] = []
    year = number_cells(table, "year", file, problems, whole=True, low=1990, high=2100,
                        expected=_("a whole number from 1990 to 2100"))
    month = number_cells(table, "month", file, problems, whole=True, low=1, high=12,
                         expected=_("a whole number from 1 to 12"))
    units = number_cells(table, "units", file, problems, whole=True)
    id_cells(table, "area", file, problems, _("an area"))
    id_cells(table, "segment", file, problems, _("a segment"))
    _fail(problems)
    return pd.DataFrame({"year": year.astype("int64"), "month": month.astype("int64"), "area": table["area"],
                         "segment": table["segment"], "brand": table["brand"], "model": table["model"],
                         "dealer": table["dealer"].where(table["dealer"] != "", OTHERS),
                         "units": units.astype("int64")}).astype({c: object for c in
                                                                  ("area", "segment", "brand", "model", "dealer")})


def read_competitors(path: str | os.PathLike, *, models: pd.DataFrame | None = None) -> pd.DataFrame:
    """Read the rival-model map (``model_id, rival_dealer, rival_brand, rival_model, note``).

    Our model may be written by its id or its name; with ``models`` (the
    store's ``models.csv``) a model that is neither is reported.

    Examples
    --------
    >>> from orgplan.model.io import DATA_DIR
    >>> pairs = read_competitors(DATA_DIR / "market" / "competitors.csv")
    >>> pairs.loc[pairs["model_id"] == "TERRA", "rival_model"].tolist()
    ['丰华S5', '吉瑞X5']
    """
    table, file = read_sales_table(path, COMPETITORS)
    table = require_columns(table, ["rival_brand", "note"])
    problems: list[Problem] = []
    ids = id_cells(table, "model_id", file, problems, _("one of our models"))
    id_cells(table, "rival_dealer", file, problems, _("a rival dealer"))
    id_cells(table, "rival_model", file, problems, _("a rival model"))
    if models is not None:
        by_name = dict(zip(models["name"], models["model_id"]))
        ids = ids.map(lambda v: by_name.get(v, v))
        known = set(models["model_id"])
        problems += cell_problems((ids != "") & ~ids.isin(known), table, "model_id", file,
                                  _("a model of models.csv ({models})").format(models=", ".join(sorted(known))),
                                  "unknown_id")
    _fail(problems)
    return table.assign(model_id=ids)[["model_id", "rival_dealer", "rival_brand", "rival_model", "note"]].astype(
        object).reset_index(drop=True)


def read_prices(path: str | os.PathLike) -> pd.DataFrame:
    """Read price observations; adds ``discount`` = guide price − price and ``net_price`` = price − gift value.

    The net price is what the customer really pays once the gifts are
    counted; the discount is empty where no guide price (指导价) is written.

    Examples
    --------
    >>> from orgplan.model.io import DATA_DIR
    >>> prices = read_prices(DATA_DIR / "market" / "prices.csv")
    >>> row = prices[(prices["model"] == "吉瑞A6")].iloc[-1]
    >>> str(row["date"].date()), float(row["price"]), float(row["gift_value"]), float(row["net_price"])
    ('2027-09-20', 148000.0, 6000.0, 142000.0)
    """
    table, file = read_sales_table(path, PRICES)
    table = require_columns(table, ["brand", "msrp", "gift", "gift_value", "source", "observer"])
    problems: list[Problem] = []
    date = date_cells(table, "date", file, problems)
    id_cells(table, "dealer", file, problems, _("a dealer"))
    id_cells(table, "model", file, problems, _("a model"))
    price = number_cells(table, "price", file, problems, low=1, money=True)
    msrp = number_cells(table, "msrp", file, problems, low=1, money=True, optional=True)
    gift_value = number_cells(table, "gift_value", file, problems, money=True, optional=True).fillna(0.0)
    problems += cell_problems(gift_value >= price, table, "gift_value", file,
                              _("less than the transaction price"), "invalid_value")
    _fail(problems)
    out = table[["dealer", "brand", "model", "gift", "source", "observer"]].astype(object)
    out.insert(0, "date", date)
    return out.assign(msrp=msrp, price=price, discount=msrp - price, gift_value=gift_value,
                      net_price=price - gift_value)[
        ["date", "dealer", "brand", "model", "msrp", "price", "discount", "gift", "gift_value", "net_price",
         "source", "observer"]].reset_index(drop=True)


def read_patrols(path: str | os.PathLike) -> pd.DataFrame:
    """Read market patrol reports (``date, observer, dealer, traffic, test_drives, promotion, findings``).

    Examples
    --------
    >>> from orgplan.model.io import DATA_DIR
    >>> patrols = read_patrols(DATA_DIR / "market" / "patrols.csv")
    >>> len(patrols), sorted(set(patrols["dealer"]))
    (12, ['商社', '百事达'])
    """
    table, file = read_sales_table(path, PATROLS)
    table = require_columns(table, ["traffic", "test_drives", "promotion", "findings"])
    problems: list[Problem] = []
    date = date_cells(table, "date", file, problems)
    id_cells(table, "dealer", file, problems, _("a dealer"))
    id_cells(table, "observer", file, problems, _("who patrolled"))
    traffic = number_cells(table, "traffic", file, problems, whole=True, optional=True)
    drives = number_cells(table, "test_drives", file, problems, whole=True, optional=True)
    _fail(problems)
    out = table[["observer", "dealer", "promotion", "findings"]].astype(object)
    out.insert(0, "date", date)
    return out.assign(traffic=traffic, test_drives=drives)[
        ["date", "observer", "dealer", "traffic", "test_drives", "promotion", "findings"]].reset_index(drop=True)


# ------------------------------------------------------------------ config
@dataclass(frozen=True)
class MarketConfig:
    """The store's market settings and tables (see :func:`read_market_config`)."""

    year: int
    area: str | None
    our_dealer: str
    rivals: tuple[str, ...]
    share_targets: dict[str, float]
    undercut_amount: float
    registrations: pd.DataFrame = field(repr=False)
    competitors: pd.DataFrame = field(repr=False)
    prices: pd.DataFrame = field(repr=False)
    patrols: pd.DataFrame | None = field(repr=False, default=None)
    models: pd.DataFrame | None = field(repr=False, default=None)
    source: str = ""


_KEYS = {"year", "area", "our_dealer", "rivals", "share_targets", "undercut_amount", "files"}
_FILES = ("registrations", "competitors", "prices", "patrols", "models")


def _settings(raw: dict, file: str, lines: dict[str, int]) -> tuple[dict[str, Any], list[Problem]]:
    problems = [Problem(file, lines.get(str(k)), str(k), None, _("one of the keys {keys}").format(
        keys=", ".join(sorted(_KEYS))), "unknown_key") for k in raw if k not in _KEYS]

    def bad(key: str, value: Any, expected: str) -> None:
        problems.append(Problem(file, lines.get(key), key, None if value is None else str(value), _(expected)))

    year = raw.get("year")
    if not (isinstance(year, int) and 1990 <= year <= 2100):
        bad("year", year, N_("the plan year, e.g. 2027"))
    dealer = raw.get("our_dealer")
    if not isinstance(dealer, str) or not dealer.strip():
        bad("our_dealer", dealer, N_("our dealer as the registrations name it, e.g. 本店"))
    rivals = raw.get("rivals") or []
    if not isinstance(rivals, list) or not all(isinstance(r, str) and r.strip() for r in rivals):
        bad("rivals", rivals, N_("a list of the rival dealers, e.g. [百事达, 商社]"))
        rivals = []
    targets = raw.get("share_targets") or {}
    if not isinstance(targets, dict) or not all(isinstance(v, (int, float)) and not isinstance(v, bool)
                                                and 0 <= v <= 1 for v in targets.values()):
        bad("share_targets", targets, N_("a mapping of segment to a share from 0 to 1, e.g. SUV: 0.12"))
        targets = {}
    amount = raw.get("undercut_amount", 5000)
    if not (isinstance(amount, (int, float)) and not isinstance(amount, bool) and amount >= 0):
        bad("undercut_amount", amount, N_("an amount in yuan of 0 or more, e.g. 5000"))
    area = raw.get("area")
    return {"year": year, "area": None if area is None else str(area), "our_dealer": str(dealer).strip(),
            "rivals": tuple(r.strip() for r in rivals), "share_targets": {str(k): float(v) for k, v in targets.items()},
            "undercut_amount": float(amount) if isinstance(amount, (int, float)) else 0.0}, problems


def read_market_config(path: str | os.PathLike) -> MarketConfig:
    """Read the market's YAML file and the tables it names (paths relative to it).

    Every problem of the YAML and of the tables is collected into one
    :class:`~orgplan.errors.DataError`. ``patrols`` and ``models`` are optional.

    Examples
    --------
    >>> from orgplan.model.io import DATA_DIR
    >>> config = read_market_config(DATA_DIR / "market" / "market-2027.yaml")
    >>> config.share_targets["SUV"], len(config.prices), len(config.competitors)
    (0.11, 42, 10)
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file.")
    loaded = load_yaml_with_lines(path, "a mapping of keys such as area, our_dealer, rivals, files")
    values, problems = _settings(loaded.data, loaded.file, loaded.lines)
    paths = config_files(loaded, path, _FILES, ("registrations", "competitors", "prices"), problems,
                         expected=_("a mapping with registrations, competitors, prices"))
    _fail(problems)
    tables: dict[str, Any] = {}
    for key, reader in (("models", read_models), ("registrations", read_registrations), ("prices", read_prices),
                        ("patrols", read_patrols)):
        if key in paths:
            try:
                tables[key] = reader(paths[key])
            except DataError as exc:
                problems.extend(exc.problems)
    try:
        tables["competitors"] = read_competitors(paths["competitors"], models=tables.get("models"))
    except DataError as exc:
        problems.extend(exc.problems)
    if problems:
        raise DataError(problems)
    return MarketConfig(source=loaded.file, **values, **tables)
