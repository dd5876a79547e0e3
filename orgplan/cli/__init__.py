"""The ``orgplan`` command line: ``orgplan VERB …``.

Each verb lives in a module of this package that defines
``register(subparsers)``; the module names are listed in ``COMMAND_MODULES``.
Commands are thin: they read arguments, call the package's functions and
print or write what those return.

Exit codes, for every command: 0 success; 1 the input has errors
(findings); 2 the input cannot be read or the call is wrong.

Every verb takes ``--lang zh-Hans|zh-Hant|en`` (also before the verb); the
default is ``ORGPLAN_LANG`` or 简体中文. ``--help`` speaks the language chosen.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import Sequence

from orgplan import __version__
from orgplan.cli._common import EXIT_UNREADABLE, run_command
from orgplan.cli._words import speak
from orgplan.i18n import LANGUAGES, Translator, get_language, get_language_choice, normalise_language, set_language

_ = Translator("cli")

__all__ = ["main", "build_parser", "COMMAND_MODULES"]

#: Modules of ``orgplan.cli`` that contribute verbs, in the order ``--help`` lists them.
COMMAND_MODULES: tuple[str, ...] = (
    "demo",
    "structure",
    "chart",
    "scenario",
    "requests",
    "targets",
    "plan",
    "survey",
    "handbook",
    "kpi",
    "showroom",
    "pay",
    "staffing",
    "market",
    "training",
)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every verb registered."""
    speak()
    parser = argparse.ArgumentParser(
        prog="orgplan",
        description=_("Org design and planning for a car dealership (4S store)."),
    )
    parser.add_argument("--version", action="version", version=f"orgplan {__version__}",
                        help=_("show the version of orgplan and exit"))
    _add_language_option(parser)
    subparsers = parser.add_subparsers(dest="verb", metavar="VERB")
    subparsers.required = True
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"orgplan.cli.{name}")
        module.register(subparsers)
    for verb in _verb_parsers(subparsers):
        _add_language_option(verb)
    return parser


def _verb_parsers(subparsers: argparse._SubParsersAction) -> list[argparse.ArgumentParser]:
    """Every verb's parser, nested verbs (``requests validate``) included."""
    found = []
    for verb in dict.fromkeys(subparsers.choices.values()):
        found.append(verb)
        for action in verb._actions:
            if isinstance(action, argparse._SubParsersAction):
                found.extend(_verb_parsers(action))
    return found


def _language(value: str) -> str:
    try:
        return normalise_language(value, what="--lang")
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _add_language_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", type=_language, default=argparse.SUPPRESS, metavar="|".join(LANGUAGES),
                        help=_("language of messages, tables and files for people (default: ORGPLAN_LANG or zh-Hans)"))


def _language_in(argv: Sequence[str]) -> str | None:
    """``--lang X`` or ``--lang=X`` anywhere in the call (read before the parser is built, for ``--help``)."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.partition("=")[2]
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``orgplan`` with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    chosen = _language_in(argv)
    try:
        before = set_language(_language(chosen)) if chosen else set_language(get_language_choice())
        get_language()  # a bad ORGPLAN_LANG is reported here, once
    except (ValueError, argparse.ArgumentTypeError) as exc:
        print(f"orgplan: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    try:
        parser = build_parser()
        try:
            args = parser.parse_args(argv)
        except SystemExit as exc:  # argparse exits 2 on a wrong call, 0 on --help
            return int(exc.code or 0)
        return run_command(args.handler, args)
    finally:
        set_language(before)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
