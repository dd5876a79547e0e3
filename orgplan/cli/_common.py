"""What every command shares: exit codes, error reporting and table output."""

from __future__ import annotations

import argparse
import io
import sys
from typing import Callable

import pandas as pd

from orgplan.errors import DataError, OrgPlanError

__all__ = [
    "EXIT_OK",
    "EXIT_FINDINGS",
    "EXIT_UNREADABLE",
    "run_command",
    "add_csv_option",
    "emit_table",
    "format_table",
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
    except (OrgPlanError, FileNotFoundError, IsADirectoryError, PermissionError) as exc:
        print(f"orgplan: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    except BrokenPipeError:  # e.g. `orgplan summary … | head`
        return EXIT_OK


def add_csv_option(parser: argparse.ArgumentParser) -> None:
    """Add the project-wide ``--csv FILE`` option (``-`` for standard output)."""
    parser.add_argument(
        "--csv",
        metavar="FILE",
        help="write the table as CSV to FILE ('-' for standard output) instead of printing it",
    )


def format_table(table: pd.DataFrame, *, max_rows: int | None = None) -> str:
    """Render a DataFrame as aligned plain text that keeps Chinese columns lined up.

    East Asian wide characters take two terminal cells, so widths are counted
    in cells, not in characters.

    Examples
    --------
    >>> import pandas as pd
    >>> print(format_table(pd.DataFrame({"unit_id": ["GM", "SALES"], "name": ["總經理室", "銷售部"]})))
    unit_id  name
    GM       總經理室
    SALES    銷售部
    """
    if table.empty:
        return "(no rows)"
    shown = table if max_rows is None or len(table) <= max_rows else table.head(max_rows)
    columns = [str(c) for c in shown.columns]
    decimals = [_decimals(shown[c]) for c in shown.columns]
    cells = [[_cell_text(v, decimals[i]) for i, v in enumerate(row)] for row in shown.itertuples(index=False)]
    widths = [
        max([_display_width(c)] + [_display_width(r[i]) for r in cells])
        for i, c in enumerate(columns)
    ]
    numeric = [pd.api.types.is_numeric_dtype(shown[c]) for c in shown.columns]

    def line(values: list[str]) -> str:
        parts = []
        for i, value in enumerate(values):
            pad = " " * (widths[i] - _display_width(value))
            parts.append(pad + value if numeric[i] else value + pad)
        return "  ".join(parts).rstrip()

    out = [line(columns)] + [line(r) for r in cells]
    if shown is not table:
        out.append(f"… {len(table) - len(shown)} more rows (use --csv FILE for all)")
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
        buffer = io.StringIO()
        table.to_csv(buffer, index=False)
        stream.write(buffer.getvalue())
    else:
        from orgplan.io import write_table

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


def _display_width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
