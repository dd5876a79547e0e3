"""Job descriptions (职位说明书): the table each department writes for its positions.

At the end of the yearly plan every department revises the job
descriptions of its positions to fit the approved structure; the handbook
(:func:`orgplan.render.handbook.make_handbook`) compiles them. They are a
table (``job_descriptions.csv`` beside the structure's tables; the
structure loader ignores it)::

    position_id, title, duties, requirements, workflow   (+ optional revised_on, notes)

List items inside a cell are separated by line breaks or ``；``. Chinese
headers are accepted (職位編號, 職位, 崗位職責, 任職要求, 工作流程, 修訂日期).

Examples
--------
>>> from orgplan.model.io import sample_path
>>> jd = read_job_descriptions(sample_path("approved-2027/job_descriptions.csv"))
>>> jd.columns.tolist() == JOB_DESCRIPTION_COLUMNS
True
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from orgplan.errors import DataError, Problem
from orgplan.i18n import N_, Translator
from orgplan.tables.cells import as_text, parse_date
from orgplan.tables.io import read_table
from orgplan.tables.schema import Column, Table, canonical_headers, validate_tables

_ = Translator("yearplan")

__all__ = ["read_job_descriptions", "job_description_table", "JOB_DESCRIPTIONS", "JOB_DESCRIPTION_COLUMNS"]

#: The job-description table: its columns, Chinese and English headers, what each cell holds.
JOB_DESCRIPTIONS = Table(
    name="job_descriptions",
    id_column="position_id",
    columns=(
        Column("position_id", "id", aliases=("職位編號", "职位编号", "崗位編號", "岗位编号", "編號", "编号"),
               expected=N_("the position_id the description belongs to"), label=N_("position id")),
        Column("title", "text", required=False, blank_ok=True,
               aliases=("職位", "职位", "崗位", "岗位", "職位名稱", "职位名称"), expected=N_("the position's title"),
               label=N_("position")),
        Column("duties", "text", blank_ok=True,
               aliases=("崗位職責", "岗位职责", "工作職責", "工作职责", "職責", "职责"),
               expected=N_("the position's duties, one per line or separated by ；"), label=N_("duties of the position")),
        Column("requirements", "text", required=False, blank_ok=True,
               aliases=("任職要求", "任职要求", "任職資格", "任职资格", "要求"), expected=N_("requirements"),
               label=N_("requirements")),
        Column("workflow", "text", required=False, blank_ok=True,
               aliases=("工作流程", "流程", "工作流程說明", "工作流程说明"), expected=N_("workflow notes"),
               label=N_("workflow")),
        Column("revised_on", "text", required=False, blank_ok=True,
               aliases=("修訂日期", "修订日期", "修訂", "修订"),
               expected=N_("the date the description was last revised, written YYYY-MM-DD (or empty)"),
               label=N_("revised on")),
        Column("notes", "text", required=False, blank_ok=True, aliases=("備註", "备注"), expected=N_("free text"),
               label=N_("notes")),
    ),
)

#: Columns of a job-description table, as :func:`read_job_descriptions` returns it.
JOB_DESCRIPTION_COLUMNS = JOB_DESCRIPTIONS.column_names

_DESCRIBING = ("duties", "requirements", "workflow")


def read_job_descriptions(path: str | os.PathLike) -> pd.DataFrame:
    """Read a job-description table (``.csv`` or ``.xlsx``) and check its cells.

    Returns
    -------
    DataFrame
        :data:`JOB_DESCRIPTION_COLUMNS`, empty cells missing (``None``).

    Raises
    ------
    FileNotFoundError
        If there is no such file.
    DataError
        If a header is missing, a ``position_id`` is empty or given twice,
        ``revised_on`` is not a date, or a row describes nothing; every
        problem is listed with its row.

    Examples
    --------
    >>> from orgplan.model.io import sample_path
    >>> jd = read_job_descriptions(sample_path("approved-2027/job_descriptions.csv"))
    >>> jd.set_index("position_id").at["ADM-MGR", "title"]
    '行政经理'
    """
    path = Path(path)
    return job_description_table(read_table(path), file=str(path))


def job_description_table(table: pd.DataFrame, *, file: str | None = None) -> pd.DataFrame:
    """Check a job-description DataFrame (Chinese headers accepted); return it with canonical columns.

    Raises
    ------
    DataError
        As :func:`read_job_descriptions`.

    Examples
    --------
    >>> import pandas as pd
    >>> jd = job_description_table(pd.DataFrame({"職位編號": ["GM"], "崗位職責": ["主持全面工作；審批預算"]}))
    >>> jd.loc[0, ["position_id", "title", "duties"]].tolist()
    ['GM', None, '主持全面工作；審批預算']
    """
    file = file or _("job descriptions table")
    mapping, problems = canonical_headers(JOB_DESCRIPTIONS, [str(c) for c in table.columns], file)
    if problems:
        raise DataError(problems, _("{file}: the job descriptions' header row has problems").format(file=file))
    frame = table.rename(columns=mapping)[list(mapping.values())].reset_index(drop=True)
    typed, problems, _unused = validate_tables({"job_descriptions": JOB_DESCRIPTIONS}, {"job_descriptions": frame},
                                         {"job_descriptions": file})
    problems = sorted(problems + _row_problems(frame, file),
                      key=lambda p: (p.row or 0, JOB_DESCRIPTION_COLUMNS.index(p.column or "position_id")))
    if problems:
        raise DataError(problems, _.ngettext("{file}: {n} problem in the job descriptions",
                                             "{file}: {n} problems in the job descriptions",
                                             len(problems)).format(file=file, n=len(problems)))
    out = typed["job_descriptions"][JOB_DESCRIPTION_COLUMNS].astype(object)
    return out.where(out.notna(), None)


def _row_problems(frame: pd.DataFrame, file: str) -> list[Problem]:
    """What the cell rules cannot see: a revision date that is not a date, a row that describes nothing."""
    problems: list[Problem] = []
    for i, record in enumerate(frame.to_dict("records")):
        row = i + 2  # spreadsheet row: the header is row 1
        revised_on = as_text(record.get("revised_on"))
        if revised_on and parse_date(revised_on) is None:
            problems.append(Problem(file, row, "revised_on", revised_on,
                                    _(JOB_DESCRIPTIONS.column("revised_on").expected), "not_a_date"))
        if not any(as_text(record.get(column)) for column in _DESCRIBING):
            problems.append(Problem(file, row, "duties", None,
                                    _("duties, requirements or workflow notes (the row describes nothing)"),
                                    "missing_value"))
    return problems
