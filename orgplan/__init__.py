"""orgplan — org design and planning for a car dealership (4S store), in Jupyter.

The structure model (:class:`Structure`), reading and writing its tables,
metrics (headcount, cost, spans, layers) and checks ("neither gaps nor
overlaps") are imported with the package; the tools built on them (charts,
scenarios, headcount requests, targets, plans, KPIs) load on first use, so
``import orgplan`` stays quick.

Examples
--------
>>> import orgplan
>>> s = orgplan.read_structure(orgplan.sample_path("approved-2027"))
>>> orgplan.check(s).empty
True
>>> orgplan.org_chart(s, unit="SALES").title
'销售部 org chart'
"""

from __future__ import annotations

import importlib
from typing import Any

from orgplan.errors import ChangeError, DataError, OrgPlanError, ParameterError, Problem, UnknownIdError
from orgplan.model.structure import Structure, StructureInfo
from orgplan.model.io import read_structure, write_structure, sample_path
from orgplan.tables.io import read_table, write_table
from orgplan.organisation.metrics import rollup, spans, position_layers, summary, StructureSummary
from orgplan.organisation.checks import check, check_path, Thresholds
# ``diff`` is both a module and its main function: bind the function now, or importing the
# module (which any tool may do) would leave ``orgplan.organisation.diff`` pointing at the module.
from orgplan.organisation.diff import diff, diff_summary, compare

__version__ = "0.1.0"

#: Public names of the tools, by the module that defines them (loaded on first use).
_LAZY: dict[str, tuple[str, ...]] = {
    "render.chart": ("OrgChart", "org_chart", "department_charts", "cjk_font_status"),
    "organisation.scenario": ("Scenario", "apply_changes"),
    "render.comparison": ("diff_chart", "diff_pages"),
    "render.chart_pages": ("chart_pages", "ChartPages"),
    "headcount": ("validate_requests", "read_requests", "staffing_status", "record_fill", "exceptions_report", "ExceptionsReport", "Ledger"),
    "yearplan.plan": ("Plan", "read_plan", "plan_status", "check_plan"),
    "render.gantt": ("gantt_chart",),
    "yearplan.survey": ("make_forms", "collect_forms"),
    "render.handbook": ("make_handbook",),
    "yearplan.job_descriptions": ("read_job_descriptions",),
    "sales.kpi": ("parse_period", "read_visits", "read_customers", "read_actuals", "kpis", "monthly_kpis", "team_total", "plan_vs_actual", "early_warnings", "PlanVsActual", "WarningRules"),
}
_LAZY_NAMES = {name: module for module, names in _LAZY.items() for name in names}

__all__ = [
    "Structure", "StructureInfo",
    "read_structure", "write_structure", "read_table", "write_table", "sample_path",
    "rollup", "spans", "position_layers", "summary", "StructureSummary",
    "check", "check_path", "Thresholds",
    "diff", "diff_summary", "compare",
    "OrgPlanError", "DataError", "ParameterError", "UnknownIdError", "ChangeError", "Problem",
    *_LAZY_NAMES,
]


def __getattr__(name: str) -> Any:
    module = _LAZY_NAMES.get(name)
    if module is None:
        raise AttributeError(f"module 'orgplan' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"orgplan.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY_NAMES))
