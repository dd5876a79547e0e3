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

from orgplan.model.tables import TABLES
from orgplan.tables.io import (atomic_path, no_rows_problem, pick_sheet, read_table, read_workbook, write_table,
                               write_workbook)
from orgplan.tables.schema import canonical_headers, validate_tables
from orgplan.tables.yamlfile import load_yaml_with_lines
from orgplan.errors import DataError, ParameterError, Problem
from orgplan.i18n import N_, Translator, use_company_language
from orgplan.model.structure import Structure, StructureInfo

__all__ = ["read_structure", "write_structure", "load_structure", "sample_path", "DATA_DIR", "FILE_SUFFIXES"]

#: The bundled sample data (``data/`` at the top of the repository).
#: The bundled sample dealership: the copy a wheel or ``pip install .`` puts in the package, else the repository's
#: ``data/`` folder (a clone, an editable install).
DATA_DIR = next((folder for folder in (Path(__file__).resolve().parent.parent / "_sample_data",
                                       Path(__file__).resolve().parent.parent.parent / "data")
                 if (folder / "approved-2027").is_dir()), Path(__file__).resolve().parent.parent.parent / "data")

_ = Translator("model")

_META_SHEETS = ("structure", "架構", "架构", "meta")
#: Suffixes that name a single file of another kind: never the name of a structure's folder.
FILE_SUFFIXES = frozenset({".csv", ".txt", ".xls", ".xlsm", ".xlsb", ".ods", ".json", ".yaml", ".yml", ".pdf",
                            ".png", ".svg", ".html", ".htm", ".docx", ".doc", ".zip", ".sqlite", ".db"})
_META_KEYS = {
    "name": "name", "名稱": "name", "名称": "name",
    "status": "status", "狀態": "status", "状态": "status",
    "approved_by": "approved_by", "批准人": "approved_by",
    "approved_on": "approved_on", "批准日期": "approved_on",
    "notes": "notes", "備註": "notes", "备注": "notes",
    "language": "language", "語言": "language", "语言": "language",
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
        raise FileNotFoundError(_("No sample {name} in {folder}. Available: {available}").format(
            name=repr(name), folder=DATA_DIR, available=", ".join(available)))
    return path


# --------------------------------------------------------------------- tables
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
        raise DataError(problems, _.ngettext("{path}: {count} problem in the structure's tables",
                                             "{path}: {count} problems in the structure's tables",
                                             len(problems)).format(path=path, count=len(problems)))
    use_company_language(structure.info.language)  # the company's choice, below --lang and ORGPLAN_LANG
    return structure


def load_structure(path: str | os.PathLike) -> tuple[Structure, list[Problem]]:
    """Read a structure leniently: return it with the cell problems found.

    Bad numbers count as 0 and repeated ids keep their first row, so the
    structural checks can still run. Problems that make the tables
    unreadable (missing file, missing column, broken CSV) raise instead.
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(_("{path}: no such file or folder.").format(path=path))
    if path.is_dir():
        raw, files, info = _read_folder(path)
    elif path.suffix.lower() in (".xlsx", ".xlsm"):
        raw, files, info = _read_structure_workbook(path)
    else:
        raise DataError([Problem(str(path), None, None, None,
                                 _("a structure folder (units.csv, positions.csv …) or an .xlsx workbook"),
                                 "unsupported_format")])
    frames, header_problems = {}, []
    for name, frame in raw.items():
        mapping, problems = canonical_headers(TABLES[name], list(frame.columns), files[name])
        header_problems.extend(problems)
        frames[name] = frame.rename(columns=mapping)[list(mapping.values())]
    if header_problems:
        raise DataError(header_problems, _("{path}: the tables' header rows have problems").format(path=path))
    typed, problems, _flagged = validate_tables(TABLES, frames, files)
    empty = [no_rows_problem(files[name]) for name in ("units", "positions") if raw[name].empty]
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
            _("{path} is not a structure folder: missing {files} (a structure folder holds units.csv, "
              "positions.csv and optionally duties.csv, structure.yaml).").format(
                path=path, files=", ".join(m.name for m in missing))
        )
    meta_file = path / "structure.yaml"
    meta = {}
    if meta_file.exists():
        meta = load_yaml_with_lines(meta_file, N_("lines of 'key: value' (name, status, approved_by, approved_on, notes)"),
                                    unreadable_code="malformed_yaml", not_mapping_code="malformed_yaml",
                                    empty_ok=True).data
    return raw, files, _info_from_mapping(meta, str(meta_file), default_name=path.name)


def _read_structure_workbook(path: Path) -> tuple[dict[str, pd.DataFrame], dict[str, str], StructureInfo]:
    sheets = read_workbook(path)
    raw, files = {}, {}
    for name, table in TABLES.items():
        found = pick_sheet(sheets, (name, *table.sheet_aliases), str(path))
        if found is None:
            if name == "duties":
                continue
            raise DataError([Problem(str(path), None, None, None,
                                     _("a sheet named {name} (or {aliases}); found {sheets}").format(
                                         name=repr(name), aliases=", ".join(table.sheet_aliases),
                                         sheets=", ".join(sheets)), "missing_sheet")])
        raw[name] = sheets[found]
        files[name] = f"{path.name}[{found}]"
    meta_sheet = pick_sheet(sheets, tuple(_META_SHEETS), str(path))
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
        raise DataError(problems, _("{file}: the structure's metadata has problems").format(file=file)) from None


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
    if suffix in FILE_SUFFIXES:
        raise ParameterError(_("The name of a structure's output must be a folder name or end in .xlsx (a structure "
                               "is several tables); got {path}.").format(path=repr(str(path))))
    if suffix != ".xlsx" and path.exists() and not path.is_dir():
        raise NotADirectoryError(_("{path} is a file; a structure is written to a folder or an .xlsx workbook. "
                                   "Choose another name.").format(path=path))
    tables = {"units": structure.units, "positions": structure.positions, "duties": structure.duties}
    meta = _info_to_mapping(structure.info)
    if path.suffix.lower() == ".xlsx":
        meta_frame = pd.DataFrame({"key": list(meta), "value": [("" if v is None else str(v)) for v in meta.values()]})
        return write_workbook({**tables, "structure": meta_frame}, path)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise NotADirectoryError(_("{path}: a folder above it is a file, so the folder cannot be made. "
                                   "Choose another place.").format(path=path)) from None
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
        **({"language": info.language} if info.language else {}),
    }
