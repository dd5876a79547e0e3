"""Leadership posts (领导职数): how many head and deputy posts a unit may have, by its size.

Chinese organisations' 三定 plans (定职能、定机构、定编制) state, for each unit,
how many head (正职) and deputy (副职) posts it has; without that a
department grows a second deputy unnoticed. Here:

* a unit's **head posts** are the approved seats of its positions that
  manage someone and whose own manager is outside the unit (the general
  manager for the company, the department manager for a department, the
  team leaders of a team); its
  **deputy posts** are the approved seats of its positions whose title holds
  a deputy word (``副`` by default: 副总经理, 销售副总监);
* the **size** of a unit is its establishment, beneath it included;
* the **rule** gives, per kind of unit, the posts allowed from a size on.
  The default (:data:`DEFAULT_RULES`), for a 4S dealership of 80–300 staff:

  ==========  =====================  ==============================
  kind        head posts             deputy posts
  ==========  =====================  ==============================
  company     1                      0; 1 from 100 people; 2 from 200
  department  1                      0; 1 from 20 people; 2 from 50
  section     1                      0; 1 from 30 people
  team        1; 2 from 12; 3 from 20  0
  ==========  =====================  ==============================

  A company writes its own in ``leadership.yaml`` beside the structure::

      deputy_words: [副]
      department:
        heads: {0: 1}
        deputies: {0: 0, 20: 1, 50: 2}

  (kinds left out keep the default; Chinese keys 正职 / 副职 / 部门 … are accepted).

:func:`leadership_posts` returns the table per unit; the rule
``leadership_posts`` of :func:`orgplan.check` reports a unit above its posts.

Examples
--------
>>> from orgplan import read_structure, sample_path
>>> posts = leadership_posts(read_structure(sample_path("approved-2027")))
>>> posts.set_index("unit_id").loc["AS-WS-MECH", ["size", "heads", "heads_allowed"]].tolist()
[24, 3, 3]
>>> LeadershipRules().allowed("department", 55)
(1, 2)
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import numpy as np
import pandas as pd

from orgplan.errors import DataError, Problem
from orgplan.i18n import N_, Translator
from orgplan.model.structure import Structure
from orgplan.model.tables import UNIT_KINDS
from orgplan.organisation.metrics import rollup
from orgplan.tables.cells import parse_count
from orgplan.tables.yamlfile import load_yaml_with_lines

_ = Translator("booklet")

__all__ = ["LeadershipRules", "DEFAULT_RULES", "read_leadership_rules", "leadership_posts",
           "leadership_display", "LEADERSHIP_COLUMNS"]

Steps = tuple[tuple[int, int], ...]  # (from size, posts allowed), sizes ascending

#: The default rule of size: kind → (head steps, deputy steps).
DEFAULT_RULES: dict[str, tuple[Steps, Steps]] = {
    "company": (((0, 1),), ((0, 0), (100, 1), (200, 2))),
    "department": (((0, 1),), ((0, 0), (20, 1), (50, 2))),
    "section": (((0, 1),), ((0, 0), (30, 1))),
    "team": (((0, 1), (12, 2), (20, 3)), ((0, 0),)),
}
_HEAD_KEYS = ("heads", "head", "正职", "正職")
_DEPUTY_KEYS = ("deputies", "deputy", "副职", "副職")
_WORD_KEYS = ("deputy_words", "副职称谓", "副職稱謂")

LEADERSHIP_COLUMNS = ["unit_id", "name", "kind", "size", "heads", "heads_allowed", "deputies", "deputies_allowed",
                      "head_positions", "deputy_positions", "over"]
_LABELS = {"unit_id": N_("unit id"), "name": N_("unit"), "kind": N_("kind"), "size": N_("establishment"),
           "heads": N_("head posts"), "heads_allowed": N_("head posts allowed"), "deputies": N_("deputy posts"),
           "deputies_allowed": N_("deputy posts allowed"), "head_positions": N_("head positions"),
           "deputy_positions": N_("deputy positions"), "over": N_("above the rule")}


def _allowed(steps: Steps, size: int) -> int:
    posts = steps[0][1]
    for start, count in steps:
        if size >= start:
            posts = count
    return posts


@dataclass(frozen=True)
class LeadershipRules:
    """The rule of size: posts allowed per kind of unit, and the words that mark a deputy's title.

    Parameters
    ----------
    kinds : mapping, optional
        kind → (head steps, deputy steps); each steps a tuple of
        ``(from_size, posts)``. Missing kinds take :data:`DEFAULT_RULES`.
    deputy_words : tuple of str, default ("副",)
    """

    kinds: Mapping[str, tuple[Steps, Steps]] = field(default_factory=dict)
    deputy_words: tuple[str, ...] = ("副",)

    def allowed(self, kind: str, size: int) -> tuple[int, int]:
        """Head and deputy posts a unit of this kind and size may have."""
        heads, deputies = {**DEFAULT_RULES, **dict(self.kinds)}.get(kind, DEFAULT_RULES["department"])
        return _allowed(heads, size), _allowed(deputies, size)


def read_leadership_rules(path: str | os.PathLike) -> LeadershipRules:
    """Read ``leadership.yaml``; every bad key or number is reported with its line.

    Raises
    ------
    DataError
        A kind that is not company/department/section/team, a size or a
        number of posts that is not a whole number of 0 or more.
    """
    file = str(path)
    loaded = load_yaml_with_lines(Path(path), N_("a mapping of unit kinds to heads and deputies"), empty_ok=True)
    data, lines = loaded.data, loaded.lines
    problems: list[Problem] = []
    kinds: dict[str, tuple[Steps, Steps]] = {}
    words: tuple[str, ...] = ("副",)
    for key, value in data.items():
        line = lines.get(str(key))
        if str(key) in _WORD_KEYS:
            items = value if isinstance(value, list) else [value]
            words = tuple(str(w) for w in items if str(w).strip())
            continue
        kind = UNIT_KINDS.get(str(key).strip().lower(), UNIT_KINDS.get(str(key).strip()))
        if kind is None or not isinstance(value, dict):
            problems.append(Problem(file, line, str(key), None if isinstance(value, dict) else str(value),
                                    _("company, department, section or team, each with heads and deputies"),
                                    "invalid_value"))
            continue
        default_heads, default_deputies = DEFAULT_RULES[kind]
        heads, deputies = default_heads, default_deputies
        for sub, raw in value.items():
            if str(sub) in _HEAD_KEYS or str(sub) in _DEPUTY_KEYS:
                steps = _steps(raw, file, lines.get(f"{key}.{sub}", line), f"{key}.{sub}", problems)
                if str(sub) in _HEAD_KEYS:
                    heads = steps or heads
                else:
                    deputies = steps or deputies
            else:
                problems.append(Problem(file, line, f"{key}.{sub}", None, _("heads or deputies (正职 / 副职)"),
                                        "unknown_field"))
        kinds[kind] = (heads, deputies)
    if problems:
        raise DataError(problems, _("{file}: the leadership rules have problems").format(file=file))
    return LeadershipRules(kinds=kinds, deputy_words=words)


def _steps(raw: Any, file: str, line: int | None, where: str, problems: list[Problem]) -> Steps:
    if not isinstance(raw, dict):
        raw = {0: raw}
    steps = []
    for size, posts in raw.items():
        size_n, posts_n = parse_count(size), parse_count(posts)
        if size_n is None or posts_n is None or size_n < 0 or posts_n < 0:
            problems.append(Problem(file, line, where, f"{size}: {posts}",
                                    _("from-size: posts, both whole numbers of 0 or more, e.g. {{0: 0, 20: 1}}"),
                                    "not_a_number"))
            continue
        steps.append((int(size_n), int(posts_n)))
    return tuple(sorted(steps))


def leadership_posts(structure: Structure, rules: LeadershipRules | None = None) -> pd.DataFrame:
    """Head and deputy posts per unit against the rule of size.

    Returns
    -------
    DataFrame
        :data:`LEADERSHIP_COLUMNS`, one row per unit with positions in or
        beneath it, in the order of ``units.csv``; ``over`` is True where
        the unit has more head or deputy posts than the rule allows.
    """
    rules = rules or LeadershipRules()
    positions = structure.positions
    unit_ids = positions["unit_id"].astype(object)
    unit_of = pd.Series(unit_ids.to_numpy(), index=positions["position_id"].astype(object).to_numpy())
    unit_of = unit_of[~unit_of.index.duplicated()]
    manager_unit = positions["reports_to"].astype(object).map(unit_of).to_numpy(dtype=object)
    titles = positions["title"].astype(str)
    is_deputy = np.zeros(len(positions), dtype=bool)
    for word in rules.deputy_words:  # a handful of words: one vectorised pass each
        is_deputy |= titles.str.contains(word, regex=False).to_numpy(dtype=bool)
    manages = positions["position_id"].isin(set(positions["reports_to"].dropna())).to_numpy(dtype=bool)
    reports_out = manager_unit != unit_ids.to_numpy(dtype=object)
    is_head = ~is_deputy & reports_out & manages
    approved = positions["approved"].to_numpy()
    frame = pd.DataFrame({"unit_id": unit_ids.to_numpy(), "position_id": positions["position_id"].to_numpy(),
                          "head_seats": np.where(is_head, approved, 0), "deputy_seats": np.where(is_deputy, approved, 0)})
    seats = frame.groupby("unit_id", sort=False)[["head_seats", "deputy_seats"]].sum()
    head_seats = dict(zip(seats.index, seats["head_seats"].to_numpy().tolist()))
    deputy_seats = dict(zip(seats.index, seats["deputy_seats"].to_numpy().tolist()))
    head_ids: dict[str, list[str]] = {}
    deputy_ids: dict[str, list[str]] = {}
    for ids, mask in ((head_ids, is_head), (deputy_ids, is_deputy)):
        for unit_id, position_id in zip(frame["unit_id"].to_numpy()[mask], frame["position_id"].to_numpy()[mask]):
            ids.setdefault(unit_id, []).append(position_id)
    table = rollup(structure)
    table = table[table["positions"] > 0]
    rows = []
    for unit_id, name, kind, size in zip(table["unit_id"].tolist(), table["name"].tolist(), table["kind"].tolist(),
                                         table["approved"].tolist()):
        heads, deputies = int(head_seats.get(unit_id, 0)), int(deputy_seats.get(unit_id, 0))
        heads_allowed, deputies_allowed = rules.allowed(str(kind), int(size))
        rows.append({"unit_id": unit_id, "name": name, "kind": kind, "size": int(size),
                     "heads": heads, "heads_allowed": heads_allowed, "deputies": deputies,
                     "deputies_allowed": deputies_allowed,
                     "head_positions": head_ids.get(unit_id, []), "deputy_positions": deputy_ids.get(unit_id, []),
                     "over": heads > heads_allowed or deputies > deputies_allowed})
    return pd.DataFrame(rows, columns=LEADERSHIP_COLUMNS)


def leadership_display(posts: pd.DataFrame, structure: Structure | None = None) -> pd.DataFrame:
    """:func:`leadership_posts` as people read it: headers in words, titles for the position ids, 是/否."""
    out = posts.drop(columns=["unit_id"]).copy()
    titles = structure.positions.set_index("position_id")["title"] if structure is not None else pd.Series(dtype=object)
    for column in ("head_positions", "deputy_positions"):
        out[column] = ["、".join(str(titles.get(p, p)) for p in ids) for ids in out[column]]
    kind_words = {"company": _("company"), "department": _("department"), "section": _("section"), "team": _("team")}
    out["kind"] = out["kind"].map(lambda k: kind_words.get(k, k))
    out["over"] = out["over"].map({True: _("yes"), False: ""})
    return out.rename(columns={c: _(label) for c, label in _LABELS.items()})
