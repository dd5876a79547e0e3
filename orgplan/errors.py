"""The exceptions orgplan raises, and the record of one problem in a data file.

Every exception derives from :class:`OrgPlanError`, and also from the builtin
that fits (``ValueError``, ``KeyError``), so ``except ValueError`` keeps
working for users who do not know orgplan's hierarchy.

Examples
--------
>>> from orgplan.errors import DataError, Problem
>>> problem = Problem(file="positions.csv", row=7, column="approved",
...                   value="-2", expected="a whole number of 0 or more")
>>> print(problem)
positions.csv, row 7, column 'approved': got '-2', expected a whole number of 0 or more.
>>> err = DataError([problem])
>>> isinstance(err, ValueError)
True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from orgplan.i18n import Translator

_ = Translator("errors")

__all__ = [
    "OrgPlanError",
    "DataError",
    "Problem",
    "UnknownIdError",
    "ParameterError",
    "ChangeError",
    "ChartWarning",
    "CJKFontWarning",
    "CJKFontError",
    "RoundingError",
    "TargetError",
    "MarginMismatchError",
    "InfeasibleError",
    "NotConvergedError",
    "NoPdfRendererError",
    "CyclicPlanError",
    "ScenarioConflict",
]


class OrgPlanError(Exception):
    """Base class of every error orgplan raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong in an input file, located as a spreadsheet user sees it.

    Parameters
    ----------
    file : str
        File (or ``workbook.xlsx[sheet]``) the problem is in.
    row : int or None
        Row number as shown by a spreadsheet program: the header is row 1,
        so the first data row is row 2. ``None`` for a whole-file problem.
    column : str or None
        Column name as written in the file, ``None`` for a whole-row problem.
    value : str or None
        The offending value as text, ``None`` when the cell is missing.
    expected : str
        What would have been right, in words.
    code : str
        A stable reason code (``missing_value``, ``not_a_number``,
        ``duplicate_id`` …) for programs that sort or count problems.
    """

    file: str
    row: int | None
    column: str | None
    value: str | None
    expected: str
    code: str = "invalid_value"

    def __str__(self) -> str:
        return self._text(with_place=True)

    def detail(self) -> str:
        """The problem without its file and row, for a listing that shows them in a column of its own.

        Examples
        --------
        >>> Problem("positions.csv", 7, "approved", "-2", "a whole number of 0 or more").detail()
        "column 'approved': got '-2', expected a whole number of 0 or more."
        """
        return self._text(with_place=False)

    def _text(self, *, with_place: bool) -> str:
        where = [self.file] if with_place else []
        if self.row is not None and with_place:
            where.append(_("row {row}").format(row=self.row))
        if self.column is not None:
            where.append(_("column {column}").format(column=repr(self.column)))
        if not where:
            if self.value is None:
                return _("expected {expected}.").format(expected=self.expected)
            return _("got {value}, expected {expected}.").format(value=repr(self.value), expected=self.expected)
        if self.value is None:
            return _("{where}: expected {expected}.").format(where=_(", ").join(where), expected=self.expected)
        return _("{where}: got {value}, expected {expected}.").format(
            where=_(", ").join(where), value=repr(self.value), expected=self.expected)


class DataError(OrgPlanError, ValueError):
    """The input files have problems; ``problems`` lists every one of them.

    Loading collects all problems before raising, so a user fixes a file in
    one pass instead of one error at a time.
    """

    def __init__(self, problems: Iterable[Problem], summary: str | None = None):
        self.problems: list[Problem] = list(problems)
        count = len(self.problems)
        head = summary or _.ngettext("Found {count} problem in the input data",
                                     "Found {count} problems in the input data", count).format(count=count)
        lines = [head + _(":")] + [f"  - {p}" for p in self.problems[:50]]
        if count > 50:
            lines.append("  " + _("… and {count} more.").format(count=count - 50))
        super().__init__("\n".join(lines))

    def to_frame(self):
        """The problems as a DataFrame (file, row, column, value, expected, code)."""
        import pandas as pd

        return pd.DataFrame(
            [vars(p) for p in self.problems],
            columns=["file", "row", "column", "value", "expected", "code"],
        )


class UnknownIdError(OrgPlanError, KeyError):
    """An id (unit, position, duty) that the structure does not have."""

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0]) if self.args else ""


class ParameterError(OrgPlanError, ValueError):
    """A function was called with a value it cannot work with.

    The message follows scikit-learn: "The 'count' parameter of
    validate_requests must be a positive integer. Got -2 instead."
    """


class ChangeError(OrgPlanError, ValueError):
    """A change to a structure that cannot be made, with the reason why."""


class ChartWarning(OrgPlanError, UserWarning):
    """Something about a chart the user should know: it is still drawn."""


class CJKFontWarning(ChartWarning):
    """No installed font covers the chart's Chinese text: it would print as boxes."""


class CJKFontError(OrgPlanError, RuntimeError):
    """The font named for a chart has no Chinese characters: the chart would print boxes, so it is not drawn."""


class RoundingError(OrgPlanError, ArithmeticError):
    """No integer table within the allowed distance of the fractional one exists."""


class TargetError(OrgPlanError, ValueError):
    """Base class of the errors a target decomposition raises."""


class MarginMismatchError(TargetError):
    """Two margins disagree: on the total, or on the cells they share.

    ``differences`` holds one row per disagreement (``margin``, ``other``,
    ``cell``, ``value``, ``other_value``, ``difference``).
    """

    def __init__(self, message: str, differences: pd.DataFrame | None = None):
        import pandas as pd

        super().__init__(message)
        self.differences = differences if differences is not None else pd.DataFrame()


class InfeasibleError(TargetError):
    """The margins or bounds cannot all be met (e.g. the seed's zeros forbid it)."""


class NotConvergedError(TargetError):
    """Iterative fitting did not reach the tolerance within ``max_iter`` iterations."""


class NoPdfRendererError(OrgPlanError, RuntimeError):
    """No program that turns HTML into PDF is installed."""


class CyclicPlanError(DataError):
    """The plan's dependencies go round in a circle, so no status can be given.

    ``cycles`` holds each cycle as a list of task ids (first id repeated at
    the end is left out); ``problems`` point at the ``depends_on`` cells.
    """

    def __init__(self, cycles: list[list[str]], problems: Iterable[Problem]):
        self.cycles = [list(c) for c in cycles]
        named = "; ".join(" → ".join(c + [c[0]]) for c in self.cycles)
        super().__init__(problems, _("The plan's dependencies form a cycle ({cycles}); break it by removing one "
                                     "of these dependencies").format(cycles=named))


class ScenarioConflict(ChangeError):
    """A scenario does not fit the base it is replayed on; ``conflicts`` lists every step that failed."""

    def __init__(self, scenario: str, conflicts: pd.DataFrame):
        self.conflicts = conflicts
        lines = [_.ngettext("Scenario {scenario} does not fit its base: {count} change cannot be made:",
                            "Scenario {scenario} does not fit its base: {count} changes cannot be made:",
                            len(conflicts)).format(scenario=repr(scenario), count=len(conflicts))]
        lines += ["  - " + _("step {step} ({op}): {reason}").format(step=r.step, op=r.op, reason=r.reason)
                  for r in conflicts.itertuples()]
        super().__init__("\n".join(lines))
