"""The review workflow: department comments on a draft, then the GM's approval.

The seed's administration plan: the draft structure goes to the departments,
they comment (意見), the general manager revises and approves. Here:

* comments are a plain table (``comment_id, department, unit_id,
  position_id, comment, resolution, response``) kept as CSV or Excel —
  :func:`read_comments`, :func:`add_comment`, :func:`resolve_comment`,
  :func:`open_comments`, :func:`comment_counts`;
* an accepted comment states the change it asks for in its ``change``
  cell — a change operation as a scenario writes it
  (``set_establishment position_id=CRM-SPEC approved=5``; several separated
  by ``；``) or "no structural change" (无结构变更) — and
  :func:`honoured_comments` tells whether the structure carries it;
* the status moves ``as-is`` → ``draft`` (:func:`to_draft`) → ``approved``
  (:func:`approve`, recording ``approved_by`` and ``approved_on``);
* an approved structure is never edited in place: any change returns a new
  draft (see :mod:`orgplan.organisation.scenario`), and :func:`save_version` refuses to
  write over a folder that holds a different approved structure.

Examples
--------
>>> import datetime
>>> from orgplan import read_structure, sample_path
>>> from orgplan.organisation.review import approve, read_comments, to_draft
>>> draft = to_draft(read_structure(sample_path("approved-2027")), name="2027 修訂稿")
>>> draft.status, draft.info.approved_by
('draft', None)
>>> approved = approve(draft, "总经理 陈建国", datetime.date(2027, 3, 28))
>>> approved.status, approved.info.approved_on
('approved', datetime.date(2027, 3, 28))
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import os
from pathlib import Path

import re
from typing import Any

import pandas as pd
import yaml

from orgplan.model.io import read_structure, write_structure
from orgplan.organisation.changes import Change
from orgplan.organisation.diff import diff
from orgplan.organisation.display import change_label, figure_label
from orgplan.organisation.scenario import _change_from_dict
from orgplan.tables.io import read_table
from orgplan.tables.schema import Column, Table, canonical_headers, localise
from orgplan.organisation.checks import Thresholds, check
from orgplan.errors import ChangeError, DataError, ParameterError, Problem
from orgplan.model.structure import Structure, status_words
from orgplan.i18n import N_, Translator

_ = Translator("organisation")

__all__ = [
    "COMMENT_COLUMNS",
    "RESOLUTIONS",
    "read_comments",
    "validate_comments",
    "add_comment",
    "resolve_comment",
    "open_comments",
    "comment_changes",
    "honoured_comments",
    "honoured_display",
    "NO_CHANGE_WORDS",
    "comments_table",
    "comment_counts_table",
    "comment_counts",
    "to_draft",
    "approve",
    "save_version",
]

#: Columns of a comments table.
COMMENT_COLUMNS = ["comment_id", "department", "unit_id", "position_id", "comment", "resolution", "response",
                   "change"]

#: A comment's resolution as people read it (and may write it, in any language).
RESOLUTION_LABELS = {"open": N_("open"), "accepted": N_("accepted"), "rejected": N_("not accepted"),
                     "noted": N_("noted")}
#: Resolutions of a comment, with the words users write for them.
RESOLUTIONS = {
    "open": "open", "": "open", "待處理": "open", "待处理": "open", "未處理": "open", "未处理": "open", "待定": "open",
    "accepted": "accepted", "採納": "accepted", "采纳": "accepted", "接受": "accepted", "已採納": "accepted",
    "已采纳": "accepted",
    "rejected": "rejected", "不採納": "rejected", "不采纳": "rejected", "駁回": "rejected", "驳回": "rejected",
    "noted": "noted", "備查": "noted", "备查": "noted", "知悉": "noted",
}

_COMMENTS = Table(
    name="comments",
    id_column="comment_id",
    columns=(
        Column("comment_id", "id", aliases=("編號", "编号", "意見編號", "意见编号"), label=N_("comment id")),
        Column("department", "id", aliases=("提出部門", "提出部门", "部門", "部门"), label=N_("from department")),
        Column("unit_id", "id", required=False, blank_ok=True, aliases=("涉及部門", "涉及部门", "關於部門", "关于部门"),
               label=N_("about unit")),
        Column("position_id", "id", required=False, blank_ok=True,
               aliases=("涉及職位", "涉及职位", "關於職位", "关于职位"), label=N_("about position")),
        Column("comment", "text", aliases=("意見", "意见", "內容", "内容"), label=N_("comment")),
        Column("resolution", "choice", required=False, blank_ok=True,
               aliases=("處理結果", "处理结果", "結論", "结论"), label=N_("resolution"),
               choice_labels=RESOLUTION_LABELS),
        Column("response", "text", required=False, blank_ok=True, aliases=("回覆", "回复", "說明", "说明"),
               label=N_("response")),
        Column("change", "text", required=False, blank_ok=True,
               aliases=("变更", "變更", "结构变更", "結構變更", "要求的变更", "要求的變更"), label=N_("change asked for")),
    ),
)


def _resolution(text: str) -> str | None:
    """A resolution as written (a code, a word users write, or its label in any language) → its code."""
    text = text.strip()
    found = RESOLUTIONS.get(text.lower(), RESOLUTIONS.get(text))
    return found if found is not None else _COMMENTS.column("resolution").choice_words().get(text)


def _empty_comments() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in COMMENT_COLUMNS})


# ------------------------------------------------------------------ comments
def read_comments(path: str | os.PathLike, structure: Structure | None = None) -> pd.DataFrame:
    """Read department comments from CSV or Excel and check every cell.

    Parameters
    ----------
    path : str or Path
        A ``.csv`` or ``.xlsx`` file with the columns of
        :data:`COMMENT_COLUMNS` (Chinese headers 提出部門, 涉及部門,
        涉及職位, 意見, 處理結果, 回覆 accepted). Blank ``resolution`` means
        open.
    structure : Structure, optional
        The draft commented on: ``department``, ``unit_id`` and
        ``position_id`` must exist in it.

    Returns
    -------
    DataFrame
        The columns of :data:`COMMENT_COLUMNS`; empty cells are ``None``,
        ``resolution`` is one of open, accepted, rejected, noted.

    Raises
    ------
    DataError
        Listing every bad cell with file, row and column.

    Examples
    --------
    >>> from orgplan import sample_path
    >>> comments = read_comments(sample_path("review-comments-2027.csv"))
    >>> comments["resolution"].value_counts().sort_index().to_dict()
    {'accepted': 2, 'noted': 1, 'open': 2, 'rejected': 1}
    """
    file = str(path)
    raw = read_table(path)
    mapping, problems = canonical_headers(_COMMENTS, list(raw.columns), file)
    if problems:
        raise DataError(problems, _("{file}: the header row has problems").format(file=file))
    frame = raw.rename(columns=mapping)
    for column in COMMENT_COLUMNS:
        if column not in frame:
            frame[column] = ""
    frame = frame[COMMENT_COLUMNS].astype(str).apply(lambda c: c.str.strip())
    problems = []
    for i, row in enumerate(frame.itertuples(index=False), start=2):
        for column in ("comment_id", "department", "comment"):
            if not getattr(row, column):
                problems.append(Problem(file, i, column, None, _("a value in {column}").format(column=repr(column)),
                                        "missing_value"))
        if _resolution(row.resolution) is None:
            problems.append(Problem(file, i, "resolution", row.resolution,
                                    _("open, accepted, not accepted or noted, or empty"), "invalid_value"))
    seen: dict[str, int] = {}
    for i, comment_id in enumerate(frame["comment_id"], start=2):
        if comment_id and comment_id in seen:
            problems.append(Problem(file, i, "comment_id", comment_id,
                                    _("a unique id; {id} is already used on row {row}").format(
                                        id=repr(comment_id), row=seen[comment_id]),
                                    "duplicate_id"))
        seen.setdefault(comment_id, i)
    comments = frame.astype(object).where(frame != "", None)
    comments["resolution"] = [_resolution(str(r or "")) or r for r in frame["resolution"]]
    if structure is not None:
        problems += validate_comments(comments, structure, file=file)
    if problems:
        problems.sort(key=lambda p: (p.row or 0, COMMENT_COLUMNS.index(p.column) if p.column in COMMENT_COLUMNS else 0))
        raise DataError(problems, _.ngettext("{file}: {count} problem in the comments",
                                             "{file}: {count} problems in the comments", len(problems)).format(
            file=file, count=len(problems)))
    return comments.reset_index(drop=True)


def validate_comments(comments: pd.DataFrame, structure: Structure, *, file: str = "comments") -> list[Problem]:
    """Problems of comments that refer to units or positions the structure does not have.

    Returns
    -------
    list of Problem
        One per bad cell (``row`` as a spreadsheet shows it); empty when
        every reference exists.
    """
    units = set(structure.units_table["unit_id"])
    positions = set(structure.positions_table["position_id"])
    problems = []
    for i, row in enumerate(comments.itertuples(index=False), start=2):
        for column, known, what in (("department", units, N_("a unit of {structure} (its unit_id)")),
                                    ("unit_id", units, N_("a unit of {structure} (its unit_id)")),
                                    ("position_id", positions, N_("a position of {structure} (its position_id)"))):
            value = getattr(row, column)
            if value is not None and value == value and value not in known:
                problems.append(Problem(file, i, column, str(value), _(what).format(structure=repr(structure.name)),
                                        "unknown_position" if column == "position_id" else "unknown_unit"))
    return problems


def add_comment(comments: pd.DataFrame | None, department: str, comment: str, *, unit_id: str | None = None,
                position_id: str | None = None, structure: Structure | None = None) -> pd.DataFrame:
    """A new comments table with one more (open) comment; the input is not changed.

    The new ``comment_id`` is ``C`` + the next number (``C007``).

    Examples
    --------
    >>> table = add_comment(None, "SALES", "展廳需要销售主管一層", unit_id="SALES-SHOW")
    >>> table[["comment_id", "department", "resolution"]].values.tolist()
    [['C001', 'SALES', 'open']]
    """
    for name, value in (("department", department), ("comment", comment)):
        if not isinstance(value, str) or not value.strip():
            raise ParameterError(_("The {name} parameter of add_comment must be non-empty text. Got {value} "
                                   "instead.").format(name=repr(name), value=repr(value)))
    comments = _empty_comments() if comments is None else comments
    numbers = pd.to_numeric(comments["comment_id"].astype(str).str.extract(r"(\d+)$")[0], errors="coerce")
    next_number = int(numbers.max()) + 1 if numbers.notna().any() else 1
    row = {"comment_id": f"C{next_number:03d}", "department": department.strip(), "unit_id": unit_id,
           "position_id": position_id, "comment": comment.strip(), "resolution": "open", "response": None}
    new = pd.DataFrame([row], columns=COMMENT_COLUMNS).astype(object)
    if structure is not None:
        problems = validate_comments(new, structure, file="add_comment")
        if problems:
            raise ParameterError(_("The comment refers to ids {structure} does not have: {ids}.").format(
                structure=repr(structure.name), ids="; ".join(f"{p.column} {p.value!r}" for p in problems)))
    if comments.empty:
        return new.reset_index(drop=True)
    return pd.concat([comments.astype(object), new], ignore_index=True)


def resolve_comment(comments: pd.DataFrame, comment_id: str, resolution: str, response: str | None = None,
                    change: str | None = None) -> pd.DataFrame:
    """A new comments table with one comment resolved (accepted, rejected or noted).

    ``change`` records the change an accepted comment asks for (see
    :func:`comment_changes`), or "无结构变更"; approval checks it is carried out.

    Examples
    --------
    >>> table = add_comment(None, "SALES", "展廳需要销售主管一層")
    >>> resolve_comment(table, "C001", "採納", "方案A已加入").loc[0, ["resolution", "response"]].tolist()
    ['accepted', '方案A已加入']
    """
    value = _resolution(str(resolution))
    if value is None:
        raise ParameterError(_("The 'resolution' parameter of resolve_comment must be one of open, accepted, "
                               "rejected, noted. Got {value} instead.").format(value=repr(resolution)))
    hits = comments.index[comments["comment_id"] == comment_id]
    if not len(hits):
        raise ParameterError(_("The 'comment_id' parameter of resolve_comment must be one of the table's ids "
                               "({ids}…). Got {value} instead.").format(
            ids=", ".join(map(str, comments["comment_id"][:8])), value=repr(comment_id)))
    out = comments.copy()
    out.loc[hits, "resolution"] = value
    if response is not None:
        out.loc[hits, "response"] = response
    if change is not None:
        if "change" not in out:
            out["change"] = None
        out.loc[hits, "change"] = change
    return out


def comments_table(comments: pd.DataFrame, columns: list[str] | None = None) -> pd.DataFrame:
    """Comments as people read them: headers and resolutions in the language in force (read back by
    :func:`read_comments` in any language). ``columns`` keeps only those (codes such as ``"comment"``)."""
    return localise(comments[columns] if columns is not None else comments, _COMMENTS)


def comment_counts_table(counts: pd.DataFrame) -> pd.DataFrame:
    """:func:`comment_counts` as people read it: resolutions and "total" in words."""
    words = {code: _(label) for code, label in RESOLUTION_LABELS.items()}
    out = counts.rename(columns={**words, "total": _("total")})
    out.index.name = _("from department")
    out.columns.name = None
    return out


def open_comments(comments: pd.DataFrame) -> pd.DataFrame:
    """The comments still waiting for a resolution."""
    return comments[comments["resolution"].fillna("open") == "open"].reset_index(drop=True)


def comment_counts(comments: pd.DataFrame) -> pd.DataFrame:
    """Comments per department and resolution (a table to show the GM).

    Examples
    --------
    >>> from orgplan import sample_path
    >>> comment_counts(read_comments(sample_path("review-comments-2027.csv"))).loc["SALES"].to_dict()
    {'open': 1, 'accepted': 1, 'rejected': 0, 'noted': 0, 'total': 2}
    """
    table = pd.crosstab(comments["department"], comments["resolution"].fillna("open"))
    table = table.reindex(columns=["open", "accepted", "rejected", "noted"], fill_value=0)
    table["total"] = table.sum(axis=1)
    table.columns.name = None
    return table


# -------------------------------------------------------------------- status
def to_draft(structure: Structure, *, name: str | None = None, notes: str | None = None) -> Structure:
    """The structure as a new draft: status ``draft``, approval cleared.

    Use it to start the review from the as-is structure, or to make the
    next version of an approved one (which itself stays as it is).
    """
    fields: dict[str, object] = {"status": "draft", "approved_by": None, "approved_on": None}
    if name is not None:
        fields["name"] = name
    if notes is not None:
        fields["notes"] = notes
    return structure.replace(**fields)


def approve(structure: Structure, approved_by: str, approved_on: _dt.date | str | None = None, *,
            comments: pd.DataFrame | None = None, thresholds: Thresholds | None = None,
            allow_errors: bool = False, name: str | None = None) -> Structure:
    """The general manager's approval: the draft becomes the approved structure.

    Parameters
    ----------
    structure : Structure
        A ``draft``.
    approved_by : str
        Who approves (the GM), recorded in ``structure.yaml``.
    approved_on : date or "YYYY-MM-DD", optional
        Default today.
    comments : DataFrame, optional
        The departments' comments; every one must be resolved first, and
        every accepted one's change must be in the structure
        (:func:`honoured_comments`).
    thresholds : Thresholds, optional
        For the checks run before approval.
    allow_errors : bool, default False
        Approve even though :func:`orgplan.check` finds errors (the GM's
        final ruling, 最終裁定). Warnings never block.
    name : str, optional
        A new name for the approved version.

    Raises
    ------
    ChangeError
        If the structure is not a draft, comments are still open, an
        accepted comment's change is not in the structure (or not stated),
        or the checks find errors.
    """
    if not isinstance(approved_by, str) or not approved_by.strip():
        raise ParameterError(_("The 'approved_by' parameter of approve must name who approves. "
                               "Got {value} instead.").format(value=repr(approved_by)))
    if structure.status != "draft":
        hint = (_("it was approved by {by} on {on}; make the next version with to_draft() and approve that").format(
                    by=structure.info.approved_by, on=structure.info.approved_on) if structure.status == "approved"
                else _("review it as a draft first: to_draft()"))
        raise ChangeError(_("Cannot approve {name}: only a draft can be approved, and its status is {status} "
                            "({hint}).").format(name=repr(structure.name),
                                                status=repr(status_words(structure.status)),
                                                hint=hint))
    if comments is not None:
        pending = open_comments(comments)
        if len(pending):
            raise ChangeError(_.ngettext(
                "Cannot approve {name}: {count} department comment is still open ({ids}). Resolve each with "
                "resolve_comment().",
                "Cannot approve {name}: {count} department comments are still open ({ids}). Resolve each with "
                "resolve_comment().", len(pending)).format(name=repr(structure.name), count=len(pending),
                                                            ids=", ".join(map(str, pending["comment_id"]))))
        _refuse_unhonoured(structure, comments)
    if not allow_errors:
        findings = check(structure, thresholds)
        errors = findings[findings["severity"] == "error"]
        if len(errors):
            rules = errors["rule"].value_counts(sort=False)
            raise ChangeError(_.ngettext(
                "Cannot approve {name}: the checks find {count} error ({rules}). Fix them, or pass "
                "allow_errors=True for the GM's final ruling.",
                "Cannot approve {name}: the checks find {count} errors ({rules}). Fix them, or pass "
                "allow_errors=True for the GM's final ruling.", len(errors)).format(
                name=repr(structure.name), count=len(errors),
                rules=", ".join(f"{r} ×{n}" for r, n in rules.items())))
    if approved_on is None:
        approved_on = _dt.date.today()
    fields: dict[str, object] = {"status": "approved", "approved_by": approved_by.strip(), "approved_on": approved_on}
    if name is not None:
        fields["name"] = name
    return structure.replace(**fields)


def save_version(structure: Structure, path: str | os.PathLike) -> Path:
    """Write a structure version to a folder or workbook, never over a different approved one.

    An approved structure is the basis for refusing headcount requests; it
    must not change under the users' feet. Writing a structure where a
    *different* approved structure is stored raises; writing the same one
    again is harmless.

    Raises
    ------
    ChangeError
        If ``path`` holds an approved structure that differs from ``structure``.
    """
    path = Path(path)
    if path.exists() and (path.is_file() or (path / "units.csv").exists()):
        try:
            existing = read_structure(path)
        except (DataError, FileNotFoundError):
            existing = None
        if existing is not None and existing.status == "approved" and existing != structure:
            raise ChangeError(_("{path} holds the approved structure {name} (approved by {by} on {on}); an approved "
                                "structure is never edited in place. Save the new version under another name.").format(
                path=path, name=repr(existing.name), by=existing.info.approved_by, on=existing.info.approved_on))
    return write_structure(structure, path)


# ------------------------------------------------------ comments honoured
#: What a ``change`` cell says when an accepted comment asks for no structural change.
NO_CHANGE_WORDS = frozenset({"none", "no change", "no structural change", "无", "無", "无结构变更", "無結構變更",
                             "不涉及结构变更", "不涉及結構變更", "无需变更", "無需變更", "-", "—"})
_CHANGE_SPLIT = re.compile(r"\s*(?:\r?\n|；|;)\s*")


def comment_changes(comment_id: str, text: Any, *, file: str = "comments", row: int | None = None
                    ) -> tuple[list[Change], list[Problem]]:
    """The change operations a comment's ``change`` cell asks for (none for "no structural change").

    Each operation is written ``op field=value field=value`` with the op and
    fields of a scenario file (:mod:`orgplan.organisation.scenario`; the op
    may be in Chinese, e.g. 调整编制); several are separated by ``；``.

    Examples
    --------
    >>> changes, problems = comment_changes("C003", "set_establishment position_id=CRM-SPEC approved=5")
    >>> type(changes[0]).__name__, changes[0].approved, problems
    ('SetEstablishment', 5, [])
    >>> comment_changes("C004", "无结构变更")
    ([], [])
    """
    text = "" if text is None or (isinstance(text, float) and text != text) else str(text).strip()
    if text.lower() in NO_CHANGE_WORDS:
        return [], []
    changes, problems = [], []
    for step, part in enumerate(p for p in _CHANGE_SPLIT.split(text) if p):
        op, *pairs = part.split()
        raw: dict[str, Any] = {"op": op}
        for pair in pairs:
            key, sep, value = pair.partition("=")
            if not sep:
                problems.append(Problem(file, row, "change", part, _("an operation written as op field=value …, "
                                                                     "e.g. set_establishment position_id=CRM-SPEC "
                                                                     "approved=5"), "invalid_value"))
                break
            raw[key.strip()] = yaml.safe_load(value) if value.strip() else None
        else:
            change, found = _change_from_dict(raw, file, None, step)
            problems += [Problem(p.file, row, "change", p.value, p.expected, p.code) for p in found]
            if change is not None:
                changes.append(change)
    return changes, problems


def honoured_comments(structure: Structure, comments: pd.DataFrame) -> pd.DataFrame:
    """Whether each accepted comment's change is in the structure.

    Returns
    -------
    DataFrame
        One row per accepted comment: ``comment_id, change, honoured``
        (True, False) and ``difference`` — what the structure would still
        need (``CRM-SPEC approved: 4 → 5``), the reason it cannot tell (the
        change is not stated, or is written wrongly), or empty when honoured.

    Examples
    --------
    >>> from orgplan import read_structure, sample_path
    >>> s = read_structure(sample_path("approved-2027"))
    >>> table = honoured_comments(s, read_comments(sample_path("review-comments-2027.csv")))
    >>> table[["comment_id", "honoured", "difference"]].values.tolist()
    [['C001', True, ''], ['C003', False, "'CRM-SPEC' (客服专员) approved: 4 → 5"]]
    """
    rows = []
    accepted = comments[comments["resolution"] == "accepted"]
    for record in accepted.to_dict("records"):
        text = record.get("change")
        rows.append({"comment_id": record["comment_id"], "change": text or "",
                     **_honoured(structure, record["comment_id"], text)})
    return pd.DataFrame(rows, columns=["comment_id", "change", "honoured", "difference"])


def honoured_display(table: pd.DataFrame) -> pd.DataFrame:
    """:func:`honoured_comments` as people read it: headers in words, 已落实 / 未落实."""
    return pd.DataFrame({_("comment id"): table["comment_id"], _("change asked for"): table["change"],
                         _("carried out"): [_("yes") if ok else _("NO") for ok in table["honoured"]],
                         _("what is still missing"): table["difference"]})


def _honoured(structure: Structure, comment_id: str, text: Any) -> dict[str, Any]:
    if text is None or (isinstance(text, float) and text != text) or not str(text).strip():
        return {"honoured": False, "difference": _("the comment does not state its change (write the change "
                                                   "operation, or \"no structural change\")")}
    changes, problems = comment_changes(comment_id, text)
    if problems:
        return {"honoured": False, "difference": "; ".join(str(p) for p in problems)}
    differences = []
    for change in changes:
        existing = _existing_row(structure, change)
        if existing is not None:  # an add of what is there: honoured when every field given matches
            differences += [f"{getattr(change, key)!r} {figure_label(name)}: {existing[name]} → {value}"
                            for key, name, value in _given_fields(change) if _plain(existing.get(name)) != value]
            continue
        try:
            after = change.apply(structure)
        except ChangeError as exc:
            differences.append(str(exc))
            continue
        found = diff(structure, after)
        differences += [_difference_words(row) for row in found.to_dict("records")]
    return {"honoured": not differences, "difference": "; ".join(differences)}


def _existing_row(structure: Structure, change: Change) -> dict[str, Any] | None:
    """The unit or position an Add* change names, when the structure has it already."""
    op = type(change).__name__
    if op == "AddPosition" and change.position_id in set(structure.positions["position_id"]):
        return structure.position(change.position_id).to_dict()
    if op == "AddUnit" and change.unit_id in set(structure.units["unit_id"]):
        return structure.units.set_index("unit_id", drop=False).loc[change.unit_id].to_dict()
    return None


def _given_fields(change: Change) -> list[tuple[str, str, Any]]:
    key = "position_id" if hasattr(change, "position_id") else "unit_id"
    return [(key, f.name, getattr(change, f.name)) for f in dataclasses.fields(change)
            if getattr(change, f.name) is not None and getattr(change, f.name) != f.default and f.name != key]


def _plain(value: Any) -> Any:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return None
    return value.item() if hasattr(value, "item") else value


def _difference_words(row: dict[str, Any]) -> str:
    name = f"{row['id']!r} ({row['name']})" if row.get("name") else repr(row["id"])
    if row["change"] == "changed":
        return f"{name} {figure_label(row['field'])}: {row['old']} → {row['new']}"
    return _("{name} would be {change}").format(name=name, change=change_label(row["change"]))


def _refuse_unhonoured(structure: Structure, comments: pd.DataFrame) -> None:
    table = honoured_comments(structure, comments)
    missing = table[~table["honoured"].astype(bool)]
    if len(missing):
        details = "; ".join(f"{r.comment_id}: {r.difference}" for r in missing.itertuples(index=False))
        raise ChangeError(_.ngettext(
            "Cannot approve {name}: {count} accepted comment is not carried out in the structure ({details}). "
            "Make the change, or record the GM's new decision in the comment.",
            "Cannot approve {name}: {count} accepted comments are not carried out in the structure ({details}). "
            "Make the changes, or record the GM's new decisions in the comments.", len(missing)).format(
            name=repr(structure.name), count=len(missing), details=details))
