"""Staffing from the business (定编): the establishment that next year's volumes and the staffing ratios
call for, what-ifs on them, a draft to review, and the workload of each position.

Modules by meaning, each importing only those listed before it:

- :mod:`~orgplan.staffing.drivers` — next year's volumes by month (业务量), read with located errors;
- :mod:`~orgplan.staffing.from_target` — new cars and fleet cars from the decomposed sales target;
- :mod:`~orgplan.staffing.ratios` — the staffing rules (定编比例) with ranges and sources;
- :mod:`~orgplan.staffing.draft` — the recommendation as establishment changes, a scenario, a draft;
- :mod:`~orgplan.staffing.checks` — ratios, coverage, productive share, spans and layers;
- :mod:`~orgplan.staffing.recommend` — the recommended establishment (定编建议) beside the approved one;
- :mod:`~orgplan.staffing.whatif` — target × (1 ± x), a ratio, a new bay; the sensitivity table;
- :mod:`~orgplan.staffing.workload` — hours per duty and position (工作量) against the establishment;
- :mod:`~orgplan.staffing.display` — the tables for people, in the language chosen.

Figures are drawn by :mod:`orgplan.render.staffing_figures`.
"""

from orgplan.staffing.drivers import DRIVER_NAMES, DRIVERS, driver_label, read_drivers
from orgplan.staffing.from_target import sales_drivers
from orgplan.staffing.ratios import Ratios, Rule, read_ratios
from orgplan.staffing.draft import recommended_changes, recommended_structure, to_scenario, write_draft
from orgplan.staffing.recommend import StaffingPlan, monthly_need, pick_month, read_in_post, recommend, rule_needs
from orgplan.staffing.whatif import Step, apply_steps, compare, parse_steps, sensitivity, what_if
from orgplan.staffing.workload import duty_findings, read_hours, read_hours_files, workload, workload_matrix
from orgplan.staffing.display import display_drivers, display_table, summary_lines
from orgplan.staffing.ratios import rules_table

__all__ = [
    "DRIVERS", "DRIVER_NAMES", "driver_label", "read_drivers", "sales_drivers",
    "Ratios", "Rule", "read_ratios", "rules_table",
    "recommended_changes", "recommended_structure", "to_scenario", "write_draft",
    "StaffingPlan", "recommend", "rule_needs", "monthly_need", "pick_month", "read_in_post",
    "Step", "parse_steps", "apply_steps", "what_if", "compare", "sensitivity",
    "read_hours", "read_hours_files", "workload", "workload_matrix", "duty_findings",
    "display_table", "display_drivers", "summary_lines",
]
