"""Consolidating the returned survey forms: one table of proposals, and the scenario changes that give the draft.

:func:`collect_forms` reads every returned form of a folder
(:func:`orgplan.yearplan.survey_returns.read_form`), reports the departments
that sent nothing and the forms sent twice, and turns the answers into a
table of proposals (:data:`PROPOSAL_COLUMNS`) and into scenario changes
(:mod:`orgplan.organisation.scenario`) ordered so that they apply cleanly.

The tables keep codes (``set_establishment``, ``error``) for scripts;
:meth:`SurveyResult.display` gives them as people read them, headers and
values in the language in force.
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping

import pandas as pd

from orgplan.i18n import N_, Translator, language
from orgplan.model.structure import Structure
from orgplan.organisation.metrics import position_layers
from orgplan.organisation.scenario import (
    AddDuty, AddPosition, Change, ReassignDuty, RemovePosition, Scenario, SetEstablishment,
)
from orgplan.tables.schema import Column, Table, localise
from orgplan.yearplan.survey_layout import (
    DEVELOPMENT_QUESTIONS, DUTY_SHEET, NEW_POSITION_SHEET, POSITION_SHEET, FormAnswers, FormProblem, form_layout,
    sheet_columns,
)
from orgplan.yearplan.survey_layout import departments as form_departments
from orgplan.yearplan.survey_returns import read_form

_ = Translator("yearplan")

__all__ = ["collect_forms", "SurveyResult", "PROPOSAL_COLUMNS", "PROBLEM_COLUMNS", "PROPOSALS_TABLE",
           "PROBLEMS_TABLE", "DEVELOPMENT_TABLE"]

#: Columns of :attr:`SurveyResult.proposals`.
PROPOSAL_COLUMNS = ["department", "department_name", "proposal", "position_id", "title", "unit_id", "reports_to",
                    "current", "proposed", "monthly_cost", "duty_id", "duty", "to_unit", "reason",
                    "workbook", "sheet", "cell"]

#: Columns of :attr:`SurveyResult.problems`.
PROBLEM_COLUMNS = ["severity", "code", "department", "workbook", "sheet", "cell", "value", "message"]

#: What people read for each kind of proposal.
PROPOSAL_LABELS: dict[str, str] = {
    "set_establishment": N_("change the establishment"),
    "remove_position": N_("drop the position"),
    "add_position": N_("new position"),
    "hand_over_duty": N_("hand over the duty"),
    "add_duty": N_("take on a duty"),
}

#: What people read for each kind of problem in the returned forms.
PROBLEM_LABELS: dict[str, str] = {
    "unreadable": N_("form cannot be opened"),
    "retyped_form": N_("re-typed form"),
    "unknown_department": N_("unknown department"),
    "other_structure": N_("form of another structure"),
    "changed_prefilled": N_("pre-filled cell changed"),
    "unknown_position": N_("unknown position"),
    "extra_row": N_("row added"),
    "not_a_number": N_("not a number"),
    "not_a_choice": N_("not one of the choices"),
    "inconsistent": N_("inconsistent"),
    "missing_value": N_("missing value"),
    "unknown_unit": N_("unknown unit"),
    "not_a_date": N_("not a date"),
    "missing_department": N_("no form returned"),
    "duplicate_form": N_("form sent twice"),
}

_DEPARTMENT = Column("department", "id", label=N_("department id"))
_DEPARTMENT_NAME = Column("department_name", "text", label=N_("department"))
_WHERE = (Column("workbook", "text", label=N_("workbook")), Column("sheet", "text", label=N_("sheet")),
          Column("cell", "text", label=N_("cell")))

#: :attr:`SurveyResult.proposals` as people read it.
PROPOSALS_TABLE = Table(
    name="proposals",
    id_column=None,
    columns=(
        _DEPARTMENT, _DEPARTMENT_NAME,
        Column("proposal", "choice", label=N_("proposal"), choice_labels=PROPOSAL_LABELS),
        Column("position_id", "id", label=N_("position id")),
        Column("title", "text", label=N_("position")),
        Column("unit_id", "id", label=N_("unit id")),
        Column("reports_to", "id", label=N_("reports to")),
        Column("current", "count", label=N_("current establishment")),
        Column("proposed", "count", label=N_("proposed establishment")),
        Column("monthly_cost", "money", label=N_("monthly cost per head")),
        Column("duty_id", "id", label=N_("duty id")),
        Column("duty", "text", label=N_("duty")),
        Column("to_unit", "id", label=N_("hand over to")),
        Column("reason", "text", label=N_("reason")),
        *_WHERE,
    ),
)

#: :attr:`SurveyResult.problems` as people read it.
PROBLEMS_TABLE = Table(
    name="problems",
    id_column=None,
    columns=(
        Column("severity", "choice", label=N_("severity"), choice_labels={"error": N_("error"),
                                                                          "warning": N_("warning")}),
        Column("code", "choice", label=N_("problem"), choice_labels=PROBLEM_LABELS),
        _DEPARTMENT, *_WHERE,
        Column("value", "text", label=N_("value")),
        Column("message", "text", label=N_("message")),
    ),
)

#: :attr:`SurveyResult.development` as people read it.
DEVELOPMENT_TABLE = Table(
    name="development",
    id_column=None,
    columns=(_DEPARTMENT, _DEPARTMENT_NAME, Column("question", "text", label=N_("question")),
             Column("answer", "text", label=N_("answer"))),
)

_POS = sheet_columns(POSITION_SHEET)
_NEW = sheet_columns(NEW_POSITION_SHEET)
_DUTY = sheet_columns(DUTY_SHEET)


@dataclass(frozen=True)
class SurveyResult:
    """The returned forms, consolidated.

    Attributes
    ----------
    proposals : DataFrame
        One row per proposal (:data:`PROPOSAL_COLUMNS`): ``proposal`` is
        ``set_establishment``, ``remove_position``, ``add_position``,
        ``hand_over_duty`` or ``add_duty``; ``workbook``, ``sheet`` and
        ``cell`` say where it was written.
    development : DataFrame
        ``department, department_name, question, answer`` — the development sheets
        (the questions in the language in force).
    problems : DataFrame
        :data:`PROBLEM_COLUMNS`, one row per problem, errors first; ``message``
        reads like "销售部.xlsx[职位], cell G7: got '十二', expected …" (in the
        language in force; the sheet as the form names it).
    answers : dict of unit_id → FormAnswers
        What each department wrote (rows with problems left out).
    changes : tuple of orgplan.organisation.scenario.Change
        The proposals as scenario changes (``SetEstablishment``,
        ``AddPosition``, ``AddDuty``, ``ReassignDuty``, ``RemovePosition``),
        in an order that applies cleanly.
    structure_name : str
        The structure the forms were made from.
    """

    proposals: pd.DataFrame
    development: pd.DataFrame
    problems: pd.DataFrame
    answers: dict[str, FormAnswers]
    changes: tuple[Any, ...]
    structure_name: str

    @property
    def ok(self) -> bool:
        """True when no problem is an error."""
        return not (self.problems["severity"] == "error").any()

    def change_table(self) -> pd.DataFrame:
        """The changes as a table: ``step, op, change`` (a sentence each), like ``Scenario.to_frame``."""
        return self.scenario().to_frame()

    def scenario(self, name: str | None = None, *, base: str | None = None):
        """The changes as an :class:`orgplan.organisation.scenario.Scenario`, ready to save, review or apply."""
        return Scenario(name=name or _("{structure}: proposals of the department surveys").format(
                            structure=self.structure_name), base=base, changes=self.changes,
                        description=_("Proposals consolidated from the departments' survey forms "
                                      "(orgplan survey collect)."))

    def draft(self, structure: Structure, name: str | None = None) -> Structure:
        """Apply every proposal to ``structure``; return the draft (raises ``ScenarioConflict`` if one cannot apply)."""
        return self.scenario(name).apply(structure)

    def draft_figures(self, structure: Structure) -> pd.DataFrame:
        """Today's structure and the draft the proposals give, side by side: headcount, open seats, cost, findings.

        Columns are named in the language in force (现状 / 调查草案 …);
        see :func:`orgplan.organisation.diff.compare` for the figures.
        """
        from orgplan.organisation.diff import compare

        figures = ["positions", "approved", "filled", "vacancy", "monthly_cost", "errors", "warnings"]
        table = compare(structure, self.draft(structure), names=[_("as-is"), _("draft from the survey")])
        return table.loc[[f for f in figures if f in table.index]]

    def summary(self) -> str:
        """One sentence: how many forms were read, proposals made, problems found."""
        errors = int((self.problems["severity"] == "error").sum())
        return _("{forms}, {proposals}, {errors}, {warnings}.").format(
            forms=_.ngettext("{n} form read", "{n} forms read", len(self.answers)).format(n=len(self.answers)),
            proposals=_.ngettext("{n} proposal", "{n} proposals", len(self.proposals)).format(
                n=len(self.proposals)),
            errors=_.ngettext("{n} error", "{n} errors", errors).format(n=errors),
            warnings=_.ngettext("{n} warning", "{n} warnings", len(self.problems) - errors).format(
                n=len(self.problems) - errors))

    def display(self, table: str = "proposals") -> pd.DataFrame:
        """A table as people read it: ``"proposals"``, ``"problems"``, ``"development"`` or ``"changes"``.

        Headers and codes (kinds of proposal, severities, problems) are in the
        language in force; ids, names and what the departments wrote are kept.
        """
        if table == "changes":
            return self.change_table()
        frame, schema = {"proposals": (self.proposals, PROPOSALS_TABLE), "problems": (self.problems, PROBLEMS_TABLE),
                         "development": (self.development, DEVELOPMENT_TABLE)}[table]
        return localise(frame.astype(object).where(frame.notna(), ""), schema)

    def _repr_html_(self) -> str:
        head = f"<p><b>{html.escape(self.structure_name)}</b>: {html.escape(self.summary())}</p>"
        shown = self.proposals[["department", "proposal", "position_id", "title", "current", "proposed", "duty",
                                "to_unit", "reason", "workbook", "cell"]]
        out = head + localise(shown.astype(object).where(shown.notna(), ""), PROPOSALS_TABLE).to_html(index=False)
        if len(self.problems):
            shown = self.problems[["severity", "code", "message"]]
            out += localise(shown, PROBLEMS_TABLE).to_html(index=False)
        return out


def collect_forms(structure: Structure, folder: str | os.PathLike,
                  departments: Iterable[str] | None = None) -> SurveyResult:
    """Read every returned form in ``folder`` and consolidate the proposals.

    Parameters
    ----------
    structure : Structure
        The structure the forms were made from.
    folder : str or Path
        The folder of returned ``.xlsx`` forms (files starting with ``~$`` or
        ``.``, Excel's lock files, are skipped).
    departments : iterable of unit_id, optional
        The departments expected to return a form (default: every unit of
        kind ``department``); one without a form is a ``missing_department``
        problem.

    Returns
    -------
    SurveyResult

    Raises
    ------
    FileNotFoundError
        If ``folder`` does not exist.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(_("{folder}: no such folder of returned survey forms.").format(folder=folder))
    expected = list(departments) if departments is not None else form_departments(structure)
    answers, sources, problems = _read_folder(folder, structure)
    seen = set(answers) | {p.department for p in problems if p.department}
    names = structure.units.set_index("unit_id")["name"]
    for unit_id in expected:
        if unit_id not in seen:
            problems.append(FormProblem("error", "missing_department", unit_id, f"{folder.name}/", None, None, None,
                                        _("a returned form from {name} ({unit_id}); none was found").format(
                                            name=names.get(unit_id, unit_id), unit_id=unit_id)))
    proposals, development = _consolidate(structure, answers, sources)
    return SurveyResult(proposals=proposals, development=development, problems=_problem_table(problems),
                        answers=answers, changes=_changes(structure, proposals), structure_name=structure.name)


def _read_folder(folder: Path, structure: Structure) -> tuple[dict[str, FormAnswers], dict[str, str],
                                                              list[FormProblem]]:
    """Every form of the folder read: the answers and workbook by department, and the problems."""
    files = sorted(p for p in folder.iterdir()
                   if p.suffix.lower() in (".xlsx", ".xlsm") and not p.name.startswith(("~$", ".")))
    problems: list[FormProblem] = []
    answers: dict[str, FormAnswers] = {}
    sources: dict[str, str] = {}
    for path in files:
        unit_id, form, form_problems = read_form(path, structure)
        problems.extend(form_problems)
        if form is None or unit_id is None:
            continue
        if unit_id in answers:
            problems.append(FormProblem("error", "duplicate_form", unit_id, path.name, None, None, None,
                                        _("one form per department; {workbook} is already the form of {unit_id}, "
                                          "so this one was not read").format(workbook=sources[unit_id],
                                                                             unit_id=unit_id)))
            continue
        answers[unit_id] = form
        sources[unit_id] = path.name
    return answers, sources, problems


def _problem_table(problems: list[FormProblem]) -> pd.DataFrame:
    """The problems as :data:`PROBLEM_COLUMNS`, errors first."""
    table = pd.DataFrame(
        [{"severity": p.severity, "code": p.code, "department": p.department, "workbook": p.workbook,
          "sheet": p.sheet, "cell": p.cell, "value": p.value, "message": str(p)} for p in problems],
        columns=PROBLEM_COLUMNS).astype(object)
    table = table.where(table.notna(), None)
    return table.sort_values("severity", key=lambda s: s.map({"error": 0, "warning": 1}),
                             kind="stable").reset_index(drop=True)


def _consolidate(structure: Structure, answers: Mapping[str, FormAnswers],
                 sources: Mapping[str, str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    names = structure.units.set_index("unit_id")["name"]
    rows: list[dict[str, Any]] = []
    dev_rows: list[dict[str, Any]] = []
    for unit_id in [u for u in form_departments(structure) if u in answers]:
        form = answers[unit_id]
        with language(form.language or "zh-Hans"):  # the sheets as the form names them
            layout = form_layout(structure, unit_id)
        book = sources[unit_id]
        base = {"department": unit_id, "department_name": str(names[unit_id]), "workbook": book}
        for r, p in enumerate(layout.positions.itertuples(index=False), start=2):
            common = {**base, "position_id": p.position_id, "title": p.title, "unit_id": p.unit_id,
                      "reports_to": p.reports_to if pd.notna(p.reports_to) else None,
                      "current": int(p.approved), "monthly_cost": float(p.monthly_cost),
                      "reason": form.reasons.get(p.position_id), "sheet": layout.sheets["positions"]}
            if p.position_id in form.remove:
                rows.append({**common, "proposal": "remove_position", "proposed": 0, "cell": f"{_POS['action']}{r}"})
            elif p.position_id in form.establishment:
                rows.append({**common, "proposal": "set_establishment",
                             "proposed": form.establishment[p.position_id], "cell": f"{_POS['proposed']}{r}"})
        for r, p in enumerate(form.new_positions, start=2):
            rows.append({**base, "proposal": "add_position", "title": p.title, "unit_id": p.unit_id,
                         "reports_to": p.reports_to, "current": 0, "proposed": p.approved,
                         "monthly_cost": p.monthly_cost, "reason": p.reason, "sheet": layout.sheets["new_positions"],
                         "cell": f"{_NEW['title']}{r}"})
        for r, d in enumerate(layout.duties.itertuples(index=False), start=2):
            if d.duty_id in form.hand_over:
                rows.append({**base, "proposal": "hand_over_duty", "duty_id": d.duty_id, "duty": d.name,
                             "unit_id": d.unit_id, "to_unit": form.hand_over[d.duty_id],
                             "reason": form.duty_notes.get(d.duty_id), "sheet": layout.sheets["duties"],
                             "cell": f"{_DUTY['to_unit']}{r}"})
        for r, d in enumerate(form.new_duties, start=len(layout.duties) + 2):
            rows.append({**base, "proposal": "add_duty", "duty": d.name, "unit_id": d.unit_id,
                         "reason": d.note, "sheet": layout.sheets["duties"],
                         "cell": f"{_DUTY['name']}{r}"})
        for key, question in DEVELOPMENT_QUESTIONS.items():
            if key in form.development:
                dev_rows.append({"department": unit_id, "department_name": str(names[unit_id]),
                                 "question": _(question), "answer": form.development[key]})
    proposals = pd.DataFrame(rows, columns=PROPOSAL_COLUMNS).astype(object)
    proposals = proposals.where(proposals.notna(), None)
    proposals["current"] = proposals["current"].astype("Int64")
    proposals["proposed"] = proposals["proposed"].astype("Int64")
    proposals["monthly_cost"] = proposals["monthly_cost"].astype(float)
    return proposals, pd.DataFrame(dev_rows, columns=["department", "department_name", "question", "answer"])


def _changes(structure: Structure, proposals: pd.DataFrame) -> tuple[Change, ...]:
    """Turn proposals into scenario changes, ordered so that they apply cleanly.

    Establishments first, then new positions, duties claimed, duties handed
    over, and last the positions removed (deepest first).
    """
    ids = _NewIds(set(structure.positions["position_id"]), set(structure.duties["duty_id"]))
    sets, adds, duties, moves, removes = [], [], [], [], []
    for row in proposals.itertuples(index=False):
        if row.proposal == "set_establishment":
            sets.append(SetEstablishment(row.position_id, int(row.proposed), was=int(row.current)))
        elif row.proposal == "add_position":
            adds.append(AddPosition(ids.position(row.unit_id), row.unit_id, row.title, reports_to=row.reports_to,
                                    approved=int(row.proposed), monthly_cost=float(row.monthly_cost)))
        elif row.proposal == "add_duty":
            duties.append(_duty_claim(structure, row, ids))
        elif row.proposal == "hand_over_duty":
            moves.append(ReassignDuty(row.duty_id, row.to_unit, from_unit=row.unit_id))
        elif row.proposal == "remove_position":
            removes.append(row.position_id)
    remove_changes = _removals(structure, removes, {a.reports_to for a in adds})
    removed = {c.position_id for c in remove_changes}
    return tuple(sets + [_past_removed(a, structure, removed) for a in adds] + duties + moves + remove_changes)


class _NewIds:
    """Ids for new positions and duties that no existing one has."""

    def __init__(self, positions: set[str], duties: set[str]) -> None:
        self.positions = set(positions)
        self.duties = set(duties)

    @staticmethod
    def _next(prefix: str, taken: set[str]) -> str:
        n = 1
        while f"{prefix}{n}" in taken:
            n += 1
        taken.add(f"{prefix}{n}")
        return f"{prefix}{n}"

    def position(self, unit_id: str) -> str:
        return self._next(f"{unit_id}-NEW", self.positions)

    def duty(self, department: str) -> str:
        return self._next(f"D-NEW-{department}-", self.duties)


def _duty_claim(structure: Structure, row: Any, ids: _NewIds) -> Change:
    """A unit takes on a duty by name: a known gap is given to it, a known duty shared, a new one added."""
    same = structure.duties[structure.duties["name"] == row.duty]
    if len(same) == 1 and pd.isna(same["unit_id"].iat[0]):  # a known gap: give it to the unit
        return ReassignDuty(same["duty_id"].iat[0], row.unit_id)
    if len(same):  # a duty someone owns: the unit claims it too (checks will show the overlap)
        return AddDuty(same["duty_id"].iat[0], row.duty, row.unit_id)
    return AddDuty(ids.duty(row.department), row.duty, row.unit_id)


def _removals(structure: Structure, removes: list[str], new_managers: set[str]) -> list[RemovePosition]:
    """Remove the deepest positions first, so each one's manager still exists when its reports move up."""
    layers = position_layers(structure).set_index("position_id")["layer"]
    removes = sorted(removes, key=lambda p: -(int(layers[p]) if pd.notna(layers[p]) else 0))
    managers = structure.positions.set_index("position_id")["reports_to"]
    has_reports = set(structure.positions["reports_to"].dropna()) | set(structure.positions.get(
        "dotted_line_to", pd.Series(dtype=object)).dropna()) | new_managers
    removed: set[str] = set()
    changes = []
    for position_id in removes:
        manager = managers.get(position_id)
        while manager is not None and pd.notna(manager) and manager in removed:
            manager = managers.get(manager)
        removed.add(position_id)
        needed = position_id in has_reports and manager is not None and pd.notna(manager)
        changes.append(RemovePosition(position_id, reports_go_to=manager if needed else None))
    return changes


def _past_removed(change: AddPosition, structure: Structure, removed: set[str]) -> AddPosition:
    """A new position that would report to a removed one reports to its surviving manager instead."""
    managers = structure.positions.set_index("position_id")["reports_to"]
    manager = change.reports_to
    while manager in removed:
        manager = managers.get(manager)
    if manager == change.reports_to:
        return change
    return AddPosition(change.position_id, change.unit_id, change.title, reports_to=manager,
                       approved=change.approved, monthly_cost=change.monthly_cost)
