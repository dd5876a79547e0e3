"""Versions of the yearly plan (the original and each re-plan), kept as files and compared.

A version is the ``consultant × month × model`` table in long form —
``consultant, month, model, target, status`` (``sold`` for the months
re-planned as actuals, ``planned`` otherwise) — written by
:func:`write_plan_version` (a CSV or xlsx through the one writer, atomically)
and read back by :func:`read_plan_version`. :func:`compare_versions` sets the
year targets of several versions side by side, per consultant, month or model.

Examples
--------
>>> import pandas as pd
>>> old = pd.DataFrame({"consultant": ["S01", "S02"], "month": [10, 10], "model": ["AURA", "AURA"],
...                     "target": [10, 8], "status": "planned"})
>>> new = old.assign(target=[12, 6])
>>> compare_versions({"original": old, "replan-09": new}).values.tolist()
[['S01', 10, 12, 2], ['S02', 8, 6, -2], ['(total)', 18, 18, 0]]
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from orgplan.errors import DataError, ParameterError, Problem
from orgplan.i18n import N_, Translator
from orgplan.sales.tables import cell_problems, id_cells, number_cells, read_sales_table
from orgplan.tables.io import write_table
from orgplan.tables.schema import Column, Table

_ = Translator("sales")

__all__ = ["PLAN_VERSION", "version_table", "write_plan_version", "read_plan_version", "compare_versions"]

#: A version file of the plan.
PLAN_VERSION = Table("plan_version", None, (
    Column("consultant", "id", aliases=("销售顾问", "銷售顧問"), label=N_("consultant")),
    Column("month", "count", aliases=("月份", "月"), label=N_("month")),
    Column("model", "id", aliases=("车型", "車型"), label=N_("model")),
    Column("target", "count", aliases=("目标", "目標"), label=N_("target")),
    Column("status", "choice", required=False, aliases=("状态", "狀態"), label=N_("status"),
           choice_labels={"sold": N_("sold"), "planned": N_("planned")}),
))

_KEYS = {"consultant": "consultant", "consultant_id": "consultant", "month": "month", "model": "model",
         "model_id": "model"}


def version_table(cube: pd.Series, *, through: int = 0) -> pd.DataFrame:
    """A plan's cube as a version table; months up to ``through`` are marked ``sold``."""
    table = cube.rename("target").reset_index()
    table["status"] = ["sold" if m <= through else "planned" for m in table["month"]]
    return table[["consultant", "month", "model", "target", "status"]]


def write_plan_version(table: pd.DataFrame, path: str | os.PathLike) -> Path:
    """Write a version table (.csv or .xlsx) atomically; machine data, English headers and codes."""
    return write_table(table[["consultant", "month", "model", "target", "status"]], path)


def read_plan_version(path: str | os.PathLike) -> pd.DataFrame:
    """Read a version file back; every bad cell reported with its row.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "v.csv").write_text("销售顾问,月份,车型,目标\\nS01,10,AURA,3\\n", encoding="utf-8")
    >>> read_plan_version(folder / "v.csv").values.tolist()
    [['S01', 10, 'AURA', 3, 'planned']]
    """
    table, file = read_sales_table(path, PLAN_VERSION)
    problems: list[Problem] = []
    ids = id_cells(table, "consultant", file, problems, _("a consultant"))
    models = id_cells(table, "model", file, problems, _("a model"))
    month = number_cells(table, "month", file, problems, whole=True, low=1, high=12,
                         expected=_("a whole number from 1 to 12"))
    target = number_cells(table, "target", file, problems, whole=True)
    status = (table["status"] if "status" in table.columns else pd.Series("", index=table.index)).str.lower()
    words = {w.lower(): code for w, code in PLAN_VERSION.column("status").choice_words().items()}
    codes = status.map(lambda v: "planned" if v == "" else words.get(v))
    if "status" in table.columns:
        problems += cell_problems(codes.isna(), table, "status", file, _("sold or planned"), "invalid_value")
    if problems:
        raise DataError(sorted(problems, key=lambda p: p.row or 0))
    return pd.DataFrame({"consultant": ids.astype(object), "month": month.astype("int64"),
                         "model": models.astype(object), "target": target.astype("int64"), "status": codes})


def compare_versions(versions: Mapping[str, pd.DataFrame], *, by: str = "consultant") -> pd.DataFrame:
    """The year targets of several versions side by side, with the change from the first to the last.

    Parameters
    ----------
    versions : mapping
        Version name → version table (see :func:`version_table`), oldest first.
    by : str, default ``consultant``
        ``consultant``, ``month`` or ``model``.

    Returns
    -------
    DataFrame
        ``by``, one column per version, ``change``; the last row is ``(total)``.
    """
    if by not in ("consultant", "month", "model"):
        raise ParameterError(f"The 'by' parameter of compare_versions must be consultant, month or model. "
                             f"Got {by!r} instead.")
    if len(versions) < 1:
        raise ParameterError("The 'versions' parameter of compare_versions must hold at least one version.")
    sums = {name: table.groupby(by, sort=False)["target"].sum() for name, table in versions.items()}
    frame = pd.DataFrame(sums).fillna(0).astype("int64")
    if by == "month":
        frame = frame.sort_index()
    names = list(versions)
    frame["change"] = frame[names[-1]] - frame[names[0]]
    frame = frame.rename_axis(by).reset_index()
    frame[by] = frame[by].astype(object)
    total = {by: "(total)", **{c: int(frame[c].sum()) for c in names + ["change"]}}
    return pd.concat([frame, pd.DataFrame([total])], ignore_index=True)
