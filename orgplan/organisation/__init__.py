"""Analyses of a structure: metrics, checks, restructuring scenarios, diff and review.

- :mod:`orgplan.organisation.metrics` — headcount and cost roll-ups, spans, layers
- :mod:`orgplan.organisation.checks` — rules → a table of findings ("neither gaps nor overlaps")
- :mod:`orgplan.organisation.scenario` — change operations and scenario files (方案)
- :mod:`orgplan.organisation.diff` — what changed between two structures; comparisons
- :mod:`orgplan.organisation.review` — department comments and the GM's approval
"""
