"""The organisation structure (組織架構): units, positions, reporting lines, duties.

A :class:`Structure` is immutable: every change returns a new one, so a
scenario can never corrupt the approved structure. Tables come out as pandas
DataFrames; the whole structure is also a networkx graph (:attr:`Structure.graph`).

Examples
--------
>>> import pandas as pd
>>> from orgplan import Structure
>>> units = pd.DataFrame({"unit_id": ["CO", "SALES"], "name": ["公司", "销售部"],
...                       "parent_id": [None, "CO"], "kind": ["company", "department"]})
>>> positions = pd.DataFrame({
...     "position_id": ["GM", "SM", "SC"], "unit_id": ["CO", "SALES", "SALES"],
...     "title": ["总经理", "銷售經理", "销售顾问"], "reports_to": [None, "GM", "SM"],
...     "approved": [1, 1, 8], "filled": [1, 1, 6], "monthly_cost": [30000, 15000, 6000]})
>>> s = Structure(units, positions)
>>> s
Structure('structure', status='draft', units=2, positions=3, approved=10, filled=8)
>>> s.positions.loc[2, "title"]
'销售顾问'
>>> s2 = s.replace(name="2027 draft")
>>> s.name, s2.name
('structure', '2027 draft')
"""

from __future__ import annotations

import datetime as _dt
import difflib
import html
from dataclasses import dataclass, replace as _dc_replace
from typing import Any, Literal, Mapping

import networkx as nx
import pandas as pd

from orgplan.model.tables import STATUSES, TABLES
from orgplan.tables.cells import parse_date
from orgplan.tables.schema import canonical_headers, validate_tables
from orgplan.errors import DataError, Problem, UnknownIdError
from orgplan.i18n import N_, Translator, normalise_language

_ = Translator("organisation")

__all__ = ["Structure", "StructureInfo", "Status", "STATUS_LABELS", "status_words"]

Status = Literal["as-is", "draft", "approved"]
#: A structure's status as people read it (现状 / 草案 / 已批准 in Simplified Chinese).
STATUS_LABELS = {"as-is": N_("as-is"), "draft": N_("draft"), "approved": N_("approved (status)")}


def status_words(code: str) -> str:
    """A status as people read it: the code in English (``approved``), else its words (``已批准``)."""
    from orgplan.i18n import get_language

    if code not in STATUS_LABELS or get_language() == "en":
        return code
    return _(STATUS_LABELS[code])
#: The figures of the structure's HTML summary, in words (the same words as the organisation's tables).
_FIGURE_LABELS = {"name": N_("name"), "status": N_("status"), "units": N_("units"), "positions": N_("positions"),
                  "approved": N_("establishment"), "filled": N_("filled"), "vacancy": N_("vacancy"),
                  "over_establishment": N_("over establishment"), "monthly_cost": N_("monthly cost"),
                  "annual_cost": N_("annual cost")}


@dataclass(frozen=True)
class StructureInfo:
    """A structure's metadata, as kept in ``structure.yaml``.

    Parameters
    ----------
    name : str
        A name users recognise, e.g. ``"2027 approved structure"``.
    status : {"as-is", "draft", "approved"}
        ``as-is`` records today's organisation, ``draft`` is under review,
        ``approved`` has been signed off by the general manager.
    approved_by, approved_on : str, datetime.date, optional
        Who approved it and when; only meaningful for ``approved``.
    notes : str, optional
        Free text.
    language : {"zh-Hans", "zh-Hant", "en"}, optional
        The company's own choice of language for what orgplan writes
        (below ``--lang``, :func:`orgplan.set_language` and ``ORGPLAN_LANG``).
    """

    name: str = "structure"
    status: Status = "draft"
    approved_by: str | None = None
    approved_on: _dt.date | None = None
    notes: str | None = None
    language: str | None = None

    def __post_init__(self) -> None:
        if self.language is not None:
            try:
                object.__setattr__(self, "language", normalise_language(self.language, what="language"))
            except ValueError:
                raise DataError([Problem("structure.yaml", None, "language", str(self.language),
                                         _("one of zh-Hans, zh-Hant, en"))]) from None
        status = STATUSES.get(str(self.status).strip().lower(), STATUSES.get(str(self.status).strip()))
        if status is None:
            raise DataError([Problem("structure.yaml", None, "status", str(self.status),
                                     _("one of as-is, draft, approved"))])
        object.__setattr__(self, "status", status)
        if self.approved_on is not None:
            day = parse_date(self.approved_on)  # the one date rule of every table (orgplan.tables.cells)
            if day is None:
                raise DataError([Problem("structure.yaml", None, "approved_on", str(self.approved_on),
                                         _("a date written as YYYY-MM-DD"))])
            object.__setattr__(self, "approved_on", day)


class Structure:
    """One version of the organisation: units, positions, lines and duties.

    Parameters
    ----------
    units : DataFrame
        ``unit_id, name, parent_id, kind`` (see DESIGN.md). Chinese headers
        (部門編號, 名稱, 上級部門, 類型 …) are accepted.
    positions : DataFrame
        ``position_id, unit_id, title, reports_to, approved, filled,
        monthly_cost`` and optionally ``grade, dotted_line_to, assistant``.
    duties : DataFrame, optional
        ``duty_id, name, unit_id``, one row per duty and owner.
    info : StructureInfo, optional
        Name, status and approval.

    Raises
    ------
    DataError
        If any cell is invalid (missing, not a number, negative, duplicate
        id …); every problem is listed, with its row as a spreadsheet shows it.

    Notes
    -----
    Cell rules are enforced here; rules about how the parts fit together
    (unknown parents, reporting cycles, gaps and overlaps of duties, spans)
    are *findings* of :func:`orgplan.check`, because a draft under
    construction must be loadable while it is still wrong.
    """

    __slots__ = ("_units", "_positions", "_duties", "_info", "_graph", "_files", "_cache")

    def __init__(
        self,
        units: pd.DataFrame,
        positions: pd.DataFrame,
        duties: pd.DataFrame | None = None,
        info: StructureInfo | None = None,
        **info_fields: Any,
    ) -> None:
        frames, problems = {}, []
        for name, frame in (("units", units), ("positions", positions), ("duties", duties)):
            if frame is None:
                continue
            label = f"{name} table"
            mapping, header_problems = canonical_headers(TABLES[name], [str(c) for c in frame.columns], label)
            problems.extend(header_problems)
            frames[name] = frame.rename(columns=mapping)[list(mapping.values())].reset_index(drop=True)
        if problems:
            raise DataError(problems, _("The tables given to Structure have problems"))
        typed, problems, _flagged = validate_tables(TABLES, frames, {n: f"{n} table" for n in frames})
        if problems:
            raise DataError(problems, _("The tables given to Structure have problems"))
        info = info or StructureInfo()
        if info_fields:
            info = _dc_replace(info, **info_fields)
        self._init(typed, info, {})

    @classmethod
    def _from_validated(cls, typed: dict[str, pd.DataFrame], info: StructureInfo,
                        files: Mapping[str, str]) -> "Structure":
        """Build from tables that :func:`validate_tables` already typed (used by ``io``)."""
        self = object.__new__(cls)
        self._init(typed, info, dict(files))
        return self

    def _init(self, typed: dict[str, pd.DataFrame], info: StructureInfo, files: dict[str, str]) -> None:
        object.__setattr__(self, "_units", typed["units"])
        object.__setattr__(self, "_positions", typed["positions"])
        object.__setattr__(self, "_duties", typed["duties"])
        object.__setattr__(self, "_info", info)
        object.__setattr__(self, "_graph", None)
        object.__setattr__(self, "_files", files)
        object.__setattr__(self, "_cache", {})

    def _derived(self, key: str, compute):
        """Memoise a pure derivation of this (immutable) structure, e.g. its resolved trees."""
        if key not in self._cache:
            self._cache[key] = compute(self)
        return self._cache[key]

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Structure is immutable: use .replace(...) or a scenario change to get a new one.")

    # ----------------------------------------------------------- tabular views
    @property
    def units(self) -> pd.DataFrame:
        """The units as a new DataFrame (``unit_id, name, parent_id, kind``)."""
        return self._units.drop(columns="_row")

    @property
    def positions(self) -> pd.DataFrame:
        """The positions as a new DataFrame."""
        return self._positions.drop(columns="_row")

    @property
    def duties(self) -> pd.DataFrame:
        """The duties as a new DataFrame (``duty_id, name, unit_id``)."""
        return self._duties.drop(columns="_row")

    # The tables as validated, shared rather than copied, for analyses that read a large structure
    # many times. Each is a shallow copy-on-write copy: reading costs nothing, and writing to it
    # copies the touched column first, so the structure itself never changes.
    @property
    def units_table(self) -> pd.DataFrame:
        """The units as validated, with the ``_row`` column, without copying the data.

        Like :attr:`units` plus ``_row`` (the row of the file it came from,
        as a spreadsheet numbers it: 2 for the first row under the headers),
        but free: the frame shares the structure's data (pandas
        copy-on-write), so reading it costs nothing and changing it changes
        only the copy.

        Examples
        --------
        >>> from orgplan import read_structure, sample_path
        >>> s = read_structure(sample_path("approved-2027"))
        >>> table = s.units_table
        >>> list(table.columns[:2]), "_row" in table
        (['unit_id', 'name'], True)
        >>> table.loc[0, "name"] = "changed"     # a copy: the structure keeps its name
        >>> s.units_table.loc[0, "name"] != "changed"
        True
        """
        return self._units.copy(deep=False)

    @property
    def positions_table(self) -> pd.DataFrame:
        """The positions as validated, with ``_row``, without copying the data (see :attr:`units_table`)."""
        return self._positions.copy(deep=False)

    @property
    def duties_table(self) -> pd.DataFrame:
        """The duties as validated, with ``_row``, without copying the data (see :attr:`units_table`)."""
        return self._duties.copy(deep=False)

    @property
    def info(self) -> StructureInfo:
        """Name, status and approval (:class:`StructureInfo`)."""
        return self._info

    @property
    def name(self) -> str:
        return self._info.name

    @property
    def status(self) -> Status:
        return self._info.status

    @property
    def files(self) -> dict[str, str]:
        """Which file each table was read from (empty for in-memory structures)."""
        return dict(self._files)

    def unit(self, unit_id: str) -> pd.Series:
        """One unit's row.

        Raises
        ------
        UnknownIdError
            If there is no such unit; the message lists similar ids.
        """
        return _row(self._units, "unit_id", unit_id, N_("unit"))

    def position(self, position_id: str) -> pd.Series:
        """One position's row (raises :class:`UnknownIdError` if unknown)."""
        return _row(self._positions, "position_id", position_id, N_("position"))

    def subunits(self, unit_id: str, *, include_self: bool = True) -> list[str]:
        """Ids of ``unit_id`` and every unit beneath it, in breadth-first order.

        Examples
        --------
        >>> from orgplan import read_structure, sample_path
        >>> s = read_structure(sample_path("approved-2027"))
        >>> s.subunits("SALES")[:3]
        ['SALES', 'SALES-SHOW', 'SALES-KA']
        """
        self.unit(unit_id)
        children: dict[str, list[str]] = {}
        for uid, parent in zip(self._units["unit_id"], self._units["parent_id"]):
            if pd.notna(parent):
                children.setdefault(parent, []).append(uid)
        order, queue, seen = [], [unit_id], {unit_id}
        while queue:
            current = queue.pop(0)
            order.append(current)
            for child in children.get(current, []):
                if child not in seen:
                    seen.add(child)
                    queue.append(child)
        return order if include_self else order[1:]

    # ------------------------------------------------------------------ graph
    @property
    def graph(self) -> nx.DiGraph:
        """The structure as a networkx ``DiGraph`` (built on first use, then kept).

        Nodes are ``("unit", unit_id)`` and ``("position", position_id)``
        tuples with the table's columns as attributes. Edges point downwards
        and carry ``line``: ``"contains"`` (unit → sub-unit),
        ``"has_position"`` (unit → position), ``"reports_to"`` (manager →
        report, the solid line) or ``"dotted"`` (dotted-line manager →
        report). References to unknown ids are left out (see
        :func:`orgplan.check`). Treat the graph as read-only.

        Examples
        --------
        >>> import networkx as nx
        >>> from orgplan import read_structure, sample_path
        >>> g = read_structure(sample_path("approved-2027")).graph
        >>> solid = nx.subgraph_view(g, filter_edge=lambda u, v: g.edges[u, v]["line"] == "reports_to")
        >>> sorted(solid.successors(("position", "GM")))[:2]
        [('position', 'ADM-MGR'), ('position', 'AS-DIR')]
        """
        if self._graph is None:
            object.__setattr__(self, "_graph", self._build_graph())
        return self._graph

    def _build_graph(self) -> nx.DiGraph:
        g = nx.DiGraph(name=self.name, status=self.status)
        units = self.units
        positions = self.positions
        g.add_nodes_from((("unit", r["unit_id"]), {"type": "unit", **r}) for r in units.to_dict("records"))
        g.add_nodes_from((("position", r["position_id"]), {"type": "position", **r})
                         for r in positions.to_dict("records"))
        known_units = set(units["unit_id"])
        known_positions = set(positions["position_id"])
        g.add_edges_from(
            (("unit", p), ("unit", u), {"line": "contains"})
            for u, p in zip(units["unit_id"], units["parent_id"]) if p in known_units
        )
        g.add_edges_from(
            (("unit", u), ("position", p), {"line": "has_position"})
            for p, u in zip(positions["position_id"], positions["unit_id"]) if u in known_units
        )
        g.add_edges_from(
            (("position", m), ("position", p), {"line": "reports_to"})
            for p, m in zip(positions["position_id"], positions["reports_to"]) if m in known_positions
        )
        if "dotted_line_to" in positions:
            g.add_edges_from(
                (("position", m), ("position", p), {"line": "dotted"})
                for p, m in zip(positions["position_id"], positions["dotted_line_to"]) if m in known_positions
            )
        return g

    # --------------------------------------------------------------- building
    def replace(
        self,
        *,
        units: pd.DataFrame | None = None,
        positions: pd.DataFrame | None = None,
        duties: pd.DataFrame | None = None,
        info: StructureInfo | None = None,
        **info_fields: Any,
    ) -> "Structure":
        """A new structure with some tables or metadata replaced; this one is untouched.

        ``info_fields`` (``name=``, ``status=``, ``approved_by=`` …) update the
        metadata. New tables are validated like any other input.
        """
        info = _dc_replace(info or self._info, **info_fields)
        if units is None and positions is None and duties is None:
            return Structure._from_validated(
                {"units": self._units, "positions": self._positions, "duties": self._duties}, info, self._files)
        return Structure(
            self.units if units is None else units,
            self.positions if positions is None else positions,
            self.duties if duties is None else duties,
            info=info,
        )

    # ------------------------------------------------------------ comparison
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Structure):
            return NotImplemented
        if self._info != other._info:
            return False
        return all(
            _canonical(getattr(self, t), key).equals(_canonical(getattr(other, t), key))
            for t, key in (("units", ["unit_id"]), ("positions", ["position_id"]),
                           ("duties", ["duty_id", "unit_id"]))
        )

    __hash__ = None  # type: ignore[assignment]  # mutable-looking tables: not hashable

    def __repr__(self) -> str:
        status = status_words(self.status)
        return _("Structure({name}, status={status}, units={units}, positions={positions}, approved={approved}, "
                 "filled={filled})").format(name=repr(self.name), status=repr(status), units=len(self._units),
                                            positions=len(self._positions),
                                            approved=int(self._positions["approved"].sum()),
                                            filled=int(self._positions["filled"].sum()))

    def _repr_html_(self) -> str:
        """The structure's name, status and totals as a small HTML table.

        The fuller headline figures (layers, managers, spans) are
        :func:`orgplan.summary`'s.
        """
        positions = self._positions
        approved = positions["approved"].to_numpy(dtype="int64")
        filled = positions["filled"].to_numpy(dtype="int64")
        monthly_cost = float((approved * positions["monthly_cost"].to_numpy(dtype=float)).sum())
        figures = {
            "name": self.name, "status": status_words(self.status), "units": len(self._units), "positions": len(positions),
            "approved": int(approved.sum()), "filled": int(filled.sum()),
            "vacancy": int((approved - filled).clip(min=0).sum()),
            "over_establishment": int((filled - approved).clip(min=0).sum()),
            "monthly_cost": monthly_cost, "annual_cost": monthly_cost * 12,
        }
        rows = "".join(f"<tr><th style='text-align:left'>{html.escape(_(_FIGURE_LABELS[key]))}</th>"
                       f"<td style='text-align:right'>{_cell(value)}</td></tr>" for key, value in figures.items())
        return f"<table class='orgplan-summary'>{rows}</table>"


def _cell(value: object) -> str:
    """A figure as the summary table prints it: ``1,058,000``, ``7.5``, escaped text."""
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    if isinstance(value, int):
        return f"{value:,}"
    return html.escape(str(value))


def _canonical(frame: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    frame = frame.sort_values(key, na_position="first", kind="stable").reset_index(drop=True)
    for column in frame.columns:
        if frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column]):
            frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame


def _row(frame: pd.DataFrame, column: str, value: str, what: str) -> pd.Series:
    hits = frame.index[frame[column] == value]
    if len(hits) == 0:
        close = difflib.get_close_matches(str(value), [str(v) for v in frame[column]], n=3, cutoff=0.5)
        if close:
            raise UnknownIdError(_("There is no {what} {value} in this structure. Did you mean {close}?").format(
                what=_(what), value=repr(value), close=", ".join(map(repr, close))))
        raise UnknownIdError(_("There is no {what} {value} in this structure.").format(what=_(what), value=repr(value)))
    return frame.loc[hits[0]].drop(labels="_row")
