"""New cars and fleet cars by month from the decomposed sales target (目标分解 → 业务量).

The staffing drivers' sales volumes come from the same decomposition the
sales department works to (:func:`orgplan.sales.targets.decompose_plan`):
the company's monthly target, split between the fleet team (大客户) and the
rest in the proportion of their monthly quotas, in whole cars that add up
to the month's target.

Examples
--------
>>> from orgplan import sample_path
>>> from orgplan.sales.targets import decompose_plan, read_target_config
>>> plan = decompose_plan(read_target_config(sample_path("sales/target-2027.yaml")))
>>> cars = sales_drivers(plan, fleet_team="大客户")
>>> int(cars["new_cars"].sum() + cars["fleet"].sum()) == plan.total
True
>>> cars.loc[cars["month"] == 12, ["new_cars", "fleet"]].to_dict("records")
[{'new_cars': 123, 'fleet': 37}]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from orgplan.errors import ParameterError
from orgplan.i18n import Translator
from orgplan.sales.targets import TargetPlan

_ = Translator("staffing")

__all__ = ["sales_drivers"]


def sales_drivers(plan: TargetPlan, *, fleet_team: str | None = None, consultants: pd.DataFrame | None = None
                  ) -> pd.DataFrame:
    """The monthly new cars (showroom and online) and fleet cars of a decomposed target.

    Parameters
    ----------
    plan : TargetPlan
        The decomposition (``decompose_plan``).
    fleet_team : str, optional
        The consultants' team that sells to fleets; without one every car is a new car.
    consultants : DataFrame, optional
        ``consultant_id, team``; by default the plan's own ``by_consultant`` table.

    Returns
    -------
    DataFrame
        ``month, new_cars, fleet`` (whole cars; each month adds up to its target).
    """
    by_month = plan.by_month.sort_values("month")
    target = by_month["target"].to_numpy(dtype=np.int64)
    fleet = np.zeros_like(target)
    if fleet_team is not None:
        people = consultants if consultants is not None else plan.by_consultant
        if "team" not in people.columns:
            raise ParameterError(_("The 'consultants' parameter of sales_drivers must have a team column."))
        in_team = set(people.loc[people["team"] == fleet_team, "consultant_id"])
        if not in_team:
            raise ParameterError(_("The 'fleet_team' parameter of sales_drivers must name a team of the plan. "
                                   "Got {value} instead.").format(value=repr(fleet_team)))
        quotas = plan.consultant_month.set_index("consultant_id")
        quotas = quotas[[c for m in by_month["month"] for c in quotas.columns if str(c) == str(m)]]
        share = quotas[quotas.index.isin(in_team)].sum() / quotas.sum().replace(0, np.nan)
        fleet = np.rint(target * share.fillna(0).to_numpy(dtype=float)).astype(np.int64)
    return pd.DataFrame({"month": by_month["month"].to_numpy(dtype=np.int64), "new_cars": target - fleet,
                         "fleet": fleet})
