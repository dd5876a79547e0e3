"""Making the survey forms: one protected, pre-filled Excel workbook per department; filling one in.

:func:`make_forms` writes one form per department (:func:`make_form` one
form), laid out as :mod:`orgplan.yearplan.survey_layout` says: grey
pre-filled cells locked, yellow input cells unlocked, drop-down lists and
number validation on the input, instructions in Chinese on the first sheet.
:func:`fill_form` writes a department's answers into its form, as the
department would — for tests, demos and re-entry.

Examples
--------
>>> import tempfile, pathlib
>>> from openpyxl import load_workbook
>>> from orgplan import read_structure, sample_path
>>> with tempfile.TemporaryDirectory() as tmp:
...     path = make_form(read_structure(sample_path("as-is-2026")), "PARTS", pathlib.Path(tmp) / "配件部.xlsx")
...     load_workbook(path).sheetnames
['說明', '_lists', '職位', '新增職位', '職能', '發展', '_form']
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
from orgplan.model.structure import Structure
from orgplan.tables.cells import parse_date
from orgplan.tables.io import atomic_path
from orgplan.yearplan.survey_layout import (
    DEVELOPMENT_QUESTIONS, DEVELOPMENT_SHEET, DROP, DUTY_SHEET, FORM_MARK, FORM_VERSION, HAND_OVER, KEEP,
    NEW_DUTY_ROWS, NEW_POSITION_ROWS, NEW_POSITION_SHEET, POSITION_SHEET, SHEET_HELP, SHEET_IDENTITY, SHEET_LISTS,
    FormAnswers, FormLayout, departments, form_choices, form_identity, form_layout, sheet_columns, sheet_headers,
)

__all__ = ["make_forms", "make_form", "fill_form"]

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
        raise ParameterError(f"The 'path' parameter of make_form must end in .xlsx. Got {str(path)!r} instead.")
    layout = form_layout(structure, unit_id)
    due_text = _date_text(due) if due is not None else None
    wb = Workbook()
    _write_instructions(wb.active, layout, due_text)
    _write_choice_lists(wb, layout)
    _write_position_sheet(wb, layout)
    _write_new_position_sheet(wb, layout)
    _write_duty_sheet(wb, layout)
    _write_development_sheet(wb, layout)
    _write_identity(wb, layout)
    wb.active = 0
    wb.security = WorkbookProtection(lockStructure=True)
    with atomic_path(path) as tmp:
        wb.save(tmp)
    return path


def make_forms(structure: Structure, folder: str | os.PathLike, *, due: Any = None) -> pd.DataFrame:
    """Write one survey form per department into ``folder`` (created if needed).

    Each workbook is named after the department (``銷售部.xlsx``) and holds
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
        raise ParameterError("The 'structure' parameter of make_forms must have units of kind 'department'. "
                             "Got none instead.")
    folder.mkdir(parents=True, exist_ok=True)
    rows, used = [], set()
    for unit_id in units:
        layout = form_layout(structure, unit_id)
        name = _file_name(layout.unit_name)
        if name.lower() in used:
            name = _file_name(f"{layout.unit_name}-{unit_id}")
        used.add(name.lower())
        path = make_form(structure, unit_id, folder / f"{name}.xlsx", due=due)
        rows.append({"unit_id": unit_id, "department": layout.unit_name, "workbook": str(path),
                     "positions": len(layout.positions), "duties": len(layout.duties)})
    return pd.DataFrame(rows, columns=["unit_id", "department", "workbook", "positions", "duties"])


def _file_name(text: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "_", text).strip("._") or "department"


def _date_text(value: Any) -> str:
    parsed = parse_date(value)
    if parsed is None:
        raise ParameterError(f"The 'due' parameter must be a date such as '2027-01-22'. Got {value!r} instead.")
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
                          errorTitle=title, error="請從下拉選單中選擇。")


def _choice_validation(choices: tuple[str, str], title: str) -> DataValidation:
    first, second = choices
    return DataValidation(type="list", formula1=f'"{first},{second}"', allow_blank=True, showErrorMessage=True,
                          errorTitle=title, error=f"請選擇「{first}」或「{second}」。")


def _whole(low: int, title: str) -> DataValidation:
    return DataValidation(type="whole", operator="between", formula1=str(low), formula2="9999",
                          allow_blank=True, showErrorMessage=True, errorTitle=title,
                          error=f"請填寫 {low} 或以上的整數。")


def _validate(ws: Worksheet, validation: DataValidation, cells: str) -> None:
    validation.add(cells)
    ws.add_data_validation(validation)


# -------------------------------------------------------------------- sheets
def _write_instructions(ws: Worksheet, layout: FormLayout, due_text: str | None) -> None:
    """說明: what the form is for and how to fill it in."""
    ws.title = SHEET_HELP
    lines = [
        (f"{layout.structure_name}　組織架構與編制調查表", Font(bold=True, size=14)),
        (f"部門：{layout.unit_name}（{layout.unit_id}）", Font(bold=True)),
        (f"交回期限：{due_text}" if due_text else "交回期限：請按行政部通知", None),
        ("", None),
        ("本表用於調查現行組織架構與職位編制的合理性，以及各部門未來的發展預期。", None),
        ("灰色格為現狀資料，已鎖定，請勿修改；黃色格為填寫處。", None),
        ("1.「職位」表：如明年編制需調整，在「明年編制」填寫人數（整數，留空表示不變）；"
         "建議撤銷的職位在「處理建議」選「撤銷」；請在「理由」說明。", None),
        ("2.「新增職位」表：每行一個新職位，從下拉選單選擇所屬單位與上級職位，填寫編制、人均月成本與理由。", None),
        ("3.「職能」表：需移交其他部門的職能，在「處理建議」選「移交」並在「移交給」選擇接收單位；"
         "本部門應新增的職能，在表下方空行填寫名稱並選擇負責單位。", None),
        ("4.「發展」表：回答各問題，並填寫填表人與日期。", None),
        ("請勿改動工作表名稱或欄位，勿另行重新製表；填好後將本檔案交回行政部（行政經理、行政助理）。", None),
        ("依公司規定，架構批准後超出編制的增編、增人須經總經理特批。", None),
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
    """職位: the positions, locked; next year's establishment, keep/drop and a reason to fill in."""
    ws = wb.create_sheet(POSITION_SHEET.name)
    _headers(ws, sheet_headers(POSITION_SHEET), (14, 14, 16, 22, 8, 8, 10, 10, 40))
    n = len(layout.positions)
    _write_locked(ws, layout.locked[POSITION_SHEET.name])
    for r in range(2, n + 2):
        for column in ("proposed", "action", "reason"):
            _make_input(ws[f"{_POS[column]}{r}"])
        ws[f"{_POS['reason']}{r}"].alignment = _WRAP
    if n:
        _validate(ws, _whole(0, "明年編制"), f"{_POS['proposed']}2:{_POS['proposed']}{n + 1}")
        _validate(ws, _choice_validation((KEEP, DROP), "處理建議"), f"{_POS['action']}2:{_POS['action']}{n + 1}")
    _protect(ws)


def _write_new_position_sheet(wb: Workbook, layout: FormLayout) -> None:
    """新增職位: empty rows for new positions, with drop-downs for unit and manager."""
    ws = wb.create_sheet(NEW_POSITION_SHEET.name)
    _headers(ws, sheet_headers(NEW_POSITION_SHEET), (18, 20, 24, 8, 12, 40))
    last = NEW_POSITION_ROWS + 1
    for r in range(2, last + 1):
        for column in _NEW.values():
            _make_input(ws[f"{column}{r}"])
    cost = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                          showErrorMessage=True, errorTitle="人均月成本", error="請填寫 0 或以上的數字。")
    for validation, column in (
        (_list_validation("A", len(layout.unit_choices), "所屬單位"), _NEW["unit_id"]),
        (_list_validation("B", len(layout.manager_choices), "上級職位"), _NEW["reports_to"]),
        (_whole(1, "編制"), _NEW["approved"]),
        (cost, _NEW["monthly_cost"]),
    ):
        _validate(ws, validation, f"{column}2:{column}{last}")
    _protect(ws)


def _write_duty_sheet(wb: Workbook, layout: FormLayout) -> None:
    """職能: the duties, locked, with keep/hand over and to whom; empty rows below for new duties."""
    ws = wb.create_sheet(DUTY_SHEET.name)
    _headers(ws, sheet_headers(DUTY_SHEET), (14, 26, 22, 10, 22, 40))
    n = len(layout.duties)
    _write_locked(ws, layout.locked[DUTY_SHEET.name])
    for r in range(2, n + 2):
        for column in ("action", "to_unit", "note"):
            _make_input(ws[f"{_DUTY[column]}{r}"])
    for r in range(n + 2, n + 2 + NEW_DUTY_ROWS):
        ws[f"{_DUTY['duty_id']}{r}"].fill = _LOCKED_FILL
        for column in ("name", "unit_id", "note"):
            _make_input(ws[f"{_DUTY[column]}{r}"])
    if n:
        _validate(ws, _choice_validation((KEEP, HAND_OVER), "處理建議"), f"{_DUTY['action']}2:{_DUTY['action']}{n + 1}")
        _validate(ws, _list_validation("C", len(layout.all_unit_choices), "移交給"),
                  f"{_DUTY['to_unit']}2:{_DUTY['to_unit']}{n + 1}")
    _validate(ws, _list_validation("A", len(layout.unit_choices), "負責單位"),
              f"{_DUTY['unit_id']}{n + 2}:{_DUTY['unit_id']}{n + 1 + NEW_DUTY_ROWS}")
    _protect(ws)


def _write_development_sheet(wb: Workbook, layout: FormLayout) -> None:
    """發展: the questions, locked, and a cell for each answer."""
    ws = wb.create_sheet(DEVELOPMENT_SHEET.name)
    _headers(ws, sheet_headers(DEVELOPMENT_SHEET), (60, 80))
    _write_locked(ws, layout.locked[DEVELOPMENT_SHEET.name], _WRAP)
    answer = _DEV["answer"]
    for r in range(2, len(DEVELOPMENT_QUESTIONS) + 2):
        _make_input(ws[f"{answer}{r}"])
        ws[f"{answer}{r}"].alignment = _WRAP
        ws.row_dimensions[r].height = 60 if r < len(DEVELOPMENT_QUESTIONS) else 20
    date_row = list(DEVELOPMENT_QUESTIONS).index("filled_on") + 2
    _validate(ws, DataValidation(type="date", operator="greaterThan", formula1="36526", allow_blank=True,
                                 showErrorMessage=True, errorTitle="填表日期", error="請填寫日期，例如 2027-01-20。"),
              f"{answer}{date_row}")
    _protect(ws)


def _write_identity(wb: Workbook, layout: FormLayout) -> None:
    """_form (very hidden): lets collecting tell a real form from a re-typed one, and which structure it is of."""
    ws = wb.create_sheet(SHEET_IDENTITY)
    for r, (key, value) in enumerate((("form", FORM_MARK), ("version", FORM_VERSION), ("unit_id", layout.unit_id),
                                      ("unit_name", layout.unit_name), ("structure", layout.structure_name),
                                      ("fingerprint", layout.fingerprint)), start=1):
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
    filler = _Filler(wb, form_identity(wb).get("unit_id"))
    filler.positions(answers)
    filler.new_positions(answers)
    filler.duties(answers)
    filler.development(answers)
    target = Path(out) if out is not None else path
    with atomic_path(target) as tmp:
        wb.save(tmp)
    return target


class _Filler:
    """Writes answers into the input cells of one form, refusing what the form has no place for."""

    def __init__(self, wb: Workbook, unit_id: str | None) -> None:
        self.wb = wb
        self.unit_id = unit_id
        self.choices = form_choices(wb)
        self.position_ws = wb[POSITION_SHEET.name]
        self.duty_ws = wb[DUTY_SHEET.name]
        self.position_rows = self._rows(self.position_ws)
        self.duty_rows = self._rows(self.duty_ws)

    @staticmethod
    def _rows(ws: Worksheet) -> dict[Any, int]:
        """``{id in column A: row}`` of a sheet's pre-filled rows."""
        return {ws[f"A{r}"].value: r for r in range(2, ws.max_row + 1) if ws[f"A{r}"].value}

    def _row(self, kind: str, key: str, known: Mapping[Any, int]) -> int:
        if key not in known:
            raise ParameterError(f"The 'answers' parameter of fill_form names {kind} {key!r}, which the form of "
                                 f"{self.unit_id} does not have.")
        return known[key]

    def _label(self, ident: str, pool: str, kind: str) -> str:
        hit = next((c for c in self.choices[pool] if c.endswith(f"({ident})")), None)
        if hit is None:
            raise ParameterError(f"The 'answers' parameter of fill_form names {kind} {ident!r}, which is not "
                                 f"among the form's choices.")
        return hit

    def positions(self, answers: FormAnswers) -> None:
        ws, rows = self.position_ws, self.position_rows
        for position_id, count in answers.establishment.items():
            ws[f"{_POS['proposed']}{self._row('position', position_id, rows)}"] = count
        for position_id in answers.remove:
            ws[f"{_POS['action']}{self._row('position', position_id, rows)}"] = DROP
        for position_id, reason in answers.reasons.items():
            ws[f"{_POS['reason']}{self._row('position', position_id, rows)}"] = reason

    def new_positions(self, answers: FormAnswers) -> None:
        if len(answers.new_positions) > NEW_POSITION_ROWS:
            raise ParameterError(f"The 'answers' parameter of fill_form has {len(answers.new_positions)} new "
                                 f"positions; the form has rows for {NEW_POSITION_ROWS}.")
        ws = self.wb[NEW_POSITION_SHEET.name]
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
            ws[f"{_DUTY['action']}{r}"] = HAND_OVER
            ws[f"{_DUTY['to_unit']}{r}"] = self._label(to_unit, "all_units", "unit")
        for duty_id, note in answers.duty_notes.items():
            ws[f"{_DUTY['note']}{self._row('duty', duty_id, rows)}"] = note
        if len(answers.new_duties) > NEW_DUTY_ROWS:
            raise ParameterError(f"The 'answers' parameter of fill_form has {len(answers.new_duties)} new duties; "
                                 f"the form has rows for {NEW_DUTY_ROWS}.")
        for r, d in enumerate(answers.new_duties, start=len(rows) + 2):
            ws[f"{_DUTY['name']}{r}"] = d.name
            ws[f"{_DUTY['unit_id']}{r}"] = self._label(d.unit_id, "units", "unit")
            ws[f"{_DUTY['note']}{r}"] = d.note

    def development(self, answers: FormAnswers) -> None:
        ws = self.wb[DEVELOPMENT_SHEET.name]
        for r, key in enumerate(DEVELOPMENT_QUESTIONS, start=2):
            if key in answers.development:
                value: Any = answers.development[key]
                if key == "filled_on":
                    value = parse_date(value) or value
                ws[f"{_DEV['answer']}{r}"] = value
