"""The recommendation as a draft (方案): establishment changes through the existing change operations.

:func:`recommended_changes` turns the recommendation into
:class:`~orgplan.organisation.changes.SetEstablishment` steps (each recording
the establishment it expects, ``was``), :func:`to_scenario` into a
:class:`~orgplan.organisation.scenario.Scenario`, and :func:`write_draft`
writes the resulting draft structure (and the scenario file beside it), so
the recommendation goes through ``orgplan diff``, comparison, review and
approval like any other draft. Positions no rule covers keep their
establishment.

Examples
--------
>>> from orgplan import read_structure, sample_path
>>> from orgplan.staffing import read_drivers, read_ratios, recommend
>>> approved = read_structure(sample_path("approved-2027"))
>>> plan = recommend(read_drivers(sample_path("staffing/drivers-2027.csv")),
...                  read_ratios(sample_path("staffing/ratios.yaml")), approved)
>>> [c.describe() for c in recommended_changes(plan.establishment)][:2]
['set the establishment of KA-CONS to 3', 'set the establishment of USED-CONS to 3']
>>> draft = recommended_structure(approved, plan.establishment)
>>> draft.status, int(draft.position("ADV-SA")["approved"])
('draft', 7)
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from orgplan.i18n import Translator
from orgplan.model.structure import Structure
from orgplan.organisation.changes import SetEstablishment, apply_changes
from orgplan.organisation.review import save_version
from orgplan.organisation.scenario import Scenario

_ = Translator("staffing")

__all__ = ["recommended_changes", "recommended_structure", "to_scenario", "write_draft", "SCENARIO_FILE"]

#: The scenario file written beside a draft folder's tables.
SCENARIO_FILE = "scenario.yaml"


def recommended_changes(establishment: pd.DataFrame) -> list[SetEstablishment]:
    """One :class:`SetEstablishment` per position whose recommendation differs from its establishment."""
    changed = establishment[establishment["recommended"] != establishment["approved"]]
    return [SetEstablishment(str(p), int(r), was=int(a))
            for p, r, a in zip(changed["position_id"], changed["recommended"], changed["approved"])]


def recommended_structure(structure: Structure, establishment: pd.DataFrame) -> Structure:
    """The structure with the recommended establishment (a draft); unchanged positions keep theirs."""
    return apply_changes(structure, recommended_changes(establishment))


def to_scenario(establishment: pd.DataFrame, base: str | os.PathLike | None, *, name: str | None = None,
                description: str | None = None) -> Scenario:
    """The recommendation as a restructuring scenario on ``base`` (the structure's folder or workbook)."""
    return Scenario(name or _("Establishment from the business volumes"), None if base is None else str(base),
                    tuple(recommended_changes(establishment)),
                    description if description is not None else _(
                        "Recommended establishment from next year's business volumes and the staffing ratios "
                        "(orgplan staffing)."))


def write_draft(structure: Structure, establishment: pd.DataFrame, path: str | os.PathLike, *,
                base: str | os.PathLike | None = None, name: str | None = None) -> tuple[Path, Path]:
    """Write the draft structure to ``path`` (folder or ``.xlsx``) and its scenario file beside it.

    The scenario goes into the draft folder as ``scenario.yaml`` (beside a
    workbook as ``NAME.scenario.yaml``), with ``base`` the structure it was
    measured against, so ``orgplan scenario apply`` can replay it.

    Returns
    -------
    (Path, Path)
        The draft structure and the scenario file.
    """
    scenario = to_scenario(establishment, base, name=name)
    draft = scenario.apply(structure)
    target = save_version(draft, path)
    target = Path(target)
    scenario_path = (target / SCENARIO_FILE if target.suffix.lower() != ".xlsx"
                     else target.with_name(target.stem + "." + SCENARIO_FILE))
    scenario.save(scenario_path)
    return target, scenario_path
