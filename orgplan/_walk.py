"""The walk: deciding requests one by one in decision order, each seeing what the earlier ones took.

Private helper of :mod:`orgplan._decide`. The rules of a single request fit
in one short loop (:func:`decide_in_order`). The loop is written so that
numba can compile it: with numba installed (``pip install "orgplan[fast]"``)
a large batch runs it as machine code, a million requests in a few
hundredths of a second, without holding the GIL; otherwise (and for small
batches, where compiling would cost more than it saves) the very same
function runs as plain Python over lists. One definition of the rules, two
ways of running it — the tests run both.

State per position is its *headroom*, ``approved − filled − pending`` as a
signed number: a special approval may push it below zero (the position is
then over establishment, 超編), and ``vacancy = max(headroom, 0)``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

import numpy as np

__all__ = ["walk", "Walked", "decide_in_order", "compiled_loop", "COMPILED_ROWS"]

class Walked(NamedTuple):
    """What the walk found for each request, in decision order."""

    code: np.ndarray            # int8: the reason code's index (see orgplan._decide.CODES), -1 when not walked
    vacancy_before: np.ndarray  # int64
    vacancy_after: np.ndarray   # int64
    has_vacancy: np.ndarray     # bool: the request was valid (its vacancies mean something)
    over: np.ndarray            # int64: seats granted beyond the structure
    seats: np.ndarray           # int64: seats taken by an approved hire
    added: np.ndarray           # int64: establishment added by a special approval
    actual_unit: np.ndarray     # int64: the unit of the position (-1: none)


#: From this many requests on, the walk (counting the requests it decides) and the message writer
#: (:mod:`orgplan._messages`, counting all rows) run compiled when numba is installed.
COMPILED_ROWS = 20_000


def decide_in_order(key, kind, count, approval, unit_code, active, exists, key_unit, headroom, step_code,
                    code, vacancy_before, vacancy_after, has_vacancy, over, seats, added, actual_unit):
    """Decide the active requests one by one (every argument is indexable; the outputs are written in place).

    The requests' arrays (``key`` … ``active`` and the outputs) are in
    decision order; ``key`` is the request's position, whose state
    (``exists, key_unit, headroom``) the loop reads and updates. ``kind`` is
    0 hire, 1 add_establishment, 2 new_position; ``step_code`` maps a case
    (see :data:`orgplan._decide._STEP_CODE`) to the reason code.
    """
    for r in range(len(key)):
        if not active[r]:
            continue
        g, k, c, sa, u = key[r], kind[r], count[r], approval[r], unit_code[r]
        ex, gu, h = exists[g], key_unit[g], headroom[g]
        is_new = k == 2
        valid = (not ex) if is_new else (ex and gu == u)
        fits = c <= h
        free = max(h, 0)
        actual_unit[r] = gu
        has_vacancy[r] = valid
        if not valid:  # unknown position, position of another unit, new position that exists
            code[r] = step_code[12 + is_new * 2 + ex]
            if not is_new:
                vacancy_before[r] = free
                vacancy_after[r] = free
            continue
        code[r] = step_code[k * 4 + sa * 2 + fits]
        if k == 0:  # hire: within the vacancy, or beyond it with the GM's special approval
            if fits or sa:
                headroom[g] = h - c
                seats[r] = c
                over[r] = max(c - free, 0)
        elif sa:  # add_establishment / new_position: only with the GM's special approval
            added[r] = c
            over[r] = c
            if is_new:
                headroom[g] = c
                exists[g] = True
                key_unit[g] = u
            else:
                headroom[g] = h + c
        if is_new:
            vacancy_after[r] = c if sa else 0
        else:
            vacancy_before[r] = free
            vacancy_after[r] = max(headroom[g], 0)


@lru_cache(maxsize=None)
def compiled_loop():
    """:func:`decide_in_order` compiled by numba (cached on disk), or None when numba is not installed."""
    try:
        import numba
    except ImportError:
        return None
    try:
        return numba.njit(nogil=True, cache=True)(decide_in_order)
    except RuntimeError:  # no writable place for numba's cache (a read-only install): compile in memory each run
        return numba.njit(nogil=True)(decide_in_order)


def walk(active: np.ndarray, key: np.ndarray, kind: np.ndarray, count: np.ndarray, approval: np.ndarray,
         unit_code: np.ndarray, exists: np.ndarray, key_unit: np.ndarray, headroom: np.ndarray,
         step_code: np.ndarray) -> Walked:
    """Decide the ``active`` requests one by one (updates the state arrays ``exists, key_unit, headroom``).

    Every per-request array (``active`` a mask, ``key`` … ``unit_code``) is
    in decision order, so the loop reads them in sequence. Returns a
    :class:`Walked`, also in decision order: ``code`` (-1 for requests not
    active), ``vacancy_before, vacancy_after, has_vacancy, over, seats,
    added, actual_unit``.
    """
    n = len(active)
    inputs = (key, kind.astype(np.int64), count.astype(np.int64), approval.astype(np.int64), unit_code, active)
    outputs = (np.full(n, -1, dtype=np.int8), np.zeros(n, dtype=np.int64), np.zeros(n, dtype=np.int64),
               np.zeros(n, dtype=bool), np.zeros(n, dtype=np.int64), np.zeros(n, dtype=np.int64),
               np.zeros(n, dtype=np.int64), np.full(n, -1, dtype=np.int64))
    loop = compiled_loop() if np.count_nonzero(active) >= COMPILED_ROWS else None
    if loop is not None:
        loop(*inputs, exists, key_unit, headroom, step_code, *outputs)
    else:  # plain Python: lists are much faster than numpy arrays element by element
        state = [exists.tolist(), key_unit.tolist(), headroom.tolist()]
        written = [values.tolist() for values in outputs]
        decide_in_order(*(values.tolist() for values in inputs), *state, step_code.tolist(), *written)
        for target, values in zip((exists, key_unit, headroom, *outputs), (*state, *written)):
            target[:] = values
    return Walked(*outputs)
