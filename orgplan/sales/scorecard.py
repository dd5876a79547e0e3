"""Scorecards (績效考核表): results, activity and the manager's ratings, weighted into one ranking.

The sales management plan assesses salespeople on quantitative results
(sales volume, cash collected, profit, customers), on their activity
(visits, orders per 100 visits, expenses) and qualitatively (teamwork,
enthusiasm, reporting discipline, loyalty). A scorecard combines them:

1. every metric becomes a **score** on the config's scale (1–5): a rating
   is its own score; a result or activity metric is placed between a
   *worst* and a *best* anchor — by default the team's weakest and best
   figures of the period, or fixed anchors from the config;
2. a metric's **points** are ``100 × weight × score / 5`` (weights add up
   to 1), so a consultant's points are at most 100 and each metric's points
   show what it contributed;
3. the team is **ranked** by points.

The weights and anchors live in a small YAML file
(``data/sales/scorecard.yaml`` is a commented example).

Examples
--------
>>> import pandas as pd
>>> from orgplan.sales.scorecard import scorecard, ScorecardConfig
>>> config = ScorecardConfig.from_weights({"results": {"units": 0.6}, "ratings": {"teamwork": 0.4}})
>>> metrics = pd.DataFrame({"salesperson": ["S01", "S02", "S03"], "units": [10, 6, 2]})
>>> ratings = pd.DataFrame({"salesperson": ["S01", "S02", "S03"], "teamwork": [2, 5, 4]})
>>> scorecard(metrics, config, ratings=ratings).table[["rank", "salesperson", "points", "units", "teamwork"]]
   rank salesperson  points  units  teamwork
0     1         S01    76.0   60.0      16.0
1     1         S02    76.0   36.0      40.0
2     3         S03    44.0   12.0      32.0
"""

from __future__ import annotations

import html

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import numpy as np
import pandas as pd

from orgplan.errors import DataError, ParameterError, Problem
from orgplan.sales.activity import kpis
from orgplan.sales.activity_files import read_actuals, read_customers, read_visits
from orgplan.sales.attainment import plan_vs_actual
from orgplan.sales.periods import parse_period
from orgplan.sales.plan_files import read_target_config
from orgplan.sales.tables import cell_problems, number_cells, read_sales_table
from orgplan.sales.target_plan import decompose_plan
from orgplan.tables.cells import parse_date
from orgplan.tables.schema import Column, Table
from orgplan.tables.yamlfile import load_yaml_with_lines

__all__ = [
    "GROUPS",
    "KNOWN_METRICS",
    "ScorecardConfig",
    "read_scorecard_config",
    "read_ratings",
    "Scorecard",
    "scorecard",
    "team_scorecard",
    "RATINGS",
]

#: The three groups of a scorecard, in order.
GROUPS = ("results", "activity", "ratings")

#: Result and activity metrics a scorecard may weigh, with the direction that is better.
#: (Ratings may have any name: they are the columns of the ratings table.)
KNOWN_METRICS: dict[str, dict[str, str]] = {
    "results": {"units": "higher", "attainment": "higher", "collected": "higher", "gross_profit": "higher",
                "new_customers": "higher", "lost_customers": "lower", "revenue": "higher",
                # the showroom's funnel and F&I (orgplan.sales.showroom.scorecard_measures)
                "finance_rate": "higher", "insurance_rate": "higher", "warranty_rate": "higher",
                "accessories_per_car": "higher"},
    "activity": {"visits": "higher", "days": "higher", "visits_per_day": "higher", "minutes_per_visit": "higher",
                 "revenue_per_visit": "higher", "cost_per_visit": "lower", "orders": "higher",
                 "orders_per_100_visits": "higher", "revenue": "higher", "cost": "lower",
                 "expense_ratio": "lower", "close_rate_first": "higher", "close_rate_all": "higher",
                 "defeat_rate": "lower", "registration_rate": "higher", "arrival_rate": "higher",
                 "test_drive_rate": "higher", "followup_on_time_rate": "higher"},
}

_DEFAULT_SCALE = {5: "excellent", 4: "good", 3: "meets expectations", 2: "below expectations",
                  1: "far below expectations"}
_META = {"salesperson", "consultant_id", "name", "month", "period", "rated_by", "note", "comment", "備註"}
#: The manager's ratings: ``salesperson``, the columns kept as they are, and one column per rating.
#: A column not listed here is a rating too (any name); these are the usual ones with their Chinese headers.
RATINGS = Table("ratings", "salesperson", (
    Column("salesperson", "id", aliases=("销售顾问", "顧問", "consultant_id")),
    Column("name", "text", required=False, aliases=("姓名",)),
    Column("month", "text", required=False, aliases=("月份",)),
    Column("rated_by", "text", required=False, aliases=("評分人",)),
    Column("note", "text", required=False, aliases=("備註",)),
    Column("teamwork", "count", required=False, aliases=("團隊合作",)),
    Column("enthusiasm", "count", required=False, aliases=("工作熱情", "熱情")),
    Column("reporting_discipline", "count", required=False, aliases=("報表紀律", "報告紀律")),
    Column("loyalty", "count", required=False, aliases=("忠誠度", "忠誠")),
))


# ------------------------------------------------------------------ config
@dataclass(frozen=True)
class ScorecardConfig:
    """Weights, anchors and scale of a scorecard (see :func:`read_scorecard_config`).

    Attributes
    ----------
    metrics : DataFrame
        One row per metric: ``group`` (results / activity / ratings),
        ``metric``, ``weight`` (adding up to 1), ``better`` (higher /
        lower), ``worst`` and ``best`` (fixed anchors, NaN = the team's).
    scale : dict
        Score → its meaning, e.g. ``{5: "excellent", …, 1: "…"}``.
    team : str or None
        Whose scorecard (a team of the consultants table).
    lost_after : int
        Days without contact after which a past buyer is lost.
    files : dict
        Paths of the ``visits``, ``customers``, ``actual`` and ``target``
        files (for :func:`team_scorecard` and the command line).
    source : str
        The file read, for messages.
    """

    metrics: pd.DataFrame = field(repr=False)
    scale: Mapping[int, str] = field(default_factory=lambda: dict(_DEFAULT_SCALE))
    team: str | None = None
    lost_after: int = 180
    files: Mapping[str, Path] = field(default_factory=dict, repr=False)
    source: str = ""

    @property
    def low(self) -> int:
        """The lowest score of the scale."""
        return min(self.scale)

    @property
    def high(self) -> int:
        """The highest score of the scale."""
        return max(self.scale)

    @classmethod
    def from_weights(cls, weights: Mapping[str, Mapping[str, Any]], **kwargs: Any) -> ScorecardConfig:
        """Build a config in code: ``{"results": {"attainment": 0.5, …}, "ratings": {…}}``.

        A metric's value is its weight, or a mapping with ``weight`` and
        optional ``better``, ``worst``, ``best`` — as in the YAML file.

        Raises
        ------
        ParameterError
            If a group or metric is unknown, a weight is not a number ≥ 0,
            or the weights do not add up to 1.

        Examples
        --------
        >>> ScorecardConfig.from_weights({"activity": {"expense_ratio": 1.0}}).metrics[["metric", "better"]]
                  metric  better
        0  expense_ratio   lower
        """
        table, problems = _parse_weights(dict(weights), "weights", {})
        unknown = [g for g in weights if g not in GROUPS]
        if unknown:
            problems.insert(0, Problem("weights", None, str(unknown[0]), None, "a group: results, activity or ratings"))
        if problems:
            raise ParameterError("The 'weights' parameter of ScorecardConfig.from_weights is wrong: "
                                 + "; ".join(f"{p.column}: expected {p.expected}"
                                             + (f", got {p.value!r}" if p.value else "") for p in problems) + ".")
        return cls(metrics=table, **kwargs)


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and np.isfinite(value)


def _parse_weights(raw: dict, file: str, lines: dict[str, int]) -> tuple[pd.DataFrame, list[Problem]]:
    problems: list[Problem] = []
    rows = []
    for group, entries in raw.items():
        if group not in GROUPS:
            continue
        if not isinstance(entries, dict):
            problems.append(Problem(file, lines.get(group), group, str(entries), "a mapping of metric: weight"))
            continue
        for metric, spec in entries.items():
            key = f"{group}.{metric}"
            line = lines.get(key)
            if group != "ratings" and metric not in KNOWN_METRICS[group]:
                problems.append(Problem(file, line, key, None, f"a {group} metric: {', '.join(KNOWN_METRICS[group])}",
                                        "unknown_metric"))
                continue
            spec = {"weight": spec} if not isinstance(spec, dict) else dict(spec)
            unknown = set(spec) - {"weight", "better", "worst", "best"}
            if unknown:
                problems.append(Problem(file, line, key, ", ".join(sorted(map(str, unknown))),
                                        "only weight, better, worst and best", "unknown_key"))
            weight = spec.get("weight")
            if not _number(weight) or weight < 0:
                problems.append(Problem(file, line, key, None if weight is None else str(weight),
                                        "a weight, a number of 0 or more"))
                continue
            better = spec.get("better", KNOWN_METRICS.get(group, {}).get(metric, "higher"))
            if better not in ("higher", "lower"):
                problems.append(Problem(file, line, key, str(better), "better: higher or better: lower"))
            anchors = {}
            for end in ("worst", "best"):
                value = spec.get(end)
                if value is not None and not _number(value):
                    problems.append(Problem(file, line, key, str(value), f"{end}: a number"))
                    value = None
                anchors[end] = np.nan if value is None else float(value)
            if group == "ratings" and (not np.isnan(anchors["worst"]) or not np.isnan(anchors["best"])):
                problems.append(Problem(file, line, key, None, "no worst/best for a rating: ratings are on the scale",
                                        "invalid_value"))
            if (not np.isnan(anchors["worst"]) and not np.isnan(anchors["best"])
                    and anchors["worst"] == anchors["best"]):
                problems.append(Problem(file, line, key, str(anchors["best"]), "worst and best that differ"))
            rows.append({"group": group, "metric": str(metric), "weight": float(weight), "better": better,
                         "worst": anchors["worst"], "best": anchors["best"]})
    table = pd.DataFrame(rows, columns=["group", "metric", "weight", "better", "worst", "best"])
    if not problems:
        if table.empty:
            problems.append(Problem(file, None, "results", None, "at least one weighted metric", "missing_value"))
        elif abs(table["weight"].sum() - 1.0) > 1e-6:
            problems.append(Problem(file, None, "weights", f"{table['weight'].sum():.4g}",
                                    "weights that add up to 1 (100 %)", "invalid_value"))
        elif table["metric"].duplicated().any():
            dup = table.loc[table["metric"].duplicated(), "metric"].iloc[0]
            problems.append(Problem(file, None, dup, None, "each metric in one group only", "duplicate_id"))
    return table, problems


def read_scorecard_config(path: str | os.PathLike) -> ScorecardConfig:
    """Read a scorecard's YAML file (weights, anchors, scale, team and data files).

    Every problem is collected into one :class:`~orgplan.errors.DataError`,
    with the line of the YAML file as the row: an unknown metric, a weight
    that is not a number, weights not adding up to 1, a scale that is not
    consecutive whole numbers, a data file that does not exist.

    Examples
    --------
    >>> from orgplan.model.io import DATA_DIR
    >>> config = read_scorecard_config(DATA_DIR / "sales" / "scorecard.yaml")
    >>> config.team, config.low, config.high
    ('展厅', 1, 5)
    >>> config.metrics.groupby("group", sort=False)["weight"].sum().round(2).to_dict()
    {'results': 0.55, 'activity': 0.25, 'ratings': 0.2}
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file.")
    yaml_file = load_yaml_with_lines(path, "a mapping with results, activity, ratings")
    file, raw, lines = yaml_file.file, yaml_file.data, yaml_file.lines
    known = {"team", "lost_after_days", "files", "scale", *GROUPS}
    problems = [Problem(file, lines.get(str(k)), str(k), None, f"one of the keys {', '.join(sorted(known))}",
                        "unknown_key") for k in raw if k not in known]
    metrics, weight_problems = _parse_weights(raw, file, lines)
    problems += weight_problems
    scale = raw.get("scale", _DEFAULT_SCALE)
    if (not isinstance(scale, dict) or not scale or not all(isinstance(k, int) for k in scale)
            or sorted(scale) != list(range(min(scale), max(scale) + 1)) or len(scale) < 2):
        problems.append(Problem(file, lines.get("scale"), "scale", None,
                                "consecutive whole-number scores with their meaning, e.g. 1: … to 5: …"))
        scale = _DEFAULT_SCALE
    lost_after = raw.get("lost_after_days", 180)
    if isinstance(lost_after, bool) or not isinstance(lost_after, int) or lost_after < 1:
        problems.append(Problem(file, lines.get("lost_after_days"), "lost_after_days", str(lost_after),
                                "a whole number of days of 1 or more"))
        lost_after = 180
    files = raw.get("files") or {}
    paths: dict[str, Path] = {}
    if not isinstance(files, dict):
        problems.append(Problem(file, lines.get("files"), "files", str(files),
                                "a mapping with visits, customers, actual, target"))
        files = {}
    for key, name in files.items():
        if key not in ("visits", "customers", "actual", "target"):
            problems.append(Problem(file, lines.get(f"files.{key}"), f"files.{key}", None,
                                    "one of visits, customers, actual, target", "unknown_key"))
            continue
        target = path.parent / str(name)
        if not target.exists():
            problems.append(Problem(file, lines.get(f"files.{key}"), f"files.{key}", str(name),
                                    "an existing file (relative to the config)", "missing_file"))
        paths[key] = target
    if problems:
        raise DataError(problems)
    team = raw.get("team")
    return ScorecardConfig(metrics=metrics, scale={int(k): str(v) for k, v in scale.items()},
                           team=None if team is None else str(team), lost_after=int(lost_after), files=paths,
                           source=file)


def read_ratings(path: str | os.PathLike, *, scale: tuple[int, int] = (1, 5)) -> pd.DataFrame:
    """Read the manager's ratings: ``salesperson`` and one column per rating (teamwork, enthusiasm …).

    Columns ``name, month, rated_by, note`` are kept as they are; every
    other column is a rating, a whole number on the scale (empty = not
    rated). Chinese headers (團隊合作, 工作熱情, 報表紀律, 忠誠度) are accepted.

    Raises
    ------
    DataError
        Listing every rating off the scale, empty or repeated salesperson,
        and a ``month`` that is not a month (``2027-13``); a file with a
        header and no rows.

    Examples
    --------
    >>> from orgplan.model.io import DATA_DIR
    >>> ratings = read_ratings(DATA_DIR / "sales" / "ratings-2027-09.csv")
    >>> ratings.loc[ratings["salesperson"] == "S04", ["teamwork", "enthusiasm", "reporting_discipline", "loyalty"]]
       teamwork  enthusiasm  reporting_discipline  loyalty
    3         3           2                     2        3
    """
    table, file = read_sales_table(path, RATINGS)
    problems: list[Problem] = []
    people = table["salesperson"]
    problems += cell_problems(people == "", table, "salesperson", file, "a salesperson id", "missing_value")
    problems += cell_problems(people.duplicated() & (people != ""), table, "salesperson", file,
                              "each salesperson once", "duplicate_id")
    out = {"salesperson": people}
    low, high = scale
    if "month" in table.columns:
        months = []
        for i, text in table["month"].items():
            month = _month_label(text) if text else ""
            if month is None:
                problems.append(Problem(file, int(i) + 2, "month", text, "the month rated, written YYYY-MM (e.g. 2027-09)",
                                        "not_a_date"))
            months.append(month or text)
        table = table.assign(month=months)
    for column in table.columns:
        if column in _META:
            if column != "salesperson":
                out[column] = table[column]
            continue
        values = number_cells(table, column, file, problems, whole=True, optional=True,
                              expected=f"a rating, a whole number from {low} to {high}")
        off = values.notna() & ~values.between(low, high)
        problems += cell_problems(off, table, column, file,
                                  f"a rating, a whole number from {low} to {high} (or empty)", "invalid_value")
        out[column] = values.astype("Int64")
    if problems:
        raise DataError(sorted(problems, key=lambda p: p.row or 0))
    frame = pd.DataFrame(out)
    frame.attrs["file"] = file
    return frame


def _month_label(text: str) -> str | None:
    """``"2027-09"`` for a month cell (``2027-09``, or a date Excel made of it); None when it is no month."""
    day = parse_date(text)
    if day is not None:
        return f"{day.year}-{day.month:02d}"
    try:
        period = parse_period(text)
    except ParameterError:
        return None
    return period.label if period.kind == "month" else None


# ---------------------------------------------------------------- scoring
@dataclass(frozen=True)
class Scorecard:
    """A ranked scorecard.

    Attributes
    ----------
    table : DataFrame
        One row per salesperson, best first: ``rank, salesperson, name,
        points`` (0–100), ``score`` (on the scale), the points of each group
        (``results, activity, ratings``), then the points of each metric
        (what it contributed), and ``missing`` (metrics without a value,
        scored lowest).
    details : DataFrame
        One row per salesperson and metric: ``group, metric, value, worst,
        best, score, weight, points``.
    config : ScorecardConfig
    period : str
        The period scored, for titles.
    """

    table: pd.DataFrame
    details: pd.DataFrame = field(repr=False)
    config: ScorecardConfig = field(repr=False)
    period: str = ""

    def _repr_html_(self) -> str:
        maximum = {m: f"{m} /{100 * w:.0f}" for m, w in zip(self.config.metrics["metric"],
                                                             self.config.metrics["weight"])}
        shown = self.table.rename(columns=maximum)
        scale = html.escape(", ".join(f"{k} = {v}" for k, v in sorted(self.config.scale.items(), reverse=True)))
        title = html.escape(f"Scorecard 績效考核 {self.period}".strip())
        return (f"<h4>{title}</h4><p>Points out of 100; each metric's column shows its points "
                f"(the most it can give after the slash). Scale: {scale}.</p>"
                + shown.to_html(index=False, na_rep="", float_format=lambda v: f"{v:.1f}"))


def _score(values: pd.Series, worst: float, best: float, better: str, low: int, high: int) -> pd.Series:
    known = values.dropna()
    if np.isnan(worst):
        worst = float(known.min() if better == "higher" else known.max()) if len(known) else np.nan
    if np.isnan(best):
        best = float(known.max() if better == "higher" else known.min()) if len(known) else np.nan
    if np.isnan(worst) or worst == best:
        middle = (low + high) / 2
        return values.where(values.isna(), middle).astype("float64"), worst, best
    position = ((values - worst) / (best - worst)).clip(0, 1)
    return (low + (high - low) * position).astype("float64"), worst, best


def scorecard(metrics: pd.DataFrame, config: ScorecardConfig, *, results: pd.DataFrame | None = None,
              ratings: pd.DataFrame | None = None, period: str = "") -> Scorecard:
    """Score, weigh and rank a team.

    Parameters
    ----------
    metrics : DataFrame
        One row per salesperson with ``salesperson`` (and ``name``), e.g. a
        :func:`orgplan.sales.kpi.kpis` table. Its rows are the team.
    config : ScorecardConfig
        The weights and anchors.
    results : DataFrame, optional
        More figures per salesperson, joined on ``salesperson`` — e.g.
        :meth:`orgplan.sales.kpi.PlanVsActual.results` (units, attainment,
        collected, gross_profit).
    ratings : DataFrame, optional
        The manager's ratings (:func:`read_ratings`).
    period : str
        The period scored, shown in titles.

    Returns
    -------
    Scorecard

    Rules
    -----
    * score of a rating = the rating;
    * score of another metric = ``low + (high − low) × clip((value − worst)
      / (best − worst), 0, 1)``; without fixed anchors ``worst`` and
      ``best`` are the team's weakest and best values (for ``better:
      lower`` the highest and lowest); when everyone has the same value
      all score the middle of the scale;
    * a metric without a value (no visits, no rating) scores ``low`` and
      is named in ``missing`` — an empty cell is never silently ignored;
    * points = ``100 × weight × score / high``; rank 1 = most points (ties
      share a rank).

    Raises
    ------
    ParameterError
        If a weighted metric is in none of the tables given (the message
        says which table to pass).

    Examples
    --------
    With fixed anchors, 0.7 → 1 and 1.2 → 5; 0.95 is half way (3):

    >>> import pandas as pd
    >>> config = ScorecardConfig.from_weights({"results": {"attainment": {"weight": 1, "worst": 0.7, "best": 1.2}}})
    >>> card = scorecard(pd.DataFrame({"salesperson": ["A", "B", "C"], "attainment": [0.95, 1.5, None]}), config)
    >>> card.details[["salesperson", "value", "score", "points"]]
      salesperson  value  score  points
    0           A   0.95    3.0    60.0
    1           B   1.50    5.0   100.0
    2           C    NaN    1.0    20.0
    >>> card.table[["rank", "salesperson", "points", "missing"]]
       rank salesperson  points     missing
    0     1           B   100.0
    1     2           A    60.0
    2     3           C    20.0  attainment
    """
    if "salesperson" not in metrics.columns:
        raise ParameterError("The 'metrics' parameter of scorecard must have a 'salesperson' column "
                             f"(e.g. a kpis table). Got {list(metrics.columns)!r} instead.")
    merged = metrics.drop(columns=["month"], errors="ignore").reset_index(drop=True)
    for name, extra in (("results", results), ("ratings", ratings)):
        if extra is None:
            continue
        if "salesperson" not in extra.columns:
            raise ParameterError(f"The {name!r} parameter of scorecard must have a 'salesperson' column.")
        extra = extra.drop(columns=[c for c in extra.columns if c in merged.columns and c != "salesperson"])
        merged = merged.merge(extra, on="salesperson", how="left")
    low, high = config.low, config.high
    rows = []
    for spec in config.metrics.itertuples(index=False):
        if spec.metric not in merged.columns:
            where = {"ratings": "the manager's ratings (ratings=read_ratings(…))",
                     "results": "the results (results=review.results(period)) or the metrics table"}.get(
                spec.group, "the metrics table (kpis)")
            if spec.group == "ratings" and ratings is not None:
                given = [c for c in ratings.columns if c not in _META]
                source = ratings.attrs.get("file", "the ratings table")
                raise ParameterError(f"The scorecard weighs {spec.metric!r} ({spec.group}), but {source} has no column "
                                     f"{spec.metric!r} (its rating columns: {', '.join(map(str, given)) or 'none'}); "
                                     "correct the header, or give it weight 0 in the config.")
            raise ParameterError(f"The scorecard weighs {spec.metric!r} ({spec.group}), but no table given has it; "
                                 f"pass {where}, or give it weight 0 in the config.")
        values = pd.to_numeric(merged[spec.metric], errors="coerce").astype("float64")
        if spec.group == "ratings":
            score, worst, best = values.clip(low, high), float(low), float(high)
        else:
            score, worst, best = _score(values, spec.worst, spec.best, spec.better, low, high)
        missing = score.isna()
        score = score.fillna(float(low))
        rows.append(pd.DataFrame({
            "salesperson": merged["salesperson"], "group": spec.group, "metric": spec.metric, "value": values,
            "worst": worst, "best": best, "score": score, "weight": spec.weight,
            "points": 100.0 * spec.weight * score / high, "missing": missing,
        }))
    details = pd.concat(rows, ignore_index=True)
    per_metric = details.pivot(index="salesperson", columns="metric", values="points")
    per_group = details.groupby(["salesperson", "group"])["points"].sum().unstack("group")
    missing = details[details["missing"]].groupby("salesperson", sort=False)["metric"].agg(", ".join)
    table = merged[["salesperson"] + (["name"] if "name" in merged.columns else [])].copy()
    table["points"] = table["salesperson"].map(details.groupby("salesperson")["points"].sum())
    table["score"] = table["points"] * high / 100.0
    for group in GROUPS:
        if group in per_group.columns:
            table[group] = table["salesperson"].map(per_group[group])
    for metric in config.metrics["metric"]:
        table[metric] = table["salesperson"].map(per_metric[metric])
    table["missing"] = pd.Series([missing.get(sp, "") for sp in table["salesperson"]], index=table.index,
                                 dtype=object)
    table["points"] = table["points"].round(10)
    table.insert(0, "rank", table["points"].rank(method="min", ascending=False).astype("int64"))
    table = table.sort_values(["rank"], kind="stable").reset_index(drop=True)
    details = details.drop(columns="missing")
    return Scorecard(table=table, details=details, config=config, period=str(period))


def team_scorecard(config: ScorecardConfig, period: str, *, ratings: pd.DataFrame | None = None) -> Scorecard:
    """The scorecard of the config's team for a period, from the files the config names.

    Reads the visit log, the customers, the actual sales and the target
    (decomposed with :func:`orgplan.sales.targets.decompose_plan`), computes the
    team's :func:`~orgplan.sales.kpi.kpis` and the plan-versus-actual results for
    the period, and scores them.

    Parameters
    ----------
    config : ScorecardConfig
        With ``files`` naming ``visits`` and ``target`` (``actual`` and
        ``customers`` when the weights need them) and a ``team``.
    period : str
        A month, quarter or year (the actual sales are monthly).
    ratings : DataFrame, optional
        The manager's ratings for the period.

    Examples
    --------
    >>> from orgplan.model.io import DATA_DIR
    >>> config = read_scorecard_config(DATA_DIR / "sales" / "scorecard.yaml")
    >>> card = team_scorecard(config, "2027-09", ratings=read_ratings(DATA_DIR / "sales" / "ratings-2027-09.csv"))
    >>> card.table[["rank", "salesperson", "name"]].head(3).values.tolist()
    [[1, 'S01', '王海涛'], [2, 'S02', '李静'], [3, 'S03', '张伟']]
    """
    if ratings is not None and "month" in ratings.columns:
        span = parse_period(period)
        other = sorted({m for m in ratings["month"].astype(str).str.strip() if m}
                       - {m for m in ratings["month"].astype(str).str.strip()
                          if m and span.start <= parse_period(m).start <= span.end})
        if other:
            source = ratings.attrs.get("file", "the ratings")
            raise ParameterError(f"The ratings ({source}) are for {', '.join(other)}, not for the scorecard's period "
                                 f"{span.label}; pass the manager's ratings of {span.label}.")
    for key in ("visits", "target"):
        if key not in config.files:
            raise ParameterError(f"The scorecard config {config.source or ''} must name files.{key} "
                                 f"for team_scorecard.")
    target = read_target_config(config.files["target"])
    plan = decompose_plan(target)
    people = target.consultants
    if config.team is not None:
        if config.team not in set(people["team"]):
            raise ParameterError(f"The scorecard's team {config.team!r} is not a team of the consultants "
                                 f"({', '.join(dict.fromkeys(people['team']))}).")
        people = people[people["team"] == config.team]
    visits = read_visits(config.files["visits"])
    customers = read_customers(config.files["customers"]) if "customers" in config.files else None
    table = kpis(visits, period, customers=customers, salespeople=people, lost_after=config.lost_after)
    table = table[table["salesperson"].isin(set(people["consultant_id"]))]
    results = None
    if "actual" in config.files:
        actual = read_actuals(config.files["actual"], salespeople=plan.by_consultant["consultant_id"],
                              models=plan.by_model["model_id"])
        results = plan_vs_actual(plan, actual).results(period)
    return scorecard(table, config, results=results, ratings=ratings, period=str(period))
