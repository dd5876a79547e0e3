"""The market tables for people: headers and codes in the language chosen (one place).

Examples
--------
>>> import pandas as pd
>>> from orgplan.i18n import language
>>> with language("zh-Hans"):
...     display_table(pd.DataFrame({"segment": ["(all)"], "share": [0.1]})).to_dict("records")
[{'细分市场': '合计', '占有率': 0.1}]
"""

from __future__ import annotations

import pandas as pd

from orgplan.i18n import N_, Translator
from orgplan.tables.schema import Column, Table, localise

_ = Translator("market")

__all__ = ["LABELS", "SHARE_COLUMNS", "POINT_COLUMNS", "display_table", "label", "as_percent"]

#: What people read for each column of the market tables.
LABELS: dict[str, str] = {
    "year": N_("year"), "month": N_("month"), "period": N_("month"), "area": N_("area"), "segment": N_("segment"),
    "dealer": N_("dealer"), "units": N_("registrations"), "market": N_("market"), "share": N_("share"),
    "target": N_("target share"), "gap": N_("gap to target (points)"), "share_window": N_("share, last 3 months"),
    "share_before": N_("share, 3 months before"), "trend": N_("trend (points)"), "others": N_("others"),
    "model_id": N_("our model"), "our_model": N_("our model name"), "rival_dealer": N_("rival dealer"),
    "rival_brand": N_("rival brand"), "rival_model": N_("rival model"), "our_price": N_("our net price"),
    "our_date": N_("our price seen on"), "rival_price": N_("rival net price"), "rival_date": N_("rival price seen on"),
    "undercut": N_("under ours by"), "source": N_("source"), "alert": N_("alert"), "message": N_("message"),
    "patrols": N_("patrols"), "traffic": N_("traffic"), "test_drives": N_("test drives"),
    "promotion": N_("promotion"), "findings": N_("findings"), "note": N_("note"), "date": N_("date"),
    "brand": N_("brand"), "model": N_("model"), "msrp": N_("guide price"), "price": N_("transaction price"),
    "discount": N_("discount"), "gift": N_("gifts"), "gift_value": N_("value of the gifts"),
    "net_price": N_("net price"), "observer": N_("observer"),
}

_CHOICES = {"segment": {"(all)": N_("all segments")}, "dealer": {"其他": N_("others")}}

#: The one display table of every market output.
OUTPUT = Table("market_output", None, tuple(
    Column(name, "choice" if name in _CHOICES else "text", required=False, label=text,
           choice_labels=_CHOICES.get(name, {})) for name, text in LABELS.items()))


def label(column: str) -> str:
    """What people read for a column of the market tables (the name when unknown)."""
    return _(LABELS[column]) if column in LABELS else column


def display_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A market table for people: headers and codes in the language in force; English returns a copy."""
    return localise(frame, OUTPUT)


#: Columns that hold a share (a fraction); :func:`as_percent` writes them as percentages for reading.
SHARE_COLUMNS = ("share", "target", "share_window", "share_before", "others")
#: Columns that hold a change of share (a difference of fractions), written in percentage points.
POINT_COLUMNS = ("gap", "trend")


def as_percent(frame: pd.DataFrame, *, rivals: tuple[str, ...] = ()) -> pd.DataFrame:
    """Shares as ``8.5%`` and changes of share as ``-2.5`` (percentage points), for a printed table.

    Examples
    --------
    >>> as_percent(pd.DataFrame({"share": [0.0847], "gap": [-0.0253], "百事达": [0.15]}), rivals=("百事达",)).values.tolist()
    [['8.5%', '-2.5', '15.0%']]
    """
    out = frame.copy()
    for column in out.columns:
        if column in SHARE_COLUMNS or column in rivals:
            out[column] = out[column].map(lambda v: "" if pd.isna(v) else f"{v:.1%}")
        elif column in POINT_COLUMNS:
            out[column] = out[column].map(lambda v: "" if pd.isna(v) else f"{v * 100:+.1f}")
    return out
