"""The admin department's yearly plan: milestones, department survey forms, job descriptions.

- :mod:`orgplan.yearplan.plan` — dated tasks with first and co-responsible owners; status on a day
- :mod:`orgplan.yearplan.survey` — survey workbooks per department, and reading them back
"""
