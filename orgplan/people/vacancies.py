"""How long seats stay open: vacancy ageing on a date and time to fill, from the event log.

A seat opens when someone leaves a position or moves out of it, and closes
when someone is hired or moves in. :func:`position_changes` lists those
entries and exits; :func:`vacancy_ageing` measures each open seat of a
structure on a date against the position's establishment then, and
:func:`time_to_fill` matches each entry to the oldest seat open before it
(first opened, first filled).

Examples
--------
>>> from orgplan import sample_path, read_structure
>>> from orgplan.people.events import read_events
>>> events = read_events(sample_path("people/people.csv"))
>>> ageing = vacancy_ageing(events, read_structure(sample_path("approved-2027")), "2027-09-30")
>>> ageing.loc[ageing["position_id"] == "BODY-PAINT", ["open_since", "days_open"]].values.tolist()
[[Timestamp('2026-08-20 00:00:00'), 406]]
"""

from __future__ import annotations

from collections import deque
from typing import Any

import numpy as np
import pandas as pd

from orgplan.model.structure import Structure

from orgplan.people.events import parse_day, structures_in_force
from orgplan.people.roster import event_history

__all__ = ["position_changes", "vacancy_ageing", "time_to_fill", "VACANCY_COLUMNS", "FILL_COLUMNS"]

#: Columns of :func:`vacancy_ageing`.
VACANCY_COLUMNS = ["position_id", "unit_id", "title", "approved", "filled", "seat", "open_since", "days_open"]
#: Columns of :func:`time_to_fill`.
FILL_COLUMNS = ["position_id", "opened_on", "filled_on", "days_to_fill", "person_id"]


def position_changes(events: pd.DataFrame) -> pd.DataFrame:
    """Every entry into (+1) and exit from (−1) a position, sorted by position, date and kind (exits first).

    Columns ``position_id, date, delta, person_id``.

    Examples
    --------
    >>> from orgplan.people.events import events_from_frame
    >>> events = events_from_frame(pd.DataFrame({"工号": ["E1", "E1"], "日期": ["2027-01-04", "2027-06-01"],
    ...     "事件": ["入职", "调岗"], "职位编号": ["A", "B"], "用工形式": ["正式", ""]}))
    >>> position_changes(events)[["position_id", "delta"]].values.tolist()
    [['A', 1], ['A', -1], ['B', 1]]
    """
    history = event_history(events)
    kind = history["event"].to_numpy(dtype=object)
    position = history["position_id"].to_numpy(dtype=object)
    previous = history["previous_position"].to_numpy(dtype=object)
    moved = np.isin(kind, ["transfer", "promote"]) & (previous != position) & pd.notna(previous)
    entry = (kind == "hire") | moved
    exit_left = kind == "leave"
    parts = [
        pd.DataFrame({"position_id": position[entry], "date": history["date"].to_numpy()[entry], "delta": 1,
                      "person_id": history["person_id"].to_numpy(dtype=object)[entry]}),
        pd.DataFrame({"position_id": position[exit_left], "date": history["date"].to_numpy()[exit_left], "delta": -1,
                      "person_id": history["person_id"].to_numpy(dtype=object)[exit_left]}),
        pd.DataFrame({"position_id": previous[moved], "date": history["date"].to_numpy()[moved], "delta": -1,
                      "person_id": history["person_id"].to_numpy(dtype=object)[moved]}),
    ]
    changes = pd.concat(parts, ignore_index=True)
    changes = changes[changes["position_id"].notna().to_numpy()]
    return changes.sort_values(["position_id", "date", "delta"], kind="stable").reset_index(drop=True)


def vacancy_ageing(events: pd.DataFrame, structure: Structure, on: Any, *, structures: Any = None) -> pd.DataFrame:
    """Each open seat of the structure on a date, with the day it opened and how many days it has been open.

    A position with establishment A and n people in post has A − n open seats (none when n ≥ A). Seat k
    (1 = the seat filled longest ago) opened on the day the number in post last fell below A − k + 1. A seat of
    a position never that full opened when the position was first staffed (a position nobody ever held: its
    ``open_since`` is empty). Ages are measured against the establishment of ``structure``.

    ``structures`` (date → Structure, see :func:`~orgplan.people.events.structures_in_force`) give the
    establishments in force before: a seat cannot be older than the structure that created it (a seat added
    on 2027-04-01 opened that day, even if the position was never that full before).

    Returns
    -------
    DataFrame
        :data:`VACANCY_COLUMNS`, oldest open seat first.
    """
    day = parse_day(on)
    changes = position_changes(events)
    changes = changes[(changes["date"] <= day).to_numpy()]
    daily = changes.groupby(["position_id", "date"], sort=True)["delta"].sum().reset_index()
    daily["count"] = daily.groupby("position_id")["delta"].cumsum()
    series = {pid: (group["date"].to_numpy(), group["count"].to_numpy()) for pid, group in
              daily.groupby("position_id", sort=False)}
    dated = [(start, s) for start, s in structures_in_force(structures) if start <= day]
    earlier = [(start, dict(zip(s.positions["position_id"], s.positions["approved"]))) for start, s in dated]
    rows = []
    for position in structure.positions.itertuples():
        dates, counts = series.get(position.position_id, (np.array([], dtype="datetime64[ns]"), np.array([], int)))
        filled = int(counts[-1]) if len(counts) else 0
        for seat in range(1, int(position.approved) - filled + 1):
            need = int(position.approved) - seat + 1
            full = np.flatnonzero(counts >= need)
            if len(full) and full[-1] + 1 < len(dates):
                since = pd.Timestamp(dates[full[-1] + 1])
            elif len(dates):
                since = pd.Timestamp(dates[0])
            else:
                since = pd.NaT
            created = [earlier[i + 1][0] for i in range(len(earlier) - 1)
                       if earlier[i][1].get(position.position_id, 0) < need]
            if created and (pd.isna(since) or created[-1] > since):
                since = created[-1]
            rows.append((position.position_id, position.unit_id, position.title, int(position.approved), filled, seat,
                         since, None if pd.isna(since) else int((day - since).days)))
    table = pd.DataFrame(rows, columns=VACANCY_COLUMNS)
    table["days_open"] = table["days_open"].astype("Int64")
    return table.sort_values(["open_since", "position_id", "seat"], kind="stable", na_position="last").reset_index(
        drop=True)


def time_to_fill(events: pd.DataFrame, start: Any = None, end: Any = None) -> pd.DataFrame:
    """Seats filled in a period and how long each had been open (first opened, first filled).

    An entry into a position fills the oldest seat opened there (by a leave or a move out) and not yet
    filled; an entry with no open seat before it is growth and is left out.

    Returns
    -------
    DataFrame
        :data:`FILL_COLUMNS`, one row per seat filled between ``start`` and ``end`` (both included).

    Examples
    --------
    >>> from orgplan.people.events import events_from_frame
    >>> events = events_from_frame(pd.DataFrame({"工号": ["E1", "E1", "E2"],
    ...     "日期": ["2026-01-04", "2027-01-20", "2027-03-10"], "事件": ["入职", "离职", "入职"],
    ...     "职位编号": ["A", "", "A"], "用工形式": ["正式", "", "正式"], "离职原因": ["", "主动", ""]}))
    >>> time_to_fill(events)[["opened_on", "filled_on", "days_to_fill", "person_id"]].values.tolist()
    [[Timestamp('2027-01-20 00:00:00'), Timestamp('2027-03-10 00:00:00'), 49, 'E2']]
    """
    changes = position_changes(events)
    rows = []
    for position, group in changes.groupby("position_id", sort=True):
        open_seats: deque = deque()
        for date, delta, person in zip(group["date"], group["delta"], group["person_id"]):
            if delta < 0:
                open_seats.append(date)
            elif open_seats:
                opened = open_seats.popleft()
                rows.append((position, opened, date, int((date - opened).days), person))
    table = pd.DataFrame(rows, columns=FILL_COLUMNS)
    if start is not None:
        table = table[(table["filled_on"] >= parse_day(start, "start")).to_numpy()]
    if end is not None:
        table = table[(table["filled_on"] <= parse_day(end, "end")).to_numpy()]
    return table.sort_values(["filled_on", "position_id"], kind="stable").reset_index(drop=True)
