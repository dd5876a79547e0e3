"""The target on five and six axes (month, model, region, customer type, payment, channel): every margin exact."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from orgplan.cli import main
from orgplan.errors import DataError, ParameterError
from orgplan.model.io import DATA_DIR
from orgplan.sales.target_axes import decompose_axes, read_history_axes

HISTORY = DATA_DIR / "sales" / "history-axes.csv"
FIVE = ("month", "model_id", "region", "customer_type", "payment")


@pytest.fixture(scope="module")
def history():
    return read_history_axes(HISTORY)


def _exact(split):
    assert int(split.cube.sum()) == split.total
    assert (split.cube >= 0).all() and split.cube.dtype == "int64"
    for axis in split.axes:
        view = split.views[axis].set_index("part")["target"]
        assert split.margin(axis).reindex(view.index).tolist() == view.tolist(), axis
        assert int(view.sum()) == split.total


@pytest.mark.parametrize("axes", [FIVE, FIVE + ("channel",), ("region", "customer_type", "payment", "channel",
                                                                "model_id")])
def test_every_margin_adds_up_exactly(history, axes):
    split = decompose_axes(1523, history, axes=axes)
    assert split.axes == axes
    _exact(split)


def test_the_history_agrees_with_monthly_sales(history):
    sales = pd.read_csv(DATA_DIR / "sales" / "monthly_sales.csv")
    assert history.groupby(["year", "month", "model_id"])["units"].sum().to_dict() == \
        sales.set_index(["year", "month", "model_id"])["units"].to_dict()


def test_structural_zeros_stay_zero(history):
    cube = decompose_axes(1523, history).cube
    level = cube.index.get_level_values
    assert cube[(level("customer_type") == "政府") & (level("payment") != "全款")].sum() == 0
    assert cube[(level("customer_type") != "个人") & (level("channel") != "大客户")].sum() == 0
    assert cube[(level("customer_type") == "个人") & (level("channel") == "大客户")].sum() == 0


def test_small_history_by_hand():
    # one year: region A sold 6 of 10, B 4; 个人 8, 政府 2 (政府 only in A)
    history = pd.DataFrame({"year": 2026, "month": 1, "model_id": "M",
                            "region": ["A", "A", "B"], "customer_type": ["个人", "政府", "个人"],
                            "units": [4, 2, 4]})
    split = decompose_axes(25, history, axes=("region", "customer_type"))
    assert split.views["region"]["target"].tolist() == [15, 10]          # 25 × 6/10, 25 × 4/10
    assert split.views["customer_type"]["target"].tolist() == [20, 5]    # 25 × 8/10, 25 × 2/10
    assert split.cube.to_dict() == {("A", "个人"): 10, ("A", "政府"): 5, ("B", "个人"): 10}


@settings(max_examples=25, deadline=None)
@given(total=st.integers(min_value=0, max_value=4000))
def test_any_total_keeps_every_margin(history, total):
    _exact(decompose_axes(total, history, axes=FIVE))


def test_checks_per_axis(history):
    found = decompose_axes(1523, history).findings
    assert set(found["dimension"]) <= {"month", "model_id", "region", "customer_type", "payment", "channel"}
    online = found[(found["dimension"] == "channel") & (found["part"] == "网销")]
    assert online["code"].tolist() == ["below_last_year"]              # the mix of three years lags a growing channel


def test_bad_calls_and_rows(history, tmp_path):
    with pytest.raises(ParameterError, match="axes"):
        decompose_axes(100, history, axes=("month", "colour"))
    path = tmp_path / "h.csv"
    path.write_text("年份,月份,车型,区域,台数\n2026,1,AURA,万州城区,3\n2026,14,AURA,,x\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_history_axes(path)
    assert sorted((p.row, p.column) for p in caught.value.problems) == [(3, "month"), (3, "region"), (3, "units")]


def test_cli_axes(tmp_path, capsys):
    out = tmp_path / "axes.xlsx"
    assert main(["targets", "axes", str(DATA_DIR / "sales" / "target-2027.yaml"), str(HISTORY), "--axes",
                 ",".join(FIVE), "--view", "payment", "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "every axis adds up to 1,523" in printed
    assert len(pd.ExcelFile(out).sheet_names) == 7
    assert main(["targets", "axes", str(DATA_DIR / "sales" / "target-2027.yaml"), str(HISTORY),
                 "--view", "colour"]) == 2
