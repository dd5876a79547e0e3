"""Headcount, cost, spans of control, layers and manager ratios of a structure.

Everything here is a pure function of a :class:`~orgplan.Structure` and
returns a DataFrame (or a small dataclass), computed with vectorised numpy
passes over the unit and reporting trees, so a structure of a million
positions takes seconds.

Vocabulary: ``approved`` is the establishment (編制), ``filled`` the people
in post (在崗), ``vacancy`` the seats still open, Σ max(approved − filled, 0)
per position — an over-filled position (超編) never offsets a vacancy
elsewhere; that excess is ``over_establishment``.

Examples
--------
>>> from orgplan import read_structure, sample_path
>>> from orgplan.organisation.metrics import rollup, spans, summary
>>> s = read_structure(sample_path("approved-2027"))
>>> table = rollup(s).set_index("unit_id")
>>> table.loc[["CO", "SALES", "AS"], ["approved", "filled", "vacancy"]]
         approved  filled  vacancy
unit_id
CO            126     116       10
SALES          40      35        5
AS             52      48        4
>>> row = spans(s).set_index("position_id").loc["SHOW-SUP"]
>>> int(row["span_approved"]), float(row["span_per_manager"])
(14, 7.0)
>>> summary(s).layers
5
"""

from __future__ import annotations

import html
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from orgplan.model.tree import preorder, report_tree, roll_up_extreme, roll_up_sum, unit_of_position, unit_tree
from orgplan.model.structure import Structure

__all__ = ["rollup", "spans", "position_layers", "summary", "StructureSummary"]


def position_layers(structure: Structure) -> pd.DataFrame:
    """Each position's layer in the reporting tree: 1 for the top position.

    Positions in a reporting cycle (or below one) have no layer (``<NA>``);
    :func:`orgplan.check` names the cycle.

    Returns
    -------
    DataFrame
        ``position_id, unit_id, title, layer``.
    """
    positions = structure.positions_table
    tree = report_tree(structure)
    layer = pd.array(np.where(tree.depth >= 0, tree.depth + 1, 0), dtype="Int64")
    layer[tree.depth < 0] = pd.NA
    return pd.DataFrame({
        "position_id": positions["position_id"].array,
        "unit_id": positions["unit_id"].array,
        "title": positions["title"].array,
        "layer": layer,
    })


def spans(structure: Structure) -> pd.DataFrame:
    """Span of control of every position that has people reporting to it.

    Spans are counted in **people**, not in position rows: a sales
    supervisor position with 2 seats and 14 consultants reporting to it has
    ``span_approved`` 14 and ``span_per_manager`` 7. Only solid reporting
    lines count; dotted lines do not make a span.

    Returns
    -------
    DataFrame
        ``position_id, unit_id, title, approved`` (manager seats),
        ``direct_positions`` (position rows reporting to it),
        ``span_approved``, ``span_filled`` (people in those positions) and
        ``span_per_manager`` (``span_approved`` / seats), and
        ``approved_below`` / ``filled_below``: the people in the manager's
        whole reporting line, all layers down (the size of the manager's
        organisation). Rows in the order of the positions table.

    Examples
    --------
    >>> from orgplan import read_structure, sample_path
    >>> s = read_structure(sample_path("approved-2027"))
    >>> spans(s).set_index("position_id").loc["GM", ["direct_positions", "span_approved"]].tolist()
    [8, 8]
    """
    positions = structure.positions_table
    tree = report_tree(structure)
    n = len(positions)
    reports = tree.parent[tree.known_parent]
    direct = np.bincount(reports, minlength=n)
    span_approved = np.bincount(reports, weights=positions["approved"].to_numpy()[tree.known_parent], minlength=n)
    span_filled = np.bincount(reports, weights=positions["filled"].to_numpy()[tree.known_parent], minlength=n)
    managers = np.flatnonzero(direct > 0)
    seats = positions["approved"].to_numpy()[managers]
    counts = positions[["approved", "filled"]].to_numpy(dtype=float)
    below = roll_up_sum(tree, counts) - counts  # whole subtree, minus the manager's own seats
    table = pd.DataFrame({
        "position_id": positions["position_id"].array.take(managers),
        "unit_id": positions["unit_id"].array.take(managers),
        "title": positions["title"].array.take(managers),
        "approved": seats,
        "direct_positions": direct[managers],
        "span_approved": span_approved[managers].astype(np.int64),
        "span_filled": span_filled[managers].astype(np.int64),
        "span_per_manager": span_approved[managers] / np.maximum(seats, 1),
        "approved_below": below[managers, 0].astype(np.int64),
        "filled_below": below[managers, 1].astype(np.int64),
    })
    return table.reset_index(drop=True)


def rollup(structure: Structure) -> pd.DataFrame:
    """Per unit, the figures of the unit and everything beneath it.

    The company (root) row is the whole company. A unit's figures equal its
    own positions' plus the sum of its sub-units' rows.

    Returns
    -------
    DataFrame
        One row per unit, each unit followed by its sub-units (the order of
        an org chart read top-down), with
        ``unit_id, name, kind, parent_id, level`` (1 = company),
        ``positions`` (position rows), ``approved``, ``filled``,
        ``vacancy``, ``over_establishment``, ``monthly_cost`` (Σ approved ×
        cost per head), ``filled_monthly_cost`` (Σ filled × cost per head),
        ``annual_cost`` (12 × monthly), ``managers`` (people in positions
        with reports), ``manager_ratio`` (other staff per manager; empty when
        there is no manager) and ``layers`` (reporting layers spanned by the
        unit's positions).
    """
    units = structure.units_table
    positions = structure.positions_table
    units_tree = unit_tree(structure)
    n_units = len(units)
    unit_of = unit_of_position(structure)
    placed = unit_of >= 0
    approved = positions["approved"].to_numpy(dtype=np.int64)
    filled = positions["filled"].to_numpy(dtype=np.int64)
    cost = positions["monthly_cost"].to_numpy(dtype=float)

    reporting = report_tree(structure)
    has_reports = np.bincount(reporting.parent[reporting.known_parent], minlength=len(positions)) > 0
    layer = np.where(reporting.depth >= 0, reporting.depth + 1, np.nan).astype(float)

    per_position = np.column_stack([
        np.ones(len(positions)),
        approved,
        filled,
        np.maximum(approved - filled, 0),
        np.maximum(filled - approved, 0),
        approved * cost,
        filled * cost,
        np.where(has_reports, approved, 0),
    ])[placed]
    own = np.zeros((n_units, per_position.shape[1]))
    where = unit_of[placed]
    for k in range(per_position.shape[1]):
        own[:, k] = np.bincount(where, weights=per_position[:, k], minlength=n_units)
    total = roll_up_sum(units_tree, own)

    top = np.full(n_units, np.nan)
    bottom = np.full(n_units, np.nan)
    if placed.any():
        np.fmin.at(top, where, layer[placed])
        np.fmax.at(bottom, where, layer[placed])
    top = roll_up_extreme(units_tree, top, largest=False)
    bottom = roll_up_extreme(units_tree, bottom, largest=True)

    order = preorder(units_tree)
    managers = total[:, 7]
    staff = total[:, 1] - managers
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(managers > 0, staff / managers, np.nan)
    level = pd.array(np.where(units_tree.depth >= 0, units_tree.depth + 1, 0), dtype="Int64")
    level[units_tree.depth < 0] = pd.NA
    layers = pd.array(np.where(np.isnan(top), 0, bottom - top + 1).astype(np.int64), dtype="Int64")
    layers[np.isnan(top)] = pd.NA
    table = pd.DataFrame({
        "unit_id": units["unit_id"].array,
        "name": units["name"].array,
        "kind": units["kind"].array,
        "parent_id": units["parent_id"].array,
        "level": level,
        "positions": total[:, 0].astype(np.int64),
        "approved": total[:, 1].astype(np.int64),
        "filled": total[:, 2].astype(np.int64),
        "vacancy": total[:, 3].astype(np.int64),
        "over_establishment": total[:, 4].astype(np.int64),
        "monthly_cost": total[:, 5],
        "filled_monthly_cost": total[:, 6],
        "annual_cost": total[:, 5] * 12,
        "managers": managers.astype(np.int64),
        "manager_ratio": ratio,
        "layers": layers,
    })
    return table.iloc[order].reset_index(drop=True)


@dataclass(frozen=True)
class StructureSummary:
    """The headline figures of a structure, for a GM's one-line comparison.

    Examples
    --------
    >>> from orgplan import read_structure, sample_path
    >>> s = summary(read_structure(sample_path("approved-2027")))
    >>> s.approved, s.filled, s.vacancy, s.layers
    (126, 116, 10, 5)
    """

    name: str
    status: str
    units: int
    positions: int
    approved: int
    filled: int
    vacancy: int
    over_establishment: int
    monthly_cost: float
    annual_cost: float
    layers: int
    managers: int
    manager_ratio: float
    median_span: float
    max_span: float

    def to_frame(self) -> pd.DataFrame:
        """The summary as a one-column table (figure → value)."""
        return pd.DataFrame({"value": pd.Series(asdict(self), dtype=object)})

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><th style='text-align:left'>{k}</th><td style='text-align:right'>{_fmt(v)}</td></tr>"
            for k, v in asdict(self).items()
        )
        return f"<table class='orgplan-summary'>{rows}</table>"


def summary(structure: Structure) -> StructureSummary:
    """Headline figures: headcount, cost, layers, manager ratio and spans.

    ``median_span`` and ``max_span`` are spans per manager in people (see
    :func:`spans`).
    """
    table = rollup(structure)
    roots = table[table["level"] == 1]
    totals = roots[["approved", "filled", "vacancy", "over_establishment", "monthly_cost", "managers"]].sum()
    layer = position_layers(structure)["layer"]
    span_table = spans(structure)
    managers = int(totals["managers"])
    staff = int(totals["approved"]) - managers
    return StructureSummary(
        name=structure.name,
        status=structure.status,
        units=len(structure.units_table),
        positions=len(structure.positions_table),
        approved=int(totals["approved"]),
        filled=int(totals["filled"]),
        vacancy=int(totals["vacancy"]),
        over_establishment=int(totals["over_establishment"]),
        monthly_cost=float(totals["monthly_cost"]),
        annual_cost=float(totals["monthly_cost"]) * 12,
        layers=int(layer.max()) if layer.notna().any() else 0,
        managers=managers,
        manager_ratio=round(staff / managers, 2) if managers else float("nan"),
        median_span=float(span_table["span_per_manager"].median()) if len(span_table) else float("nan"),
        max_span=float(span_table["span_per_manager"].max()) if len(span_table) else float("nan"),
    )


def _fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    if isinstance(value, int):
        return f"{value:,}"
    return html.escape(str(value))
