"""``orgplan handbook``: compile the booklet of charts, duties and job descriptions (整理成册)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from orgplan.cli._common import EXIT_OK, format_table, output_file
from orgplan.i18n import Translator
from orgplan.model.io import read_structure

_ = Translator("yearplan")


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "handbook",
        help=_("compile the job-description handbook: cover, charts, duties, job descriptions (HTML, PDF)"),
        description=_("Compile the booklet of the structure: cover with its approval, the company chart, and per "
                      "department its chart, duties and every position's job description; positions without one "
                      "are listed as missing. -o OUT.html writes printable HTML (A4); OUT.pdf needs WeasyPrint "
                      "or Chromium."),
    )
    p.add_argument("structure", metavar="STRUCTURE",
                   help=_("the structure folder or .xlsx (usually the approved one)"))
    p.add_argument("-o", "--output", required=True, metavar="OUT", type=output_file(".html", ".htm", ".pdf"),
                   help=_("the booklet: .html or .pdf"))
    p.add_argument("--job-descriptions", metavar="FILE",
                   help=_("the job-description table (.csv/.xlsx); default: job_descriptions.csv in the "
                          "structure folder, if there is one"))
    p.add_argument("--pdf", metavar="FILE.pdf", type=output_file(".pdf"),
                   help=_("also write a PDF (needs WeasyPrint or Chromium)"))
    p.add_argument("--compiled-on", metavar="DATE", help=_("date printed on the cover (default: today)"))
    p.add_argument("--no-charts", action="store_true", help=_("leave the org charts out"))
    p.set_defaults(handler=_handbook)


def _handbook(args: argparse.Namespace) -> int:
    from orgplan.render.handbook import display_missing, make_handbook
    from orgplan.yearplan.job_descriptions import read_job_descriptions

    structure = read_structure(args.structure)
    descriptions = args.job_descriptions
    if descriptions is None:
        beside = Path(args.structure) / "job_descriptions.csv"
        descriptions = beside if beside.exists() else None
    if descriptions is None:
        print("orgplan: " + _("no job descriptions given (--job-descriptions FILE) and none beside the structure; "
                              "every position is listed as missing."), file=sys.stderr)
    table = read_job_descriptions(descriptions) if descriptions is not None else None
    book = make_handbook(structure, table, compiled_on=args.compiled_on, charts=not args.no_charts)
    path = book.save(args.output)
    total, missing = len(book.positions), len(book.missing)
    print(_("Wrote {path}: {total} positions, {done} with a job description, {missing} missing.").format(
        path=path, total=total, done=total - missing, missing=missing))
    if missing:
        print(format_table(display_missing(book.missing)))
    if len(book.unmatched):
        print(_.ngettext("{n} job description names a position not in the structure: {ids}",
                         "{n} job descriptions name positions not in the structure: {ids}",
                         len(book.unmatched)).format(n=len(book.unmatched), ids=", ".join(book.unmatched["position_id"])),
              file=sys.stderr)
    if args.pdf:
        print(_("Wrote {path}.").format(path=book.save(args.pdf)))
    return EXIT_OK
