"""The competency matrix (能力矩阵) per consultant and the training needs it implies.

:func:`competency_matrix` lays the assessed levels (1–5) out as consultants ×
items (each model's product knowledge, the steps of the sales process, F&I).
:func:`training_needs` lists what each consultant should be trained on next:

* ``low_level`` — a level under the config's ``low_level``;
* ``new_model`` — a new model of the year with no level, or a low one, for a
  consultant whose team sells it (the key-account team sells the fleet models);
* ``failed_exam`` — an exam under the pass mark: the topic again;
* ``new_hire`` — a new hire not yet through an induction (入职培训).

Examples
--------
>>> from orgplan.model.io import DATA_DIR
>>> from orgplan.training.files import read_training_config
>>> config = read_training_config(DATA_DIR / "training" / "training-2027.yaml")
>>> needs = training_needs(config)
>>> needs[needs["consultant_id"] == "S10"]["need"].value_counts().to_dict()
{'low_level': 9, 'new_model': 1, 'new_hire': 1}
"""

from __future__ import annotations

import pandas as pd

from orgplan.i18n import Translator
from orgplan.training.files import AREAS, TrainingConfig
from orgplan.training.records import expected_attendance

_ = Translator("training")

__all__ = ["competency_matrix", "training_needs", "NEED_COLUMNS"]

#: Columns of :func:`training_needs`.
NEED_COLUMNS = ["consultant_id", "name", "team", "need", "area", "item", "level", "message"]


def competency_matrix(competency: pd.DataFrame, *, area: str | None = None,
                      consultants: pd.DataFrame | None = None) -> pd.DataFrame:
    """Consultants × items of the levels (NaN where not assessed), the consultants in the file's order.

    Parameters
    ----------
    competency : DataFrame
        ``consultant_id, area, item, level`` (see :func:`~orgplan.training.files.read_competency`).
    area : str, optional
        ``product``, ``process`` or ``fi``; every area when None.
    consultants : DataFrame, optional
        Names the rows ``S01 王海涛`` and lists everyone, assessed or not.

    Examples
    --------
    >>> import pandas as pd
    >>> levels = pd.DataFrame({"consultant_id": ["S01", "S01", "S02"], "area": "fi", "item": ["金融", "保险", "金融"],
    ...                        "level": [4, 3, 2]})
    >>> competency_matrix(levels).to_dict("index")
    {'S01': {'金融': 4.0, '保险': 3.0}, 'S02': {'金融': 2.0, '保险': nan}}
    """
    if area is not None and area not in AREAS:
        from orgplan.errors import ParameterError

        raise ParameterError(f"The 'area' parameter of competency_matrix must be one of {', '.join(AREAS)}. "
                             f"Got {area!r} instead.")
    rows = competency if area is None else competency[competency["area"] == area]
    items = list(dict.fromkeys(rows["item"]))
    table = rows.pivot_table(index="consultant_id", columns="item", values="level", aggfunc="last", sort=False)
    table = table.reindex(columns=items).astype("float64")
    table.columns.name = None
    if consultants is not None:
        table = table.reindex(consultants["consultant_id"])
        names = dict(zip(consultants["consultant_id"], consultants["name"]))
        table.index = [f"{c} {names[c]}" for c in table.index]
    else:
        table = table.reindex(list(dict.fromkeys(rows["consultant_id"])))
    table.index.name = None
    return table


def training_needs(config: TrainingConfig, *, models: pd.DataFrame | None = None,
                   fleet_team: str | None = "大客户") -> pd.DataFrame:
    """What each consultant should be trained on next (:data:`NEED_COLUMNS`), by consultant.

    ``models`` (``model_id, fleet``; default the config's) and ``fleet_team``
    say who sells a new model: the fleet team only the fleet models; without
    models, everyone.
    """
    people = config.consultants
    names = dict(zip(people["consultant_id"], people["name"]))
    teams = dict(zip(people["consultant_id"], people["team"]))
    rows = []
    levels = config.competency if config.competency is not None else pd.DataFrame(
        columns=["consultant_id", "area", "item", "level"])
    for record in levels[levels["level"] < config.low_level].itertuples(index=False):
        if record.item in config.new_models:
            continue  # reported as a new model below
        rows.append((record.consultant_id, "low_level", record.area, record.item, record.level,
                     _("level {level:.0f} in {item}, under {low}").format(level=record.level, item=record.item,
                                                                          low=config.low_level)))
    models = config.models if models is None else models
    fleet = set() if models is None else set(models.loc[models["fleet"], "model_id"])
    for model in config.new_models:
        for person in people["consultant_id"]:
            if models is not None and teams[person] == fleet_team and model not in fleet:
                continue
            seen = levels[(levels["consultant_id"] == person) & (levels["item"] == model)]
            if seen.empty or seen["level"].iloc[-1] < config.low_level:
                level = seen["level"].iloc[-1] if len(seen) else float("nan")
                rows.append((person, "new_model", "product", model, level,
                             _("new model {model}: not assessed yet").format(model=model) if seen.empty else
                             _("new model {model}: level {level:.0f}").format(model=model, level=level)))
    table = expected_attendance(config)
    came = table[table["attended"]]
    for record in came[came["score"] < config.pass_mark].itertuples(index=False):
        rows.append((record.consultant_id, "failed_exam", record.topic_kind, record.topic, float("nan"),
                     _("exam score {score:.0f}: take {topic} again").format(score=record.score, topic=record.topic)))
    starts = pd.to_datetime(people["start_date"])
    for person in people.loc[starts.dt.year == config.year, "consultant_id"]:
        inducted = came[(came["consultant_id"] == person) & (came["topic_kind"] == "induction")]
        if inducted.empty:
            rows.append((person, "new_hire", "", _("induction"), float("nan"),
                         _("new hire without an induction")))
    needs = pd.DataFrame(rows, columns=["consultant_id", "need", "area", "item", "level", "message"])
    needs.insert(1, "name", needs["consultant_id"].map(names))
    needs.insert(2, "team", needs["consultant_id"].map(teams))
    order = {c: i for i, c in enumerate(people["consultant_id"])}
    needs = needs.sort_values("consultant_id", key=lambda c: c.map(order), kind="stable")
    return needs[NEED_COLUMNS].reset_index(drop=True)
