"""Rollups, spans, layers and ratios: hand-checked figures and the rollup invariant."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from orgplan import Structure, position_layers, read_structure, rollup, sample_path, spans, summary


def test_tiny_rollup_by_hand(tiny):
    table = rollup(tiny).set_index("unit_id")
    # SALES = SM (1 approved, 0 filled) + SHOW's SC (8 approved, 9 filled)
    assert table.loc["SALES", ["approved", "filled", "vacancy", "over_establishment"]].tolist() == [9, 9, 1, 1]
    assert table.loc["AS", ["approved", "filled", "vacancy"]].tolist() == [6, 4, 2]
    assert table.loc["CO", ["positions", "approved", "filled", "vacancy"]].tolist() == [5, 16, 14, 3]
    assert table.loc["CO", "monthly_cost"] == 30000 + 15000 + 8 * 6000 + 14000 + 5 * 7000
    assert table.loc["SALES", "filled_monthly_cost"] == 9 * 6000
    assert table.loc["CO", "annual_cost"] == 12 * table.loc["CO", "monthly_cost"]
    assert table.index.tolist() == ["CO", "SALES", "SHOW", "AS"]  # each unit followed by its sub-units
    assert table.loc["SHOW", "level"] == 3


def test_tiny_spans_in_people(tiny):
    table = spans(tiny).set_index("position_id")
    assert table.loc["GM", ["direct_positions", "span_approved", "span_filled"]].tolist() == [2, 2, 1]
    assert table.loc["SM", ["span_approved", "span_filled"]].tolist() == [8, 9]
    assert "SC" not in table.index
    assert table.loc["GM", ["approved_below", "filled_below"]].tolist() == [15, 13]
    assert table.loc["AM", ["approved_below", "filled_below"]].tolist() == [5, 3]


def test_span_per_manager_divides_by_seats(approved):
    row = spans(approved).set_index("position_id").loc["MECH-LEAD"]
    assert (row["approved"], row["span_approved"], row["span_per_manager"]) == (3, 21, 7.0)


def test_layers_and_manager_ratio(tiny):
    layers = position_layers(tiny).set_index("position_id")["layer"]
    assert layers.to_dict() == {"GM": 1, "SM": 2, "SC": 3, "AM": 2, "TECH": 3}
    table = rollup(tiny).set_index("unit_id")
    # managers: GM, SM, AM (one seat each) → 3; other staff 13
    assert table.loc["CO", "managers"] == 3
    assert np.isclose(table.loc["CO", "manager_ratio"], 13 / 3)
    assert pd.isna(table.loc["SHOW", "manager_ratio"])
    assert table.loc["SALES", "layers"] == 2


def test_summary_figures(approved):
    s = summary(approved)
    assert (s.units, s.positions, s.approved, s.filled, s.vacancy) == (16, 50, 126, 116, 10)
    assert s.annual_cost == 12 * s.monthly_cost
    assert s.to_frame().loc["approved", "value"] == 126


def test_cycle_does_not_hang_or_crash(tiny):
    positions = tiny.positions
    positions.loc[positions["position_id"] == "GM", "reports_to"] = "TECH"
    broken = tiny.replace(positions=positions)
    layers = position_layers(broken)["layer"]
    assert layers.isna().all()  # everything hangs off the circle
    assert rollup(broken).set_index("unit_id").loc["CO", "approved"] == 16


@st.composite
def random_structures(draw):
    n_units = draw(st.integers(1, 12))
    parents = [None] + [f"U{draw(st.integers(0, i - 1))}" for i in range(1, n_units)]
    units = pd.DataFrame({"unit_id": [f"U{i}" for i in range(n_units)], "name": [f"部門{i}" for i in range(n_units)],
                          "parent_id": parents, "kind": ["company"] + ["department"] * (n_units - 1)})
    n_pos = draw(st.integers(1, 25))
    managers = [None] + [f"P{draw(st.integers(0, i - 1))}" for i in range(1, n_pos)]
    positions = pd.DataFrame({
        "position_id": [f"P{i}" for i in range(n_pos)],
        "unit_id": [f"U{draw(st.integers(0, n_units - 1))}" for _ in range(n_pos)],
        "title": ["職位"] * n_pos,
        "reports_to": managers,
        "approved": draw(st.lists(st.integers(0, 30), min_size=n_pos, max_size=n_pos)),
        "filled": draw(st.lists(st.integers(0, 30), min_size=n_pos, max_size=n_pos)),
        "monthly_cost": draw(st.lists(st.integers(0, 50000), min_size=n_pos, max_size=n_pos)),
    })
    return Structure(units, positions)


@settings(max_examples=60, deadline=None)
@given(random_structures())
def test_a_unit_equals_its_own_plus_its_children(s):
    table = rollup(s).set_index("unit_id")
    positions = s.positions
    positions["vacancy"] = (positions["approved"] - positions["filled"]).clip(lower=0)
    positions["cost"] = positions["approved"] * positions["monthly_cost"]
    own = positions.groupby("unit_id")[["approved", "filled", "vacancy", "cost"]].sum()
    own = own.reindex(table.index, fill_value=0)
    children = s.units.groupby("parent_id")["unit_id"].apply(list).to_dict()
    for uid, row in table.iterrows():
        kids = children.get(uid, [])
        for column, own_column in (("approved", "approved"), ("filled", "filled"), ("vacancy", "vacancy"),
                                   ("monthly_cost", "cost")):
            expected = own.loc[uid, own_column] + table.loc[kids, column].sum()
            assert np.isclose(row[column], expected), (uid, column)
    assert table.loc["U0", "approved"] == positions["approved"].sum()
    assert (table["vacancy"] >= 0).all()


def test_rollup_for_people_has_headers_in_the_language_and_reads_back():
    from orgplan.i18n import language
    from orgplan.organisation.display import ROLLUP, from_people, rollup_table

    table = rollup(read_structure(sample_path("approved-2027")))
    with language("zh-Hans"):
        hans = rollup_table(table)
    with language("zh-Hant"):
        hant = rollup_table(table)
    with language("en"):
        english = rollup_table(table)
    assert hans.columns[:3].tolist() == ["部门编号", "名称", "类型"]
    assert {"编制", "在岗", "空缺", "超编", "月成本"} <= set(hans.columns)
    assert {"部門編號", "編制", "在崗", "超編"} <= set(hant.columns)
    assert english.columns.tolist() == table.columns.tolist()
    assert hans["类型"].iloc[0] == "公司" and hant["類型"].iloc[1] == "部門"
    for shown in (hans, hant, english):
        back = from_people(shown, ROLLUP)
        assert back.columns.tolist() == table.columns.tolist()
        assert back["kind"].tolist() == table["kind"].tolist()
