"""The sales positions' monthly cost from the commission plan, beside the constant typed in the structure.

``positions.csv`` gives every position one ``monthly_cost``. For the sales
positions paid by a commission plan that number should move with the
volume planned: :func:`position_costs` puts, for each position the plan
names (and the manager's), the typed cost per head beside the plan's —
base + expected variable pay + the employer's social insurance — averaged
over the consultants of the position's team and the months of the forecast.

Examples
--------
>>> from orgplan.model.io import DATA_DIR, read_structure
>>> from orgplan.pay.plan import read_commission_plan
>>> from orgplan.pay.forecast import payroll_forecast
>>> from orgplan.sales.targets import decompose_plan, read_target_config
>>> plan = read_commission_plan(DATA_DIR / "pay" / "commission-plan-2027.yaml")
>>> forecast = payroll_forecast(plan, decompose_plan(read_target_config(DATA_DIR / "sales" / "target-2027.yaml")))
>>> table = position_costs(read_structure(DATA_DIR / "approved-2027"), plan, forecast)
>>> table["position_id"].tolist()
['SHOW-CONS', 'KA-CONS', 'SHOW-DCC', 'SHOW-MGR']
"""

from __future__ import annotations

import pandas as pd

from orgplan.errors import ParameterError
from orgplan.i18n import Translator
from orgplan.model.structure import Structure
from orgplan.pay.forecast import PayrollForecast
from orgplan.pay.plan import CommissionPlan

_ = Translator("pay")

__all__ = ["position_costs", "position_cost_change", "POSITION_COST_COLUMNS", "POSITION_CHANGE_COLUMNS"]

POSITION_COST_COLUMNS = ["position_id", "title", "team", "filled", "typed_cost", "base", "variable",
                         "social_insurance", "planned_cost", "difference"]


POSITION_CHANGE_COLUMNS = ["position_id", "title", "filled_before", "filled_after", "planned_cost", "cost_before",
                           "cost_after", "change"]


def position_costs(structure: Structure, plan: CommissionPlan, forecast: PayrollForecast) -> pd.DataFrame:
    """Per position the plan pays: typed monthly cost per head and the plan's split (base, variable, social insurance).

    Raises
    ------
    ParameterError
        If the plan names a position the structure does not have.
    """
    positions = structure.positions.set_index("position_id")
    wanted = dict(plan.positions)
    if plan.manager is not None:
        wanted[plan.manager.manager_id] = plan.manager.team
    unknown = [p for p in wanted if p not in positions.index]
    if unknown:
        raise ParameterError(_("The plan's positions {unknown} are not positions of the structure.").format(
            unknown=", ".join(unknown)))
    table = forecast.table
    rows = []
    for position, team in wanted.items():
        if plan.manager is not None and position == plan.manager.manager_id:
            own = table[table["consultant_id"] == position]
        else:
            own = table[(table["team"] == team) & (table["consultant_id"] != getattr(plan.manager, "manager_id", ""))]
        per_head = own[["base", "variable", "social_insurance", "employer_cost"]].mean() if len(own) else None
        typed = float(positions.at[position, "monthly_cost"])
        planned = float(per_head["employer_cost"]) if per_head is not None else float("nan")
        rows.append({"position_id": position, "title": positions.at[position, "title"], "team": team,
                     "filled": int(positions.at[position, "filled"]), "typed_cost": typed,
                     "base": round(float(per_head["base"]), 0) if per_head is not None else float("nan"),
                     "variable": round(float(per_head["variable"]), 0) if per_head is not None else float("nan"),
                     "social_insurance": round(float(per_head["social_insurance"]), 0) if per_head is not None
                     else float("nan"),
                     "planned_cost": round(planned, 0), "difference": round(planned - typed, 0)})
    return pd.DataFrame(rows, columns=POSITION_COST_COLUMNS)


def position_cost_change(before: Structure, after: Structure, plan: CommissionPlan,
                         forecast: PayrollForecast) -> pd.DataFrame:
    """The sales positions' monthly cost from the plan in two structures: people in post × the plan's cost per head.

    A position missing from one structure counts 0 people there.

    Examples
    --------
    >>> from orgplan.model.io import DATA_DIR, read_structure
    >>> from orgplan.pay.plan import read_commission_plan
    >>> from orgplan.pay.forecast import payroll_forecast
    >>> from orgplan.sales.targets import decompose_plan, read_target_config
    >>> plan = read_commission_plan(DATA_DIR / "pay" / "commission-plan-2027.yaml")
    >>> forecast = payroll_forecast(plan, decompose_plan(read_target_config(DATA_DIR / "sales" / "target-2027.yaml")))
    >>> table = position_cost_change(read_structure(DATA_DIR / "as-is-2026"), read_structure(DATA_DIR / "approved-2027"),
    ...                              plan, forecast)
    >>> table.columns.tolist()[:4]
    ['position_id', 'title', 'filled_before', 'filled_after']
    """
    costs = position_costs(after, plan, forecast).set_index("position_id")
    old = before.positions.set_index("position_id")
    rows = []
    for position, row in costs.iterrows():
        filled_before = int(old.at[position, "filled"]) if position in old.index else 0
        rows.append({"position_id": position, "title": row["title"], "filled_before": filled_before,
                     "filled_after": int(row["filled"]), "planned_cost": row["planned_cost"],
                     "cost_before": filled_before * row["planned_cost"],
                     "cost_after": int(row["filled"]) * row["planned_cost"],
                     "change": (int(row["filled"]) - filled_before) * row["planned_cost"]})
    return pd.DataFrame(rows, columns=POSITION_CHANGE_COLUMNS)
