"""Early warnings (預警): salespeople whose results or activity call for the manager's attention now.

:class:`WarningRules` states the rules and their thresholds;
:func:`early_warnings` applies them to a plan-versus-actual review and to
monthly activity KPIs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from orgplan.errors import ParameterError
from orgplan.i18n import Translator
from orgplan.sales.attainment import PlanVsActual
from orgplan.sales.periods import Period, parse_period

_ = Translator("sales")

__all__ = ["WarningRules", "early_warnings", "WARNING_COLUMNS"]

#: Columns of the table :func:`early_warnings` returns.
WARNING_COLUMNS = ["salesperson", "name", "flag", "month", "value", "reference", "message"]


@dataclass(frozen=True)
class WarningRules:
    """The exact rules of :func:`early_warnings`, with their thresholds.

    ``M`` is the review month.

    * ``behind_plan`` — in each of the ``behind_months`` months ending
      with ``M``, the salesperson had a target (> 0) and sold less than
      ``target × (1 − behind_tolerance)``. Default: behind plan in ``M``
      and in the month before ("two months running").
    * ``activity_dropping`` — visits in ``M`` are below
      ``(1 − activity_drop)`` × the average visits of the
      ``activity_months`` months before ``M`` (months without any visit —
      before joining, on leave — are left out of the average; at least one
      is needed). Default: more than 20 % below the average of the three
      months before.
    * ``expense_ratio_rising`` — the expense ratio (cost / revenue) rose
      month on month over the ``expense_months`` months ending with ``M``
      (each month's ratio defined and higher than the month before), and
      ``M``'s ratio is at least ``(1 + expense_rise)`` × the first one's.
      Default: rising for three months (two rises) and up by 25 % or more.

    Examples
    --------
    >>> WarningRules().behind_months
    2
    >>> WarningRules(activity_drop=1.5)
    Traceback (most recent call last):
    ...
    orgplan.errors.ParameterError: The 'activity_drop' parameter of WarningRules must be a fraction from 0 to 1 (0.2 = 20 %). Got 1.5 instead.
    """

    behind_months: int = 2
    behind_tolerance: float = 0.0
    activity_months: int = 3
    activity_drop: float = 0.20
    expense_months: int = 3
    expense_rise: float = 0.25

    def __post_init__(self) -> None:
        for name, low in (("behind_months", 1), ("activity_months", 1), ("expense_months", 2)):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
                raise ParameterError(f"The {name!r} parameter of WarningRules must be a whole number of months "
                                     f"of {low} or more. Got {value!r} instead.")
        for name in ("behind_tolerance", "activity_drop"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
                raise ParameterError(f"The {name!r} parameter of WarningRules must be a fraction from 0 to 1 "
                                     f"(0.2 = 20 %). Got {value!r} instead.")
        value = self.expense_rise
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise ParameterError(f"The 'expense_rise' parameter of WarningRules must be a fraction of 0 or more "
                                 f"(0.25 = 25 %). Got {value!r} instead.")


def _who(salesperson: str, names: dict[str, str]) -> str:
    name = names.get(salesperson)
    return f"{salesperson} {name}" if isinstance(name, str) and name else salesperson


def early_warnings(review: PlanVsActual | None = None, activity: pd.DataFrame | None = None, *,
                   month: str | Period | None = None, rules: WarningRules | None = None) -> pd.DataFrame:
    """Flag salespeople whose results or activity call for the manager's attention now.

    Parameters
    ----------
    review : PlanVsActual, optional
        Plan versus actual; gives the ``behind_plan`` flag.
    activity : DataFrame, optional
        Monthly KPIs (:func:`monthly_kpis`, with at least the months the
        rules look back on); gives ``activity_dropping`` and
        ``expense_ratio_rising``.
    month : str or Period, optional
        The review month; default the review's last month, else the
        latest month of ``activity``.
    rules : WarningRules, optional
        The thresholds; see :class:`WarningRules` for the exact rules.

    Returns
    -------
    DataFrame
        :data:`WARNING_COLUMNS`: ``salesperson, name, flag, month`` (the
        review month), ``value`` and ``reference`` (the figures compared:
        cars sold and target over the months behind; visits and the average;
        the expense ratio now and at the start) and a ``message``. Empty
        when nobody is flagged. Sorted by salesperson in the order of the
        inputs, then flag.

    Examples
    --------
    >>> import pandas as pd
    >>> activity = pd.DataFrame({"month": ["2027-06", "2027-07", "2027-08", "2027-09"],
    ...     "salesperson": "S04", "name": "刘洋", "visits": [100, 110, 90, 70],
    ...     "expense_ratio": [0.010, 0.011, 0.012, 0.016]})
    >>> flags = early_warnings(activity=activity, month="2027-09")
    >>> flags[["salesperson", "flag", "value", "reference"]]
      salesperson                  flag   value  reference
    0         S04     activity_dropping  70.000    100.000
    1         S04  expense_ratio_rising   0.016      0.011
    >>> print(flags["message"].iloc[0])
    S04 刘洋: 70 visits in 2027-09, 30.0% below the average of 100.0 in the 3 months before.
    """
    rules = rules or WarningRules()
    if review is None and activity is None:
        raise ParameterError("early_warnings needs a plan-versus-actual review, monthly activity, or both.")
    if month is None:
        month = review.month if review is not None else str(max(activity["month"]))  # type: ignore[index]
    period = parse_period(month)
    if period.kind != "month":
        raise ParameterError(f"The 'month' parameter of early_warnings must be a month such as 2027-09. "
                             f"Got {period.label!r} instead.")
    order, names = _people(review, activity)
    rows: list[dict[str, Any]] = []
    if review is not None:
        rows += _behind_plan(review, period, rules, names)
    if activity is not None:
        missing = [c for c in ("month", "salesperson", "visits", "expense_ratio") if c not in activity.columns]
        if missing:
            raise ParameterError(f"The 'activity' parameter of early_warnings must be monthly KPIs "
                                 f"(see monthly_kpis). Missing: {', '.join(missing)}.")
        rows += _activity_flags(activity, period, rules, names)
    out = pd.DataFrame(rows, columns=[c for c in WARNING_COLUMNS if c not in ("name", "month")])
    out.insert(1, "name", out["salesperson"].map(names).astype(object))
    out.insert(3, "month", period.label)
    flag_rank = {"behind_plan": 0, "activity_dropping": 1, "expense_ratio_rising": 2}
    rank = {sp: i for i, sp in enumerate(order)}
    out = out.sort_values(["salesperson", "flag"], key=lambda c: c.map(rank if c.name == "salesperson" else flag_rank),
                          kind="stable")
    return out.reset_index(drop=True)[WARNING_COLUMNS]


def _people(review: PlanVsActual | None, activity: pd.DataFrame | None) -> tuple[list[str], dict[str, str]]:
    """The salespeople in the order of the inputs, and their names where a table gives one."""
    names: dict[str, str] = {}
    order: list[str] = []
    for table in (review.by_salesperson if review is not None else None, activity):
        if table is not None:
            for sp in table["salesperson"]:
                if sp not in names:
                    order.append(sp)
                    names[sp] = None  # type: ignore[assignment]
            if "name" in table.columns:
                names.update({k: v for k, v in zip(table["salesperson"], table["name"]) if isinstance(v, str)})
    return order, names


def _behind_plan(review: PlanVsActual, period: Period, rules: WarningRules, names: dict[str, str]) -> list[dict]:
    """``behind_plan``: below target in each of the ``behind_months`` months ending with the review month."""
    rows = []
    window = [period.shift(-k).label for k in range(rules.behind_months - 1, -1, -1)]
    monthly = review.monthly.set_index(["salesperson", "month"])
    for sp in review.by_salesperson["salesperson"]:
        keys = [(sp, m) for m in window]
        if not all(k in monthly.index for k in keys):
            continue
        part = monthly.loc[keys]
        limit = part["target"] * (1 - rules.behind_tolerance)
        if (part["target"] > 0).all() and (part["actual"] < limit).all():
            detail = _(", ").join(_("{month} sold {actual} of {target}").format(month=m, actual=a, target=t)
                                  for m, a, t in zip(window, part["actual"], part["target"]))
            if rules.behind_months == 2:
                message = _("{who}: behind plan two months running — {detail}.")
            else:
                message = _.ngettext("{who}: behind plan {n} month running — {detail}.",
                                     "{who}: behind plan {n} months running — {detail}.", rules.behind_months)
            rows.append({"salesperson": sp, "flag": "behind_plan", "value": float(part["actual"].sum()),
                         "reference": float(part["target"].sum()),
                         "message": message.format(who=_who(sp, names), n=rules.behind_months, detail=detail)})
    return rows


def _activity_flags(activity: pd.DataFrame, period: Period, rules: WarningRules,
                    names: dict[str, str]) -> list[dict]:
    """``activity_dropping`` and ``expense_ratio_rising`` from monthly KPIs."""
    rows = []
    table = activity.set_index(["salesperson", "month"])
    before = [period.shift(-k).label for k in range(rules.activity_months, 0, -1)]
    rising = [period.shift(-k).label for k in range(rules.expense_months - 1, -1, -1)]
    for sp in activity["salesperson"].drop_duplicates():
        if (sp, period.label) not in table.index:
            continue
        now = float(table.at[(sp, period.label), "visits"])
        past = [float(table.at[(sp, m), "visits"]) for m in before if (sp, m) in table.index]
        past = [v for v in past if v > 0]
        if past:
            baseline = float(np.mean(past))
            if now < (1 - rules.activity_drop) * baseline:
                rows.append({"salesperson": sp, "flag": "activity_dropping", "value": now, "reference": baseline,
                             "message": _.ngettext(
                                 "{who}: {visits} visits in {month}, {drop} below the average of {average} in the "
                                 "{n} month before.",
                                 "{who}: {visits} visits in {month}, {drop} below the average of {average} in the "
                                 "{n} months before.", len(past)).format(
                                     who=_who(sp, names), visits=f"{now:,.0f}", month=period.label,
                                     drop=f"{1 - now / baseline:.1%}", average=f"{baseline:,.1f}", n=len(past))})
        if all((sp, m) in table.index for m in rising):
            ratios = np.array([table.at[(sp, m), "expense_ratio"] for m in rising], dtype="float64")
            if (np.isfinite(ratios).all() and (np.diff(ratios) > 0).all()
                    and ratios[-1] >= (1 + rules.expense_rise) * ratios[0]):
                trail = " → ".join(f"{r:.2%}" for r in ratios)
                rows.append({"salesperson": sp, "flag": "expense_ratio_rising", "value": float(ratios[-1]),
                             "reference": float(ratios[0]),
                             "message": _("{who}: expense ratio rising {first} to {last} ({trail}), up {rise}.")
                                        .format(who=_who(sp, names), first=rising[0], last=rising[-1], trail=trail,
                                                rise=f"{ratios[-1] / ratios[0] - 1:.0%}")})
    return rows
