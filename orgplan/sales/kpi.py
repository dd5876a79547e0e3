"""Sales team performance (銷售人員活動管理): activity KPIs, plan versus actual, early warnings.

The sales management plan wants salespeople's activity managed and assessed
so that problems are found early, "not when the year is lost". This module
is the public face of that work; the code lives in modules by meaning, and
every name below is re-exported here:

* :mod:`orgplan.sales.periods` — :func:`parse_period`: a month ``2027-04``,
  a quarter ``2027Q2``, a year ``2027`` or a date range
  ``2027-04-01..2027-04-15`` (:class:`Period`);
* :mod:`orgplan.sales.activity_files` — :func:`read_visits`,
  :func:`read_customers`, :func:`read_actuals`: the input tables, every
  bad cell reported with its file, row and column;
* :mod:`orgplan.sales.activity` — :func:`kpis` per salesperson (visits,
  days, visits per day, minutes, revenue and cost per visit, orders, orders
  per 100 visits, revenue, the expense ratio, new and lost customers),
  :func:`monthly_kpis`, :func:`team_total` and :func:`customer_status`;
* :mod:`orgplan.sales.attainment` — :func:`plan_vs_actual`: attainment,
  variance and the projection to year end (:class:`PlanVsActual`);
* :mod:`orgplan.sales.alerts` — :func:`early_warnings`: behind plan two
  months running, activity dropping, expense ratio rising
  (:class:`WarningRules` states the rules).

The charts of these tables are in :mod:`orgplan.render.sales_figures`
(``plot_against_team``, ``plot_trend``, ``plot_plan_vs_actual``).

Examples
--------
>>> import pandas as pd
>>> from orgplan.sales.kpi import kpis
>>> log = pd.DataFrame({
...     "salesperson": ["S01", "S01", "S02"],
...     "date": pd.to_datetime(["2027-04-01", "2027-04-02", "2027-04-02"]),
...     "customer_id": ["C1", "C2", "C3"], "minutes": [30, 60, 45],
...     "cost": [100, 200, 50], "ordered": [0, 1, 0], "revenue": [0, 150000, 0]})
>>> kpis(log, "2027-04")[["salesperson", "visits", "orders", "revenue", "expense_ratio"]]
  salesperson  visits  orders   revenue  expense_ratio
0         S01       2       1  150000.0          0.002
1         S02       1       0       0.0            NaN
"""

from __future__ import annotations

from orgplan.sales.activity import KPI_COLUMNS, customer_status, kpis, monthly_kpis, team_total
from orgplan.sales.activity_files import VISIT_COLUMNS, read_actuals, read_customers, read_visits
from orgplan.sales.alerts import WARNING_COLUMNS, WarningRules, early_warnings
from orgplan.sales.attainment import PlanVsActual, plan_vs_actual
from orgplan.sales.periods import Period, parse_period

__all__ = [
    "Period",
    "parse_period",
    "VISIT_COLUMNS",
    "KPI_COLUMNS",
    "read_visits",
    "read_customers",
    "read_actuals",
    "kpis",
    "monthly_kpis",
    "team_total",
    "customer_status",
    "PlanVsActual",
    "plan_vs_actual",
    "WarningRules",
    "early_warnings",
    "WARNING_COLUMNS",
]
