"""A standing guard: random and mutated inputs through every reader and every verb end in a result or a located error.

Each example takes one of the bundled sample tables (a structure's CSV files and
``structure.yaml``, a requests batch, the sales tables, the plan, a scenario,
the target config), mutates it the way careless and hostile users do — a cell
(huge, negative, ``1,2``, ``inf``, a formula, script, a Graphviz escape, a
date that does not exist), a header (dropped, doubled, renamed), a row (an
extra or a missing cell, doubled, cut off), the encoding (GBK, Big5, UTF-16,
random bytes, NUL), a workbook's sheets (hidden, doubled, a cell far away),
YAML (aliases, nesting, wrong types) — and runs the readers and the
command-line verbs on it. Every run must end

* with exit 0 or 1 (a result, perhaps with findings) or 2 (a located error,
  said in one message), never a Python traceback;
* within a time bound (:data:`SECONDS` per run) and a memory bound
  (:data:`MEGABYTES` for the whole test process).

The number of examples per test is ``ORGPLAN_FUZZ_EXAMPLES`` (default 4, a
few minutes in all on CI); raise it for a longer hunt, e.g.
``ORGPLAN_FUZZ_EXAMPLES=200 pytest tests/test_fuzz.py``.
"""

from __future__ import annotations

import contextlib
import io
import os
import resource
import shutil
import tempfile
import time
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orgplan import sample_path
from orgplan.cli import main
from orgplan.errors import DataError, OrgPlanError
from orgplan.tables.io import read_table
from orgplan.tables.yamlfile import load_yaml_with_lines

EXAMPLES = int(os.environ.get("ORGPLAN_FUZZ_EXAMPLES", "4"))
#: The longest one run may take, in seconds (generous: CI machines are shared).
SECONDS = 60
#: The most memory the test process may have used at any time, in megabytes.
MEGABYTES = 3_000

FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=False,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])

NASTY = [
    "", " ", "0", "-1", "-2", "1.5", "1,2", "1,200", "1,2,3", "99999999999999999999", "-99999999999999999999",
    "1e308", "1e309", "inf", "-inf", "nan", "NaN", "None", "null", "NA", "#N/A", "TRUE", "是", "x",
    "0000-01-01", "2027-02-30", "2027/4-3", "9999-12-31", "1900-01-01", "46115", "2027年13月1日",
    "=HYPERLINK(\"http://evil.example\",\"点我\")", "+1+2", "-1+2", "@SUM(A1)", "\t=1", "'=1",
    "<script>alert(1)</script>", "<span onmouseover=alert(1)>x</span>", "a\\", "\\G", "\\N", "\\l",
    "\"quoted\"", "a,b", "a\nb", "a\rb", "销售部", "銷售部", "GM", "CO", "SALES", "SHOW-CONS", "GM-2027-007",
    "未批准", "待批", "hire", "增编", "new_position", "\x00", "\u202e", "🚗", "x" * 5000,
]


def nasty_text() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(NASTY), st.text(max_size=30))


# ---------------------------------------------------------------- the guard
@contextlib.contextmanager
def bounded():
    """Fail when the block takes longer than :data:`SECONDS` or the process grows beyond :data:`MEGABYTES`."""
    started = time.perf_counter()
    yield
    elapsed = time.perf_counter() - started
    assert elapsed < SECONDS, f"took {elapsed:.0f} s"
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux
    assert peak < MEGABYTES, f"the process reached {peak:.0f} MB"


def run(*argv: str) -> int:
    """Run a verb in this process: its exit code; any exception but SystemExit fails the test (a traceback)."""
    out, err = io.StringIO(), io.StringIO()
    with bounded(), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(["--lang", "en", *argv])
        except SystemExit as exc:  # argparse: a wrong call
            code = exc.code
    assert code in (0, 1, 2), (argv, code, err.getvalue()[-2000:])
    assert "Traceback" not in err.getvalue()
    if code == 2:
        assert err.getvalue().strip(), "exit 2 must say why"
    return code


def read_or_locate(reader, *args) -> None:
    """A reader returns, or raises one of orgplan's errors (or an OSError naming the file), within the bounds."""
    with bounded():
        try:
            reader(*args)
        except (DataError, OrgPlanError, OSError):
            pass


# ---------------------------------------------------------------- mutations of a table
@st.composite
def mutated_csv(draw, source: Path) -> bytes:
    """The bytes of ``source`` (a sample CSV) after one to three mutations."""
    frame = pd.read_csv(source, dtype=str, keep_default_na=False)
    if len(frame) > 60:
        frame = frame.head(60) if source.name not in ("monthly_sales.csv",) else frame
    header = list(frame.columns)
    rows = frame.values.tolist()
    for _round in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["cell", "cell", "cell", "header", "drop_column", "duplicate_header",
                                     "extra_cell", "missing_cell", "duplicate_row", "empty", "blank_rows"]))
        if kind == "cell" and rows:
            r = draw(st.integers(0, len(rows) - 1))
            c = draw(st.integers(0, len(header) - 1))
            rows[r][c] = draw(nasty_text())
        elif kind == "header":
            c = draw(st.integers(0, len(header) - 1))
            header[c] = draw(st.one_of(nasty_text(), st.sampled_from(
                ["部门", "部門", "职位", "編制", "编制", "在岗", "approved", "filled", "unit_id", "position_id",
                 "Unnamed: 0", "特批", "人数"])))
        elif kind == "drop_column" and len(header) > 1:
            c = draw(st.integers(0, len(header) - 1))
            del header[c]
            rows = [row[:c] + row[c + 1:] for row in rows]
        elif kind == "duplicate_header":
            c = draw(st.integers(0, len(header) - 1))
            header.append(header[c])
            rows = [row + [row[c]] for row in rows]
        elif kind == "extra_cell" and rows:
            r = draw(st.integers(0, len(rows) - 1))
            rows[r] = rows[r] + [draw(nasty_text())]
        elif kind == "missing_cell" and rows:
            r = draw(st.integers(0, len(rows) - 1))
            rows[r] = rows[r][:-1]
        elif kind == "duplicate_row" and rows:
            rows.append(list(rows[draw(st.integers(0, len(rows) - 1))]))
        elif kind == "empty":
            rows = []
        elif kind == "blank_rows" and rows:
            rows.insert(draw(st.integers(0, len(rows))), [""] * len(header))
    buffer = io.StringIO()
    import csv

    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    text = buffer.getvalue()
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "gb18030", "big5", "utf-16", "latin-1"]))
    data = text.encode(encoding, errors="replace")
    damage = draw(st.sampled_from(["none", "none", "none", "truncate", "nul", "random_bytes", "lone_quote"]))
    if damage == "truncate" and data:
        data = data[:draw(st.integers(0, len(data)))]
    elif damage == "nul":
        data = data.replace(b",", b"\x00,", 1)
    elif damage == "random_bytes":
        data = draw(st.binary(max_size=400))
    elif damage == "lone_quote":
        data = data.replace(b",", b',"', 1)
    return data


def to_workbook(data: bytes, path: Path, sheet: str, draw) -> None:
    """Write a mutated CSV's cells as a workbook, with random sheet states, extra sheets and a far cell."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    import csv

    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    for row in csv.reader(io.StringIO(text.replace("\x00", ""), newline="")):
        ws.append([ILLEGAL_CHARACTERS_RE.sub("", cell) for cell in row])
    if draw(st.booleans()):
        other = book.create_sheet(draw(st.sampled_from([sheet, "职位", "positions", "部门", "units", "Sheet2"]))[:31])
        other.append(["a", "b"])
        other.sheet_state = draw(st.sampled_from(["visible", "hidden", "veryHidden"]))
    if draw(st.integers(0, 9)) == 0:
        ws["XFD1048576"] = "far"
    if draw(st.booleans()) and len(book.worksheets) > 1:
        ws.sheet_state = "hidden"
    if not any(sheet.sheet_state == "visible" for sheet in book.worksheets):
        book.worksheets[0].sheet_state = "visible"  # Excel itself keeps one sheet visible
    book.save(path)


# ---------------------------------------------------------------- YAML
@st.composite
def mutated_yaml(draw, source: Path) -> bytes:
    text = source.read_text(encoding="utf-8")
    kind = draw(st.sampled_from(["value", "value", "value", "alias_bomb", "deep", "tabs", "random", "type",
                                 "duplicate_key", "truncate"]))
    lines = text.splitlines()
    if kind == "value":
        candidates = [i for i, line in enumerate(lines) if ":" in line and not line.lstrip().startswith("#")]
        for _i in range(draw(st.integers(1, 3))):
            i = draw(st.sampled_from(candidates))
            key = lines[i].split(":", 1)[0]
            value = draw(st.one_of(st.sampled_from(NASTY), st.sampled_from(
                ["[]", "{}", "~", "[1, 2]", "{a: 1}", "*nope", "&a x", "!!python/object:os.system x", "'''",
                 "99999999999999999999", "-0.5", "1.0e+400", ".inf", ".nan", "2027-02-30", "yes", "no"])))
            lines[i] = f"{key}: {value!s}" if "\n" not in value else f"{key}: {value!r}"
        text = "\n".join(lines) + "\n"
    elif kind == "alias_bomb":
        bomb = ['bomb0: &b0 ["x","x","x","x","x","x","x","x","x"]']
        bomb += [f"bomb{i}: &b{i} [{','.join([f'*b{i - 1}'] * 9)}]" for i in range(1, 9)]
        text = text + "\n" + "\n".join(bomb) + "\n"
    elif kind == "deep":
        depth = draw(st.integers(50, 3000))
        text = text + "\nextra: " + "[" * depth + "]" * depth + "\n"
    elif kind == "tabs":
        text = text.replace("  ", "\t")
    elif kind == "random":
        return draw(st.binary(max_size=300))
    elif kind == "type":
        text = draw(st.sampled_from(["- a\n- b\n", "just text\n", "42\n", "", "~\n", "[\n"]))
    elif kind == "duplicate_key":
        text = text + "\n" + lines[0] + "\n"
    elif kind == "truncate":
        text = text[:draw(st.integers(0, len(text)))]
    return text.encode(draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"])), errors="replace")


# ---------------------------------------------------------------- structures
STRUCTURE = sample_path("approved-2027")
STRUCTURE_FILES = ["units.csv", "positions.csv", "duties.csv"]


@st.composite
def mutated_structure(draw) -> dict[str, bytes]:
    """The files of a copy of the approved structure, one or two of them mutated."""
    files = {name: (STRUCTURE / name).read_bytes() for name in [*STRUCTURE_FILES, "structure.yaml"]}
    for name in draw(st.lists(st.sampled_from([*STRUCTURE_FILES, "structure.yaml"]), min_size=1, max_size=2,
                              unique=True)):
        files[name] = draw(mutated_yaml(STRUCTURE / name)) if name.endswith(".yaml") else \
            draw(mutated_csv(STRUCTURE / name))
    return files


def write_files(folder: Path, files: dict[str, bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


@FUZZ
@given(files=mutated_structure())
def test_structure_verbs_on_mutated_structures(files):
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_files(Path(tmp) / "co", files)
        run("check", str(folder))
        run("summary", str(folder), "--csv", str(Path(tmp) / "s.csv"))
        run("diff", str(sample_path("as-is-2026")), str(folder))
        run("requests", "validate", str(folder), str(sample_path("requests-2027-04.csv")), "-o", "-")
        run("requests", "status", str(folder), "--by", "department")
        run("scenario", "apply", str(folder), str(sample_path("scenarios") / "flatten-workshop.yaml"),
            "-o", str(Path(tmp) / "out"))


@FUZZ
@given(files=mutated_structure(), data=st.data())
def test_structure_workbooks_with_mutated_sheets(files, data):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "co.xlsx"
        for name in STRUCTURE_FILES:
            part = Path(tmp) / f"{name}.xlsx"
            to_workbook(files[name], part, data.draw(st.sampled_from(
                [name[:-4], {"units": "部门", "positions": "职位", "duties": "职能"}[name[:-4]]])), data.draw)
        merged = openpyxl.Workbook()
        merged.remove(merged.active)
        for name in STRUCTURE_FILES:
            source = openpyxl.load_workbook(Path(tmp) / f"{name}.xlsx")
            for sheet in source.worksheets:
                if sheet.title in merged.sheetnames:
                    continue
                target = merged.create_sheet(sheet.title)
                for row in sheet.iter_rows(values_only=True, max_row=200, max_col=30):
                    target.append(list(row))
                target.sheet_state = sheet.sheet_state
        if not any(s.sheet_state == "visible" for s in merged.worksheets):
            merged.worksheets[0].sheet_state = "visible"
        merged.save(path)
        run("check", str(path))
        run("summary", str(path))


@FUZZ
@given(data=st.data())
def test_charts_and_handbook_on_mutated_structures(data):
    files = data.draw(mutated_structure())
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_files(Path(tmp) / "co", files)
        run("chart", str(folder), "-o", str(Path(tmp) / "c.svg"))
        if data.draw(st.booleans()):
            run("handbook", str(folder), "-o", str(Path(tmp) / "h.html"))


# ---------------------------------------------------------------- requests
@FUZZ
@given(data=st.data())
def test_requests_verbs_on_mutated_batches(data):
    batch = data.draw(mutated_csv(sample_path("requests-2027-04.csv")))
    with tempfile.TemporaryDirectory() as tmp:
        suffix = data.draw(st.sampled_from([".csv", ".csv", ".xlsx"]))
        path = Path(tmp) / f"r{suffix}"
        if suffix == ".xlsx":
            to_workbook(batch, path, "requests", data.draw)
        else:
            path.write_bytes(batch)
        ledger = Path(tmp) / "l.sqlite"
        run("requests", "validate", str(STRUCTURE), str(path), "--ledger", str(ledger),
            "-o", str(Path(tmp) / "d.xlsx"), "--exceptions", str(Path(tmp) / "e.csv"))
        run("requests", "exceptions", str(STRUCTURE), "--ledger", str(ledger))
        run("requests", "status", str(STRUCTURE), "--ledger", str(ledger))
        run("requests", "fill", "2027-04-001", "--ledger", str(ledger))


# ---------------------------------------------------------------- sales
SALES = sample_path("sales")


@FUZZ
@given(data=st.data())
def test_sales_verbs_on_mutated_tables(data):
    name = data.draw(st.sampled_from(["consultants.csv", "monthly_sales.csv", "models.csv", "target-2027.yaml"]))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "sales"
        shutil.copytree(SALES, folder)
        source = SALES / name
        (folder / name).write_bytes(data.draw(mutated_yaml(source)) if name.endswith(".yaml")
                                    else data.draw(mutated_csv(source)))
        run("targets", "decompose", str(folder / "target-2027.yaml"), "-o", str(Path(tmp) / "t.xlsx"))
        run("plan-vs-actual", str(folder / "target-2027.yaml"), str(folder / "actual-2027.csv"),
            "--team", data.draw(st.sampled_from(["展厅", "大客户", "nope"])))


@FUZZ
@given(data=st.data())
def test_kpi_verbs_on_mutated_activity(data):
    name = data.draw(st.sampled_from(["visits-2027.csv", "customers.csv", "ratings-2027-09.csv", "scorecard.yaml"]))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "sales"
        shutil.copytree(SALES, folder)
        source = SALES / name
        (folder / name).write_bytes(data.draw(mutated_yaml(source)) if name.endswith(".yaml")
                                    else data.draw(mutated_csv(source)))
        period = data.draw(st.sampled_from(["2027-04", "2027Q2", "2027", "0000-01", "2027-13", "2027-04-01..2027-04-15",
                                            "9999", "x"]))
        run("kpi", str(folder / "visits-2027.csv"), "--period", period, "--customers", str(folder / "customers.csv"),
            "--lost-after", data.draw(st.sampled_from(["180", "0", "99999999999", "-5", "1.5"])))
        run("scorecard", str(folder / "scorecard.yaml"), "--period", "2027-09",
            "--ratings", str(folder / "ratings-2027-09.csv"))


# ---------------------------------------------------------------- plan, scenario, survey
@FUZZ
@given(data=st.data())
def test_plan_scenario_and_survey_verbs_on_mutated_files(data):
    with tempfile.TemporaryDirectory() as tmp:
        plan = Path(tmp) / "plan.csv"
        plan.write_bytes(data.draw(mutated_csv(sample_path("plan-2027.csv"))))
        run("plan", "status", str(plan), "--today", data.draw(st.sampled_from(["2027-02-01", "0000-01-01", "x"])))
        run("plan", "check", str(plan))
        scenario = Path(tmp) / "s.yaml"
        scenario.write_bytes(data.draw(mutated_yaml(sample_path("scenarios") / "flatten-workshop.yaml")))
        run("scenario", "show", str(scenario))
        run("scenario", "apply", str(sample_path("as-is-2026")), str(scenario), "-o", str(Path(tmp) / "out"))
        files = data.draw(mutated_structure())
        folder = write_files(Path(tmp) / "co", files)
        run("survey", "make", str(folder), "-o", str(Path(tmp) / "forms"))


# ---------------------------------------------------------------- the readers themselves
@FUZZ
@given(data=st.data())
def test_every_reader_on_random_bytes_and_mutations(data):
    from orgplan.headcount.requests import read_requests
    from orgplan.model.io import read_structure
    from orgplan.sales.plan_files import read_target_config
    from orgplan.sales.activity_files import read_customers, read_visits
    from orgplan.yearplan.plan import read_plan

    source = data.draw(st.sampled_from([sample_path("requests-2027-04.csv"), sample_path("plan-2027.csv"),
                                        SALES / "visits-2027.csv", SALES / "customers.csv",
                                        STRUCTURE / "positions.csv"]))
    raw = data.draw(st.one_of(mutated_csv(source), st.binary(max_size=2000)))
    with tempfile.TemporaryDirectory() as tmp:
        for suffix in (".csv", ".xlsx", ".yaml"):
            path = Path(tmp) / f"f{suffix}"
            path.write_bytes(raw)
            for reader in (read_table, read_requests, read_plan, read_visits, read_customers):
                read_or_locate(reader, path)
            read_or_locate(load_yaml_with_lines, path, "a mapping")
            read_or_locate(read_target_config, path)
            read_or_locate(read_structure, path)
        path = Path(tmp) / "w.xlsx"
        to_workbook(raw, path, "Sheet1", data.draw)
        for reader in (read_table, read_requests, read_plan, read_visits, read_customers, read_structure):
            read_or_locate(reader, path)


@pytest.mark.parametrize("payload", [b"", b"\xff\xfe", b"PK\x03\x04junk", b"\x00" * 100, "部门\n".encode("utf-16")])
def test_odd_files_for_every_verb_that_reads_one(tmp_path, payload):
    path = tmp_path / "x.csv"
    path.write_bytes(payload)
    book = tmp_path / "x.xlsx"
    book.write_bytes(payload)
    for target in (path, book):
        run("check", str(target))
        run("requests", "validate", str(STRUCTURE), str(target), "-o", "-")
        run("plan", "status", str(target))
        run("kpi", str(target), "--period", "2027-04")
