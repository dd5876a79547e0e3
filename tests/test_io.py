"""Reading and writing structures: formats, Chinese headers, encodings, bad cells."""

from __future__ import annotations

import shutil
import string

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orgplan import DataError, Structure, read_structure, write_structure, sample_path
from orgplan.tables.io import read_table, write_table, atomic_path

from conftest import tiny_tables


def copy_sample(tmp_path, name="approved-2027"):
    target = tmp_path / name
    shutil.copytree(sample_path(name), target)
    return target


@pytest.mark.parametrize("suffix", ["", ".xlsx"])
def test_sample_round_trips(approved, tmp_path, suffix):
    path = write_structure(approved, tmp_path / f"copy{suffix}")
    assert read_structure(path) == approved


def test_equality_notices_a_changed_cell(approved):
    positions = approved.positions
    positions.loc[positions["position_id"] == "SHOW-CONS", "approved"] = 15
    assert approved.replace(positions=positions) != approved


def test_chinese_headers_are_aliases(tmp_path):
    folder = tmp_path / "zh"
    folder.mkdir()
    (folder / "units.csv").write_text("部門編號,名稱,上級部門,類型\nCO,公司,,公司\nS,销售部,CO,部門\n", encoding="utf-8")
    (folder / "positions.csv").write_text(
        "职位编号,部门,职位,上级,编制,在岗,月成本\nGM,CO,总经理,,1,1,30000\nSC,S,销售顾问,GM,\"1,200\",3,6000\n",
        encoding="utf-8")
    s = read_structure(folder)
    assert s.units["kind"].tolist() == ["company", "department"]
    assert s.position("SC")["approved"] == 1200  # thousands separator as Excel writes it


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_encodings(tmp_path, encoding):
    path = tmp_path / "t.csv"
    path.write_bytes("部門,編制\n销售部,10\n".encode(encoding))
    assert read_table(path).to_dict("list") == {"部門": ["销售部"], "編制": ["10"]}


def test_every_bad_cell_is_reported_with_row_and_column(tmp_path):
    folder = copy_sample(tmp_path)
    text = (folder / "positions.csv").read_text(encoding="utf-8")
    text = text.replace("SHOW-CONS,SALES-SHOW,销售顾问,SHOW-SUP,14,12", "SHOW-CONS,SALES-SHOW,销售顾问,SHOW-SUP,十四,12")
    text = text.replace("FIN-ACC,FIN,会计,FIN-MGR,2,2", "FIN-ACC,FIN,会计,FIN-MGR,-2,2.5")
    text = text.replace("ADM-DRV,ADM,司机,ADM-MGR", "ADM-HR,ADM,司机,ADM-MGR")
    (folder / "positions.csv").write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_structure(folder)
    problems = {(p.row, p.column, p.code, p.value) for p in caught.value.problems}
    assert problems == {
        (8, "position_id", "duplicate_id", "ADM-HR"),
        (11, "approved", "negative_establishment", "-2"),
        (11, "filled", "not_integer", "2.5"),
        (17, "approved", "not_a_number", "十四"),
    }
    message = str(caught.value)
    assert "positions.csv, row 17, column 'approved': got '十四', expected a whole number" in message
    assert "already used on row 6" in message


def test_missing_required_column_is_one_clear_problem(tmp_path):
    folder = copy_sample(tmp_path)
    frame = pd.read_csv(folder / "positions.csv", dtype=str, keep_default_na=False).drop(columns="approved")
    frame.to_csv(folder / "positions.csv", index=False)
    with pytest.raises(DataError, match=r"column 'approved' \(approved / 編制 / 编制"):
        read_structure(folder)


def test_blank_required_cells_and_bad_kind(tmp_path):
    folder = copy_sample(tmp_path)
    text = (folder / "units.csv").read_text(encoding="utf-8")
    text = text.replace("FIN,财务部,CO,department", "FIN,,CO,division")
    (folder / "units.csv").write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_structure(folder)
    assert [(p.row, p.column, p.code) for p in caught.value.problems] == [
        (4, "name", "missing_value"), (4, "kind", "invalid_value")]


def test_not_a_structure_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match="missing units.csv, positions.csv"):
        read_structure(tmp_path)


def test_empty_and_malformed_files(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(DataError, match="empty"):
        read_table(empty)
    broken = tmp_path / "broken.csv"
    broken.write_text('a,b\n1,2,3,4\n"unterminated\n')
    with pytest.raises(DataError, match="same number of cells"):
        read_table(broken)


def test_bad_yaml_metadata(tmp_path):
    folder = copy_sample(tmp_path)
    (folder / "structure.yaml").write_text("name: x\nstatus: finished\n", encoding="utf-8")
    with pytest.raises(DataError, match="structure.yaml.*'status'.*one of as-is, draft, approved"):
        read_structure(folder)


def test_workbook_with_chinese_sheet_names(approved, tmp_path):
    path = tmp_path / "架構.xlsx"
    with pd.ExcelWriter(path) as writer:
        approved.units.to_excel(writer, sheet_name="部門", index=False)
        approved.positions.to_excel(writer, sheet_name="職位", index=False)
    s = read_structure(path)
    assert s.positions.equals(approved.positions)
    assert s.duties.empty


def test_atomic_write_leaves_old_file_when_interrupted(tmp_path):
    target = tmp_path / "t.csv"
    target.write_text("old")
    with pytest.raises(RuntimeError):
        with atomic_path(target) as tmp:
            tmp.write_text("half")
            raise RuntimeError("killed")
    assert target.read_text() == "old"
    assert list(tmp_path.iterdir()) == [target]


def test_atomic_write_gives_ordinary_permissions(tmp_path):
    import os, stat

    mask = os.umask(0o022)
    try:
        target = write_table(pd.DataFrame({"a": [1]}), tmp_path / "t.csv")
    finally:
        os.umask(mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_write_table_refuses_unknown_suffix(tmp_path):
    with pytest.raises(DataError, match=".csv or .xlsx"):
        write_table(pd.DataFrame({"a": [1]}), tmp_path / "t.json")


# Names users really type: Chinese, commas, quotes, slashes, newlines.
awkward_text = st.text(
    alphabet=st.sampled_from(list("销售部客戶關係/CRM,\"'\n &<>") + list(string.ascii_letters)),
    min_size=1, max_size=12,
).filter(lambda t: t.strip() == t and t.strip() != "")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(awkward_text, min_size=4, max_size=4), titles=st.lists(awkward_text, min_size=5, max_size=5),
       fmt=st.sampled_from(["", ".xlsx"]))
def test_round_trip_keeps_awkward_names(tmp_path_factory, names, titles, fmt):
    units, positions, duties = tiny_tables()
    units["name"] = names
    positions["title"] = titles
    s = Structure(units, positions, duties, name="試算 / draft, \"v2\"", status="草案")
    path = write_structure(s, tmp_path_factory.mktemp("rt") / f"s{fmt}")
    assert read_structure(path) == s
