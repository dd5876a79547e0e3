"""Change operations (方案的調整): each a frozen record that returns a new structure.

- :mod:`~orgplan.organisation.changes.base` — :class:`Change`, :func:`apply_changes`
- :mod:`~orgplan.organisation.changes.units` — add, remove, rename, move, merge, split units
- :mod:`~orgplan.organisation.changes.positions` — positions, establishment, cost, reporting lines
- :mod:`~orgplan.organisation.changes.duties` — add, remove, reassign duties

:data:`CHANGE_TYPES` names every operation by its ``op`` in scenario files.

Examples
--------
>>> from orgplan import read_structure, sample_path
>>> from orgplan.organisation.changes import MergeUnits, SetReportsTo, apply_changes
>>> as_is = read_structure(sample_path("as-is-2026"))
>>> merged = apply_changes(as_is, [MergeUnits("MKT", into="SALES"),
...                                SetReportsTo("MKT-MGR", "SAL-DIR", was="GM")])
>>> merged.position("MKT-PLAN")["unit_id"], merged.status
('SALES', 'draft')
>>> list(CHANGE_TYPES)[:3]
['add_unit', 'remove_unit', 'rename_unit']
"""

from __future__ import annotations

from orgplan.organisation.changes.base import Change, apply_changes
from orgplan.organisation.changes.duties import AddDuty, ReassignDuty, RemoveDuty
from orgplan.organisation.changes.positions import (
    AddPosition, MovePosition, RemovePosition, RenamePosition, SetCost, SetDottedLine, SetEstablishment,
    SetReportsTo,
)
from orgplan.organisation.changes.units import AddUnit, MergeUnits, MoveUnit, RemoveUnit, RenameUnit, SplitUnit

__all__ = [
    "Change", "apply_changes", "CHANGE_TYPES",
    "AddUnit", "RemoveUnit", "RenameUnit", "MoveUnit", "MergeUnits", "SplitUnit",
    "AddPosition", "RemovePosition", "RenamePosition", "MovePosition", "SetEstablishment", "SetCost",
    "SetReportsTo", "SetDottedLine",
    "AddDuty", "RemoveDuty", "ReassignDuty",
]

#: Every change type by its ``op`` name as written in scenario files.
CHANGE_TYPES: dict[str, type[Change]] = {change.op: change for change in (
    AddUnit, RemoveUnit, RenameUnit, MoveUnit, MergeUnits, SplitUnit,
    AddPosition, RemovePosition, RenamePosition, MovePosition, SetEstablishment, SetCost, SetReportsTo,
    SetDottedLine,
    AddDuty, RemoveDuty, ReassignDuty,
)}
