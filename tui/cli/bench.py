"""``dossier bench``: the one door from the product to the benchmarks.

The benchmarks (:mod:`bench`) are imported here, and only when the command
runs: nothing else in ``store`` or ``tui`` imports them (an import contract
checks it).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .common import EXIT_OK, Commands, UsageError, add_command


def register(commands: Commands) -> None:
    """Add ``bench``."""
    bench = add_command(
        commands,
        "bench",
        cmd_bench,
        help="measure build and search on synthetic corpora",
        description="Generate deterministic synthetic corpora from the bundled articles, "
        "build each, and measure build time, size, open-to-searchable time, peak memory and "
        "search latency beside brute-force rapidfuzz and fzf, in one run. Prints a Markdown "
        "table with the targets.",
    )
    bench.add_argument(
        "--articles",
        metavar="N[,N...]",
        default="1000,5000,10000",
        type=_sizes,
        help="corpus sizes to measure (default: 1000,5000,10000)",
    )
    bench.add_argument(
        "--rounds", type=int, default=3, metavar="R", help="times to run the query set (default: 3)"
    )
    bench.add_argument("--keep", metavar="DIR", type=Path, help="keep the generated corpora in DIR")
    bench.add_argument(
        "--ui",
        action="store_true",
        help="measure the explorer instead: start to first frame and keystroke to updated "
        "results, on the bundled corpus",
    )
    bench.add_argument(
        "--lookup",
        action="store_true",
        help="measure 'dossier lookup' instead: cold start to printed card, beside the "
        "interpreter's own start, on the bundled corpus",
    )


def _sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of article counts: {text!r}") from None
    if not sizes or any(n < 1 for n in sizes):
        raise argparse.ArgumentTypeError(f"article counts must be positive: {text!r}")
    return sizes


def cmd_bench(args: argparse.Namespace) -> int:
    """``dossier bench``."""
    given = [f"--{name}" for name in ("corpus", "db") if getattr(args, name, None) is not None]
    if given:
        # Accepted where every command accepts them, and said plainly: measuring
        # your corpus with queries written for another would mean nothing.
        verb, them = ("do", "them") if len(given) > 1 else ("does", "it")
        raise UsageError(
            f"dossier bench measures corpora of its own (generated ones, or the bundled one "
            f"for --ui and --lookup), so {' and '.join(given)} {verb} not apply; leave {them} out"
        )
    if args.rounds < 1:
        raise UsageError("--rounds must be at least 1")
    if args.ui and args.lookup:
        raise UsageError("choose one of --ui and --lookup")
    if args.ui:
        from bench.ui import run

        print(run())
        return EXIT_OK
    if args.lookup:
        from bench.lookup import run as run_lookup

        print(run_lookup())
        return EXIT_OK

    from bench.search import measure, report

    def say(message: str) -> None:
        print(f"dossier bench: {message}", file=sys.stderr, flush=True)

    rows = [measure(n, rounds=args.rounds, keep=args.keep, progress=say) for n in args.articles]
    print(report(rows))
    return EXIT_OK
