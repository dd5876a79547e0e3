"""Every rule of orgplan.check finds its defect, on small broken inputs written by hand."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from orgplan import ParameterError, Structure, Thresholds, check, check_path, read_structure, sample_path
from orgplan.organisation.checks import RULES, rules_markdown

from conftest import tiny_tables


def rules(findings: pd.DataFrame) -> list[str]:
    return findings["rule"].tolist()


def build(units_edit=None, positions_edit=None, duties_edit=None) -> Structure:
    units, positions, duties = tiny_tables()
    # make the tiny company clean first: spans ≥ 3 everywhere, nothing over-filled
    positions.loc[positions["position_id"] == "SC", "filled"] = 8
    units, positions, duties = (f(t) if f else t for f, t in
                                ((units_edit, units), (positions_edit, positions), (duties_edit, duties)))
    return Structure(units, positions, duties)


LENIENT = Thresholds(min_span=0.1)  # only a manager of nobody is "narrow"


def test_clean_tiny_company_has_no_findings():
    assert check(build(), LENIENT).empty


def test_approved_sample_is_clean(approved):
    assert check(approved).empty


def test_as_is_sample_defects(as_is):
    findings = check(as_is)
    assert rules(findings) == ["unknown_reports_to", "over_establishment", "duty_gap", "duty_gap", "duty_overlap",
                               "zero_establishment", "empty_unit", "span_too_narrow", "span_too_wide"]
    located = findings.set_index("rule").loc["over_establishment"]
    assert (located["position_id"], located["row"], located["column"]) == ("MECH-TECH", 36, "filled")
    assert located["file"].endswith("positions.csv")


def set_cell(table, key_column, key, column, value):
    table = table.copy()
    table[column] = table[column].astype(object)
    table.loc[table[key_column] == key, column] = value
    return table


@pytest.mark.parametrize("edit, expected", [
    (lambda u: set_cell(u, "unit_id", "AS", "parent_id", None), ["multiple_roots"]),
    (lambda u: set_cell(u, "unit_id", "AS", "parent_id", "NOWHERE"), ["unknown_parent"]),
    (lambda u: set_cell(set_cell(u, "unit_id", "SALES", "parent_id", "SHOW"), "unit_id", "CO", "parent_id", None),
     ["unit_cycle"]),
    (lambda u: set_cell(u, "unit_id", "CO", "parent_id", "AS"), ["no_root", "unit_cycle"]),
])
def test_unit_rules(edit, expected):
    assert rules(check(build(units_edit=edit), LENIENT)) == expected


def test_unit_cycle_message_names_the_circle():
    s = build(units_edit=lambda u: set_cell(u, "unit_id", "SALES", "parent_id", "SHOW"))
    message = check(s, LENIENT).set_index("rule").loc["unit_cycle", "message"]
    assert "SALES → SHOW → SALES" in message or "SHOW → SALES → SHOW" in message


@pytest.mark.parametrize("edit, expected", [
    (lambda p: set_cell(p, "position_id", "AM", "unit_id", "GHOST"), ["unknown_unit"]),
    (lambda p: set_cell(p, "position_id", "AM", "reports_to", "BOSS"), ["unknown_reports_to"]),
    (lambda p: set_cell(p, "position_id", "AM", "reports_to", None), ["multiple_top_positions"]),
    (lambda p: set_cell(p, "position_id", "GM", "reports_to", "SC"), ["no_top_position", "reporting_cycle"]),
    (lambda p: set_cell(p, "position_id", "SC", "filled", 10), ["over_establishment"]),
    (lambda p: set_cell(set_cell(p, "position_id", "TECH", "approved", 0), "position_id", "TECH", "filled", 0),
     ["zero_establishment", "span_too_narrow"]),  # AM now manages 0 approved people
    (lambda p: p.assign(dotted_line_to=[None, None, "GHOST", None, None]), ["unknown_dotted_line"]),
])
def test_position_rules(edit, expected):
    assert rules(check(build(positions_edit=edit), LENIENT)) == expected


def test_reporting_cycle_names_every_position_on_it():
    s = build(positions_edit=lambda p: set_cell(set_cell(p, "position_id", "SM", "reports_to", "SC"),
                                                "position_id", "GM", "reports_to", None))
    findings = check(s, LENIENT)
    assert rules(findings) == ["reporting_cycle"]
    assert "SC → SM → SC" in findings["message"].item() or "SM → SC → SM" in findings["message"].item()


@pytest.mark.parametrize("edit, expected", [
    (lambda d: set_cell(d, "duty_id", "D1", "unit_id", None), ["duty_gap"]),
    (lambda d: pd.concat([d, pd.DataFrame({"duty_id": ["D1"], "name": ["新车销售"], "unit_id": ["AS"]})]),
     ["duty_overlap"]),
    (lambda d: set_cell(d, "duty_id", "D2", "unit_id", "GHOST"), ["unknown_duty_unit"]),
])
def test_duty_rules(edit, expected):
    assert rules(check(build(duties_edit=edit), LENIENT)) == expected


def test_empty_unit():
    s = build(units_edit=lambda u: pd.concat([u, pd.DataFrame(
        {"unit_id": ["USED"], "name": ["二手车组"], "parent_id": ["SALES"], "kind": ["team"]})]))
    assert rules(check(s, LENIENT)) == ["empty_unit"]


def test_span_thresholds_are_configurable():
    s = build()
    assert rules(check(s)) == ["span_too_narrow"]  # GM: 2 people; SM has 8, AM 5
    assert check(s, Thresholds(min_span=1, max_span=7))["rule"].tolist() == ["span_too_wide"]  # SM: 8


def test_too_many_layers():
    units, positions, _ = tiny_tables()
    chain = pd.DataFrame({
        "position_id": [f"L{i}" for i in range(8)], "unit_id": ["CO"] * 8, "title": ["主管"] * 8,
        "reports_to": [None] + [f"L{i}" for i in range(7)], "approved": [1] * 8, "filled": [1] * 8,
        "monthly_cost": [1000] * 8,
    })
    s = Structure(units.iloc[:1], chain)
    findings = check(s, Thresholds(min_span=1))
    assert rules(findings) == ["too_many_layers"]
    assert "8 layers; 8 people warrant at most 4" in findings["message"].item()


def test_thresholds_are_validated():
    with pytest.raises(ParameterError, match="'min_span' parameter of Thresholds must not exceed 'max_span'"):
        Thresholds(min_span=20)
    with pytest.raises(ValueError):
        Thresholds(target_span=1)


def test_check_path_reports_bad_cells_and_structure_together(tmp_path):
    folder = tmp_path / "s"
    shutil.copytree(sample_path("approved-2027"), folder)
    text = (folder / "positions.csv").read_text(encoding="utf-8")
    text = text.replace("FIN-ACC,FIN,会计,FIN-MGR,2,2", "FIN-ACC,FIN,会计,FIN-MGR,-1,2")
    text = text.replace("MKT-DIGI,MKT,新媒体运营,MKT-MGR,2,1", "MKT-DIGI,MKT,新媒体运营,MKT-BOSS,2,1")
    (folder / "positions.csv").write_text(text, encoding="utf-8")
    findings = check_path(folder)
    # the bad cell counts as 0 for the structural rules, so FIN-MGR's span shrinks with it;
    # no "approved at 0" or "filled above approved" is reported on the bad cell's row itself
    assert rules(findings) == ["negative_establishment", "unknown_reports_to", "span_too_narrow", "span_too_narrow"]
    first = findings.iloc[0]
    assert (first["row"], first["column"]) == (11, "approved")


def test_docs_rule_table_is_generated_from_the_rules():
    """docs/checks.md holds rules_markdown() between its markers; UPDATE_DOCS=1 rewrites it."""
    import os
    import re
    from pathlib import Path

    from orgplan.organisation.checks import RULES, rules_markdown

    page = Path(__file__).resolve().parent.parent / "docs" / "checks.md"
    text = page.read_text(encoding="utf-8")
    pattern = re.compile(r"(<!-- rules:start -->\n)(.*?)(<!-- rules:end -->)", re.S)
    assert pattern.search(text), "docs/checks.md lost its <!-- rules:start --> / <!-- rules:end --> markers"
    if os.environ.get("UPDATE_DOCS"):
        page.write_text(pattern.sub(lambda m: m.group(1) + rules_markdown() + m.group(3), text), encoding="utf-8")
        text = page.read_text(encoding="utf-8")
    assert pattern.search(text).group(2) == rules_markdown(), (
        "docs/checks.md is stale: run UPDATE_DOCS=1 pytest tests/test_checks.py -k docs")
    assert len({rule.name for rule in RULES}) == len(RULES) == 30


def test_every_rule_is_found_in_the_order_of_the_table():
    from orgplan.organisation.checks import RULES

    order = [rule.name for rule in RULES]
    severities = [rule.severity for rule in RULES]
    assert severities == sorted(severities)  # errors before warnings
    findings = check(read_structure(sample_path("as-is-2026")))
    found = [order.index(rule) for rule in findings["rule"]]
    assert found == sorted(found)


# ------------------------------------------------------------------ languages
def test_findings_speak_the_language_chosen():
    from orgplan.i18n import language
    from orgplan.organisation.display import findings_listing

    structure = read_structure(sample_path("as-is-2026"))
    with language("zh-Hans"):
        hans = check(structure)
        shown = findings_listing(hans)
    with language("zh-Hant"):
        hant = check(structure)
    over = hans.set_index("rule").loc["over_establishment", "message"]
    assert over.startswith("职位 'MECH-TECH'（机修技师）：编制 12，在岗 14（超编 2 人）")
    assert "超編 2 人" in hant.set_index("rule").loc["over_establishment", "message"]
    assert set(hans["severity"]) == {"error", "warning"}  # the codes stay for scripts
    assert list(shown.columns[:2]) == ["级别", "规则"] and set(shown["级别"]) == {"错误", "警告"}
    assert "[positions.csv 第 36 行]" in " ".join(shown["说明"])


def test_rule_descriptions_are_translated_where_shown():
    from orgplan.i18n import Translator, language

    words = Translator("organisation")
    rule = next(r for r in RULES if r.name == "duty_gap")
    with language("zh-Hans"):
        assert words(rule.description) == "没有部门负责的职能（“既无空白”）"
    assert "| `duty_gap` | error | a duty nobody owns" in rules_markdown()  # docs/checks.md stays English
