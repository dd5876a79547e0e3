"""``orgplan handbook``: compile the booklet of charts, duties and job descriptions (整理成冊)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from orgplan.cli._common import EXIT_OK, format_table, output_file
from orgplan.model.io import read_structure


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "handbook",
        help="compile the job-description handbook: cover, charts, duties, job descriptions (HTML, PDF)",
        description="Compile the booklet of the structure: cover with its approval, the company chart, and per "
                    "department its chart, duties and every position's job description; positions without one "
                    "are listed as missing. -o OUT.html writes printable HTML (A4); OUT.pdf needs WeasyPrint "
                    "or Chromium.",
    )
    p.add_argument("structure", metavar="STRUCTURE", help="the structure folder or .xlsx (usually the approved one)")
    p.add_argument("-o", "--output", required=True, metavar="OUT", type=output_file(".html", ".htm", ".pdf"),
                   help="the booklet: .html or .pdf")
    p.add_argument("--job-descriptions", metavar="FILE",
                   help="the job-description table (.csv/.xlsx); default: job_descriptions.csv in the "
                        "structure folder, if there is one")
    p.add_argument("--pdf", metavar="FILE.pdf", type=output_file(".pdf"),
                   help="also write a PDF (needs WeasyPrint or Chromium)")
    p.add_argument("--compiled-on", metavar="DATE", help="date printed on the cover (default: today)")
    p.add_argument("--no-charts", action="store_true", help="leave the org charts out")
    p.set_defaults(handler=_handbook)


def _handbook(args: argparse.Namespace) -> int:
    from orgplan.render.handbook import make_handbook
    from orgplan.yearplan.job_descriptions import read_job_descriptions

    structure = read_structure(args.structure)
    descriptions = args.job_descriptions
    if descriptions is None:
        beside = Path(args.structure) / "job_descriptions.csv"
        descriptions = beside if beside.exists() else None
    if descriptions is None:
        print("orgplan: no job descriptions given (--job-descriptions FILE) and none beside the structure; "
              "every position is listed as missing.", file=sys.stderr)
    table = read_job_descriptions(descriptions) if descriptions is not None else None
    book = make_handbook(structure, table, compiled_on=args.compiled_on, charts=not args.no_charts)
    path = book.save(args.output)
    total, missing = len(book.positions), len(book.missing)
    print(f"Wrote {path}: {total} positions, {total - missing} with a job description, {missing} missing.")
    if missing:
        print(format_table(book.missing[["section", "position_id", "title", "unit_id"]]))
    if len(book.unmatched):
        print(f"{len(book.unmatched)} job description(s) name positions not in the structure: "
              + ", ".join(book.unmatched["position_id"]), file=sys.stderr)
    if args.pdf:
        print(f"Wrote {book.save(args.pdf)}.")
    return EXIT_OK
