"""Writing the decisions' messages: one template per reason code and language, filled for every row.

Private helper of :mod:`orgplan._decide`. Messages never become Python
strings per row: they are written straight into Apache Arrow text arrays,
in decision order, in blocks of :data:`MESSAGE_BLOCK` rows that two threads
share. There are two writers, tested to give the same text:

* compiled (large batches, with numba installed — ``orgplan[fast]``): each
  template becomes a short program of pieces — a field with many values (a
  title, an id), a number written digit by digit, or a run of literal text
  and fields with few values ("增人 2 名，在空缺 5 名之內") written once per
  combination — which :mod:`orgplan._message_writer` runs row by row into
  one buffer per block;
* Arrow (otherwise): the rows of one template are filled at once, each run
  of literal text and fields written once per combination of values present
  and picked per row with ``take``, then joined
  (``binary_join_element_wise``) and put in decision order with ``take``.
"""

from __future__ import annotations

import warnings
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from string import Formatter
from typing import Callable, Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from orgplan import _walk
from orgplan._requests import TEXT, as_text_array, take, text_offsets

__all__ = ["Field", "messages", "shared", "MESSAGE_BLOCK"]


@dataclass(frozen=True)
class Field:
    """A template field for every row: ``table[codes]``, or ``codes`` written as numbers when ``table`` is None.

    ``codes`` are signed integers, one per row (kept as int64). ``table`` is
    kept as :data:`~orgplan._requests.TEXT`; a missing text in it is written
    as an empty text.
    """

    codes: np.ndarray
    table: pa.Array | None = None

    def __post_init__(self) -> None:
        if not np.issubdtype(self.codes.dtype, np.signedinteger):
            raise TypeError(f"A template field's codes must be signed integers. Got {self.codes.dtype} instead.")
        object.__setattr__(self, "codes", self.codes.astype(np.int64, copy=False))  # (the same array when int64)
        if self.table is not None:
            table = self.table.fill_null("") if self.table.null_count else self.table
            object.__setattr__(self, "table", table if table.type == TEXT else table.cast(TEXT))

    def text(self, codes: np.ndarray) -> pa.Array:
        """The field's text for these codes."""
        return pc.cast(pa.array(codes), TEXT) if self.table is None else take(self.table, codes)


#: Messages are written this many rows (of the decision order) at a time: the temporary text stays small,
#: and the two threads share the blocks.
MESSAGE_BLOCK = 1 << 17


def messages(templates: Sequence[str], group: np.ndarray, fields: dict[str, Field], earlier_message: pa.Array,
             found_at: np.ndarray, helper: ThreadPoolExecutor | None = None) -> pa.ChunkedArray:
    """Every row's message; the rows (``group``, the fields' codes, ``found_at``) are in decision order.

    Row ``i`` gets ``templates[group[i]]`` (``str.format`` style) filled
    with its fields, or, when ``group[i]`` is ``-1``, the message of an
    earlier run, ``earlier_message[found_at[i]]``. With a ``helper`` thread,
    the blocks are shared between it and this thread. The texts are
    ``large_string`` when the compiled writer wrote them (what pandas keeps
    text in), ``string`` otherwise.
    """
    earlier_message = earlier_message.fill_null("") if earlier_message.null_count else earlier_message
    writer = _compiled_writer() if len(group) >= _walk.COMPILED_ROWS else None
    if writer is None:
        return _arrow_messages(templates, group, fields, earlier_message, found_at, helper)
    return _compiled_messages(writer, templates, group, fields, earlier_message, found_at, helper)


@lru_cache(maxsize=None)
def _compiled_writer():
    """The module :mod:`orgplan._message_writer` (compiled by numba), or None when it cannot run here.

    None when numba is not installed, and, with a warning, when the compiled
    writer fails its self-check (a numba or llvmlite it does not work with).
    """
    try:
        from orgplan import _message_writer
    except ImportError:
        return None
    try:
        _message_writer.self_check()
    except Exception as error:  # noqa: BLE001 - any failure of the compiler means: write with Arrow
        warnings.warn(f"orgplan's compiled message writer does not work with this numba ({error}); messages are "
                      "written with Arrow instead, which is slower on large batches.", RuntimeWarning, stacklevel=2)
        return None
    return _message_writer


#: Numbers with at most this many values are picked from a table of their texts by the compiled writer.
NUMBER_TABLE = 4096
#: A field with at most this many values (counts, vacancies, special approval references) is written together
#: with the literal text and such fields around it: one text per combination, at most :data:`COMBINATIONS`.
FEW_VALUES = 64
COMBINATIONS = 1024

#: When the most a block's messages may take (from the longest text of each field) is more than this many bytes a
#: row, a few long texts make that bound loose: the block is measured exactly before its buffer is taken.
LOOSE_BOUND = 512


def _compiled_messages(writer, templates: Sequence[str], group: np.ndarray, fields: dict[str, Field],
                       earlier_message: pa.Array, found_at: np.ndarray,
                       helper: ThreadPoolExecutor | None) -> pa.ChunkedArray:
    """:func:`messages` by the compiled writer (``writer`` is the module :mod:`orgplan._message_writer`)."""
    present = np.bincount(group + 1, minlength=len(templates) + 1) > 0
    program = _Program.build(writer, templates, fields, Field(found_at, earlier_message), present)

    def run(start: int, stop: int, out: np.ndarray, offsets: np.ndarray) -> int:
        used = writer.write_rows(start, stop, group, *program.arguments(), out, offsets, out.size > 0)
        if used < 0:
            raise IndexError("A message field's code is outside its table.")
        return used

    def block(start: int) -> tuple[int, int, int]:
        """``(start, stop, most bytes)`` of the block from row ``start``."""
        stop = min(start + MESSAGE_BLOCK, len(group))
        most = int(np.bincount(group[start:stop] + 1, minlength=program.most_bytes.size) @ program.most_bytes)
        if most > LOOSE_BOUND * (stop - start):
            most = run(start, stop, np.zeros(0, dtype=np.uint8), np.zeros(stop - start + 1, dtype=np.int64))
        return start, stop, most

    def write(block: tuple[int, int, int]) -> pa.Array:
        start, stop, most = block
        data = pa.allocate_buffer(most + writer.PADDING, resizable=True)
        offsets = pa.allocate_buffer(8 * (stop - start + 1))
        used = run(start, stop, np.frombuffer(data, dtype=np.uint8), np.frombuffer(offsets, dtype=np.int64))
        data.resize(used, shrink_to_fit=True)
        return pa.LargeStringArray.from_buffers(stop - start, offsets, data)

    blocks = [block(start) for start in range(0, len(group), MESSAGE_BLOCK)]
    return pa.chunked_array(shared(helper, write, blocks), type=pa.large_string())


@dataclass(frozen=True)
class _Program:
    """The templates as pieces for the compiled writer (see :func:`orgplan._message_writer.write_rows`).

    Group 0 is the message of an earlier run; group ``g + 1`` is
    ``templates[g]``. Its pieces are ``piece_bounds[g]:piece_bounds[g + 1]``
    and its messages take at most ``most_bytes[g]`` bytes.
    """

    piece_bounds: np.ndarray
    piece_kind: np.ndarray    # TEXT or NUMBER
    piece_field: np.ndarray   # a NUMBER piece's codes (an index in ``codes``)
    piece_entry: np.ndarray   # a TEXT piece's first entry
    term_bounds: np.ndarray   # a TEXT piece's terms: term_bounds[p]:term_bounds[p + 1]
    term_field: np.ndarray    # the term's codes (an index in ``codes``)
    term_low: np.ndarray      # the lowest code
    term_size: np.ndarray     # how many codes there are
    term_stride: np.ndarray   # entries per step of the code
    codes: tuple              # distinct code arrays of the fields, int64
    entry_offsets: np.ndarray
    entry_bytes: np.ndarray
    most_bytes: np.ndarray

    def arguments(self) -> tuple:
        """The arguments of :func:`~orgplan._message_writer.write_rows` after ``group``."""
        return (self.piece_bounds, self.piece_kind, self.piece_field, self.piece_entry, self.term_bounds,
                self.term_field, self.term_low, self.term_size, self.term_stride, self.codes, self.entry_offsets,
                self.entry_bytes)

    @classmethod
    def build(cls, writer, templates: Sequence[str], fields: dict[str, Field], earlier: Field,
              present: np.ndarray) -> "_Program":
        """The program of ``templates`` with ``fields``, and of ``earlier`` (the earlier runs' messages).

        Only the groups ``present`` (a mask over groups) get pieces. Runs of
        literal text and fields with few values (:data:`FEW_VALUES`, at most
        :data:`COMBINATIONS` combinations) become one piece whose entries
        hold every combination; fields with many values (titles, ids) are
        pieces of their own.
        """
        tables: list[pa.Array] = []  # the entries, table after table
        first_entry, longest = [0], []  # per table: its first entry; bytes of its longest text
        table_at: dict[tuple[str, int], int] = {}  # a field's table (or its numbers' texts) → index in ``tables``
        codes: dict[int, tuple[np.ndarray, int]] = {}  # id of codes → (codes, index)
        spans: dict[int, tuple[int, int]] = {}  # id of a number field's codes → (lowest, how many values)
        pieces: list[tuple[int, int, int]] = []  # kind, index of the NUMBER's codes, index of the TEXT's table
        terms: list[list[tuple[int, int, int, int]]] = []  # per piece: (index of codes, lowest, size, stride)
        piece_bounds, most_bytes = [0], []

        def code_index(values: np.ndarray) -> int:
            return codes.setdefault(id(values), (np.ascontiguousarray(values, dtype=np.int64), len(codes)))[1]

        def add_table(table: pa.Array, key: tuple[str, int] | None = None) -> int:
            if key is not None and key in table_at:
                return table_at[key]
            tables.append(table)
            first_entry.append(first_entry[-1] + len(table))
            longest.append(_longest(table))
            if key is not None:
                table_at[key] = len(tables) - 1
            return len(tables) - 1

        def add_text(table: int, piece_terms: list[tuple[int, int, int, int]]) -> int:
            pieces.append((writer.TEXT, 0, table))
            terms.append(piece_terms)
            return longest[table]

        def span(field: Field) -> tuple[int, int]:
            """(lowest code, how many codes) of a field."""
            if field.table is not None:
                return 0, len(field.table)
            if id(field.codes) not in spans:
                values = field.codes
                low, high = (int(values.min()), int(values.max())) if values.size else (0, 0)
                spans[id(values)] = (low, high - low + 1)
            return spans[id(field.codes)]

        def add_field(field: Field) -> int:
            low, size = span(field)
            if field.table is not None:
                table = add_table(field.table, ("table", id(field.table)))
                return add_text(table, [(code_index(field.codes), 0, size, 1)])
            if size <= NUMBER_TABLE and -2**62 < low < 2**62:  # (no overflow of low + size)
                key = ("numbers", id(field.codes))
                table = table_at.get(key)
                if table is None:
                    table = add_table(pc.cast(pa.array(np.arange(low, low + size, dtype=np.int64)), TEXT), key)
                return add_text(table, [(code_index(field.codes), low, size, 1)])
            pieces.append((writer.NUMBER, code_index(field.codes), 0))
            terms.append([])
            return writer.NUMBER_BYTES

        def term(field: Field) -> tuple[int, bool]:
            """What a field of a run shares a term with: fields of the same codes, both numbers or both texts."""
            return id(field.codes), field.table is None

        def add_run(run: list) -> int:
            """A piece for a run of literal texts and fields with few values; the most bytes it takes."""
            used: dict[tuple, tuple[Field, int, int]] = {}  # term → (a field, lowest, how many codes)
            for item in (item for item in run if isinstance(item, Field)):
                low, size = span(item)  # text fields sharing codes (a title and an id): the codes valid in both
                used[term(item)] = (item, low, min(size, used.get(term(item), (item, low, size))[2]))
            if not used:
                return add_text(add_table(as_text_array(["".join(run)])), [])
            count, strides = 1, {}
            for key, (_, _, size) in used.items():
                strides[key] = count
                count *= size
            which = np.arange(count, dtype=np.int64)
            parts = [pa.scalar(item, TEXT) if isinstance(item, str) else
                     item.text(used[term(item)][1] + which // strides[term(item)] % used[term(item)][2])
                     for item in run]
            return add_text(add_table(_join(parts)), [(code_index(field.codes), low, size, strides[key])
                                                      for key, (field, low, size) in used.items()])

        def add_template(template: str) -> int:
            most, run, combinations = 0, [], 1
            for literal, name in _parts(template):
                if literal:
                    run.append(literal)
                if name is None:
                    continue
                field = fields[name]
                size = span(field)[1]
                if size > FEW_VALUES:  # a field of its own
                    if run:
                        most += add_run(run)
                    run, combinations = [], 1
                    most += add_field(field)
                    continue
                if term(field) not in {term(item) for item in run if isinstance(item, Field)}:
                    if combinations * size > COMBINATIONS:
                        most += add_run(run)
                        run, combinations = [], 1
                    combinations *= size
                run.append(field)
            return most + (add_run(run) if run else 0)

        code_index(earlier.codes)  # (never an empty tuple of codes: numba cannot index one)
        for group in range(len(templates) + 1):
            if not present[group]:
                most = 0
            elif group == 0:
                most = add_field(earlier)
            else:
                most = add_template(templates[group - 1])
            most_bytes.append(most)
            piece_bounds.append(len(pieces))
        entry_offsets, entry_bytes = _entries(tables, writer.PADDING)
        flat = [term for piece_terms in terms for term in piece_terms]
        return cls(np.array(piece_bounds, dtype=np.int64), np.array([p[0] for p in pieces], dtype=np.int8),
                   np.array([p[1] for p in pieces], dtype=np.int64),
                   np.array([first_entry[p[2]] for p in pieces], dtype=np.int64),
                   np.cumsum([0] + [len(t) for t in terms], dtype=np.int64),
                   *(np.array([term[i] for term in flat], dtype=np.int64) for i in range(4)),
                   tuple(values for values, _ in codes.values()), entry_offsets, entry_bytes,
                   np.array(most_bytes, dtype=np.int64))


def _longest(table: pa.Array) -> int:
    """Bytes of the longest text of ``table``."""
    return int(pc.max(pc.binary_length(table)).as_py() or 0) if len(table) else 0


def _entries(tables: list[pa.Array], padding: int) -> tuple[np.ndarray, np.ndarray]:
    """The texts of ``tables`` one after the other: (offsets, bytes followed by ``padding`` zero bytes)."""
    offsets, data, base = [], [], 0
    for table in tables:
        if not len(table):
            continue
        at = text_offsets(table).astype(np.int64)
        buffer = table.buffers()[2]
        data.append(np.frombuffer(buffer, dtype=np.uint8)[at[0]:at[-1]] if buffer is not None
                    else np.zeros(0, dtype=np.uint8))
        offsets.append(at[:-1] - at[0] + base)
        base += int(at[-1] - at[0])
    return (np.concatenate([*offsets, np.array([base], dtype=np.int64)]),
            np.concatenate([*data, np.zeros(padding, dtype=np.uint8)]))


def _arrow_messages(templates: Sequence[str], group: np.ndarray, fields: dict[str, Field], earlier_message: pa.Array,
                    found_at: np.ndarray, helper: ThreadPoolExecutor | None) -> pa.ChunkedArray:
    """:func:`messages` with Arrow kernels.

    The rows of each group get their template filled at once
    (:func:`_segments`), at most :data:`MESSAGE_BLOCK` rows at a time so the
    texts being joined stay in the processor's cache; then ``take`` puts all
    texts in order, block by block. With a ``helper`` thread, both
    kinds of work are shared: each piece is done by whichever thread gets to
    it first.
    """
    n = len(group)
    if not n:
        return pa.chunked_array([], type=TEXT)
    by_group = np.argsort(group, kind="stable")  # a radix sort: groups, each in decision order
    sizes = np.bincount(group.astype(np.int64) + 1, minlength=len(templates) + 1)
    bounds = np.r_[0, np.cumsum(sizes)]
    pieces = [(int(g), start, min(start + MESSAGE_BLOCK, int(bounds[g + 1])))
              for g in np.flatnonzero(sizes) for start in range(int(bounds[g]), int(bounds[g + 1]), MESSAGE_BLOCK)]

    def write(piece: tuple[int, int, int]) -> pa.Array:
        g, start, stop = piece
        members = by_group[start:stop]
        if g == 0:
            return take(earlier_message, found_at[members])
        return _join(_segments(templates[g - 1], fields, members), members.size)

    written = shared(helper, write, pieces)
    piece_starts = np.array([start for _, start, _ in pieces] + [n], dtype=np.int64)
    at = np.empty(n, dtype=np.int64)
    at[by_group] = np.arange(n)  # where each row's text is, counting through the pieces

    def place(start: int) -> pa.Array:
        # a block's rows of one group are consecutive members of the group, so each piece holds them as one run
        rows_by_group = np.argsort(group[start:start + MESSAGE_BLOCK], kind="stable")
        ats = at[start:start + MESSAGE_BLOCK][rows_by_group]
        cuts = np.searchsorted(ats, piece_starts)
        runs = [written[i].slice(ats[cuts[i]] - piece_starts[i], cuts[i + 1] - cuts[i])
                for i in np.flatnonzero(cuts[1:] > cuts[:-1])]
        back = np.empty(rows_by_group.size, dtype=np.int64)
        back[rows_by_group] = np.arange(rows_by_group.size)
        return take(pa.concat_arrays(runs), back)

    return pa.chunked_array(shared(helper, place, range(0, n, MESSAGE_BLOCK)), type=TEXT)


def shared(helper: ThreadPoolExecutor | None, work: Callable, items) -> list:
    """``[work(item) for item in items]``, with the items offered to ``helper`` too (whoever comes first does one)."""
    items = list(items)
    if helper is None:
        return [work(item) for item in items]
    offered = [helper.submit(work, item) for item in items]
    done = {i: work(item) for i, item in reversed(list(enumerate(items))) if offered[i].cancel()}
    return [done[i] if i in done else offered[i].result() for i in range(len(items))]



@lru_cache(maxsize=None)
def _parts(template: str) -> tuple[tuple[str, str | None], ...]:
    return tuple((literal, name) for literal, name, _, _ in Formatter().parse(template))


def _segments(template: str, fields: dict[str, Field], rows: np.ndarray) -> list[pa.Array | pa.Scalar]:
    """Fill ``template`` for ``rows`` (one reason code and language), as pieces to join row by row.

    A run of literal text and fields whose values have few combinations
    among these rows (the counts and vacancies; a position's title and id,
    which share one code) is written once per combination present, and each
    row picks its text with ``take``. Each piece is a text array with one
    text per row, or a scalar shared by every row; row ``i`` of the message
    is the concatenation of the pieces' row ``i`` (:func:`_join`).
    """
    m = rows.size
    limit = max(m // 8, 256)  # most combinations a segment of several fields may have
    out: list[pa.Array | pa.Scalar] = []
    segment: list = []  # literal strings and (field, codes of these rows)
    spaces: dict[int, tuple[np.ndarray, int, int]] = {}  # per code array: its codes for these rows, lowest, range
    product = 1

    def close() -> None:
        nonlocal product
        if spaces:
            out.extend(_segment(segment, spaces, product, m))
        elif segment:
            out.append(pa.scalar("".join(segment), TEXT))
        segment.clear()
        spaces.clear()
        product = 1

    for literal, name in _parts(template):
        if literal:
            segment.append(literal)
        if name is None:
            continue
        field = fields[name]
        space = id(field.codes)
        if space not in spaces:
            codes = field.codes[rows]
            low, high = int(codes.min()), int(codes.max())
            if spaces and product * (high - low + 1) > limit:
                close()
            spaces[space] = (codes, low, high - low + 1)
            product *= high - low + 1
        segment.append((field, spaces[space][0]))
    close()
    return out


def _segment(segment: list, spaces: dict[int, tuple[np.ndarray, int, int]], product: int,
             m: int) -> list[pa.Array | pa.Scalar]:
    """The pieces of one segment of :func:`_segments`."""
    if len(spaces) > 1 or product <= 4 * m:
        combined = np.zeros(m, dtype=np.int64)
        place: dict[int, tuple[int, int, int]] = {}
        stride = 1
        for space, (codes, low, size) in spaces.items():
            combined += (codes - low) * stride if stride > 1 else codes - low
            place[space] = (stride, low, size)
            stride *= size
        present = np.flatnonzero(np.bincount(combined, minlength=product))
        if len(spaces) > 1 or present.size <= m // 2:
            # one text per combination of codes present, picked per row
            pieces = []
            for item in segment:
                if isinstance(item, str):
                    pieces.append(pa.scalar(item, TEXT))
                else:
                    field, _ = item
                    stride, low, size = place[id(field.codes)]
                    pieces.append(field.text(present // stride % size + low))
            texts = _join(pieces)
            if present.size == 1:
                return [pa.scalar(texts[0].as_py(), TEXT)]
            if present.size < product:
                lookup = np.zeros(product, dtype=np.int64)
                lookup[present] = np.arange(present.size)
                combined = lookup[combined]
            return [take(texts, combined)]
    # a single field with about as many values as rows (row numbers, positions): its text per row
    return [pa.scalar(item, TEXT) if isinstance(item, str) else item[0].text(item[1]) for item in segment]


def _join(pieces: list, m: int | None = None) -> pa.Array:
    """Row by row concatenation of text arrays and scalars (``m`` rows when all are scalars)."""
    if not any(isinstance(p, pa.Array) for p in pieces):
        return as_text_array(["".join(p.as_py() for p in pieces)] * (1 if m is None else m))
    if len(pieces) == 1:
        return pieces[0]
    return pc.binary_join_element_wise(*pieces, pa.scalar("", TEXT))
