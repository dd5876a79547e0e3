"""Restructuring scenarios (方案): change operations, scenario files, diff charts.

A *change* is a small frozen record — merge two units, move a position,
set an establishment (編制) — whose :meth:`~Change.apply` returns a **new**
:class:`~orgplan.Structure` and refuses impossible changes with a
:class:`~orgplan.errors.ChangeError` that says why. Every change can give
its :meth:`~Change.inverse`, so a scenario can always be undone.

A :class:`Scenario` is a base structure plus an ordered list of changes,
saved as a readable YAML file next to the data and replayable. Changes that
set a value may record the value they expect to find (``was``): replayed on
a base that has changed since, the scenario reports the conflict instead of
guessing.

A changed structure is a proposal: whatever the status of the input
(as-is, draft or approved), the result is a ``draft`` without
``approved_by``/``approved_on``. An approved structure is never edited in
place — see :mod:`orgplan.organisation.review`.

Examples
--------
>>> from orgplan import read_structure, sample_path
>>> from orgplan.organisation.scenario import MergeUnits, SetReportsTo, apply_changes
>>> as_is = read_structure(sample_path("as-is-2026"))
>>> merged = apply_changes(as_is, [MergeUnits("MKT", into="SALES"),
...                                SetReportsTo("MKT-MGR", "SAL-DIR", was="GM")])
>>> merged.position("MKT-PLAN")["unit_id"], merged.status
('SALES', 'draft')
>>> "MKT" in set(as_is.units["unit_id"])   # the input is untouched
True
>>> MergeUnits("AS", into="AS-WS").apply(as_is)
Traceback (most recent call last):
...
orgplan.errors.ChangeError: Cannot merge unit 'AS' (售後服務部) into 'AS-WS' (維修車間): 'AS-WS' is inside 'AS', so the unit would end up inside itself. Merge the other way round, or move 'AS-WS' out first.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import re
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, ClassVar, Iterable, Sequence

import pandas as pd
import yaml

from orgplan.model.tables import UNIT_KINDS
from orgplan.tables.yamlfile import child_node, key_line, load_yaml_with_lines
from orgplan.errors import ChangeError, DataError, ParameterError, Problem
from orgplan.model.structure import Structure

__all__ = [
    "Change",
    "AddUnit",
    "RemoveUnit",
    "RenameUnit",
    "MoveUnit",
    "MergeUnits",
    "SplitUnit",
    "AddPosition",
    "RemovePosition",
    "RenamePosition",
    "MovePosition",
    "SetEstablishment",
    "SetCost",
    "SetReportsTo",
    "SetDottedLine",
    "AddDuty",
    "RemoveDuty",
    "ReassignDuty",
    "Scenario",
    "ScenarioConflict",
    "apply_changes",
    "diff_chart",
    "diff_marks",
    "CHANGE_TYPES",
]

#: Every change type by its ``op`` name as written in scenario files.
CHANGE_TYPES: dict[str, type["Change"]] = {}


# ============================================================ parameter checks
def _fail(change: "Change", name: str, expected: str, value: Any) -> None:
    raise ParameterError(f"The {name!r} parameter of {type(change).__name__} must be {expected}. "
                         f"Got {value!r} instead.")


def _clean_id(change: "Change", name: str, *, optional: bool = False) -> None:
    value = getattr(change, name)
    if value is None and optional:
        return
    if not isinstance(value, str) or not value.strip() or "\n" in value:
        _fail(change, name, "an id such as 'SALES' (text on one line)"
              + (", or None" if optional else ""), value)
    object.__setattr__(change, name, value.strip())


def _clean_text(change: "Change", name: str, *, optional: bool = False) -> None:
    value = getattr(change, name)
    if value is None and optional:
        return
    if not isinstance(value, str) or not value.strip():
        _fail(change, name, "non-empty text", value)
    object.__setattr__(change, name, value.strip())


def _clean_count(change: "Change", name: str, *, optional: bool = False) -> None:
    value = getattr(change, name)
    if value is None and optional:
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0 or value != int(value):
        _fail(change, name, "a whole number of 0 or more", value)
    object.__setattr__(change, name, int(value))


def _clean_money(change: "Change", name: str, *, optional: bool = False) -> None:
    value = getattr(change, name)
    if value is None and optional:
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value >= 0:
        _fail(change, name, "a number of 0 or more (monthly cost per head)", value)
    object.__setattr__(change, name, float(value))


def _clean_ids(change: "Change", name: str) -> None:
    value = getattr(change, name)
    if isinstance(value, str) or not isinstance(value, Iterable):
        _fail(change, name, "a list of ids", value)
    items = tuple(value)
    if not all(isinstance(v, str) and v.strip() for v in items):
        _fail(change, name, "a list of ids", value)
    object.__setattr__(change, name, tuple(v.strip() for v in items))


def _clean_kind(change: "Change", name: str, *, optional: bool = False) -> None:
    value = getattr(change, name)
    if value is None and optional:
        return
    kind = UNIT_KINDS.get(str(value).strip().lower(), UNIT_KINDS.get(str(value).strip())) if isinstance(value, str) else None
    if kind is None:
        _fail(change, name, "one of company, department, section, team (公司, 部門, 科, 組)", value)
    object.__setattr__(change, name, kind)


# ================================================================== helpers
def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value) or value is pd.NA


def _value(value: Any) -> Any:
    """A cell as a plain Python value (None for missing)."""
    if _is_blank(value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def _unit_label(s: Structure, unit_id: Any) -> str:
    names = dict(zip(s._units["unit_id"], s._units["name"]))
    return f"{unit_id!r} ({names[unit_id]})" if unit_id in names else repr(unit_id)


def _position_label(s: Structure, position_id: Any) -> str:
    titles = dict(zip(s._positions["position_id"], s._positions["title"]))
    return f"{position_id!r} ({titles[position_id]})" if position_id in titles else repr(position_id)


def _hint(value: str, candidates: Iterable[str]) -> str:
    close = difflib.get_close_matches(str(value), [str(c) for c in candidates], n=3, cutoff=0.5)
    return f" Did you mean {', '.join(map(repr, close))}?" if close else ""


def _listing(ids: Sequence[str], limit: int = 6) -> str:
    shown = ", ".join(map(str, ids[:limit]))
    return shown + (f" … ({len(ids)} in all)" if len(ids) > limit else "")


def _rebuild(s: Structure, *, units: pd.DataFrame | None = None, positions: pd.DataFrame | None = None,
             duties: pd.DataFrame | None = None) -> Structure:
    """The changed structure: always a draft, never keeping a previous approval."""
    try:
        return s.replace(units=units, positions=positions, duties=duties,
                         status="draft", approved_by=None, approved_on=None)
    except DataError as exc:  # pragma: no cover - parameters are checked before
        raise ChangeError(f"The change produced invalid tables: {exc}") from None


def _append(frame: pd.DataFrame, row: dict[str, Any]) -> pd.DataFrame:
    new = pd.DataFrame([{c: row.get(c) for c in frame.columns}], columns=frame.columns).astype(object)
    return pd.concat([frame.astype(object), new], ignore_index=True)


def _reports_below(s: Structure, position_id: str) -> set[str]:
    """``position_id`` and every position below it on solid reporting lines."""
    children: dict[str, list[str]] = {}
    for pid, manager in zip(s._positions["position_id"], s._positions["reports_to"]):
        if not _is_blank(manager):
            children.setdefault(manager, []).append(pid)
    seen, stack = {position_id}, [position_id]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in seen:
                seen.add(child)
                stack.append(child)
    return seen


# ==================================================================== Change
@dataclass(frozen=True)
class Change:
    """One change to a structure. Subclasses are the operations users name.

    Every change is a frozen record: :meth:`apply` returns a new structure
    and never touches its input; :meth:`inverse` gives the changes that undo
    it; :meth:`to_dict` is its form in a scenario file.
    """

    op: ClassVar[str] = ""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.op = re.sub(r"(?<!^)(?=[A-Z])", "_", cls.__name__).lower()
        if not cls.__name__.startswith("_"):  # private helpers are not operations of scenario files
            CHANGE_TYPES[cls.op] = cls

    def apply(self, structure: Structure) -> Structure:
        """The structure with this change made (a new draft; ``structure`` is untouched).

        Raises
        ------
        ChangeError
            If the change cannot be made; the message says why and what to do.
        """
        raise NotImplementedError

    def inverse(self, before: Structure) -> tuple["Change", ...]:
        """The changes that undo this one, given the structure it was applied to.

        ``apply_changes(change.apply(before), change.inverse(before))`` has the
        same tables as ``before``.
        """
        raise NotImplementedError

    def recorded(self, before: Structure) -> "Change":
        """This change with ``was`` filled from ``before`` (for conflict detection on replay)."""
        return self

    def describe(self) -> str:
        """One line a person reads: what the change does."""
        parts = ", ".join(f"{k}={v!r}" for k, v in self.to_dict().items() if k != "op")
        return f"{self.op.replace('_', ' ')}: {parts}"

    def to_dict(self) -> dict[str, Any]:
        """The change as written in a scenario file; fields at their default are left out."""
        out: dict[str, Any] = {"op": self.op}
        for f in fields(self):
            value = getattr(self, f.name)
            has_default = f.default is not dataclasses.MISSING
            if has_default and value == f.default:
                continue
            if isinstance(value, tuple):
                value = list(value)
            out[f.name] = value
        return out

    # shared checks -------------------------------------------------------
    def _need_unit(self, s: Structure, unit_id: str, role: str = "unit") -> None:
        if unit_id not in set(s._units["unit_id"]):
            raise ChangeError(f"{self._what()}: there is no {role} {unit_id!r} in this structure."
                              + _hint(unit_id, s._units["unit_id"]))

    def _need_position(self, s: Structure, position_id: str, role: str = "position") -> None:
        if position_id not in set(s._positions["position_id"]):
            raise ChangeError(f"{self._what()}: there is no {role} {position_id!r} in this structure."
                              + _hint(position_id, s._positions["position_id"]))

    def _expect(self, s: Structure, current: Any, label: str) -> None:
        was = getattr(self, "was", None)
        if was is None:
            return
        same = (float(current) == float(was)) if isinstance(was, (int, float)) and not isinstance(current, str) \
            and current is not None else current == was
        if not same:
            raise ChangeError(f"{self._what()}: {label} is {current!r} in this structure, but the scenario "
                              f"recorded {was!r} when it was written; the base has changed since. Check the "
                              f"change against the base and update or remove 'was'.")

    def _what(self) -> str:
        return f"Cannot {self.describe()}"


# ---------------------------------------------------------------- units
@dataclass(frozen=True)
class AddUnit(Change):
    """Add a unit under ``parent_id``.

    Examples
    --------
    >>> from orgplan import read_structure, sample_path
    >>> s = AddUnit("CX", "客戶體驗部", parent_id="CO").apply(read_structure(sample_path("as-is-2026")))
    >>> s.unit("CX")["name"]
    '客戶體驗部'
    """

    unit_id: str
    name: str
    parent_id: str
    kind: str = "department"

    def __post_init__(self) -> None:
        _clean_id(self, "unit_id")
        _clean_text(self, "name")
        _clean_id(self, "parent_id")
        _clean_kind(self, "kind")

    def describe(self) -> str:
        return f"add {self.kind} {self.unit_id} ({self.name}) under {self.parent_id}"

    def apply(self, structure: Structure) -> Structure:
        units = structure.units
        if self.unit_id in set(units["unit_id"]):
            raise ChangeError(f"{self._what()}: there is already a unit {_unit_label(structure, self.unit_id)}. "
                              "Choose another id.")
        self._need_unit(structure, self.parent_id, "parent unit")
        return _rebuild(structure, units=_append(units, {"unit_id": self.unit_id, "name": self.name,
                                                         "parent_id": self.parent_id, "kind": self.kind}))

    def inverse(self, before: Structure) -> tuple[Change, ...]:
        return (RemoveUnit(self.unit_id),)


@dataclass(frozen=True)
class RemoveUnit(Change):
    """Remove an empty unit: no sub-units, no positions, no duties.

    A unit that still holds positions or duties cannot simply go: say where
    they go with :class:`MergeUnits`, or move them first.
    """

    unit_id: str

    def __post_init__(self) -> None:
        _clean_id(self, "unit_id")

    def describe(self) -> str:
        return f"remove unit {self.unit_id}"

    def apply(self, structure: Structure) -> Structure:
        self._need_unit(structure, self.unit_id)
        units, positions, duties = structure._units, structure._positions, structure._duties
        row = structure.unit(self.unit_id)
        if _is_blank(row["parent_id"]):
            raise ChangeError(f"{self._what()}: {_unit_label(structure, self.unit_id)} is the company (the root).")
        held = positions.loc[positions["unit_id"] == self.unit_id, "position_id"].tolist()
        subunits = units.loc[units["parent_id"] == self.unit_id, "unit_id"].tolist()
        owned = duties.loc[duties["unit_id"] == self.unit_id, "duty_id"].tolist()
        if held or subunits or owned:
            what = [f"{len(held)} position{'s' if len(held) != 1 else ''} ({_listing(held)})" if held else "",
                    f"{len(subunits)} sub-unit{'s' if len(subunits) != 1 else ''} ({_listing(subunits)})"
                    if subunits else "",
                    f"{len(owned)} dut{'ies' if len(owned) != 1 else 'y'} ({_listing(owned)})" if owned else ""]
            raise ChangeError(f"{self._what()}: {_unit_label(structure, self.unit_id)} still has "
                              f"{', '.join(w for w in what if w)}. Say where they go with "
                              f"MergeUnits({self.unit_id!r}, into=...), or move them first "
                              "(MovePosition, MoveUnit, ReassignDuty).")
        return _rebuild(structure, units=structure.units[structure.units["unit_id"] != self.unit_id])

    def inverse(self, before: Structure) -> tuple[Change, ...]:
        row = before.unit(self.unit_id)
        return (AddUnit(self.unit_id, row["name"], row["parent_id"], row["kind"]),)


@dataclass(frozen=True)
class RenameUnit(Change):
    """Give a unit a new name (its id stays)."""

    unit_id: str
    name: str
    was: str | None = None

    def __post_init__(self) -> None:
        _clean_id(self, "unit_id")
        _clean_text(self, "name")
        _clean_text(self, "was", optional=True)

    def describe(self) -> str:
        return f"rename unit {self.unit_id} to {self.name}"

    def apply(self, structure: Structure) -> Structure:
        self._need_unit(structure, self.unit_id)
        self._expect(structure, structure.unit(self.unit_id)["name"], f"the name of unit {self.unit_id!r}")
        units = structure.units
        units.loc[units["unit_id"] == self.unit_id, "name"] = self.name
        return _rebuild(structure, units=units)

    def inverse(self, before: Structure) -> tuple[Change, ...]:
        return (RenameUnit(self.unit_id, before.unit(self.unit_id)["name"]),)

    def recorded(self, before: Structure) -> Change:
        return dataclasses.replace(self, was=before.unit(self.unit_id)["name"])


@dataclass(frozen=True)
class MoveUnit(Change):
    """Put a unit (with everything in it) under another parent."""

    unit_id: str
    parent_id: str
    was: str | None = None

    def __post_init__(self) -> None:
        _clean_id(self, "unit_id")
        _clean_id(self, "parent_id")
        _clean_id(self, "was", optional=True)

    def describe(self) -> str:
        return f"move unit {self.unit_id} under {self.parent_id}"

    def apply(self, structure: Structure) -> Structure:
        self._need_unit(structure, self.unit_id)
        self._need_unit(structure, self.parent_id, "parent unit")
        current = _value(structure.unit(self.unit_id)["parent_id"])
        if current is None:
            raise ChangeError(f"{self._what()}: {_unit_label(structure, self.unit_id)} is the company (the root).")
        if self.parent_id in structure.subunits(self.unit_id):
            raise ChangeError(f"{self._what()}: {_unit_label(structure, self.parent_id)} is "
                              f"{'the unit itself' if self.parent_id == self.unit_id else 'inside it'}, so the "
                              "unit would end up inside itself.")
        self._expect(structure, current, f"the parent of unit {self.unit_id!r}")
        units = structure.units
        units.loc[units["unit_id"] == self.unit_id, "parent_id"] = self.parent_id
        return _rebuild(structure, units=units)

    def inverse(self, before: Structure) -> tuple[Change, ...]:
        return (MoveUnit(self.unit_id, before.unit(self.unit_id)["parent_id"]),)

    def recorded(self, before: Structure) -> Change:
        return dataclasses.replace(self, was=_value(before.unit(self.unit_id)["parent_id"]))


@dataclass(frozen=True)
class MergeUnits(Change):
    """Merge ``unit_id`` into ``into``: its positions, sub-units and duties move, the emptied unit goes.

    A duty both units owned is kept once, by ``into``.
    """

    unit_id: str
    into: str

    def __post_init__(self) -> None:
        _clean_id(self, "unit_id")
        _clean_id(self, "into")

    def describe(self) -> str:
        return f"merge unit {self.unit_id} into {self.into}"

    def _what(self) -> str:
        return f"Cannot merge unit {self.unit_id!r} into {self.into!r}"

    def apply(self, structure: Structure) -> Structure:
        self._need_unit(structure, self.unit_id)
        self._need_unit(structure, self.into, "unit to merge into")
        if self.unit_id == self.into:
            raise ChangeError(f"{self._what()}: a unit cannot be merged into itself.")
        if _is_blank(structure.unit(self.unit_id)["parent_id"]):
            raise ChangeError(f"{self._what()}: {_unit_label(structure, self.unit_id)} is the company (the root); "
                              "merge the other way round.")
        if self.into in structure.subunits(self.unit_id):
            raise ChangeError(f"Cannot merge unit {_unit_label(structure, self.unit_id)} into "
                              f"{_unit_label(structure, self.into)}: {self.into!r} is inside {self.unit_id!r}, so "
                              f"the unit would end up inside itself. Merge the other way round, or move "
                              f"{self.into!r} out first.")
        units, positions, duties = structure.units, structure.positions, structure.duties
        units.loc[units["parent_id"] == self.unit_id, "parent_id"] = self.into
        units = units[units["unit_id"] != self.unit_id]
        positions.loc[positions["unit_id"] == self.unit_id, "unit_id"] = self.into
        already = set(duties.loc[duties["unit_id"] == self.into, "duty_id"])
        moving = duties["unit_id"] == self.unit_id
        duties = duties[~(moving & duties["duty_id"].isin(already))].copy()
        duties.loc[duties["unit_id"] == self.unit_id, "unit_id"] = self.into
        return _rebuild(structure, units=units, positions=positions, duties=duties)

    def inverse(self, before: Structure) -> tuple[Change, ...]:
        row = before.unit(self.unit_id)
        undo: list[Change] = [AddUnit(self.unit_id, row["name"], row["parent_id"], row["kind"])]
        units, positions, duties = before._units, before._positions, before._duties
        undo += [MoveUnit(u, self.unit_id) for u in units.loc[units["parent_id"] == self.unit_id, "unit_id"]]
        undo += [MovePosition(p, self.unit_id) for p in positions.loc[positions["unit_id"] == self.unit_id,
                                                                      "position_id"]]
        already = set(duties.loc[duties["unit_id"] == self.into, "duty_id"])
        for duty_id, name in zip(duties.loc[duties["unit_id"] == self.unit_id, "duty_id"],
                                 duties.loc[duties["unit_id"] == self.unit_id, "name"]):
            undo.append(AddDuty(duty_id, name, self.unit_id) if duty_id in already
                        else ReassignDuty(duty_id, self.unit_id, from_unit=self.into))
        return tuple(undo)


@dataclass(frozen=True)
class SplitUnit(Change):
    """Split off a new unit from ``unit_id``, taking the listed positions and duties with it.

    The new unit sits beside the old one (same parent) unless ``parent_id``
    is given, and is of the same kind unless ``kind`` is given.
    """

    unit_id: str
    new_unit_id: str
    name: str
    positions: tuple[str, ...] = ()
    duties: tuple[str, ...] = ()
    parent_id: str | None = None
    kind: str | None = None

    def __post_init__(self) -> None:
        _clean_id(self, "unit_id")
        _clean_id(self, "new_unit_id")
        _clean_text(self, "name")
        _clean_ids(self, "positions")
        _clean_ids(self, "duties")
        _clean_id(self, "parent_id", optional=True)
        _clean_kind(self, "kind", optional=True)

    def describe(self) -> str:
        return (f"split {self.new_unit_id} ({self.name}) off {self.unit_id} with positions "
                f"{', '.join(self.positions) or '(none)'} and duties {', '.join(self.duties) or '(none)'}")

    def _what(self) -> str:
        return f"Cannot split {self.new_unit_id!r} off unit {self.unit_id!r}"

    def apply(self, structure: Structure) -> Structure:
        self._need_unit(structure, self.unit_id)
        if self.new_unit_id in set(structure._units["unit_id"]):
            raise ChangeError(f"{self._what()}: there is already a unit {_unit_label(structure, self.new_unit_id)}.")
        row = structure.unit(self.unit_id)
        parent = self.parent_id if self.parent_id is not None else _value(row["parent_id"])
        if parent is None:
            raise ChangeError(f"{self._what()}: {self.unit_id!r} is the company (the root); say where the new "
                              "unit goes with parent_id.")
        self._need_unit(structure, parent, "parent unit")
        positions, duties = structure.positions, structure.duties
        in_unit = dict(zip(positions["position_id"], positions["unit_id"]))
        wrong = [p for p in self.positions if in_unit.get(p) != self.unit_id]
        if wrong:
            raise ChangeError(f"{self._what()}: position{'s' if len(wrong) > 1 else ''} {_listing(wrong)} "
                              f"{'are' if len(wrong) > 1 else 'is'} not in {self.unit_id!r}.")
        owned = set(duties.loc[duties["unit_id"] == self.unit_id, "duty_id"])
        wrong = [d for d in self.duties if d not in owned]
        if wrong:
            raise ChangeError(f"{self._what()}: dut{'ies' if len(wrong) > 1 else 'y'} {_listing(wrong)} "
                              f"{'are' if len(wrong) > 1 else 'is'} not owned by {self.unit_id!r}.")
        units = _append(structure.units, {"unit_id": self.new_unit_id, "name": self.name, "parent_id": parent,
                                          "kind": self.kind or row["kind"]})
        positions.loc[positions["position_id"].isin(self.positions), "unit_id"] = self.new_unit_id
        duties.loc[(duties["unit_id"] == self.unit_id) & duties["duty_id"].isin(self.duties),
                   "unit_id"] = self.new_unit_id
        return _rebuild(structure, units=units, positions=positions, duties=duties)

    def inverse(self, before: Structure) -> tuple[Change, ...]:
        return (MergeUnits(self.new_unit_id, into=self.unit_id),)


# ------------------------------------------------------------ positions
@dataclass(frozen=True)
class AddPosition(Change):
    """Add a position to a unit, reporting to an existing position.

    Examples
    --------
    >>> from orgplan import read_structure, sample_path
    >>> s = read_structure(sample_path("as-is-2026"))
    >>> new = AddPosition("USED-EVAL", "SALES-USED", "二手車評估師", reports_to="SAL-DIR",
    ...                   approved=2, monthly_cost=8000).apply(s)
    >>> int(new.position("USED-EVAL")["approved"]), int(new.position("USED-EVAL")["filled"])
    (2, 0)
    """

    position_id: str
    unit_id: str
    title: str
    reports_to: str
    approved: int
    monthly_cost: float
    filled: int = 0
    grade: str | None = None
    dotted_line_to: str | None = None
    assistant: bool = False

    def __post_init__(self) -> None:
        _clean_id(self, "position_id")
        _clean_id(self, "unit_id")
        _clean_text(self, "title")
        _clean_id(self, "reports_to")
        _clean_count(self, "approved")
        _clean_money(self, "monthly_cost")
        _clean_count(self, "filled")
        _clean_text(self, "grade", optional=True)
        _clean_id(self, "dotted_line_to", optional=True)
        if not isinstance(self.assistant, bool):
            _fail(self, "assistant", "True or False", self.assistant)

    def describe(self) -> str:
        return (f"add position {self.position_id} ({self.title}) to {self.unit_id}, reporting to "
                f"{self.reports_to}, {self.approved} approved at {self.monthly_cost:,.0f} a month")

    def apply(self, structure: Structure) -> Structure:
        if self.position_id in set(structure._positions["position_id"]):
            raise ChangeError(f"{self._what()}: there is already a position "
                              f"{_position_label(structure, self.position_id)}. Choose another id.")
        self._need_unit(structure, self.unit_id)
        self._need_position(structure, self.reports_to, "position to report to")
        if self.dotted_line_to is not None:
            self._need_position(structure, self.dotted_line_to, "position for the dotted line")
        row = {f.name: getattr(self, f.name) for f in fields(self)}
        return _rebuild(structure, positions=_append(structure.positions, row))

    def inverse(self, before: Structure) -> tuple[Change, ...]:
        return (RemovePosition(self.position_id),)


@dataclass(frozen=True)
class RemovePosition(Change):
    """Remove a position. Positions reporting to it (solid or dotted) must be given a new manager.

    ``reports_go_to`` names the position they report to from now on —
    usually the removed position's own manager, which takes a layer out.
    """

    position_id: str
    reports_go_to: str | None = None

    def __post_init__(self) -> None:
        _clean_id(self, "position_id")
        _clean_id(self, "reports_go_to", optional=True)

    def describe(self) -> str:
        tail = f", its reports go to {self.reports_go_to}" if self.reports_go_to else ""
        return f"remove position {self.position_id}{tail}"

    def apply(self, structure: Structure) -> Structure:
        self._need_position(structure, self.position_id)
        positions = structure.positions
        solid = positions["reports_to"] == self.position_id
        dotted = positions["dotted_line_to"] == self.position_id if "dotted_line_to" in positions else solid & False
        if (solid | dotted).any():
            if self.reports_go_to is None:
                names = positions.loc[solid | dotted, "position_id"].tolist()
                manager = _value(structure.position(self.position_id)["reports_to"])
                suggestion = f" (e.g. reports_go_to={manager!r}, its own manager)" if manager else ""
                raise ChangeError(f"{self._what()}: {_listing(names)} report{'s' if len(names) == 1 else ''} to "
                                  f"{_position_label(structure, self.position_id)}. Say where "
                                  f"{'they go' if len(names) > 1 else 'it goes'} with reports_go_to{suggestion}.")
            self._need_position(structure, self.reports_go_to, "position to take over the reports")
            if self.reports_go_to in _reports_below(structure, self.position_id):
                raise ChangeError(f"{self._what()}: {_position_label(structure, self.reports_go_to)} "
                                  f"{'is the removed position' if self.reports_go_to == self.position_id else 'reports (directly or not) to it'}, "
                                  "so the reporting lines would go round in a circle. Choose a position above it.")
            positions.loc[solid, "reports_to"] = self.reports_go_to
            positions.loc[dotted, "dotted_line_to"] = self.reports_go_to
        return _rebuild(structure, positions=positions[positions["position_id"] != self.position_id])

    def inverse(self, before: Structure) -> tuple[Change, ...]:
        row = {k: _value(v) for k, v in before.position(self.position_id).items()}
        positions = before._positions
        manager = row.get("reports_to")
        dangling = manager is not None and not (positions["position_id"] == manager).any()
        if dangling:  # the base had a defect (a manager that does not exist): add under the top, then restore it
            others = positions.loc[positions["position_id"] != self.position_id]
            tops = others.loc[others["reports_to"].isna(), "position_id"]
            row["reports_to"] = (tops if len(tops) else others["position_id"]).iat[0]
        undo: list[Change] = [AddPosition(**{f.name: row.get(f.name) if row.get(f.name) is not None else f.default
                                             for f in fields(AddPosition)})]
        if dangling:
            undo.append(_RestorePositionField(self.position_id, "reports_to", manager))
        undo += [SetReportsTo(p, self.position_id)
                 for p in positions.loc[positions["reports_to"] == self.position_id, "position_id"]]
        if "dotted_line_to" in positions:
            undo += [SetDottedLine(p, self.position_id)
                     for p in positions.loc[positions["dotted_line_to"] == self.position_id, "position_id"]]
        return tuple(undo)


@dataclass(frozen=True)
class RenamePosition(Change):
    """Give a position a new title (its id stays)."""

    position_id: str
    title: str
    was: str | None = None

    def __post_init__(self) -> None:
        _clean_id(self, "position_id")
        _clean_text(self, "title")
        _clean_text(self, "was", optional=True)

    def describe(self) -> str:
        return f"retitle position {self.position_id} as {self.title}"

    def apply(self, structure: Structure) -> Structure:
        return _set_position_field(self, structure, "title", self.title)

    def inverse(self, before: Structure) -> tuple[Change, ...]:
        return (RenamePosition(self.position_id, before.position(self.position_id)["title"]),)

    def recorded(self, before: Structure) -> Change:
        return dataclasses.replace(self, was=before.position(self.position_id)["title"])


@dataclass(frozen=True)
class MovePosition(Change):
    """Move a position to another unit, optionally with a new solid reporting line."""

    position_id: str
    unit_id: str
    reports_to: str | None = None
    was: str | None = None

    def __post_init__(self) -> None:
        _clean_id(self, "position_id")
        _clean_id(self, "unit_id")
        _clean_id(self, "reports_to", optional=True)
        _clean_id(self, "was", optional=True)

    def describe(self) -> str:
        tail = f", reporting to {self.reports_to}" if self.reports_to else ""
        return f"move position {self.position_id} to {self.unit_id}{tail}"

    def apply(self, structure: Structure) -> Structure:
        self._need_position(structure, self.position_id)
        self._need_unit(structure, self.unit_id)
        self._expect(structure, structure.position(self.position_id)["unit_id"],
                     f"the unit of position {self.position_id!r}")
        positions = structure.positions
        at = positions["position_id"] == self.position_id
        if self.reports_to is not None:
            _check_manager(self, structure, self.reports_to)
            positions.loc[at, "reports_to"] = self.reports_to
        positions.loc[at, "unit_id"] = self.unit_id
        return _rebuild(structure, positions=positions)

    def inverse(self, before: Structure) -> tuple[Change, ...]:
        row = before.position(self.position_id)
        if self.reports_to is None:
            return (MovePosition(self.position_id, row["unit_id"]),)
        return (MovePosition(self.position_id, row["unit_id"]), SetReportsTo(self.position_id, _value(row["reports_to"])))

    def recorded(self, before: Structure) -> Change:
        return dataclasses.replace(self, was=before.position(self.position_id)["unit_id"])


@dataclass(frozen=True)
class SetEstablishment(Change):
    """Set a position's establishment (編制, ``approved``) and optionally its ``filled``.

    Examples
    --------
    >>> from orgplan import read_structure, sample_path
    >>> s = read_structure(sample_path("as-is-2026"))
    >>> int(SetEstablishment("MECH-TECH", 15, was=12).apply(s).position("MECH-TECH")["approved"])
    15
    >>> SetEstablishment("MECH-TECH", 15, was=10).apply(s)
    Traceback (most recent call last):
    ...
    orgplan.errors.ChangeError: Cannot set the establishment of MECH-TECH to 15: the establishment of position 'MECH-TECH' (機修技師) is 12 in this structure, but the scenario recorded 10 when it was written; the base has changed since. Check the change against the base and update or remove 'was'.
    """

    position_id: str
    approved: int
    filled: int | None = None
    was: int | None = None

    def __post_init__(self) -> None:
        _clean_id(self, "position_id")
        _clean_count(self, "approved")
        _clean_count(self, "filled", optional=True)
        _clean_count(self, "was", optional=True)

    def describe(self) -> str:
        tail = f" (filled {self.filled})" if self.filled is not None else ""
        return f"set the establishment of {self.position_id} to {self.approved}{tail}"

    def apply(self, structure: Structure) -> Structure:
        self._need_position(structure, self.position_id)
        self._expect(structure, int(structure.position(self.position_id)["approved"]),
                     f"the establishment of position {_position_label(structure, self.position_id)}")
        positions = structure.positions
        at = positions["position_id"] == self.position_id
        positions.loc[at, "approved"] = self.approved
        if self.filled is not None:
            positions.loc[at, "filled"] = self.filled
        return _rebuild(structure, positions=positions)

    def inverse(self, before: Structure) -> tuple[Change, ...]:
        row = before.position(self.position_id)
        return (SetEstablishment(self.position_id, int(row["approved"]),
                                 filled=int(row["filled"]) if self.filled is not None else None),)

    def recorded(self, before: Structure) -> Change:
        return dataclasses.replace(self, was=int(before.position(self.position_id)["approved"]))


@dataclass(frozen=True)
class SetCost(Change):
    """Set a position's monthly cost per head."""

    position_id: str
    monthly_cost: float
    was: float | None = None

    def __post_init__(self) -> None:
        _clean_id(self, "position_id")
        _clean_money(self, "monthly_cost")
        _clean_money(self, "was", optional=True)

    def describe(self) -> str:
        return f"set the monthly cost of {self.position_id} to {self.monthly_cost:,.0f}"

    def apply(self, structure: Structure) -> Structure:
        self._need_position(structure, self.position_id)
        self._expect(structure, float(structure.position(self.position_id)["monthly_cost"]),
                     f"the monthly cost of position {self.position_id!r}")
        return _set_position_field(self, structure, "monthly_cost", self.monthly_cost)

    def inverse(self, before: Structure) -> tuple[Change, ...]:
        return (SetCost(self.position_id, float(before.position(self.position_id)["monthly_cost"])),)

    def recorded(self, before: Structure) -> Change:
        return dataclasses.replace(self, was=float(before.position(self.position_id)["monthly_cost"]))


@dataclass(frozen=True)
class SetReportsTo(Change):
    """Change a position's solid reporting line (匯報). ``None`` makes it a top position."""

    position_id: str
    reports_to: str | None
    was: str | None = None

    def __post_init__(self) -> None:
        _clean_id(self, "position_id")
        _clean_id(self, "reports_to", optional=True)
        _clean_id(self, "was", optional=True)

    def describe(self) -> str:
        return f"let {self.position_id} report to {self.reports_to or 'nobody'}"

    def apply(self, structure: Structure) -> Structure:
        self._need_position(structure, self.position_id)
        self._expect(structure, _value(structure.position(self.position_id)["reports_to"]),
                     f"the reporting line of position {self.position_id!r}")
        if self.reports_to is not None:
            _check_manager(self, structure, self.reports_to)
        return _set_position_field(self, structure, "reports_to", self.reports_to)

    def inverse(self, before: Structure) -> tuple[Change, ...]:
        return (_restore_line(before, self.position_id, "reports_to", SetReportsTo),)

    def recorded(self, before: Structure) -> Change:
        return dataclasses.replace(self, was=_value(before.position(self.position_id)["reports_to"]))


@dataclass(frozen=True)
class SetDottedLine(Change):
    """Set (or with ``None`` clear) a position's dotted reporting line (虛線匯報)."""

    position_id: str
    dotted_line_to: str | None
    was: str | None = None

    def __post_init__(self) -> None:
        _clean_id(self, "position_id")
        _clean_id(self, "dotted_line_to", optional=True)
        _clean_id(self, "was", optional=True)

    def describe(self) -> str:
        target = self.dotted_line_to or "nobody (cleared)"
        return f"give {self.position_id} a dotted line to {target}"

    def apply(self, structure: Structure) -> Structure:
        self._need_position(structure, self.position_id)
        self._expect(structure, _value(structure.position(self.position_id).get("dotted_line_to")),
                     f"the dotted line of position {self.position_id!r}")
        if self.dotted_line_to is not None:
            self._need_position(structure, self.dotted_line_to, "position for the dotted line")
            if self.dotted_line_to == self.position_id:
                raise ChangeError(f"{self._what()}: a position cannot have a dotted line to itself.")
        return _set_position_field(self, structure, "dotted_line_to", self.dotted_line_to)

    def inverse(self, before: Structure) -> tuple[Change, ...]:
        return (_restore_line(before, self.position_id, "dotted_line_to", SetDottedLine),)

    def recorded(self, before: Structure) -> Change:
        return dataclasses.replace(self, was=_value(before.position(self.position_id).get("dotted_line_to")))


def _check_manager(change: Change, structure: Structure, manager: str) -> None:
    position_id = getattr(change, "position_id")
    change._need_position(structure, manager, "position to report to")
    if manager in _reports_below(structure, position_id):
        where = "is the position itself" if manager == position_id else f"reports (directly or not) to {position_id!r}"
        raise ChangeError(f"{change._what()}: {_position_label(structure, manager)} {where}, so the reporting "
                          "lines would go round in a circle. Choose a position above it.")


@dataclass(frozen=True)
class _RestorePositionField(Change):
    """Undo: put a reporting line back exactly as it was, even when it pointed at a position that
    no longer exists (a defect of the base, which :func:`orgplan.check` reports; the undo restores it)."""

    position_id: str
    column: str
    value: str | None

    def apply(self, structure: Structure) -> Structure:
        return _set_position_field(self, structure, self.column, self.value)

    def inverse(self, before: Structure) -> tuple[Change, ...]:
        return (_restore_line(before, self.position_id, self.column, None),)


def _restore_line(before: Structure, position_id: str, column: str, change_type: type | None) -> Change:
    """The change that puts ``column`` of a position back to its value in ``before``."""
    old = _value(before.position(position_id).get(column))
    known = old is None or (before._positions["position_id"] == old).any()
    if known and change_type is not None:
        return change_type(position_id, old)
    return _RestorePositionField(position_id, column, old)


def _set_position_field(change: Change, structure: Structure, column: str, value: Any) -> Structure:
    change._need_position(structure, getattr(change, "position_id"))
    positions = structure.positions
    if column not in positions:
        positions[column] = None
    positions.loc[positions["position_id"] == getattr(change, "position_id"), column] = value
    return _rebuild(structure, positions=positions)


# ---------------------------------------------------------------- duties
def _duty_name(structure: Structure, duty_id: str) -> str | None:
    names = structure._duties.loc[structure._duties["duty_id"] == duty_id, "name"]
    return names.iat[0] if len(names) else None


@dataclass(frozen=True)
class AddDuty(Change):
    """Add a duty (職能) owned by ``unit_id`` (``None``: a gap to fill later)."""

    duty_id: str
    name: str
    unit_id: str | None = None

    def __post_init__(self) -> None:
        _clean_id(self, "duty_id")
        _clean_text(self, "name")
        _clean_id(self, "unit_id", optional=True)

    def describe(self) -> str:
        return f"add duty {self.duty_id} ({self.name}) owned by {self.unit_id or 'nobody'}"

    def apply(self, structure: Structure) -> Structure:
        duties = structure.duties
        rows = duties[duties["duty_id"] == self.duty_id]
        if len(rows) and rows["name"].iat[0] != self.name:
            raise ChangeError(f"{self._what()}: duty {self.duty_id!r} is called {rows['name'].iat[0]!r} here; "
                              "use the same name, or another id.")
        owners = [_value(u) for u in rows["unit_id"]]
        if self.unit_id in owners:
            raise ChangeError(f"{self._what()}: {self.unit_id or 'nobody'} already "
                              f"{'owns' if self.unit_id else 'is listed for'} duty {self.duty_id!r}.")
        if self.unit_id is not None:
            self._need_unit(structure, self.unit_id, "owning unit")
        return _rebuild(structure, duties=_append(duties, {"duty_id": self.duty_id, "name": self.name,
                                                           "unit_id": self.unit_id}))

    def inverse(self, before: Structure) -> tuple[Change, ...]:
        return (RemoveDuty(self.duty_id, self.unit_id),)


@dataclass(frozen=True)
class RemoveDuty(Change):
    """Remove a duty's row; ``unit_id`` says which owner's row when it has several."""

    duty_id: str
    unit_id: str | None = None

    def __post_init__(self) -> None:
        _clean_id(self, "duty_id")
        _clean_id(self, "unit_id", optional=True)

    def describe(self) -> str:
        return f"remove duty {self.duty_id}" + (f" from {self.unit_id}" if self.unit_id else "")

    def _row(self, structure: Structure) -> int:
        return _duty_row(self, structure, self.duty_id, self.unit_id)

    def apply(self, structure: Structure) -> Structure:
        row = self._row(structure)
        return _rebuild(structure, duties=structure.duties.drop(index=row))

    def inverse(self, before: Structure) -> tuple[Change, ...]:
        row = before._duties.loc[self._row(before)]
        return (AddDuty(self.duty_id, row["name"], _value(row["unit_id"])),)


@dataclass(frozen=True)
class ReassignDuty(Change):
    """Give a duty to another unit (``to_unit=None`` leaves it unowned, a gap).

    ``from_unit`` says which owner gives it up when the duty has several
    (an overlap); if ``to_unit`` already owns it, the overlap is resolved.

    Examples
    --------
    >>> from orgplan import read_structure, sample_path
    >>> s = read_structure(sample_path("as-is-2026"))
    >>> fixed = ReassignDuty("D-COMPLAINT", "CRM", from_unit="AS-ADV").apply(s)
    >>> fixed.duties.loc[fixed.duties["duty_id"] == "D-COMPLAINT", "unit_id"].tolist()
    ['CRM']
    """

    duty_id: str
    to_unit: str | None
    from_unit: str | None = None

    def __post_init__(self) -> None:
        _clean_id(self, "duty_id")
        _clean_id(self, "to_unit", optional=True)
        _clean_id(self, "from_unit", optional=True)

    def describe(self) -> str:
        source = f" from {self.from_unit}" if self.from_unit else ""
        return f"give duty {self.duty_id}{source} to {self.to_unit or 'nobody'}"

    def _row(self, structure: Structure) -> int:
        return _duty_row(self, structure, self.duty_id, self.from_unit)

    def apply(self, structure: Structure) -> Structure:
        row = self._row(structure)
        if self.to_unit is not None:
            self._need_unit(structure, self.to_unit, "unit to take the duty")
        duties = structure.duties
        old = _value(duties.at[row, "unit_id"])
        if old == self.to_unit:
            return _rebuild(structure)
        others = duties.drop(index=row)
        already = ((others["duty_id"] == self.duty_id) & (others["unit_id"].isna() if self.to_unit is None
                                                          else others["unit_id"] == self.to_unit)).any()
        if already:
            return _rebuild(structure, duties=others)
        duties.loc[row, "unit_id"] = self.to_unit
        return _rebuild(structure, duties=duties)

    def inverse(self, before: Structure) -> tuple[Change, ...]:
        row = self._row(before)
        duties = before._duties
        old = _value(duties.at[row, "unit_id"])
        if old == self.to_unit:
            return ()
        others = duties.drop(index=row)
        already = ((others["duty_id"] == self.duty_id) & (others["unit_id"].isna() if self.to_unit is None
                                                          else others["unit_id"] == self.to_unit)).any()
        if already:
            return (AddDuty(self.duty_id, duties.at[row, "name"], old),)
        return (ReassignDuty(self.duty_id, old, from_unit=self.to_unit),)


def _duty_row(change: Change, structure: Structure, duty_id: str, owner: str | None) -> int:
    """The index of the duties row a change is about: the one of ``owner``, or the only one."""
    duties = structure._duties
    rows = duties.index[duties["duty_id"] == duty_id]
    if not len(rows):
        raise ChangeError(f"{change._what()}: there is no duty {duty_id!r}." + _hint(duty_id, duties["duty_id"]))
    owners = [_value(u) for u in duties.loc[rows, "unit_id"]]
    listed = ", ".join(str(o or "nobody") for o in owners)
    if owner is None:
        if len(rows) == 1:
            return int(rows[0])
        raise ChangeError(f"{change._what()}: duty {duty_id!r} has {len(rows)} owners ({listed}); say which one "
                          f"with {'from_unit' if isinstance(change, ReassignDuty) else 'unit_id'}.")
    if owner not in owners:
        raise ChangeError(f"{change._what()}: {owner!r} does not own duty {duty_id!r} (owners: {listed}).")
    return int(rows[owners.index(owner)])


# =============================================================== applying
def apply_changes(structure: Structure, changes: Iterable[Change]) -> Structure:
    """Apply changes in order and return the resulting structure (a draft).

    Raises
    ------
    ChangeError
        At the first change that cannot be made; the message names the step
        (1-based) and the reason.

    Examples
    --------
    >>> from orgplan import read_structure, sample_path
    >>> s = read_structure(sample_path("as-is-2026"))
    >>> apply_changes(s, [RenameUnit("CRM", "客戶體驗部"), RemoveUnit("CRM")])
    Traceback (most recent call last):
    ...
    orgplan.errors.ChangeError: Step 2: Cannot remove unit CRM: 'CRM' (客戶體驗部) still has 2 positions (CRM-MGR, CRM-SPEC), 2 duties (D-VISIT, D-COMPLAINT). Say where they go with MergeUnits('CRM', into=...), or move them first (MovePosition, MoveUnit, ReassignDuty).
    """
    current = structure
    for step, change in enumerate(changes, start=1):
        if not isinstance(change, Change):
            raise ParameterError(f"The 'changes' parameter of apply_changes must hold Change objects "
                                 f"(AddUnit, MergeUnits …). Got {change!r} at step {step} instead.")
        try:
            current = change.apply(current)
        except ChangeError as exc:
            raise ChangeError(f"Step {step}: {exc}") from None
    return current


class ScenarioConflict(ChangeError):
    """A scenario does not fit the base it is replayed on; ``conflicts`` lists every step that failed."""

    def __init__(self, scenario: str, conflicts: pd.DataFrame):
        self.conflicts = conflicts
        lines = [f"Scenario {scenario!r} does not fit its base: {len(conflicts)} change"
                 f"{'s' if len(conflicts) != 1 else ''} cannot be made:"]
        lines += [f"  - step {r.step} ({r.op}): {r.reason}" for r in conflicts.itertuples()]
        super().__init__("\n".join(lines))


_SCENARIO_KEYS = ("name", "base", "description", "changes")


@dataclass(frozen=True)
class Scenario:
    """A named restructuring: a base structure and an ordered list of changes.

    Parameters
    ----------
    name : str
        What users call it, e.g. ``"合併市場部入銷售部"``.
    base : str or None
        Path of the base structure (folder or workbook). In a file it is
        written relative to the file's folder; :meth:`load` resolves it.
    changes : sequence of Change
    description : str, optional
        Why — it becomes the notes of the resulting structure.

    Examples
    --------
    >>> from orgplan import read_structure, sample_path
    >>> sc = Scenario.load(sample_path("scenarios/merge-marketing-into-sales.yaml"))
    >>> sc.name, len(sc.changes) > 3
    ('方案A：市場部併入銷售部', True)
    >>> draft = sc.apply()
    >>> draft.name, draft.status, "MKT" in set(draft.units["unit_id"])
    ('方案A：市場部併入銷售部', 'draft', False)
    """

    name: str
    base: str | None
    changes: tuple[Change, ...] = field(default_factory=tuple)
    description: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise ParameterError(f"The 'name' parameter of Scenario must be non-empty text. Got {self.name!r} instead.")
        if self.base is not None:
            object.__setattr__(self, "base", str(self.base))
        changes = tuple(self.changes)
        for i, change in enumerate(changes, start=1):
            if not isinstance(change, Change):
                raise ParameterError(f"The 'changes' parameter of Scenario must hold Change objects (AddUnit, "
                                     f"MergeUnits …). Got {change!r} at step {i} instead.")
        object.__setattr__(self, "changes", changes)

    # building --------------------------------------------------------------
    def then(self, *changes: Change) -> "Scenario":
        """A new scenario with ``changes`` added at the end."""
        return dataclasses.replace(self, changes=self.changes + tuple(changes))

    def recorded(self, structure: Structure | None = None) -> "Scenario":
        """The scenario with every change's ``was`` filled from the base it is replayed on.

        Save the recorded scenario: replayed later on a base that changed in
        the meantime, it reports conflicts instead of overwriting the change.
        """
        current = self._base(structure)
        out = []
        for change in self.changes:
            change = change.recorded(current) if getattr(change, "was", "") is None else change
            current = change.apply(current)
            out.append(change)
        return dataclasses.replace(self, changes=tuple(out))

    # replaying -------------------------------------------------------------
    def _base(self, structure: Structure | None) -> Structure:
        if structure is not None:
            return structure
        if self.base is None:
            raise ParameterError(f"Scenario {self.name!r} names no base structure: pass the structure to apply to.")
        from orgplan.model.io import read_structure

        return read_structure(self.base)

    def conflicts(self, structure: Structure | None = None) -> pd.DataFrame:
        """Every change that cannot be made on the base, replaying the others.

        Returns
        -------
        DataFrame
            ``step`` (1-based), ``op``, ``change`` (its description) and
            ``reason``; empty when the scenario fits.
        """
        return self._replay(self._base(structure))[1]

    def apply(self, structure: Structure | None = None) -> Structure:
        """The resulting structure, named after the scenario, status ``draft``.

        Parameters
        ----------
        structure : Structure, optional
            The base to apply to; default: read :attr:`base`.

        Raises
        ------
        ScenarioConflict
            If any change cannot be made; lists every one (a ``ChangeError``).
        """
        result, conflicts = self._replay(self._base(structure))
        if len(conflicts):
            raise ScenarioConflict(self.name, conflicts)
        return result.replace(name=self.name, notes=self.description or result.info.notes)

    def _replay(self, structure: Structure) -> tuple[Structure, pd.DataFrame]:
        current, rows = structure, []
        for step, change in enumerate(self.changes, start=1):
            try:
                current = change.apply(current)
            except ChangeError as exc:
                rows.append({"step": step, "op": change.op, "change": change.describe(), "reason": str(exc)})
        return current, pd.DataFrame(rows, columns=["step", "op", "change", "reason"])

    def to_frame(self) -> pd.DataFrame:
        """The changes as a table: ``step, op, change`` (a sentence each)."""
        return pd.DataFrame({"step": range(1, len(self.changes) + 1),
                             "op": [c.op for c in self.changes],
                             "change": [c.describe() for c in self.changes]})

    def _repr_html_(self) -> str:
        import html

        head = f"<p><b>{html.escape(self.name)}</b>"
        if self.description:
            head += f" — {html.escape(self.description)}"
        return head + "</p>" + self.to_frame().to_html(index=False)

    # files -----------------------------------------------------------------
    def to_dict(self, *, relative_to: str | os.PathLike | None = None) -> dict[str, Any]:
        """The scenario as plain data, as written to YAML."""
        base = self.base
        if base is not None and relative_to is not None:
            base = Path(os.path.relpath(Path(base).resolve(), Path(relative_to).resolve())).as_posix()
        return {"name": self.name, "base": base, "description": self.description,
                "changes": [c.to_dict() for c in self.changes]}

    def save(self, path: str | os.PathLike) -> Path:
        """Write the scenario as readable YAML (atomically); ``base`` is stored relative to the file."""
        from orgplan.tables.io import atomic_path

        path = Path(path)
        text = yaml.safe_dump(self.to_dict(relative_to=path.parent), allow_unicode=True, sort_keys=False, width=100)
        with atomic_path(path) as tmp:
            tmp.write_text(text, encoding="utf-8")
        return path

    @classmethod
    def load(cls, path: str | os.PathLike) -> "Scenario":
        """Read a scenario file; every bad entry is reported with its line.

        Raises
        ------
        FileNotFoundError
            If the file does not exist.
        DataError
            If the file is not valid YAML or a change is malformed (unknown
            ``op``, a missing or unknown field, a bad value); ``row`` is the
            line in the file.
        """
        path = Path(path)
        if not path.exists():
            raise FileNotFoundError(f"{path}: no such scenario file.")
        scenario_file = load_yaml_with_lines(path, "a mapping with name, base, description and changes",
                                             unreadable_code="malformed_yaml", not_mapping_code="malformed_yaml")
        file, data, node = scenario_file.file, scenario_file.data, scenario_file.node
        problems = [Problem(file, key_line(node, key), key, None, f"one of {', '.join(_SCENARIO_KEYS)}",
                            "unknown_field") for key in data if key not in _SCENARIO_KEYS]
        name = data.get("name")
        if not isinstance(name, str) or not name.strip():
            problems.append(Problem(file, key_line(node, "name"), "name", None if name is None else str(name),
                                    "the scenario's name", "missing_value"))
        raw_changes = data.get("changes") or []
        if not isinstance(raw_changes, list):
            problems.append(Problem(file, key_line(node, "changes"), "changes", None, "a list of changes",
                                    "invalid_value"))
            raw_changes = []
        item_nodes = child_node(node, "changes")
        changes: list[Change] = []
        for i, raw in enumerate(raw_changes):
            item = item_nodes.value[i] if isinstance(item_nodes, yaml.SequenceNode) and i < len(item_nodes.value) \
                else None
            change, change_problems = _change_from_dict(raw, file, item, i + 1)
            problems.extend(change_problems)
            if change is not None:
                changes.append(change)
        if problems:
            raise DataError(problems, f"{path}: {len(problems)} problem{'s' if len(problems) != 1 else ''} "
                                      "in the scenario file")
        base = data.get("base")
        if base:
            base = str((path.parent / str(base)).resolve())
        return cls(name=name.strip(), base=base, changes=tuple(changes),
                   description=str(data.get("description") or "").strip())


def _change_from_dict(raw: Any, file: str, node: Any, step: int) -> tuple[Change | None, list[Problem]]:
    where = f"changes[{step}]"
    line = node.start_mark.line + 1 if node is not None else None

    def line_of(key: str) -> int | None:
        return key_line(node, key) or line
    if not isinstance(raw, dict) or "op" not in raw:
        return None, [Problem(file, line, f"{where}.op", None if raw is None else str(raw),
                              f"a change with an 'op' ({', '.join(CHANGE_TYPES)})", "missing_value")]
    op = str(raw["op"]).strip()
    cls = CHANGE_TYPES.get(op)
    if cls is None or op == "":
        close = difflib.get_close_matches(op, list(CHANGE_TYPES), n=1)
        hint = f"{close[0]!r}, or one of " if close else "one of "
        return None, [Problem(file, line_of("op"), f"{where}.op", op, hint + ", ".join(CHANGE_TYPES), "unknown_op")]
    known = {f.name: f for f in fields(cls)}
    problems = [Problem(file, line_of(key), f"{where}.{key}", str(value), f"a field of {op}: {', '.join(known)}",
                        "unknown_field") for key, value in raw.items() if key != "op" and key not in known]
    missing = [n for n, f in known.items() if f.default is dataclasses.MISSING
               and f.default_factory is dataclasses.MISSING and n not in raw]
    problems += [Problem(file, line, f"{where}.{n}", None, f"a value for {n!r} ({op} needs it)", "missing_value")
                 for n in missing]
    if problems:
        return None, problems
    try:
        return cls(**{k: v for k, v in raw.items() if k != "op"}), []
    except ParameterError as exc:
        match = re.match(r"The '(\w+)' parameter of \w+ must be (.*)\. Got (.*) instead\.$", str(exc), re.S)
        column, expected, value = (match.group(1), match.group(2), match.group(3)) if match else (None, str(exc), None)
        return None, [Problem(file, line_of(column) if column else line, f"{where}.{column}" if column else where,
                              value, expected,
                              "invalid_value")]


# ============================================================== diff chart
def diff_chart(old: Structure, new: Structure, **chart_options: Any) -> Any:
    """Draw ``new`` with what was added, removed and changed since ``old`` marked.

    Removed units and positions are drawn where they were (under their old
    parent or manager), so the chart shows the whole change. Units whose
    duties changed are marked ``changed``. Headcounts printed on the chart
    (title line, unit headers) count the removed positions too; read the
    deltas from :func:`orgplan.organisation.diff.diff_summary`.

    Parameters
    ----------
    old, new : Structure
    **chart_options
        Passed on to :func:`orgplan.render.chart.org_chart` (``unit=``,
        ``collapse=`` …).

    Returns
    -------
    OrgChart
        What :func:`orgplan.render.chart.org_chart` returns; it shows itself in
        Jupyter and can be saved as SVG / PNG / PDF.
    """
    try:
        from orgplan.render.chart import org_chart
    except ImportError as exc:  # pragma: no cover - chart ships with the package
        raise ImportError("diff_chart needs orgplan.chart (and pygraphviz: pip install pygraphviz).") from exc
    merged, marks = diff_marks(old, new)
    return org_chart(merged, marks=marks, **chart_options)


def diff_marks(old: Structure, new: Structure) -> tuple[Structure, dict[tuple[str, str], str]]:
    """The structure a diff chart draws and its marks (see :func:`diff_chart`).

    Returns
    -------
    merged : Structure
        ``new`` plus the units and positions only ``old`` has, at their old
        places.
    marks : dict
        ``("unit" | "position", id)`` → ``"added" | "removed" | "changed"``.

    Examples
    --------
    >>> from orgplan import read_structure, sample_path
    >>> old = read_structure(sample_path("as-is-2026"))
    >>> new = apply_changes(old, [MergeUnits("MKT", into="SALES")])
    >>> merged, marks = diff_marks(old, new)
    >>> marks[("unit", "MKT")], marks[("position", "MKT-MGR")], marks[("unit", "SALES")]
    ('removed', 'changed', 'changed')
    >>> "MKT" in set(merged.units["unit_id"])
    True
    """
    from orgplan.organisation.diff import diff

    table = diff(old, new)
    marks: dict[tuple[str, str], str] = {}
    for kind, id_, change in table[["kind", "id", "change"]].drop_duplicates().itertuples(index=False):
        if kind in ("unit", "position"):
            marks[(kind, id_)] = change
    new_units = set(new._units["unit_id"])
    duty_rows = table[table["kind"] == "duty"]
    for old_owner, new_owner in zip(duty_rows["old"], duty_rows["new"]):
        for owners in (old_owner, new_owner):
            for uid in str(owners or "").split(", "):
                if uid in new_units and ("unit", uid) not in marks:
                    marks[("unit", uid)] = "changed"
    units = pd.concat([new.units.astype(object), old.units[~old.units["unit_id"].isin(new_units)].astype(object)],
                      ignore_index=True)
    new_positions = set(new._positions["position_id"])
    positions = pd.concat([new.positions.astype(object),
                           old.positions[~old.positions["position_id"].isin(new_positions)].astype(object)],
                          ignore_index=True)
    merged = Structure(units, positions, new.duties,
                       name=f"{old.name} → {new.name}", status="draft")
    return merged, marks
