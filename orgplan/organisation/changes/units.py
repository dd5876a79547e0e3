"""Changes to units: add, remove, rename, move, merge and split (部門 / 組)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from orgplan.errors import ChangeError
from orgplan.i18n import N_, Translator
from orgplan.model.structure import Structure
from orgplan.organisation.changes.base import (
    Change, _append, _clean_id, _clean_ids, _clean_kind, _clean_text, _listing, _rebuild, _unit_label, _value,
)
from orgplan.tables.cells import is_blank
from orgplan.organisation.changes.duties import AddDuty, ReassignDuty
from orgplan.organisation.changes.positions import MovePosition

_ = Translator("organisation")

_KINDS = {"company": N_("company"), "department": N_("department"), "section": N_("section"),
          "team": N_("team (unit)")}


def _kind_words(kind: str) -> str:
    """A unit's kind as people read it: the code in English, else its words (部门, 组 …)."""
    from orgplan.i18n import get_language

    return kind if get_language() == "en" or kind not in _KINDS else _(_KINDS[kind])


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
        return _("add {kind} {id} ({name}) under {parent}").format(kind=_kind_words(self.kind),
                                                                  id=self.unit_id, name=self.name,
                                                                  parent=self.parent_id)

    def apply(self, structure: Structure) -> Structure:
        units = structure.units
        if self.unit_id in set(units["unit_id"]):
            raise ChangeError(_("{change}: there is already a unit {unit}. Choose another id.").format(
                change=self._what(), unit=_unit_label(structure, self.unit_id)))
        self._need_unit(structure, self.parent_id, N_("parent unit"))
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
        return _("remove unit {id}").format(id=self.unit_id)

    def apply(self, structure: Structure) -> Structure:
        self._need_unit(structure, self.unit_id)
        units, positions, duties = structure.units_table, structure.positions_table, structure.duties_table
        row = structure.unit(self.unit_id)
        if is_blank(row["parent_id"]):
            raise ChangeError(_("{change}: {unit} is the company (the root).").format(
                change=self._what(), unit=_unit_label(structure, self.unit_id)))
        held = positions.loc[positions["unit_id"] == self.unit_id, "position_id"].tolist()
        subunits = units.loc[units["parent_id"] == self.unit_id, "unit_id"].tolist()
        owned = duties.loc[duties["unit_id"] == self.unit_id, "duty_id"].tolist()
        if held or subunits or owned:
            what = [_.ngettext("{n} position ({ids})", "{n} positions ({ids})", len(held)).format(
                        n=len(held), ids=_listing(held)) if held else "",
                    _.ngettext("{n} sub-unit ({ids})", "{n} sub-units ({ids})", len(subunits)).format(
                        n=len(subunits), ids=_listing(subunits)) if subunits else "",
                    _.ngettext("{n} duty ({ids})", "{n} duties ({ids})", len(owned)).format(
                        n=len(owned), ids=_listing(owned)) if owned else ""]
            raise ChangeError(_("{change}: {unit} still has {what}. Say where they go with MergeUnits({id}, "
                                "into=...), or move them first (MovePosition, MoveUnit, ReassignDuty).").format(
                change=self._what(), unit=_unit_label(structure, self.unit_id),
                what=_(", ").join(w for w in what if w), id=repr(self.unit_id)))
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
        return _("rename unit {id} to {name}").format(id=self.unit_id, name=self.name)

    def apply(self, structure: Structure) -> Structure:
        self._need_unit(structure, self.unit_id)
        self._expect(structure, structure.unit(self.unit_id)["name"], _("the name of unit {id}").format(id=repr(self.unit_id)))
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
        return _("move unit {id} under {parent}").format(id=self.unit_id, parent=self.parent_id)

    def apply(self, structure: Structure) -> Structure:
        self._need_unit(structure, self.unit_id)
        self._need_unit(structure, self.parent_id, N_("parent unit"))
        current = _value(structure.unit(self.unit_id)["parent_id"])
        if current is None:
            raise ChangeError(_("{change}: {unit} is the company (the root).").format(
                change=self._what(), unit=_unit_label(structure, self.unit_id)))
        if self.parent_id in structure.subunits(self.unit_id):
            if self.parent_id == self.unit_id:
                raise ChangeError(_("{change}: {unit} is the unit itself, so the unit would end up inside itself.")
                                  .format(change=self._what(), unit=_unit_label(structure, self.parent_id)))
            raise ChangeError(_("{change}: {unit} is inside it, so the unit would end up inside itself.").format(
                change=self._what(), unit=_unit_label(structure, self.parent_id)))
        self._expect(structure, current, _("the parent of unit {id}").format(id=repr(self.unit_id)))
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
        return _("merge unit {id} into {into}").format(id=self.unit_id, into=self.into)

    def _what(self) -> str:
        return _("Cannot merge unit {id} into {into}").format(id=repr(self.unit_id), into=repr(self.into))

    def apply(self, structure: Structure) -> Structure:
        self._need_unit(structure, self.unit_id)
        self._need_unit(structure, self.into, N_("unit to merge into"))
        if self.unit_id == self.into:
            raise ChangeError(_("{change}: a unit cannot be merged into itself.").format(change=self._what()))
        if is_blank(structure.unit(self.unit_id)["parent_id"]):
            raise ChangeError(_("{change}: {unit} is the company (the root); merge the other way round.").format(
                change=self._what(), unit=_unit_label(structure, self.unit_id)))
        if self.into in structure.subunits(self.unit_id):
            raise ChangeError(_("Cannot merge unit {unit} into {into}: {into_id} is inside {id}, so the unit would "
                                "end up inside itself. Merge the other way round, or move {into_id} out first.")
                              .format(unit=_unit_label(structure, self.unit_id),
                                      into=_unit_label(structure, self.into), into_id=repr(self.into),
                                      id=repr(self.unit_id)))
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
        return _("split {new} ({name}) off {id} with positions {positions} and duties {duties}").format(
            new=self.new_unit_id, name=self.name, id=self.unit_id, positions=", ".join(self.positions) or _("(none)"),
            duties=", ".join(self.duties) or _("(none)"))

    def _what(self) -> str:
        return _("Cannot split {new} off unit {id}").format(new=repr(self.new_unit_id), id=repr(self.unit_id))

    def apply(self, structure: Structure) -> Structure:
        self._need_unit(structure, self.unit_id)
        if self.new_unit_id in set(structure.units_table["unit_id"]):
            raise ChangeError(_("{change}: there is already a unit {unit}.").format(
                change=self._what(), unit=_unit_label(structure, self.new_unit_id)))
        row = structure.unit(self.unit_id)
        parent = self.parent_id if self.parent_id is not None else _value(row["parent_id"])
        if parent is None:
            raise ChangeError(_("{change}: {id} is the company (the root); say where the new unit goes with "
                                "parent_id.").format(change=self._what(), id=repr(self.unit_id)))
        self._need_unit(structure, parent, N_("parent unit"))
        positions, duties = structure.positions, structure.duties
        in_unit = dict(zip(positions["position_id"], positions["unit_id"]))
        wrong = [p for p in self.positions if in_unit.get(p) != self.unit_id]
        if wrong:
            raise ChangeError(_.ngettext("{change}: position {ids} is not in {id}.",
                                         "{change}: positions {ids} are not in {id}.", len(wrong)).format(
                change=self._what(), ids=_listing(wrong), id=repr(self.unit_id)))
        owned = set(duties.loc[duties["unit_id"] == self.unit_id, "duty_id"])
        wrong = [d for d in self.duties if d not in owned]
        if wrong:
            raise ChangeError(_.ngettext("{change}: duty {ids} is not owned by {id}.",
                                         "{change}: duties {ids} are not owned by {id}.", len(wrong)).format(
                change=self._what(), ids=_listing(wrong), id=repr(self.unit_id)))
        units = _append(structure.units, {"unit_id": self.new_unit_id, "name": self.name, "parent_id": parent,
                                          "kind": self.kind or row["kind"]})
        positions.loc[positions["position_id"].isin(self.positions), "unit_id"] = self.new_unit_id
        duties.loc[(duties["unit_id"] == self.unit_id) & duties["duty_id"].isin(self.duties),
                   "unit_id"] = self.new_unit_id
        return _rebuild(structure, units=units, positions=positions, duties=duties)

    def inverse(self, before: Structure) -> tuple[Change, ...]:
        return (MergeUnits(self.new_unit_id, into=self.unit_id),)
