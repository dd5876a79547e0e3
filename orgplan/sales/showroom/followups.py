"""Prospects and follow-up (潜客跟进): where each prospect stands on a morning, and each consultant's list.

A prospect card (意向客户卡) gets a level at the first visit (H/A/B/C/N —
the store's ``prospect-levels.csv`` says what each means, how often it is
followed up and after how many days at one level it is stale); each
follow-up of the log sets the level and the next date. On the morning of a
day :func:`prospect_state` gives, for every open card, its level, last
contact, next follow-up due and days at the level; :func:`morning_list`
picks what each consultant must do today:

* ``due`` — a follow-up due today;
* ``overdue`` — a follow-up due before today and not made (days overdue);
* ``stale`` — the level has not moved for more than the level's
  ``stale_after_days``;
* ``h_silent`` — an H-level prospect (buys within days) with no contact for
  48 hours by the end of today (last contact two or more days ago).

Lost customers are the cards closed as lost (战败, with the reason) — not
"180 days without contact", which does not fit a 5–8-year buying cycle. For
owners, :func:`service_churn` finds 保客流失: no service visit in 12 months
(configurable).

Examples
--------
>>> levels = pd.DataFrame({"level": ["H", "A"], "follow_up_days": [2, 3], "stale_after_days": [14, 30]})
>>> cards = pd.DataFrame({"customer_id": ["C1", "C2"], "name": ["王先生", "李女士"], "consultant_id": ["S01", "S01"],
...     "created": pd.to_datetime(["2027-09-01", "2027-09-05"]), "level": ["A", "H"], "status": ["open", "open"],
...     "closed_on": pd.to_datetime([None, None])})
>>> log = pd.DataFrame({"date": pd.to_datetime(["2027-09-04"]), "customer_id": ["C1"], "level": ["A"],
...                     "next_date": pd.to_datetime(["2027-09-07"]), "result": ["contacted"]})
>>> todo = morning_list(cards, log, levels, on="2027-09-08")
>>> todo[["customer_id", "level", "days_overdue", "h_silent"]].values.tolist()
[['C2', 'H', 1, True], ['C1', 'A', 1, False]]
"""

from __future__ import annotations

import datetime as _dt

import pandas as pd

from orgplan.errors import ParameterError
from orgplan.i18n import N_, Translator
from orgplan.tables.cells import parse_date

_ = Translator("showroom")

__all__ = ["FOLLOWUP_LABELS", "day_of", "prospect_state", "morning_list", "followup_summary", "followup_discipline",
           "service_churn", "service_churn_by_month"]

FOLLOWUP_LABELS = {
    "consultant_id": N_("consultant"), "customer_id": N_("customer id"), "name": N_("name"), "level": N_("level"),
    "created": N_("card made on"), "last_contact": N_("last contact"), "next_due": N_("next follow-up due"),
    "level_since": N_("level since"), "days_at_level": N_("days at level"),
    "days_since_contact": N_("days since contact"), "days_overdue": N_("days overdue"),
    "due": N_("due today"), "overdue": N_("overdue"), "stale": N_("stale"), "h_silent": N_("H silent 48 h"),
    "why": N_("why"), "open": N_("open prospects"), "planned": N_("follow-ups due"), "on_time": N_("on time"),
    "late": N_("late"), "missed": N_("not made"), "on_time_rate": N_("on-time rate"),
    "last_service": N_("last service visit"), "lost_on": N_("lost on"), "owners_lost": N_("owners lost (保客流失)"),
    "month": N_("month")}


def day_of(on: str | _dt.date | pd.Timestamp, what: str = "on") -> pd.Timestamp:
    """A day given as ``2027-09-30`` (or a date) as a midnight Timestamp; a wrong value is a ParameterError.

    Examples
    --------
    >>> day_of("2027/9/30")
    Timestamp('2027-09-30 00:00:00')
    """
    day = parse_date(on) if not isinstance(on, (_dt.date, pd.Timestamp)) else on
    if day is None:
        raise ParameterError(f"The '{what}' parameter must be a date written YYYY-MM-DD. Got {on!r} instead.")
    return pd.Timestamp(day).normalize()


def prospect_state(prospects: pd.DataFrame, followups: pd.DataFrame, levels: pd.DataFrame,
                   on: str | _dt.date) -> pd.DataFrame:
    """Every card open on the morning of ``on``: level, last contact, next follow-up, days at the level.

    A card is open when it was made before ``on`` and not closed before
    ``on``. Only follow-ups before ``on`` count. Without any follow-up the
    level is the card's and the first follow-up is due the level's interval
    after the card was made; a follow-up without a next date is due its
    level's interval later.

    Returns
    -------
    DataFrame
        ``consultant_id, customer_id, name, level, created, last_contact,
        next_due, level_since, days_at_level, days_since_contact,
        days_overdue`` (days overdue 0
        when not overdue), sorted by consultant and customer.
    """
    day = day_of(on)
    every = dict(zip(levels["level"], levels["follow_up_days"]))
    open_ = prospects[(prospects["created"] < day)
                      & (prospects["closed_on"].isna() | (prospects["closed_on"] >= day))]
    past = followups[(followups["date"] < day) & followups["customer_id"].isin(open_["customer_id"])]
    runs = pd.concat([pd.DataFrame({"customer_id": open_["customer_id"], "date": open_["created"],
                                    "level": open_["level"], "next_date": pd.NaT, "order": 0}),
                      past[["customer_id", "date", "level", "next_date"]].assign(order=1)], ignore_index=True)
    runs = runs.sort_values(["customer_id", "date", "order"], kind="stable")
    changed = runs["level"] != runs.groupby("customer_id")["level"].shift()
    since = runs[changed].groupby("customer_id")["date"].last()
    last = runs.groupby("customer_id").tail(1).set_index("customer_id")
    interval = pd.to_timedelta(last["level"].map(every).fillna(1), unit="D")
    next_due = last["next_date"].fillna(last["date"] + interval)
    state = open_.set_index("customer_id")[["consultant_id", "name", "created"]].assign(
        level=last["level"], last_contact=last["date"], next_due=next_due, level_since=since)
    state["days_at_level"] = (day - state["level_since"]).dt.days.astype("int64")
    state["days_since_contact"] = (day - state["last_contact"]).dt.days.astype("int64")
    state["days_overdue"] = (day - state["next_due"]).dt.days.clip(lower=0).astype("int64")
    state = state.reset_index()[["consultant_id", "customer_id", "name", "level", "created", "last_contact",
                                 "next_due", "level_since", "days_at_level", "days_since_contact", "days_overdue"]]
    return state.sort_values(["consultant_id", "customer_id"], kind="stable").reset_index(drop=True)


def morning_list(prospects: pd.DataFrame, followups: pd.DataFrame, levels: pd.DataFrame, on: str | _dt.date, *,
                 consultant: str | None = None, h_silence_hours: int = 48) -> pd.DataFrame:
    """Each consultant's follow-up list for the morning of ``on`` (晨会跟进清单).

    Parameters
    ----------
    prospects, followups, levels : DataFrame
        The prospect cards, the follow-up log and the store's levels.
    on : str or date
        The day (``2027-09-30``); only what happened before it counts.
    consultant : str, optional
        Only this consultant's list.
    h_silence_hours : int
        An H-level prospect not contacted for this long by the end of today
        is flagged (48 hours: last contact two days ago or earlier).

    Returns
    -------
    DataFrame
        The rows of :func:`prospect_state` that need action, with ``due,
        overdue, stale, h_silent`` (bool) and ``why`` (the reasons in
        words, in the language in force); H-level silent first, then by
        days overdue.
    """
    day = day_of(on)
    state = prospect_state(prospects, followups, levels, day)
    if consultant is not None:
        state = state[state["consultant_id"] == consultant]
    stale_after = dict(zip(levels["level"], levels["stale_after_days"]))
    silent_days = max(1, -(-h_silence_hours // 24))
    flags = pd.DataFrame({
        "due": state["next_due"] == day,
        "overdue": state["next_due"] < day,
        "stale": state["days_at_level"] > state["level"].map(stale_after).fillna(10**6),
        "h_silent": (state["level"] == "H") & (state["days_since_contact"] >= silent_days)})
    todo = pd.concat([state, flags], axis=1)[flags.any(axis=1)].copy()
    todo["why"] = [_why(row, stale_after) for row in todo.itertuples()]
    todo = todo.sort_values(["consultant_id", "h_silent", "days_overdue", "due", "days_at_level"],
                            ascending=[True, False, False, False, False], kind="stable")
    return todo.reset_index(drop=True)


def _why(row, stale_after: dict) -> str:
    reasons = []
    if row.h_silent:
        reasons.append(_("H-level, no contact for {days} days").format(days=row.days_since_contact))
    if row.overdue:
        reasons.append(_.ngettext("follow-up {days} day overdue", "follow-up {days} days overdue",
                                  row.days_overdue).format(days=row.days_overdue))
    if row.due:
        reasons.append(_("follow-up due today"))
    if row.stale:
        reasons.append(_("level {level} for {days} days (limit {limit})").format(
            level=row.level, days=row.days_at_level, limit=stale_after.get(row.level, "")))
    return _("; ").join(reasons)


def followup_summary(todo: pd.DataFrame, state: pd.DataFrame) -> pd.DataFrame:
    """Per consultant: open prospects by level, and the morning's due, overdue, stale and H-silent counts.

    ``todo`` is :func:`morning_list`'s result, ``state`` :func:`prospect_state`'s for the same day.

    Examples
    --------
    >>> state = pd.DataFrame({"consultant_id": ["S01", "S01", "S02"], "level": ["H", "A", "B"]})
    >>> todo = pd.DataFrame({"consultant_id": ["S01"], "due": [True], "overdue": [False], "stale": [False],
    ...                      "h_silent": [True]})
    >>> followup_summary(todo, state).values.tolist()
    [['S01', 2, 1, 1, 0, 0, 0, 1, 0, 0, 1], ['S02', 1, 0, 0, 1, 0, 0, 0, 0, 0, 0]]
    """
    levels = state.groupby(["consultant_id", "level"]).size().unstack("level", fill_value=0)
    levels = levels.reindex(columns=["H", "A", "B", "C", "N"], fill_value=0)
    levels.insert(0, "open", levels.sum(axis=1))
    counts = todo.groupby("consultant_id")[["due", "overdue", "stale", "h_silent"]].sum()
    table = levels.join(counts, how="left").fillna(0).astype("int64").reset_index()
    table.columns.name = None
    return table


def followup_discipline(followups: pd.DataFrame, *, start: str | _dt.date, end: str | _dt.date) -> pd.DataFrame:
    """Per consultant: follow-ups due from ``start`` to ``end``, made on time, late, or not made (by ``end``).

    A follow-up is due on the ``next_date`` set by the one before; it is on
    time when the customer's next follow-up is on or before that date.

    Examples
    --------
    >>> log = pd.DataFrame({"consultant_id": ["S01"] * 4, "customer_id": ["C1", "C1", "C1", "C2"],
    ...     "date": pd.to_datetime(["2027-09-01", "2027-09-03", "2027-09-09", "2027-09-02"]),
    ...     "next_date": pd.to_datetime(["2027-09-03", "2027-09-06", None, "2027-09-05"])})
    >>> followup_discipline(log, start="2027-09-01", end="2027-09-10").values.tolist()
    [['S01', 3, 1, 1, 1, 0.3333]]
    """
    first, last = day_of(start, "start"), day_of(end, "end")
    log = followups.sort_values(["customer_id", "date"], kind="stable")
    made_next = log.groupby("customer_id")["date"].shift(-1)
    due = log["next_date"]
    window = (due >= first) & (due <= last)
    frame = pd.DataFrame({"consultant_id": log["consultant_id"], "on_time": made_next <= due,
                          "late": (made_next > due) & (made_next <= last),
                          "missed": made_next.isna() | (made_next > last)})[window]
    frame["missed"] &= ~frame["late"] & ~frame["on_time"]
    table = frame.groupby("consultant_id").agg(planned=("on_time", "size"), on_time=("on_time", "sum"),
                                               late=("late", "sum"), missed=("missed", "sum"))
    table = table.astype("int64")
    table["on_time_rate"] = (table["on_time"] / table["planned"]).round(4)
    return table.reset_index()


def service_churn(service_visits: pd.DataFrame, on: str | _dt.date, *, months: int = 12) -> pd.DataFrame:
    """Owners lost to after-sales (保客流失) on ``on``: no service visit in the last ``months`` months.

    Returns
    -------
    DataFrame
        ``customer_id, last_service, lost_on`` (the day ``months`` months
        after the last visit) of every owner whose last visit before ``on``
        is more than ``months`` months earlier, longest silence first.

    Examples
    --------
    >>> visits = pd.DataFrame({"customer_id": ["C1", "C1", "C2"],
    ...                        "date": pd.to_datetime(["2026-01-10", "2026-08-01", "2026-09-15"])})
    >>> service_churn(visits, "2027-09-01").values.tolist()
    [['C1', Timestamp('2026-08-01 00:00:00'), Timestamp('2027-08-01 00:00:00')]]
    """
    if not isinstance(months, int) or isinstance(months, bool) or months < 1:
        raise ParameterError(f"The 'months' parameter of service_churn must be a whole number of 1 or more. "
                             f"Got {months!r} instead.")
    day = day_of(on)
    last = service_visits[service_visits["date"] < day].groupby("customer_id")["date"].max()
    lost_on = last + pd.DateOffset(months=months)
    table = pd.DataFrame({"last_service": last, "lost_on": lost_on})[lost_on < day]
    return table.sort_values("last_service", kind="stable").reset_index()


def service_churn_by_month(service_visits: pd.DataFrame, *, start: str, end: str, months: int = 12) -> pd.DataFrame:
    """Owners who became lost (保客流失) in each month from ``start`` to ``end`` (``YYYY-MM``).

    An owner becomes lost on the day ``months`` months after the last
    service visit, if no visit came in between.

    Examples
    --------
    >>> visits = pd.DataFrame({"customer_id": ["C1", "C2", "C2"],
    ...                        "date": pd.to_datetime(["2026-08-03", "2026-08-20", "2027-03-01"])})
    >>> service_churn_by_month(visits, start="2027-08", end="2027-09").values.tolist()
    [['2027-08', 1], ['2027-09', 0]]
    """
    visits = service_visits.sort_values(["customer_id", "date"], kind="stable")
    following = visits.groupby("customer_id")["date"].shift(-1)
    lost_on = visits["date"] + pd.DateOffset(months=months)
    lost = lost_on[following.isna() | (following > lost_on)]
    labels = pd.period_range(start, end, freq="M")
    counts = lost.dt.to_period("M").value_counts()
    return pd.DataFrame({"month": [str(p) for p in labels],
                         "owners_lost": [int(counts.get(p, 0)) for p in labels]})
