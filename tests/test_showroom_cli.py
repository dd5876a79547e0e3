"""The showroom verbs: orgplan funnel, followups, receivables, daily, customer-card — exit codes and output."""

from __future__ import annotations

import io
import shutil

import pandas as pd
import pytest

from orgplan.cli import main
from orgplan.model.io import DATA_DIR

SALES = DATA_DIR / "sales"


def test_funnel_csv_in_english(capsys):
    assert main(["funnel", "--period", "2027-09", "--by", "store", "--csv", "-", "--lang", "en"]) == 0
    table = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert table.loc[0, "traffic"] == 1117 and table.loc[0, "orders"] == 108


def test_funnel_prints_chinese_headers(capsys):
    assert main(["funnel", "--period", "2027-09", "--lang", "zh-Hans"]) == 0
    out = capsys.readouterr().out
    assert "展厅销售漏斗" in out and "首次到店成交率" in out and "刘洋" not in out.splitlines()[0]


def test_followups_exit_1_with_overdue(capsys):
    assert main(["followups", "--on", "2027-09-30", "--consultant", "S04", "--lang", "zh-Hans"]) == 1
    out = capsys.readouterr().out
    assert "晨会跟进清单" in out and "H 级客户已" in out


def test_receivables_findings(capsys):
    assert main(["receivables", "--on", "2027-09-30", "--view", "findings", "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "F05" in out and "D2027-1129" in out and "F16" in out


def test_daily_summary_and_missing(capsys):
    assert main(["daily", "--summary", "2027-09", "--lang", "zh-Hans"]) == 0
    assert "下月要点" in capsys.readouterr().out
    assert main(["daily", "--missing", "2027-09", "--consultant", "S04", "--lang", "en"]) == 1


def test_customer_card_escapes(tmp_path, capsys):
    folder = tmp_path / "sales"
    shutil.copytree(SALES, folder)
    path = folder / "fleet-accounts.csv"
    text = path.read_text(encoding="utf-8-sig").replace("鑫达物流", "<script>x</script>")
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "card.html"
    assert main(["customer-card", "F05", str(folder), "--on", "2027-09-30", "--html", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "&lt;script&gt;" in page and "<script>" not in page


def test_unknown_customer_and_bad_data_exit_2(tmp_path, capsys):
    assert main(["customer-card", "NOBODY", "--on", "2027-09-30", "--html", str(tmp_path / "c.html")]) == 2
    folder = tmp_path / "sales"
    shutil.copytree(SALES, folder)
    path = folder / "traffic-2027.csv"
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    lines[5] = lines[5].replace(",first,", ",again,")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["funnel", str(folder), "--period", "2027-09", "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "traffic-2027.csv" in err and "row 6" in err and "'visit'" in err


@pytest.mark.parametrize("verb", ["funnel", "followups", "receivables", "daily", "customer-card"])
def test_help_in_chinese(verb, capsys):
    assert main(["--lang", "zh-Hans", verb, "--help"]) == 0
    assert "销售数据文件夹" in capsys.readouterr().out
