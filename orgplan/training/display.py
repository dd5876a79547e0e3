"""The training tables for people: headers and codes in the language chosen (one place).

Examples
--------
>>> import pandas as pd
>>> from orgplan.i18n import language
>>> with language("zh-Hans"):
...     display_table(pd.DataFrame({"code": ["no_training_in_quarter"], "severity": ["warning"]})).to_dict("records")
[{'问题': '本季度未参加培训', '级别': '警告'}]
"""

from __future__ import annotations

import pandas as pd

from orgplan.i18n import N_, Translator
from orgplan.tables.schema import Column, Table, localise
from orgplan.training.files import AREAS, SESSION_KINDS, TOPIC_KINDS

_ = Translator("training")

__all__ = ["LABELS", "display_table"]

#: What people read for each column of the training tables.
LABELS: dict[str, str] = {
    "session_id": N_("session"), "date": N_("date"), "session_kind": N_("kind of session"),
    "topic_kind": N_("kind of topic"), "topic": N_("topic"), "model_id": N_("model"), "trainer": N_("trainer"),
    "audience": N_("audience"), "hours": N_("hours"), "consultant_id": N_("consultant"), "name": N_("name"),
    "team": N_("team"), "attended": N_("attended"), "score": N_("exam score"), "expected": N_("sessions expected"),
    "rate": N_("attendance rate"), "last_trained": N_("last trained"), "area": N_("area"), "item": N_("item"),
    "level": N_("level"), "need": N_("training need"), "severity": N_("severity"), "code": N_("finding"),
    "period": N_("period"), "reference": N_("reference"), "message": N_("message"), "held": N_("held"),
    "attendance": N_("attendance"),
}

_CHOICES = {
    "session_kind": SESSION_KINDS, "topic_kind": TOPIC_KINDS, "area": AREAS,
    "severity": {"error": N_("error"), "warning": N_("warning"), "info": N_("info")},
    "code": {"no_training_in_quarter": N_("no training this quarter"),
             "not_trained_before_selling": N_("not trained before selling"), "failed_exam": N_("failed exam")},
    "need": {"low_level": N_("low level"), "new_model": N_("new model"), "failed_exam": N_("failed exam"),
             "new_hire": N_("new hire")},
}

#: The one display table of every training output.
OUTPUT = Table("training_output", None, tuple(
    Column(name, "choice" if name in _CHOICES else "text", required=False, label=text,
           choice_labels=_CHOICES.get(name, {})) for name, text in LABELS.items()))


def display_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A training table for people: headers and codes in the language in force; English returns a copy.

    The audience (a tuple of teams) is joined with ``、``; a yes/no column reads 是/否 in Chinese.
    """
    out = frame.copy()
    if "audience" in out.columns:
        out["audience"] = out["audience"].map(lambda v: "、".join(v) if isinstance(v, tuple) else v)
    for column in ("attended", "held"):
        if column in out.columns:
            out[column] = out[column].map(lambda v: _("yes") if v is True else _("no") if v is False else v)
    return localise(out, OUTPUT)
