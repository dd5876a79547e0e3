"""The model: a :class:`~orgplan.model.structure.Structure` and its tables on disk.

- :mod:`orgplan.model.structure` — :class:`Structure` (immutable; networkx graph inside)
- :mod:`orgplan.model.tables` — the units, positions and duties tables and their aliases
- :mod:`orgplan.model.tree` — walks over the unit tree and reporting lines
- :mod:`orgplan.model.io` — :func:`read_structure`, :func:`write_structure`, the bundled sample
"""

from orgplan.model.io import DATA_DIR, load_structure, read_structure, sample_path, write_structure
from orgplan.model.structure import Structure, StructureInfo

__all__ = ["Structure", "StructureInfo", "read_structure", "write_structure", "load_structure", "sample_path",
           "DATA_DIR"]
