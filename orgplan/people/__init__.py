"""People (员工): the event log of hires, confirmations, transfers, promotions and leaves, and the roster
(花名册) on any date derived from it.

In-post numbers, vacancies and 超编 are counted from people, not typed:
:func:`read_events` reads the log, :func:`roster_on` gives the people in post on a date, :func:`with_people`
puts their numbers into a structure, :func:`people_checks` finds what is wrong on a date,
:func:`movements` / :func:`turnover` report joiners, leavers and movers between two dates,
:func:`vacancy_ageing` and :func:`time_to_fill` how long seats stay open, :func:`import_hris` turns an HR
system's export into the log, and :func:`chart_people` gives an org chart the names for its boxes.
"""

from orgplan.people.checks import PeopleRules, dispatch_share, people_checks
from orgplan.people.display import people_table
from orgplan.people.events import event_findings, events_from_frame, read_events, structures_in_force
from orgplan.people.hris import import_hris, position_finder
from orgplan.people.log import append_events, hire_events
from orgplan.people.movements import Turnover, headcount_by_month, monthly_turnover, movements, turnover
from orgplan.people.roster import chart_people, event_history, in_post, position_status, roster_on, with_people
from orgplan.people.tables import EMPLOYMENT_TYPES, EVENT_KINDS, EVENTS, LEAVE_REASONS
from orgplan.people.vacancies import time_to_fill, vacancy_ageing

__all__ = ["read_events", "events_from_frame", "event_findings", "structures_in_force", "event_history",
           "roster_on", "in_post", "position_status", "with_people", "chart_people", "people_checks", "PeopleRules", "dispatch_share",
           "movements", "turnover", "Turnover", "monthly_turnover", "headcount_by_month", "vacancy_ageing",
           "time_to_fill", "import_hris", "position_finder", "append_events", "hire_events", "people_table",
           "EVENTS", "EVENT_KINDS", "EMPLOYMENT_TYPES", "LEAVE_REASONS"]
