"""Build the Graphviz graph of an org chart (private helper of :mod:`orgplan.render.chart`).

Units become nested clusters, positions become boxes with HTML-like labels,
reporting lines become edges. Everything is added in the order of the
structure's tables, so the same structure always gives the same DOT text and
therefore the same layout.
"""

from __future__ import annotations

import html
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

_ = Translator("organisation")

__all__ = ["Layout", "build", "escape", "MARK_KINDS", "STATUS_LABELS", "validate_marks"]

MARK_KINDS = ("added", "removed", "changed")

# Colours: calm greys and blues for the structure, warm colours only where a reader must look.
INK = "#1f2937"
MUTED = "#64748b"
LINE = "#475569"
DOTTED = "#2563eb"
VACANCY = "#c2410c"
OVER = "#b91c1c"
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
ROW_BOXES = 16  # a manager's branches wider than this many boxes continue in a new row

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def escape(text: object) -> str:
    """Text made safe for a Graphviz HTML-like label: markup characters escaped, newlines as ``<BR/>``.

    Examples
    --------
    >>> escape('R&D <"新"> 部\\n二組')
    'R&amp;D &lt;&quot;新&quot;&gt; 部<BR/>二組'
    """
    value = _CONTROL.sub(" ", str(text).replace("\r\n", "\n").replace("\r", "\n"))
    value = html.escape(value, quote=True).replace("&#x27;", "&#39;")
    return value.replace("\n", "<BR/>")


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
) -> Layout:
    """The DOT source of an org chart, in named steps: what to show, boxes, clusters, lines, title."""
    chart = _select(structure, unit, marks)
    _fold(chart, depth, max_nodes)
    _place_positions(chart)
    _position_boxes(chart, show_ids)
    _collapsed_boxes(chart)
    _group_into_units(chart)
    graph = _new_graph(font)
    invisible, breaks, junctions = _row_breaks(chart, wrap)
    for node in chart.loose:
        graph.add_node(node, **chart.attrs[node])
    for top in chart.tops:
        if chart.level[top] <= chart.depth:
            _add_cluster(graph, chart, top)
    _add_reporting_lines(graph, chart, invisible, breaks, junctions)
    chart_title = _add_title(graph, chart, title)
    return Layout(
        source=graph.string(), title=chart_title, unit_id=unit, depth=chart.depth,
        collapsed=tuple(chart.collapsed), positions=tuple(r["position_id"] for r in chart.drawn),
        notes=tuple(chart.notes), text=" ".join(chart.text),
    )


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
    return _Chart(structure=structure, unit=unit, marks=marks, level=level, tree=tree, tops=tops,
                  unit_row=unit_row, totals=totals, records=positions[in_chart].to_dict("records"))


def _fold(chart: _Chart, depth: int | None, max_nodes: int | None) -> None:
    """The depth drawn as clusters (at most ``max_nodes`` boxes); the units below it fold into one box."""
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
    chart.collapsed = [u for u in chart.level if chart.level[u] == chart.depth + 1]


def _place_positions(chart: _Chart) -> None:
    """Which node each position is drawn in (its own box, or its folded unit), and who reports to whom."""
    level, depth = chart.level, chart.depth

    def shown_as(uid: str) -> str | None:
        """The node a unit's positions are drawn in: None = in its own cluster, else the collapsed box."""
        if uid not in level or level[uid] <= depth:
            return None
        while level[uid] > depth + 1:
            uid = chart.unit_row[uid]["parent_id"]
        return f"unit:{uid}"

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


def _position_boxes(chart: _Chart, show_ids: bool) -> None:
    """A box per drawn position: title, counts, marks; managers shaded, over-establishment in red."""
    for row in chart.drawn:
        pid = row["position_id"]
        node = chart.node_of[pid]
        mark = chart.marks.get(("position", pid))
        is_manager = node in chart.reports and any(r != node for r in chart.reports[node])
        manager, dotted = row["reports_to"], row.get("dotted_line_to")
        outside_manager = (chart.outside[manager]["title"] if pd.notna(manager) and manager in chart.outside
                           and manager not in chart.node_of else None)
        outside_dotted = (chart.outside[dotted]["title"] if isinstance(dotted, str) and dotted in chart.outside
                          and dotted not in chart.node_of else None)
        label, text = _position_label(row, mark, show_ids, outside_manager, outside_dotted, is_manager)
        chart.text.append(text)
        approved, filled = int(row["approved"]), int(row["filled"])
        attrs = {"label": f"<{label}>", "tooltip": _plain(f"{row['title']} ({pid})")}
        if is_manager:
            attrs["fillcolor"] = MANAGER_FILL
        if filled > approved:
            attrs.update(color=OVER, penwidth="2.2")
        if mark:
            border, fill, _tag, style = MARK_STYLE[mark]
            attrs.update(color=border, fillcolor=fill, style=style, penwidth="2.2")
        chart.attrs[node] = attrs


def _collapsed_boxes(chart: _Chart) -> None:
    """A folder box per folded unit: its name, its number of positions and its counts."""
    for uid in chart.collapsed:
        t = chart.totals[uid]
        name = chart.unit_row[uid]["name"]
        mark = chart.marks.get(("unit", uid))
        folded = _.ngettext("folded · {count} position", "folded · {count} positions", int(t["positions"])).format(
            count=int(t["positions"]))
        rows = [f'<TR><TD><B>{escape(name)}</B></TD></TR>',
                f'<TR><TD><FONT POINT-SIZE="9" COLOR="{MUTED}">{escape(folded)}</FONT></TD></TR>',
                f'<TR><TD>{_counts(int(t["approved"]), int(t["filled"]))}</TD></TR>']
        chart.text.append(f"{name} {folded} {_gap_words()}")
        if mark:
            rows.insert(0, _tag_row(mark))
        label = '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">' + "".join(rows) + "</TABLE>"
        attrs = {"label": f"<{label}>", "shape": "folder", "style": "filled", "fillcolor": COLLAPSED_FILL,
                 "tooltip": _plain(f"{name} ({uid})")}
        if mark:
            border, fill, _tag, style = MARK_STYLE[mark]
            attrs.update(color=border, fillcolor=fill, penwidth="2.2",
                         style="filled,dashed" if mark == "removed" else "filled,bold")
        chart.attrs[f"unit:{uid}"] = attrs


def _group_into_units(chart: _Chart) -> None:
    """Which cluster each node sits in (in table order), and the nodes outside every cluster."""
    for row in chart.drawn:
        (chart.nodes_in_unit.setdefault(row["unit_id"], []) if row["unit_id"] in chart.level else chart.loose).append(
            chart.node_of[row["position_id"]])
    for uid in chart.collapsed:
        parent = chart.unit_row[uid]["parent_id"]
        if uid in chart.tops or parent not in chart.level:
            chart.loose.append(f"unit:{uid}")
        else:
            chart.nodes_in_unit.setdefault(parent, []).append(f"unit:{uid}")
    chart.assistants = _assistant_pairs(chart.drawn, chart.node_of)


def _new_graph(font: str):
    """An empty chart with the house style: top-down, calm lines, the CJK font."""
    import pygraphviz

    graph = pygraphviz.AGraph(directed=True, strict=False, name="orgchart")
    graph.graph_attr.update(
        rankdir="TB", newrank="true", compound="true", splines="polyline", nodesep="0.22", ranksep="0.42",
        fontname=font, fontsize="12", fontcolor=INK, labelloc="t", labeljust="l",
        pad="0.3", bgcolor="white", outputorder="edgesfirst", ordering="out",
    )
    graph.node_attr.update(shape="box", style="rounded,filled", fillcolor="white", color=LINE, penwidth="1.1",
                           fontname=font, fontsize="11", fontcolor=INK, margin="0.10,0.05")
    graph.edge_attr.update(color=LINE, arrowhead="none", penwidth="1.1", fontname=font)
    return graph


def _row_breaks(chart: _Chart, wrap: int) -> tuple[list[tuple[str, str]], list[tuple[str, str, list[str]]],
                                                   dict[tuple[str, str], str]]:
    """Wide spans folded into rows (see :func:`wrap_edges`); a row break is drawn as a bus through a junction."""
    # rows as wide as the chart's size calls for: about 2.5 boxes wide for each box high, never under ROW_BOXES
    row_boxes = max(ROW_BOXES, wrap, round(math.sqrt(2.5 * (len(chart.drawn) + len(chart.collapsed)))))
    invisible, breaks = wrap_edges(chart.reports, set(chart.assistants), wrap=wrap, row_boxes=row_boxes)
    # manager -> junction point above the new row -> its heads
    junctions: dict[tuple[str, str], str] = {}
    unit_of_node = {chart.node_of[r["position_id"]]: r["unit_id"] for r in chart.drawn}
    junction_attrs = {"shape": "point", "width": "0.03", "height": "0.03", "color": LINE, "label": ""}
    for k, (manager, _bottom, heads) in enumerate(breaks):
        junction = f"junction:{k}"
        for head in heads:
            junctions[(manager, head)] = junction
        home = unit_of_node.get(manager)
        inside = home in chart.level and chart.level[home] <= chart.depth
        (chart.nodes_in_unit.setdefault(home, []) if inside else chart.loose).append(junction)
        chart.attrs[junction] = junction_attrs
    return invisible, breaks, junctions


def _add_cluster(parent_graph, chart: _Chart, uid: str) -> None:
    """A unit as a cluster with its name and counts, its nodes, and its drawn sub-units inside it."""
    row, t = chart.unit_row[uid], chart.totals[uid]
    lv = chart.level[uid]
    mark = chart.marks.get(("unit", uid))
    border = UNIT_BORDER[(lv - 1) % len(UNIT_BORDER)]
    fill = UNIT_FILL[(lv - 1) % len(UNIT_FILL)]
    style = "rounded,filled"
    tag = ""
    if mark:
        border, _fill, tag_text, _style = MARK_STYLE[mark]
        style = "rounded,filled,dashed" if mark == "removed" else "rounded,filled,bold"
        tag = f' <FONT COLOR="{border}"><B>[{escape(_(tag_text))}]</B></FONT>'
    name = escape(row["name"])
    if mark == "removed":
        name = f"<S>{name}</S>"
    label = (f'<<B>{name}</B>{tag}  <FONT POINT-SIZE="10" COLOR="{MUTED}">'
             f'{_counts_plain(int(t["approved"]), int(t["filled"]))}</FONT>>')
    chart.text.append(f"{row['name']} {_gap_words()} {tag}")
    sub = parent_graph.add_subgraph(
        name=f"cluster_{uid}", label=label, style=style, color=border, fillcolor=fill,
        penwidth="2.2" if mark else "1.2", fontsize="13", labeljust="l", margin="10",
        tooltip=_plain(f"{row['name']} ({uid})"))
    nodes = chart.nodes_in_unit.get(uid, [])
    for node in nodes:
        sub.add_node(node, **chart.attrs[node])
    for i, (manager, assistant) in enumerate(chart.assistants):
        if manager in nodes and assistant in nodes:
            sub.add_subgraph([manager, assistant], name=f"assistant_{uid}_{i}", rank="same")
    children = [c for c in chart.tree.get(uid, []) if chart.level[c] <= chart.depth]
    for child in children:
        _add_cluster(sub, chart, child)
    if not nodes and not children:  # Graphviz would drop an empty box
        sub.add_node(f"empty:{uid}", label=_("(no positions)"), shape="plaintext", style="", fontcolor=MUTED,
                     fontsize="10")


def _add_reporting_lines(graph, chart: _Chart, invisible: list[tuple[str, str]],
                         breaks: list[tuple[str, str, list[str]]], junctions: Mapping[tuple[str, str], str]) -> None:
    """Solid lines in table order (assistants beside their manager, wide spans in rows), then dotted lines.

    Edges are grouped by manager: with ordering=out, Graphviz keeps that order left to right.
    """
    node_of = chart.node_of
    assistant_set = set(chart.assistants)
    solid: dict[str, list[tuple[str, dict[str, str]]]] = {}
    for row in chart.records:
        manager = row["reports_to"]
        if pd.isna(manager) or manager not in node_of:
            continue
        src, dst = node_of[manager], node_of[row["position_id"]]
        if src == dst or any(d == dst for d, _kind in solid.get(src, [])):
            continue
        if (src, dst) in assistant_set:
            solid.setdefault(src, []).append((dst, {"key": "assistant"}))
        elif (src, dst) in junctions:
            solid.setdefault(junctions[(src, dst)], []).append((dst, {"key": "reports_to"}))
        else:
            solid.setdefault(src, []).append((dst, {"key": "reports_to"}))
    for k, (manager, _bottom, _heads) in enumerate(breaks):
        out = solid.setdefault(manager, [])
        direct = [i for i, (d, a) in enumerate(out) if a["key"] == "reports_to" and not d.startswith("junction:")]
        middle = direct[len(direct) // 2] if direct else len(out)
        out.insert(middle, (f"junction:{k}", {"key": "reports_to"}))
    for src, outs in solid.items():
        for dst, attrs in outs:
            graph.add_edge(src, dst, **attrs)
    for a, b in invisible:
        graph.add_edge(a, b, key="wrap", style="invis", weight="2")
    for k, (_manager, bottom, _heads) in enumerate(breaks):
        graph.add_edge(bottom, f"junction:{k}", key="row", style="invis", weight="0")
    for row in chart.records:
        target = row.get("dotted_line_to")
        if not isinstance(target, str) or target not in node_of:
            continue
        src, dst = node_of[target], node_of[row["position_id"]]
        if src != dst:
            graph.add_edge(src, dst, key="dotted", style="dashed", color=DOTTED, constraint="false",
                           arrowhead="vee", arrowsize="0.6", penwidth="1.2")


def _add_title(graph, chart: _Chart, title: str | None) -> str:
    """The title, subtitle (name, status, counts), notes and legend above the chart; returns the title."""
    structure, unit, tops = chart.structure, chart.unit, chart.tops
    chart_title = title if title is not None else _default_title(structure, unit, tops, chart.unit_row)
    subtitle = _subtitle(structure, unit, tops, chart.totals)
    legend_items = _legend(chart.marks, bool(chart.collapsed), bool(chart.assistants))
    label_rows = [f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="20"><B>{escape(chart_title)}</B></FONT></TD></TR>',
                  f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="11" COLOR="{MUTED}">{escape(subtitle)}</FONT></TD></TR>']
    for note in chart.notes:
        label_rows.append(f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="11" COLOR="{VACANCY}">{escape(note)}</FONT></TD></TR>')
    label_rows.append(f'<TR><TD ALIGN="LEFT">{legend_items}</TD></TR>')
    graph.graph_attr["label"] = ('<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2" CELLPADDING="1">'
                                 + "".join(label_rows) + "</TABLE>>")
    chart.text.extend([chart_title, subtitle, *chart.notes, _legend_words()])
    return chart_title


def wrap_edges(reports: Mapping[str, list[str]], assistants: set[tuple[str, str]], *, wrap: int,
               row_boxes: int) -> tuple[list[tuple[str, str]], list[tuple[str, str, list[str]]]]:
    """How wide spans fold into rows: invisible edges, and the row breaks.

    Under each manager, staff positions (no reports of their own) are laid
    in rows of ``wrap``: the first result lists the invisible edges
    ``(above, below)`` that stack them. When a manager's branches together
    would be wider than ``row_boxes`` boxes, later branches start a new row
    below the deepest box of the row before: the second result lists these
    breaks as ``(manager, deepest box above, heads of the new row)``.
    Widths are estimated bottom-up, in boxes.

    Examples
    --------
    >>> wrap_edges({"m": ["a", "b", "c", "d", "e"]}, set(), wrap=2, row_boxes=10)
    ([('a', 'c'), ('b', 'd'), ('c', 'e')], [])
    >>> reports = {"m": ["x", "y"], "x": ["x1", "x2"], "y": ["y1", "y2"]}
    >>> wrap_edges(reports, set(), wrap=4, row_boxes=3)
    ([], [('m', 'x1', ['y'])])
    """
    children = {m: list(dict.fromkeys(r for r in rs if r != m and (m, r) not in assistants))
                for m, rs in reports.items()}
    edges: list[tuple[str, str]] = []
    breaks: list[tuple[str, str, list[str]]] = []
    memo: dict[str, tuple[int, int, str]] = {}

    def plan(node: str, stack: frozenset[str]) -> tuple[int, int, str]:
        """(width in boxes, height in ranks, bottom node) of the subtree under ``node``."""
        if node in memo:
            return memo[node]
        kids = [k for k in children.get(node, []) if k not in stack]
        if not kids:
            return 1, 1, node
        inner = stack | {node}
        leaves = [k for k in kids if not children.get(k)]
        branches = [k for k in kids if children.get(k)]
        items: list[tuple[int, int, str, list[str]]] = []  # width, height, bottom node, head nodes
        if leaves:
            edges.extend(zip(leaves, leaves[wrap:]))
            rows = -(-len(leaves) // wrap)
            items.append((min(len(leaves), wrap), rows, leaves[(rows - 1) * wrap], leaves[:wrap]))
        for b in branches:
            w, h, bottom = plan(b, inner)
            items.append((w, h, bottom, [b]))
        rows_of_items: list[list[tuple[int, int, str, list[str]]]] = [[]]
        for item in items:
            row = rows_of_items[-1]
            if row and sum(i[0] for i in row) + item[0] > row_boxes:
                rows_of_items.append([])
            rows_of_items[-1].append(item)
        for above, below in zip(rows_of_items, rows_of_items[1:]):
            bottom = max(above, key=lambda i: i[1])[2]
            breaks.append((node, bottom, [head for item in below for head in item[3]]))
        width = max(sum(i[0] for i in row) for row in rows_of_items)
        height = 1 + sum(max(i[1] for i in row) for row in rows_of_items)
        result = (width, height, max(rows_of_items[-1], key=lambda i: i[1])[2])
        memo[node] = result
        return result

    for manager in children:
        plan(manager, frozenset())
    return list(dict.fromkeys(edges)), breaks


def _assistant_pairs(drawn_positions: list[dict], node_of: Mapping[str, str]) -> list[tuple[str, str]]:
    """(manager node, assistant node) for assistants drawn beside a manager of the same unit."""
    unit_of = {r["position_id"]: r["unit_id"] for r in drawn_positions}
    pairs = []
    for row in drawn_positions:
        manager = row["reports_to"]
        if (row.get("assistant") is True and isinstance(manager, str) and manager in unit_of
                and unit_of[manager] == row["unit_id"] and manager != row["position_id"]):
            pairs.append((node_of[manager], node_of[row["position_id"]]))
    return pairs


def _gap(approved: int, filled: int) -> tuple[str, int, str] | None:
    """(word, seats, colour) of a vacancy (缺) or of over-establishment (超编); None when they match."""
    if filled < approved:
        return _("short"), approved - filled, VACANCY
    if filled > approved:
        return _("over"), filled - approved, OVER
    return None


def _gap_words() -> str:
    """The words of the counts, in the language in force (for the font check)."""
    return " ".join(_(word) for word in (N_("establishment {approved} / in post {filled}"), N_("short"),
                                         N_("over")))


def _counts_plain(approved: int, filled: int) -> str:
    text = _("establishment {approved} / in post {filled}").format(approved=approved, filled=filled)
    gap = _gap(approved, filled)
    return text if gap is None else _("{counts}, {gap} {seats}").format(counts=text, gap=gap[0], seats=gap[1])


def _counts(approved: int, filled: int) -> str:
    counts = _("establishment {approved} / in post {filled}").format(approved=approved, filled=filled)
    text = f'<FONT POINT-SIZE="10">{escape(counts)}</FONT>'
    gap = _gap(approved, filled)
    if gap is None:
        return text
    word, seats, colour = gap
    return text + f'<FONT POINT-SIZE="10" COLOR="{colour}"><B>  {escape(word)} {seats}</B></FONT>'


def _tag_row(mark: str) -> str:
    border, _fill, tag, _style = MARK_STYLE[mark]
    return f'<TR><TD><FONT POINT-SIZE="9" COLOR="{border}"><B>{escape(_(tag))}</B></FONT></TD></TR>'


def _position_label(row: dict, mark: str | None, show_ids: bool, outside_manager: str | None,
                    outside_dotted: str | None, is_manager: bool) -> tuple[str, str]:
    title = escape(row["title"])
    if mark == "removed":
        title = f"<S>{title}</S>"
    rows = []
    if mark:
        rows.append(_tag_row(mark))
    rows.append(f"<TR><TD><B>{title}</B></TD></TR>")
    if show_ids:
        rows.append(f'<TR><TD><FONT POINT-SIZE="8" COLOR="{MUTED}">{escape(row["position_id"])}</FONT></TD></TR>')
    rows.append(f'<TR><TD>{_counts(int(row["approved"]), int(row["filled"]))}</TD></TR>')
    reports = _("reports to: {manager}").format(manager=outside_manager or "")
    dotted = _("dotted line to: {manager}").format(manager=outside_dotted or "")
    if outside_manager:
        rows.append(f'<TR><TD><FONT POINT-SIZE="9" COLOR="{MUTED}">{escape(reports)}</FONT></TD></TR>')
    if outside_dotted:
        rows.append(f'<TR><TD><FONT POINT-SIZE="9" COLOR="{DOTTED}">{escape(dotted)}</FONT></TD></TR>')
    label = '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">' + "".join(rows) + "</TABLE>"
    text = f"{row['title']} {row['position_id'] if show_ids else ''} {_gap_words()} {reports} {dotted}"
    return label, text


def _default_title(structure: Structure, unit: str | None, tops: list[str], unit_row: Mapping) -> str:
    if unit is not None:
        name = unit_row[unit]["name"]
    elif len(tops) == 1:
        name = unit_row[tops[0]]["name"]
    else:
        name = structure.name
    return _("{name} org chart").format(name=name)


def _subtitle(structure: Structure, unit: str | None, tops: list[str], totals: Mapping) -> str:
    info = structure.info
    parts = [info.name, status_words(info.status)]
    if info.approved_by or info.approved_on:
        approval = _("approved by: {who}").format(
            who=" ".join(str(v) for v in (info.approved_by, info.approved_on) if v))
        parts.append(approval)
    top_ids = [unit] if unit is not None else tops
    approved = sum(int(totals[u]["approved"]) for u in top_ids)
    filled = sum(int(totals[u]["filled"]) for u in top_ids)
    parts.append(_counts_plain(approved, filled))
    return " · ".join(parts)


def _legend(marks: Mapping, any_collapsed: bool, any_assistant: bool) -> str:
    cell = '<TD BORDER="1" COLOR="{b}" BGCOLOR="{f}" STYLE="rounded"><FONT POINT-SIZE="9" COLOR="{c}">{t}</FONT></TD>'
    items = [
        cell.format(b=LINE, f="white", c=INK, t="—— " + escape(_(_LEGEND["reports"]))),
        cell.format(b=DOTTED, f="white", c=DOTTED, t="- - → " + escape(_(_LEGEND["dotted"]))),
        cell.format(b=LINE, f=MANAGER_FILL, c=INK, t=escape(_(_LEGEND["manager"]))),
        cell.format(b=LINE, f="white", c=VACANCY, t=f"<B>{escape(_('short'))} n</B> {escape(_(_LEGEND['short']))}"),
        cell.format(b=OVER, f="white", c=OVER, t=f"<B>{escape(_('over'))} n</B> {escape(_(_LEGEND['over']))}"),
    ]
    if any_assistant:
        items.append(cell.format(b=LINE, f="white", c=INK, t=escape(_(_LEGEND["assistant"]))))
    if any_collapsed:
        items.append(cell.format(b=LINE, f=COLLAPSED_FILL, c=INK, t=escape(_(_LEGEND["folded"]))))
    for kind in MARK_KINDS:
        if kind in set(marks.values()):
            border, fill, tag, _style = MARK_STYLE[kind]
            items.append(cell.format(b=border, f=fill, c=border, t=f"<B>{escape(_(tag))}</B>"))
    return ('<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="4" CELLPADDING="3"><TR>'
            f'<TD BORDER="0"><FONT POINT-SIZE="9" COLOR="{MUTED}">{escape(_(_LEGEND["legend"]))}</FONT></TD>'
            + "".join(items) + "</TR></TABLE>")


#: The words of the legend.
_LEGEND = {"legend": N_("Legend"), "reports": N_("reporting line"), "dotted": N_("dotted line"),
           "manager": N_("manager"), "short": N_("vacancy"), "over": N_("in post above establishment"),
           "assistant": N_("assistant, drawn beside the manager"), "folded": N_("folded units")}


def _legend_words() -> str:
    """Every word the legend may draw, in the language in force (for the font check)."""
    return " ".join([*(_(word) for word in _LEGEND.values()), *(_(label) for label in CHANGE_LABELS.values()),
                     _("short"), _("over")])
