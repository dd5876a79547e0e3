"""The showroom on the command line: ``orgplan funnel``, ``orgplan followups``, ``orgplan receivables``, ``orgplan daily``.

Each verb reads the showroom tables of a sales folder (default: the sample
``data/sales``; file names in :data:`orgplan.sales.showroom.tables.FILES`):

* ``orgplan funnel [FOLDER] --period P [--by …] [--view funnel|reasons|leads|fni]``;
* ``orgplan followups [FOLDER] --on DATE [--consultant ID] [--summary]`` — the
  morning list; exit 1 when a follow-up is overdue or an H-level prospect
  is silent;
* ``orgplan receivables [FOLDER] --on DATE [--view ageing|invoices|findings|collection|prices]``
  — exit 1 when a customer is over the limit or owes over 90 days, or a
  discount is beyond its approver's authority;
* ``orgplan daily [FOLDER] --on DATE [--consultant ID]``, ``--missing P``,
  ``--plans P``, ``--summary MONTH`` — exit 1 when a working day has no report;
* ``orgplan customer-card CUSTOMER [FOLDER] --on DATE --html FILE`` — the
  printable one-page customer card.
"""

from __future__ import annotations

import argparse

import pandas as pd

from orgplan.cli._common import EXIT_FINDINGS, EXIT_OK, add_csv_option, emit_table, output_file
from orgplan.i18n import Translator
from orgplan.model.io import DATA_DIR

_ = Translator("showroom")

__all__ = ["register"]

_BY = {"consultant": "consultant_id", "team": "team", "source": "source", "model": "model_id", "month": "month",
       "week": "week"}


def _folder(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", metavar="FOLDER", nargs="?", default=str(DATA_DIR / "sales"),
                        help=_("the sales folder with the showroom tables (default: the sample data/sales)"))
    add_csv_option(parser)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``orgplan funnel``, ``followups``, ``receivables`` and ``daily``."""
    funnel = subparsers.add_parser(
        "funnel", help=_("the showroom funnel: traffic, registration, invitations, test drives, orders, losses"),
        description=_("The showroom funnel for a period: traffic, first visits, registration rate, invitation "
                      "arrival rate, test drive rate, close rate (÷ first visits and ÷ all traffic) and loss rate; "
                      "or the reasons of the losses, the DCC lead funnel, F&I per delivered car."))
    _folder(funnel)
    funnel.add_argument("--period", required=True, metavar="P",
                        help=_("a month 2027-09, a quarter 2027Q3, a year 2027 or a range 2027-09-01..2027-09-15"))
    funnel.add_argument("--by", choices=list(_BY) + ["store"], default="consultant",
                        help=_("one line per consultant, team, source, model, month, week, or the whole store"))
    funnel.add_argument("--view", choices=("funnel", "reasons", "leads", "fni"), default="funnel",
                        help=_("which table to print"))
    funnel.set_defaults(handler=run_funnel)

    follow = subparsers.add_parser(
        "followups", help=_("the morning follow-up list of each consultant"),
        description=_("Follow-ups due and overdue, prospects whose level has not moved for too long, and H-level "
                      "prospects without contact for 48 hours, on the morning of a day. Exit 1 when a follow-up "
                      "is overdue or an H-level prospect is silent."))
    _folder(follow)
    follow.add_argument("--on", required=True, metavar="DATE", help=_("the day, e.g. 2027-09-30"))
    follow.add_argument("--consultant", metavar="ID", help=_("only this consultant's list, e.g. S04"))
    follow.add_argument("--summary", action="store_true", help=_("one line per consultant instead of the list"))
    follow.set_defaults(handler=run_followups)

    money = subparsers.add_parser(
        "receivables", help=_("fleet receivables ageing, credit limits, collection and price control"),
        description=_("Receivables ageing (0–30, 31–60, 61–90, over 90 days) per fleet customer against the credit "
                      "limit; customers whose deliveries are blocked; the collection rate; discounts beyond the "
                      "approver's authority. Exit 1 when there is a blocked customer or a discount exception."))
    _folder(money)
    money.add_argument("--on", required=True, metavar="DATE", help=_("the day of the ageing, e.g. 2027-09-30"))
    money.add_argument("--view", choices=("ageing", "invoices", "findings", "collection", "prices"),
                       default="ageing", help=_("which table to print"))
    money.add_argument("--period", metavar="P", help=_("the period of the collection rate (default: the month of --on)"))
    money.set_defaults(handler=run_receivables)

    daily = subparsers.add_parser(
        "daily", help=_("daily sales reports, missing reports, action plans and the monthly summary draft"),
        description=_("The daily sales report of a day (figures from the logs and what each consultant wrote); "
                      "with --missing, the working days without a report; with --plans, the action plans against "
                      "what happened; with --summary, a draft of the month's summary. Exit 1 when a working day "
                      "has no report."))
    _folder(daily)
    what = daily.add_mutually_exclusive_group(required=True)
    what.add_argument("--on", metavar="DATE", help=_("the day of the report, e.g. 2027-09-29"))
    what.add_argument("--missing", metavar="P", help=_("the period to check for missing reports, e.g. 2027-09"))
    what.add_argument("--plans", metavar="P", help=_("the plans of a month 2027-09 or a week 2027-W38"))
    what.add_argument("--summary", metavar="MONTH", help=_("the month of the summary draft, e.g. 2027-09"))
    daily.add_argument("--consultant", metavar="ID", help=_("only this consultant"))
    daily.set_defaults(handler=run_daily)

    card = subparsers.add_parser(
        "customer-card", help=_("a customer's one-page card (profile, strategy, rating, history) as HTML"),
        description=_("Write the printable one-page card of a customer: profile, strategy, monthly rating, deals, "
                      "money owed, showroom visits, last follow-ups and service visits, as of a day."))
    card.add_argument("customer", metavar="CUSTOMER", help=_("the customer id, e.g. F05 or C12242"))
    card.add_argument("folder", metavar="FOLDER", nargs="?", default=str(DATA_DIR / "sales"),
                      help=_("the sales folder with the showroom tables (default: the sample data/sales)"))
    card.add_argument("--on", required=True, metavar="DATE", help=_("the day of the card, e.g. 2027-09-30"))
    card.add_argument("--html", required=True, metavar="FILE", type=output_file(".html", ".htm"),
                      help=_("the HTML file to write"))
    card.set_defaults(handler=run_customer_card)


def _load(folder: str):
    from orgplan.sales.showroom import load_showroom

    return load_showroom(folder)


def _show(table: pd.DataFrame, args: argparse.Namespace, title: str | None = None) -> None:
    from orgplan.sales.showroom import display

    if title and args.csv is None:
        print(title)
    emit_table(display(table, readable=args.csv is None), args.csv)


def run_funnel(args: argparse.Namespace) -> int:
    """Handler of ``orgplan funnel``."""
    from orgplan.sales.periods import parse_period
    from orgplan.sales.showroom import defeat_reasons, fni, funnel, lead_funnel

    period = parse_period(args.period)
    data = _load(args.folder)
    by = None if args.by == "store" else _BY[args.by]
    if args.view == "funnel":
        table = funnel(data.traffic, period=period, by=by, prospects=data.prospects, followups=data.followups,
                       leads=data.leads, consultants=data.consultants)
        title = _("Showroom funnel {period}:").format(period=period.label)
    elif args.view == "reasons":
        table = defeat_reasons(data.prospects, period=period, by=by if by in ("consultant_id", "source") else None)
        title = _("Customers lost (战败) in {period}, by reason:").format(period=period.label)
    elif args.view == "leads":
        table = lead_funnel(data.leads, data.deals, period=period, by=by if by == "consultant_id" else None)
        title = _("DCC leads received in {period}:").format(period=period.label)
    else:
        table = fni(data.deals, period=period, by=by if by in ("consultant_id", "model_id", "month") else None)
        title = _("F&I and accessories per car delivered in {period}:").format(period=period.label)
    _show(table, args, title)
    return EXIT_OK


def run_followups(args: argparse.Namespace) -> int:
    """Handler of ``orgplan followups``."""
    from orgplan.sales.showroom import followup_summary, morning_list, prospect_state

    data = _load(args.folder)
    todo = morning_list(data.prospects, data.followups, data.levels, args.on, consultant=args.consultant)
    if args.summary:
        state = prospect_state(data.prospects, data.followups, data.levels, args.on)
        if args.consultant:
            state = state[state["consultant_id"] == args.consultant]
        _show(followup_summary(todo, state), args, _("Follow-ups on the morning of {day}:").format(day=args.on))
    else:
        columns = ["consultant_id", "customer_id", "name", "level", "last_contact", "next_due", "days_overdue",
                   "days_at_level", "why"]
        _show(todo[columns], args, _("Follow-up list for the morning of {day}:").format(day=args.on))
    return EXIT_FINDINGS if bool((todo["overdue"] | todo["h_silent"]).any()) else EXIT_OK


def run_receivables(args: argparse.Namespace) -> int:
    """Handler of ``orgplan receivables``."""
    from orgplan.sales.showroom import (
        collection_rate, credit_findings, day_of, open_invoices, price_exceptions, receivables_ageing,
    )
    data = _load(args.folder)
    day = day_of(args.on)
    ageing = receivables_ageing(data.invoices, data.payments, day, accounts=data.accounts)
    findings = credit_findings(ageing, data.deals)
    exceptions = price_exceptions(data.deals[data.deals["order_date"] <= day], data.authority)
    if args.view == "ageing":
        _show(ageing, args, _("Receivables ageing on {day}:").format(day=args.on))
    elif args.view == "invoices":
        _show(open_invoices(data.invoices, data.payments, day), args,
              _("Invoices not fully paid on {day}:").format(day=args.on))
    elif args.view == "findings":
        _show(findings, args, _("Customers whose deliveries are blocked on {day}:").format(day=args.on))
    elif args.view == "collection":
        period = args.period or day.strftime("%Y-%m")
        _show(collection_rate(data.invoices, data.payments, period), args,
              _("Collection rate {period}:").format(period=period))
    else:
        _show(exceptions, args, _("Discounts beyond the approver's authority, orders up to {day}:").format(
            day=args.on))
    return EXIT_FINDINGS if len(findings) or len(exceptions) else EXIT_OK


def run_daily(args: argparse.Namespace) -> int:
    """Handler of ``orgplan daily``."""
    from orgplan.sales.showroom import daily_report, missing_reports, monthly_summary, plan_vs_done, summary_text

    data = _load(args.folder)
    if args.summary:
        print(summary_text(monthly_summary(data, args.summary), args.summary))
        return EXIT_OK
    if args.plans:
        _show(plan_vs_done(data.plans, data, period=args.plans, consultant=args.consultant), args, _("Action plans {period} against what happened:").format(
            period=args.plans))
        return EXIT_OK
    if args.missing:
        table = missing_reports(data.reports, data.traffic, data.followups, period=args.missing)
        if args.consultant:
            table = table[table["consultant_id"] == args.consultant]
        _show(table, args, _("Daily reports in {period}:").format(period=args.missing))
        return EXIT_FINDINGS if int(table["missing"].sum()) else EXIT_OK
    table = daily_report(data, args.on, consultant=args.consultant)
    _show(table, args, _("Daily sales report {day}:").format(day=args.on))
    return EXIT_FINDINGS if not table["reported"].all() else EXIT_OK


def run_customer_card(args: argparse.Namespace) -> int:
    """Handler of ``orgplan customer-card``."""
    from orgplan.render.customer_card import write_card
    from orgplan.sales.showroom import customer_card

    path = write_card(customer_card(_load(args.folder), args.customer, args.on), args.html)
    print(_("Wrote {path}.").format(path=path))
    return EXIT_OK
