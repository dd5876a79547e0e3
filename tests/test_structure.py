"""The Structure model: immutability, views, lookups, the networkx graph."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest

from orgplan import DataError, Structure, StructureInfo, UnknownIdError

from conftest import tiny_tables


def test_views_are_copies(tiny):
    positions = tiny.positions
    positions.loc[0, "approved"] = 99
    assert tiny.position("GM")["approved"] == 1


def test_cannot_assign_attributes(tiny):
    with pytest.raises(AttributeError, match="immutable"):
        tiny.name = "x"


def test_replace_returns_a_new_structure(tiny):
    approved = tiny.replace(status="approved", approved_by="总经理", approved_on="2027-03-28")
    assert tiny.status == "draft" and approved.status == "approved"
    assert approved.info.approved_on.isoformat() == "2027-03-28"


def test_replace_validates_new_tables(tiny):
    positions = tiny.positions.astype({"approved": object})
    positions.loc[2, "approved"] = "eight"
    with pytest.raises(DataError) as caught:
        tiny.replace(positions=positions)
    assert [(p.row, p.column, p.value) for p in caught.value.problems] == [(4, "approved", "eight")]


def test_unknown_id_suggests_close_ones(tiny):
    with pytest.raises(UnknownIdError, match=r"no position 'SN'.*'SM'") as caught:
        tiny.position("SN")
    assert isinstance(caught.value, KeyError)


def test_status_accepts_chinese_and_rejects_nonsense():
    assert StructureInfo(status="已批准").status == "approved"
    with pytest.raises(DataError, match="one of as-is, draft, approved"):
        StructureInfo(status="done")


def test_graph_has_units_positions_and_lines(approved):
    g = approved.graph
    assert g.nodes[("position", "SHOW-CONS")]["title"] == "销售顾问"
    assert g.edges[("position", "SHOW-SUP"), ("position", "SHOW-CONS")]["line"] == "reports_to"
    assert g.edges[("position", "MKT-MGR"), ("position", "SHOW-DCC")]["line"] == "dotted"
    assert g.edges[("unit", "SALES"), ("unit", "SALES-SHOW")]["line"] == "contains"
    assert g.edges[("unit", "SALES-SHOW"), ("position", "SHOW-CONS")]["line"] == "has_position"
    solid = nx.subgraph_view(g, filter_edge=lambda u, v: g.edges[u, v]["line"] == "reports_to")
    reporting = solid.subgraph(n for n in g if n[0] == "position")
    assert nx.is_arborescence(reporting)
    assert approved.graph is g  # built once


def test_subunits_breadth_first(approved):
    assert approved.subunits("AS") == ["AS", "AS-ADV", "AS-WS", "AS-WS-MECH", "AS-WS-BODY"]
    assert approved.subunits("AS", include_self=False)[0] == "AS-ADV"


def test_constructor_accepts_chinese_headers():
    units, positions, duties = tiny_tables()
    positions = positions.rename(columns={"approved": "編制", "filled": "在崗", "title": "職位"})
    s = Structure(units, positions, duties)
    assert s.position("SC")["approved"] == 8


def test_repr_html_is_the_summary(tiny):
    html = tiny._repr_html_()
    assert "<table" in html and ">16<" in html  # approved headcount


def test_table_views_share_the_data_and_never_change_the_structure(approved):
    import numpy as np

    view = approved.positions_table
    assert "_row" in view and list(view.columns.drop("_row")) == list(approved.positions.columns)
    assert np.shares_memory(view["approved"].to_numpy(), approved.positions_table["approved"].to_numpy())
    view.loc[0, "approved"] = 999
    view["extra"] = 1
    assert approved.positions_table.loc[0, "approved"] != 999 and "extra" not in approved.positions_table
    assert len(approved.units_table) == len(approved.units) and "_row" in approved.duties_table
