"""Fonts for matplotlib charts with Chinese labels (private helper of the plotting modules).

Every matplotlib chart of orgplan (comparison, Gantt, KPI, scorecard,
target heat map, special-approval report) draws inside :func:`cjk_context`,
so Chinese names render with the first installed font of :data:`CJK_FONTS`
and the global ``rcParams`` are left alone. The bundled Noto Sans CJK SC
(:mod:`orgplan.render.cjk_font`) closes the list, so Chinese is drawn on a
machine without a Chinese font. Only installed fonts are named:
asking matplotlib for an absent family logs a "findfont" warning per text.
The family list is a list of concrete names (not ``"sans-serif"``), so each
text keeps it when the figure is drawn later, outside the context.

Graphviz org charts choose their font through fontconfig instead; see
:mod:`orgplan.render.chart_fonts`.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from orgplan.render.cjk_font import BUNDLED_FAMILY, SYSTEM_FONTS, matplotlib_families

if TYPE_CHECKING:  # pragma: no cover
    from contextlib import AbstractContextManager

    from matplotlib.figure import Figure

__all__ = ["CJK_FONTS", "installed_fonts", "cjk_rc", "cjk_context", "pin_fonts", "figure_png"]

#: Font fallback list so Chinese labels render in charts (the first one installed wins): the system's Chinese
#: fonts, the bundled Noto Sans CJK SC (always there), and ``DejaVu Sans`` (bundled with matplotlib) for the
#: few symbols the others lack.
CJK_FONTS = [*SYSTEM_FONTS, BUNDLED_FAMILY, "DejaVu Sans"]


def installed_fonts() -> list[str]:
    """The fonts of :data:`CJK_FONTS` that matplotlib can find, in that order.

    Returns
    -------
    list of str
        Always ends with the bundled Noto Sans CJK SC and ``DejaVu Sans``.

    Examples
    --------
    >>> fonts = installed_fonts()
    >>> fonts[-1], set(fonts) <= set(CJK_FONTS)
    ('DejaVu Sans', True)
    """
    return matplotlib_families()


def cjk_rc(extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The ``rcParams`` of a chart with Chinese labels: the installed CJK fonts, an ASCII minus sign, no mathtext.

    Parameters
    ----------
    extra : mapping, optional
        More ``rcParams`` for the chart (e.g. ``{"svg.fonttype": "path"}``).

    Examples
    --------
    >>> rc = cjk_rc({"svg.fonttype": "path"})
    >>> rc["font.family"] == installed_fonts(), rc["axes.unicode_minus"], rc["svg.fonttype"]
    (True, False, 'path')
    """
    # text.parse_math off: a name such as "$x^$" from the user's data is drawn as typed, never parsed as a formula
    return {"font.family": installed_fonts(), "axes.unicode_minus": False, "text.parse_math": False, **(extra or {})}


def cjk_context(extra: Mapping[str, Any] | None = None) -> AbstractContextManager[Any]:
    """A ``matplotlib.rc_context`` with :func:`cjk_rc`: draw Chinese labels without touching global settings.

    Examples
    --------
    >>> import matplotlib
    >>> before = list(matplotlib.rcParams["font.family"])
    >>> with cjk_context():
    ...     matplotlib.rcParams["font.family"] == installed_fonts()
    True
    >>> list(matplotlib.rcParams["font.family"]) == before
    True
    """
    import matplotlib

    return matplotlib.rc_context(cjk_rc(extra))


def pin_fonts(fig: Figure) -> Figure:
    """Give every text of ``fig`` the installed CJK fonts, so later drawing does not depend on global rcParams.

    Returns the same figure (changed in place: it is the caller's new figure).

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> fig = Figure()
    >>> _ = fig.add_subplot().set_title("編制")
    >>> pin_fonts(fig).axes[0].title.get_fontfamily() == installed_fonts()
    True
    """
    from matplotlib.text import Text

    fonts = installed_fonts()
    for text in fig.findobj(Text):
        text.set_fontfamily(fonts)
    return fig


def figure_png(fig: Figure, dpi: int) -> bytes:
    """The figure as PNG bytes (for an ``ipywidgets.Image``).

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> figure_png(Figure(figsize=(1, 1)), dpi=20)[:4]
    b'\\x89PNG'
    """
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()
