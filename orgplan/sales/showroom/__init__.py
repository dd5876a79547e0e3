"""The showroom and its customers (展厅与客户管理): traffic, leads, the funnel, prospects and follow-up,
customer cards, credit and receivables, price control, daily reports and action plans.

Analyses only: every function returns tables (DataFrames), dictionaries or
text; the figures are drawn by :mod:`orgplan.render.showroom_figures` and the
printable customer card by :mod:`orgplan.render.customer_card`.

Modules by meaning, each importing only those listed before it:

- ``tables`` — the showroom's tables and their readers, :func:`load_showroom`;
- ``funnel`` — 客流 → 留档 → 邀约到店 → 试驾 → 成交 / 战败, leads, F&I;
- ``followups`` — prospect levels, the morning follow-up list, 保客流失;
- ``credit`` — receivables ageing, credit limits, collection, price control;
- ``reports`` — daily reports, action plans against what happened, the monthly summary draft;
- ``cards`` — customer profile, strategy and monthly rating cards;
- ``warnings`` — the funnel's early warnings and the scorecard's funnel and F&I measures;
- ``display`` — results for people: headers and codes in the language in force.
"""

from orgplan.sales.showroom.tables import *  # noqa: F401,F403
from orgplan.sales.showroom.tables import __all__ as _tables
from orgplan.sales.showroom.funnel import *  # noqa: F401,F403
from orgplan.sales.showroom.funnel import __all__ as _funnel
from orgplan.sales.showroom.followups import *  # noqa: F401,F403
from orgplan.sales.showroom.followups import __all__ as _followups
from orgplan.sales.showroom.credit import *  # noqa: F401,F403
from orgplan.sales.showroom.credit import __all__ as _credit
from orgplan.sales.showroom.reports import *  # noqa: F401,F403
from orgplan.sales.showroom.reports import __all__ as _reports
from orgplan.sales.showroom.cards import *  # noqa: F401,F403
from orgplan.sales.showroom.cards import __all__ as _cards
from orgplan.sales.showroom.warnings import *  # noqa: F401,F403
from orgplan.sales.showroom.warnings import __all__ as _warnings
from orgplan.sales.showroom.display import *  # noqa: F401,F403
from orgplan.sales.showroom.display import __all__ as _display

__all__ = [*_tables, *_funnel, *_followups, *_credit, *_reports, *_cards, *_warnings, *_display]
