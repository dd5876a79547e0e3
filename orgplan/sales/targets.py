"""Target decomposition (目標分解): split a yearly target so that the parts add up exactly.

The sales plan of the dealership decomposes the company's yearly target over
sales consultants, months and models (and, where wanted, settlement and
sales methods). The decomposition both *assigns* the target and *tests* it:
a part that is far above its history or its capacity is not reasonable
(公道性), a part below last year's actual is not challenging (挑戰性).

This module is the public face of target decomposition; the code lives in
modules by meaning, and every name below is re-exported here:

* :mod:`orgplan.sales.apportion` — :func:`apportion` (a whole number into
  whole parts, with minimums and caps), :func:`apportion_tree` (down a
  tree, every level summing to its parent), :func:`over_assign` (quotas
  over-assigned to 105–120 % of the plan);
* :mod:`orgplan.sales.fit` — :func:`fit`, :func:`fit_array`: a
  multi-dimensional table (consultant × month × model) matching every
  margin, optionally in whole cars (numerical core: :mod:`orgplan.sales.ipf`);
* :mod:`orgplan.sales.history` — :func:`seasonality_index`,
  :func:`model_mix`, :func:`capacity`: weights from the sales history;
* :mod:`orgplan.sales.target_checks` — :func:`check_targets`, the
  reasonableness and challenge checks as a findings table;
* :mod:`orgplan.sales.plan_files` — the dealership's config and tables:
  :func:`read_target_config`, :func:`read_sales`, :func:`read_consultants`,
  :func:`read_models`;
* :mod:`orgplan.sales.target_plan` — :func:`decompose_plan` (``orgplan
  targets decompose``), :func:`write_plan_workbook` and :func:`read_plan_workbook` (the workbook for people, in
  any language), and the views notebook 05 shows (:func:`sales_by_year`, :func:`history_weights`,
  :func:`consultant_month_targets`, :func:`consultant_model_targets`);
* :mod:`orgplan.sales.target_replan` — :func:`replan` (``orgplan targets replan``): the
  remaining months re-planned after the actuals, the year's total kept, or a refusal naming who would
  go beyond their bound; :mod:`orgplan.sales.target_versions` — the plan's versions kept and compared;
* :mod:`orgplan.sales.target_axes` — :func:`decompose_axes` (``orgplan targets axes``): the target by
  region, customer type, payment and channel, every axis adding up exactly.

Examples
--------
>>> from orgplan.sales.targets import apportion
>>> apportion(1200, {"展厅": 3, "大客户": 1}).to_dict()
{'展厅': 900, '大客户': 300}
"""

from __future__ import annotations

from orgplan.errors import (  # the target errors are defined in orgplan.errors and re-exported here
    InfeasibleError, MarginMismatchError, NotConvergedError, TargetError,
)
from orgplan.sales.apportion import apportion, apportion_tree, over_assign
from orgplan.sales.fit import fit, fit_array
from orgplan.sales.history import capacity, model_mix, seasonality_index
from orgplan.sales.plan_files import TargetConfig, read_consultants, read_models, read_sales, read_target_config
from orgplan.sales.target_checks import FINDING_COLUMNS, check_targets
from orgplan.sales.target_axes import AxesPlan, decompose_axes, read_history_axes
from orgplan.sales.target_plan import (TargetPlan, consultant_model_targets, consultant_month_targets, decompose_plan,
                                       history_weights, read_plan_workbook, sales_by_year, write_plan_workbook)
from orgplan.sales.target_replan import Replan, display_replan, replan
from orgplan.sales.target_versions import compare_versions, read_plan_version, version_table, write_plan_version

__all__ = [
    "TargetError",
    "MarginMismatchError",
    "InfeasibleError",
    "NotConvergedError",
    "apportion",
    "apportion_tree",
    "fit",
    "fit_array",
    "seasonality_index",
    "model_mix",
    "capacity",
    "over_assign",
    "check_targets",
    "FINDING_COLUMNS",
    "TargetConfig",
    "TargetPlan",
    "read_target_config",
    "read_sales",
    "read_consultants",
    "read_models",
    "decompose_plan",
    "write_plan_workbook",
    "read_plan_workbook",
    "sales_by_year",
    "history_weights",
    "consultant_month_targets",
    "consultant_model_targets",
    "Replan",
    "replan",
    "display_replan",
    "version_table",
    "write_plan_version",
    "read_plan_version",
    "compare_versions",
    "AxesPlan",
    "decompose_axes",
    "read_history_axes",
]
