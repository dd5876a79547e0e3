"""Which installed font draws the Chinese text of a chart (private helper of :mod:`orgplan.render.chart`).

Graphviz (bundled in the pygraphviz wheel) draws text with Pango, which
asks the system's fontconfig for fonts. Whether Chinese comes out as Chinese
or as boxes depends on whether a CJK font is installed, so we ask twice:

1. fontconfig (``fc-list :lang=zh``) lists the installed fonts that cover
   Chinese, and
2. Graphviz itself draws a one-node PDF with the text and the requested font;
   the fonts embedded in that PDF are the fonts it really used.

The text is covered when a font of step 2 is one of step 1. Without the
``fc-list`` program (Windows, some conda setups) step 1 falls back to
matplotlib's font list, checking each candidate's character map.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from typing import Iterator
from dataclasses import dataclass

from orgplan.i18n import N_, Translator
from orgplan.render.cjk_font import BUNDLED_FAMILY, SYSTEM_FONTS, register_with_matplotlib, use_bundled_font_for_graphviz

_ = Translator("render")

# Graphviz's fontconfig reads its configuration once per process: give it the bundled font before any chart.
use_bundled_font_for_graphviz()

__all__ = ["quiet_first_use", "FontReport", "font_report", "installed_cjk_fonts", "preferred_font", "CJK_FONT_PREFERENCE",
           "FONT_FIX", "cjk_characters"]

#: Fonts tried in this order when the caller names none (the first installed one wins): the system's Chinese
#: fonts, Simplified first, then the bundled Noto Sans CJK SC (always there: a dependency of orgplan).
CJK_FONT_PREFERENCE: tuple[str, ...] = (*SYSTEM_FONTS, "Source Han Sans TC", "Heiti TC", "AR PL UMing TW",
                                        BUNDLED_FAMILY)

#: What to do when no font covers Chinese (only when a font is named that lacks Chinese, or the bundled
#: font's package is broken).
FONT_FIX = N_("name a font that has Chinese characters (font=... / --font), or leave the font out to use the "
              "bundled Noto Sans CJK; if that fails, reinstall it: pip install --force-reinstall noto-cjk-sans-otc")

_CJK = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")


@dataclass(frozen=True)
class FontReport:
    """Which font a chart's Chinese text is drawn with, and whether it covers it.

    Attributes
    ----------
    requested : str
        The font name given to Graphviz (``font=`` or the automatic choice).
    used : tuple of str
        PostScript names of the fonts Graphviz embedded when drawing the
        text (subset prefixes removed), e.g. ``('WenQuanYiMicroHei',)``.
    cjk_font : str or None
        The font of ``used`` that covers Chinese, ``None`` if none does.
    covers_cjk : bool
        True when the Chinese text is drawn with a Chinese font (or the text
        has no Chinese at all); False means it would come out as boxes.
    installed_cjk_fonts : tuple of str
        Family names of the installed fonts that cover Chinese.
    fix : str or None
        What to do when ``covers_cjk`` is False.
    """

    requested: str
    used: tuple[str, ...]
    cjk_font: str | None
    covers_cjk: bool
    installed_cjk_fonts: tuple[str, ...]
    fix: str | None = None

    def __str__(self) -> str:
        if self.covers_cjk:
            return _("Chinese text is drawn with {font} (font={requested}).").format(
                font=repr(self.cjk_font or self.requested), requested=repr(self.requested))
        return _("No installed font covers the Chinese text (font={requested}): {fix}.").format(
            requested=repr(self.requested), fix=_(self.fix or FONT_FIX))


def cjk_characters(text: str) -> str:
    """The distinct CJK characters of ``text``, sorted (``""`` when there are none)."""
    return "".join(sorted(set(_CJK.findall(text))))


def _normal(name: str) -> str:
    return re.sub(r"[\s_\-]", "", name).lower()


@functools.lru_cache(maxsize=1)
def _fc_list_cjk() -> tuple[tuple[str, ...], frozenset[str]] | None:
    """(families, normalised family + PostScript names) of fontconfig's Chinese fonts; None without fc-list."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        out = subprocess.run([fc_list, ":lang=zh", "family", "postscriptname"], capture_output=True,
                             text=True, timeout=30, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    families: list[str] = []
    names: set[str] = set()
    for line in out.splitlines():
        family, _colon, rest = line.partition(":")
        aliases = [f.strip() for f in family.split(",") if f.strip()]
        if aliases and aliases[0] not in families:
            families.append(aliases[0])
        names.update(_normal(a) for a in aliases)
        match = re.search(r"postscriptname=([^:]+)", rest)
        if match:
            names.add(_normal(match.group(1)))
    return tuple(sorted(families)), frozenset(names)


@functools.lru_cache(maxsize=1)
def _matplotlib_cjk() -> tuple[tuple[str, ...], frozenset[str]]:
    """The same as :func:`_fc_list_cjk`, from matplotlib's font list (slower; used without fc-list)."""
    from matplotlib import font_manager, ft2font

    register_with_matplotlib()
    families: set[str] = set()
    names: set[str] = set()
    for entry in font_manager.fontManager.ttflist:
        try:
            font = ft2font.FT2Font(entry.fname)
            charmap = font.get_charmap()
        except Exception:  # unreadable font files are simply not candidates
            continue
        if all(ord(ch) in charmap for ch in "組織架構圖组织"):
            families.add(entry.name)
            names.update({_normal(entry.name), _normal(font.postscript_name)})
    return tuple(sorted(families)), frozenset(names)


def installed_cjk_fonts() -> tuple[str, ...]:
    """Family names of the installed fonts that cover Chinese (fontconfig's view)."""
    found = _fc_list_cjk()
    return (found or _matplotlib_cjk())[0]


def preferred_font() -> str:
    """The first installed font of :data:`CJK_FONT_PREFERENCE`, else ``"sans-serif"``."""
    installed = {_normal(f) for f in installed_cjk_fonts()}
    for name in CJK_FONT_PREFERENCE:
        if _normal(name) in installed:
            return name
    return "sans-serif"


def embedded_fonts(pdf: bytes) -> tuple[str, ...]:
    """PostScript names of the fonts a PDF embeds, subset prefixes (``ABCDEF+``) removed, sorted."""
    names = {re.sub(r"^[A-Z]{6}\+", "", m.decode("latin-1"))
             for m in re.findall(rb"/BaseFont\s*/([^\s/<>\[\]()]+)", pdf)}
    return tuple(sorted(names))


_first_use = threading.Lock()
_first_use_done = False


@contextlib.contextmanager
def quiet_first_use() -> Iterator[None]:
    """Hide fontconfig's start-up warnings, printed once per process by the first Graphviz text layout.

    The fontconfig bundled in the pygraphviz wheel is older than the
    system's configuration files and warns about elements it does not know
    (``Fontconfig warning: … unknown element "reset-dirs"``), straight to
    file descriptor 2. The first layout runs with that descriptor sent to a
    temporary file; every other line is passed on to ``sys.stderr``.
    Later calls do nothing.
    """
    global _first_use_done
    if _first_use_done:
        yield
        return
    with _first_use:
        if _first_use_done:
            yield
            return
        _first_use_done = True
        try:
            saved = os.dup(2)
        except OSError:  # no file descriptor 2 (some embedded interpreters)
            yield
            return
        with tempfile.TemporaryFile() as captured:
            with contextlib.suppress(Exception):
                sys.stderr.flush()
            os.dup2(captured.fileno(), 2)
            try:
                yield
            finally:
                os.dup2(saved, 2)
                os.close(saved)
                captured.seek(0)
                for line in captured.read().decode("utf-8", "replace").splitlines():
                    if not line.startswith("Fontconfig warning:"):
                        print(line, file=sys.stderr)


@functools.lru_cache(maxsize=64)
def font_report(font: str, text: str) -> FontReport:
    """Draw ``text`` with ``font`` through Graphviz and report which font covered it."""
    import pygraphviz

    graph = pygraphviz.AGraph()
    sample = text or "組織架構圖"
    graph.add_node("probe", label=sample, fontname=font, shape="plaintext")
    with quiet_first_use():
        graph.layout(prog="dot")
        used = embedded_fonts(graph.draw(format="pdf"))
    found = _fc_list_cjk() or _matplotlib_cjk()
    families, names = found
    cjk = next((u for u in used if _normal(u) in names), None)
    covers = cjk is not None or not cjk_characters(sample)
    return FontReport(requested=font, used=used, cjk_font=cjk, covers_cjk=covers,
                      installed_cjk_fonts=families, fix=None if covers else FONT_FIX)
