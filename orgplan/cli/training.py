"""``orgplan training …`` (being built)."""

from __future__ import annotations

import argparse

from orgplan.i18n import Translator

_ = Translator("training")

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``orgplan training …`` to the command line."""
