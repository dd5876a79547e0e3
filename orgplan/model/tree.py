"""Vectorised walks over parent-pointer trees (units, reporting lines).

Both the unit tree and the reporting tree store one parent per row, so they
are forests of parent pointers. These helpers work on integer arrays, level
by level, so a million rows cost a few numpy passes instead of a Python loop
per node. Rows in a cycle (or below one) are never reached from a root: they
get depth -1 and are left to :func:`cycles` to name.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Forest:
    """Parent pointers resolved to positions, with depths and levels.

    ``parent[i]`` is the row of i's parent, ``-1`` for a root or when the
    parent id is unknown (``known_parent[i]`` tells which). ``depth[i]`` is
    0 for roots, -1 for rows not reachable from a root (cycles).
    """

    parent: np.ndarray
    known_parent: np.ndarray
    has_parent_id: np.ndarray
    depth: np.ndarray
    levels: tuple[np.ndarray, ...]  # rows at depth 0, 1, 2 …

    @property
    def unreached(self) -> np.ndarray:
        return np.flatnonzero(self.depth < 0)


def unit_tree(structure) -> Forest:
    """The unit tree of a structure (resolved once per structure)."""
    return structure._derived("unit_tree", lambda s: forest(s.units_table["unit_id"], s.units_table["parent_id"]))


def report_tree(structure) -> Forest:
    """The solid reporting tree of a structure (resolved once per structure)."""
    return structure._derived("report_tree",
                              lambda s: forest(s.positions_table["position_id"], s.positions_table["reports_to"]))


def unit_of_position(structure) -> np.ndarray:
    """Row in the units table of each position's unit; -1 when the unit is unknown."""
    return structure._derived("unit_of_position",
                              lambda s: positions_of(s.units_table["unit_id"], s.positions_table["unit_id"]))


def positions_of(ids: pd.Series, values: pd.Series) -> np.ndarray:
    """Row of each value in the unique ``ids``; -1 where the value is missing or unknown.

    ``Series.isin`` on Arrow strings builds a Python list of the values; an
    index lookup stays vectorised.
    """
    result = np.full(len(values), -1, dtype=np.int64)
    present = values.notna().to_numpy(dtype=bool)
    if present.any():
        result[present] = pd.Index(ids.array).get_indexer(values[present].array)
    return result


def forest(ids: pd.Series, parent_ids: pd.Series) -> Forest:
    """Resolve ``parent_ids`` against unique ``ids`` and compute every row's depth."""
    has_parent_id = parent_ids.notna().to_numpy(dtype=bool)
    parent = positions_of(ids, parent_ids)
    known_parent = parent >= 0
    n = len(ids)
    depth = np.full(n, -1, dtype=np.int64)
    children = np.flatnonzero(known_parent)
    children = children[np.argsort(parent[children], kind="stable")]
    starts = np.searchsorted(parent[children], np.arange(n + 1))
    frontier = np.flatnonzero(~known_parent)
    depth[frontier] = 0
    levels = []
    level = 0
    while frontier.size:
        levels.append(frontier)
        begin, end = starts[frontier], starts[frontier + 1]
        counts = end - begin
        total = int(counts.sum())
        if total == 0:
            break
        offsets = np.repeat(begin - np.concatenate(([0], np.cumsum(counts)[:-1])), counts)
        frontier = children[offsets + np.arange(total)]
        level += 1
        depth[frontier] = level
    return Forest(parent, known_parent, has_parent_id, depth, tuple(levels))


def preorder(tree: Forest) -> np.ndarray:
    """Rows in depth-first pre-order (a parent, then each child's whole subtree), roots in row order.

    Rows not reachable from a root (cycles) come last, in row order.
    """
    n = len(tree.parent)
    reached = tree.depth >= 0
    children_of = np.flatnonzero(tree.known_parent & reached)
    children_of = children_of[np.argsort(tree.parent[children_of], kind="stable")]
    starts = np.searchsorted(tree.parent[children_of], np.arange(n + 1))
    order = np.empty(n, dtype=np.int64)
    filled = 0
    stack = list(tree.levels[0][::-1]) if tree.levels else []
    while stack:
        node = stack.pop()
        order[filled] = node
        filled += 1
        kids = children_of[starts[node]:starts[node + 1]]
        stack.extend(kids[::-1].tolist())
    rest = np.flatnonzero(~reached)
    order[filled:filled + len(rest)] = rest
    return order


def roll_up_sum(tree: Forest, values: np.ndarray) -> np.ndarray:
    """Add each row's values into all its ancestors (``values``: n × k)."""
    total = np.array(values, dtype=float, copy=True)
    n = total.shape[0]
    for rows in reversed(tree.levels[1:]):
        parents = tree.parent[rows]
        for k in range(total.shape[1]):
            total[:, k] += np.bincount(parents, weights=total[rows, k], minlength=n)
    return total


def roll_up_extreme(tree: Forest, values: np.ndarray, *, largest: bool) -> np.ndarray:
    """Carry each row's max (or min) into all its ancestors; NaN means no value."""
    result = np.array(values, dtype=float, copy=True)
    op = np.fmax if largest else np.fmin
    for rows in reversed(tree.levels[1:]):
        op.at(result, tree.parent[rows], result[rows])
    return result


def cycles(tree: Forest) -> list[list[int]]:
    """The cycles among unreached rows, each as a list of rows in parent order.

    Rows merely hanging below a cycle are not listed: the cycle is the
    defect, they are its consequence.
    """
    state = np.zeros(len(tree.parent), dtype=np.int8)  # 0 new, 1 on current walk, 2 done
    found: list[list[int]] = []
    for start in tree.unreached:
        if state[start]:
            continue
        walk = []
        node = int(start)
        while node >= 0 and state[node] == 0:
            state[node] = 1
            walk.append(node)
            node = int(tree.parent[node])
        if node >= 0 and state[node] == 1:  # closed a new cycle
            found.append(walk[walk.index(node):])
        for w in walk:
            state[w] = 2
    return found
