"""Changes to positions: add, remove, retitle, move; establishment (編制), cost and reporting lines (匯報)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, fields
from typing import Any

from orgplan.errors import ChangeError
from orgplan.i18n import N_, Translator
from orgplan.model.structure import Structure
from orgplan.organisation.changes.base import (
    Change, _append, _clean_count, _clean_id, _clean_money, _clean_text, _fail, _listing, _position_label, _rebuild,
    _reports_below, _value,
)

_ = Translator("organisation")

__all__ = ["AddPosition", "RemovePosition", "RenamePosition", "MovePosition", "SetEstablishment", "SetCost",
           "SetReportsTo", "SetDottedLine"]


@dataclass(frozen=True)
class AddPosition(Change):
    """Add a position to a unit, reporting to an existing position.

    Examples
    --------
    >>> from orgplan import read_structure, sample_path
    >>> s = read_structure(sample_path("as-is-2026"))
    >>> new = AddPosition("USED-EVAL", "SALES-USED", "二手车评估师", reports_to="SAL-DIR",
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
            _fail(self, "assistant", N_("True or False"), self.assistant)

    def describe(self) -> str:
        return _("add position {id} ({title}) to {unit}, reporting to {manager}, {approved} approved at {cost:,.0f} "
                 "a month").format(id=self.position_id, title=self.title, unit=self.unit_id, manager=self.reports_to,
                                   approved=self.approved, cost=self.monthly_cost)

    def apply(self, structure: Structure) -> Structure:
        if self.position_id in set(structure.positions_table["position_id"]):
            raise ChangeError(_("{change}: there is already a position {position}. Choose another id.").format(
                change=self._what(), position=_position_label(structure, self.position_id)))
        self._need_unit(structure, self.unit_id)
        self._need_position(structure, self.reports_to, N_("position to report to"))
        if self.dotted_line_to is not None:
            self._need_position(structure, self.dotted_line_to, N_("position for the dotted line"))
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
        if self.reports_go_to:
            return _("remove position {id}, its reports go to {manager}").format(id=self.position_id,
                                                                                 manager=self.reports_go_to)
        return _("remove position {id}").format(id=self.position_id)

    def apply(self, structure: Structure) -> Structure:
        self._need_position(structure, self.position_id)
        positions = structure.positions
        solid = positions["reports_to"] == self.position_id
        dotted = positions["dotted_line_to"] == self.position_id if "dotted_line_to" in positions else solid & False
        if (solid | dotted).any():
            if self.reports_go_to is None:
                names = positions.loc[solid | dotted, "position_id"].tolist()
                manager = _value(structure.position(self.position_id)["reports_to"])
                suggestion = (" " + _("(e.g. reports_go_to={manager}, its own manager)").format(
                    manager=repr(manager))) if manager else ""
                raise ChangeError(_.ngettext("{change}: {ids} reports to {position}. Say where it goes with "
                                             "reports_go_to{suggestion}.",
                                             "{change}: {ids} report to {position}. Say where they go with "
                                             "reports_go_to{suggestion}.", len(names)).format(
                    change=self._what(), ids=_listing(names), position=_position_label(structure, self.position_id),
                    suggestion=suggestion))
            self._need_position(structure, self.reports_go_to, N_("position to take over the reports"))
            if self.reports_go_to in _reports_below(structure, self.position_id):
                if self.reports_go_to == self.position_id:
                    raise ChangeError(_("{change}: {position} is the removed position, so the reporting lines would "
                                        "go round in a circle. Choose a position above it.").format(
                        change=self._what(), position=_position_label(structure, self.reports_go_to)))
                raise ChangeError(_("{change}: {position} reports (directly or not) to it, so the reporting lines "
                                    "would go round in a circle. Choose a position above it.").format(
                    change=self._what(), position=_position_label(structure, self.reports_go_to)))
            positions.loc[solid, "reports_to"] = self.reports_go_to
            positions.loc[dotted, "dotted_line_to"] = self.reports_go_to
        return _rebuild(structure, positions=positions[positions["position_id"] != self.position_id])

    def inverse(self, before: Structure) -> tuple[Change, ...]:
        row = {k: _value(v) for k, v in before.position(self.position_id).items()}
        positions = before.positions_table
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
        return _("retitle position {id} as {title}").format(id=self.position_id, title=self.title)

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
        if self.reports_to:
            return _("move position {id} to {unit}, reporting to {manager}").format(
                id=self.position_id, unit=self.unit_id, manager=self.reports_to)
        return _("move position {id} to {unit}").format(id=self.position_id, unit=self.unit_id)

    def apply(self, structure: Structure) -> Structure:
        self._need_position(structure, self.position_id)
        self._need_unit(structure, self.unit_id)
        self._expect(structure, structure.position(self.position_id)["unit_id"],
                     _("the unit of position {id}").format(id=repr(self.position_id)))
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
    orgplan.errors.ChangeError: Cannot set the establishment of MECH-TECH to 15: the establishment of position 'MECH-TECH' (机修技师) is 12 in this structure, but the scenario recorded 10 when it was written; the base has changed since. Check the change against the base and update or remove 'was'.
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
        if self.filled is not None:
            return _("set the establishment of {id} to {approved} (filled {filled})").format(
                id=self.position_id, approved=self.approved, filled=self.filled)
        return _("set the establishment of {id} to {approved}").format(id=self.position_id, approved=self.approved)

    def apply(self, structure: Structure) -> Structure:
        self._need_position(structure, self.position_id)
        self._expect(structure, int(structure.position(self.position_id)["approved"]),
                     _("the establishment of position {position}").format(
                         position=_position_label(structure, self.position_id)))
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
        return _("set the monthly cost of {id} to {cost:,.0f}").format(id=self.position_id, cost=self.monthly_cost)

    def apply(self, structure: Structure) -> Structure:
        self._need_position(structure, self.position_id)
        self._expect(structure, float(structure.position(self.position_id)["monthly_cost"]),
                     _("the monthly cost of position {id}").format(id=repr(self.position_id)))
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
        return _("let {id} report to {manager}").format(id=self.position_id, manager=self.reports_to or _("nobody"))

    def apply(self, structure: Structure) -> Structure:
        self._need_position(structure, self.position_id)
        self._expect(structure, _value(structure.position(self.position_id)["reports_to"]),
                     _("the reporting line of position {id}").format(id=repr(self.position_id)))
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
        target = self.dotted_line_to or _("nobody (cleared)")
        return _("give {id} a dotted line to {target}").format(id=self.position_id, target=target)

    def apply(self, structure: Structure) -> Structure:
        self._need_position(structure, self.position_id)
        self._expect(structure, _value(structure.position(self.position_id).get("dotted_line_to")),
                     _("the dotted line of position {id}").format(id=repr(self.position_id)))
        if self.dotted_line_to is not None:
            self._need_position(structure, self.dotted_line_to, N_("position for the dotted line"))
            if self.dotted_line_to == self.position_id:
                raise ChangeError(_("{change}: a position cannot have a dotted line to itself.").format(
                    change=self._what()))
        return _set_position_field(self, structure, "dotted_line_to", self.dotted_line_to)

    def inverse(self, before: Structure) -> tuple[Change, ...]:
        return (_restore_line(before, self.position_id, "dotted_line_to", SetDottedLine),)

    def recorded(self, before: Structure) -> Change:
        return dataclasses.replace(self, was=_value(before.position(self.position_id).get("dotted_line_to")))


def _check_manager(change: Change, structure: Structure, manager: str) -> None:
    position_id = getattr(change, "position_id")
    change._need_position(structure, manager, N_("position to report to"))
    if manager in _reports_below(structure, position_id):
        if manager == position_id:
            raise ChangeError(_("{change}: {position} is the position itself, so the reporting lines would go round "
                                "in a circle. Choose a position above it.").format(
                change=change._what(), position=_position_label(structure, manager)))
        raise ChangeError(_("{change}: {position} reports (directly or not) to {id}, so the reporting lines would go "
                            "round in a circle. Choose a position above it.").format(
            change=change._what(), position=_position_label(structure, manager), id=repr(position_id)))


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
    known = old is None or (before.positions_table["position_id"] == old).any()
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
