"""The market share chart the general manager reads in ten seconds (matplotlib, Chinese labels).

:func:`plot_market_share` takes what :func:`orgplan.market.share.market_share`
returns: on the left our share and each named rival's, month by month, with
the plan's target as a dashed line; on the right, the month shown, our share
of each segment against its target (red where we are below it). The title says
the one figure that matters: our share, the target and the gap.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from orgplan.i18n import Translator
from orgplan.market.share import ALL_SEGMENTS, share_table, share_trend
from orgplan.render.fonts import cjk_context, pin_fonts

_ = Translator("market")

__all__ = ["plot_market_share"]

_RIVAL_COLOURS = ("#c0392b", "#d68910", "#7d3c98", "#117a65")


def _segment_name(segment: str) -> str:
    return _("all segments") if segment == ALL_SEGMENTS else segment


def plot_market_share(shares: pd.DataFrame, *, our_dealer: str, segment: str = ALL_SEGMENTS,
                      share_targets: Mapping[str, float] | None = None, year: int | None = None,
                      month: int | None = None) -> Figure:
    """Our share against the named rivals over the months, and by segment in the month shown.

    Parameters
    ----------
    shares : DataFrame
        What :func:`~orgplan.market.share.market_share` returns.
    our_dealer : str
    segment : str, default all segments
        The segment of the left panel.
    share_targets : mapping, optional
        Segment → target share (as in the market YAML).
    year, month : int, optional
        The month of the right panel and the title (default: the last).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from orgplan.model.io import DATA_DIR
    >>> from orgplan.market.files import read_market_config
    >>> from orgplan.market.share import market_share
    >>> config = read_market_config(DATA_DIR / "market" / "market-2027.yaml")
    >>> shares = market_share(config.registrations, our_dealer="本店", rivals=config.rivals, area=config.area)
    >>> fig = plot_market_share(shares, our_dealer="本店", segment="SUV", share_targets=config.share_targets)
    >>> [line.get_label() for line in fig.axes[0].get_lines()][:3]
    ['本店', '百事达', '商社']
    """
    trend = share_trend(shares, segment=segment)
    table = share_table(shares, our_dealer=our_dealer, year=year, month=month, share_targets=share_targets)
    row = table[table["segment"] == segment].iloc[0]
    shown = trend["period"].iloc[-1] if year is None or month is None else f"{year}-{month:02d}"
    with cjk_context():
        fig = Figure(figsize=(11, 4.2))
        left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.6, 1]})
        x = np.arange(len(trend))
        rivals = [c for c in trend.columns if c not in ("period", our_dealer, "others")]
        left.plot(x, trend[our_dealer], color="#1f618d", linewidth=3, marker="o", label=our_dealer)
        for colour, rival in zip(_RIVAL_COLOURS * 3, rivals):
            left.plot(x, trend[rival], color=colour, linewidth=1.5, marker=".", label=rival)
        if pd.notna(row["target"]):
            left.axhline(row["target"], color="#1f618d", linestyle="--", linewidth=1,
                         label=_("target {share:.1%}").format(share=row["target"]))
        step = max(1, len(x) // 8)
        left.set_xticks(x[::step], trend["period"].iloc[::step], rotation=30, fontsize=8)
        left.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        left.set_ylim(0, max(0.05, float(trend.drop(columns=["period", "others"], errors="ignore").max().max()) * 1.25))
        left.set_title(_("Share of {segment}, month by month").format(segment=_segment_name(segment)), fontsize=10)
        left.legend(fontsize=8, loc="lower left", ncol=2)
        segments = table.iloc[::-1]
        y = np.arange(len(segments))
        below = (segments["gap"] < 0).fillna(False).to_numpy()
        right.barh(y, segments["share"], color=np.where(below, "#c0392b", "#27ae60"))
        right.scatter(segments["target"], y, marker="|", s=300, color="black", zorder=3, label=_("target"))
        right.set_yticks(y, [_segment_name(s) for s in segments["segment"]])
        right.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        right.set_title(_("Our share by segment, {period}").format(period=shown), fontsize=10)
        right.legend(fontsize=8, loc="lower right")
        if pd.notna(row["target"]):
            headline = _("{dealer}, {segment}, {period}: share {share:.1%}, target {target:.1%}, "
                         "gap {gap:+.1f} points").format(dealer=our_dealer, segment=_segment_name(segment),
                                                         period=shown, share=row["share"], target=row["target"],
                                                         gap=row["gap"] * 100)
        else:
            headline = _("{dealer}, {segment}, {period}: share {share:.1%}").format(
                dealer=our_dealer, segment=_segment_name(segment), period=shown, share=row["share"])
        fig.suptitle(headline, fontsize=12, color="#c0392b" if row["gap"] < 0 else "black")
        fig.tight_layout()
    return pin_fonts(fig)
