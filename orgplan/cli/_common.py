"""What every command shares: exit codes, error reporting and table output."""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path
from typing import Callable

import pandas as pd

from orgplan.errors import DataError, OrgPlanError
from orgplan.i18n import N_, Translator

_ = Translator("cli")

__all__ = [
    "EXIT_OK",
    "EXIT_FINDINGS",
    "EXIT_UNREADABLE",
    "run_command",
    "os_error_message",
    "output_file",
    "output_structure",
    "add_csv_option",
    "emit_table",
    "format_table",
    "display_width",
]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_UNREADABLE = 2


def run_command(handler: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Call ``handler(args)``; turn orgplan's errors into a message and exit code 2.

    A data error prints every problem it carries, so the user fixes the file
    in one pass; nothing is printed as a Python traceback.
    """
    try:
        return handler(args)
    except DataError as exc:
        print(f"orgplan: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    except OrgPlanError as exc:
        print(f"orgplan: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    except BrokenPipeError:  # e.g. `orgplan summary … | head`
        return EXIT_OK
    except OSError as exc:  # a file or folder that cannot be read or written: say which and why
        print(f"orgplan: {os_error_message(exc)}", file=sys.stderr)
        return EXIT_UNREADABLE


_OS_REASONS: tuple[tuple[type[OSError], str], ...] = (
    (FileNotFoundError, N_("no such file or folder")),
    (FileExistsError, N_("a file of that name is in the way where a folder is needed; choose another name")),
    (NotADirectoryError, N_("part of the path is a file, not a folder; choose another place")),
    (IsADirectoryError, N_("is a folder; give the name of a file")),
    (PermissionError, N_("permission denied; choose a place you may write to, or close the file if another "
                         "program (such as Excel) has it open")),
)


def os_error_message(exc: OSError) -> str:
    """One line for an operating-system error: the path and what to do, without ``[Errno …]``.

    orgplan's own messages (an error built from one sentence) are kept as
    they are.

    Examples
    --------
    >>> import errno, os
    >>> os_error_message(FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), "out/forms"))
    'out/forms: a file of that name is in the way where a folder is needed; choose another name.'
    >>> os_error_message(FileNotFoundError("plan.csv: no such file."))
    'plan.csv: no such file.'
    """
    if exc.errno is None or exc.filename is None:
        return str(exc)
    reason = next((text for kind, text in _OS_REASONS if isinstance(exc, kind)), None)
    where = str(exc.filename) + (f" → {exc.filename2}" if exc.filename2 else "")
    return _("{where}: {reason}.").format(where=where, reason=_(reason) if reason else exc.strerror)


def _output_path(value: str, *, suffixes: tuple[str, ...], what: str) -> Path:
    path = Path(value)
    if suffixes and path.suffix.lower() not in suffixes:
        raise argparse.ArgumentTypeError(
            _("{value}: {what} must end in {suffixes}").format(value=repr(value), what=_(what),
                                                                suffixes=_(" or ").join(suffixes)))
    if path.is_dir():
        raise argparse.ArgumentTypeError(_("{value} is a folder; give the name of a file").format(value=repr(value)))
    folder = path.parent
    if not folder.exists():
        raise argparse.ArgumentTypeError(_("{value}: the folder {folder} does not exist; create it first").format(
            value=repr(value), folder=repr(str(folder))))
    if not folder.is_dir():
        raise argparse.ArgumentTypeError(_("{value}: {folder} is a file, not a folder").format(
            value=repr(value), folder=repr(str(folder))))
    return path


def output_file(*suffixes: str, what: str = N_("the output file")) -> Callable[[str], str]:
    """An argparse ``type=`` that checks an output file's name before any work is done.

    The suffix must be one of ``suffixes`` (any, when none are given), the
    name must not be a folder, and its folder must exist; otherwise the
    call is wrong (exit 2) and nothing is computed or written.

    Examples
    --------
    >>> import argparse
    >>> parser = argparse.ArgumentParser(prog="orgplan chart", exit_on_error=False)
    >>> _ = parser.add_argument("-o", type=output_file(".svg", ".png"))
    >>> parser.parse_args(["-o", "chart.png"]).o
    'chart.png'
    >>> parser.parse_args(["-o", "chart.jpg"])
    Traceback (most recent call last):
    ...
    argparse.ArgumentError: argument -o: 'chart.jpg': the output file must end in .svg or .png
    """
    def check(value: str) -> str:
        _output_path(value, suffixes=tuple(s.lower() for s in suffixes), what=what)
        return value

    check.__name__ = "output file"
    return check


def number_in(low: float, high: float, *, whole: bool = False) -> Callable[[str], float]:
    """An argparse ``type=`` for a number option from ``low`` to ``high``: a bad value is a wrong call (exit 2).

    The message names the option as the user typed it (argparse adds
    ``argument --growth:``), never a function inside orgplan.

    Examples
    --------
    >>> import argparse
    >>> parser = argparse.ArgumentParser(prog="orgplan kpi", exit_on_error=False)
    >>> _ = parser.add_argument("--lost-after", type=number_in(1, 3650, whole=True))
    >>> parser.parse_args(["--lost-after", "90"]).lost_after
    90
    >>> parser.parse_args(["--lost-after", "99999999999"])
    Traceback (most recent call last):
    ...
    argparse.ArgumentError: argument --lost-after: expected a whole number from 1 to 3650, got '99999999999'
    """
    def check(value: str) -> float:
        from orgplan.tables.cells import parse_number

        number = parse_number(value)
        if number is None or not low <= number <= high or (whole and number != int(number)):
            what = (_("a whole number from {low} to {high}") if whole else _("a number from {low} to {high}")).format(
                low=low, high=high)
            raise argparse.ArgumentTypeError(_("expected {what}, got {value}").format(what=what, value=repr(value)))
        return int(number) if whole else number

    check.__name__ = "number"
    return check


def output_structure(value: str) -> str:
    """An argparse ``type=`` for where a structure is written: a folder (made if needed) or an ``.xlsx``.

    A name with another file suffix (``draft.csv``) or an existing file is
    a wrong call (exit 2), checked before any work is done.

    Examples
    --------
    >>> output_structure("out/draft-2027")
    'out/draft-2027'
    >>> output_structure("out/draft.csv")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: 'out/draft.csv': a structure is written to a folder or an .xlsx workbook, not a .csv file
    """
    from orgplan.model.io import FILE_SUFFIXES

    path = Path(value)
    suffix = path.suffix.lower()
    if suffix in FILE_SUFFIXES:
        raise argparse.ArgumentTypeError(
            _("{value}: a structure is written to a folder or an .xlsx workbook, not a {suffix} file").format(
                value=repr(value), suffix=suffix))
    if suffix == ".xlsx":
        _output_path(value, suffixes=(".xlsx",), what=N_("the workbook"))
    elif path.exists() and not path.is_dir():
        raise argparse.ArgumentTypeError(_("{value} is a file; give the name of a folder (or of an .xlsx workbook)")
                                         .format(value=repr(value)))
    for parent in path.parents:
        if parent.exists():
            if not parent.is_dir():
                raise argparse.ArgumentTypeError(_("{value}: {folder} is a file, not a folder").format(
                    value=repr(value), folder=repr(str(parent))))
            break
    return value


def _csv_output(value: str) -> str:
    if value == "-":
        return value
    _output_path(value, suffixes=(".csv", ".xlsx"), what=N_("--csv FILE"))
    return value


def add_csv_option(parser: argparse.ArgumentParser) -> None:
    """Add the project-wide ``--csv FILE`` option (``-`` for standard output)."""
    parser.add_argument(
        "--csv",
        metavar="FILE",
        type=_csv_output,
        help=_("write the table as CSV to FILE ('-' for standard output; FILE.xlsx for Excel) instead of printing it"),
    )


def format_table(table: pd.DataFrame, *, max_rows: int | None = None) -> str:
    """Render a DataFrame as aligned plain text that keeps Chinese columns lined up.

    East Asian wide characters take two terminal cells, so widths are counted
    in cells, not in characters.

    Examples
    --------
    >>> import pandas as pd
    >>> print(format_table(pd.DataFrame({"unit_id": ["GM", "SALES"], "name": ["总经理室", "销售部"]})))
    unit_id  name
    GM       总经理室
    SALES    销售部
    """
    if table.empty:
        return _("(no rows)")
    shown = table if max_rows is None or len(table) <= max_rows else table.head(max_rows)
    columns = [str(c) for c in shown.columns]
    decimals = [_decimals(shown[c]) for c in shown.columns]
    cells = [[_cell_text(v, decimals[i]) for i, v in enumerate(row)] for row in shown.itertuples(index=False)]
    widths = [
        max([display_width(c)] + [display_width(r[i]) for r in cells])
        for i, c in enumerate(columns)
    ]
    numeric = [pd.api.types.is_numeric_dtype(shown[c]) for c in shown.columns]

    def line(values: list[str]) -> str:
        parts = []
        for i, value in enumerate(values):
            pad = " " * (widths[i] - display_width(value))
            parts.append(pad + value if numeric[i] else value + pad)
        return "  ".join(parts).rstrip()

    out = [line(columns)] + [line(r) for r in cells]
    if shown is not table:
        out.append(_("… {count} more rows (use --csv FILE for all)").format(count=len(table) - len(shown)))
    return "\n".join(out)


def emit_table(table: pd.DataFrame, csv: str | None, *, stream=None) -> None:
    """Print ``table`` readably, or write it as CSV to ``csv`` (``-`` = standard output).

    A CSV file is written atomically, so an interrupted run never leaves a
    half-written file behind.
    """
    stream = stream or sys.stdout
    if csv is None:
        print(format_table(table), file=stream)
    elif csv == "-":
        from orgplan.tables.io import csv_text

        stream.write(csv_text(table))
    else:
        from orgplan.tables.io import write_table

        write_table(table, csv)


def _decimals(column: pd.Series) -> int:
    """0 for a float column of whole numbers (money), else 2."""
    if not pd.api.types.is_float_dtype(column):
        return 0
    values = column.dropna()
    return 0 if ((values % 1) == 0).all() else 2


def _cell_text(value, decimals: int = 0) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return f"{value:,.{decimals}f}"
    return str(value).replace("\n", " ")


def display_width(text: str) -> int:
    """How many terminal cells ``text`` takes (a Chinese character takes two)."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
