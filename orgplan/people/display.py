"""The people tables as people read them: headers, events, employment types and severities in the language chosen.

Examples
--------
>>> import pandas as pd
>>> from orgplan.i18n import language
>>> frame = pd.DataFrame({"person_id": ["E001"], "event": ["hire"], "employment_type": ["dispatched"]})
>>> with language("en"):
...     people_table(frame).columns.tolist()
['person_id', 'event', 'employment_type']
"""

from __future__ import annotations

import pandas as pd

from orgplan.i18n import N_, Translator
from orgplan.tables.schema import Column, Table, localise

from orgplan.people.tables import EMPLOYMENT_TYPES, EVENT_KINDS, LEAVE_REASONS

_ = Translator("people")

__all__ = ["LABELS", "PEOPLE", "people_table", "dropped_note"]

#: Every column and figure of the people tables → the words people read.
LABELS: dict[str, str] = {
    "person_id": N_("staff number"), "name": N_("name"), "date": N_("date"), "event": N_("event"),
    "position_id": N_("position id"), "previous_position": N_("previous position"),
    "employment_type": N_("employment type"), "leave_reason": N_("leave reason"), "fte": N_("FTE"),
    "probation_end": N_("probation ends"), "note": N_("note"), "row": N_("row"), "hired_on": N_("hire date"),
    "in_position_since": N_("in position since"), "leaving_on": N_("leaving on"), "unit_id": N_("unit id"),
    "title": N_("title"), "approved": N_("establishment"), "filled": N_("in post"), "typed_filled": N_("filled as typed"),
    "vacancy": N_("vacancy"), "over_establishment": N_("over establishment"), "dispatched": N_("dispatched"),
    "probation": N_("on probation"), "regular": N_("regular"), "intern": N_("intern"),
    "retiree": N_("rehired retiree"), "total": N_("total"), "month": N_("month"), "start": N_("at start"),
    "end": N_("at end"), "joiners": N_("joiners"), "leavers": N_("leavers"), "voluntary": N_("voluntary"),
    "involuntary": N_("involuntary"), "movers_in": N_("moved in"), "movers_out": N_("moved out"),
    "turnover": N_("turnover"), "seat": N_("seat"), "open_since": N_("open since"), "days_open": N_("days open"),
    "opened_on": N_("opened on"), "filled_on": N_("filled on"), "days_to_fill": N_("days to fill"),
    "severity": N_("severity"), "rule": N_("rule"), "message": N_("message"), "file": N_("file"),
    "column": N_("column"), "duty_id": N_("duty id"), "figure": N_("figure"), "value": N_("value"),
    "on_probation": N_("on probation"), "leaving": N_("leaving"),
}
_CHOICES = {"event": EVENT_KINDS, "employment_type": EMPLOYMENT_TYPES, "leave_reason": LEAVE_REASONS,
            "severity": {"error": N_("error"), "warning": N_("warning"), "info": N_("info")}}
_FIGURES = {"start": N_("at start"), "end": N_("at end"), "average": N_("average headcount"),
            "joiners": N_("joiners"), "leavers": N_("leavers"), "voluntary": N_("voluntary"),
            "involuntary": N_("involuntary"), "turnover": N_("turnover"),
            "voluntary_turnover": N_("voluntary turnover"), "involuntary_turnover": N_("involuntary turnover"),
            "annualised_turnover": N_("annualised turnover"), "days": N_("days")}

#: One display schema for every people table.
PEOPLE = Table("people_display", None, tuple(
    Column(name, "choice" if name in _CHOICES else "text", required=False, blank_ok=True, label=label,
           choice_labels=_CHOICES.get(name, _FIGURES if name == "figure" else {})) for name, label in LABELS.items()))


def people_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A people table for people: headers and codes in the language in force; dates as YYYY-MM-DD; no NaN shown.

    Examples
    --------
    >>> from orgplan.i18n import language
    >>> frame = pd.DataFrame({"event": ["leave"], "leave_reason": ["voluntary"], "date": [pd.Timestamp("2027-06-30")]})
    >>> with language("zh-Hans"):
    ...     people_table(frame).values.tolist()
    [['离职', '主动离职', '2027-06-30']]
    """
    out = frame.copy()
    for column in ("position_id", "unit_id", "month"):  # the last row of a movements table
        if column in out.columns and len(out) and out[column].iloc[-1] == "total":
            out.loc[out.index[-1], column] = _("total")
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%Y-%m-%d").astype(object).where(out[column].notna(), "")
        elif out[column].dtype == object:
            out[column] = out[column].where(out[column].notna(), "")
    return localise(out, PEOPLE)


def dropped_note(events: pd.DataFrame) -> str:
    """The one note about the columns left out on read ("" when none).

    Examples
    --------
    >>> frame = pd.DataFrame()
    >>> frame.attrs["dropped"] = ["身份证号", "手机"]
    >>> dropped_note(frame)
    'Left out on reading, never written to any output: 身份证号, 手机.'
    """
    dropped = events.attrs.get("dropped") or []
    if not dropped:
        return ""
    return _("Left out on reading, never written to any output: {columns}.").format(columns=_(", ").join(dropped))
