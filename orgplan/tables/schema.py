"""Table schemas: columns, Chinese and English header aliases, types and cell rules.

This is the one place that says what a valid cell is. Both the file reader
(:mod:`orgplan.model.io`) and the :class:`~orgplan.model.structure.Structure` constructor
validate through :func:`validate_tables`, so a table built in a notebook and a
table read from Excel obey the same rules and give the same messages.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from orgplan.errors import Problem
from orgplan.i18n import N_, Translator, every_translation
from orgplan.tables.cells import MAX_COUNT, MAX_MONEY, as_text, parse_numbers

_ = Translator("tables")

__all__ = ["Column", "Table", "ColumnType", "canonical_headers", "validate_tables", "header_key", "localise",
           "delocalise"]

ColumnType = Literal["id", "text", "count", "money", "flag", "choice"]


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType
    required: bool = True
    #: may the cell be empty (only for non-required-value columns like parent_id)
    blank_ok: bool = False
    aliases: tuple[str, ...] = ()
    #: headers that mean this column only when no other header of the file does: a requests file's 職位 is the
    #: position's id, unless a 職位編號 column gives the id (then 職位 is the title, as in positions.csv)
    weak_aliases: tuple[str, ...] = ()
    choices: dict[str, str] = field(default_factory=dict)
    #: what a user should write, in words: an English message id marked ``N_("…")``, shown translated
    expected: str = ""
    #: the header people read, marked ``N_("…")`` (e.g. ``N_("establishment")``): tables for people are written
    #: with it in the language chosen, and a header in any language's words reads back as this column
    label: str = ""
    #: for a choice column, what people read for each code (``{"approved": N_("approved")}``); read back too
    choice_labels: dict[str, str] = field(default_factory=dict)
    #: the largest number a count or money cell may hold (default :data:`~orgplan.tables.cells.MAX_COUNT` for
    #: a count, :data:`~orgplan.tables.cells.MAX_MONEY` for money); a larger one is reported (``out_of_range``)
    maximum: float | None = None

    def upper_bound(self) -> float:
        """The largest number the column's cells may hold."""
        if self.maximum is not None:
            return self.maximum
        return MAX_COUNT if self.type == "count" else MAX_MONEY

    def header_words(self) -> tuple[str, ...]:
        """Every header that names this column: its name, aliases, and its label in every language."""
        return (self.name, *self.aliases, *(every_translation(self.label) if self.label else ()))

    def choice_words(self) -> dict[str, str]:
        """Every written form of a choice → its code: the codes, :attr:`choices` and the labels in every language."""
        words = {code: code for code in self.choice_labels}
        for code, label in self.choice_labels.items():
            for text in every_translation(label):
                words.setdefault(text, code)
        return {**words, **self.choices}


@dataclass(frozen=True)
class Table:
    name: str  # "units"
    id_column: str | None
    columns: tuple[Column, ...]
    sheet_aliases: tuple[str, ...] = ()
    #: the gettext domain of the columns' labels: by default the domain of the module that defines the table
    #: (its ``_ = Translator(...)``), so two packages may label a code differently ("approved": 批准 / 已批准)
    domain: str = ""

    def __post_init__(self) -> None:
        if not self.domain:
            import sys

            translator = sys._getframe(2).f_globals.get("_")  # 2: past the dataclass __init__
            object.__setattr__(self, "domain", getattr(translator, "domain", "") or "tables")

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


_TRUE = {"1", "true", "yes", "y", "是", "對", "对", "√", "x"}
_FALSE = {"0", "false", "no", "n", "否", "不是", ""}


def canonical_headers(table: Table, headers: list[str], file: str) -> tuple[dict[str, str], list[Problem]]:
    """Map a file's headers to the table's column names.

    Returns ``{header_in_file: column_name}`` and the problems found (missing
    required columns, a column given twice). Unknown extra columns are kept
    untouched and ignored. A header that is only a weak alias
    (:attr:`Column.weak_aliases`) means the first of its columns that no
    header names by a full alias, and is ignored when there is none; two
    weak headers that land on one column are refused like any column given
    twice (no guess which is which).
    """
    lookup: dict[str, str] = {}
    weak: dict[str, list[str]] = {}
    for column in table.columns:
        for alias in column.header_words():
            lookup.setdefault(_norm(alias), column.name)
        for alias in column.weak_aliases:
            weak.setdefault(_norm(alias), []).append(column.name)
    named = {lookup[_norm(h)] for h in headers if _norm(h) in lookup}
    for header in headers:
        free = [name for name in weak.get(_norm(header), ()) if name not in named]
        if _norm(header) not in lookup and free:
            lookup[_norm(header)] = free[0]
    mapping: dict[str, str] = {}
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for header in headers:
        name = lookup.get(_norm(header))
        if name is None:
            continue
        if name in seen:
            problems.append(Problem(file, 1, header, header,
                                    _("each column once; {header} already means {column}").format(
                                        header=repr(seen[name]), column=repr(name)), "duplicate_column"))
            continue
        seen[name] = header
        mapping[header] = name
    for column in table.columns:
        if column.required and column.name not in seen:
            names = " / ".join((column.name,) + column.aliases[:3])
            problems.append(Problem(file, 1, None, None,
                                    _("a column {column} ({names}) in the header row").format(
                                        column=repr(column.name), names=names), "missing_column"))
    return mapping, problems


def _norm(header: str) -> str:
    return header_key(header)


def validate_tables(
    tables: dict[str, Table], frames: dict[str, pd.DataFrame], files: dict[str, str]
) -> tuple[dict[str, pd.DataFrame], list[Problem], dict[str, set[str]]]:
    """Check every cell of the tables, collecting all problems.

    ``tables`` are the schemas by name; ``frames`` hold text cells (``""`` for empty) under canonical column
    names. Returns the typed tables, the problems, and per table the set of
    ids whose row had a problem (later rules may skip what is already
    reported). Bad numeric cells become 0 and later duplicates of an id are
    dropped, so the structural checks can still run; the caller decides
    whether problems are fatal.
    """
    typed: dict[str, pd.DataFrame] = {}
    problems: list[Problem] = []
    flagged: dict[str, set[str]] = {}
    for name, table in tables.items():
        frame = frames.get(name)
        if frame is None:
            frame = pd.DataFrame({c: pd.Series(dtype=object) for c in table.column_names})
        out, table_problems, bad_ids = _validate_table(table, frame, files.get(name, f"{name} table"))
        typed[name] = out
        problems.extend(table_problems)
        flagged[name] = bad_ids
    return typed, problems, flagged


def _validate_table(table: Table, frame: pd.DataFrame, file: str) -> tuple[pd.DataFrame, list[Problem], set[str]]:
    n = len(frame)
    rows = np.arange(n) + 2  # spreadsheet row: header is row 1
    problems: list[tuple[int, int, Problem]] = []  # (row, column order, problem) for sorting
    bad_row = np.zeros(n, dtype=bool)
    out: dict[str, object] = {}

    def report(mask: np.ndarray, column: Column, values: pd.Series, expected: str, code: str) -> None:
        idx = np.flatnonzero(mask)
        expected = _(expected)  # the column's words are marked N_ where the table is defined
        order = table.column_names.index(column.name)
        for i in idx:
            value = values.iloc[i]
            problems.append((int(rows[i]), order, Problem(file, int(rows[i]), column.name,
                                                          None if value == "" else str(value), expected, code)))
        bad_row[idx] = True

    for column in table.columns:
        text = _text_column(frame[column.name] if column.name in frame.columns else None, n)
        blank = (text == "").to_numpy(dtype=bool)
        if column.required and not column.blank_ok:
            report(blank, column, text, column.expected, "missing_value")
        if column.type in ("id", "text"):
            if column.type == "id":
                has_newline = text.str.contains("\n", regex=False).to_numpy(dtype=bool)
                report(has_newline, column, text, N_("an id on one line"), "invalid_value")
            out[column.name] = text.where(~blank)
        elif column.type in ("count", "money"):
            numbers = parse_numbers(text)
            not_number = ~blank & np.isnan(numbers)
            report(not_number, column, text, column.expected, "not_a_number")
            too_large = ~np.isnan(numbers) & (numbers > column.upper_bound())
            report(too_large, column, text, _("{expected}; at most {limit:,}").format(
                expected=_(column.expected), limit=int(column.upper_bound())), "out_of_range")
            numbers = np.where(too_large, np.nan, numbers)
            ok = ~np.isnan(numbers)
            negative = ok & (numbers < 0)
            report(negative, column, text, column.expected,
                   "negative_establishment" if column.name == "approved" else "negative_value")
            if column.type == "count":
                fractional = ok & ~negative & (numbers != np.floor(numbers))
                report(fractional, column, text, column.expected,
                       "non_integer_establishment" if column.name == "approved" else "not_integer")
                numbers = np.where(ok & ~negative & ~fractional, numbers, 0).astype(np.int64)
            else:
                numbers = np.where(ok & ~negative, numbers, 0.0)
            out[column.name] = numbers
        elif column.type == "flag":
            lowered = text.str.lower()
            is_true = lowered.isin(_TRUE).to_numpy(dtype=bool)
            is_false = lowered.isin(_FALSE).to_numpy(dtype=bool)
            report(~is_true & ~is_false, column, text, column.expected, "invalid_value")
            out[column.name] = is_true
        elif column.type == "choice":
            words = column.choice_words()
            choices = {**{k.lower(): v for k, v in words.items()}, **words}
            mapped = text.str.lower().map(choices).astype(text.dtype)
            unknown = ~blank & mapped.isna().to_numpy(dtype=bool)
            report(unknown, column, text, column.expected, "invalid_value")
            out[column.name] = mapped

    result = pd.DataFrame(out, index=pd.RangeIndex(n))
    result["_row"] = rows
    if table.id_column is not None:
        ids = result[table.id_column]
        duplicated = ids.notna() & ids.duplicated(keep="first")
        if duplicated.any():
            first_row = dict(zip(ids[~duplicated], rows[~duplicated.to_numpy()]))
            id_col = table.column(table.id_column)
            order = table.column_names.index(id_col.name)
            for i in np.flatnonzero(duplicated.to_numpy()):
                problems.append((int(rows[i]), order, Problem(
                    file, int(rows[i]), id_col.name, str(ids.iloc[i]),
                    f"a unique id; {ids.iloc[i]!r} is already used on row {first_row[ids.iloc[i]]}", "duplicate_id")))
        keep = ~duplicated & ids.notna()
        result = result[keep.to_numpy()]
    bad_ids = set()
    if table.id_column is not None:
        bad_ids = set(result.loc[bad_row[result.index.to_numpy()], table.id_column])
    problems.sort(key=lambda t: (t[0], t[1]))
    return result.reset_index(drop=True), [p for _row, _order, p in problems], bad_ids


def _text_column(column: pd.Series | None, n: int) -> pd.Series:
    """Cells as stripped text, ``""`` for empty, in pandas' string dtype (Arrow-backed when pyarrow is there)."""
    if column is None:
        return pd.Series("", index=pd.RangeIndex(n), dtype="str")
    if not pd.api.types.is_string_dtype(column) or column.dtype == object:
        column = column.map(as_text, na_action=None).astype("str")
    text = column.fillna("")
    stripped = text.str.strip()
    return stripped


#: Traditional → Simplified for the characters of column headers, so a header typed in either script
#: (繁體 on Taiwanese/Hong Kong Excel, 简体 on mainland Windows) matches the same column.
_TRADITIONAL = "備內務匯協單別劉員問團報處實審對層屬崗廳後態戶採數時書業構標權沒濤無熱營狀現碼稱紀納級終組結經線編總織繫係聯職虛號補見訂訪設註評誠說課調請論負責買費資賴購車銷鐘長門開關隊際靜額類顧駁於復複準計劃週項達績統價參與來決錄歸條區廠場產機電話擬議證檔規範體幹專獎懲勵擔當應將質優簽舊轉換變動減異領導傳歷齡臺萬億幣錢貨銀帳賬預測試驗檢廣網絡圖讀寫誤題頻難雙順須頭養餘館點兩個們儲勞啟圓學庫從據擇斷會樣氣滿濟為爭獨環發盤積競節簡約紙細給絕維綜緊練續罰聲臨興藝術衛裝製覺觀親記許診詢該詳認語談講識護讓財軟載輔輕輪辦農這進遠適選遺還郵鄉醫釋鋼鏈閉間閱陣陸階險雜離飯驅鮮麥黃陳張趙華國稅獲薦歲貢獻遲監則"
_SIMPLIFIED = "备内务汇协单别刘员问团报处实审对层属岗厅后态户采数时书业构标权没涛无热营状现码称纪纳级终组结经线编总织系系联职虚号补见订访设注评诚说课调请论负责买费资赖购车销钟长门开关队际静额类顾驳于复复准计划周项达绩统价参与来决录归条区厂场产机电话拟议证档规范体干专奖惩励担当应将质优签旧转换变动减异领导传历龄台万亿币钱货银账账预测试验检广网络图读写误题频难双顺须头养余馆点两个们储劳启圆学库从据择断会样气满济为争独环发盘积竞节简约纸细给绝维综紧练续罚声临兴艺术卫装制觉观亲记许诊询该详认语谈讲识护让财软载辅轻轮办农这进远适选遗还邮乡医释钢链闭间阅阵陆阶险杂离饭驱鲜麦黄陈张赵华国税获荐岁贡献迟监则"
_HEADER_FOLD = str.maketrans({**dict(zip(_TRADITIONAL, _SIMPLIFIED)), "（": "(", "）": ")", "　": " "})


def header_key(header: object) -> str:
    """How headers are compared: trimmed, lower case, ``_`` for spaces, Traditional folded to Simplified.

    Examples
    --------
    >>> header_key(" 銷售顧問 ") == header_key("销售顾问")
    True
    >>> header_key("Monthly Cost"), header_key("時長（分鐘）")
    ('monthly_cost', '时长(分钟)')
    """
    return str(header).strip().translate(_HEADER_FOLD).lower().replace(" ", "_")


def localise(frame: pd.DataFrame, table: Table) -> pd.DataFrame:
    """A table for people: headers and choice values in the language in force (English keeps the codes).

    Columns the schema does not know are left as they are; the user's own
    data (names, ids) is never changed. :func:`canonical_headers` reads the
    result back in any language.

    Examples
    --------
    >>> from orgplan.i18n import language
    >>> t = Table("t", None, (Column("kind", "choice", label=N_("kind"), choice_labels={"hire": "hire"}),))
    >>> frame = pd.DataFrame({"kind": ["hire"], "note": ["x"]})
    >>> with language("en"):
    ...     localise(frame, t).columns.tolist()
    ['kind', 'note']
    """
    from orgplan.i18n import get_language

    if get_language() == "en":
        return frame.copy()
    words = Translator(table.domain)
    out = frame.copy()
    for column in table.columns:
        if column.name not in out.columns:
            continue
        if column.choice_labels:
            labels = {code: words(label) for code, label in column.choice_labels.items()}
            out[column.name] = out[column.name].map(lambda v: labels.get(v, v) if isinstance(v, str) else v)
    names = {c.name: words(c.label) for c in table.columns if c.label and c.name in out.columns}
    return out.rename(columns=names)


def delocalise(frame: pd.DataFrame, table: Table) -> pd.DataFrame:
    """The reverse of :func:`localise`: headers and choice values in any language back to the names and codes.

    Headers the table does not know are kept as they are.

    Examples
    --------
    >>> from orgplan.i18n import language
    >>> t = Table("t", None, (Column("kind", "choice", label=N_("kind"), choice_labels={"hire": "hire"}),))
    >>> delocalise(pd.DataFrame({"kind": ["hire"]}), t).to_dict("records")
    [{'kind': 'hire'}]
    """
    mapping, _problems = canonical_headers(table, [str(c) for c in frame.columns], table.name)
    out = frame.rename(columns=mapping)
    for column in table.columns:
        if column.choice_labels and column.name in out.columns:
            words = column.choice_words()
            out[column.name] = out[column.name].map(lambda v: words.get(v, v) if isinstance(v, str) else v)
    return out

