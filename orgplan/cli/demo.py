"""``orgplan demo``: the main job on the bundled sample dealership, start to finish.

It is what the README's first command runs: load the as-is and the approved
structure, check both, summarise the approved one, and write the outputs of
the other tools (charts, decisions …) that are installed into ``--out``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from orgplan.checks import check
from orgplan.cli._common import EXIT_OK, format_table
from orgplan.io import read_structure, sample_path
from orgplan.metrics import rollup, summary


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "demo",
        help="run the main job on the bundled sample dealership (check, summary, outputs in --out)",
        description="Check and summarise the bundled sample dealership: the 2026 as-is structure "
                    "and the approved 2027 structure.",
    )
    p.add_argument("--out", default="out", metavar="DIR", help="folder for the files it writes (default: %(default)s)")
    p.set_defaults(handler=_demo)


def _demo(args: argparse.Namespace) -> int:
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    as_is = read_structure(sample_path("as-is-2026"))
    approved = read_structure(sample_path("approved-2027"))

    _heading(f"1. Findings in today's structure — {as_is.name}")
    findings = check(as_is)
    print(format_table(findings[["severity", "rule", "unit_id", "position_id", "duty_id", "message"]].fillna("")))

    _heading(f"2. Findings in the approved structure — {approved.name}")
    findings = check(approved)
    print(format_table(findings) if not findings.empty else "No findings: neither gaps nor overlaps, spans and layers within limits.")

    _heading("3. Headcount and cost by unit, approved 2027 (rolled up)")
    table = rollup(approved)
    table["name"] = ["  " * (int(level) - 1) + name for level, name in zip(table["level"], table["name"])]
    print(format_table(table[["unit_id", "name", "approved", "filled", "vacancy", "monthly_cost"]]))

    _heading("4. As-is 2026 → approved 2027")
    before, after = summary(as_is), summary(approved)
    for label, field in (("approved headcount", "approved"), ("filled", "filled"), ("vacancy", "vacancy"),
                         ("monthly cost", "monthly_cost"), ("layers", "layers"), ("max span", "max_span")):
        old, new = getattr(before, field), getattr(after, field)
        print(f"  {label:<20} {old:>12,.0f} → {new:>12,.0f}  ({new - old:+,.0f})")
    print(f"\nOutputs are written to {out.resolve()}")
    return EXIT_OK


def _heading(text: str) -> None:
    print(f"\n{text}\n{'─' * min(78, len(text) * 2)}")
