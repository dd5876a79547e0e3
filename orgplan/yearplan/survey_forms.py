"""Making the survey forms: one protected, pre-filled Excel workbook per department; filling one in.

:func:`make_forms` writes one form per department (:func:`make_form` one
form), laid out as :mod:`orgplan.yearplan.survey_layout` says: grey
pre-filled cells locked, yellow input cells unlocked, drop-down lists and
number validation on the input, instructions on the first sheet — all in the
language in force (简体中文 by default; 繁體中文 and English on request), which
the hidden ``_form`` sheet records so the form reads back in any language.
:func:`fill_form` writes a department's answers into its form, as the
department would — for tests, demos and re-entry.

Examples
--------
>>> import tempfile, pathlib
>>> from openpyxl import load_workbook
>>> from orgplan import read_structure, sample_path
>>> from orgplan.i18n import language
>>> with tempfile.TemporaryDirectory() as tmp:
...     with language("zh-Hans"):
...         path = make_form(read_structure(sample_path("as-is-2026")), "PARTS", pathlib.Path(tmp) / "配件部.xlsx")
...     load_workbook(path).sheetnames
['说明', '_lists', '职位', '新增职位', '职能', '发展', '工作量', '_form']

The workload sheet (工作量) asks, for each position, the hours one person spends on each of the
department's duties in a week; :func:`fill_workload` fills it in, and
:func:`orgplan.yearplan.survey_returns.read_workload` reads it back for :mod:`orgplan.staffing.workload`.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Iterable, Mapping

import pandas as pd
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from orgplan.errors import ParameterError
from orgplan.i18n import N_, Translator, language
from orgplan.model.structure import Structure
from orgplan.tables.cells import parse_date
from orgplan.tables.io import save_workbook
from orgplan.tables.schema import Column, Table, localise
from orgplan.yearplan.survey_layout import (
    ACTION_LABELS, DEVELOPMENT_QUESTIONS, DEVELOPMENT_SHEET, DROP, DUTY_SHEET, FORM_MARK, FORM_VERSION, HAND_OVER,
    KEEP, NEW_DUTY_ROWS, NEW_POSITION_ROWS, NEW_POSITION_SHEET, POSITION_SHEET, SHEET_IDENTITY, SHEET_LISTS,
    FormAnswers, FormLayout, departments, form_choices, form_identity, form_layout, form_sheets, sheet_columns,
    sheet_headers,
)
from orgplan.yearplan.survey_layout import WORKLOAD_HOURS_LIMIT, WORKLOAD_SHEET, column_letter, workload_headers

_ = Translator("yearplan")

__all__ = ["make_forms", "make_form", "fill_form", "FORMS_TABLE", "display_forms", "fill_workload"]

#: The table of forms written (:func:`make_forms`) as people read it (:func:`display_forms`).
FORMS_TABLE = Table(
    name="survey forms",
    id_column="unit_id",
    columns=(
        Column("unit_id", "id", label=N_("unit id")),
        Column("department", "text", label=N_("department")),
        Column("workbook", "text", label=N_("workbook")),
        Column("positions", "count", label=N_("positions")),
        Column("duties", "count", label=N_("duties")),
    ),
)

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
_LOCKED_FILL = PatternFill("solid", fgColor="EDEDED")
_UNLOCKED = Protection(locked=False)
_WRAP = Alignment(wrap_text=True, vertical="top")

_POS = sheet_columns(POSITION_SHEET)
_NEW = sheet_columns(NEW_POSITION_SHEET)
_DUTY = sheet_columns(DUTY_SHEET)
_DEV = sheet_columns(DEVELOPMENT_SHEET)


# ========================================================================= make
def make_form(structure: Structure, unit_id: str, path: str | os.PathLike, *, due: Any = None) -> Path:
    """Write the survey form of one department to ``path`` (``.xlsx``), atomically.

    Parameters
    ----------
    structure : Structure
        The structure the form describes (usually the as-is structure).
    unit_id : str
        The department; its sections and teams are included.
    path : str or Path
        The workbook to write.
    due : date or str, optional
        Return-by date printed on the instructions sheet.

    Returns
    -------
    Path

    Notes
    -----
    The form is written in the language in force (``orgplan.i18n.language``):
    sheet names, headers, instructions, questions, drop-down values.

    Raises
    ------
    ParameterError
        If ``path`` does not end in ``.xlsx`` or ``due`` is not a date.

    See Also
    --------
    make_forms : one form per department.
    """
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ParameterError(_("The 'path' parameter of make_form must end in .xlsx. Got {value} instead.").format(
            value=repr(str(path))))
    layout = form_layout(structure, unit_id)
    due_text = _date_text(due) if due is not None else None
    wb = Workbook()
    _write_instructions(wb.active, layout, due_text)
    _write_choice_lists(wb, layout)
    _write_position_sheet(wb, layout)
    _write_new_position_sheet(wb, layout)
    _write_duty_sheet(wb, layout)
    _write_development_sheet(wb, layout)
    _write_workload_sheet(wb, layout)
    _write_identity(wb, layout)
    wb.active = 0
    wb.security = WorkbookProtection(lockStructure=True)
    return save_workbook(wb, path)


def make_forms(structure: Structure, folder: str | os.PathLike, *, due: Any = None) -> pd.DataFrame:
    """Write one survey form per department into ``folder`` (created if needed).

    Each workbook is named after the department (``销售部.xlsx``) and holds
    the department, its sections and teams.

    Parameters
    ----------
    structure : Structure
    folder : str or Path
    due : date or str, optional
        Return-by date printed on each form.

    Returns
    -------
    DataFrame
        ``unit_id, department, workbook, positions, duties`` — one row per form.

    Raises
    ------
    ParameterError
        If the structure has no unit of kind ``department``.
    """
    folder = Path(folder)
    units = departments(structure)
    if not units:
        raise ParameterError(_("The 'structure' parameter of make_forms must have units of kind 'department'. "
                               "Got none instead."))
    folder.mkdir(parents=True, exist_ok=True)
    rows, used = [], set()
    for unit_id in units:
        layout = form_layout(structure, unit_id)
        name = _file_name(layout.unit_name)
        if name.lower() in used:  # never two forms under one name in a run
            name = _file_name(f"{layout.unit_name}-{unit_id}")
        number = 1
        while name.lower() in used:
            number += 1
            name = _file_name(f"{layout.unit_name}-{unit_id}-{number}")
        used.add(name.lower())
        path = make_form(structure, unit_id, folder / f"{name}.xlsx", due=due)
        rows.append({"unit_id": unit_id, "department": layout.unit_name, "workbook": str(path),
                     "positions": len(layout.positions), "duties": len(layout.duties)})
    return pd.DataFrame(rows, columns=["unit_id", "department", "workbook", "positions", "duties"])


def display_forms(made: pd.DataFrame) -> pd.DataFrame:
    """:func:`make_forms`' table with the workbooks' file names only, headers in the language in force."""
    return localise(made.assign(workbook=[Path(p).name for p in made["workbook"]]), FORMS_TABLE)


def _file_name(text: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "_", text).strip("._") or "department"


def _date_text(value: Any) -> str:
    parsed = parse_date(value)
    if parsed is None:
        raise ParameterError(_("The 'due' parameter must be a date such as '2027-01-22'. Got {value} instead.").format(
            value=repr(value)))
    return parsed.isoformat()


# ------------------------------------------------------------- sheet helpers
def _protect(ws: Worksheet) -> None:
    """Lock the sheet (unlocked cells stay editable); users may still widen columns and rows."""
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def _headers(ws: Worksheet, names: Iterable[str], widths: Iterable[float]) -> None:
    for i, (name, width) in enumerate(zip(names, widths), start=1):
        cell = ws.cell(row=1, column=i, value=name)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        ws.column_dimensions[cell.column_letter].width = width
    ws.freeze_panes = "A2"


def _make_input(cell: Any) -> None:
    cell.protection, cell.fill = _UNLOCKED, _INPUT_FILL


def _write_locked(ws: Worksheet, cells: Mapping[str, Any], alignment: Alignment | None = None) -> None:
    """Write the sheet's pre-filled data (grey, locked) below its header row."""
    for cell_ref, value in cells.items():
        if cell_ref[1:] != "1":
            ws[cell_ref] = value
            if alignment is not None:
                ws[cell_ref].alignment = alignment
            ws[cell_ref].fill = _LOCKED_FILL


def _list_validation(column: str, count: int, title: str) -> DataValidation:
    """A drop-down whose choices are a column of the hidden ``_lists`` sheet."""
    ref = f"{SHEET_LISTS}!${column}$1:${column}${max(count, 1)}"
    return DataValidation(type="list", formula1=f"={ref}", allow_blank=True, showErrorMessage=True,
                          errorTitle=title, error=_("Please choose from the drop-down list."))


def _choice_validation(codes: tuple[str, str], title: str) -> DataValidation:
    first, second = (_(ACTION_LABELS[code]) for code in codes)
    return DataValidation(type="list", formula1=f'"{first},{second}"', allow_blank=True, showErrorMessage=True,
                          errorTitle=title, error=_("Please choose “{first}” or “{second}”.").format(
                              first=first, second=second))


def _whole(low: int, title: str) -> DataValidation:
    return DataValidation(type="whole", operator="between", formula1=str(low), formula2="9999",
                          allow_blank=True, showErrorMessage=True, errorTitle=title,
                          error=_("Please write a whole number of {low} or more.").format(low=low))


def _validate(ws: Worksheet, validation: DataValidation, cells: str) -> None:
    validation.add(cells)
    ws.add_data_validation(validation)


# -------------------------------------------------------------------- sheets
def _write_instructions(ws: Worksheet, layout: FormLayout, due_text: str | None) -> None:
    """The instructions sheet: what the form is for and how to fill it in."""
    ws.title = layout.sheets["help"]
    lines = [
        (_("{structure}: survey of the organisational structure and establishment").format(
            structure=layout.structure_name), Font(bold=True, size=14)),
        (_("Department: {name} ({unit_id})").format(name=layout.unit_name, unit_id=layout.unit_id), Font(bold=True)),
        (_("Return by: {date}").format(date=due_text) if due_text
         else _("Return by: as the administration department announces"), None),
        ("", None),
        (_("This form surveys whether the current structure and the establishment of each position are reasonable, "
           "and how each department expects to develop."), None),
        (_("Grey cells hold the current data and are locked: do not change them. Yellow cells are for you to "
           "fill in."), None),
        (_("1. Sheet “Positions”: where next year's establishment should change, write the number "
           "(a whole number; empty means unchanged) under “Next year's establishment”; for a position "
           "you propose to drop, choose “drop” under “Suggested action”; explain under "
           "“Reason”."), None),
        (_("2. Sheet “New positions”: one new position per row; choose the unit and the position it "
           "reports to from the drop-down lists, and fill in the establishment, the monthly cost per head and "
           "the reason."), None),
        (_("3. Sheet “Duties”: for a duty that should go to another unit, choose “hand over” "
           "under “Suggested action” and the unit that takes it under “Hand over to”; write "
           "duties your department should take on in the empty rows below, with the owning unit."), None),
        (_("4. Sheet “Development”: answer each question, and write who filled in the form and when."),
         None),
        (_("Do not rename sheets or columns and do not re-type the form in a new file; when done, return this file "
           "to the administration department (administration manager, administration assistant)."), None),
        (_("By company rules, once the structure is approved, raising an establishment or hiring beyond it needs "
           "the general manager's special approval."), None),
    ]
    for r, (text, font) in enumerate(lines, start=1):
        cell = ws.cell(row=r, column=1, value=text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if font is not None:
            cell.font = font
    ws.column_dimensions["A"].width = 110
    _protect(ws)


def _write_choice_lists(wb: Workbook, layout: FormLayout) -> None:
    """_lists (hidden): the drop-downs' choices — the department's units, managers, every unit."""
    ws = wb.create_sheet(SHEET_LISTS)
    for col, values in enumerate((layout.unit_choices, layout.manager_choices, layout.all_unit_choices), start=1):
        for r, value in enumerate(values, start=1):
            ws.cell(row=r, column=col, value=value)
    ws.sheet_state = "hidden"
    _protect(ws)


def _write_position_sheet(wb: Workbook, layout: FormLayout) -> None:
    """Positions: the positions, locked; next year's establishment, keep/drop and a reason to fill in."""
    ws = wb.create_sheet(layout.sheets["positions"])
    _headers(ws, sheet_headers(POSITION_SHEET), (14, 14, 16, 22, 8, 8, 10, 10, 40))
    n = len(layout.positions)
    _write_locked(ws, layout.locked[layout.sheets["positions"]])
    for r in range(2, n + 2):
        for column in ("proposed", "action", "reason"):
            _make_input(ws[f"{_POS[column]}{r}"])
        ws[f"{_POS['reason']}{r}"].alignment = _WRAP
    if n:
        _validate(ws, _whole(0, _title(POSITION_SHEET, "proposed")), f"{_POS['proposed']}2:{_POS['proposed']}{n + 1}")
        _validate(ws, _choice_validation((KEEP, DROP), _title(POSITION_SHEET, "action")),
                  f"{_POS['action']}2:{_POS['action']}{n + 1}")
    _protect(ws)


def _write_new_position_sheet(wb: Workbook, layout: FormLayout) -> None:
    """New positions: empty rows for new positions, with drop-downs for unit and manager."""
    ws = wb.create_sheet(layout.sheets["new_positions"])
    _headers(ws, sheet_headers(NEW_POSITION_SHEET), (18, 20, 24, 8, 12, 40))
    last = NEW_POSITION_ROWS + 1
    for r in range(2, last + 1):
        for column in _NEW.values():
            _make_input(ws[f"{column}{r}"])
    cost = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                          showErrorMessage=True, errorTitle=_title(NEW_POSITION_SHEET, "monthly_cost"),
                          error=_("Please write a number of 0 or more."))
    for validation, column in (
        (_list_validation("A", len(layout.unit_choices), _title(NEW_POSITION_SHEET, "unit_id")), _NEW["unit_id"]),
        (_list_validation("B", len(layout.manager_choices), _title(NEW_POSITION_SHEET, "reports_to")),
         _NEW["reports_to"]),
        (_whole(1, _title(NEW_POSITION_SHEET, "approved")), _NEW["approved"]),
        (cost, _NEW["monthly_cost"]),
    ):
        _validate(ws, validation, f"{column}2:{column}{last}")
    _protect(ws)


def _write_duty_sheet(wb: Workbook, layout: FormLayout) -> None:
    """Duties: the duties, locked, with keep/hand over and to whom; empty rows below for new duties."""
    ws = wb.create_sheet(layout.sheets["duties"])
    _headers(ws, sheet_headers(DUTY_SHEET), (14, 26, 22, 10, 22, 40))
    n = len(layout.duties)
    _write_locked(ws, layout.locked[layout.sheets["duties"]])
    for r in range(2, n + 2):
        for column in ("action", "to_unit", "note"):
            _make_input(ws[f"{_DUTY[column]}{r}"])
    for r in range(n + 2, n + 2 + NEW_DUTY_ROWS):
        ws[f"{_DUTY['duty_id']}{r}"].fill = _LOCKED_FILL
        for column in ("name", "unit_id", "note"):
            _make_input(ws[f"{_DUTY[column]}{r}"])
    if n:
        _validate(ws, _choice_validation((KEEP, HAND_OVER), _title(DUTY_SHEET, "action")),
                  f"{_DUTY['action']}2:{_DUTY['action']}{n + 1}")
        _validate(ws, _list_validation("C", len(layout.all_unit_choices), _title(DUTY_SHEET, "to_unit")),
                  f"{_DUTY['to_unit']}2:{_DUTY['to_unit']}{n + 1}")
    _validate(ws, _list_validation("A", len(layout.unit_choices), _title(DUTY_SHEET, "unit_id")),
              f"{_DUTY['unit_id']}{n + 2}:{_DUTY['unit_id']}{n + 1 + NEW_DUTY_ROWS}")
    _protect(ws)


def _write_development_sheet(wb: Workbook, layout: FormLayout) -> None:
    """Development: the questions, locked, and a cell for each answer."""
    ws = wb.create_sheet(layout.sheets["development"])
    _headers(ws, sheet_headers(DEVELOPMENT_SHEET), (60, 80))
    _write_locked(ws, layout.locked[layout.sheets["development"]], _WRAP)
    answer = _DEV["answer"]
    for r in range(2, len(DEVELOPMENT_QUESTIONS) + 2):
        _make_input(ws[f"{answer}{r}"])
        ws[f"{answer}{r}"].alignment = _WRAP
        ws.row_dimensions[r].height = 60 if r < len(DEVELOPMENT_QUESTIONS) else 20
    date_row = list(DEVELOPMENT_QUESTIONS).index("filled_on") + 2
    _validate(ws, DataValidation(type="date", operator="greaterThan", formula1="36526", allow_blank=True,
                                 showErrorMessage=True, errorTitle=_("Date filled in"),
                                 error=_("Please write a date, e.g. 2027-01-20.")),
              f"{answer}{date_row}")
    _protect(ws)


def _write_identity(wb: Workbook, layout: FormLayout) -> None:
    """_form (very hidden): lets collecting tell a real form from a re-typed one, and which structure it is of."""
    ws = wb.create_sheet(SHEET_IDENTITY)
    for r, (key, value) in enumerate((("form", FORM_MARK), ("version", FORM_VERSION), ("unit_id", layout.unit_id),
                                      ("unit_name", layout.unit_name), ("structure", layout.structure_name),
                                      ("fingerprint", layout.fingerprint), ("language", layout.language)),
                                     start=1):
        ws.cell(row=r, column=1, value=key)
        ws.cell(row=r, column=2, value=value)
    ws.sheet_state = "veryHidden"
    _protect(ws)


# ========================================================================= fill
def fill_form(path: str | os.PathLike, answers: FormAnswers, *, out: str | os.PathLike | None = None) -> Path:
    """Write a department's answers into its form, as the department would — for tests, demos and re-entry.

    Parameters
    ----------
    path : str or Path
        A form made by :func:`make_form`.
    answers : FormAnswers
    out : str or Path, optional
        Where to save the filled form (default: over ``path``, atomically).

    Returns
    -------
    Path

    Raises
    ------
    ParameterError
        If an answer names a position, duty or unit the form does not have,
        or more new positions/duties than the form has rows.
    """
    path = Path(path)
    wb = load_workbook(path)
    filler = _Filler(wb, form_identity(wb).get("unit_id"), form_sheets(wb))
    filler.positions(answers)
    filler.new_positions(answers)
    filler.duties(answers)
    filler.development(answers)
    return save_workbook(wb, Path(out) if out is not None else path)


class _Filler:
    """Writes answers into the input cells of one form, refusing what the form has no place for."""

    def __init__(self, wb: Workbook, unit_id: str | None, sheets: tuple[str, dict[str, str]]) -> None:
        self.wb = wb
        self.unit_id = unit_id
        self.language, self.sheets = sheets
        self.choices = form_choices(wb)
        self.position_ws = wb[self.sheets["positions"]]
        self.duty_ws = wb[self.sheets["duties"]]
        self.position_rows = self._rows(self.position_ws)
        self.duty_rows = self._rows(self.duty_ws)

    @staticmethod
    def _rows(ws: Worksheet) -> dict[Any, int]:
        """``{id in column A: row}`` of a sheet's pre-filled rows."""
        return {ws[f"A{r}"].value: r for r in range(2, ws.max_row + 1) if ws[f"A{r}"].value}

    def _row(self, kind: str, key: str, known: Mapping[Any, int]) -> int:
        if key not in known:
            raise ParameterError(_("The 'answers' parameter of fill_form names {kind} {key}, which the form of "
                                   "{unit} does not have.").format(kind=kind, key=repr(key), unit=self.unit_id))
        return known[key]

    def _label(self, ident: str, pool: str, kind: str) -> str:
        hit = next((c for c in self.choices[pool] if c.endswith(f"({ident})")), None)
        if hit is None:
            raise ParameterError(_("The 'answers' parameter of fill_form names {kind} {key}, which is not "
                                   "among the form's choices.").format(kind=kind, key=repr(ident)))
        return hit

    def _action(self, code: str) -> str:
        """An action as the form's drop-down writes it (in the form's language)."""
        with language(self.language):
            return _(ACTION_LABELS[code])

    def positions(self, answers: FormAnswers) -> None:
        ws, rows = self.position_ws, self.position_rows
        for position_id, count in answers.establishment.items():
            ws[f"{_POS['proposed']}{self._row('position', position_id, rows)}"] = count
        for position_id in answers.remove:
            ws[f"{_POS['action']}{self._row('position', position_id, rows)}"] = self._action(DROP)
        for position_id, reason in answers.reasons.items():
            ws[f"{_POS['reason']}{self._row('position', position_id, rows)}"] = reason

    def new_positions(self, answers: FormAnswers) -> None:
        if len(answers.new_positions) > NEW_POSITION_ROWS:
            raise ParameterError(_("The 'answers' parameter of fill_form has {n} new positions; the form has rows "
                                   "for {rows}.").format(n=len(answers.new_positions), rows=NEW_POSITION_ROWS))
        ws = self.wb[self.sheets["new_positions"]]
        for r, p in enumerate(answers.new_positions, start=2):
            ws[f"{_NEW['title']}{r}"] = p.title
            ws[f"{_NEW['unit_id']}{r}"] = self._label(p.unit_id, "units", "unit")
            ws[f"{_NEW['reports_to']}{r}"] = self._label(p.reports_to, "managers", "manager position")
            ws[f"{_NEW['approved']}{r}"] = p.approved
            ws[f"{_NEW['monthly_cost']}{r}"] = p.monthly_cost
            ws[f"{_NEW['reason']}{r}"] = p.reason

    def duties(self, answers: FormAnswers) -> None:
        ws, rows = self.duty_ws, self.duty_rows
        for duty_id, to_unit in answers.hand_over.items():
            r = self._row("duty", duty_id, rows)
            ws[f"{_DUTY['action']}{r}"] = self._action(HAND_OVER)
            ws[f"{_DUTY['to_unit']}{r}"] = self._label(to_unit, "all_units", "unit")
        for duty_id, note in answers.duty_notes.items():
            ws[f"{_DUTY['note']}{self._row('duty', duty_id, rows)}"] = note
        if len(answers.new_duties) > NEW_DUTY_ROWS:
            raise ParameterError(_("The 'answers' parameter of fill_form has {n} new duties; the form has rows "
                                   "for {rows}.").format(n=len(answers.new_duties), rows=NEW_DUTY_ROWS))
        for r, d in enumerate(answers.new_duties, start=len(rows) + 2):
            ws[f"{_DUTY['name']}{r}"] = d.name
            ws[f"{_DUTY['unit_id']}{r}"] = self._label(d.unit_id, "units", "unit")
            ws[f"{_DUTY['note']}{r}"] = d.note

    def development(self, answers: FormAnswers) -> None:
        ws = self.wb[self.sheets["development"]]
        for r, key in enumerate(DEVELOPMENT_QUESTIONS, start=2):
            if key in answers.development:
                value: Any = answers.development[key]
                if key == "filled_on":
                    value = parse_date(value) or value
                ws[f"{_DEV['answer']}{r}"] = value


def _title(table: Table, column: str) -> str:
    """A column's header in the language in force (the title of its validation's error box)."""
    return _(table.column(column).label)



# ================================================================ workload sheet
def _write_workload_sheet(wb: Workbook, layout: FormLayout) -> None:
    """Workload: the positions (locked) × the department's duties; hours per person per week to fill in."""
    ws = wb.create_sheet(_(WORKLOAD_SHEET))
    headers = workload_headers(layout)
    _headers(ws, headers, (14, 16, *([14] * (len(headers) - 2))))
    for cell in ws[1]:
        cell.alignment = _WRAP
    ws.row_dimensions[1].height = 45
    n, width = len(layout.positions), len(headers)
    for r, p in enumerate(layout.positions.itertuples(index=False), start=2):
        for column, value in (("A", p.position_id), ("B", p.title)):
            ws[f"{column}{r}"] = value
            ws[f"{column}{r}"].fill = _LOCKED_FILL
        for c in range(3, width + 1):
            _make_input(ws.cell(row=r, column=c))
    if n and width > 2:
        _validate(ws, DataValidation(type="decimal", operator="between", formula1="0",
                                     formula2=str(WORKLOAD_HOURS_LIMIT), allow_blank=True, showErrorMessage=True,
                                     errorTitle=_(WORKLOAD_SHEET),
                                     error=_("Please write the hours one person spends on this duty in a week "
                                             "(0 to {limit}).").format(limit=WORKLOAD_HOURS_LIMIT)),
                  f"C2:{column_letter(width)}{n + 1}")
    _protect(ws)


def fill_workload(path: str | os.PathLike, hours: Mapping[tuple[str, str], float], *,
                  out: str | os.PathLike | None = None) -> Path:
    """Write hours per person per week into a form's workload sheet, as a department would (tests, demos).

    Parameters
    ----------
    path : str or Path
        A form made by :func:`make_form`.
    hours : mapping of (position_id, duty_id) → hours
    out : str or Path, optional
        Where to save (default: over ``path``, atomically).

    Raises
    ------
    ParameterError
        If the form has no workload sheet, or a position or duty is not on it.
    """
    path = Path(path)
    wb = load_workbook(path)
    form_language, _sheets = form_sheets(wb)
    with language(form_language):
        name = _(WORKLOAD_SHEET)
    if name not in wb.sheetnames:
        raise ParameterError(_("The 'path' parameter of fill_workload must be a form with a workload sheet. Got "
                               "{value} instead.").format(value=repr(str(path))))
    ws = wb[name]
    rows = {ws[f"A{r}"].value: r for r in range(2, ws.max_row + 1) if ws[f"A{r}"].value}
    columns = {}
    for c in range(3, ws.max_column + 1):
        match = re.search(r"\(([^()]+)\)$", str(ws.cell(row=1, column=c).value or ""))
        if match:
            columns[match.group(1)] = c
    for (position_id, duty_id), value in hours.items():
        if position_id not in rows or duty_id not in columns:
            raise ParameterError(_("The 'hours' parameter of fill_workload names {position} × {duty}, which the "
                                   "workload sheet does not have.").format(position=repr(position_id),
                                                                           duty=repr(duty_id)))
        ws.cell(row=rows[position_id], column=columns[duty_id], value=value)
    return save_workbook(wb, Path(out) if out is not None else path)
