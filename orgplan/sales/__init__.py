"""Sales: target decomposition (目标分解), activity KPIs, scorecards, plan versus actual.

- :mod:`orgplan.sales.targets` — apportion, fit (exact integer tables), the yearly plan
- :mod:`orgplan.sales.kpi` — visits, customers, actuals → KPIs and early warnings
- :mod:`orgplan.sales.scorecard` — weighted scorecards and ratings
"""
