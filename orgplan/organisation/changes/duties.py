"""Changes to duties (職能): add, remove and reassign, each duty to exactly one owning unit."""

from __future__ import annotations

from dataclasses import dataclass

from orgplan.errors import ChangeError
from orgplan.model.structure import Structure
from orgplan.organisation.changes.base import Change, _append, _clean_id, _clean_text, _hint, _rebuild, _value

__all__ = ["AddDuty", "RemoveDuty", "ReassignDuty"]


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
        row = before.duties_table.loc[self._row(before)]
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
        duties = before.duties_table
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
    duties = structure.duties_table
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
