"""``orgplan demo``: the main job on the bundled sample dealership, start to finish.

It is what the README's first command runs: load the as-is and the approved
structure, check both, summarise the approved one, draw the company chart and
one chart per department, decide April's headcount requests against the
approved structure, and break the yearly sales target down — writing every
file into ``--out``. Each step calls the same functions as the notebooks.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from orgplan.organisation.checks import check
from orgplan.cli._common import EXIT_OK, display_width as _display_width, format_table
from orgplan.model.io import read_structure, sample_path
from orgplan.organisation.display import chart_files_table, findings_table, rollup_table
from orgplan.organisation.metrics import rollup, summary
from orgplan.i18n import N_, Translator

_ = Translator("cli")


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "demo",
        help=_("run the main job on the bundled sample dealership (check, summary, outputs in --out)"),
        description=_("Check and summarise the bundled sample dealership: the 2026 as-is structure "
                      "and the approved 2027 structure."),
    )
    p.add_argument("--out", default="out", metavar="DIR", help=_("folder for the files it writes (default: %(default)s)"))
    p.set_defaults(handler=_demo)


def _demo(args: argparse.Namespace) -> int:
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    as_is = read_structure(sample_path("as-is-2026"))
    approved = read_structure(sample_path("approved-2027"))

    _heading(_("1. Findings in today's structure — {name}").format(name=as_is.name))
    findings = check(as_is)
    print(format_table(findings_table(findings[["severity", "rule", "unit_id", "position_id", "duty_id",
                                                "message"]].fillna(""))))

    _heading(_("2. Findings in the approved structure — {name}").format(name=approved.name))
    findings = check(approved)
    print(format_table(findings_table(findings)) if not findings.empty
          else _("No findings: neither gaps nor overlaps, spans and layers within limits."))

    _heading(_("3. Headcount and cost by unit, approved 2027 (rolled up)"))
    table = rollup(approved)
    table["name"] = ["  " * (int(level) - 1) + name for level, name in zip(table["level"], table["name"])]
    print(format_table(rollup_table(table[["unit_id", "name", "approved", "filled", "vacancy", "monthly_cost"]])))

    _heading(_("4. As-is 2026 → approved 2027"))
    before, after = summary(as_is), summary(approved)
    for label, field in ((N_("establishment"), "approved"), (N_("in post"), "filled"), (N_("vacancy"), "vacancy"),
                         (N_("monthly cost"), "monthly_cost"), (N_("layers"), "layers"), (N_("max span"), "max_span")):
        old, new = getattr(before, field), getattr(after, field)
        label = _(label)
        print(f"  {label}{' ' * max(1, 20 - _display_width(label))}{old:>12,.0f} → {new:>12,.0f}  ({new - old:+,.0f})")

    _heading(_("5. Org charts of the approved structure (the company's and each department's)"))
    from orgplan.render.chart import department_charts

    charts = department_charts(approved, out / "charts", fmt="png", progress=False)
    print(format_table(chart_files_table(charts[["unit_id", "name", "path"]].astype(str))))

    _heading(_("6. April's headcount requests against the approved structure"))
    from orgplan.headcount import validate_requests
    from orgplan.headcount.display import decision_counts, decisions_for_people
    from orgplan.tables.io import write_table

    decisions = validate_requests(approved, sample_path("requests-2027-04.csv"))
    write_table(decisions_for_people(decisions), out / "decisions-2027-04.csv")
    print(format_table(decision_counts(decisions)))
    print(f"  → {out / 'decisions-2027-04.csv'}")

    _heading(_("7. The 2027 sales target, decomposed"))
    from orgplan.sales.targets import decompose_plan, read_target_config, write_plan_workbook

    plan = decompose_plan(read_target_config(sample_path("sales") / "target-2027.yaml"))
    write_plan_workbook(plan, out / "target-2027.xlsx")
    print("  " + _("company target {total:,} cars ({growth:+.0%}); {consultants} consultants × 12 months × "
                   "{models} models, every view adds up").format(total=plan.total, growth=plan.growth,
                                                                 consultants=len(plan.by_consultant),
                                                                 models=len(plan.by_model)))
    print(f"  → {out / 'target-2027.xlsx'}")

    print("\n" + _("All outputs are in {folder}").format(folder=out.resolve()))
    return EXIT_OK


def _heading(text: str) -> None:
    print(f"\n{text}\n{'─' * min(78, _display_width(text))}")
