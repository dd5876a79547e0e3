"""Shared fixtures: the bundled sample structures and small tables built in code."""

from __future__ import annotations

import pandas as pd
import pytest

from orgplan import Structure, read_structure, sample_path


@pytest.fixture(scope="session")
def approved() -> Structure:
    return read_structure(sample_path("approved-2027"))


@pytest.fixture(scope="session")
def as_is() -> Structure:
    return read_structure(sample_path("as-is-2026"))


def tiny_tables():
    """A five-position company, small enough to check every figure by hand."""
    units = pd.DataFrame({
        "unit_id": ["CO", "SALES", "SHOW", "AS"],
        "name": ["公司", "销售部", "展廳", "售後部"],
        "parent_id": [None, "CO", "SALES", "CO"],
        "kind": ["company", "department", "team", "department"],
    })
    positions = pd.DataFrame({
        "position_id": ["GM", "SM", "SC", "AM", "TECH"],
        "unit_id": ["CO", "SALES", "SHOW", "AS", "AS"],
        "title": ["总经理", "銷售經理", "销售顾问", "售後經理", "技師"],
        "reports_to": [None, "GM", "SM", "GM", "AM"],
        "approved": [1, 1, 8, 1, 5],
        "filled": [1, 0, 9, 1, 3],
        "monthly_cost": [30000, 15000, 6000, 14000, 7000],
    })
    duties = pd.DataFrame({
        "duty_id": ["D1", "D2"],
        "name": ["新车销售", "維修"],
        "unit_id": ["SHOW", "AS"],
    })
    return units, positions, duties


@pytest.fixture
def tiny() -> Structure:
    units, positions, duties = tiny_tables()
    return Structure(units, positions, duties)
