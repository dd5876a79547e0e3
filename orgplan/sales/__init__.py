"""Sales: target decomposition (目标分解), activity KPIs, plan versus actual, early warnings, scorecards.

Analyses only: every function returns tables (DataFrames) or dataclasses;
their figures are drawn by :mod:`orgplan.render.sales_figures`.

Public faces (re-exporting the modules below):

- :mod:`orgplan.sales.targets` — target decomposition;
- :mod:`orgplan.sales.kpi` — activity KPIs, plan versus actual, early warnings;
- :mod:`orgplan.sales.scorecard` — weighted scorecards and ratings.

Modules by meaning, each importing only those listed before it:

- ``tables`` — the shared reading steps: schema headers, cells through
  :mod:`orgplan.tables.cells`, one shape of problem;
- ``ipf``, ``_params``, ``apportion``, ``fit``, ``history``, ``target_checks`` —
  the decomposition core (numbers in, numbers out);
- ``plan_files`` — the yearly target's config and tables; ``target_plan`` —
  the dealership's plan decomposed (:func:`~orgplan.sales.target_plan.decompose_plan`);
  ``target_replan`` and ``target_versions`` — the mid-year re-plan and the plan's versions;
  ``target_axes`` — the target by region, customer type, payment and channel;
- ``periods``, ``activity_files``, ``activity`` — periods, the visit log,
  customers and actuals, and the KPIs;
- ``attainment`` — plan versus actual; ``alerts`` — early warnings;
- ``scorecard`` — scores, weights and ranking.
"""
