"""Scorecards: config, ratings, scoring and ranking (orgplan.scorecard); hand-computed expectations."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orgplan.errors import DataError, ParameterError
from orgplan.model.io import DATA_DIR
from orgplan.render.sales_figures import plot_scorecard
from orgplan.sales.scorecard import (
    ScorecardConfig, read_ratings, read_scorecard_config, scorecard, team_scorecard,
)

SALES = DATA_DIR / "sales"

CONFIG = ScorecardConfig.from_weights({
    "results": {"attainment": {"weight": 0.5, "worst": 0.7, "best": 1.2}},
    "activity": {"expense_ratio": 0.3},
    "ratings": {"teamwork": 0.2},
})
METRICS = pd.DataFrame({"salesperson": ["S01", "S02", "S03"], "name": ["王海涛", "李静", "张伟"],
                        "expense_ratio": [0.01, 0.02, np.nan]})
RESULTS = pd.DataFrame({"salesperson": ["S01", "S02", "S03"], "attainment": [1.2, 0.95, 0.5]})
RATINGS = pd.DataFrame({"salesperson": ["S01", "S02"], "teamwork": [3, 5]})


class TestScoring:
    def test_hand_checked(self):
        card = scorecard(METRICS, CONFIG, results=RESULTS, ratings=RATINGS, period="2027-09")
        table = card.table.set_index("salesperson")
        # S01: scores 5, 5, 3 → 20 × (0.5·5 + 0.3·5 + 0.2·3) = 92
        # S02: scores 3, 1, 5 → 20 × (1.5 + 0.3 + 1.0) = 56;  S03: all 1 (below worst, no value, not rated) → 20
        assert table["points"].to_dict() == pytest.approx({"S01": 92.0, "S02": 56.0, "S03": 20.0})
        assert table["rank"].to_dict() == {"S01": 1, "S02": 2, "S03": 3}
        assert table.loc["S01", ["results", "activity", "ratings"]].tolist() == pytest.approx([50.0, 30.0, 12.0])
        assert table.loc["S02", ["attainment", "expense_ratio", "teamwork"]].tolist() == pytest.approx([30.0, 6.0, 20.0])
        assert table["score"].to_dict() == pytest.approx({"S01": 4.6, "S02": 2.8, "S03": 1.0})
        assert table["missing"].to_dict() == {"S01": "", "S02": "", "S03": "expense_ratio, teamwork"}
        assert table.loc["S01", "name"] == "王海涛"

    def test_details(self):
        details = scorecard(METRICS, CONFIG, results=RESULTS, ratings=RATINGS).details
        row = details[(details["salesperson"] == "S02") & (details["metric"] == "expense_ratio")].iloc[0]
        # lower is better: worst is the team's highest (0.02), best its lowest (0.01)
        assert (row["worst"], row["best"], row["score"], row["points"]) == (0.02, 0.01, 1.0, pytest.approx(6.0))

    def test_everyone_equal_scores_the_middle(self):
        config = ScorecardConfig.from_weights({"activity": {"visits": 1.0}})
        card = scorecard(pd.DataFrame({"salesperson": ["A", "B"], "visits": [7, 7]}), config)
        assert card.details["score"].tolist() == [3.0, 3.0]
        assert card.table["rank"].tolist() == [1, 1]

    def test_a_missing_table_is_named(self):
        with pytest.raises(ParameterError, match="weighs 'teamwork' \\(ratings\\).*ratings=read_ratings"):
            scorecard(METRICS, CONFIG, results=RESULTS)
        with pytest.raises(ParameterError, match="'salesperson' column"):
            scorecard(METRICS.drop(columns="salesperson"), CONFIG)

    def test_inputs_are_not_modified(self):
        before = METRICS.copy(), RESULTS.copy(), RATINGS.copy()
        scorecard(METRICS, CONFIG, results=RESULTS, ratings=RATINGS)
        for a, b in zip(before, (METRICS, RESULTS, RATINGS)):
            pd.testing.assert_frame_equal(a, b)

    def test_html_and_chart(self):
        card = scorecard(METRICS, CONFIG, results=RESULTS, ratings=RATINGS, period="2027-09")
        html = card._repr_html_()
        assert "attainment /50" in html and "王海涛" in html and "5 = excellent" in html
        fig = plot_scorecard(card)
        assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["张伟", "李静", "王海涛"]

    def test_config_in_code_is_checked(self):
        with pytest.raises(ParameterError, match="add up to 1"):
            ScorecardConfig.from_weights({"results": {"units": 0.5}})
        with pytest.raises(ParameterError, match="results.visits: expected a results metric"):
            ScorecardConfig.from_weights({"results": {"visits": 1.0}})
        with pytest.raises(ParameterError, match="a group"):
            ScorecardConfig.from_weights({"bonus": {"units": 1.0}})


people = st.lists(st.tuples(st.floats(0, 2), st.floats(0, 0.05) | st.none(), st.integers(1, 5)),
                  min_size=1, max_size=8)


def card_of(rows):
    ids = [f"S{i:02d}" for i in range(len(rows))]
    metrics = pd.DataFrame({"salesperson": ids, "expense_ratio": [e if e is not None else np.nan for _, e, _ in rows]})
    results = pd.DataFrame({"salesperson": ids, "attainment": [a for a, _, _ in rows]})
    ratings = pd.DataFrame({"salesperson": ids, "teamwork": [r for _, _, r in rows]})
    return scorecard(metrics, CONFIG, results=results, ratings=ratings)


@settings(max_examples=80, deadline=None)
@given(people)
def test_points_are_the_sum_of_contributions_and_within_bounds(rows):
    table = card_of(rows).table
    contributions = table[["attainment", "expense_ratio", "teamwork"]].sum(axis=1)
    assert np.allclose(contributions, table["points"])
    assert np.allclose(table[["results", "activity", "ratings"]].sum(axis=1), table["points"])
    assert table["points"].between(20 - 1e-9, 100 + 1e-9).all()
    assert (np.diff(table["points"]) <= 1e-9).all()            # best first
    assert table["rank"].iloc[0] == 1 and (np.diff(table["rank"]) >= 0).all()


@settings(max_examples=80, deadline=None)
@given(people, st.integers(0, 7), st.floats(0, 0.5))
def test_a_better_attainment_never_costs_points(rows, who, more):
    who = who % len(rows)
    before = card_of(rows).table.set_index("salesperson")["points"]
    better = [(a + more, e, r) if i == who else (a, e, r) for i, (a, e, r) in enumerate(rows)]
    after = card_of(better).table.set_index("salesperson")["points"]
    key = f"S{who:02d}"
    assert after[key] >= before[key] - 1e-9


class TestFiles:
    def test_sample_config(self):
        config = read_scorecard_config(SALES / "scorecard.yaml")
        assert config.team == "展厅" and config.lost_after == 180
        assert config.metrics["weight"].sum() == pytest.approx(1.0)
        assert config.metrics.set_index("metric").loc["expense_ratio", "better"] == "lower"
        assert config.metrics.set_index("metric").loc["attainment", ["worst", "best"]].tolist() == [0.7, 1.2]
        assert set(config.metrics.loc[config.metrics["group"] == "ratings", "metric"]) == {
            "teamwork", "enthusiasm", "reporting_discipline", "loyalty"}
        assert config.scale[5].startswith("优秀")

    def test_config_problems_with_lines(self, tmp_path):
        path = tmp_path / "card.yaml"
        path.write_text("results:\n  attainment: 0.5\n  smiles: 0.2\nactivity:\n  expense_ratio: {weight: 0.3, "
                        "better: less}\nbonus: 1\nfiles:\n  visits: nowhere.csv\n", encoding="utf-8")
        with pytest.raises(DataError) as info:
            read_scorecard_config(path)
        found = {(p.row, p.column, p.code) for p in info.value.problems}
        assert (3, "results.smiles", "unknown_metric") in found
        assert (5, "activity.expense_ratio", "invalid_value") in found
        assert (6, "bonus", "unknown_key") in found
        assert (8, "files.visits", "missing_file") in found

    def test_weights_must_add_up(self, tmp_path):
        path = tmp_path / "card.yaml"
        path.write_text("results:\n  attainment: 0.5\nratings:\n  teamwork: 0.4\n", encoding="utf-8")
        with pytest.raises(DataError, match="got '0.9', expected weights that add up to 1"):
            read_scorecard_config(path)

    def test_ratings(self, tmp_path):
        ratings = read_ratings(SALES / "ratings-2027-09.csv")
        assert len(ratings) == 10 and ratings["teamwork"].between(1, 5).all()
        path = tmp_path / "ratings.csv"
        path.write_text("销售顾问,團隊合作,工作熱情\nS01,6,\nS01,3,x\n", encoding="utf-8")
        with pytest.raises(DataError) as info:
            read_ratings(path)
        assert {(p.row, p.column, p.code) for p in info.value.problems} == {
            (2, "teamwork", "invalid_value"), (3, "salesperson", "duplicate_id"), (3, "enthusiasm", "not_a_number")}

    def test_team_scorecard_of_the_sample(self):
        config = read_scorecard_config(SALES / "scorecard.yaml")
        card = team_scorecard(config, "2027-09", ratings=read_ratings(SALES / "ratings-2027-09.csv"))
        table = card.table.set_index("salesperson")
        assert sorted(table.index) == [f"S{i:02d}" for i in range(1, 11)]
        assert table["missing"].eq("").all()
        assert table["rank"].idxmax() == "S04"          # behind plan, fewer visits, weak ratings
        # attainment anchors 0.7 → 1, 1.2 → 5: S04 sold 7 of 11 (0.636) → 1 → 5 points of 25
        assert table.loc["S04", "attainment"] == pytest.approx(5.0)
        with pytest.raises(ParameterError, match="weighs 'teamwork'"):
            team_scorecard(config, "2027-09")
