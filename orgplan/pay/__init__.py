"""Pay by performance (看业绩吃饭): commission plans, the monthly pay sheet and the sales payroll forecast.

Analyses only: every function returns tables (DataFrames) or dataclasses;
their figures are drawn by :mod:`orgplan.render.pay_figures`.

Modules by meaning, each importing only those listed before it:

- ``plan`` — the commission plan (提成方案) read from YAML, every problem located;
- ``deals_input`` — the deals table (:func:`orgplan.sales.deals.read_deals`) in one shape;
- ``sheet`` — the monthly pay sheet, every amount with its rule and deals;
- ``forecast`` — the sales payroll forecast from the decomposed target, cost per car;
- ``design`` — incentive design: a changed plan against the current one on past deals;
- ``consequences`` — promotion, warning and elimination candidates (末位淘汰 off by default);
- ``personal`` — personal plans (小目标) and the self-review sheet;
- ``costs`` — the sales positions' monthly cost from the plan (for ``orgplan summary``);
- ``workbook`` — the pay sheet workbook for finance;
- ``display`` — the tables for people.
"""

from orgplan.pay.plan import CommissionPlan, check_commission_plan, read_commission_plan, tiers_table
from orgplan.pay.sheet import PaySheet, pay_sheet, ratings_from_scorecard
from orgplan.pay.forecast import (Assumptions, PayrollForecast, assumptions_from_deals, monthly_targets,
                                  payroll_forecast, scaled_target)
from orgplan.pay.design import PlanComparison, compare_plans, months_between, with_tier
from orgplan.pay.consequences import ConsequenceRules, consequences, monthly_performance
from orgplan.pay.personal import personal_plans, self_review
from orgplan.pay.costs import position_cost_change, position_costs
from orgplan.pay.workbook import write_pay_workbook

__all__ = ["CommissionPlan", "read_commission_plan", "check_commission_plan", "tiers_table", "PaySheet", "pay_sheet",
           "ratings_from_scorecard", "Assumptions", "PayrollForecast", "assumptions_from_deals", "monthly_targets",
           "payroll_forecast", "scaled_target", "PlanComparison", "compare_plans", "months_between", "with_tier",
           "ConsequenceRules", "consequences", "monthly_performance", "personal_plans", "self_review",
           "position_costs", "position_cost_change", "write_pay_workbook"]
