"""Who was trained: the expected attendance of each session, a summary per consultant, and the checks.

A consultant is expected at a session held on or before the review date
(``as_of``) when the session's audience names their team (or ``全部``) and
they were in post on its date; an induction (入职培训) is expected of the
year's new hires only. :func:`training_checks` finds

* ``no_training_in_quarter`` — in post for a whole quarter of the year that
  has ended by the review date, and attended no session in it;
* ``not_trained_before_selling`` — a new hire (started in the training year)
  with no session attended on or before their first sale. Actual sales are
  monthly, so the first sale is dated the first day of its month (the start
  date when that is later): a new hire must be trained before meeting
  customers, not in the course of the first month;
* ``failed_exam`` — an exam score under the pass mark.

Examples
--------
>>> from orgplan.model.io import DATA_DIR
>>> from orgplan.training.files import read_training_config
>>> found = training_checks(read_training_config(DATA_DIR / "training" / "training-2027.yaml"))
>>> found[["code", "consultant_id", "period"]].values.tolist()[:3]
[['not_trained_before_selling', 'S10', '2027-03'], ['no_training_in_quarter', 'N02', '2027Q2'], ['no_training_in_quarter', 'S04', '2027Q3']]
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from orgplan.i18n import Translator
from orgplan.training.files import TrainingConfig

_ = Translator("training")

__all__ = ["EVERYONE", "FINDING_COLUMNS", "expected_attendance", "session_table", "training_summary", "first_sales",
           "training_checks"]

#: An audience cell that means every team.
EVERYONE = {"全部", "全体", "全體", "all", "所有人"}
#: Columns of :func:`training_checks`.
FINDING_COLUMNS = ["severity", "code", "consultant_id", "name", "period", "reference", "message"]


def _in_audience(team: str, audience: tuple[str, ...]) -> bool:
    return team in audience or bool(EVERYONE & set(audience))


def expected_attendance(config: TrainingConfig) -> pd.DataFrame:
    """Every consultant expected at every session held by ``as_of``, and whether they came.

    Returns ``session_id, date, topic_kind, topic, hours, consultant_id,
    name, team, attended, score``; a missing attendance record counts as not
    attended. Attendance of someone the session did not expect is kept too
    (they came: that counts as training).
    """
    held = config.sessions[config.sessions["date"].dt.date <= config.as_of]
    people = config.consultants
    starts = pd.to_datetime(people["start_date"])
    new_hire = starts.dt.year == config.year
    rows = []
    for session in held.itertuples(index=False):
        for i, person in enumerate(people.itertuples(index=False)):
            if starts.iloc[i] > session.date or not _in_audience(person.team, session.audience):
                continue
            if session.topic_kind == "induction" and not new_hire.iloc[i]:
                continue
            rows.append((session.session_id, person.consultant_id))
    expected = pd.DataFrame(rows, columns=["session_id", "consultant_id"])
    seen = config.attendance[config.attendance["session_id"].isin(held["session_id"])]
    table = expected.merge(seen, how="outer", on=["session_id", "consultant_id"])
    table["attended"] = table["attended"].fillna(False).astype(bool)
    table = table.merge(held[["session_id", "date", "topic_kind", "topic", "hours"]], on="session_id")
    table = table.merge(people[["consultant_id", "name", "team"]], on="consultant_id", how="left")
    return table.sort_values(["date", "consultant_id"], kind="stable")[
        ["session_id", "date", "topic_kind", "topic", "hours", "consultant_id", "name", "team", "attended",
         "score"]].reset_index(drop=True)


def training_summary(config: TrainingConfig) -> pd.DataFrame:
    """Per consultant: sessions expected and attended, attendance rate, hours, average score, last training.

    Examples
    --------
    >>> from orgplan.model.io import DATA_DIR
    >>> from orgplan.training.files import read_training_config
    >>> summary = training_summary(read_training_config(DATA_DIR / "training" / "training-2027.yaml"))
    >>> row = summary.set_index("consultant_id").loc["S04"]
    >>> int(row["expected"]), int(row["attended"]), row["last_trained"]
    (10, 6, '2027-06-10')
    """
    table = expected_attendance(config)
    came = table[table["attended"]]
    people = config.consultants[["consultant_id", "name", "team"]].copy()
    grouped = table.groupby("consultant_id")
    people["expected"] = people["consultant_id"].map(grouped.size()).fillna(0).astype(int)
    people["attended"] = people["consultant_id"].map(came.groupby("consultant_id").size()).fillna(0).astype(int)
    people["rate"] = (people["attended"] / people["expected"].where(people["expected"] > 0)).round(3)
    people["hours"] = people["consultant_id"].map(came.groupby("consultant_id")["hours"].sum()).fillna(0.0)
    people["score"] = people["consultant_id"].map(came.groupby("consultant_id")["score"].mean()).round(1)
    last = came.groupby("consultant_id")["date"].max().dt.strftime("%Y-%m-%d")
    people["last_trained"] = people["consultant_id"].map(last).fillna("")
    return people.reset_index(drop=True)


def first_sales(config: TrainingConfig) -> pd.Series:
    """Each consultant's first day of selling: the first day of the first month with sales, not before the start.

    Without actual sales (or for someone who has not sold yet) it is the
    start date. Indexed by consultant id, values are dates.
    """
    people = config.consultants.set_index("consultant_id")
    starts = pd.to_datetime(people["start_date"])
    first = starts.copy()
    if config.actuals is not None:
        sold = config.actuals[config.actuals["units"] > 0]
        month = sold.assign(day=pd.to_datetime(dict(year=sold["year"], month=sold["month"], day=1)))
        earliest = month.groupby("salesperson")["day"].min().reindex(people.index)
        first = pd.Series(np.where(earliest.notna(), np.maximum(earliest.fillna(starts), starts), starts),
                          index=people.index)
    return pd.to_datetime(first).dt.date


def _quarters(year: int, as_of: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    out = []
    for q in range(1, 5):
        start = dt.date(year, 3 * q - 2, 1)
        end = (dt.date(year + (q == 4), (3 * q) % 12 + 1, 1) - dt.timedelta(days=1))
        if end <= as_of:
            out.append((f"{year}Q{q}", start, end))
    return out


def training_checks(config: TrainingConfig) -> pd.DataFrame:
    """The planted-case checks of the training records, as a findings table (:data:`FINDING_COLUMNS`).

    Severity ``error`` for a new hire not trained before selling, ``warning``
    for a quarter without training and a failed exam; sorted so.
    """
    table = expected_attendance(config)
    came = table[table["attended"]]
    people = config.consultants
    names = dict(zip(people["consultant_id"], people["name"]))
    starts = dict(zip(people["consultant_id"], pd.to_datetime(people["start_date"]).dt.date))
    rows = []
    first = first_sales(config)
    for person, start in starts.items():
        if start.year != config.year or start > config.as_of:
            continue
        selling = first[person]
        trained = came.loc[(came["consultant_id"] == person) & (came["date"].dt.date <= selling)]
        if trained.empty:
            later = came.loc[came["consultant_id"] == person, "date"]
            when = (_("first trained on {date}").format(date=later.min().date().isoformat()) if len(later)
                    else _("not trained yet"))
            rows.append(("error", "not_trained_before_selling", person, f"{selling:%Y-%m}", str(selling),
                         _("{name} ({id}) started on {start} and may have sold from {selling}, but was not trained "
                           "before selling: {when}.").format(name=names[person], id=person, start=start,
                                                            selling=selling, when=when)))
    for quarter, begin, end in _quarters(config.year, config.as_of):
        inside = came[(came["date"].dt.date >= begin) & (came["date"].dt.date <= end)]
        for person, start in starts.items():
            if start <= begin and person not in set(inside["consultant_id"]):
                rows.append(("warning", "no_training_in_quarter", person, quarter, "",
                             _("{name} ({id}) attended no training in {quarter}.").format(
                                 name=names[person], id=person,
                                 quarter=_("Q{q} {year}").format(q=quarter[-1], year=config.year))))
    failed = came[came["score"] < config.pass_mark]
    for record in failed.itertuples(index=False):
        rows.append(("warning", "failed_exam", record.consultant_id, f"{record.date:%Y-%m}", record.session_id,
                     _("{name} ({id}) scored {score:.0f} in the exam of {topic} ({date}), under the pass mark "
                       "{mark:.0f}.").format(name=names.get(record.consultant_id, ""), id=record.consultant_id,
                                             score=record.score, topic=record.topic, date=f"{record.date:%Y-%m-%d}",
                                             mark=config.pass_mark)))
    found = pd.DataFrame(rows, columns=["severity", "code", "consultant_id", "period", "reference", "message"])
    found.insert(3, "name", found["consultant_id"].map(names))
    order = {"not_trained_before_selling": 0, "no_training_in_quarter": 1, "failed_exam": 2}
    found = found.sort_values(["period"], kind="stable").sort_values(
        "code", key=lambda c: c.map(order), kind="stable")
    return found[FINDING_COLUMNS].reset_index(drop=True)


def session_table(config: TrainingConfig) -> pd.DataFrame:
    """The training plan with, for the sessions held, how many of the audience came (``held``, ``attendance``).

    Examples
    --------
    >>> from orgplan.model.io import DATA_DIR
    >>> from orgplan.training.files import read_training_config
    >>> plan = session_table(read_training_config(DATA_DIR / "training" / "training-2027.yaml"))
    >>> plan.loc[plan["session_id"] == "T2708", ["held", "attendance"]].values.tolist()
    [[True, '14/15']]
    """
    table = expected_attendance(config)
    counts = table.groupby("session_id")["attended"].agg(["sum", "size"])
    out = config.sessions.copy()
    out["held"] = out["date"].dt.date <= config.as_of
    out["attendance"] = out["session_id"].map(
        {s: f"{int(r['sum'])}/{int(r['size'])}" for s, r in counts.iterrows()}).fillna("")
    out["date"] = out["date"].dt.strftime("%Y-%m-%d")
    return out
