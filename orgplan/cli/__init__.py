"""The ``orgplan`` command line: ``orgplan VERB …``.

Each verb lives in a module of this package that defines
``register(subparsers)``; the module names are listed in ``COMMAND_MODULES``.
Commands are thin: they read arguments, call the package's functions and
print or write what those return.

Exit codes, for every command: 0 success; 1 the input has errors
(findings); 2 the input cannot be read or the call is wrong.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import Sequence

from orgplan.cli._common import EXIT_UNREADABLE, run_command

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
)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every verb registered."""
    parser = argparse.ArgumentParser(
        prog="orgplan",
        description="Org design and planning for a car dealership (4S store).",
    )
    subparsers = parser.add_subparsers(dest="verb", metavar="VERB")
    subparsers.required = True
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"orgplan.cli.{name}")
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``orgplan`` with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on a wrong call, 0 on --help
        return int(exc.code or 0)
    return run_command(args.handler, args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
