"""The one cell parser (orgplan.tables.cells): every accepted form, property-tested."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from orgplan.tables.cells import (MAX_COUNT, MAX_MONEY, as_text, is_blank, parse_count, parse_date, parse_money, parse_number,
                                  parse_numbers)

dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31))
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@given(dates, st.sampled_from(["-", "/", "."]), st.booleans(), st.booleans())
def test_every_written_form_of_a_date_reads_back(day, sep, padded, midnight):
    m, d = (f"{day.month:02d}", f"{day.day:02d}") if padded else (str(day.month), str(day.day))
    text = f"{day.year:04d}{sep}{m}{sep}{d}"
    if midnight and sep != ".":
        text += " 00:00:00"
    assert parse_date(text) == day
    assert parse_date(f"{day.year:04d}年{m}月{d}日") == day
    assert parse_date(f"{day.year:04d}年{m}月{d}日".translate(FULL_WIDTH)) == day
    assert parse_date(dt.datetime.combine(day, dt.time(15, 45))) == day  # an Excel date cell
    assert parse_date(pd.Timestamp(day)) == day


@given(dates, st.sampled_from([("/", "-"), ("-", "/"), ("-", "."), (".", "/")]))
def test_mixed_separators_are_not_a_date(day, seps):
    assert parse_date(f"{day.year}{seps[0]}{day.month}{seps[1]}{day.day}") is None


@pytest.mark.parametrize("text", ["2027-02-30", "2027/13/01", "2027-00-10", "27-3-5", "46115", "2027年4月3",
                                  "2027-04-03 12:00", "2027-4", "", "三月五日", "2027-04-03x"])
def test_what_is_not_a_date(text):
    assert parse_date(text) is None


def test_numbers_and_blanks_are_not_dates():
    assert parse_date(None) is None and parse_date(46115) is None and parse_date(46115.0) is None


def _grouped(n: int) -> str:
    return f"{n:,}"


@given(st.integers(min_value=0, max_value=MAX_COUNT))
def test_every_written_form_of_a_count_reads_back(n):
    for text in (str(n), _grouped(n), f"{n}.0", str(n).translate(FULL_WIDTH), f" {n} "):
        assert parse_count(text) == n
    assert parse_count(n) == n and parse_count(float(n)) == n


@given(st.integers(min_value=1, max_value=10**6))
def test_negative_counts_are_refused_unless_allowed(n):
    assert parse_count(-n) is None
    assert parse_count(str(-n), low=-n) == -n


@pytest.mark.parametrize("text", ["1,2", "12,34", "1,2345", ",123", "1.5", "1_000", "inf", "nan", "3人", "0x10",
                                  "", "--1", "1..2"])
def test_what_is_not_a_count(text):
    assert parse_count(text) is None


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_every_written_form_of_money_reads_back(amount):
    value = float(amount)
    for text in (f"{amount}", f"{value:,.2f}", f"¥{value:,.2f}", f"￥{value:.2f}", f"{value:.2f}元"):
        assert parse_money(text) == pytest.approx(value)


def test_money_refuses_negative_and_bool():
    assert parse_money("-1") is None and parse_money(True) is None and parse_money(float("inf")) is None


@given(st.lists(st.one_of(st.integers(-10**9, 10**9).map(str), st.integers(0, 10**9).map(_grouped),
                          st.sampled_from(["", "x", "1,2", "inf", "2.5", "１２"])), max_size=30))
def test_vectorised_numbers_follow_the_scalar_rule(cells):
    got = parse_numbers(pd.Series(cells, dtype="str"))
    want = np.array([np.nan if c == "" or parse_number(c) is None else parse_number(c) for c in cells], dtype=float)
    np.testing.assert_array_equal(got, want)


def test_text_and_blank_cells():
    assert as_text(None) == "" and as_text(float("nan")) == "" and as_text(pd.NA) == ""
    assert as_text(5.0) == "5" and as_text(pd.Timestamp("2027-04-03")) == "2027-04-03"
    assert is_blank("  ") and not is_blank("0")


@given(st.integers(min_value=MAX_COUNT + 1, max_value=10**30))
def test_a_count_beyond_the_bound_is_refused_never_wrapped(n):
    assert parse_count(str(n)) is None and parse_count(n) is None
    assert parse_count(str(MAX_COUNT), high=MAX_COUNT) == MAX_COUNT


def test_money_and_dates_have_bounds():
    assert parse_money(str(MAX_MONEY)) == MAX_MONEY and parse_money(str(MAX_MONEY + 1)) is None
    assert parse_money("inf") is None and parse_money("1e400") is None
    assert parse_date("0000-01-01") is None and parse_date("1899-12-31") is None and parse_date("2201-01-01") is None
    assert parse_date("1900-01-01") == dt.date(1900, 1, 1)
