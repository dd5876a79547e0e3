"""The message writer compiled by numba: imported only when numba is installed (``orgplan[fast]``).

Private helper of :mod:`orgplan._messages`, which describes every message
template as a short program of *pieces* and runs :func:`write_rows` on
blocks of rows, on two threads (it holds no GIL). A piece is a number
written digit by digit, or a text picked from the *entries* (one table of
texts): the piece's first entry plus, for each of its *terms*, the row's
code of a field times the term's stride. A literal text has no terms; a
field's text (a position's title) has one; a run of literal text and fields
with few values ("增人 2 名，在空缺 5 名之內") has one term per field and its
entries hold every combination.

Text is copied eight bytes at a time with unaligned loads and stores, not
byte by byte: a piece may write up to seven bytes past its end, which the
next piece overwrites (the caller pads the output buffer and the entries'
bytes by :data:`PADDING`). Copying short texts byte by byte costs a
mispredicted branch per text and is several times slower.
"""

from __future__ import annotations

import numba
import numpy as np
from llvmlite import ir
from numba import types
from numba.extending import intrinsic

__all__ = ["write_rows", "self_check", "TEXT", "NUMBER", "PADDING", "NUMBER_BYTES"]

#: Piece kinds: a text from the entries, or a field's code written as a decimal number.
TEXT, NUMBER = 0, 1
#: Bytes the output and the entries' bytes need after their end.
PADDING = 8
#: Most bytes a number takes (a 64-bit integer with its sign).
NUMBER_BYTES = 20
_POWERS = np.array([10**i for i in range(20)], dtype=np.uint64)  # a 64-bit integer has at most 19 digits
_ZERO, _ONE, _TEN = np.uint64(48), np.uint64(1), np.uint64(10)  # unsigned: no mixing with signed numbers


@intrinsic
def _load_word(typingctx, array, at):
    """The eight bytes of a uint8 array from byte ``at`` (any alignment), as one uint64."""
    def codegen(context, builder, signature, args):
        data = context.make_array(signature.args[0])(context, builder, args[0]).data
        pointer = builder.bitcast(builder.gep(data, [args[1]]), ir.IntType(64).as_pointer())
        return builder.load(pointer, align=1)
    return types.uint64(array, types.intp), codegen


@intrinsic
def _store_word(typingctx, array, at, value):
    """Write a uint64 as the eight bytes of a uint8 array from byte ``at`` (any alignment)."""
    def codegen(context, builder, signature, args):
        data = context.make_array(signature.args[0])(context, builder, args[0]).data
        pointer = builder.bitcast(builder.gep(data, [args[1]]), ir.IntType(64).as_pointer())
        builder.store(args[2], pointer, align=1)
        return context.get_dummy_value()
    return types.void(array, types.intp, types.uint64), codegen


def _write_rows(start, stop, group, piece_bounds, piece_kind, piece_field, piece_entry, term_bounds, term_field,
                term_low, term_size, term_stride, codes, entry_offsets, entry_bytes, out, out_offsets, write):
    """Write the messages of rows ``start:stop`` into ``out``; return the number of bytes (-1: a bad code).

    Row ``r`` follows the program of group ``group[r] + 1``: its pieces are
    ``piece_bounds[g]:piece_bounds[g + 1]``. A NUMBER piece writes the row's
    code ``codes[piece_field[p]][r]``. A TEXT piece writes entry
    ``piece_entry[p] + sum((code - term_low[t]) * term_stride[t])`` over its
    terms ``t`` in ``term_bounds[p]:term_bounds[p + 1]``, the code being
    ``codes[term_field[t]][r]``, which must lie in ``term_low[t] …
    term_low[t] + term_size[t] - 1`` (else the work stops and the result is
    -1). Entry ``e``'s text is
    ``entry_bytes[entry_offsets[e]:entry_offsets[e + 1]]``. ``out_offsets``
    (int64) receives the Arrow offsets of the block (``stop - start + 1`` of
    them, for a ``large_string`` array). With ``write`` False nothing is
    written: the result is the size the messages need.
    """
    at = 0
    out_offsets[0] = 0
    row_codes = np.empty(len(codes), dtype=np.int64)
    for r in range(start, stop):
        g = group[r] + 1
        for k in range(len(codes)):  # the row's codes first: picking one of the tuple per piece is slow
            row_codes[k] = codes[k][r]
        for p in range(piece_bounds[g], piece_bounds[g + 1]):
            if piece_kind[p] == NUMBER:
                value = row_codes[piece_field[p]]
                if value < 0:
                    if write:
                        out[at] = 45  # "-"
                    at += 1
                    magnitude = np.uint64(-(value + 1)) + _ONE  # (-value overflows for the lowest int64)
                else:
                    magnitude = np.uint64(value)
                digits = 1
                while digits < 20 and magnitude >= _POWERS[digits]:
                    digits += 1
                at += digits
                if write:
                    for place in range(1, digits + 1):
                        out[at - place] = _ZERO + magnitude % _TEN
                        magnitude //= _TEN
            else:
                entry = piece_entry[p]
                for t in range(term_bounds[p], term_bounds[p + 1]):
                    value = row_codes[term_field[t]] - term_low[t]
                    if value < 0 or value >= term_size[t]:
                        return -1
                    entry += value * term_stride[t]
                begin = entry_offsets[entry]
                length = entry_offsets[entry + 1] - begin
                if write:
                    for offset in range(0, length, 8):
                        _store_word(out, at + offset, _load_word(entry_bytes, begin + offset))
                at += length
        out_offsets[r - start + 1] = at
    return at


try:
    write_rows = numba.njit(nogil=True, boundscheck=False, cache=True)(_write_rows)
except RuntimeError:  # no writable place for numba's cache (a read-only install): compile in memory each run
    write_rows = numba.njit(nogil=True, boundscheck=False)(_write_rows)


def self_check() -> None:
    """Compile :func:`write_rows` (or load it from numba's cache) and write two rows; raise if they are wrong."""
    texts = ["職位甲", "a twelve-byte", "第 ", " 行：", "名1", "名2"]
    encoded = [text.encode() for text in texts]
    entry_offsets = np.cumsum([0] + [len(e) for e in encoded]).astype(np.int64)
    entry_bytes = np.frombuffer(b"".join(encoded) + bytes(PADDING), dtype=np.uint8)
    group = np.array([0, -1], dtype=np.int8)  # row 0: "第 " + number + " 行：" + a field + a combination; row 1: a field
    piece_bounds = np.array([0, 1, 6], dtype=np.int64)
    piece_kind = np.array([TEXT, TEXT, NUMBER, TEXT, TEXT, TEXT], dtype=np.int8)
    piece_field = np.array([0, 0, 0, 0, 0, 0], dtype=np.int64)
    piece_entry = np.array([0, 2, 0, 3, 0, 4], dtype=np.int64)
    term_bounds = np.array([0, 1, 1, 1, 1, 2, 4], dtype=np.int64)  # one term, none, none, none, one, two
    term_field = np.array([1, 1, 0, 1], dtype=np.int64)
    term_low = np.array([0, 0, -12, 0], dtype=np.int64)
    term_size = np.array([2, 2, 20, 2], dtype=np.int64)
    term_stride = np.array([1, 1, 0, 1], dtype=np.int64)
    codes = (np.array([-12, 7], dtype=np.int64), np.array([1, 0], dtype=np.int64))
    out = np.zeros(64 + PADDING, dtype=np.uint8)
    out_offsets = np.zeros(3, dtype=np.int64)
    used = write_rows(0, 2, group, piece_bounds, piece_kind, piece_field, piece_entry, term_bounds, term_field,
                      term_low, term_size, term_stride, codes, entry_offsets, entry_bytes, out, out_offsets, True)
    written = [bytes(out[out_offsets[i]:out_offsets[i + 1]]).decode() for i in range(2)]
    if used != out_offsets[2] or written != ["第 -12 行：a twelve-byte名2", "職位甲"]:
        raise RuntimeError(f"the compiled message writer wrote {written!r}")
