"""The sales tools in Simplified and Traditional Chinese: CLI tables and messages, findings, warnings, workbook.

The suite runs in English (the root conftest pins it); these tests choose
``--lang`` or ``language(...)`` themselves.
"""

from __future__ import annotations

import io

import pandas as pd
import pytest

from orgplan.cli import main
from orgplan.i18n import language
from orgplan.model.io import DATA_DIR
from orgplan.sales.display import display_table, from_display
from orgplan.sales.kpi import early_warnings, read_visits
from orgplan.sales.targets import check_targets, decompose_plan, read_target_config
from orgplan.sales.target_plan import read_plan_workbook, write_plan_workbook

SALES = DATA_DIR / "sales"
VISITS = str(SALES / "visits-2027.csv")
TARGET = str(SALES / "target-2027.yaml")
ACTUAL = str(SALES / "actual-2027.csv")

WORDS = {  # language → (headers of the kpi table, the behind-plan warning, the summary's first item)
    "zh-Hans": (["销售顾问", "名称", "拜访次数", "拜访天数", "每日拜访次数"],
                "S04 刘洋：连续两个月未完成计划（2027-08 完成 5/8 台、2027-09 完成 7/11 台）。", "截至：2027-09"),
    "zh-Hant": (["銷售顧問", "名稱", "拜訪次數", "拜訪天數", "每日拜訪次數"],
                "S04 刘洋：連續兩個月未完成計劃（2027-08 完成 5/8 台、2027-09 完成 7/11 台）。", "截至：2027-09"),
}


@pytest.fixture(scope="module")
def plan():
    return decompose_plan(read_target_config(TARGET))


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant"])
def test_kpi_table_headers_and_team_line(lang, capsys):
    assert main(["kpi", VISITS, "--period", "2027-09", "--consultants", str(SALES / "consultants.csv"),
                 "--team", "展厅", "--lang", lang]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith({"zh-Hans": "销售活动 2027-09", "zh-Hant": "銷售活動 2027-09"}[lang])
    assert lines[1].split()[:5] == WORDS[lang][0]
    assert lines[-1].startswith({"zh-Hans": "（团队）", "zh-Hant": "（團隊）"}[lang])
    assert "王海涛" in lines[2]                                   # the user's names are never converted


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant"])
def test_plan_vs_actual_warning_and_summary(lang, capsys):
    code = main(["plan-vs-actual", TARGET, ACTUAL, "--visits", VISITS, "--team", "展厅", "--lang", lang])
    assert code == 1
    out = capsys.readouterr().out
    assert WORDS[lang][1] in out
    assert WORDS[lang][2] in out
    assert {"zh-Hans": "3 条预警：", "zh-Hant": "3 條預警："}[lang] in out


def test_warning_values_as_displayed(capsys):
    main(["plan-vs-actual", TARGET, ACTUAL, "--visits", VISITS, "--team", "展厅", "--view", "warnings",
          "--lang", "zh-Hans", "--csv", "-"])
    table = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert table.columns.tolist()[:3] == ["销售顾问", "名称", "预警类型"]
    assert table["预警类型"].tolist() == ["连续未完成计划", "拜访量下降", "费用率上升"]


def test_csv_in_english_keeps_codes(capsys):
    main(["plan-vs-actual", TARGET, ACTUAL, "--visits", VISITS, "--view", "warnings", "--lang", "en", "--csv", "-"])
    table = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert table.columns.tolist()[:3] == ["salesperson", "name", "flag"]
    assert "behind_plan" in set(table["flag"])


@pytest.mark.parametrize("lang, finding, severity", [
    ("zh-Hans", "销售顾问 C03：目标 300 超出能力上限 200，多 100（50.0%）。", "错误"),
    ("zh-Hant", "銷售顧問 C03：目標 300 超出能力上限 200，多 100（50.0%）。", "錯誤"),
])
def test_check_targets_findings(lang, finding, severity):
    with language(lang):
        found = check_targets(pd.Series({"C03": 300}), capacity=pd.Series({"C03": 200}), what="consultant")
        shown = display_table(found)
    assert found.at[0, "severity"] == "error"                   # the data keeps its codes
    assert found.at[0, "message"] == finding
    assert shown.iloc[0, 0] == severity


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant"])
def test_early_warning_message(lang):
    activity = pd.DataFrame({"month": ["2027-06", "2027-07", "2027-08", "2027-09"], "salesperson": "S04",
                             "name": "刘洋", "visits": [100, 110, 90, 70], "expense_ratio": [0.01, 0.01, 0.01, 0.01]})
    with language(lang):
        message = early_warnings(activity=activity, month="2027-09")["message"].iloc[0]
    assert message == {"zh-Hans": "S04 刘洋：2027-09 拜访 70 次，比前 3 个月的平均 100.0 次低 30.0%。",
                       "zh-Hant": "S04 刘洋：2027-09 拜訪 70 次，比前 3 個月的平均 100.0 次低 30.0%。"}[lang]


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant"])
def test_targets_decompose_prints_in_the_language(lang, capsys):
    assert main(["targets", "decompose", TARGET, "--view", "model", "--lang", lang]) == 0
    out = capsys.readouterr().out
    assert out.split()[:3] == {"zh-Hans": ["车型", "名称", "目标"], "zh-Hant": ["車型", "名稱", "目標"]}[lang]
    assert {"zh-Hans": "2027 年：公司目标 1,523 台", "zh-Hant": "2027 年：公司目標 1,523 台"}[lang] in out


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant"])
def test_help_in_chinese(lang, capsys):
    try:
        main(["plan-vs-actual", "--help", "--lang", lang])
    except SystemExit:
        pass
    out = capsys.readouterr().out
    assert {"zh-Hans": "实际销量，例如", "zh-Hant": "實際銷量，例如"}[lang] in out
    assert {"zh-Hans": "拜访记录，用于活动预警", "zh-Hant": "拜訪記錄，用於活動預警"}[lang] in out


@pytest.mark.parametrize("write_lang", ["zh-Hans", "zh-Hant", "en"])
@pytest.mark.parametrize("read_lang", ["zh-Hans", "en"])
def test_plan_workbook_round_trip(plan, tmp_path, write_lang, read_lang):
    path = tmp_path / "plan.xlsx"
    with language(write_lang):
        write_plan_workbook(plan, path)
    names = pd.ExcelFile(path).sheet_names
    assert names[2] == {"zh-Hans": "按销售顾问", "zh-Hant": "按銷售顧問", "en": "by_consultant"}[write_lang]
    with language(read_lang):
        back = read_plan_workbook(path)
    assert list(back) == ["summary", "by_month", "by_consultant", "by_model", "consultant_x_month", "checks", "cube"]
    pd.testing.assert_frame_equal(back["by_consultant"], plan.by_consultant, check_dtype=False)
    pd.testing.assert_frame_equal(back["checks"].drop(columns="message"), plan.findings.drop(columns="message"),
                                  check_dtype=False)
    assert back["cube"]["target"].sum() == plan.total


def test_display_round_trip_in_memory():
    frame = pd.DataFrame({"salesperson": ["S04", "(team)"], "flag": ["behind_plan", "activity_dropping"]})
    for lang in ("zh-Hans", "zh-Hant", "en"):
        with language(lang):
            shown = display_table(frame)
        pd.testing.assert_frame_equal(from_display(shown, ["salesperson", "flag"]), frame)


def test_traditional_headed_visit_log_still_reads(tmp_path):
    path = tmp_path / "拜訪.csv"
    path.write_text("銷售顧問,拜訪日期,客戶編號,時長(分鐘),費用,是否成交,成交金額\n"
                    "S01,2027-04-01,C1,30,100,否,0\nS02,2027-04-02,C2,45,50,是,150000\n", encoding="utf-8")
    visits = read_visits(path)
    assert visits["salesperson"].tolist() == ["S01", "S02"]
    assert visits["ordered"].tolist() == [0, 1] or visits["ordered"].tolist() == [False, True]
    simplified = tmp_path / "拜访.csv"
    simplified.write_text("销售顾问,拜访日期,客户编号,时长(分钟),费用,是否成交,成交金额\n"
                          "S01,2027-04-01,C1,30,100,否,0\n", encoding="utf-8")
    assert read_visits(simplified)["minutes"].tolist() == [30]
