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
import csv
import io as _io
import os
import re
import tempfile
from pathlib import Path
from typing import Iterator, Mapping

import pandas as pd

from orgplan.errors import DataError, ParameterError, Problem
from orgplan.i18n import Translator

_ = Translator("tables")

__all__ = ["read_table", "write_table", "write_workbook", "save_workbook", "atomic_path", "read_workbook",
           "no_rows_problem", "neutralise", "csv_text", "decode_text", "pick_sheet", "MAX_SHEET_CELLS",
           "MAX_UNPACKED_BYTES"]


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
    file = str(path)
    raw = path.read_bytes()
    if not raw.strip():
        raise DataError([Problem(file, None, None, None, _("a header row and data rows; the file is empty"),
                                 "empty_file")])
    if b"\x00" in raw[:4096] or raw.startswith(b"PK\x03\x04"):
        raise DataError([Problem(file, None, None, None,
                                 _("a CSV text file; this is a binary file (save it as CSV UTF-8, or give the "
                                   ".xlsx workbook itself)"), "bad_encoding")])
    text = decode_text(raw, file)
    cells = _parse_csv_fast(text)
    if cells is None:
        cells = _parse_csv_careful(text, file)
    if cells.empty:
        raise DataError([Problem(file, None, None, None, _("a header row; the file is empty"), "empty_file")])
    headers = [str(c).strip() for c in cells.iloc[0]]
    frame = cells.iloc[1:].reset_index(drop=True)
    frame.columns = _header_names(headers, file)
    return unquote_formulas(frame)


def decode_text(raw: bytes, file: str) -> str:
    """The text of a CSV or YAML file: UTF-8 (with or without BOM), GBK/GB18030 or Big5.

    Excel saves CSV as GBK on mainland Windows and as Big5 on Taiwanese and
    Hong Kong Windows. Big5 bytes usually decode as GB18030 too, into
    nonsense; the two readings are compared by how many of their characters
    are common Chinese characters, and the likelier one wins.

    Examples
    --------
    >>> decode_text("部門,編制".encode("big5"), "t.csv"), decode_text("部门,编制".encode("gbk"), "t.csv")
    ('部門,編制', '部门,编制')
    """
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    candidates = []
    for encoding in ("gb18030", "big5"):
        try:
            candidates.append((raw.decode(encoding), encoding))
        except UnicodeDecodeError:
            continue
    if not candidates:
        raise DataError([Problem(file, None, None, None,
                                 _("text in UTF-8, GBK or Big5; in Excel use 'Save as → CSV UTF-8'"), "bad_encoding")])
    scored = [(_common_characters(text, encoding), -i, text) for i, (text, encoding) in enumerate(candidates)]
    return max(scored)[2]


def _common_characters(text: str, encoding: str) -> int:
    """How many characters of ``text`` are common Chinese characters of ``encoding``'s own script.

    GB2312's characters for a GB18030 reading; Big5's frequent characters
    (lead bytes A4–C6) for a Big5 reading. A wrong reading gives rare
    characters, symbols and private-use characters instead.
    """
    count = 0
    for char in set(text):
        if char.isascii() or not ("\u4e00" <= char <= "\u9fff"):
            continue
        try:
            if encoding == "gb18030":
                char.encode("gb2312")
                count += text.count(char)
            elif 0xA4 <= char.encode("big5")[0] <= 0xC6:
                count += text.count(char)
        except UnicodeEncodeError:
            continue
    return count


def _header_names(headers: list[str], file: str) -> list[str]:
    """The header row's names; an empty header is named ``Unnamed: N``, an exact duplicate is refused."""
    names, seen, problems = [], {}, []
    for i, header in enumerate(headers):
        if not header:
            header = f"Unnamed: {i}"
        elif header in seen:
            problems.append(Problem(file, 1, header, header, _(
                "each column once; {header} is already column {first} (remove or rename one of them)").format(
                header=repr(header), first=seen[header] + 1), "duplicate_column"))
        seen.setdefault(header, i)
        names.append(header)
    if problems:
        raise DataError(problems)
    return names


#: What starts a formula in Excel, LibreOffice and WPS (OWASP's list, with the full-width forms a Chinese IME types).
_FORMULA_START = "=+-@\t\r\n＝＋－＠"
_FORMULA = re.compile(r"^[ \u3000]*[=+\-@＝＋－＠]|^[\t\r\n]")
_QUOTED_FORMULA = re.compile(r"^'(?=[ \u3000]*[=+\-@＝＋－＠]|[\t\r\n])")
_NUMBER_TEXT = re.compile(r"^[+-]?(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?(?:[eE][+-]?\d+)?$")


def unquote_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Take off the ``'`` the writers put before a cell that would start a formula (``'=1+1`` → ``=1+1``).

    So a table orgplan wrote reads back as it was.
    """
    for column in frame.columns:
        values = frame[column]
        if values.dtype == object or pd.api.types.is_string_dtype(values):
            quoted = values.astype("str").str.startswith("'")
            if quoted.any():
                frame[column] = values.astype("str").str.replace(_QUOTED_FORMULA, "", regex=True)
    return frame


def neutralise(value: object) -> object:
    """A cell for a CSV file that no spreadsheet program runs as a formula (OWASP CSV injection).

    Text starting with ``= + - @`` (after any spaces), a tab, a carriage
    return or a line feed (or the full-width ``＝ ＋ － ＠``) gets a ``'`` in front, so Excel,
    WPS and LibreOffice show it as text; a number written as text
    (``-3``, ``-1,200.5``) and every non-text value are left as they are.
    :func:`read_table` takes the ``'`` off again.

    Examples
    --------
    >>> neutralise("=1+1"), neutralise("-3"), neutralise("@SUM(A1)"), neutralise("-1+2"), neutralise(5)
    ("'=1+1", '-3', "'@SUM(A1)", "'-1+2", 5)
    >>> neutralise("  =1+1"), neutralise("销售部")
    ("'  =1+1", '销售部')
    """
    if isinstance(value, str) and _FORMULA.match(value) and not _NUMBER_TEXT.match(value.strip()):
        return "'" + value
    return value


def _neutralised(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with every text cell and header passed through :func:`neutralise`."""
    out = table.copy()
    for i in range(out.shape[1]):
        values = out.iloc[:, i]
        if values.dtype == object or pd.api.types.is_string_dtype(values):
            risky = values.map(lambda v: isinstance(v, str) and bool(_FORMULA.match(v)))
            if risky.any():
                out.isetitem(i, values.map(neutralise))
    out.columns = [neutralise(c) if isinstance(c, str) else c for c in out.columns]
    return out


def csv_text(table: pd.DataFrame) -> str:
    """``table`` as CSV text (no byte-order mark), formulas neutralised: what ``--csv -`` prints."""
    buffer = _io.StringIO()
    safe = _neutralised(table)
    safe.to_csv(buffer, index=False, lineterminator=_line_end(safe))
    return buffer.getvalue()


def _parse_csv_fast(text: str) -> pd.DataFrame | None:
    """Every line's cells as text, header row included, with pyarrow's multi-threaded reader; None to fall back.

    Any trouble (a ragged row, an odd quote) falls back to the careful
    parser, which says on which row the file is broken.
    """
    try:
        import pyarrow  # noqa: F401
    except ImportError:  # pragma: no cover - pyarrow is a dependency, but stay usable without it
        return None
    try:
        frame = pd.read_csv(_io.BytesIO(text.encode("utf-8")), dtype=str, keep_default_na=False, engine="pyarrow",
                            header=None)
    except Exception:  # noqa: BLE001 - every failure means "let the careful parser explain"
        return None
    if frame.isna().to_numpy().any():
        return None
    return frame if len(frame.columns) else None


def _parse_csv_careful(text: str, file: str) -> pd.DataFrame:
    """Every record's cells (Python's csv module), each checked against the header row's width.

    A record with more cells than the header is refused unless the extra
    cells are empty (Excel sometimes writes trailing commas); a shorter one
    is filled with empty cells. Rows are counted as a spreadsheet shows them.
    """
    reader = csv.reader(_io.StringIO(text, newline=""), strict=False)
    records: list[list[str]] = []
    problems: list[Problem] = []
    try:
        for record in reader:
            if not records:
                if not any(cell.strip() for cell in record):
                    continue  # blank lines above the header
                width = len(record)
            elif len(record) > width:
                if any(cell.strip() for cell in record[width:]):
                    extra = len(record) - width
                    problems.append(Problem(file, len(records) + 1, None, None, _.ngettext(
                        "the same number of cells as the header row ({width}); this row has {extra} cell too many "
                        "(a comma inside a cell? put the cell in double quotes)",
                        "the same number of cells as the header row ({width}); this row has {extra} cells too many "
                        "(a comma inside a cell? put the cell in double quotes)", extra).format(
                        width=width, extra=extra), "too_many_cells"))
                record = record[:width]
            elif not any(cell.strip() for cell in record):
                continue  # a blank line between rows
            records.append(record + [""] * (width - len(record)))
    except csv.Error as exc:
        raise DataError([Problem(file, len(records) + 1, None, None,
                                 _("a well-formed CSV line ({reason})").format(reason=exc), "malformed_csv")]) from None
    if problems:
        raise DataError(problems)
    return pd.DataFrame(records, dtype=object) if records else pd.DataFrame()


#: The most cells orgplan reads from one sheet of a workbook (a year's sales of a large group fit easily).
MAX_SHEET_CELLS = 20_000_000
#: The most bytes a workbook's parts may unpack to (a small file that unpacks to gigabytes is refused).
MAX_UNPACKED_BYTES = 1_000_000_000


def read_workbook(path: Path) -> dict[str, pd.DataFrame]:
    """Every sheet of an ``.xlsx`` workbook as a table of text cells, bounded by the cells it really holds.

    A sheet's size is taken from the cells that hold something, never
    from the range the file declares, so one stray cell at ``XFD1048576``
    does not make a table of 17 billion cells. Each frame's
    ``attrs["sheet_state"]`` is ``visible``, ``hidden`` or ``veryHidden``.

    Raises
    ------
    DataError
        If the workbook does not open, unpacks to more than
        :data:`MAX_UNPACKED_BYTES`, or a sheet's table (header row width ×
        rows down to the last one used) exceeds :data:`MAX_SHEET_CELLS`
        (code ``too_large``).
    """
    import zipfile

    import openpyxl

    file = str(path)
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise DataError([Problem(file, None, None, None,
                                 _("an Excel .xlsx workbook that opens ({reason})").format(reason=f"{type(exc).__name__}: {exc}"),
                                 "unreadable")]) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise DataError([Problem(file, None, None, None, _(
            "a workbook that unpacks to at most {limit:,} bytes; this one unpacks to {size:,}").format(
            limit=MAX_UNPACKED_BYTES, size=unpacked), "too_large")])
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a broken file
        raise DataError([Problem(file, None, None, None,
                                 _("an Excel .xlsx workbook that opens ({reason})").format(reason=f"{type(exc).__name__}: {exc}"),
                                 "unreadable")]) from None
    try:
        sheets = {}
        for sheet in book.worksheets:
            frame = _sheet_frame(sheet, f"{path.name}[{sheet.title}]")
            frame.attrs["sheet_state"] = sheet.sheet_state
            sheets[sheet.title] = frame
    except DataError:
        raise
    except Exception as exc:  # noqa: BLE001 - a broken part of the file shows only when it is read
        raise DataError([Problem(file, None, None, None,
                                 _("an Excel .xlsx workbook that opens ({reason})").format(reason=f"{type(exc).__name__}: {exc}"),
                                 "unreadable")]) from None
    finally:
        book.close()
    if not sheets:
        raise DataError([Problem(file, None, None, None, _("a workbook with at least one sheet"), "unreadable")])
    return sheets


def _sheet_frame(sheet, file: str) -> pd.DataFrame:
    """One sheet's table: the first non-blank row is the header; as wide as the header, down to the last used row."""
    sheet.reset_dimensions()  # trust the cells, not the declared range
    header: list[str] | None = None
    rows: list[list[str]] = []
    used = 0  # rows down to the last one with something in the header's columns
    for values in sheet.iter_rows(values_only=True):
        if header is None:
            cells = [_cell_text(v) for v in values]
            while cells and not cells[-1]:
                cells.pop()
            if cells:
                header = cells
            continue
        cells = [_cell_text(v) for v in values[:len(header)]]
        if any(cells):
            rows.append(cells + [""] * (len(header) - len(cells)))
            used = len(rows)
        else:
            rows.append(None)  # type: ignore[arg-type]
        if len(rows) * len(header) > MAX_SHEET_CELLS:
            raise DataError([Problem(file, len(rows) + 1, None, None, _(
                "a sheet of at most {limit:,} cells (header width × rows); this one goes on past row {row} with "
                "{width} columns").format(limit=MAX_SHEET_CELLS, row=len(rows) + 1, width=len(header)), "too_large")])
    if header is None:
        return pd.DataFrame()
    rows = [r if r is not None else [""] * len(header) for r in rows[:used]]
    frame = pd.DataFrame(rows, columns=range(len(header)), dtype=object)
    frame.columns = _header_names(header, file)
    return frame


def _cell_text(value: object) -> str:
    """A workbook cell as the text pandas would give: ``""`` for empty, ``3`` for 3.0, ISO date and time."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        return str(int(value)) if value.is_integer() and abs(value) < 1e16 else str(value)
    return str(value).strip() if isinstance(value, str) else str(value)


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
        safe = _neutralised(table)
        safe.to_csv(tmp, index=False, encoding="utf-8-sig", lineterminator=_line_end(safe))
    return path


def _line_end(table: pd.DataFrame) -> str:
    """``\n``; ``\r\n`` (as Excel writes) when a text cell holds a carriage return, so that cell is quoted.

    Python's CSV writer quotes a cell holding a character of the line end
    only: a lone ``\r`` would otherwise end the row in Excel.
    """
    for i in range(table.shape[1]):
        values = table.iloc[:, i]
        if (values.dtype == object or pd.api.types.is_string_dtype(values)) and \
                values.map(lambda v: isinstance(v, str) and "\r" in v).any():
            return "\r\n"
    return "\n"


def write_workbook(sheets: Mapping[str, pd.DataFrame], path: str | os.PathLike, *,
                   number_formats: Mapping[str, str] | None = None, freeze_header: bool = False) -> Path:
    """Write several tables as the sheets of one ``.xlsx`` workbook, atomically.

    The workbook is written completely or not at all: an interrupted run
    leaves the previous file untouched. Sheet names are cut to Excel's 31
    characters. Text cells are written as text, never as formulas (see
    :func:`save_workbook`). ``number_formats`` maps a column header to an Excel number
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
            _cells_as_text(writer.book)
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


def save_workbook(book, path: str | os.PathLike) -> Path:
    """Save an openpyxl workbook (a form laid out cell by cell) atomically, its text cells as text.

    Every cell holding text that starts with ``=`` is turned from a formula
    into a text cell marked with Excel's quote prefix, so a name such as
    ``=HYPERLINK(…)`` shows as typed and never runs, even when the cell is
    edited. The workbook's own drop-down lists and validations are kept.

    Examples
    --------
    >>> import tempfile, pathlib, openpyxl
    >>> book = openpyxl.Workbook()
    >>> book.active["A1"] = '=HYPERLINK("http://x","点我")'
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     p = save_workbook(book, pathlib.Path(tmp) / "form.xlsx")
    ...     cell = openpyxl.load_workbook(p).active["A1"]
    ...     cell.data_type, cell.value
    ('s', '=HYPERLINK("http://x","点我")')
    """
    path = Path(path)
    _cells_as_text(book)
    with atomic_path(path) as tmp:
        book.save(tmp)
    return path


def _cells_as_text(book) -> None:
    """Make every formula cell of ``book`` a text cell with Excel's quote prefix (orgplan writes no formulas)."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f" or (isinstance(cell.value, str) and _FORMULA.match(cell.value)):
                    cell.data_type = "s"
                    cell.quotePrefix = True


def pick_sheet(sheets: Mapping[str, pd.DataFrame], names: tuple[str, ...], file: str) -> str | None:
    """The one sheet of a workbook whose name is one of ``names`` (compared trimmed, in lower case); None if none.

    Hidden sheets count too: two sheets that could both be the table (a
    hidden ``positions`` and a visible ``职位``) are refused, never one
    picked silently.

    Raises
    ------
    DataError
        If more than one sheet matches (code ``ambiguous_sheet``).
    """
    wanted = {n.strip().lower() for n in names}
    found = [s for s in sheets if s.strip().lower() in wanted]
    if len(found) > 1:
        described = [repr(s) if sheets[s].attrs.get("sheet_state", "visible") == "visible"
                     else _("{sheet} (hidden)").format(sheet=repr(s)) for s in found]
        raise DataError([Problem(file, None, None, None, _(
            "one sheet for this table; {sheets} could each be it: delete or rename all but one").format(
            sheets=_(", ").join(described)), "ambiguous_sheet")])
    return found[0] if found else None


def _remove_stale_temporaries(path: Path) -> None:
    """Remove the temporary files a killed run left beside ``path`` (``.{stem}.{pid}.*{suffix}.tmp``)."""
    import glob

    pattern = f".{glob.escape(path.stem)}.*{glob.escape(path.suffix)}.tmp"
    for leftover in path.parent.glob(pattern):
        pid_text = leftover.name[len(path.stem) + 2:].split(".", 1)[0]
        if not pid_text.isdigit() or _running(int(pid_text)):
            continue
        with contextlib.suppress(OSError):
            leftover.unlink()


def _running(pid: int) -> bool:
    """Whether a process ``pid`` runs on this machine (one of another user counts as running)."""
    if pid == os.getpid() or os.name == "nt":  # on Windows, os.kill(pid, 0) would send Ctrl-C
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError, OverflowError):
        return True
    return True


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success rename it over ``path``.

    If the block raises, the temporary file is removed and ``path`` is
    untouched. A run that was killed cannot remove its temporary file; the
    next write of the same ``path`` removes it (the file names the process
    that made it, and only files of processes no longer running are
    removed).

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
    _remove_stale_temporaries(path)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.stem}.{os.getpid()}.", suffix=path.suffix + ".tmp", dir=folder)
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
