"""The change operations' common ground: the :class:`Change` record, its parameter checks, applying in order.

A *change* is a small frozen record — merge two units, move a position,
set an establishment (編制) — whose :meth:`~Change.apply` returns a **new**
:class:`~orgplan.Structure` and refuses impossible changes with a
:class:`~orgplan.errors.ChangeError` that says why. Every change can give
its :meth:`~Change.inverse`, so a scenario can always be undone.

The helpers here (parameter checks, labels, rebuilding the structure) are
shared by the operations of :mod:`~orgplan.organisation.changes.units`,
:mod:`~orgplan.organisation.changes.positions` and
:mod:`~orgplan.organisation.changes.duties`.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from dataclasses import dataclass, fields
from typing import Any, ClassVar, Iterable, Sequence

import pandas as pd

from orgplan.errors import ChangeError, DataError, ParameterError
from orgplan.model.structure import Structure
from orgplan.model.tables import UNIT_KINDS
from orgplan.tables.cells import is_blank, parse_count, parse_money

__all__ = ["Change", "apply_changes"]


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
    count = parse_count(value)  # the one count rule of every table (orgplan.tables.cells)
    if count is None:
        _fail(change, name, "a whole number of 0 or more", value)
    object.__setattr__(change, name, count)


def _clean_money(change: "Change", name: str, *, optional: bool = False) -> None:
    value = getattr(change, name)
    if value is None and optional:
        return
    amount = parse_money(value)  # the one money rule of every table (orgplan.tables.cells)
    if amount is None:
        _fail(change, name, "a number of 0 or more (monthly cost per head)", value)
    object.__setattr__(change, name, amount)


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
def _value(value: Any) -> Any:
    """A cell as a plain Python value (None for missing)."""
    if is_blank(value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def _unit_label(s: Structure, unit_id: Any) -> str:
    names = dict(zip(s.units_table["unit_id"], s.units_table["name"]))
    return f"{unit_id!r} ({names[unit_id]})" if unit_id in names else repr(unit_id)


def _position_label(s: Structure, position_id: Any) -> str:
    titles = dict(zip(s.positions_table["position_id"], s.positions_table["title"]))
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
    for pid, manager in zip(s.positions_table["position_id"], s.positions_table["reports_to"]):
        if not is_blank(manager):
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
        if unit_id not in set(s.units_table["unit_id"]):
            raise ChangeError(f"{self._what()}: there is no {role} {unit_id!r} in this structure."
                              + _hint(unit_id, s.units_table["unit_id"]))

    def _need_position(self, s: Structure, position_id: str, role: str = "position") -> None:
        if position_id not in set(s.positions_table["position_id"]):
            raise ChangeError(f"{self._what()}: there is no {role} {position_id!r} in this structure."
                              + _hint(position_id, s.positions_table["position_id"]))

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
    >>> from orgplan.organisation.changes import RemoveUnit, RenameUnit
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


_SCENARIO_KEYS = ("name", "base", "description", "changes")
