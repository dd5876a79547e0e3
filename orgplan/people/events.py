"""Reading the event log of people and checking that its events make sense one after another.

:func:`read_events` reads ``people.csv`` (or a sheet of a workbook) with
Chinese, Traditional or English headers. Bad cells (a date that is not a
date, an unknown event, an FTE of 2) raise one :class:`~orgplan.errors.DataError`
listing every one. Columns of personal data (身份证号, 手机, 住址, 银行卡 …)
and any other column the tool does not use are dropped on read; which ones
is kept in ``events.attrs["dropped"]`` for the one note a face prints.

:func:`event_findings` then checks the story of each person: a transfer of
someone never hired, a leave before the hire, two events of one day that
contradict, a position that does not exist on that date. Each finding names
the file, row and person.

Examples
--------
>>> from orgplan import sample_path
>>> events = read_events(sample_path("people/people.csv"))
>>> events.loc[0, ["person_id", "event", "position_id", "employment_type"]].tolist()
['E001', 'hire', 'GM', 'regular']
>>> event_findings(events).empty
True
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from orgplan.errors import DataError, Problem
from orgplan.i18n import N_, Translator
from orgplan.model.structure import Structure
from orgplan.organisation.checks import FINDING_COLUMNS
from orgplan.tables.cells import parse_date, parse_numbers
from orgplan.tables.io import read_table
from orgplan.tables.schema import canonical_headers, validate_tables

from orgplan.people.tables import EVENT_COLUMNS, EVENTS, is_personal_data

_ = Translator("people")

__all__ = ["read_events", "events_from_frame", "event_findings", "structures_in_force", "PEOPLE_FINDING_COLUMNS",
           "EVENT_ORDER", "parse_day"]

#: Columns of every people finding: the organisation's finding columns and the person.
PEOPLE_FINDING_COLUMNS: list[str] = [*FINDING_COLUMNS[:4], "person_id", *FINDING_COLUMNS[4:]]
#: The order in which the events of one person on one day apply.
EVENT_ORDER: dict[str, int] = {"hire": 0, "confirm": 1, "transfer": 2, "promote": 3, "leave": 4}
#: Events of one day that may go together (a promotion on the day of confirmation).
_COMPATIBLE = {frozenset({"confirm", "transfer"}), frozenset({"confirm", "promote"})}


def parse_day(value: Any, what: str = "on") -> pd.Timestamp:
    """A date parameter as a Timestamp; :class:`~orgplan.errors.ParameterError` when it is not a date.

    Examples
    --------
    >>> parse_day("2027-09-30"), parse_day("2027年9月30日")
    (Timestamp('2027-09-30 00:00:00'), Timestamp('2027-09-30 00:00:00'))
    """
    from orgplan.errors import ParameterError

    day = parse_date(value)
    if day is None:
        raise ParameterError(_("The {what!r} parameter must be a date written as YYYY-MM-DD. Got {value!r} "
                               "instead.").format(what=what, value=value))
    return pd.Timestamp(day)


def read_events(path: str | os.PathLike, *, sheet: str | None = None) -> pd.DataFrame:
    """Read the event log of people (``.csv`` UTF-8 or GBK, or a sheet of ``.xlsx``).

    Parameters
    ----------
    path : str or Path
        The file; headers in English (:data:`~orgplan.people.tables.EVENT_COLUMNS`) or Chinese (工号, 姓名,
        日期, 事件, 职位编号, 用工形式, 离职原因, 工作量, 试用期至, 备注).
    sheet : str, optional
        The sheet of a workbook (default: a sheet named 人事异动 / people, else the first).

    Returns
    -------
    DataFrame
        :data:`~orgplan.people.tables.EVENT_COLUMNS` with codes (``hire``, ``regular`` …), ``date`` and
        ``probation_end`` as datetimes, ``fte`` as a float (empty: NaN, the share held before; 1 at a
        hire), and ``row``: the row a
        spreadsheet shows. ``attrs["file"]`` names the file, ``attrs["dropped"]`` the columns left out.

    Raises
    ------
    DataError
        If a required column is missing or any cell is bad: every problem, located.
    FileNotFoundError
        If there is no such file.
    """
    path = Path(path)
    if sheet is None and path.suffix.lower() in (".xlsx", ".xlsm"):
        from orgplan.tables.io import read_workbook

        sheets = read_workbook(path)
        named = [s for s in sheets if s in EVENTS.sheet_aliases]
        frame = sheets[named[0] if named else next(iter(sheets))]
        file = f"{path}[{named[0]}]" if named else str(path)
    else:
        frame = read_table(path, sheet=sheet)
        file = str(path) if sheet is None else f"{path}[{sheet}]"
    return events_from_frame(frame, file)


def events_from_frame(frame: pd.DataFrame, file: str = "people table") -> pd.DataFrame:
    """Check the cells of an event table (any language's headers and words) and type them.

    See :func:`read_events`; a frame built in a notebook obeys the same rules.

    Examples
    --------
    >>> table = pd.DataFrame({"工号": ["E1"], "日期": ["2027-04-01"], "事件": ["入职"], "职位编号": ["GM"],
    ...                       "用工形式": ["试用"], "身份证号": ["110…"]})
    >>> events = events_from_frame(table)
    >>> events[["person_id", "event", "employment_type", "fte"]].to_dict("records")
    [{'person_id': 'E1', 'event': 'hire', 'employment_type': 'probation', 'fte': 1.0}]
    >>> events.attrs["dropped"]
    ['身份证号']
    """
    headers = [str(c).strip() for c in frame.columns]
    frame = frame.set_axis(headers, axis=1)
    mapping, problems = canonical_headers(EVENTS, headers, file)
    if problems:
        raise DataError(problems, _("{file}: the header row of the people table has problems").format(file=file))
    dropped = [h for h in headers if h not in mapping]
    cells = frame.rename(columns=mapping)[list(mapping.values())]
    typed, problems, _flagged = validate_tables({"people": EVENTS}, {"people": cells}, {"people": file})
    events = typed["people"]
    dates = _dates(events["date"], events["_row"], "date", file, problems, required=True)
    ends = _dates(events["probation_end"], events["_row"], "probation_end", file, problems, required=False)
    fte = _fte(events["fte"], events["_row"], file, problems)
    _needed_cells(events, file, problems)
    if problems:
        problems.sort(key=lambda p: (p.row or 0, EVENT_COLUMNS.index(p.column) if p.column in EVENT_COLUMNS else 0))
        raise DataError(problems)
    out = pd.DataFrame({
        "person_id": events["person_id"].astype(object), "name": events["name"].fillna("").astype(object),
        "date": dates, "event": events["event"].astype(object), "position_id": events["position_id"].astype(object),
        "employment_type": events["employment_type"].astype(object),
        "leave_reason": events["leave_reason"].astype(object), "fte": fte, "probation_end": ends,
        "note": events["note"].fillna("").astype(object), "row": events["_row"].astype(np.int64),
    })
    out.loc[(out["event"] == "hire") & out["fte"].isna(), "fte"] = 1.0
    out = out.where(out.notna(), None).astype({"date": "datetime64[ns]", "probation_end": "datetime64[ns]",
                                                "fte": float, "row": np.int64})
    out.attrs["file"] = file
    out.attrs["dropped"] = dropped
    out.attrs["personal_data"] = [h for h in dropped if is_personal_data(h)]
    return out


def _dates(cells: pd.Series, rows: pd.Series, column: str, file: str, problems: list[Problem], *,
           required: bool) -> pd.Series:
    text = cells.fillna("").astype(str)
    parsed = {cell: parse_date(cell) for cell in set(text)}
    days = text.map(lambda cell: parsed[cell])
    bad = (text != "") & days.isna()
    for i in np.flatnonzero(bad.to_numpy()):
        problems.append(Problem(file, int(rows.iloc[i]), column, text.iloc[i],
                                _(N_("a date written as YYYY-MM-DD")), "bad_date"))
    return pd.to_datetime(days.where(days.notna(), None))


def _fte(cells: pd.Series, rows: pd.Series, file: str, problems: list[Problem]) -> np.ndarray:
    text = cells.fillna("").astype(str).str.rstrip("%")
    numbers = parse_numbers(text.astype("str"))
    percent = cells.fillna("").astype(str).str.endswith("%").to_numpy()
    numbers = np.where(percent, numbers / 100, numbers)
    bad = (text != "").to_numpy() & ~((numbers > 0) & (numbers <= 1))
    for i in np.flatnonzero(bad):
        problems.append(Problem(file, int(rows.iloc[i]), "fte", str(cells.iloc[i]),
                                _("a share of full time above 0 and at most 1, e.g. 0.5 (empty: 1)"), "bad_fte"))
    return numbers


def _needed_cells(events: pd.DataFrame, file: str, problems: list[Problem]) -> None:
    """A hire, transfer and promotion name the position; a hire says how the person is employed."""
    moves = events["event"].isin(["hire", "transfer", "promote"]) & events["position_id"].isna()
    hires = (events["event"] == "hire") & events["employment_type"].isna()
    for mask, column, expected in (
            (moves, "position_id", N_("the position_id the person holds from this date (a hire, transfer or "
                                      "promotion names the position)")),
            (hires, "employment_type", N_("how the person is employed (正式, 试用, 劳务派遣, 实习, 退休返聘): "
                                          "a hire says it"))):
        for i in np.flatnonzero(mask.to_numpy()):
            problems.append(Problem(file, int(events["_row"].iloc[i]), column, None, _(expected), "missing_value"))


# ------------------------------------------------------------------------------------------------ findings
def structures_in_force(structures: Structure | Mapping[Any, Structure] | None) -> list[tuple[pd.Timestamp, Structure]]:
    """Structures with the first day each is in force, earliest first.

    A single structure is in force on every date. In a mapping, each key is
    the day its structure takes effect (``None`` or the earliest: from the
    beginning); the structure in force on a date is the latest one that took
    effect on or before it, and the earliest one before that.
    """
    if structures is None:
        return []
    if isinstance(structures, Structure):
        return [(pd.Timestamp.min, structures)]
    dated = sorted(((pd.Timestamp.min if day is None else parse_day(day, "structures"), s)
                    for day, s in structures.items()), key=lambda pair: pair[0])
    return dated


def event_findings(events: pd.DataFrame, structures: Structure | Mapping[Any, Structure] | None = None) -> pd.DataFrame:
    """The events that do not follow from the ones before, one finding each.

    Parameters
    ----------
    events : DataFrame
        From :func:`read_events`.
    structures : Structure or mapping of date → Structure, optional
        With them, an event naming a position that does not exist on its date is an error too
        (see :func:`structures_in_force`).

    Returns
    -------
    DataFrame
        :data:`PEOPLE_FINDING_COLUMNS`; rules ``not_in_post`` (a transfer, confirmation, promotion or leave
        of someone not in post: never hired, or gone), ``already_in_post`` (a hire of someone in post: one person
        in two positions), ``same_day_conflict``, ``unknown_position`` (errors), ``leave_reason_missing``
        (a warning: the leaver counts in neither voluntary nor involuntary turnover).

    Examples
    --------
    >>> events = events_from_frame(pd.DataFrame({
    ...     "工号": ["E1", "E2", "E2"], "日期": ["2027-04-01", "2027-03-01", "2027-05-01"],
    ...     "事件": ["调岗", "离职", "入职"], "职位编号": ["GM", "", "GM"], "用工形式": ["", "", "正式"],
    ...     "离职原因": ["", "主动", ""]}), "people.csv")
    >>> for f in event_findings(events).itertuples():
    ...     print(f.row, f.rule, f.message)
    2 not_in_post E1: transfer on 2027-04-01, but E1 was never hired; record the hire (入职) first.
    3 not_in_post E2: leave on 2027-03-01, but E2 is hired only on 2027-05-01; the hire must come first.
    """
    file = events.attrs.get("file", "people table")
    order = _sorted(events)
    found: list[dict] = []
    found += _sequence_findings(order, file)
    found += _same_day_findings(order, file)
    found += _position_findings(order, structures, file)
    found += [_finding("leave_reason_missing", event.row, _(
        "{person}: leave on {date} without a reason; write 主动 or 被动 so turnover can be split.").format(
        person=event.person_id, date=_day(event.date)), file, severity="warning", person_id=event.person_id,
        column="leave_reason") for event in order[(order["event"] == "leave").to_numpy()
                                                   & order["leave_reason"].isna().to_numpy()].itertuples()]
    table = pd.DataFrame(found, columns=PEOPLE_FINDING_COLUMNS)
    return table.sort_values(["row", "rule"], kind="stable").reset_index(drop=True)


def _sorted(events: pd.DataFrame) -> pd.DataFrame:
    rank = events["event"].map(EVENT_ORDER).to_numpy()
    return events.assign(_rank=rank).sort_values(["person_id", "date", "_rank", "row"], kind="stable")


def _finding(rule: str, row: Any, message: str, file: str, *, severity: str = "error",
             position_id: Any = None, person_id: Any = None, unit_id: Any = None, column: Any = None) -> dict:
    return {"severity": severity, "rule": rule, "unit_id": unit_id, "position_id": position_id,
            "person_id": person_id, "duty_id": None, "message": message, "file": file,
            "row": None if row is None else int(row), "column": column}


def _day(value: Any) -> str:
    return pd.Timestamp(value).date().isoformat()


def _sequence_findings(order: pd.DataFrame, file: str) -> list[dict]:
    person = order["person_id"].to_numpy(dtype=object)
    kind = order["event"].to_numpy(dtype=object)
    first = np.r_[True, person[1:] != person[:-1]]
    previous = np.r_[[None], kind[:-1]]
    in_post_before = ~first & (previous != "leave")
    hire = kind == "hire"
    wrong = np.flatnonzero((hire & in_post_before) | (~hire & ~in_post_before))
    if not len(wrong):
        return []
    hires = order[order["event"] == "hire"]
    first_hire = hires.groupby("person_id")["date"].min()
    position = order["position_id"].to_numpy(dtype=object)
    dates = order["date"].to_numpy()
    rows = order["row"].to_numpy()
    found = []
    for i in wrong:
        who, what, when = person[i], _(_KIND_WORDS[kind[i]]), _day(dates[i])
        if hire[i]:
            held = next(position[j] for j in range(i - 1, -1, -1) if position[j] is not None)
            message = _("{person}: hired into {position} on {date}, but {person} already holds {held}: one person "
                        "in two positions; record a transfer (调岗) or the leave (离职) instead.").format(
                person=who, position=position[i], date=when, held=held)
            found.append(_finding("already_in_post", rows[i], message, file, position_id=position[i], person_id=who))
            continue
        later = first_hire.get(who)
        if later is None:
            message = _("{person}: {event} on {date}, but {person} was never hired; record the hire (入职) "
                        "first.").format(person=who, event=what, date=when)
        elif first[i] and later > dates[i]:
            message = _("{person}: {event} on {date}, but {person} is hired only on {hired}; the hire must come "
                        "first.").format(person=who, event=what, date=when, hired=_day(later))
        else:
            message = _("{person}: {event} on {date}, but {person} had left before; record a new hire (入职) "
                        "first.").format(person=who, event=what, date=when)
        found.append(_finding("not_in_post", rows[i], message, file, position_id=position[i], person_id=who))
    return found


_KIND_WORDS = {"hire": N_("hire"), "confirm": N_("confirmation"), "transfer": N_("transfer"),
               "promote": N_("promotion"), "leave": N_("leave")}


def _same_day_findings(order: pd.DataFrame, file: str) -> list[dict]:
    key = order[["person_id", "date"]]
    repeated = order[key.duplicated(keep=False).to_numpy()]
    found = []
    for (who, when), group in repeated.groupby(["person_id", "date"], sort=False):
        kinds = group["event"].tolist()
        if frozenset(kinds) in _COMPATIBLE and len(kinds) == 2:
            continue
        rows = group["row"].tolist()
        words = _(", ").join(_(_KIND_WORDS[k]) for k in kinds)
        message = _("{person}: {count} events on {date} ({events}, rows {rows}) contradict each other; keep the "
                    "one that happened.").format(person=who, count=len(kinds), date=_day(when), events=words,
                                                 rows=_(", ").join(str(r) for r in rows))
        found.append(_finding("same_day_conflict", rows[-1], message, file, person_id=who,
                              position_id=group["position_id"].iloc[-1]))
    return found


def _position_findings(order: pd.DataFrame, structures, file: str) -> list[dict]:
    dated = structures_in_force(structures)
    if not dated:
        return []
    named = order[order["position_id"].notna().to_numpy()]
    starts = np.array([day.to_datetime64() if day != pd.Timestamp.min else np.datetime64("NaT") for day, _s in dated],
                      dtype="datetime64[ns]")
    starts = np.where(np.isnat(starts), np.datetime64(pd.Timestamp.min.value, "ns"), starts)
    which = np.maximum(np.searchsorted(starts, named["date"].to_numpy(), side="right") - 1, 0)
    found = []
    for index, (_start, structure) in enumerate(dated):
        here = named[which == index]
        known = set(structure.positions["position_id"])
        for event in here[~here["position_id"].isin(known).to_numpy()].itertuples():
            message = _("{person}: {event} on {date} names position {position}, which the structure {structure} "
                        "in force then does not have.").format(
                person=event.person_id, event=_(_KIND_WORDS[event.event]), date=_day(event.date),
                position=event.position_id, structure=structure.name)
            found.append(_finding("unknown_position", event.row, message, file, position_id=event.position_id,
                                  person_id=event.person_id, column="position_id"))
    return found

