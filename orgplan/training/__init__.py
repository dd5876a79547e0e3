"""Training (培训): the training plan, attendance and exams, competencies and the needs they imply.

- :mod:`orgplan.training.files` — the plan (sessions: monthly and on demand), attendance and exam scores,
  the competency matrix, and the team's training YAML;
- :mod:`orgplan.training.records` — who was expected and who came, a summary per consultant, and the checks
  (no training in a quarter, a new hire not trained before selling, a failed exam);
- :mod:`orgplan.training.competency` — the competency matrix and the training needs;
- :mod:`orgplan.training.display` — the tables for people.

The consultants come from ``consultants.csv``; a roster (花名册) with the same
columns (``consultant_id, name, team, start_date``) may stand in for it.
"""

from orgplan.training.competency import competency_matrix, training_needs
from orgplan.training.display import display_table
from orgplan.training.files import (TrainingConfig, read_attendance, read_competency, read_sessions,
                                    read_training_config)
from orgplan.training.records import (expected_attendance, first_sales, session_table, training_checks,
                                      training_summary)

__all__ = ["TrainingConfig", "read_training_config", "read_sessions", "read_attendance", "read_competency",
           "expected_attendance", "training_summary", "first_sales", "training_checks", "competency_matrix",
           "training_needs", "display_table", "session_table"]

