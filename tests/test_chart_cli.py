"""`orgplan chart`: one chart, a unit, collapsing, every department, --compare; errors exit 2 with one line."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from orgplan import sample_path
from orgplan.cli import main

APPROVED = str(sample_path("approved-2027"))


def test_chart_writes_the_file_named_by_the_suffix(tmp_path, capsys):
    out = tmp_path / "company.pdf"
    assert main(["chart", APPROVED, "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF-")
    assert f"wrote {out} (嘉丰汽车销售服务有限公司 org chart; 50 positions)" in capsys.readouterr().out
    assert main(["chart", APPROVED, "-o", str(out), "--lang", "zh-Hans"]) == 0
    assert f"已写入 {out}（嘉丰汽车销售服务有限公司 组织架构图；50 个职位）" in capsys.readouterr().out


def test_chart_of_one_unit_collapsed(tmp_path, capsys):
    out = tmp_path / "sales.svg"
    assert main(["chart", APPROVED, "--unit", "SALES", "--depth", "1", "-o", str(out), "--lang", "zh-Hant"]) == 0
    assert "2 個職位，4 個部門已折疊" in capsys.readouterr().out
    svg = out.read_text(encoding="utf-8")
    assert "销售部 組織架構圖" in svg and "已折疊" in svg


@pytest.mark.parametrize("argv, message", [
    (["--unit", "NOPE", "-o", "{tmp}/x.png"], "There is no unit 'NOPE'"),
    (["-o", "{tmp}/x.jpg"], "x.jpg: the output must end in .svg, .png or .pdf."),
    (["-o", "{tmp}/missing/x.png"], "does not exist"),
    (["--depth", "0", "-o", "{tmp}/x.png"], "'depth' parameter"),
])
def test_bad_calls_exit_2_with_one_line_and_no_file(tmp_path, capsys, argv, message):
    argv = [a.format(tmp=tmp_path) for a in argv]
    assert main(["chart", APPROVED, *argv]) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_unreadable_structure_exits_2(tmp_path, capsys):
    assert main(["chart", str(tmp_path / "nowhere"), "-o", str(tmp_path / "x.png")]) == 2
    assert capsys.readouterr().err.startswith("orgplan: ")


def test_output_or_all_units_is_required(capsys):
    assert main(["chart", APPROVED]) == 2


def test_all_units_lists_every_chart(tmp_path, capsys):
    out = tmp_path / "charts"
    assert main(["chart", APPROVED, "--all-units", str(out), "--format", "svg", "--csv", "-"]) == 0
    table = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert list(table["unit_id"]) == ["CO", "ADM", "FIN", "SALES", "MKT", "CRM", "AS", "PARTS"]
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{u}.svg" for u in table["unit_id"])


def test_compare_draws_the_changes(tmp_path, capsys):
    out = tmp_path / "changes.svg"
    assert main(["chart", APPROVED, "--compare", str(sample_path("as-is-2026")), "-o", str(out),
                 "--lang", "zh-Hant"]) == 0
    svg = out.read_text(encoding="utf-8")
    assert "新增" in svg and "撤銷" in svg and "變更" in svg
