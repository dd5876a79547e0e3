"""The printable one-page customer card (客户卡): profile, strategy, rating and the customer's history, as HTML.

Every string from the data is escaped (:func:`html.escape`); the page has
its own print stylesheet (A4, one page).

Examples
--------
>>> import datetime as dt, pandas as pd
>>> from orgplan.sales.showroom import CustomerCard
>>> empty = pd.DataFrame()
>>> card = CustomerCard("C1", dt.date(2027, 9, 30), {"customer_id": "C1", "name": "<b>王</b>先生"},
...                     empty, empty, empty, empty, empty, empty, empty)
>>> page = card_html(card)
>>> "&lt;b&gt;王&lt;/b&gt;先生" in page and "<b>王" not in page
True
"""

from __future__ import annotations

import html
import os
from pathlib import Path

import pandas as pd

from orgplan.i18n import N_, Translator, get_language
from orgplan.sales.showroom import CustomerCard, display
from orgplan.tables.io import atomic_path

_ = Translator("showroom")

__all__ = ["card_html", "write_card"]

_PROFILE = {"customer_id": N_("customer id"), "name": N_("name"), "kind": N_("kind"), "consultant": N_("consultant"),
            "contact": N_("contact"), "credit_limit": N_("credit limit"), "terms": N_("payment terms"),
            "owed": N_("owed"), "created": N_("card made on"), "source": N_("source"), "model": N_("model"),
            "level": N_("level"), "status": N_("status"), "reason": N_("reason lost"),
            "cars_bought": N_("cars bought"), "last_service": N_("last service visit")}

_STYLE = """
@page { size: A4; margin: 12mm; }
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif; font-size: 10.5pt; }
h1 { font-size: 15pt; margin: 0 0 4pt 0; } h2 { font-size: 11.5pt; margin: 10pt 0 3pt 0; border-bottom: 1px solid #888; }
table { border-collapse: collapse; width: 100%; } td, th { border: 1px solid #ccc; padding: 2pt 4pt; text-align: left; }
th { background: #f2f2f2; } .facts td:nth-child(odd) { background: #f7f7f7; width: 16%; } .muted { color: #777; }
"""


def _e(value: object) -> str:
    return html.escape("" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value))


def _table(frame: pd.DataFrame, columns: list[str], empty: str, rename: dict[str, str] | None = None) -> str:
    present = [c for c in columns if c in frame.columns]
    if frame.empty or not present:
        return f'<p class="muted">{_e(empty)}</p>'
    shown = display(frame[present].rename(columns=rename or {}), readable=True)
    head = "".join(f"<th>{_e(c)}</th>" for c in shown.columns)
    rows = "".join("<tr>" + "".join(f"<td>{_e(v)}</td>" for v in row) + "</tr>"
                   for row in shown.itertuples(index=False))
    return f"<table><tr>{head}</tr>{rows}</table>"


def _facts(profile: dict[str, str]) -> str:
    values = display(pd.DataFrame([profile]), readable=True).iloc[0] if get_language() != "en" else None
    cells = []
    for key, value in profile.items():
        label = _(_PROFILE.get(key, key)) if key in _PROFILE else key
        if key in ("source", "status", "reason") and values is not None:
            value = values.iloc[list(profile).index(key)]
        cells.append(f"<td>{_e(label)}</td><td>{_e(value)}</td>")
    rows = ["".join(cells[i:i + 3]) for i in range(0, len(cells), 3)]
    return '<table class="facts">' + "".join(f"<tr>{r}</tr>" for r in rows) + "</table>"


def card_html(card: CustomerCard) -> str:
    """The card as a complete HTML page (one A4 page when printed)."""
    title = _("Customer card: {name} ({customer})").format(name=card.profile.get("name", ""),
                                                           customer=card.customer_id)
    day = _("As of {day}").format(day=card.on.isoformat())
    sections = [
        (_("Profile"), _facts(card.profile)),
        (_("Strategy"), _table(card.strategy, ["goal", "next_step", "owner", "due", "status"],
                               _("No strategy card."), {"due": "strategy_due"})),
        (_("Monthly rating"), _table(card.ratings, ["month", "volume", "payment", "relationship", "note"],
                                     _("Not rated."), {"payment": "payment_score"})),
        (_("Deals"), _table(card.deals.tail(8), ["deal_id", "model_id", "order_date", "delivery_date", "status", "price",
                                         "payment"], _("No deal."))),
        (_("Money owed"), _table(card.owed, ["invoice_id", "date", "due_date", "amount", "owed", "days_overdue"],
                                 _("Nothing owed."))),
        (_("Showroom visits"), _table(card.visits.tail(8), ["date", "time_in", "visit", "model_id", "test_drive", "quote",
                                                    "outcome"], _("No showroom visit."))),
        (_("Last follow-ups"), _table(card.followups, ["date", "method", "level", "next_date", "result"],
                                      _("No follow-up."))),
        (_("Service visits"), _table(card.service.tail(6), ["date", "kind", "amount"], _("No service visit.")))]
    parts = [f"<h1>{_e(title)}</h1>", f'<p class="muted">{_e(day)}</p>']
    parts += [f"<h2>{_e(heading)}</h2>{body}" for heading, body in sections]
    lang = {"zh-Hans": "zh-CN", "zh-Hant": "zh-TW"}.get(get_language(), "en")
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{_e(title)}</title>'
            f"<style>{_STYLE}</style></head><body>{''.join(parts)}</body></html>")


def write_card(card: CustomerCard, path: str | os.PathLike) -> Path:
    """Write :func:`card_html` to ``path`` (atomically); returns the path."""
    with atomic_path(path) as target:
        Path(target).write_text(card_html(card), encoding="utf-8")
    return Path(path)
