"""The training files: the plan (sessions), attendance and exam scores, the competency matrix; the YAML.

Each table has a schema (Chinese, Traditional and English headers) and a
reader that reports every bad cell with its file, row and column in one
:class:`~orgplan.errors.DataError`. :func:`read_training_config` reads the
team's YAML (``data/training/training-2027.yaml``): the review date, the pass
mark, the lowest acceptable competency level, the new models, and the files —
the consultants (``consultants.csv``, or a roster with the same columns) and,
optionally, the actual sales from which a new hire's first sale is taken.

Examples
--------
>>> from orgplan.model.io import DATA_DIR
>>> config = read_training_config(DATA_DIR / "training" / "training-2027.yaml")
>>> str(config.as_of), config.pass_mark, config.new_models, len(config.sessions)
('2027-09-30', 60.0, ('EV-S',), 14)
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from orgplan.errors import DataError, Problem
from orgplan.i18n import N_, Translator
from orgplan.sales.activity_files import read_actuals
from orgplan.sales.plan_files import read_consultants, read_models
from orgplan.sales.tables import (cell_problems, date_cells, flag_cells, id_cells, number_cells, read_sales_table,
                                  require_columns)
from orgplan.tables.cells import parse_date
from orgplan.tables.schema import Column, Table
from orgplan.tables.yamlfile import config_files, load_yaml_with_lines

_ = Translator("training")

__all__ = ["SESSIONS", "ATTENDANCE", "COMPETENCY", "SESSION_KINDS", "TOPIC_KINDS", "AREAS", "TrainingConfig",
           "read_sessions", "read_attendance", "read_competency", "read_training_config"]

#: What a session is: the monthly one or one on demand.
SESSION_KINDS = {"monthly": N_("monthly"), "on_demand": N_("on demand")}
#: What a session is about.
TOPIC_KINDS = {"product": N_("product"), "process": N_("sales process"), "fi": N_("F&I"),
               "competitor": N_("competing models"), "induction": N_("induction")}
#: The areas of the competency matrix.
AREAS = {"product": N_("product knowledge"), "process": N_("sales process"), "fi": N_("F&I")}
_KIND_WORDS = {"月度培训": "monthly", "月度": "monthly", "按需培训": "on_demand", "按需": "on_demand"}
_TOPIC_WORDS = {"产品": "product", "產品": "product", "流程": "process", "金融保险": "fi", "金融保險": "fi",
                "竞品": "competitor", "競品": "competitor", "入职": "induction", "入職": "induction", "f&i": "fi"}
_AREA_WORDS = {"产品知识": "product", "產品知識": "product", "产品": "product", "销售流程": "process",
               "銷售流程": "process", "流程": "process", "金融保险": "fi", "金融保險": "fi", "f&i": "fi"}

#: ``sessions.csv``: the training plan, one session a row (held or planned).
SESSIONS = Table("sessions", "session_id", (
    Column("session_id", "id", aliases=("编号", "編號", "培训编号", "培訓編號"), label=N_("session")),
    Column("date", "text", aliases=("日期", "培训日期", "培訓日期"), label=N_("date")),
    Column("session_kind", "choice", aliases=("类型", "類型", "培训类型"), label=N_("kind of session"),
           choice_labels=SESSION_KINDS, choices=_KIND_WORDS),
    Column("topic_kind", "choice", aliases=("内容类别", "內容類別"), label=N_("kind of topic"),
           choice_labels=TOPIC_KINDS, choices=_TOPIC_WORDS),
    Column("topic", "text", aliases=("主题", "主題", "培训内容"), label=N_("topic")),
    Column("model_id", "text", required=False, aliases=("车型", "車型"), label=N_("model")),
    Column("trainer", "text", aliases=("讲师", "講師", "培训师"), label=N_("trainer")),
    Column("audience", "text", aliases=("对象", "對象", "参训对象", "參訓對象"), label=N_("audience")),
    Column("hours", "count", required=False, aliases=("课时", "課時", "学时"), label=N_("hours")),
))

#: ``attendance.csv``: who of a session's audience attended, and the exam score.
ATTENDANCE = Table("attendance", None, (
    Column("session_id", "id", aliases=("培训编号", "培訓編號", "编号"), label=N_("session")),
    Column("consultant_id", "id", aliases=("销售顾问", "銷售顧問", "顾问编号", "編號"), label=N_("consultant")),
    Column("attended", "flag", aliases=("出勤", "是否参加", "到场"), label=N_("attended")),
    Column("score", "count", required=False, aliases=("考试成绩", "考試成績", "成绩", "成績"), label=N_("exam score")),
))

#: ``competency.csv``: a consultant's level (1–5) in one item of an area, and when it was assessed.
COMPETENCY = Table("competency", None, (
    Column("consultant_id", "id", aliases=("销售顾问", "銷售顧問", "顾问编号", "編號"), label=N_("consultant")),
    Column("area", "choice", aliases=("能力类别", "能力類別", "类别"), label=N_("area"), choice_labels=AREAS,
           choices=_AREA_WORDS),
    Column("item", "text", aliases=("项目", "項目", "能力项"), label=N_("item")),
    Column("level", "count", aliases=("等级", "等級", "水平"), label=N_("level")),
    Column("assessed_on", "text", required=False, aliases=("评估日期", "評估日期"), label=N_("assessed on")),
))


def _fail(problems: list[Problem]) -> None:
    if problems:
        raise DataError(sorted(problems, key=lambda p: p.row or 0))


def _choice(table: pd.DataFrame, column: str, schema: Table, file: str, problems: list[Problem]) -> pd.Series:
    words = {k.lower(): v for k, v in schema.column(column).choice_words().items()}
    values = table[column].str.lower().map(words)
    expected = _("one of {choices}").format(choices=", ".join(
        f"{code} ({_(text)})" for code, text in schema.column(column).choice_labels.items()))
    problems += cell_problems(values.isna(), table, column, file, expected, "invalid_value")
    return values


def read_sessions(path: str | os.PathLike) -> pd.DataFrame:
    """Read the training plan (``session_id, date, session_kind, topic_kind, topic, model_id, trainer, audience,
    hours``); the audience is a list of teams split at ``、`` or ``,`` (``全部`` for everyone).

    Examples
    --------
    >>> from orgplan.model.io import DATA_DIR
    >>> plan = read_sessions(DATA_DIR / "training" / "sessions.csv")
    >>> plan.loc[1, ["session_kind", "topic_kind", "model_id"]].tolist(), plan.loc[1, "audience"]
    (['monthly', 'product', 'EV-S'], ('展厅', '网销'))
    """
    table, file = read_sales_table(path, SESSIONS)
    table = require_columns(table, ["model_id", "hours"])
    problems: list[Problem] = []
    ids = id_cells(table, "session_id", file, problems, _("a session id"))
    problems += cell_problems(ids.duplicated() & (ids != ""), table, "session_id", file, _("each session once"),
                              "duplicate_id")
    date = date_cells(table, "date", file, problems)
    kind = _choice(table, "session_kind", SESSIONS, file, problems)
    topic = _choice(table, "topic_kind", SESSIONS, file, problems)
    id_cells(table, "topic", file, problems, _("what the session is about"))
    id_cells(table, "audience", file, problems, _("the teams it is for, e.g. 展厅、网销 (or 全部)"))
    hours = number_cells(table, "hours", file, problems, optional=True)
    _fail(problems)
    audience = table["audience"].map(lambda text: tuple(t.strip() for t in text.replace(",", "、").replace("，", "、")
                                                        .split("、") if t.strip()))
    return pd.DataFrame({"session_id": ids, "date": date, "session_kind": kind, "topic_kind": topic,
                         "topic": table["topic"], "model_id": table["model_id"], "trainer": table["trainer"],
                         "audience": audience, "hours": hours}).astype(
        {c: object for c in ("session_id", "topic", "model_id", "trainer")}).reset_index(drop=True)


def read_attendance(path: str | os.PathLike, *, sessions: pd.DataFrame | None = None,
                    consultants: pd.DataFrame | None = None) -> pd.DataFrame:
    """Read attendance (``session_id, consultant_id, attended, score``); unknown sessions and people are reported.

    Examples
    --------
    >>> from orgplan.model.io import DATA_DIR
    >>> seen = read_attendance(DATA_DIR / "training" / "attendance.csv")
    >>> seen[(seen["consultant_id"] == "S07") & (seen["session_id"] == "T2705")]["score"].tolist()
    [52.0]
    """
    table, file = read_sales_table(path, ATTENDANCE)
    table = require_columns(table, ["score"])
    problems: list[Problem] = []
    session = id_cells(table, "session_id", file, problems, _("a session of the plan"))
    person = id_cells(table, "consultant_id", file, problems, _("a consultant"))
    attended = flag_cells(table, "attended", file, problems, expected=_("yes or no (是/否)"))
    score = number_cells(table, "score", file, problems, high=100, optional=True,
                         expected=_("a score from 0 to 100"))
    if sessions is not None:
        known = set(sessions["session_id"])
        problems += cell_problems((session != "") & ~session.isin(known), table, "session_id", file,
                                  _("a session of the plan"), "unknown_id")
    if consultants is not None:
        known = set(consultants["consultant_id"])
        problems += cell_problems((person != "") & ~person.isin(known), table, "consultant_id", file,
                                  _("a consultant of the consultants file"), "unknown_id")
    twice = table.duplicated(["session_id", "consultant_id"]) & (session != "")
    problems += cell_problems(twice, table, "consultant_id", file, _("each consultant once per session"),
                              "duplicate_row")
    _fail(problems)
    return pd.DataFrame({"session_id": session, "consultant_id": person, "attended": attended,
                         "score": score}).astype({"session_id": object, "consultant_id": object}).reset_index(drop=True)


def read_competency(path: str | os.PathLike, *, consultants: pd.DataFrame | None = None) -> pd.DataFrame:
    """Read the competency matrix in long form (``consultant_id, area, item, level, assessed_on``), levels 1–5.

    Examples
    --------
    >>> from orgplan.model.io import DATA_DIR
    >>> levels = read_competency(DATA_DIR / "training" / "competency.csv")
    >>> sorted(set(levels["area"])), int(levels["level"].min()), int(levels["level"].max())
    (['fi', 'process', 'product'], 2, 5)
    """
    table, file = read_sales_table(path, COMPETENCY)
    table = require_columns(table, ["assessed_on"])
    problems: list[Problem] = []
    person = id_cells(table, "consultant_id", file, problems, _("a consultant"))
    area = _choice(table, "area", COMPETENCY, file, problems)
    id_cells(table, "item", file, problems, _("a model, a step of the sales process or an F&I item"))
    level = number_cells(table, "level", file, problems, whole=True, low=1, high=5,
                         expected=_("a level from 1 to 5"))
    assessed = date_cells(table, "assessed_on", file, problems, optional=True)
    if consultants is not None:
        known = set(consultants["consultant_id"])
        problems += cell_problems((person != "") & ~person.isin(known), table, "consultant_id", file,
                                  _("a consultant of the consultants file"), "unknown_id")
    _fail(problems)
    return pd.DataFrame({"consultant_id": person, "area": area, "item": table["item"], "level": level,
                         "assessed_on": assessed}).astype({"consultant_id": object, "item": object})


# ------------------------------------------------------------------ config
@dataclass(frozen=True)
class TrainingConfig:
    """The team's training settings and tables (see :func:`read_training_config`)."""

    year: int
    as_of: dt.date
    pass_mark: float
    low_level: int
    new_models: tuple[str, ...]
    sessions: pd.DataFrame = field(repr=False)
    attendance: pd.DataFrame = field(repr=False)
    consultants: pd.DataFrame = field(repr=False)
    competency: pd.DataFrame | None = field(repr=False, default=None)
    actuals: pd.DataFrame | None = field(repr=False, default=None)
    models: pd.DataFrame | None = field(repr=False, default=None)
    source: str = ""


_KEYS = {"year", "as_of", "pass_mark", "low_level", "new_models", "files"}
_FILES = ("sessions", "attendance", "consultants", "competency", "actuals", "models")


def _settings(raw: dict, file: str, lines: dict[str, int]) -> tuple[dict[str, Any], list[Problem]]:
    problems = [Problem(file, lines.get(str(k)), str(k), None, _("one of the keys {keys}").format(
        keys=", ".join(sorted(_KEYS))), "unknown_key") for k in raw if k not in _KEYS]

    def check(key: str, ok: bool, expected: str) -> None:
        if not ok:
            value = raw.get(key)
            problems.append(Problem(file, lines.get(key), key, None if value is None else str(value), _(expected)))

    year = raw.get("year")
    check("year", isinstance(year, int) and 1990 <= year <= 2100, N_("the training year, e.g. 2027"))
    as_of = parse_date(raw.get("as_of")) if raw.get("as_of") is not None else None
    check("as_of", as_of is not None, N_("the date of the review, e.g. 2027-09-30"))
    mark = raw.get("pass_mark", 60)
    check("pass_mark", isinstance(mark, (int, float)) and 0 <= mark <= 100, N_("a score from 0 to 100"))
    low = raw.get("low_level", 3)
    check("low_level", isinstance(low, int) and 1 <= low <= 5, N_("a level from 1 to 5"))
    new = raw.get("new_models") or []
    check("new_models", isinstance(new, list), N_("a list of model ids, e.g. [EV-S]"))
    return {"year": year, "as_of": as_of, "pass_mark": float(mark) if isinstance(mark, (int, float)) else 60.0,
            "low_level": low if isinstance(low, int) else 3,
            "new_models": tuple(str(m) for m in new) if isinstance(new, list) else ()}, problems


def read_training_config(path: str | os.PathLike) -> TrainingConfig:
    """Read the training YAML and the tables it names (paths relative to it); every problem reported at once.

    ``competency``, ``actuals`` and ``models`` (who sells a new model: the fleet team only the fleet models)
    are optional files.
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file.")
    loaded = load_yaml_with_lines(path, "a mapping of keys such as year, as_of, files")
    values, problems = _settings(loaded.data, loaded.file, loaded.lines)
    paths = config_files(loaded, path, _FILES, ("sessions", "attendance", "consultants"), problems,
                         expected=_("a mapping with sessions, attendance, consultants"))
    _fail(problems)
    tables: dict[str, Any] = {}
    for key, reader in (("sessions", read_sessions), ("consultants", read_consultants), ("actuals", read_actuals),
                        ("models", read_models)):
        if key in paths:
            try:
                tables[key] = reader(paths[key])
            except DataError as exc:
                problems.extend(exc.problems)
    for key, reader, extra in (("attendance", read_attendance, ("sessions", "consultants")),
                               ("competency", read_competency, ("consultants",))):
        if key in paths:
            try:
                tables[key] = reader(paths[key], **{k: tables.get(k) for k in extra})
            except DataError as exc:
                problems.extend(exc.problems)
    if problems:
        raise DataError(problems)
    return TrainingConfig(source=loaded.file, **values, **tables)
