"""Staffing ratios (定编比例): which driver each position's establishment follows, and how.

A ratios file (YAML, see ``data/staffing/ratios.yaml``) holds one rule per
position. Three kinds of rule:

- ``driver``: people = driver ÷ ratio (``per: month`` — the ratio is volume
  per person per month — or ``per: day``: the month's volume ÷ its working
  days ÷ ratio), e.g. 销售顾问 = new cars ÷ 9 cars per consultant per month;
- ``span_of``: people = the recommended establishment of the positions named
  ÷ ratio (people per supervisor), e.g. 销售主管 = 销售顾问 ÷ 6;
- ``times_of``: people = their recommended establishment × ratio, e.g.
  机修技师 = 服务顾问 × 3.8 technicians per advisor.

Every rule states which month sets the need (``month: peak``, ``average``
or a percentile such as ``p75``: the need that three months in four do not
exceed) and how the need is rounded to whole people (``rounding: up``,
``nearest`` — halves up — or ``down``); a ``cap`` (people ≤ a driver × ratio,
e.g. technicians ≤ bays × 2) and a ``minimum``. Each rule carries the
published ``range`` of its ratio and its ``source``; a ratio outside its
range is reported, not refused (the company may override any default).

Examples
--------
>>> from orgplan import sample_path
>>> ratios = read_ratios(sample_path("staffing/ratios.yaml"))
>>> rule = ratios.rule("SHOW-CONS")
>>> rule.kind, rule.drivers, rule.ratio, rule.month, rule.rounding
('driver', ('new_cars',), 9.0, 'peak', 'up')
>>> ratios.rule("MECH-TECH").cap
('bays', 1.3)
"""

from __future__ import annotations

import dataclasses
import math
import os
import re
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from orgplan.errors import DataError, ParameterError, Problem
from orgplan.i18n import N_, Translator
from orgplan.staffing.drivers import DRIVER_NAMES, driver_label
from orgplan.tables.cells import parse_number
from orgplan.tables.yamlfile import child_node, key_line, load_yaml_with_lines

_ = Translator("staffing")

__all__ = ["Rule", "Ratios", "read_ratios", "rules_table", "MONTH_CHOICES", "ROUNDING_CHOICES", "month_words", "rounding_words"]

#: How a rule picks the month that sets the need (a percentile is written ``p50`` … ``p100``).
MONTH_CHOICES: dict[str, str] = {"peak": N_("peak month"), "average": N_("average month")}
#: How a need is rounded to whole people.
ROUNDING_CHOICES: dict[str, str] = {"up": N_("round up"), "nearest": N_("round to nearest (halves up)"),
                                    "down": N_("round down")}

_RULE_KEYS = ("position", "title", "driver", "span_of", "times_of", "ratio", "per", "range", "month", "rounding",
              "cap", "minimum", "source", "note")
_TOP_KEYS = ("defaults", "standard_hours", "follows_target", "checks", "productive", "rules")
#: The drivers that follow the sales target when a file does not say, with their elasticity.
_FOLLOWS_TARGET = {"new_cars": 1.0, "fleet": 1.0}
_CHECK_DEFAULTS = {"productive_share_min": 0.55, "support_share_max": 0.50, "span_min": 3.0, "span_max": 10.0,
                   "layers_max": 5.0}
_PERCENTILE = re.compile(r"^p(\d{1,3})$")


def month_words(choice: str) -> str:
    """A rule's month choice for people: ``peak month``, ``average month`` or ``75th percentile month``.

    Examples
    --------
    >>> month_words("peak"), month_words("p75")
    ('peak month', '75th percentile month')
    """
    if choice in MONTH_CHOICES:
        return _(MONTH_CHOICES[choice])
    return _("{n}th percentile month").format(n=choice[1:])


def rounding_words(choice: str) -> str:
    """A rule's rounding for people."""
    return _(ROUNDING_CHOICES[choice])


@dataclass(frozen=True)
class Rule:
    """One position's staffing rule.

    Parameters
    ----------
    position_id : str
    kind : {"driver", "span_of", "times_of"}
    ratio : float
        Volume per person (``driver``), people per supervisor (``span_of``)
        or people per base person (``times_of``).
    drivers : tuple of str
        The drivers added up (``driver`` rules).
    of : tuple of str
        The base positions (``span_of`` and ``times_of`` rules).
    per : {"month", "day"}
        Whether ``ratio`` is per month or per working day.
    month : str
        ``peak``, ``average`` or ``pNN``.
    rounding : {"up", "nearest", "down"}
    low, high : float or None
        The published range of the ratio.
    cap : (driver, ratio) or None
        At most ``driver × ratio`` people (the driver in the month chosen).
    minimum : int
        At least this many people.
    source : str
        Where the default comes from.
    title, note : str
    line : int or None
        The rule's line in its file.

    Examples
    --------
    >>> Rule("SHOW-CONS", "driver", 9, drivers=("new_cars",)).round(15.3)
    16
    >>> Rule("X", "driver", 9, drivers=("new_cars",), rounding="nearest").round(2.5)
    3
    """

    position_id: str
    kind: str
    ratio: float
    drivers: tuple[str, ...] = ()
    of: tuple[str, ...] = ()
    per: str = "month"
    month: str = "peak"
    rounding: str = "up"
    low: float | None = None
    high: float | None = None
    cap: tuple[str, float] | None = None
    minimum: int = 0
    source: str = ""
    title: str = ""
    note: str = ""
    line: int | None = None

    def __post_init__(self) -> None:
        if self.kind not in ("driver", "span_of", "times_of"):
            raise ParameterError(_("The 'kind' parameter of Rule must be driver, span_of or times_of. "
                                   "Got {value} instead.").format(value=repr(self.kind)))
        if not (isinstance(self.ratio, (int, float)) and self.ratio > 0 and math.isfinite(self.ratio)):
            raise ParameterError(_("The 'ratio' parameter of Rule must be a number above 0. Got {value} instead.")
                                 .format(value=repr(self.ratio)))
        object.__setattr__(self, "ratio", float(self.ratio))
        object.__setattr__(self, "drivers", tuple(self.drivers))
        object.__setattr__(self, "of", tuple(self.of))

    def round(self, need: float) -> int:
        """Whole people for a need, by the rule's rounding (a hair above a whole number is that number)."""
        need = max(need, 0.0)
        nearest = round(need)
        if abs(need - nearest) < 1e-9:
            return int(nearest)
        if self.rounding == "up":
            return int(math.ceil(need))
        if self.rounding == "down":
            return int(math.floor(need))
        return int(math.floor(need + 0.5))

    def with_ratio(self, ratio: float) -> "Rule":
        """The same rule with another ratio (a what-if)."""
        return dataclasses.replace(self, ratio=float(ratio))

    @property
    def in_range(self) -> bool:
        """Whether the ratio lies inside its published range (True when there is none)."""
        return (self.low is None or self.ratio >= self.low - 1e-12) and (
            self.high is None or self.ratio <= self.high + 1e-12)

    def formula(self) -> str:
        """The rule in words, for people: ``new cars sold ÷ 9 per person per month, peak month, round up``."""
        ratio = f"{self.ratio:g}"
        if self.kind == "driver":
            base = " + ".join(driver_label(d) for d in self.drivers)
            text = (_("{base} ÷ {ratio} per person per working day") if self.per == "day"
                    else _("{base} ÷ {ratio} per person per month")).format(base=base, ratio=ratio)
            text = _("{formula}, {month}").format(formula=text, month=month_words(self.month))
        elif self.kind == "span_of":
            text = _("{base} ÷ {ratio}").format(base=" + ".join(self.of), ratio=ratio)
        else:
            text = _("{base} × {ratio}").format(base=" + ".join(self.of), ratio=ratio)
        if self.cap is not None:
            text = _("{formula}, at most {driver} × {ratio} (rounded down)").format(formula=text, driver=driver_label(self.cap[0]),
                                                                    ratio=f"{self.cap[1]:g}")
        return _("{formula}, {rounding}").format(formula=text, rounding=rounding_words(self.rounding))


@dataclass(frozen=True)
class Ratios:
    """The company's staffing rules, productive positions and check thresholds.

    Attributes
    ----------
    rules : tuple of Rule
        In an order where every base position comes before the rules built on it.
    productive : tuple of str
        Positions counted as productive (selling or doing paid work); all others are support.
    checks : dict
        ``productive_share_min``, ``support_share_max``, ``span_min``, ``span_max``, ``layers_max``.
    standard_hours : float
        Hours a person works in a standard week (the workload's yardstick).
    follows_target : dict
        The drivers a change of the sales target moves, each with its
        elasticity: at target × (1 + x) the driver is × (1 + elasticity × x).
    file : str
    """

    rules: tuple[Rule, ...]
    productive: tuple[str, ...] = ()
    checks: dict[str, float] = field(default_factory=lambda: dict(_CHECK_DEFAULTS))
    standard_hours: float = 40.0
    follows_target: dict[str, float] = field(default_factory=lambda: dict(_FOLLOWS_TARGET))
    file: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "rules", _in_dependency_order(tuple(self.rules), self.file))
        object.__setattr__(self, "follows_target", dict(self.follows_target))
        object.__setattr__(self, "productive", tuple(self.productive))
        object.__setattr__(self, "checks", {**_CHECK_DEFAULTS, **dict(self.checks)})

    def rule(self, position_id: str) -> Rule:
        """The rule of a position (KeyError when none)."""
        for rule in self.rules:
            if rule.position_id == position_id:
                return rule
        raise KeyError(position_id)

    @property
    def positions(self) -> tuple[str, ...]:
        """The positions that have a rule."""
        return tuple(rule.position_id for rule in self.rules)

    def with_ratio(self, position_id: str, ratio: float) -> "Ratios":
        """The same ratios with one rule's ratio changed (a what-if).

        Examples
        --------
        >>> from orgplan import sample_path
        >>> ratios = read_ratios(sample_path("staffing/ratios.yaml"))
        >>> ratios.with_ratio("SHOW-CONS", 10).rule("SHOW-CONS").ratio
        10.0
        """
        self.rule(position_id)
        rules = tuple(r.with_ratio(ratio) if r.position_id == position_id else r for r in self.rules)
        return dataclasses.replace(self, rules=rules)


def rules_table(ratios: Ratios) -> pd.DataFrame:
    """The rules for people: ``position_id, title, rule, ratio, low, high, source`` (the formula in words).

    Examples
    --------
    >>> from orgplan import sample_path
    >>> table = rules_table(read_ratios(sample_path("staffing/ratios.yaml")))
    >>> table[["position_id", "ratio", "low", "high"]].head(1)
      position_id  ratio  low  high
    0   SHOW-CONS    9.0  8.0  12.0
    """
    return pd.DataFrame([{"position_id": r.position_id, "title": r.title, "rule": r.formula(), "ratio": r.ratio,
                          "low": r.low, "high": r.high, "source": r.source} for r in ratios.rules],
                        columns=["position_id", "title", "rule", "ratio", "low", "high", "source"])


def _in_dependency_order(rules: tuple[Rule, ...], file: str) -> tuple[Rule, ...]:
    """Rules ordered so that each base comes first; a cycle is a located problem."""
    by_position = {r.position_id: r for r in rules}
    done: list[Rule] = []
    state: dict[str, int] = {}

    def visit(rule: Rule, path: tuple[str, ...]) -> None:
        if state.get(rule.position_id) == 2:
            return
        if state.get(rule.position_id) == 1:
            cycle = " → ".join((*path, rule.position_id))
            raise DataError([Problem(file or "ratios", rule.line, "span_of/times_of", cycle,
                                     _("rules that do not build on each other in a circle"), "cycle")])
        state[rule.position_id] = 1
        for base in rule.of:
            if base in by_position:
                visit(by_position[base], (*path, rule.position_id))
        state[rule.position_id] = 2
        done.append(rule)

    for rule in rules:
        visit(rule, ())
    return tuple(done)


def read_ratios(path: str | os.PathLike) -> Ratios:
    """Read a ratios file; every bad entry is reported with its line.

    Raises
    ------
    DataError
        An unknown key or driver, a ratio that is not a number above 0, a
        month or rounding choice that does not exist, a rule given twice, a
        ``span_of``/``times_of`` naming no position, rules in a circle.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "ratios.yaml"
    >>> _ = path.write_text("rules:\\n  - position: A\\n    driver: new_car\\n    ratio: 0\\n    source: NCM\\n",
    ...                     encoding="utf-8")
    >>> read_ratios(path)
    Traceback (most recent call last):
    ...
    orgplan.errors.DataError: Found 2 problems in the input data:
      - ...ratios.yaml, row 3, column 'driver': got 'new_car', expected a driver of the drivers table (...).
      - ...ratios.yaml, row 4, column 'ratio': got '0', expected a number above 0.
    """
    config = load_yaml_with_lines(path, N_("a mapping with defaults, checks, productive and rules"))
    file, data = config.file, config.data
    problems: list[Problem] = []
    for key in data:
        if key not in _TOP_KEYS:
            problems.append(Problem(file, config.lines.get(str(key)), str(key), str(key),
                                    _("one of the keys {keys}").format(keys=", ".join(_TOP_KEYS)), "unknown_key"))
    defaults = data.get("defaults") or {}
    if not isinstance(defaults, dict):
        problems.append(Problem(file, config.lines.get("defaults"), "defaults", str(defaults),
                                _("a mapping such as month: peak, rounding: up"), "invalid_value"))
        defaults = {}
    checks = _read_checks(data.get("checks") or {}, file, config, problems)
    standard_hours = _positive(data.get("standard_hours", 40), file, config.lines.get("standard_hours"),
                               "standard_hours", problems) or 40.0
    follows = _read_follows(data.get("follows_target", _FOLLOWS_TARGET), file, config, problems)
    productive = data.get("productive") or []
    if not isinstance(productive, list):
        problems.append(Problem(file, config.lines.get("productive"), "productive", str(productive),
                                _("a list of position ids"), "invalid_value"))
        productive = []
    raw_rules = data.get("rules")
    if not isinstance(raw_rules, list) or not raw_rules:
        problems.append(Problem(file, config.lines.get("rules"), "rules", None,
                                _("a list of rules, one per position"), "missing_value"))
        raw_rules = []
    rules_node = child_node(config.node, "rules")
    rules: list[Rule] = []
    seen: dict[str, int | None] = {}
    for i, raw in enumerate(raw_rules):
        node = rules_node.value[i] if rules_node is not None and i < len(rules_node.value) else None
        rule = _read_rule(raw, defaults, file, node, problems)
        if rule is None:
            continue
        if rule.position_id in seen:
            problems.append(Problem(file, rule.line, "position", rule.position_id,
                                    _("one rule per position; {position} already has the rule on line {line}")
                                    .format(position=rule.position_id, line=seen[rule.position_id]),
                                    "duplicate_rule"))
            continue
        seen[rule.position_id] = rule.line
        rules.append(rule)
    for rule in rules:
        for base in rule.of:
            if base not in seen:
                problems.append(Problem(file, rule.line, "span_of" if rule.kind == "span_of" else "times_of", base,
                                        _("a position that has a rule of its own"), "unknown_position"))
    if problems:
        raise DataError(problems)
    return Ratios(tuple(rules), tuple(str(p) for p in productive), checks, float(standard_hours), follows, file)


def _read_follows(raw: Any, file: str, config: Any, problems: list[Problem]) -> dict[str, float]:
    if not isinstance(raw, dict):
        problems.append(Problem(file, config.lines.get("follows_target"), "follows_target", str(raw),
                                _("a mapping of driver → elasticity, such as new_cars: 1.0"), "invalid_value"))
        return dict(_FOLLOWS_TARGET)
    follows = {}
    for key, value in raw.items():
        line = config.lines.get(f"follows_target.{key}")
        if key not in DRIVER_NAMES:
            problems.append(Problem(file, line, "follows_target", str(key), _(
                "a driver of the drivers table ({drivers})").format(drivers=", ".join(DRIVER_NAMES)), "unknown_key"))
            continue
        number = parse_number(value) if not isinstance(value, bool) else None
        if number is None or number < 0:
            problems.append(Problem(file, line, str(key), str(value), _("an elasticity of 0 or more"),
                                    "invalid_value"))
            continue
        follows[str(key)] = float(number)
    return follows


def _read_checks(raw: Any, file: str, config: Any, problems: list[Problem]) -> dict[str, float]:
    if not isinstance(raw, dict):
        problems.append(Problem(file, config.lines.get("checks"), "checks", str(raw),
                                _("a mapping of check thresholds"), "invalid_value"))
        return dict(_CHECK_DEFAULTS)
    checks = dict(_CHECK_DEFAULTS)
    for key, value in raw.items():
        line = config.lines.get(f"checks.{key}")
        if key not in _CHECK_DEFAULTS:
            problems.append(Problem(file, line, str(key), str(key), _("one of the keys {keys}").format(
                keys=", ".join(_CHECK_DEFAULTS)), "unknown_key"))
            continue
        number = _positive(value, file, line, str(key), problems)
        if number is not None:
            checks[key] = number
    return checks


def _positive(value: Any, file: str, line: int | None, column: str, problems: list[Problem]) -> float | None:
    number = parse_number(value) if not isinstance(value, bool) else None
    if number is None or not number > 0 or not math.isfinite(number):
        problems.append(Problem(file, line, column, None if value is None else str(value), _("a number above 0"),
                                "invalid_value"))
        return None
    return float(number)


def _read_rule(raw: Any, defaults: dict, file: str, node: Any, problems: list[Problem]) -> Rule | None:
    line = node.start_mark.line + 1 if node is not None else None

    def where(key: str) -> int | None:
        return key_line(node, key) or line

    def bad(key: str, value: Any, expected: str, code: str = "invalid_value") -> None:
        problems.append(Problem(file, where(key), key, None if value is None else str(value), expected, code))

    if not isinstance(raw, dict):
        bad("rules", raw, _("a rule: a mapping with position, driver (or span_of, times_of), ratio and source"))
        return None
    before = len(problems)
    for key in raw:
        if key not in _RULE_KEYS:
            bad(str(key), key, _("one of the keys {keys}").format(keys=", ".join(_RULE_KEYS)), "unknown_key")
    position = raw.get("position")
    if not isinstance(position, str) or not position.strip():
        bad("position", position, _("the position_id the rule sets"), "missing_value")
    kinds = [k for k in ("driver", "span_of", "times_of") if k in raw]
    if len(kinds) != 1:
        bad(kinds[1] if len(kinds) > 1 else "driver", None if not kinds else raw[kinds[1]],
            _("exactly one of driver, span_of, times_of"), "missing_value" if not kinds else "invalid_value")
        return None
    kind = kinds[0]
    names = raw[kind] if isinstance(raw[kind], list) else [raw[kind]]
    names = [str(n) for n in names if n is not None]
    if not names:
        bad(kind, None, _("a driver or a position"), "missing_value")
    if kind == "driver":
        for name in names:
            if name not in DRIVER_NAMES:
                bad(kind, name, _("a driver of the drivers table ({drivers})").format(drivers=", ".join(DRIVER_NAMES)))
    ratio = _positive(raw.get("ratio"), file, where("ratio"), "ratio", problems)
    per = str(raw.get("per", defaults.get("per", "month")))
    if per not in ("month", "day"):
        bad("per", per, _("month or day"))
    month = str(raw.get("month", defaults.get("month", "peak")))
    match = _PERCENTILE.match(month)
    if month not in MONTH_CHOICES and not (match and 1 <= int(match.group(1)) <= 100):
        bad("month", month, _("peak, average or a percentile such as p75"))
    rounding = str(raw.get("rounding", defaults.get("rounding", "up")))
    if rounding not in ROUNDING_CHOICES:
        bad("rounding", rounding, _("up, nearest or down"))
    low = high = None
    if "range" in raw:
        rng = raw["range"]
        if (not isinstance(rng, list) or len(rng) != 2 or any(parse_number(v) is None for v in rng)
                or parse_number(rng[0]) > parse_number(rng[1])):
            bad("range", rng, _("two numbers [low, high], low not above high"))
        else:
            low, high = float(parse_number(rng[0])), float(parse_number(rng[1]))
    cap = None
    if "cap" in raw:
        cap_raw = raw["cap"]
        if (not isinstance(cap_raw, dict) or cap_raw.get("driver") not in DRIVER_NAMES
                or parse_number(cap_raw.get("ratio")) is None or parse_number(cap_raw.get("ratio")) <= 0):
            bad("cap", cap_raw, _("a mapping with driver (a driver of the drivers table) and ratio (above 0)"))
        else:
            cap = (str(cap_raw["driver"]), float(parse_number(cap_raw["ratio"])))
    minimum = raw.get("minimum", 0)
    if isinstance(minimum, bool) or not isinstance(minimum, int) or minimum < 0:
        bad("minimum", minimum, _("a whole number of 0 or more"))
        minimum = 0
    source = raw.get("source")
    if not isinstance(source, str) or not source.strip():
        bad("source", source, _("where the ratio's default comes from (a published source or the company's own)"),
            "missing_value")
    if len(problems) > before or ratio is None:
        return None
    return Rule(position.strip(), kind if kind != "driver" else "driver", ratio,
                drivers=tuple(names) if kind == "driver" else (), of=tuple(names) if kind != "driver" else (),
                per=per, month=month, rounding=rounding, low=low, high=high, cap=cap, minimum=minimum,
                source=source.strip(), title=str(raw.get("title") or ""), note=str(raw.get("note") or ""),
                line=line)
