"""The text of an org chart's boxes, headings, title and key, with their sizes (private helper of :mod:`orgplan.render.chart`).

A label is a list of lines, each a list of :class:`Span` (text, size,
colour, bold); :func:`label` turns it into a Graphviz HTML-like label
(every text escaped) and estimates its size in points, so the layout knows
how large each box is before Graphviz draws it. No text is smaller than
:data:`MIN_POINTS`, so a chart printed at its natural size is legible.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Iterable, Mapping

import pandas as pd

from orgplan.errors import ParameterError
from orgplan.i18n import N_, Translator
from orgplan.render.chart_layout import text_width

_ = Translator("render")

__all__ = ["Span", "label", "escape", "MIN_POINTS", "people_lines", "check_people", "PEOPLE_COLUMNS",
           "change_lines", "FIELD_LABELS", "PERSON_MARKS"]

#: The smallest text on a chart, in points (on paper the chart is never shrunk below it).
MIN_POINTS = 8.0
TITLE_PT, COUNT_PT, NOTE_PT, NAME_PT, ID_PT = 10.5, 9.0, 8.0, 8.5, 8.0
PAD_X, PAD_Y, LINE_HEIGHT = 8.0, 5.0, 1.45

INK = "#1f2937"
MUTED = "#64748b"
DOTTED = "#2563eb"
VACANCY = "#c2410c"
OVER = "#b91c1c"
CHANGE = "#b45309"
PROBATION = "#7c3aed"

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

#: Columns of the people frame a chart reads (one row per person in post).
PEOPLE_COLUMNS = ("position_id", "person_id", "name", "employment_type", "on_probation", "leaving")
#: Marks after a person's name: on probation, leaving.
PERSON_MARKS = {"on_probation": N_("probation (mark)"), "leaving": N_("leaving (mark)")}
#: Names of the fields a comparison shows as old → new.
FIELD_LABELS = {"approved": N_("establishment"), "filled": N_("in post"), "title": N_("title"),
                "reports_to": N_("reports to"), "unit_id": N_("unit"), "monthly_cost": N_("monthly cost"),
                "grade": N_("grade"), "dotted_line_to": N_("dotted line to"), "assistant": N_("assistant"),
                "name": N_("name"), "parent_id": N_("parent unit"), "kind": N_("kind")}
NAMES_PER_LINE = 4


def escape(text: object) -> str:
    """Text made safe for a Graphviz HTML-like label: markup escaped, newlines as ``<BR/>``, no control characters.

    Graphviz replaces ``\\N``, ``\\G`` … even inside HTML-like labels (and after reading ``&#92;``), and
    reads ``\\\\`` as one backslash: every backslash is doubled, so a name shows as typed.

    Examples
    --------
    >>> escape('R&D <"新"> 部\\n二組 \\\\N')
    'R&amp;D &lt;&quot;新&quot;&gt; 部<BR/>二組 \\\\\\\\N'
    """
    value = _CONTROL.sub(" ", str(text).replace("\r\n", "\n").replace("\r", "\n"))
    value = html.escape(value, quote=True).replace("&#x27;", "&#39;").replace("\\", "\\\\")
    return value.replace("\n", "<BR/>")


@dataclass(frozen=True)
class Span:
    """A piece of text of one size and colour."""

    text: str
    size: float = COUNT_PT
    colour: str = INK
    bold: bool = False
    strike: bool = False

    def html(self) -> str:
        body = escape(self.text)
        if self.bold:
            body = f"<B>{body}</B>"
        if self.strike:
            body = f"<S>{body}</S>"
        return f'<FONT POINT-SIZE="{self.size:g}" COLOR="{self.colour}">{body}</FONT>'

    def width(self) -> float:
        return max((text_width(part, self.size, bold=self.bold) for part in self.text.split("\n")), default=0.0)


def label(lines: Iterable[list[Span]], *, align: str = "CENTER", pad_x: float = PAD_X,
          pad_y: float = PAD_Y) -> tuple[str, float, float, str]:
    """(HTML-like label, width, height, plain text) of ``lines``; the size includes the padding."""
    rows, width, height, words = [], 0.0, 0.0, []
    for spans in lines:
        spans = [s for s in spans if s.text]
        if not spans:
            continue
        rows.append(f'<TR><TD ALIGN="{align}">' + "".join(s.html() for s in spans) + "</TD></TR>")
        width = max(width, sum(s.width() for s in spans))
        height += max(s.size for s in spans) * LINE_HEIGHT * (1 + max(s.text.count("\n") for s in spans))
        words.extend(s.text for s in spans)
    html_label = ('<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0">' + "".join(rows)
                  + "</TABLE>>")
    return html_label, round(width + 2 * pad_x, 1), round(height + 2 * pad_y, 1), " ".join(words)


def check_people(people: object) -> dict[str, list[dict]]:
    """The people frame, checked, as the people in post of each position (frame order).

    Examples
    --------
    >>> frame = pd.DataFrame({"position_id": ["A", "A"], "person_id": ["E1", "E2"], "name": ["张伟", "李娜"],
    ...                       "employment_type": ["正式", "试用"], "on_probation": [False, True],
    ...                       "leaving": [False, False]})
    >>> [p["name"] for p in check_people(frame)["A"]]
    ['张伟', '李娜']
    """
    if not isinstance(people, pd.DataFrame):
        raise ParameterError(f"The 'people' parameter of org_chart must be a DataFrame with the columns "
                             f"{', '.join(PEOPLE_COLUMNS)}. Got {type(people).__name__} instead.")
    missing = [c for c in ("position_id", "name") if c not in people.columns]
    if missing:
        raise ParameterError(f"The 'people' parameter of org_chart must have the columns "
                             f"{', '.join(PEOPLE_COLUMNS)}. Missing: {', '.join(missing)}.")
    by_position: dict[str, list[dict]] = {}
    for row in people.to_dict("records"):
        if pd.isna(row["position_id"]):
            continue
        by_position.setdefault(str(row["position_id"]), []).append(row)
    return by_position


def _flag(row: Mapping, column: str) -> bool:
    value = row.get(column)
    return bool(value) if isinstance(value, (bool, int)) and not pd.isna(value) else str(value).strip().lower() in {
        "true", "yes", "1", "是"}


def people_lines(people: list[dict], approved: int) -> list[list[Span]]:
    """The names in a box, four to a line, with marks (试 / 离), and one 缺 per vacant seat.

    Examples
    --------
    >>> lines = people_lines([{"name": "张伟", "on_probation": True, "leaving": False}], 3)
    >>> [[s.text for s in line] for line in lines]
    [['张伟', 'probation (mark)', '  ', 'vacant', '  ', 'vacant']]
    """
    tokens: list[list[Span]] = []
    for person in people:
        name = "" if pd.isna(person.get("name")) else str(person.get("name"))
        token = [Span(name or "?", NAME_PT)]
        if _flag(person, "on_probation"):
            token.append(Span(_(PERSON_MARKS["on_probation"]), NOTE_PT, PROBATION, bold=True))
        if _flag(person, "leaving"):
            token.append(Span(_(PERSON_MARKS["leaving"]), NOTE_PT, OVER, bold=True))
        tokens.append(token)
    vacant = max(int(approved) - len(people), 0)
    if vacant > NAMES_PER_LINE:
        tokens.append([Span(_("vacant ×{seats}").format(seats=vacant), NAME_PT, VACANCY, bold=True)])
    else:
        tokens.extend([Span(_("vacant"), NAME_PT, VACANCY, bold=True)] for _seat in range(vacant))
    lines = []
    for start in range(0, len(tokens), NAMES_PER_LINE):
        line: list[Span] = []
        for token in tokens[start:start + NAMES_PER_LINE]:
            if line:
                line.append(Span("  ", NAME_PT))
            line.extend(token)
        lines.append(line)
    return lines


def change_lines(changes: list[tuple[str, object, object]], titles: Mapping[str, str]) -> list[list[Span]]:
    """One line per changed field: ``编制 16 → 14``; ids of positions shown as their titles.

    Examples
    --------
    >>> [[s.text for s in line] for line in change_lines([("approved", 16, 14)], {})]
    [['establishment 16 → 14']]
    """
    lines = []
    for field_name, old, new in changes:
        word = _(FIELD_LABELS[field_name]) if field_name in FIELD_LABELS else field_name
        if field_name in ("reports_to", "dotted_line_to"):
            old, new = (titles.get(str(v), v) if _present(v) else v for v in (old, new))
        lines.append([Span(_("{field} {old} → {new}").format(field=word, old=_shown(old), new=_shown(new)),
                           NOTE_PT, CHANGE, bold=True)])
    return lines


def _present(value: object) -> bool:
    return value is not None and not (isinstance(value, float) and value != value) and str(value) != ""


def _shown(value: object) -> str:
    if not _present(value):
        return _("(none)")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def people_key() -> list[Span]:
    """The key's cell for people: 试 on probation, 离 leaving, 缺 a vacant seat."""
    return [Span(_(PERSON_MARKS["on_probation"]), NOTE_PT, PROBATION, bold=True),
            Span(" " + _("on probation") + "   ", NOTE_PT),
            Span(_(PERSON_MARKS["leaving"]), NOTE_PT, OVER, bold=True),
            Span(" " + _("leaving") + "   ", NOTE_PT),
            Span(_("vacant"), NOTE_PT, VACANCY, bold=True),
            Span(" " + _("vacant seat"), NOTE_PT)]
