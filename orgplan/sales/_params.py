"""Checks of the parameters that the target-decomposition functions share (private to orgplan.sales).

Each turns a user's value into numpy/pandas or raises a
:class:`~orgplan.errors.ParameterError` that names the parameter and the
function, in the scikit-learn style.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from orgplan.errors import ParameterError

__all__: list[str] = []  # private to orgplan.sales


def as_series(values: Any, name: str, func: str) -> pd.Series:
    if isinstance(values, pd.Series):
        series = values.copy()
    elif isinstance(values, Mapping):
        series = pd.Series(dict(values), dtype="float64")
    else:
        try:
            series = pd.Series(np.asarray(values, dtype="float64"))
        except (TypeError, ValueError):
            raise ParameterError(
                f"The {name!r} parameter of {func} must be numbers (a Series, dict or list). "
                f"Got {values!r} instead."
            ) from None
    try:
        series = series.astype("float64")
    except (TypeError, ValueError):
        raise ParameterError(
            f"The {name!r} parameter of {func} must hold numbers. Got {list(series)!r} instead."
        ) from None
    return series


def bound(values: Any, index: pd.Index, name: str, default: float, func: str) -> np.ndarray:
    if values is None:
        return np.full(len(index), default)
    if np.isscalar(values):
        return np.full(len(index), float(values))
    if isinstance(values, (pd.Series, Mapping)):
        series = as_series(values, name, func)
        unknown = series.index.difference(index)
        if len(unknown):
            raise ParameterError(
                f"The {name!r} parameter of {func} names parts that have no weight: "
                f"{', '.join(map(str, unknown[:5]))}."
            )
        return series.reindex(index).fillna(default).to_numpy(dtype="float64")
    array = np.asarray(values, dtype="float64")
    if array.shape != (len(index),):
        raise ParameterError(
            f"The {name!r} parameter of {func} must have one value per part ({len(index)}). "
            f"Got {array.shape[0] if array.ndim else 'a scalar'} instead."
        )
    return np.where(np.isnan(array), default, array)


def whole(value: Any, name: str, func: str) -> int:
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = float("nan")
    if not np.isfinite(number) or number < 0 or number != round(number):
        raise ParameterError(
            f"The {name!r} parameter of {func} must be a whole number of 0 or more. Got {value!r} instead."
        )
    return int(round(number))


def fmt(value: float) -> str:
    return f"{value:,.0f}" if abs(value - round(value)) < 1e-9 else f"{value:,.6g}"
