"""Competitor and price watch: our models against the rivals' (竞品对照), undercut alerts, patrol reports.

:func:`price_watch` sets each of our models beside the rival models it
meets, month by month: the last net price (transaction price − the value
of the gifts) observed of each up to the month's end, and by how much the
rival is under ours. :func:`price_alerts` keeps the months where a rival
undercuts us by more than the store's line (``undercut_amount``).
:func:`patrol_summary` counts the patrol reports per rival and month.

Examples
--------
>>> import pandas as pd
>>> prices = pd.DataFrame({"date": pd.to_datetime(["2027-09-16", "2027-09-21"]), "dealer": ["本店", "百事达"],
...                        "model": ["途锐", "丰华S5"], "net_price": [215000.0, 205500.0], "source": ["", "暗访"]})
>>> pairs = pd.DataFrame({"model_id": ["TERRA"], "rival_dealer": ["百事达"], "rival_model": ["丰华S5"]})
>>> models = pd.DataFrame({"model_id": ["TERRA"], "name": ["途锐"]})
>>> alerts = price_alerts(prices, pairs, our_dealer="本店", amount=5000, models=models)
>>> alerts[["model_id", "rival_model", "our_price", "rival_price", "undercut"]].values.tolist()
[['TERRA', '丰华S5', 215000.0, 205500.0, 9500.0]]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from orgplan.errors import ParameterError
from orgplan.i18n import Translator

_ = Translator("market")

__all__ = ["WATCH_COLUMNS", "price_watch", "price_alerts", "patrol_summary"]

#: Columns of :func:`price_watch` and :func:`price_alerts`.
WATCH_COLUMNS = ["year", "month", "model_id", "our_model", "rival_dealer", "rival_model", "our_price", "our_date",
                 "rival_price", "rival_date", "undercut", "source", "alert", "message"]


def _last_price(prices: pd.DataFrame, dealer: str, names: set[str], until: pd.Timestamp) -> pd.Series | None:
    seen = prices[(prices["dealer"] == dealer) & prices["model"].isin(names) & (prices["date"] <= until)]
    return None if seen.empty else seen.sort_values("date", kind="stable").iloc[-1]


def price_watch(prices: pd.DataFrame, competitors: pd.DataFrame, *, our_dealer: str, amount: float = 5000,
                models: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each pair of our model and a rival model, for every month the rival's price was observed.

    Parameters
    ----------
    prices : DataFrame
        ``date, dealer, model, net_price`` (and ``source``), see
        :func:`~orgplan.market.files.read_prices`.
    competitors : DataFrame
        ``model_id, rival_dealer, rival_model`` (see
        :func:`~orgplan.market.files.read_competitors`).
    our_dealer : str
        Our store as the observations name it.
    amount : float, default 5000
        The alert line in yuan: a rival more than this under our net price
        is an alert.
    models : DataFrame, optional
        ``model_id, name``: our observations may name a model either way.

    Returns
    -------
    DataFrame
        :data:`WATCH_COLUMNS`: for the month of each rival observation, the
        last net prices of both sides observed up to that month's end,
        ``undercut`` = ours − the rival's (NaN when ours was never
        observed), ``alert`` when it is above ``amount``, and a sentence.
    """
    if not (isinstance(amount, (int, float)) and amount >= 0):
        raise ParameterError(f"The 'amount' parameter of price_watch must be 0 or more. Got {amount!r} instead.")
    names = {} if models is None else dict(zip(models["model_id"], models["name"]))
    rows = []
    months = prices.assign(year=prices["date"].dt.year, month=prices["date"].dt.month)
    for pair in competitors.itertuples(index=False):
        ours = {pair.model_id, names.get(pair.model_id, pair.model_id)}
        seen = months[(months["dealer"] == pair.rival_dealer) & (months["model"] == pair.rival_model)]
        for (year, month), _rows in seen.groupby(["year", "month"], sort=True):
            end = pd.Timestamp(year=year, month=month, day=1) + pd.offsets.MonthEnd(0)
            rival = _last_price(prices, pair.rival_dealer, {pair.rival_model}, end)
            mine = _last_price(prices, our_dealer, ours, end)
            our_price = np.nan if mine is None else float(mine["net_price"])
            gap = our_price - float(rival["net_price"])
            alert = bool(gap > amount)
            our_name = names.get(pair.model_id, pair.model_id)
            message = (_("{dealer} {rival} at ¥{rival_price:,.0f} is ¥{gap:,.0f} under our {model} "
                         "(¥{our_price:,.0f}); the line is ¥{line:,.0f}.").format(
                dealer=pair.rival_dealer, rival=pair.rival_model, rival_price=float(rival["net_price"]), gap=gap,
                model=our_name, our_price=our_price, line=amount) if alert else "")
            rows.append({"year": int(year), "month": int(month), "model_id": pair.model_id, "our_model": our_name,
                         "rival_dealer": pair.rival_dealer, "rival_model": pair.rival_model, "our_price": our_price,
                         "our_date": None if mine is None else mine["date"], "rival_price": float(rival["net_price"]),
                         "rival_date": rival["date"], "undercut": gap,
                         "source": rival["source"] if "source" in rival.index else "", "alert": alert,
                         "message": message})
    table = pd.DataFrame(rows, columns=WATCH_COLUMNS)
    return table.sort_values(["year", "month", "model_id", "rival_dealer"], kind="stable").reset_index(drop=True)


def price_alerts(prices: pd.DataFrame, competitors: pd.DataFrame, *, our_dealer: str, amount: float = 5000,
                 models: pd.DataFrame | None = None, year: int | None = None,
                 month: int | None = None) -> pd.DataFrame:
    """The rows of :func:`price_watch` that are alerts (a rival under us by more than ``amount``).

    ``year`` and ``month`` keep one month only.
    """
    watch = price_watch(prices, competitors, our_dealer=our_dealer, amount=amount, models=models)
    keep = watch["alert"].astype(bool)
    if year is not None:
        keep &= watch["year"] == year
    if month is not None:
        keep &= watch["month"] == month
    return watch[keep].reset_index(drop=True)


def patrol_summary(patrols: pd.DataFrame) -> pd.DataFrame:
    """Patrol reports per rival and month: how many, average traffic and test drives, the promotions seen.

    Examples
    --------
    >>> from orgplan.model.io import DATA_DIR
    >>> from orgplan.market.files import read_patrols
    >>> summary = patrol_summary(read_patrols(DATA_DIR / "market" / "patrols.csv"))
    >>> summary[summary["dealer"] == "百事达"].tail(1)[["period", "patrols", "promotion"]].values.tolist()
    [['2027-09', 1, '丰华S5 限时直降']]
    """
    frame = patrols.assign(period=patrols["date"].dt.strftime("%Y-%m"))
    rows = []
    for (dealer, period), group in frame.groupby(["dealer", "period"], sort=True):
        seen = [p for p in dict.fromkeys(group["promotion"]) if isinstance(p, str) and p]
        rows.append({"dealer": dealer, "period": period, "patrols": len(group),
                     "traffic": group["traffic"].mean(), "test_drives": group["test_drives"].mean(),
                     "promotion": "; ".join(seen), "findings": "; ".join(f for f in group["findings"] if f)})
    return pd.DataFrame(rows, columns=["dealer", "period", "patrols", "traffic", "test_drives", "promotion",
                                       "findings"])
