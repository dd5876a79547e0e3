"""Every notebook is a saved, executed walkthrough: heading, one parameters cell, no errors.

nbval re-runs the notebooks and compares the marked outputs; these checks make
sure there is something to compare and that what users see on GitHub is clean.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_there_are_notebooks():
    assert NOTEBOOKS, "no notebooks found"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_a_clean_executed_walkthrough(path):
    notebook = load(path)
    cells = notebook["cells"]
    first = "".join(cells[0]["source"])
    assert cells[0]["cell_type"] == "markdown" and first.startswith("# "), "must open with a heading"
    code = [c for c in cells if c["cell_type"] == "code"]
    tagged = [c for c in code if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1, "exactly one code cell tagged 'parameters'"
    counts = [c.get("execution_count") for c in code]
    assert None not in counts, "every code cell executed and saved"
    assert counts == sorted(counts), "executed top to bottom"
    for cell in code:
        for output in cell.get("outputs", []):
            assert output["output_type"] != "error", f"error output in {path.name}: {output.get('evalue')}"
            if output["output_type"] == "stream":
                assert output["name"] != "stderr", f"stderr in {path.name}: {''.join(output['text'])[:200]}"
    checked = [c for c in code if "".join(c["source"]).startswith("# NBVAL_CHECK_OUTPUT")]
    assert checked, "at least one cell's output is compared by nbval"
    # a sentence of why before each code cell
    for index, (before, cell) in enumerate(zip(cells, cells[1:]), start=1):
        if cell["cell_type"] == "code":
            assert before["cell_type"] == "markdown", f"cell {index} of {path.name}: explain the step in a markdown cell first"
