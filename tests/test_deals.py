"""The deals table (成交明细): schema, located errors, and agreement with the sample's actual sales."""

from __future__ import annotations

import pandas as pd
import pytest

import orgplan.i18n
from orgplan.errors import DataError
from orgplan.model.io import DATA_DIR
from orgplan.sales.activity_files import read_actuals
from orgplan.sales.deals import DEAL_COLUMNS, deal_discounts, delivered_units, read_deals

SALES = DATA_DIR / "sales"
HEADER = ("deal_id,consultant_id,customer_id,model_id,order_date,delivery_date,status,cancelled_on,list_price,price,"
          "discount_approved_by,gross_profit,customer_type,payment,channel,source,insurance,extended_warranty,"
          "accessories\n")
GOOD = "D1,S01,C1,AURA,2027-03-02,2027-03-09,delivered,,152000,147000,consultant,-800,individual,loan,showroom," \
       "walk_in,yes,no,3000\n"


@pytest.fixture(scope="module")
def deals():
    consultants = pd.read_csv(SALES / "consultants.csv")["consultant_id"]
    models = pd.read_csv(SALES / "models.csv")["model_id"]
    return read_deals(SALES / "deals-2027.csv", consultants=consultants, models=models)


def _write(tmp_path, text, name="deals.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_sample_has_the_columns_and_types(deals):
    assert deals.columns.tolist() == DEAL_COLUMNS
    assert deals["deal_id"].is_unique
    assert str(deals["order_date"].dtype).startswith("datetime64")
    assert deals["insurance"].dtype == bool
    assert deals["status"].value_counts().to_dict() == {"delivered": 1107, "ordered": 42, "cancelled": 7}


def test_delivered_deals_equal_actual_sales_exactly(deals):
    actual = read_actuals(SALES / "actual-2027.csv")
    counted = delivered_units(deals)
    merged = actual.merge(counted, on=["year", "month", "salesperson", "model_id"], how="outer",
                          suffixes=("_actual", "_deals"), indicator=True)
    assert (merged["_merge"] == "both").all()
    assert (merged["units_actual"] == merged["units_deals"]).all()
    assert (merged["gross_profit_actual"] == merged["gross_profit_deals"]).all()


def test_planted_cases(deals):
    clawback = deals[(deals["status"] == "cancelled") & deals["delivery_date"].notna()]
    assert clawback["deal_id"].tolist() == ["D2027-0820", "D2027-0939"]
    assert (clawback["cancelled_on"].dt.month > clawback["delivery_date"].dt.month).all()
    assert (deals["gross_profit"] < 0).sum() >= 1
    big = deals.merge(deal_discounts(deals), on="deal_id")
    by_consultant = big[(big["discount_approved_by"] == "consultant")
                        & ((big["discount"] > 5000) | (big["discount_rate"] > 0.03))]
    assert by_consultant["deal_id"].tolist() == ["D2027-0183", "D2027-0435", "D2027-0784", "D2027-0869"]


def test_chinese_headers_and_words(tmp_path):
    path = _write(tmp_path, "订单号,销售顾问,车型,订单日期,交车日期,状态,指导价,成交价,优惠审批,毛利,客户类型,付款方式,渠道,来源,"
                            "保险,延保,精品金额\n"
                            "D1,S01,AURA,2027/3/2,2027-03-09,已交车,\"152,000\",147000,展厅经理,-800,个人,贷款,二手车置换,"
                            "转介绍,是,否,0\n")
    deals = read_deals(path)
    row = deals.iloc[0]
    assert (row["status"], row["discount_approved_by"], row["channel"], row["source"]) == \
        ("delivered", "showroom_manager", "trade_in", "referral")
    assert row["list_price"] == 152000 and row["gross_profit"] == -800 and row["customer_id"] == ""
    assert bool(row["insurance"]) and not bool(row["extended_warranty"])


def test_bad_rows_are_located(tmp_path):
    rows = [GOOD,
            GOOD.replace("D1,", "D1,", 1),                                       # row 3: duplicate id
            "D3,S99,,AURA,2027-03-02,,delivered,,152000,x,boss,0,individual,loan,showroom,walk_in,yes,no,0\n",
            "D4,S01,,AURA,2027-03-02,2027-03-01,cancelled,,152000,150000,consultant,0,individual,loan,showroom,"
            "walk_in,maybe,no,0\n",
            "D5,S01,,AURA,2027-03-02,2027-03-05,ordered,2027-03-07,152000,150000,consultant,0,individual,loan,"
            "showroom,walk_in,no,no,0\n"]
    with pytest.raises(DataError) as caught:
        read_deals(_write(tmp_path, HEADER + "".join(rows)), consultants=["S01"])
    found = [(p.row, p.column, p.code) for p in caught.value.problems]
    assert found == [
        (3, "deal_id", "duplicate_id"),
        (4, "consultant_id", "unknown_id"),
        (4, "delivery_date", "missing_value"),
        (4, "price", "not_a_number"),
        (4, "discount_approved_by", "invalid_value"),
        (5, "delivery_date", "invalid_value"),
        (5, "cancelled_on", "missing_value"),
        (5, "insurance", "invalid_value"),
        (6, "delivery_date", "invalid_value"),
        (6, "cancelled_on", "invalid_value"),
    ]


def test_missing_column_is_named(tmp_path):
    with pytest.raises(DataError) as caught:
        read_deals(_write(tmp_path, HEADER.replace("list_price,", "") + GOOD.replace("152000,", "", 1)))
    assert [(p.column, p.code) for p in caught.value.problems] == [("list_price", "missing_column")]


def test_problem_in_chinese(tmp_path):
    bad = GOOD.replace("consultant,-800", "老板,-800")
    with orgplan.i18n.language("zh-Hans"), pytest.raises(DataError) as caught:
        read_deals(_write(tmp_path, HEADER + bad))
    assert "展厅经理" in str(caught.value) and "第 2 行" in str(caught.value)


def test_discounts():
    frame = pd.DataFrame({"deal_id": ["A"], "list_price": [200000.0], "price": [188000.0]})
    assert deal_discounts(frame).iloc[0].to_dict() == {"deal_id": "A", "discount": 12000.0, "discount_rate": 0.06}
