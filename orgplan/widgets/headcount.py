"""A form to try one headcount request and see its decision at once (ipywidgets).

The form holds no rules: its button builds a one-row requests table and
calls :func:`orgplan.headcount.validate_requests`, the function the command
line calls, as a dry run (nothing is recorded, even with a ledger).

Examples
--------
>>> from orgplan import read_structure, sample_path
>>> from orgplan.widgets.headcount import request_form
>>> form = request_form(read_structure(sample_path("approved-2027")), date="2027-04-30")
>>> form.unit.value = "SALES-SHOW"
>>> form.position.value = "SHOW-CONS"
>>> form.count.value = 3
>>> form.try_button.click()
>>> form.decision.loc[0, "decision"], form.decision.loc[0, "reason_code"]
('rejected', 'beyond_vacancy')
"""

from __future__ import annotations

import datetime as _dt
import html
import os

import ipywidgets as widgets
import pandas as pd
from IPython.display import HTML

from orgplan.headcount import DECISIONS, Ledger, RequestKind, for_people, staffing_status, validate_requests
from orgplan.headcount.requests import KIND_LABELS
from orgplan.i18n import Translator
from orgplan.model.structure import Structure

_ = Translator("headcount")

__all__ = ["RequestForm", "request_form"]


class RequestForm(widgets.VBox):
    """Fields of one request, a *Try* button, and the decision shown below.

    Attributes
    ----------
    unit, position, kind, count, date, reason, requested_by, special_approval : ipywidgets
        The request's fields; ``position`` suggests the unit's positions
        and accepts a new id for ``new_position``.
    try_button : ipywidgets.Button
        Decides the request (a dry run).
    decision : DataFrame or None
        The last decision (one row of the decisions table).
    output : ipywidgets.Output
        Where the decision is displayed.
    """

    def __init__(self, structure: Structure, *, ledger: Ledger | str | os.PathLike | None = None,
                 date: _dt.date | str | None = None) -> None:
        self.structure = structure
        self.ledger = ledger
        self.decision: pd.DataFrame | None = None
        units = structure.units
        self._position_rows = structure.positions
        style = {"description_width": "110px"}
        self.unit = widgets.Dropdown(
            options=[(_("{name} ({unit_id})").format(name=n, unit_id=u), u)
                     for u, n in zip(units["unit_id"], units["name"])],
            description=_("Unit"), style=style)
        self.position = widgets.Combobox(description=_("Position"), ensure_option=False, style=style,
                                         placeholder="position_id")
        self.kind = widgets.Dropdown(options=[(_(label), code) for code, label in KIND_LABELS.items()],
                                     value=RequestKind.HIRE.value, description=_("Kind"), style=style)
        self.count = widgets.BoundedIntText(value=1, min=0, max=10_000, description=_("Count"), style=style)
        if isinstance(date, str):
            date = _dt.date.fromisoformat(date)
        self.date = widgets.DatePicker(value=date or _dt.date.today(), description=_("Date"), style=style)
        self.reason = widgets.Text(description=_("Reason"), style=style)
        self.requested_by = widgets.Text(description=_("Requested by"), style=style)
        self.special_approval = widgets.Text(description=_("GM's approval"), placeholder="GM-2027-007", style=style)
        self.vacancy_note = widgets.HTML()
        self.try_button = widgets.Button(description=_("Try"), button_style="primary", icon="check")
        self.output = widgets.Output()
        self.unit.observe(self._unit_changed, names="value")
        self.position.observe(self._position_changed, names="value")
        self.try_button.on_click(self._try)
        self._unit_changed()
        super().__init__([self.unit, self.position, self.vacancy_note, self.kind, self.count, self.date,
                          self.reason, self.requested_by, self.special_approval, self.try_button, self.output])

    def request(self) -> pd.DataFrame:
        """The form's request as a one-row requests table."""
        return pd.DataFrame({
            "request_id": ["FORM-1"],
            "date": [self.date.value.isoformat() if self.date.value else ""],
            "unit_id": [self.unit.value or ""],
            "position_id": [self.position.value.strip()],
            "kind": [self.kind.value],
            "count": [str(self.count.value)],
            "reason": [self.reason.value],
            "requested_by": [self.requested_by.value],
            "special_approval": [self.special_approval.value],
        })

    def _unit_changed(self, change=None) -> None:
        in_unit = self._position_rows[self._position_rows["unit_id"] == self.unit.value]
        self.position.options = tuple(in_unit["position_id"])
        self.position.value = in_unit["position_id"].iloc[0] if len(in_unit) else ""

    def _position_changed(self, change=None) -> None:
        status = staffing_status(self.structure, self.ledger).set_index("position_id")
        pid = self.position.value.strip()
        if pid in status.index:
            row = status.loc[pid]
            self.vacancy_note.value = _(
                "{title}: establishment {approved}, in post {filled}, pending {pending}, vacancy <b>{vacancy}</b>"
            ).format(title=html.escape(str(row["title"])), approved=row["approved"], filled=row["filled"],
                     pending=row["pending"], vacancy=row["vacancy"])
        else:
            self.vacancy_note.value = _("A new position") if pid else ""

    def _try(self, _button=None) -> None:
        self.decision = validate_requests(self.structure, self.request(), ledger=self.ledger, record=False)
        shown = for_people(self.decision[["decision", "reason_code", "message", "vacancy_before", "vacancy_after",
                                          "over_establishment"]], DECISIONS)
        self.output.outputs = ()
        self.output.append_display_data(HTML(shown.to_html(index=False)))


def request_form(structure: Structure, *, ledger: Ledger | str | os.PathLike | None = None,
                 date: _dt.date | str | None = None) -> RequestForm:
    """A form to try one request against ``structure`` (and the ledger's pending seats).

    Parameters
    ----------
    structure : Structure
        The approved structure.
    ledger : Ledger or path, optional
        Count the ledger's approvals as pending; the form never writes to it.
    date : date or str, optional
        The request date shown first (default today).

    Returns
    -------
    RequestForm
        Display it in a notebook cell; ``form.decision`` holds the last result.
    """
    return RequestForm(structure, ledger=ledger, date=date)
