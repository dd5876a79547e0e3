"""The GM's exceptions report as a bar chart: seats over establishment by department.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> from orgplan import read_structure, sample_path
>>> from orgplan.headcount import exceptions_report, validate_requests
>>> approved = read_structure(sample_path("approved-2027"))
>>> report = exceptions_report(validate_requests(approved, sample_path("requests-2027-04.csv")), approved)
>>> ax = exceptions_chart(report.by_department)
>>> [int(bar.get_width()) for bar in ax.patches]
[4, 3, 1]
"""

from __future__ import annotations

import pandas as pd

from orgplan.i18n import Translator
from orgplan.render.fonts import cjk_context, installed_fonts

_ = Translator("headcount")

__all__ = ["exceptions_chart"]


def exceptions_chart(by_department: pd.DataFrame, ax=None):
    """Bar chart of seats over establishment by department (Chinese names render), in the language in force.

    Parameters
    ----------
    by_department : DataFrame
        :attr:`ExceptionsReport.by_department <orgplan.headcount.ExceptionsReport>`:
        ``department, name, seats_over, share, review``; departments flagged
        for review are drawn in red.
    ax : matplotlib Axes, optional
        Where to draw; default a new figure sized to the departments.

    Returns
    -------
    matplotlib Axes
    """
    import matplotlib.pyplot as plt

    families = installed_fonts()
    # an explicit family list is stored with each text, so it still holds when Jupyter draws later
    with cjk_context():
        if ax is None:
            _figure, ax = plt.subplots(figsize=(6, 0.5 + 0.45 * max(len(by_department), 1)))
        table = by_department.iloc[::-1]
        colors = ["#c0392b" if r else "#e67e22" for r in table["review"]]
        positions = range(len(table))
        ax.barh(list(positions), table["seats_over"], color=colors)
        ax.set_yticks(list(positions), [_("{name} ({department})").format(name=n, department=d)
                                        for n, d in zip(table["name"], table["department"])], fontfamily=families)
        for y, (seats, share) in enumerate(zip(table["seats_over"], table["share"])):
            ax.annotate(" " + _("{seats} ({share})").format(seats=seats, share=f"{share:.0%}"), (seats, y),
                        va="center", fontfamily=families)
        ax.set_xlabel(_("seats over establishment"), fontfamily=families)
        ax.set_title(_("Special approvals beyond the approved structure"), fontfamily=families)
        if len(table) and table["review"].any():
            from matplotlib.patches import Patch

            ax.legend(handles=[Patch(color="#c0392b", label=_("structure to review")),
                               Patch(color="#e67e22", label=_("within the review share"))],
                      loc="upper left", bbox_to_anchor=(1.01, 1), borderaxespad=0, prop={"family": families,
                                                                                           "size": "small"})
        ax.xaxis.get_major_locator().set_params(integer=True)
        if len(table):
            ax.set_xlim(0, max(float(table["seats_over"].max()), 1.0) * 1.25)  # room for the labels at the bars' ends
    return ax
