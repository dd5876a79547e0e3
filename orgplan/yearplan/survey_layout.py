"""The survey form's layout: what making, filling and reading a department's form agree on.

A form (调查表) is an Excel workbook with these sheets (see
:mod:`orgplan.yearplan.survey`): 说明 (instructions), 职位 (positions),
新增职位 (new positions), 职能 (duties), 发展 (development), and two hidden
ones: ``_lists`` (the drop-down choices) and ``_form`` (the form's
identity and language, so a re-typed copy is told apart). The sheets' columns are
:class:`~orgplan.tables.schema.Table` definitions: each column's label
(marked ``N_``) is the header written on the form in the language it is made
in, its position the spreadsheet column.

A form speaks the language in force when it is made — sheet names,
headers, instructions, questions and drop-down values (简体中文, 繁體中文 or
English) — and is read back whichever language it was made in.

The records of what a department wrote (:class:`FormAnswers`,
:class:`NewPosition`, :class:`NewDuty`) and of what is wrong in a returned
form (:class:`FormProblem`) live here too, with :func:`form_layout`, the
form's contents computed from the structure.

Examples
--------
>>> sheet_columns(POSITION_SHEET)["proposed"], sheet_headers(DEVELOPMENT_SHEET)
('G', ('Question', 'Answer'))
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Mapping

import pandas as pd

from orgplan.errors import ParameterError
from orgplan.i18n import LANGUAGES, N_, Translator, every_translation, get_language, language
from orgplan.model.structure import Structure
from orgplan.tables.schema import Column, Table, header_key

_ = Translator("yearplan")

__all__ = [
    "FORM_MARK", "FORM_VERSION", "DEVELOPMENT_QUESTIONS", "KEEP", "DROP", "HAND_OVER",
    "NEW_POSITION_ROWS", "NEW_DUTY_ROWS",
    "SHEET_HELP", "SHEET_LISTS", "SHEET_IDENTITY",
    "POSITION_SHEET", "NEW_POSITION_SHEET", "DUTY_SHEET", "DEVELOPMENT_SHEET",
    "sheet_headers", "sheet_columns",
    "NewPosition", "NewDuty", "FormAnswers", "FormProblem",
    "FormLayout", "form_layout", "departments", "choice_label", "form_identity", "form_choices",
    "sheet_name", "action_code", "ACTION_LABELS", "FORM_SHEETS", "form_sheets",
    "WORKLOAD_SHEET", "WORKLOAD_HOURS_LIMIT", "workload_headers", "column_letter",
]

#: Written into the hidden ``_form`` sheet: tells a form made by orgplan from a re-typed workbook.
FORM_MARK = "orgplan-survey"
FORM_VERSION = "1"

#: The questions of the development sheet: key → question (the key is how answers are named in code;
#: the question is marked ``N_`` and written on the form in its language).
DEVELOPMENT_QUESTIONS: dict[str, str] = {
    "structure_issues": N_("Are the current structure and establishment reasonable? What problems are there "
                           "(unclear duties, uneven workloads, long processes, passing the buck, etc.)?"),
    "development": N_("The department's expected business development in the next one to three years "
                      "(business volume, new business, new models, new stores, etc.)"),
    "staffing_needs": N_("What the department needs in people and skills to support this development"),
    "suggestions": N_("Other opinions and suggestions on the company's organisational structure"),
    "filled_by": N_("Filled in by (name, position)"),
    "filled_on": N_("Date filled in (YYYY-MM-DD)"),
}

#: The codes of the suggested action (处理建议) for a position or a duty.
KEEP, DROP, HAND_OVER = "keep", "drop", "hand_over"

#: What the drop-downs show for each action, in the form's language.
ACTION_LABELS: dict[str, str] = {KEEP: N_("keep"), DROP: N_("drop"), HAND_OVER: N_("hand over")}

#: Empty rows a form has for new positions and for new duties.
NEW_POSITION_ROWS = 15
NEW_DUTY_ROWS = 10

#: The instructions sheet's name (marked ``N_``; :func:`sheet_name` gives it in the language in force), and the
#: two hidden sheets' (codes, never shown).
SHEET_HELP, SHEET_LISTS, SHEET_IDENTITY = N_("Instructions"), "_lists", "_form"

#: Positions: one row per position; grey columns pre-filled, next year's establishment / action / reason to fill in.
POSITION_SHEET = Table(
    name=N_("Positions"),
    id_column="position_id",
    columns=(
        Column("position_id", "id", label=N_("Position id")),
        Column("unit", "text", label=N_("Unit")),
        Column("title", "text", label=N_("Position")),
        Column("reports_to", "text", label=N_("Reports to")),
        Column("approved", "count", label=N_("Current establishment")),
        Column("filled", "count", label=N_("In post")),
        Column("proposed", "count", required=False, blank_ok=True, label=N_("Next year's establishment"),
               expected=N_("a whole number of 0 or more (next year's establishment; leave empty when unchanged)")),
        Column("action", "choice", required=False, blank_ok=True, label=N_("Suggested action"),
               choice_labels={KEEP: ACTION_LABELS[KEEP], DROP: ACTION_LABELS[DROP]},
               expected=N_("keep or drop, chosen from the list (suggested action)")),
        Column("reason", "text", required=False, blank_ok=True, label=N_("Reason")),
    ),
)

#: New positions: one row per new position the department asks for.
NEW_POSITION_SHEET = Table(
    name=N_("New positions"),
    id_column=None,
    columns=(
        Column("title", "text", label=N_("Position title"), expected=N_("the new position's title")),
        Column("unit_id", "id", label=N_("Unit"), expected=N_("one of the department's units")),
        Column("reports_to", "id", label=N_("Reports to"),
               expected=N_("the position it reports to, chosen from the list")),
        Column("approved", "count", label=N_("Establishment"), expected=N_("a whole number of 1 or more")),
        Column("monthly_cost", "money", label=N_("Monthly cost per head"),
               expected=N_("a number of 0 or more (monthly cost per head)")),
        Column("reason", "text", required=False, blank_ok=True, label=N_("Reason")),
    ),
)

#: Duties: one row per duty (hand it over, or keep it), then empty rows for new duties.
DUTY_SHEET = Table(
    name=N_("Duties"),
    id_column="duty_id",
    columns=(
        Column("duty_id", "id", label=N_("Duty id")),
        Column("name", "text", label=N_("Duty"), expected=N_("the new duty's name")),
        Column("unit_id", "id", label=N_("Owning unit"), expected=N_("one of the department's units")),
        Column("action", "choice", required=False, blank_ok=True, label=N_("Suggested action"),
               choice_labels={KEEP: ACTION_LABELS[KEEP], HAND_OVER: ACTION_LABELS[HAND_OVER]},
               expected=N_("keep or hand over, chosen from the list (suggested action)")),
        Column("to_unit", "id", required=False, blank_ok=True, label=N_("Hand over to"),
               expected=N_("the unit that takes the duty over, chosen from the list (hand over to)")),
        Column("note", "text", required=False, blank_ok=True, label=N_("Note")),
    ),
)

#: Development: the department's answers to :data:`DEVELOPMENT_QUESTIONS`, one per row.
DEVELOPMENT_SHEET = Table(
    name=N_("Development"),
    id_column=None,
    columns=(
        Column("question", "text", label=N_("Question")),
        Column("answer", "text", required=False, blank_ok=True, label=N_("Answer")),
    ),
)


def sheet_name(sheet: Table | str) -> str:
    """A form's sheet as it is named in the language in force (``Table`` or :data:`SHEET_HELP`).

    Examples
    --------
    >>> from orgplan.i18n import language
    >>> with language("zh-Hant"):
    ...     sheet_name(POSITION_SHEET), sheet_name(SHEET_HELP)
    ('職位', '說明')
    """
    return _(sheet.name if isinstance(sheet, Table) else sheet)


def sheet_headers(table: Table) -> tuple[str, ...]:
    """The header row a form's sheet is written with: each column's label in the language in force.

    Examples
    --------
    >>> from orgplan.i18n import language
    >>> with language("zh-Hans"):
    ...     sheet_headers(NEW_POSITION_SHEET)
    ('职位名称', '所属单位', '上级职位', '编制', '人均月成本', '理由')
    """
    return tuple(_(c.label) for c in table.columns)


def action_code(value: Any) -> str | None:
    """The code of a suggested action written in any language (保留/撤销/撤銷/drop …); the text itself if unknown.

    Examples
    --------
    >>> action_code("撤銷"), action_code("撤销"), action_code("drop"), action_code(None), action_code("保持")
    ('drop', 'drop', 'drop', None, '保持')
    """
    if value is None or str(value).strip() == "":
        return None
    text = str(value).strip()
    key = header_key(text)
    for code, label in ACTION_LABELS.items():
        if key in {header_key(w) for w in (code, *every_translation(label))}:
            return code
    return text


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
        Answers on the development sheet (发展), keys from :data:`DEVELOPMENT_QUESTIONS`.
    language : str, optional
        The language of the form they were read from (not compared).

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
    #: the language the form was written in (set by ``read_form``; not part of the answers' equality)
    language: str | None = field(default=None, compare=False)

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
            raise ParameterError(_("The 'development' parameter of FormAnswers must use the keys {keys}. "
                               "Got {value} instead.").format(keys=", ".join(DEVELOPMENT_QUESTIONS),
                                                              value=repr(sorted(unknown))))

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
    >>> print(FormProblem("error", "not_a_number", "SALES", "销售部.xlsx", "职位", "G7", "十二",
    ...                   "a whole number of 0 or more"))
    销售部.xlsx[职位], cell G7: got '十二', expected a whole number of 0 or more.
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
        where = self.workbook or _("(survey)")
        if self.sheet:
            where += f"[{self.sheet}]"
        if self.cell:
            where = _("{where}, cell {cell}").format(where=where, cell=self.cell)
        if self.value is None:
            return _("{where}: expected {expected}.").format(where=where, expected=self.expected)
        return _("{where}: got {value}, expected {expected}.").format(where=where, value=repr(self.value),
                                                                      expected=self.expected)


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
    language : str
        The language the form is written in (the one in force when the layout was computed).
    sheets : dict
        The sheets' names in that language: keys ``help``, ``positions``, ``new_positions``, ``duties``,
        ``development``.
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
    #: the language the form is written in, and its sheets' names in it (``{"positions": "职位", …}``)
    language: str = "zh-Hans"
    sheets: dict[str, str] = field(default_factory=dict)

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
    >>> choice_label("销售部", "SALES")
    '销售部 (SALES)'
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
    >>> len(layout.positions), layout.locked["Positions"]["A5"], layout.unit_choices[1][-12:]
    (9, 'SHOW-CONS', '(SALES-SHOW)')
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
        return choice_label(str(titles.get(position_id, _("unknown position"))), str(position_id))

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
        language=get_language(),
        sheets={key: sheet_name(sheet) for key, sheet in FORM_SHEETS.items()},
    )


#: The sheets of a form people see, by key (their names are marked ``N_`` and follow the form's language).
FORM_SHEETS: dict[str, Table | str] = {"help": SHEET_HELP, "positions": POSITION_SHEET,
                                   "new_positions": NEW_POSITION_SHEET, "duties": DUTY_SHEET,
                                   "development": DEVELOPMENT_SHEET}


def _in_tree_order(table: pd.DataFrame, unit_ids: list[str]) -> pd.DataFrame:
    """The rows of the given units, ordered as the units are (table order within a unit)."""
    order = {u: i for i, u in enumerate(unit_ids)}
    rows = table[table["unit_id"].isin(order)]
    rows = rows.assign(_o=rows["unit_id"].map(order)).sort_values("_o", kind="stable")
    return rows.drop(columns="_o").reset_index(drop=True)


def _locked_cells(positions: pd.DataFrame, duties: pd.DataFrame, names: pd.Series,
                  title_of: Any) -> dict[str, dict[str, Any]]:
    """The grey cells: each sheet's header row and the structure's data, ``{sheet: {cell: value}}``."""
    locked: dict[str, dict[str, Any]] = {sheet_name(POSITION_SHEET): {}, sheet_name(DUTY_SHEET): {},
                                         sheet_name(DEVELOPMENT_SHEET): {}}
    cells = locked[sheet_name(POSITION_SHEET)]
    for column, header in zip("ABCDEFGHI", sheet_headers(POSITION_SHEET)):
        cells[f"{column}1"] = header
    for r, p in enumerate(positions.itertuples(index=False), start=2):
        for column, value in zip("ABCDEF", (p.position_id, names[p.unit_id], p.title, title_of(p.reports_to),
                                            int(p.approved), int(p.filled))):
            cells[f"{column}{r}"] = value
    cells = locked[sheet_name(DUTY_SHEET)]
    for column, header in zip("ABCDEF", sheet_headers(DUTY_SHEET)):
        cells[f"{column}1"] = header
    for r, d in enumerate(duties.itertuples(index=False), start=2):
        for column, value in zip("ABC", (d.duty_id, d.name, choice_label(names[d.unit_id], d.unit_id))):
            cells[f"{column}{r}"] = value
    cells = locked[sheet_name(DEVELOPMENT_SHEET)]
    for column, header in zip("AB", sheet_headers(DEVELOPMENT_SHEET)):
        cells[f"{column}1"] = header
    for r, question in enumerate(DEVELOPMENT_QUESTIONS.values(), start=2):
        cells[f"A{r}"] = _(question)
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


def form_sheets(workbook: Any) -> tuple[str, dict[str, str]]:
    """The language a form was made in and its sheets' names: ``("zh-Hant", {"positions": "職位", …})``.

    The language is the one the hidden ``_form`` sheet records; a form made
    before forms recorded it (in Traditional Chinese) is told by its sheets'
    names. When no language matches, the recorded (or first) one is returned
    and the missing sheets are reported by whoever reads the form.
    """
    recorded = form_identity(workbook).get("language")
    candidates = [recorded] if recorded in LANGUAGES else []
    candidates += [lang for lang in LANGUAGES if lang not in candidates]
    found = []
    for lang in candidates:
        with language(lang):
            sheets = {key: sheet_name(sheet) for key, sheet in FORM_SHEETS.items()}
        if all(name in workbook.sheetnames for name in sheets.values()):
            return lang, sheets
        found.append((lang, sheets))
    return found[0]


# ================================================================ workload sheet
#: The workload sheet (工作量): one row per position, one column per duty of the department; each cell the hours
#: one person of the position spends on the duty in a normal week. It is not among :data:`FORM_SHEETS` (nor in the
#: form's fingerprint), so forms made before it existed still read back.
WORKLOAD_SHEET = N_("Workload")
#: The most hours a week a workload cell may hold.
WORKLOAD_HOURS_LIMIT = 84


def column_letter(index: int) -> str:
    """The spreadsheet letter of a 1-based column: 1 → ``A``, 27 → ``AA``.

    Examples
    --------
    >>> column_letter(3), column_letter(28)
    ('C', 'AB')
    """
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def workload_headers(layout: FormLayout) -> list[str]:
    """The workload sheet's header row: position id, position, then one ``"duty name (duty_id)"`` per duty.

    Examples
    --------
    >>> from orgplan import read_structure, sample_path
    >>> from orgplan.i18n import language
    >>> with language("en"):
    ...     workload_headers(form_layout(read_structure(sample_path("approved-2027")), "ADM"))[:3]
    ['Position id', 'Position', '组织架构与编制管理 (D-ORG)']
    """
    return [_("Position id"), _("Position"),
            *(choice_label(str(name), str(duty)) for duty, name in zip(layout.duties["duty_id"], layout.duties["name"]))]
