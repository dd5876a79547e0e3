"""Market share against the named rivals, the price watch and ``orgplan market`` (figures checked by hand)."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from orgplan.cli import main
from orgplan.errors import DataError, ParameterError
from orgplan.i18n import language
from orgplan.market import (ALL_SEGMENTS, display_table, market_share, price_alerts, price_watch, read_market_config,
                            read_prices, read_registrations, share_table)
from orgplan.model.io import DATA_DIR

CONFIG = DATA_DIR / "market" / "market-2027.yaml"


@pytest.fixture(scope="module")
def config():
    return read_market_config(CONFIG)


@pytest.fixture(scope="module")
def shares(config):
    return market_share(config.registrations, our_dealer="本店", rivals=config.rivals, area=config.area)


def test_small_market_shares_by_hand():
    reg = pd.DataFrame({"year": 2027, "month": 9, "area": ["万州区"] * 5 + ["开州区"],
                        "segment": ["SUV", "SUV", "SUV", "轿车", "轿车", "SUV"],
                        "dealer": ["本店", "百事达", "长安之星", "本店", "商社", "本店"],
                        "units": [10, 15, 25, 30, 20, 99]})
    shares = market_share(reg, our_dealer="本店", rivals=["百事达", "商社"], area="万州区")
    suv = shares[shares["segment"] == "SUV"].set_index("dealer")
    assert suv["units"].to_dict() == {"本店": 10, "百事达": 15, "商社": 0, "其他": 25}   # 长安之星 counted as others
    assert suv["share"].tolist() == [0.2, 0.3, 0.0, 0.5]                                # of 50 cars
    whole = shares[shares["segment"] == ALL_SEGMENTS].set_index("dealer")
    assert whole.loc["本店", "market"] == 100 and whole.loc["本店", "share"] == 0.4       # 40 of 100
    assert whole.loc["商社", "share"] == 0.2


def test_sample_suv_share_in_september(shares, config):
    # registrations.csv, 2027-09, 万州区, SUV (added up with awk): 472 cars, 本店 40, 百事达 71, 商社 27
    table = share_table(shares, our_dealer="本店", share_targets=config.share_targets).set_index("segment")
    suv = table.loc["SUV"]
    assert (suv["market"], suv["units"]) == (472, 40)
    assert suv["share"] == pytest.approx(40 / 472)            # 8.47 %
    assert suv["百事达"] == pytest.approx(71 / 472)            # 15.04 %
    assert suv["商社"] == pytest.approx(27 / 472)
    assert suv["gap"] == pytest.approx(40 / 472 - 0.11)       # 2.53 points under the plan's 11 %
    # trend: July–September 109 of 1,293 cars against April–June 134 of 1,316
    assert suv["share_window"] == pytest.approx(109 / 1293)
    assert suv["share_before"] == pytest.approx(134 / 1316)
    assert suv["trend"] == pytest.approx(109 / 1293 - 134 / 1316)
    whole = table.loc[ALL_SEGMENTS]
    assert (whole["market"], whole["units"], whole["target"]) == (1272, 123, 0.10)


def test_shares_of_every_month_add_up_to_one(shares):
    totals = shares.groupby(["year", "month", "segment"])["share"].sum()
    assert totals.round(12).eq(1.0).all()


def test_unknown_area_or_dealer_is_refused(config):
    with pytest.raises(ParameterError, match="渝北区"):
        market_share(config.registrations, our_dealer="本店", area="渝北区")
    with pytest.raises(ParameterError, match="我们店"):
        market_share(config.registrations, our_dealer="我们店")


def test_price_undercut_raises_its_alert(config):
    alerts = price_alerts(config.prices, config.competitors, our_dealer="本店", amount=config.undercut_amount,
                          models=config.models)
    found = alerts[["year", "month", "model_id", "rival_dealer", "rival_model", "undercut"]].values.tolist()
    # 途锐 215,000 (216,800 − 1,800 of gifts); 丰华S5 203,200 in August (205,000 − 1,800), 205,500 in September;
    # 雅悦 148,600 (149,800 − 1,200) against 吉瑞A6 142,000 (148,000 − 6,000)
    assert found == [[2027, 8, "TERRA", "百事达", "丰华S5", 11800.0], [2027, 9, "AURA", "商社", "吉瑞A6", 6600.0],
                     [2027, 9, "TERRA", "百事达", "丰华S5", 9500.0]]
    assert "¥9,500 under our 途锐" in alerts["message"].iloc[2]


def test_price_within_the_line_is_no_alert(config):
    watch = price_watch(config.prices, config.competitors, our_dealer="本店", amount=5000, models=config.models)
    july = watch[(watch["month"] == 7) & (watch["rival_model"] == "吉瑞X5")].iloc[0]
    assert july["undercut"] == 2000.0 and not july["alert"]
    assert price_alerts(config.prices, config.competitors, our_dealer="本店", amount=12000,
                        models=config.models).empty


def test_bad_rows_are_located(tmp_path):
    path = tmp_path / "reg.csv"
    path.write_text("年份,月份,区域,细分市场,经销商,上险量\n2027,9,万州区,SUV,本店,40\n2027,13,万州区,SUV,百事达,x\n",
                    encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_registrations(path)
    where = sorted((p.row, p.column) for p in caught.value.problems)
    assert where == [(3, "month"), (3, "units")]
    prices = tmp_path / "prices.csv"
    prices.write_text("日期,经销商,车型,成交价,赠品价值\n2027-09-31,百事达,丰华S5,205000,0\n"
                      "2027-09-01,商社,吉瑞A6,¥148000,150000\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_prices(prices)
    assert sorted((p.row, p.column) for p in caught.value.problems) == [(2, "date"), (3, "gift_value")]


def test_config_problems_name_their_line(tmp_path):
    path = tmp_path / "market.yaml"
    path.write_text("year: 2027\nour_dealer: 本店\nrivals: 百事达\nundercut_amount: -1\nfiles: {}\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_market_config(path)
    rows = {p.column: p.row for p in caught.value.problems}
    assert rows["rivals"] == 3 and rows["undercut_amount"] == 4 and "files.registrations" in rows


def test_share_table_in_chinese(shares, config):
    with language("zh-Hans"):
        shown = display_table(share_table(shares, our_dealer="本店", share_targets=config.share_targets))
    assert {"细分市场", "占有率", "目标占有率"} <= set(shown.columns)
    assert shown["细分市场"].iloc[-1] == "合计"


def test_cli_share_and_prices(capsys):
    assert main(["market", "share", str(CONFIG), "--csv", "-"]) == 0
    table = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert table.loc[table["segment"] == "SUV", "share"].item() == "8.5%"
    assert main(["market", "prices", str(CONFIG)]) == 1                 # alerts are findings
    out = capsys.readouterr().out
    assert "3 price alerts (line ¥5,000):" in out
    assert main(["market", "prices", str(CONFIG), "--month", "2027-07"]) == 0
    assert "No rival is under our price" in capsys.readouterr().out


def test_cli_chart_and_bad_config(tmp_path, capsys):
    out = tmp_path / "share.png"
    assert main(["market", "chart", str(CONFIG), "-o", str(out), "--segment", "SUV"]) == 0
    assert out.stat().st_size > 10_000
    assert main(["market", "share", str(tmp_path / "none.yaml")]) == 2


def test_chart_says_the_one_figure(shares, config):
    from orgplan.render.market_figures import plot_market_share

    fig = plot_market_share(shares, our_dealer="本店", segment="SUV", share_targets=config.share_targets)
    assert fig._suptitle.get_text() == "本店, SUV, 2027-09: share 8.5%, target 11.0%, gap -2.5 points"
    left, right = fig.axes
    ours = left.get_lines()[0]
    assert ours.get_label() == "本店" and ours.get_ydata()[-1] == pytest.approx(40 / 472)
    assert len(right.patches) == 5                                    # four segments and the whole market
    with language("zh-Hans"):
        fig = plot_market_share(shares, our_dealer="本店", segment="SUV", share_targets=config.share_targets)
    assert fig._suptitle.get_text() == "本店 SUV 2027-09：占有率 8.5%，目标 11.0%，差距 -2.5 个百分点"


def test_price_alert_in_chinese(config):
    with language("zh-Hans"):
        alerts = price_alerts(config.prices, config.competitors, our_dealer="本店", amount=5000, models=config.models)
    assert alerts["message"].iloc[2] == "百事达的丰华S5到手价 ¥205,500，比本店途锐（¥215,000）低 ¥9,500，超过预警线 ¥5,000。"
