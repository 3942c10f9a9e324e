"""The ``dossier`` command.

A thin layer over the ``store`` API: parse arguments, resolve the corpus and
store paths, call one function, print the result. Exit codes follow grep:

* 0: success
* 1: nothing found (for lookups)
* 2: bad usage or bad input, reported as one line per problem, no traceback
* 3: internal error; the traceback is written to a file whose path is printed

Subcommands that only read never import Textual; only the bare ``dossier``
(which opens the explorer) does, and only once everything else is ready.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn, TextIO

import store
from store.paths import cache_dir, default_corpus_dir, default_db_path

EXIT_OK = 0
EXIT_NOT_FOUND = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3

DESCRIPTION = (
    "A terminal explorer for a news corpus: who someone is, what happened when, "
    "and which paragraph of which source says so."
)
EPILOG = """\
With no command, dossier opens the explorer on the corpus, building its store
first when it is missing or out of date.

Corpus: --corpus DIR, else $DOSSIER_CORPUS, else the bundled corpus.
Store:  --db PATH, else $DOSSIER_DB, else a file in the per-user cache.

Exit codes: 0 success, 1 nothing found, 2 bad usage or bad input, 3 internal error.
"""


class UsageError(Exception):
    """A mistake on the command line (exit code 2)."""


class Parser(argparse.ArgumentParser):
    """argparse with one-line errors and exit code 2, never a usage dump."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


def _add_paths(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    default = argparse.SUPPRESS if suppress else None
    group = parser.add_argument_group("corpus and store")
    group.add_argument(
        "--corpus",
        metavar="DIR",
        default=default,
        help="corpus directory holding articles.toml "
        "(default: $DOSSIER_CORPUS or the bundled corpus)",
    )
    group.add_argument(
        "--db",
        metavar="PATH",
        default=default,
        help="store file (default: $DOSSIER_DB or a file in the per-user cache)",
    )


def make_parser() -> Parser:
    """The whole command line; every subcommand has help text (a test checks)."""
    parser = Parser(
        prog="dossier",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"dossier {store.__version__}")
    _add_paths(parser, suppress=False)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    build = commands.add_parser(
        "build",
        help="build the store from the corpus",
        description="Read the corpus, check it, and replace the store atomically. "
        "An invalid corpus leaves the previous store untouched.",
    )
    build.add_argument("--quiet", "-q", action="store_true", help="print nothing on success")
    _add_paths(build, suppress=True)
    build.set_defaults(handler=cmd_build)

    check = commands.add_parser(
        "check",
        help="check the corpus without building",
        description="Validate articles.toml, entities.toml, events.toml and claims.toml: "
        "TOML syntax, unknown references, aliases claimed twice, duplicate ids, impossible "
        "dates, quotes not found. Prints every problem as file:line: message and exits 2 "
        "if there is any.",
    )
    check.add_argument(
        "--quiet", "-q", action="store_true", help="print only errors, not warnings or the summary"
    )
    _add_paths(check, suppress=True)
    check.set_defaults(handler=cmd_check)

    bench = commands.add_parser(
        "bench",
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
    bench.set_defaults(handler=cmd_bench)
    return parser


def _sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of article counts: {text!r}") from None
    if not sizes or any(n < 1 for n in sizes):
        raise argparse.ArgumentTypeError(f"article counts must be positive: {text!r}")
    return sizes


def resolve_paths(args: argparse.Namespace) -> tuple[Path, Path]:
    """The corpus directory and store path these arguments mean."""
    corpus = default_corpus_dir(getattr(args, "corpus", None))
    return corpus, default_db_path(corpus, getattr(args, "db", None))


def _progress_printer(stream: TextIO) -> Callable[[str, int, int], None] | None:
    if not stream.isatty():
        return None
    last = [""]

    def report(stage: str, done: int, total: int) -> None:
        line = f"dossier: {stage} {done}/{total}" if total > 1 else f"dossier: {stage}"
        if line != last[0]:
            stream.write("\r\x1b[2K" + line)
            stream.flush()
            last[0] = line

    return report


def _clear_progress(stream: TextIO) -> None:
    if stream.isatty():
        stream.write("\r\x1b[2K")
        stream.flush()


def run_build(corpus: Path, db: Path, *, quiet: bool = False) -> store.BuildResult:
    """Build with a progress line on a terminal; the summary unless ``quiet``."""
    progress = _progress_printer(sys.stderr) if not quiet else None
    try:
        result = store.build(corpus, db, progress=progress)
    finally:
        if progress is not None:
            _clear_progress(sys.stderr)
    if not quiet:
        meta = result.meta
        print(
            f"Built {result.path} from {meta.corpus_dir}: {meta.count('articles')} articles, "
            f"{meta.count('paragraphs')} paragraphs ({result.size_bytes / 1024:,.0f} KiB) "
            f"in {result.seconds:.2f} s"
        )
    return result


def cmd_build(args: argparse.Namespace) -> int:
    """``dossier build``."""
    corpus, db = resolve_paths(args)
    run_build(corpus, db, quiet=args.quiet)
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    """``dossier check``."""
    corpus, _ = resolve_paths(args)
    report = store.check(corpus)
    for error in report.errors:
        print(str(error), file=sys.stderr)
    if not args.quiet:
        for warning in report.warnings:
            where = f"{warning.file}:{warning.line}" if warning.line else str(warning.file)
            print(f"{where}: warning: {warning.message}", file=sys.stderr)
    if report.errors:
        count = len(report.errors)
        print(
            f"dossier: {count} problem{'s' if count != 1 else ''} in {corpus}; "
            "fix them and run 'dossier check' again",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if not args.quiet:
        c = report.counts
        print(
            f"{corpus}: OK: {c['articles']} articles, {c['paragraphs']} paragraphs, "
            f"{c['entities']} entities, {c['mentions']} mentions, {c['events']} events, "
            f"{c['claims']} claims ({c['disagreements']} disagreements)"
            + (f", {len(report.warnings)} warnings" if report.warnings else "")
        )
    return EXIT_OK


def cmd_bench(args: argparse.Namespace) -> int:
    """``dossier bench``."""
    from store.bench import measure, report

    if args.rounds < 1:
        raise UsageError("--rounds must be at least 1")
    if args.ui:
        from tui.bench_ui import run

        print(run())
        return EXIT_OK

    def say(message: str) -> None:
        print(f"dossier bench: {message}", file=sys.stderr, flush=True)

    rows = [measure(n, rounds=args.rounds, keep=args.keep, progress=say) for n in args.articles]
    print(report(rows))
    return EXIT_OK


def cmd_explore(args: argparse.Namespace) -> int:
    """Bare ``dossier``: make sure the store is fresh, then open the explorer."""
    corpus, db = resolve_paths(args)
    state = store.freshness(corpus, db)
    if state.needs_build:
        if sys.stderr.isatty():
            sys.stderr.write(f"dossier: building the store ({state.reason})\n")
        run_build(corpus, db, quiet=True)
    # Textual reads keys from stdin and draws on stderr.
    if not (sys.stdin.isatty() and sys.stderr.isatty()):
        raise store.DossierError(
            "the explorer needs a terminal; run 'dossier' in a terminal, "
            "or 'dossier build' to only build the store"
        )
    from tui.app import DossierApp  # Textual is imported only here.

    app = DossierApp(db)
    app.run()
    return app.return_code or EXIT_OK


def _write_crash_report() -> Path | None:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    for directory in (cache_dir(), Path(os.environ.get("TMPDIR", "/tmp"))):
        try:
            directory.mkdir(parents=True, exist_ok=True)
            path = directory / f"crash-{stamp}-{os.getpid()}.log"
            path.write_text(traceback.format_exc(), encoding="utf-8")
            return path
        except OSError:
            continue
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = make_parser()
    try:
        args = parser.parse_args(argv)
        handler = getattr(args, "handler", cmd_explore)
        return int(handler(args))
    except UsageError as exc:
        print(f"dossier: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except store.CorpusError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    except store.DossierError as exc:
        print(f"dossier: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("dossier: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of our output went away (e.g. `dossier ... | head`).
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - the last line of defence
        report = _write_crash_report()
        where = f"; details written to {report}" if report else ""
        print(f"dossier: internal error: {type(exc).__name__}: {exc}{where}", file=sys.stderr)
        return EXIT_INTERNAL


def entry_point() -> NoReturn:
    """Console-script entry point."""
    sys.exit(main())
