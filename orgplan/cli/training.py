"""``orgplan training …``: the training plan, who was trained, the checks, the competency matrix and needs.

* ``orgplan training plan CONFIG`` — the sessions, held and planned, with attendance;
* ``orgplan training summary CONFIG`` — per consultant: sessions expected and attended, hours, score;
* ``orgplan training check CONFIG`` — no training in a quarter, a new hire not trained before
  selling, a failed exam; exit 1 when anything is found;
* ``orgplan training matrix CONFIG [--area product|process|fi]`` — the competency matrix;
* ``orgplan training needs CONFIG`` — what each consultant should be trained on next.
"""

from __future__ import annotations

import argparse

from orgplan.cli._common import EXIT_FINDINGS, EXIT_OK, add_csv_option, emit_table
from orgplan.i18n import Translator

_ = Translator("training")

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``orgplan training …`` to the command line."""
    parser = subparsers.add_parser("training", help=_("the sales team's training plan, records and checks"),
                                   description=_("The training plan (monthly sessions and sessions on demand), "
                                                 "attendance and exams, the competency matrix and the training "
                                                 "needs, from the training YAML (e.g. "
                                                 "data/training/training-2027.yaml)."))
    verbs = parser.add_subparsers(dest="training_verb", metavar="ACTION")
    verbs.required = True
    commands = {
        "plan": (_("the sessions, held and planned, with attendance"), run_plan),
        "summary": (_("per consultant: sessions attended, hours, average score"), run_summary),
        "check": (_("no training in a quarter, new hires not trained before selling, failed exams"), run_check),
        "matrix": (_("the competency matrix: consultants × models, process steps and F&I"), run_matrix),
        "needs": (_("what each consultant should be trained on next"), run_needs),
    }
    for name, (words, handler) in commands.items():
        verb = verbs.add_parser(name, help=words, description=words)
        verb.add_argument("config", metavar="CONFIG",
                          help=_("the training YAML file, e.g. data/training/training-2027.yaml"))
        if name == "matrix":
            verb.add_argument("--area", choices=("product", "process", "fi"),
                              help=_("one area only (default: all)"))
        add_csv_option(verb)
        verb.set_defaults(handler=handler)


def _config(args: argparse.Namespace):
    from orgplan.training import read_training_config

    return read_training_config(args.config)


def run_plan(args: argparse.Namespace) -> int:
    """Handler of ``orgplan training plan``."""
    from orgplan.training import display_table, session_table

    table = session_table(_config(args))
    emit_table(display_table(table[["session_id", "date", "session_kind", "topic_kind", "topic", "trainer",
                                    "audience", "hours", "held", "attendance"]]), args.csv)
    return EXIT_OK


def run_summary(args: argparse.Namespace) -> int:
    """Handler of ``orgplan training summary``."""
    from orgplan.training import display_table, training_summary

    emit_table(display_table(training_summary(_config(args))), args.csv)
    return EXIT_OK


def run_check(args: argparse.Namespace) -> int:
    """Handler of ``orgplan training check``."""
    from orgplan.training import display_table, training_checks

    config = _config(args)
    found = training_checks(config)
    if found.empty:
        print(_("No finding: everyone trained each quarter, new hires before selling, every exam passed."))
        return EXIT_OK
    emit_table(display_table(found[["severity", "code", "consultant_id", "name", "period"]]), args.csv)
    if args.csv != "-":
        count = len(found)
        print("\n" + _.ngettext("{n} finding on {date}:", "{n} findings on {date}:", count).format(
            n=count, date=config.as_of))
        for message in found["message"]:
            print("  " + message)
    return EXIT_FINDINGS


def run_matrix(args: argparse.Namespace) -> int:
    """Handler of ``orgplan training matrix``."""
    from orgplan.errors import DataError, Problem
    from orgplan.training import competency_matrix

    config = _config(args)
    if config.competency is None:
        raise DataError([Problem(config.source, None, "files.competency", None,
                                 _("the competency file, e.g. competency: competency.csv"), "missing_value")])
    table = competency_matrix(config.competency, area=args.area, consultants=config.consultants)
    emit_table(table.reset_index(names=_("consultant")), args.csv)
    return EXIT_OK


def run_needs(args: argparse.Namespace) -> int:
    """Handler of ``orgplan training needs``."""
    from orgplan.training import display_table, training_needs

    emit_table(display_table(training_needs(_config(args))), args.csv)
    return EXIT_OK
