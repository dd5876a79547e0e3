"""Checks of a structure: a findings table instead of an exception.

A draft under construction is loadable while it is still wrong; the checks
say what is wrong, each as a row with a severity, a rule, the ids involved
and a message — the admin department's to-do list before the GM signs.

Rules (``rule`` column):

========================== ======== ==============================================
rule                       severity what it means
========================== ======== ==============================================
(cell rules)               error    a bad cell in a file: ``missing_value``,
                                    ``not_a_number``, ``negative_establishment``,
                                    ``non_integer_establishment``, ``duplicate_id`` …
                                    (from :func:`check_path` only)
no_root, multiple_roots    error    the units need exactly one root (the company)
unknown_parent             error    a unit's ``parent_id`` is not a unit
unit_cycle                 error    units contain each other in a circle
unknown_unit               error    a position's ``unit_id`` is not a unit
no_top_position,           error    exactly one position reports to nobody
multiple_top_positions
unknown_reports_to         error    ``reports_to`` is not a position
unknown_dotted_line        error    ``dotted_line_to`` is not a position
reporting_cycle            error    a chain of reporting lines comes back to itself
over_establishment         error    filled above approved (超編)
duty_gap                   error    a duty nobody owns (the seed's "no gaps")
duty_overlap               error    a duty with two or more owners ("no overlaps")
unknown_duty_unit          error    a duty owned by a unit that does not exist
zero_establishment         warning  a position approved at 0 (remove it, or staff it)
empty_unit                 warning  a unit with no positions in or beneath it
span_too_narrow            warning  fewer people per manager than ``min_span``
span_too_wide              warning  more people per manager than ``max_span``
too_many_layers            warning  more reporting layers than the size warrants
========================== ======== ==============================================

Examples
--------
>>> from orgplan import read_structure, sample_path, check
>>> findings = check(read_structure(sample_path("as-is-2026")))
>>> findings.groupby("severity").size().to_dict()
{'error': 5, 'warning': 4}
>>> findings.loc[findings["rule"] == "duty_overlap", "message"].item()
"Duty 'D-COMPLAINT' (客戶投訴處理) has 2 owners: CRM, AS-ADV. Give it to one unit; the other supports."
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass

import numpy as np
import pandas as pd

from orgplan.model.tree import cycles, positions_of, report_tree, unit_of_position, unit_tree
from orgplan.errors import ParameterError, Problem
from orgplan.model.structure import Structure

__all__ = ["check", "check_path", "Thresholds", "FINDING_COLUMNS"]

FINDING_COLUMNS = ["severity", "rule", "unit_id", "position_id", "duty_id", "message", "file", "row", "column"]


@dataclass(frozen=True)
class Thresholds:
    """Limits of the warning rules, with defaults from published practice.

    Parameters
    ----------
    min_span : float, default 3
        Fewer people per manager than this makes a manager who mostly does
        the work himself — the seed's "too simple" failure is the opposite,
        but a span of 1–2 is the classic sign of a layer added for a title.
        Spans of 3–15 are the band most spans-and-layers reviews accept
        (e.g. Bain & Company's "Decision Insights" spans guidance; McKinsey,
        "How to identify the right 'spans and layers'", 2017, which sets
        3–15 depending on the manager's archetype).
    max_span : float, default 15
        More people per manager than this overloads the manager — the seed's
        "managers drowning in daily work". Upper end of the same band; a
        workshop foreman of identical technicians ("player/coach" or
        "supervisor" archetypes) can sit at the top of it.
    target_span : float, default 6
        The span used to derive how many layers a company of N people
        needs: ``ceil(log(N) / log(target_span)) + 1`` (the classic
        Urwick/Graicunas reasoning; 5–7 is the usual dealership figure).
    extra_layers : int, default 1
        Layers tolerated above that before ``too_many_layers`` warns.

    Examples
    --------
    >>> Thresholds().allowed_layers(126)
    5
    """

    min_span: float = 3
    max_span: float = 15
    target_span: float = 6
    extra_layers: int = 1

    def __post_init__(self) -> None:
        for name in ("min_span", "max_span", "target_span"):
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or value <= 0:
                raise ParameterError(f"The {name!r} parameter of Thresholds must be a positive number. "
                                     f"Got {value!r} instead.")
        if self.min_span > self.max_span:
            raise ParameterError(f"The 'min_span' parameter of Thresholds must not exceed 'max_span' "
                                 f"({self.max_span}). Got {self.min_span!r} instead.")
        if self.target_span <= 1:
            raise ParameterError(f"The 'target_span' parameter of Thresholds must be above 1. "
                                 f"Got {self.target_span!r} instead.")

    def allowed_layers(self, headcount: int) -> int:
        """Reporting layers a company of ``headcount`` people may have before a warning."""
        if headcount <= 1:
            return 1 + self.extra_layers
        return math.ceil(math.log(headcount) / math.log(self.target_span)) + 1 + self.extra_layers


def check(structure: Structure, thresholds: Thresholds | None = None) -> pd.DataFrame:
    """Run every rule on a structure and return the findings.

    Parameters
    ----------
    structure : Structure
    thresholds : Thresholds, optional
        Limits for the span and layer warnings.

    Returns
    -------
    DataFrame
        One row per finding: ``severity`` (``error`` or ``warning``),
        ``rule``, ``unit_id``, ``position_id``, ``duty_id``, ``message``,
        and where the structure came from files, ``file``, ``row``,
        ``column`` of the cell to fix. Errors come first. Empty when all is
        well.
    """
    return _check(structure, thresholds or Thresholds(), skip_rows=set())


def check_path(path: str | os.PathLike, thresholds: Thresholds | None = None) -> pd.DataFrame:
    """Read a structure leniently and check it: bad cells become findings too.

    Where :func:`orgplan.read_structure` stops at the first file with bad
    cells, this lists the bad cells *and* runs every structural rule, so a
    single run shows everything to fix. Problems that make a table
    unreadable (no such file, a missing column) still raise.

    Raises
    ------
    FileNotFoundError, DataError
        When the tables cannot be read at all.
    """
    from orgplan.model.io import load_structure

    structure, problems = load_structure(path)
    skip_rows = {p.row for p in problems
                 if p.column in ("approved", "filled") and p.file == structure.files.get("positions")}
    cell_findings = [_problem_finding(structure, p) for p in problems]
    findings = _check(structure, thresholds or Thresholds(), skip_rows=skip_rows)
    if cell_findings:
        findings = pd.concat([pd.DataFrame(cell_findings, columns=FINDING_COLUMNS), findings], ignore_index=True)
        findings = _order(findings)
    return findings


# --------------------------------------------------------------------- rules
class _Findings:
    def __init__(self, structure: Structure):
        self.rows: list[dict] = []
        self.files = structure.files
        # lookups by id, built on first use: a clean million-position structure never pays for them
        self._lookups: dict[str, pd.Series] = {}
        self._tables = {"units": (structure._units, "unit_id"), "positions": (structure._positions, "position_id")}

    def lookup(self, table: str, column: str, key) -> object:
        name = f"{table}.{column}"
        if name not in self._lookups:
            frame, id_column = self._tables[table]
            self._lookups[name] = pd.Series(frame[column].array, index=pd.Index(frame[id_column].array))
        series = self._lookups[name]
        return series.get(key) if key in series.index else None

    def add(self, severity: str, rule: str, message: str, *, unit_id=None, position_id=None, duty_id=None,
            table: str | None = None, row=None, column: str | None = None) -> None:
        if row is None and table == "units" and unit_id is not None:
            row = self.lookup("units", "_row", unit_id)
        if row is None and table == "positions" and position_id is not None:
            row = self.lookup("positions", "_row", position_id)
        file = self.files.get(table) if table else None
        self.rows.append({
            "severity": severity, "rule": rule, "unit_id": unit_id, "position_id": position_id,
            "duty_id": duty_id, "message": message, "file": file,
            "row": int(row) if (file and row is not None) else None, "column": column if file else None,
        })


def _check(structure: Structure, thresholds: Thresholds, *, skip_rows: set[int]) -> pd.DataFrame:
    found = _Findings(structure)
    units = structure._units
    positions = structure._positions
    duties = structure._duties
    def unit_label(uid):
        name = found.lookup("units", "name", uid)
        return f"{uid!r} ({name})" if name is not None else repr(uid)

    def position_label(pid):
        title = found.lookup("positions", "title", pid)
        return f"{pid!r} ({title})" if title is not None else repr(pid)

    def unit_of(pid):
        return found.lookup("positions", "unit_id", pid)

    # ---- units: one root, known parents, no cycles
    units_tree = unit_tree(structure)
    roots = units["unit_id"][~units_tree.has_parent_id].tolist()
    if len(units) and not roots:
        found.add("error", "no_root", "No unit has an empty parent_id: the company (the root) is missing.",
                  table="units", column="parent_id")
    if len(roots) > 1:
        for uid in roots[1:]:
            found.add("error", "multiple_roots",
                      f"Unit {unit_label(uid)} has no parent, but {unit_label(roots[0])} is already the root. "
                      f"Set its parent_id.", unit_id=uid, table="units", column="parent_id")
    bad_parent = units_tree.has_parent_id & ~units_tree.known_parent
    for uid, parent in zip(units["unit_id"][bad_parent], units["parent_id"][bad_parent]):
        found.add("error", "unknown_parent", f"Unit {unit_label(uid)} has parent_id {parent!r}, which is not a unit.",
                  unit_id=uid, table="units", column="parent_id")
    for cycle in cycles(units_tree):
        ids = units["unit_id"].to_numpy()[cycle].tolist()
        found.add("error", "unit_cycle",
                  f"Units contain each other in a circle: {' → '.join(ids + ids[:1])}. Break it by fixing a parent_id.",
                  unit_id=ids[0], table="units", column="parent_id")

    # ---- positions: known units and managers, one top, no cycles
    unknown_unit = unit_of_position(structure) < 0
    for pid, uid in zip(positions["position_id"][unknown_unit], positions["unit_id"][unknown_unit]):
        found.add("error", "unknown_unit", f"Position {position_label(pid)} is in unit {uid!r}, which is not a unit.",
                  position_id=pid, table="positions", column="unit_id")
    reporting = report_tree(structure)
    tops = positions["position_id"][~reporting.has_parent_id].tolist()
    if len(positions) and not tops:
        found.add("error", "no_top_position",
                  "Every position reports to another: the top position (e.g. the general manager) must have "
                  "an empty reports_to.", table="positions", column="reports_to")
    if len(tops) > 1:
        for pid in tops[1:]:
            found.add("error", "multiple_top_positions",
                      f"Position {position_label(pid)} reports to nobody, but {position_label(tops[0])} is already "
                      f"the top position. Set its reports_to.",
                      position_id=pid, unit_id=unit_of(pid), table="positions", column="reports_to")
    bad_manager = reporting.has_parent_id & ~reporting.known_parent
    for pid, manager in zip(positions["position_id"][bad_manager], positions["reports_to"][bad_manager]):
        found.add("error", "unknown_reports_to",
                  f"Position {position_label(pid)} reports to {manager!r}, which is not a position.",
                  position_id=pid, unit_id=unit_of(pid), table="positions", column="reports_to")
    if "dotted_line_to" in positions:
        dotted = positions["dotted_line_to"]
        bad_dotted = dotted.notna().to_numpy(dtype=bool) & (positions_of(positions["position_id"], dotted) < 0)
        for pid, manager in zip(positions["position_id"][bad_dotted], dotted[bad_dotted]):
            found.add("error", "unknown_dotted_line",
                      f"Position {position_label(pid)} has a dotted line to {manager!r}, which is not a position.",
                      position_id=pid, unit_id=unit_of(pid), table="positions", column="dotted_line_to")
    for cycle in cycles(reporting):
        ids = positions["position_id"].to_numpy()[cycle].tolist()
        found.add("error", "reporting_cycle",
                  f"Reporting lines go round in a circle: {' → '.join(ids + ids[:1])}. Fix one reports_to.",
                  position_id=ids[0], unit_id=unit_of(ids[0]), table="positions", column="reports_to")

    # ---- establishment
    approved = positions["approved"].to_numpy()
    filled = positions["filled"].to_numpy()
    trusted = ~positions["_row"].isin(skip_rows).to_numpy()  # rows whose counts were unreadable are reported already
    over = np.flatnonzero((filled > approved) & trusted)
    for i in over:
        pid = positions["position_id"].iat[i]
        found.add("error", "over_establishment",
                  f"Position {position_label(pid)} has {filled[i]} filled on {approved[i]} approved "
                  f"(超編 by {filled[i] - approved[i]}). Raise the establishment with the GM's approval, or transfer people.",
                  position_id=pid, unit_id=positions["unit_id"].iat[i], table="positions", column="filled")
    zero = np.flatnonzero((approved == 0) & trusted)
    for i in zero:
        if filled[i] > 0:
            continue  # already an over_establishment error
        pid = positions["position_id"].iat[i]
        found.add("warning", "zero_establishment",
                  f"Position {position_label(pid)} is approved at 0. Remove it, or give it an establishment.",
                  position_id=pid, unit_id=positions["unit_id"].iat[i], table="positions", column="approved")

    # ---- empty units
    from orgplan.organisation.metrics import rollup, spans

    table = rollup(structure)
    for uid in table.loc[table["positions"] == 0, "unit_id"]:
        found.add("warning", "empty_unit", f"Unit {unit_label(uid)} has no positions in it or beneath it.",
                  unit_id=uid, table="units")

    # ---- duties: neither gaps nor overlaps
    if len(duties):
        duty_rows = duties["_row"].to_numpy()
        for i in np.flatnonzero(duties["unit_id"].isna().to_numpy()):
            did = duties["duty_id"].iat[i]
            found.add("error", "duty_gap",
                      f"Duty {did!r} ({duties['name'].iat[i]}) has no owning unit (a gap). Assign it to one unit.",
                      duty_id=did, table="duties", row=duty_rows[i], column="unit_id")
        owned = duties[duties["unit_id"].notna()]
        bad_owner = positions_of(units["unit_id"], owned["unit_id"]) < 0
        for did, uid, row in zip(owned["duty_id"][bad_owner], owned["unit_id"][bad_owner], owned["_row"][bad_owner]):
            found.add("error", "unknown_duty_unit", f"Duty {did!r} is owned by {uid!r}, which is not a unit.",
                      duty_id=did, unit_id=uid, table="duties", row=row, column="unit_id")
        owners = owned.drop_duplicates(["duty_id", "unit_id"]).groupby("duty_id", sort=False)
        for did, group in owners:
            if len(group) > 1:
                found.add("error", "duty_overlap",
                          f"Duty {did!r} ({group['name'].iat[0]}) has {len(group)} owners: "
                          f"{', '.join(group['unit_id'])}. Give it to one unit; the other supports.",
                          duty_id=did, table="duties", row=group["_row"].iat[1], column="unit_id")

    # ---- spans and layers
    span_table = spans(structure)
    narrow = span_table["span_per_manager"] < thresholds.min_span
    wide = span_table["span_per_manager"] > thresholds.max_span
    for rule, mask, advice in (("span_too_narrow", narrow, f"fewer than {thresholds.min_span:g}: consider merging "
                                "the layer or widening the role"),
                               ("span_too_wide", wide, f"more than {thresholds.max_span:g}: the manager is overloaded; "
                                "consider supervisors or splitting the team")):
        flagged = span_table[mask]
        file_rows = positions["_row"].to_numpy()[positions_of(positions["position_id"], flagged["position_id"])]
        for row, file_row in zip(flagged.itertuples(index=False), file_rows):
            found.add("warning", rule,
                      f"Position {row.position_id!r} ({row.title}) manages {row.span_per_manager:g} people per "
                      f"manager ({row.span_approved} approved reporting to {row.approved} seat"
                      f"{'s' if row.approved != 1 else ''}), {advice}.",
                      position_id=row.position_id, unit_id=row.unit_id, table="positions", row=file_row)
    layers = reporting.depth.max() + 1 if len(positions) else 0
    headcount = int(approved.sum())
    allowed = thresholds.allowed_layers(headcount)
    if layers > allowed:
        found.add("warning", "too_many_layers",
                  f"The reporting tree has {layers} layers; {headcount} people warrant at most {allowed} "
                  f"(target span {thresholds.target_span:g}). Look for layers with narrow spans.")
    return _order(pd.DataFrame(found.rows, columns=FINDING_COLUMNS))


_RULE_ORDER = [
    "no_root", "multiple_roots", "unknown_parent", "unit_cycle", "unknown_unit", "no_top_position",
    "multiple_top_positions", "unknown_reports_to", "unknown_dotted_line", "reporting_cycle",
    "over_establishment", "duty_gap", "duty_overlap", "unknown_duty_unit", "zero_establishment",
    "empty_unit", "span_too_narrow", "span_too_wide", "too_many_layers",
]


def _order(findings: pd.DataFrame) -> pd.DataFrame:
    severity = findings["severity"].map({"error": 0, "warning": 1})
    rule = findings["rule"].map({r: i for i, r in enumerate(_RULE_ORDER)}).fillna(-1)
    order = np.lexsort((np.arange(len(findings)), rule.to_numpy(), severity.to_numpy()))
    out = findings.iloc[order].reset_index(drop=True)
    out["row"] = out["row"].astype("Int64")
    return out


def _problem_finding(structure: Structure, problem: Problem) -> dict:
    return {
        "severity": "error", "rule": problem.code, "unit_id": None, "position_id": None, "duty_id": None,
        "message": str(problem), "file": problem.file, "row": problem.row, "column": problem.column,
    }
