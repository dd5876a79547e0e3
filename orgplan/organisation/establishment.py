"""The staffing plan (工作人员编制方案) of a structure: establishment, in post, vacancy and cost, and what changed.

The seed's third deliverable by the end of March, beside the charts: the
staffing plan. :func:`establishment_by_unit` gives it per unit,
:func:`establishment_by_position` per position, and
:func:`changes_from_last_year` the changes from last year's structure, each
with its reason where the review comments give one (the comment that asked
for it).

Examples
--------
>>> from orgplan import read_structure, sample_path
>>> s = read_structure(sample_path("approved-2027"))
>>> units = establishment_by_unit(s).set_index("unit_id")
>>> [int(units.at["SALES", c]) for c in ("approved", "filled", "vacancy", "monthly_cost")]
[40, 35, 5, 346500]
>>> row = establishment_by_position(s).set_index("position_id").loc["SHOW-CONS"]
>>> int(row["approved"]), int(row["vacancy"]), float(row["monthly_total"])
(14, 2, 112000.0)
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from orgplan.i18n import N_, Translator
from orgplan.model.structure import Structure
from orgplan.organisation.diff import diff
from orgplan.organisation.metrics import rollup

_ = Translator("booklet")

__all__ = ["establishment_by_unit", "establishment_by_position", "changes_from_last_year", "changes_for_people",
           "establishment_display", "CHANGE_LABELS"]

_UNIT_COLUMNS = ["unit_id", "name", "kind", "level", "positions", "approved", "filled", "vacancy",
                 "over_establishment", "monthly_cost", "annual_cost"]
_LABELS = {"unit_id": N_("unit id"), "name": N_("unit"), "kind": N_("kind"), "level": N_("level"),
           "positions": N_("positions"), "approved": N_("establishment"), "filled": N_("in post"),
           "vacancy": N_("vacancy"), "over_establishment": N_("over establishment"),
           "monthly_cost": N_("monthly cost (establishment)"), "annual_cost": N_("annual cost (establishment)"),
           "department": N_("department"), "position_id": N_("position id"), "title": N_("position"),
           "cost_per_head": N_("monthly cost per head"), "monthly_total": N_("monthly cost (establishment)"),
           "annual_total": N_("annual cost (establishment)"), "id": N_("id"), "change": N_("change"),
           "field": N_("what"), "old": N_("last year"), "new": N_("this year"), "reason": N_("reason"),
           "item": N_("item")}
#: A change between two years as people read it.
CHANGE_LABELS = {"added": N_("added"), "removed": N_("removed"), "changed": N_("changed")}


def establishment_by_unit(structure: Structure) -> pd.DataFrame:
    """Per unit (its sub-units included): positions, establishment, in post, vacancy, over, monthly and annual cost.

    The cost is the establishment's: approved seats × the position's monthly cost.
    """
    return rollup(structure)[_UNIT_COLUMNS].reset_index(drop=True)


def establishment_by_position(structure: Structure) -> pd.DataFrame:
    """Per position: its department, unit, establishment, in post, vacancy, cost per head and in total."""
    positions = structure.positions
    units = structure.units.set_index("unit_id")
    parent = units["parent_id"].to_dict()
    root = next((u for u, p in parent.items() if not isinstance(p, str)), None)

    def department(unit_id: Any) -> Any:
        while isinstance(parent.get(unit_id), str) and parent.get(unit_id) != root:
            unit_id = parent[unit_id]
        return unit_id

    approved, filled = positions["approved"].astype(int), positions["filled"].astype(int)
    out = pd.DataFrame({
        "department": [units["name"].get(department(u), u) for u in positions["unit_id"]],
        "unit_id": positions["unit_id"], "name": [units["name"].get(u, u) for u in positions["unit_id"]],
        "position_id": positions["position_id"], "title": positions["title"],
        "approved": approved, "filled": filled, "vacancy": (approved - filled).clip(lower=0),
        "over_establishment": (filled - approved).clip(lower=0),
        "cost_per_head": positions["monthly_cost"].astype(float),
        "monthly_total": approved * positions["monthly_cost"].astype(float),
    })
    out["annual_total"] = out["monthly_total"] * 12
    return out.reset_index(drop=True)


def changes_from_last_year(previous: Structure, structure: Structure,
                           comments: pd.DataFrame | None = None) -> pd.DataFrame:
    """What changed from last year's structure to this one, with the reason a review comment gives.

    Returns
    -------
    DataFrame
        The rows of :func:`orgplan.organisation.diff.diff` (``kind, id,
        name, change, field, old, new``) and ``reason``: the comments
        (``C001 …``: their text and the response) about that unit or
        position, or whose ``change`` names it; empty when none does.

    Examples
    --------
    >>> from orgplan import read_structure, sample_path
    >>> from orgplan.organisation.review import read_comments
    >>> table = changes_from_last_year(read_structure(sample_path("as-is-2026")),
    ...                                read_structure(sample_path("approved-2027")),
    ...                                read_comments(sample_path("review-comments-2027.csv")))
    >>> table.set_index("id").loc["SHOW-SUP", "reason"]
    'C001：建议销售主管编制 2 人，各带 7 名销售顾问，展厅经理专注客流与成交管理。（方案A已采用。）'
    """
    table = diff(previous, structure).copy()
    reasons = []
    for row in table.to_dict("records"):
        reasons.append(_reason(row["id"], comments) if comments is not None else "")
    table["reason"] = reasons
    return table


def _reason(ident: str, comments: pd.DataFrame) -> str:
    found = []
    for c in comments.to_dict("records"):
        if c.get("resolution") not in ("accepted", "noted"):
            continue
        change = str(c.get("change") or "")
        if ident in (c.get("position_id"), c.get("unit_id")) and c.get("position_id") in (ident, None) \
                or f"={ident}" in change.replace(" ", ""):
            response = f"（{c['response']}）" if c.get("response") else ""
            found.append(f"{c['comment_id']}：{c['comment']}{response}")
    return "；".join(found)


_FIELD_LABELS = {"approved": N_("establishment"), "filled": N_("in post"), "reports_to": N_("reports to"),
                 "unit_id": N_("unit"), "title": N_("position"), "monthly_cost": N_("monthly cost per head"),
                 "name": N_("name"), "parent_id": N_("parent unit"), "kind": N_("kind"), "grade": N_("grade"),
                 "dotted_line_to": N_("dotted line to"), "assistant": N_("assistant")}


def changes_for_people(changes: pd.DataFrame) -> pd.DataFrame:
    """:func:`changes_from_last_year` for reading: what (name and id), change, field in words, old, new, reason."""
    out = pd.DataFrame({
        "item": [f"{n}（{i}）" if isinstance(n, str) and n else str(i) for n, i in zip(changes["name"], changes["id"])],
        "change": changes["change"],
        "field": [_(_FIELD_LABELS[f]) if f in _FIELD_LABELS else (f or "") for f in changes["field"]],
        "old": changes["old"], "new": changes["new"], "reason": changes["reason"]})
    return out


def establishment_display(table: pd.DataFrame) -> pd.DataFrame:
    """One of this module's tables as people read it: headers in words, changes and kinds in words."""
    out = table.copy()
    if "change" in out:
        out["change"] = out["change"].map(lambda c: _(CHANGE_LABELS[c]) if c in CHANGE_LABELS else c)
    kinds = {"company": _("company"), "department": _("department"), "section": _("section"), "team": _("team"),
             "position": _("position"), "unit": _("unit"), "duty": _("duty")}
    if "kind" in out:
        out["kind"] = out["kind"].map(lambda k: kinds.get(k, k))
    return out.rename(columns={c: _(label) for c, label in _LABELS.items()})
