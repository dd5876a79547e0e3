"""The recommended establishment (定编建议): drivers × ratios, beside the approved establishment and the people in post.

For every position with a rule, :func:`monthly_need` gives the need month by
month (people, not rounded) and :func:`recommend` the establishment: the
need of the month the rule chooses (peak, average or a percentile), rounded
by the rule's rounding, at most the rule's cap (rounded down: a cap of 16.8
technicians holds 16), at least its minimum. A ``span_of``/``times_of`` rule
builds on the recommended (whole-people) establishment of its base positions.

Examples
--------
>>> from orgplan import read_structure, sample_path
>>> from orgplan.staffing import read_drivers, read_ratios
>>> plan = recommend(read_drivers(sample_path("staffing/drivers-2027.csv")),
...                  read_ratios(sample_path("staffing/ratios.yaml")),
...                  read_structure(sample_path("approved-2027")))
>>> plan.establishment.set_index("position_id").loc[["SHOW-CONS", "ADV-SA", "MECH-TECH"],
...     ["need", "recommended", "approved", "difference"]].round(2)
           need  recommended  approved  difference
position_id
SHOW-CONS  13.67           14        14           0
ADV-SA      6.14            7         6           1
MECH-TECH  16.74           17        15           2
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from orgplan.errors import DataError, ParameterError, Problem
from orgplan.i18n import N_, Translator
from orgplan.model.structure import Structure
from orgplan.staffing.checks import staffing_checks
from orgplan.staffing.ratios import Ratios, Rule
from orgplan.tables.io import read_table
from orgplan.tables.schema import Column, Table, canonical_headers, validate_tables

_ = Translator("staffing")

__all__ = ["StaffingPlan", "Need", "IN_POST", "read_in_post", "rule_needs", "recommend", "monthly_need", "pick_month", "in_post_counts"]


@dataclass(frozen=True)
class StaffingPlan:
    """What the drivers and ratios call for, against a structure.

    Attributes
    ----------
    establishment : DataFrame
        One row per position with a rule that the structure has:
        ``position_id, unit_id, title, rule, month, need`` (people in the
        chosen month, after the cap), ``recommended, approved, filled,
        difference`` (recommended − approved; + means the establishment is
        short of the need), ``monthly_cost, cost_difference`` (difference ×
        monthly cost), ``to_hire`` (recommended − in post, at least 0),
        ``status`` (``short``, ``surplus`` or ``balanced``), ``capped``.
    monthly : DataFrame
        People needed per position (rows) and month (columns 1–12), not rounded.
    by_unit : DataFrame
        Per unit: ``unit_id, name, approved, recommended, difference, cost_difference`` of the positions with a
        rule, and ``uncovered`` (positions without one).
    uncovered : DataFrame
        The structure's positions no rule covers: ``position_id, unit_id, title, approved, filled`` (listed, their
        establishment is not guessed).
    findings : DataFrame
        ``severity, code, position_id, message`` (see :func:`orgplan.staffing.checks.staffing_checks`).
    structure : Structure
        The structure the plan was measured against.
    ratios : Ratios
    drivers : DataFrame
    """

    establishment: pd.DataFrame
    monthly: pd.DataFrame
    by_unit: pd.DataFrame
    uncovered: pd.DataFrame
    findings: pd.DataFrame
    structure: Structure = field(repr=False)
    ratios: Ratios = field(repr=False)
    drivers: pd.DataFrame = field(repr=False)

    @property
    def total_difference(self) -> int:
        """Recommended − approved over every position with a rule."""
        return int(self.establishment["difference"].sum())

    @property
    def total_cost_difference(self) -> float:
        """The monthly cost of that difference."""
        return float(self.establishment["cost_difference"].sum())

    def recommended_counts(self) -> dict[str, int]:
        """``{position_id: recommended}`` of the positions with a rule."""
        return dict(zip(self.establishment["position_id"], self.establishment["recommended"].astype(int)))

    def _repr_html_(self) -> str:
        from orgplan.staffing.display import plan_html

        return plan_html(self)


def pick_month(values: np.ndarray, choice: str) -> float:
    """The need that sets the establishment: ``peak``, ``average`` or percentile ``pNN`` of the monthly needs.

    Percentiles interpolate linearly between months (numpy's default): ``p75`` of
    twelve months lies a quarter of the way from the 9th to the 10th smallest.

    Examples
    --------
    >>> months = np.array([1.0, 2, 3, 4])
    >>> pick_month(months, "peak"), pick_month(months, "average"), pick_month(months, "p75")
    (4.0, 2.5, 3.25)
    """
    values = np.asarray(values, dtype=float)
    if choice == "peak":
        return float(values.max())
    if choice == "average":
        return float(values.mean())
    return float(np.percentile(values, float(choice[1:])))


def _driver_values(drivers: pd.DataFrame, names: tuple[str, ...]) -> np.ndarray:
    return drivers[list(names)].to_numpy(dtype=float).sum(axis=1)


def monthly_need(drivers: pd.DataFrame, rule: Rule, base: np.ndarray | None = None) -> np.ndarray:
    """People a rule needs in each month, not rounded (before any cap).

    ``base`` is the people of the rule's base positions added up
    (``span_of`` and ``times_of`` rules): one number, or one per month.

    Examples
    --------
    >>> from orgplan.staffing.ratios import Rule
    >>> drivers = pd.DataFrame({"repair_orders": [2210, 1350], "working_days": [24, 20]})
    >>> monthly_need(drivers, Rule("ADV-SA", "driver", 15, drivers=("repair_orders",), per="day")).round(3)
    array([6.139, 4.5  ])
    """
    if rule.kind == "driver":
        volume = _driver_values(drivers, rule.drivers)
        if rule.per == "day":
            days = drivers["working_days"].to_numpy(dtype=float)
            volume = np.divide(volume, days, out=np.zeros_like(volume), where=days > 0)
        return volume / rule.ratio
    base = np.zeros(len(drivers)) if base is None else np.broadcast_to(np.asarray(base, dtype=float), (len(drivers),))
    return base / rule.ratio if rule.kind == "span_of" else base * rule.ratio


def _missing_drivers(drivers: pd.DataFrame, ratios: Ratios) -> list[Problem]:
    problems = []
    for rule in ratios.rules:
        wanted = list(rule.drivers) + ([rule.cap[0]] if rule.cap else []) + (
            ["working_days"] if rule.kind == "driver" and rule.per == "day" else [])
        for name in wanted:
            if name not in drivers.columns:
                problems.append(Problem(ratios.file or "ratios", rule.line, "driver", name,
                                        _("a driver the drivers table has (add the column {driver})").format(
                                            driver=name), "missing_driver"))
    return problems


#: People in post per position, from another source than the structure (e.g. the roster on a date).
IN_POST = Table(
    name="in_post",
    id_column="position_id",
    columns=(
        Column("position_id", "id", aliases=("职位编号", "職位編號", "岗位编号", "崗位編號"), label=N_("position id"),
               expected=N_("a position_id of the structure")),
        Column("filled", "count", aliases=("在岗", "在崗", "在岗人数", "在崗人數"), label=N_("in post"),
               expected=N_("a whole number of 0 or more (people in post)")),
    ),
)


def read_in_post(path: str | os.PathLike) -> pd.DataFrame:
    """Read an in-post table (``position_id, filled``) with located errors.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "in_post.csv"
    >>> _ = path.write_text("职位编号,在岗\\nADV-SA,5\\nMECH-TECH,x\\n", encoding="utf-8")
    >>> read_in_post(path)
    Traceback (most recent call last):
    ...
    orgplan.errors.DataError: Found 1 problem in the input data:
      - ...in_post.csv, row 3, column 'filled': got 'x', expected a whole number of 0 or more (people in post).
    """
    file = str(path)
    raw = read_table(path, require_rows=True)
    mapping, problems = canonical_headers(IN_POST, [str(c) for c in raw.columns], file)
    if problems:
        raise DataError(problems)
    raw = raw.rename(columns=mapping)[IN_POST.column_names]
    typed, problems, _flagged = validate_tables({"in_post": IN_POST}, {"in_post": raw.astype(str)}, {"in_post": file})
    if problems:
        raise DataError(problems)
    return typed["in_post"]


def in_post_counts(structure: Structure, in_post: pd.DataFrame | None = None) -> pd.Series:
    """People in post per position: the structure's ``filled``, or an in-post table's counts where it has a row.

    ``in_post`` is ``position_id, filled`` (e.g. counted from the roster on a
    date); positions it leaves out keep the structure's count.

    Examples
    --------
    >>> from orgplan import read_structure, sample_path
    >>> s = read_structure(sample_path("approved-2027"))
    >>> int(in_post_counts(s, pd.DataFrame({"position_id": ["ADV-SA"], "filled": [5]}))["ADV-SA"])
    5
    """
    counts = structure.positions.set_index("position_id")["filled"].astype(int)
    if in_post is None:
        return counts
    if not {"position_id", "filled"} <= set(in_post.columns):
        raise ParameterError(_("The 'in_post' parameter of recommend must have the columns position_id and filled. "
                               "Got {columns} instead.").format(columns=list(in_post.columns)))
    given = in_post.set_index("position_id")["filled"].astype(int)
    counts = counts.copy()
    known = given[given.index.isin(counts.index)]
    counts.loc[known.index] = known
    return counts


@dataclass(frozen=True)
class Need:
    """One rule's result: the need by month, the need of the chosen month, whole people, whether the cap held it."""

    monthly: np.ndarray
    need: float
    recommended: int
    capped: bool


def rule_needs(drivers: pd.DataFrame, ratios: Ratios) -> dict[str, Need]:
    """Every rule's need and whole people, in the rules' order (bases first); no structure needed.

    Raises
    ------
    DataError
        When a rule needs a driver the table does not have (located at the rule's line).

    Examples
    --------
    >>> from orgplan import sample_path
    >>> from orgplan.staffing import read_drivers, read_ratios
    >>> needs = rule_needs(read_drivers(sample_path("staffing/drivers-2027.csv")),
    ...                    read_ratios(sample_path("staffing/ratios.yaml")))
    >>> round(needs["MECH-APP"].need, 3), needs["MECH-APP"].recommended
    (6.8, 7)
    """
    problems = _missing_drivers(drivers, ratios)
    if problems:
        raise DataError(problems)
    recommended: dict[str, int] = {}
    needs: dict[str, Need] = {}
    for rule in ratios.rules:
        if rule.of:  # the establishment builds on the bases' whole people; the months follow their monthly need
            need = float(monthly_need(drivers, rule, float(sum(recommended.get(p, 0) for p in rule.of)))[0])
            need_by_month = monthly_need(drivers, rule, sum((needs[p].monthly for p in rule.of if p in needs),
                                                            np.zeros(len(drivers))))
        else:
            need_by_month = monthly_need(drivers, rule)
            need = pick_month(need_by_month, rule.month)
        count = rule.round(need)
        capped = False
        if rule.cap is not None:
            cap_values = drivers[rule.cap[0]].to_numpy(dtype=float) * rule.cap[1]
            need_by_month = np.minimum(need_by_month, cap_values)
            cap = pick_month(cap_values, rule.month if rule.kind == "driver" else "peak")
            if count > math.floor(cap + 1e-9):
                count, capped = int(math.floor(cap + 1e-9)), True
            need = min(need, cap)
        count = max(count, rule.minimum)
        recommended[rule.position_id] = count
        needs[rule.position_id] = Need(np.asarray(need_by_month, dtype=float), float(need), count, capped)
    return needs


def recommend(drivers: pd.DataFrame, ratios: Ratios, structure: Structure, *,
              in_post: pd.DataFrame | None = None) -> StaffingPlan:
    """The establishment the drivers and ratios call for, beside the structure's.

    Parameters
    ----------
    drivers : DataFrame
        One row per month (:func:`~orgplan.staffing.drivers.read_drivers`).
    ratios : Ratios
    structure : Structure
        The approved (or draft) structure to compare with.
    in_post : DataFrame, optional
        ``position_id, filled``: people in post from another source (the roster).

    Returns
    -------
    StaffingPlan

    Raises
    ------
    DataError
        When a rule needs a driver the table does not have (located at the rule's line).
    """
    drivers = drivers.sort_values("month").reset_index(drop=True)
    counts = rule_needs(drivers, ratios)
    positions = structure.positions.set_index("position_id")
    filled = in_post_counts(structure, in_post)
    rows = []
    for rule in ratios.rules:
        if rule.position_id not in positions.index:
            continue
        row, need = positions.loc[rule.position_id], counts[rule.position_id]
        rows.append({"position_id": rule.position_id, "unit_id": row["unit_id"], "title": row["title"],
                     "rule": rule.formula(), "month": rule.month if rule.kind == "driver" else "",
                     "need": need.need, "recommended": need.recommended, "approved": int(row["approved"]),
                     "filled": int(filled[rule.position_id]), "monthly_cost": float(row["monthly_cost"]),
                     "capped": need.capped})
    months = drivers["month"].astype(int).tolist()
    monthly = {position: need.monthly for position, need in counts.items()}
    establishment = _establishment_table(rows, structure)
    monthly_table = pd.DataFrame(monthly, index=months).T
    monthly_table.index.name = "position_id"
    uncovered = structure.positions.loc[~structure.positions["position_id"].isin(ratios.positions),
                                        ["position_id", "unit_id", "title", "approved", "filled"]]
    uncovered = uncovered.assign(filled=uncovered["position_id"].map(filled)).reset_index(drop=True)
    by_unit = _by_unit(establishment, uncovered, structure)
    findings = staffing_checks(establishment, uncovered, structure, ratios)
    return StaffingPlan(establishment, monthly_table, by_unit, uncovered, findings, structure, ratios, drivers)


def _establishment_table(rows: list[dict], structure: Structure) -> pd.DataFrame:
    columns = ["position_id", "unit_id", "title", "rule", "month", "need", "recommended", "approved", "filled",
               "difference", "monthly_cost", "cost_difference", "to_hire", "status", "capped"]
    if not rows:
        return pd.DataFrame(columns=columns)
    table = pd.DataFrame(rows)
    table["difference"] = table["recommended"] - table["approved"]
    table["cost_difference"] = table["difference"] * table["monthly_cost"]
    table["to_hire"] = (table["recommended"] - table["filled"]).clip(lower=0)
    table["status"] = np.select([table["difference"] > 0, table["difference"] < 0], ["short", "surplus"], "balanced")
    order = {p: i for i, p in enumerate(structure.positions["position_id"])}
    table = table.assign(_o=table["position_id"].map(order)).sort_values("_o").drop(columns="_o")
    return table[columns].reset_index(drop=True)


def _by_unit(establishment: pd.DataFrame, uncovered: pd.DataFrame, structure: Structure) -> pd.DataFrame:
    units = structure.units[["unit_id", "name"]]
    sums = establishment.groupby("unit_id")[["approved", "recommended", "difference", "cost_difference"]].sum()
    missing = uncovered.groupby("unit_id").size().rename("uncovered")
    table = units.set_index("unit_id").join(sums).join(missing).fillna(0)
    for column in ("approved", "recommended", "difference", "uncovered"):
        table[column] = table[column].astype(int)
    return table.reset_index()
