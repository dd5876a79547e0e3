"""The roster (花名册) on a date, derived from the event log; in-post numbers per position from it.

Every event takes effect on its date: someone hired on 2027-04-01 is in
post on 2027-04-01; someone whose leave (离职) is dated 2027-04-01 is no
longer in post that day. Events of one person on one day apply in the order
hire, confirmation, transfer, promotion, leave.

The computation is vectorised: the events are sorted once
(:func:`event_history`: each row then carries the person's state after
it), and the roster on a date is the last row of each person dated on or
before it.

Examples
--------
>>> from orgplan import sample_path, read_structure
>>> from orgplan.people.events import read_events
>>> events = read_events(sample_path("people/people.csv"))
>>> roster = roster_on(events, "2027-04-01")
>>> len(roster), roster.loc[roster["person_id"] == "E001", "position_id"].item()
(116, 'GM')
>>> approved = read_structure(sample_path("approved-2027"))
>>> int(in_post(roster, approved).sum()) == int(approved.positions["filled"].sum())
True
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from orgplan.i18n import Translator
from orgplan.model.structure import Structure

from orgplan.people.events import EVENT_ORDER, parse_day

_ = Translator("people")

__all__ = ["event_history", "rows_in_post", "roster_on", "in_post", "with_people", "chart_people", "position_status",
           "ROSTER_COLUMNS", "CHART_PEOPLE_COLUMNS"]

#: Columns of :func:`roster_on`.
ROSTER_COLUMNS: list[str] = ["person_id", "name", "position_id", "employment_type", "fte", "hired_on",
                             "in_position_since", "probation_end", "leaving_on"]
#: Columns of :func:`chart_people` (the contract with the org chart).
CHART_PEOPLE_COLUMNS: list[str] = ["position_id", "person_id", "name", "employment_type", "on_probation", "leaving"]


def event_history(events: pd.DataFrame) -> pd.DataFrame:
    """Every event with the person's state after it, sorted by person, date and the order of a day's events.

    Added columns: ``previous_position`` (held just before the event), ``in_post`` (after it),
    ``hired_on`` (the hire that began this employment), ``in_position_since``; ``position_id``,
    ``employment_type`` (``regular`` after a confirmation that names none), ``fte``, ``probation_end`` and
    ``name`` are carried forward through the employment. A history passed in is returned as it is.

    Examples
    --------
    >>> from orgplan.people.events import events_from_frame
    >>> events = events_from_frame(pd.DataFrame({
    ...     "工号": ["E1", "E1", "E1"], "日期": ["2027-01-04", "2027-04-04", "2027-06-01"],
    ...     "事件": ["入职", "转正", "调岗"], "职位编号": ["A", "", "B"], "用工形式": ["试用", "", ""]}))
    >>> event_history(events)[["event", "previous_position", "position_id", "employment_type"]].values.tolist()
    [['hire', None, 'A', 'probation'], ['confirm', 'A', 'A', 'regular'], ['transfer', 'A', 'B', 'regular']]
    """
    if "in_post" in events.columns:
        return events
    kind_codes, kinds = pd.factorize(events["event"].to_numpy(dtype=object))
    rank = np.array([EVENT_ORDER[k] for k in kinds], dtype=np.int64)[kind_codes] if len(kinds) else kind_codes
    person_code, _people = pd.factorize(events["person_id"].to_numpy(dtype=object))
    dates = events["date"].to_numpy(dtype="datetime64[ns]").view(np.int64)
    order = np.lexsort((events["row"].to_numpy(), rank, dates, person_code))
    out = events.iloc[order].reset_index(drop=True)
    person = person_code[order]
    kind = rank[order]
    first = np.r_[True, person[1:] != person[:-1]] if len(person) else np.zeros(0, dtype=bool)
    hire = kind == EVENT_ORDER["hire"]
    start = first | hire  # an employment begins: nothing is carried into it
    employment = out["employment_type"].to_numpy(dtype=object).copy()
    employment[(kind == EVENT_ORDER["confirm"]) & pd.isna(employment)] = "regular"
    moved = hire | (kind == EVENT_ORDER["transfer"]) | (kind == EVENT_ORDER["promote"])
    dates = out["date"].to_numpy(dtype="datetime64[ns]")
    codes, positions = pd.factorize(out["position_id"].to_numpy(dtype=object), use_na_sentinel=True)
    codes = _carried_codes(codes, start)
    previous_codes = np.r_[-1, codes[:-1]] if len(codes) else codes
    previous_codes[start] = -1
    lookup = np.append(np.asarray(positions, dtype=object), None)  # code -1 → None
    position, previous = lookup[codes], lookup[previous_codes]
    out["position_id"] = pd.Series(position, dtype=object)
    out.insert(out.columns.get_loc("position_id"), "previous_position", pd.Series(previous, dtype=object))
    out["employment_type"] = pd.Series(_carried(employment, start), dtype=object)
    out["fte"] = np.nan_to_num(_carried(out["fte"].to_numpy(dtype=float), start), nan=1.0)
    out["probation_end"] = _carried(out["probation_end"].to_numpy(dtype="datetime64[ns]"), start)
    out["name"] = pd.Series(_carried(out["name"].to_numpy(dtype=object), start, blank=""), dtype=object)
    out["hired_on"] = _carried(np.where(hire, dates, np.datetime64("NaT")), start)
    out["in_position_since"] = _carried(np.where(moved, dates, np.datetime64("NaT")), start)
    out["in_post"] = kind != EVENT_ORDER["leave"]
    # integer codes for fast counting: the person, the event's order in a day, the positions (-1: none)
    out["person_code"] = person
    out["kind_code"] = kind
    out["position_code"], out["previous_code"] = codes, previous_codes
    out.attrs = dict(events.attrs)
    return out


def rows_in_post(history: pd.DataFrame, day: Any) -> np.ndarray:
    """The rows of a :func:`event_history` that hold each person in post on ``day`` (one per person)."""
    dates = history["date"].to_numpy(dtype="datetime64[ns]")
    person = history["person_code"].to_numpy()
    upto = np.flatnonzero(dates <= np.datetime64(pd.Timestamp(day), "ns"))
    if not len(upto):
        return upto
    last = upto[np.r_[person[upto][1:] != person[upto][:-1], True]]
    return last[history["in_post"].to_numpy(dtype=bool)[last]]


def _carried_codes(codes: np.ndarray, start: np.ndarray) -> np.ndarray:
    """Integer codes (-1: missing) carried forward, never past the start of an employment."""
    source = np.where((codes >= 0) | start, np.arange(len(codes)), 0)
    return codes[np.maximum.accumulate(source)] if len(codes) else codes


def _carried(values: np.ndarray, start: np.ndarray, *, blank: object = None) -> np.ndarray:
    """Each value carried forward over the missing ones, never past the start of an employment."""
    missing = pd.isna(values) if blank is None else (pd.isna(values) | (values == blank))
    source = np.where(~missing | start, np.arange(len(values)), 0)
    carried = values[np.maximum.accumulate(source)] if len(values) else values
    if blank is not None:
        carried = np.where(pd.isna(carried), blank, carried)
    return carried


def roster_on(events: pd.DataFrame, on: Any, *, names: bool = True) -> pd.DataFrame:
    """The people in post on a date, one row each.

    Parameters
    ----------
    events : DataFrame
        The event log (:func:`~orgplan.people.events.read_events`) or its :func:`event_history`.
    on : date or str
        The day; events dated on it count.
    names : bool, default True
        False leaves every name blank (``--no-names``).

    Returns
    -------
    DataFrame
        :data:`ROSTER_COLUMNS`, sorted by position and person. ``leaving_on`` is the date of a leave already
        recorded for after ``on`` (notice given), else NaT.

    Examples
    --------
    >>> from orgplan.people.events import events_from_frame
    >>> events = events_from_frame(pd.DataFrame({
    ...     "工号": ["E1", "E2", "E2"], "姓名": ["王一", "李二", ""], "日期": ["2027-01-04", "2027-02-01", "2027-05-01"],
    ...     "事件": ["入职", "入职", "离职"], "职位编号": ["A", "A", ""], "用工形式": ["正式", "劳务派遣", ""],
    ...     "离职原因": ["", "", "主动"]}))
    >>> print(roster_on(events, "2027-04-30")[["person_id", "name", "employment_type", "leaving_on"]].to_string(index=False))
    person_id name employment_type leaving_on
           E1   王一         regular        NaT
           E2   李二      dispatched 2027-05-01
    >>> len(roster_on(events, "2027-05-01")), len(roster_on(events, "2027-01-03"))
    (1, 0)
    """
    history = event_history(events)
    day = parse_day(on).to_datetime64()
    dates = history["date"].to_numpy(dtype="datetime64[ns]")
    person = history["person_code"].to_numpy()
    rows = rows_in_post(history, day)
    after = np.flatnonzero(dates > day)
    following = after[np.r_[True, person[after][1:] != person[after][:-1]]] if len(after) else after
    leaving = following[history["kind_code"].to_numpy()[following] == EVENT_ORDER["leave"]]
    leaving_on = np.full(int(person.max()) + 1 if len(person) else 0, np.datetime64("NaT"), dtype="datetime64[ns]")
    leaving_on[person[leaving]] = dates[leaving]
    roster = history.take(rows)[ROSTER_COLUMNS[:-1]].reset_index(drop=True)
    roster["leaving_on"] = leaving_on[person[rows]]
    if not names:
        roster["name"] = ""
    order = np.lexsort((roster["person_id"].to_numpy(dtype=object).astype(str),
                        roster["position_id"].to_numpy(dtype=object).astype(str)))
    roster = roster.take(order).reset_index(drop=True)
    roster.attrs = {"on": pd.Timestamp(day), **{k: v for k, v in events.attrs.items() if k == "file"}}
    return roster


def in_post(roster: pd.DataFrame, structure: Structure | None = None) -> pd.Series:
    """People in post per position (a Series indexed by ``position_id``): the structure's positions in order.

    With a structure every one of its positions has a row (0 when nobody holds it) and positions it does not
    have are left out (:func:`~orgplan.people.checks.people_checks` reports those people).

    Examples
    --------
    >>> roster = pd.DataFrame({"position_id": ["A", "A", "B"]})
    >>> in_post(roster).to_dict()
    {'A': 2, 'B': 1}
    """
    counts = roster.groupby("position_id", sort=True).size().astype(np.int64)
    if structure is None:
        return counts.rename("filled")
    ids = structure.positions["position_id"]
    return counts.reindex(ids, fill_value=0).astype(np.int64).rename("filled")


def with_people(structure: Structure, roster: pd.DataFrame) -> Structure:
    """The structure with ``filled`` counted from the roster (a new structure; the given one is untouched).

    Examples
    --------
    >>> from orgplan import read_structure, sample_path
    >>> s = read_structure(sample_path("approved-2027"))
    >>> with_people(s, pd.DataFrame({"position_id": ["GM"]})).positions["filled"].sum()
    np.int64(1)
    """
    positions = structure.positions.copy()
    positions["filled"] = in_post(roster, structure).to_numpy()
    return structure.replace(positions=positions)


def chart_people(roster: pd.DataFrame, *, names: bool = True) -> pd.DataFrame:
    """The people an org chart shows in each box: one row per person in post.

    Columns exactly :data:`CHART_PEOPLE_COLUMNS`: ``position_id, person_id, name, employment_type,
    on_probation`` (bool: employed on probation) ``, leaving`` (bool: a leave is recorded after the roster's
    date). ``names=False`` leaves every name blank.

    Examples
    --------
    >>> roster = pd.DataFrame({"person_id": ["E1"], "name": ["王一"], "position_id": ["A"],
    ...                        "employment_type": ["probation"], "leaving_on": [pd.NaT]})
    >>> chart_people(roster).to_dict("records")
    [{'position_id': 'A', 'person_id': 'E1', 'name': '王一', 'employment_type': 'probation', 'on_probation': True, 'leaving': False}]
    """
    out = pd.DataFrame({
        "position_id": roster["position_id"].astype(object), "person_id": roster["person_id"].astype(object),
        "name": roster["name"].astype(object) if names else "",
        "employment_type": roster["employment_type"].astype(object),
        "on_probation": (roster["employment_type"] == "probation").to_numpy(dtype=bool),
        "leaving": roster["leaving_on"].notna().to_numpy(dtype=bool),
    })
    return out[CHART_PEOPLE_COLUMNS].reset_index(drop=True)


def position_status(structure: Structure, roster: pd.DataFrame) -> pd.DataFrame:
    """Per position of the structure: establishment, people in post (and as typed), vacancy, 超编, FTE, types.

    Returns
    -------
    DataFrame
        ``position_id, unit_id, title, approved, filled, typed_filled, vacancy, over_establishment, fte,
        probation, dispatched``: ``filled`` counted from the roster, ``vacancy`` = max(approved − filled, 0),
        ``over_establishment`` = max(filled − approved, 0), ``fte`` the sum of the people's shares.

    Examples
    --------
    >>> from orgplan import read_structure, sample_path
    >>> s = read_structure(sample_path("approved-2027"))
    >>> roster = pd.DataFrame({"position_id": ["GM", "GM-AST", "GM-AST"], "employment_type": ["regular", "regular",
    ...                        "dispatched"], "fte": [1.0, 1.0, 0.5]})
    >>> position_status(s, roster).iloc[1].to_dict()
    {'position_id': 'GM-AST', 'unit_id': 'CO', 'title': '总经理助理', 'approved': 1, 'filled': 2, 'typed_filled': 1, 'vacancy': 0, 'over_establishment': 1, 'fte': 1.5, 'probation': 0, 'dispatched': 1}
    """
    positions = structure.positions
    filled = in_post(roster, structure).to_numpy()
    approved = positions["approved"].to_numpy(dtype=np.int64)
    by = roster.groupby("position_id")
    fte = by["fte"].sum() if "fte" in roster.columns else pd.Series(dtype=float)
    ids = positions["position_id"]
    kinds = roster.groupby(["position_id", "employment_type"]).size().unstack(fill_value=0) if len(roster) else \
        pd.DataFrame()
    return pd.DataFrame({
        "position_id": ids, "unit_id": positions["unit_id"], "title": positions["title"], "approved": approved,
        "filled": filled, "typed_filled": positions["filled"].to_numpy(dtype=np.int64),
        "vacancy": np.maximum(approved - filled, 0), "over_establishment": np.maximum(filled - approved, 0),
        "fte": fte.reindex(ids, fill_value=0.0).to_numpy(dtype=float).round(2),
        **{kind: (kinds[kind].reindex(ids, fill_value=0).to_numpy(dtype=np.int64) if kind in kinds.columns
                  else np.zeros(len(ids), dtype=np.int64)) for kind in ("probation", "dispatched")},
    }).reset_index(drop=True)
