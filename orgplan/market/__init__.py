"""The market (市场): share against named rivals, competing models and the price watch.

- :mod:`orgplan.market.files` — the registrations (上险量), the rival-model map (竞品对照), price
  observations, patrol reports (市场巡视报告) and the store's market YAML;
- :mod:`orgplan.market.share` — our share and each named rival's by segment and month, trend, gap to the
  plan's target;
- :mod:`orgplan.market.watch` — our models against the rivals' net prices, undercut alerts, patrol summary;
- :mod:`orgplan.market.display` — the tables for people (headers in the language chosen).

The share chart is :func:`orgplan.render.market_figures.plot_market_share`.
"""

from orgplan.market.display import as_percent, display_table
from orgplan.market.files import (MarketConfig, OTHERS, read_competitors, read_market_config, read_patrols,
                                  read_prices, read_registrations)
from orgplan.market.share import ALL_SEGMENTS, market_share, share_table, share_trend
from orgplan.market.watch import patrol_summary, price_alerts, price_watch

__all__ = ["MarketConfig", "OTHERS", "ALL_SEGMENTS", "read_market_config", "read_registrations",
           "read_competitors", "read_prices", "read_patrols", "market_share", "share_table", "share_trend",
           "price_watch", "price_alerts", "patrol_summary", "display_table", "as_percent"]
