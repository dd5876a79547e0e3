"""Early warnings of the funnel and the morning list, and the funnel and F&I measures a scorecard weighs.

:func:`funnel_warnings` raises, per consultant:

* ``close_rate_falling`` — the close rate (orders ÷ all traffic) fell
  three weeks running (four complete ISO weeks before the day, each lower
  than the one before);
* ``h_overdue`` — H-level prospects whose follow-up is overdue on the
  morning of the day;
* ``reports_missing`` — daily reports sent on fewer than ``report_rate``
  of the working days of the month so far.

:func:`scorecard_measures` gives one row per consultant with the funnel
and F&I measures of a period, to pass as ``results=`` to
:func:`orgplan.sales.scorecard.scorecard` (see data/sales/scorecard-funnel.yaml).

Examples
--------
>>> weekly = pd.DataFrame({"2027-W35": [0.2, 0.1], "2027-W36": [0.15, 0.2], "2027-W37": [0.1, 0.1],
...                        "2027-W38": [0.05, 0.3]}, index=["S01", "S02"])
>>> falling_three_weeks(weekly)
['S01']
"""

from __future__ import annotations

import datetime as _dt

import pandas as pd

from orgplan.i18n import N_, Translator
from orgplan.sales.periods import parse_period
from orgplan.sales.showroom.followups import day_of, followup_discipline, morning_list
from orgplan.sales.showroom.funnel import fni, funnel, weekly_close_rates
from orgplan.sales.showroom.reports import daily_figures, missing_reports, plan_vs_done
from orgplan.sales.showroom.tables import ShowroomData

_ = Translator("showroom")

__all__ = ["FLAG_LABELS", "falling_three_weeks", "funnel_warnings", "scorecard_measures", "morning_meeting"]

FLAG_LABELS = {"close_rate_falling": N_("close rate falling three weeks running"),
               "h_overdue": N_("H-level follow-ups overdue"), "reports_missing": N_("daily reports missing")}


def falling_three_weeks(weekly: pd.DataFrame) -> list[str]:
    """The consultants whose rate fell in each of the last three weeks of ``weekly`` (rows × weeks)."""
    last = weekly.iloc[:, -4:]
    if last.shape[1] < 4:
        return []
    falls = (last.diff(axis=1).iloc[:, 1:] < 0).all(axis=1)
    return [str(person) for person in last.index[falls]]


def funnel_warnings(data: ShowroomData, on: str | _dt.date, *, report_rate: float = 0.8) -> pd.DataFrame:
    """The funnel's early warnings on the morning of ``on``: ``salesperson, name, flag, message``."""
    day = day_of(on)
    names = dict(zip(data.consultants["consultant_id"], data.consultants["name"]))
    last_sunday = day - pd.Timedelta(days=day.weekday() + 1)
    rows = []
    weekly = weekly_close_rates(data.traffic, through=last_sunday.strftime("%Y-%m-%d"), weeks=4)
    for person in falling_three_weeks(weekly):
        rates = " → ".join(f"{v:.0%}" for v in weekly.loc[person])
        rows.append((person, "close_rate_falling",
                     _("Close rate fell three weeks running: {rates}.").format(rates=rates)))
    todo = morning_list(data.prospects, data.followups, data.levels, day)
    hot = todo[(todo["level"] == "H") & todo["overdue"]].groupby("consultant_id").size()
    for person, count in hot.items():
        rows.append((person, "h_overdue", _.ngettext("{count} H-level follow-up overdue this morning.",
                                                     "{count} H-level follow-ups overdue this morning.",
                                                     int(count)).format(count=int(count))))
    start = day.replace(day=1) if day.day > 1 else (day - pd.Timedelta(days=1)).replace(day=1)
    end = day - pd.Timedelta(days=1)
    gaps = missing_reports(data.reports, data.traffic, data.followups,
                           period=f"{start:%Y-%m-%d}..{end:%Y-%m-%d}")
    for row in gaps[gaps["report_rate"] < report_rate].itertuples():
        rows.append((row.consultant_id, "reports_missing", _("Daily reports on {reported} of {days} working days.")
                     .format(reported=row.reported, days=row.working_days)))
    table = pd.DataFrame(rows, columns=["salesperson", "flag", "message"])
    table.insert(1, "name", table["salesperson"].map(names).fillna(""))
    return table.sort_values(["salesperson", "flag"], kind="stable").reset_index(drop=True)


def scorecard_measures(data: ShowroomData, period: str, *, team: str | None = None) -> pd.DataFrame:
    """Per consultant (of ``team``), the funnel and F&I measures of ``period``: the metrics table of a scorecard.

    Columns: ``salesperson, name, close_rate_first, close_rate_all, registration_rate,
    arrival_rate, test_drive_rate, defeat_rate, followup_on_time_rate,
    finance_rate, insurance_rate, warranty_rate, accessories_per_car``.
    """
    rates = ["close_rate_first", "close_rate_all", "registration_rate", "arrival_rate", "test_drive_rate",
             "defeat_rate"]
    table = funnel(data.traffic, period=period, prospects=data.prospects, followups=data.followups,
                   leads=data.leads).set_index("consultant_id")[rates]
    cars = fni(data.deals, period=period).set_index("consultant_id")[
        ["finance_rate", "insurance_rate", "warranty_rate", "accessories_per_car"]]
    window = parse_period(period)
    discipline = followup_discipline(data.followups, start=window.start, end=window.end).set_index("consultant_id")
    table = table.join(discipline["on_time_rate"].rename("followup_on_time_rate"), how="left").join(cars, how="left")
    people = data.consultants if team is None else data.consultants[data.consultants["team"] == team]
    roster = pd.DataFrame({"salesperson": people["consultant_id"], "name": people["name"]})
    return roster.merge(table.rename_axis("salesperson").reset_index(), on="salesperson", how="left")


def morning_meeting(data: ShowroomData, on: str | _dt.date, consultant: str) -> dict[str, pd.DataFrame]:
    """One consultant's page of the morning meeting (晨会) of ``on``.

    Returns
    -------
    dict of DataFrame
        ``yesterday`` — the figures of the day before (traffic, test drives,
        orders, follow-ups …); ``todo`` — the follow-up list of the morning
        (:func:`~orgplan.sales.showroom.followups.morning_list`);
        ``warnings`` — the consultant's funnel warnings; ``week`` — this
        ISO week's action plan against what is done so far.

    Examples
    --------
    >>> from orgplan.model.io import DATA_DIR
    >>> from orgplan.sales.showroom.tables import load_showroom
    >>> page = morning_meeting(load_showroom(DATA_DIR / "sales"), "2027-09-30", "S04")
    >>> sorted(page), page["todo"]["consultant_id"].unique().tolist()
    (['todo', 'warnings', 'week', 'yesterday'], ['S04'])
    """
    day = day_of(on)
    before = daily_figures(data.traffic, data.followups, data.deals, day - pd.Timedelta(days=1))
    todo = morning_list(data.prospects, data.followups, data.levels, day, consultant=consultant)
    warnings = funnel_warnings(data, day)
    year, week, _weekday = day.isocalendar()
    return {"yesterday": before[before["consultant_id"] == consultant].reset_index(drop=True),
            "todo": todo[["customer_id", "name", "level", "last_contact", "next_due", "why"]].assign(
                consultant_id=consultant)[["consultant_id", "customer_id", "name", "level", "last_contact",
                                           "next_due", "why"]],
            "warnings": warnings[warnings["salesperson"] == consultant].reset_index(drop=True),
            "week": plan_vs_done(data.plans, data, period=f"{year}-W{week:02d}", consultant=consultant)}
