"""Department survey forms (調查表): make one Excel workbook per department, collect the returns.

The seed's plan starts the year by surveying "the rationality of the current
structure and establishment, and each department's expected development".
:func:`make_forms` writes one workbook per department (units of kind
``department``, with their sections and teams), pre-filled with its
positions, establishment (編制), people in post (在崗) and duties. The
department proposes next year's establishment, positions to drop, new
positions, duties to hand over or add, and describes its expected
development. Pre-filled cells are protected, input cells are unlocked and
yellow, drop-down lists and number validation guard the input, and the
first sheet explains what to do — all in Chinese.

:func:`collect_forms` reads the returned workbooks, validates every cell
(a form that was re-typed, text in a number cell, an unknown position, a
department that sent nothing — each reported with workbook, sheet and cell)
and consolidates the proposals into one table and into a list of scenario
changes (:mod:`orgplan.organisation.scenario`) that give the draft structure.

Sheets of a form
----------------
======== ==============================================================
說明      instructions, the department, the structure it was made from
職位      one row per position; 明年編制 (next year's establishment,
          empty = unchanged), 處理建議 (保留 keep / 撤銷 drop), 理由 reason
新增職位  new positions: title, unit, reports to, establishment, monthly
          cost per head, reason
職能      one row per duty with 處理建議 (保留 / 移交 hand over) and
          移交給 (to which unit); empty rows below for new duties
發展      the department's view of the structure and its development
======== ==============================================================

Examples
--------
>>> import tempfile
>>> from orgplan import read_structure, sample_path
>>> from orgplan.yearplan.survey import make_forms, fill_form, collect_forms, FormAnswers
>>> s = read_structure(sample_path("as-is-2026"))
>>> with tempfile.TemporaryDirectory() as tmp:
...     made = make_forms(s, tmp)
...     _ = fill_form(made.set_index("unit_id").at["PARTS", "workbook"],
...                   FormAnswers(establishment={"PARTS-WH": 4}, reasons={"PARTS-WH": "新倉庫"}))
...     result = collect_forms(s, tmp)
>>> made["department"].tolist()
['行政部', '財務部', '銷售部', '市場部', '客戶服務部', '售後服務部', '配件部']
>>> result.proposals[["department", "proposal", "position_id", "current", "proposed"]]
  department           proposal position_id  current  proposed
0      PARTS  set_establishment    PARTS-WH        3         4
>>> [c.describe() for c in result.changes]
['set the establishment of PARTS-WH to 4']
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

import pandas as pd

from orgplan.errors import ParameterError
from orgplan.model.structure import Structure

__all__ = [
    "make_forms",
    "make_form",
    "fill_form",
    "read_form",
    "collect_forms",
    "FormAnswers",
    "NewPosition",
    "NewDuty",
    "FormProblem",
    "SurveyResult",
    "DEVELOPMENT_QUESTIONS",
    "PROPOSAL_COLUMNS",
    "PROBLEM_COLUMNS",
]

FORM_MARK = "orgplan-survey"
FORM_VERSION = "1"

#: The questions of the 發展 sheet: key → question (the key is how answers are named in code).
DEVELOPMENT_QUESTIONS: dict[str, str] = {
    "structure_issues": "現行架構與編制是否合理？存在哪些問題（職責不清、忙閒不均、流程過長、推諉扯皮等）？",
    "development": "未來一至三年本部門的業務發展預期（業務量、新業務、新車型、新門店等）",
    "staffing_needs": "為配合發展，本部門在人員與能力方面的需求",
    "suggestions": "對公司組織架構的其他意見與建議",
    "filled_by": "填表人（姓名、職位）",
    "filled_on": "填表日期（YYYY-MM-DD）",
}

#: Columns of :attr:`SurveyResult.proposals`.
PROPOSAL_COLUMNS = ["department", "department_name", "proposal", "position_id", "title", "unit_id", "reports_to",
                    "current", "proposed", "monthly_cost", "duty_id", "duty", "to_unit", "reason",
                    "workbook", "sheet", "cell"]

#: Columns of :attr:`SurveyResult.problems`.
PROBLEM_COLUMNS = ["severity", "code", "department", "workbook", "sheet", "cell", "value", "message"]

_KEEP, _DROP, _HAND_OVER = "保留", "撤銷", "移交"
_NEW_POSITION_ROWS = 15
_NEW_DUTY_ROWS = 10

# sheet names and header rows: the layout make and read agree on
_S_HELP, _S_POS, _S_NEW, _S_DUTY, _S_DEV, _S_LISTS, _S_META = "說明", "職位", "新增職位", "職能", "發展", "_lists", "_form"
_POS_HEADERS = ("職位編號", "所屬單位", "職位", "上級職位", "現編制", "在崗", "明年編制", "處理建議", "理由")
_NEW_HEADERS = ("職位名稱", "所屬單位", "上級職位", "編制", "人均月成本", "理由")
_DUTY_HEADERS = ("職能編號", "職能", "負責單位", "處理建議", "移交給", "說明")
_DEV_HEADERS = ("問題", "回答")
_POS_INPUT = ("G", "H", "I")
_DUTY_INPUT = ("D", "E", "F")

_INPUT_FILL = "FFF2CC"
_LOCKED_FILL = "EDEDED"
_HEADER_FILL = "D9E1F2"


# ======================================================================= records
@dataclass(frozen=True)
class NewPosition:
    """A position a department asks for on the 新增職位 sheet.

    Parameters
    ----------
    title : str
        The new position's title.
    unit_id : str
        The unit (the department or one of its sections/teams) it belongs to.
    reports_to : str
        The ``position_id`` it reports to.
    approved : int
        Establishment asked for (1 or more).
    monthly_cost : float
        Monthly cost per head.
    reason : str, optional
    """

    title: str
    unit_id: str
    reports_to: str
    approved: int
    monthly_cost: float
    reason: str | None = None


@dataclass(frozen=True)
class NewDuty:
    """A duty (職能) a department proposes to take on, owned by one of its units."""

    name: str
    unit_id: str
    note: str | None = None


@dataclass(frozen=True)
class FormAnswers:
    """What one department wrote into its form — the data :func:`fill_form` writes and :func:`read_form` reads.

    Parameters
    ----------
    establishment : mapping of position_id → int
        Next year's establishment where the department wants a change
        (positions left out: unchanged).
    remove : tuple of position_id
        Positions the department proposes to drop (撤銷), kept sorted.
    reasons : mapping of position_id → str
        Reasons written beside positions.
    new_positions : tuple of NewPosition
    hand_over : mapping of duty_id → unit_id
        Duties to hand over (移交) and the unit to take each one.
    duty_notes : mapping of duty_id → str
        Notes written beside existing duties.
    new_duties : tuple of NewDuty
    development : mapping of question key → str
        Answers on the 發展 sheet, keys from :data:`DEVELOPMENT_QUESTIONS`.
    """

    establishment: Mapping[str, int] = field(default_factory=dict)
    remove: tuple[str, ...] = ()
    reasons: Mapping[str, str] = field(default_factory=dict)
    new_positions: tuple[NewPosition, ...] = ()
    hand_over: Mapping[str, str] = field(default_factory=dict)
    duty_notes: Mapping[str, str] = field(default_factory=dict)
    new_duties: tuple[NewDuty, ...] = ()
    development: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "establishment", dict(self.establishment))
        object.__setattr__(self, "remove", tuple(sorted(set(self.remove))))
        object.__setattr__(self, "reasons", dict(self.reasons))
        object.__setattr__(self, "new_positions", tuple(self.new_positions))
        object.__setattr__(self, "hand_over", dict(self.hand_over))
        object.__setattr__(self, "duty_notes", dict(self.duty_notes))
        object.__setattr__(self, "new_duties", tuple(self.new_duties))
        object.__setattr__(self, "development", dict(self.development))
        unknown = set(self.development) - set(DEVELOPMENT_QUESTIONS)
        if unknown:
            raise ParameterError(f"The 'development' parameter of FormAnswers must use the keys "
                                 f"{', '.join(DEVELOPMENT_QUESTIONS)}. Got {sorted(unknown)!r} instead.")

    @property
    def empty(self) -> bool:
        """True when the department proposed nothing and answered nothing."""
        return not any((self.establishment, self.remove, self.reasons, self.new_positions, self.hand_over,
                        self.duty_notes, self.new_duties, self.development))


@dataclass(frozen=True)
class FormProblem:
    """One thing wrong in a returned form, located as the user sees it: workbook, sheet, cell.

    Examples
    --------
    >>> print(FormProblem("error", "not_a_number", "SALES", "銷售部.xlsx", "職位", "G7", "十二",
    ...                   "a whole number of 0 or more (明年編制)"))
    銷售部.xlsx[職位], cell G7: got '十二', expected a whole number of 0 or more (明年編制).
    """

    severity: str
    code: str
    department: str | None
    workbook: str | None
    sheet: str | None
    cell: str | None
    value: str | None
    expected: str

    @property
    def message(self) -> str:
        return str(self)

    def __str__(self) -> str:
        where = self.workbook or "(survey)"
        if self.sheet:
            where += f"[{self.sheet}]"
        if self.cell:
            where += f", cell {self.cell}"
        got = "" if self.value is None else f"got {self.value!r}, "
        return f"{where}: {got}expected {self.expected}."


# ======================================================================= layout
@dataclass(frozen=True)
class _Layout:
    """What a department's form holds, computed from the structure (make and read share it)."""

    unit_id: str
    unit_name: str
    structure_name: str
    units: list[tuple[str, str]]            # (unit_id, name) of the department and below
    positions: pd.DataFrame                 # the department's positions, in form order
    duties: pd.DataFrame                    # the department's duties, in form order
    manager_choices: list[str]              # "title (id)" a new position may report to
    unit_choices: list[str]                 # "name (id)" of the department's units
    all_unit_choices: list[str]             # "name (id)" of every unit (hand-over targets)
    locked: dict[str, dict[str, Any]]       # sheet → cell → pre-filled value

    @property
    def fingerprint(self) -> str:
        text = json.dumps({s: {c: str(v) for c, v in cells.items()} for s, cells in self.locked.items()},
                          ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _choice(label: str, ident: str) -> str:
    return f"{label} ({ident})"


def _layout(structure: Structure, unit_id: str) -> _Layout:
    unit = structure.unit(unit_id)
    unit_ids = structure.subunits(unit_id)
    units = structure.units.set_index("unit_id")
    order = {u: i for i, u in enumerate(unit_ids)}
    positions = structure.positions
    positions = positions[positions["unit_id"].isin(order)]
    positions = positions.assign(_o=positions["unit_id"].map(order)).sort_values("_o", kind="stable")
    positions = positions.drop(columns="_o").reset_index(drop=True)
    duties = structure.duties
    duties = duties[duties["unit_id"].isin(order)]
    duties = duties.assign(_o=duties["unit_id"].map(order)).sort_values("_o", kind="stable")
    duties = duties.drop(columns="_o").reset_index(drop=True)
    titles = structure.positions.set_index("position_id")["title"]

    def title_of(position_id: Any) -> str:
        if position_id is None or pd.isna(position_id):
            return ""
        return _choice(str(titles.get(position_id, "未知職位 unknown")), str(position_id))

    locked: dict[str, dict[str, Any]] = {_S_POS: {}, _S_DUTY: {}, _S_DEV: {}}
    for column, header in zip("ABCDEFGHI", _POS_HEADERS):
        locked[_S_POS][f"{column}1"] = header
    for r, p in enumerate(positions.itertuples(index=False), start=2):
        for column, value in zip("ABCDEF", (p.position_id, units.at[p.unit_id, "name"], p.title,
                                            title_of(p.reports_to), int(p.approved), int(p.filled))):
            locked[_S_POS][f"{column}{r}"] = value
    for column, header in zip("ABCDEF", _DUTY_HEADERS):
        locked[_S_DUTY][f"{column}1"] = header
    for r, d in enumerate(duties.itertuples(index=False), start=2):
        for column, value in zip("ABC", (d.duty_id, d.name, _choice(units.at[d.unit_id, "name"], d.unit_id))):
            locked[_S_DUTY][f"{column}{r}"] = value
    for column, header in zip("AB", _DEV_HEADERS):
        locked[_S_DEV][f"{column}1"] = header
    for r, question in enumerate(DEVELOPMENT_QUESTIONS.values(), start=2):
        locked[_S_DEV][f"A{r}"] = question
    managers = [title_of(p) for p in positions["position_id"]]
    head_manager = next((m for m in positions["reports_to"] if pd.notna(m) and m not in set(positions["position_id"])),
                        None)
    if head_manager is not None:
        managers.append(title_of(head_manager))
    return _Layout(
        unit_id=unit_id,
        unit_name=str(unit["name"]),
        structure_name=structure.name,
        units=[(u, str(units.at[u, "name"])) for u in unit_ids],
        positions=positions,
        duties=duties,
        manager_choices=managers,
        unit_choices=[_choice(str(units.at[u, "name"]), u) for u in unit_ids],
        all_unit_choices=[_choice(str(n), u) for u, n in zip(structure.units["unit_id"], structure.units["name"])],
        locked=locked,
    )


def _departments(structure: Structure) -> list[str]:
    units = structure.units
    return units.loc[units["kind"] == "department", "unit_id"].tolist()


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

    See Also
    --------
    make_forms : one form per department.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.workbook.protection import WorkbookProtection
    from openpyxl.worksheet.datavalidation import DataValidation

    from orgplan.tables.io import atomic_path

    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ParameterError(f"The 'path' parameter of make_form must end in .xlsx. Got {str(path)!r} instead.")
    layout = _layout(structure, unit_id)
    due_text = _date_text(due) if due is not None else None
    wb = Workbook()
    header_font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor=_HEADER_FILL)
    input_fill = PatternFill("solid", fgColor=_INPUT_FILL)
    locked_fill = PatternFill("solid", fgColor=_LOCKED_FILL)
    unlocked = Protection(locked=False)
    wrap = Alignment(wrap_text=True, vertical="top")

    def protect(ws) -> None:
        ws.protection.sheet = True
        ws.protection.formatColumns = False
        ws.protection.formatRows = False

    def headers(ws, names: Iterable[str], widths: Iterable[float]) -> None:
        for i, (name, width) in enumerate(zip(names, widths), start=1):
            cell = ws.cell(row=1, column=i, value=name)
            cell.font, cell.fill = header_font, header_fill
            ws.column_dimensions[cell.column_letter].width = width
        ws.freeze_panes = "A2"

    def make_input(cell) -> None:
        cell.protection, cell.fill = unlocked, input_fill

    def write_locked(ws, sheet: str, alignment: Alignment | None = None) -> None:
        """Write the sheet's current data (grey, locked) below its header row."""
        for cell_ref, value in layout.locked[sheet].items():
            if cell_ref[1:] != "1":
                ws[cell_ref] = value
                if alignment is not None:
                    ws[cell_ref].alignment = alignment
                ws[cell_ref].fill = locked_fill

    # -- 說明
    ws = wb.active
    ws.title = _S_HELP
    lines = [
        (f"{structure.name}　組織架構與編制調查表", Font(bold=True, size=14)),
        (f"部門：{layout.unit_name}（{unit_id}）", Font(bold=True)),
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
    protect(ws)

    # -- lists (hidden): drop-down sources
    lists = wb.create_sheet(_S_LISTS)
    for col, values in enumerate((layout.unit_choices, layout.manager_choices, layout.all_unit_choices), start=1):
        for r, value in enumerate(values, start=1):
            lists.cell(row=r, column=col, value=value)
    lists.sheet_state = "hidden"
    protect(lists)

    def list_validation(column: str, count: int, title: str) -> DataValidation:
        ref = f"{_S_LISTS}!${column}$1:${column}${max(count, 1)}"
        return DataValidation(type="list", formula1=f"={ref}", allow_blank=True, showErrorMessage=True,
                              errorTitle=title, error="請從下拉選單中選擇。")

    def whole(low: int, title: str) -> DataValidation:
        return DataValidation(type="whole", operator="between", formula1=str(low), formula2="9999",
                              allow_blank=True, showErrorMessage=True, errorTitle=title,
                              error=f"請填寫 {low} 或以上的整數。")

    # -- 職位
    ws = wb.create_sheet(_S_POS)
    headers(ws, _POS_HEADERS, (14, 14, 16, 22, 8, 8, 10, 10, 40))
    n = len(layout.positions)
    write_locked(ws, _S_POS)
    for r in range(2, n + 2):
        for column in _POS_INPUT:
            make_input(ws[f"{column}{r}"])
        ws[f"I{r}"].alignment = wrap
    if n:
        dv = whole(0, "明年編制")
        dv.add(f"G2:G{n + 1}")
        ws.add_data_validation(dv)
        dv = DataValidation(type="list", formula1=f'"{_KEEP},{_DROP}"', allow_blank=True, showErrorMessage=True,
                            errorTitle="處理建議", error=f"請選擇「{_KEEP}」或「{_DROP}」。")
        dv.add(f"H2:H{n + 1}")
        ws.add_data_validation(dv)
    protect(ws)

    # -- 新增職位
    ws = wb.create_sheet(_S_NEW)
    headers(ws, _NEW_HEADERS, (18, 20, 24, 8, 12, 40))
    last = _NEW_POSITION_ROWS + 1
    for r in range(2, last + 1):
        for column in "ABCDEF":
            make_input(ws[f"{column}{r}"])
    for validation, ref in (
        (list_validation("A", len(layout.unit_choices), "所屬單位"), f"B2:B{last}"),
        (list_validation("B", len(layout.manager_choices), "上級職位"), f"C2:C{last}"),
        (whole(1, "編制"), f"D2:D{last}"),
        (DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                        showErrorMessage=True, errorTitle="人均月成本", error="請填寫 0 或以上的數字。"),
         f"E2:E{last}"),
    ):
        validation.add(ref)
        ws.add_data_validation(validation)
    protect(ws)

    # -- 職能
    ws = wb.create_sheet(_S_DUTY)
    headers(ws, _DUTY_HEADERS, (14, 26, 22, 10, 22, 40))
    n = len(layout.duties)
    write_locked(ws, _S_DUTY)
    for r in range(2, n + 2):
        for column in _DUTY_INPUT:
            make_input(ws[f"{column}{r}"])
    for r in range(n + 2, n + 2 + _NEW_DUTY_ROWS):
        ws[f"A{r}"].fill = locked_fill
        for column in ("B", "C", "F"):
            make_input(ws[f"{column}{r}"])
    if n:
        dv = DataValidation(type="list", formula1=f'"{_KEEP},{_HAND_OVER}"', allow_blank=True,
                            showErrorMessage=True, errorTitle="處理建議", error=f"請選擇「{_KEEP}」或「{_HAND_OVER}」。")
        dv.add(f"D2:D{n + 1}")
        ws.add_data_validation(dv)
        dv = list_validation("C", len(layout.all_unit_choices), "移交給")
        dv.add(f"E2:E{n + 1}")
        ws.add_data_validation(dv)
    dv = list_validation("A", len(layout.unit_choices), "負責單位")
    dv.add(f"C{n + 2}:C{n + 1 + _NEW_DUTY_ROWS}")
    ws.add_data_validation(dv)
    protect(ws)

    # -- 發展
    ws = wb.create_sheet(_S_DEV)
    headers(ws, _DEV_HEADERS, (60, 80))
    write_locked(ws, _S_DEV, wrap)
    for r in range(2, len(DEVELOPMENT_QUESTIONS) + 2):
        make_input(ws[f"B{r}"])
        ws[f"B{r}"].alignment = wrap
        ws.row_dimensions[r].height = 60 if r < len(DEVELOPMENT_QUESTIONS) else 20
    date_row = list(DEVELOPMENT_QUESTIONS).index("filled_on") + 2
    dv = DataValidation(type="date", operator="greaterThan", formula1="36526", allow_blank=True,
                        showErrorMessage=True, errorTitle="填表日期", error="請填寫日期，例如 2027-01-20。")
    dv.add(f"B{date_row}")
    ws.add_data_validation(dv)
    protect(ws)

    # -- form identity (very hidden): lets collect tell a real form from a re-typed one
    meta = wb.create_sheet(_S_META)
    for r, (key, value) in enumerate((("form", FORM_MARK), ("version", FORM_VERSION), ("unit_id", unit_id),
                                      ("unit_name", layout.unit_name), ("structure", structure.name),
                                      ("fingerprint", layout.fingerprint)), start=1):
        meta.cell(row=r, column=1, value=key)
        meta.cell(row=r, column=2, value=value)
    meta.sheet_state = "veryHidden"
    protect(meta)

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
    departments = _departments(structure)
    if not departments:
        raise ParameterError("The 'structure' parameter of make_forms must have units of kind 'department'. "
                             "Got none instead.")
    folder.mkdir(parents=True, exist_ok=True)
    rows, used = [], set()
    for unit_id in departments:
        layout = _layout(structure, unit_id)
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
    from orgplan.yearplan.plan import _parse_date

    parsed = _parse_date(value)
    if parsed is None:
        raise ParameterError(f"The 'due' parameter must be a date such as '2027-01-22'. Got {value!r} instead.")
    return parsed.isoformat()


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
    from openpyxl import load_workbook

    from orgplan.tables.io import atomic_path

    path = Path(path)
    wb = load_workbook(path)
    unit_id = _meta(wb).get("unit_id")
    pos = wb[_S_POS]
    rows = {pos[f"A{r}"].value: r for r in range(2, pos.max_row + 1) if pos[f"A{r}"].value}
    duty_ws = wb[_S_DUTY]
    duty_rows = {duty_ws[f"A{r}"].value: r for r in range(2, duty_ws.max_row + 1) if duty_ws[f"A{r}"].value}
    choices = _lists(wb)

    def need(kind: str, key: str, known: Mapping[str, Any]) -> int:
        if key not in known:
            raise ParameterError(f"The 'answers' parameter of fill_form names {kind} {key!r}, which the form of "
                                 f"{unit_id} does not have.")
        return known[key]

    def label(ident: str, pool: list[str], kind: str) -> str:
        hit = next((c for c in pool if c.endswith(f"({ident})")), None)
        if hit is None:
            raise ParameterError(f"The 'answers' parameter of fill_form names {kind} {ident!r}, which is not "
                                 f"among the form's choices.")
        return hit

    for position_id, count in answers.establishment.items():
        pos[f"G{need('position', position_id, rows)}"] = count
    for position_id in answers.remove:
        pos[f"H{need('position', position_id, rows)}"] = _DROP
    for position_id, reason in answers.reasons.items():
        pos[f"I{need('position', position_id, rows)}"] = reason
    new = wb[_S_NEW]
    if len(answers.new_positions) > _NEW_POSITION_ROWS:
        raise ParameterError(f"The 'answers' parameter of fill_form has {len(answers.new_positions)} new positions; "
                             f"the form has rows for {_NEW_POSITION_ROWS}.")
    for r, p in enumerate(answers.new_positions, start=2):
        new[f"A{r}"] = p.title
        new[f"B{r}"] = label(p.unit_id, choices["units"], "unit")
        new[f"C{r}"] = label(p.reports_to, choices["managers"], "manager position")
        new[f"D{r}"] = p.approved
        new[f"E{r}"] = p.monthly_cost
        new[f"F{r}"] = p.reason
    for duty_id, to_unit in answers.hand_over.items():
        r = need("duty", duty_id, duty_rows)
        duty_ws[f"D{r}"] = _HAND_OVER
        duty_ws[f"E{r}"] = label(to_unit, choices["all_units"], "unit")
    for duty_id, note in answers.duty_notes.items():
        duty_ws[f"F{need('duty', duty_id, duty_rows)}"] = note
    first_new = len(duty_rows) + 2
    if len(answers.new_duties) > _NEW_DUTY_ROWS:
        raise ParameterError(f"The 'answers' parameter of fill_form has {len(answers.new_duties)} new duties; "
                             f"the form has rows for {_NEW_DUTY_ROWS}.")
    for r, d in enumerate(answers.new_duties, start=first_new):
        duty_ws[f"B{r}"] = d.name
        duty_ws[f"C{r}"] = label(d.unit_id, choices["units"], "unit")
        duty_ws[f"F{r}"] = d.note
    dev = wb[_S_DEV]
    for r, key in enumerate(DEVELOPMENT_QUESTIONS, start=2):
        if key in answers.development:
            value: Any = answers.development[key]
            if key == "filled_on":
                from orgplan.yearplan.plan import _parse_date

                value = _parse_date(value) or value
            dev[f"B{r}"] = value
    target = Path(out) if out is not None else path
    with atomic_path(target) as tmp:
        wb.save(tmp)
    return target


def _meta(wb) -> dict[str, str]:
    if _S_META not in wb.sheetnames:
        return {}
    ws = wb[_S_META]
    return {str(ws.cell(row=r, column=1).value): str(ws.cell(row=r, column=2).value or "")
            for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value}


def _lists(wb) -> dict[str, list[str]]:
    ws = wb[_S_LISTS]
    out = {}
    for col, key in ((1, "units"), (2, "managers"), (3, "all_units")):
        out[key] = [str(ws.cell(row=r, column=col).value) for r in range(1, ws.max_row + 1)
                    if ws.cell(row=r, column=col).value not in (None, "")]
    return out


# ========================================================================= read
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
    from openpyxl import load_workbook

    path = Path(path)
    book = path.name
    problems: list[FormProblem] = []

    def problem(code: str, sheet: str | None, cell: str | None, value: Any, expected: str,
                department: str | None = None, severity: str = "error") -> None:
        problems.append(FormProblem(severity, code, department, book, sheet, cell,
                                    None if value is None else str(value), expected))

    try:
        wb = load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        problem("unreadable", None, None, None,
                f"an Excel .xlsx survey form that opens ({type(exc).__name__}: {exc})")
        return None, None, problems
    meta = _meta(wb)
    if meta.get("form") != FORM_MARK:
        problem("retyped_form", None, None, None,
                "a survey form made by `orgplan survey make`: this workbook lacks the form's hidden identity sheet, "
                "so it was re-typed or copied into a new file; fill in the form that was sent out (or ask the "
                "administration department for a new one)")
        return None, None, problems
    unit_id = meta.get("unit_id") or None
    departments = _departments(structure)
    if unit_id not in departments:
        problem("unknown_department", _S_HELP, None, unit_id,
                f"a form of a department of {structure.name!r} ({', '.join(departments)})", unit_id)
        return unit_id, None, problems
    layout = _layout(structure, unit_id)
    if meta.get("fingerprint") != layout.fingerprint:
        made_from = meta.get("structure") or "?"
        problem("other_structure", None, None, None,
                f"a form made from {structure.name!r}; this one was made from {made_from!r} and its pre-filled "
                "cells differ, so collect it against the structure it was made from", unit_id)
        return unit_id, None, problems
    missing = [s for s in (_S_POS, _S_NEW, _S_DUTY, _S_DEV) if s not in wb.sheetnames]
    if missing:
        for sheet in missing:
            problem("retyped_form", sheet, None, None,
                    f"the sheet {sheet!r} of the form; do not rename or delete sheets", unit_id)
        return unit_id, None, problems

    bad_rows: dict[str, set[int]] = {s: set() for s in (_S_POS, _S_NEW, _S_DUTY, _S_DEV)}
    known_positions = set(structure.positions["position_id"])
    for sheet, cells in layout.locked.items():
        ws = wb[sheet]
        for cell_ref, expected in cells.items():
            got = ws[cell_ref].value
            if _same(got, expected):
                continue
            row = int(re.sub(r"\D", "", cell_ref))
            bad_rows[sheet].add(row)
            if sheet == _S_POS and cell_ref.startswith("A") and row > 1 and str(got or "").strip() \
                    and str(got).strip() not in known_positions:
                problem("unknown_position", sheet, cell_ref, got,
                        f"a position of the structure (the form had {expected!r} here); pre-filled cells must "
                        "not be changed", unit_id)
            else:
                problem("changed_prefilled", sheet, cell_ref, got,
                        f"the pre-filled {expected!r}; grey cells must not be changed (write proposals in the "
                        "yellow cells)", unit_id)
    ws = wb[_S_POS]
    n_pos = len(layout.positions)
    for r in range(n_pos + 2, ws.max_row + 1):
        values = [ws[f"{c}{r}"].value for c in "ABCDEFGHI"]
        if any(_blank(v) is False for v in values):
            ident = ws[f"A{r}"].value
            if not _blank(ident) and str(ident).strip() not in known_positions:
                problem("unknown_position", _S_POS, f"A{r}", ident,
                        "a position of the structure; to propose a new position use the sheet 新增職位", unit_id)
            else:
                problem("extra_row", _S_POS, f"A{r}", ident,
                        "no rows added below the positions; new positions go on the sheet 新增職位", unit_id)

    establishment: dict[str, int] = {}
    remove: list[str] = []
    reasons: dict[str, str] = {}
    for r, p in enumerate(layout.positions.itertuples(index=False), start=2):
        proposed = _count(ws[f"G{r}"].value, 0)
        action = _text(ws[f"H{r}"].value)
        reason = _text(ws[f"I{r}"].value)
        row_ok = r not in bad_rows[_S_POS]
        if proposed is _BAD:
            problem("not_a_number", _S_POS, f"G{r}", ws[f"G{r}"].value,
                    "a whole number of 0 or more (明年編制; leave empty when unchanged)", unit_id)
            row_ok = False
        if action not in (None, _KEEP, _DROP):
            problem("not_a_choice", _S_POS, f"H{r}", action, f"{_KEEP} or {_DROP} (處理建議)", unit_id)
            row_ok = False
        if action == _DROP and proposed is not _BAD and proposed not in (None, 0):
            problem("inconsistent", _S_POS, f"G{r}", proposed,
                    f"no establishment for a position proposed for {_DROP} (empty or 0)", unit_id)
            row_ok = False
        if not row_ok:
            continue
        if action == _DROP:
            remove.append(p.position_id)
        elif proposed is not None and proposed != int(p.approved):
            establishment[p.position_id] = proposed
        if reason is not None:
            reasons[p.position_id] = reason

    ws = wb[_S_NEW]
    unit_lookup = {u for u, _ in layout.units}
    new_positions: list[NewPosition] = []
    for r in range(2, ws.max_row + 1):
        cells = {c: ws[f"{c}{r}"].value for c in "ABCDEF"}
        if all(_blank(v) for v in cells.values()):
            continue
        ok = True
        title = _text(cells["A"])
        if title is None:
            problem("missing_value", _S_NEW, f"A{r}", None, "the new position's title (職位名稱)", unit_id)
            ok = False
        unit = _resolve(cells["B"], unit_lookup)
        if unit is None:
            problem("unknown_unit", _S_NEW, f"B{r}", cells["B"],
                    f"one of the department's units ({', '.join(layout.unit_choices)})", unit_id)
            ok = False
        manager = _resolve(cells["C"], known_positions, structure.positions)
        if manager is None:
            problem("unknown_position", _S_NEW, f"C{r}", cells["C"],
                    "the position it reports to, chosen from the list (上級職位)", unit_id)
            ok = False
        count = _count(cells["D"], 1)
        if count is None or count is _BAD:
            problem("not_a_number" if count is _BAD else "missing_value", _S_NEW, f"D{r}", cells["D"],
                    "a whole number of 1 or more (編制)", unit_id)
            ok = False
        cost = _money(cells["E"])
        if cost is None or cost is _BAD:
            problem("not_a_number" if cost is _BAD else "missing_value", _S_NEW, f"E{r}", cells["E"],
                    "a number of 0 or more (人均月成本, monthly cost per head)", unit_id)
            ok = False
        if ok:
            new_positions.append(NewPosition(title, unit, manager, count, cost, _text(cells["F"])))

    ws = wb[_S_DUTY]
    all_units = set(structure.units["unit_id"])
    hand_over: dict[str, str] = {}
    duty_notes: dict[str, str] = {}
    n_duty = len(layout.duties)
    for r, d in enumerate(layout.duties.itertuples(index=False), start=2):
        action, target, note = _text(ws[f"D{r}"].value), ws[f"E{r}"].value, _text(ws[f"F{r}"].value)
        ok = r not in bad_rows[_S_DUTY]
        if action not in (None, _KEEP, _HAND_OVER):
            problem("not_a_choice", _S_DUTY, f"D{r}", action, f"{_KEEP} or {_HAND_OVER} (處理建議)", unit_id)
            ok = False
        to_unit = _resolve(target, all_units)
        if action == _HAND_OVER and to_unit is None:
            problem("unknown_unit" if not _blank(target) else "missing_value", _S_DUTY, f"E{r}", target,
                    "the unit that takes the duty over, chosen from the list (移交給)", unit_id)
            ok = False
        elif action != _HAND_OVER and not _blank(target):
            problem("inconsistent", _S_DUTY, f"D{r}", action,
                    f"{_HAND_OVER} when 移交給 names a unit (or clear 移交給)", unit_id)
            ok = False
        elif action == _HAND_OVER and to_unit == d.unit_id:
            problem("inconsistent", _S_DUTY, f"E{r}", target, "another unit than the current owner",
                    unit_id)
            ok = False
        if not ok:
            continue
        if action == _HAND_OVER:
            hand_over[d.duty_id] = to_unit
        if note is not None:
            duty_notes[d.duty_id] = note
    new_duties: list[NewDuty] = []
    for r in range(n_duty + 2, ws.max_row + 1):
        name, owner, note = _text(ws[f"B{r}"].value), ws[f"C{r}"].value, _text(ws[f"F{r}"].value)
        extra = [ws[f"{c}{r}"].value for c in "ADE"]
        if name is None and _blank(owner) and note is None and all(_blank(v) for v in extra):
            continue
        ok = True
        if name is None:
            problem("missing_value", _S_DUTY, f"B{r}", None, "the new duty's name (職能)", unit_id)
            ok = False
        unit = _resolve(owner, unit_lookup)
        if unit is None:
            problem("unknown_unit", _S_DUTY, f"C{r}", owner,
                    f"one of the department's units ({', '.join(layout.unit_choices)})", unit_id)
            ok = False
        if ok:
            new_duties.append(NewDuty(name, unit, note))

    ws = wb[_S_DEV]
    development: dict[str, str] = {}
    for r, key in enumerate(DEVELOPMENT_QUESTIONS, start=2):
        value = ws[f"B{r}"].value
        if _blank(value):
            continue
        if key == "filled_on":
            from orgplan.yearplan.plan import _parse_date

            parsed = _parse_date(value)
            if parsed is None:
                problem("not_a_date", _S_DEV, f"B{r}", value, "a date written as YYYY-MM-DD (填表日期)",
                        unit_id)
                continue
            development[key] = parsed.isoformat()
        else:
            development[key] = str(value).strip()
    answers = FormAnswers(establishment=establishment, remove=tuple(remove), reasons=reasons,
                          new_positions=tuple(new_positions), hand_over=hand_over, duty_notes=duty_notes,
                          new_duties=tuple(new_duties), development=development)
    return unit_id, answers, problems


class _Bad:
    def __repr__(self) -> str:
        return "<bad>"


_BAD: Any = _Bad()


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str | None:
    return None if _blank(value) else str(value).strip()


def _same(got: Any, expected: Any) -> bool:
    if isinstance(expected, int) and not isinstance(expected, bool):
        return _count(got, 0) == expected
    return (_text(got) or "") == (_text(expected) or "")


def _count(value: Any, low: int) -> Any:
    """A whole number ≥ low, ``None`` when blank, ``_BAD`` otherwise."""
    if _blank(value):
        return None
    if isinstance(value, bool):
        return _BAD
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = unicodedata.normalize("NFKC", str(value)).strip().replace(",", "")
        if not re.fullmatch(r"-?\d+(\.0+)?", text):
            return _BAD
        number = float(text)
    if number != int(number) or number < low:
        return _BAD
    return int(number)


def _money(value: Any) -> Any:
    if _blank(value):
        return None
    if isinstance(value, bool):
        return _BAD
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = unicodedata.normalize("NFKC", str(value)).strip().replace(",", "")
        try:
            number = float(text)
        except ValueError:
            return _BAD
    return _BAD if number < 0 or number != number else number


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


# ====================================================================== collect
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
        ``department, department_name, question, answer`` — the 發展 sheets.
    problems : DataFrame
        :data:`PROBLEM_COLUMNS`, one row per problem, errors first; ``message``
        reads like "銷售部.xlsx[職位], cell G7: got '十二', expected …".
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
        from orgplan.organisation.scenario import Scenario

        return Scenario(name=name or f"{self.structure_name}：各部門調查建議", base=base, changes=self.changes,
                        description="由各部門調查表匯總的建議（orgplan survey collect）。")

    def draft(self, structure: Structure, name: str | None = None) -> Structure:
        """Apply every proposal to ``structure``; return the draft (raises ``ScenarioConflict`` if one cannot apply)."""
        return self.scenario(name).apply(structure)

    def _repr_html_(self) -> str:
        import html

        errors = int((self.problems["severity"] == "error").sum())
        head = (f"<p><b>{html.escape(self.structure_name)}</b>: {len(self.answers)} form(s) read, "
                f"{len(self.proposals)} proposal(s), {errors} error(s), "
                f"{len(self.problems) - errors} warning(s).</p>")
        shown = self.proposals[["department", "proposal", "position_id", "title", "current", "proposed", "duty",
                                "to_unit", "reason", "workbook", "cell"]]
        out = head + shown.to_html(index=False, na_rep="")
        if len(self.problems):
            out += self.problems[["severity", "code", "message"]].to_html(index=False)
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
        raise FileNotFoundError(f"{folder}: no such folder of returned survey forms.")
    expected = list(departments) if departments is not None else _departments(structure)
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
                                        f"one form per department; {sources[unit_id]} is already the form of "
                                        f"{unit_id}, so this one was not read"))
            continue
        answers[unit_id] = form
        sources[unit_id] = path.name
    seen = set(answers) | {p.department for p in problems if p.department}
    names = structure.units.set_index("unit_id")["name"]
    for unit_id in expected:
        if unit_id not in seen:
            problems.append(FormProblem("error", "missing_department", unit_id, f"{folder.name}/", None, None, None,
                                        f"a returned form from {names.get(unit_id, unit_id)} ({unit_id}); "
                                        "none was found"))
    proposals, development = _consolidate(structure, answers, sources)
    table = pd.DataFrame(
        [{"severity": p.severity, "code": p.code, "department": p.department, "workbook": p.workbook,
          "sheet": p.sheet, "cell": p.cell, "value": p.value, "message": str(p)} for p in problems],
        columns=PROBLEM_COLUMNS).astype(object)
    table = table.where(table.notna(), None)
    table = table.sort_values("severity", key=lambda s: s.map({"error": 0, "warning": 1}),
                              kind="stable").reset_index(drop=True)
    return SurveyResult(proposals=proposals, development=development, problems=table, answers=answers,
                        changes=_changes(structure, proposals), structure_name=structure.name)


def _consolidate(structure: Structure, answers: Mapping[str, FormAnswers],
                 sources: Mapping[str, str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    names = structure.units.set_index("unit_id")["name"]
    rows: list[dict[str, Any]] = []
    dev_rows: list[dict[str, Any]] = []
    for unit_id in [u for u in _departments(structure) if u in answers]:
        form, layout = answers[unit_id], _layout(structure, unit_id)
        book = sources[unit_id]
        base = {"department": unit_id, "department_name": str(names[unit_id]), "workbook": book}
        for r, p in enumerate(layout.positions.itertuples(index=False), start=2):
            common = {**base, "position_id": p.position_id, "title": p.title, "unit_id": p.unit_id,
                      "reports_to": p.reports_to if pd.notna(p.reports_to) else None,
                      "current": int(p.approved), "monthly_cost": float(p.monthly_cost),
                      "reason": form.reasons.get(p.position_id), "sheet": _S_POS}
            if p.position_id in form.remove:
                rows.append({**common, "proposal": "remove_position", "proposed": 0, "cell": f"H{r}"})
            elif p.position_id in form.establishment:
                rows.append({**common, "proposal": "set_establishment",
                             "proposed": form.establishment[p.position_id], "cell": f"G{r}"})
        for r, p in enumerate(form.new_positions, start=2):
            rows.append({**base, "proposal": "add_position", "title": p.title, "unit_id": p.unit_id,
                         "reports_to": p.reports_to, "current": 0, "proposed": p.approved,
                         "monthly_cost": p.monthly_cost, "reason": p.reason, "sheet": _S_NEW, "cell": f"A{r}"})
        for r, d in enumerate(layout.duties.itertuples(index=False), start=2):
            if d.duty_id in form.hand_over:
                rows.append({**base, "proposal": "hand_over_duty", "duty_id": d.duty_id, "duty": d.name,
                             "unit_id": d.unit_id, "to_unit": form.hand_over[d.duty_id],
                             "reason": form.duty_notes.get(d.duty_id), "sheet": _S_DUTY, "cell": f"E{r}"})
        for r, d in enumerate(form.new_duties, start=len(layout.duties) + 2):
            rows.append({**base, "proposal": "add_duty", "duty": d.name, "unit_id": d.unit_id,
                         "reason": d.note, "sheet": _S_DUTY, "cell": f"B{r}"})
        for key, question in DEVELOPMENT_QUESTIONS.items():
            if key in form.development:
                dev_rows.append({"department": unit_id, "department_name": str(names[unit_id]),
                                 "question": question, "answer": form.development[key]})
    proposals = pd.DataFrame(rows, columns=PROPOSAL_COLUMNS).astype(object)
    proposals = proposals.where(proposals.notna(), None)
    proposals["current"] = proposals["current"].astype("Int64")
    proposals["proposed"] = proposals["proposed"].astype("Int64")
    proposals["monthly_cost"] = proposals["monthly_cost"].astype(float)
    return proposals, pd.DataFrame(dev_rows, columns=["department", "department_name", "question", "answer"])


def _changes(structure: Structure, proposals: pd.DataFrame) -> tuple[Any, ...]:
    """Turn proposals into scenario changes, ordered so that they apply cleanly."""
    from orgplan.organisation.metrics import position_layers
    from orgplan.organisation.scenario import AddDuty, AddPosition, ReassignDuty, RemovePosition, SetEstablishment

    taken_positions = set(structure.positions["position_id"])
    taken_duties = set(structure.duties["duty_id"])

    def new_id(prefix: str, taken: set[str]) -> str:
        n = 1
        while f"{prefix}{n}" in taken:
            n += 1
        taken.add(f"{prefix}{n}")
        return f"{prefix}{n}"

    sets, adds, duties, moves, removes = [], [], [], [], []
    for row in proposals.itertuples(index=False):
        if row.proposal == "set_establishment":
            sets.append(SetEstablishment(row.position_id, int(row.proposed), was=int(row.current)))
        elif row.proposal == "add_position":
            adds.append(AddPosition(new_id(f"{row.unit_id}-NEW", taken_positions), row.unit_id, row.title,
                                    reports_to=row.reports_to, approved=int(row.proposed),
                                    monthly_cost=float(row.monthly_cost)))
        elif row.proposal == "add_duty":
            same = structure.duties[structure.duties["name"] == row.duty]
            if len(same) == 1 and pd.isna(same["unit_id"].iat[0]):  # a known gap: give it to the unit
                duties.append(ReassignDuty(same["duty_id"].iat[0], row.unit_id))
            elif len(same):  # a duty someone owns: the unit claims it too (checks will show the overlap)
                duties.append(AddDuty(same["duty_id"].iat[0], row.duty, row.unit_id))
            else:
                duties.append(AddDuty(new_id(f"D-NEW-{row.department}-", taken_duties), row.duty, row.unit_id))
        elif row.proposal == "hand_over_duty":
            moves.append(ReassignDuty(row.duty_id, row.to_unit, from_unit=row.unit_id))
        elif row.proposal == "remove_position":
            removes.append(row.position_id)
    # remove the deepest positions first, so each one's manager still exists when its reports move up
    layers = position_layers(structure).set_index("position_id")["layer"]
    removes.sort(key=lambda p: -(int(layers[p]) if pd.notna(layers[p]) else 0))
    managers = structure.positions.set_index("position_id")["reports_to"]
    has_reports = set(structure.positions["reports_to"].dropna()) | set(structure.positions.get(
        "dotted_line_to", pd.Series(dtype=object)).dropna()) | {a.reports_to for a in adds}
    removed: set[str] = set()
    remove_changes = []
    for position_id in removes:
        manager = managers.get(position_id)
        while manager is not None and pd.notna(manager) and manager in removed:
            manager = managers.get(manager)
        removed.add(position_id)
        needed = position_id in has_reports and manager is not None and pd.notna(manager)
        remove_changes.append(RemovePosition(position_id, reports_go_to=manager if needed else None))
    # new positions may report to a removed one: point them at its surviving manager
    fixed_adds = []
    for change in adds:
        manager = change.reports_to
        while manager in removed:
            manager = managers.get(manager)
        fixed_adds.append(change if manager == change.reports_to else
                          AddPosition(change.position_id, change.unit_id, change.title, reports_to=manager,
                                      approved=change.approved, monthly_cost=change.monthly_cost))
    return tuple(sets + fixed_adds + duties + moves + remove_changes)
