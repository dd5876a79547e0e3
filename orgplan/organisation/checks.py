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
    structure, problems = load_structure(path)
    skip_rows = {p.row for p in problems
                 if p.column in ("approved", "filled") and p.file == structure.files.get("positions")}
    cell_findings = [_problem_finding(structure, p) for p in problems]
    findings = _check(structure, thresholds or Thresholds(), skip_rows=skip_rows)
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

    def __init__(self, structure: Structure, thresholds: Thresholds, skip_rows: set[int]):
        self.structure = structure
        self.thresholds = thresholds
        self.skip_rows = skip_rows
        self.files = structure.files
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
    Rule("zero_establishment", "warning", _zero_establishment, N_("a position approved at 0 (remove it, or staff it)")),
    Rule("empty_unit", "warning", _empty_unit, N_("a unit with no positions in or beneath it")),
    Rule("span_too_narrow", "warning", _span_too_narrow, N_("fewer people per manager than `min_span` "
                                                         "(Thresholds, default 3)")),
    Rule("span_too_wide", "warning", _span_too_wide, N_("more people per manager than `max_span` "
                                                     "(Thresholds, default 15)")),
    Rule("too_many_layers", "warning", _too_many_layers, N_("more reporting layers than the size warrants: "
                                                         "`ceil(log(people) / log(target_span)) + 1 + extra_layers`")),
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


def _check(structure: Structure, thresholds: Thresholds, *, skip_rows: set[int]) -> pd.DataFrame:
    context = _Context(structure, thresholds, skip_rows)
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
