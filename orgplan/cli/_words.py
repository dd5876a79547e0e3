"""argparse's own words (``usage:``, ``options``, its error messages), in the catalogue of the ``cli`` domain.

:func:`speak` points argparse at orgplan's translator, so ``--help`` and
a wrong call read in the language chosen, like everything else.
"""

from __future__ import annotations

import argparse

from orgplan.i18n import N_, Translator

_ = Translator("cli")

__all__ = ["ARGPARSE_WORDS", "speak"]

#: The messages of Python's argparse that a user of ``orgplan`` can see (its message ids, as it writes them).
ARGPARSE_WORDS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("unrecognized arguments: %s"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
)


def speak() -> None:
    """Make argparse translate its words with orgplan's catalogue (the language in force when it prints)."""
    argparse._ = _  # type: ignore[attr-defined]  # argparse looks ``_`` up in its module when it formats
    argparse.ngettext = _.ngettext  # type: ignore[attr-defined]
