"""``convert``: translate an alignment between TextGrid, dataset JSON and Audacity labels,
check it for problems, or repair it."""

from analysis.commands.base import Command


def add_arguments(parser):
    from analysis.file_formats import ALIGNMENT_FORMATS, TEXTGRID_FORMATS, describe

    parser.add_argument("input", metavar="IN",
                        help=f"an alignment file ({describe(ALIGNMENT_FORMATS, every=True)}; "
                        "a TextGrid in any format Praat reads)")
    parser.add_argument("output", metavar="OUT", nargs="?",
                        help="the file to write; its extension picks the format "
                        f"({describe(ALIGNMENT_FORMATS)})")
    parser.add_argument("--format", choices=TEXTGRID_FORMATS, default=TEXTGRID_FORMATS[0],
                        help="TextGrid text format to write (default: %(default)s)")
    parser.add_argument("--encoding", choices=("utf-8", "utf-16"), default="utf-8",
                        help="TextGrid encoding to write (default: utf-8; utf-16 has a BOM)")
    parser.add_argument("--tier", metavar="NAME",
                        help="keep only this tier (for a label file: the tier to write; "
                        "default: the word tier)")
    parser.add_argument("--check", action="store_true",
                        help="report problems (overlaps, gaps, slivers, ...); exit 1 if any")
    parser.add_argument("--repair", action="store_true",
                        help="repair the problems before writing and list every change")


def run(args) -> int:
    from analysis.alignment.errors import AlignmentError
    from analysis.alignment.io import format_for, read_alignment, write_alignment
    from analysis.alignment.model import TextGrid
    from analysis.alignment.validation import format_report, repair, validate
    from analysis.atomic import check_can_write

    if args.output is None and not args.check:
        raise AlignmentError("give an output file, or --check to only validate", args.input)
    if args.output is not None:
        check_can_write(args.output)
    loaded = read_alignment(args.input)
    grid = loaded.grid
    if args.tier is not None:
        tier = grid.tier(args.tier)
        grid = TextGrid(grid.xmin, grid.xmax, (tier,))
    status = 0
    if args.check:
        problems = validate(grid)
        print(f"{args.input}: {len(problems)} problem{'s' * (len(problems) != 1)}")
        if problems:
            print(format_report(problems))
            status = 1
    if args.repair:
        grid, changes = repair(grid)
        for change in changes:
            print(f"repaired: {change}")
    if args.output is not None:
        write_alignment(args.output, grid, loaded.annotation, format=args.format,
                        encoding=args.encoding, tier=args.tier)
        kind = format_for(args.output, args.format)
        print(f"wrote {args.output} ({kind}, {len(grid.tiers)} tier"
              f"{'s' * (len(grid.tiers) != 1)})")
    return status


COMMAND = Command(
    name="convert",
    help="convert an alignment between TextGrid, dataset JSON and Audacity labels; --check "
    "validates it",
    add_arguments=add_arguments,
    handler="analysis.commands.convert:run",
)
