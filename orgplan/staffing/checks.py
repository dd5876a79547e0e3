"""Checks of a recommendation: ratios, coverage, productive share, spans and layers of the recommended structure.

Each finding is a row ``severity, code, position_id, value, reference,
message`` (severity ``warning`` or ``info``; none stops the recommendation):

- ``ratio_out_of_range`` — a ratio the company set outside its published range;
- ``rule_without_position`` — a rule for a position the structure does not have;
- ``no_rule`` — positions no rule covers (one finding listing them; they are
  kept at their establishment, never guessed);
- ``in_post_above_need`` — more people in post than the recommendation;
- ``productive_share_low`` / ``support_share_high`` — of the recommended
  structure's establishment (positions without a rule at their establishment);
- ``span_wide`` / ``span_narrow`` — a manager's people per seat in the
  recommended structure outside ``span_min``–``span_max``;
- ``too_many_layers`` — reporting layers above ``layers_max``.
"""

from __future__ import annotations

import pandas as pd

from orgplan.i18n import Translator
from orgplan.model.structure import Structure
from orgplan.organisation.metrics import position_layers, spans
from orgplan.staffing.draft import recommended_structure
from orgplan.staffing.ratios import Ratios

_ = Translator("staffing")

__all__ = ["staffing_checks", "productive_share", "FINDING_COLUMNS"]

FINDING_COLUMNS = ["severity", "code", "position_id", "value", "reference", "message"]


def productive_share(structure: Structure, productive: tuple[str, ...]) -> float:
    """The share of the establishment in productive positions (0 when the establishment is empty).

    Examples
    --------
    >>> from orgplan import read_structure, sample_path
    >>> s = read_structure(sample_path("approved-2027"))
    >>> round(productive_share(s, ("SHOW-CONS", "MECH-TECH")), 3)
    0.23
    """
    positions = structure.positions
    total = int(positions["approved"].sum())
    if total == 0:
        return 0.0
    return float(positions.loc[positions["position_id"].isin(productive), "approved"].sum()) / total


def staffing_checks(establishment: pd.DataFrame, uncovered: pd.DataFrame, structure: Structure,
                    ratios: Ratios) -> pd.DataFrame:
    """The findings of a recommendation (see the module's list)."""
    rows: list[dict] = []

    def add(severity: str, code: str, position: str, value: object, reference: object, message: str) -> None:
        rows.append({"severity": severity, "code": code, "position_id": position, "value": value,
                     "reference": reference, "message": message})

    known = set(structure.positions["position_id"])
    for rule in ratios.rules:
        if not rule.in_range:
            add("warning", "ratio_out_of_range", rule.position_id, rule.ratio, f"{rule.low:g}–{rule.high:g}",
                _("The ratio of {position} is {ratio}, outside its published range {low}–{high} ({source}).").format(
                    position=rule.position_id, ratio=f"{rule.ratio:g}", low=f"{rule.low:g}", high=f"{rule.high:g}",
                    source=rule.source))
        if rule.position_id not in known:
            add("warning", "rule_without_position", rule.position_id, rule.title or None, None,
                _("The ratios have a rule for {position} ({title}), but the structure has no such position: add the "
                  "position or remove the rule.").format(position=rule.position_id, title=rule.title or "?"))
    if len(uncovered):
        ids = ", ".join(uncovered["position_id"])
        add("info", "no_rule", "", len(uncovered), None, _.ngettext(
            "{count} position has no staffing rule and keeps its establishment: {ids}.",
            "{count} positions have no staffing rule and keep their establishment: {ids}.",
            len(uncovered)).format(count=len(uncovered), ids=ids))
    for row in establishment.itertuples(index=False):
        if row.filled > row.recommended:
            add("warning", "in_post_above_need", row.position_id, row.filled, row.recommended,
                _("{position} ({title}) has {filled} in post, more than the {recommended} the volumes call for.")
                .format(position=row.position_id, title=row.title, filled=row.filled, recommended=row.recommended))
    draft = recommended_structure(structure, establishment)
    _share_findings(draft, ratios, add)
    _shape_findings(draft, ratios, add)
    return pd.DataFrame(rows, columns=FINDING_COLUMNS)


def _share_findings(draft: Structure, ratios: Ratios, add) -> None:
    share = productive_share(draft, ratios.productive)
    low, high = ratios.checks["productive_share_min"], ratios.checks["support_share_max"]
    if share < low:
        add("warning", "productive_share_low", "", round(share, 3), low,
            _("Productive positions hold {share} of the recommended establishment, below the {low} benchmark.")
            .format(share=f"{share:.1%}", low=f"{low:.0%}"))
    if 1 - share > high:
        add("warning", "support_share_high", "", round(1 - share, 3), high,
            _("Support positions (managers included) hold {share} of the recommended establishment, above the "
              "{high} benchmark.").format(share=f"{1 - share:.1%}", high=f"{high:.0%}"))


def _shape_findings(draft: Structure, ratios: Ratios, add) -> None:
    low, high = ratios.checks["span_min"], ratios.checks["span_max"]
    for row in spans(draft).itertuples(index=False):
        if row.span_per_manager > high:
            add("warning", "span_wide", row.position_id, round(float(row.span_per_manager), 2), high,
                _("In the recommended structure {position} ({title}) has {span} people per seat, more than {high}.")
                .format(position=row.position_id, title=row.title, span=f"{row.span_per_manager:.1f}",
                        high=f"{high:g}"))
        elif row.span_per_manager < low:
            add("info", "span_narrow", row.position_id, round(float(row.span_per_manager), 2), low,
                _("In the recommended structure {position} ({title}) has {span} people per seat, fewer than {low}.")
                .format(position=row.position_id, title=row.title, span=f"{row.span_per_manager:.1f}",
                        low=f"{low:g}"))
    layers = position_layers(draft)["layer"].dropna()
    deepest = int(layers.max()) if len(layers) else 0
    if deepest > ratios.checks["layers_max"]:
        add("warning", "too_many_layers", "", deepest, ratios.checks["layers_max"],
            _("The recommended structure has {layers} reporting layers, more than {limit}.").format(
                layers=deepest, limit=f"{ratios.checks['layers_max']:g}"))
