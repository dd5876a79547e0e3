"""Reading a YAML file as a mapping, with the line of each key (private helper).

Configuration files (``structure.yaml``, scenario files, the target and
scorecard configs) report a bad entry with its line as the ``row`` of a
:class:`~orgplan.errors.Problem`. :func:`load_yaml_with_lines` reads the
file once as data and once as a node tree (``yaml.compose``), so callers
can look the line of any key up.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from orgplan.errors import DataError, Problem
from orgplan.i18n import Translator

_ = Translator("tables")

__all__ = ["YamlFile", "load_yaml_with_lines", "key_line", "child_node", "config_files", "MAX_DEPTH", "MAX_NODES", "MAX_ALIASES"]

#: How deep mappings and lists may nest in a configuration file (orgplan's own need a depth of 5).
MAX_DEPTH = 100
#: How many values a file may hold once its aliases (``*name``) are expanded: a few hundred bytes of chained
#: aliases would otherwise expand to billions of values ("billion laughs").
MAX_NODES = 100_000
#: How many aliases (``*name``) a file may use.
MAX_ALIASES = 1_000


@dataclass(frozen=True)
class YamlFile:
    """A YAML file read as a mapping.

    Attributes
    ----------
    file : str
        The path, as problems name it.
    data : dict
        The mapping (``yaml.safe_load``).
    lines : dict
        Line (1-based) of each top-level key and of each key one level
        down, written ``"parent.key"``: ``{"files": 7, "files.sales": 8}``.
    node : yaml.Node or None
        The composed tree, for lines further down (:func:`key_line`,
        :func:`child_node`); None for an empty file.
    """

    file: str
    data: dict[Any, Any] = field(repr=False)
    lines: dict[str, int] = field(repr=False)
    node: Any = field(default=None, repr=False)


def load_yaml_with_lines(path: str | os.PathLike, what: str, *, unreadable_code: str = "unreadable",
                         not_mapping_code: str = "invalid_value", empty_ok: bool = False) -> YamlFile:
    """Read a YAML file that must hold a mapping; know the line of each key.

    Parameters
    ----------
    path : path-like
        The file (UTF-8, with or without a byte-order mark, or GBK as
        Notepad saves it on Chinese Windows). The caller checks that it
        exists.
    what : str
        What the mapping should hold, for the problem when the file holds
        something else, e.g. ``N_("a mapping with name, base, description and changes")``
        (marked where it is written, translated here).
    unreadable_code, not_mapping_code : str
        The problems' codes for a file that is not valid YAML and for one
        that holds no mapping.
    empty_ok : bool, default False
        Read an empty (or false: ``~``, ``[]``, ``0``) document as an
        empty mapping instead of reporting it.

    Returns
    -------
    YamlFile

    Raises
    ------
    DataError
        If the file is a folder or a binary file, is not valid YAML
        (``row`` is the line of the error), nests deeper than
        :data:`MAX_DEPTH`, uses more than :data:`MAX_ALIASES` aliases or
        expands to more than :data:`MAX_NODES` values (code ``too_large``,
        the message names the limit), gives a key twice in one
        mapping (code ``duplicate_key``) or does not hold a mapping. A date
        that does not exist (``2027-02-30``) is read as text, for the
        caller's check to report.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "plan.yaml").write_text("year: 2027\\nfiles:\\n  sales: 銷售.csv\\n", encoding="utf-8")
    >>> config = load_yaml_with_lines(folder / "plan.yaml", "a mapping of keys such as year, files")
    >>> config.data["files"], config.lines
    ({'sales': '銷售.csv'}, {'year': 1, 'files': 2, 'files.sales': 3})
    >>> _ = (folder / "empty.yaml").write_text("", encoding="utf-8")
    >>> load_yaml_with_lines(folder / "empty.yaml", "a mapping", empty_ok=True).data
    {}
    >>> _ = (folder / "bad.yaml").write_text("year: 2027\\nfiles: [a\\n", encoding="utf-8")
    >>> load_yaml_with_lines(folder / "bad.yaml", "a mapping")
    Traceback (most recent call last):
    ...
    orgplan.errors.DataError: Found 1 problem in the input data:
      - ...bad.yaml, row 3: expected valid YAML (expected ',' or ']', but got '<stream end>').
    """
    file = str(path)
    text = _read_text(Path(path), file, unreadable_code)
    try:
        loader = _Loader(text)
        loader.file = file
        try:
            node = loader.get_single_node()
            _check_expanded_size(node, file)
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DataError([Problem(file, mark.line + 1 if mark else None, None, None,
                                 _("valid YAML ({reason})").format(reason=getattr(exc, "problem", exc)),
                                 unreadable_code)]) from None
    repeated = _repeated_keys(node, file)
    if repeated:
        raise DataError(repeated)
    if empty_ok and not data:
        data = {}
    if not isinstance(data, dict):
        raise DataError([Problem(file, None, None, None, _(what), not_mapping_code)])
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            lines[str(key_node.value)] = key_node.start_mark.line + 1
            if isinstance(value_node, yaml.MappingNode):
                for sub_node, _value in value_node.value:
                    lines[f"{key_node.value}.{sub_node.value}"] = sub_node.start_mark.line + 1
    return YamlFile(file, data, lines, node)


def _too_large(file: str, line: int | None, expected: str) -> DataError:
    """The error of a file that goes past one of the limits (depth, aliases, expanded size)."""
    return DataError([Problem(file, line, None, None, expected, "too_large")])


class _Loader(yaml.SafeLoader):
    """``yaml.SafeLoader`` with limits, that keeps an impossible date (``2027-02-30``) as the text typed.

    The safe loader turns a date-like scalar into a ``datetime.date`` and
    raises a bare ``ValueError`` for a day that does not exist; kept as
    text, the caller's own check reports it with its key and line. Nesting
    deeper than :data:`MAX_DEPTH` and more than :data:`MAX_ALIASES`
    aliases stop the reading at once.
    """

    _depth = 0
    _aliases = 0
    file = ""

    def compose_node(self, parent: Any, index: Any) -> Any:  # noqa: D102 - see the class
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                raise _too_large(self.file, self.peek_event().start_mark.line + 1, _(
                    "at most {limit:,} aliases (*name) in one file").format(limit=MAX_ALIASES))
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _too_large(self.file, self.peek_event().start_mark.line + 1, _(
                    "lists and mappings nested at most {limit} deep").format(limit=MAX_DEPTH))
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_yaml_timestamp(self, node: Any) -> Any:  # noqa: D102 - see the class
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


def _check_expanded_size(node: Any, file: str) -> None:
    """Refuse a tree that expands (aliases counted each time they are used) to more than :data:`MAX_NODES` values."""
    if node is None:
        return
    sizes: dict[int, int] = {}
    stack: list[tuple[Any, bool]] = [(node, False)]
    while stack:
        current, children_done = stack.pop()
        key = id(current)
        if key in sizes and not children_done:
            continue
        children = _children(current)
        if not children_done:
            sizes[key] = -1  # in progress: an alias back to it is a loop, which never ends when expanded
            stack.append((current, True))
            for child in children:
                if sizes.get(id(child)) == -1:
                    raise _too_large(file, child.start_mark.line + 1, _(
                        "no alias (*name) inside the value it names: it would repeat without end"))
                if id(child) not in sizes:
                    stack.append((child, False))
            continue
        total = 1 + sum(sizes[id(child)] for child in children)
        if total > MAX_NODES:
            raise _too_large(file, current.start_mark.line + 1, _(
                "at most {limit:,} values once aliases (*name) are expanded").format(limit=MAX_NODES))
        sizes[key] = total


def _children(node: Any) -> list[Any]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _read_text(path: Path, file: str, code: str) -> str:
    """The file's text: UTF-8 (with or without BOM), else GBK/GB18030 as Notepad saves it on Chinese Windows."""
    if path.is_dir():
        raise DataError([Problem(file, None, None, None, _("a YAML file (.yaml), not a folder"), code)])
    raw = path.read_bytes()
    if raw.startswith(b"PK\x03\x04") or b"\x00" in raw[:4096]:
        raise DataError([Problem(file, None, None, None,
                                 _("a YAML text file (.yaml); this is a binary file such as an Excel workbook"), code)])
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DataError([Problem(file, None, None, None, _("text in UTF-8 or GBK"), code)])  # pragma: no cover


def _repeated_keys(node: Any, file: str) -> list[Problem]:
    """A problem for every key given twice in one mapping (YAML keeps the last one silently)."""
    problems: list[Problem] = []
    stack = [node]
    visited: set[int] = set()
    while stack:
        current = stack.pop()
        if id(current) in visited:  # a node used again through an alias is checked once
            continue
        visited.add(id(current))
        if isinstance(current, yaml.MappingNode):
            seen: dict[Any, int] = {}
            for key_node, value_node in current.value:
                key = key_node.value
                line = key_node.start_mark.line + 1
                if isinstance(key, str) and key in seen:
                    problems.append(Problem(file, line, key, None,
                                            _("each key once in a mapping; {key} is already given on line "
                                              "{line} (remove one of them)").format(key=repr(key), line=seen[key]),
                                            "duplicate_key"))
                elif isinstance(key, str):
                    seen[key] = line
                stack.append(value_node)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
    return sorted(problems, key=lambda p: p.row or 0)


def key_line(node: Any, key: str) -> int | None:
    """The line (1-based) of ``key`` in a mapping node; None if ``node`` is no mapping or lacks it.

    Examples
    --------
    >>> import yaml
    >>> key_line(yaml.compose("op: rename_unit\\nunit_id: CRM\\n"), "unit_id")
    2
    """
    if isinstance(node, yaml.MappingNode):
        for key_node, _value in node.value:
            if key_node.value == key:
                return key_node.start_mark.line + 1
    return None


def child_node(node: Any, key: str) -> Any:
    """The value node of ``key`` in a mapping node; None if ``node`` is no mapping or lacks it.

    Examples
    --------
    >>> import yaml
    >>> child_node(yaml.compose("changes:\\n  - op: remove_unit\\n"), "changes").start_mark.line
    1
    """
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == key:
                return value_node
    return None


def config_files(loaded: YamlFile, config: Path, keys: tuple[str, ...], required: tuple[str, ...],
                 problems: list[Problem], *, expected: str) -> dict[str, Path]:
    """The data files a YAML config names under ``files:``, relative to the config's folder.

    Every key of ``required`` missing from ``files:``, every named file that does not exist and a
    ``files:`` that is not a mapping is a problem (with the config's line) added to ``problems``;
    the files found are returned by key.

    Parameters
    ----------
    loaded : YamlFile
        The config, from :func:`load_yaml_with_lines`.
    config : Path
        Its path: the files are relative to its folder.
    keys, required : tuple of str
        The keys ``files:`` may hold, and those it must.
    problems : list of Problem
        Where the problems go.
    expected : str
        What ``files:`` should be, for the message of one that is not a mapping.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.csv").write_text("x\\n1\\n", encoding="utf-8")
    >>> _ = (folder / "c.yaml").write_text("files:\\n  a: a.csv\\n  b: nowhere.csv\\n", encoding="utf-8")
    >>> problems = []
    >>> paths = config_files(load_yaml_with_lines(folder / "c.yaml", "a config"), folder / "c.yaml",
    ...                      ("a", "b", "c"), ("a", "c"), problems, expected="a mapping")
    >>> sorted(paths), [(p.column, p.code) for p in problems]
    (['a'], [('files.b', 'missing_file'), ('files.c', 'missing_value')])
    """
    files = loaded.data.get("files") if isinstance(loaded.data, dict) else None
    if files is None:
        files = {}
    if not isinstance(files, dict):
        problems.append(Problem(loaded.file, loaded.lines.get("files"), "files", str(files), expected))
        files = {}
    paths: dict[str, Path] = {}
    for key in keys:
        if key not in files:
            if key in required:
                problems.append(Problem(loaded.file, loaded.lines.get("files"), f"files.{key}", None,
                                        _("the file of {key}").format(key=key), "missing_value"))
            continue
        named = Path(config).parent / str(files[key])
        if named.exists():
            paths[key] = named
        else:
            problems.append(Problem(loaded.file, loaded.lines.get(f"files.{key}"), f"files.{key}", str(files[key]),
                                    _("an existing file (relative to the config)"), "missing_file"))
    return paths
