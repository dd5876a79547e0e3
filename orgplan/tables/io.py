"""Reading and writing tables: CSV files and Excel workbooks, written atomically.

CSV files may be UTF-8 (with or without the BOM Excel writes) or GBK/GB18030
as Excel saves them on Chinese Windows. Files are written atomically: to a
temporary file beside the target, then renamed over it, so an interrupted run
never leaves a half-written file.

Examples
--------
>>> import tempfile, pathlib, pandas as pd
>>> from orgplan.tables.io import read_table, write_table
>>> with tempfile.TemporaryDirectory() as tmp:
...     p = write_table(pd.DataFrame({"部門": ["销售部"], "編制": [3]}), pathlib.Path(tmp) / "t.csv")
...     read_table(p).columns.tolist()
['部門', '編制']
"""

from __future__ import annotations

import contextlib
import io as _io
import os
import tempfile
from pathlib import Path
from typing import Iterator, Mapping

import pandas as pd

from orgplan.errors import DataError, ParameterError, Problem
from orgplan.i18n import Translator

_ = Translator("tables")

__all__ = ["read_table", "write_table", "write_workbook", "atomic_path", "read_workbook", "no_rows_problem"]


def read_table(path: str | os.PathLike, *, sheet: str | None = None, require_rows: bool = False) -> pd.DataFrame:
    """Read one table (``.csv`` or a sheet of ``.xlsx``) with every cell as text.

    Empty cells are ``""``; nothing is guessed. CSV encodings UTF-8, UTF-8
    with BOM and GBK/GB18030 are recognised.

    Parameters
    ----------
    path : str or Path
        The ``.csv`` or ``.xlsx`` file.
    sheet : str, optional
        Sheet of a workbook (default: the first).
    require_rows : bool, default False
        Report a table that has its header row but no data rows (code
        ``no_rows``) instead of returning it empty: for tables where
        "nothing" cannot be meant, such as a visit log or a plan.

    Raises
    ------
    FileNotFoundError
        If the file does not exist.
    DataError
        If the file cannot be parsed (the message says where and what to do).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "plan.csv").write_text("task_id,task\\n", encoding="utf-8")
    >>> read_table(folder / "plan.csv").shape
    (0, 2)
    >>> read_table(folder / "plan.csv", require_rows=True)
    Traceback (most recent call last):
    ...
    orgplan.errors.DataError: Found 1 problem in the input data:
      - ...plan.csv, row 2: expected data rows below the header row; the table has only its header.
    """
    table = _read_table(Path(path), sheet)
    if require_rows and table.empty:
        label = str(path) if sheet is None else f"{path}[{sheet}]"
        raise DataError([no_rows_problem(label)])
    return table


def no_rows_problem(file: str) -> Problem:
    """The problem of a table that has a header row and nothing below it."""
    return Problem(file, 2, None, None, _("data rows below the header row; the table has only its header"), "no_rows")


def _read_table(path: Path, sheet: str | None) -> pd.DataFrame:
    if not path.exists():
        raise FileNotFoundError(_("{path}: no such file.").format(path=path))
    if path.is_dir():
        raise DataError([Problem(str(path), None, None, None, _("a .csv or .xlsx file, not a folder"), "unreadable")])
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        sheets = read_workbook(path)
        if sheet is None:
            return next(iter(sheets.values()))
        if sheet not in sheets:
            raise DataError([Problem(str(path), None, None, None,
                                     _("a sheet named {sheet} (found: {sheets})").format(sheet=repr(sheet), sheets=", ".join(sheets)), "missing_sheet")])
        return sheets[sheet]
    if suffix in (".csv", ".txt", ""):
        return _read_csv(path)
    raise DataError([Problem(str(path), None, None, None,
                             _("a .csv or .xlsx file (other formats: save as CSV UTF-8 or Excel workbook)"),
                             "unsupported_format")])


def _read_csv(path: Path) -> pd.DataFrame:
    raw = path.read_bytes()
    if not raw.strip():
        raise DataError([Problem(str(path), None, None, None, _("a header row and data rows; the file is empty"),
                                 "empty_file")])
    text = None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None:  # pragma: no cover - gb18030 decodes nearly any byte string
        raise DataError([Problem(str(path), None, None, None,
                                 _("text in UTF-8 or GBK; in Excel use 'Save as → CSV UTF-8'"), "bad_encoding")])
    frame = _parse_csv_fast(text)
    if frame is not None:
        frame.columns = [str(c).strip() for c in frame.columns]
        return frame
    try:
        frame = pd.read_csv(_io.StringIO(text), dtype=str, keep_default_na=False, skipinitialspace=False)
    except pd.errors.ParserError as exc:
        raise DataError([Problem(str(path), None, None, None,
                                 _("the same number of cells on every line ({reason})").format(reason=exc), "malformed_csv")]) from None
    except pd.errors.EmptyDataError:
        raise DataError([Problem(str(path), None, None, None, _("a header row; the file is empty"),
                                 "empty_file")]) from None
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame


def _parse_csv_fast(text: str) -> pd.DataFrame | None:
    """Parse with pyarrow's multi-threaded reader when it is installed; None to fall back.

    Any trouble (a ragged row, an odd quote) falls back to pandas' own
    parser, whose error messages say on which line the file is broken.
    """
    try:
        import pyarrow  # noqa: F401
    except ImportError:  # pragma: no cover - pyarrow is a dependency, but stay usable without it
        return None
    try:
        frame = pd.read_csv(_io.BytesIO(text.encode("utf-8")), dtype=str, keep_default_na=False, engine="pyarrow")
    except Exception:  # noqa: BLE001 - every failure means "let the careful parser explain"
        return None
    # pyarrow reads a header-only file as no columns when it has no newline: let pandas decide
    return frame if len(frame.columns) else None


def read_workbook(path: Path) -> dict[str, pd.DataFrame]:
    try:
        sheets = pd.read_excel(path, sheet_name=None, dtype=str, keep_default_na=False, engine="openpyxl")
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise DataError([Problem(str(path), None, None, None,
                                 _("an Excel .xlsx workbook that opens ({reason})").format(reason=f"{type(exc).__name__}: {exc}"),
                                 "unreadable")]) from None
    for frame in sheets.values():
        frame.columns = [str(c).strip() for c in frame.columns]
    return sheets


def write_table(table: pd.DataFrame, path: str | os.PathLike, *, sheet_name: str = "Sheet1") -> Path:
    """Write a DataFrame to ``.csv`` (UTF-8 with BOM, so Excel shows Chinese) or ``.xlsx``, atomically.

    Examples
    --------
    >>> import tempfile, pathlib, pandas as pd
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     p = write_table(pd.DataFrame({"部門": ["销售部"]}), pathlib.Path(tmp) / "t.csv")
    ...     read_table(p)
       部門
    0  销售部
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise DataError([Problem(str(path), None, None, None, _("an output name ending in .csv or .xlsx"),
                                 "unsupported_format")], _("{path}: cannot write this output").format(path=path))
    if suffix == ".xlsx":
        return write_workbook({sheet_name: table}, path)
    with atomic_path(path) as tmp:
        table.to_csv(tmp, index=False, encoding="utf-8-sig")
    return path


def write_workbook(sheets: Mapping[str, pd.DataFrame], path: str | os.PathLike, *,
                   number_formats: Mapping[str, str] | None = None, freeze_header: bool = False) -> Path:
    """Write several tables as the sheets of one ``.xlsx`` workbook, atomically.

    The workbook is written completely or not at all: an interrupted run
    leaves the previous file untouched. Sheet names are cut to Excel's 31
    characters. ``number_formats`` maps a column header to an Excel number
    format (``"#,##0.00"`` for amounts of money), applied in every sheet
    that has the column; ``freeze_header`` keeps the header row in view.

    Examples
    --------
    >>> import tempfile, pathlib, pandas as pd
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     p = write_workbook({"部門": pd.DataFrame({"a": [1]}), "findings": pd.DataFrame({"b": [2]})},
    ...                        pathlib.Path(tmp) / "review.xlsx")
    ...     pd.ExcelFile(p).sheet_names
    ['部門', 'findings']
    """
    path = Path(path)
    with atomic_path(path) as tmp:
        with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
            for name, table in sheets.items():
                table.to_excel(writer, sheet_name=str(name)[:31], index=False)
                _format_sheet(writer.sheets[str(name)[:31]], table, number_formats or {}, freeze_header)
    return path


def _format_sheet(sheet, table: pd.DataFrame, number_formats: Mapping[str, str], freeze_header: bool) -> None:
    """Number formats by column header, and the header row frozen (openpyxl worksheet)."""
    if freeze_header:
        sheet.freeze_panes = "A2"
    for index, column in enumerate(table.columns, start=1):
        number_format = number_formats.get(str(column))
        if number_format:
            for (cell,) in sheet.iter_rows(min_row=2, max_row=len(table) + 1, min_col=index, max_col=index):
                cell.number_format = number_format


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success rename it over ``path``.

    If the block raises, the temporary file is removed and ``path`` is
    untouched.

    Raises
    ------
    FileNotFoundError, NotADirectoryError, IsADirectoryError, PermissionError, OSError
        Before anything is written, if ``path`` cannot be written there: its
        folder is missing or is a file, ``path`` is a folder, or the folder
        is not writable. Each message names ``path`` (never the temporary
        file) and what to do.
    """
    path = Path(path)
    folder = path.parent
    if not folder.exists():
        raise FileNotFoundError(_("{path}: the folder {folder} does not exist.").format(path=path, folder=folder))
    if not folder.is_dir():
        raise NotADirectoryError(_("{path}: {folder} is a file, not a folder; choose another place for the output.")
                                 .format(path=path, folder=folder))
    if path.is_dir():
        raise IsADirectoryError(_("{path} is a folder; give the name of a file to write.").format(path=path))
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix + ".tmp", dir=folder)
    except PermissionError:
        raise PermissionError(_("{path}: cannot write in the folder {folder} (permission denied); "
                                "choose a folder you may write to.").format(path=path, folder=folder)) from None
    except OSError as exc:
        raise OSError(_("{path}: cannot write in the folder {folder} ({reason}).")
                      .format(path=path, folder=folder, reason=exc.strerror)) from None
    os.close(fd)
    mask = os.umask(0)  # mkstemp makes the file private (0600); give it the usual permissions
    os.umask(mask)
    os.chmod(name, 0o666 & ~mask)
    tmp = Path(name)
    try:
        yield tmp
        try:
            os.replace(tmp, path)
        except PermissionError:
            raise PermissionError(_("{path}: cannot replace the file (permission denied, or it is open in "
                                    "another program such as Excel); close it or choose another name. "
                                    "The existing file is unchanged.").format(path=path)) from None
        except OSError as exc:
            raise OSError(_("{path}: cannot be written ({reason}); the existing file, if any, is unchanged.")
                          .format(path=path, reason=exc.strerror)) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
