"""Page numbers in a printed contents: render the HTML to PDF, read where each chapter landed, render again.

Chromium prints an HTML page to PDF but does not compute ``target-counter()``
(the CSS way of writing "see page 12"). It does record, for every anchor a
link points to, the page the anchor is on (the PDF's named destinations,
``/Dests``). :func:`pdf_with_page_numbers` uses that: it renders once with
placeholders in the contents, reads the page of every anchor from the PDF
(:func:`anchor_pages`, a small reader of the uncompressed objects Chromium
writes; no PDF library needed), fills the numbers in and renders again —
again if the numbers moved a chapter (they cannot grow by more than the
placeholder's width, so two passes are the rule).

The contents mark each number as ``<span class="page-of" data-anchor="ID">…</span>``.

Examples
--------
>>> fill_page_numbers('<span class="page-of" data-anchor="sec-a">00</span>', {"sec-a": 7})
'<span class="page-of" data-anchor="sec-a">7</span>'
"""

from __future__ import annotations

import re
import zlib
from typing import Callable

from orgplan.i18n import Translator

_ = Translator("booklet")

__all__ = ["anchor_pages", "fill_page_numbers", "pdf_with_page_numbers", "page_count", "PAGE_OF"]

#: How the contents mark where a page number goes (the placeholder is replaced).
PAGE_OF = '<span class="page-of" data-anchor="{anchor}">{page}</span>'
_PAGE_OF = re.compile(r'(<span class="page-of" data-anchor="([^"]+)">)([^<]*)(</span>)')
_OBJECT = re.compile(rb"(\d+) 0 obj\s*(.*?)\s*endobj", re.S)
_REF = re.compile(rb"(\d+) 0 R")


def _objects(pdf: bytes) -> dict[int, bytes]:
    """Every object of the PDF by number (object streams unpacked, when a writer used them)."""
    objects = {int(m.group(1)): m.group(2) for m in _OBJECT.finditer(pdf)}
    for body in list(objects.values()):
        if b"/Type /ObjStm" in body or b"/Type/ObjStm" in body:
            head, _sep, rest = body.partition(b"stream")
            data = rest.lstrip(b"\r\n").rsplit(b"endstream", 1)[0]
            try:
                text = zlib.decompress(data)
            except zlib.error:
                continue
            first = int(re.search(rb"/First (\d+)", head).group(1))
            numbers = [int(x) for x in text[:first].split()]
            pairs = list(zip(numbers[::2], numbers[1::2]))
            for i, (number, offset) in enumerate(pairs):
                end = pairs[i + 1][1] if i + 1 < len(pairs) else len(text) - first
                objects.setdefault(number, text[first + offset:first + end])
    return objects


def _page_order(objects: dict[int, bytes]) -> list[int]:
    """The page objects in reading order, through the /Pages tree from the catalog."""
    catalog = next((b for b in objects.values() if re.search(rb"/Type\s*/Catalog", b)), None)
    if catalog is None:
        return []
    root = re.search(rb"/Pages (\d+) 0 R", catalog)
    order: list[int] = []

    def walk(number: int) -> None:
        body = objects.get(number, b"")
        kids = re.search(rb"/Kids\s*\[(.*?)\]", body, re.S)
        if kids and re.search(rb"/Type\s*/Pages\b", body):
            for ref in _REF.finditer(kids.group(1)):
                walk(int(ref.group(1)))
        else:
            order.append(number)
    if root:
        walk(int(root.group(1)))
    return order


def _name(raw: bytes) -> str:
    return re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw).decode("utf-8", "replace")


def anchor_pages(pdf: bytes) -> dict[str, int]:
    """The page (1 = first) of every named destination of a PDF, as Chromium writes them for linked anchors.

    Returns an empty mapping for a PDF without named destinations.
    """
    objects = _objects(pdf)
    pages = {number: i + 1 for i, number in enumerate(_page_order(objects))}
    catalog = next((b for b in objects.values() if re.search(rb"/Type\s*/Catalog", b)), b"")
    found = re.search(rb"/Dests (\d+) 0 R", catalog)
    if not found:
        return {}
    body = objects.get(int(found.group(1)), b"")
    out = {}
    for m in re.finditer(rb"/([^\s/\[\]<>()]+)\s*\[\s*(\d+) 0 R", body):
        page = pages.get(int(m.group(2)))
        if page is not None:
            out[_name(m.group(1))] = page
    return out


def page_count(pdf: bytes) -> int:
    """How many pages a PDF has."""
    return len(_page_order(_objects(pdf)))


def fill_page_numbers(document: str, pages: dict[str, int]) -> str:
    """Write each anchor's page into the contents' placeholders (``–`` where an anchor has none)."""
    return _PAGE_OF.sub(lambda m: f"{m.group(1)}{pages.get(m.group(2), '–')}{m.group(4)}", document)


def pdf_with_page_numbers(document: str, render: Callable[[str], bytes], *, passes: int = 3
                          ) -> tuple[bytes, dict[str, int]]:
    """Render to PDF with the contents' page numbers right; return the PDF and the page of every anchor.

    Parameters
    ----------
    document : str
        The HTML, its contents' numbers marked with :data:`PAGE_OF`.
    render : callable
        HTML → PDF bytes (:func:`orgplan.render.handbook.html_to_pdf`).

    Raises
    ------
    NoPdfRendererError, OrgPlanError
        Whatever ``render`` raises.
    """
    pages: dict[str, int] = {}
    pdf = render(fill_page_numbers(document, {}))
    for _pass in range(passes):
        found = anchor_pages(pdf)
        if found == pages:
            break
        pages = found
        pdf = render(fill_page_numbers(document, pages))
    return pdf, pages
