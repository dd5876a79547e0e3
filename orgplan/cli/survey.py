"""``orgplan survey make|collect``: the departments' survey forms (调查表), out and back in."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from orgplan.cli._common import EXIT_FINDINGS, EXIT_OK, emit_table, format_table, output_file, output_structure
from orgplan.i18n import Translator
from orgplan.model.io import read_structure

_ = Translator("yearplan")


def register(subparsers: argparse._SubParsersAction) -> None:
    survey = subparsers.add_parser(
        "survey",
        help=_("department survey forms: make them (one Excel workbook per department), collect the returns"),
        description=_("Make and collect the survey forms with which departments review the structure and "
                      "establishment and describe their expected development."),
    )
    verbs = survey.add_subparsers(dest="survey_verb", metavar="ACTION")
    verbs.required = True

    p = verbs.add_parser(
        "make",
        help=_("write one pre-filled, protected Excel form per department"),
        description=_("Write one Excel survey form per department of STRUCTURE into DIR (named after the "
                      "department, e.g. 销售部.xlsx), in the language chosen with --lang: sheet names, headers, "
                      "instructions and drop-down values. Forms in any language are collected alike."),
    )
    p.add_argument("structure", metavar="STRUCTURE", help=_("the structure folder or .xlsx the forms describe"))
    p.add_argument("-o", "--output", required=True, metavar="DIR",
                   help=_("folder for the forms (created if needed)"))
    p.add_argument("--due", metavar="DATE", help=_("return-by date printed on the forms, YYYY-MM-DD"))
    p.set_defaults(handler=_make)

    p = verbs.add_parser(
        "collect",
        help=_("validate the returned forms and consolidate the proposals (and a scenario of changes)"),
        description=_("Read the returned forms in DIR (made in any language), report every problem with workbook, "
                      "sheet and cell, and write the consolidated proposals. Exit 0 when every form is fine, 1 when "
                      "there are problems (the valid proposals are still written), 2 when the input cannot be read."),
    )
    p.add_argument("structure", metavar="STRUCTURE", help=_("the structure the forms were made from"))
    p.add_argument("folder", metavar="DIR", help=_("the folder of returned forms (.xlsx)"))
    p.add_argument("-o", "--output", required=True, metavar="PROPOSALS", type=output_file(".csv", ".xlsx"),
                   help=_("the proposals table: .csv, or .xlsx (then with sheets for the development answers, "
                          "the changes and the problems too)"))
    p.add_argument("--scenario", metavar="FILE.yaml", type=output_file(".yaml", ".yml"),
                   help=_("also save the proposals as a scenario file"))
    p.add_argument("--draft", metavar="DIR", type=output_structure,
                   help=_("also apply the proposals and write the draft structure here"))
    p.set_defaults(handler=_collect)


def _make(args: argparse.Namespace) -> int:
    from orgplan.yearplan.survey import display_forms, make_forms

    made = make_forms(read_structure(args.structure), args.output, due=args.due)
    emit_table(display_forms(made), None)
    print(_.ngettext("Wrote {n} form to {folder}.", "Wrote {n} forms to {folder}.", len(made)).format(
        n=len(made), folder=args.output))
    return EXIT_OK


def _collect(args: argparse.Namespace) -> int:
    from orgplan.model.io import write_structure
    from orgplan.tables.io import write_table, write_workbook
    from orgplan.yearplan.survey import collect_forms

    structure = read_structure(args.structure)
    result = collect_forms(structure, args.folder)
    output = Path(args.output)
    if output.suffix.lower() == ".xlsx":
        write_workbook({_("proposals"): result.display("proposals"), _("development"): result.display("development"),
                        _("changes"): result.display("changes"), _("problems"): result.display("problems")}, output)
    else:
        write_table(result.display("proposals"), output)
    if not result.problems.empty:
        problems = result.display("problems")
        print(format_table(problems[problems.columns[[0, 1, -1]]]), file=sys.stderr)
    shown = result.display("proposals")
    keep = ["department", "proposal", "position_id", "title", "duty", "current", "proposed", "to_unit", "cell"]
    emit_table(shown[[shown.columns[list(result.proposals.columns).index(c)] for c in keep]], None)
    print(_("{summary} Wrote {file}.").format(summary=result.summary(), file=output))
    if args.scenario:
        path = result.scenario(base=str(Path(args.structure).resolve())).save(args.scenario)
        print(_.ngettext("Wrote the scenario {path} ({n} change).", "Wrote the scenario {path} ({n} changes).",
                         len(result.changes)).format(path=path, n=len(result.changes)))
    if args.draft:
        draft = result.draft(structure)
        write_structure(draft, args.draft)
        print(_("Wrote the draft structure {folder}: {structure}.").format(folder=args.draft,
                                                                           structure=repr(draft)))
    return EXIT_OK if result.ok else EXIT_FINDINGS
