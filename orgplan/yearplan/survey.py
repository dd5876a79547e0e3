"""Department survey forms (调查表): make one Excel workbook per department, collect the returns.

The seed's plan starts the year by surveying "the rationality of the current
structure and establishment, and each department's expected development".
:func:`make_forms` writes one workbook per department (units of kind
``department``, with their sections and teams), pre-filled with its
positions, establishment (编制), people in post (在岗) and duties. The
department proposes next year's establishment, positions to drop, new
positions, duties to hand over or add, and describes its expected
development. Pre-filled cells are protected, input cells are unlocked and
yellow, drop-down lists and number validation guard the input, and the
first sheet explains what to do — all in the language in force (简体中文 by
default, 繁體中文 or English on request); forms made in any of the three
languages are collected alike.

:func:`collect_forms` reads the returned workbooks, validates every cell
(a form that was re-typed, text in a number cell, an unknown position, a
department that sent nothing — each reported with workbook, sheet and cell)
and consolidates the proposals into one table and into a list of scenario
changes (:mod:`orgplan.organisation.scenario`) that give the draft structure.

Sheets of a form (names in 简体中文)
-----------------------------------
======== ==============================================================
说明      instructions, the department, the structure it was made from
职位      one row per position; 明年编制 (next year's establishment,
          empty = unchanged), 处理建议 (保留 keep / 撤销 drop), 理由 reason
新增职位  new positions: title, unit, reports to, establishment, monthly
          cost per head, reason
职能      one row per duty with 处理建议 (保留 / 移交 hand over) and
          移交给 (to which unit); empty rows below for new duties
发展      the department's view of the structure and its development
======== ==============================================================

The work is done by four modules, re-exported here:

- :mod:`orgplan.yearplan.survey_layout` — the form's sheets and columns, the
  records of answers and problems, the form's contents from a structure;
- :mod:`orgplan.yearplan.survey_forms` — making the workbooks, filling one in;
- :mod:`orgplan.yearplan.survey_returns` — reading a returned form back;
- :mod:`orgplan.yearplan.consolidate` — turning the returns into proposals
  and scenario changes.

Examples
--------
>>> import tempfile
>>> from orgplan import read_structure, sample_path
>>> from orgplan.yearplan.survey import make_forms, fill_form, collect_forms, FormAnswers
>>> s = read_structure(sample_path("as-is-2026"))
>>> with tempfile.TemporaryDirectory() as tmp:
...     made = make_forms(s, tmp)
...     _ = fill_form(made.set_index("unit_id").at["PARTS", "workbook"],
...                   FormAnswers(establishment={"PARTS-WH": 4}, reasons={"PARTS-WH": "新仓库"}))
...     result = collect_forms(s, tmp)
>>> made["unit_id"].tolist()
['ADM', 'FIN', 'SALES', 'MKT', 'CRM', 'AS', 'PARTS']
>>> result.proposals[["department", "proposal", "position_id", "current", "proposed"]]
  department           proposal position_id  current  proposed
0      PARTS  set_establishment    PARTS-WH        3         4
>>> [c.describe() for c in result.changes]
['set the establishment of PARTS-WH to 4']
"""

from __future__ import annotations

from orgplan.yearplan.consolidate import PROBLEM_COLUMNS, PROPOSAL_COLUMNS, SurveyResult, collect_forms
from orgplan.yearplan.survey_forms import display_forms, fill_form, make_form, make_forms
from orgplan.yearplan.survey_layout import DEVELOPMENT_QUESTIONS, FormAnswers, FormProblem, NewDuty, NewPosition
from orgplan.yearplan.survey_returns import read_form
from orgplan.yearplan.survey_forms import fill_workload
from orgplan.yearplan.survey_returns import is_survey_form, read_workload

__all__ = [
    "make_forms",
    "make_form",
    "display_forms",
    "fill_form",
    "read_form",
    "collect_forms",
    "FormAnswers",
    "NewPosition",
    "NewDuty",
    "FormProblem",
    "SurveyResult",
    "DEVELOPMENT_QUESTIONS",
    "PROPOSAL_COLUMNS",
    "PROBLEM_COLUMNS",
    # the workload sheet (hours per duty and position), read by orgplan.staffing.workload
    "fill_workload",
    "read_workload",
    "is_survey_form",
]
