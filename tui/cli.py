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
from typing import Any, NoReturn, TextIO

import store
from store.cite import FORMATS
from store.paths import cache_dir, default_corpus_dir, default_db_path
from store.searchindex import KINDS

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

    found = commands.add_parser(
        "candidates",
        help="list names in the corpus that no entity accounts for (new-entity candidates)",
        description="Runs of capitalised words and name particles in body text, summaries "
        "and captions that overlap no mention, counted across the corpus, most frequent "
        "first, with the paragraphs they occur in. Add the real ones to entities.toml (a "
        "new entity, or an alias of an existing one) and rebuild.",
    )
    found.add_argument(
        "--min", type=_count, default=1, metavar="N", help="seen at least N times (default 1)"
    )
    found.add_argument("--json", action="store_true", help="print JSON instead of lines")
    _add_paths(found, suppress=True)
    found.set_defaults(handler=cmd_candidates)

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
    add.set_defaults(handler=cmd_add)
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
    """lookup, cite, export and tray: the commands for writing with the corpus."""
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
    lookup.set_defaults(handler=cmd_lookup)

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
    cite.set_defaults(handler=cmd_cite)

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
    export.set_defaults(handler=cmd_export)

    tray = commands.add_parser(
        "tray",
        help="list or export the evidence tray (the excerpts pinned with 'p' in the explorer)",
        description="The evidence tray of the corpus, kept in the per-user data directory "
        "($DOSSIER_DATA to change it). With no subcommand, list the pins.",
    )
    _add_paths(tray, suppress=True)
    tray.set_defaults(handler=cmd_tray_list)
    tray_commands = tray.add_subparsers(
        dest="tray_command",
        metavar="SUBCOMMAND",
        parser_class=Parser,
        help="list (the default) or export",
    )
    tray_list = tray_commands.add_parser("list", help="list the pins, in order, with their notes")
    _add_paths(tray_list, suppress=True)
    tray_list.set_defaults(handler=cmd_tray_list)
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
    tray_export.set_defaults(handler=cmd_tray_export)


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
    if args.ui and args.lookup:
        raise UsageError("choose one of --ui and --lookup")
    if args.ui:
        from tui.bench_ui import run

        print(run())
        return EXIT_OK
    if args.lookup:
        from tui.bench_lookup import run as run_lookup

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


# Writing with the corpus ----------------------------------------------------


def open_catalog(args: argparse.Namespace) -> store.Catalog:
    """The store for these arguments, rebuilt first if it is missing or out of date."""
    corpus, db = resolve_paths(args)

    def rebuild(state: store.Freshness) -> None:
        if sys.stderr.isatty():
            sys.stderr.write(f"dossier: building the store ({state.reason})\n")
        run_build(corpus, db, quiet=True)

    return store.open_current(corpus, db, rebuild)


def _write(text: str, output: Path | None) -> None:
    """``text`` to ``output`` (replaced atomically), else to standard output."""
    from store.persist import write_atomic

    if not text.endswith("\n"):
        text += "\n"
    if output is None or str(output) == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        write_atomic(output.expanduser(), text.encode("utf-8"))
    except OSError as exc:
        raise store.DossierError(
            f"{output}: cannot write ({exc.strerror}); choose another --output"
        ) from None
    print(f"dossier: wrote {output}", file=sys.stderr)


def _emit(text: str, output: Path | None = None) -> None:
    """Text for people. Control characters and bidirectional overrides from the
    corpus are made visible (newlines kept): it may well end up on a terminal."""
    from store.sanitize import printable

    _write(printable(text, multiline=True), output)


def _emit_json(data: object, output: Path | None = None) -> None:
    """JSON, lossless: characters that could act on a terminal are \\u-escaped."""
    from store.sanitize import json_text

    _write(json_text(data), output)


def cmd_lookup(args: argparse.Namespace) -> int:
    """``dossier lookup``."""
    from store.cards import FORMAT, card, hit_json

    query = " ".join(args.query).strip()
    if not query:
        raise UsageError("give something to look up, e.g. dossier lookup Kadhimi")
    catalog = open_catalog(args)
    listing = args.all or args.limit is not None
    limit = args.limit or 10
    hits = catalog.search(query, limit=limit, kinds=args.kind)
    suggestion = None if hits else catalog.suggest(query)
    best = card(catalog, hits[0]) if hits else None
    if args.json:
        _emit_json(
            {
                "format": FORMAT,
                "query": query,
                "hits": [hit_json(hit) for hit in hits],
                "card": best,
                "suggestion": suggestion,
            }
        )
    else:
        from tui.lookup import card_lines, console, hit_lines, others_line, print_lines

        out = console()
        if listing and hits:
            print_lines(hit_lines([hit_json(hit) for hit in hits]), out)
        elif best is not None:
            print_lines(card_lines(best), out)
            print_lines(others_line([hit_json(hit) for hit in hits[1:4]]), out)
    if hits:
        return EXIT_OK
    from store.sanitize import printable

    shown = printable(query)
    if suggestion:
        hint = f"did you mean {printable(suggestion)!r}? (dossier lookup {printable(suggestion)})"
    else:
        hint = "try other words, fewer words, or 'dossier' to browse"
    print(f"dossier: nothing matches {shown!r}; {hint}", file=sys.stderr)
    return EXIT_NOT_FOUND


def _cite_one(catalog: store.Catalog, item: str, form: str) -> tuple[str, store.Article]:
    """The citation of a paragraph or an article id, and its article."""
    from store import cite

    try:
        paragraph = catalog.paragraph(item)
    except store.NotFound:
        try:
            article = catalog.article(item)
        except store.NotFound:
            raise store.DossierError(_unknown_id(catalog, item)) from None
        if form == "text":
            return cite.reference(article), article
        if form == "markdown":
            return cite.markdown_reference(article) + ".", article
        return f"[@{cite.pandoc_key(article)}]", article
    article = catalog.article(paragraph.article_id)
    return cite.cite(article, paragraph, form), article  # type: ignore[arg-type]


def _unknown_id(catalog: store.Catalog, item: str) -> str:
    from rapidfuzz import process

    from store.sanitize import printable

    ids = [p.id for p in catalog.iter_paragraphs()] + [a.id for a in catalog.articles()]
    near = process.extractOne(item, ids, score_cutoff=80)
    hint = f"did you mean {near[0]!r}? " if near else ""
    return (
        f"no paragraph or article {printable(item)!r}; {hint}"
        "'dossier lookup --all WORDS' shows paragraph ids"
    )


def cmd_cite(args: argparse.Namespace) -> int:
    """``dossier cite``."""
    from store.cite import bibliography

    catalog = open_catalog(args)
    cited = [_cite_one(catalog, item, args.format) for item in args.ids]
    if args.format == "csl-json":
        _emit_json(bibliography((a for _, a in cited), catalog.meta.built_at.date()))
    else:
        _emit("\n\n".join(text for text, _ in cited))
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    """``dossier export``."""
    from store.cite import bibliography

    catalog = open_catalog(args)
    _emit_json(bibliography(catalog.articles(), catalog.meta.built_at.date()), args.output)
    return EXIT_OK


def _open_tray(args: argparse.Namespace) -> tuple[store.Catalog, Any]:
    from store.tray import open_tray

    catalog = open_catalog(args)
    tray, problem = open_tray(catalog)
    if problem is not None:
        print(f"dossier: warning: {problem}", file=sys.stderr)
    return catalog, tray


def cmd_tray_list(args: argparse.Namespace) -> int:
    """``dossier tray`` / ``dossier tray list``."""
    from store.sanitize import printable

    _, tray = _open_tray(args)
    count = len(tray.pins)
    print(f"Evidence tray {tray.path}: {count} pin{'s' if count != 1 else ''}", file=sys.stderr)
    lines = []
    for number, pin in enumerate(tray.pins, start=1):
        status = "" if pin.status == "ok" else f" [{pin.status}]"
        lines.append(f"{number}. {printable(pin.citation)}{status}  ({pin.paragraph_id})")
        lines.append(f"   “{printable(' '.join(pin.text.split()))}”")
        if pin.note:
            lines.append(f"   Note: {printable(pin.note)}")
    if lines:
        _emit("\n".join(lines))
    return EXIT_OK


def cmd_tray_export(args: argparse.Namespace) -> int:
    """``dossier tray export``."""
    catalog, tray = _open_tray(args)
    if args.format == "csl-json":
        _emit_json(tray.csl_json(catalog), args.output)
    else:
        _emit(tray.markdown(catalog), args.output)
    return EXIT_OK


def cmd_candidates(args: argparse.Namespace) -> int:
    """``dossier candidates``."""
    from store.candidates import candidates

    catalog = open_catalog(args)
    found = candidates(catalog, least=args.min)
    if args.json:
        _emit_json(
            [
                {
                    "name": c.name,
                    "count": c.count,
                    "spellings": list(c.spellings),
                    "paragraphs": list(c.paragraphs),
                }
                for c in found
            ]
        )
        return EXIT_OK
    lines = []
    for c in found:
        others = [s for s in c.spellings if s != c.name]
        also = f"  (also {', '.join(others)})" if others else ""
        lines.append(f"{c.count:>4}  {c.name}{also}")
        where = c.paragraphs[0]
        text = " ".join(catalog.paragraph(where).text.split())
        at = text.find(c.name)
        snippet = text[max(0, at - 60) : at + len(c.name) + 60] if at >= 0 else text[:120]
        more = f" and {len(c.paragraphs) - 1} more" if len(c.paragraphs) > 1 else ""
        lines.append(f"      {where}{more}: …{snippet}…")
    print(f"{len(found)} candidate names", file=sys.stderr)
    if lines:
        _emit("\n".join(lines))
    return EXIT_OK


def _ask(prompt: str, default: str) -> str:
    shown = f" [{default}]" if default else ""
    try:
        answer = input(f"{prompt}{shown}: ").strip()
    except EOFError:
        answer = ""
    return answer or default


def _corpus_to_grow(args: argparse.Namespace) -> Path:
    """The corpus ``add`` writes to: never the bundled one, which ships with dossier."""
    import shutil

    from store.paths import bundled_corpus_dir, tray_path, user_corpus_dir

    corpus, _ = resolve_paths(args)
    if corpus.resolve() != bundled_corpus_dir().resolve():
        return corpus
    mine = user_corpus_dir()
    if not (mine / "articles.toml").is_file():
        shutil.copytree(bundled_corpus_dir(), mine, dirs_exist_ok=True)
        old_tray, new_tray = tray_path(bundled_corpus_dir()), tray_path(mine)
        if old_tray.is_file() and not new_tray.exists():
            shutil.copyfile(old_tray, new_tray)  # pins carry over
        print(
            f"dossier: made your own corpus at {mine} (a copy of the bundled one); "
            "dossier opens it from now on",
            file=sys.stderr,
        )
    return mine


def cmd_add(args: argparse.Namespace) -> int:
    """``dossier add``."""
    from store import add as adding

    given = {
        name: value for name in adding.FIELDS if (value := getattr(args, name, None)) is not None
    }
    if len(args.paths) > 1 and ({"title", "url"} & set(given)):
        raise UsageError("--title and --url describe one article; add those files one at a time")
    prepared = [adding.prepare(path) for path in args.paths]
    asking = sys.stdin.isatty() and sys.stderr.isatty()
    items = []
    for item in prepared:
        fields = dict(given)
        wanted = adding.missing(item, fields) if asking else []
        if wanted:
            print(f"{item.source}: describe it (Enter accepts [the suggestion])", file=sys.stderr)
        for name in wanted:
            default = item.title_guess if name == "title" else ""
            fields[name] = _ask(f"  {name}", default)
        items.append((item, adding.metadata(item, fields)))
    corpus = _corpus_to_grow(args)
    added = adding.add(corpus, items)
    for article in added:
        print(f"added {article.id} ({article.file}) from {article.source}")
    run_build(corpus, default_db_path(corpus, getattr(args, "db", None)), quiet=False)
    return EXIT_OK


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
