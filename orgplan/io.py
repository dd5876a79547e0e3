"""Reading and writing structures and tables: CSV folders, Excel workbooks, YAML.

A structure on disk is either a folder::

    units.csv  positions.csv  duties.csv  structure.yaml

or one ``.xlsx`` workbook with the sheets ``units``, ``positions``,
``duties`` and ``structure`` (Chinese sheet names 部門, 職位, 職能, 架構 work
too). Column headers may be English or Chinese (部門編號, 職位, 編制, 在崗, 上級 …).
CSV files may be UTF-8 (with or without the BOM Excel writes) or GBK/GB18030
as Excel saves them on Chinese Windows.

Files are written atomically: to a temporary file beside the target, then
renamed over it, so an interrupted run never leaves a half-written file.

Examples
--------
>>> import tempfile, pathlib
>>> from orgplan import read_structure, write_structure, sample_path
>>> s = read_structure(sample_path("approved-2027"))
>>> s.status
'approved'
>>> with tempfile.TemporaryDirectory() as tmp:
...     out = pathlib.Path(tmp) / "copy.xlsx"
...     _ = write_structure(s, out)
...     read_structure(out) == s
True
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import io as _io
import os
import tempfile
from pathlib import Path
from typing import Iterator, Mapping

import pandas as pd
import yaml

from orgplan._schema import TABLES, canonical_headers, validate_tables
from orgplan._yaml import load_yaml_with_lines
from orgplan.errors import DataError, ParameterError, Problem
from orgplan.structure import Structure, StructureInfo

__all__ = [
    "read_structure",
    "write_structure",
    "read_table",
    "write_table",
    "write_workbook",
    "atomic_path",
    "sample_path",
    "DATA_DIR",
]

#: The bundled sample data (``data/`` at the top of the repository).
DATA_DIR = Path(__file__).resolve().parent.parent / "data"

_META_SHEETS = ("structure", "架構", "架构", "meta")
#: Suffixes that name a single file of another kind: never the name of a structure's folder.
_FILE_SUFFIXES = frozenset({".csv", ".txt", ".xls", ".xlsm", ".xlsb", ".ods", ".json", ".yaml", ".yml", ".pdf",
                            ".png", ".svg", ".html", ".htm", ".docx", ".doc", ".zip", ".sqlite", ".db"})
_META_KEYS = {
    "name": "name", "名稱": "name", "名称": "name",
    "status": "status", "狀態": "status", "状态": "status",
    "approved_by": "approved_by", "批准人": "approved_by",
    "approved_on": "approved_on", "批准日期": "approved_on",
    "notes": "notes", "備註": "notes", "备注": "notes",
}


def sample_path(name: str = "approved-2027") -> Path:
    """Path of a bundled sample file or folder, e.g. ``sample_path("as-is-2026")``.

    Examples
    --------
    >>> sample_path("approved-2027").name
    'approved-2027'
    """
    path = DATA_DIR / name
    if not path.exists():
        available = sorted(p.name for p in DATA_DIR.iterdir()) if DATA_DIR.exists() else []
        raise FileNotFoundError(f"No sample {name!r} in {DATA_DIR}. Available: {', '.join(available)}")
    return path


# --------------------------------------------------------------------- tables
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
        raise DataError([_no_rows_problem(label)])
    return table


def _no_rows_problem(file: str) -> Problem:
    """The problem of a table that has a header row and nothing below it."""
    return Problem(file, 2, None, None, "data rows below the header row; the table has only its header", "no_rows")


def _read_table(path: Path, sheet: str | None) -> pd.DataFrame:
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file.")
    if path.is_dir():
        raise DataError([Problem(str(path), None, None, None, "a .csv or .xlsx file, not a folder", "unreadable")])
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        sheets = _read_workbook(path)
        if sheet is None:
            return next(iter(sheets.values()))
        if sheet not in sheets:
            raise DataError([Problem(str(path), None, None, None,
                                     f"a sheet named {sheet!r} (found: {', '.join(sheets)})", "missing_sheet")])
        return sheets[sheet]
    if suffix in (".csv", ".txt", ""):
        return _read_csv(path)
    raise DataError([Problem(str(path), None, None, None,
                             "a .csv or .xlsx file (other formats: save as CSV UTF-8 or Excel workbook)",
                             "unsupported_format")])


def _read_csv(path: Path) -> pd.DataFrame:
    raw = path.read_bytes()
    if not raw.strip():
        raise DataError([Problem(str(path), None, None, None, "a header row and data rows; the file is empty",
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
                                 "text in UTF-8 or GBK; in Excel use 'Save as → CSV UTF-8'", "bad_encoding")])
    frame = _parse_csv_fast(text)
    if frame is not None:
        frame.columns = [str(c).strip() for c in frame.columns]
        return frame
    try:
        frame = pd.read_csv(_io.StringIO(text), dtype=str, keep_default_na=False, skipinitialspace=False)
    except pd.errors.ParserError as exc:
        raise DataError([Problem(str(path), None, None, None,
                                 f"the same number of cells on every line ({exc})", "malformed_csv")]) from None
    except pd.errors.EmptyDataError:
        raise DataError([Problem(str(path), None, None, None, "a header row; the file is empty",
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


def _read_workbook(path: Path) -> dict[str, pd.DataFrame]:
    try:
        sheets = pd.read_excel(path, sheet_name=None, dtype=str, keep_default_na=False, engine="openpyxl")
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise DataError([Problem(str(path), None, None, None,
                                 f"an Excel .xlsx workbook that opens ({type(exc).__name__}: {exc})",
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
    ...     p = write_table(pd.DataFrame({"部門": ["銷售部"]}), pathlib.Path(tmp) / "t.csv")
    ...     read_table(p)
       部門
    0  銷售部
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise DataError([Problem(str(path), None, None, None, "an output name ending in .csv or .xlsx",
                                 "unsupported_format")], f"{path}: cannot write this output")
    if suffix == ".xlsx":
        return write_workbook({sheet_name: table}, path)
    with atomic_path(path) as tmp:
        table.to_csv(tmp, index=False, encoding="utf-8-sig")
    return path


def write_workbook(sheets: Mapping[str, pd.DataFrame], path: str | os.PathLike) -> Path:
    """Write several tables as the sheets of one ``.xlsx`` workbook, atomically.

    The workbook is written completely or not at all: an interrupted run
    leaves the previous file untouched. Sheet names are cut to Excel's 31
    characters.

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
    return path


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
        raise FileNotFoundError(f"{path}: the folder {folder} does not exist.")
    if not folder.is_dir():
        raise NotADirectoryError(f"{path}: {folder} is a file, not a folder; choose another place for the output.")
    if path.is_dir():
        raise IsADirectoryError(f"{path} is a folder; give the name of a file to write.")
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix + ".tmp", dir=folder)
    except PermissionError:
        raise PermissionError(f"{path}: cannot write in the folder {folder} (permission denied); "
                              "choose a folder you may write to.") from None
    except OSError as exc:
        raise OSError(f"{path}: cannot write in the folder {folder} ({exc.strerror}).") from None
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
            raise PermissionError(f"{path}: cannot replace the file (permission denied, or it is open in "
                                  "another program such as Excel); close it or choose another name. "
                                  "The existing file is unchanged.") from None
        except OSError as exc:
            raise OSError(f"{path}: cannot be written ({exc.strerror}); the existing file, if any, "
                          "is unchanged.") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


# ----------------------------------------------------------------- structures
def read_structure(path: str | os.PathLike) -> Structure:
    """Read a structure from a folder of CSV files or an ``.xlsx`` workbook.

    Every cell is validated and **all** problems are reported together, each
    with file, spreadsheet row, column, the bad value and what is expected.

    Parameters
    ----------
    path : str or Path
        A folder holding ``units.csv``, ``positions.csv`` and optionally
        ``duties.csv`` and ``structure.yaml``; or an ``.xlsx`` workbook.

    Returns
    -------
    Structure

    Raises
    ------
    FileNotFoundError
        If ``path`` or a required table does not exist.
    DataError
        If any cell or header is wrong; ``err.problems`` lists them all.

    See Also
    --------
    orgplan.check_path : reports the same problems as findings, with the
        structural checks, instead of raising.
    """
    structure, problems = load_structure(path)
    if problems:
        raise DataError(problems, f"{path}: {len(problems)} problem{'s' if len(problems) != 1 else ''} "
                                  "in the structure's tables")
    return structure


def load_structure(path: str | os.PathLike) -> tuple[Structure, list[Problem]]:
    """Read a structure leniently: return it with the cell problems found.

    Bad numbers count as 0 and repeated ids keep their first row, so the
    structural checks can still run. Problems that make the tables
    unreadable (missing file, missing column, broken CSV) raise instead.
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file or folder.")
    if path.is_dir():
        raw, files, info = _read_folder(path)
    elif path.suffix.lower() in (".xlsx", ".xlsm"):
        raw, files, info = _read_structure_workbook(path)
    else:
        raise DataError([Problem(str(path), None, None, None,
                                 "a structure folder (units.csv, positions.csv …) or an .xlsx workbook",
                                 "unsupported_format")])
    frames, header_problems = {}, []
    for name, frame in raw.items():
        mapping, problems = canonical_headers(TABLES[name], list(frame.columns), files[name])
        header_problems.extend(problems)
        frames[name] = frame.rename(columns=mapping)[list(mapping.values())]
    if header_problems:
        raise DataError(header_problems, f"{path}: the tables' header rows have problems")
    typed, problems, _ = validate_tables(frames, files)
    empty = [_no_rows_problem(files[name]) for name in ("units", "positions") if raw[name].empty]
    return Structure._from_validated(typed, info, files), empty + problems


def _read_folder(path: Path) -> tuple[dict[str, pd.DataFrame], dict[str, str], StructureInfo]:
    raw: dict[str, pd.DataFrame] = {}
    files: dict[str, str] = {}
    missing = []
    for name in TABLES:
        file = path / f"{name}.csv"
        if not file.exists():
            if name == "duties":
                continue
            missing.append(file)
            continue
        raw[name] = read_table(file)
        files[name] = str(file)
    if missing:
        raise FileNotFoundError(
            f"{path} is not a structure folder: missing {', '.join(m.name for m in missing)} "
            "(a structure folder holds units.csv, positions.csv and optionally duties.csv, structure.yaml)."
        )
    meta_file = path / "structure.yaml"
    meta = {}
    if meta_file.exists():
        meta = load_yaml_with_lines(meta_file, "lines of 'key: value' (name, status, approved_by, approved_on, notes)",
                                    unreadable_code="malformed_yaml", not_mapping_code="malformed_yaml",
                                    empty_ok=True).data
    return raw, files, _info_from_mapping(meta, str(meta_file), default_name=path.name)


def _read_structure_workbook(path: Path) -> tuple[dict[str, pd.DataFrame], dict[str, str], StructureInfo]:
    sheets = _read_workbook(path)
    raw, files = {}, {}
    for name, table in TABLES.items():
        found = next((s for s in sheets if s.strip().lower() == name or s.strip() in table.sheet_aliases), None)
        if found is None:
            if name == "duties":
                continue
            raise DataError([Problem(str(path), None, None, None,
                                     f"a sheet named {name!r} (or {', '.join(table.sheet_aliases)}); "
                                     f"found {', '.join(sheets)}", "missing_sheet")])
        raw[name] = sheets[found]
        files[name] = f"{path.name}[{found}]"
    meta_sheet = next((s for s in sheets if s.strip().lower() in _META_SHEETS or s.strip() in _META_SHEETS), None)
    meta: dict[str, str] = {}
    if meta_sheet is not None:
        frame = sheets[meta_sheet]
        if frame.shape[1] >= 2:
            keys = [frame.columns[0], *frame.iloc[:, 0]]
            values = [frame.columns[1], *frame.iloc[:, 1]]
            meta = {str(k).strip(): str(v).strip() for k, v in zip(keys, values) if str(k).strip()}
    return raw, files, _info_from_mapping(meta, f"{path.name}[{meta_sheet or 'structure'}]",
                                          default_name=path.stem)


def _info_from_mapping(meta: dict, file: str, *, default_name: str) -> StructureInfo:
    fields: dict[str, object] = {}
    problems = []
    for key, value in meta.items():
        field = _META_KEYS.get(str(key).strip(), _META_KEYS.get(str(key).strip().lower()))
        if field is None:
            continue  # unknown keys are the user's own notes
        if value is None or (isinstance(value, str) and not value.strip()) or (
                isinstance(value, float) and pd.isna(value)):
            continue
        fields[field] = value if isinstance(value, (_dt.date,)) else str(value).strip()
    fields.setdefault("name", default_name)
    try:
        return StructureInfo(**fields)  # type: ignore[arg-type]
    except DataError as exc:
        problems = [Problem(file, None, p.column, p.value, p.expected, p.code) for p in exc.problems]
        raise DataError(problems, f"{file}: the structure's metadata has problems") from None


def write_structure(structure: Structure, path: str | os.PathLike) -> Path:
    """Write a structure as a folder of CSV files (+ ``structure.yaml``) or an ``.xlsx`` workbook.

    The format follows ``path``: a name ending in ``.xlsx`` writes a
    workbook, anything else a folder (created if needed). Each file is
    written atomically. Reading the result back gives an equal structure.

    Raises
    ------
    ParameterError
        If ``path`` names another kind of file (``.csv``, ``.xls``, ``.txt``
        …): a structure is several tables, so it goes to a folder or a
        workbook, never silently into a folder called ``x.csv``.
    NotADirectoryError
        If ``path`` (or a folder above it) is an existing file.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in _FILE_SUFFIXES:
        raise ParameterError(f"The 'path' parameter of write_structure must be a folder name or end in .xlsx "
                             f"(a structure is several tables). Got {str(path)!r} instead.")
    if suffix != ".xlsx" and path.exists() and not path.is_dir():
        raise NotADirectoryError(f"{path} is a file; a structure is written to a folder or an .xlsx workbook. "
                                 "Choose another name.")
    tables = {"units": structure.units, "positions": structure.positions, "duties": structure.duties}
    meta = _info_to_mapping(structure.info)
    if path.suffix.lower() == ".xlsx":
        meta_frame = pd.DataFrame({"key": list(meta), "value": [("" if v is None else str(v)) for v in meta.values()]})
        return write_workbook({**tables, "structure": meta_frame}, path)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise NotADirectoryError(f"{path}: a folder above it is a file, so the folder cannot be made. "
                                 "Choose another place.") from None
    for name, table in tables.items():
        write_table(table, path / f"{name}.csv")
    with atomic_path(path / "structure.yaml") as tmp:
        tmp.write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _info_to_mapping(info: StructureInfo) -> dict[str, object]:
    return {
        "name": info.name,
        "status": info.status,
        "approved_by": info.approved_by,
        "approved_on": info.approved_on.isoformat() if info.approved_on else None,
        "notes": info.notes,
    }
