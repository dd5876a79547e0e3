"""Market share (市场占有率) against the named rivals, by segment and month, with trend and the gap to the plan.

:func:`market_share` turns registrations into a long table — each dealer's
cars and share of its segment, month by month, ours and each rival's named,
the rest together; :func:`share_table` is the month the manager reads: per
segment our share, the plan's target share and the gap, the trend of the
last three months against the three before, and each rival's share.

Examples
--------
>>> import pandas as pd
>>> reg = pd.DataFrame({"year": 2027, "month": [9, 9, 9], "area": "万州区", "segment": "SUV",
...                     "dealer": ["本店", "百事达", "其他"], "units": [40, 71, 289]})
>>> shares = market_share(reg, our_dealer="本店", rivals=["百事达"])
>>> shares.loc[shares["segment"] == "SUV", ["dealer", "units", "share"]].values.tolist()
[['本店', 40, 0.1], ['百事达', 71, 0.1775], ['其他', 289, 0.7225]]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from orgplan.errors import ParameterError
from orgplan.i18n import Translator
from orgplan.market.files import OTHERS

_ = Translator("market")

__all__ = ["ALL_SEGMENTS", "market_share", "share_table", "share_trend"]

#: The segment code of the whole market (all segments added up); the YAML may write it 合计 / 全部 / all.
ALL_SEGMENTS = "(all)"
_ALL_WORDS = {"合计", "合計", "全部", "all", "(all)", "total"}


def _targets(share_targets: Mapping[str, float] | None) -> dict[str, float]:
    return {ALL_SEGMENTS if str(k).strip().lower() in _ALL_WORDS else str(k): float(v)
            for k, v in (share_targets or {}).items()}


def market_share(registrations: pd.DataFrame, *, our_dealer: str, rivals: Sequence[str] = (),
                 area: str | None = None) -> pd.DataFrame:
    """Each dealer's registrations and share of its segment, month by month.

    Parameters
    ----------
    registrations : DataFrame
        ``year, month, area, segment, dealer, units`` (see
        :func:`~orgplan.market.files.read_registrations`).
    our_dealer : str
        Our store as the registrations name it.
    rivals : sequence of str
        The named rivals; every other dealer is counted under :data:`OTHERS`.
    area : str, optional
        Only this area (e.g. the store's 万州区); all areas when None.

    Returns
    -------
    DataFrame
        ``year, month, segment, dealer, units, market, share``: one row per
        month, segment (and :data:`ALL_SEGMENTS`, the whole market) and
        dealer — ours first, then the rivals in the order given, then the
        others; ``market`` is the segment's registrations that month and
        ``share`` = units / market (0 when the market is empty).

    Raises
    ------
    ParameterError
        If ``area`` is not in the registrations, or ``our_dealer`` never appears.
    """
    table = registrations
    if area is not None:
        if area not in set(table["area"]):
            raise ParameterError(_("The area {area} is not in the registrations (areas: {areas}).").format(
                area=area, areas=", ".join(sorted(set(table["area"])))))
        table = table[table["area"] == area]
    if our_dealer not in set(table["dealer"]):
        raise ParameterError(_("Our dealer {dealer} does not appear in the registrations; "
                               "write it as the file names it.").format(dealer=our_dealer))
    named = [our_dealer, *[r for r in rivals if r != our_dealer]]
    dealer = table["dealer"].where(table["dealer"].isin(named), OTHERS)
    frame = table.assign(dealer=dealer)
    whole = frame.assign(segment=ALL_SEGMENTS)
    both = pd.concat([frame, whole], ignore_index=True)
    segments = list(dict.fromkeys(frame["segment"])) + [ALL_SEGMENTS]
    counted = both.groupby(["year", "month", "segment", "dealer"], sort=False)["units"].sum()
    periods = both[["year", "month"]].drop_duplicates().sort_values(["year", "month"])
    index = pd.MultiIndex.from_tuples(
        [(y, m, s, d) for y, m in periods.itertuples(index=False) for s in segments for d in [*named, OTHERS]],
        names=["year", "month", "segment", "dealer"])
    out = counted.reindex(index, fill_value=0).reset_index()
    out["market"] = out.groupby(["year", "month", "segment"], sort=False)["units"].transform("sum")
    out["share"] = np.where(out["market"] > 0, out["units"] / out["market"].where(out["market"] > 0, 1), 0.0)
    return out.astype({"units": "int64", "market": "int64"})


def _window_share(shares: pd.DataFrame, periods: list[tuple[int, int]], dealer: str) -> pd.Series:
    """A dealer's share of each segment over several months together (cars over cars, not an average of shares)."""
    keep = shares[[p in set(periods) for p in zip(shares["year"], shares["month"])]]
    sums = keep.groupby(["segment", "dealer"], sort=False)[["units", "market"]].sum()
    mine = sums.xs(dealer, level="dealer")
    return (mine["units"] / mine["market"].where(mine["market"] > 0)).fillna(0.0)


def share_table(shares: pd.DataFrame, *, our_dealer: str, year: int | None = None, month: int | None = None,
                share_targets: Mapping[str, float] | None = None, window: int = 3) -> pd.DataFrame:
    """The month the manager reads: per segment our share, the target and gap, the trend, each rival's share.

    Parameters
    ----------
    shares : DataFrame
        What :func:`market_share` returns.
    our_dealer : str
    year, month : int, optional
        The month shown; default the last in ``shares``.
    share_targets : mapping, optional
        Segment → the plan's share (0.11 for 11 %); the whole market under
        ``合计`` (or ``all``).
    window : int, default 3
        The trend compares our share over the last ``window`` months
        (the month shown included) with the ``window`` months before.

    Returns
    -------
    DataFrame
        ``segment, market, units, share, target, gap, share_window,
        share_before, trend``, then one column per rival (its share) and
        ``others``; ``gap`` = share − target, ``trend`` = share_window −
        share_before (fractions: 0.01 is one percentage point).

    Examples
    --------
    >>> import pandas as pd
    >>> reg = pd.DataFrame({"year": 2027, "month": [8, 8, 9, 9], "area": "万州区", "segment": "SUV",
    ...                     "dealer": ["本店", "其他", "本店", "其他"], "units": [30, 70, 20, 80]})
    >>> table = share_table(market_share(reg, our_dealer="本店"), our_dealer="本店", window=1,
    ...                     share_targets={"SUV": 0.25})
    >>> table[["segment", "share", "target", "gap", "trend"]].round(3).values.tolist()
    [['SUV', 0.2, 0.25, -0.05, -0.1], ['(all)', 0.2, nan, nan, -0.1]]
    """
    if not (isinstance(window, int) and window >= 1):
        raise ParameterError(f"The 'window' parameter of share_table must be a positive integer. Got {window!r} "
                             f"instead.")
    periods = list(dict.fromkeys(zip(shares["year"], shares["month"])))
    periods.sort()
    if year is None or month is None:
        year, month = periods[-1]
    if (year, month) not in periods:
        raise ParameterError(_("No registrations for {year}-{month:02d}.").format(year=year, month=month))
    at = periods.index((year, month))
    now = shares[(shares["year"] == year) & (shares["month"] == month)]
    wide = now.pivot(index="segment", columns="dealer", values="share")
    segments = list(dict.fromkeys(now["segment"]))
    dealers = list(dict.fromkeys(now["dealer"]))
    ours = now[now["dealer"] == our_dealer].set_index("segment")
    targets = _targets(share_targets)
    table = pd.DataFrame({"segment": segments, "market": ours["market"].reindex(segments).to_numpy(),
                          "units": ours["units"].reindex(segments).to_numpy(),
                          "share": wide[our_dealer].reindex(segments).to_numpy()})
    table["target"] = [targets.get(s, np.nan) for s in segments]
    table["gap"] = table["share"] - table["target"]
    recent = periods[max(0, at - window + 1):at + 1]
    before = periods[max(0, at - 2 * window + 1):max(0, at - window + 1)]
    table["share_window"] = _window_share(shares, recent, our_dealer).reindex(segments).to_numpy()
    table["share_before"] = (_window_share(shares, before, our_dealer).reindex(segments).to_numpy()
                             if before else np.nan)
    table["trend"] = table["share_window"] - table["share_before"]
    for dealer in dealers:
        if dealer != our_dealer:
            table["others" if dealer == OTHERS else dealer] = wide[dealer].reindex(segments).to_numpy()
    return table


def share_trend(shares: pd.DataFrame, *, segment: str = ALL_SEGMENTS) -> pd.DataFrame:
    """One segment's shares month by month: a row per month (``period`` 2027-09), a column per dealer (``others``).

    Examples
    --------
    >>> import pandas as pd
    >>> reg = pd.DataFrame({"year": 2027, "month": [8, 8, 9, 9], "area": "万州区", "segment": "SUV",
    ...                     "dealer": ["本店", "其他", "本店", "其他"], "units": [30, 70, 20, 80]})
    >>> share_trend(market_share(reg, our_dealer="本店"), segment="SUV").to_dict("list")
    {'period': ['2027-08', '2027-09'], '本店': [0.3, 0.2], 'others': [0.7, 0.8]}
    """
    if segment not in set(shares["segment"]):
        raise ParameterError(_("The segment {segment} is not in the registrations (segments: {segments}).").format(
            segment=segment, segments=", ".join(dict.fromkeys(shares["segment"]))))
    one = shares[shares["segment"] == segment]
    wide = one.pivot_table(index=["year", "month"], columns="dealer", values="share", sort=True)
    wide = wide[list(dict.fromkeys(one["dealer"]))]
    wide.index = [f"{y}-{m:02d}" for y, m in wide.index]
    wide.columns.name = None
    return wide.rename(columns={OTHERS: "others"}).rename_axis("period").reset_index()
