"""Benchmark: the roster on a date and a year's movement report from 1,000,000 events of 200,000 people.

Run on demand (not part of the test suite)::

    python bench/people.py            # 250k, 500k and 1M events, and the loop on 1M
    python bench/people.py --quick    # 100k events only

Each person is hired (as 试用 or 劳务派遣), and then, at random dates over three years, confirmed,
transferred, promoted, transferred again and possibly leaves: five events a person on average, over 2,000 positions.
The vectorised way (:func:`orgplan.people.event_history` — one sort, one grouped forward fill —
then :func:`~orgplan.people.roster_on` and :func:`~orgplan.people.movements` for a year) is timed
against a plain per-person loop in the same run, which walks each person's events in order and
counts the same figures; both must agree exactly.

The last line is exactly::

    ratio_vs_loop=<loop seconds ÷ vectorised seconds> seconds_1m=<vectorised seconds on 1M events>
"""

from __future__ import annotations

import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from orgplan.people import event_history, movements, roster_on  # noqa: E402

ON, START, END = pd.Timestamp("2026-06-30"), pd.Timestamp("2026-01-01"), pd.Timestamp("2026-12-31")


def generate(n_people: int, seed: int = 16) -> pd.DataFrame:
    """About five events a person: hire, confirmation, up to three moves, and a leave for 60 %."""
    rng = np.random.default_rng(seed)
    positions = np.array([f"P{i:04d}" for i in range(2000)], dtype=object)
    people = np.array([f"E{i:06d}" for i in range(n_people)], dtype=object)
    hired = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 1000, n_people), unit="D")
    parts = [pd.DataFrame({"person_id": people, "date": hired, "event": "hire",
                           "position_id": positions[rng.integers(0, 2000, n_people)],
                           "employment_type": np.where(rng.random(n_people) < 0.1, "dispatched", "probation")})]
    confirmed = rng.random(n_people) < 0.85
    parts.append(pd.DataFrame({"person_id": people[confirmed], "date": hired[confirmed] + pd.Timedelta(days=90),
                               "event": "confirm", "position_id": None, "employment_type": None}))
    day = hired + pd.Timedelta(days=91)
    for kind, share in (("transfer", 0.8), ("promote", 0.8), ("transfer", 0.95)):
        moving = rng.random(n_people) < share
        day = day + pd.to_timedelta(rng.integers(1, 300, n_people), unit="D")
        parts.append(pd.DataFrame({"person_id": people[moving], "date": day[moving], "event": kind,
                                   "position_id": positions[rng.integers(0, 2000, n_people)][moving],
                                   "employment_type": None}))
    leaving = rng.random(n_people) < 0.6
    day = day + pd.to_timedelta(rng.integers(1, 400, n_people), unit="D")
    parts.append(pd.DataFrame({"person_id": people[leaving], "date": day[leaving], "event": "leave",
                               "position_id": None, "employment_type": None}))
    events = pd.concat(parts, ignore_index=True)
    events["name"] = ""
    events["leave_reason"] = np.where(events["event"] == "leave",
                                      np.where(rng.random(len(events)) < 0.7, "voluntary", "involuntary"), None)
    events["fte"] = np.where(events["event"] == "hire", 1.0, np.nan)
    events["probation_end"] = pd.NaT
    events["note"] = ""
    text = ["person_id", "event", "position_id", "employment_type", "name", "leave_reason", "note"]
    events[text] = events[text].astype(object)  # as read_events gives them
    events = events.sample(frac=1.0, random_state=seed).reset_index(drop=True)  # files are not in order
    events["row"] = np.arange(len(events)) + 2
    return events


def vectorised(events: pd.DataFrame) -> tuple[pd.Series, pd.DataFrame]:
    history = event_history(events)
    roster = roster_on(history, ON)
    return roster.groupby("position_id").size(), movements(history, START, END)


def loop(events: pd.DataFrame) -> tuple[dict, dict]:
    """The plain way: each person's events in order, one at a time."""
    order = {"hire": 0, "confirm": 1, "transfer": 2, "promote": 3, "leave": 4}
    by_person: dict = defaultdict(list)
    for person, date, kind, position, row in zip(events["person_id"], events["date"], events["event"],
                                                 events["position_id"], events["row"]):
        by_person[person].append((date, order[kind], row, kind, position))
    roster: dict = defaultdict(int)
    figures = {"start": 0, "joiners": 0, "leavers": 0, "end": 0}
    day_before = START - pd.Timedelta(days=1)
    for story in by_person.values():
        story.sort()
        held = None
        at_start = at_end = on_day = None
        for date, _rank, _row, kind, position in story:
            if kind in ("hire", "transfer", "promote"):
                held = position
            elif kind == "leave":
                held = None
            if date <= day_before:
                at_start = held
            if date <= END:
                at_end = held
            if date <= ON:
                on_day = held
            if START <= date <= END:
                figures["joiners"] += kind == "hire"
                figures["leavers"] += kind == "leave"
        if on_day is not None:
            roster[on_day] += 1
        figures["start"] += at_start is not None
        figures["end"] += at_end is not None
    return roster, figures


def best(function, *args, repeat: int = 3) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        began = time.perf_counter()
        result = function(*args)
        times.append(time.perf_counter() - began)
    return min(times), result


def main() -> None:
    quick = "--quick" in sys.argv
    sizes = [20_000] if quick else [50_000, 100_000, 200_000]
    seconds = {}
    for n_people in sizes:
        events = generate(n_people)
        took, (roster, table) = best(vectorised, events)
        seconds[len(events)] = took
        print(f"{len(events):>9,} events of {n_people:,} people: vectorised {took:.2f} s "
              f"({took / len(events) * 1e6:.2f} µs per event)")
    loop_took, (loop_roster, figures) = best(loop, events, repeat=1)
    total = table.iloc[-1]
    assert dict(roster) == dict(loop_roster), "the roster differs from the loop's"
    assert [int(total[k]) for k in figures] == list(figures.values()), "the movements differ from the loop's"
    print(f"{len(events):>9,} events: per-person loop {loop_took:.2f} s (same roster and movements)")
    largest = max(seconds)
    print(f"ratio_vs_loop={loop_took / seconds[largest]:.1f} seconds_1m={seconds[largest] * 1_000_000 / largest:.2f}")


if __name__ == "__main__":
    main()
