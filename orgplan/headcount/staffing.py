"""Staffing status and the GM's exceptions report, from the structure and the ledger.

:func:`staffing_status` shows every position's ``approved, filled, pending,
vacancy``; :func:`exceptions_report` collects the special approvals that went
beyond the approved structure (its chart: :mod:`orgplan.render.exceptions_chart`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from orgplan.errors import ParameterError
from orgplan.headcount.decisions import Decision, ReasonCode
from orgplan.headcount.display import EXCEPTIONS, EXCEPTIONS_BY_DEPARTMENT, canonical_decisions, for_people
from orgplan.headcount.ledger import Ledger, as_ledger, read_state
from orgplan.i18n import Translator
from orgplan.model.structure import Structure
from orgplan.organisation.metrics import rollup

_ = Translator("headcount")

__all__ = ["staffing_status", "exceptions_report", "ExceptionsReport", "department_of"]

#: Reason codes of approvals that go beyond the approved structure.
_EXCEPTION_CODES = (ReasonCode.SPECIAL_APPROVAL_OVER_ESTABLISHMENT, ReasonCode.SPECIAL_APPROVAL_ADD_ESTABLISHMENT,
                    ReasonCode.SPECIAL_APPROVAL_NEW_POSITION)


def staffing_status(
    structure: Structure,
    ledger: Ledger | str | os.PathLike | None = None,
    *,
    by: Literal["position", "department"] = "position",
    pending_only: bool = False,
    in_post: pd.Series | None = None,
) -> pd.DataFrame:
    """The staffing-completeness view: approved, filled, pending and vacancy.

    Parameters
    ----------
    structure : Structure
        The approved structure.
    ledger : Ledger or path, optional
        Adds what the ledger approved (establishment raised, new positions,
        pending seats) and filled. Without one: the structure alone.
    by : {"position", "department"}
        One row per position, or per department (a unit right below the
        company; the company's own positions form its row).
    pending_only : bool, default False
        Only the rows that still wait for people (approved seats not yet filled).
    in_post : Series, optional
        People in post per position counted from the people log (:func:`orgplan.people.in_post`): ``filled``
        is then this count instead of the structure's plus the ledger's fills (which only end pending seats).

    Returns
    -------
    DataFrame
        ``position_id, unit_id, title, approved, filled, pending, vacancy,
        over_establishment`` (by position) or ``unit_id, name, approved,
        filled, pending, vacancy, over_establishment`` (by department: the
        company's row counts its own positions only, as its name says, and
        a last row ``Whole company`` with an empty ``unit_id`` adds up every
        department, as ``orgplan summary`` does).
        ``vacancy`` = max(approved − filled − pending, 0);
        ``over_establishment`` = max(filled + pending − approved, 0).

    Examples
    --------
    >>> from orgplan import read_structure, sample_path
    >>> approved = read_structure(sample_path("approved-2027"))
    >>> table = staffing_status(approved, by="department")
    >>> table[["unit_id", "name", "approved", "filled"]].head(2)
      unit_id                               name  approved  filled
    0      CO  嘉丰汽车销售服务有限公司 (own positions only)         2       2
    1     ADM                                行政部        10      10
    >>> table.iloc[-1].astype(str).tolist()
    ['', 'Whole company', '126', '116', '0', '10', '0']
    """
    if by not in ("position", "department"):
        raise ParameterError(_("The 'by' parameter of staffing_status must be 'position' or 'department'. "
                               "Got {value} instead.").format(value=repr(by)))
    state = read_state(as_ledger(ledger), structure.name)
    positions = structure.positions
    table = pd.DataFrame({
        "position_id": positions["position_id"], "unit_id": positions["unit_id"], "title": positions["title"],
        "approved": positions["approved"].astype(np.int64), "filled": positions["filled"].astype(np.int64),
    })
    recorded = state.positions
    created = recorded[recorded["new_position"].to_numpy(dtype=bool)
                       & ~recorded["position_id"].isin(table["position_id"]).to_numpy(dtype=bool)]
    if len(created):
        table = pd.concat([table, pd.DataFrame({
            "position_id": created["position_id"], "unit_id": created["unit_id"],
            "title": created["title"].fillna(created["position_id"]),
            "approved": 0, "filled": 0})], ignore_index=True)
    at = pd.Index(table["position_id"].to_numpy(dtype=object)).get_indexer(
        recorded["position_id"].to_numpy(dtype=object))
    known = at >= 0
    added = np.zeros(len(table), dtype=np.int64)
    seats = np.zeros(len(table), dtype=np.int64)
    filled = np.zeros(len(table), dtype=np.int64)
    np.add.at(added, at[known], recorded["establishment_added"].to_numpy(dtype=np.int64)[known])
    np.add.at(seats, at[known], recorded["seats"].to_numpy(dtype=np.int64)[known])
    np.add.at(filled, at[known], recorded["filled"].to_numpy(dtype=np.int64)[known])
    table["approved"] = table["approved"].to_numpy() + added
    if in_post is None:
        table["filled"] = table["filled"].to_numpy() + filled
    else:
        table["filled"] = in_post.reindex(table["position_id"], fill_value=0).to_numpy(dtype=np.int64)
    table["pending"] = seats - filled
    table = _with_vacancy(table)
    if by == "position":
        return _waiting(table) if pending_only else table
    department = department_of(structure)
    table["department"] = table["unit_id"].map(department)
    grouped = table.groupby("department", sort=False)[["approved", "filled", "pending"]].sum()
    units = structure.units
    order = [u for u in units["unit_id"] if u in grouped.index]
    grouped = grouped.loc[order].reset_index().rename(columns={"department": "unit_id"})
    grouped.insert(1, "name", grouped["unit_id"].map(dict(zip(units["unit_id"], units["name"]))))
    by_position = table.assign(headroom=table["approved"] - table["filled"] - table["pending"])
    vacancy = by_position.groupby("department")["headroom"].agg(lambda h: int(np.maximum(h, 0).sum()))
    over = by_position.groupby("department")["headroom"].agg(lambda h: int(np.maximum(-h, 0).sum()))
    grouped["vacancy"] = grouped["unit_id"].map(vacancy).astype(np.int64)
    grouped["over_establishment"] = grouped["unit_id"].map(over).astype(np.int64)
    root = units.loc[units["parent_id"].isna(), "unit_id"]
    if len(root) == 1 and (grouped["unit_id"] == root.iat[0]).any():
        # the company's row holds only its own positions (the GM's office): say so, and add the whole company
        own = (grouped["unit_id"] == root.iat[0]).to_numpy()
        grouped.loc[own, "name"] = [_("{name} (own positions only)").format(name=n) for n in grouped.loc[own, "name"]]
        total = {"unit_id": "", "name": _("Whole company"),
                 **{c: int(grouped[c].sum()) for c in ("approved", "filled", "pending", "vacancy",
                                                         "over_establishment")}}
        if not pending_only:
            grouped = pd.concat([grouped, pd.DataFrame([total])], ignore_index=True)
    return _waiting(grouped) if pending_only else grouped


def _waiting(table: pd.DataFrame) -> pd.DataFrame:
    return table[(table["pending"] > 0).to_numpy(dtype=bool)].reset_index(drop=True)


def _with_vacancy(table: pd.DataFrame) -> pd.DataFrame:
    headroom = (table["approved"] - table["filled"] - table["pending"]).to_numpy(dtype=np.int64)
    return table.assign(vacancy=np.maximum(headroom, 0), over_establishment=np.maximum(-headroom, 0))


def department_of(structure: Structure) -> dict[str, str]:
    """unit_id → its department: the unit right below the company (the company for itself)."""
    parent = dict(zip(structure.units["unit_id"], structure.units["parent_id"]))
    department = {}
    for unit in parent:
        top = unit
        for _unused in range(len(parent)):  # (a structure has no cycles; never loop for ever anyway)
            above = parent.get(top)
            if above not in parent or parent.get(above) not in parent:
                break
            top = above
        department[unit] = top
    return department


# ----------------------------------------------------------------- exceptions
#: The summary names at most this many departments to review.
_SUMMARY_DEPARTMENTS = 10


@dataclass(frozen=True)
class ExceptionsReport:
    """Special approvals granted beyond the approved structure, for the GM and the admin manager.

    Attributes
    ----------
    requests : DataFrame
        One row per approval beyond the structure: ``request_id, date,
        department, department_name, unit_id, position_id, title, kind,
        count, seats_over, special_approval, requested_by, reason``.
    by_department : DataFrame
        ``department, name, exceptions, seats_over, establishment, share,
        review``: how many exceptions each department needed, how many seats
        over its approved establishment that makes, as a share of it, and
        whether that share reaches ``review_share`` (the structure of that
        department needs review).
    establishment : int
        The approved structure's total establishment.
    review_share : float
        The share of a department's establishment from which it is flagged.
    """

    requests: pd.DataFrame
    by_department: pd.DataFrame
    establishment: int
    review_share: float = 0.1

    @property
    def count(self) -> int:
        """How many special approvals went beyond the structure."""
        return len(self.requests)

    @property
    def seats_over(self) -> int:
        """Seats granted beyond the approved establishment, in total."""
        return int(self.requests["seats_over"].sum())

    @property
    def summary(self) -> str:
        """One sentence for the GM (two when departments need review), in the language in force."""
        if not self.count:
            return _("No special approval went beyond the approved structure.")
        departments = self.by_department
        flagged = departments[departments["review"]]
        review = flagged["name"].tolist()
        if len(review) > _SUMMARY_DEPARTMENTS:  # the furthest over first, and how many more
            furthest = flagged.sort_values("share", ascending=False, kind="stable", na_position="first")
            review = (furthest["name"].head(_SUMMARY_DEPARTMENTS).tolist()
                      + [_("and {n} more (see by_department)").format(n=len(flagged) - _SUMMARY_DEPARTMENTS)])
        share = self.seats_over / self.establishment if self.establishment else float("nan")
        text = _("{approvals} beyond the approved structure: {seats} over establishment ({share} of "
                 "{establishment}) in {departments}.").format(
            approvals=_.ngettext("{n} special approval", "{n} special approvals", self.count).format(n=self.count),
            seats=_.ngettext("{n} seat", "{n} seats", self.seats_over).format(n=self.seats_over),
            share=f"{share:.1%}", establishment=self.establishment,
            departments=_.ngettext("{n} department", "{n} departments", len(departments)).format(
                n=len(departments)))
        if review:
            # TRANSLATORS: between the names of a list of departments
            text += " " + _("Review the structure of: {departments}.").format(departments=_(", ").join(review))
        return text.replace("。 ", "。")

    def __repr__(self) -> str:
        return f"ExceptionsReport({self.summary!r})"

    def _repr_html_(self) -> str:
        import html

        parts = [f"<p><strong>{html.escape(self.summary)}</strong></p>"]
        if self.count:
            by_department = for_people(self.by_department.assign(share=self.by_department["share"].map(
                lambda share: f"{share:.1%}")), EXCEPTIONS_BY_DEPARTMENT)
            # a Styler does not escape by default: every name and reason is the user's text
            parts.append(by_department.style.set_uuid("exceptions-by-department").format(escape="html")
                         .format_index(escape="html", axis=1).hide(axis="index").to_html())
            parts.append(for_people(self.requests, EXCEPTIONS).style.set_uuid("exceptions-requests")
                         .format(escape="html").format_index(escape="html", axis=1).hide(axis="index").to_html())
        return "\n".join(parts)


def exceptions_report(decisions: pd.DataFrame, structure: Structure, *, review_share: float = 0.1) -> ExceptionsReport:
    """Collect the special approvals that went beyond the approved structure.

    Parameters
    ----------
    decisions : DataFrame
        Decisions from :func:`validate_requests`, every recorded decision
        (:meth:`Ledger.decisions`), or a decisions file for people read back
        (headers and values in any language: :func:`~orgplan.headcount.display.canonical_decisions`).
    structure : Structure
        The approved structure (for departments, titles and establishment).
    review_share : float, default 0.1
        Flag a department for review when its seats over establishment reach
        this share of its approved establishment.

    Returns
    -------
    ExceptionsReport

    Examples
    --------
    >>> import pandas as pd
    >>> from orgplan import read_structure, sample_path
    >>> from orgplan.headcount import validate_requests
    >>> approved = read_structure(sample_path("approved-2027"))
    >>> batch = pd.DataFrame({
    ...     "request_id": ["R1", "R2"], "date": ["2027-04-02", "2027-04-03"],
    ...     "unit_id": ["SALES-KA", "MKT"], "position_id": ["KA-CONS", "MKT-EV"],
    ...     "kind": ["hire", "new_position"], "count": [3, 1], "special_approval": ["GM-2027-007", "GM-2027-008"]})
    >>> report = exceptions_report(validate_requests(approved, batch), approved)
    >>> report.summary
    '2 special approvals beyond the approved structure: 3 seats over establishment (2.4% of 126) in 2 departments. Review the structure of: 市场部.'
    >>> report.by_department[["department", "exceptions", "seats_over", "establishment"]]
      department  exceptions  seats_over  establishment
    0      SALES           1           2             40
    1        MKT           1           1              5
    >>> report.by_department["review"].tolist()  # 1 seat over is 20 % of marketing's 5
    [False, True]
    """
    if not (isinstance(review_share, (int, float)) and 0 <= review_share):
        raise ParameterError(_("The 'review_share' parameter of exceptions_report must be a number of 0 or more. "
                               "Got {value} instead.").format(value=repr(review_share)))
    decisions = canonical_decisions(decisions)  # a decisions file for people, in any language, reads back
    missing = [c for c in ("decision", "reason_code", "over_establishment", "unit_id", "position_id")
               if c not in decisions.columns]
    if missing:
        raise ParameterError(_("The 'decisions' parameter of exceptions_report must be a decisions table "
                               "(from validate_requests). Got a table without {columns} instead.").format(
                                   columns=", ".join(missing)))
    chosen = decisions[(decisions["decision"] == Decision.APPROVED).to_numpy(dtype=bool)
                       & decisions["reason_code"].isin(list(_EXCEPTION_CODES)).to_numpy(dtype=bool)]
    department = department_of(structure)
    units = structure.units
    unit_name = dict(zip(units["unit_id"], units["name"]))
    titles = dict(zip(structure.positions["position_id"], structure.positions["title"]))
    if "title" in chosen.columns:
        titles = {**dict(zip(chosen["position_id"], chosen["title"])), **titles}
    requests = pd.DataFrame({
        "request_id": chosen["request_id"].to_numpy(),
        "date": chosen["date"].to_numpy(),
        "department": chosen["unit_id"].map(department).to_numpy(),
        "department_name": chosen["unit_id"].map(department).map(unit_name).to_numpy(),
        "unit_id": chosen["unit_id"].to_numpy(),
        "position_id": chosen["position_id"].to_numpy(),
        "title": chosen["position_id"].map(titles).to_numpy(),
        "kind": chosen["kind"].to_numpy(),
        "count": chosen["count"].astype("Int64").to_numpy(),
        "seats_over": chosen["over_establishment"].astype(np.int64).to_numpy(),
        "special_approval": chosen["special_approval"].to_numpy(),
        "requested_by": chosen["requested_by"].to_numpy(),
        "reason": chosen["reason"].to_numpy(),
    })
    establishment = rollup(structure).set_index("unit_id")["approved"]
    grouped = (requests.groupby("department", sort=False)
               .agg(exceptions=("request_id", "size"), seats_over=("seats_over", "sum")))
    order = [u for u in units["unit_id"] if u in grouped.index]
    by_department = grouped.loc[order].reset_index()
    by_department.insert(1, "name", by_department["department"].map(unit_name))
    by_department["establishment"] = by_department["department"].map(establishment).astype(np.int64)
    by_department["share"] = by_department["seats_over"] / by_department["establishment"].where(
        by_department["establishment"] > 0)
    by_department["review"] = (by_department["share"].fillna(np.inf) >= review_share).to_numpy(dtype=bool)
    root = units.loc[units["parent_id"].isna(), "unit_id"]
    total = int(establishment.loc[root].sum()) if len(root) else int(structure.positions["approved"].sum())
    return ExceptionsReport(requests, by_department, total, float(review_share))

