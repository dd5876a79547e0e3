"""Changes to units: add, remove, rename, move, merge and split (部門 / 組)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from orgplan.errors import ChangeError
from orgplan.model.structure import Structure
from orgplan.organisation.changes.base import (
    Change, _append, _clean_id, _clean_ids, _clean_kind, _clean_text, _listing, _rebuild, _unit_label, _value,
)
from orgplan.tables.cells import is_blank
from orgplan.organisation.changes.duties import AddDuty, ReassignDuty
from orgplan.organisation.changes.positions import MovePosition

__all__ = ["AddUnit", "RemoveUnit", "RenameUnit", "MoveUnit", "MergeUnits", "SplitUnit"]


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
        units, positions, duties = structure.units_table, structure.positions_table, structure.duties_table
        row = structure.unit(self.unit_id)
        if is_blank(row["parent_id"]):
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
        if is_blank(structure.unit(self.unit_id)["parent_id"]):
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
        units, positions, duties = before.units_table, before.positions_table, before.duties_table
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
        if self.new_unit_id in set(structure.units_table["unit_id"]):
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
