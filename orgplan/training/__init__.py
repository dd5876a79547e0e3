"""Training (培训): the training plan, attendance and exams, competencies and the needs they imply."""
