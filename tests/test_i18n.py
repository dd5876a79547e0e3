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


def _modules_with_a_translator():
    import ast
    from pathlib import Path

    for path in sorted((Path(__file__).resolve().parent.parent / "orgplan").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if any(isinstance(n, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "_" for t in n.targets)
               and isinstance(n.value, ast.Call) and getattr(n.value.func, "id", "") == "Translator"
               for n in tree.body):
            yield path, tree


def test_no_function_hides_the_translator():
    """``_`` is the module's translator: a ``for _ in`` or ``a, _ = …`` inside a function would hide it there."""
    import ast

    bad = []
    for path, tree in _modules_with_a_translator():
        for function in [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]:
            for node in ast.walk(function):
                if isinstance(node, ast.Name) and node.id == "_" and isinstance(node.ctx, ast.Store):
                    bad.append(f"{path.name}:{node.lineno} in {function.name}")
    assert not bad, bad


def test_a_company_chooses_its_language_in_structure_yaml(tmp_path, monkeypatch, capsys):
    """``language:`` in structure.yaml is the company's choice: below --lang and ORGPLAN_LANG, above the default."""
    import shutil

    from orgplan import read_structure, write_structure
    from orgplan.cli import main
    from orgplan.errors import DataError

    folder = tmp_path / "co"
    shutil.copytree("data/approved-2027", folder)
    meta = folder / "structure.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + "language: 繁體\n", encoding="utf-8")
    monkeypatch.delenv("ORGPLAN_LANG", raising=False)
    before = set_language(None)
    try:
        structure = read_structure(folder)
        assert structure.info.language == "zh-Hant" and get_language() == "zh-Hant"
        write_structure(structure, tmp_path / "copy")
        assert read_structure(tmp_path / "copy").info.language == "zh-Hant"
        with language("en"):
            assert get_language() == "en"  # an explicit choice wins
        meta.write_text(meta.read_text(encoding="utf-8").replace("language: 繁體", "language: klingon"),
                        encoding="utf-8")
        with pytest.raises(DataError, match="language"):
            read_structure(folder)
    finally:
        from orgplan.i18n import use_company_language

        use_company_language(None)
        set_language(before)
