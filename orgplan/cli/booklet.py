"""``orgplan booklet YEAR-FOLDER -o 2027-组织手册.pdf``: the year's organisation booklet in one command."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from orgplan.cli._common import EXIT_FINDINGS, EXIT_OK, output_file
from orgplan.i18n import Translator

_ = Translator("booklet")

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``orgplan booklet``."""
    p = subparsers.add_parser(
        "booklet",
        help=_("compile the year's organisation booklet (PDF) and the Excel tables behind it (zip)"),
        description=_("Compile the organisation booklet of a year's folder: cover and approval record, contents "
                      "with page numbers, the company and department charts, the staffing plan, leadership posts, "
                      "duties and the authority table, every job description and its changes from last year. "
                      "Beside the structure it reads job_descriptions.csv, position_duties.csv, authority.csv and "
                      "leadership.yaml; last year's folder (as-is-YYYY) and review-comments-YYYY.csv are found "
                      "beside it. Exit 1 when the checks find errors or an accepted comment is not carried out "
                      "(the booklet is written all the same, and says so)."),
    )
    p.add_argument("folder", metavar="YEAR-FOLDER", help=_("the year's structure folder, e.g. data/approved-2027"))
    p.add_argument("-o", "--output", required=True, metavar="OUT", type=output_file(".pdf", ".html", ".htm"),
                   help=_("the booklet: .pdf (headless Chromium) or .html"))
    p.add_argument("--tables", metavar="FILE.zip", type=output_file(".zip"),
                   help=_("the zip of Excel tables (default: beside OUT, named OUT-tables.zip in the language "
                          "chosen)"))
    p.add_argument("--no-tables", action="store_true", help=_("write no zip of tables"))
    p.add_argument("--previous", metavar="FOLDER", help=_("last year's structure folder (default: as-is-YYYY beside "
                                                          "YEAR-FOLDER for the year before)"))
    p.add_argument("--comments", metavar="FILE", help=_("the review comments (default: review-comments-YYYY.csv "
                                                        "beside YEAR-FOLDER)"))
    p.add_argument("--compiled-on", metavar="DATE", help=_("date printed on the cover (default: today)"))
    p.add_argument("--no-charts", action="store_true", help=_("leave the org charts out (faster)"))
    p.set_defaults(handler=_booklet)


def _booklet(args: argparse.Namespace) -> int:
    from orgplan.render.booklet import make_booklet, read_year_folder

    source = read_year_folder(args.folder, previous=args.previous, comments=args.comments)
    book = make_booklet(source, compiled_on=args.compiled_on, charts=not args.no_charts)
    out = Path(args.output)
    print(_("Wrote {path}.").format(path=book.save(out)))
    if not args.no_tables:
        tables = Path(args.tables) if args.tables else out.with_name(_("{stem}-tables.zip").format(stem=out.stem))
        print(_("Wrote {path}.").format(path=book.save_tables(tables)))
    missing = [name for name, table in (("job_descriptions.csv", source.job_descriptions),
                                        ("position_duties.csv", source.position_duties),
                                        ("authority.csv", source.authority)) if table is None]
    if missing:
        print("orgplan: " + _("not found beside the structure (that part of the booklet says so): {files}").format(
            files=", ".join(missing)), file=sys.stderr)
    if source.previous is None:
        print("orgplan: " + _("no last year's structure found (--previous): the booklet shows no changes from last "
                              "year."), file=sys.stderr)
    problems = book.problems
    for line in problems:
        print("orgplan: " + line, file=sys.stderr)
    return EXIT_FINDINGS if problems else EXIT_OK
