"""Duties per position and the authority table (权责表): who does what, who proposes, reviews, approves.

The seed asks that each position's duties be clear (每个职位职责清晰) and that
departments' powers and responsibilities be separated (区分各部门权责). Two
tables beside the structure's own say it:

``position_duties.csv`` — ``duty_id, position_id, role``: which position
*leads* (主责) each of the unit's duties and which *support* it (协助). The
rules in :mod:`orgplan.organisation.checks` check it inside each unit as the
unit-level rules do across units: a duty of a unit with no leading position
in that unit (a gap), a duty led by two positions (an overlap), a position
that neither leads nor supports any duty.

``authority.csv`` — ``decision_id, decision, scope, proposes, reviews,
approves, notes``: for each decision a dealership makes (hiring within the
establishment, the GM's special approval beyond it, discounts by size,
purchases by amount, refunds, overtime …) the positions (``position_id``)
that propose, review and approve it; several positions in one cell are
separated by ``、`` ``；`` or ``,``. The checks find a decision with no
approver, two approvers at one level, an approver that is vacant or not a
position, and one person approving what he proposes.

Examples
--------
>>> from orgplan import read_structure, sample_path
>>> s = read_structure(sample_path("approved-2027"))
>>> table = read_authority(sample_path("approved-2027/authority.csv"))
>>> table.loc[0, ["decision_id", "approves"]].tolist()
['A-HIRE', 'ADM-MGR']
>>> matrix = duty_matrix(s, read_position_duties(sample_path("approved-2027/position_duties.csv")), unit="CRM")
>>> matrix.loc["D-COMPLAINT"].tolist()
['lead', 'support']
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd

from orgplan.errors import DataError, Problem
from orgplan.i18n import N_, Translator
from orgplan.model.structure import Structure
from orgplan.tables.io import read_table
from orgplan.tables.schema import Column, Table, canonical_headers, localise, validate_tables

_ = Translator("booklet")

__all__ = ["AUTHORITY", "POSITION_DUTIES", "DUTY_ROLES", "read_authority", "read_position_duties",
           "load_table", "position_list", "duty_matrix", "authority_display", "position_duties_display"]

#: A position's part in a duty, as written (主责 / 协助 …) → its code.
DUTY_ROLES = {"lead": "lead", "主责": "lead", "主責": "lead", "负责": "lead", "負責": "lead", "主": "lead",
              "support": "support", "协助": "support", "協助": "support", "配合": "support", "协": "support",
              "協": "support"}
DUTY_ROLE_LABELS = {"lead": N_("lead"), "support": N_("support")}

POSITION_DUTIES = Table(
    name="position_duties",
    id_column=None,
    sheet_aliases=("职位职责", "職位職責"),
    columns=(
        Column("duty_id", "id", aliases=("职能编号", "職能編號", "权责编号", "權責編號"),
               expected=N_("the duty_id of a duty in duties.csv"), label=N_("duty id")),
        Column("position_id", "id", aliases=("职位编号", "職位編號", "岗位编号", "崗位編號"),
               expected=N_("the position_id of a position in positions.csv"), label=N_("position id")),
        Column("role", "choice", choices=DUTY_ROLES, aliases=("角色", "分工"), choice_labels=DUTY_ROLE_LABELS,
               expected=N_("lead or support (主责 / 协助)"), label=N_("role")),
    ),
)

AUTHORITY = Table(
    name="authority",
    id_column="decision_id",
    sheet_aliases=("权责表", "權責表"),
    columns=(
        Column("decision_id", "id", aliases=("编号", "編號", "事项编号", "事項編號"),
               expected=N_("a short id such as 'A-HIRE'"), label=N_("decision id")),
        Column("decision", "text", aliases=("事项", "事項", "决策事项", "決策事項", "权责事项", "權責事項"),
               expected=N_("the decision, e.g. 'discount on a new car'"), label=N_("decision")),
        Column("scope", "text", required=False, blank_ok=True,
               aliases=("权限范围", "權限範圍", "范围", "範圍", "条件", "條件", "金额", "金額"),
               expected=N_("the size or condition this row covers, e.g. '≤ 3,000 元'"), label=N_("scope")),
        Column("proposes", "text", blank_ok=True, aliases=("提出", "发起", "發起", "提议", "提議", "经办", "經辦"),
               expected=N_("the position_id(s) that propose"), label=N_("proposes")),
        Column("reviews", "text", required=False, blank_ok=True, aliases=("审核", "審核", "复核", "複核"),
               expected=N_("the position_id(s) that review"), label=N_("reviews")),
        Column("approves", "text", blank_ok=True, aliases=("批准", "审批", "審批", "核准"),
               expected=N_("the one position_id that approves"), label=N_("approves")),
        Column("notes", "text", required=False, blank_ok=True, aliases=("备注", "備註", "说明", "說明"),
               expected=N_("free text"), label=N_("notes")),
    ),
)

_SPLIT = re.compile(r"[、；;,，/\s]+")


def position_list(cell: object) -> list[str]:
    """The position ids written in one cell of the authority table.

    Examples
    --------
    >>> position_list("SHOW-MGR、SAL-DIR")
    ['SHOW-MGR', 'SAL-DIR']
    >>> position_list(None)
    []
    """
    if cell is None or (isinstance(cell, float) and cell != cell) or cell is pd.NA:
        return []
    return [part for part in _SPLIT.split(str(cell).strip()) if part]


def load_table(path: str | os.PathLike, table: Table) -> tuple[pd.DataFrame, list[Problem]]:
    """Read one of these tables leniently: the typed rows (with ``_row``, the spreadsheet row) and the bad cells.

    Raises
    ------
    FileNotFoundError
        If there is no such file.
    DataError
        If the header row lacks a column (the table cannot be read at all).
    """
    file = str(path)
    raw = read_table(Path(path))
    mapping, problems = canonical_headers(table, [str(c) for c in raw.columns], file)
    if problems:
        raise DataError(problems, _("{file}: the header row has problems").format(file=file))
    frame = raw.rename(columns=mapping)[list(mapping.values())]
    typed, problems, _flagged = validate_tables({table.name: table}, {table.name: frame}, {table.name: file})
    return typed[table.name], problems


def _strict(path: str | os.PathLike, table: Table) -> pd.DataFrame:
    frame, problems = load_table(path, table)
    if problems:
        raise DataError(problems, _.ngettext("{file}: {count} problem", "{file}: {count} problems",
                                             len(problems)).format(file=path, count=len(problems)))
    return frame.drop(columns="_row")


def read_authority(path: str | os.PathLike) -> pd.DataFrame:
    """Read an authority table (权责表) and check its cells; the positions named are checked by :func:`orgplan.check`.

    Returns
    -------
    DataFrame
        ``decision_id, decision, scope, proposes, reviews, approves, notes``, empty cells missing.

    Raises
    ------
    DataError
        Every bad cell with its file, row and column.
    """
    return _strict(path, AUTHORITY)


def read_position_duties(path: str | os.PathLike) -> pd.DataFrame:
    """Read which position leads or supports which duty (``position_duties.csv``), checking every cell.

    Raises
    ------
    DataError
        Every bad cell with its file, row and column (a role that is not lead / support …).
    """
    return _strict(path, POSITION_DUTIES)


def duty_matrix(structure: Structure, position_duties: pd.DataFrame, *, unit: str | None = None) -> pd.DataFrame:
    """The duty × position matrix: one row per duty, one column per position, ``lead`` / ``support`` / empty.

    Parameters
    ----------
    structure : Structure
    position_duties : DataFrame
        As :func:`read_position_duties` returns it.
    unit : str, optional
        Only the duties owned by this unit and beneath it, and its positions.

    Returns
    -------
    DataFrame
        Indexed by ``duty_id`` (in the order of ``duties.csv``), columns the
        ``position_id`` s (in the order of ``positions.csv``) that lead or
        support one of them.

    Examples
    --------
    >>> import pandas as pd
    >>> from orgplan import read_structure, sample_path
    >>> s = read_structure(sample_path("approved-2027"))
    >>> pd_ = pd.DataFrame({"duty_id": ["D-VISIT", "D-VISIT"], "position_id": ["CRM-MGR", "CRM-SPEC"],
    ...                     "role": ["lead", "support"]})
    >>> duty_matrix(s, pd_, unit="CRM").to_dict("index")
    {'D-VISIT': {'CRM-MGR': 'lead', 'CRM-SPEC': 'support'}, 'D-COMPLAINT': {'CRM-MGR': '', 'CRM-SPEC': ''}}
    """
    duties = structure.duties
    positions = structure.positions
    if unit is not None:
        units = set(structure.subunits(unit))
        duties = duties[duties["unit_id"].isin(units)]
        positions = positions[positions["unit_id"].isin(units)]
    duty_ids = list(dict.fromkeys(duties["duty_id"]))
    rows = position_duties[position_duties["duty_id"].isin(duty_ids)
                           & position_duties["position_id"].isin(set(positions["position_id"]))]
    order = [p for p in positions["position_id"] if p in set(rows["position_id"])] if unit is None else \
        list(positions["position_id"])
    matrix = pd.DataFrame("", index=pd.Index(duty_ids, name="duty_id"), columns=order, dtype=object)
    for row in rows.itertuples(index=False):
        current = matrix.at[row.duty_id, row.position_id]
        matrix.at[row.duty_id, row.position_id] = "lead" if "lead" in (current, row.role) else row.role
    return matrix


def authority_display(table: pd.DataFrame, structure: Structure | None = None) -> pd.DataFrame:
    """The authority table as people read it: headers in words and, with a structure, titles beside the ids."""
    out = table[[c for c in AUTHORITY.column_names if c in table.columns]].copy()
    if structure is not None:
        titles = structure.positions.set_index("position_id")["title"]
        for column in ("proposes", "reviews", "approves"):
            out[column] = [("、".join(f"{titles.get(p, p)}" for p in position_list(cell)) or None)
                           for cell in out[column]]
    out = localise(out, AUTHORITY).astype(object)
    return out.where(out.notna(), "")


def position_duties_display(matrix: pd.DataFrame, structure: Structure) -> pd.DataFrame:
    """A :func:`duty_matrix` as people read it: duty names, position titles, ● lead and ○ support."""
    names = structure.duties.drop_duplicates("duty_id").set_index("duty_id")["name"]
    titles = structure.positions.set_index("position_id")["title"]
    out = matrix.replace({"lead": "●", "support": "○"})
    out.index = [f"{names.get(d, d)}" for d in matrix.index]
    out.index.name = _("Duty")
    out.columns = [f"{titles.get(p, p)}" for p in matrix.columns]
    return out
