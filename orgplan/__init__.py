"""orgplan — org design and planning for a car dealership (4S store), in Jupyter.

The structure model (:class:`Structure`), reading and writing its tables,
metrics (headcount, cost, spans, layers) and checks ("neither gaps nor
overlaps"); the other modules build on these.

Examples
--------
>>> import orgplan
>>> s = orgplan.read_structure(orgplan.sample_path("approved-2027"))
>>> orgplan.check(s).empty
True
"""

from orgplan.errors import ChangeError, DataError, OrgPlanError, ParameterError, Problem, UnknownIdError
from orgplan.structure import Structure, StructureInfo
from orgplan.io import read_structure, write_structure, read_table, write_table, sample_path
from orgplan.metrics import rollup, spans, position_layers, summary, StructureSummary
from orgplan.checks import check, check_path, Thresholds

__version__ = "0.1.0"

__all__ = [
    "Structure", "StructureInfo",
    "read_structure", "write_structure", "read_table", "write_table", "sample_path",
    "rollup", "spans", "position_layers", "summary", "StructureSummary",
    "check", "check_path", "Thresholds",
    "OrgPlanError", "DataError", "ParameterError", "UnknownIdError", "ChangeError", "Problem",
]
