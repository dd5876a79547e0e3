"""Keeping the catalogues: extract the marked strings with Babel, update the ``.po`` files, find what is missing.

Run after changing any user-facing text::

    python -m orgplan.i18n.catalogue            # update every domain's zh_Hans and zh_Hant .po
    python -m orgplan.i18n.catalogue --check    # list missing, stale and empty entries (exit 1 if any)

New entries arrive with an empty translation; a person writes the
Simplified Chinese one, and the Traditional one is drafted from it with
OpenCC (``s2tw``: Taiwan's standard characters, without changing phrases) when
``opencc`` is installed — then read by a person, as the domain's terms must
be right in both scripts (编制/編制, 在岗/在崗, 超编/超編, 总经理特批/總經理特批).
"""

from __future__ import annotations

import argparse
import io
import os
import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po

from orgplan.i18n import DOMAINS, LOCALE_DIR

__all__ = ["extract", "update", "problems", "main"]

PACKAGE = Path(__file__).resolve().parent.parent
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
LANGUAGES = ("zh_Hans", "zh_Hant")


_DECLARATION = re.compile(r"""^_ = Translator\(["'](\w+)["']\)""", re.M)


def _sources(domain: str) -> list[Path]:
    """The modules of a domain: those that declare ``_ = Translator("<domain>")`` at their top level.

    A domain is usually a package, but a CLI verb, a widget or a figure may speak in the words of the analysis
    it shows (``orgplan/cli/kpi.py`` declares ``Translator("sales")``), so its catalogue is kept in one place.
    """
    return sorted(path for path in PACKAGE.rglob("*.py")
                  if (match := _DECLARATION.search(path.read_text(encoding="utf-8"))) and match.group(1) == domain)


def extract(domain: str) -> Catalog:
    """Every string marked in a domain's code, as a Babel catalogue (English ids)."""
    catalog = Catalog(domain=domain, project="orgplan", charset="utf-8")
    options = {"encoding": "utf-8"}
    for source in _sources(domain):
        found = ((source, *item) for item in extract_from_file("python", source, keywords=KEYWORDS,
                                                                 comment_tags=("TRANSLATORS:",), options=options))
        for path, line, message, comments, context in found:
            location = (str(Path(path).resolve().relative_to(PACKAGE.parent)), line)
            catalog.add(message, None, [location], auto_comments=comments, context=context)
    return catalog


def _po_path(lang: str, domain: str) -> Path:
    return LOCALE_DIR / lang / f"{domain}.po"


def _read(lang: str, domain: str) -> Catalog | None:
    path = _po_path(lang, domain)
    if not path.exists():
        return None
    with path.open("rb") as handle:
        return read_po(handle, locale=lang, domain=domain)


#: OpenCC's choices that differ from the terms of this domain (DESIGN.md's vocabulary).
_TRADITIONAL_TERMS = {"彙報": "匯報", "默認": "預設"}


def _draft_traditional(text: str) -> str:
    try:
        import opencc
    except ImportError:
        return ""
    draft = opencc.OpenCC("s2tw").convert(text)
    for wrong, right in _TRADITIONAL_TERMS.items():
        draft = draft.replace(wrong, right)
    return draft


def update(domain: str) -> list[Path]:
    """Bring a domain's ``.po`` files in line with its code; return the files written."""
    template = extract(domain)
    written = []
    simplified = _read("zh_Hans", domain)
    for lang in LANGUAGES:
        catalog = _read(lang, domain) or Catalog(locale=lang, domain=domain, project="orgplan", charset="utf-8")
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        catalog.fuzzy = False
        catalog.project, catalog.copyright_holder = "orgplan", "the orgplan authors"
        if lang == "zh_Hant" and simplified is not None:
            for message in catalog:
                strings = message.string if isinstance(message.string, tuple) else (message.string,)
                if message.id and not all(strings) and simplified.get(message.id) is not None:
                    source = simplified.get(message.id).string
                    if isinstance(source, tuple):
                        message.string = tuple(_draft_traditional(s) for s in source)
                    elif source:
                        message.string = _draft_traditional(source)
        if not len(catalog) and not _po_path(lang, domain).exists():
            continue
        path = _po_path(lang, domain)
        path.parent.mkdir(parents=True, exist_ok=True)
        buffer = io.BytesIO()  # written whole, then renamed: a failure never leaves half a catalogue
        write_po(buffer, catalog, width=100, omit_header=False, sort_output=False, include_previous=False)
        temporary = path.with_suffix(".po.tmp")
        temporary.write_bytes(buffer.getvalue())
        os.replace(temporary, path)
        written.append(path)
        if lang == "zh_Hans":
            simplified = catalog
    return written


def problems(domain: str) -> list[str]:
    """What is wrong with a domain's catalogues: missing, stale or empty entries (empty list when none)."""
    wanted = {m.id if isinstance(m.id, str) else m.id[0] for m in extract(domain) if m.id}
    found: list[str] = []
    for lang in LANGUAGES:
        catalog = _read(lang, domain)
        have = {} if catalog is None else {(m.id if isinstance(m.id, str) else m.id[0]): m for m in catalog if m.id}
        for msgid in sorted(wanted - have.keys()):
            found.append(f"{lang}/{domain}.po: missing {msgid!r}")
        for msgid in sorted(have.keys() - wanted):
            found.append(f"{lang}/{domain}.po: stale {msgid!r} (the code no longer has it)")
        for msgid in sorted(wanted & have.keys()):
            message = have[msgid]
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if not all(strings):
                found.append(f"{lang}/{domain}.po: no translation for {msgid!r}")
            elif message.fuzzy:
                found.append(f"{lang}/{domain}.po: fuzzy (unreviewed) translation for {msgid!r}")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m orgplan.i18n.catalogue", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only list what is missing, stale or empty")
    parser.add_argument("domains", nargs="*", default=list(DOMAINS))
    args = parser.parse_args(argv)
    if not args.check:
        for domain in args.domains:
            for path in update(domain):
                print(f"updated {path.relative_to(PACKAGE.parent)}")
    found = [p for d in args.domains for p in problems(d)]
    for line in found:
        print(line)
    return 1 if found else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
