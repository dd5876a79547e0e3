"""The commission plan (提成方案): the store's pay rules as a YAML file, read with located errors.

A plan gives the base pay by grade (底薪), the per-car commission by model or
model group (单车提成), tiers on the month's volume or attainment (阶梯),
the commission on gross profit (毛利提成), the finance and insurance (F&I)
and accessories bonuses with penetration thresholds (金融、保险、延保渗透率),
the scorecard multiplier (考核系数), the showroom manager's team bonus, the
cap, the floor, the clawback of cancelled deals and the employer's social
insurance rate (五险一金单位部分). ``data/pay/commission-plan-2027.yaml`` is
the sample store's plan, commented in Chinese.

Tiers say how they count, because both are common and they pay differently:

* ``retroactive`` (全额累进): once the month reaches a tier, *every* car of
  the month is paid at that tier's factor;
* ``marginal`` (超额累进): each car is paid at the tier its own position in
  the month falls in (the 9th car at the 9–14 tier, the first eight at the
  first tier).

Tiers on ``units`` are whole cars, both ends included (``from: 9, to: 14``;
the next tier starts at 15). Tiers on ``attainment`` are fractions of the
month's target, ``from`` included and ``to`` excluded (``from: 0.8, to: 1.0``;
the next starts at 1.0). The last tier may leave ``to`` out (no upper end).

Examples
--------
>>> from orgplan.model.io import DATA_DIR
>>> plan = read_commission_plan(DATA_DIR / "pay" / "commission-plan-2027.yaml")
>>> plan.tiers.basis, plan.tiers.mode, [(b.low, b.high, b.value) for b in plan.tiers.bands]
('units', 'retroactive', [(0.0, 8.0, 1.0), (9.0, 14.0, 1.2), (15.0, None, 1.5)])
>>> plan.car_amount("VOYA"), plan.car_amount("CITY")
((800.0, 'VOYA'), (200.0, '入门'))
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from orgplan.errors import DataError, Problem
from orgplan.i18n import N_, Translator
from orgplan.sales.targets import read_consultants, read_models
from orgplan.tables.yamlfile import load_yaml_with_lines

_ = Translator("pay")

__all__ = ["Band", "Tiers", "Threshold", "ManagerPlan", "CommissionPlan", "read_commission_plan",
           "TIER_MODES", "TIER_BASES", "FI_MEASURES", "COMMISSION_PARTS", "PLAN_FILES", "check_commission_plan", "tiers_table"]

#: How tiers count (see the module's text).
TIER_MODES = {"retroactive": N_("retroactive (every car of the month at the tier reached)"),
              "marginal": N_("marginal (each car at the tier of its own position)")}
#: What tiers are measured on.
TIER_BASES = {"units": N_("cars delivered in the month"), "attainment": N_("the month's attainment")}
#: The measures a penetration threshold may name: the share of the month's cars sold with it.
FI_MEASURES = ("loan", "insurance", "extended_warranty")
#: The commission parts the scorecard multiplier may apply to.
COMMISSION_PARTS = ("per_car", "gross", "finance_insurance")

_TOP_KEYS = ("name", "year", "files", "base_pay", "per_car", "tiers", "gross", "finance_insurance", "scorecard",
             "manager", "limits", "clawback", "social_insurance", "positions")


@dataclass(frozen=True)
class Band:
    """One tier or bonus band: ``low`` ≤ measure ≤ / < ``high`` (None: no upper end) pays ``value``.

    ``line`` is the line of the plan file the band is written on, so a pay
    sheet names the rule it applied.
    """

    low: float
    high: float | None
    value: float
    line: int | None = None

    def contains(self, measure: float, *, whole: bool) -> bool:
        """Whether ``measure`` falls in the band (both ends included for whole cars, ``high`` excluded otherwise).

        Examples
        --------
        >>> Band(9, 14, 1.2).contains(14, whole=True), Band(0.8, 1.0, 1.1).contains(1.0, whole=False)
        (True, False)
        """
        if measure < self.low:
            return False
        if self.high is None:
            return True
        return measure <= self.high if whole else measure < self.high

    def text(self, *, whole: bool) -> str:
        """The band as people read it: ``9–14`` cars, ``80%–100%``, ``15+``."""
        if whole:
            return f"{self.low:g}+" if self.high is None else f"{self.low:g}–{self.high:g}"
        return f"{self.low:.0%}+" if self.high is None else f"{self.low:.0%}–{self.high:.0%}"


@dataclass(frozen=True)
class Tiers:
    """Tiers of the per-car commission: ``basis`` (units / attainment), ``mode`` (retroactive / marginal), bands."""

    basis: str
    mode: str
    bands: tuple[Band, ...]

    @property
    def whole(self) -> bool:
        """True when the tiers count whole cars."""
        return self.basis == "units"

    def band_of(self, measure: float) -> Band | None:
        """The band ``measure`` falls in (None below the first).

        Examples
        --------
        >>> Tiers("units", "retroactive", (Band(0, 8, 1.0), Band(9, None, 1.2))).band_of(9).value
        1.2
        """
        for band in self.bands:
            if band.contains(measure, whole=self.whole):
                return band
        return None


@dataclass(frozen=True)
class Threshold:
    """A penetration threshold: when ``measure``'s share of the month's cars is at least ``at_least``, pay ``bonus``."""

    measure: str
    at_least: float
    bonus: float
    line: int | None = None


@dataclass(frozen=True)
class ManagerPlan:
    """The showroom manager's pay: base, a bonus by the team's attainment, and an amount per car of the team."""

    manager_id: str
    name: str
    base: float
    team: str
    bands: tuple[Band, ...]
    per_team_car: float = 0.0


@dataclass(frozen=True)
class CommissionPlan:
    """A store's commission plan (提成方案), as :func:`read_commission_plan` reads it.

    Amounts are yuan per month or per car; rates are fractions (0.05 = 5 %).
    ``lines`` keeps the line of each rule (``"per_car.VOYA"``,
    ``"finance_insurance.per_loan"``) for the pay sheet's references.

    The order of a month's pay: base; per-car commission × tier factor;
    gross commission; F&I and accessories bonuses and penetration bonuses;
    the scorecard factor on the parts ``scorecard_applies_to`` names; the
    ``commission_cap`` cuts everything but base pay to the cap; then the
    clawback of cancelled deals; last, ``pay_floor`` tops the total up.
    ``employer_rate`` × the total (``social_base: total``) or × the base
    pay (``base``) is the employer's social insurance, a cost beside the pay.
    """

    name: str
    year: int | None
    grades: Mapping[str, float]
    default_grade: str
    consultant_grades: Mapping[str, str]
    model_groups: Mapping[str, tuple[str, ...]]
    per_car: Mapping[str, float]
    tiers: Tiers | None = None
    gross_rate: float = 0.0
    gross_negative: str = "ignore"
    per_loan: float = 0.0
    per_insurance: float = 0.0
    per_extended_warranty: float = 0.0
    accessories_rate: float = 0.0
    penetration: tuple[Threshold, ...] = ()
    scorecard_factors: Mapping[int, float] = field(default_factory=dict)
    scorecard_applies_to: tuple[str, ...] = ("per_car", "gross")
    manager: ManagerPlan | None = None
    commission_cap: float | None = None
    pay_floor: float | None = None
    clawback_days: int | None = None
    employer_rate: float = 0.0
    social_base: str = "total"
    positions: Mapping[str, str] = field(default_factory=dict)
    models: pd.DataFrame | None = field(default=None, repr=False)
    consultants: pd.DataFrame | None = field(default=None, repr=False)
    files: Mapping[str, Path] = field(default_factory=dict, repr=False)
    lines: Mapping[str, int] = field(default_factory=dict, repr=False)
    source: str = ""

    def car_amount(self, model_id: str) -> tuple[float, str] | None:
        """The per-car commission of a model and the rule that prices it (the model, or its group); None if unpriced.

        A model's own amount wins over its group's.
        """
        if model_id in self.per_car:
            return float(self.per_car[model_id]), model_id
        for group, members in self.model_groups.items():
            if model_id in members and group in self.per_car:
                return float(self.per_car[group]), group
        return None

    def grade_of(self, consultant_id: str) -> str:
        """The consultant's grade (the default grade when the plan does not name them)."""
        return self.consultant_grades.get(consultant_id, self.default_grade)

    def base_of(self, consultant_id: str) -> float:
        """The consultant's base pay (底薪) for a month."""
        return float(self.grades[self.grade_of(consultant_id)])

    def with_changes(self, **changes: Any) -> "CommissionPlan":
        """A copy with some rules replaced (for the incentive design: what a change to a tier does).

        Examples
        --------
        >>> from orgplan.model.io import DATA_DIR
        >>> plan = read_commission_plan(DATA_DIR / "pay" / "commission-plan-2027.yaml")
        >>> plan.with_changes(gross_rate=0.08).gross_rate, plan.gross_rate
        (0.08, 0.05)
        """
        from dataclasses import replace

        return replace(self, **changes)


class _Reader:
    """Reads values out of the plan's mapping, collecting located problems (the line of the key)."""

    def __init__(self, file: str, node: Any):
        self.file = file
        self.node = node
        self.problems: list[Problem] = []

    def line(self, path: tuple[Any, ...]) -> int | None:
        node, found = self.node, None
        for step in path:
            if isinstance(node, yaml.MappingNode):
                match = [(k, v) for k, v in node.value if str(k.value) == str(step)]
                if not match:
                    return found
                found = match[0][0].start_mark.line + 1
                node = match[0][1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
                node = node.value[step]
                found = node.start_mark.line + 1
            else:
                return found
        return found

    def problem(self, path: tuple[Any, ...], value: Any, expected: str, code: str = "invalid_value") -> None:
        shown = None if value is None else str(value)
        self.problems.append(Problem(self.file, self.line(path), ".".join(str(p) for p in path), shown, expected,
                                     code))

    def number(self, raw: Mapping[Any, Any], key: str, path: tuple[Any, ...], *, low: float = 0,
               high: float | None = None, default: float | None = 0.0, expected: str | None = None) -> float | None:
        if key not in raw or raw[key] is None:
            if default is None and key not in raw:
                return None
            return default
        value = raw[key]
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and value >= low and (
            high is None or value <= high)
        if not ok:
            self.problem(path + (key,), value, expected or (
                _("a number of {low} or more").format(low=f"{low:g}") if high is None else
                _("a number from {low} to {high}").format(low=f"{low:g}", high=f"{high:g}")))
            return default
        return float(value)

    def mapping(self, raw: Mapping[Any, Any], key: str, path: tuple[Any, ...], expected: str) -> dict[Any, Any]:
        value = raw.get(key)
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.problem(path + (key,), value, expected)
            return {}
        return value

    def choice(self, raw: Mapping[Any, Any], key: str, path: tuple[Any, ...], choices: tuple[str, ...],
               default: str) -> str:
        value = raw.get(key, default)
        if value not in choices:
            self.problem(path + (key,), value, _("one of {choices}").format(choices=", ".join(choices)))
            return default
        return str(value)

    def unknown_keys(self, raw: Mapping[Any, Any], path: tuple[Any, ...], known: tuple[str, ...]) -> None:
        for key in raw:
            if key not in known:
                self.problem(path + (key,), None, _("one of the keys {keys}").format(keys=", ".join(known)),
                             "unknown_key")


def read_commission_plan(path: str | os.PathLike, *, models: pd.DataFrame | None = None) -> CommissionPlan:
    """Read a commission plan; refuse it with every problem located (file, line, key).

    Parameters
    ----------
    path : path-like
        The plan's YAML file.
    models : DataFrame, optional
        The store's models (``model_id`` column) to check that every model is
        priced; by default the plan's ``files.models`` (relative to the plan).

    Returns
    -------
    CommissionPlan

    Raises
    ------
    FileNotFoundError
        If the file does not exist.
    DataError
        With every problem: an unknown key, an amount that is not a number,
        tiers that overlap (``overlapping_tiers``) or leave a gap between them
        (``tier_gap``), tiers that do not start at the start, a model no rule
        prices (``unpriced_model``), a group naming an unknown model, a
        consultant on an unknown grade.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "plan.yaml").write_text(
    ...     "base_pay: {grades: {A: 3500}, default_grade: A}\\n"
    ...     "per_car: {amounts: {CITY: 200}}\\n"
    ...     "tiers:\\n  basis: units\\n  mode: marginal\\n  bands:\\n"
    ...     "    - {from: 0, to: 8, factor: 1.0}\\n    - {from: 8, to: 14, factor: 1.2}\\n", encoding="utf-8")
    >>> read_commission_plan(folder / "plan.yaml")
    Traceback (most recent call last):
    ...
    orgplan.errors.DataError: ...plan.yaml: the commission plan has 1 problem:
      - ...plan.yaml, row 8, column 'tiers.bands.1.from': got '8', expected the next tier to start at 9: the tier before ends at 8 (tiers overlap).
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(_("{path}: no such file.").format(path=path))
    loaded = load_yaml_with_lines(path, _("a mapping with base_pay, per_car, tiers … (a commission plan)"))
    raw, reader = loaded.data, _Reader(loaded.file, loaded.node)
    reader.unknown_keys(raw, (), _TOP_KEYS)
    model_table, consultant_table, files = _data_files(raw, path, reader)
    if models is not None:
        model_table = models
    grades, default_grade, consultant_grades = _base_pay(raw, reader)
    groups, per_car = _per_car(raw, reader, model_table)
    tiers = _tiers(raw, reader)
    gross = reader.mapping(raw, "gross", (), _("a mapping with rate and negative"))
    reader.unknown_keys(gross, ("gross",), ("rate", "negative"))
    fi = reader.mapping(raw, "finance_insurance", (), _("a mapping with per_loan, per_insurance …"))
    reader.unknown_keys(fi, ("finance_insurance",), ("per_loan", "per_insurance", "per_extended_warranty",
                                                     "accessories_rate", "penetration"))
    limits = reader.mapping(raw, "limits", (), _("a mapping with commission_cap and pay_floor"))
    reader.unknown_keys(limits, ("limits",), ("commission_cap", "pay_floor"))
    clawback = reader.mapping(raw, "clawback", (), _("a mapping with within_days"))
    social = reader.mapping(raw, "social_insurance", (), _("a mapping with employer_rate and base"))
    reader.unknown_keys(social, ("social_insurance",), ("employer_rate", "base"))
    factors, applies = _scorecard(raw, reader)
    plan = CommissionPlan(
        name=str(raw.get("name") or path.stem), year=raw.get("year") if isinstance(raw.get("year"), int) else None,
        grades=grades, default_grade=default_grade, consultant_grades=consultant_grades, model_groups=groups,
        per_car=per_car, tiers=tiers,
        gross_rate=reader.number(gross, "rate", ("gross",), high=1) or 0.0,
        gross_negative=reader.choice(gross, "negative", ("gross",), ("ignore", "deduct"), "ignore"),
        per_loan=reader.number(fi, "per_loan", ("finance_insurance",)) or 0.0,
        per_insurance=reader.number(fi, "per_insurance", ("finance_insurance",)) or 0.0,
        per_extended_warranty=reader.number(fi, "per_extended_warranty", ("finance_insurance",)) or 0.0,
        accessories_rate=reader.number(fi, "accessories_rate", ("finance_insurance",), high=1) or 0.0,
        penetration=_penetration(fi, reader),
        scorecard_factors=factors, scorecard_applies_to=applies, manager=_manager(raw, reader),
        commission_cap=reader.number(limits, "commission_cap", ("limits",), default=None),
        pay_floor=reader.number(limits, "pay_floor", ("limits",), default=None),
        clawback_days=_clawback_days(clawback, reader),
        employer_rate=reader.number(social, "employer_rate", ("social_insurance",), high=1) or 0.0,
        social_base=reader.choice(social, "base", ("social_insurance",), ("total", "base"), "total"),
        positions=_positions(raw, reader), models=model_table, consultants=consultant_table, files=files,
        lines=_rule_lines(loaded.lines, reader), source=loaded.file)
    if consultant_table is not None:
        for consultant_id, grade in consultant_grades.items():
            if consultant_id not in set(consultant_table["consultant_id"]):
                reader.problem(("base_pay", "consultants", consultant_id), consultant_id,
                               _("a consultant of {file}").format(file=raw["files"]["consultants"]), "unknown_id")
    if reader.problems:
        raise DataError(reader.problems, _.ngettext("{file}: the commission plan has {count} problem",
                                                    "{file}: the commission plan has {count} problems",
                                                    len(reader.problems)).format(file=loaded.file,
                                                                                 count=len(reader.problems)))
    return plan


#: The data files a plan may name (relative to it): read here (models, consultants) or by the pay run's callers.
PLAN_FILES = ("models", "consultants", "deals", "target", "scorecard")


def tiers_table(plan: CommissionPlan) -> pd.DataFrame:
    """The plan's tiers for people: each band (cars or attainment), its factor, and how the tiers count.

    Examples
    --------
    >>> from orgplan.model.io import DATA_DIR
    >>> table = tiers_table(read_commission_plan(DATA_DIR / "pay" / "commission-plan-2027.yaml"))
    >>> table[["tier", "tier_factor"]].to_dict("list"), table["mode"].iloc[0]
    ({'tier': ['0–8', '9–14', '15+'], 'tier_factor': [1.0, 1.2, 1.5]}, 'retroactive (every car of the month at the tier reached)')
    """
    if plan.tiers is None:
        return pd.DataFrame(columns=["tier", "tier_factor", "mode"])
    tiers = plan.tiers
    return pd.DataFrame({"tier": [b.text(whole=tiers.whole) for b in tiers.bands],
                         "tier_factor": [b.value for b in tiers.bands],
                         "mode": _(TIER_MODES[tiers.mode])})


def check_commission_plan(path: str | os.PathLike) -> pd.DataFrame:
    """The problems of a plan file as a table (``file, row, column, value, expected, code``); empty when it is valid.

    Examples
    --------
    >>> from orgplan.model.io import DATA_DIR
    >>> check_commission_plan(DATA_DIR / "pay" / "commission-plan-broken.yaml")[["row", "column", "code"]]
       row                 column               code
    0   11                per_car     unpriced_model
    1   22     tiers.bands.1.from  overlapping_tiers
    2   31  manager.bonus.1.from           tier_gap
    """
    try:
        read_commission_plan(path)
    except DataError as exc:
        return exc.to_frame()
    return DataError([]).to_frame()


def _data_files(raw: Mapping[Any, Any], path: Path, reader: _Reader) -> tuple[pd.DataFrame | None,
                                                                              pd.DataFrame | None, dict[str, Path]]:
    files = reader.mapping(raw, "files", (), _("a mapping with models, consultants, deals, target, scorecard"))
    reader.unknown_keys(files, ("files",), PLAN_FILES)
    paths: dict[str, Path] = {}
    for key in PLAN_FILES[2:]:
        if key in files:
            paths[key] = path.parent / str(files[key])
            if not paths[key].exists():
                reader.problem(("files", key), files[key], _("an existing file (relative to the plan)"),
                               "missing_file")
    tables: dict[str, pd.DataFrame | None] = {"models": None, "consultants": None}
    for key, read in (("models", read_models), ("consultants", read_consultants)):
        if key not in files:
            continue
        target = path.parent / str(files[key])
        if not target.exists():
            reader.problem(("files", key), files[key], _("an existing file (relative to the plan)"), "missing_file")
            continue
        try:
            tables[key] = read(target)
        except DataError as exc:
            reader.problems.extend(exc.problems)
    return tables["models"], tables["consultants"], paths


def _base_pay(raw: Mapping[Any, Any], reader: _Reader) -> tuple[dict[str, float], str, dict[str, str]]:
    base = reader.mapping(raw, "base_pay", (), _("a mapping with grades, default_grade and consultants"))
    if "base_pay" not in raw:
        reader.problem(("base_pay",), None, _("the base pay of each grade (base_pay: grades: …)"), "missing_value")
    reader.unknown_keys(base, ("base_pay",), ("grades", "default_grade", "consultants"))
    grades: dict[str, float] = {}
    for grade, amount in reader.mapping(base, "grades", ("base_pay",), _("a mapping grade: yuan a month")).items():
        value = reader.number({grade: amount}, grade, ("base_pay", "grades"), default=None)
        if value is not None:
            grades[str(grade)] = value
    if "base_pay" in raw and not grades:
        reader.problem(("base_pay", "grades"), None, _("at least one grade with its base pay"), "missing_value")
    default = str(base.get("default_grade", next(iter(grades), "")))
    if grades and default not in grades:
        reader.problem(("base_pay", "default_grade"), default,
                       _("one of the grades {grades}").format(grades=", ".join(grades)), "unknown_id")
    people = {str(k): str(v) for k, v in reader.mapping(base, "consultants", ("base_pay",),
                                                        _("a mapping consultant: grade")).items()}
    for consultant_id, grade in people.items():
        if grades and grade not in grades:
            reader.problem(("base_pay", "consultants", consultant_id), grade,
                           _("one of the grades {grades}").format(grades=", ".join(grades)), "unknown_id")
    return grades, default, people


def _per_car(raw: Mapping[Any, Any], reader: _Reader,
             models: pd.DataFrame | None) -> tuple[dict[str, tuple[str, ...]], dict[str, float]]:
    section = reader.mapping(raw, "per_car", (), _("a mapping with groups and amounts"))
    reader.unknown_keys(section, ("per_car",), ("groups", "amounts"))
    known = None if models is None else set(models["model_id"])
    groups: dict[str, tuple[str, ...]] = {}
    for group, members in reader.mapping(section, "groups", ("per_car",), _("a mapping group: [models]")).items():
        if not isinstance(members, list) or not members:
            reader.problem(("per_car", "groups", group), members, _("a list of models, e.g. [CITY, NOVA]"))
            continue
        groups[str(group)] = tuple(str(m) for m in members)
        for model in members:
            if known is not None and str(model) not in known:
                reader.problem(("per_car", "groups", group), model, _("a model of models.csv"), "unknown_id")
    amounts: dict[str, float] = {}
    for key, amount in reader.mapping(section, "amounts", ("per_car",), _("a mapping model or group: yuan")).items():
        value = reader.number({key: amount}, key, ("per_car", "amounts"), default=None)
        if value is None:
            continue
        amounts[str(key)] = value
        if str(key) not in groups and known is not None and str(key) not in known:
            reader.problem(("per_car", "amounts", key), key, _("a model of models.csv or a group of per_car.groups"),
                           "unknown_id")
    seen: dict[str, str] = {}
    for group, members in groups.items():
        for model in members:
            if model in seen and model not in amounts:
                reader.problem(("per_car", "groups", group), model,
                               _("each model in one group; {model} is already in {group}").format(
                                   model=model, group=seen[model]), "overlapping_groups")
            seen.setdefault(model, group)
    if known is not None:
        priced = set(amounts) | {m for g, members in groups.items() if g in amounts for m in members}
        for model in sorted(known - priced):
            reader.problem(("per_car",), model, _("a per-car amount for every model: {model} is in no group that "
                                                  "has an amount and has none of its own").format(model=model),
                           "unpriced_model")
    return groups, amounts


def _bands(items: Any, reader: _Reader, path: tuple[Any, ...], *, value_key: str, whole: bool,
           must_start: bool) -> tuple[Band, ...]:
    """Bands read in order; overlaps, gaps, a missing end before the last band, reported."""
    if not isinstance(items, list) or not items:
        reader.problem(path, items, _("a list of bands, e.g. - {{from: 0, to: 8, {key}: 1.0}}").format(key=value_key))
        return ()
    bands: list[Band] = []
    for index, item in enumerate(items):
        where = path + (index,)
        if not isinstance(item, dict):
            reader.problem(where, item, _("a mapping with from, to and {key}").format(key=value_key))
            continue
        reader.unknown_keys(item, where, ("from", "to", value_key))
        low = reader.number(item, "from", where, default=None, low=0)
        high = reader.number(item, "to", where, default=None, low=0)
        value = reader.number(item, value_key, where, default=None, low=0)
        if low is None or value is None:
            if "from" not in item or value_key not in item:
                reader.problem(where, None, _("both from and {key}").format(key=value_key), "missing_value")
            continue
        if whole and (low % 1 or (high is not None and high % 1)):
            reader.problem(where + ("from",), low, _("whole cars at both ends (from: 9, to: 14)"))
        if high is not None and high < low:
            reader.problem(where + ("to",), high, _("an end of {low} or more (the band's from)").format(low=f"{low:g}"))
        bands.append(Band(low, high, value, reader.line(where)))
    if must_start and bands and bands[0].low > (1 if whole else 0):
        reader.problem(path + (0, "from"), bands[0].low,
                       _("the first tier to start at 0: a car of the month must fall in a tier"), "tier_gap")
    for index, (before, after) in enumerate(zip(bands, bands[1:]), start=1):
        if before.high is None:
            reader.problem(path + (index - 1,), None,
                           _("an end (to) on every tier but the last; this tier has none and another follows"),
                           "overlapping_tiers")
            continue
        start = before.high + 1 if whole else before.high
        if after.low < start:
            reader.problem(path + (index, "from"), f"{after.low:g}",
                           _("the next tier to start at {start}: the tier before ends at {end} (tiers overlap)").format(
                               start=f"{start:g}", end=f"{before.high:g}"), "overlapping_tiers")
        elif after.low > start:
            reader.problem(path + (index, "from"), f"{after.low:g}",
                           _("the next tier to start at {start}: the tier before ends at {end} (a gap between "
                             "tiers: a month there would fall in no tier)").format(start=f"{start:g}",
                                                                                  end=f"{before.high:g}"), "tier_gap")
    return tuple(bands)


def _tiers(raw: Mapping[Any, Any], reader: _Reader) -> Tiers | None:
    if "tiers" not in raw:
        return None
    section = reader.mapping(raw, "tiers", (), _("a mapping with basis, mode and bands"))
    reader.unknown_keys(section, ("tiers",), ("basis", "mode", "bands"))
    basis = reader.choice(section, "basis", ("tiers",), tuple(TIER_BASES), "units")
    if "mode" not in section:
        reader.problem(("tiers", "mode"), None, _("retroactive or marginal: say how the tiers count"),
                       "missing_value")
    mode = reader.choice(section, "mode", ("tiers",), tuple(TIER_MODES), "retroactive")
    bands = _bands(section.get("bands"), reader, ("tiers", "bands"), value_key="factor", whole=basis == "units",
                   must_start=True)
    return Tiers(basis, mode, bands)


def _penetration(fi: Mapping[Any, Any], reader: _Reader) -> tuple[Threshold, ...]:
    items = fi.get("penetration") or []
    if not isinstance(items, list):
        reader.problem(("finance_insurance", "penetration"), items,
                       _("a list of thresholds, e.g. - {measure: loan, at_least: 0.5, bonus: 300}"))
        return ()
    found = []
    for index, item in enumerate(items):
        where = ("finance_insurance", "penetration", index)
        if not isinstance(item, dict):
            reader.problem(where, item, _("a mapping with measure, at_least and bonus"))
            continue
        reader.unknown_keys(item, where, ("measure", "at_least", "bonus"))
        measure = reader.choice(item, "measure", where, FI_MEASURES, "loan")
        at_least = reader.number(item, "at_least", where, high=1, default=None)
        bonus = reader.number(item, "bonus", where, default=None)
        if at_least is None or bonus is None:
            reader.problem(where, None, _("both at_least (a share from 0 to 1) and bonus"), "missing_value")
            continue
        found.append(Threshold(measure, at_least, bonus, reader.line(where)))
    return tuple(found)


def _scorecard(raw: Mapping[Any, Any], reader: _Reader) -> tuple[dict[int, float], tuple[str, ...]]:
    section = reader.mapping(raw, "scorecard", (), _("a mapping with factors and applies_to"))
    reader.unknown_keys(section, ("scorecard",), ("factors", "applies_to"))
    factors: dict[int, float] = {}
    for rating, factor in reader.mapping(section, "factors", ("scorecard",), _("a mapping rating: factor")).items():
        if not isinstance(rating, int) or isinstance(rating, bool):
            reader.problem(("scorecard", "factors", rating), rating, _("a whole-number rating such as 1 to 5"))
            continue
        value = reader.number({rating: factor}, rating, ("scorecard", "factors"), high=3, default=None)
        if value is not None:
            factors[rating] = value
    if factors and sorted(factors) != list(range(min(factors), max(factors) + 1)):
        reader.problem(("scorecard", "factors"), None, _("a factor for every rating from the lowest to the highest"),
                       "tier_gap")
    applies = section.get("applies_to", ["per_car", "gross"])
    if not isinstance(applies, list) or any(a not in COMMISSION_PARTS for a in applies):
        reader.problem(("scorecard", "applies_to"), applies,
                       _("a list of {parts}").format(parts=", ".join(COMMISSION_PARTS)))
        applies = ["per_car", "gross"]
    return factors, tuple(applies)


def _manager(raw: Mapping[Any, Any], reader: _Reader) -> ManagerPlan | None:
    if "manager" not in raw:
        return None
    section = reader.mapping(raw, "manager", (), _("a mapping with id, name, base, team and bonus"))
    reader.unknown_keys(section, ("manager",), ("id", "name", "base", "team", "bonus", "per_team_car"))
    for key in ("id", "team"):
        if not section.get(key):
            reader.problem(("manager", key), None, _("the manager's {key}").format(key=key), "missing_value")
    bands = _bands(section.get("bonus"), reader, ("manager", "bonus"), value_key="amount", whole=False,
                   must_start=False) if "bonus" in section else ()
    return ManagerPlan(manager_id=str(section.get("id", "")), name=str(section.get("name", section.get("id", ""))),
                       base=reader.number(section, "base", ("manager",)) or 0.0, team=str(section.get("team", "")),
                       bands=bands, per_team_car=reader.number(section, "per_team_car", ("manager",)) or 0.0)


def _clawback_days(section: Mapping[Any, Any], reader: _Reader) -> int | None:
    reader.unknown_keys(section, ("clawback",), ("within_days",))
    days = reader.number(section, "within_days", ("clawback",), low=1, default=None,
                         expected=_("a whole number of days of 1 or more"))
    return None if days is None else int(days)


def _positions(raw: Mapping[Any, Any], reader: _Reader) -> dict[str, str]:
    positions = raw.get("positions") or {}
    if not isinstance(positions, dict):
        reader.problem(("positions",), positions,
                       _("a mapping position: team, e.g. {SHOW-CONS: 展厅, KA-CONS: 大客户}"))
        return {}
    return {str(k): str(v) for k, v in positions.items()}


def _rule_lines(lines: Mapping[str, int], reader: _Reader) -> dict[str, int]:
    found = dict(lines)
    node = reader.node
    if isinstance(node, yaml.MappingNode):
        for section in ("per_car",):
            amounts = reader.line((section, "amounts"))
            if amounts is not None:
                for key_node, value_node in node.value:
                    if key_node.value != section or not isinstance(value_node, yaml.MappingNode):
                        continue
                    for sub_key, sub_value in value_node.value:
                        if sub_key.value == "amounts" and isinstance(sub_value, yaml.MappingNode):
                            for k, _v in sub_value.value:
                                found[f"per_car.{k.value}"] = k.start_mark.line + 1
    return found
