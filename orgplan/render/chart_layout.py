"""Where every box, frame and line of an org chart goes (private helper of :mod:`orgplan.render.chart`).

Graphviz's ``dot`` lays a chart out well as a graph, but its lines run
through unit frames and along their borders and cut through headings. An
org chart is a tree of boxes nested in frames, so it is laid out here as one:

* every item (a position's box with everything under it, or a unit's frame)
  occupies a rectangle of its own; rectangles of siblings never overlap;
* a manager's reports hang in rows below it from a horizontal bus; a row the
  trunk must pass keeps a corridor free for it (its items split left and
  right of the trunk), so a line never crosses a box, a frame or a heading;
* staff positions (no reports of their own) come first, in rows of ``wrap``;
  branches (managers with reports, unit frames) follow, in rows no wider
  than ``row_width``;
* an assistant sits beside its manager, joined by a short horizontal line;
* a unit's frame has its heading at the top, centred on the point where the
  line from its manager ends (on the frame's border), above the unit's
  first position.

Everything is in points, ``y`` downwards; all lines are horizontal or
vertical segments. The walks are iterative, so a reporting chain thousands
of levels deep lays out like any other.

Examples
--------
>>> gm = Item("gm", "box", 60, 30, children=[Item("a", "box", 60, 30), Item("b", "box", 60, 30)])
>>> placed = layout([gm], wrap=4, row_width=500)
>>> placed.boxes["a"], placed.boxes["b"]
((0.0, 58.0, 60.0, 30.0), (74.0, 58.0, 60.0, 30.0))
>>> placed.boxes["gm"]
(37.0, 0.0, 60.0, 30.0)
>>> crossings(placed)
[]
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass, field

__all__ = ["Item", "Placed", "layout", "measure", "crossings", "text_width", "tree_in_unit", "H_GAP", "V_GAP"]

H_GAP = 14.0      # between neighbouring items of a row
V_GAP = 28.0      # from a manager (or the row above) to the row below; the bus runs half way
CORRIDOR = 24.0   # kept free in a row for the trunk that passes it
PAD = 8.0         # inside a frame, around its content
HEAD_GAP = 6.0    # between a frame's heading and its content
ROOT_GAP = 2 * H_GAP  # between items side by side without a common bus (a frame's roots, the chart's tops)

Rect = tuple[float, float, float, float]  # x, y (top left), width, height
Segment = tuple[float, float, float, float]  # x1, y1, x2, y2: horizontal or vertical


@functools.lru_cache(maxsize=4096)
def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """Width in points of ``text`` at ``size`` points: wide (Chinese) characters 1 em, others 0.6 em.

    A little more than Noto Sans CJK needs, so a label never spills out of its box.

    Examples
    --------
    >>> text_width("销售部", 10), text_width("DCC", 10)
    (30.0, 18.0)
    """
    ems = sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.6 for ch in text)
    return ems * size * (1.06 if bold else 1.0)


@dataclass
class Item:
    """A node of the drawing: a ``"box"`` (position, folded unit) or a ``"frame"`` (unit).

    A box's ``children`` hang below it in rows; a frame's ``children`` are its
    top items, side by side inside it. A frame's ``width``/``height`` are its
    heading's; ``entry`` lists the indexes of the children the line from the
    frame's manager stands for (the heading is centred over them).
    """

    key: str
    kind: str
    width: float
    height: float
    children: list["Item"] = field(default_factory=list)
    assistants: list["Item"] = field(default_factory=list)
    entry: tuple[int, ...] = ()


@dataclass
class Placed:
    """The result: rectangles by item key, line segments, and the drawing's size."""

    boxes: dict[str, Rect]
    frames: dict[str, Rect]
    headings: dict[str, Rect]
    segments: list[Segment]
    width: float
    height: float


@dataclass
class _Shape:
    """An item's layout relative to its anchor (x = 0: where the line from above arrives; y = 0: its top)."""

    left: float
    right: float
    height: float
    own: list[tuple[str, str, Rect]]  # (what, key, rect): box / frame / heading
    segments: list[Segment]
    placed: list[tuple[Item, float, float]]  # child, its anchor x, its top y


def _postorder(tops: list[Item]) -> list[Item]:
    """Every item, children before their parent, without recursion."""
    order: list[Item] = []
    stack: list[tuple[Item, bool]] = [(t, False) for t in reversed(tops)]
    while stack:
        item, expanded = stack.pop()
        if expanded:
            order.append(item)
            continue
        stack.append((item, True))
        stack.extend((c, False) for c in reversed(item.children + item.assistants))
    return order


def _shapes(tops: list[Item], wrap: int, row_width: float) -> dict[int, _Shape]:
    shapes: dict[int, _Shape] = {}
    for item in _postorder(tops):
        if item.kind == "frame":
            shapes[id(item)] = _frame_shape(item, shapes)
        else:
            shapes[id(item)] = _box_shape(item, shapes, wrap, row_width)
    return shapes


def measure(tops: list[Item], *, wrap: int, row_width: float) -> tuple[float, float]:
    """Width and height :func:`layout` would give, without placing everything (to compare row widths)."""
    shapes = _shapes(tops, wrap, row_width)
    top_shapes = [shapes[id(t)] for t in tops]
    width = sum(s.left + s.right for s in top_shapes) + ROOT_GAP * max(len(tops) - 1, 0)
    return width, max((s.height for s in top_shapes), default=0.0)


def layout(tops: list[Item], *, wrap: int, row_width: float) -> Placed:
    """Place ``tops`` side by side and everything below them; see the module's description."""
    shapes = _shapes(tops, wrap, row_width)
    top_shapes = [shapes[id(t)] for t in tops]
    placed: list[tuple[Item, float, float]] = []
    x = 0.0
    for item, shape in zip(tops, top_shapes):
        placed.append((item, x + shape.left, 0.0))
        x += shape.left + shape.right + ROOT_GAP
    result = Placed({}, {}, {}, [], max(x - ROOT_GAP, 0.0), max((s.height for s in top_shapes), default=0.0))
    stack = list(reversed(placed))
    while stack:  # top-down: absolute positions
        item, ax, ay = stack.pop()
        shape = shapes[id(item)]
        for what, key, (rx, ry, w, h) in shape.own:
            target = {"box": result.boxes, "frame": result.frames, "heading": result.headings}[what]
            target[key] = (round(ax + rx, 2), round(ay + ry, 2), float(w), float(h))
        result.segments.extend((round(ax + x1, 2), round(ay + y1, 2), round(ax + x2, 2), round(ay + y2, 2))
                               for x1, y1, x2, y2 in shape.segments)
        stack.extend((child, ax + cx, ay + cy) for child, cx, cy in reversed(shape.placed))
    return result


def _box_shape(item: Item, shapes: dict[int, _Shape], wrap: int, row_width: float) -> _Shape:
    """A box, its assistants beside it, and its reports in rows below it."""
    w, h = item.width, item.height
    shape = _Shape(w / 2, w / 2, h, [("box", item.key, (-w / 2, 0.0, w, h))], [], [])
    side = 1
    for assistant in item.assistants[:2]:  # right, then left; more assistants hang below as staff
        a = shapes[id(assistant)]
        y = max(0.0, (h - a.height) / 2)
        edge = w / 2 if side > 0 else -w / 2
        anchor = edge + side * (H_GAP + (a.left if side > 0 else a.right))
        shape.placed.append((assistant, anchor, y))
        shape.segments.append((edge, h / 2, edge + side * H_GAP, h / 2))
        shape.left, shape.right = max(shape.left, a.left - anchor), max(shape.right, anchor + a.right)
        shape.height = max(shape.height, y + a.height)
        side = -side
    kids = item.assistants[2:] + item.children
    if not kids:
        return shape
    leaves = [k for k in kids if k.kind == "box" and not k.children and not k.assistants]
    branches = [k for k in kids if not (k.kind == "box" and not k.children and not k.assistants)]
    rows = [leaves[i:i + wrap] for i in range(0, len(leaves), wrap)]
    rows += _rows_by_width(branches, shapes, row_width)
    cursor, trunk_top = shape.height, h
    for number, row in enumerate(rows):
        bus = cursor + V_GAP / 2
        top = cursor + V_GAP
        row_shapes = [shapes[id(k)] for k in row]
        anchors = _row_anchors(row_shapes, last=number == len(rows) - 1)
        for kid, ks, ax in zip(row, row_shapes, anchors):
            shape.placed.append((kid, ax, top))
            shape.segments.append((ax, bus, ax, top))
            shape.left, shape.right = max(shape.left, ks.left - ax), max(shape.right, ax + ks.right)
        low, high = min(anchors + [0.0]), max(anchors + [0.0])
        if high > low:
            shape.segments.append((low, bus, high, bus))
        shape.segments.append((0.0, trunk_top, 0.0, bus))
        trunk_top = bus
        cursor = top + max(ks.height for ks in row_shapes)
    shape.height = cursor
    return shape


def _rows_by_width(items: list[Item], shapes: dict[int, _Shape], row_width: float) -> list[list[Item]]:
    rows: list[list[Item]] = []
    width = 0.0
    for item in items:
        s = shapes[id(item)]
        w = s.left + s.right
        if rows and width + H_GAP + w <= row_width:
            rows[-1].append(item)
            width += H_GAP + w
        else:
            rows.append([item])
            width = w + CORRIDOR
    return rows


def _row_anchors(row: list[_Shape], *, last: bool) -> list[float]:
    """Anchor x of each item of a row, relative to the trunk (x = 0)."""
    if last:  # centred under the trunk: the midpoint of the first and last anchors is the trunk
        xs, x = [], 0.0
        for s in row:
            xs.append(x + s.left)
            x += s.left + s.right + H_GAP
        shift = (xs[0] + xs[-1]) / 2
        return [v - shift for v in xs]
    # the trunk goes on down: split the row into a left and a right group with a corridor between them
    widths = [s.left + s.right for s in row]
    total = sum(widths) + H_GAP * (len(row) - 1)
    best, split, acc = None, 0, 0.0
    for k in range(len(row) + 1):
        left_width = acc + H_GAP * max(k - 1, 0)
        imbalance = abs(left_width - (total - left_width))
        if best is None or imbalance < best:
            best, split = imbalance, k
        if k < len(row):
            acc += widths[k]
    xs: list[float] = []
    x = -CORRIDOR / 2
    left_part = []
    for s in reversed(row[:split]):
        left_part.append(x - s.right)
        x -= s.left + s.right + H_GAP
    xs.extend(reversed(left_part))
    x = CORRIDOR / 2
    for s in row[split:]:
        xs.append(x + s.left)
        x += s.left + s.right + H_GAP
    return xs


def _frame_shape(item: Item, shapes: dict[int, _Shape]) -> _Shape:
    """A frame around its items side by side, its heading centred over the entry point."""
    hw, hh = item.width, item.height
    content_top = PAD + hh + HEAD_GAP
    anchors, x = [], 0.0
    child_shapes = [shapes[id(c)] for c in item.children]
    for s in child_shapes:
        anchors.append(x + s.left)
        x += s.left + s.right + ROOT_GAP
    content_right = max(x - ROOT_GAP, 0.0)
    entries = [anchors[i] for i in item.entry if i < len(anchors)]
    entry = (entries[0] + entries[-1]) / 2 if entries else content_right / 2
    head_left = min(max(entry - hw / 2, 0.0), max(content_right - hw, 0.0))
    if entries and not head_left <= entry <= head_left + hw:
        head_left = entry - hw / 2
    left = min(0.0, head_left) - PAD
    right = max(content_right, head_left + hw) + PAD
    height = content_top + max((s.height for s in child_shapes), default=0.0) + PAD
    shape = _Shape(entry - left, right - entry, height, [], [], [])
    shape.own.append(("frame", item.key, (left - entry, 0.0, right - left, height)))
    shape.own.append(("heading", item.key, (head_left - entry, PAD, hw, hh)))
    for child, ax in zip(item.children, anchors):
        shape.placed.append((child, ax - entry, content_top))
    return shape


def crossings(placed: Placed) -> list[tuple[Segment, str]]:
    """The line segments that cross a box, a heading or a frame border (there should be none).

    A segment may end on a box's or a frame's border (that is where it
    joins); it may run inside a frame (the lines of that unit) but never
    through its border, and never through a box or a heading.

    Examples
    --------
    >>> p = Placed({"a": (0, 0, 10, 10)}, {"f": (20, 0, 30, 30)}, {}, [(5, -5, 5, 20), (10, 15, 35, 15)], 50, 30)
    >>> [what for _seg, what in crossings(p)]
    ['box a', 'frame f']
    """
    found = []
    eps = 0.5
    solid = [(f"box {k}", r) for k, r in placed.boxes.items()] + [(f"heading {k}", r) for k, r in placed.headings.items()]
    for seg in placed.segments:
        x1, y1, x2, y2 = seg
        lo_x, hi_x, lo_y, hi_y = min(x1, x2), max(x1, x2), min(y1, y2), max(y1, y2)
        for what, (x, y, w, h) in solid:
            if lo_x < x + w - eps and hi_x > x + eps and lo_y < y + h - eps and hi_y > y + eps:
                found.append((seg, what))
        for key, (x, y, w, h) in placed.frames.items():
            inside = [x + eps < px < x + w - eps and y + eps < py < y + h - eps for px, py in ((x1, y1), (x2, y2))]
            if inside[0] != inside[1] and not _ends_on_border((x1, y1, x2, y2), (x, y, w, h), eps):
                found.append((seg, f"frame {key}"))
            elif not any(inside) and _passes_through((lo_x, lo_y, hi_x, hi_y), (x, y, w, h), eps):
                found.append((seg, f"frame {key}"))
    return found


def _ends_on_border(seg: Segment, rect: Rect, eps: float) -> bool:
    x, y, w, h = rect
    for px, py in (seg[:2], seg[2:]):
        on_x = abs(px - x) <= eps or abs(px - x - w) <= eps
        on_y = abs(py - y) <= eps or abs(py - y - h) <= eps
        if (on_x and y - eps <= py <= y + h + eps) or (on_y and x - eps <= px <= x + w + eps):
            return True
    return False


def _passes_through(bounds: tuple[float, float, float, float], rect: Rect, eps: float) -> bool:
    """A segment with both ends outside ``rect`` that still crosses its inside."""
    lo_x, lo_y, hi_x, hi_y = bounds
    x, y, w, h = rect
    return lo_x < x + w - eps and hi_x > x + eps and lo_y < y + h - eps and hi_y > y + eps


def tree_in_unit(rows: list[dict], children: dict, assistants: dict, roots: list, attached: set[str]) -> None:
    """Within one unit: who hangs under whom (a cycle is cut where it is first met), assistants beside."""
    ids = [r["position_id"] for r in rows]
    here = set(ids)
    manager_of = {r["position_id"]: r["reports_to"] for r in rows}
    kids: dict[str, list[str]] = {}
    for pid in ids:
        manager = manager_of[pid]
        if isinstance(manager, str) and manager in here and manager != pid:
            kids.setdefault(manager, []).append(pid)
    tops = [pid for pid in ids if not (isinstance(manager_of[pid], str) and manager_of[pid] in here
                                       and manager_of[pid] != pid)]
    reached: set[str] = set()
    pending = list(ids)
    while True:
        stack = list(tops)
        while stack:
            node = stack.pop()
            if node in reached:
                continue
            reached.add(node)
            stack.extend(k for k in kids.get(node, []) if k not in reached)
        rest = [p for p in pending if p not in reached]
        if not rest:
            break
        tops.append(rest[0])  # in a reporting cycle: drawn at the top of its unit, its manager named in the box
        pending = rest
    is_assistant = {r["position_id"]: r.get("assistant") is True for r in rows}
    top_set = set(tops)
    for manager, reports in kids.items():
        for pid in reports:
            if pid in top_set:
                continue
            attached.add(pid)
            if is_assistant[pid] and not kids.get(pid):
                assistants.setdefault(manager, []).append(pid)
            else:
                children.setdefault(manager, []).append(("position", pid))
    roots.extend(("position", pid) for pid in tops)
