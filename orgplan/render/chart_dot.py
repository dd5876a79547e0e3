"""Build the Graphviz graph of an org chart (private helper of :mod:`orgplan.render.chart`).

What to show (units, folded units, positions), the tree of frames and boxes
(:mod:`orgplan.render.chart_layout` places it), and the DOT text with every
node pinned where the layout put it, in the order of the structure's tables:
the same structure always gives the same chart.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Mapping

import pandas as pd

from orgplan.errors import ParameterError, UnknownIdError
from orgplan.i18n import N_, Translator
from orgplan.organisation.metrics import rollup
from orgplan.model.structure import STATUS_LABELS, Structure, status_words
from orgplan.organisation.display import CHANGE_LABELS
from orgplan.render.chart_labels import (
    CHANGE, COUNT_PT, DOTTED, ID_PT, INK, LINE_HEIGHT, MUTED, NOTE_PT, OVER, TITLE_PT, VACANCY, Span, change_lines,
    escape, label, people_key, people_lines,
)
from orgplan.render.chart_layout import Item, Placed, layout, measure, text_width, tree_in_unit

_ = Translator("organisation")

__all__ = ["Layout", "build", "escape", "MARK_KINDS", "STATUS_LABELS", "validate_marks"]

MARK_KINDS = ("added", "removed", "changed")

# Colours: calm greys and blues for the structure, warm colours only where a reader must look.
LINE = "#475569"
HEAD_PT = 11.0
MARGIN = 18.0     # around the drawing
TITLE_GAP = 14.0  # between the title block and the chart
UNIT_FILL = ("#f8fafc", "#eef3fa", "#f5f2fb", "#eff7f1", "#fbf6ee")
UNIT_BORDER = ("#94a3b8", "#7d9cc4", "#a190c6", "#7fb08f", "#c6a36f")
MANAGER_FILL = "#dde8f6"
MARK_STYLE = {
    #          border     fill       tag    style
    "added": ("#15803d", "#dcfce7", CHANGE_LABELS["added"], "rounded,filled,bold"),
    "removed": ("#b91c1c", "#fee2e2", CHANGE_LABELS["removed"], "rounded,filled,dashed"),
    "changed": ("#b45309", "#fef3c7", CHANGE_LABELS["changed"], "rounded,filled,bold"),
}
COLLAPSED_FILL = "#f1f5f9"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _plain(text: str) -> str:
    """Text for a plain (non-HTML) attribute such as a tooltip: no control characters."""
    return _CONTROL.sub(" ", text.replace("\n", " ").replace("\r", " ")).replace("\\", "\\\\")


def validate_marks(structure: Structure, marks: Mapping | None) -> dict[tuple[str, str], str]:
    """Check ``marks`` (``("unit"|"position", id) -> "added"|"removed"|"changed"``); return it as a dict."""
    if marks is None:
        return {}
    if not isinstance(marks, Mapping):
        raise ParameterError(
            "The 'marks' parameter of org_chart must be a mapping from ('unit' or 'position', id) to "
            f"'added', 'removed' or 'changed'. Got {type(marks).__name__} instead.")
    known = {"unit": set(structure.units_table["unit_id"]), "position": set(structure.positions_table["position_id"])}
    checked: dict[tuple[str, str], str] = {}
    for key, value in marks.items():
        if not (isinstance(key, tuple) and len(key) == 2 and key[0] in known):
            raise ParameterError(
                "The 'marks' parameter of org_chart must have keys ('unit', unit_id) or "
                f"('position', position_id). Got {key!r} instead.")
        if value not in MARK_KINDS:
            raise ParameterError(
                f"The 'marks' parameter of org_chart must map {key!r} to 'added', 'removed' or 'changed'. "
                f"Got {value!r} instead.")
        if key[1] not in known[key[0]]:
            raise UnknownIdError(f"marks names the {key[0]} {key[1]!r}, which is not in this structure.")
        checked[(key[0], str(key[1]))] = value
    return checked


@dataclass(frozen=True)
class Layout:
    """What :func:`build` decided: the DOT source and facts tests and users can check."""

    source: str
    title: str
    unit_id: str | None
    depth: int | None
    collapsed: tuple[str, ...]
    positions: tuple[str, ...]
    notes: tuple[str, ...]
    text: str = field(repr=False)  # all visible label text, for the font check
    lines: tuple[tuple[str, str], ...] = ()  # (manager node, report node): the reporting lines drawn
    geometry: Placed | None = field(default=None, repr=False)  # every rectangle and segment, in points
    natural_size: tuple[float, float] = (0.0, 0.0)  # the chart's width and height without a page around it


def _levels(units: pd.DataFrame, root: str | None) -> tuple[dict[str, int], dict[str, list[str]], list[str]]:
    """Level (1 = top of the chart) of each unit shown, children lists, and the top units, breadth first."""
    ids = list(units["unit_id"])
    known = set(ids)
    children: dict[str, list[str]] = {}
    for uid, parent in zip(units["unit_id"], units["parent_id"]):
        if pd.notna(parent) and parent in known and parent != uid:
            children.setdefault(parent, []).append(uid)
    if root is not None:
        tops = [root]
    else:
        tops = [u for u, p in zip(units["unit_id"], units["parent_id"]) if pd.isna(p) or p not in known]
    level: dict[str, int] = {}
    queue = [(u, 1) for u in tops]
    while True:
        while queue:
            uid, lev = queue.pop(0)
            if uid in level:
                continue
            level[uid] = lev
            queue.extend((c, lev + 1) for c in children.get(uid, []))
        if root is not None:
            break
        rest = [u for u in ids if u not in level]  # units in a parent cycle: shown at the top, not lost
        if not rest:
            break
        tops.append(rest[0])
        queue = [(rest[0], 1)]
    tree = {u: [c for c in children.get(u, []) if level.get(c) == level[u] + 1] for u in level}
    return level, tree, tops


def _auto_depth(level: Mapping[str, int], positions_per_unit: Mapping[str, int], max_nodes: int | None,
                depth: int | None) -> tuple[int, int]:
    """The depth to draw (respecting ``max_nodes``) and the node count it gives."""
    deepest = max(level.values(), default=1)

    def nodes(d: int) -> int:
        return (sum(positions_per_unit.get(u, 0) for u, lv in level.items() if lv <= d)
                + sum(1 for lv in level.values() if lv == d + 1))

    d = deepest if depth is None else min(depth, deepest)
    if max_nodes is not None:
        while d > 1 and nodes(d) > max_nodes:
            d -= 1
    return d, nodes(d)


@dataclass
class _Chart:
    """What a chart shows, decided step by step by :func:`build` before and while drawing."""

    structure: Structure
    unit: str | None
    marks: Mapping[tuple[str, str], str]
    level: dict[str, int]                 # unit → level (1 = top of the chart), for the units shown
    tree: dict[str, list[str]]            # unit → its sub-units one level down
    tops: list[str]                       # the units at the top of the chart
    unit_row: dict[str, dict]             # unit → its row
    totals: dict[str, dict]               # unit → its rollup figures
    records: list[dict]                   # the positions of the chart, in table order
    depth: int = 0                        # the deepest level drawn as clusters
    notes: list[str] = field(default_factory=list)
    collapsed: list[str] = field(default_factory=list)   # units drawn as one folded box
    node_of: dict[str, str] = field(default_factory=dict)  # position → the node it is drawn in
    drawn: list[dict] = field(default_factory=list)       # positions drawn as their own box
    outside: dict[str, dict] = field(default_factory=dict)  # managers outside the chart, by id
    reports: dict[str, list[str]] = field(default_factory=dict)  # node → the nodes reporting to it
    attrs: dict[str, dict[str, str]] = field(default_factory=dict)  # node → its Graphviz attributes
    nodes_in_unit: dict[str, list[str]] = field(default_factory=dict)
    loose: list[str] = field(default_factory=list)        # nodes outside every cluster
    assistants: list[tuple[str, str]] = field(default_factory=list)
    text: list[str] = field(default_factory=list)         # visible label text, for the font check
    people: Mapping[str, list[dict]] | None = None        # position → its people in post (names shown)
    changes: dict = field(default_factory=dict)           # (kind, id) → [(field, old, new)]
    page_of: dict[str, int] = field(default_factory=dict)  # folded unit → the page it continues on
    titles: dict[str, str] = field(default_factory=dict)  # every position of the structure → its title
    reports_to: dict[str, object] = field(default_factory=dict)
    unit_of_position: dict[str, str] = field(default_factory=dict)
    box_notes: dict[str, list] = field(default_factory=dict)
    missing_manager: set[str] = field(default_factory=set)
    lines: list[tuple[str, str]] = field(default_factory=list)
    assistant_lines: set[tuple[str, str]] = field(default_factory=set)
    headings: dict[str, str] = field(default_factory=dict)
    box_area: float = 0.0
    box_of: dict[str, str] = field(default_factory=dict)  # unit → the folded unit it is drawn in
    size: tuple[float, float] = (0.0, 0.0)
    natural_size: tuple[float, float] = (0.0, 0.0)  # without the page around it
    offset: tuple[float, float] = (0.0, 0.0)


def _select(structure: Structure, unit: str | None, marks: Mapping[tuple[str, str], str]) -> _Chart:
    """The units and positions of the chart: ``unit`` and everything beneath it, or the whole company."""
    units = structure.units
    positions = structure.positions
    if unit is not None:
        structure.unit(unit)  # UnknownIdError with suggestions
    level, tree, tops = _levels(units, unit)
    shown_units = set(level)
    unit_row = {r["unit_id"]: r for r in units[units["unit_id"].isin(shown_units)].to_dict("records")}
    figures = rollup(structure)
    totals = {r["unit_id"]: r for r in figures[figures["unit_id"].isin(shown_units)].to_dict("records")}
    in_chart = positions["unit_id"].isin(shown_units)
    if unit is None:  # positions of unknown units still belong to the company chart
        in_chart |= ~positions["unit_id"].isin(set(units["unit_id"]))
    records = positions[in_chart].to_dict("records")
    wanted = {r["position_id"] for r in records}
    wanted |= {r[k] for r in records for k in ("reports_to", "dotted_line_to") if isinstance(r.get(k), str)}
    table = structure.positions_table  # only the positions the chart names: a department of a large company is quick
    named = table.loc[table["position_id"].isin(list(wanted)), ["position_id", "title", "reports_to", "unit_id"]]
    ids, titles, managers, homes = (named[c].tolist() for c in named.columns)
    return _Chart(structure=structure, unit=unit, marks=marks, level=level, tree=tree, tops=tops,
                  unit_row=unit_row, totals=totals, records=records,
                  titles={str(k): str(v) for k, v in zip(ids, titles)},
                  reports_to=dict(zip(ids, managers)), unit_of_position=dict(zip(ids, homes)))


def _fold(chart: _Chart, depth: int | None, max_nodes: int | None, fold: frozenset[str] = frozenset()) -> None:
    """The depth drawn as clusters (at most ``max_nodes`` boxes); the units below it, and those in ``fold``,
    fold into one box each."""
    per_unit: dict[str, int] = {}
    for row in chart.records:
        per_unit[row["unit_id"]] = per_unit.get(row["unit_id"], 0) + 1
    chart.depth, node_count = _auto_depth(chart.level, per_unit, max_nodes, depth)
    deepest = max(chart.level.values(), default=1)
    if max_nodes is not None and chart.depth < (deepest if depth is None else min(depth, deepest)):
        chart.notes.append(_("More than {limit} boxes: the units below level {level} are folded.").format(
            limit=max_nodes, level=chart.depth + 1))
    if max_nodes is not None and node_count > max_nodes:
        chart.notes.append(_("Still {count} boxes after folding (limit {limit}).").format(count=node_count,
                                                                                          limit=max_nodes))
    chart.box_of = {}  # unit → the folded unit it is drawn in (itself when folded), top-down
    for uid in sorted(chart.level, key=chart.level.get):
        parent = chart.unit_row[uid]["parent_id"]
        above = chart.box_of.get(parent) if parent in chart.level and chart.level[parent] < chart.level[uid] else None
        if above is not None:
            chart.box_of[uid] = above
        elif chart.level[uid] == chart.depth + 1 or (uid in fold and uid not in chart.tops):
            chart.box_of[uid] = uid
    chart.collapsed = [u for u in chart.level if chart.box_of.get(u) == u]


def _place_positions(chart: _Chart) -> None:
    """Which node each position is drawn in (its own box, or its folded unit), and who reports to whom."""

    def shown_as(uid: str) -> str | None:
        """The node a unit's positions are drawn in: None = in its own cluster, else the collapsed box."""
        folded = chart.box_of.get(uid)
        return None if folded is None else f"unit:{folded}"

    for row in chart.records:
        box = shown_as(row["unit_id"])
        if box is None:
            chart.node_of[row["position_id"]] = f"position:{row['position_id']}"
            chart.drawn.append(row)
        else:
            chart.node_of[row["position_id"]] = box
    referenced = {r["reports_to"] for r in chart.records if pd.notna(r["reports_to"])}
    referenced |= {r["dotted_line_to"] for r in chart.records
                   if "dotted_line_to" in r and pd.notna(r["dotted_line_to"])}
    positions = chart.structure.positions_table  # only titles are read: no need to copy without _row
    outside = positions[positions["position_id"].isin(referenced - set(chart.node_of))]
    chart.outside = {r["position_id"]: r for r in outside.to_dict("records")}
    for row in chart.records:
        manager = row["reports_to"]
        if pd.notna(manager) and manager in chart.node_of:
            chart.reports.setdefault(chart.node_of[manager], []).append(chart.node_of[row["position_id"]])


def _box_label(chart: _Chart, row: dict, show_ids: bool) -> tuple[str, float, float, str]:
    """A position's box: title, counts, names, changes, notes on lines that cannot be drawn."""
    pid = row["position_id"]
    mark = chart.marks.get(("position", pid))
    lines: list[list[Span]] = []
    if mark:
        lines.append([Span(_(MARK_STYLE[mark][2]), NOTE_PT, MARK_STYLE[mark][0], bold=True)])
    lines.append([Span(str(row["title"]), TITLE_PT, INK, bold=True, strike=mark == "removed")])
    if show_ids:
        lines.append([Span(str(pid), ID_PT, MUTED)])
    lines.append(_count_spans(int(row["approved"]), int(row["filled"])))
    if chart.people is not None:
        lines.extend(people_lines(chart.people.get(pid, []), int(row["approved"])))
    lines.extend(change_lines(chart.changes.get(("position", pid), []), chart.titles))
    lines.extend(chart.box_notes.get(pid, []))
    return label(lines)


def _notes_for_positions(chart: _Chart, attached: set[str]) -> None:
    """Words in a box for what no line shows: a manager elsewhere or missing, dotted lines at both ends."""
    all_titles = chart.titles
    for row in chart.drawn:
        pid, manager = row["position_id"], row["reports_to"]
        notes = chart.box_notes.setdefault(pid, [])
        if isinstance(manager, str) and manager not in all_titles:
            text = _("the manager {id} does not exist").format(id=manager)
            notes.append([Span("⚠ " + text, NOTE_PT, OVER, bold=True)])
            chart.missing_manager.add(pid)
        elif isinstance(manager, str) and pid not in attached and manager != pid:
            notes.append([Span(_("reports to: {manager}").format(manager=all_titles[manager]), NOTE_PT, MUTED)])
    for row in chart.records:
        target = row.get("dotted_line_to")
        if not isinstance(target, str) or target == row["position_id"]:
            continue
        source = row["position_id"]
        target_title = all_titles.get(target, target)
        if chart.node_of.get(source, "").startswith("position:"):
            chart.box_notes.setdefault(source, []).append(
                [Span("┄ " + _("dotted line to: {manager}").format(manager=target_title), NOTE_PT, DOTTED, bold=True)])
        if chart.node_of.get(target, "").startswith("position:"):
            chart.box_notes.setdefault(target, []).append(
                [Span("┄ " + _("dotted line from: {position}").format(position=all_titles[source]), NOTE_PT,
                      DOTTED, bold=True)])


def _box_attrs(chart: _Chart, row: dict, is_manager: bool) -> dict[str, str]:
    pid = row["position_id"]
    mark = chart.marks.get(("position", pid))
    attrs = {"tooltip": _plain(f"{row['title']} ({pid})")}
    if is_manager:
        attrs["fillcolor"] = MANAGER_FILL
    if int(row["filled"]) > int(row["approved"]):
        attrs.update(color=OVER, penwidth="2.2")
    if pid in chart.missing_manager:
        attrs.update(color=OVER, penwidth="2.2", style="rounded,filled,dotted")
    if mark:
        border, fill, _tag, style = MARK_STYLE[mark]
        attrs.update(color=border, fillcolor=fill, style=style, penwidth="2.2")
    return attrs


def _collapsed_item(chart: _Chart, uid: str) -> Item:
    """A folder box for a folded unit: its name, its number of positions and its counts."""
    t = chart.totals[uid]
    name = chart.unit_row[uid]["name"]
    mark = chart.marks.get(("unit", uid))
    folded = _.ngettext("folded · {count} position", "folded · {count} positions", int(t["positions"])).format(
        count=int(t["positions"]))
    lines = [[Span(str(name), TITLE_PT, INK, bold=True, strike=mark == "removed")], [Span(folded, NOTE_PT, MUTED)],
             _count_spans(int(t["approved"]), int(t["filled"]), int(t["vacancy"]), int(t["over_establishment"]))]
    if mark:
        lines.insert(0, [Span(_(MARK_STYLE[mark][2]), NOTE_PT, MARK_STYLE[mark][0], bold=True)])
    if uid in chart.page_of:
        lines.append([Span(_("continued on page {page}").format(page=chart.page_of[uid]), NOTE_PT, DOTTED,
                           bold=True)])
    html_label, width, height, text = label(lines)
    chart.text.append(text)
    attrs = {"label": html_label, "shape": "folder", "style": "filled", "fillcolor": COLLAPSED_FILL,
             "tooltip": _plain(f"{name} ({uid})")}
    if mark:
        border, fill, _tag, _style = MARK_STYLE[mark]
        attrs.update(color=border, fillcolor=fill, penwidth="2.2",
                     style="filled,dashed" if mark == "removed" else "filled,bold")
    chart.attrs[f"unit:{uid}"] = attrs
    return Item(f"unit:{uid}", "box", width + 6, height)


def _heading_item(chart: _Chart, uid: str, note: str | None) -> tuple[str, float, float]:
    row, t = chart.unit_row[uid], chart.totals[uid]
    mark = chart.marks.get(("unit", uid))
    first = [Span(str(row["name"]), HEAD_PT, INK, bold=True, strike=mark == "removed")]
    if mark:
        first.append(Span(f" [{_(MARK_STYLE[mark][2])}]", NOTE_PT, MARK_STYLE[mark][0], bold=True))
    lines = [first, [Span(_counts_plain(int(t["approved"]), int(t["filled"]), int(t["vacancy"]),
                                        int(t["over_establishment"])), NOTE_PT, MUTED)]]
    lines.extend(change_lines(chart.changes.get(("unit", uid), []), chart.titles))
    if note:
        lines.append([Span(note, NOTE_PT, MUTED)])
    html_label, width, height, text = label(lines, pad_x=4, pad_y=3)
    chart.text.append(text)
    return html_label, width, height


def _anchors(chart: _Chart, units_below: Mapping[str, set[str]], wanted: set[str]) -> dict[str, str | None]:
    """Per unit, the manager most of its lines come from (positions inside it reporting to one outside it).

    One pass over the positions: each line counts for the units it leaves, walking up from the position's unit
    until a unit holds the manager too.
    """
    counts: dict[str, dict[str, int]] = {u: {} for u in wanted}
    for row in chart.records:
        manager = row["reports_to"]
        if not isinstance(manager, str) or manager not in chart.unit_of_position:
            continue
        home, uid = chart.unit_of_position[manager], row["unit_id"]
        while uid in units_below and home not in units_below[uid]:
            if uid in counts:
                counts[uid][manager] = counts[uid].get(manager, 0) + 1
            parent = chart.unit_row[uid]["parent_id"]
            uid = parent if parent in chart.level and chart.level[parent] < chart.level[uid] else None
    return {u: (max(c, key=c.get) if c else None) for u, c in counts.items()}


def _units_below(chart: _Chart) -> dict[str, set[str]]:
    """Each unit shown with the units beneath it (itself included), without recursion."""
    order = sorted(chart.level, key=chart.level.get, reverse=True)
    below: dict[str, set[str]] = {u: {u} for u in order}
    for uid in order:
        for child in chart.tree.get(uid, []):
            below[uid] |= below[child]
    return below


def _items(chart: _Chart, show_ids: bool) -> list[Item]:
    """The drawing tree: frames for units, boxes for positions, reports under their manager."""
    depth = chart.depth
    frames = [u for u in chart.level if chart.level[u] <= depth and u not in chart.box_of]
    below = _units_below(chart)
    needs_anchor = set(frames) | set(chart.collapsed)
    anchors = _anchors(chart, below, needs_anchor)
    own: dict[str, list[dict]] = {}
    loose: list[dict] = []
    for row in chart.drawn:
        (own.setdefault(row["unit_id"], []) if row["unit_id"] in chart.level else loose).append(row)
    home = {r["position_id"]: r["unit_id"] for r in chart.drawn}  # position → its frame
    children: dict[str, list[tuple[str, str]]] = {}  # position → (kind, id) hanging below it
    assistants: dict[str, list[str]] = {}
    roots: dict[str | None, list[tuple[str, str]]] = {}  # frame (None: the chart) → its top items
    attached: set[str] = set()
    for uid in frames:
        tree_in_unit(own.get(uid, []), children, assistants, roots.setdefault(uid, []), attached)
    for row in loose:
        roots.setdefault(None, []).append(("position", row["position_id"]))
    for uid in [u for u in chart.level if u in needs_anchor]:
        parent = chart.unit_row[uid]["parent_id"]
        kind = "frame" if uid in frames else "folded"
        anchor = anchors[uid]
        if uid in chart.tops or parent not in chart.level:
            roots.setdefault(None, []).append((kind, uid))
        elif anchor is not None and home.get(anchor) == parent:
            children.setdefault(anchor, []).append((kind, uid))
            attached.add(uid)
        else:
            roots.setdefault(parent, []).append((kind, uid))
    for uid in [u for u in frames if u in attached]:  # the line to a frame stands for its heads' lines
        attached.update(x for k, x in roots.get(uid, []) if k == "position" and chart.reports_to.get(x) == anchors[uid])
    _notes_for_positions(chart, attached)
    chart.lines = [(f"position:{m}", _node_name(kind, x)) for m, kids in children.items() for kind, x in kids]
    chart.assistant_lines = {(f"position:{m}", f"position:{a}") for m, xs in assistants.items() for a in xs}
    chart.lines += sorted(chart.assistant_lines)
    managers = {m for m, kids in children.items() if kids}
    built: dict[tuple[str, str], Item] = {}
    for row in chart.drawn:
        html_label, width, height, text = _box_label(chart, row, show_ids)
        chart.text.append(text)
        chart.attrs[f"position:{row['position_id']}"] = {"label": html_label,
                                                          **_box_attrs(chart, row, row["position_id"] in managers)}
        built[("position", row["position_id"])] = Item(f"position:{row['position_id']}", "box", width, height)
        chart.box_area += width * height
    for uid in chart.collapsed:
        built[("folded", uid)] = _collapsed_item(chart, uid)
    for uid in frames:
        note = None
        anchor = anchors.get(uid)
        if uid not in attached and anchor is not None and anchor in chart.titles and uid not in chart.tops:
            note = _("reports to: {manager}").format(manager=chart.titles[anchor])
        html_label, width, height = _heading_item(chart, uid, note)
        chart.headings[uid] = html_label
        built[("frame", uid)] = Item(f"frame:{uid}", "frame", width, height)
    for (kind, key), item in built.items():
        if kind == "position":
            item.children = [built[k] for k in children.get(key, [])]
            item.assistants = [built[("position", a)] for a in assistants.get(key, [])]
        elif kind == "frame":
            tops = roots.get(key, [])
            item.children = [built[k] for k in tops]
            anchor = anchors.get(key)
            item.entry = tuple(i for i, (k, x) in enumerate(tops)
                               if key in attached and k == "position" and chart.reports_to.get(x) == anchor)
            if not item.children:  # Graphviz would draw an empty frame as nothing: say it is empty
                html_label, width, height, text = label([[Span(_("(no positions)"), COUNT_PT, MUTED)]])
                chart.text.append(text)
                chart.attrs[f"empty:{key}"] = {"label": html_label, "shape": "plaintext", "style": ""}
                item.children = [Item(f"empty:{key}", "box", width, height)]
    return [built[k] for k in roots.get(None, [])]


def _node_name(kind: str, key: str) -> str:
    return {"position": "position:", "frame": "frame:", "folded": "unit:"}[kind] + key


def _emit(chart: _Chart, placed: Placed, font: str, title_block: tuple,
          page_size: tuple[float, float] | None = None, print_size: tuple[float, float] | None = None) -> str:
    """The DOT text: every node pinned where the layout put it, lines as straight edges between points.

    With ``page_size`` the drawing is at least that size (the chart at its top left); with ``print_size``
    Graphviz scales it down to that size (a page of paper, printed at 100 %).
    """
    title_html, text_w, text_h, key_rows = title_block
    title_w = max([text_w] + [w for _html, w, _h in key_rows])
    title_h = text_h + sum(h for _html, _w, h in key_rows)
    margin = MARGIN
    width = max(placed.width, title_w) + 2 * margin
    height = placed.height + title_h + TITLE_GAP + 2 * margin
    chart.natural_size = (width, height)
    if page_size is not None:
        width, height = max(width, page_size[0]), max(height, page_size[1])
    top = margin + title_h + TITLE_GAP
    chart.size = (width, height)
    chart.offset = (margin, top)
    graph_attrs = dict(outputorder="nodesfirst", splines="line", pad="0", margin="0", bgcolor="white", fontname=font)
    if print_size is not None:
        graph_attrs["size"] = f"{print_size[0] / 72:.4f},{print_size[1] / 72:.4f}"
    lines = [f'digraph orgchart {{',
             f'graph [{_attrs(graph_attrs)}];',
             f'node [{_attrs(dict(shape="box", style="rounded,filled", fillcolor="white", color=LINE, penwidth="1.1", fontname=font, fontsize="10", fontcolor=INK, fixedsize="true", margin="0"))}];',
             f'edge [{_attrs(dict(color=LINE, arrowhead="none", penwidth="1.1"))}];']

    def pos(x: float, y: float) -> str:
        return f"{x + margin:.2f},{height - (y + top):.2f}"

    for corner, (x, y) in enumerate(((0.0, 0.0), (width, height))):  # the drawing's extent, exactly
        lines.append(_node(f"corner{corner}", dict(shape="point", style="invis", width="0.01", height="0.01",
                                                   label="", pos=f"{x:.2f},{y:.2f}")))
    lines.append(_node("title", dict(label=title_html, shape="plaintext", style="", width=_inch(text_w),
                                     height=_inch(text_h), pos=pos(text_w / 2, text_h / 2 - top + margin))))
    y = margin + text_h
    for number, (key_html, key_w, key_h) in enumerate(key_rows):
        lines.append(_node(f"key{number}", dict(label=key_html, shape="plaintext", style="", width=_inch(key_w),
                                                height=_inch(key_h), pos=pos(key_w / 2, y + key_h / 2 - top))))
        y += key_h
    for key, (x, y, w, h) in placed.frames.items():
        uid = key[len("frame:"):]
        lv = chart.level[uid]
        mark = chart.marks.get(("unit", uid))
        border, fill = UNIT_BORDER[(lv - 1) % len(UNIT_BORDER)], UNIT_FILL[(lv - 1) % len(UNIT_FILL)]
        style, pen = "rounded,filled", "1.2"
        if mark:
            border, pen = MARK_STYLE[mark][0], "2.2"
            style = "rounded,filled,dashed" if mark == "removed" else "rounded,filled,bold"
        lines.append(_node(key, dict(label="", style=style, color=border, fillcolor=fill, penwidth=pen,
                                                width=_inch(w), height=_inch(h), pos=pos(x + w / 2, y + h / 2),
                                                tooltip=_plain(f"{chart.unit_row[uid]['name']} ({uid})"))))
    for key, (x, y, w, h) in placed.headings.items():
        uid = key[len("frame:"):]
        lines.append(_node(f"heading:{uid}", dict(label=chart.headings[uid], shape="plaintext", style="",
                                                  width=_inch(w), height=_inch(h), pos=pos(x + w / 2, y + h / 2))))
    for key, (x, y, w, h) in placed.boxes.items():
        lines.append(_node(key, dict(chart.attrs[key], width=_inch(w), height=_inch(h), pos=pos(x + w / 2, y + h / 2))))
    points: dict[tuple[float, float], str] = {}
    for x1, y1, x2, y2 in placed.segments:
        ends = []
        for point in ((x1, y1), (x2, y2)):
            if point not in points:
                points[point] = f"j{len(points)}"
                lines.append(_node(points[point], dict(shape="point", style="invis", width="0.01", height="0.01",
                                                       label="", pos=pos(*point))))
            ends.append(points[point])
        lines.append(f'"{ends[0]}" -> "{ends[1]}";')
    lines.append("}")
    return "\n".join(lines)


def _inch(points: float) -> str:
    return f"{points / 72:.4f}"


def _attrs(values: Mapping[str, str]) -> str:
    return ", ".join(f'{k}={_value(v)}' for k, v in values.items())


def _value(value: str) -> str:
    """An attribute value for the DOT text: HTML-like labels as they are (escaped when built), others quoted.

    In a quoted DOT string only ``\\"`` is an escape; backslashes in plain values are doubled before
    (:func:`_plain`), so Graphviz reads ``\\N`` or ``\\G`` in a name as the characters, not as its escapes.
    """
    if value.startswith("<") and value.endswith(">"):
        return value
    return '"' + value.replace('"', '\\"') + '"'


def _node(name: str, attrs: Mapping[str, str]) -> str:
    return f'"{name.replace(chr(92), chr(92) * 2).replace(chr(34), chr(92) + chr(34))}" [{_attrs(attrs)}];'


def build(
    structure: Structure,
    *,
    unit: str | None,
    depth: int | None,
    max_nodes: int | None,
    marks: Mapping[tuple[str, str], str],
    title: str | None,
    font: str,
    wrap: int,
    show_ids: bool,
    people: Mapping[str, list[dict]] | None = None,
    changes: Mapping[tuple[str, str], list[tuple[str, object, object]]] | None = None,
    row_width: float | None = None,
    page_of: Mapping[str, int] | None = None,
    page_note: str | None = None,
    baseline: Structure | None = None,
    page_size: tuple[float, float] | None = None,
    print_size: tuple[float, float] | None = None,
    fold: frozenset[str] = frozenset(),
) -> Layout:
    """The DOT source of an org chart, in named steps: what to show, boxes, frames, lines, title."""
    chart = _select(structure, unit, marks)
    chart.people = people
    chart.changes = dict(changes or {})
    chart.page_of = dict(page_of or {})
    _fold(chart, depth, max_nodes, frozenset(fold))
    _place_positions(chart)
    tops = _items(chart, show_ids)
    placed = _best_layout(tops, wrap, row_width, chart.box_area)
    key_width = max(placed.width, 400.0) if row_width is None else row_width
    chart_title, block = _title_block(chart, title, page_note, baseline, key_width)
    source = _emit(chart, placed, font, block, page_size, print_size)
    ox, oy = chart.offset
    geometry = Placed({k: (x + ox, y + oy, w, h) for k, (x, y, w, h) in placed.boxes.items()},
                      {k: (x + ox, y + oy, w, h) for k, (x, y, w, h) in placed.frames.items()},
                      {k: (x + ox, y + oy, w, h) for k, (x, y, w, h) in placed.headings.items()},
                      [(a + ox, b + oy, c + ox, d + oy) for a, b, c, d in placed.segments], *chart.size)
    return Layout(
        source=source, title=chart_title, unit_id=unit, depth=chart.depth,
        collapsed=tuple(chart.collapsed), positions=tuple(r["position_id"] for r in chart.drawn),
        notes=tuple(chart.notes), text=" ".join(chart.text), lines=tuple(chart.lines), geometry=geometry,
        natural_size=chart.natural_size,
    )


def _best_layout(tops: list[Item], wrap: int, row_width: float | None, box_area: float) -> Placed:
    """The layout with ``row_width``; without it, the most compact of a few widths, near the A-paper ratio (√2 : 1)."""
    if row_width is not None:
        return layout(tops, wrap=wrap, row_width=row_width)
    base = max(400.0, math.sqrt(box_area * 4.0 * math.sqrt(2)))
    best, best_score = base, math.inf
    factors = (0.5, 0.7, 0.85, 1.0, 1.2, 1.5, 2.0, 2.6, 3.4) if box_area < 4e6 else (0.7, 1.0, 1.5, 2.6)
    for factor in factors:
        width, height = measure(tops, wrap=wrap, row_width=base * factor)
        if height <= 0:
            break
        score = width * height * (1 + abs(math.log(width / height / math.sqrt(2))))
        if score < best_score:
            best, best_score = base * factor, score
    return layout(tops, wrap=wrap, row_width=best)


def _title_block(chart: _Chart, title: str | None, page_note: str | None, baseline: Structure | None,
                 key_width: float) -> tuple[str, tuple]:
    """The title, subtitle (name, status, counts), notes and key above the chart."""
    structure, unit, tops = chart.structure, chart.unit, chart.tops
    chart_title = title if title is not None else _default_title(structure, unit, tops, chart.unit_row, baseline)
    subtitle = _subtitle(structure, unit, tops, chart.totals, baseline)
    lines = [[Span(chart_title, 16, INK, bold=True)]]
    for part in subtitle.split(" · "):  # the subtitle wraps rather than widen the page
        if len(lines) > 1 and text_width(lines[-1][0].text + " · " + part, COUNT_PT) <= key_width:
            lines[-1] = [Span(lines[-1][0].text + " · " + part, COUNT_PT, MUTED)]
        else:
            lines.append([Span(part, COUNT_PT, MUTED)])
    if page_note:
        lines.append([Span(page_note, COUNT_PT, DOTTED, bold=True)])
    lines.extend([Span(note, COUNT_PT, VACANCY)] for note in chart.notes)
    html_label, width, height, text = label(lines, align="LEFT", pad_x=4, pad_y=4)
    chart.text.extend([text, _legend_words()])
    return chart_title, (html_label, width, height, _legend(chart, max(width, key_width)))

def _gaps(approved: int, filled: int, vacancy: int | None = None, over: int | None = None) -> list[tuple[str, int, str]]:
    """(word, seats, colour) of vacancies (缺) and of over-establishment (超编); a unit can have both."""
    vacancy = max(approved - filled, 0) if vacancy is None else vacancy
    over = max(filled - approved, 0) if over is None else over
    gaps = []
    if vacancy:
        gaps.append((_("short"), vacancy, VACANCY))
    if over:
        gaps.append((_("over"), over, OVER))
    return gaps


def _counts_plain(approved: int, filled: int, vacancy: int | None = None, over: int | None = None) -> str:
    """``编制 21 / 在岗 22，缺 1，超编 2``: vacancies and over-establishment side by side, never netted."""
    text = _("establishment {approved} / in post {filled}").format(approved=approved, filled=filled)
    for word, seats, _colour in _gaps(approved, filled, vacancy, over):
        text = _("{counts}, {gap} {seats}").format(counts=text, gap=word, seats=seats)
    return text


def _count_spans(approved: int, filled: int, vacancy: int | None = None, over: int | None = None) -> list[Span]:
    spans = [Span(_("establishment {approved} / in post {filled}").format(approved=approved, filled=filled),
                  COUNT_PT)]
    for word, seats, colour in _gaps(approved, filled, vacancy, over):
        spans.append(Span(f"  {word} {seats}", COUNT_PT, colour, bold=True))
    return spans


def _default_title(structure: Structure, unit: str | None, tops: list[str], unit_row: Mapping,
                   baseline: Structure | None = None) -> str:
    if unit is not None:
        name = unit_row[unit]["name"]
    elif len(tops) == 1:
        name = unit_row[tops[0]]["name"]
    else:
        name = structure.name
    if baseline is not None:
        return _("{name}: changes to the org chart").format(name=name)
    return _("{name} org chart").format(name=name)


def _subtitle(structure: Structure, unit: str | None, tops: list[str], totals: Mapping,
              baseline: Structure | None = None) -> str:
    info = structure.info
    status = status_words(info.status)
    if baseline is not None:
        status = f"{status_words(baseline.info.status)} → {status}"
    parts = [info.name, status]
    if info.approved_by or info.approved_on:
        approval = _("approved by: {who}").format(
            who=" ".join(str(v) for v in (info.approved_by, info.approved_on) if v))
        parts.append(approval)
    top_ids = [unit] if unit is not None else tops
    figures = {k: sum(int(totals[u][k]) for u in top_ids) for k in ("approved", "filled", "vacancy",
                                                                     "over_establishment")}
    parts.append(_counts_plain(figures["approved"], figures["filled"], figures["vacancy"],
                               figures["over_establishment"]))
    return " · ".join(parts)


def _legend(chart: _Chart, max_width: float) -> list[tuple[str, float, float]]:
    """The key: one cell per kind of line, box and mark the chart uses; rows of (HTML, width, height), each row
    drawn as a node of its own (a table nested in a wider cell would be stretched)."""
    cells: list[tuple[str, str, list[Span]]] = [
        (LINE, "white", [Span("—— " + _(_LEGEND["reports"]), NOTE_PT)]),
        (DOTTED, "white", [Span("┄ " + _(_LEGEND_RENDER["dotted"]), NOTE_PT, DOTTED)]),
        (LINE, MANAGER_FILL, [Span(_(_LEGEND["manager"]), NOTE_PT)]),
        (LINE, "white", [Span(f"{_('short')} n ", NOTE_PT, VACANCY, bold=True), Span(_(_LEGEND["short"]), NOTE_PT)]),
        (OVER, "white", [Span(f"{_('over')} n ", NOTE_PT, OVER, bold=True), Span(_(_LEGEND["over"]), NOTE_PT)]),
    ]
    if chart.lines and any(a.startswith("position:") and b.startswith("position:") and (a, b) in chart.assistant_lines
                           for a, b in chart.lines):
        cells.append((LINE, "white", [Span(_(_LEGEND["assistant"]), NOTE_PT)]))
    if chart.missing_manager:
        cells.append((OVER, "white", [Span("⚠ " + _(_LEGEND_RENDER["missing"]), NOTE_PT, OVER, bold=True)]))
    if chart.people is not None:
        cells.append((LINE, "white", people_key()))
    if chart.collapsed:
        cells.append((LINE, COLLAPSED_FILL, [Span(_(_LEGEND["folded"]), NOTE_PT)]))
    if chart.changes:
        cells.append((CHANGE, "white", [Span(_(_LEGEND_RENDER["change"]), NOTE_PT, CHANGE, bold=True)]))
    for kind in MARK_KINDS:
        if kind in set(chart.marks.values()):
            border, fill, tag, _style = MARK_STYLE[kind]
            cells.append((border, fill, [Span(_(tag), NOTE_PT, border, bold=True)]))
    rows: list[list[str]] = [[f'<TD BORDER="0">{Span(_(_LEGEND["legend"]), NOTE_PT, MUTED).html()}</TD>']]
    label_width = text_width(_(_LEGEND["legend"]), NOTE_PT) + 10
    widths = [label_width]
    for border, fill, spans in cells:
        cell_width = sum(s.width() for s in spans) + 14
        if widths[-1] + cell_width > max_width and len(rows[-1]) > 1:  # the key wraps rather than widen the page
            rows.append(['<TD BORDER="0"></TD>'])
            widths.append(label_width)
        rows[-1].append(f'<TD BORDER="1" COLOR="{border}" BGCOLOR="{fill}" STYLE="rounded">'
                        + "".join(s.html() for s in spans) + "</TD>")
        widths[-1] += cell_width
    height = NOTE_PT * LINE_HEIGHT + 18
    return [('<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="4" CELLPADDING="3"><TR>' + "".join(row) + "</TR></TABLE>>",
             w + 8, height) for row, w in zip(rows, widths)]


#: The words of the legend.
_LEGEND = {"legend": N_("Legend"), "reports": N_("reporting line"), "dotted": N_("dotted line"),
           "manager": N_("manager"), "short": N_("vacancy"), "over": N_("in post above establishment"),
           "assistant": N_("assistant, drawn beside the manager"), "folded": N_("folded units")}
#: The words of the legend added with the print layout (catalogue domain "render").
_LEGEND_RENDER = {"dotted": N_("dotted line: both ends named in their boxes"),
                  "missing": N_("manager missing from the structure"),
                  "change": N_("old → new: what changed")}


def _legend_words() -> str:
    """Every word the legend may draw, in the language in force (for the font check)."""
    return " ".join([*(_(word) for word in _LEGEND.values()), *(_(w) for w in _LEGEND_RENDER.values()),
                     *(_(label) for label in CHANGE_LABELS.values()), _("short"), _("over"),
                     " ".join(s.text for s in people_key())])
