"""Daily reports, action plans and the monthly summary (逐日销售报告、月/周行动计划、月工作总结).

* :func:`daily_figures` — each consultant's day from the logs: traffic,
  first visits, test drives, quotes, orders, follow-ups, invitations,
  deliveries; :func:`daily_report` adds the free text the consultant wrote;
* :func:`missing_reports` — who did not report on which working days (a
  working day: a day with traffic or follow-ups in the logs);
* :func:`plan_vs_done` — each monthly (``2027-09``) or weekly
  (``2027-W36``) action plan against what the logs show;
* :func:`monthly_summary` — a draft of 本月完成 / 存在问题 / 下月要点 from the
  numbers, for the showroom manager to edit.

Examples
--------
>>> reports = pd.DataFrame({"consultant_id": ["S01"], "date": pd.to_datetime(["2027-09-01"])})
>>> traffic = pd.DataFrame({"consultant_id": ["S01", "S01", "S02"],
...                         "date": pd.to_datetime(["2027-09-01", "2027-09-02", "2027-09-02"])})
>>> follow = pd.DataFrame({"consultant_id": ["S01"], "date": pd.to_datetime(["2027-09-03"])})
>>> missing_reports(reports, traffic, follow, period="2027-09").values.tolist()
[['S01', 3, 1, 2, 0.3333, '2027-09-02, 2027-09-03'], ['S02', 1, 0, 1, 0.0, '2027-09-02']]
"""

from __future__ import annotations

import datetime as _dt
import re

import pandas as pd

from orgplan.i18n import N_, Translator
from orgplan.sales.periods import Period, parse_period
from orgplan.sales.showroom.credit import collection_rate, credit_findings, price_exceptions, receivables_ageing
from orgplan.sales.showroom.followups import day_of, followup_summary, morning_list, prospect_state
from orgplan.sales.showroom.funnel import defeat_reasons, fni, funnel
from orgplan.sales.showroom.tables import REASON_LABELS, ShowroomData

_ = Translator("showroom")

__all__ = ["REPORT_LABELS", "daily_figures", "daily_report", "missing_reports", "plan_vs_done", "plan_period",
           "monthly_summary", "summary_text"]

REPORT_LABELS = {
    "consultant_id": N_("consultant"), "name": N_("name"), "date": N_("date"), "traffic": N_("traffic"),
    "first_visits": N_("first visits"), "test_drives": N_("test drives"), "quotes": N_("quotes"),
    "orders": N_("orders"), "followups": N_("follow-ups"), "invitations": N_("invitations"),
    "deliveries": N_("deliveries"), "reported": N_("reported"), "summary": N_("today's work"),
    "problems": N_("problems"), "tomorrow": N_("plan for tomorrow"), "working_days": N_("working days"),
    "missing": N_("days without report"), "report_rate": N_("report rate"), "missing_dates": N_("dates missing"),
    "period": N_("period"), "measure": N_("measure"), "planned": N_("planned"), "done": N_("done"),
    "attainment": N_("attainment")}


def daily_figures(traffic: pd.DataFrame, followups: pd.DataFrame, deals: pd.DataFrame,
                  on: str | _dt.date) -> pd.DataFrame:
    """Each consultant's figures of the day ``on`` from the logs (the numbers of the daily report).

    Examples
    --------
    >>> traffic = pd.DataFrame({"consultant_id": ["S01", "S01"], "date": pd.to_datetime(["2027-09-01"] * 2),
    ...     "visit": ["first", "return"], "test_drive": [True, False], "quote": [True, True],
    ...     "outcome": ["follow_up", "ordered"]})
    >>> follow = pd.DataFrame({"consultant_id": ["S01"], "date": pd.to_datetime(["2027-09-01"]), "invited": [True]})
    >>> deals = pd.DataFrame({"consultant_id": ["S02"], "delivery_date": pd.to_datetime(["2027-09-01"]),
    ...                       "status": ["delivered"]})
    >>> daily_figures(traffic, follow, deals, "2027-09-01").values.tolist()
    [['S01', 2, 1, 1, 2, 1, 1, 1, 0], ['S02', 0, 0, 0, 0, 0, 0, 0, 1]]
    """
    day = day_of(on)
    t = traffic[traffic["date"] == day]
    f = followups[followups["date"] == day]
    d = deals[(deals["delivery_date"] == day) & (deals["status"] != "ordered")]
    table = pd.DataFrame({
        "traffic": t.groupby("consultant_id").size(),
        "first_visits": t[t["visit"] == "first"].groupby("consultant_id").size(),
        "test_drives": t[t["test_drive"].astype(bool)].groupby("consultant_id").size(),
        "quotes": t[t["quote"].astype(bool)].groupby("consultant_id").size(),
        "orders": t[t["outcome"] == "ordered"].groupby("consultant_id").size(),
        "followups": f.groupby("consultant_id").size(),
        "invitations": f[f["invited"].astype(bool)].groupby("consultant_id").size(),
        "deliveries": d.groupby("consultant_id").size()})
    table = table.fillna(0).astype("int64").rename_axis("consultant_id").reset_index()
    return table.sort_values("consultant_id", kind="stable").reset_index(drop=True)


def daily_report(data: ShowroomData, on: str | _dt.date, *, consultant: str | None = None) -> pd.DataFrame:
    """The daily sales report (逐日销售报告) of ``on``: the figures from the logs and what each consultant wrote.

    Consultants with figures but no report are listed with ``reported``
    False and empty text.
    """
    day = day_of(on)
    figures = daily_figures(data.traffic, data.followups, data.deals, day)
    written = data.reports[data.reports["date"] == day].drop(columns="date")
    table = figures.merge(written, on="consultant_id", how="outer")
    table["reported"] = table["consultant_id"].isin(written["consultant_id"])
    names = dict(zip(data.consultants["consultant_id"], data.consultants["name"]))
    table.insert(1, "name", table["consultant_id"].map(names).fillna(""))
    counts = [c for c in figures.columns if c != "consultant_id"]
    table[counts] = table[counts].fillna(0).astype("int64")
    table[["summary", "problems", "tomorrow"]] = table[["summary", "problems", "tomorrow"]].fillna("")
    if consultant is not None:
        table = table[table["consultant_id"] == consultant]
    return table.sort_values("consultant_id", kind="stable").reset_index(drop=True)


def missing_reports(reports: pd.DataFrame, traffic: pd.DataFrame, followups: pd.DataFrame, *,
                    period: str | Period) -> pd.DataFrame:
    """Per consultant: working days in the period, days reported, days missing and which (日报缺报).

    A working day is a day with traffic or follow-ups of the consultant in
    the logs; a report on a day off is not counted against anyone.
    """
    window = parse_period(period)
    worked = pd.concat([traffic[["consultant_id", "date"]], followups[["consultant_id", "date"]]])
    worked = worked[window.contains(worked["date"])].drop_duplicates()
    sent = set(zip(reports["consultant_id"], reports["date"]))
    worked = worked.assign(reported=[(c, d) in sent for c, d in zip(worked["consultant_id"], worked["date"])])
    worked = worked.sort_values(["consultant_id", "date"], kind="stable")
    table = worked.groupby("consultant_id").agg(working_days=("date", "size"), reported=("reported", "sum"))
    table["missing"] = table["working_days"] - table["reported"]
    table["report_rate"] = (table["reported"] / table["working_days"]).round(4)
    gaps = worked[~worked["reported"]].groupby("consultant_id")["date"].agg(
        lambda days: ", ".join(d.strftime("%Y-%m-%d") for d in days))
    table["missing_dates"] = gaps.reindex(table.index).fillna("")
    return table.astype({"working_days": "int64", "reported": "int64", "missing": "int64"}).reset_index()


_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


def plan_period(label: str) -> Period:
    """The period of a plan: a month ``2027-09`` or an ISO week ``2027-W36`` (Monday to Sunday).

    Examples
    --------
    >>> p = plan_period("2027-W36"); (p.start.isoformat(), p.end.isoformat())
    ('2027-09-06', '2027-09-12')
    """
    week = _WEEK.match(label)
    if week:
        start = _dt.date.fromisocalendar(int(week.group(1)), int(week.group(2)), 1)
        return parse_period(f"{start.isoformat()}..{(start + _dt.timedelta(days=6)).isoformat()}")
    return parse_period(label)


def plan_vs_done(plans: pd.DataFrame, data: ShowroomData, *, period: str | None = None,
                 consultant: str | None = None) -> pd.DataFrame:
    """Each action plan (行动计划) against what happened: traffic, invitations, test drives, orders.

    ``period`` (``2027-09``, ``2027-W38``) and ``consultant`` keep only those plans.

    The figures done are those of :func:`~orgplan.sales.showroom.funnel.funnel`
    for the consultant and the plan's month or week.

    Returns
    -------
    DataFrame
        ``consultant_id, period, measure, planned, done, attainment`` —
        one row per plan and measure (attainment NaN when nothing was planned).
    """
    if period is not None:
        plans = plans[plans["period"] == period]
    if consultant is not None:
        plans = plans[plans["consultant_id"] == consultant]
    rows = []
    for label in pd.unique(plans["period"]):
        done = funnel(data.traffic, period=plan_period(label), prospects=data.prospects,
                      followups=data.followups, leads=data.leads).set_index("consultant_id")
        for plan in plans[plans["period"] == label].itertuples():
            for measure in ("traffic", "invitations", "test_drives", "orders"):
                value = int(done.at[plan.consultant_id, measure]) if plan.consultant_id in done.index else 0
                rows.append({"consultant_id": plan.consultant_id, "period": label, "measure": measure,
                             "planned": int(getattr(plan, measure)), "done": value})
    table = pd.DataFrame(rows, columns=["consultant_id", "period", "measure", "planned", "done"])
    table["attainment"] = (table["done"] / table["planned"].where(table["planned"] > 0)).round(4)
    return table


def _month_before(label: str) -> str:
    year, month = int(label[:4]), int(label[5:7])
    return f"{year - 1}-12" if month == 1 else f"{year}-{month - 1:02d}"


def monthly_summary(data: ShowroomData, month: str) -> dict[str, list[str]]:
    """A draft of the month's summary (月工作总结和下月工作要点) from the numbers, for the manager to edit.

    Returns
    -------
    dict
        ``{"done": [...], "problems": [...], "next": [...]}`` — sentences in
        the language in force (本月完成 / 存在问题 / 下月要点).
    """
    window = parse_period(month)
    names = dict(zip(data.consultants["consultant_id"], data.consultants["name"]))
    logs = dict(prospects=data.prospects, followups=data.followups, leads=data.leads)
    store = funnel(data.traffic, period=window, by=None, **logs).iloc[0]
    before = funnel(data.traffic, period=_month_before(month), by=None, **logs).iloc[0]
    people = funnel(data.traffic, period=window, **logs)
    cars = fni(data.deals, period=window, by=None)
    done = [_("Traffic {traffic} (last month {before}), {first} first visits, {orders} orders; close rate "
              "{close:.1%} of first visits, {close_all:.1%} of all traffic.").format(
        traffic=int(store["traffic"]), before=int(before["traffic"]), first=int(store["first_visits"]),
        orders=int(store["orders"]), close=_nz(store["close_rate_first"]), close_all=_nz(store["close_rate_all"]))]
    if len(cars):
        car = cars.iloc[0]
        done.append(_("{cars} cars delivered; finance {finance:.0%}, insurance {insurance:.0%}, extended warranty "
                      "{warranty:.0%}, accessories {accessories:,.0f} per car.").format(
            cars=int(car["delivered"]), finance=_nz(car["finance_rate"]), insurance=_nz(car["insurance_rate"]),
            warranty=_nz(car["warranty_rate"]), accessories=_nz(car["accessories_per_car"])))
    collected = collection_rate(data.invoices, data.payments, window, by=None)
    if len(collected):
        done.append(_("Fleet collection rate {rate:.1%} ({received:,.0f} received).").format(
            rate=collected.iloc[0]["collection_rate"], received=collected.iloc[0]["received"]))
    problems, next_steps = _problems(data, window, people, names)
    return {"done": done, "problems": problems, "next": next_steps}


def _nz(value) -> float:
    return 0.0 if pd.isna(value) else float(value)


def _problems(data: ShowroomData, window: Period, people: pd.DataFrame,
              names: dict[str, str]) -> tuple[list[str], list[str]]:
    problems, next_steps = [], []
    ranked = people[people["first_visits"] >= 10].sort_values("close_rate_first", kind="stable")
    if len(ranked):
        low = ranked.iloc[0]
        problems.append(_("Lowest close rate: {name} ({rate:.1%} of first visits).").format(
            name=names.get(low["consultant_id"], low["consultant_id"]), rate=_nz(low["close_rate_first"])))
    last_day = pd.Timestamp(window.end) + pd.Timedelta(days=1)
    todo = morning_list(data.prospects, data.followups, data.levels, last_day)
    board = followup_summary(todo, prospect_state(data.prospects, data.followups, data.levels, last_day))
    worst = board.sort_values("overdue", ascending=False, kind="stable").iloc[0] if len(board) else None
    if worst is not None and worst["overdue"] > 0:
        who = names.get(worst["consultant_id"], worst["consultant_id"])
        problems.append(_("{name} has {count} follow-ups overdue at the end of the month.").format(
            name=who, count=int(worst["overdue"])))
        next_steps.append(_("{name}: clear the overdue follow-ups in the first week; check daily at the morning "
                            "meeting.").format(name=who))
    reasons = defeat_reasons(data.prospects, period=window)
    if len(reasons):
        top = reasons.sort_values("lost", ascending=False, kind="stable").iloc[0]
        problems.append(_("{count} customers lost (战败); the first reason is {reason} ({share:.0%}).").format(
            count=int(reasons["lost"].sum()), reason=_(REASON_LABELS.get(top["reason"], top["reason"])),
            share=top["share"]))
    exceptions = price_exceptions(data.deals, data.authority)
    exceptions = exceptions[window.contains(exceptions["order_date"])]
    if len(exceptions):
        problems.append(_.ngettext("{count} discount beyond its approver's authority: {deals}.",
                                   "{count} discounts beyond their approver's authority: {deals}.",
                                   len(exceptions)).format(count=len(exceptions),
                                                           deals=", ".join(exceptions["deal_id"])))
        next_steps.append(_("Review the discount approvals with the general manager."))
    ageing = receivables_ageing(data.invoices, data.payments, window.end, accounts=data.accounts)
    for row in credit_findings(ageing, data.deals).itertuples():
        problems.append(_("{name} ({customer}): {finding}.").format(name=row.name, customer=row.customer_id,
                                                                  finding=row.finding))
        next_steps.append(_("Collect from {name} before delivering {orders}.").format(
            name=row.name, orders=row.blocked_orders or _("any further car")))
    gaps = missing_reports(data.reports, data.traffic, data.followups, period=window)
    slack = gaps[gaps["report_rate"] < 0.8]
    for row in slack.itertuples():
        problems.append(_("{name} reported on {reported} of {days} working days.").format(
            name=names.get(row.consultant_id, row.consultant_id), reported=row.reported, days=row.working_days))
    return problems, next_steps


def summary_text(summary: dict[str, list[str]], month: str) -> str:
    """The draft as text with its three headings (本月完成 / 存在问题 / 下月要点).

    Examples
    --------
    >>> print(summary_text({"done": ["A."], "problems": [], "next": ["B."]}, "2027-09"))
    Monthly summary 2027-09 (draft)
    <BLANKLINE>
    Done this month
    - A.
    <BLANKLINE>
    Problems
    - none
    <BLANKLINE>
    Next month
    - B.
    """
    lines = [_("Monthly summary {month} (draft)").format(month=month)]
    for key, title in (("done", N_("Done this month")), ("problems", N_("Problems")), ("next", N_("Next month"))):
        lines += ["", _(title)] + [f"- {item}" for item in summary[key] or [_("none")]]
    return "\n".join(lines)
