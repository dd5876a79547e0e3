"""What-ifs (假设分析): the need at another target, another ratio, another bay count; the sensitivity table.

A what-if is written as one short step, or several:

- ``target+10%`` / ``target-5%`` / ``target*1.1`` — the sales target; every
  driver the ratios file lists under ``follows_target`` moves by its elasticity;
- ``repair_orders+8%``, ``bays+1`` (a new bay), ``bays=16`` — one driver, in every month
  (``+N`` adds, ``+N%`` and ``*F`` scale, ``=N`` sets);
- ``SHOW-CONS=10``, ``ADV-SA-10%`` — one rule's ratio.

Examples
--------
>>> from orgplan import read_structure, sample_path
>>> from orgplan.staffing import read_drivers, read_ratios
>>> drivers = read_drivers(sample_path("staffing/drivers-2027.csv"))
>>> ratios = read_ratios(sample_path("staffing/ratios.yaml"))
>>> approved = read_structure(sample_path("approved-2027"))
>>> change = what_if(drivers, ratios, approved, "target+10%")
>>> change.loc[change["change"] != 0, ["position_id", "before", "after", "change", "cost_change"]]
   position_id  before  after  change  cost_change
1     SHOW-SUP       2      3       1      11000.0
2    SHOW-CONS      14     16       2      16000.0
3      KA-CONS       3      4       1       8500.0
6      FI-SPEC       3      4       1       7000.0
12   MECH-LEAD       3      4       1      10000.0
13   MECH-TECH      17     18       1       8000.0
16  BODY-PANEL       5      6       1       8500.0
17  BODY-PAINT       5      6       1       9000.0
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

import numpy as np
import pandas as pd

from orgplan.errors import ParameterError
from orgplan.i18n import Translator
from orgplan.model.structure import Structure
from orgplan.staffing.drivers import DRIVER_NAMES
from orgplan.staffing.ratios import Ratios
from orgplan.staffing.recommend import StaffingPlan, recommend, rule_needs

_ = Translator("staffing")

__all__ = ["Step", "parse_steps", "apply_steps", "what_if", "compare", "sensitivity"]

_STEP = re.compile(r"^\s*(?P<name>[A-Za-z][A-Za-z0-9_\-]*?)\s*(?P<op>[+\-*=])\s*(?P<value>\d+(?:\.\d+)?)\s*"
                   r"(?P<percent>%?)\s*$")


@dataclass(frozen=True)
class Step:
    """One what-if step: what (``target``, a driver or a position's rule), how (``scale``, ``add``, ``set``), how much.

    Examples
    --------
    >>> parse_steps("target+10%")
    (Step(name='target', how='scale', value=1.1),)
    >>> parse_steps(["bays+1", "SHOW-CONS=10"])
    (Step(name='bays', how='add', value=1.0), Step(name='SHOW-CONS', how='set', value=10.0))
    """

    name: str
    how: str
    value: float

    def describe(self) -> str:
        """The step for people: ``target × 1.1``, ``bays + 1``, ``SHOW-CONS = 10``."""
        sign = {"scale": "×", "add": "+", "set": "="}[self.how]
        return f"{self.name} {sign} {self.value:g}"


def parse_steps(text: str | Iterable[str]) -> tuple[Step, ...]:
    """Read what-if steps (one string, comma-separated steps, or a list of them).

    Raises
    ------
    ParameterError
        A step that is not ``NAME+N%``, ``NAME-N%``, ``NAME*F``, ``NAME+N``, ``NAME-N`` or ``NAME=N``.

    Examples
    --------
    >>> parse_steps("target*1.1, ADV-SA-10%")
    (Step(name='target', how='scale', value=1.1), Step(name='ADV-SA', how='scale', value=0.9))
    >>> parse_steps("target+ten")
    Traceback (most recent call last):
    ...
    orgplan.errors.ParameterError: The what-if step 'target+ten' must be written NAME+10%, NAME-5%, NAME*1.1, NAME+1 or NAME=9 (NAME: target, a driver such as bays, or a position id).
    """
    parts = [text] if isinstance(text, str) else list(text)
    steps = []
    for part in parts:
        for piece in str(part).split(","):
            if not piece.strip():
                continue
            match = _STEP.match(piece)
            if match is None:
                raise ParameterError(_("The what-if step {step} must be written NAME+10%, NAME-5%, NAME*1.1, NAME+1 "
                                       "or NAME=9 (NAME: target, a driver such as bays, or a position id).").format(
                    step=repr(piece.strip())))
            name, op, value = match.group("name"), match.group("op"), float(match.group("value"))
            percent = bool(match.group("percent"))
            if op == "*" or percent:
                factor = value if op == "*" else 1 + (value if op == "+" else -value) / 100
                if percent and op in "*=":
                    raise ParameterError(_("The what-if step {step} must be written NAME+10%, NAME-5%, NAME*1.1, "
                                           "NAME+1 or NAME=9 (NAME: target, a driver such as bays, or a position "
                                           "id).").format(step=repr(piece.strip())))
                steps.append(Step(name, "scale", round(factor, 12)))
            elif op == "=":
                steps.append(Step(name, "set", value))
            else:
                steps.append(Step(name, "add", value if op == "+" else -value))
    return tuple(steps)


def apply_steps(drivers: pd.DataFrame, ratios: Ratios, steps: Iterable[Step]) -> tuple[pd.DataFrame, Ratios]:
    """The drivers and ratios after the steps.

    Raises
    ------
    ParameterError
        A step naming nothing known, a driver the table lacks, a ratio that would not stay above 0.

    Examples
    --------
    >>> from orgplan import sample_path
    >>> from orgplan.staffing import read_drivers, read_ratios
    >>> d, r = apply_steps(read_drivers(sample_path("staffing/drivers-2027.csv")),
    ...                    read_ratios(sample_path("staffing/ratios.yaml")), parse_steps("bays+1, SHOW-CONS=10"))
    >>> int(d["bays"].iloc[0]), r.rule("SHOW-CONS").ratio
    (15, 10.0)
    """
    drivers = drivers.copy()
    for step in steps:
        if step.name == "target":
            if step.how != "scale":
                raise ParameterError(_("The what-if step {step} must scale the target (target+10%, target*1.1).")
                                     .format(step=repr(step.describe())))
            for driver, elasticity in ratios.follows_target.items():
                if driver in drivers.columns:
                    drivers[driver] = drivers[driver].astype(float) * (1 + elasticity * (step.value - 1))
        elif step.name in DRIVER_NAMES:
            if step.name not in drivers.columns:
                raise ParameterError(_("The what-if step {step} names the driver {driver}, which the drivers table "
                                       "does not have.").format(step=repr(step.describe()), driver=step.name))
            values = drivers[step.name].astype(float)
            drivers[step.name] = (values * step.value if step.how == "scale" else values + step.value
                                  if step.how == "add" else values * 0 + step.value).clip(lower=0)
        else:
            try:
                ratio = ratios.rule(step.name).ratio
            except KeyError:
                raise ParameterError(_("The what-if step {step} names {name}: not target, a driver ({drivers}) "
                                       "or a position with a rule.").format(
                    step=repr(step.describe()), name=repr(step.name), drivers=", ".join(DRIVER_NAMES))) from None
            new = ratio * step.value if step.how == "scale" else ratio + step.value if step.how == "add" else step.value
            if not new > 0:
                raise ParameterError(_("The what-if step {step} would leave the ratio of {position} at {ratio}; a "
                                       "ratio must stay above 0.").format(step=repr(step.describe()),
                                                                          position=step.name, ratio=f"{new:g}"))
            ratios = ratios.with_ratio(step.name, new)
    return drivers, ratios


def compare(before: StaffingPlan, after: StaffingPlan) -> pd.DataFrame:
    """Per position: recommended ``before`` and ``after``, the ``change`` and its monthly ``cost_change``."""
    a = before.establishment.set_index("position_id")
    b = after.establishment.set_index("position_id")
    table = pd.DataFrame({"position_id": a.index, "unit_id": a["unit_id"].to_numpy(), "title": a["title"].to_numpy(),
                          "before": a["recommended"].to_numpy(),
                          "after": b["recommended"].reindex(a.index).to_numpy()})
    table["change"] = table["after"] - table["before"]
    table["cost_change"] = table["change"] * a["monthly_cost"].to_numpy()
    return table.reset_index(drop=True)


def what_if(drivers: pd.DataFrame, ratios: Ratios, structure: Structure, steps: str | Iterable[str] | Iterable[Step],
            *, in_post: pd.DataFrame | None = None, changed_only: bool = False) -> pd.DataFrame:
    """The recommendation before and after the steps, per position (:func:`compare`).

    With ``changed_only`` only the positions whose recommendation changes are kept.
    """
    parsed = tuple(steps) if not isinstance(steps, str) and all(isinstance(s, Step) for s in steps) \
        else parse_steps(steps)  # type: ignore[arg-type]
    base = recommend(drivers, ratios, structure, in_post=in_post)
    new_drivers, new_ratios = apply_steps(drivers, ratios, parsed)
    table = compare(base, recommend(new_drivers, new_ratios, structure, in_post=in_post))
    return table[table["change"] != 0].reset_index(drop=True) if changed_only else table


def sensitivity(drivers: pd.DataFrame, ratios: Ratios, structure: Structure, *, step: float = 0.10) -> pd.DataFrame:
    """Which ratio (or driver) moves the establishment most: each moved by ± ``step``, the rest kept.

    A ratio of volume per person that is 10 % higher needs fewer people; a
    driver 10 % higher needs more. The table is sorted by the largest change
    of people, then of cost.

    Returns
    -------
    DataFrame
        ``kind`` (``ratio`` or ``driver``), ``name``, ``value`` (the ratio, or
        the driver's yearly total), ``people_down, cost_down`` (at − step) and
        ``people_up, cost_up`` (at + step): changes of the whole recommended establishment.

    Examples
    --------
    >>> from orgplan import read_structure, sample_path
    >>> from orgplan.staffing import read_drivers, read_ratios
    >>> table = sensitivity(read_drivers(sample_path("staffing/drivers-2027.csv")),
    ...                     read_ratios(sample_path("staffing/ratios.yaml")),
    ...                     read_structure(sample_path("approved-2027")))
    >>> table.head(2)[["kind", "name", "people_down", "people_up"]]
         kind       name  people_down  people_up
    0  driver   new_cars           -1          4
    1   ratio  SHOW-CONS            3         -1
    """
    cost = structure.positions.set_index("position_id")["monthly_cost"].astype(float)

    def people_and_cost(d: pd.DataFrame, r: Ratios) -> tuple[int, float]:
        counts = {p: n.recommended for p, n in rule_needs(d, r).items() if p in cost.index}
        return sum(counts.values()), float(sum(n * cost[p] for p, n in counts.items()))

    base_people, base_cost = people_and_cost(drivers, ratios)
    rows = []
    candidates = [("ratio", rule.position_id, rule.ratio) for rule in ratios.rules]
    used = sorted({d for rule in ratios.rules for d in (*rule.drivers, *([rule.cap[0]] if rule.cap else ()))},
                  key=list(DRIVER_NAMES).index)
    candidates += [("driver", name, float(drivers[name].sum())) for name in used]
    for kind, name, value in candidates:
        row = {"kind": kind, "name": name, "value": value}
        for label, factor in (("down", 1 - step), ("up", 1 + step)):
            people, money = people_and_cost(*apply_steps(drivers, ratios, (Step(name, "scale", factor),)))
            row[f"people_{label}"] = people - base_people
            row[f"cost_{label}"] = money - base_cost
        rows.append(row)
    table = pd.DataFrame(rows)
    swing = np.maximum(table["people_down"].abs(), table["people_up"].abs())
    cost = np.maximum(table["cost_down"].abs(), table["cost_up"].abs())
    order = np.lexsort((cost.to_numpy() * -1, swing.to_numpy() * -1))
    return table.iloc[order].reset_index(drop=True)
