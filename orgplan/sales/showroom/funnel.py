"""The showroom funnel (销售漏斗): 客流 → 留档 → 邀约到店 → 试驾 → 报价 → 成交 / 战败; leads; F&I per car.

Every measure is a count of rows of the logs, so a figure can be checked by
hand against the files:

* ``traffic`` — visits of the traffic log (客流, first and return visits);
  ``first_visits`` — first visits; ``registered`` — first visits whose
  contact details were taken (留档); 留档率 = registered ÷ first visits;
* ``invitations`` — follow-ups marked invited and DCC leads invited (by the
  invitation's date); ``arrivals`` — those whose customer then visited the
  showroom within ``arrive_within`` days (default 7); 邀约到店率 = arrivals ÷
  invitations;
* ``test_drives``, ``quotes`` — visits with a test drive, a quote; 试驾率 =
  test drives ÷ traffic;
* ``orders`` — visits that ended in an order; 成交率 is given twice, named:
  ``close_rate_first`` = orders ÷ first visits (首次到店成交率) and
  ``close_rate_all`` = orders ÷ all traffic (进店成交率);
* ``defeated`` — prospect cards closed as lost (战败) in the period; 战败率 =
  defeated ÷ (defeated + orders).

Examples
--------
>>> traffic = pd.DataFrame({
...     "date": pd.to_datetime(["2027-09-01", "2027-09-01", "2027-09-02", "2027-09-03"]),
...     "consultant_id": ["S01", "S01", "S01", "S02"], "customer_id": ["C1", "C2", "C1", "C3"],
...     "source": ["walk_in", "referral", "phone", "walk_in"], "visit": ["first", "first", "return", "first"],
...     "model_id": ["AURA"] * 4, "test_drive": [True, False, True, False], "quote": [True, False, True, False],
...     "registered": [True, False, True, True], "outcome": ["follow_up", "left", "ordered", "follow_up"]})
>>> table = funnel(traffic, period="2027-09")
>>> table[["consultant_id", "traffic", "first_visits", "registered", "orders", "close_rate_first"]].values.tolist()
[['S01', 3, 2, 1, 1, 0.5], ['S02', 1, 1, 1, 0, 0.0]]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from orgplan.i18n import N_, Translator
from orgplan.sales.periods import Period, parse_period

_ = Translator("showroom")

__all__ = ["FUNNEL_COUNTS", "FUNNEL_RATES", "FUNNEL_LABELS", "funnel", "funnel_events", "defeat_reasons",
           "lead_funnel", "fni", "weekly_close_rates"]

#: The counts of the funnel, in order.
FUNNEL_COUNTS = ["traffic", "first_visits", "registered", "invitations", "arrivals", "test_drives", "quotes",
                 "orders", "defeated"]
#: The rates, each a ratio of two counts.
FUNNEL_RATES = {"registration_rate": ("registered", "first_visits"), "arrival_rate": ("arrivals", "invitations"),
                "test_drive_rate": ("test_drives", "traffic"), "close_rate_first": ("orders", "first_visits"),
                "close_rate_all": ("orders", "traffic"), "defeat_rate": ("defeated", "closed")}
#: What people read for each measure.
FUNNEL_LABELS = {
    "traffic": N_("traffic"), "first_visits": N_("first visits"), "registered": N_("registered"),
    "invitations": N_("invitations"), "arrivals": N_("invited arrivals"), "test_drives": N_("test drives"),
    "quotes": N_("quotes"), "orders": N_("orders"), "defeated": N_("lost (战败)"),
    "registration_rate": N_("registration rate"), "arrival_rate": N_("invitation arrival rate"),
    "test_drive_rate": N_("test drive rate"), "close_rate_first": N_("close rate (÷ first visits)"),
    "close_rate_all": N_("close rate (÷ all traffic)"), "defeat_rate": N_("loss rate"),
    "consultant_id": N_("consultant"), "name": N_("name"), "team": N_("team"), "source": N_("source"),
    "model_id": N_("model"), "month": N_("month"), "week": N_("week"),
    "reason": N_("reason lost"), "lost": N_("customers lost"), "share": N_("share"),
    "leads": N_("leads"), "called": N_("called"), "invited": N_("invited"), "arrived": N_("arrived"),
    "ordered": N_("ordered"), "call_rate": N_("call rate"), "invite_rate": N_("invitation rate"),
    "lead_close_rate": N_("lead close rate"), "days_to_order": N_("days from lead to order (median)"),
    "delivered": N_("cars delivered"), "financed": N_("on loan or instalments"), "insured": N_("insured with us"),
    "warranties": N_("extended warranties"), "finance_rate": N_("finance penetration"),
    "insurance_rate": N_("insurance penetration"), "warranty_rate": N_("extended warranty penetration"),
    "accessories_per_car": N_("accessories per car"), "gross_per_car": N_("gross profit per car")}

_KEYS = ["consultant_id", "source", "model_id", "date"]


def _period(period: str | Period | None) -> Period | None:
    return None if period is None else parse_period(period)


def _ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    return (numerator / denominator.where(denominator > 0)).round(4)


def _invitations(traffic: pd.DataFrame, followups: pd.DataFrame | None, leads: pd.DataFrame | None,
                 prospects: pd.DataFrame | None, arrive_within: int) -> pd.DataFrame:
    """Every invitation (follow-up or lead) with whether the customer came within ``arrive_within`` days."""
    parts = []
    card = prospects.set_index("customer_id") if prospects is not None and len(prospects) else None
    if followups is not None and len(followups):
        asked = followups[followups["invited"].astype(bool)]
        source = asked["customer_id"].map(card["source"]) if card is not None else pd.Series("", index=asked.index)
        model = asked["customer_id"].map(card["model_id"]) if card is not None else pd.Series("", index=asked.index)
        parts.append(pd.DataFrame({"consultant_id": asked["consultant_id"], "customer_id": asked["customer_id"],
                                   "source": source.fillna(""), "model_id": model.fillna(""),
                                   "date": asked["date"]}))
    if leads is not None and len(leads):
        asked = leads[leads["invited_on"].notna()]
        parts.append(pd.DataFrame({"consultant_id": asked["consultant_id"], "customer_id": asked["customer_id"],
                                   "source": "online_lead", "model_id": asked["model_id"].fillna(""),
                                   "date": asked["invited_on"]}))
    if not parts:
        return pd.DataFrame(columns=[*_KEYS, "customer_id", "arrived"])
    invitations = pd.concat(parts, ignore_index=True)
    visits = traffic[["customer_id", "date"]].rename(columns={"date": "visited"})
    pairs = invitations.reset_index().merge(visits, on="customer_id", how="left")
    gap = (pairs["visited"] - pairs["date"]).dt.days
    came = pairs[gap.between(0, arrive_within)]["index"].unique()
    return invitations.assign(arrived=invitations.index.isin(came))


def funnel_events(traffic: pd.DataFrame, *, prospects: pd.DataFrame | None = None,
                  followups: pd.DataFrame | None = None, leads: pd.DataFrame | None = None,
                  arrive_within: int = 7) -> pd.DataFrame:
    """One row per event of the funnel: ``consultant_id, source, model_id, date, measure``.

    The events of :data:`FUNNEL_COUNTS`; :func:`funnel` counts them.
    """
    keys = traffic[_KEYS]
    first = traffic["visit"] == "first"
    parts = [keys.assign(measure="traffic"), keys[first].assign(measure="first_visits"),
             keys[first & traffic["registered"].astype(bool)].assign(measure="registered"),
             keys[traffic["test_drive"].astype(bool)].assign(measure="test_drives"),
             keys[traffic["quote"].astype(bool)].assign(measure="quotes"),
             keys[traffic["outcome"] == "ordered"].assign(measure="orders")]
    invitations = _invitations(traffic, followups, leads, prospects, arrive_within)
    if len(invitations):
        parts += [invitations[_KEYS].assign(measure="invitations"),
                  invitations.loc[invitations["arrived"], _KEYS].assign(measure="arrivals")]
    if prospects is not None and len(prospects):
        lost = prospects[prospects["status"] == "defeated"]
        parts.append(pd.DataFrame({"consultant_id": lost["consultant_id"], "source": lost["source"],
                                   "model_id": lost["model_id"].fillna(""), "date": lost["closed_on"],
                                   "measure": "defeated"}))
    return pd.concat(parts, ignore_index=True)


def _group_keys(events: pd.DataFrame, by: str | Sequence[str] | None,
                consultants: pd.DataFrame | None) -> tuple[pd.DataFrame, list[str]]:
    by = [] if by is None else [by] if isinstance(by, str) else list(by)
    if "month" in by:
        events = events.assign(month=events["date"].dt.strftime("%Y-%m"))
    if "week" in by:
        iso = events["date"].dt.isocalendar()
        events = events.assign(week=iso["year"].astype(str) + "-W" + iso["week"].astype(str).str.zfill(2))
    if "team" in by:
        if consultants is None:
            raise ValueError("funnel by team needs the consultants table")
        events = events.assign(team=events["consultant_id"].map(dict(zip(consultants["consultant_id"],
                                                                          consultants["team"]))))
    return events, by


def funnel(traffic: pd.DataFrame, *, period: str | Period | None = None, by: str | Sequence[str] | None = "consultant_id",
           prospects: pd.DataFrame | None = None, followups: pd.DataFrame | None = None,
           leads: pd.DataFrame | None = None, consultants: pd.DataFrame | None = None,
           arrive_within: int = 7) -> pd.DataFrame:
    """The funnel per consultant, team, source, model, month or week (or the whole store with ``by=None``).

    Parameters
    ----------
    traffic : DataFrame
        The traffic log (:func:`~orgplan.sales.showroom.tables.read_traffic`).
    period : str or Period, optional
        ``2027-09``, ``2027Q3``, ``2027`` or ``2027-09-01..2027-09-15``; every
        event counts in the period of its own date.
    by : str or list of str or None
        ``consultant_id``, ``team`` (needs ``consultants``), ``source``,
        ``model_id``, ``month``, ``week``, or several.
    prospects, followups, leads : DataFrame, optional
        For invitations, arrivals and losses (战败); without them those
        counts are 0.
    arrive_within : int
        Days after an invitation within which a visit counts as its arrival.

    Returns
    -------
    DataFrame
        The group columns, :data:`FUNNEL_COUNTS` (int64) and the rates of
        :data:`FUNNEL_RATES` (NaN where the denominator is 0). The last row
        is not a total: use ``by=None`` for the store.
    """
    events = funnel_events(traffic, prospects=prospects, followups=followups, leads=leads,
                           arrive_within=arrive_within)
    window = _period(period)
    if window is not None:
        events = events[window.contains(events["date"])]
    events, keys = _group_keys(events, by, consultants)
    if keys:
        table = events.groupby([*keys, "measure"]).size().unstack("measure", fill_value=0)
    else:
        table = events.groupby("measure").size().to_frame().T
    table = table.reindex(columns=FUNNEL_COUNTS, fill_value=0).astype("int64")
    closed = table["defeated"] + table["orders"]
    for rate, (top, bottom) in FUNNEL_RATES.items():
        table[rate] = _ratio(table[top], closed if bottom == "closed" else table[bottom])
    table = table.reset_index(drop=not keys)
    table.columns.name = None
    return table


def defeat_reasons(prospects: pd.DataFrame, *, period: str | Period | None = None,
                   by: str | None = None) -> pd.DataFrame:
    """Why customers were lost (战败原因): cards closed as lost per reason, with each reason's share.

    Examples
    --------
    >>> cards = pd.DataFrame({"status": ["defeated", "defeated", "defeated", "open"],
    ...                       "reason": ["price", "competitor", "price", None], "consultant_id": ["S01"] * 4,
    ...                       "closed_on": pd.to_datetime(["2027-09-02", "2027-09-09", "2027-08-30", None])})
    >>> defeat_reasons(cards, period="2027-09").values.tolist()
    [['competitor', 1, 0.5], ['price', 1, 0.5]]
    """
    lost = prospects[prospects["status"] == "defeated"]
    window = _period(period)
    if window is not None:
        lost = lost[window.contains(lost["closed_on"])]
    keys = ([by] if by else []) + ["reason"]
    table = lost.groupby(keys).size().rename("lost").reset_index()
    total = table.groupby(by)["lost"].transform("sum") if by else table["lost"].sum()
    return table.assign(share=(table["lost"] / total).round(4))


def lead_funnel(leads: pd.DataFrame, deals: pd.DataFrame, *, period: str | Period | None = None,
                by: str | None = "consultant_id") -> pd.DataFrame:
    """The DCC lead funnel (线索 → 外呼 → 邀约 → 到店 → 成交) of the leads received in the period.

    ``ordered`` counts the leads whose customer placed an order on or after
    the lead came in; ``days_to_order`` is the median number of days from
    lead to order (线索成交周期).

    Examples
    --------
    >>> leads = pd.DataFrame({"lead_id": ["L1", "L2", "L3"], "consultant_id": ["N01"] * 3,
    ...     "customer_id": ["C1", "C2", "C3"], "received": pd.to_datetime(["2027-09-01"] * 3),
    ...     "called_on": pd.to_datetime(["2027-09-01", "2027-09-02", None]),
    ...     "invited_on": pd.to_datetime(["2027-09-02", None, None]),
    ...     "arrived_on": pd.to_datetime(["2027-09-05", None, None])})
    >>> deals = pd.DataFrame({"customer_id": ["C1"], "order_date": pd.to_datetime(["2027-09-11"])})
    >>> lead_funnel(leads, deals).iloc[0].to_dict()  # doctest: +NORMALIZE_WHITESPACE
    {'consultant_id': 'N01', 'leads': 3, 'called': 2, 'invited': 1, 'arrived': 1, 'ordered': 1,
     'call_rate': 0.6667, 'invite_rate': 0.3333, 'arrival_rate': 1.0, 'lead_close_rate': 0.3333,
     'days_to_order': 10.0}
    """
    window = _period(period)
    chosen = leads if window is None else leads[window.contains(leads["received"])]
    orders = deals.groupby("customer_id")["order_date"].min()
    ordered_on = chosen["customer_id"].map(orders)
    won = ordered_on >= chosen["received"]
    frame = chosen.assign(called=chosen["called_on"].notna(), invited=chosen["invited_on"].notna(),
                          arrived=chosen["arrived_on"].notna(), ordered=won,
                          days=(ordered_on - chosen["received"]).dt.days.where(won))
    keys = [by] if by else []
    grouped = frame.groupby(keys) if keys else frame.groupby(np.zeros(len(frame)))
    table = grouped.agg(leads=("lead_id", "size"), called=("called", "sum"), invited=("invited", "sum"),
                        arrived=("arrived", "sum"), ordered=("ordered", "sum"), days_to_order=("days", "median"))
    table = table.astype({c: "int64" for c in ("leads", "called", "invited", "arrived", "ordered")})
    table["call_rate"] = _ratio(table["called"], table["leads"])
    table["invite_rate"] = _ratio(table["invited"], table["leads"])
    table["arrival_rate"] = _ratio(table["arrived"], table["invited"])
    table["lead_close_rate"] = _ratio(table["ordered"], table["leads"])
    table = table[["leads", "called", "invited", "arrived", "ordered", "call_rate", "invite_rate", "arrival_rate",
                   "lead_close_rate", "days_to_order"]]
    return table.reset_index(drop=not keys)


def fni(deals: pd.DataFrame, *, period: str | Period | None = None,
        by: str | Sequence[str] | None = "consultant_id") -> pd.DataFrame:
    """F&I and accessories per delivered car (by delivery date): 金融渗透率, 保险渗透率, 延保, 精品单车产值.

    ``finance_rate`` = cars on a loan or instalments ÷ cars delivered;
    ``insurance_rate``, ``warranty_rate`` likewise; ``accessories_per_car``
    and ``gross_per_car`` in CNY. Only deals with status ``delivered``.

    Examples
    --------
    >>> deals = pd.DataFrame({"consultant_id": ["S01", "S01", "S01", "S01"],
    ...     "status": ["delivered", "delivered", "delivered", "cancelled"],
    ...     "delivery_date": pd.to_datetime(["2027-09-01", "2027-09-02", "2027-09-03", "2027-09-03"]),
    ...     "payment": ["loan", "full", "instalment", "loan"], "insurance": [True, True, False, True],
    ...     "extended_warranty": [False, True, False, True], "accessories": [3000.0, 0.0, 1500.0, 9.0],
    ...     "gross_profit": [5000.0, 4000.0, -600.0, 1.0]})
    >>> fni(deals, period="2027-09").iloc[0].to_dict()  # doctest: +NORMALIZE_WHITESPACE
    {'consultant_id': 'S01', 'delivered': 3, 'financed': 2, 'insured': 2, 'warranties': 1,
     'finance_rate': 0.6667, 'insurance_rate': 0.6667, 'warranty_rate': 0.3333, 'accessories_per_car': 1500.0,
     'gross_per_car': 2800.0}
    """
    done = deals[deals["status"] == "delivered"]
    window = _period(period)
    if window is not None:
        done = done[window.contains(done["delivery_date"])]
    done = done.assign(financed=done["payment"].isin(["loan", "instalment"]), month=done["delivery_date"].dt.strftime("%Y-%m"))
    keys = [] if by is None else [by] if isinstance(by, str) else list(by)
    grouped = done.groupby(keys) if keys else done.groupby(np.zeros(len(done)))
    table = grouped.agg(delivered=("status", "size"), financed=("financed", "sum"), insured=("insurance", "sum"),
                        warranties=("extended_warranty", "sum"), accessories=("accessories", "sum"),
                        gross=("gross_profit", "sum"))
    table = table.astype({c: "int64" for c in ("delivered", "financed", "insured", "warranties")})
    table["finance_rate"] = _ratio(table["financed"], table["delivered"])
    table["insurance_rate"] = _ratio(table["insured"], table["delivered"])
    table["warranty_rate"] = _ratio(table["warranties"], table["delivered"])
    table["accessories_per_car"] = (table.pop("accessories") / table["delivered"]).round(0)
    table["gross_per_car"] = (table.pop("gross") / table["delivered"]).round(0)
    return table.reset_index(drop=not keys)


def weekly_close_rates(traffic: pd.DataFrame, *, through: str, weeks: int = 6) -> pd.DataFrame:
    """Each consultant's close rate (orders ÷ all traffic) in the ``weeks`` ISO weeks ending with the week of ``through``.

    Returns a table consultants × weeks (``2027-W36`` …), NaN where a
    consultant had no traffic; the early warnings look for three falls in
    a row.

    Examples
    --------
    >>> days = pd.to_datetime(["2027-09-06", "2027-09-06", "2027-09-13", "2027-09-13", "2027-09-13"])
    >>> traffic = pd.DataFrame({"date": days, "consultant_id": ["S01"] * 5,
    ...                         "outcome": ["ordered", "left", "ordered", "left", "left"]})
    >>> weekly_close_rates(traffic, through="2027-09-19", weeks=2).values.tolist()
    [[0.5, 0.3333]]
    """
    end = pd.Timestamp(through)
    start = end - pd.Timedelta(days=end.weekday()) - pd.Timedelta(weeks=weeks - 1)
    start = start.normalize()
    recent = traffic[(traffic["date"] >= start) & (traffic["date"] <= end)]
    iso = recent["date"].dt.isocalendar()
    frame = recent.assign(week=iso["year"].astype(str) + "-W" + iso["week"].astype(str).str.zfill(2),
                          ordered=recent["outcome"] == "ordered")
    table = frame.groupby(["consultant_id", "week"])["ordered"].mean().round(4).unstack("week")
    labels = [(start + pd.Timedelta(weeks=k)).isocalendar() for k in range(weeks)]
    table = table.reindex(columns=[f"{y}-W{w:02d}" for y, w, _d in labels])
    table.columns.name = None
    return table
