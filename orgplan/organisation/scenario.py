"""Restructuring scenarios (方案): a base structure and an ordered list of changes, saved as a file.

A :class:`Scenario` is a base structure plus an ordered list of changes
(:mod:`orgplan.organisation.changes`), saved as a readable YAML file next
to the data and replayable. Changes that set a value may record the value
they expect to find (``was``): replayed on a base that has changed since,
the scenario reports the conflict instead of guessing.

A changed structure is a proposal: whatever the status of the input
(as-is, draft or approved), the result is a ``draft`` without
``approved_by``/``approved_on``. An approved structure is never edited in
place — see :mod:`orgplan.organisation.review`.

The change operations are re-exported here, so
``from orgplan.organisation.scenario import MergeUnits, apply_changes`` works.
The chart of a change is :func:`orgplan.render.comparison.diff_chart`.

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
orgplan.errors.ChangeError: Cannot merge unit 'AS' (售后服务部) into 'AS-WS' (维修车间): 'AS-WS' is inside 'AS', so the unit would end up inside itself. Merge the other way round, or move 'AS-WS' out first.
"""

from __future__ import annotations

import dataclasses
import difflib
import html
import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from orgplan.errors import ChangeError, DataError, ParameterError, Problem, ScenarioConflict
from orgplan.i18n import Translator, every_translation
from orgplan.model.io import read_structure
from orgplan.model.structure import Structure
from orgplan.organisation.changes import (
    CHANGE_TYPES, AddDuty, AddPosition, AddUnit, Change, MergeUnits, MovePosition, MoveUnit, ReassignDuty,
    RemoveDuty, RemovePosition, RemoveUnit, RenamePosition, RenameUnit, SetCost, SetDottedLine, SetEstablishment,
    SetReportsTo, SplitUnit, apply_changes,
)
from orgplan.organisation.changes.base import OP_LABELS
from orgplan.organisation.display import SCENARIO_STEPS, for_people
from orgplan.tables.io import atomic_path
from orgplan.tables.yamlfile import child_node, key_line, load_yaml_with_lines

_ = Translator("organisation")

__all__ = [
    "Scenario",
    "ScenarioConflict",
    # the change operations, re-exported from orgplan.organisation.changes
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
    "apply_changes",
    "CHANGE_TYPES",
]

#: The keys of a scenario file.
_SCENARIO_KEYS = ("name", "base", "description", "changes")


@dataclass(frozen=True)
class Scenario:
    """A named restructuring: a base structure and an ordered list of changes.

    Parameters
    ----------
    name : str
        What users call it, e.g. ``"合併市场部入销售部"``.
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
    ('方案A：市场部并入销售部', True)
    >>> draft = sc.apply()
    >>> draft.name, draft.status, "MKT" in set(draft.units["unit_id"])
    ('方案A：市场部并入销售部', 'draft', False)
    """

    name: str
    base: str | None
    changes: tuple[Change, ...] = field(default_factory=tuple)
    description: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise ParameterError(_("The 'name' parameter of Scenario must be non-empty text. Got {value} instead.")
                                 .format(value=repr(self.name)))
        if self.base is not None:
            object.__setattr__(self, "base", str(self.base))
        changes = tuple(self.changes)
        for i, change in enumerate(changes, start=1):
            if not isinstance(change, Change):
                raise ParameterError(_("The 'changes' parameter of Scenario must hold Change objects (AddUnit, "
                                       "MergeUnits …). Got {change} at step {step} instead.").format(
                    change=repr(change), step=i))
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
            raise ParameterError(_("Scenario {name} names no base structure: pass the structure to apply to.").format(
                name=repr(self.name)))
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
        head = f"<p><b>{html.escape(self.name)}</b>"
        if self.description:
            head += f" — {html.escape(self.description)}"
        return head + "</p>" + for_people(self.to_frame(), SCENARIO_STEPS).to_html(index=False)

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
            raise FileNotFoundError(_("{path}: no such scenario file.").format(path=path))
        scenario_file = load_yaml_with_lines(path, _("a mapping with name, base, description and changes"),
                                             unreadable_code="malformed_yaml", not_mapping_code="malformed_yaml")
        file, data, node = scenario_file.file, scenario_file.data, scenario_file.node
        problems = [Problem(file, key_line(node, key), key, None,
                            _("one of {choices}").format(choices=", ".join(_SCENARIO_KEYS)),
                            "unknown_field") for key in data if key not in _SCENARIO_KEYS]
        name = data.get("name")
        if not isinstance(name, str) or not name.strip():
            problems.append(Problem(file, key_line(node, "name"), "name", None if name is None else str(name),
                                    _("the scenario's name"), "missing_value"))
        raw_changes = data.get("changes") or []
        if not isinstance(raw_changes, list):
            problems.append(Problem(file, key_line(node, "changes"), "changes", None, _("a list of changes"),
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
            raise DataError(problems, _.ngettext("{path}: {count} problem in the scenario file",
                                                 "{path}: {count} problems in the scenario file",
                                                 len(problems)).format(path=path, count=len(problems)))
        base = data.get("base")
        if base:
            base = str((path.parent / str(base)).resolve())
        return cls(name=name.strip(), base=base, changes=tuple(changes),
                   description=str(data.get("description") or "").strip())



def _op_words() -> dict[str, str]:
    """Every written form of an operation → its code: ``merge_units``, ``合并部门``, ``合併部門``, ``merge units``."""
    words = {}
    for code, label in OP_LABELS.items():
        for text in every_translation(label):
            words.setdefault(text, code)
            words.setdefault(text.lower(), code)
    return words


def _change_from_dict(raw: Any, file: str, node: Any, step: int) -> tuple[Change | None, list[Problem]]:
    where = f"changes[{step}]"
    line = node.start_mark.line + 1 if node is not None else None

    def line_of(key: str) -> int | None:
        return key_line(node, key) or line
    if not isinstance(raw, dict) or "op" not in raw:
        return None, [Problem(file, line, f"{where}.op", None if raw is None else str(raw),
                              _("a change with an 'op' ({choices})").format(choices=", ".join(CHANGE_TYPES)),
                              "missing_value")]
    op = str(raw["op"]).strip()
    op = _op_words().get(op, _op_words().get(op.lower(), op))
    cls = CHANGE_TYPES.get(op)
    if cls is None or op == "":
        close = difflib.get_close_matches(op, list(CHANGE_TYPES), n=1)
        choices = ", ".join(CHANGE_TYPES)
        hint = (_("{close}, or one of {choices}").format(close=repr(close[0]), choices=choices) if close
                else _("one of {choices}").format(choices=choices))
        return None, [Problem(file, line_of("op"), f"{where}.op", op, hint, "unknown_op")]
    known = {f.name: f for f in fields(cls)}
    problems = [Problem(file, line_of(key), f"{where}.{key}", str(value),
                        _("a field of {op}: {fields}").format(op=op, fields=", ".join(known)), "unknown_field") for key, value in raw.items() if key != "op" and key not in known]
    missing = [n for n, f in known.items() if f.default is dataclasses.MISSING
               and f.default_factory is dataclasses.MISSING and n not in raw]
    problems += [Problem(file, line, f"{where}.{n}", None,
                         _("a value for {field} ({op} needs it)").format(field=repr(n), op=op), "missing_value")
                 for n in missing]
    if problems:
        return None, problems
    try:
        return cls(**{k: v for k, v in raw.items() if k != "op"}), []
    except ParameterError as exc:
        column = getattr(exc, "parameter", None)
        expected, value = (exc.expected, exc.got) if column else (str(exc), None)
        return None, [Problem(file, line_of(column) if column else line, f"{where}.{column}" if column else where,
                              value, expected,
                              "invalid_value")]
