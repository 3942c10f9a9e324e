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
from store import CITE_FORMATS as FORMATS
from store import HIT_KINDS as KINDS
from store import cache_dir, default_corpus_dir, default_db_path

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
    bench.add_argument(
        "--lookup",
        action="store_true",
        help="measure 'dossier lookup' instead: cold start to printed card, beside the "
        "interpreter's own start, on the bundled corpus",
    )
    bench.set_defaults(handler=cmd_bench)
    _add_writing_commands(commands)
    return parser


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {text!r}")
    return value


def _output_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        type=Path,
        help="write to FILE (replaced atomically) instead of standard output",
    )


def _add_writing_commands(commands: argparse._SubParsersAction[Parser]) -> None:
    """lookup, cite, export, tray, candidates, add, promote and merge: writing with the corpus."""
    from tui.cli import writing  # it imports this module, so only once this one is loaded

    lookup = commands.add_parser(
        "lookup",
        help="print what the corpus says about a name, an event or a phrase",
        description="Search the corpus (typos and other spellings forgiven) and print a card "
        "for the best match: for an entity its type, aliases, description, key events and top "
        "excerpts; for an event its date, participants, what each source says and any "
        "disagreement; for a paragraph its text and citation. Exits 1 when nothing matches, "
        "with a suggestion when one is close.",
    )
    lookup.add_argument("query", nargs="+", metavar="QUERY", help="words to look up")
    lookup.add_argument("--all", action="store_true", help="list the ranked hits, not one card")
    lookup.add_argument(
        "--limit",
        type=_count,
        metavar="N",
        help="how many hits to list (implies --all; default 10)",
    )
    lookup.add_argument(
        "--kind",
        action="append",
        choices=KINDS,
        help="only hits of this kind (repeatable)",
    )
    lookup.add_argument(
        "--json",
        action="store_true",
        help="print JSON instead of a card (the shape is in README: Quick lookup, --json)",
    )
    _add_paths(lookup, suppress=True)
    lookup.set_defaults(handler=writing.cmd_lookup)

    cite = commands.add_parser(
        "cite",
        help="cite paragraphs (or articles) as text, Markdown, pandoc or CSL-JSON",
        description="Print the citation of each PARAGRAPH_ID (as 'dossier lookup' and the "
        "explorer show them, e.g. voa-2020-06-30-release-of-militants:p4), or of an article "
        "id. text: the quote, then outlet, title, author, date, ¶N, URL. markdown: the quote "
        "as a block quote with a linked citation. pandoc: the quote with [@key, para. N]. "
        "csl-json: the CSL-JSON bibliography entries the pandoc keys refer to.",
    )
    cite.add_argument("ids", nargs="+", metavar="PARAGRAPH_ID", help="paragraph or article ids")
    cite.add_argument(
        "--format", "-f", choices=FORMATS, default="text", help="citation format (default: text)"
    )
    _add_paths(cite, suppress=True)
    cite.set_defaults(handler=writing.cmd_cite)

    export = commands.add_parser(
        "export",
        help="write the bibliography of the whole corpus",
        description="Write every article of the corpus as CSL-JSON (type article-newspaper), "
        "which Zotero imports and pandoc's citeproc reads (--bibliography FILE).",
    )
    export.add_argument(
        "--format", "-f", choices=("csl-json",), default="csl-json", help="(default: csl-json)"
    )
    _output_option(export)
    _add_paths(export, suppress=True)
    export.set_defaults(handler=writing.cmd_export)

    tray = commands.add_parser(
        "tray",
        help="list or export the evidence tray (the excerpts pinned with 'p' in the explorer)",
        description="The evidence tray of the corpus, kept in the per-user data directory "
        "($DOSSIER_DATA to change it). With no subcommand, list the pins.",
    )
    _add_paths(tray, suppress=True)
    tray.set_defaults(handler=writing.cmd_tray_list)
    tray_commands = tray.add_subparsers(
        dest="tray_command",
        metavar="SUBCOMMAND",
        parser_class=Parser,
        help="list (the default) or export",
    )
    tray_list = tray_commands.add_parser("list", help="list the pins, in order, with their notes")
    _add_paths(tray_list, suppress=True)
    tray_list.set_defaults(handler=writing.cmd_tray_list)
    tray_export = tray_commands.add_parser(
        "export",
        help="write the pins as Markdown with footnote citations, or their bibliography",
        description="markdown: each pinned quote with a footnote citation and its note, then "
        "the sources. csl-json: the bibliography of the pinned excerpts' articles.",
    )
    tray_export.add_argument(
        "--format",
        "-f",
        choices=("markdown", "csl-json"),
        default="markdown",
        help="(default: markdown)",
    )
    _output_option(tray_export)
    _add_paths(tray_export, suppress=True)
    tray_export.set_defaults(handler=writing.cmd_tray_export)

    found = commands.add_parser(
        "candidates",
        help="list names in the corpus that no entity accounts for (new-entity candidates)",
        description="Runs of capitalised words and name particles in body text, summaries "
        "and captions that overlap no mention, counted across the corpus, most frequent "
        "first, with the paragraphs they occur in. Make the real ones entities with 'dossier "
        "promote', or aliases of existing ones with 'dossier merge'.",
    )
    found.add_argument(
        "--min", type=_count, default=1, metavar="N", help="seen at least N times (default 1)"
    )
    found.add_argument("--json", action="store_true", help="print JSON instead of lines")
    _add_paths(found, suppress=True)
    found.set_defaults(handler=writing.cmd_candidates)

    dates = commands.add_parser(
        "dates",
        help="list the dates the articles give, resolved (TIMEX3-style value and rule)",
        description="Every date expression dossier found in an article's text ('June 25, "
        "2020', 'last Thursday', 'four days after the raid'), with its ISO value, precision "
        "and the rule used: relative ones count from the publication date, narrative ones "
        "from the date mentioned last, anchored ones from the event named. Ambiguous ones "
        "(a weekday equal to the publication's) say so, with the other reading.",
    )
    dates.add_argument(
        "articles", nargs="*", metavar="ARTICLE", help="article ids (default: every article)"
    )
    dates.add_argument("--json", action="store_true", help="print JSON instead of lines")
    _add_paths(dates, suppress=True)
    dates.set_defaults(handler=writing.cmd_dates)

    add = commands.add_parser(
        "add",
        help="add your own articles (.txt, .md, or web pages saved as .html) to the corpus",
        description="Copy the files into the corpus unchanged, describe them in articles.toml "
        "and rebuild the store. Web pages need the html extra (pip install 'dossier[html]'): "
        "their text and metadata are extracted and the page kept beside the text. Metadata "
        "missing from the flags (and the page) is asked for on a terminal, and is an error "
        "otherwise. An article whose text is already in the corpus is refused. Without "
        "--corpus, articles go to your own corpus in the per-user data directory (made from "
        "the bundled one the first time), which dossier then opens by default.",
    )
    add.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files to add")
    add.add_argument("--outlet", help="the publication, e.g. 'Voice of America'")
    add.add_argument("--title", help="the headline (one file at a time)")
    add.add_argument("--author", help="the byline ('' or leave out when unknown)")
    add.add_argument("--published", help="the publication date, ISO: 2020-07-02")
    add.add_argument("--url", help="the original page (one file at a time)")
    add.add_argument("--language", help="language tag (default: en)")
    _add_paths(add, suppress=True)
    add.set_defaults(handler=writing.cmd_add)

    promote = commands.add_parser(
        "promote",
        help="make a name (a new-entity candidate) an entity in entities.toml",
        description="Add an [[entity]] to entities.toml, after the last entity of its type, "
        "leaving the rest of the file as it was, then rebuild the store. Its aliases are the "
        "name and every --alias. Refused, changing nothing, when the type is unknown, the id "
        "is taken or a spelling is already an entity's alias. Without --corpus, your own "
        "corpus is changed (made from the bundled one the first time), as with 'dossier add'.",
    )
    promote.add_argument("name", metavar="NAME", help="the name as the articles write it")
    promote.add_argument(
        "--type",
        required=True,
        metavar="TYPE",
        help="person, organization, place, facility, media or other",
    )
    promote.add_argument(
        "--id", dest="entity_id", metavar="ID", help="the entity's id (default: made from NAME)"
    )
    promote.add_argument(
        "--alias",
        action="append",
        default=[],
        metavar="SPELLING",
        help="another spelling the articles use (repeatable)",
    )
    promote.add_argument(
        "--description", default="", metavar="TEXT", help="one or two sentences about it"
    )
    _add_paths(promote, suppress=True)
    promote.set_defaults(handler=writing.cmd_promote)

    merge = commands.add_parser(
        "merge",
        help="add a spelling (a new-entity candidate) to an entity's aliases",
        description="Append SPELLING to the aliases of entity ENTITY_ID in entities.toml, "
        "leaving the rest of the file as it was, then rebuild the store. Refused, changing "
        "nothing, when there is no such entity or the spelling is already an entity's alias "
        "or search alias. Without --corpus, your own corpus is changed (made from the bundled "
        "one the first time), as with 'dossier add'.",
    )
    merge.add_argument("spelling", metavar="SPELLING", help="the spelling as the articles write it")
    merge.add_argument(
        "--into",
        required=True,
        dest="entity_id",
        metavar="ENTITY_ID",
        help="the entity's id (as 'dossier lookup NAME' shows it)",
    )
    _add_paths(merge, suppress=True)
    merge.set_defaults(handler=writing.cmd_merge)


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
    from bench.search import measure, report

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
    try:
        app.run()
    finally:
        if app.keeper is not None:
            app.keeper.close()  # the last change to the tray is on disk before we exit
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
