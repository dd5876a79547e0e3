"""The house rules of the package, checked on every run (README, "For contributors").

- the import contracts of ``pyproject.toml`` (layers, no pictures in analyses, no cycles) hold;
- at most 12 modules directly under ``orgplan/``, no module over 800 lines;
- no module imports another package's ``_private`` name;
- every exception class is defined in ``orgplan/errors.py``;
- no compiled speed tricks (numba) anywhere.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "orgplan"
MODULES = sorted(PACKAGE.rglob("*.py"))


def _name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_import_contracts_hold():
    """``lint-imports`` (import-linter) with the contracts of pyproject.toml: a wrong-way import fails here."""
    pytest.importorskip("importlinter")
    result = subprocess.run([sys.executable, "-c", "from importlinter.cli import lint_imports_command; "
                             "lint_imports_command()", "--no-cache"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_at_most_twelve_modules_at_the_top():
    top = [p.name for p in PACKAGE.glob("*.py")]
    assert len(top) <= 12, top


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_no_module_over_800_lines(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 800


def _imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = _name(path) if path.name == "__init__.py" else _name(path).rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join(base + ([module] if module else []))
            yield node.lineno, module, [alias.name for alias in node.names]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, []


def _package_of(module: str) -> str:
    parts = module.split(".")
    return ".".join(parts[:2]) if len(parts) > 1 else module


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_no_reach_into_another_packages_private_names(path):
    """``from orgplan.x.y import _z`` or ``import orgplan.x._y`` only within the package ``orgplan.x``."""
    here = _package_of(_name(path))
    bad = []
    for line, module, names in _imports(path):
        if not module.startswith("orgplan"):
            continue
        if _package_of(module) == here:
            continue
        private_module = any(part.startswith("_") and part != "__init__" for part in module.split(".")[1:])
        private_names = [n for n in names if n.startswith("_") and not n.startswith("__")]
        if private_module or private_names:
            bad.append(f"line {line}: {module} {private_names}")
    assert not bad, bad


def _is_exception_class(node: ast.ClassDef) -> bool:
    for base in node.bases:
        name = base.id if isinstance(base, ast.Name) else base.attr if isinstance(base, ast.Attribute) else ""
        if name.endswith(("Error", "Exception", "Warning", "Conflict")):
            return True
    return False


@pytest.mark.parametrize("path", [p for p in MODULES if p.name != "errors.py"], ids=_name)
def test_exceptions_live_in_errors(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    defined = [n.name for n in ast.walk(tree) if isinstance(n, ast.ClassDef) and _is_exception_class(n)]
    assert not defined, f"define {defined} in orgplan/errors.py"


def test_no_numba():
    hits = [str(p.relative_to(ROOT)) for p in [*MODULES, *ROOT.glob("bench/*.py"), ROOT / "pyproject.toml",
                                                ROOT / "environment.yml"]
            if "numba" in p.read_text(encoding="utf-8")]
    assert not hits


@pytest.mark.parametrize("path", [p for p in MODULES if p.name != "structure.py"], ids=_name)
def test_structure_is_read_through_its_public_views(path):
    """``Structure._units/_positions/_duties`` are the model's own: everyone else reads the public views."""
    text = path.read_text(encoding="utf-8")
    assert not [w for w in ("._units", "._positions", "._duties") if w in text]
