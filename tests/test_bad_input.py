"""Bad input on the command line: a clear message naming file, row, column and what to do; exit 2;
never a Python traceback, never a silent guess, nothing saved lost or half-written.

Each test is a regression test for one case of the bad-input audit: it calls
``orgplan.cli.main`` the way a user types the command, and checks the exit
code, the message and what is (not) on disk afterwards.
"""

from __future__ import annotations

import calendar
import datetime as dt
import errno
import os
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from orgplan.cli import main
from orgplan.errors import DataError, ParameterError
from orgplan.tables.io import read_table, write_table
from orgplan.model.io import sample_path, write_structure, read_structure

# --------------------------------------------------------------------------- helpers


def structure_copy(tmp_path: Path, name: str = "approved") -> Path:
    folder = tmp_path / name
    shutil.copytree(sample_path("approved-2027"), folder)
    return folder


def sales_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "sales"
    shutil.copytree(sample_path("sales"), folder)
    return folder


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def assert_clean(err: str) -> None:
    """The message is for a person: no traceback, no errno, no temporary file name."""
    assert "Traceback" not in err
    assert "[Errno" not in err
    assert ".tmp" not in err


def replace_in(path: Path, old: str, new: str, *, encoding: str = "utf-8") -> None:
    text = path.read_text(encoding="utf-8-sig")
    assert old in text
    path.write_bytes(text.replace(old, new, 1).encode(encoding))


# --------------------------------------------------------------------------- YAML files


def test_structure_yaml_saved_as_gbk_by_notepad_is_read(tmp_path, capsys):
    folder = structure_copy(tmp_path)
    (folder / "structure.yaml").write_bytes("name: 二〇二七年架構\nstatus: 已批准\n".encode("gb18030"))
    code, out, err = run(capsys, "summary", folder)
    assert code == 0, err
    assert read_structure(folder).name == "二〇二七年架構"


def test_unquoted_impossible_date_in_yaml_names_the_key(tmp_path, capsys):
    folder = structure_copy(tmp_path)
    replace_in(folder / "structure.yaml", "approved_on: '2027-03-28'", "approved_on: 2027-02-30")
    code, _, err = run(capsys, "check", folder)
    assert code == 2
    assert "structure.yaml" in err and "'approved_on'" in err and "got '2027-02-30'" in err
    assert_clean(err)


def test_key_given_twice_in_a_config_is_reported_with_both_lines(tmp_path, capsys):
    sales = sales_copy(tmp_path)
    config = sales / "target-2027.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "growth: 0.5\n", encoding="utf-8")
    code, out, err = run(capsys, "targets", "decompose", config)
    assert code == 2 and out == ""
    line = len(config.read_text(encoding="utf-8").splitlines())
    assert f"target-2027.yaml, row {line}, column 'growth'" in err
    assert "'growth' is already given on line 5" in err


def test_yaml_tab_indentation_names_the_line(tmp_path, capsys):
    scenario = tmp_path / "s.yaml"
    scenario.write_text("name: x\nchanges:\n\t- op: remove_unit\n", encoding="utf-8")
    code, _, err = run(capsys, "scenario", "show", scenario)
    assert code == 2
    assert "s.yaml, row 3" in err and "valid YAML" in err


def test_a_folder_given_as_yaml_file(tmp_path, capsys):
    code, _, err = run(capsys, "scenario", "show", tmp_path)
    assert code == 2
    assert "expected a YAML file (.yaml), not a folder" in err
    assert_clean(err)


def test_a_workbook_given_as_yaml_file(tmp_path, capsys):
    workbook = tmp_path / "target.xlsx"
    write_table(pd.DataFrame({"a": [1]}), workbook)
    code, _, err = run(capsys, "targets", "decompose", workbook)
    assert code == 2
    assert "binary file such as an Excel workbook" in err
    assert_clean(err)


# --------------------------------------------------------------------------- tables


def test_positions_with_only_a_header_row(tmp_path, capsys):
    folder = structure_copy(tmp_path)
    (folder / "positions.csv").write_text(
        (folder / "positions.csv").read_text(encoding="utf-8").splitlines()[0], encoding="utf-8")  # no newline
    code, out, err = run(capsys, "summary", folder)
    assert code == 2 and out == ""
    assert "positions.csv, row 2: expected data rows below the header row" in err
    code, out, _ = run(capsys, "check", folder)
    assert code == 1 and "no_rows" in out


def test_plan_with_only_a_header_row(tmp_path, capsys):
    plan = tmp_path / "plan.csv"
    plan.write_text(sample_path("plan-2027.csv").read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    for argv in (["plan", "status", plan], ["plan", "check", plan],
                 ["plan", "gantt", plan, "-o", tmp_path / "g.png"]):
        code, out, err = run(capsys, *argv)
        assert code == 2, argv
        assert "plan.csv, row 2: expected data rows" in err
    assert not (tmp_path / "g.png").exists()


def test_visit_log_with_only_a_header_row(tmp_path, capsys):
    sales = sales_copy(tmp_path)
    visits = sales / "visits-2027.csv"
    visits.write_text("salesperson,date,customer_id,minutes,cost,ordered,revenue\n", encoding="utf-8")
    code, _, err = run(capsys, "kpi", visits, "--period", "2027-04")
    assert code == 2 and "visits-2027.csv, row 2: expected data rows" in err


def test_ratings_with_only_a_header_row(tmp_path, capsys):
    sales = sales_copy(tmp_path)
    ratings = sales / "ratings-2027-09.csv"
    ratings.write_text(ratings.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    code, _, err = run(capsys, "scorecard", sales / "scorecard.yaml", "--period", "2027-09", "--ratings", ratings)
    assert code == 2 and "ratings-2027-09.csv, row 2: expected data rows" in err


@pytest.mark.parametrize("table", ["models.csv", "consultants.csv", "monthly_sales.csv"])
def test_empty_table_of_the_target_is_reported_not_a_pandas_error(tmp_path, capsys, table):
    sales = sales_copy(tmp_path)
    (sales / table).write_bytes(b"")
    code, _, err = run(capsys, "targets", "decompose", sales / "target-2027.yaml")
    assert code == 2
    assert f"{table}: expected a header row and data rows; the file is empty." in err
    assert "EmptyDataError" not in err


def test_empty_consultants_file_for_kpi(tmp_path, capsys):
    sales = sales_copy(tmp_path)
    (sales / "consultants.csv").write_bytes(b"")
    code, _, err = run(capsys, "kpi", sales / "visits-2027.csv", "--period", "2027-04",
                       "--consultants", sales / "consultants.csv")
    assert code == 2 and "consultants.csv: expected a header row and data rows" in err


def test_target_table_that_is_a_csv_renamed_to_xlsx(tmp_path, capsys):
    sales = sales_copy(tmp_path)
    shutil.copy(sales / "monthly_sales.csv", sales / "sales.xlsx")
    replace_in(sales / "target-2027.yaml", "sales: monthly_sales.csv", "sales: sales.xlsx")
    code, _, err = run(capsys, "targets", "decompose", sales / "target-2027.yaml")
    assert code == 2
    assert "sales.xlsx: expected an Excel .xlsx workbook that opens" in err


def test_consultant_start_date_as_excel_writes_it(tmp_path, capsys):
    sales = sales_copy(tmp_path)
    replace_in(sales / "consultants.csv", "2016-03-01", "2016/3/1")
    code, _, err = run(capsys, "targets", "decompose", sales / "target-2027.yaml", "--csv", "-")
    assert code == 0, err
    replace_in(sales / "consultants.csv", "2016/3/1", "2016/13/01")
    code, _, err = run(capsys, "targets", "decompose", sales / "target-2027.yaml")
    assert code == 2
    assert "consultants.csv, row 2, column 'start_date': got '2016/13/01', expected a date" in err


def test_simplified_chinese_headers_saved_as_gbk(tmp_path, capsys):
    sales = sales_copy(tmp_path)
    visits = sales / "visits-2027.csv"
    text = visits.read_text(encoding="utf-8-sig").replace(
        "salesperson,date,customer_id,minutes,cost,ordered,revenue", "销售顾问,日期,客户编号,分钟,费用,成交,成交金额")
    visits.write_bytes(text.encode("gb18030"))
    code, out, err = run(capsys, "kpi", visits, "--period", "2027-04", "--csv", "-")
    assert code == 0, err
    assert pd.read_csv(pd.io.common.StringIO(out))["visits"].sum() > 0
    actual = sales / "actual-2027.csv"
    text = actual.read_text(encoding="utf-8-sig").replace(
        "year,month,salesperson,model_id,units", "年份,月份,销售顾问,车型,台数")
    actual.write_bytes(text.encode("gb18030"))
    code, _, err = run(capsys, "plan-vs-actual", sales / "target-2027.yaml", actual, "--view", "team")
    assert code in (0, 1), err


def test_misspelled_header_lists_what_was_found_and_the_chinese_names(tmp_path, capsys):
    sales = sales_copy(tmp_path)
    replace_in(sales / "visits-2027.csv", "minutes", "minuets")
    code, _, err = run(capsys, "kpi", sales / "visits-2027.csv", "--period", "2027-04")
    assert code == 2
    assert "found: salesperson, date, customer_id, minuets" in err
    assert "row 1, column 'minutes': expected a column named 'minutes' (or 分鐘" in err


def test_job_description_revised_on_impossible_date(tmp_path, capsys):
    folder = structure_copy(tmp_path)
    replace_in(folder / "job_descriptions.csv", "2027-03-20", "2027-02-30")
    code, _, err = run(capsys, "handbook", folder, "--no-charts", "-o", tmp_path / "book.html")
    assert code == 2
    assert "job_descriptions.csv, row 2, column 'revised_on': got '2027-02-30'" in err
    assert not (tmp_path / "book.html").exists()


# --------------------------------------------------------------------------- sales figures: no silent guess


def test_plan_vs_actual_through_a_month_without_sales(tmp_path, capsys):
    sales = sample_path("sales")
    code, out, err = run(capsys, "plan-vs-actual", sales / "target-2027.yaml", sales / "actual-2027.csv",
                         "--through", "2027-12")
    assert code == 2 and out == ""
    assert "the sales go up to 2027-09" in err


def test_kpi_for_a_period_without_visits_warns(capsys):
    sales = sample_path("sales")
    code, out, err = run(capsys, "kpi", sales / "visits-2027.csv", "--period", "2030-01")
    assert code == 0
    assert "warning: no visits in 2030-01" in err and "covers 2027-01-01 to 2027-09-30" in err


@pytest.mark.parametrize("month, expected", [
    ("2027-13", "column 'month': got '2027-13', expected the month rated"),
    ("2027-08", "are for 2027-08, not for the scorecard's period 2027-09"),
])
def test_ratings_of_a_wrong_or_impossible_month(tmp_path, capsys, month, expected):
    sales = sales_copy(tmp_path)
    replace_in(sales / "ratings-2027-09.csv", "S01,王海涛,2027-09", f"S01,王海涛,{month}")
    code, out, err = run(capsys, "scorecard", sales / "scorecard.yaml", "--period", "2027-09",
                         "--ratings", sales / "ratings-2027-09.csv")
    assert code == 2 and out == ""
    assert expected in err


def test_misspelled_rating_column_names_the_ratings_file(tmp_path, capsys):
    sales = sales_copy(tmp_path)
    replace_in(sales / "ratings-2027-09.csv", "teamwork", "teamwrok")
    code, _, err = run(capsys, "scorecard", sales / "scorecard.yaml", "--period", "2027-09",
                       "--ratings", sales / "ratings-2027-09.csv")
    assert code == 2
    assert "ratings-2027-09.csv has no column 'teamwork' (its rating columns: teamwrok" in err


# --------------------------------------------------------------------------- outputs, checked before any work


@pytest.mark.parametrize("name", ["diff.txt", "diff.xls", "missing/diff.csv"])
def test_csv_option_is_checked_before_anything_is_printed(tmp_path, capsys, name):
    code, out, err = run(capsys, "diff", sample_path("as-is-2026"), sample_path("approved-2027"),
                         "--csv", tmp_path / name)
    assert code == 2 and out == ""
    assert "argument --csv:" in err
    assert ("must end in .csv or .xlsx" in err) if "missing" not in name else ("does not exist" in err)
    assert list(tmp_path.iterdir()) == []


def test_chart_output_inside_a_file(tmp_path, capsys):
    blocker = tmp_path / "notes.txt"
    blocker.write_text("x", encoding="utf-8")
    code, _, err = run(capsys, "chart", sample_path("approved-2027"), "--depth", "1", "-o", blocker / "c.svg")
    assert code == 2
    assert f"{blocker} is a file, not a folder" in err
    assert_clean(err)


@pytest.mark.parametrize("argv", [
    ["demo", "--out", "{file}"],
    ["survey", "make", "{approved}", "-o", "{file}"],
])
def test_folder_option_that_is_a_file(tmp_path, capsys, argv):
    blocker = tmp_path / "notes.txt"
    blocker.write_text("keep me", encoding="utf-8")
    argv = [a.format(file=blocker, approved=sample_path("approved-2027")) for a in argv]
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert f"{blocker}: a file of that name is in the way where a folder is needed" in err
    assert blocker.read_text(encoding="utf-8") == "keep me"
    assert_clean(err)


@pytest.mark.parametrize("output", ["plan.csv", "plan.xls"])
def test_target_workbook_with_another_suffix(tmp_path, capsys, output):
    sales = sample_path("sales")
    code, out, err = run(capsys, "targets", "decompose", sales / "target-2027.yaml", "-o", tmp_path / output)
    assert code == 2 and out == ""
    assert "the workbook must end in .xlsx" in err
    assert not (tmp_path / output).exists()


def test_write_plan_workbook_refuses_another_suffix(tmp_path):
    from orgplan.sales.targets import decompose_plan, read_target_config, write_plan_workbook

    plan = decompose_plan(read_target_config(sample_path("sales") / "target-2027.yaml"))
    with pytest.raises(ParameterError, match=r"must end in \.xlsx"):
        write_plan_workbook(plan, tmp_path / "plan.csv")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("output", ["draft.csv", "draft.txt", "notes.txt/draft"])
def test_scenario_apply_output_that_is_no_folder(tmp_path, capsys, output):
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    scenario = sample_path("scenarios") / "flatten-workshop.yaml"
    code, out, err = run(capsys, "scenario", "apply", sample_path("as-is-2026"), scenario, "-o", tmp_path / output)
    assert code == 2 and out == ""
    assert "argument -o/--output" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_write_structure_refuses_a_file_suffix(tmp_path):
    with pytest.raises(ParameterError, match="must be a folder name or end in .xlsx"):
        write_structure(read_structure(sample_path("approved-2027")), tmp_path / "approved.csv")
    assert list(tmp_path.iterdir()) == []


def test_survey_collect_checks_every_output_before_writing_any(tmp_path, capsys):
    code, _, err = run(capsys, "survey", "collect", sample_path("approved-2027"), sample_path("survey-returns"),
                       "-o", tmp_path / "proposals.csv", "--scenario", tmp_path / "missing" / "s.yaml")
    assert code == 2
    assert "argument --scenario" in err and "does not exist" in err
    assert not (tmp_path / "proposals.csv").exists()


def test_handbook_output_suffix_is_checked_first(tmp_path, capsys):
    code, out, err = run(capsys, "handbook", sample_path("approved-2027"), "-o", tmp_path / "book.docx")
    assert code == 2 and out == ""
    assert "must end in .html or .htm or .pdf" in err
    assert "job descriptions" not in err  # nothing was read or built


# --------------------------------------------------------------------------- unwritable outputs, nothing lost


def test_permission_denied_names_the_output_not_the_temporary_file(tmp_path, capsys, monkeypatch):
    # Tests may run as root, for whom chmod 555 does not stop writing: simulate the refusal.
    import tempfile

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(tmp_path / ".x.tmp"))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    code, _, err = run(capsys, "summary", sample_path("approved-2027"), "--csv", tmp_path / "summary.csv")
    assert code == 2
    assert f"{tmp_path / 'summary.csv'}: cannot write in the folder {tmp_path} (permission denied)" in err
    assert_clean(err)


def test_file_open_in_excel_is_left_unchanged(tmp_path, capsys, monkeypatch):
    target = tmp_path / "summary.csv"
    target.write_text("the old table\n", encoding="utf-8")

    def refuse(src, dst):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(src), None, str(dst))

    monkeypatch.setattr(os, "replace", refuse)
    code, _, err = run(capsys, "summary", sample_path("approved-2027"), "--csv", target)
    assert code == 2
    assert "open in another program such as Excel" in err and "The existing file is unchanged." in err
    assert target.read_text(encoding="utf-8") == "the old table\n"
    assert [p.name for p in tmp_path.iterdir()] == ["summary.csv"]  # no temporary file left behind


def test_any_operating_system_error_is_one_line_and_exit_2(tmp_path, capsys, monkeypatch):
    import orgplan.cli.structure as verb

    def disk_full(args):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(tmp_path / "summary.csv"))

    monkeypatch.setattr(verb, "_summary", disk_full)
    parser_argv = ["summary", str(sample_path("approved-2027"))]
    from orgplan.cli import build_parser
    from orgplan.cli._common import run_command

    args = build_parser().parse_args(parser_argv)
    code = run_command(disk_full, args)
    _, err = capsys.readouterr()
    assert code == 2
    assert err == f"orgplan: {tmp_path / 'summary.csv'}: No space left on device.\n"


# --------------------------------------------------------------------------- properties


@settings(max_examples=60, deadline=None)
@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)),
       st.sampled_from(["{y}-{m:02d}-{d:02d}", "{y}/{m}/{d}", "{y}.{m}.{d}", "{y}年{m}月{d}日",
                        "{y}-{m:02d}-{d:02d} 00:00:00"]))
def test_every_real_date_is_read_in_every_excel_form(day, form):
    from orgplan.tables.cells import parse_date

    assert parse_date(form.format(y=day.year, m=day.month, d=day.day)) == day


@settings(max_examples=60, deadline=None)
@given(st.integers(1990, 2100), st.integers(1, 14), st.integers(28, 32))
def test_no_impossible_date_is_guessed(year, month, day):
    from orgplan.tables.cells import parse_date

    valid = month <= 12 and day <= calendar.monthrange(year, month)[1]
    parsed = parse_date(f"{year}-{month:02d}-{day:02d}")
    assert (parsed is not None) == valid
    assert (parse_date(f"{year}/{month}/{day}") is not None) == valid


@settings(max_examples=40, deadline=None)
@given(st.lists(st.from_regex(r"[a-z][a-z_]{0,8}", fullmatch=True), min_size=1, max_size=6, unique=True),
       st.data())
def test_a_repeated_key_is_always_reported_at_its_second_line(tmp_path_factory, keys, data):
    from orgplan.tables.yamlfile import load_yaml_with_lines

    repeated = data.draw(st.sampled_from(keys))
    lines = [f"{k}: {i}" for i, k in enumerate(keys)] + [f"{repeated}: again"]
    path = tmp_path_factory.mktemp("yaml") / "config.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_yaml_with_lines(path, "a mapping")
    (problem,) = caught.value.problems
    assert (problem.row, problem.column, problem.code) == (len(lines), repeated, "duplicate_key")
    assert f"already given on line {keys.index(repeated) + 1}" in problem.expected
    # without the repeat the same file reads as the mapping it says
    path.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    assert load_yaml_with_lines(path, "a mapping").data == yaml.safe_load("\n".join(lines[:-1]))


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(["units", "positions", "duties"]), st.data())
def test_every_header_alias_reads_in_either_script(table_name, data):
    from orgplan.model.tables import TABLES
    from orgplan.tables.schema import _HEADER_FOLD, canonical_headers

    table = TABLES[table_name]
    column = data.draw(st.sampled_from([c for c in table.columns if c.aliases]))
    alias = data.draw(st.sampled_from(column.aliases))
    simplified = alias.translate(_HEADER_FOLD)
    mapping, _ = canonical_headers(table, [simplified], "t.csv")
    mapping_original, _ = canonical_headers(table, [alias], "t.csv")
    assert mapping[simplified] == mapping_original[alias]


def test_read_table_require_rows_keeps_an_empty_result_otherwise(tmp_path):
    path = tmp_path / "duties.csv"
    path.write_text("duty_id,name,unit_id\n", encoding="utf-8")
    assert read_table(path).empty
    with pytest.raises(DataError, match="only its header") as caught:
        read_table(path, require_rows=True)
    assert caught.value.problems[0].code == "no_rows"


# ----------------------------------------------------------- headcount requests
def test_requests_output_is_checked_before_the_ledger_records_anything(tmp_path, capsys):
    from orgplan import sample_path

    ledger = tmp_path / "ledger.sqlite"
    code = main(["requests", "validate", str(sample_path("approved-2027")), str(sample_path("requests-2027-04.csv")),
                 "-o", str(tmp_path / "decisions.txt"), "--ledger", str(ledger)])
    assert code == 2
    assert "must end in .csv or .xlsx" in capsys.readouterr().err
    assert not ledger.exists()  # no seats pending for decisions nobody could read
