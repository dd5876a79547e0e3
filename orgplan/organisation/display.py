"""The organisation's tables as people read them: headers and values in the language chosen.

The analyses return DataFrames with English column names and codes
(``approved``, ``error``, ``added``) so scripts keep working in any
language; the functions here turn such a table into the one a person reads
(``编制``, ``错误``, ``新增`` in Simplified Chinese), through the display
schemas below (:func:`orgplan.tables.schema.localise`). A table written in
any language reads back with the same schema (the labels are header aliases
in every language).

Examples
--------
>>> import pandas as pd
>>> from orgplan.i18n import language
>>> frame = pd.DataFrame({"unit_id": ["SALES"], "approved": [40], "vacancy": [5]})
>>> with language("zh-Hans"):
...     for_people(frame, ROLLUP).columns.tolist()
['部门编号', '编制', '空缺']
>>> with language("en"):
...     for_people(frame, ROLLUP).columns.tolist()
['unit_id', 'approved', 'vacancy']
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from orgplan.i18n import N_, Translator
from orgplan.model.structure import STATUS_LABELS, status_words
from orgplan.tables.schema import Column, Table, delocalise, localise

_ = Translator("organisation")

__all__ = ["SEVERITY_LABELS", "KIND_LABELS", "CHANGE_LABELS", "UNIT_KIND_LABELS", "FIGURE_LABELS", "FINDINGS",
           "ROLLUP", "SPANS", "CHANGES", "CONFLICTS", "SCENARIO_STEPS", "CHART_FILES", "for_people", "from_people",
           "severity_label", "status_label", "change_label", "figure_label", "findings_table", "rollup_table",
           "spans_table", "changes_table", "figures_table", "STATUS_LABELS", "findings_listing", "rollup_listing", "widest_spans",
           "findings_by_rule", "steps_table", "conflicts_table", "chart_files_table", "COUNTS",
           "scenarios_table", "choose", "SCENARIOS"]

#: A finding's severity as displayed.
SEVERITY_LABELS = {"error": N_("error"), "warning": N_("warning"), "info": N_("info")}
#: What a row of a diff is about.
KIND_LABELS = {"unit": N_("unit"), "position": N_("position"), "duty": N_("duty")}
#: What happened to it.
CHANGE_LABELS = {"added": N_("added"), "removed": N_("removed"), "changed": N_("changed")}
#: A unit's kind as displayed.
UNIT_KIND_LABELS = {"company": N_("company"), "department": N_("department"), "section": N_("section"),
                    "team": N_("team (unit)")}

#: Every column and figure name of the organisation's tables → the words people read.
FIGURE_LABELS = {
    "unit_id": N_("unit code"), "name": N_("name"), "kind": N_("kind"), "parent_id": N_("parent unit"),
    "level": N_("level"), "positions": N_("positions"), "approved": N_("establishment"), "filled": N_("filled"),
    "vacancy": N_("vacancy"), "over_establishment": N_("over establishment"), "monthly_cost": N_("monthly cost"),
    "filled_monthly_cost": N_("monthly cost in post"), "annual_cost": N_("annual cost"),
    "managers": N_("managers"), "manager_ratio": N_("staff per manager"), "layers": N_("layers"),
    "units": N_("units"), "status": N_("status"),
    "position_id": N_("position id"), "title": N_("title"), "reports_to": N_("reports to"),
    "grade": N_("grade"), "dotted_line_to": N_("dotted line to"), "assistant": N_("assistant"),
    "direct_positions": N_("direct positions"), "span_approved": N_("span (approved)"),
    "span_filled": N_("span (filled)"), "span_per_manager": N_("span per manager"),
    "approved_below": N_("approved below"), "filled_below": N_("filled below"),
    "span_min": N_("smallest span"), "span_median": N_("median span"), "span_max": N_("largest span"),
    "median_span": N_("median span"), "max_span": N_("largest span"),
    "errors": N_("errors"), "warnings": N_("warning findings"),
    "severity": N_("severity"), "rule": N_("rule"), "duty_id": N_("duty id"), "message": N_("message"),
    "file": N_("file"), "row": N_("row"), "column": N_("column"),
    "id": N_("id"), "change": N_("change"), "field": N_("field"), "old": N_("before"), "new": N_("after"),
    "step": N_("step"), "op": N_("operation"), "reason": N_("reason"), "value": N_("amount"),
    "figure": N_("figure"), "path": N_("file"), "delta": N_("difference"), "count": N_("number of findings"),
    "total": N_("total"), "changes": N_("number of changes"), "description": N_("description"),
}


def _columns(names: str, choices: dict[str, dict[str, str]] | None = None) -> tuple[Column, ...]:
    choices = choices or {}
    return tuple(Column(name, "choice" if name in choices else "text", required=False, blank_ok=True,
                        label=FIGURE_LABELS[name], choice_labels=choices.get(name, {})) for name in names.split())


#: The findings of :func:`orgplan.check`.
FINDINGS = Table("findings", None, _columns("severity rule unit_id position_id duty_id message file row column",
                                            {"severity": SEVERITY_LABELS}))
#: The per-unit rollup of :func:`orgplan.organisation.metrics.rollup` (``orgplan summary``).
ROLLUP = Table("rollup", "unit_id", _columns(
    "unit_id name kind parent_id level positions approved filled vacancy over_establishment monthly_cost "
    "filled_monthly_cost annual_cost managers manager_ratio layers", {"kind": UNIT_KIND_LABELS}))
#: The spans of control of :func:`orgplan.organisation.metrics.spans`.
SPANS = Table("spans", "position_id", _columns(
    "position_id unit_id title approved direct_positions span_approved span_filled span_per_manager "
    "approved_below filled_below"))
#: The differences of :func:`orgplan.organisation.diff.diff` (``field`` names a column, shown in words too).
CHANGES = Table("changes", None, _columns("kind id name change field old new", {
    "kind": KIND_LABELS, "change": CHANGE_LABELS,
    "field": {name: FIGURE_LABELS[name] for name in ("name", "parent_id", "kind", "unit_id", "title", "reports_to",
                                                     "approved", "filled", "monthly_cost", "grade",
                                                     "dotted_line_to", "assistant")}}))
#: The conflicts of a scenario replayed on a structure.
CONFLICTS = Table("conflicts", None, _columns("step op change reason"))
#: Scenarios side by side (:func:`scenarios_table`).
SCENARIOS = Table("scenarios", None, _columns("name changes description"))
#: How many findings each rule gave (:func:`findings_by_rule`).
COUNTS = Table("counts", None, _columns("severity rule count", {"severity": SEVERITY_LABELS}))
#: The chart files written by :func:`orgplan.render.chart.department_charts` (``orgplan chart --all-units``).
CHART_FILES = Table("charts", "unit_id", _columns("unit_id name path"))
#: The steps of a scenario (:meth:`Scenario.to_frame`).
SCENARIO_STEPS = Table("scenario", None, _columns("step op change"))


def for_people(frame: pd.DataFrame, table: Table) -> pd.DataFrame:
    """``frame`` with the headers and coded values of ``table`` in the language in force (English keeps codes)."""
    return localise(frame, table)


def from_people(frame: pd.DataFrame, table: Table) -> pd.DataFrame:
    """The reverse of :func:`for_people`: headers and coded values in any language back to the codes.

    Examples
    --------
    >>> import pandas as pd
    >>> from orgplan.i18n import language
    >>> frame = pd.DataFrame({"unit_id": ["SALES"], "vacancy": [5]})
    >>> with language("zh-Hant"):
    ...     shown = for_people(frame, ROLLUP)
    >>> shown.columns.tolist(), from_people(shown, ROLLUP).columns.tolist()
    (['部門編號', '空缺'], ['unit_id', 'vacancy'])
    """
    return delocalise(frame, table)


def severity_label(code: str) -> str:
    """``"error"`` → ``错误`` (in the language in force)."""
    return _(SEVERITY_LABELS[code]) if code in SEVERITY_LABELS else code


def status_label(code: str) -> str:
    """A structure's status as displayed: ``"draft"`` → ``草案``."""
    return status_words(code)


def change_label(code: str) -> str:
    """``"added"`` → ``新增``."""
    return _(CHANGE_LABELS[code]) if code in CHANGE_LABELS else code


def figure_label(code: str) -> str:
    """A column or figure name as displayed: ``"vacancy"`` → ``空缺``; ``findings: RULE`` keeps the rule."""
    from orgplan.i18n import get_language

    if get_language() == "en":  # English keeps the names scripts use, spaced for reading
        return code if code.startswith("findings: ") else code.replace("_", " ")
    if code.startswith("findings: "):
        return _("findings: {rule}").format(rule=code.removeprefix("findings: "))
    return _(FIGURE_LABELS[code]) if code in FIGURE_LABELS else code


def findings_table(findings: pd.DataFrame) -> pd.DataFrame:
    """The findings of :func:`orgplan.check` for people: severity in words, headers translated."""
    return for_people(findings, FINDINGS)


def rollup_table(table: pd.DataFrame) -> pd.DataFrame:
    """The per-unit rollup for people: headers and unit kinds translated, ratios rounded to 2 places."""
    if "manager_ratio" in table.columns:
        table = table.assign(manager_ratio=table["manager_ratio"].round(2))
    return for_people(table, ROLLUP)


def spans_table(table: pd.DataFrame) -> pd.DataFrame:
    """The spans of control for people."""
    if "span_per_manager" in table.columns:
        table = table.assign(span_per_manager=table["span_per_manager"].round(1))
    return for_people(table, SPANS)


def changes_table(table: pd.DataFrame) -> pd.DataFrame:
    """The differences of :func:`orgplan.organisation.diff.diff` for people: 新增 / 撤销 / 变更; no value is empty."""
    return for_people(table.astype(object).where(table.notna(), ""), CHANGES)


def figures_table(table: pd.DataFrame, figures: list[str] | None = None) -> pd.DataFrame:
    """A table indexed by figure names (:func:`~orgplan.organisation.diff.compare`) with the figures in words.

    ``figures`` keeps only those rows, in that order (``["approved", "monthly_cost", "errors"]``).
    """
    from orgplan.i18n import get_language

    if figures is not None:
        table = table.loc[list(figures)]
    if get_language() == "en":
        return table.copy()
    if "status" in table.index:
        table = table.copy()
        table.loc["status"] = [status_label(v) for v in table.loc["status"]]
    out = table.rename(index=figure_label, columns=lambda c: figure_label(c) if c in ("old", "new", "delta",
                                                                                      "value") else c)
    out.index.name = figure_label(table.index.name) if table.index.name else None
    return out


def findings_listing(findings: pd.DataFrame) -> pd.DataFrame:
    """The findings as a person reads them in a terminal or a notebook: where to fix each one in its message.

    Keeps ``severity, rule, unit_id, position_id, duty_id, message``; a finding read from a file gets
    ``[positions.csv row 36]`` after its message; empty cells stay empty; headers and severities in the language
    in force.

    Examples
    --------
    >>> from orgplan import read_structure, sample_path, check
    >>> from orgplan.i18n import language
    >>> with language("zh-Hans"):
    ...     shown = findings_listing(check(read_structure(sample_path("as-is-2026"))))
    >>> shown.columns.tolist()[:3], shown.iloc[0, 0]
    (['级别', '规则', '部门编号'], '错误')
    """
    shown = findings[["severity", "rule", "unit_id", "position_id", "duty_id", "message"]].copy()
    located = findings["file"].notna()
    places = [_("[{file} row {row}]").format(file=_file_name(f), row=r) if not pd.isna(r)
              else f"[{_file_name(f)}]" for f, r in zip(findings.loc[located, "file"], findings.loc[located, "row"])]
    shown.loc[located, "message"] = [f"{m} {p}" for m, p in zip(shown.loc[located, "message"], places)]
    return findings_table(shown.astype(object).where(shown.notna(), ""))


def _file_name(file: object) -> str:
    from pathlib import Path

    return Path(str(file)).name if "[" not in str(file) else str(file)


def rollup_listing(table: pd.DataFrame) -> pd.DataFrame:
    """The per-unit rollup as ``orgplan summary`` prints it: names indented by level, the main figures only."""
    indent = table["level"].fillna(1).astype(int).sub(1).clip(lower=0)
    table = table.assign(name=["  " * i + str(n) for i, n in zip(indent, table["name"])])
    columns = ["unit_id", "name", "kind", "level", "positions", "approved", "filled", "vacancy",
               "over_establishment", "monthly_cost", "managers", "manager_ratio"]
    return rollup_table(table[columns])


def widest_spans(table: pd.DataFrame, top: int = 8) -> pd.DataFrame:
    """The ``top`` managers with the most people per manager, for people: the widest spans of control first.

    ``table`` is :func:`orgplan.organisation.metrics.spans`'s; shown are the position, its title and seats, the
    people reporting to it, the span per manager and everyone in the manager's line.
    """
    widest = table.sort_values("span_per_manager", ascending=False, kind="stable").head(top)
    return spans_table(widest[["position_id", "title", "approved", "span_approved", "span_per_manager",
                               "approved_below"]].reset_index(drop=True))


def findings_by_rule(findings: pd.DataFrame) -> pd.DataFrame:
    """How many findings each rule gave, with its severity (in the order of the findings), for people."""
    counts = findings.groupby(["severity", "rule"], sort=False).size().reset_index(name="count")
    return for_people(counts, COUNTS)


def steps_table(scenario) -> pd.DataFrame:
    """A scenario's changes, one row per step, for people (the operation in words)."""
    from orgplan.organisation.changes.base import op_label

    frame = scenario.to_frame()
    return for_people(frame.assign(op=[op_label(op) for op in frame["op"]]), SCENARIO_STEPS)


def conflicts_table(conflicts: pd.DataFrame) -> pd.DataFrame:
    """The conflicts of a scenario replayed on a structure, for people: step, operation and reason."""
    from orgplan.organisation.changes.base import op_label

    shown = conflicts[["step", "op", "reason"]]
    return for_people(shown.assign(op=[op_label(op) for op in shown["op"]]), CONFLICTS)


def chart_files_table(*tables: pd.DataFrame) -> pd.DataFrame:
    """The charts :func:`orgplan.render.chart.department_charts` wrote, one row per unit, one column per format.

    Give the tables of each call (``pngs, pdfs``); each adds a column named after its files' format with the
    file names (not the folders), so the table reads the same on every computer.
    """
    out = tables[0][["unit_id", "name"]].copy()
    for table in tables:
        names = [Path(p).name for p in table["path"]]
        out[Path(names[0]).suffix.lstrip(".") if names else "path"] = names
    return for_people(out, CHART_FILES)


def scenarios_table(scenarios) -> pd.DataFrame:
    """Several scenarios side by side in words: name, number of changes and what each proposes."""
    frame = pd.DataFrame({"name": [s.name for s in scenarios], "changes": [len(s.changes) for s in scenarios],
                          "description": [s.description for s in scenarios]})
    return for_people(frame, SCENARIOS)


def choose(scenarios, name: str):
    """The scenario called ``name`` among ``scenarios`` (an error lists the names there are).

    Examples
    --------
    >>> from orgplan import Scenario, sample_path
    >>> chosen = choose([Scenario.load(sample_path("scenarios/flatten-workshop.yaml"))], "方案C：维修车间减少一层")
    >>> len(chosen.changes) > 0
    True
    """
    from orgplan.errors import ParameterError

    for scenario in scenarios:
        if scenario.name == name:
            return scenario
    raise ParameterError(_("There is no scenario {name}; the scenarios are: {names}.").format(
        name=repr(name), names=_(", ").join(s.name for s in scenarios)))
