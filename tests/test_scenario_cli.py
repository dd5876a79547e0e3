"""`orgplan diff` and `orgplan scenario apply|show`: output, CSV, files written and exit codes."""

from __future__ import annotations

import io

import pandas as pd

from orgplan import read_structure, sample_path, write_structure
from orgplan.cli import main
from orgplan.organisation.scenario import Scenario, SetEstablishment

AS_IS, DRAFT, APPROVED = (str(sample_path(n)) for n in ("as-is-2026", "draft-2027", "approved-2027"))
FLATTEN = str(sample_path("scenarios/flatten-workshop.yaml"))


def test_diff_prints_signed_deltas_then_the_changes(capsys):
    assert main(["diff", DRAFT, APPROVED]) == 0
    out = capsys.readouterr().out
    assert "approved headcount: 131 → 126 (-5 people)" in out
    assert "monthly cost: 1,099,000 → 1,058,000 (-41,000 a month)" in out
    assert "SALES    销售部" in out and "-33,500" in out
    assert "Changes (5):" in out and "SAL-DATA" in out


def test_diff_shows_increases_with_a_plus(tmp_path, capsys, approved):
    new = SetEstablishment("SHOW-CONS", 16).apply(approved)
    write_structure(new, tmp_path / "new")
    assert main(["diff", APPROVED, str(tmp_path / "new")]) == 0
    out = capsys.readouterr().out
    assert "(+2 people)" in out and "(+16,000 a month)" in out


def test_diff_of_identical_structures(capsys):
    assert main(["diff", APPROVED, APPROVED]) == 0
    assert "(none: the structures have the same tables)" in capsys.readouterr().out


def test_diff_csv_to_stdout_keeps_the_summary_on_stderr(capsys):
    assert main(["diff", DRAFT, APPROVED, "--csv", "-"]) == 0
    captured = capsys.readouterr()
    table = pd.read_csv(io.StringIO(captured.out))
    assert list(table.columns) == ["kind", "id", "name", "change", "field", "old", "new"]
    assert table["id"].tolist() == ["SHOW-CONS", "KA-CONS", "MKT-DIGI", "SAL-DATA", "D-COMPETE"]
    assert "(-5 people)" in captured.err


def test_diff_csv_to_a_file(tmp_path, capsys):
    out = tmp_path / "changes.csv"
    assert main(["diff", DRAFT, APPROVED, "--csv", str(out)]) == 0
    assert len(pd.read_csv(out)) == 5
    assert "5 change rows written to" in capsys.readouterr().out


def test_diff_of_a_missing_folder_exits_2(capsys, tmp_path):
    assert main(["diff", str(tmp_path / "nope"), APPROVED]) == 2
    assert "no such file or folder" in capsys.readouterr().err


def test_scenario_apply_writes_the_draft(tmp_path, capsys):
    out = tmp_path / "方案C"
    assert main(["scenario", "apply", AS_IS, FLATTEN, "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "11 changes applied" in printed and "(+4 people)" in printed
    written = read_structure(out)
    assert written == Scenario.load(FLATTEN).apply()
    assert written.status == "draft" and "WS-MGR" not in set(written.positions["position_id"])


def test_scenario_apply_on_a_changed_base_lists_conflicts_and_writes_nothing(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["scenario", "apply", APPROVED, FLATTEN, "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "5 conflicts; nothing written" in err and "recorded 'AS-MGR-OLD'" in err
    assert not out.exists()


def test_scenario_apply_never_overwrites_an_approved_structure(tmp_path, capsys, approved):
    folder = tmp_path / "approved"
    write_structure(approved, folder)
    assert main(["scenario", "apply", AS_IS, FLATTEN, "-o", str(folder)]) == 2
    assert "never edited in place" in capsys.readouterr().err
    assert read_structure(folder) == approved


def test_scenario_apply_reports_a_bad_file(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nchanges:\n  - op: merge\n", encoding="utf-8")
    assert main(["scenario", "apply", AS_IS, str(bad), "-o", str(tmp_path / "o")]) == 2
    assert "row 3, column 'changes[1].op': got 'merge'" in capsys.readouterr().err


def test_scenario_show(capsys):
    assert main(["scenario", "show", FLATTEN]) == 0
    out = capsys.readouterr().out
    assert "方案C：维修车间减少一层" in out and "remove position WS-MGR, its reports go to AS-DIR" in out
    assert main(["scenario", "show", FLATTEN, "--csv", "-"]) == 0
    assert pd.read_csv(io.StringIO(capsys.readouterr().out))["step"].tolist() == list(range(1, 12))


def test_scenario_needs_an_action(capsys):
    assert main(["scenario"]) == 2
