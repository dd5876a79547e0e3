"""What changed between two structures, and how scenarios compare side by side.

* :func:`diff` — one row per difference (unit, position or duty; added,
  removed, or one row per changed field).
* :func:`diff_summary` — headcount (approved, filled, vacancy) and cost
  deltas, for the whole company and per department, as the GM reads them:
  ``-3`` people, ``+12,800`` a month.
* :func:`compare` — any number of structures or scenarios side by side:
  headcount, cost, spans, layers, manager ratio and findings by rule — the
  figures to choose a scenario by.
* :func:`diff_marks` — what a diff chart draws: the new structure with the
  removed units and positions kept at their old places, and a mark per
  added, removed or changed one.

The pictures of these tables are in :mod:`orgplan.render.comparison`
(``comparison_chart``, ``diff_chart``).

Every figure comes from :mod:`orgplan.organisation.metrics` and :mod:`orgplan.organisation.checks`;
nothing is computed twice.

Examples
--------
>>> from orgplan import read_structure, sample_path
>>> from orgplan.organisation.diff import diff, diff_summary
>>> draft = read_structure(sample_path("draft-2027"))
>>> approved = read_structure(sample_path("approved-2027"))
>>> diff(draft, approved)[["kind", "id", "change", "field", "old", "new"]].head(4)
       kind         id   change     field   old   new
0  position  SHOW-CONS  changed  approved    16    14
1  position    KA-CONS  changed  approved     5     4
2  position   MKT-DIGI  changed  approved     3     2
3  position   SAL-DATA  removed      None  None  None
>>> print(diff_summary(draft, approved).to_text())
approved headcount (編制): 131 → 126 (-5 people)
filled (在崗): 116 → 116 (±0 people)
vacancy (空缺): 15 → 10 (-5 people)
monthly cost: 1,099,000 → 1,058,000 (-41,000 a month)
annual cost: 13,188,000 → 12,696,000 (-492,000 a year)
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np
import pandas as pd

from orgplan.errors import ParameterError
from orgplan.model.structure import Structure
from orgplan.organisation.checks import Thresholds, check
from orgplan.organisation.metrics import rollup, spans, summary
from orgplan.organisation.scenario import Scenario

__all__ = ["diff", "diff_summary", "DiffSummary", "compare", "diff_marks", "format_delta", "DIFF_COLUMNS"]

#: Columns of :func:`diff`.
DIFF_COLUMNS = ["kind", "id", "name", "change", "field", "old", "new"]

_UNIT_FIELDS = ["name", "parent_id", "kind"]
_POSITION_FIELDS = ["unit_id", "title", "reports_to", "approved", "filled", "monthly_cost", "grade",
                    "dotted_line_to", "assistant"]


def _plain(value: Any) -> Any:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    return value.item() if hasattr(value, "item") else value


def diff(a: Structure, b: Structure) -> pd.DataFrame:
    """The differences from ``a`` (old) to ``b`` (new), one row each.

    Parameters
    ----------
    a, b : Structure

    Returns
    -------
    DataFrame
        ``kind`` (unit, position, duty), ``id``, ``name`` (the unit's name,
        position's title or duty's name, as in ``b`` when it is there),
        ``change`` (added, removed, changed), ``field`` (for ``changed``: the
        column that differs, one row per column), ``old``, ``new``. A duty's
        owners are compared as a set (``field`` ``unit_id``, values like
        ``"AS-ADV, CRM"``; ``None`` for a gap). Units first, then positions,
        then duties; within each, in the order of ``a``, then the added ones
        in the order of ``b``. Empty when the structures have the same
        tables; row order and metadata do not count.

    Examples
    --------
    >>> from orgplan import read_structure, sample_path
    >>> s = read_structure(sample_path("approved-2027"))
    >>> diff(s, s).empty
    True
    """
    parts = [
        _frame_diff("unit", a.units, b.units, "unit_id", _UNIT_FIELDS, "name"),
        _frame_diff("position", a.positions, b.positions, "position_id", _POSITION_FIELDS, "title"),
        _frame_diff("duty", _duty_owners(a.duties), _duty_owners(b.duties), "duty_id", ["name", "unit_id"], "name"),
    ]
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in DIFF_COLUMNS})
    return pd.concat(parts, ignore_index=True)[DIFF_COLUMNS]


def _duty_owners(duties: pd.DataFrame) -> pd.DataFrame:
    """One row per duty: its name and its owners as sorted ``"A, B"`` text (None for a gap)."""
    if duties.empty:
        return pd.DataFrame({"duty_id": pd.Series(dtype=object), "name": pd.Series(dtype=object),
                             "unit_id": pd.Series(dtype=object)})
    grouped = duties.groupby("duty_id", sort=False)
    owners = grouped["unit_id"].agg(lambda units: ", ".join(sorted(set(units.dropna()))) or None)
    return pd.DataFrame({"duty_id": owners.index, "name": grouped["name"].first().to_numpy(dtype=object),
                         "unit_id": owners.to_numpy(dtype=object)})


def _frame_diff(kind: str, old: pd.DataFrame, new: pd.DataFrame, key: str, columns: list[str],
                label: str) -> pd.DataFrame:
    old_ids = old[key].astype(object)
    new_ids = new[key].astype(object)
    in_new = old_ids.isin(set(new_ids)).to_numpy()
    in_old = new_ids.isin(set(old_ids)).to_numpy()
    order = {i: n for n, i in enumerate(list(old_ids) + list(new_ids[~in_old]))}
    rows = []
    removed = old[~in_new]
    rows.append(pd.DataFrame({"id": removed[key].astype(object), "name": removed[label].astype(object),
                              "change": "removed", "field": None, "old": None, "new": None, "_field": -1}))
    added = new[~in_old]
    rows.append(pd.DataFrame({"id": added[key].astype(object), "name": added[label].astype(object),
                              "change": "added", "field": None, "old": None, "new": None, "_field": -1}))
    common_old = old[in_new].set_index(key)
    common_new = new[new_ids.isin(set(old_ids)).to_numpy()].set_index(key).reindex(common_old.index)
    for number, column in enumerate(columns):
        if column not in common_old or column not in common_new:
            continue
        before = common_old[column].astype(object)
        after = common_new[column].astype(object)
        both_missing = before.isna().to_numpy() & after.isna().to_numpy()
        same = (before.to_numpy() == after.to_numpy()) | both_missing
        if same.all():
            continue
        changed = ~same
        rows.append(pd.DataFrame({
            "id": common_old.index[changed].to_numpy(dtype=object),
            "name": common_new[label].to_numpy(dtype=object)[changed],
            "change": "changed", "field": column,
            "old": [_plain(v) for v in before.to_numpy()[changed]],
            "new": [_plain(v) for v in after.to_numpy()[changed]],
            "_field": number,
        }))
    rows = [r for r in rows if len(r)]
    if not rows:
        return pd.DataFrame(columns=DIFF_COLUMNS)
    table = pd.concat(rows, ignore_index=True).astype({"old": object, "new": object, "field": object})
    table["_order"] = table["id"].map(order)
    table = table.sort_values(["_order", "_field"], kind="stable").drop(columns=["_order", "_field"])
    table.insert(0, "kind", kind)
    table = table.reset_index(drop=True).astype(object)
    for column in ("old", "new", "field", "name"):
        table[column] = pd.Series([_plain(v) for v in table[column]], dtype=object)
    return table


# ------------------------------------------------------------------ summary
def format_delta(value: float, unit: str = "") -> str:
    """A signed figure as a GM reads it: ``-3``, ``+12,800``, ``±0``.

    Examples
    --------
    >>> format_delta(-3, "people"), format_delta(12800.0, "a month"), format_delta(0)
    ('-3 people', '+12,800 a month', '±0')
    >>> format_delta(1.5)
    '+1.5'
    """
    if value is None or value != value:
        text = "n/a"
    elif value == 0:
        text = "±0"
    elif float(value).is_integer():
        text = f"{int(value):+,d}"
    else:
        text = f"{value:+,.2f}".rstrip("0").rstrip(".")
    return f"{text} {unit}".rstrip()


_OVERALL = [("approved", "approved headcount (編制)", "people"), ("filled", "filled (在崗)", "people"),
            ("vacancy", "vacancy (空缺)", "people"), ("monthly_cost", "monthly cost", "a month"),
            ("annual_cost", "annual cost", "a year")]
_EXTRA = ["units", "positions", "managers", "layers", "manager_ratio", "median_span", "max_span"]
_DEPARTMENT_FIGURES = ["approved", "filled", "vacancy", "monthly_cost", "annual_cost"]


@dataclass(frozen=True, eq=False)
class DiffSummary:
    """Headcount and cost deltas from an old to a new structure.

    Attributes
    ----------
    overall : DataFrame
        Index ``figure`` (approved, filled, vacancy, monthly_cost,
        annual_cost, units, positions, managers, layers, manager_ratio,
        median_span, max_span), columns ``old``, ``new``, ``delta``.
    by_department : DataFrame
        One row per unit at the chosen levels (the company first, then the
        departments): ``unit_id, name`` and for each of approved, filled,
        vacancy, monthly_cost, annual_cost the ``_old``, ``_new`` and
        ``_delta`` columns. A unit only in one structure has 0 in the
        other.
    old_name, new_name : str
    """

    old_name: str
    new_name: str
    overall: pd.DataFrame
    by_department: pd.DataFrame

    def delta(self, figure: str) -> float:
        """The change of one overall figure, e.g. ``delta("approved")``."""
        return self.overall.at[figure, "delta"]

    def to_text(self) -> str:
        """The headline deltas as lines of text (what ``orgplan diff`` prints first)."""
        lines = []
        for figure, label, unit in _OVERALL:
            row = self.overall.loc[figure]
            lines.append(f"{label}: {row['old']:,.0f} → {row['new']:,.0f} ({format_delta(row['delta'], unit)})")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        head = f"<p><b>{html.escape(self.old_name)} → {html.escape(self.new_name)}</b></p>"
        lines = "".join(f"<li>{html.escape(line)}</li>" for line in self.to_text().splitlines())
        table = self.by_department.to_html(index=False, float_format=lambda v: f"{v:,.0f}", na_rep="")
        return f"{head}<ul>{lines}</ul>{table}"


def diff_summary(a: Structure, b: Structure, *, level: int = 2) -> DiffSummary:
    """Headcount and cost deltas from ``a`` (old) to ``b`` (new), overall and per department.

    Parameters
    ----------
    a, b : Structure
    level : int, default 2
        Deepest unit level listed in ``by_department`` (1 = the company,
        2 = its departments, 3 = their sections and teams …). Each
        structure's figures count at the level the unit has *there*: a
        department merged under another shows 0 in the new structure, and
        its people appear in the department above.

    Returns
    -------
    DiffSummary
        The overall deltas equal the differences of :func:`orgplan.summary`.
    """
    if isinstance(level, bool) or not isinstance(level, int) or level < 1:
        raise ParameterError(f"The 'level' parameter of diff_summary must be a whole number of 1 or more. "
                             f"Got {level!r} instead.")
    old_summary, new_summary = summary(a), summary(b)
    figures = [f for f, _, _ in _OVERALL] + _EXTRA
    old_values = [getattr(old_summary, f) for f in figures]
    new_values = [getattr(new_summary, f) for f in figures]
    overall = pd.DataFrame({"old": old_values, "new": new_values,
                            "delta": [n - o for o, n in zip(old_values, new_values)]},
                           index=pd.Index(figures, name="figure"), dtype=object)

    def departments(structure: Structure) -> pd.DataFrame:
        table = rollup(structure)
        return table[table["level"].fillna(0).between(1, level)][["unit_id", "name"] + _DEPARTMENT_FIGURES]

    old_units, new_units = departments(a), departments(b)
    merged = new_units.merge(old_units, on="unit_id", how="outer", suffixes=("_new", "_old"), sort=False)
    order = list(new_units["unit_id"]) + [u for u in old_units["unit_id"] if u not in set(new_units["unit_id"])]
    merged = merged.set_index("unit_id").loc[order].reset_index()
    out = pd.DataFrame({"unit_id": merged["unit_id"].astype(object),
                        "name": merged["name_new"].astype(object).where(merged["name_new"].notna(),
                                                                         merged["name_old"].astype(object))})
    for figure in _DEPARTMENT_FIGURES:
        old = merged[f"{figure}_old"].fillna(0)
        new = merged[f"{figure}_new"].fillna(0)
        if figure not in ("monthly_cost", "annual_cost"):
            old, new = old.astype(np.int64), new.astype(np.int64)
        out[f"{figure}_old"] = old.to_numpy()
        out[f"{figure}_new"] = new.to_numpy()
        out[f"{figure}_delta"] = (new - old).to_numpy()
    return DiffSummary(a.name, b.name, overall, out)


# ------------------------------------------------------------------ compare
def compare(*items: Any, base: Structure | None = None, thresholds: Thresholds | None = None,
            names: Sequence[str] | None = None) -> pd.DataFrame:
    """Structures and scenarios side by side: the figures a GM chooses by.

    Parameters
    ----------
    *items : Structure or Scenario
        Any number; a :class:`~orgplan.organisation.scenario.Scenario` is applied to
        ``base`` (or, without ``base``, to the structure its file names).
    base : Structure, optional
        The structure scenarios are applied to.
    thresholds : Thresholds, optional
        Limits of the span and layer findings.
    names : sequence of str, optional
        Column headers; default the structures' names (repeated names get
        `` (2)``, `` (3)`` …).

    Returns
    -------
    DataFrame
        Index ``figure``; one column per item. Rows: units, positions,
        approved, filled, vacancy, monthly_cost, annual_cost, managers,
        manager_ratio (other staff per manager), layers, span_min,
        span_median, span_max (people per manager), errors, warnings, then
        ``findings: RULE`` for every rule found in any item.

    Examples
    --------
    >>> from orgplan import read_structure, sample_path
    >>> table = compare(read_structure(sample_path("as-is-2026")), read_structure(sample_path("approved-2027")),
    ...                 names=["2026", "2027"])
    >>> table.loc[["approved", "layers", "span_max", "errors"]]
              2026 2027
    figure
    approved   110  126
    layers       5    5
    span_max  18.0  9.0
    errors       5    0
    """
    if not items:
        raise ParameterError("The 'items' parameter of compare must hold at least one Structure or Scenario. "
                             "Got nothing instead.")
    structures = []
    for item in items:
        if isinstance(item, Scenario):
            structures.append(item.apply(base))
        elif isinstance(item, Structure):
            structures.append(item)
        else:
            raise ParameterError(f"The 'items' parameter of compare must hold Structure or Scenario objects. "
                                 f"Got {item!r} instead.")
    if names is None:
        names = _unique([s.name for s in structures])
    elif len(names) != len(structures) or len(set(names)) != len(names):
        raise ParameterError(f"The 'names' parameter of compare must give {len(structures)} different names. "
                             f"Got {list(names)!r} instead.")
    columns = {}
    for name, structure in zip(names, structures):
        columns[name] = _figures(structure, thresholds)
    rules = []
    for figures in columns.values():
        rules += [k for k in figures if k.startswith("findings: ") and k not in rules]
    index = ["units", "positions", "approved", "filled", "vacancy", "monthly_cost", "annual_cost", "managers",
             "manager_ratio", "layers", "span_min", "span_median", "span_max", "errors", "warnings"] + rules
    table = pd.DataFrame({name: [figures.get(row, 0) for row in index] for name, figures in columns.items()},
                         index=pd.Index(index, name="figure"), dtype=object)
    return table


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out


def _figures(structure: Structure, thresholds: Thresholds | None) -> dict[str, Any]:
    headline = summary(structure)
    span = spans(structure)["span_per_manager"]
    findings = check(structure, thresholds)
    figures: dict[str, Any] = {
        "units": headline.units, "positions": headline.positions, "approved": headline.approved,
        "filled": headline.filled, "vacancy": headline.vacancy, "monthly_cost": headline.monthly_cost,
        "annual_cost": headline.annual_cost, "managers": headline.managers,
        "manager_ratio": headline.manager_ratio, "layers": headline.layers,
        "span_min": float(span.min()) if len(span) else float("nan"),
        "span_median": float(span.median()) if len(span) else float("nan"),
        "span_max": float(span.max()) if len(span) else float("nan"),
        "errors": int((findings["severity"] == "error").sum()),
        "warnings": int((findings["severity"] == "warning").sum()),
    }
    for rule, count in findings["rule"].value_counts(sort=False).items():
        figures[f"findings: {rule}"] = int(count)
    return figures


def diff_marks(old: Structure, new: Structure) -> tuple[Structure, dict[tuple[str, str], str]]:
    """The structure a diff chart draws and its marks (see :func:`orgplan.render.comparison.diff_chart`).

    Removed units and positions are kept where they were (under their old
    parent or manager), so a chart of ``merged`` shows the whole change.
    Units whose duties changed are marked ``changed``.

    Returns
    -------
    merged : Structure
        ``new`` plus the units and positions only ``old`` has, at their old
        places.
    marks : dict
        ``("unit" | "position", id)`` → ``"added" | "removed" | "changed"``.

    Examples
    --------
    >>> from orgplan import read_structure, sample_path
    >>> from orgplan.organisation.changes import MergeUnits, apply_changes
    >>> old = read_structure(sample_path("as-is-2026"))
    >>> new = apply_changes(old, [MergeUnits("MKT", into="SALES")])
    >>> merged, marks = diff_marks(old, new)
    >>> marks[("unit", "MKT")], marks[("position", "MKT-MGR")], marks[("unit", "SALES")]
    ('removed', 'changed', 'changed')
    >>> "MKT" in set(merged.units["unit_id"])
    True
    """
    table = diff(old, new)
    marks: dict[tuple[str, str], str] = {}
    for kind, id_, change in table[["kind", "id", "change"]].drop_duplicates().itertuples(index=False):
        if kind in ("unit", "position"):
            marks[(kind, id_)] = change
    new_units = set(new.units_table["unit_id"])
    duty_rows = table[table["kind"] == "duty"]
    for old_owner, new_owner in zip(duty_rows["old"], duty_rows["new"]):
        for owners in (old_owner, new_owner):
            for uid in str(owners or "").split(", "):
                if uid in new_units and ("unit", uid) not in marks:
                    marks[("unit", uid)] = "changed"
    units = pd.concat([new.units.astype(object), old.units[~old.units["unit_id"].isin(new_units)].astype(object)],
                      ignore_index=True)
    new_positions = set(new.positions_table["position_id"])
    positions = pd.concat([new.positions.astype(object),
                           old.positions[~old.positions["position_id"].isin(new_positions)].astype(object)],
                          ignore_index=True)
    merged = Structure(units, positions, new.duties,
                       name=f"{old.name} → {new.name}", status="draft")
    return merged, marks
