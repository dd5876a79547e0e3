"""Reading a returned survey form back: every cell checked, every problem located by workbook, sheet and cell.

:func:`read_form` reads one returned workbook against the structure it was
made from. It refuses a workbook that is not a usable form (unreadable,
re-typed, made from another structure, of an unknown department) and
otherwise checks every cell: the grey pre-filled cells must be unchanged,
numbers must be numbers (:func:`orgplan.tables.cells.parse_count`,
:func:`~orgplan.tables.cells.parse_money`), dates dates
(:func:`~orgplan.tables.cells.parse_date`), choices among the drop-down's.
A row with a problem contributes nothing to the answers.

A form is read in the language it was made in (recorded in its hidden
``_form`` sheet, or told by its sheets' names): sheet names, headers,
questions and drop-down values in 简体中文, 繁體中文 or English all read back
to the same answers. The problems are reported in the language in force.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from orgplan.errors import DataError, Problem
from orgplan.i18n import Translator, language
from orgplan.model.structure import Structure
from orgplan.tables.cells import is_blank, parse_count, parse_date, parse_money
from orgplan.yearplan.survey_layout import (
    ACTION_LABELS, DEVELOPMENT_QUESTIONS, DEVELOPMENT_SHEET, DROP, DUTY_SHEET, FORM_MARK, HAND_OVER, KEEP,
    NEW_POSITION_SHEET, POSITION_SHEET, FormAnswers, FormLayout, FormProblem, NewDuty, NewPosition, action_code,
    departments, form_identity, form_layout, form_sheets, sheet_columns,
)
from orgplan.yearplan.survey_layout import WORKLOAD_HOURS_LIMIT, WORKLOAD_SHEET, workload_headers

_ = Translator("yearplan")

__all__ = ["read_form", "read_workload", "is_survey_form"]

_POS = sheet_columns(POSITION_SHEET)
_NEW = sheet_columns(NEW_POSITION_SHEET)
_DUTY = sheet_columns(DUTY_SHEET)
_DEV = sheet_columns(DEVELOPMENT_SHEET)
_INPUT_SHEETS = ("positions", "new_positions", "duties", "development")


def read_form(path: str | os.PathLike, structure: Structure) -> tuple[str | None, FormAnswers | None,
                                                                     list[FormProblem]]:
    """Read one returned form against the structure it was made from.

    Every cell is checked and all problems are returned together; a row
    with a problem contributes nothing to the answers.

    Parameters
    ----------
    path : str or Path
        A filled form.
    structure : Structure
        The structure the forms were made from.

    Returns
    -------
    unit_id : str or None
        The department the form belongs to (``None`` if it cannot be told).
    answers : FormAnswers or None
        ``None`` when the workbook is not a usable form (unreadable,
        re-typed, made from another structure, unknown department).
    problems : list of FormProblem
    """
    path = Path(path)
    report = _Report(path.name)
    opened = _open_form(path, structure, report)
    if opened is None:
        return report.department, None, report.problems
    wb, layout = opened
    sheets = layout.sheets
    bad_rows = _check_prefilled(wb, layout, structure, report)
    _check_rows_below_positions(wb[sheets["positions"]], layout, structure, report)
    establishment, remove, reasons = _read_positions(wb[sheets["positions"]], layout, bad_rows, report)
    new_positions = _read_new_positions(wb[sheets["new_positions"]], layout, structure, report)
    hand_over, duty_notes = _read_duties(wb[sheets["duties"]], layout, structure, bad_rows, report)
    new_duties = _read_new_duties(wb[sheets["duties"]], layout, report)
    development = _read_development(wb[sheets["development"]], layout, report)
    answers = FormAnswers(establishment=establishment, remove=tuple(remove), reasons=reasons,
                          new_positions=tuple(new_positions), hand_over=hand_over, duty_notes=duty_notes,
                          new_duties=tuple(new_duties), development=development, language=layout.language)
    return layout.unit_id, answers, report.problems


@dataclass
class _Report:
    """The problems found in one workbook, each located by sheet and cell."""

    workbook: str
    department: str | None = None
    problems: list[FormProblem] = field(default_factory=list)

    def add(self, code: str, sheet: str | None, cell: str | None, value: Any, expected: str) -> None:
        self.problems.append(FormProblem("error", code, self.department, self.workbook, sheet, cell,
                                         None if value is None else str(value), expected))


# ----------------------------------------------------------------- the form
def _open_form(path: Path, structure: Structure, report: _Report) -> tuple[Workbook, FormLayout] | None:
    """The workbook and its department's layout, or None (with the problem) when it is not a usable form."""
    try:
        wb = load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        report.add("unreadable", None, None, None,
                   _("an Excel .xlsx survey form that opens ({error})").format(error=f"{type(exc).__name__}: {exc}"))
        return None
    identity = form_identity(wb)
    if identity.get("form") != FORM_MARK:
        report.add("retyped_form", None, None, None,
                   _("a survey form made by `orgplan survey make`: this workbook lacks the form's hidden identity "
                     "sheet, so it was re-typed or copied into a new file; fill in the form that was sent out (or ask "
                     "the administration department for a new one)"))
        return None
    form_language, sheets = form_sheets(wb)
    report.department = unit_id = identity.get("unit_id") or None
    known = departments(structure)
    if unit_id not in known:
        report.add("unknown_department", sheets["help"], None, unit_id,
                   _("a form of a department of {structure} ({departments})").format(
                       structure=repr(structure.name), departments=", ".join(known)))
        return None
    with language(form_language):  # the pre-filled cells as the form wrote them, in its language
        layout = form_layout(structure, unit_id)
    if identity.get("fingerprint") != layout.fingerprint:
        made_from = identity.get("structure") or "?"
        report.add("other_structure", None, None, None,
                   _("a form made from {structure}; this one was made from {made_from} and its pre-filled cells "
                     "differ, so collect it against the structure it was made from").format(
                       structure=repr(structure.name), made_from=repr(made_from)))
        return None
    missing = [sheets[key] for key in _INPUT_SHEETS if sheets[key] not in wb.sheetnames]
    for sheet in missing:
        report.add("retyped_form", sheet, None, None,
                   _("the sheet {sheet} of the form; do not rename or delete sheets").format(sheet=repr(sheet)))
    return None if missing else (wb, layout)


def _check_prefilled(wb: Workbook, layout: FormLayout, structure: Structure, report: _Report) -> dict[str, set[int]]:
    """Report every grey cell that was changed; return the rows with a changed cell, by sheet."""
    bad_rows: dict[str, set[int]] = {layout.sheets[key]: set() for key in _INPUT_SHEETS}
    known_positions = set(structure.positions["position_id"])
    for sheet, cells in layout.locked.items():
        ws = wb[sheet]
        for cell_ref, expected in cells.items():
            got = ws[cell_ref].value
            if _same(got, expected):
                continue
            row = int(re.sub(r"\D", "", cell_ref))
            bad_rows[sheet].add(row)
            if sheet == layout.sheets["positions"] and cell_ref.startswith(_POS["position_id"]) and row > 1 \
                    and _text(got) and _text(got) not in known_positions:
                report.add("unknown_position", sheet, cell_ref, got,
                           _("a position of the structure (the form had {expected} here); pre-filled cells must "
                             "not be changed").format(expected=repr(expected)))
            else:
                report.add("changed_prefilled", sheet, cell_ref, got,
                           _("the pre-filled {expected}; grey cells must not be changed (write proposals in the "
                             "yellow cells)").format(expected=repr(expected)))
    return bad_rows


def _check_rows_below_positions(ws: Worksheet, layout: FormLayout, structure: Structure, report: _Report) -> None:
    """Rows added below the positions: new positions belong on the new positions sheet."""
    known_positions = set(structure.positions["position_id"])
    id_column = _POS["position_id"]
    sheet, new_sheet = layout.sheets["positions"], repr(layout.sheets["new_positions"])
    for r in range(len(layout.positions) + 2, ws.max_row + 1):
        if all(is_blank(ws[f"{c}{r}"].value) for c in _POS.values()):
            continue
        ident = ws[f"{id_column}{r}"].value
        if not is_blank(ident) and _text(ident) not in known_positions:
            report.add("unknown_position", sheet, f"{id_column}{r}", ident,
                       _("a position of the structure; to propose a new position use the sheet {sheet}").format(
                           sheet=new_sheet))
        else:
            report.add("extra_row", sheet, f"{id_column}{r}", ident,
                       _("no rows added below the positions; new positions go on the sheet {sheet}").format(
                           sheet=new_sheet))


# ----------------------------------------------------------------- the sheets
def _read_positions(ws: Worksheet, layout: FormLayout, bad_rows: dict[str, set[int]],
                    report: _Report) -> tuple[dict[str, int], list[str], dict[str, str]]:
    """Positions: next year's establishment where it changes, positions to drop, reasons."""
    sheet = layout.sheets["positions"]
    establishment: dict[str, int] = {}
    remove: list[str] = []
    reasons: dict[str, str] = {}
    for r, p in enumerate(layout.positions.itertuples(index=False), start=2):
        proposed_cell = f"{_POS['proposed']}{r}"
        proposed = _count(ws[proposed_cell].value, 0)
        action = action_code(ws[f"{_POS['action']}{r}"].value)
        reason = _text(ws[f"{_POS['reason']}{r}"].value)
        row_ok = r not in bad_rows[sheet]
        if proposed is _INVALID:
            report.add("not_a_number", sheet, proposed_cell, ws[proposed_cell].value,
                       _(POSITION_SHEET.column("proposed").expected))
            row_ok = False
        if action not in (None, KEEP, DROP):
            report.add("not_a_choice", sheet, f"{_POS['action']}{r}", action,
                       _(POSITION_SHEET.column("action").expected))
            row_ok = False
        if action == DROP and proposed is not _INVALID and proposed not in (None, 0):
            report.add("inconsistent", sheet, proposed_cell, proposed,
                       _("no establishment for a position proposed to be dropped (empty or 0)"))
            row_ok = False
        if not row_ok:
            continue
        if action == DROP:
            remove.append(p.position_id)
        elif proposed is not None and proposed != int(p.approved):
            establishment[p.position_id] = proposed
        if reason is not None:
            reasons[p.position_id] = reason
    return establishment, remove, reasons


def _read_new_positions(ws: Worksheet, layout: FormLayout, structure: Structure,
                        report: _Report) -> list[NewPosition]:
    """New positions: one new position per filled row, each cell checked."""
    sheet = layout.sheets["new_positions"]

    def expected(column: str) -> str:
        return _(NEW_POSITION_SHEET.column(column).expected)

    units = {u for u, _unused in layout.units}
    known_positions = set(structure.positions["position_id"])
    new_positions: list[NewPosition] = []
    for r in range(2, ws.max_row + 1):
        cells = {name: ws[f"{letter}{r}"].value for name, letter in _NEW.items()}
        if all(is_blank(v) for v in cells.values()):
            continue
        problems_before = len(report.problems)
        title = _text(cells["title"])
        if title is None:
            report.add("missing_value", sheet, f"{_NEW['title']}{r}", None, expected("title"))
        unit = _resolve(cells["unit_id"], units)
        if unit is None:
            report.add("unknown_unit", sheet, f"{_NEW['unit_id']}{r}", cells["unit_id"],
                       f"{expected('unit_id')} ({', '.join(layout.unit_choices)})")
        manager = _resolve(cells["reports_to"], known_positions, structure.positions)
        if manager is None:
            report.add("unknown_position", sheet, f"{_NEW['reports_to']}{r}", cells["reports_to"],
                       expected("reports_to"))
        count = _count(cells["approved"], 1)
        if count is None or count is _INVALID:
            report.add("not_a_number" if count is _INVALID else "missing_value", sheet, f"{_NEW['approved']}{r}",
                       cells["approved"], expected("approved"))
        cost = _money(cells["monthly_cost"])
        if cost is None or cost is _INVALID:
            report.add("not_a_number" if cost is _INVALID else "missing_value", sheet,
                       f"{_NEW['monthly_cost']}{r}", cells["monthly_cost"], expected("monthly_cost"))
        if len(report.problems) == problems_before:
            new_positions.append(NewPosition(title, unit, manager, count, cost, _text(cells["reason"])))
    return new_positions


def _read_duties(ws: Worksheet, layout: FormLayout, structure: Structure, bad_rows: dict[str, set[int]],
                 report: _Report) -> tuple[dict[str, str], dict[str, str]]:
    """Duties (the listed ones): duties to hand over and to whom, notes."""
    sheet = layout.sheets["duties"]
    all_units = set(structure.units["unit_id"])
    hand_over: dict[str, str] = {}
    duty_notes: dict[str, str] = {}
    for r, d in enumerate(layout.duties.itertuples(index=False), start=2):
        action_cell, target_cell = f"{_DUTY['action']}{r}", f"{_DUTY['to_unit']}{r}"
        action, target = action_code(ws[action_cell].value), ws[target_cell].value
        note = _text(ws[f"{_DUTY['note']}{r}"].value)
        problems_before = len(report.problems)
        if action not in (None, KEEP, HAND_OVER):
            report.add("not_a_choice", sheet, action_cell, action, _(DUTY_SHEET.column("action").expected))
        to_unit = _resolve(target, all_units)
        if action == HAND_OVER and to_unit is None:
            report.add("unknown_unit" if not is_blank(target) else "missing_value", sheet, target_cell, target,
                       _(DUTY_SHEET.column("to_unit").expected))
        elif action != HAND_OVER and not is_blank(target):
            report.add("inconsistent", sheet, action_cell, ws[action_cell].value,
                       _("{hand_over} when {to_unit} names a unit (or clear {to_unit})").format(
                           hand_over=_label(HAND_OVER, layout), to_unit=_header(DUTY_SHEET, "to_unit", layout)))
        elif action == HAND_OVER and to_unit == d.unit_id:
            report.add("inconsistent", sheet, target_cell, target, _("another unit than the current owner"))
        if r in bad_rows[sheet] or len(report.problems) > problems_before:
            continue
        if action == HAND_OVER:
            hand_over[d.duty_id] = to_unit
        if note is not None:
            duty_notes[d.duty_id] = note
    return hand_over, duty_notes


def _read_new_duties(ws: Worksheet, layout: FormLayout, report: _Report) -> list[NewDuty]:
    """Duties (the empty rows below the listed ones): new duties and the unit that is to own each."""
    sheet = layout.sheets["duties"]
    units = {u for u, _unused in layout.units}
    new_duties: list[NewDuty] = []
    for r in range(len(layout.duties) + 2, ws.max_row + 1):
        if all(is_blank(ws[f"{c}{r}"].value) for c in _DUTY.values()):
            continue
        name, owner = _text(ws[f"{_DUTY['name']}{r}"].value), ws[f"{_DUTY['unit_id']}{r}"].value
        note = _text(ws[f"{_DUTY['note']}{r}"].value)
        problems_before = len(report.problems)
        if name is None:
            report.add("missing_value", sheet, f"{_DUTY['name']}{r}", None, _(DUTY_SHEET.column("name").expected))
        unit = _resolve(owner, units)
        if unit is None:
            report.add("unknown_unit", sheet, f"{_DUTY['unit_id']}{r}", owner,
                       f"{_(DUTY_SHEET.column('unit_id').expected)} ({', '.join(layout.unit_choices)})")
        if len(report.problems) == problems_before:
            new_duties.append(NewDuty(name, unit, note))
    return new_duties


def _read_development(ws: Worksheet, layout: FormLayout, report: _Report) -> dict[str, str]:
    """Development: the answers, by question key; the date filled in as ISO text."""
    development: dict[str, str] = {}
    for r, key in enumerate(DEVELOPMENT_QUESTIONS, start=2):
        cell = f"{_DEV['answer']}{r}"
        value = ws[cell].value
        if is_blank(value):
            continue
        if key == "filled_on":
            parsed = parse_date(value)
            if parsed is None:
                report.add("not_a_date", layout.sheets["development"], cell, value,
                           _("a date written as YYYY-MM-DD (date filled in)"))
                continue
            development[key] = parsed.isoformat()
        else:
            development[key] = str(value).strip()
    return development


# -------------------------------------------------------------------- cells
class _Invalid:
    def __repr__(self) -> str:
        return "<invalid>"


#: A cell that holds something, but not what the column needs.
_INVALID: Any = _Invalid()


def _text(value: Any) -> str | None:
    """A cell's text, stripped; ``None`` when it is empty."""
    return None if is_blank(value) else str(value).strip()


def _count(value: Any, low: int) -> Any:
    """A whole number ≥ low, ``None`` when blank, ``_INVALID`` otherwise."""
    if is_blank(value):
        return None
    number = parse_count(value, low=low)
    return _INVALID if number is None else number


def _money(value: Any) -> Any:
    """An amount of 0 or more, ``None`` when blank, ``_INVALID`` otherwise."""
    if is_blank(value):
        return None
    number = parse_money(value)
    return _INVALID if number is None else number


def _same(got: Any, expected: Any) -> bool:
    """Whether a pre-filled cell still holds what the form wrote (a count compared as a number)."""
    if isinstance(expected, int) and not isinstance(expected, bool):
        return _count(got, 0) == expected
    return (_text(got) or "") == (_text(expected) or "")


def _resolve(value: Any, known: set[str], positions: pd.DataFrame | None = None) -> str | None:
    """The id in ``"label (ID)"``, or a bare known id, or (positions) a unique title; else None."""
    text = _text(value)
    if text is None:
        return None
    match = re.search(r"\(([^()]+)\)\s*$", text)
    if match and match.group(1).strip() in known:
        return match.group(1).strip()
    if text in known:
        return text
    if positions is not None:
        hits = positions.loc[positions["title"] == text, "position_id"].tolist()
        if len(hits) == 1:
            return hits[0]
    return None


def _label(code: str, layout: FormLayout) -> str:
    """An action as the form shows it (its language), quoted."""
    with language(layout.language):
        return f"“{_(ACTION_LABELS[code])}”"


def _header(table: Any, column: str, layout: FormLayout) -> str:
    """A column's header as the form shows it (its language), quoted."""
    with language(layout.language):
        return f"“{_(table.column(column).label)}”"


# ================================================================ workload sheet
def is_survey_form(path: str | os.PathLike) -> bool:
    """Whether ``path`` is a workbook made by ``orgplan survey make`` (it has the hidden identity sheet)."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx" or not path.is_file():
        return False
    try:
        wb = load_workbook(path, read_only=True)
    except Exception:  # openpyxl raises many kinds for a broken file
        return False
    try:
        return "_form" in wb.sheetnames and form_identity(wb).get("form") == FORM_MARK
    finally:
        wb.close()


def read_workload(path: str | os.PathLike, structure: Structure) -> pd.DataFrame:
    """The workload sheet of a returned form: hours per person per week, per position and duty.

    Every cell is checked; the problems are located by workbook, sheet, row
    and column letter. Empty cells are no hours.

    Returns
    -------
    DataFrame
        ``position_id, duty_id, hours`` (one row per cell with hours above 0).

    Raises
    ------
    DataError
        A workbook that is not a usable form of the structure, a form without
        a workload sheet, a changed position or duty heading, a cell that is
        not a number from 0 to 84, a position whose hours add up to more than 84.
    """
    path = Path(path)
    unit_id, _answers, problems = read_form(path, structure)
    fatal = [p for p in problems if p.code in ("unreadable", "retyped_form", "unknown_department", "other_structure")]
    if fatal or unit_id is None:
        raise DataError([Problem(path.name, None, None, p.value, p.expected, p.code) for p in fatal] or [
            Problem(path.name, None, None, None, _("a survey form made by `orgplan survey make`"), "retyped_form")])
    wb = load_workbook(path, data_only=True)
    form_language, _sheets = form_sheets(wb)
    with language(form_language):
        name = _(WORKLOAD_SHEET)
        layout = form_layout(structure, unit_id)
        headers = workload_headers(layout)
    file = f"{path.name}[{name}]"
    if name not in wb.sheetnames:
        raise DataError([Problem(file, None, None, None, _("the sheet {sheet} of the form; do not rename or delete "
                                                           "sheets").format(sheet=repr(name)), "retyped_form")])
    ws = wb[name]
    found: list[Problem] = []
    duties = list(layout.duties["duty_id"])
    for c, header in enumerate(headers, start=1):
        if str(ws.cell(row=1, column=c).value or "") != header:
            found.append(Problem(file, 1, ws.cell(row=1, column=c).column_letter, ws.cell(row=1, column=c).value,
                                 _("the heading {header}, as the form was sent").format(header=repr(header)),
                                 "changed_cell"))
    rows = []
    for r, position_id in enumerate(layout.positions["position_id"], start=2):
        if str(ws.cell(row=r, column=1).value or "") != position_id:
            found.append(Problem(file, r, "A", ws.cell(row=r, column=1).value,
                                 _("the position id {position}, as the form was sent").format(position=position_id),
                                 "changed_cell"))
            continue
        total = 0.0
        for c, duty_id in enumerate(duties, start=3):
            cell = ws.cell(row=r, column=c)
            if is_blank(cell.value):
                continue
            hours = parse_money(cell.value)
            if hours is None or hours > WORKLOAD_HOURS_LIMIT:
                found.append(Problem(file, r, cell.column_letter, str(cell.value),
                                     _("the hours one person spends on the duty in a week, a number from 0 to {limit}")
                                     .format(limit=WORKLOAD_HOURS_LIMIT), "not_a_number"))
                continue
            total += hours
            if hours > 0:
                rows.append({"position_id": position_id, "duty_id": duty_id, "hours": float(hours), "_row": r})
        if total > WORKLOAD_HOURS_LIMIT:
            found.append(Problem(file, r, None, f"{total:g}", _("at most {limit} hours a week for one person over "
                                                                 "all duties").format(limit=WORKLOAD_HOURS_LIMIT),
                                 "too_many_hours"))
    if found:
        raise DataError(found)
    return pd.DataFrame(rows, columns=["position_id", "duty_id", "hours", "_row"])
