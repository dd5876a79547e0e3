"""A Chinese font on every machine: the bundled Noto Sans CJK, after the system's own Chinese fonts.

orgplan depends on ``noto-cjk-sans-otc`` (PyPI; Google's Noto Sans CJK,
SIL Open Font License 1.1, a 19 MB OpenType collection with Simplified,
Traditional, Japanese and Korean faces), so a fresh Linux or macOS machine
with no Chinese font still draws Chinese in charts:

- **matplotlib**: :func:`register_with_matplotlib` adds the bundled font to
  matplotlib's font list once; the figures ask for the system's Chinese
  fonts first (:data:`SYSTEM_FONTS`: 微软雅黑 on Windows, PingFang on macOS,
  Noto/WenQuanYi on Linux) and the bundled one last.
- **Graphviz** (inside pygraphviz) finds fonts through fontconfig:
  :func:`use_bundled_font_for_graphviz` writes a private ``fonts.conf`` that
  includes the system's configuration and adds the bundled font's folder,
  and points ``FONTCONFIG_FILE`` at it before the first chart is drawn.
  fontconfig reads its configuration once per process, so this runs when
  :mod:`orgplan.render` draws its first chart.

Examples
--------
>>> bundled_font_file().name
'NotoSansCJK-Regular.ttc'
>>> BUNDLED_FAMILY
'Noto Sans CJK SC'
"""

from __future__ import annotations

import functools
import os
import tempfile
from html import escape
from pathlib import Path

__all__ = ["BUNDLED_FAMILY", "SYSTEM_FONTS", "bundled_font_file", "register_with_matplotlib",
           "use_bundled_font_for_graphviz", "matplotlib_families"]

#: The face of the bundled collection for Simplified Chinese (its other faces: TC, HK, JP, KR).
BUNDLED_FAMILY = "Noto Sans CJK SC"
#: The system's Chinese fonts, preferred over the bundled one where installed (Simplified first).
SYSTEM_FONTS: tuple[str, ...] = (
    "Microsoft YaHei", "PingFang SC", "Hiragino Sans GB", "Noto Sans CJK SC", "Source Han Sans SC",
    "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "SimHei", "Microsoft JhengHei", "PingFang TC", "Noto Sans CJK TC",
)


def bundled_font_file() -> Path:
    """The bundled Noto Sans CJK collection (``.ttc``).

    Raises
    ------
    ImportError
        When the ``noto-cjk-sans-otc`` package is missing (``pip install noto-cjk-sans-otc``).
    """
    try:
        import noto_cjk_sans_otc
    except ImportError:  # pragma: no cover - a dependency of orgplan
        raise ImportError("orgplan draws Chinese with the bundled Noto Sans CJK font: "
                          "pip install noto-cjk-sans-otc") from None
    return Path(noto_cjk_sans_otc.__file__).resolve().parent / "NotoSansCJK-Regular.ttc"


@functools.lru_cache(maxsize=1)
def register_with_matplotlib() -> str:
    """Add the bundled font to matplotlib's font list (once); return its family name."""
    from matplotlib import font_manager

    names = {font.name for font in font_manager.fontManager.ttflist}
    if BUNDLED_FAMILY not in names or not any(Path(f.fname) == bundled_font_file()
                                              for f in font_manager.fontManager.ttflist):
        font_manager.fontManager.addfont(str(bundled_font_file()))
    return BUNDLED_FAMILY


def matplotlib_families() -> list[str]:
    """The font families a figure asks for: the system's Chinese fonts that are installed, then the bundled one.

    ``DejaVu Sans`` (bundled with matplotlib) closes the list for the few
    symbols the CJK fonts lack.

    Examples
    --------
    >>> families = matplotlib_families()
    >>> BUNDLED_FAMILY in families and families[-1] == "DejaVu Sans"
    True
    """
    from matplotlib import font_manager

    register_with_matplotlib()
    installed = {font.name for font in font_manager.fontManager.ttflist
                 if Path(font.fname) != bundled_font_file()}
    system = [name for name in SYSTEM_FONTS if name in installed]
    return [*system, *([] if BUNDLED_FAMILY in system else [BUNDLED_FAMILY]), "DejaVu Sans"]


def _private_folder() -> Path:
    return Path(tempfile.gettempdir()) / f"orgplan-fontconfig-{os.getuid() if hasattr(os, 'getuid') else 0}"


def _system_config() -> str | None:
    """The fontconfig configuration in force before ours: the user's ``FONTCONFIG_FILE`` or the system's."""
    ours = str(_private_folder() / "fonts.conf")
    for configured in (os.environ.get("ORGPLAN_SYSTEM_FONTCONFIG"), os.environ.get("FONTCONFIG_FILE")):
        if configured and configured != ours:
            return configured
    for candidate in ("/etc/fonts/fonts.conf", "/usr/local/etc/fonts/fonts.conf", "/opt/homebrew/etc/fonts/fonts.conf"):
        if Path(candidate).exists():
            return candidate
    return None


@functools.lru_cache(maxsize=1)
def use_bundled_font_for_graphviz() -> Path:
    """Point Graphviz's fontconfig at the system's fonts plus the bundled one (once per process).

    Returns the private ``fonts.conf`` written (in the temporary folder).
    The system's fonts stay first, so a machine with 微软雅黑 or Noto
    installed keeps using it; ``sans-serif`` prefers the Chinese fonts of
    :data:`SYSTEM_FONTS`, then the bundled font.
    """
    system = _system_config()
    if system:  # child processes (a PDF check, a notebook kernel) find the system's configuration again
        os.environ["ORGPLAN_SYSTEM_FONTCONFIG"] = system
    folder = _private_folder()
    folder.mkdir(exist_ok=True)
    include = f'  <include ignore_missing="yes">{escape(system)}</include>\n' if system else ""
    prefer = "".join(f"<family>{escape(name)}</family>" for name in dict.fromkeys((*SYSTEM_FONTS, BUNDLED_FAMILY)))
    text = (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        f"{include}"
        f"  <dir>{escape(str(bundled_font_file().parent))}</dir>\n"
        f"  <cachedir>{escape(str(folder / 'cache'))}</cachedir>\n"
        f"  <alias><family>sans-serif</family><prefer>{prefer}</prefer></alias>\n"
        "</fontconfig>\n"
    )
    path = folder / "fonts.conf"
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        temporary = folder / f"fonts.conf.{os.getpid()}.tmp"
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    os.environ["FONTCONFIG_FILE"] = str(path)
    return path
