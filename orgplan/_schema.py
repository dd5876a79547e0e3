"""The tables of a structure: their columns, Chinese header aliases and cell rules.

This is the one place that says what a valid cell is. Both the file reader
(:mod:`orgplan.io`) and the :class:`~orgplan.structure.Structure` constructor
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
    #: what a user should write, in words
    expected: str = ""


@dataclass(frozen=True)
class Table:
    name: str  # "units"
    id_column: str | None
    columns: tuple[Column, ...]
    sheet_aliases: tuple[str, ...] = ()

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


UNIT_KINDS = {
    "company": "company", "公司": "company", "總公司": "company", "总公司": "company",
    "department": "department", "部門": "department", "部门": "department",
    "section": "section", "科": "section", "課": "section", "课": "section",
    "處": "section", "处": "section", "室": "section",
    "team": "team", "組": "team", "组": "team", "班組": "team", "班组": "team",
    "小組": "team", "小组": "team", "store": "team", "門店": "team", "门店": "team",
}

UNITS = Table(
    name="units",
    id_column="unit_id",
    sheet_aliases=("部門", "部门", "組織", "组织"),
    columns=(
        Column("unit_id", "id", aliases=("部門編號", "部门编号", "部門代碼", "部门代码", "單位編號", "单位编号", "編號", "编号"),
               expected="a short id such as 'SALES'"),
        Column("name", "text", aliases=("名稱", "名称", "部門", "部门", "部門名稱", "部门名称"),
               expected="the unit's name"),
        Column("parent_id", "id", blank_ok=True,
               aliases=("上級部門", "上级部门", "上級", "上级", "上級編號", "上级编号"),
               expected="the unit_id of the unit above, or empty for the company"),
        Column("kind", "choice", aliases=("類型", "类型", "層級", "层级"), choices=UNIT_KINDS,
               expected="one of company, department, section, team (公司, 部門, 科, 組)"),
    ),
)

POSITIONS = Table(
    name="positions",
    id_column="position_id",
    sheet_aliases=("職位", "职位", "崗位", "岗位"),
    columns=(
        Column("position_id", "id", aliases=("職位編號", "职位编号", "崗位編號", "岗位编号", "編號", "编号"),
               expected="a short id such as 'SAL-CONS'"),
        Column("unit_id", "id", aliases=("部門", "部门", "部門編號", "部门编号", "所屬部門", "所属部门"),
               expected="the unit_id of the unit the position belongs to"),
        Column("title", "text", aliases=("職位", "职位", "崗位", "岗位", "職位名稱", "职位名称", "崗位名稱", "岗位名称"),
               expected="the position's title"),
        Column("reports_to", "id", blank_ok=True,
               aliases=("上級", "上级", "匯報", "汇报", "匯報對象", "汇报对象", "上級職位", "上级职位", "直屬上級", "直属上级"),
               expected="the position_id it reports to, or empty for the top position"),
        Column("approved", "count", aliases=("編制", "编制", "編制人數", "编制人数", "定編", "定编"),
               expected="a whole number of 0 or more (the approved headcount, 編制)"),
        Column("filled", "count", aliases=("在崗", "在岗", "在崗人數", "在岗人数", "現有", "现有"),
               expected="a whole number of 0 or more (people in the position, 在崗)"),
        Column("monthly_cost", "money", aliases=("月成本", "人均月成本", "月薪", "人均成本"),
               expected="a number of 0 or more (monthly cost per head)"),
        Column("grade", "text", required=False, blank_ok=True, aliases=("職級", "职级"),
               expected="a grade label"),
        Column("dotted_line_to", "id", required=False, blank_ok=True,
               aliases=("虛線匯報", "虚线汇报", "虛線上級", "虚线上级"),
               expected="a position_id for a dotted (secondary) reporting line, or empty"),
        Column("assistant", "flag", required=False, blank_ok=True, aliases=("助理",),
               expected="yes/no (是/否), true/false or 1/0"),
    ),
)

DUTIES = Table(
    name="duties",
    id_column=None,  # one row per duty and owner: repeated duty_ids are overlaps, found by checks
    sheet_aliases=("職能", "职能", "權責", "权责"),
    columns=(
        Column("duty_id", "id", aliases=("職能編號", "职能编号", "權責編號", "权责编号", "編號", "编号"),
               expected="a short id such as 'D-RECRUIT'"),
        Column("name", "text", aliases=("職能", "职能", "權責", "权责", "職能名稱", "职能名称"),
               expected="the duty's name"),
        Column("unit_id", "id", blank_ok=True,
               aliases=("負責部門", "负责部门", "部門", "部门", "部門編號", "部门编号"),
               expected="the unit_id of the owning unit (empty marks a gap)"),
    ),
)

TABLES = {t.name: t for t in (UNITS, POSITIONS, DUTIES)}

STATUSES = {
    "as-is": "as-is", "as_is": "as-is", "asis": "as-is", "現狀": "as-is", "现状": "as-is", "現行": "as-is", "现行": "as-is",
    "draft": "draft", "草案": "draft", "草稿": "draft",
    "approved": "approved", "已批准": "approved", "批准": "approved", "已核准": "approved", "核准": "approved",
}

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
        for alias in (column.name, *column.aliases):
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
                                    f"each column once; {seen[name]!r} already means {name!r}", "duplicate_column"))
            continue
        seen[name] = header
        mapping[header] = name
    for column in table.columns:
        if column.required and column.name not in seen:
            names = " / ".join((column.name,) + column.aliases[:3])
            problems.append(Problem(file, 1, None, None,
                                    f"a column {column.name!r} ({names}) in the header row", "missing_column"))
    return mapping, problems


def _norm(header: str) -> str:
    return header_key(header)


def validate_tables(
    frames: dict[str, pd.DataFrame], files: dict[str, str]
) -> tuple[dict[str, pd.DataFrame], list[Problem], dict[str, set[str]]]:
    """Check every cell of the tables, collecting all problems.

    ``frames`` hold text cells (``""`` for empty) under canonical column
    names. Returns the typed tables, the problems, and per table the set of
    ids whose row had a problem (later rules may skip what is already
    reported). Bad numeric cells become 0 and later duplicates of an id are
    dropped, so the structural checks can still run; the caller decides
    whether problems are fatal.
    """
    typed: dict[str, pd.DataFrame] = {}
    problems: list[Problem] = []
    flagged: dict[str, set[str]] = {}
    for name, table in TABLES.items():
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
                report(has_newline, column, text, "an id on one line", "invalid_value")
            out[column.name] = text.where(~blank)
        elif column.type in ("count", "money"):
            numbers = _numbers(text, blank)
            not_number = ~blank & np.isnan(numbers)
            report(not_number, column, text, column.expected, "not_a_number")
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
            choices = {**{k.lower(): v for k, v in column.choices.items()}, **column.choices}
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
    return result.reset_index(drop=True), [p for _, _, p in problems], bad_ids


def _text_column(column: pd.Series | None, n: int) -> pd.Series:
    """Cells as stripped text, ``""`` for empty, in pandas' string dtype (Arrow-backed when pyarrow is there)."""
    if column is None:
        return pd.Series("", index=pd.RangeIndex(n), dtype="str")
    if not pd.api.types.is_string_dtype(column) or column.dtype == object:
        column = column.map(_as_text, na_action=None).astype("str")
    text = column.fillna("")
    stripped = text.str.strip()
    return stripped


def _numbers(text: pd.Series, blank: np.ndarray) -> np.ndarray:
    """Parse numeric cells; NaN where the cell is blank or not a number.

    The common case (plain digits) is parsed in one vectorised call; only the
    cells that fail are retried without thousands separators (``1,200``).
    """
    try:  # one C-level cast when every cell is a plain number (the common case)
        numbers = np.array(text.where(~blank).astype("float64").to_numpy(dtype=float, na_value=np.nan))
    except (ValueError, TypeError):
        numbers = np.array(pd.to_numeric(text.where(~blank), errors="coerce").to_numpy(dtype=float, na_value=np.nan))
    numbers[~np.isfinite(numbers)] = np.nan  # "inf", "nan" typed into a cell are not numbers
    retry = np.flatnonzero(np.isnan(numbers) & ~blank)
    if retry.size:
        cleaned = text.iloc[retry].str.replace(",", "", regex=False).str.replace("，", "", regex=False)
        numbers[retry] = pd.to_numeric(cleaned, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    return numbers


def _as_text(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (pd.Timestamp,)):
        return value.date().isoformat()
    return str(value).strip()


_DATE_PATTERNS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})(?: 00:00(?::00)?)?$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"),
)


def parse_date(value: Any) -> _dt.date | None:
    """A date cell as a date, or None when it is not a date that exists.

    Accepts what Excel on Chinese Windows writes: ``2027-03-05``,
    ``2027/3/5``, ``2027.3.5``, ``2027年3月5日`` (with a midnight time),
    and date or datetime objects read from a workbook. A day that does not
    exist (``2027-02-30``) or a month 13 is not a date: nothing is guessed.

    Examples
    --------
    >>> parse_date("2027/3/5"), parse_date("2027年3月5日")
    (datetime.date(2027, 3, 5), datetime.date(2027, 3, 5))
    >>> parse_date("2027-02-30") is None, parse_date("2027/13/01") is None
    (True, True)
    """
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.date()
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    text = str(value).strip()
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            try:
                return _dt.date(*(int(g) for g in match.groups()))
            except ValueError:
                return None
    return None


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
