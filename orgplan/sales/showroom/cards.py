"""Customer cards (客户卡): profile (资料卡), strategy (策略卡) and monthly rating (月评卡), from the tables.

:func:`customer_card` gathers what the store knows of one customer — the
prospect card or fleet account, deals, showroom visits, the last
follow-ups, service visits, what is owed, the strategy and the ratings — in
a :class:`CustomerCard` that :func:`orgplan.render.customer_card.card_html`
prints on one page. :func:`monthly_ratings` scores the key customers of a
month with the trend against the month before; :func:`strategy_board`
lists the strategy cards with those past their date.

Examples
--------
>>> ratings = pd.DataFrame({"customer_id": ["F1", "F1", "F2"], "month": ["2027-08", "2027-09", "2027-09"],
...     "volume": [4, 4, 3], "payment": [4, 2, 5], "relationship": [5, 5, 4], "note": ["", "逾期", ""]})
>>> monthly_ratings(ratings, "2027-09")[["customer_id", "score", "previous", "trend"]].values.tolist()
[['F1', 11, 13.0, '↓'], ['F2', 12, nan, '']]
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

import pandas as pd

from orgplan.errors import UnknownIdError
from orgplan.i18n import N_, Translator
from orgplan.sales.showroom.credit import open_invoices
from orgplan.sales.showroom.followups import day_of
from orgplan.sales.showroom.tables import ShowroomData

_ = Translator("showroom")

__all__ = ["CustomerCard", "customer_card", "monthly_ratings", "strategy_board", "CARD_LABELS"]

CARD_LABELS = {"score": N_("score"), "previous": N_("last month"), "trend": N_("trend"), "volume": N_("volume"),
               "relationship": N_("relationship"), "note": N_("note"), "late": N_("past due"), "goal": N_("goal"),
               "next_step": N_("next step"), "owner": N_("owner"), "status": N_("status")}


@dataclass(frozen=True)
class CustomerCard:
    """What the store knows of one customer on a day (see :func:`customer_card`).

    ``profile`` holds the headline facts (name, consultant, kind, source,
    level, status …) as ``{label: value}`` in display order; the tables
    hold the customer's rows of each log.
    """

    customer_id: str
    on: _dt.date
    profile: dict[str, str]
    deals: pd.DataFrame = field(repr=False)
    visits: pd.DataFrame = field(repr=False)
    followups: pd.DataFrame = field(repr=False)
    service: pd.DataFrame = field(repr=False)
    owed: pd.DataFrame = field(repr=False)
    strategy: pd.DataFrame = field(repr=False)
    ratings: pd.DataFrame = field(repr=False)


def _date(value) -> str:
    return "" if pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


def customer_card(data: ShowroomData, customer_id: str, on: str | _dt.date, *, followups: int = 8) -> CustomerCard:
    """The card of ``customer_id`` as of ``on`` (only what happened up to that day).

    Raises
    ------
    UnknownIdError
        If no table of the showroom knows the customer.

    Examples
    --------
    >>> from orgplan.model.io import DATA_DIR
    >>> from orgplan.sales.showroom.tables import load_showroom
    >>> card = customer_card(load_showroom(DATA_DIR / "sales"), "F05", "2027-09-30")
    >>> card.profile["name"], len(card.owed) > 0
    ('鑫达物流', True)
    """
    day = day_of(on)
    names = dict(zip(data.consultants["consultant_id"], data.consultants["name"]))
    prospect = data.prospects[data.prospects["customer_id"] == customer_id]
    account = data.accounts[data.accounts["customer_id"] == customer_id]
    deals = data.deals[(data.deals["customer_id"] == customer_id) & (data.deals["order_date"] <= day)]
    visits = data.traffic[(data.traffic["customer_id"] == customer_id) & (data.traffic["date"] <= day)]
    service = data.service_visits[(data.service_visits["customer_id"] == customer_id)
                                  & (data.service_visits["date"] <= day)]
    if prospect.empty and account.empty and deals.empty and visits.empty and service.empty:
        raise UnknownIdError(_("No table knows the customer {customer}.").format(customer=customer_id))
    log = data.followups[(data.followups["customer_id"] == customer_id) & (data.followups["date"] <= day)]
    owed = open_invoices(data.invoices[data.invoices["customer_id"] == customer_id], data.payments, day)
    profile: dict[str, str] = {"customer_id": customer_id}
    if len(account):
        row = account.iloc[0]
        profile.update(name=row["name"], kind=_("fleet account"), consultant=names.get(row["consultant_id"], ""),
                       contact=row["contact"] or "", credit_limit=f"{row['credit_limit']:,.0f}",
                       terms=_("{days} days").format(days=int(row["terms_days"])),
                       owed=f"{owed['owed'].sum():,.0f}")
    if len(prospect):
        row = prospect.iloc[0]
        status = row["status"] if pd.isna(row["closed_on"]) or row["closed_on"] <= day else "open"
        profile.update(name=row["name"] or "", kind=profile.get("kind", _("individual")),
                       consultant=names.get(row["consultant_id"], row["consultant_id"]),
                       created=_date(row["created"]), source=row["source"], model=row["model_id"] or "",
                       level=log["level"].iloc[-1] if len(log) else row["level"], status=status)
        if status == "defeated":
            profile["reason"] = row["reason"] or ""
    profile["cars_bought"] = str(int((deals["status"] == "delivered").sum()))
    if len(service):
        profile["last_service"] = _date(service["date"].max())
    strategy = data.strategies[data.strategies["customer_id"] == customer_id]
    ratings = data.ratings[(data.ratings["customer_id"] == customer_id)
                           & (data.ratings["month"] <= day.strftime("%Y-%m"))]
    return CustomerCard(customer_id=customer_id, on=day.date(), profile=profile, deals=deals.reset_index(drop=True),
                        visits=visits.reset_index(drop=True), followups=log.tail(followups).reset_index(drop=True),
                        service=service.reset_index(drop=True), owed=owed, strategy=strategy.reset_index(drop=True),
                        ratings=ratings.reset_index(drop=True))


def monthly_ratings(ratings: pd.DataFrame, month: str) -> pd.DataFrame:
    """The key customers' monthly rating (客户月评卡) of ``month``: scores, total, last month's total and the trend.

    ``score`` = volume + payment + relationship (3–15); ``trend`` is ↑, ↓ or
    → against the month before (empty when there was no rating). Lowest
    score first.
    """
    this = ratings[ratings["month"] == month].copy()
    year, number = int(month[:4]), int(month[5:7])
    before = f"{year - 1}-12" if number == 1 else f"{year}-{number - 1:02d}"
    score = lambda frame: (frame["volume"] + frame["payment"] + frame["relationship"]).astype("int64")  # noqa: E731
    last = ratings[ratings["month"] == before]
    previous = pd.Series(score(last).to_numpy(), index=last["customer_id"])
    this["score"] = score(this)
    this["previous"] = this["customer_id"].map(previous)
    this["trend"] = [("" if pd.isna(p) else "↑" if s > p else "↓" if s < p else "→")
                     for s, p in zip(this["score"], this["previous"])]
    columns = ["customer_id", "month", "volume", "payment", "relationship", "score", "previous", "trend", "note"]
    return this[columns].sort_values(["score", "customer_id"], kind="stable").reset_index(drop=True)


def strategy_board(strategies: pd.DataFrame, on: str | _dt.date) -> pd.DataFrame:
    """The strategy cards (客户策略卡) with ``late``: still open after their date, on ``on``.

    Examples
    --------
    >>> cards = pd.DataFrame({"customer_id": ["F1", "F2"], "goal": ["", ""], "next_step": ["拜访", "报价"],
    ...     "owner": ["K01", "K02"], "due": pd.to_datetime(["2027-09-10", "2027-10-10"]), "status": ["open", "open"]})
    >>> strategy_board(cards, "2027-09-30")[["customer_id", "late"]].values.tolist()
    [['F1', True], ['F2', False]]
    """
    day = day_of(on)
    board = strategies.assign(late=(strategies["status"] == "open") & (strategies["due"] < day))
    return board.sort_values(["late", "due"], ascending=[False, True], kind="stable").reset_index(drop=True)
