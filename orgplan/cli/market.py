"""``orgplan market …``: market share against the named rivals, the price watch, patrol reports, the share chart.

* ``orgplan market share CONFIG [--month 2027-09] [--segment S]`` — per
  segment our share, the target and gap, the trend and each rival's share
  (with ``--segment``, that segment month by month);
* ``orgplan market prices CONFIG [--month 2027-09] [--all]`` — rivals under our
  net price by more than the line; exit 1 when there is an alert;
* ``orgplan market patrols CONFIG`` — patrol reports per rival and month;
* ``orgplan market chart CONFIG -o share.png [--segment S]`` — the share chart.
"""

from __future__ import annotations

import argparse

from orgplan.cli._common import EXIT_FINDINGS, EXIT_OK, add_csv_option, emit_table, output_file
from orgplan.i18n import Translator

_ = Translator("market")

__all__ = ["register"]


def _month(value: str) -> tuple[int, int]:
    from orgplan.tables.cells import parse_date

    day = parse_date(value.strip() + "-01") if value.count("-") == 1 else parse_date(value)
    if day is None:
        raise argparse.ArgumentTypeError(_("{value}: a month written YYYY-MM, e.g. 2027-09").format(value=repr(value)))
    return day.year, day.month


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``orgplan market …`` to the command line."""
    parser = subparsers.add_parser("market", help=_("market share against the rivals and the price watch"),
                                   description=_("Market share against the named rivals, competitor prices and "
                                                 "patrol reports, from the market's YAML file "
                                                 "(e.g. data/market/market-2027.yaml)."))
    verbs = parser.add_subparsers(dest="market_verb", metavar="ACTION")
    verbs.required = True
    share = verbs.add_parser("share", help=_("our share and the rivals' by segment"),
                             description=_("Per segment our share of the month's registrations, the plan's target "
                                           "and the gap, the trend of the last three months against the three "
                                           "before, and each rival's share."))
    prices = verbs.add_parser("prices", help=_("rivals selling under our price"),
                              description=_("Each of our models against the rival models it meets: the last net "
                                            "price (price − gifts) of both; an alert when a rival is under ours by "
                                            "more than the line. Exit 1 when there is an alert."))
    patrols = verbs.add_parser("patrols", help=_("market patrol reports per rival and month"),
                               description=_("Market patrol reports counted per rival and month."))
    chart = verbs.add_parser("chart", help=_("draw the share chart"),
                             description=_("Our share against the rivals month by month, and by segment against "
                                           "the targets, as a PNG, SVG or PDF file."))
    for verb in (share, prices, patrols, chart):
        verb.add_argument("config", metavar="CONFIG", help=_("the market's YAML file, e.g. data/market/market-2027.yaml"))
    for verb in (share, prices, chart):
        verb.add_argument("--month", type=_month, metavar="YYYY-MM", help=_("the month to show (default: the last)"))
    for verb in (share, chart):
        verb.add_argument("--segment", metavar="S", help=_("one segment, e.g. SUV (default: all segments)"))
    prices.add_argument("--all", action="store_true", help=_("show every comparison, not only the alerts"))
    chart.add_argument("-o", "--output", required=True, metavar="FILE",
                       type=output_file(".png", ".svg", ".pdf", what="the chart"), help=_("write the chart here"))
    for verb, handler in ((share, run_share), (prices, run_prices), (patrols, run_patrols)):
        add_csv_option(verb)
        verb.set_defaults(handler=handler)
    chart.set_defaults(handler=run_chart)


def _shares(args: argparse.Namespace):
    from orgplan.market import market_share, read_market_config

    config = read_market_config(args.config)
    return config, market_share(config.registrations, our_dealer=config.our_dealer, rivals=config.rivals,
                                area=config.area)


def run_share(args: argparse.Namespace) -> int:
    """Handler of ``orgplan market share``."""
    from orgplan.market import as_percent, display_table, share_table, share_trend

    config, shares = _shares(args)
    year, month = args.month or (None, None)
    if args.segment:
        table = share_trend(shares, segment=args.segment)
        table = as_percent(table, rivals=tuple(c for c in table.columns if c != "period"))
    else:
        table = as_percent(share_table(shares, our_dealer=config.our_dealer, year=year, month=month,
                                       share_targets=config.share_targets), rivals=config.rivals)
    emit_table(display_table(table), args.csv)
    return EXIT_OK


def run_prices(args: argparse.Namespace) -> int:
    """Handler of ``orgplan market prices``."""
    from orgplan.market import display_table, price_watch, read_market_config

    config = read_market_config(args.config)
    watch = price_watch(config.prices, config.competitors, our_dealer=config.our_dealer,
                        amount=config.undercut_amount, models=config.models)
    if args.month:
        watch = watch[(watch["year"] == args.month[0]) & (watch["month"] == args.month[1])]
    alerts = watch[watch["alert"]]
    shown = watch if args.all else alerts
    columns = ["year", "month", "our_model", "rival_dealer", "rival_model", "our_price", "rival_price", "undercut",
               "source"]
    emit_table(display_table(shown[columns + (["alert"] if args.all else [])]), args.csv)
    if args.csv != "-":
        count = len(alerts)
        print("\n" + (_.ngettext("{n} price alert (line ¥{line:,.0f}):", "{n} price alerts (line ¥{line:,.0f}):",
                                 count).format(n=count, line=config.undercut_amount) if count else
                      _("No rival is under our price by more than ¥{line:,.0f}.").format(line=config.undercut_amount)))
        for message in alerts["message"]:
            print("  " + message)
    return EXIT_FINDINGS if len(alerts) else EXIT_OK


def run_patrols(args: argparse.Namespace) -> int:
    """Handler of ``orgplan market patrols``."""
    from orgplan.market import display_table, patrol_summary, read_market_config

    config = read_market_config(args.config)
    if config.patrols is None:
        print(_("The market's YAML names no patrols file (files: patrols: …)."))
        return EXIT_OK
    emit_table(display_table(patrol_summary(config.patrols)), args.csv)
    return EXIT_OK


def run_chart(args: argparse.Namespace) -> int:
    """Handler of ``orgplan market chart``."""
    from orgplan.market import ALL_SEGMENTS
    from orgplan.render.market_figures import plot_market_share
    from orgplan.tables.io import atomic_path

    config, shares = _shares(args)
    year, month = args.month or (None, None)
    fig = plot_market_share(shares, our_dealer=config.our_dealer, segment=args.segment or ALL_SEGMENTS,
                            share_targets=config.share_targets, year=year, month=month)
    with atomic_path(args.output) as tmp:
        fig.savefig(tmp, dpi=150, format=str(args.output).rsplit(".", 1)[-1].lower())
    print(_("Wrote {file}").format(file=args.output))
    return EXIT_OK
