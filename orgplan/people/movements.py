"""Movements between two dates: joiners, leavers, movers, headcount at start and end, turnover.

The period runs from ``start`` to ``end``, both days included. Headcount at
start is the people in post before the events of ``start`` (the roster of
the day before); at end, after the events of ``end``. So for every group
``end = start + joiners − leavers + movers_in − movers_out``.

Turnover (离职率) = leavers ÷ average headcount, where the average
headcount is **(headcount at start + headcount at end) ÷ 2** — the usual
monthly formula of Chinese HR practice (月离职率 = 离职人数 ÷ ((月初人数 + 月末人数) ÷ 2)).
Over a longer period :func:`turnover` also gives the rate annualised by
days (× 365 ÷ days in the period); :func:`monthly_turnover` gives each
month's own rate.

Examples
--------
>>> from orgplan import sample_path
>>> from orgplan.people.events import read_events
>>> events = read_events(sample_path("people/people.csv"))
>>> t = turnover(events, "2027-04-01", "2027-09-30")
>>> t.start, t.end, t.leavers, t.voluntary, t.involuntary, round(t.rate, 4)
(109, 124, 5, 3, 2, 0.0429)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from orgplan.errors import ParameterError
from orgplan.i18n import Translator
from orgplan.model.structure import Structure

from orgplan.people.events import EVENT_ORDER, parse_day
from orgplan.people.roster import event_history, roster_on, rows_in_post

_ = Translator("people")

__all__ = ["movements", "turnover", "Turnover", "monthly_turnover", "headcount_by_month", "MOVEMENT_COLUMNS"]

#: The figures of each row of :func:`movements`.
MOVEMENT_COLUMNS = ["start", "joiners", "leavers", "voluntary", "involuntary", "movers_in", "movers_out", "end"]


def _period(start: Any, end: Any) -> tuple[pd.Timestamp, pd.Timestamp]:
    first, last = parse_day(start, "start"), parse_day(end, "end")
    if last < first:
        raise ParameterError(_("The period must end on or after its start; got {start} to {end}.").format(
            start=first.date().isoformat(), end=last.date().isoformat()))
    return first, last


def movements(events: pd.DataFrame, start: Any, end: Any, *, structure: Structure | None = None,
              by: Literal["position", "unit", "department"] = "position") -> pd.DataFrame:
    """Joiners, leavers and movers per position (or unit, or department) between two dates, both included.

    Parameters
    ----------
    events : DataFrame
        The event log or its :func:`~orgplan.people.roster.event_history`.
    start, end : date or str
        The first and last day of the period.
    structure : Structure, optional
        Adds ``unit_id`` and ``title``; needed for ``by="unit"`` or ``"department"``. Positions it does not
        have keep their id (unit empty).
    by : {"position", "unit", "department"}
        The rows. A move between two positions of one unit is a mover of each position but not of the unit.

    Returns
    -------
    DataFrame
        The group's id column(s), then :data:`MOVEMENT_COLUMNS` and ``turnover`` (leavers ÷ ((start + end) ÷ 2),
        NaN when both are 0); one row per group that had anyone in post or any movement, and a last row
        ``total`` for the whole company (whose movers in and out are equal).

    Examples
    --------
    >>> from orgplan.people.events import events_from_frame
    >>> events = events_from_frame(pd.DataFrame({
    ...     "工号": ["E1", "E2", "E2", "E3"], "日期": ["2026-01-04", "2026-02-01", "2027-03-01", "2027-02-01"],
    ...     "事件": ["入职", "入职", "离职", "入职"], "职位编号": ["A", "A", "", "B"],
    ...     "用工形式": ["正式", "正式", "", "正式"], "离职原因": ["", "", "主动", ""]}))
    >>> movements(events, "2027-01-01", "2027-03-31")[["position_id", "start", "joiners", "leavers", "end",
    ...                                                 "turnover"]].to_string(index=False)
    'position_id  start  joiners  leavers  end  turnover\\n          A      2        0        1    1  0.666667\\n          B      0        1        0    1  0.000000\\n      total      2        1        1    2  0.500000'
    """
    first, last = _period(start, end)
    history = event_history(events)
    group = _group_map(structure, by)
    key = "position_id" if by == "position" else "unit_id"
    position = history["position_code"].to_numpy()
    positions = np.empty(int(position.max()) + 1 if len(position) else 0, dtype=object)
    positions[position[position >= 0]] = history["position_id"].to_numpy(dtype=object)[position >= 0]
    labels = positions if group is None else np.array([group.get(p, p) for p in positions], dtype=object)
    names, group_of = np.unique(labels.astype(str), return_inverse=True) if len(labels) else (np.array([]), labels)
    group_of = np.append(group_of, -1)  # code -1 (no position) → no group

    def counted(codes: np.ndarray) -> np.ndarray:
        groups = group_of[codes]
        return np.bincount(groups[groups >= 0], minlength=len(names))

    previous = history["previous_code"].to_numpy()
    dates = history["date"].to_numpy(dtype="datetime64[ns]")
    inside = np.flatnonzero((dates >= first.to_datetime64()) & (dates <= last.to_datetime64()))
    kind = history["kind_code"].to_numpy()[inside]
    here, was = group_of[position[inside]], group_of[previous[inside]]
    moved = (kind >= EVENT_ORDER["transfer"]) & (kind <= EVENT_ORDER["promote"]) & (here != was) & (was >= 0)
    leave = kind == EVENT_ORDER["leave"]
    reason = history["leave_reason"].to_numpy(dtype=object)[inside]
    counts = {
        "start": counted(position[rows_in_post(history, first - pd.Timedelta(days=1))]),
        "joiners": counted(position[inside][kind == EVENT_ORDER["hire"]]),
        "leavers": counted(position[inside][leave]),
        "voluntary": counted(position[inside][leave & (reason == "voluntary")]),
        "involuntary": counted(position[inside][leave & (reason == "involuntary")]),
        "movers_in": counted(position[inside][moved]),
        "movers_out": counted(previous[inside][moved]),
        "end": counted(position[rows_in_post(history, last)]),
    }
    table = pd.DataFrame(counts, index=pd.Index(names, name=key, dtype=object)).astype(np.int64)
    table = table[(table != 0).any(axis=1)].reset_index()
    table = _ordered(table, structure, key)
    total = table[MOVEMENT_COLUMNS].sum()
    table.loc[len(table), MOVEMENT_COLUMNS] = total.to_numpy()
    table.loc[len(table) - 1, key] = "total"
    for column in ("unit_id", "title", "name"):
        if column in table.columns and column != key:
            table.loc[len(table) - 1, column] = ""
    table[MOVEMENT_COLUMNS] = table[MOVEMENT_COLUMNS].astype(np.int64)
    average = (table["start"] + table["end"]) / 2
    table["turnover"] = np.where(average > 0, table["leavers"] / average.where(average > 0, 1), np.nan)
    return table


def _group_map(structure: Structure | None, by: str) -> dict[str, str] | None:
    if by not in ("position", "unit", "department"):
        raise ParameterError(_("The 'by' parameter of movements must be 'position', 'unit' or 'department'. "
                               "Got {value!r} instead.").format(value=by))
    if by == "position":
        return None
    if structure is None:
        raise ParameterError(_("Movements by unit or department need the structure (which unit each position "
                               "belongs to)."))
    unit = dict(zip(structure.positions["position_id"], structure.positions["unit_id"]))
    if by == "unit":
        return unit
    units = structure.units
    parent = dict(zip(units["unit_id"], units["parent_id"]))
    root = next((u for u, p in parent.items() if not isinstance(p, str) or not p), None)

    def department(unit_id: str) -> str:
        seen = set()
        while parent.get(unit_id) not in (root, None, "") and unit_id not in seen and unit_id != root:
            seen.add(unit_id)
            unit_id = parent[unit_id]
        return unit_id

    return {pid: department(uid) for pid, uid in unit.items()}


def _ordered(table: pd.DataFrame, structure: Structure | None, key: str) -> pd.DataFrame:
    """Rows in the structure's order (its positions or units), others after; with unit and title or name."""
    if structure is None:
        return table.sort_values(key, kind="stable").reset_index(drop=True)
    if key == "position_id":
        positions = structure.positions
        order = {pid: i for i, pid in enumerate(positions["position_id"])}
        table.insert(1, "unit_id", table[key].map(dict(zip(positions["position_id"], positions["unit_id"]))))
        table.insert(2, "title", table[key].map(dict(zip(positions["position_id"], positions["title"]))))
    else:
        units = structure.units
        order = {uid: i for i, uid in enumerate(units["unit_id"])}
        table.insert(1, "name", table[key].map(dict(zip(units["unit_id"], units["name"]))))
    rank = table[key].map(order).fillna(len(order)).to_numpy()
    return table.assign(_rank=rank).sort_values(["_rank", key], kind="stable").drop(columns="_rank").reset_index(
        drop=True)


@dataclass(frozen=True)
class Turnover:
    """The company's turnover between two dates (see :func:`turnover`)."""

    first_day: pd.Timestamp
    last_day: pd.Timestamp
    start: int
    end: int
    joiners: int
    leavers: int
    voluntary: int
    involuntary: int

    @property
    def days(self) -> int:
        """Days in the period, both ends included."""
        return int((self.last_day - self.first_day).days) + 1

    @property
    def average(self) -> float:
        """Average headcount: (start + end) ÷ 2."""
        return (self.start + self.end) / 2

    @property
    def rate(self) -> float:
        """Leavers ÷ average headcount (NaN when nobody was in post)."""
        return self.leavers / self.average if self.average else float("nan")

    @property
    def voluntary_rate(self) -> float:
        """Voluntary leavers ÷ average headcount."""
        return self.voluntary / self.average if self.average else float("nan")

    @property
    def involuntary_rate(self) -> float:
        """Involuntary leavers ÷ average headcount."""
        return self.involuntary / self.average if self.average else float("nan")

    @property
    def annualised(self) -> float:
        """The rate scaled to a year: rate × 365 ÷ days."""
        return self.rate * 365 / self.days

    def to_frame(self) -> pd.DataFrame:
        """The figures as a one-column table (figure → value)."""
        figures = {"start": self.start, "end": self.end, "average": self.average, "joiners": self.joiners,
                   "leavers": self.leavers, "voluntary": self.voluntary, "involuntary": self.involuntary,
                   "turnover": self.rate, "voluntary_turnover": self.voluntary_rate,
                   "involuntary_turnover": self.involuntary_rate, "annualised_turnover": self.annualised,
                   "days": self.days}
        return pd.DataFrame({"figure": list(figures), "value": list(figures.values())})


def turnover(events: pd.DataFrame, start: Any, end: Any) -> Turnover:
    """The company's headcount at start and end, joiners, leavers (voluntary / involuntary) and turnover.

    Examples
    --------
    >>> from orgplan.people.events import events_from_frame
    >>> events = events_from_frame(pd.DataFrame({
    ...     "工号": ["E1", "E2", "E2"], "日期": ["2026-01-04", "2026-02-01", "2027-03-01"],
    ...     "事件": ["入职", "入职", "离职"], "职位编号": ["A", "A", ""], "用工形式": ["正式", "正式", ""],
    ...     "离职原因": ["", "", "被动"]}))
    >>> t = turnover(events, "2027-03-01", "2027-03-31")
    >>> t.start, t.end, t.average, t.rate, round(t.annualised, 3)
    (2, 1, 1.5, 0.6666666666666666, 7.849)
    """
    first, last = _period(start, end)
    row = movements(events, first, last).iloc[-1]
    return Turnover(first, last, int(row["start"]), int(row["end"]), int(row["joiners"]), int(row["leavers"]),
                    int(row["voluntary"]), int(row["involuntary"]))


def monthly_turnover(events: pd.DataFrame, start: Any, end: Any) -> pd.DataFrame:
    """One row per calendar month of the period: ``month, start, joiners, leavers, voluntary, involuntary, end,
    turnover`` (each month's leavers ÷ ((start + end) ÷ 2)); a partial first or last month is cut to the period.
    """
    first, last = _period(start, end)
    history = event_history(events)
    rows = []
    month = first.to_period("M")
    while month.start_time <= last:
        begin, finish = max(first, month.start_time), min(last, month.end_time.normalize())
        t = turnover(history, begin, finish)
        rows.append((str(month), t.start, t.joiners, t.leavers, t.voluntary, t.involuntary, t.end, t.rate))
        month += 1
    return pd.DataFrame(rows, columns=["month", "start", "joiners", "leavers", "voluntary", "involuntary", "end",
                                       "turnover"])


def headcount_by_month(events: pd.DataFrame, start: Any, end: Any) -> pd.DataFrame:
    """People in post at the end of each month of the period, by employment type (a column each) and in total.

    Examples
    --------
    >>> from orgplan import sample_path
    >>> from orgplan.people.events import read_events
    >>> table = headcount_by_month(read_events(sample_path("people/people.csv")), "2027-01-01", "2027-09-30")
    >>> table[["month", "total"]].iloc[[0, 3, -1]].values.tolist()
    [['2027-01', 108], ['2027-04', 116], ['2027-09', 124]]
    """
    first, last = _period(start, end)
    history = event_history(events)
    rows = []
    month = first.to_period("M")
    types = ["regular", "probation", "dispatched", "intern", "retiree"]
    while month.start_time <= last:
        day = min(last, month.end_time.normalize())
        counts = roster_on(history, day)["employment_type"].value_counts()
        rows.append({"month": str(month), "date": day, **{t: int(counts.get(t, 0)) for t in types},
                     "total": int(counts.sum())})
        month += 1
    return pd.DataFrame(rows, columns=["month", "date", *types, "total"])
