"""Weights from the sales history: seasonality, model mix, a consultant's capacity.

Examples
--------
>>> capacity(250, 4, 0.12)
120.0
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from orgplan.errors import ParameterError

__all__ = ["seasonality_index", "model_mix", "capacity"]


def seasonality_index(sales: pd.DataFrame, *, by: str = "month", value: str = "units", year: str = "year") -> pd.Series:
    """Seasonality index per month from past years' sales (mean 1).

    For each year, each month's sales are divided by that year's average
    month; the index is the average of these ratios over the years, so a
    year of higher sales does not weigh more than another.

    Parameters
    ----------
    sales : DataFrame
        Columns ``year``, ``month`` and ``units`` (other columns, e.g.
        ``model_id``, are summed over).
    by, value, year : str
        Column names.

    Returns
    -------
    Series
        Indexed by month, averaging 1.

    Examples
    --------
    >>> import pandas as pd
    >>> sales = pd.DataFrame({"year": [2025, 2025, 2026, 2026], "month": [1, 2, 1, 2],
    ...                       "units": [30, 10, 60, 40]})
    >>> seasonality_index(sales).tolist()
    [1.35, 0.65]
    """
    table = sales.groupby([year, by])[value].sum().unstack(by, fill_value=0)
    ratios = table.div(table.mean(axis=1), axis=0)
    index = ratios.mean(axis=0)
    index.name = "seasonality"
    return index


def model_mix(sales: pd.DataFrame, *, by: str = "model_id", value: str = "units", year: str = "year",
              year_weights: Sequence[float] | None = None) -> pd.Series:
    """Share of each model in past sales, recent years weighing more.

    Parameters
    ----------
    sales : DataFrame
        Columns ``year``, ``model_id`` and ``units``.
    year_weights : sequence of float, optional
        Weight of each year, oldest first; default 1, 2, 3, … so the
        latest year counts most.

    Returns
    -------
    Series
        Shares per model summing to 1.

    Examples
    --------
    >>> import pandas as pd
    >>> sales = pd.DataFrame({"year": [2025, 2025, 2026, 2026], "model_id": ["A", "B", "A", "B"],
    ...                       "units": [50, 50, 80, 20]})
    >>> model_mix(sales).round(4).to_dict()
    {'A': 0.7, 'B': 0.3}
    """
    table = sales.groupby([year, by])[value].sum().unstack(by, fill_value=0)
    shares = table.div(table.sum(axis=1), axis=0)
    weights = np.arange(1, len(shares) + 1, dtype=float) if year_weights is None else np.asarray(year_weights, float)
    if weights.shape != (len(shares),):
        raise ParameterError(
            f"The 'year_weights' parameter of model_mix must have one weight per year ({len(shares)}). "
            f"Got {len(weights)} instead."
        )
    mix = shares.mul(weights, axis=0).sum(axis=0) / weights.sum()
    mix.name = "share"
    return mix


def capacity(working_days: Any, visits_per_day: Any, conversion: Any) -> Any:
    """Cars a consultant can sell: working days × visits (customers received) per day × conversion.

    Works on numbers or aligned Series alike.

    Examples
    --------
    >>> capacity(250, 4, 0.12)
    120.0
    """
    return working_days * visits_per_day * conversion * 1.0
