"""One language setting and complete catalogues (orgplan.i18n)."""

from __future__ import annotations

import pytest

from orgplan.i18n import DOMAINS, Translator, get_language, language, normalise_language, set_language
from orgplan.i18n.catalogue import problems


@pytest.mark.parametrize("domain", DOMAINS)
def test_catalogue_is_complete_and_has_no_stale_entries(domain):
    """Every marked string of the domain has a reviewed zh_Hans and zh_Hant translation, and nothing else is kept.

    Fix with ``python -m orgplan.i18n.catalogue`` and then write the missing translations.
    """
    assert problems(domain) == []


def test_the_default_is_simplified_chinese(monkeypatch):
    monkeypatch.delenv("ORGPLAN_LANG", raising=False)
    before = set_language(None)
    try:
        assert get_language() == "zh-Hans"
    finally:
        set_language(before)


def test_the_environment_and_an_explicit_choice(monkeypatch):
    monkeypatch.setenv("ORGPLAN_LANG", "zh-TW")
    before = set_language(None)
    try:
        assert get_language() == "zh-Hant"
        with language("en"):
            assert get_language() == "en"
        assert get_language() == "zh-Hant"
    finally:
        set_language(before)


@pytest.mark.parametrize("bad", ["fr", "", "zh-Latn"])
def test_an_unknown_language_is_refused_with_the_choices(bad):
    with pytest.raises(ValueError, match="zh-Hans, zh-Hant, en"):
        normalise_language(bad)


def test_an_unknown_domain_is_a_programming_error():
    with pytest.raises(ValueError, match="domain"):
        Translator("nowhere")


def test_every_verb_takes_lang_and_a_bad_one_exits_2(capsys):
    from orgplan.cli import main

    assert main(["--version"]) == 0
    assert "orgplan" in capsys.readouterr().out
    assert main(["summary", "data/approved-2027", "--lang", "en"]) == 0
    assert main(["--lang", "en", "summary", "data/approved-2027"]) == 0
    capsys.readouterr()
    assert main(["summary", "data/approved-2027", "--lang", "fr"]) == 2
    assert "zh-Hans, zh-Hant, en" in capsys.readouterr().err


def test_a_bad_orgplan_lang_is_one_message(monkeypatch, capsys):
    from orgplan.cli import main

    monkeypatch.setenv("ORGPLAN_LANG", "klingon")
    before = set_language(None)
    try:
        assert main(["summary", "data/approved-2027"]) == 2
    finally:
        set_language(before)
    assert "ORGPLAN_LANG" in capsys.readouterr().err
