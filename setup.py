"""Build hook: ship the sample dealership (the repository's ``data/`` folder) inside the package.

The data stays where it is in the repository (``data/``, where its generating
scripts live and other work adds to it); a wheel or ``pip install .`` copies
it to ``orgplan/_sample_data/``, where :func:`orgplan.sample_path` finds it
when the repository is not there. Everything else is in ``pyproject.toml``.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

SAMPLE_DATA = Path(__file__).resolve().parent / "data"


class BuildWithSampleData(build_py):
    """``build_py`` that also copies ``data/`` to ``orgplan/_sample_data/`` in the build."""

    def run(self):
        super().run()
        if self.editable_mode or not SAMPLE_DATA.is_dir():
            return  # an editable install reads data/ in place
        target = Path(self.build_lib) / "orgplan" / "_sample_data"
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(SAMPLE_DATA, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".*"))


setup(cmdclass={"build_py": BuildWithSampleData})
