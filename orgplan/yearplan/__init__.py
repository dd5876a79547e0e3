"""The admin department's yearly plan: milestones, department survey forms, job descriptions.

- :mod:`orgplan.yearplan.plan` — dated tasks with first and co-responsible owners; status on a day
- :mod:`orgplan.yearplan.survey` — survey workbooks per department, and reading them back; it re-exports
  :mod:`~orgplan.yearplan.survey_layout` (the form's sheets and records),
  :mod:`~orgplan.yearplan.survey_forms` (making and filling the workbooks),
  :mod:`~orgplan.yearplan.survey_returns` (reading a returned form) and
  :mod:`~orgplan.yearplan.consolidate` (returns → proposals → scenario changes)
- :mod:`orgplan.yearplan.job_descriptions` — the job-description table each department keeps, and two
  years' versions compared
- :mod:`orgplan.yearplan.jd_form` — the job-description sheet of a department's survey workbook

Pictures of these (the Gantt chart, the handbook) are in :mod:`orgplan.render`.
"""
