"""Reasonableness (公道性) and challenge (挑戰性) checks of a decomposed target.

A part far above its history or its capacity is not reasonable; a part
below last year's actual is not challenging. :func:`check_targets` returns
the findings as a table (:data:`FINDING_COLUMNS`).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from orgplan.i18n import N_, Translator
from orgplan.sales._params import as_series as _as_series, fmt as _fmt

_ = Translator("sales")

__all__ = ["check_targets", "FINDING_COLUMNS"]

#: Columns of the findings table :func:`check_targets` returns.
FINDING_COLUMNS = ["severity", "aspect", "code", "part", "target", "reference", "message"]


def check_targets(
    targets: pd.Series,
    *,
    history: pd.Series | None = None,
    last_actual: pd.Series | None = None,
    capacity: pd.Series | None = None,
    company_growth: float | None = None,
    max_over_history: float = 0.5,
    growth_band: float = 0.15,
    what: str = N_("part"),
) -> pd.DataFrame:
    """Check a decomposition for reasonableness (公道性) and challenge (挑戰性).

    Parameters
    ----------
    targets : Series
        Target per part (consultant, model, month …).
    history : Series, optional
        A reference level per part (e.g. last year's or the average of
        past years' sales). A target above ``history × (1 + max_over_history)``
        is not reasonable.
    last_actual : Series, optional
        Last year's actual per part. A target below it is not challenging;
        the part's growth against it is compared with ``company_growth``.
    capacity : Series, optional
        What each part can do (see :func:`capacity`); a target above it is
        not reasonable and is an ``error``.
    company_growth : float, optional
        The company's overall growth (0.08 for +8 %). A part whose growth
        against ``last_actual`` differs from it by more than ``growth_band``
        is reported.
    max_over_history, growth_band : float
        Thresholds, as fractions.
    what : str
        What the parts are, for the messages (``consultant``, ``model`` …): an English word marked ``N_``,
        translated in the messages.

    Returns
    -------
    DataFrame
        One row per finding, columns :data:`FINDING_COLUMNS`: ``severity``
        (``error`` / ``warning``), ``aspect`` (``reasonableness`` /
        ``challenge``), ``code``, ``part``, ``target``, ``reference`` and a
        ``message``. Empty when everything is fine. Parts missing from a
        reference are not checked against it.

    Examples
    --------
    >>> import pandas as pd
    >>> targets = pd.Series({"C01": 130, "C02": 95, "C03": 300})
    >>> found = check_targets(targets, last_actual=pd.Series({"C01": 120, "C02": 100, "C03": 150}),
    ...                       capacity=pd.Series({"C03": 200}), company_growth=0.08, what="consultant")
    >>> found[["severity", "code", "part"]].values.tolist()
    [['error', 'exceeds_capacity', 'C03'], ['warning', 'below_last_year', 'C02'], ['warning', 'growth_off_company', 'C03']]
    >>> print(found["message"].iloc[0])
    consultant C03: target 300 exceeds capacity 200 by 100 (50.0%).
    """
    rows: list[dict[str, Any]] = []
    targets = _as_series(targets, "targets", "check_targets")

    def aligned(ref: pd.Series | None) -> pd.Series | None:
        return None if ref is None else _as_series(ref, "reference", "check_targets").reindex(targets.index)

    cap, hist, last = aligned(capacity), aligned(history), aligned(last_actual)
    what = _(what)
    for part, target in targets.items():
        if cap is not None and pd.notna(cap[part]) and target > cap[part]:
            over = target - cap[part]
            message = (_("{what} {part}: target {target} exceeds capacity {capacity} by {over} ({share}).")
                       .format(what=what, part=part, target=_fmt(target), capacity=_fmt(cap[part]), over=_fmt(over),
                               share=f"{over / cap[part]:.1%}") if cap[part] else
                       _("{what} {part}: target {target} but capacity is 0.").format(what=what, part=part,
                                                                                      target=_fmt(target)))
            rows.append(_finding("error", "reasonableness", "exceeds_capacity", part, target, cap[part], message))
        if hist is not None and pd.notna(hist[part]) and target > hist[part] * (1 + max_over_history):
            message = (_("{what} {part}: target {target} is {over} over its history {history} (more than {limit}).")
                       .format(what=what, part=part, target=_fmt(target), over=f"{target / hist[part] - 1:+.1%}",
                               history=_fmt(hist[part]), limit=f"{max_over_history:.0%}") if hist[part] else
                       _("{what} {part}: target {target} without any history.").format(what=what, part=part,
                                                                                       target=_fmt(target)))
            rows.append(_finding("warning", "reasonableness", "exceeds_history", part, target, hist[part], message))
    for part, target in targets.items():
        if last is not None and pd.notna(last[part]) and target < last[part]:
            rows.append(_finding("warning", "challenge", "below_last_year", part, target, last[part],
                                 _("{what} {part}: target {target} is below last year's actual {last} (by {gap}).")
                                 .format(what=what, part=part, target=_fmt(target), last=_fmt(last[part]),
                                         gap=_fmt(last[part] - target))))
    if company_growth is not None and last is not None:
        for part, target in targets.items():
            if pd.notna(last[part]) and last[part] > 0:
                growth = target / last[part] - 1
                if abs(growth - company_growth) > growth_band:
                    rows.append(_finding("warning", "challenge" if growth < company_growth else "reasonableness",
                                         "growth_off_company", part, target, last[part],
                                         _("{what} {part}: growth {growth} against last year is far from the "
                                           "company's {company} (band ±{band}).")
                                         .format(what=what, part=part, growth=f"{growth:+.1%}",
                                                 company=f"{company_growth:+.1%}", band=f"{growth_band:.0%}")))
    table = pd.DataFrame(rows, columns=FINDING_COLUMNS)
    if not table.empty:
        table["_rank"] = table["severity"].map({"error": 0, "warning": 1}).fillna(2)
        table["_code"] = table["code"].map(
            {"exceeds_capacity": 0, "exceeds_history": 1, "below_last_year": 2, "growth_off_company": 3})
        table = table.sort_values(["_rank", "_code"], kind="stable").drop(columns=["_rank", "_code"])
        table = table.reset_index(drop=True)
    return table


def _finding(severity: str, aspect: str, code: str, part: Any, target: float, reference: float, message: str) -> dict:
    return {"severity": severity, "aspect": aspect, "code": code, "part": part,
            "target": float(target), "reference": float(reference), "message": message}
