"""Consequences of the appraisal (赏罚、淘汰与升迁): promotion, warning and elimination candidates, each explained.

The seed's sales plan makes the appraisal the basis for pay, rewards and
penalties, elimination and promotion. :func:`consequences` reads a rolling
window of months — each consultant's attainment (cars delivered ÷ target)
and the latest scorecard rating — and names the candidates with the numbers
behind each name. :class:`ConsequenceRules` holds the store's thresholds;
elimination of the last (末位淘汰) is a policy a store may choose, so it is
off by default: with it off, a consultant who would be eliminated is given
a warning that says so.

Examples
--------
>>> months = pd.DataFrame({"consultant_id": ["S01"] * 3 + ["S04"] * 3, "name": ["王海涛"] * 3 + ["刘洋"] * 3,
...     "month": ["2027-07", "2027-08", "2027-09"] * 2, "target": [10, 10, 14, 8, 8, 11],
...     "units": [12, 11, 16, 5, 4, 7]})
>>> table = consequences(months, scores={"S01": 4.7, "S04": 2.4})
>>> table[["consultant_id", "outcome"]].to_dict("records")
[{'consultant_id': 'S01', 'outcome': 'promotion'}, {'consultant_id': 'S04', 'outcome': 'warning'}]
>>> print(table.loc[1, "reason"])
Attainment below 80% in 3 of the last 3 months (62%, 50%, 64%); Rating 2.4 below 2.5. Would be an elimination candidate: elimination of the last (末位淘汰) is off.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from orgplan.errors import ParameterError
from orgplan.i18n import Translator
from orgplan.pay.deals_input import deals_frame
from orgplan.pay.forecast import monthly_targets
from orgplan.pay.sheet import counted_deals
from orgplan.sales.targets import TargetPlan

_ = Translator("pay")

__all__ = ["ConsequenceRules", "consequences", "monthly_performance", "CONSEQUENCE_COLUMNS"]

CONSEQUENCE_COLUMNS = ["consultant_id", "name", "team", "outcome", "window", "mean_attainment", "score", "rank", "reason"]


@dataclass(frozen=True)
class ConsequenceRules:
    """The store's thresholds for the consequences of the appraisal.

    Attributes
    ----------
    window : int
        Months looked at (the latest ``window`` months of the table).
    promote_each_month, promote_attainment : float
        A promotion candidate reaches at least ``promote_each_month`` in every month of the window, at least
        ``promote_attainment`` on average …
    promote_score : float
        … and at least this rating (1–5) on the latest scorecard (when scores are given).
    warn_attainment, warn_months : float, int
        A warning when attainment is below ``warn_attainment`` in at least ``warn_months`` months …
    warn_score : float
        … or the latest rating is below this.
    eliminate : bool
        Elimination of the last (末位淘汰): off by default.
    eliminate_bottom : int
        How many of the last by mean attainment may be elimination candidates …
    eliminate_attainment : float
        … and only when their mean attainment is below this.
    """

    window: int = 3
    promote_each_month: float = 1.0
    promote_attainment: float = 1.05
    promote_score: float = 4.0
    warn_attainment: float = 0.8
    warn_months: int = 2
    warn_score: float = 2.5
    eliminate: bool = False
    eliminate_bottom: int = 1
    eliminate_attainment: float = 0.8

    def __post_init__(self) -> None:
        if not isinstance(self.window, int) or self.window < 1:
            raise ParameterError(_("The 'window' parameter of ConsequenceRules must be a whole number of months of "
                                   "1 or more. Got {value} instead.").format(value=repr(self.window)))
        if not 1 <= self.warn_months <= self.window:
            raise ParameterError(_("The 'warn_months' parameter of ConsequenceRules must be from 1 to the window "
                                   "({window}). Got {value} instead.").format(window=self.window,
                                                                              value=repr(self.warn_months)))


def monthly_performance(target: TargetPlan, deals: pd.DataFrame, months: list[str]) -> pd.DataFrame:
    """Each consultant's target and delivered cars (not cancelled by the month's end) for the months given.

    Returns ``consultant_id, name, team, month, target, units``.
    """
    frame = deals_frame(deals)
    targets = monthly_targets(target)
    targets = targets[targets["month"].isin(months)]
    counted = pd.concat([counted_deals(frame, month).assign(month=month) for month in months])
    units = counted.groupby(["consultant_id", "month"]).size().rename("units").reset_index()
    table = targets.merge(units, on=["consultant_id", "month"], how="left").fillna({"units": 0})
    names = dict(zip(target.by_consultant["consultant_id"], target.by_consultant["name"]))
    teams = dict(zip(target.by_consultant["consultant_id"], target.by_consultant["team"]))
    table.insert(1, "name", table["consultant_id"].map(names).fillna(""))
    table.insert(2, "team", table["consultant_id"].map(teams).fillna(""))
    return table.astype({"units": "int64"})


def _pct(values: list[float]) -> str:
    return ", ".join(f"{v:.0%}" for v in values)


def consequences(performance: pd.DataFrame, *, scores: Mapping[str, float] | pd.Series | None = None,
                 rules: ConsequenceRules | None = None) -> pd.DataFrame:
    """The candidates for promotion, a warning and elimination, each with the numbers that name them.

    Parameters
    ----------
    performance : DataFrame
        ``consultant_id, name, month (YYYY-MM), target, units`` (see
        :func:`monthly_performance`); the latest ``rules.window`` months are used.
        With a ``team`` column, ranks (and the last) are within each team.
    scores : mapping or Series, optional
        The latest scorecard's rating of each consultant (1–5).
    rules : ConsequenceRules, optional

    Returns
    -------
    DataFrame
        :data:`CONSEQUENCE_COLUMNS`, one row per consultant, ``outcome`` one of
        promotion, warning, elimination, keep; ``reason`` in the language in force.
    """
    rules = rules or ConsequenceRules()
    scores = dict(scores.items()) if scores is not None else {}
    months = sorted(performance["month"].unique())[-rules.window:]
    window = performance[performance["month"].isin(months)].sort_values(["consultant_id", "month"])
    rows = []
    for (person, name), own in window.groupby(["consultant_id", "name"], sort=False):
        attain = [u / t if t else np.nan for u, t in zip(own["units"], own["target"])]
        valid = [a for a in attain if not np.isnan(a)]
        rows.append({"consultant_id": person, "name": name, "attainment": valid,
                     "mean_attainment": float(np.mean(valid)) if valid else np.nan,
                     "score": scores.get(person, np.nan)})
    table = pd.DataFrame(rows)
    teams = window.groupby("consultant_id")["team"].first() if "team" in window else None
    table["team"] = table["consultant_id"].map(teams) if teams is not None else ""
    ranked = table.groupby("team", sort=False)["mean_attainment"]
    table["rank"] = ranked.rank(ascending=False, method="min").astype("Int64")
    last = ranked.rank(ascending=True, method="min")
    label = f"{months[0]}–{months[-1]}" if len(months) > 1 else months[0]
    out = []
    for row, bottom in zip(table.itertuples(index=False), last):
        outcome, reason = _judge(row, bottom <= rules.eliminate_bottom, len(months), rules)
        out.append({"consultant_id": row.consultant_id, "name": row.name, "team": row.team, "outcome": outcome,
                    "window": label,
                    "mean_attainment": round(row.mean_attainment, 3), "score": round(row.score, 2), "rank": row.rank,
                    "reason": reason})
    return pd.DataFrame(out, columns=CONSEQUENCE_COLUMNS)


def _judge(row, at_bottom: bool, months: int, rules: ConsequenceRules) -> tuple[str, str]:
    attain, score = row.attainment, row.score
    has_score = not pd.isna(score)
    if (len(attain) == months and all(a >= rules.promote_each_month for a in attain)
            and row.mean_attainment >= rules.promote_attainment and (not has_score or score >= rules.promote_score)):
        reason = _("Attainment at least {each:.0%} in each of the last {n} months ({values}), {mean:.0%} on average "
                   "(at least {limit:.0%})").format(each=rules.promote_each_month, n=months, values=_pct(attain),
                                                    mean=row.mean_attainment, limit=rules.promote_attainment)
        if has_score:
            reason += _("; rating {score:.1f} at least {limit:g}").format(score=score, limit=rules.promote_score)
        return "promotion", reason + _(".")
    low = [a for a in attain if a < rules.warn_attainment]
    reasons = []
    if len(low) >= rules.warn_months:
        reasons.append(_("Attainment below {limit:.0%} in {k} of the last {n} months ({values})").format(
            limit=rules.warn_attainment, k=len(low), n=months, values=_pct(attain)))
    if has_score and score < rules.warn_score:
        reasons.append(_("Rating {score:.1f} below {limit:g}").format(score=score, limit=rules.warn_score))
    eliminated = at_bottom and row.mean_attainment < rules.eliminate_attainment
    if eliminated:
        sentence = _("Last of the team by mean attainment ({mean:.0%}, below {limit:.0%}) over the last {n} months "
                     "({values}).").format(
            mean=row.mean_attainment, limit=rules.eliminate_attainment, n=months, values=_pct(attain))
        if rules.eliminate:
            return "elimination", sentence
        reasons = reasons or [_("Mean attainment {mean:.0%} over the last {n} months ({values})").format(
            mean=row.mean_attainment, n=months, values=_pct(attain))]
        return "warning", _("{reasons}. Would be an elimination candidate: elimination of the last (末位淘汰) is "
                            "off.").format(reasons=_("; ").join(reasons))
    if reasons:
        return "warning", _("; ").join(reasons) + _(".")
    return "keep", _("Mean attainment {mean:.0%} over the last {n} months ({values}).").format(
        mean=row.mean_attainment, n=months, values=_pct(attain))
