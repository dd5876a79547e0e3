"""The survey form's layout: what making, filling and reading a department's form agree on.

A form (調查表) is an Excel workbook with these sheets (see
:mod:`orgplan.yearplan.survey`): 說明 (instructions), 職位 (positions),
新增職位 (new positions), 職能 (duties), 發展 (development), and two hidden
ones: ``_lists`` (the drop-down choices) and ``_form`` (the form's
identity, so a re-typed copy is told apart). The sheets' columns are
:class:`~orgplan.tables.schema.Table` definitions: each column's first alias
is the header written on the form, its position the spreadsheet column.

The records of what a department wrote (:class:`FormAnswers`,
:class:`NewPosition`, :class:`NewDuty`) and of what is wrong in a returned
form (:class:`FormProblem`) live here too, with :func:`form_layout`, the
form's contents computed from the structure.

Examples
--------
>>> sheet_columns(POSITION_SHEET)["proposed"], sheet_headers(DEVELOPMENT_SHEET)
('G', ('問題', '回答'))
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Mapping

import pandas as pd

from orgplan.errors import ParameterError
from orgplan.model.structure import Structure
from orgplan.tables.schema import Column, Table

__all__ = [
    "FORM_MARK", "FORM_VERSION", "DEVELOPMENT_QUESTIONS", "KEEP", "DROP", "HAND_OVER",
    "NEW_POSITION_ROWS", "NEW_DUTY_ROWS",
    "SHEET_HELP", "SHEET_LISTS", "SHEET_IDENTITY",
    "POSITION_SHEET", "NEW_POSITION_SHEET", "DUTY_SHEET", "DEVELOPMENT_SHEET",
    "sheet_headers", "sheet_columns",
    "NewPosition", "NewDuty", "FormAnswers", "FormProblem",
    "FormLayout", "form_layout", "departments", "choice_label", "form_identity", "form_choices",
]

#: Written into the hidden ``_form`` sheet: tells a form made by orgplan from a re-typed workbook.
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

#: The choices of 處理建議 (what to do with a position or a duty).
KEEP, DROP, HAND_OVER = "保留", "撤銷", "移交"

#: Empty rows a form has for new positions and for new duties.
NEW_POSITION_ROWS = 15
NEW_DUTY_ROWS = 10

SHEET_HELP, SHEET_LISTS, SHEET_IDENTITY = "說明", "_lists", "_form"

#: 職位: one row per position; grey columns pre-filled, 明年編制 / 處理建議 / 理由 to fill in.
POSITION_SHEET = Table(
    name="職位",
    id_column="position_id",
    columns=(
        Column("position_id", "id", aliases=("職位編號",)),
        Column("unit", "text", aliases=("所屬單位",)),
        Column("title", "text", aliases=("職位",)),
        Column("reports_to", "text", aliases=("上級職位",)),
        Column("approved", "count", aliases=("現編制",)),
        Column("filled", "count", aliases=("在崗",)),
        Column("proposed", "count", required=False, blank_ok=True, aliases=("明年編制",),
               expected="a whole number of 0 or more (明年編制; leave empty when unchanged)"),
        Column("action", "choice", required=False, blank_ok=True, aliases=("處理建議",),
               choices={KEEP: "keep", DROP: "remove"}, expected=f"{KEEP} or {DROP} (處理建議)"),
        Column("reason", "text", required=False, blank_ok=True, aliases=("理由",)),
    ),
)

#: 新增職位: one row per new position the department asks for.
NEW_POSITION_SHEET = Table(
    name="新增職位",
    id_column=None,
    columns=(
        Column("title", "text", aliases=("職位名稱",), expected="the new position's title (職位名稱)"),
        Column("unit_id", "id", aliases=("所屬單位",), expected="one of the department's units"),
        Column("reports_to", "id", aliases=("上級職位",),
               expected="the position it reports to, chosen from the list (上級職位)"),
        Column("approved", "count", aliases=("編制",), expected="a whole number of 1 or more (編制)"),
        Column("monthly_cost", "money", aliases=("人均月成本",),
               expected="a number of 0 or more (人均月成本, monthly cost per head)"),
        Column("reason", "text", required=False, blank_ok=True, aliases=("理由",)),
    ),
)

#: 職能: one row per duty (hand it over, or keep it), then empty rows for new duties.
DUTY_SHEET = Table(
    name="職能",
    id_column="duty_id",
    columns=(
        Column("duty_id", "id", aliases=("職能編號",)),
        Column("name", "text", aliases=("職能",), expected="the new duty's name (職能)"),
        Column("unit_id", "id", aliases=("負責單位",), expected="one of the department's units"),
        Column("action", "choice", required=False, blank_ok=True, aliases=("處理建議",),
               choices={KEEP: "keep", HAND_OVER: "hand_over"}, expected=f"{KEEP} or {HAND_OVER} (處理建議)"),
        Column("to_unit", "id", required=False, blank_ok=True, aliases=("移交給",),
               expected="the unit that takes the duty over, chosen from the list (移交給)"),
        Column("note", "text", required=False, blank_ok=True, aliases=("說明",)),
    ),
)

#: 發展: the department's answers to :data:`DEVELOPMENT_QUESTIONS`, one per row.
DEVELOPMENT_SHEET = Table(
    name="發展",
    id_column=None,
    columns=(
        Column("question", "text", aliases=("問題",)),
        Column("answer", "text", required=False, blank_ok=True, aliases=("回答",)),
    ),
)


def sheet_headers(table: Table) -> tuple[str, ...]:
    """The header row a form's sheet is written with: each column's first alias, its Chinese name.

    Examples
    --------
    >>> sheet_headers(NEW_POSITION_SHEET)
    ('職位名稱', '所屬單位', '上級職位', '編制', '人均月成本', '理由')
    """
    return tuple(c.aliases[0] for c in table.columns)


def sheet_columns(table: Table) -> dict[str, str]:
    """``{column name: spreadsheet column letter}`` of a form's sheet, in the order of its header row.

    Examples
    --------
    >>> sheet_columns(DUTY_SHEET)
    {'duty_id': 'A', 'name': 'B', 'unit_id': 'C', 'action': 'D', 'to_unit': 'E', 'note': 'F'}
    """
    return {c.name: "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[i] for i, c in enumerate(table.columns)}


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
    """What one department wrote into its form — the data ``fill_form`` writes and ``read_form`` reads.

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

    Examples
    --------
    >>> FormAnswers(remove=("B", "A", "B")).remove, FormAnswers().empty
    (('A', 'B'), True)
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
class FormLayout:
    """What a department's form holds, computed from the structure (making and reading share it).

    Attributes
    ----------
    unit_id, unit_name : str
        The department.
    structure_name : str
        The structure the form describes.
    units : list of (unit_id, name)
        The department and the units below it, in tree order.
    positions, duties : DataFrame
        The department's positions and duties, in the order the form lists them.
    manager_choices, unit_choices, all_unit_choices : list of str
        The drop-down choices: ``"title (id)"`` a new position may report to,
        ``"name (id)"`` of the department's units, and of every unit
        (hand-over targets).
    locked : dict
        ``{sheet: {cell: pre-filled value}}`` — the grey cells.
    """

    unit_id: str
    unit_name: str
    structure_name: str
    units: list[tuple[str, str]]
    positions: pd.DataFrame
    duties: pd.DataFrame
    manager_choices: list[str]
    unit_choices: list[str]
    all_unit_choices: list[str]
    locked: dict[str, dict[str, Any]]

    @property
    def fingerprint(self) -> str:
        """A short hash of the pre-filled cells: a form made from another structure has another one."""
        text = json.dumps({s: {c: str(v) for c, v in cells.items()} for s, cells in self.locked.items()},
                          ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def choice_label(label: str, ident: str) -> str:
    """How a drop-down shows a unit or position: ``"name (id)"``.

    Examples
    --------
    >>> choice_label("銷售部", "SALES")
    '銷售部 (SALES)'
    """
    return f"{label} ({ident})"


def departments(structure: Structure) -> list[str]:
    """The units that get a form: those of kind ``department``, in table order."""
    units = structure.units
    return units.loc[units["kind"] == "department", "unit_id"].tolist()


def form_layout(structure: Structure, unit_id: str) -> FormLayout:
    """The contents of ``unit_id``'s form: its positions, duties, choices and pre-filled cells.

    Examples
    --------
    >>> from orgplan import read_structure, sample_path
    >>> layout = form_layout(read_structure(sample_path("as-is-2026")), "SALES")
    >>> len(layout.positions), layout.locked["職位"]["A5"], layout.unit_choices[1]
    (9, 'SHOW-CONS', '展廳銷售組 (SALES-SHOW)')
    """
    unit_name = str(structure.unit(unit_id)["name"])
    unit_ids = structure.subunits(unit_id)
    names = structure.units.set_index("unit_id")["name"]
    positions = _in_tree_order(structure.positions, unit_ids)
    duties = _in_tree_order(structure.duties, unit_ids)
    titles = structure.positions.set_index("position_id")["title"]

    def title_of(position_id: Any) -> str:
        if position_id is None or pd.isna(position_id):
            return ""
        return choice_label(str(titles.get(position_id, "未知職位 unknown")), str(position_id))

    managers = [title_of(p) for p in positions["position_id"]]
    head_manager = next((m for m in positions["reports_to"] if pd.notna(m) and m not in set(positions["position_id"])),
                        None)
    if head_manager is not None:
        managers.append(title_of(head_manager))
    return FormLayout(
        unit_id=unit_id,
        unit_name=unit_name,
        structure_name=structure.name,
        units=[(u, str(names[u])) for u in unit_ids],
        positions=positions,
        duties=duties,
        manager_choices=managers,
        unit_choices=[choice_label(str(names[u]), u) for u in unit_ids],
        all_unit_choices=[choice_label(str(n), u) for u, n in zip(structure.units["unit_id"], structure.units["name"])],
        locked=_locked_cells(positions, duties, names, title_of),
    )


def _in_tree_order(table: pd.DataFrame, unit_ids: list[str]) -> pd.DataFrame:
    """The rows of the given units, ordered as the units are (table order within a unit)."""
    order = {u: i for i, u in enumerate(unit_ids)}
    rows = table[table["unit_id"].isin(order)]
    rows = rows.assign(_o=rows["unit_id"].map(order)).sort_values("_o", kind="stable")
    return rows.drop(columns="_o").reset_index(drop=True)


def _locked_cells(positions: pd.DataFrame, duties: pd.DataFrame, names: pd.Series,
                  title_of: Any) -> dict[str, dict[str, Any]]:
    """The grey cells: each sheet's header row and the structure's data, ``{sheet: {cell: value}}``."""
    locked: dict[str, dict[str, Any]] = {POSITION_SHEET.name: {}, DUTY_SHEET.name: {}, DEVELOPMENT_SHEET.name: {}}
    cells = locked[POSITION_SHEET.name]
    for column, header in zip("ABCDEFGHI", sheet_headers(POSITION_SHEET)):
        cells[f"{column}1"] = header
    for r, p in enumerate(positions.itertuples(index=False), start=2):
        for column, value in zip("ABCDEF", (p.position_id, names[p.unit_id], p.title, title_of(p.reports_to),
                                            int(p.approved), int(p.filled))):
            cells[f"{column}{r}"] = value
    cells = locked[DUTY_SHEET.name]
    for column, header in zip("ABCDEF", sheet_headers(DUTY_SHEET)):
        cells[f"{column}1"] = header
    for r, d in enumerate(duties.itertuples(index=False), start=2):
        for column, value in zip("ABC", (d.duty_id, d.name, choice_label(names[d.unit_id], d.unit_id))):
            cells[f"{column}{r}"] = value
    cells = locked[DEVELOPMENT_SHEET.name]
    for column, header in zip("AB", sheet_headers(DEVELOPMENT_SHEET)):
        cells[f"{column}1"] = header
    for r, question in enumerate(DEVELOPMENT_QUESTIONS.values(), start=2):
        cells[f"A{r}"] = question
    return locked


# ================================================================ hidden sheets
def form_identity(workbook: Any) -> dict[str, str]:
    """The hidden ``_form`` sheet of an (openpyxl) workbook as ``{key: value}``; ``{}`` when it has none."""
    if SHEET_IDENTITY not in workbook.sheetnames:
        return {}
    ws = workbook[SHEET_IDENTITY]
    return {str(ws.cell(row=r, column=1).value): str(ws.cell(row=r, column=2).value or "")
            for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value}


def form_choices(workbook: Any) -> dict[str, list[str]]:
    """The drop-down choices of the hidden ``_lists`` sheet: ``units``, ``managers`` and ``all_units``."""
    ws = workbook[SHEET_LISTS]
    out = {}
    for col, key in ((1, "units"), (2, "managers"), (3, "all_units")):
        out[key] = [str(ws.cell(row=r, column=col).value) for r in range(1, ws.max_row + 1)
                    if ws.cell(row=r, column=col).value not in (None, "")]
    return out
