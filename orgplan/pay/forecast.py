"""The sales payroll forecast: expected pay by month and consultant from the decomposed target.

A sales team's cost moves with the cars it sells: base pay is fixed, the
commission grows with volume (and jumps at each tier), and the employer's
social insurance (五险一金) follows the pay. Given the decomposed yearly
target (:func:`orgplan.sales.targets.decompose_plan`) and a commission plan,
:func:`payroll_forecast` prices each consultant's planned cars month by
month, as if each month's target were met exactly:

* per-car commission: each planned car at its model's amount × the tier
  factor of the month's volume (retroactive: every car at the tier reached;
  marginal: each car at its own position's tier; tiers on attainment see
  100 %);
* commission on gross: the planned cars × the gross per car of each model
  (from last year's deals, :func:`assumptions_from_deals`) × the rate;
* F&I: the planned cars × the shares of loans, insurance and extended
  warranty, and the accessories per car, of last year's deals, and the
  penetration bonuses those shares reach;
* the scorecard factor of an assumed rating (default 3 → 1.0), the cap
  and the floor;
* the manager: base, the team bonus at 100 % attainment, the per-car amount.

Examples
--------
>>> from orgplan.model.io import DATA_DIR
>>> from orgplan.pay.plan import read_commission_plan
>>> from orgplan.sales.targets import decompose_plan, read_target_config
>>> plan = read_commission_plan(DATA_DIR / "pay" / "commission-plan-2027.yaml")
>>> target = decompose_plan(read_target_config(DATA_DIR / "sales" / "target-2027.yaml"))
>>> forecast = payroll_forecast(plan, target, Assumptions(gross_per_car={}, loan_share=0.5))
>>> int(forecast.by_month["units"].sum()), forecast.by_month.columns.tolist()[:4]
(1523, ['month', 'units', 'base', 'variable'])
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from orgplan.errors import ParameterError
from orgplan.i18n import Translator
from orgplan.pay.deals_input import LOAN_PAYMENTS, deals_frame
from orgplan.pay.plan import CommissionPlan
from orgplan.pay.sheet import rating_factor
from orgplan.sales.targets import TargetConfig, TargetPlan, decompose_plan

_ = Translator("pay")

__all__ = ["Assumptions", "assumptions_from_deals", "PayrollForecast", "payroll_forecast", "monthly_targets",
           "scaled_target", "FORECAST_COLUMNS"]

FORECAST_COLUMNS = ["consultant_id", "name", "team", "month", "units", "base", "per_car", "gross",
                    "finance_insurance", "scorecard", "team_bonus", "limits", "variable", "total",
                    "social_insurance", "employer_cost"]


@dataclass(frozen=True)
class Assumptions:
    """What the forecast assumes about each planned car beyond its model.

    Attributes
    ----------
    gross_per_car : mapping
        Gross profit per car by model (yuan); a model not given earns no
        gross commission.
    loan_share, insurance_share, warranty_share : float
        Shares of cars sold with a loan, the store's insurance, an extended
        warranty (0–1).
    accessories_per_car : float
        Accessories sold per car (yuan).
    rating : float
        The scorecard rating assumed for everyone (3: factor 1.0 in the sample plan).
    """

    gross_per_car: Mapping[str, float] = field(default_factory=dict)
    loan_share: float = 0.0
    insurance_share: float = 0.0
    warranty_share: float = 0.0
    accessories_per_car: float = 0.0
    rating: float = 3.0


def assumptions_from_deals(deals: pd.DataFrame) -> Assumptions:
    """The forecast's assumptions from a year of deals: gross per car by model, F&I shares, accessories per car.

    Only delivered, not cancelled, cars count.

    Examples
    --------
    >>> deals = pd.DataFrame({"deal_id": ["D1", "D2"], "consultant_id": ["S01", "S01"], "model_id": ["CITY", "CITY"],
    ...     "status": ["delivered"] * 2, "delivery_date": ["2027-01-05", "2027-02-05"], "gross_profit": [2000, 3000],
    ...     "payment": ["loan", "full"], "insurance": ["是", "是"], "accessories": [1000, 0]})
    >>> a = assumptions_from_deals(deals)
    >>> dict(a.gross_per_car), a.loan_share, a.insurance_share, a.accessories_per_car
    ({'CITY': 2500.0}, 0.5, 1.0, 500.0)
    """
    frame = deals_frame(deals)
    cars = frame[(frame["status"] == "delivered") & frame["delivery_date"].notna()]
    if cars.empty:
        raise ParameterError(_("The deals hold no delivered car: the forecast has nothing to learn its assumptions "
                               "from."))
    gross = cars.groupby("model_id")["gross_profit"].mean().round(0)
    return Assumptions(gross_per_car={str(k): float(v) for k, v in gross.items()},
                       loan_share=round(float(cars["payment"].isin(LOAN_PAYMENTS).mean()), 3),
                       insurance_share=round(float(cars["insurance"].mean()), 3),
                       warranty_share=round(float(cars["extended_warranty"].mean()), 3),
                       accessories_per_car=round(float(cars["accessories"].mean()), 0))


@dataclass(frozen=True)
class PayrollForecast:
    """Expected pay: ``table`` (person × month), ``by_month`` (the team, with cost per car), ``by_person`` (the year)."""

    year: int
    table: pd.DataFrame = field(repr=False)
    by_month: pd.DataFrame = field(repr=False)
    by_person: pd.DataFrame = field(repr=False)
    assumptions: Assumptions = field(repr=False)

    @property
    def cost_per_car(self) -> float:
        """The sales team's cost to the store per car over the year (pay + employer social insurance)."""
        units = self.by_month["units"].sum()
        return float(self.by_month["employer_cost"].sum() / units) if units else float("nan")

    def _repr_html_(self) -> str:
        from orgplan.pay.display import display_table

        heading = _("Sales payroll forecast {year}: cost per car {cost:,.0f} yuan").format(
            year=self.year, cost=self.cost_per_car)
        return f"<h4>{html.escape(heading)}</h4>" + display_table(self.by_month).to_html(index=False)


def monthly_targets(target: TargetPlan) -> pd.DataFrame:
    """Each consultant's target by month (``consultant_id, month YYYY-MM, target``), for a pay sheet.

    Examples
    --------
    >>> from orgplan.model.io import DATA_DIR
    >>> from orgplan.sales.targets import decompose_plan, read_target_config
    >>> table = monthly_targets(decompose_plan(read_target_config(DATA_DIR / "sales" / "target-2027.yaml")))
    >>> table.head(2).to_dict("records")
    [{'consultant_id': 'S01', 'month': '2027-01', 'target': 16}, {'consultant_id': 'S01', 'month': '2027-02', 'target': 9}]
    """
    cube = target.cube.groupby(level=["consultant", "month"], sort=False).sum()
    return pd.DataFrame({"consultant_id": cube.index.get_level_values("consultant").astype(str),
                         "month": [f"{target.year}-{int(m):02d}" for m in cube.index.get_level_values("month")],
                         "target": cube.to_numpy().astype(int)})


def scaled_target(config: TargetConfig, factor: float) -> TargetPlan:
    """The target decomposed again with the company total × ``factor`` (1.1: a target 10 % higher).

    Examples
    --------
    >>> from orgplan.model.io import DATA_DIR
    >>> from orgplan.sales.targets import read_target_config
    >>> scaled_target(read_target_config(DATA_DIR / "sales" / "target-2027.yaml"), 1.1).total
    1675
    """
    if not isinstance(factor, (int, float)) or not 0.1 <= factor <= 5:
        raise ParameterError(_("The 'factor' parameter of scaled_target must be a number from 0.1 to 5. "
                               "Got {value} instead.").format(value=repr(factor)))
    base = int(config.sales.loc[config.sales["year"] == config.base_year, "units"].sum())
    total = decompose_plan(config).total
    return decompose_plan(config, growth=round(total * factor) / base - 1)


def _per_car(plan: CommissionPlan, units: pd.Series) -> float:
    """The per-car commission of a month's planned cars (models × counts), tiers applied."""
    count = int(units.sum())
    if not count:
        return 0.0
    amounts = []
    for model, cars in units.items():
        priced = plan.car_amount(str(model))
        if priced is None:
            raise ParameterError(_("The plan prices no car of model {model}; add it to per_car.").format(model=model))
        amounts.append(priced[0] * cars)
    plain = float(sum(amounts))
    tiers = plan.tiers
    if tiers is None:
        return plain
    measure = (lambda k: k) if tiers.whole else (lambda k: k / count)  # the month's target is met
    if tiers.mode == "retroactive":
        band = tiers.band_of(measure(count))
        return plain * (band.value if band else 0.0)
    factors = [(b.value if (b := tiers.band_of(measure(k))) else 0.0) for k in range(1, count + 1)]
    return plain / count * float(sum(factors))


def _fi(plan: CommissionPlan, count: int, a: Assumptions) -> float:
    if not count:
        return 0.0
    amount = count * (a.loan_share * plan.per_loan + a.insurance_share * plan.per_insurance
                      + a.warranty_share * plan.per_extended_warranty + a.accessories_per_car * plan.accessories_rate)
    shares = {"loan": a.loan_share, "insurance": a.insurance_share, "extended_warranty": a.warranty_share}
    for measure in dict.fromkeys(t.measure for t in plan.penetration):
        reached = [t.bonus for t in plan.penetration if t.measure == measure and shares[measure] >= t.at_least]
        amount += max(reached) if reached else 0.0
    return amount


def _limits(plan: CommissionPlan, base: float, variable: float) -> float:
    """The adjustment the cap and the floor make to a month's pay."""
    adjustment = 0.0
    if plan.commission_cap is not None and variable > plan.commission_cap:
        adjustment = plan.commission_cap - variable
    if plan.pay_floor is not None and base + variable + adjustment < plan.pay_floor:
        adjustment = plan.pay_floor - base - variable
    return adjustment


def payroll_forecast(plan: CommissionPlan, target: TargetPlan, assumptions: Assumptions | None = None, *,
                     employer_rate: float | None = None) -> PayrollForecast:
    """Expected pay by month and consultant if the decomposed target is met, and the team's cost per car.

    Parameters
    ----------
    plan : CommissionPlan
    target : TargetPlan
        The decomposed target (its ``cube``: consultant × month × model).
    assumptions : Assumptions, optional
        Gross per car, F&I shares, accessories, rating (default: none of
        them, i.e. per-car commission and base only; use
        :func:`assumptions_from_deals` on last year's deals).
    employer_rate : float, optional
        The employer's social insurance rate (五险一金), overriding the plan's.

    Returns
    -------
    PayrollForecast
    """
    a = assumptions or Assumptions()
    rate = plan.employer_rate if employer_rate is None else employer_rate
    if not 0 <= rate <= 1:
        raise ParameterError(_("The 'employer_rate' parameter must be a fraction from 0 to 1 (0.3 = 30 %). "
                               "Got {value} instead.").format(value=repr(rate)))
    people = target.by_consultant.set_index("consultant_id")
    _rounded, factor = rating_factor(plan, a.rating)
    starts = _start_months(plan)
    rows = []
    for (person, month), cube in target.cube.groupby(level=["consultant", "month"], sort=False):
        if f"{target.year}-{int(month):02d}" < starts.get(str(person), ""):
            continue  # not yet with the store: no pay
        units = cube.droplevel(["consultant", "month"])
        count = int(units.sum())
        per_car = _per_car(plan, units)
        gross = plan.gross_rate * float(sum(a.gross_per_car.get(str(m), 0.0) * n for m, n in units.items()))
        fi = _fi(plan, count, a)
        parts = {"per_car": per_car, "gross": gross, "finance_insurance": fi}
        score = (factor - 1) * sum(parts[p] for p in plan.scorecard_applies_to)
        base = plan.base_of(str(person))
        variable = per_car + gross + fi + score
        rows.append(_row(str(person), str(people.at[person, "name"]), str(people.at[person, "team"]),
                         f"{target.year}-{int(month):02d}", count, base,
                         {**parts, "scorecard": score, "team_bonus": 0.0, "limits": _limits(plan, base, variable)},
                         plan, rate))
    rows += _manager_rows(plan, target, people, rate)
    table = pd.DataFrame(rows, columns=FORECAST_COLUMNS)
    return PayrollForecast(year=target.year, table=table, by_month=_by_month(table, plan),
                           by_person=_by_person(table), assumptions=a)


def _start_months(plan: CommissionPlan) -> dict[str, str]:
    """Each consultant's first month (``YYYY-MM``) from the plan's consultants table, when it has start dates."""
    people = plan.consultants
    if people is None or "start_date" not in people:
        return {}
    starts = pd.to_datetime(people["start_date"], errors="coerce")
    return {str(c): f"{d:%Y-%m}" for c, d in zip(people["consultant_id"], starts) if not pd.isna(d)}


def _row(person: str, name: str, team: str, month: str, units: int, base: float, parts: dict[str, float],
         plan: CommissionPlan, rate: float) -> dict:
    variable = sum(parts.values())
    total = base + variable
    social = (base if plan.social_base == "base" else total) * rate
    return {"consultant_id": person, "name": name, "team": team, "month": month, "units": units, "base": base,
            **{k: round(v, 2) for k, v in parts.items()}, "variable": round(variable, 2), "total": round(total, 2),
            "social_insurance": round(social, 2), "employer_cost": round(total + social, 2)}


def _manager_rows(plan: CommissionPlan, target: TargetPlan, people: pd.DataFrame, rate: float) -> list[dict]:
    manager = plan.manager
    if manager is None:
        return []
    team = people.index[people["team"] == manager.team]
    cube = target.cube[target.cube.index.get_level_values("consultant").isin(team)]
    by_month = cube.groupby(level="month").sum().reindex(range(1, 13), fill_value=0)
    band = next((b for b in manager.bands if b.contains(1.0, whole=False)), None)
    rows = []
    for month, cars in by_month.items():
        bonus = (band.value if band else 0.0) + manager.per_team_car * int(cars)
        parts = {"per_car": 0.0, "gross": 0.0, "finance_insurance": 0.0, "scorecard": 0.0, "team_bonus": bonus,
                 "limits": 0.0}
        rows.append(_row(manager.manager_id, manager.name, manager.team, f"{target.year}-{int(month):02d}", 0,
                         manager.base, parts, plan, rate))
    return rows


def _by_month(table: pd.DataFrame, plan: CommissionPlan) -> pd.DataFrame:
    months = table.groupby("month", sort=True)[["units", "base", "variable", "total", "social_insurance",
                                               "employer_cost"]].sum().reset_index()
    months["cost_per_car"] = (months["employer_cost"] / months["units"].replace(0, np.nan)).round(0)
    return months


def _by_person(table: pd.DataFrame) -> pd.DataFrame:
    people = table.groupby(["consultant_id", "name", "team"], sort=False)[
        ["units", "base", "variable", "total", "social_insurance", "employer_cost"]].sum().reset_index()
    people["cost_per_car"] = (people["employer_cost"] / people["units"].replace(0, np.nan)).round(0)
    return people
