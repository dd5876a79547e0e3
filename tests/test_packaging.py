"""The project's metadata: environment.yml and pyproject.toml name the same dependencies."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _name_and_spec(requirement: str) -> tuple[str, str]:
    match = re.match(r"\s*([A-Za-z0-9_.\-]+)\s*(.*)", requirement)
    return match.group(1).lower().replace("_", "-"), match.group(2).replace(" ", "")


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = dict(_name_and_spec(r) for r in project["dependencies"] + project["optional-dependencies"]["dev"])
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda = dict(_name_and_spec(d) for d in env["dependencies"] if isinstance(d, str))
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    conda.update(_name_and_spec(d.split("#")[0]) for d in pip_section if not d.startswith("-e"))  # not on conda-forge
    conda.pop("python")
    conda.pop("pip")
    assert conda == wanted


def test_console_script_points_at_main():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["scripts"]["orgplan"] == "orgplan.cli:main"


def test_an_installed_copy_runs_the_demo_on_its_bundled_sample(tmp_path):
    """`pip install .` (not editable) ships data/ inside the package: `orgplan demo` finds the sample there."""
    import os
    import subprocess
    import sys

    import pytest

    site = tmp_path / "site"
    build = subprocess.run([sys.executable, "-m", "pip", "install", str(ROOT), "--no-deps", "--quiet",
                            "--target", str(site)], capture_output=True, text=True, timeout=600)
    if build.returncode != 0 and ("Could not find a version" in build.stderr or "No matching distribution"
                                  in build.stderr):
        pytest.skip("the build backend (setuptools, wheel) cannot be fetched here")
    assert build.returncode == 0, build.stderr
    assert (site / "orgplan" / "_sample_data" / "approved-2027" / "positions.csv").exists()
    env = {**os.environ, "PYTHONPATH": str(site), "ORGPLAN_LANG": "en"}
    where = subprocess.run([sys.executable, "-c", "import orgplan; print(orgplan.sample_path('as-is-2026'))"],
                           capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert where.returncode == 0, where.stderr
    assert str(site) in where.stdout
    demo = subprocess.run([sys.executable, "-m", "orgplan", "demo", "--out", str(tmp_path / "out")],
                          capture_output=True, text=True, env=env, cwd=tmp_path, timeout=600)
    assert demo.returncode == 0, demo.stderr
    assert (tmp_path / "out" / "target-2027.xlsx").exists()
