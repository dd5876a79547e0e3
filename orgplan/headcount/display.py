"""The headcount tables as people read them: headers and values in the language in force, and read back.

The DataFrames the package returns keep English column names and codes
(``decision == "approved"``), so scripts work in any language. What a person
reads — the decisions file, the staffing status, the exceptions report —
goes through :func:`for_people`, which writes the headers and the values of
choice columns (decision, reason, kind) in the language in force (identity in
English). :func:`canonical_decisions` reads such a table back in any
language, so a decisions file written in 简体中文 gives the exceptions report
as the English one does.

Examples
--------
>>> import pandas as pd
>>> from orgplan.i18n import language
>>> decisions = pd.DataFrame({"request_id": ["R1"], "decision": ["needs_special_approval"]})
>>> with language("zh-Hans"):
...     shown = for_people(decisions, DECISIONS)
>>> shown.columns.tolist(), shown.iloc[0].tolist()
(['申请编号', '审批结果'], ['R1', '需总经理特批'])
>>> canonical_decisions(shown).iloc[0].tolist()
['R1', 'needs_special_approval']
"""

from __future__ import annotations

import pandas as pd

from orgplan.errors import ParameterError
from orgplan.headcount.decisions import DECISION_LABELS, REASON_LABELS
from orgplan.headcount.requests import REQUESTS, kind_of
from orgplan.i18n import N_, Translator, get_language
from orgplan.tables.schema import Column, Table, canonical_headers, localise

_ = Translator("headcount")

__all__ = ["DECISIONS", "STAFFING", "STAFFING_BY_DEPARTMENT", "EXCEPTIONS", "EXCEPTIONS_BY_DEPARTMENT", "FILLS",
           "for_people", "canonical_decisions", "decisions_for_people", "decision_counts", "requests_for_people", "BRIEF_DECISION_COLUMNS"]

#: The columns a person reads first in a decisions table.
BRIEF_DECISION_COLUMNS = ("request_id", "date", "position_id", "kind", "count", "decision", "vacancy_before",
                          "vacancy_after", "message")


def _request_column(name: str) -> Column:
    return REQUESTS.column(name)


def _column(name: str, label: str, type_: str = "text", **more) -> Column:
    return Column(name, type_, required=False, blank_ok=True, label=label, **more)


#: The decisions table (:func:`~orgplan.headcount.validate_requests`), for people.
DECISIONS = Table("decisions", "request_id", (
    _request_column("request_id"),
    _column("decision", N_("decision"), "choice", choice_labels=DECISION_LABELS),
    _column("reason_code", N_("basis of the decision"), "choice", choice_labels=REASON_LABELS),
    _column("message", N_("decision message")),
    _column("vacancy_before", N_("vacancy before"), "count"),
    _column("vacancy_after", N_("vacancy after"), "count"),
    _column("over_establishment", N_("seats over establishment"), "count"),
    *(_request_column(name) for name in ("date", "unit_id", "position_id", "title", "kind", "count",
                                         "special_approval", "requested_by", "reason")),
    _column("row", N_("row"), "count"),
    _column("recorded_earlier", N_("decided in an earlier run"), "flag"),
))

_ESTABLISHMENT = (
    _column("approved", N_("establishment"), "count"),
    _column("filled", N_("in post"), "count"),
    _column("pending", N_("pending"), "count"),
    _column("vacancy", N_("vacancy"), "count"),
    _column("over_establishment", N_("over establishment"), "count"),
)

#: :func:`~orgplan.headcount.staffing_status` by position, for people.
STAFFING = Table("staffing", "position_id", (
    _request_column("position_id"), _request_column("unit_id"), _request_column("title"), *_ESTABLISHMENT))

#: :func:`~orgplan.headcount.staffing_status` by department, for people.
STAFFING_BY_DEPARTMENT = Table("staffing_by_department", "unit_id", (
    _request_column("unit_id"), _column("name", N_("department")), *_ESTABLISHMENT))

#: :attr:`ExceptionsReport.requests <orgplan.headcount.ExceptionsReport>`, for people.
EXCEPTIONS = Table("exceptions", "request_id", (
    _request_column("request_id"), _request_column("date"),
    _column("department", N_("department id")), _column("department_name", N_("department")),
    *(_request_column(name) for name in ("unit_id", "position_id", "title", "kind", "count")),
    _column("seats_over", N_("seats over establishment"), "count"),
    *(_request_column(name) for name in ("special_approval", "requested_by", "reason")),
))

#: :attr:`ExceptionsReport.by_department <orgplan.headcount.ExceptionsReport>`, for people.
EXCEPTIONS_BY_DEPARTMENT = Table("exceptions_by_department", "department", (
    _column("department", N_("department id")), _column("name", N_("department")),
    _column("exceptions", N_("special approvals"), "count"),
    _column("seats_over", N_("seats over establishment"), "count"),
    _column("establishment", N_("establishment"), "count"),
    _column("share", N_("share of establishment")),
    _column("review", N_("structure to review"), "flag"),
))

#: :func:`~orgplan.headcount.record_fill`'s result, for people.
FILLS = Table("fills", "request_id", (
    _request_column("request_id"), _request_column("position_id"),
    _column("filled", N_("seats filled"), "count"), _column("still_pending", N_("still pending"), "count"),
))


def for_people(frame: pd.DataFrame, table: Table) -> pd.DataFrame:
    """``frame`` as people read it: headers, choices (decision, reason, kind) and yes/no in the language in force.

    English keeps the codes and column names (for scripts, ``--lang en``). The
    user's own data (ids, names, reasons) is never changed.
    """
    if get_language() == "en":
        return frame.copy()
    out = frame.copy()
    for column in table.columns:
        if column.type == "flag" and column.name in out.columns:
            words = {True: _("yes"), False: _("no")}
            out[column.name] = out[column.name].map(lambda v: words.get(v, v) if isinstance(v, bool) else v)
    return localise(out, table)


def canonical_decisions(frame: pd.DataFrame, file: str = "decisions table") -> pd.DataFrame:
    """A decisions table in any language (as :func:`for_people` wrote it) with English names and codes.

    Columns the decisions table does not have are kept as they are.

    Raises
    ------
    ParameterError
        If a column is given twice (e.g. 审批结果 and decision).
    """
    headers = [str(c).strip() for c in frame.columns]
    mapping, problems = canonical_headers(DECISIONS, headers, file)
    if any(p.code == "duplicate_column" for p in problems):
        raise ParameterError(_("The 'decisions' parameter must name each column once. Got {problem} instead.")
                             .format(problem=next(str(p) for p in problems if p.code == "duplicate_column")))
    out = frame.set_axis(headers, axis=1).rename(columns=mapping)
    for name in ("decision", "reason_code"):
        if name in out.columns:
            words = {text.lower(): code for text, code in DECISIONS.column(name).choice_words().items()}
            out[name] = out[name].map(lambda v: words.get(str(v).strip().lower(), v) if isinstance(v, str) else v)
    if "kind" in out.columns:
        out["kind"] = out["kind"].map(lambda v: (kind_of(v) or v) if isinstance(v, str) else v)
    for column in DECISIONS.columns:
        if column.type == "count" and column.name in out.columns and not pd.api.types.is_numeric_dtype(
                out[column.name]):
            out[column.name] = pd.to_numeric(out[column.name], errors="coerce").astype("Int64")
    return out


def decisions_for_people(decisions: pd.DataFrame, *, brief: bool = False) -> pd.DataFrame:
    """The decisions table for people; ``brief``: only :data:`BRIEF_DECISION_COLUMNS` (what was asked, the decision,
    the vacancy before and after, the message)."""
    return for_people(decisions[list(BRIEF_DECISION_COLUMNS)] if brief else decisions, DECISIONS)


def decision_counts(decisions: pd.DataFrame) -> pd.DataFrame:
    """How many requests got each decision (every decision listed, 0 included), for people.

    Examples
    --------
    >>> import pandas as pd
    >>> from orgplan.i18n import language
    >>> decisions = pd.DataFrame({"decision": ["approved", "invalid", "approved"]})
    >>> with language("en"):
    ...     print(decision_counts(decisions).to_string(index=False))
                  decision  requests
                  approved         2
                  rejected         0
    needs_special_approval         0
                   invalid         1
    """
    counts = decisions["decision"].value_counts()
    table = pd.DataFrame({"decision": list(DECISION_LABELS),
                          "requests": [int(counts.get(code, 0)) for code in DECISION_LABELS]})
    shown = for_people(table, DECISIONS)
    return shown.rename(columns={"requests": _("requests")}) if get_language() != "en" else shown


def requests_for_people(requests: pd.DataFrame) -> pd.DataFrame:
    """A requests table (:func:`~orgplan.headcount.read_requests`) for people: headers and kinds in the language in
    force, whatever language the file was written in (a kind no language knows is shown as written)."""
    shown = requests.assign(kind=requests["kind"].map(lambda v: kind_of(v) or v)) if "kind" in requests else requests
    return for_people(shown, REQUESTS)
