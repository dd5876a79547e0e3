"""``orgplan survey make|collect``: the departments' survey forms (調查表), out and back in."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from orgplan.cli._common import EXIT_FINDINGS, EXIT_OK, emit_table, format_table, output_file, output_structure
from orgplan.model.io import read_structure


def register(subparsers: argparse._SubParsersAction) -> None:
    survey = subparsers.add_parser(
        "survey",
        help="department survey forms: make them (one Excel workbook per department), collect the returns",
        description="Make and collect the survey forms with which departments review the structure and "
                    "establishment and describe their expected development.",
    )
    verbs = survey.add_subparsers(dest="survey_verb", metavar="ACTION")
    verbs.required = True

    p = verbs.add_parser(
        "make",
        help="write one pre-filled, protected Excel form per department",
        description="Write one Excel survey form per department of STRUCTURE into DIR (named after the "
                    "department, e.g. 銷售部.xlsx).",
    )
    p.add_argument("structure", metavar="STRUCTURE", help="the structure folder or .xlsx the forms describe")
    p.add_argument("-o", "--output", required=True, metavar="DIR", help="folder for the forms (created if needed)")
    p.add_argument("--due", metavar="DATE", help="return-by date printed on the forms, YYYY-MM-DD")
    p.set_defaults(handler=_make)

    p = verbs.add_parser(
        "collect",
        help="validate the returned forms and consolidate the proposals (and a scenario of changes)",
        description="Read the returned forms in DIR, report every problem with workbook, sheet and cell, and "
                    "write the consolidated proposals. Exit 0 when every form is fine, 1 when there are "
                    "problems (the valid proposals are still written), 2 when the input cannot be read.",
    )
    p.add_argument("structure", metavar="STRUCTURE", help="the structure the forms were made from")
    p.add_argument("folder", metavar="DIR", help="the folder of returned forms (.xlsx)")
    p.add_argument("-o", "--output", required=True, metavar="PROPOSALS", type=output_file(".csv", ".xlsx"),
                   help="the proposals table: .csv, or .xlsx (then with sheets for the development answers, "
                        "the changes and the problems too)")
    p.add_argument("--scenario", metavar="FILE.yaml", type=output_file(".yaml", ".yml"),
                   help="also save the proposals as a scenario file")
    p.add_argument("--draft", metavar="DIR", type=output_structure,
                   help="also apply the proposals and write the draft structure here")
    p.set_defaults(handler=_collect)


def _make(args: argparse.Namespace) -> int:
    from orgplan.yearplan.survey import make_forms

    made = make_forms(read_structure(args.structure), args.output, due=args.due)
    made = made.assign(workbook=[Path(p).name for p in made["workbook"]])
    emit_table(made, None)
    print(f"Wrote {len(made)} forms to {args.output}.")
    return EXIT_OK


def _collect(args: argparse.Namespace) -> int:
    from orgplan.model.io import write_structure
    from orgplan.tables.io import write_table, write_workbook
    from orgplan.yearplan.survey import collect_forms

    structure = read_structure(args.structure)
    result = collect_forms(structure, args.folder)
    output = Path(args.output)
    if output.suffix.lower() == ".xlsx":
        write_workbook({"proposals": result.proposals, "development": result.development,
                        "changes": result.change_table(), "problems": result.problems}, output)
    else:
        write_table(result.proposals, output)
    if not result.problems.empty:
        print(format_table(result.problems[["severity", "code", "message"]]), file=sys.stderr)
    shown = result.proposals[["department", "proposal", "position_id", "title", "duty", "current", "proposed",
                              "to_unit", "cell"]]
    emit_table(shown.astype(object).where(shown.notna(), ""), None)
    print(f"{len(result.answers)} form(s) read, {len(result.proposals)} proposal(s), "
          f"{len(result.problems)} problem(s). Wrote {output}.")
    if args.scenario:
        path = result.scenario(base=str(Path(args.structure).resolve())).save(args.scenario)
        print(f"Wrote the scenario {path} ({len(result.changes)} changes).")
    if args.draft:
        draft = result.draft(structure)
        write_structure(draft, args.draft)
        print(f"Wrote the draft structure {args.draft}: {draft!r}.")
    return EXIT_OK if result.ok else EXIT_FINDINGS
