"""The monthly pay sheet (工资表): each consultant's base, commissions, bonuses, deductions and total.

Every amount is a line with the rule that made it (the plan's key and line)
and the deals behind it, so finance and the consultant can check each yuan:

* ``deals`` — one row per car counted in the month: its per-car rule, the
  tier factor, and what it earned (per car, on gross, loan, insurance,
  extended warranty, accessories);
* ``lines`` — the month's lines per person: ``component``, ``rule``,
  ``plan_line``, ``deals``, ``quantity``, ``rate``, ``amount``;
* ``sheet`` — one row per person: base, each part, total, and the
  employer's social insurance (五险一金单位部分) and cost.

Which cars count: a deal delivered in the month, unless it was cancelled by
the month's end. A deal cancelled in a later month than its delivery is
clawed back in the month of the cancellation (when the plan's ``clawback``
allows it): the commission it earned in its delivery month is deducted.

Examples
--------
>>> from orgplan.model.io import DATA_DIR
>>> from orgplan.pay.plan import read_commission_plan
>>> plan = read_commission_plan(DATA_DIR / "pay" / "commission-plan-2027.yaml")
>>> deals = pd.DataFrame({
...     "deal_id": ["D1", "D2"], "consultant_id": ["S07", "S07"], "model_id": ["CITY", "VOYA"],
...     "delivery_date": ["2027-09-03", "2027-09-20"], "status": ["delivered", "delivered"],
...     "gross_profit": [2000, 10000], "payment": ["loan", "full"], "insurance": ["yes", "no"]})
>>> sheet = pay_sheet(plan, deals, "2027-09", people=["S07"])
>>> sheet.sheet[["consultant_id", "units", "base", "per_car", "gross", "finance_insurance", "total"]].head(1)
  consultant_id  units    base  per_car  gross  finance_insurance   total
0           S07      2  3300.0   1000.0  600.0              550.0  5450.0
>>> sheet.lines_of("S07")[["component", "deals", "amount"]].tail(2)
     component deals  amount
5    insurance    D1   100.0
6  penetration    D1   300.0
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from orgplan.errors import DataError, ParameterError, Problem
from orgplan.i18n import N_, Translator
from orgplan.pay.deals_input import DEAL_COLUMNS, LOAN_PAYMENTS, deals_frame
from orgplan.pay.plan import CommissionPlan

_ = Translator("pay")

__all__ = ["PaySheet", "pay_sheet", "rating_factor", "ratings_from_scorecard", "counted_deals", "deal_details", "month_bounds", "SHEET_COLUMNS", "LINE_COLUMNS", "COMPONENTS"]

#: The components of pay, in the order a pay sheet lists them, with what people read.
COMPONENTS: dict[str, str] = {
    "base": N_("base pay"), "per_car": N_("per-car commission"), "gross": N_("gross-profit commission"),
    "loan": N_("loan bonus"), "insurance": N_("insurance bonus"), "extended_warranty": N_("extended warranty bonus"),
    "accessories": N_("accessories commission"), "penetration": N_("penetration bonus"),
    "scorecard": N_("scorecard adjustment"), "team_bonus": N_("team bonus"), "team_cars": N_("team per-car bonus"),
    "cap": N_("cap"), "clawback": N_("clawback"), "floor": N_("floor top-up"),
}
#: What people read for the measures of a penetration threshold.
FI_MEASURE_LABELS = {"loan": N_("loan"), "insurance": N_("insurance"), "extended_warranty": N_("extended warranty")}
#: Components that add up to the F&I and accessories part of the sheet.
FI_COMPONENTS = ("loan", "insurance", "extended_warranty", "accessories", "penetration")
SHEET_COLUMNS = ["consultant_id", "name", "team", "grade", "units", "target", "attainment", "rating", "base",
                 "per_car", "gross", "finance_insurance", "scorecard", "team_bonus", "cap", "clawback", "floor",
                 "total", "social_insurance", "employer_cost"]
LINE_COLUMNS = ["consultant_id", "name", "component", "rule", "plan_line", "deals", "quantity", "rate", "amount"]
DEAL_DETAIL_COLUMNS = ["deal_id", "consultant_id", "model_id", "delivery_date", "car_rule", "car_amount",
                       "tier", "tier_factor", "per_car", "gross_profit", "gross", "loan", "insurance",
                       "extended_warranty", "accessories"]


@dataclass(frozen=True)
class PaySheet:
    """A month's pay: ``sheet`` (a row per person), ``lines`` (each amount with its rule and deals), ``deals``."""

    period: str
    sheet: pd.DataFrame
    lines: pd.DataFrame = field(repr=False)
    deals: pd.DataFrame = field(repr=False)
    plan: CommissionPlan = field(repr=False)

    def lines_of(self, person: str) -> pd.DataFrame:
        """The lines of one person (consultant id or the manager's id)."""
        return self.lines[self.lines["consultant_id"] == person].reset_index(drop=True)

    def _repr_html_(self) -> str:
        from orgplan.pay.display import display_table

        heading = _("Pay sheet {period}").format(period=self.period)
        return f"<h4>{html.escape(heading)}</h4>" + display_table(self.sheet).to_html(index=False)


def ratings_from_scorecard(card) -> pd.Series:
    """Each consultant's weighted rating (1–5) from a scorecard (:func:`orgplan.sales.scorecard.team_scorecard`).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> card = SimpleNamespace(table=pd.DataFrame({"salesperson": ["S01", "S02"], "score": [4.73, 3.2]}))
    >>> ratings_from_scorecard(card).to_dict()
    {'S01': 4.73, 'S02': 3.2}
    """
    return card.table.set_index("salesperson")["score"].rename("rating")


def month_bounds(period: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The first day and the last moment of a month ``YYYY-MM``.

    Examples
    --------
    >>> month_bounds("2027-02")
    (Timestamp('2027-02-01 00:00:00'), Timestamp('2027-02-28 23:59:59.999999999'))
    """
    try:
        start = pd.Timestamp(f"{period}-01")
    except ValueError:
        raise ParameterError(_("The 'period' parameter must be a month written YYYY-MM, e.g. 2027-09. "
                               "Got {value} instead.").format(value=repr(period))) from None
    if len(str(period)) != 7:
        raise ParameterError(_("The 'period' parameter must be a month written YYYY-MM, e.g. 2027-09. "
                               "Got {value} instead.").format(value=repr(period)))
    return start, start + pd.offsets.MonthEnd(0) + pd.Timedelta(days=1) - pd.Timedelta(1, "ns")


def counted_deals(deals: pd.DataFrame, period: str) -> pd.DataFrame:
    """Deals delivered in the month and not cancelled by its end, in delivery order."""
    start, end = month_bounds(period)
    delivered = deals["delivery_date"].between(start, end)
    cancelled = (deals["status"] == "cancelled") & (deals["cancelled_on"].isna() | (deals["cancelled_on"] <= end))
    return deals[delivered & ~cancelled].sort_values(["delivery_date", "deal_id"], kind="stable")


def _tier_factors(plan: CommissionPlan, count: int, target: float | None) -> list[tuple[float, str]]:
    """The tier factor and band text of each car of the month (in delivery order)."""
    tiers = plan.tiers
    if tiers is None:
        return [(1.0, "")] * count
    if tiers.basis == "attainment" and not target:
        raise ParameterError(_("The plan's tiers count attainment: give each consultant's monthly target "
                               "(targets=…, or --target on the command line)."))

    def measure(cars: int) -> float:
        return cars if tiers.whole else cars / float(target)  # type: ignore[arg-type]

    positions = [count] * count if tiers.mode == "retroactive" else list(range(1, count + 1))
    factors = []
    for cars in positions:
        band = tiers.band_of(measure(cars))
        factors.append((band.value, band.text(whole=tiers.whole)) if band else (0.0, ""))
    return factors


def deal_details(plan: CommissionPlan, deals: pd.DataFrame, target: float | None = None) -> pd.DataFrame:
    """What each car of one consultant's month earned, by component (the month's counted deals, in order)."""
    rows = []
    factors = _tier_factors(plan, len(deals), target)
    for (factor, band), deal in zip(factors, deals.itertuples(index=False)):
        priced = plan.car_amount(deal.model_id)
        if priced is None:
            raise DataError([Problem(_("deals"), None, "model_id", deal.model_id,
                                     _("a model the commission plan prices (deal {deal})").format(deal=deal.deal_id),
                                     "unpriced_model")])
        amount, rule = priced
        gross = deal.gross_profit * plan.gross_rate
        if gross < 0 and plan.gross_negative == "ignore":
            gross = 0.0
        rows.append({
            "deal_id": deal.deal_id, "consultant_id": deal.consultant_id, "model_id": deal.model_id,
            "delivery_date": deal.delivery_date, "car_rule": rule, "car_amount": amount, "tier": band,
            "tier_factor": factor, "per_car": round(amount * factor, 2), "gross_profit": deal.gross_profit,
            "gross": round(gross, 2),
            "loan": plan.per_loan if deal.payment in LOAN_PAYMENTS else 0.0,
            "insurance": plan.per_insurance if deal.insurance else 0.0,
            "extended_warranty": plan.per_extended_warranty if deal.extended_warranty else 0.0,
            "accessories": round(deal.accessories * plan.accessories_rate, 2)})
    return pd.DataFrame(rows, columns=DEAL_DETAIL_COLUMNS)


def _line(person: str, name: str, component: str, rule: str, plan_line: int | None, deals: Iterable[str],
          quantity: float, rate: float, amount: float) -> dict:
    return {"consultant_id": person, "name": name, "component": component, "rule": rule, "plan_line": plan_line,
            "deals": ", ".join(deals), "quantity": quantity, "rate": rate, "amount": round(float(amount), 2)}


def _commission_lines(plan: CommissionPlan, person: str, name: str, detail: pd.DataFrame) -> list[dict]:
    """Per-car lines (one per rule and tier factor), the gross line and the F&I lines of a month's cars."""
    lines = []
    tier_line = plan.lines.get("tiers")
    for (rule, amount, factor, band), cars in detail.groupby(["car_rule", "car_amount", "tier_factor", "tier"],
                                                             sort=False):
        text = f"per_car.{rule} {amount:g}"
        if plan.tiers is not None:
            text = _("{rule} × {factor} (tier {band}, {mode})").format(
                rule=text, factor=f"{factor:g}", band=band,
                mode=_("retroactive") if plan.tiers.mode == "retroactive" else _("marginal"))
        lines.append(_line(person, name, "per_car", text, plan.lines.get(f"per_car.{rule}", tier_line),
                           cars["deal_id"], len(cars), amount * factor, cars["per_car"].sum()))
    if plan.gross_rate and len(detail):
        lines.append(_line(person, name, "gross", f"gross.rate {plan.gross_rate:.1%}", plan.lines.get("gross"),
                           detail["deal_id"], detail["gross_profit"].sum(), plan.gross_rate, detail["gross"].sum()))
    for component, rate in (("loan", plan.per_loan), ("insurance", plan.per_insurance),
                            ("extended_warranty", plan.per_extended_warranty)):
        earned = detail[detail[component] > 0]
        if len(earned):
            lines.append(_line(person, name, component, f"finance_insurance.per_{component} {rate:g}",
                               plan.lines.get("finance_insurance"), earned["deal_id"], len(earned), rate,
                               earned[component].sum()))
    sold = detail[detail["accessories"] > 0]
    if len(sold):
        lines.append(_line(person, name, "accessories", f"finance_insurance.accessories_rate {plan.accessories_rate:.1%}",
                           plan.lines.get("finance_insurance"), sold["deal_id"],
                           round(sold["accessories"].sum() / plan.accessories_rate, 2), plan.accessories_rate,
                           sold["accessories"].sum()))
    return lines


def _penetration_lines(plan: CommissionPlan, person: str, name: str, detail: pd.DataFrame,
                       month_deals: pd.DataFrame) -> list[dict]:
    """The highest penetration threshold reached for each measure (share of the month's cars)."""
    lines = []
    cars = len(month_deals)
    if not cars:
        return lines
    flags = {"loan": month_deals["payment"].isin(LOAN_PAYMENTS).to_numpy(),
             "insurance": month_deals["insurance"].to_numpy(), "extended_warranty": month_deals["extended_warranty"].to_numpy()}
    for measure in dict.fromkeys(t.measure for t in plan.penetration):
        share = flags[measure].sum() / cars
        reached = [t for t in plan.penetration if t.measure == measure and share >= t.at_least]
        if reached:
            best = max(reached, key=lambda t: t.at_least)
            lines.append(_line(person, name, "penetration",
                               _("{measure} penetration ≥ {limit}: {count}/{cars} = {share}").format(
                                   measure=_(FI_MEASURE_LABELS[measure]), limit=f"{best.at_least:.0%}",
                                   count=int(flags[measure].sum()), cars=cars, share=f"{share:.0%}"), best.line, month_deals["deal_id"][flags[measure]], share, best.bonus,
                               best.bonus))
    return lines


def rating_factor(plan: CommissionPlan, rating: float | None) -> tuple[int | None, float]:
    """The rating rounded half up onto the plan's scale, and its factor (None, 1.0 without a rating).

    Examples
    --------
    >>> from orgplan.model.io import DATA_DIR
    >>> from orgplan.pay.plan import read_commission_plan
    >>> plan = read_commission_plan(DATA_DIR / "pay" / "commission-plan-2027.yaml")
    >>> rating_factor(plan, 4.5), rating_factor(plan, 3.46), rating_factor(plan, None)
    ((5, 1.2), (3, 1.0), (None, 1.0))
    """
    if rating is None or not plan.scorecard_factors or pd.isna(rating):
        return None, 1.0
    low, high = min(plan.scorecard_factors), max(plan.scorecard_factors)
    rounded = int(min(high, max(low, np.floor(float(rating) + 0.5))))
    return rounded, plan.scorecard_factors[rounded]


def _clawback_lines(plan: CommissionPlan, person: str, name: str, deals: pd.DataFrame, period: str,
                    targets: Mapping[tuple[str, str], float]) -> list[dict]:
    """Deals delivered in an earlier month and cancelled in this one: deduct what each earned then."""
    if plan.clawback_days is None:
        return []
    start, end = month_bounds(period)
    cancelled = deals[(deals["status"] == "cancelled") & deals["cancelled_on"].between(start, end)
                      & (deals["delivery_date"] < start)]
    lines = []
    for deal in cancelled.itertuples(index=False):
        days = (deal.cancelled_on - deal.delivery_date).days
        if days > plan.clawback_days:
            continue
        then = f"{deal.delivery_date:%Y-%m}"
        month = counted_deals(deals.assign(status=deals["status"].where(deals["deal_id"] != deal.deal_id,
                                                                        "delivered")), then)
        detail = deal_details(plan, month, targets.get((person, then)))
        earned = detail[detail["deal_id"] == deal.deal_id].iloc[0]
        amount = sum(float(earned[c]) for c in ("per_car", "gross", "loan", "insurance", "extended_warranty",
                                                "accessories"))
        lines.append(_line(person, name, "clawback",
                           _("clawback.within_days {limit}: delivered {delivered}, cancelled {cancelled} "
                             "({days} days later)").format(limit=plan.clawback_days,
                                                           delivered=f"{deal.delivery_date:%Y-%m-%d}",
                                                           cancelled=f"{deal.cancelled_on:%Y-%m-%d}", days=days),
                           plan.lines.get("clawback"), [deal.deal_id], 1, -amount, -amount))
    return lines


def _consultant_lines(plan: CommissionPlan, person: str, name: str, deals: pd.DataFrame, period: str,
                      target: float | None, rating: float | None,
                      targets: Mapping[tuple[str, str], float]) -> tuple[list[dict], pd.DataFrame, dict]:
    month_deals = counted_deals(deals, period)
    grade = plan.grade_of(person)
    lines = [_line(person, name, "base", f"base_pay.grades.{grade}", plan.lines.get("base_pay"), [], 1,
                   plan.base_of(person), plan.base_of(person))]
    detail = deal_details(plan, month_deals, target)
    lines += _commission_lines(plan, person, name, detail)
    lines += _penetration_lines(plan, person, name, detail, month_deals)
    rounded, factor = rating_factor(plan, rating)
    if factor != 1.0:
        parts = {"per_car": ("per_car",), "gross": ("gross",), "finance_insurance": FI_COMPONENTS}
        covered = [c for part in plan.scorecard_applies_to for c in parts[part]]
        basis = sum(line["amount"] for line in lines if line["component"] in covered)
        lines.append(_line(person, name, "scorecard",
                           _("scorecard.factors.{rounded} {factor} (rating {rating})").format(
                               rounded=rounded, factor=f"{factor:g}", rating=f"{rating:.2f}"),
                           plan.lines.get("scorecard"), [], basis, factor - 1, basis * (factor - 1)))
    commission = sum(line["amount"] for line in lines if line["component"] != "base")
    if plan.commission_cap is not None and commission > plan.commission_cap:
        lines.append(_line(person, name, "cap", f"limits.commission_cap {plan.commission_cap:g}",
                           plan.lines.get("limits"), [], commission, plan.commission_cap,
                           plan.commission_cap - commission))
    lines += _clawback_lines(plan, person, name, deals, period, targets)
    facts = {"grade": grade, "units": len(month_deals), "target": target, "rating": rounded}
    return lines, detail, facts


def _manager_lines(plan: CommissionPlan, sheet_people: pd.DataFrame, deals: pd.DataFrame, period: str,
                   targets: Mapping[tuple[str, str], float]) -> tuple[list[dict], dict]:
    manager = plan.manager
    if manager is None:  # pragma: no cover - called only for a plan with a manager
        return [], {}
    team = sheet_people.loc[sheet_people["team"] == manager.team, "consultant_id"].tolist()
    cars = counted_deals(deals[deals["consultant_id"].isin(team)], period)
    target = sum(targets.get((person, period), 0.0) for person in team)
    person, name = manager.manager_id, manager.name
    lines = [_line(person, name, "base", "manager.base", plan.lines.get("manager"), [], 1, manager.base, manager.base)]
    attainment = len(cars) / target if target else None
    if manager.bands and attainment is not None:
        band = next((b for b in manager.bands if b.contains(attainment, whole=False)), None)
        if band is not None:
            lines.append(_line(person, name, "team_bonus",
                               f"manager.bonus {band.text(whole=False)}: {manager.team} {len(cars)}/{target:g} = "
                               f"{attainment:.1%}", band.line, [], attainment, band.value, band.value))
    elif manager.bands:
        lines.append(_line(person, name, "team_bonus", _("no team target given: the team bonus is not computed"),
                           plan.lines.get("manager"), [], 0, 0, 0))
    if manager.per_team_car and len(cars):
        lines.append(_line(person, name, "team_cars", f"manager.per_team_car {manager.per_team_car:g}",
                           plan.lines.get("manager"), cars["deal_id"], len(cars), manager.per_team_car,
                           manager.per_team_car * len(cars)))
    return lines, {"grade": "", "units": len(cars), "target": target or None, "rating": None, "team": manager.team}


def pay_sheet(plan: CommissionPlan, deals: pd.DataFrame, period: str, *,
              targets: pd.DataFrame | Mapping[tuple[str, str], float] | None = None,
              ratings: Mapping[str, float] | pd.Series | None = None,
              people: Iterable[str] | None = None, consultants: pd.DataFrame | None = None) -> PaySheet:
    """Compute a month's pay sheet from the plan and the deals.

    Parameters
    ----------
    plan : CommissionPlan
    deals : DataFrame
        The deals table (:func:`orgplan.sales.deals.read_deals`, or the same
        columns by hand); all months, so cancellations can be clawed back.
    period : str
        The month, ``YYYY-MM``.
    targets : DataFrame or mapping, optional
        Monthly targets in cars: a frame with ``consultant_id, month
        (YYYY-MM), target`` (see :func:`orgplan.pay.forecast.monthly_targets`)
        or ``{(consultant, "YYYY-MM"): cars}``. Needed for tiers on
        attainment and the manager's team bonus.
    ratings : mapping or Series, optional
        Each consultant's weighted rating for the month on the scorecard's
        scale (1–5; a score out of 100 divided by 20): rounded half up, it
        picks the plan's scorecard factor. Without a rating the factor is 1.
    people : iterable of str, optional
        The consultants to pay (default: the consultants table's people who
        started by the month's end, and anyone with deals in the month).
    consultants : DataFrame, optional
        ``consultant_id, name, team`` (default: the plan's ``files.consultants``).

    Returns
    -------
    PaySheet
    """
    frame = deals_frame(deals)
    frame = frame[[c for c in DEAL_COLUMNS if c in frame.columns]]
    start, end = month_bounds(period)
    roster = consultants if consultants is not None else plan.consultants
    if roster is None:
        roster = pd.DataFrame({"consultant_id": sorted(frame["consultant_id"].unique()), "name": "", "team": ""})
    roster = roster.assign(name=roster.get("name", ""), team=roster.get("team", ""))
    target_map = _target_map(targets)
    rating_map = dict(ratings.items()) if ratings is not None else {}
    if people is None:
        started = pd.to_datetime(roster.get("start_date"), errors="coerce") if "start_date" in roster else None
        chosen = roster if started is None else roster[started.isna() | (started <= end)]
        active = set(frame.loc[frame["delivery_date"].between(start, end) | frame["cancelled_on"].between(start, end),
                               "consultant_id"])
        people = list(chosen["consultant_id"]) + sorted(active - set(chosen["consultant_id"]))
    names = dict(zip(roster["consultant_id"], roster["name"]))
    teams = dict(zip(roster["consultant_id"], roster["team"]))
    all_lines, details, rows = [], [], []
    by_person = dict(tuple(frame.groupby("consultant_id", sort=False)))
    for person in people:
        name = str(names.get(person, "") or "")
        own = by_person.get(person, frame.iloc[:0])
        lines, detail, facts = _consultant_lines(plan, person, name, own, period, target_map.get((person, period)),
                                                 rating_map.get(person), target_map)
        all_lines += lines
        details.append(detail)
        rows.append(_sheet_row(plan, person, name, str(teams.get(person, "") or ""), lines, facts))
    if plan.manager is not None:
        lines, facts = _manager_lines(plan, roster, frame, period, target_map)
        all_lines += lines
        rows.append(_sheet_row(plan, plan.manager.manager_id, plan.manager.name, facts.pop("team"), lines, facts))
    detail_frame = pd.concat(details, ignore_index=True) if details else pd.DataFrame(columns=DEAL_DETAIL_COLUMNS)
    return PaySheet(period=period, sheet=pd.DataFrame(rows, columns=SHEET_COLUMNS),
                    lines=pd.DataFrame(all_lines, columns=LINE_COLUMNS), deals=detail_frame, plan=plan)


def _sheet_row(plan: CommissionPlan, person: str, name: str, team: str, lines: list[dict], facts: dict) -> dict:
    """One person's row; the floor top-up is added to ``lines`` when the total falls below it."""
    sums = {c: 0.0 for c in COMPONENTS}
    for line in lines:
        sums[line["component"]] += line["amount"]
    total = sum(sums.values())
    if plan.pay_floor is not None and total < plan.pay_floor:
        top_up = plan.pay_floor - total
        lines.append(_line(person, name, "floor", f"limits.pay_floor {plan.pay_floor:g}", plan.lines.get("limits"),
                           [], total, plan.pay_floor, top_up))
        sums["floor"] = round(top_up, 2)
        total = plan.pay_floor
    social_base = sums["base"] if plan.social_base == "base" else total
    social = round(social_base * plan.employer_rate, 2)
    target = facts.get("target")
    return {"consultant_id": person, "name": name, "team": team, "grade": facts["grade"], "units": facts["units"],
            "target": target, "attainment": round(facts["units"] / target, 3) if target else None, "rating": facts["rating"],
            "base": sums["base"], "per_car": sums["per_car"], "gross": sums["gross"],
            "finance_insurance": round(sum(sums[c] for c in FI_COMPONENTS), 2), "scorecard": sums["scorecard"],
            "team_bonus": round(sums["team_bonus"] + sums["team_cars"], 2), "cap": sums["cap"],
            "clawback": sums["clawback"], "floor": sums["floor"], "total": round(total, 2),
            "social_insurance": social, "employer_cost": round(total + social, 2)}


def _target_map(targets: pd.DataFrame | Mapping[tuple[str, str], float] | None) -> dict[tuple[str, str], float]:
    if targets is None:
        return {}
    if isinstance(targets, pd.DataFrame):
        return {(str(c), str(m)): float(t) for c, m, t in zip(targets["consultant_id"], targets["month"],
                                                              targets["target"])}
    return {(str(c), str(m)): float(t) for (c, m), t in targets.items()}
