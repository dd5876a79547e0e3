"""Checks of a structure: a findings table instead of an exception.

A draft under construction is loadable while it is still wrong; the checks
say what is wrong, each as a row with a severity, a rule, the ids involved
and a message — the admin department's to-do list before the GM signs.

Every rule is one small function in the table :data:`RULES` (name, severity,
function, description); :func:`rules_markdown` renders that table for
``docs/checks.md``, and the findings come in its order.

Examples
--------
>>> from orgplan import read_structure, sample_path, check
>>> findings = check(read_structure(sample_path("as-is-2026")))
>>> findings.groupby("severity").size().to_dict()
{'error': 5, 'warning': 4}
>>> findings.loc[findings["rule"] == "duty_overlap", "message"].item()
"Duty 'D-COMPLAINT' (客户投诉处理) has 2 owners: CRM, AS-ADV. Give it to one unit; the other supports."
"""

from __future__ import annotations

import math
import os
from pathlib import Path
from types import SimpleNamespace
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Callable, Iterator, Literal

import numpy as np
import pandas as pd

from orgplan.errors import ParameterError, Problem
from orgplan.i18n import N_, Translator
from orgplan.model.io import load_structure
from orgplan.model.structure import Structure
from orgplan.model.tree import cycles, positions_of, report_tree, unit_of_position, unit_tree
from orgplan.organisation.authority import AUTHORITY, POSITION_DUTIES, load_table, position_list
from orgplan.organisation.leadership import LeadershipRules, leadership_posts, read_leadership_rules
from orgplan.organisation.metrics import rollup, spans

_ = Translator("organisation")

__all__ = ["check", "check_path", "Thresholds", "FINDING_COLUMNS", "Rule", "RULES", "CELL_RULES", "rules_markdown"]

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
                raise ParameterError(_("The {name} parameter of Thresholds must be a positive number. "
                                       "Got {value} instead.").format(name=repr(name), value=repr(value)))
        if self.min_span > self.max_span:
            raise ParameterError(_("The 'min_span' parameter of Thresholds must not exceed 'max_span' "
                                   "({max_span}). Got {value} instead.").format(max_span=self.max_span,
                                                                                value=repr(self.min_span)))
        if self.target_span <= 1:
            raise ParameterError(_("The 'target_span' parameter of Thresholds must be above 1. "
                                   "Got {value} instead.").format(value=repr(self.target_span)))

    def allowed_layers(self, headcount: int) -> int:
        """Reporting layers a company of ``headcount`` people may have before a warning."""
        if headcount <= 1:
            return 1 + self.extra_layers
        return math.ceil(math.log(headcount) / math.log(self.target_span)) + 1 + self.extra_layers


def check(structure: Structure, thresholds: Thresholds | None = None, *, position_duties: pd.DataFrame | None = None,
          authority: pd.DataFrame | None = None, leadership: LeadershipRules | None = None) -> pd.DataFrame:
    """Run every rule on a structure and return the findings.

    Parameters
    ----------
    structure : Structure
    thresholds : Thresholds, optional
        Limits for the span and layer warnings.
    position_duties : DataFrame, optional
        Which position leads or supports which duty
        (:func:`orgplan.organisation.authority.read_position_duties`); without
        it the position-duty rules find nothing.
    authority : DataFrame, optional
        The authority table (:func:`orgplan.organisation.authority.read_authority`);
        without it the authority rules find nothing.
    leadership : LeadershipRules, optional
        The rule of size for leadership posts (default: the built-in one).

    Returns
    -------
    DataFrame
        One row per finding: ``severity`` (``error`` or ``warning``),
        ``rule``, ``unit_id``, ``position_id``, ``duty_id``, ``message``,
        and where the structure came from files, ``file``, ``row``,
        ``column`` of the cell to fix. Errors come first. Empty when all is
        well.
    """
    extras = _Extras(position_duties=_with_rows(position_duties), authority=_with_rows(authority),
                     leadership=leadership or LeadershipRules())
    return _check(structure, thresholds or Thresholds(), skip_rows=set(), extras=extras)


def _with_rows(frame: pd.DataFrame | None) -> pd.DataFrame | None:
    if frame is None or "_row" in frame:
        return frame
    return frame.assign(_row=range(2, len(frame) + 2))


@dataclass(frozen=True)
class _Extras:
    """The tables beside the structure's own that some rules read (each optional), and their files."""

    position_duties: pd.DataFrame | None = None
    authority: pd.DataFrame | None = None
    leadership: LeadershipRules = LeadershipRules()
    files: tuple[tuple[str, str], ...] = ()


#: The files beside a structure's tables that :func:`check_path` reads when they are there.
BESIDE_FILES = {"position_duties": "position_duties.csv", "authority": "authority.csv",
                "leadership": "leadership.yaml"}


def _extras_beside(path: Path) -> tuple[_Extras, list[Problem]]:
    """Read position_duties.csv, authority.csv and leadership.yaml beside a structure folder, leniently."""
    tables: dict[str, Any] = {}
    problems: list[Problem] = []
    files = []
    folder = path if path.is_dir() else path.parent
    for name, table in (("position_duties", POSITION_DUTIES), ("authority", AUTHORITY)):
        file = folder / BESIDE_FILES[name]
        if file.exists():
            tables[name], found = load_table(file, table)
            problems += found
            files.append((name, str(file)))
    rules = folder / BESIDE_FILES["leadership"]
    leadership = read_leadership_rules(rules) if rules.exists() else LeadershipRules()
    return _Extras(leadership=leadership, files=tuple(files), **tables), problems


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

    Notes
    -----
    ``position_duties.csv``, ``authority.csv`` and ``leadership.yaml`` in the
    structure's folder are read too, and their rules run.
    """
    structure, problems = load_structure(path)
    extras, extra_problems = _extras_beside(Path(path))
    problems = problems + extra_problems
    skip_rows = {p.row for p in problems
                 if p.column in ("approved", "filled") and p.file == structure.files.get("positions")}
    cell_findings = [_problem_finding(structure, p) for p in problems]
    findings = _check(structure, thresholds or Thresholds(), skip_rows=skip_rows, extras=extras)
    if cell_findings:
        findings = pd.concat([pd.DataFrame(cell_findings, columns=FINDING_COLUMNS), findings], ignore_index=True)
        findings = _order(findings)
    return findings


# ------------------------------------------------------------------ findings
Finding = dict[str, Any]


def _finding(message: str, *, unit_id: Any = None, position_id: Any = None, duty_id: Any = None,
             table: str | None = None, row: Any = None, column: str | None = None) -> Finding:
    """What a rule found and where: the ids involved and the table, row and column to fix."""
    return {"message": message, "unit_id": unit_id, "position_id": position_id, "duty_id": duty_id,
            "table": table, "row": row, "column": column}


class _Context:
    """What the rules read: the structure's tables and trees, each derived once, on first use."""

    def __init__(self, structure: Structure, thresholds: Thresholds, skip_rows: set[int], extras: _Extras):
        self.structure = structure
        self.thresholds = thresholds
        self.skip_rows = skip_rows
        self.extras = extras
        self.files = {**structure.files, **dict(extras.files)}
        self.units = structure.units_table
        self.positions = structure.positions_table
        self.duties = structure.duties_table
        # lookups by id, built on first use: a clean million-position structure never pays for them
        self._lookups: dict[str, pd.Series] = {}

    # trees and figures -------------------------------------------------------
    @cached_property
    def units_tree(self):
        return unit_tree(self.structure)

    @cached_property
    def reporting(self):
        return report_tree(self.structure)

    @cached_property
    def approved(self) -> np.ndarray:
        return self.positions["approved"].to_numpy()

    @cached_property
    def filled(self) -> np.ndarray:
        return self.positions["filled"].to_numpy()

    @cached_property
    def trusted(self) -> np.ndarray:
        """Positions whose counts could be read (unreadable ones are reported as cell findings already)."""
        return ~self.positions["_row"].isin(self.skip_rows).to_numpy()

    @cached_property
    def spans(self) -> pd.DataFrame:
        return spans(self.structure)

    @cached_property
    def owned_duties(self) -> pd.DataFrame:
        return self.duties[self.duties["unit_id"].notna()]

    # labels --------------------------------------------------------------------
    def lookup(self, table: str, column: str, key: Any) -> Any:
        name = f"{table}.{column}"
        if name not in self._lookups:
            frame, id_column = (self.units, "unit_id") if table == "units" else (self.positions, "position_id")
            self._lookups[name] = pd.Series(frame[column].array, index=pd.Index(frame[id_column].array))
        series = self._lookups[name]
        return series.get(key) if key in series.index else None

    def unit_label(self, unit_id: Any) -> str:
        name = self.lookup("units", "name", unit_id)
        return _("{id} ({name})").format(id=repr(unit_id), name=name) if name is not None else repr(unit_id)

    def position_label(self, position_id: Any) -> str:
        title = self.lookup("positions", "title", position_id)
        return _("{id} ({name})").format(id=repr(position_id), name=title) if title is not None else repr(position_id)

    def unit_of(self, position_id: Any) -> Any:
        return self.lookup("positions", "unit_id", position_id)

    # one row of the findings table ---------------------------------------------
    def row(self, rule: "Rule", finding: Finding) -> dict[str, Any]:
        table, row = finding["table"], finding["row"]
        if row is None and table == "units" and finding["unit_id"] is not None:
            row = self.lookup("units", "_row", finding["unit_id"])
        if row is None and table == "positions" and finding["position_id"] is not None:
            row = self.lookup("positions", "_row", finding["position_id"])
        file = self.files.get(table) if table else None
        return {
            "severity": rule.severity, "rule": rule.name, "unit_id": finding["unit_id"],
            "position_id": finding["position_id"], "duty_id": finding["duty_id"], "message": finding["message"],
            "file": file, "row": int(row) if (file and row is not None) else None,
            "column": finding["column"] if file else None,
        }


# -------------------------------------------------------------- unit rules
def _no_root(c: _Context) -> Iterator[Finding]:
    if len(c.units) and c.units_tree.has_parent_id.all():
        yield _finding(_("No unit has an empty parent_id: the company (the root) is missing."),
                       table="units", column="parent_id")


def _multiple_roots(c: _Context) -> Iterator[Finding]:
    roots = c.units["unit_id"][~c.units_tree.has_parent_id].tolist()
    for unit_id in roots[1:]:
        yield _finding(_("Unit {unit} has no parent, but {root} is already the root. Set its parent_id.").format(
            unit=c.unit_label(unit_id), root=c.unit_label(roots[0])), unit_id=unit_id, table="units", column="parent_id")


def _unknown_parent(c: _Context) -> Iterator[Finding]:
    bad = c.units_tree.has_parent_id & ~c.units_tree.known_parent
    for unit_id, parent in zip(c.units["unit_id"][bad], c.units["parent_id"][bad]):
        yield _finding(_("Unit {unit} has parent_id {parent}, which is not a unit.").format(
            unit=c.unit_label(unit_id), parent=repr(parent)),
                       unit_id=unit_id, table="units", column="parent_id")


def _unit_cycle(c: _Context) -> Iterator[Finding]:
    for cycle in cycles(c.units_tree):
        ids = c.units["unit_id"].to_numpy()[cycle].tolist()
        yield _finding(_("Units contain each other in a circle: {cycle}. Break it by fixing a parent_id.").format(
            cycle=" → ".join(ids + ids[:1])), unit_id=ids[0], table="units", column="parent_id")


def _empty_unit(c: _Context) -> Iterator[Finding]:
    table = rollup(c.structure)
    for unit_id in table.loc[table["positions"] == 0, "unit_id"]:
        yield _finding(_("Unit {unit} has no positions in it or beneath it.").format(unit=c.unit_label(unit_id)),
                       unit_id=unit_id, table="units")


# ---------------------------------------------------------- position rules
def _unknown_unit(c: _Context) -> Iterator[Finding]:
    unknown = unit_of_position(c.structure) < 0
    for position_id, unit_id in zip(c.positions["position_id"][unknown], c.positions["unit_id"][unknown]):
        yield _finding(_("Position {position} is in unit {unit}, which is not a unit.").format(
            position=c.position_label(position_id), unit=repr(unit_id)),
                       position_id=position_id, table="positions", column="unit_id")


def _no_top_position(c: _Context) -> Iterator[Finding]:
    if len(c.positions) and c.reporting.has_parent_id.all():
        yield _finding(_("Every position reports to another: the top position (e.g. the general manager) must "
                         "have an empty reports_to."), table="positions", column="reports_to")


def _multiple_top_positions(c: _Context) -> Iterator[Finding]:
    tops = c.positions["position_id"][~c.reporting.has_parent_id].tolist()
    for position_id in tops[1:]:
        yield _finding(_("Position {position} reports to nobody, but {top} is already the top position. Set its "
                         "reports_to.").format(position=c.position_label(position_id), top=c.position_label(tops[0])),
                       position_id=position_id, unit_id=c.unit_of(position_id), table="positions",
                       column="reports_to")


def _unknown_reports_to(c: _Context) -> Iterator[Finding]:
    bad = c.reporting.has_parent_id & ~c.reporting.known_parent
    for position_id, manager in zip(c.positions["position_id"][bad], c.positions["reports_to"][bad]):
        yield _finding(_("Position {position} reports to {manager}, which is not a position.").format(
            position=c.position_label(position_id), manager=repr(manager)),
                       position_id=position_id, unit_id=c.unit_of(position_id), table="positions",
                       column="reports_to")


def _unknown_dotted_line(c: _Context) -> Iterator[Finding]:
    if "dotted_line_to" not in c.positions:
        return
    dotted = c.positions["dotted_line_to"]
    bad = dotted.notna().to_numpy(dtype=bool) & (positions_of(c.positions["position_id"], dotted) < 0)
    for position_id, manager in zip(c.positions["position_id"][bad], dotted[bad]):
        yield _finding(_("Position {position} has a dotted line to {manager}, which is not a position.").format(
            position=c.position_label(position_id), manager=repr(manager)), position_id=position_id, unit_id=c.unit_of(position_id), table="positions",
                       column="dotted_line_to")


def _reporting_cycle(c: _Context) -> Iterator[Finding]:
    for cycle in cycles(c.reporting):
        ids = c.positions["position_id"].to_numpy()[cycle].tolist()
        yield _finding(_("Reporting lines go round in a circle: {cycle}. Fix one reports_to.").format(
            cycle=" → ".join(ids + ids[:1])),
                       position_id=ids[0], unit_id=c.unit_of(ids[0]), table="positions", column="reports_to")


# ----------------------------------------------------- establishment rules
def _over_establishment(c: _Context) -> Iterator[Finding]:
    approved, filled = c.approved, c.filled
    for i in np.flatnonzero((filled > approved) & c.trusted):
        position_id = c.positions["position_id"].iat[i]
        yield _finding(_("Position {position} has {filled} filled on {approved} approved (over establishment by "
                         "{over}). Raise the establishment with the GM's approval, or transfer people.").format(
            position=c.position_label(position_id), filled=filled[i], approved=approved[i],
            over=filled[i] - approved[i]), position_id=position_id, unit_id=c.positions["unit_id"].iat[i],
                       table="positions", column="filled")


def _zero_establishment(c: _Context) -> Iterator[Finding]:
    # a zero establishment with people in it is an over_establishment error already
    for i in np.flatnonzero((c.approved == 0) & (c.filled <= 0) & c.trusted):
        position_id = c.positions["position_id"].iat[i]
        yield _finding(_("Position {position} is approved at 0. Remove it, or give it an establishment.").format(
            position=c.position_label(position_id)), position_id=position_id, unit_id=c.positions["unit_id"].iat[i],
                       table="positions", column="approved")


# ------------------------------------------------------------- duty rules
def _duty_gap(c: _Context) -> Iterator[Finding]:
    duties = c.duties
    for i in np.flatnonzero(duties["unit_id"].isna().to_numpy()):
        duty_id = duties["duty_id"].iat[i]
        yield _finding(_("Duty {duty} has no owning unit (a gap). Assign it to one unit.").format(
            duty=_("{id} ({name})").format(id=repr(duty_id), name=duties["name"].iat[i])), duty_id=duty_id, table="duties", row=duties["_row"].iat[i], column="unit_id")


def _duty_overlap(c: _Context) -> Iterator[Finding]:
    owners = c.owned_duties.drop_duplicates(["duty_id", "unit_id"]).groupby("duty_id", sort=False)
    for duty_id, group in owners:
        if len(group) > 1:
            yield _finding(_("Duty {duty} has {count} owners: {owners}. Give it to one unit; the other supports.").format(
                duty=_("{id} ({name})").format(id=repr(duty_id), name=group["name"].iat[0]), count=len(group),
                owners=", ".join(group["unit_id"])),
                           duty_id=duty_id, table="duties", row=group["_row"].iat[1], column="unit_id")


def _unknown_duty_unit(c: _Context) -> Iterator[Finding]:
    owned = c.owned_duties
    bad = positions_of(c.units["unit_id"], owned["unit_id"]) < 0
    for duty_id, unit_id, row in zip(owned["duty_id"][bad], owned["unit_id"][bad], owned["_row"][bad]):
        yield _finding(_("Duty {duty} is owned by {unit}, which is not a unit.").format(duty=repr(duty_id),
                                                                                          unit=repr(unit_id)),
                       duty_id=duty_id, unit_id=unit_id, table="duties", row=row, column="unit_id")


# ---------------------------------------------------- spans and layers
def _span_findings(c: _Context, mask: pd.Series, advice: str) -> Iterator[Finding]:
    flagged = c.spans[mask]
    file_rows = c.positions["_row"].to_numpy()[positions_of(c.positions["position_id"], flagged["position_id"])]
    for row, file_row in zip(flagged.itertuples(index=False), file_rows):
        yield _finding(_.ngettext(
            "Position {position} manages {span:g} people per manager ({people} approved reporting to {seats} seat), "
            "{advice}.",
            "Position {position} manages {span:g} people per manager ({people} approved reporting to {seats} seats), "
            "{advice}.", int(row.approved)).format(
                position=_("{id} ({name})").format(id=repr(row.position_id), name=row.title),
                span=row.span_per_manager, people=row.span_approved, seats=row.approved, advice=advice),
                       position_id=row.position_id, unit_id=row.unit_id, table="positions", row=file_row)


def _span_too_narrow(c: _Context) -> Iterator[Finding]:
    low = c.thresholds.min_span
    yield from _span_findings(c, c.spans["span_per_manager"] < low,
                              _("fewer than {low:g}: consider merging the layer or widening the role").format(low=low))


def _span_too_wide(c: _Context) -> Iterator[Finding]:
    high = c.thresholds.max_span
    yield from _span_findings(c, c.spans["span_per_manager"] > high,
                              _("more than {high:g}: the manager is overloaded; consider supervisors or splitting "
                                "the team").format(high=high))


def _too_many_layers(c: _Context) -> Iterator[Finding]:
    layers = c.reporting.depth.max() + 1 if len(c.positions) else 0
    headcount = int(c.approved.sum())
    allowed = c.thresholds.allowed_layers(headcount)
    if layers > allowed:
        yield _finding(_("The reporting tree has {layers} layers; {headcount} people warrant at most {allowed} "
                         "(target span {target:g}). Look for layers with narrow spans.").format(
            layers=layers, headcount=headcount, allowed=allowed, target=c.thresholds.target_span))


# ------------------------------------------------ duties of the positions
def _records(table: pd.DataFrame) -> Iterator[SimpleNamespace]:
    """Rows of a table beside the structure, their spreadsheet row as ``file_row``."""
    for record in table.to_dict("records"):
        record["file_row"] = record.pop("_row", None)
        yield SimpleNamespace(**record)


def _lead_rows(c: _Context) -> pd.DataFrame:
    table = c.extras.position_duties
    return table[table["role"] == "lead"]


def _position_duty_unknown(c: _Context) -> Iterator[Finding]:
    table = c.extras.position_duties
    if table is None:
        return
    duties, positions = set(c.duties["duty_id"]), set(c.positions["position_id"])
    for row in _records(table):
        if row.duty_id not in duties:
            yield _finding(_("Position {position} is given duty {duty}, which is not a duty of duties.csv.").format(
                position=c.position_label(row.position_id), duty=repr(row.duty_id)), duty_id=row.duty_id,
                position_id=row.position_id, table="position_duties", row=row.file_row, column="duty_id")
        if row.position_id not in positions:
            yield _finding(_("Duty {duty} is given to {position}, which is not a position.").format(
                duty=repr(row.duty_id), position=repr(row.position_id)), duty_id=row.duty_id,
                position_id=row.position_id, table="position_duties", row=row.file_row, column="position_id")


def _position_duty_gap(c: _Context) -> Iterator[Finding]:
    if c.extras.position_duties is None:
        return
    leads = _lead_rows(c)
    for duty in c.owned_duties.drop_duplicates(["duty_id", "unit_id"]).itertuples(index=False):
        inside = set(c.structure.subunits(duty.unit_id)) if duty.unit_id in set(c.units["unit_id"]) else set()
        leaders = [p for p in leads.loc[leads["duty_id"] == duty.duty_id, "position_id"] if c.unit_of(p) in inside]
        if not leaders:
            yield _finding(_("Duty {duty} of {unit} is led by no position of that unit (a gap). Give it to one "
                             "position as lead (主责).").format(
                duty=_("{id} ({name})").format(id=repr(duty.duty_id), name=duty.name), unit=c.unit_label(duty.unit_id)),
                           duty_id=duty.duty_id, unit_id=duty.unit_id, table="position_duties")


def _position_duty_overlap(c: _Context) -> Iterator[Finding]:
    if c.extras.position_duties is None:
        return
    leads = _lead_rows(c).drop_duplicates(["duty_id", "position_id"])
    for duty_id, group in leads.groupby("duty_id", sort=False):
        if len(group) > 1:
            yield _finding(_("Duty {duty} is led by {count} positions: {positions}. One leads; the others "
                             "support (协助).").format(duty=repr(duty_id), count=len(group),
                                                     positions=", ".join(map(c.position_label, group["position_id"]))),
                           duty_id=duty_id, position_id=group["position_id"].iat[1], table="position_duties",
                           row=group["_row"].iat[1], column="role")


def _position_duty_elsewhere(c: _Context) -> Iterator[Finding]:
    if c.extras.position_duties is None:
        return
    owners = c.owned_duties.groupby("duty_id")["unit_id"].apply(list).to_dict()
    for row in _records(_lead_rows(c)):
        units = [u for u in owners.get(row.duty_id, []) if u in set(c.units["unit_id"])]
        inside = {s for u in units for s in c.structure.subunits(u)}
        unit = c.unit_of(row.position_id)
        if units and unit is not None and unit not in inside:
            yield _finding(_("Position {position} leads duty {duty}, which belongs to {owner}, not to its own unit "
                             "{unit}.").format(position=c.position_label(row.position_id), duty=repr(row.duty_id),
                                               owner=", ".join(map(c.unit_label, units)), unit=c.unit_label(unit)),
                           duty_id=row.duty_id, position_id=row.position_id, unit_id=unit, table="position_duties",
                           row=row.file_row, column="position_id")


def _position_without_duty(c: _Context) -> Iterator[Finding]:
    if c.extras.position_duties is None:
        return
    given = set(c.extras.position_duties["position_id"])
    for position_id, unit_id in zip(c.positions["position_id"], c.positions["unit_id"]):
        if position_id not in given:
            yield _finding(_("Position {position} neither leads nor supports any duty. Say what it does in "
                             "position_duties.csv.").format(position=c.position_label(position_id)),
                           position_id=position_id, unit_id=unit_id, table="positions")


# ------------------------------------------------------ the authority table
def _authority_cells(c: _Context) -> Iterator[tuple[Any, str, list[str]]]:
    table = c.extras.authority
    if table is None:
        return
    for row in _records(table):
        for column in ("proposes", "reviews", "approves"):
            yield row, column, position_list(getattr(row, column, None))


def _decision_label(row: Any) -> str:
    scope = getattr(row, "scope", None)
    name = f"{row.decision}, {scope}" if isinstance(scope, str) and scope else str(row.decision)
    return _("{id} ({name})").format(id=repr(row.decision_id), name=name)


def _authority_unknown_position(c: _Context) -> Iterator[Finding]:
    known = set(c.positions["position_id"])
    for row, column, ids in _authority_cells(c):
        for position_id in ids:
            if position_id not in known:
                yield _finding(_("Decision {decision} names {position} in {column}, which is not a position.").format(
                    decision=_decision_label(row), position=repr(position_id), column=column),
                               position_id=position_id, table="authority", row=row.file_row, column=column)


def _authority_no_approver(c: _Context) -> Iterator[Finding]:
    for row, column, ids in _authority_cells(c):
        if column == "approves" and not ids:
            yield _finding(_("Decision {decision} has no approver. Name the one position that approves it.").format(
                decision=_decision_label(row)), table="authority", row=row.file_row, column="approves")


def _authority_two_approvers(c: _Context) -> Iterator[Finding]:
    for row, column, ids in _authority_cells(c):
        if column == "approves" and len(set(ids)) > 1:
            yield _finding(_("Decision {decision} has {count} approvers at one level ({positions}): nobody knows whose "
                             "signature counts. Keep one; make the other a reviewer, or split the decision by "
                             "scope.").format(decision=_decision_label(row), count=len(set(ids)),
                                              positions=", ".join(map(c.position_label, dict.fromkeys(ids)))),
                           table="authority", row=row.file_row, column="approves")


def _authority_vacant_approver(c: _Context) -> Iterator[Finding]:
    for row, column, ids in _authority_cells(c):
        for position_id in ids if column in ("approves", "reviews") else ():
            filled = c.lookup("positions", "filled", position_id)
            if c.lookup("positions", "_row", position_id) in c.skip_rows:
                continue  # its in-post count could not be read: reported as a bad cell already
            if filled is not None and int(filled) == 0:
                yield _finding(_("Decision {decision}: {position} {role} it, but the position is vacant. Name who "
                                 "acts until it is filled.").format(
                    decision=_decision_label(row), position=c.position_label(position_id),
                    role=_("approves") if column == "approves" else _("reviews")),
                               position_id=position_id, table="authority", row=row.file_row, column=column)


def _authority_self_approval(c: _Context) -> Iterator[Finding]:
    table = c.extras.authority
    if table is None:
        return
    for row in _records(table):
        same = set(position_list(row.proposes)) & set(position_list(row.approves))
        for position_id in sorted(same):
            yield _finding(_("Decision {decision}: {position} both proposes and approves it. Let the position above "
                             "approve.").format(decision=_decision_label(row), position=c.position_label(position_id)),
                           position_id=position_id, table="authority", row=row.file_row, column="approves")


# ------------------------------------------------------- leadership posts
def _leadership_posts(c: _Context) -> Iterator[Finding]:
    if not len(c.positions) or c.reporting.has_parent_id.all() or cycles(c.reporting):
        return  # who heads what is unknowable until the reporting lines are fixed (reported by their rules)
    posts = leadership_posts(c.structure, c.extras.leadership)
    for row in posts[posts["over"]].itertuples(index=False):
        yield _finding(_("Unit {unit} ({size} people) has {heads} head and {deputies} deputy posts; the rule allows "
                         "{heads_allowed} and {deputies_allowed}.").format(
            unit=c.unit_label(row.unit_id), size=row.size, heads=row.heads, deputies=row.deputies,
            heads_allowed=row.heads_allowed, deputies_allowed=row.deputies_allowed),
                       unit_id=row.unit_id, position_id=(row.deputy_positions or row.head_positions or [None])[-1],
                       table="positions", column="approved")


# ------------------------------------------------------------ the rule table
@dataclass(frozen=True)
class Rule:
    """One check: its name (the ``rule`` column), severity, the function that finds it, and what it means.

    ``find`` takes the checks' context and yields what it found; the
    findings come in the order of :data:`RULES` (errors first).
    """

    name: str
    severity: Literal["error", "warning"]
    find: Callable[[_Context], Iterator[Finding]]
    description: str


#: Every structural rule, in the order findings are listed. The one place rules are named.
RULES: tuple[Rule, ...] = (
    Rule("no_root", "error", _no_root, N_("the units need exactly one root (the company): none has an empty "
                                       "`parent_id`")),
    Rule("multiple_roots", "error", _multiple_roots, N_("a second unit without a parent")),
    Rule("unknown_parent", "error", _unknown_parent, N_("a unit's `parent_id` is not a unit")),
    Rule("unit_cycle", "error", _unit_cycle, N_("units contain each other in a circle")),
    Rule("unknown_unit", "error", _unknown_unit, N_("a position's `unit_id` is not a unit")),
    Rule("no_top_position", "error", _no_top_position, N_("every position reports to another: exactly one must "
                                                       "report to nobody")),
    Rule("multiple_top_positions", "error", _multiple_top_positions, N_("a second position that reports to nobody")),
    Rule("unknown_reports_to", "error", _unknown_reports_to, N_("`reports_to` is not a position")),
    Rule("unknown_dotted_line", "error", _unknown_dotted_line, N_("`dotted_line_to` is not a position")),
    Rule("reporting_cycle", "error", _reporting_cycle, N_("a chain of reporting lines comes back to itself")),
    Rule("over_establishment", "error", _over_establishment, N_("filled above approved (over establishment)")),
    Rule("duty_gap", "error", _duty_gap, N_("a duty nobody owns (\"no gaps\")")),
    Rule("duty_overlap", "error", _duty_overlap, N_("a duty with two or more owners (\"no overlaps\")")),
    Rule("unknown_duty_unit", "error", _unknown_duty_unit, N_("a duty owned by a unit that does not exist")),
    Rule("position_duty_unknown", "error", _position_duty_unknown, N_("`position_duties.csv` names a duty or a "
                                                                   "position that does not exist")),
    Rule("position_duty_gap", "error", _position_duty_gap, N_("a unit's duty that no position of the unit leads "
                                                           "(\"no gaps\" inside the unit)")),
    Rule("position_duty_overlap", "error", _position_duty_overlap, N_("a duty led by two or more positions "
                                                                   "(\"no overlaps\" inside the unit)")),
    Rule("authority_unknown_position", "error", _authority_unknown_position, N_("`authority.csv` names a position "
                                                                             "that does not exist")),
    Rule("authority_no_approver", "error", _authority_no_approver, N_("a decision of the authority table with no "
                                                                   "approver")),
    Rule("authority_two_approvers", "error", _authority_two_approvers, N_("a decision with two approvers at one "
                                                                       "level")),
    Rule("zero_establishment", "warning", _zero_establishment, N_("a position approved at 0 (remove it, or staff it)")),
    Rule("empty_unit", "warning", _empty_unit, N_("a unit with no positions in or beneath it")),
    Rule("span_too_narrow", "warning", _span_too_narrow, N_("fewer people per manager than `min_span` "
                                                         "(Thresholds, default 3)")),
    Rule("span_too_wide", "warning", _span_too_wide, N_("more people per manager than `max_span` "
                                                     "(Thresholds, default 15)")),
    Rule("too_many_layers", "warning", _too_many_layers, N_("more reporting layers than the size warrants: "
                                                         "`ceil(log(people) / log(target_span)) + 1 + extra_layers`")),
    Rule("position_duty_elsewhere", "warning", _position_duty_elsewhere, N_("a position leads a duty that belongs "
                                                                         "to another unit")),
    Rule("position_without_duty", "warning", _position_without_duty, N_("a position that neither leads nor "
                                                                     "supports any duty")),
    Rule("authority_vacant_approver", "warning", _authority_vacant_approver, N_("a reviewer or approver position "
                                                                             "that is vacant (nobody in post)")),
    Rule("authority_self_approval", "warning", _authority_self_approval, N_("one position proposes and approves "
                                                                         "the same decision")),
    Rule("leadership_posts", "warning", _leadership_posts, N_("more head or deputy posts (领导职数) than the rule "
                                                           "of size allows (`leadership.yaml`, see "
                                                           "orgplan.organisation.leadership)")),
)

#: The cell rules of :func:`check_path`: a bad cell found while reading, before any structural rule.
CELL_RULES = N_("a bad cell in a file: `missing_value`, `not_a_number`, `negative_establishment`, "
              "`non_integer_establishment`, `duplicate_id` … (from `check_path` only)")

_RULE_ORDER = {rule.name: number for number, rule in enumerate(RULES)}


def rules_markdown() -> str:
    """The rule table as Markdown: ``rule | severity | what it means``, cell rules first.

    ``docs/checks.md`` holds this table; a test fails when it is stale.

    Examples
    --------
    >>> print(rules_markdown().splitlines()[3])
    | `no_root` | error | the units need exactly one root (the company): none has an empty `parent_id` |
    """
    lines = ["| rule | severity | what it means |", "|---|---|---|", f"| (cell rules) | error | {CELL_RULES} |"]
    lines += [f"| `{rule.name}` | {rule.severity} | {rule.description} |" for rule in RULES]
    return "\n".join(lines) + "\n"


def _check(structure: Structure, thresholds: Thresholds, *, skip_rows: set[int],
           extras: _Extras | None = None) -> pd.DataFrame:
    context = _Context(structure, thresholds, skip_rows, extras or _Extras())
    rows = [context.row(rule, finding) for rule in RULES for finding in rule.find(context)]
    return _order(pd.DataFrame(rows, columns=FINDING_COLUMNS))


def _order(findings: pd.DataFrame) -> pd.DataFrame:
    severity = findings["severity"].map({"error": 0, "warning": 1})
    rule = findings["rule"].map(_RULE_ORDER).fillna(-1)
    order = np.lexsort((np.arange(len(findings)), rule.to_numpy(), severity.to_numpy()))
    out = findings.iloc[order].reset_index(drop=True)
    out["row"] = out["row"].astype("Int64")
    return out


def _problem_finding(structure: Structure, problem: Problem) -> dict:
    """A bad cell as a finding: the ids of its row filled in, its place in the file/row/column fields only."""
    ids: dict[str, Any] = {"unit_id": None, "position_id": None, "duty_id": None}
    for name, table in (("units", structure.units_table), ("positions", structure.positions_table),
                        ("duties", structure.duties_table)):
        if problem.row is None or structure.files.get(name) != problem.file or "_row" not in table.columns:
            continue
        match = table.loc[table["_row"] == problem.row]
        if len(match):
            ids.update({key: match[key].iat[0] for key in ids if key in match.columns and pd.notna(match[key].iat[0])})
    located = problem.file is not None and problem.row is not None
    return {
        "severity": "error", "rule": problem.code, **ids,
        "message": problem.detail() if located else str(problem), "file": problem.file, "row": problem.row,
        "column": problem.column,
    }
