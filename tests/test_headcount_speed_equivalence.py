"""The fast paths of the headcount engine give exactly what a plain loop gives.

The engine (orgplan/_requests.py, orgplan/_decide.py, orgplan/_messages.py)
checks rows once per distinct value, hashes request ids to find repeats,
replays positions in requests one by one in a loop that numba compiles for
large batches (and that runs as plain Python otherwise), writes the messages
with a writer numba compiles (or fills their templates segment by segment
with Arrow) and gathers columns on a second thread. Each of these is
compared here with the straightforward way of doing the same thing: a loop
over the requests in decision order, ``str.format`` on the templates,
``pandas`` string methods. These are behaviour tests, not timings.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import orgplan._decide as engine
import orgplan._messages as writing
import orgplan._walk as walking
import orgplan._requests as reading
from orgplan import Structure
from orgplan._decide import TEMPLATES
from orgplan._requests import Coded, _repeats, strip_text
from orgplan.headcount import validate_requests

UNITS = pd.DataFrame({"unit_id": ["CO", "U1", "U2"], "name": ["公司", "一部", "Second"],
                      "parent_id": [None, "CO", "CO"], "kind": ["company", "department", "department"]})
KINDS = ("hire", "add_establishment", "new_position")
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def structures(draw):
    n = draw(st.integers(1, 4))
    positions = pd.DataFrame({
        "position_id": [f"P{i}" for i in range(n)],
        "unit_id": draw(st.lists(st.sampled_from(["U1", "U2"]), min_size=n, max_size=n)),
        "title": [draw(st.sampled_from(["職位", "Role "])) + str(i) for i in range(n)],
        "reports_to": [None] * n,
        "approved": draw(st.lists(st.integers(0, 5), min_size=n, max_size=n)),
        "filled": draw(st.lists(st.integers(0, 6), min_size=n, max_size=n)),
        "monthly_cost": [5000] * n})
    return Structure(UNITS, positions)


@st.composite
def batches(draw, max_size=30):
    """Valid-looking requests (every cell well formed) with Chinese or English requesters."""
    n = draw(st.integers(0, max_size))
    return pd.DataFrame({
        "request_id": [f"R{i}" for i in range(n)],
        "date": [f"2027-04-0{draw(st.integers(1, 4))}" for _ in range(n)],
        "unit_id": [draw(st.sampled_from(["U1", "U2", "ZZ"])) for _ in range(n)],
        "position_id": [draw(st.sampled_from(["P0", "P1", "P2", "P3", "N1", "N2"])) for _ in range(n)],
        "kind": [draw(st.sampled_from(KINDS)) for _ in range(n)],
        "count": [str(draw(st.integers(1, 6))) for _ in range(n)],
        "requested_by": [draw(st.sampled_from(["王麗華", "Ann", ""])) for _ in range(n)],
        "special_approval": [draw(st.sampled_from(["", "", "GM-1", "GM-2"])) for _ in range(n)],
        "title": [draw(st.sampled_from(["", "新職位"])) for _ in range(n)],
    }, columns=["request_id", "date", "unit_id", "position_id", "kind", "count", "requested_by",
                "special_approval", "title"])


def reference(structure: Structure, requests: pd.DataFrame) -> pd.DataFrame:
    """The rules, one request at a time, messages written with ``str.format``."""
    units = dict(zip(structure.units["unit_id"], structure.units["name"]))
    state = {p: {"unit": u, "headroom": a - f, "title": t} for p, u, a, f, t in zip(
        structure.positions["position_id"], structure.positions["unit_id"], structure.positions["approved"],
        structure.positions["filled"], structure.positions["title"])}
    ordered = requests.assign(row=range(2, len(requests) + 2)).sort_values(["date", "row"], kind="stable")
    titles = {}  # a new position is called by the first title its requests give
    for r in requests.itertuples(index=False):
        if r.position_id not in state and r.title and r.position_id not in titles:
            titles[r.position_id] = r.title
    out = []
    for r in ordered.itertuples(index=False):
        count, approval = int(r.count), r.special_approval
        entry = state.get(r.position_id)
        title = entry["title"] if entry else titles.get(r.position_id, r.position_id)
        fields = {"row": r.row, "count": count, "position_id": r.position_id, "unit_id": r.unit_id,
                  "unit_name": units.get(r.unit_id, r.unit_id), "title": title, "special_approval": approval,
                  "actual_unit": "", "actual_unit_name": "", "over": 0}
        before = after = None
        if r.unit_id not in units:
            code = "unknown_unit"
        elif r.kind == "new_position":
            if entry is not None:
                code = "position_exists"
            elif approval:
                state[r.position_id] = {"unit": r.unit_id, "headroom": count, "title": title}
                code, before, after, fields["over"] = "special_approval_new_position", 0, count, count
            else:
                code, before, after = "new_position_needs_special_approval", 0, 0
        elif entry is None:
            code = "unknown_position"
        elif entry["unit"] != r.unit_id:
            code = "position_not_in_unit"
            fields.update(actual_unit=entry["unit"], actual_unit_name=units[entry["unit"]])
        else:
            h = entry["headroom"]
            before = max(h, 0)
            if r.kind == "hire":
                if count <= h or approval:
                    code = "within_vacancy" if count <= h else "special_approval_over_establishment"
                    fields["over"] = max(count - before, 0)
                    h -= count
                else:
                    code = "beyond_vacancy"
            elif approval:
                code, h, fields["over"] = "special_approval_add_establishment", h + count, count
            else:
                code = "add_establishment_needs_special_approval"
            entry["headroom"] = h
            after = max(h, 0)
        fields.update(vacancy_before=before, vacancy_after=after)
        chinese = any("\u4e00" <= ch <= "\u9fff" for ch in r.requested_by)
        if code == "unknown_unit":
            message = (f"第 {r.row} 行：已批准的組織架構中沒有部門「{r.unit_id}」。" if chinese else
                       f"Row {r.row}: there is no unit {r.unit_id!r} in the approved structure.")
        else:
            message = TEMPLATES[code][int(chinese)].format(**fields)
        out.append((r.request_id, code, message, before, after, fields["over"], title))
    return pd.DataFrame(out, columns=["request_id", "reason_code", "message", "vacancy_before", "vacancy_after",
                                      "over_establishment", "title"])


@pytest.mark.parametrize("compiled", [False, True], ids=["python-walk", "compiled-walk"])
@SETTINGS
@given(structure=structures(), requests=batches())
def test_every_column_and_message_equals_a_plain_loop(compiled, structure, requests):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(walking, "COMPILED_ROWS", 0 if compiled else 10**12)
        got = validate_requests(structure, requests)
    expected = reference(structure, requests)
    for column in ("request_id", "reason_code", "message", "over_establishment", "title"):
        assert got[column].tolist() == expected[column].tolist(), column
    for column in ("vacancy_before", "vacancy_after"):
        assert [None if pd.isna(v) else int(v) for v in got[column]] == [
            None if v is None or pd.isna(v) else int(v) for v in expected[column]], column


@pytest.mark.parametrize("settings_", [
    {(walking, "COMPILED_ROWS"): 0},              # the walk and the messages compiled by numba
    {(engine, "PARALLEL_ROWS"): 0, (reading, "PARALLEL_ROWS"): 0,   # two threads
     (writing, "MESSAGE_BLOCK"): 7},               # sharing messages seven rows at a time
    {(writing, "MESSAGE_BLOCK"): 3},               # messages put in order three rows at a time
    {(walking, "COMPILED_ROWS"): 0, (engine, "PARALLEL_ROWS"): 0, (reading, "PARALLEL_ROWS"): 0,
     (writing, "MESSAGE_BLOCK"): 7, (writing, "LOOSE_BOUND"): 0},
])
def test_each_fast_path_gives_the_same_table(monkeypatch, tmp_path, settings_):
    rng = np.random.default_rng(7)
    n_positions, n = 40, 3000
    positions = pd.DataFrame({
        "position_id": [f"P{i}" for i in range(n_positions)], "unit_id": rng.choice(["U1", "U2"], n_positions),
        "title": [f"職位{i}" for i in range(n_positions)], "reports_to": None,
        "approved": rng.integers(0, 30, n_positions), "filled": rng.integers(0, 30, n_positions),
        "monthly_cost": 5000})
    structure = Structure(UNITS, positions)
    position = rng.choice([f"P{i}" for i in range(n_positions)] + ["N1", "N2", "N3"], n)
    requests = pd.DataFrame({
        "request_id": [f"R{i}" for i in range(n)],
        "date": [f"2027-04-{d:02d}" for d in rng.integers(1, 29, n)],
        "unit_id": rng.choice(["U1", "U2", "U1", "U2", "ZZ"], n), "position_id": position,
        "kind": rng.choice(["hire", "hire", "hire", "add_establishment", "new_position"], n),
        "count": rng.integers(0, 5, n).astype(str), "requested_by": rng.choice(["王麗華", "Ann"], n),
        "special_approval": rng.choice(["", "", "", "GM-1"], n)})

    def decide(ledger_name: str) -> list[pd.DataFrame]:
        # a dry run, then against a ledger: two thirds of the batch, then all of it (a third is new, the rest repeats)
        ledger = tmp_path / ledger_name
        return [validate_requests(structure, requests),
                validate_requests(structure, requests.iloc[:2 * n // 3], ledger=ledger),
                validate_requests(structure, requests, ledger=ledger)]

    expected = decide("plain.sqlite")
    for (module, name), value in settings_.items():
        monkeypatch.setattr(module, name, value)
    for got, wanted in zip(decide("fast.sqlite"), expected):
        pd.testing.assert_frame_equal(got, wanted)
    assert expected[2]["recorded_earlier"].sum() > 1000


# every kind of white space Unicode has, and characters sharing their first or last UTF-8 byte (補 E8 A3 9C, 員 E5 93 A1,
# 「 E3 80 8C, ᚁ E1 9A 81, ‐ E2 80 90, é C3 A9)
WHITE = [" ", "\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x1f", "\x85", "\xa0", "\u1680", "\u2000", "\u200a", "\u2028",
         "\u2029", "\u202f", "\u205f", "\u3000", "\ufeff", "\u180e", "\x7f"]
cells = st.text(alphabet=st.sampled_from(["a", "B", "7", "-", "職", "位", "補", "員", "「", "ᚁ", "‐", "é", *WHITE]),
                max_size=20)


@pytest.mark.parametrize("text_type", [pa.string(), pa.large_string()])
@given(values=st.lists(st.one_of(cells, st.none()), max_size=40))
def test_stripping_only_suspect_cells_equals_stripping_all(text_type, values):
    column = pa.array(values, type=text_type)
    expected = pd.Series(values, dtype="str").fillna("").str.strip().tolist()
    assert strip_text(column).to_pylist() == expected
    coded = Coded.encode(column, strip=True)
    assert coded.take(np.arange(len(values))).to_pylist() == expected


@pytest.mark.parametrize("text_type", [pa.string(), pa.large_string()])
@given(ids=st.lists(st.sampled_from(["", "R1", "R2", "R1 ", "職位", "a" * 16, "a" * 17, "b" * 8, "b" * 9, "\x00"]),
                    max_size=40),
       long_tail=st.integers(0, 30))
def test_repeated_ids_are_found_exactly(text_type, ids, long_tail):
    # ids of 16 bytes or less are hashed; a longer one anywhere makes every id compared exactly
    ids = ids + ["x" * (long_tail % 20)] * (long_tail // 20)
    series = pd.Series(ids, dtype="str")
    expected = np.flatnonzero((series != "") & series.duplicated(keep="first"))
    repeated, first = _repeats(pa.array(ids, type=text_type))
    assert repeated.tolist() == expected.tolist()
    assert [ids[i] for i in first] == [ids[i] for i in repeated]
    assert all(ids.index(ids[r]) == f for r, f in zip(repeated, first))


@given(st.lists(st.tuples(st.integers(-3, 400), st.integers(0, 2), st.integers(0, 3)), min_size=1, max_size=60))
def test_templates_filled_by_segments_equal_str_format(rows):
    numbers, title_code, unit_code = (np.array(column, dtype=np.int64) for column in zip(*rows))
    titles = pa.array(["職位甲", "Role B", ""], type=reading.TEXT)
    units = pa.array(["U1", "一部", "x y", "U4"], type=reading.TEXT)
    fields = {"count": writing.Field(numbers), "title": writing.Field(title_code, titles),
              "position_id": writing.Field(title_code, units.slice(0, 3)), "unit_id": writing.Field(unit_code, units)}
    template = "批准：{title}（{position_id}）於 {unit_id} 增人 {count} 名，{unit_id}。"
    which = np.arange(len(rows))
    texts = writing._join(writing._segments(template, fields, which), len(rows))
    expected = [template.format(count=c, title=titles[t].as_py(), position_id=units[t].as_py(),
                                unit_id=units[u].as_py()) for c, t, u in zip(numbers, title_code, unit_code)]
    assert texts.to_pylist() == expected


MESSAGE_TEMPLATES = ("批准：{title}（{position_id}）增人 {count} 名，{unit_id}。", "Row {row}: {count} × {position_id}; {wide}.",
                     "{title}", "")


@pytest.mark.parametrize("writer", ["compiled", "arrow"])
@SETTINGS
@given(rows=st.lists(st.tuples(st.integers(-1, len(MESSAGE_TEMPLATES) - 1), st.integers(-3, 400),
                               st.sampled_from([-(2**63), -(2**40), 0, 7, 10**12, 2**63 - 1]), st.integers(0, 2),
                               st.integers(0, 3), st.integers(0, 2)), min_size=1, max_size=60),
       block=st.sampled_from([1, 3, 1 << 17]), loose=st.sampled_from([0, 512]))
@example(rows=[(1, 0, 2**63 - 1, 0, 0, 0)], block=1, loose=512)  # the largest number
@example(rows=[(1, 0, -(2**63), 0, 0, 0), (1, 0, 10**6, 0, 0, 0)], block=1, loose=512)  # and the smallest
def test_messages_equal_str_format(writer, rows, block, loose):
    group, numbers, wide, title_code, unit_code, earlier_at = (np.array(c, dtype=np.int64) for c in zip(*rows))
    if writer == "compiled":
        pytest.importorskip("numba")
    titles = pa.array(["職位甲", "Role B", None], type=reading.TEXT).slice(0)  # a missing title is written as ""
    units = pa.array(["x", "U1", "一部", "x y", "U4"], type=reading.TEXT).slice(1)  # a slice: offsets start at 1
    earlier = pa.array(["已批准 earlier", "", "Rejected: 3 × P1"], type=reading.TEXT)
    fields = {"count": writing.Field(numbers), "wide": writing.Field(wide), "row": writing.Field(numbers + 2),
              "title": writing.Field(title_code, titles), "position_id": writing.Field(title_code, units.slice(0, 3)),
              "unit_id": writing.Field(unit_code, units)}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(walking, "COMPILED_ROWS", 0 if writer == "compiled" else 10**12)
        patch.setattr(writing, "MESSAGE_BLOCK", block)
        patch.setattr(writing, "LOOSE_BOUND", loose)  # 0: every block measured before it is written
        texts = writing.messages(MESSAGE_TEMPLATES, group.astype(np.int8), fields, earlier, earlier_at)
    titles = pa.array(["職位甲", "Role B", ""], type=reading.TEXT)
    expected = [earlier[a].as_py() if g < 0 else MESSAGE_TEMPLATES[g].format(
        count=c, wide=w, row=c + 2, title=titles[t].as_py(), position_id=units[t].as_py(), unit_id=units[u].as_py())
        for g, c, w, t, u, a in zip(group, numbers, wide, title_code, unit_code, earlier_at)]
    assert texts.to_pylist() == expected


@pytest.mark.parametrize("writer", ["compiled", "arrow"])
def test_fields_sharing_codes_text_types_and_narrow_codes(monkeypatch, writer):
    if writer == "compiled":
        pytest.importorskip("numba")
    monkeypatch.setattr(walking, "COMPILED_ROWS", 0 if writer == "compiled" else 10**12)
    shared = np.array([2, 0, 1], dtype=np.int8)  # one codes array: a number and a title's index
    fields = {"n": writing.Field(shared), "t": writing.Field(shared, pa.array(["a", "b", "c"], pa.large_string())),
              "wide": writing.Field(np.array([-100, 100, 7], dtype=np.int8))}
    templates = ("{n}{t}", "{t}:{n}", "{wide}/{n} {t}!")
    for group in range(len(templates)):
        texts = writing.messages(templates, np.full(3, group, dtype=np.int8), fields, pa.array([], reading.TEXT),
                                 np.full(3, -1))
        assert texts.to_pylist() == [templates[group].format(n=n, t="abc"[n], wide=w)
                                     for n, w in zip([2, 0, 1], [-100, 100, 7])]


@pytest.mark.parametrize("writer", ["compiled", "arrow"])
@pytest.mark.parametrize("code", [-1, 2, 10**9])
def test_a_code_outside_its_table_is_an_error_not_a_stray_read(monkeypatch, writer, code):
    if writer == "compiled":
        pytest.importorskip("numba")
    monkeypatch.setattr(walking, "COMPILED_ROWS", 0 if writer == "compiled" else 10**12)
    fields = {"title": writing.Field(np.array([0, code], dtype=np.int64), pa.array(["a", "b"], reading.TEXT))}
    with pytest.raises(IndexError):
        writing.messages(("{title}!",), np.zeros(2, dtype=np.int8), fields, pa.array([], reading.TEXT),
                         np.full(2, -1))


def test_a_compiled_writer_that_fails_its_self_check_is_not_used(monkeypatch):
    pytest.importorskip("numba")
    import orgplan._message_writer as compiled

    def broken() -> None:
        raise RuntimeError("wrote 'x'")

    monkeypatch.setattr(compiled, "self_check", broken)
    writing._compiled_writer.cache_clear()
    try:
        with pytest.warns(RuntimeWarning, match="written with Arrow instead"):
            assert writing._compiled_writer() is None
        monkeypatch.setattr(walking, "COMPILED_ROWS", 0)
        fields = {"count": writing.Field(np.array([1, 12], dtype=np.int64))}
        texts = writing.messages(("{count} × P1",), np.zeros(2, dtype=np.int8), fields, pa.array([], reading.TEXT),
                                 np.full(2, -1))
        assert texts.to_pylist() == ["1 × P1", "12 × P1"]
    finally:
        writing._compiled_writer.cache_clear()


def test_the_walk_compiles_when_numba_is_installed():
    pytest.importorskip("numba")
    assert walking.compiled_loop() is not None
    rng = np.random.default_rng(3)
    n, n_keys = 5000, 50
    arrays = dict(active=rng.random(n) < 0.9, key=rng.integers(0, n_keys, n),
                  kind=rng.integers(0, 3, n).astype(np.int8), count=rng.integers(1, 4, n),
                  approval=rng.random(n) < 0.2, unit_code=rng.integers(0, 3, n))

    def state():
        return (rng_state.random(n_keys) < 0.8, rng_state.integers(0, 3, n_keys), rng_state.integers(-2, 6, n_keys))

    results = []
    for rows in (10**12, 0):  # plain Python, then compiled
        rng_state = np.random.default_rng(5)
        exists, key_unit, headroom = state()
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(walking, "COMPILED_ROWS", rows)
            out = walking.walk(**arrays, exists=exists, key_unit=key_unit, headroom=headroom,
                               step_code=engine._STEP_CODE)
        results.append((out, exists, key_unit, headroom))
    for python, compiled in zip(*(r[0] + r[1:] for r in results)):
        np.testing.assert_array_equal(python, compiled)


def test_stripping_agrees_with_python_for_every_character():
    # each character of the Basic Multilingual Plane at both ends of a cell: only the filter decides what is looked at
    chars = [chr(c) for c in range(0x10000) if not 0xD800 <= c <= 0xDFFF]
    cells = [c + "x" + c for c in chars]
    assert strip_text(pa.array(cells, type=reading.TEXT)).to_pylist() == [cell.strip() for cell in cells]
