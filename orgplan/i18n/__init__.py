"""The language of everything a person reads: Simplified Chinese by default, Traditional Chinese and English.

One setting chooses it, in this order: :func:`set_language` (or the
``--lang`` option of every CLI verb, which calls it), the ``ORGPLAN_LANG``
environment variable, a structure's own ``language:`` in
``structure.yaml`` (the company's choice, applied by whoever reads it with
:func:`use_company_language`), and otherwise ``zh-Hans``.

Words are translated with gettext catalogues kept with Babel: the code is
written with English message ids, marked ``_("…")`` (or ``N_("…")`` where a
constant is translated later, when it is shown); each module declares its
gettext *domain* (``_ = Translator("sales")``: usually its package's name; a
CLI verb or a figure may use the domain of the analysis it shows), and each
domain has a ``.po`` file per language in
``orgplan/i18n/locale/<language>/<domain>.po``. English needs no catalogue.
``tests/test_i18n.py`` fails when a marked string is missing from a
catalogue, a catalogue keeps an entry the code no longer has, or a
translation is empty. The user's own data (names, ids) is never translated.

Examples
--------
>>> from orgplan.i18n import Translator, language
>>> _ = Translator("tables")
>>> with language("en"):
...     _("a whole number of 0 or more")
'a whole number of 0 or more'
"""

from __future__ import annotations

import contextlib
import gettext
import io
import os
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import Iterator

__all__ = ["LANGUAGES", "DEFAULT_LANGUAGE", "set_language", "get_language", "get_language_choice", "language",
           "normalise_language", "use_company_language", "every_translation", "Translator", "N_", "LOCALE_DIR",
           "DOMAINS"]

#: The languages orgplan speaks, as BCP 47 tags.
LANGUAGES: tuple[str, ...] = ("zh-Hans", "zh-Hant", "en")
DEFAULT_LANGUAGE = "zh-Hans"
#: Where the catalogues are: ``LOCALE_DIR / "zh_Hans" / "sales.po"``.
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
#: One gettext domain per package of orgplan.
DOMAINS: tuple[str, ...] = ("errors", "tables", "model", "organisation", "people", "headcount", "sales", "showroom",
                            "yearplan", "staffing", "pay", "market", "training", "booklet", "render", "widgets", "cli")

_ALIASES = {
    "zh-hans": "zh-Hans", "zh_hans": "zh-Hans", "zh-cn": "zh-Hans", "zh_cn": "zh-Hans", "zh-sg": "zh-Hans",
    "zh": "zh-Hans", "cn": "zh-Hans", "简体": "zh-Hans", "简体中文": "zh-Hans", "簡體": "zh-Hans",
    "zh-hant": "zh-Hant", "zh_hant": "zh-Hant", "zh-tw": "zh-Hant", "zh_tw": "zh-Hant", "zh-hk": "zh-Hant",
    "zh-mo": "zh-Hant", "繁体": "zh-Hant", "繁體": "zh-Hant", "繁體中文": "zh-Hant", "繁体中文": "zh-Hant",
    "en": "en", "en-us": "en", "en-gb": "en", "en_us": "en", "en_gb": "en", "english": "en", "英文": "en",
}

_chosen: ContextVar[str | None] = ContextVar("orgplan_language", default=None)
_company: ContextVar[str | None] = ContextVar("orgplan_company_language", default=None)


def normalise_language(value: str, *, what: str = "the language") -> str:
    """``"zh-CN"``, ``"zh_Hans"``, ``"简体"`` … → one of :data:`LANGUAGES`; anything else is an error.

    Examples
    --------
    >>> normalise_language("zh-CN"), normalise_language("繁體"), normalise_language("EN")
    ('zh-Hans', 'zh-Hant', 'en')
    """
    found = _ALIASES.get(str(value).strip().lower().replace(" ", ""))
    if found is None:  # a builtin error: this layer sits below orgplan.errors
        raise ValueError(_("{what} must be one of {languages} (简体中文, 繁體中文, English); got {value}.").format(
            what=what, languages=", ".join(LANGUAGES), value=repr(value)))
    return found


def set_language(value: str | None) -> str | None:
    """Choose the language for this process (``None``: back to ``ORGPLAN_LANG`` or the default).

    Returns the language chosen before, so a caller can put it back.

    Examples
    --------
    >>> before = set_language("en"); get_language()
    'en'
    >>> _ = set_language(before)
    """
    before = _chosen.get()
    _chosen.set(None if value is None else normalise_language(value))
    return before


def get_language_choice() -> str | None:
    """The language chosen with :func:`set_language` (``None`` when none was), without the fallbacks."""
    return _chosen.get()


def use_company_language(value: str | None) -> None:
    """Apply a structure's own ``language:`` (below an explicit choice and ``ORGPLAN_LANG``)."""
    _company.set(None if value in (None, "") else normalise_language(value, what="structure.yaml's language"))


def get_language() -> str:
    """The language in force now: the choice, else ``ORGPLAN_LANG``, else the company's, else ``zh-Hans``."""
    chosen = _chosen.get()
    if chosen:
        return chosen
    env = os.environ.get("ORGPLAN_LANG", "").strip()
    if env:
        return normalise_language(env, what="ORGPLAN_LANG")
    return _company.get() or DEFAULT_LANGUAGE


@contextlib.contextmanager
def language(value: str) -> Iterator[str]:
    """Use a language inside a ``with`` block only.

    Examples
    --------
    >>> with language("zh-Hant"):
    ...     get_language()
    'zh-Hant'
    """
    token = _chosen.set(normalise_language(value))
    try:
        yield get_language()
    finally:
        _chosen.reset(token)


def N_(message: str) -> str:  # noqa: N802 (gettext's name)
    """Mark a constant for the catalogue without translating it now; translate it with ``_(constant)`` when shown."""
    return message


@lru_cache(maxsize=None)
def _domain_catalogue(lang: str, domain: str) -> gettext.NullTranslations:
    path = LOCALE_DIR / lang.replace("-", "_") / f"{domain}.po"
    if lang == "en" or not path.exists():
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        catalog = read_po(handle, locale=lang.replace("-", "_"), domain=domain)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


class _AnyDomain(gettext.NullTranslations):
    """The other domains, in order: a constant marked ``N_`` in one package is shown by another's ``_``."""

    def __init__(self, lang: str, skip: str):
        super().__init__()
        self._lang, self._skip = lang, skip

    def gettext(self, message: str) -> str:
        for domain in DOMAINS:
            if domain != self._skip:
                found = getattr(_domain_catalogue(self._lang, domain), "_catalog", {}).get(message)
                if found is not None:
                    return found
        return message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        for domain in DOMAINS:
            catalogue = _domain_catalogue(self._lang, domain)
            if domain != self._skip and (singular, 0) in getattr(catalogue, "_catalog", {}):
                return catalogue.ngettext(singular, plural, n)
        return singular if n == 1 else plural


@lru_cache(maxsize=None)
def _catalogue(lang: str, domain: str) -> gettext.NullTranslations:
    """A domain's translations, falling back to the other domains' (never to another language)."""
    own = _domain_catalogue(lang, domain)
    if lang == "en":
        return own
    if isinstance(own, gettext.GNUTranslations):
        own = _copy(own)
        own.add_fallback(_AnyDomain(lang, domain))
        return own
    return _AnyDomain(lang, domain)


def _copy(translations: gettext.GNUTranslations) -> gettext.GNUTranslations:
    clone = gettext.GNUTranslations.__new__(gettext.GNUTranslations)
    clone.__dict__.update(translations.__dict__)
    clone._fallback = None
    return clone


def every_translation(message: str) -> tuple[str, ...]:
    """``message`` in every language orgplan speaks (English first), for readers that accept any of them.

    Examples
    --------
    >>> every_translation("row {row}")[0]
    'row {row}'
    """
    found = [message]
    for lang in LANGUAGES:
        if lang != "en":
            for domain in DOMAINS:
                text = getattr(_domain_catalogue(lang, domain), "_catalog", {}).get(message)
                if text and text not in found:  # every domain's word: two packages may say it differently
                    found.append(text)
    return tuple(found)


def _language_for_words() -> str:
    """:func:`get_language`, but a bad ``ORGPLAN_LANG`` is passed over here (it is reported, in these words)."""
    env = _ALIASES.get(os.environ.get("ORGPLAN_LANG", "").strip().lower().replace(" ", ""))
    return _chosen.get() or env or _company.get() or DEFAULT_LANGUAGE


class Translator:
    """The translation function of one domain: ``_ = Translator("sales")`` then ``_("Target")``.

    ``_(message)`` translates into the language in force when it is called;
    ``_.ngettext(singular, plural, n)`` chooses by ``n`` (Chinese has one
    form). Placeholders are named and filled after translation:
    ``_("{count} forms written").format(count=3)``.
    """

    __slots__ = ("domain",)

    def __init__(self, domain: str):
        if domain not in DOMAINS:
            raise ValueError(f"unknown gettext domain {domain!r}; add it to orgplan.i18n.DOMAINS")
        self.domain = domain

    def __call__(self, message: str) -> str:
        return _catalogue(_language_for_words(), self.domain).gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return _catalogue(_language_for_words(), self.domain).ngettext(singular, plural, n)

    def __repr__(self) -> str:
        return f"Translator({self.domain!r})"


_ = Translator("errors")
