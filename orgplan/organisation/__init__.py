"""Analyses of a structure: metrics, checks, restructuring scenarios, diff and review.

- :mod:`orgplan.organisation.metrics` — headcount and cost roll-ups, spans, layers
- :mod:`orgplan.organisation.checks` — rules → a table of findings ("neither gaps nor overlaps")
- :mod:`orgplan.organisation.scenario` — change operations and scenario files (方案)
- :mod:`orgplan.organisation.diff` — what changed between two structures; comparisons
- :mod:`orgplan.organisation.review` — department comments and the GM's approval (accepted comments carried out)
- :mod:`orgplan.organisation.authority` — duties per position (duty × position) and the authority table (权责表)
- :mod:`orgplan.organisation.leadership` — leadership posts (领导职数) by a rule of size
- :mod:`orgplan.organisation.establishment` — the staffing plan (编制方案) and the changes from last year
"""
