"""Checks of a structure and its people on a date: a findings table, like :func:`orgplan.check`.

Rules (in this order):

* ``not_in_post``, ``already_in_post``, ``same_day_conflict``, ``unknown_position`` — events that do not
  follow (see :func:`~orgplan.people.events.event_findings`), errors;
* ``person_in_unknown_position`` (error) — someone in post in a position the structure does not have;
* ``filled_differs`` (warning) — the ``filled`` typed in the structure is not the number of people in post;
* ``over_establishment_people`` (warning) — more people in post than the establishment (超编), counted;
* ``dispatch_share`` (error) — dispatched workers (劳务派遣) above 10 % of the workforce under labour or
  dispatch contracts: *Interim Provisions on Labor Dispatch* (劳务派遣暂行规定, MOHRSS Order No. 22, 2014),
  Art. 4: "用工单位应当严格控制劳务派遣用工数量，使用的被派遣劳动者数量不得超过其用工总量的10%", where
  用工总量 = people under a labour contract + dispatched workers (interns and rehired retirees have no
  labour contract and are outside it). The limit is a parameter;
* ``probation_ending`` (warning) — a probation ending within the next 30 days, not yet confirmed;
  ``probation_overdue`` (warning) — one that ended without a confirmation (转正) or a leave;
* ``long_vacancy`` (warning) — a seat open for more than 90 days.

Examples
--------
>>> from orgplan import sample_path, read_structure
>>> from orgplan.people.events import read_events
>>> findings = people_checks(read_structure(sample_path("approved-2027")),
...                          read_events(sample_path("people/people.csv")), "2027-09-30")
>>> findings["rule"].value_counts(sort=False).to_dict()
{'filled_differs': 6, 'dispatch_share': 1, 'probation_ending': 1, 'long_vacancy': 2}
>>> print(findings.loc[findings["rule"] == "dispatch_share", "message"].item())
On 2027-09-30 13 of 121 workers (labour contracts and dispatched) are dispatched (劳务派遣): 10.7%, above the 10% of the Interim Provisions on Labor Dispatch (2014), Art. 4; at most 12 are allowed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from orgplan.errors import ParameterError
from orgplan.i18n import Translator
from orgplan.model.structure import Structure

from orgplan.people.events import PEOPLE_FINDING_COLUMNS, _finding, event_findings, parse_day
from orgplan.people.roster import event_history, in_post, roster_on
from orgplan.people.tables import LABOUR_CONTRACT_TYPES
from orgplan.people.vacancies import vacancy_ageing

_ = Translator("people")

__all__ = ["PeopleRules", "people_checks", "dispatch_share"]


@dataclass(frozen=True)
class PeopleRules:
    """The limits of the people checks.

    Parameters
    ----------
    dispatch_limit : float, default 0.10
        Largest share of dispatched workers in 用工总量 (Interim Provisions on Labor Dispatch, 2014, Art. 4).
    probation_notice_days : int, default 30
        Warn about probations ending within this many days.
    probation_months : int, default 3
        Probation assumed for a probation hire with no 试用期至 (the message says so). The Labour Contract
        Law, Art. 19, allows 1 month for contracts of 3 months to 1 year, 2 months up to 3 years, 6 months
        beyond.
    long_vacancy_days : int, default 90
        Warn about seats open longer than this.
    """

    dispatch_limit: float = 0.10
    probation_notice_days: int = 30
    probation_months: int = 3
    long_vacancy_days: int = 90

    def __post_init__(self) -> None:
        if not 0 < self.dispatch_limit <= 1:
            raise ParameterError(_("The 'dispatch_limit' parameter must be a share above 0 and at most 1, e.g. "
                                   "0.1. Got {value!r} instead.").format(value=self.dispatch_limit))
        for name in ("probation_notice_days", "probation_months", "long_vacancy_days"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
                raise ParameterError(_("The {name!r} parameter must be a whole number of 0 or more. Got {value!r} "
                                       "instead.").format(name=name, value=value))


def dispatch_share(roster: pd.DataFrame) -> tuple[int, int, float]:
    """Dispatched workers, 用工总量 (labour contracts + dispatched), and the share (NaN when nobody).

    Examples
    --------
    >>> dispatch_share(pd.DataFrame({"employment_type": ["regular"] * 8 + ["dispatched", "intern"]}))
    (1, 9, 0.1111111111111111)
    """
    types = roster["employment_type"]
    dispatched = int((types == "dispatched").sum())
    base = int(types.isin(LABOUR_CONTRACT_TYPES).sum()) + dispatched
    return dispatched, base, dispatched / base if base else float("nan")


def people_checks(structure: Structure, events: pd.DataFrame, on: Any, rules: PeopleRules | None = None, *,
                  structures: Any = None, names: bool = True) -> pd.DataFrame:
    """Everything wrong with the structure's people on a date, as findings.

    Parameters
    ----------
    structure : Structure
        The structure in force on ``on``.
    events : DataFrame
        The event log (:func:`~orgplan.people.events.read_events`).
    on : date or str
        The report date.
    rules : PeopleRules, optional
        The limits (defaults: 10 %, 30 days, 3 months, 90 days).
    structures : mapping date → Structure, optional
        The structures in force over the log's dates: ``unknown_position`` is checked on each event against
        the one in force then, and a seat is no older than the structure that created it
        (:func:`~orgplan.people.vacancies.vacancy_ageing`). Without them events are checked for their order only.
    names : bool, default True
        False keeps names out of the messages (staff numbers only).

    Returns
    -------
    DataFrame
        :data:`~orgplan.people.events.PEOPLE_FINDING_COLUMNS`, in the order of the rules.
    """
    rules = rules or PeopleRules()
    day = parse_day(on)
    history = event_history(events)
    file = events.attrs.get("file", "people table")
    found = event_findings(events, structures).to_dict("records") if structures is not None else \
        event_findings(events).to_dict("records")
    roster = roster_on(history, day, names=names)
    found += _unknown_positions(structure, roster, file)
    found += _filled(structure, roster)
    found += _dispatch(roster, rules, day)
    found += _probation(roster, rules, day)
    found += _vacancies(history, structure, rules, day, structures)
    return pd.DataFrame(found, columns=PEOPLE_FINDING_COLUMNS)


def _unknown_positions(structure: Structure, roster: pd.DataFrame, file: str) -> list[dict]:
    known = set(structure.positions["position_id"])
    return [_finding("person_in_unknown_position", None, _(
        "{person} is in post in position {position}, which the structure {structure} does not have; record a "
        "transfer (调岗) into one of its positions.").format(person=_who(p), position=p.position_id,
                                                            structure=structure.name), file,
        position_id=p.position_id, person_id=p.person_id) for p in roster.itertuples()
        if p.position_id not in known]


def _who(person: Any) -> str:
    return f"{person.person_id} {person.name}".strip() if person.name else str(person.person_id)


def _filled(structure: Structure, roster: pd.DataFrame) -> list[dict]:
    counted = in_post(roster, structure).to_numpy()
    positions = structure.positions
    found = []
    for position, typed, people in zip(positions.itertuples(), positions["filled"].to_numpy(), counted):
        if typed != people:
            found.append(_finding("filled_differs", None, _(
                "Position {position} ({title}): the structure says {typed} in post, the people log {people}; the "
                "people log counts.").format(position=position.position_id, title=position.title, typed=int(typed),
                                             people=int(people)), structure.files.get("positions"),
                severity="warning", position_id=position.position_id, unit_id=position.unit_id, column="filled"))
    for position, approved, people in zip(positions.itertuples(), positions["approved"].to_numpy(), counted):
        if people > approved:
            found.append(_finding("over_establishment_people", None, _(
                "Position {position} ({title}) has {people} people in post for an establishment of {approved} "
                "(超编 {over}).").format(position=position.position_id, title=position.title, people=int(people),
                                        approved=int(approved), over=int(people - approved)), None,
                severity="warning", position_id=position.position_id, unit_id=position.unit_id))
    return found


def _dispatch(roster: pd.DataFrame, rules: PeopleRules, day: pd.Timestamp) -> list[dict]:
    dispatched, base, share = dispatch_share(roster)
    if not base or share <= rules.dispatch_limit:
        return []
    allowed = int(np.floor(base * rules.dispatch_limit))
    return [_finding("dispatch_share", None, _(
        "On {date} {dispatched} of {base} workers (labour contracts and dispatched) are dispatched (劳务派遣): "
        "{share:.1%}, above the {limit:.0%} of the Interim Provisions on Labor Dispatch (2014), Art. 4; at most "
        "{allowed} are allowed.").format(date=day.date().isoformat(), dispatched=dispatched, base=base, share=share,
                                         limit=rules.dispatch_limit, allowed=allowed), None)]


def _probation(roster: pd.DataFrame, rules: PeopleRules, day: pd.Timestamp) -> list[dict]:
    on_probation = roster[(roster["employment_type"] == "probation").to_numpy()]
    found = []
    for person in on_probation.itertuples():
        assumed = pd.isna(person.probation_end)
        end = (person.hired_on + pd.DateOffset(months=rules.probation_months) - pd.Timedelta(days=1)) if assumed \
            else person.probation_end
        days = int((end - day).days)
        note = _(" ({months} months assumed: no probation end given)").format(months=rules.probation_months) \
            if assumed else ""
        if days < 0:
            found.append(_finding("probation_overdue", None, _(
                "{person} ({position}): probation ended on {end}{note}, {days} days ago, without a confirmation "
                "(转正); record it or the leave.").format(person=_who(person), position=person.position_id,
                                                       end=end.date().isoformat(), note=note, days=-days), None,
                severity="warning", position_id=person.position_id, person_id=person.person_id))
        elif days <= rules.probation_notice_days and pd.isna(person.leaving_on):
            found.append(_finding("probation_ending", None, _(
                "{person} ({position}): probation ends on {end}{note}, in {days} days; decide on the confirmation "
                "(转正) before then.").format(person=_who(person), position=person.position_id,
                                             end=end.date().isoformat(), note=note, days=days), None,
                severity="warning", position_id=person.position_id, person_id=person.person_id))
    return found


def _vacancies(history: pd.DataFrame, structure: Structure, rules: PeopleRules, day: pd.Timestamp,
               structures: Any) -> list[dict]:
    ageing = vacancy_ageing(history, structure, day, structures=structures)
    long = ageing[(ageing["days_open"].fillna(0) > rules.long_vacancy_days).to_numpy()]
    return [_finding("long_vacancy", None, _(
        "Position {position} ({title}): a seat has been open since {since}, {days} days; fill it or review the "
        "establishment.").format(position=seat.position_id, title=seat.title, since=seat.open_since.date().isoformat(),
                                 days=int(seat.days_open)), None, severity="warning",
        position_id=seat.position_id, unit_id=seat.unit_id) for seat in long.itertuples()]
