"""``dossier candidates``, ``add``, ``promote`` and ``merge``: growing the corpus.

Edits go to your own corpus, never the bundled one (which ships with
dossier): the first edit without ``--corpus`` makes a copy in the per-user
data directory, which dossier opens from then on. Every edit is checked
before anything is written, and the store is rebuilt after it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

import store

from .common import (
    EXIT_OK,
    Commands,
    UsageError,
    add_command,
    built,
    count,
    emit,
    emit_json,
    open_catalog,
    resolve_paths,
    run_build,
)


def register(commands: Commands) -> None:
    """Add ``candidates``, ``add``, ``promote`` and ``merge``."""
    found = add_command(
        commands,
        "candidates",
        cmd_candidates,
        help="list names in the corpus that no entity accounts for (new-entity candidates)",
        description="Runs of capitalised words and name particles in body text, summaries "
        "and captions that overlap no mention, counted across the corpus, most frequent "
        "first, with the paragraphs they occur in. Make the real ones entities with 'dossier "
        "promote', or aliases of existing ones with 'dossier merge'.",
    )
    found.add_argument(
        "--min", type=count, default=1, metavar="N", help="seen at least N times (default 1)"
    )
    found.add_argument("--json", action="store_true", help="print JSON instead of lines")

    add = add_command(
        commands,
        "add",
        cmd_add,
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

    promote = add_command(
        commands,
        "promote",
        cmd_promote,
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
        help=", ".join(store.ENTITY_TYPES[:-1]) + f" or {store.ENTITY_TYPES[-1]}",
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

    merge = add_command(
        commands,
        "merge",
        cmd_merge,
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


def cmd_candidates(args: argparse.Namespace) -> int:
    """``dossier candidates``."""
    catalog = open_catalog(args)
    found = store.candidates(catalog, least=args.min)
    if args.json:
        emit_json(
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
    print(store.plural(len(found), "candidate name"), file=sys.stderr)
    if lines:
        emit("\n".join(lines))
    return EXIT_OK


def _ask(prompt: str, default: str) -> str:
    shown = f" [{default}]" if default else ""
    try:
        answer = input(f"{prompt}{shown}: ").strip()
    except EOFError:
        answer = ""
    return answer or default


def _corpus_to_grow(args: argparse.Namespace) -> Path:
    """The corpus ``add``, ``promote`` and ``merge`` write to: never the bundled one,
    which ships with dossier."""
    corpus, _ = resolve_paths(args)
    grown, made = store.corpus_to_grow(corpus)
    if made:
        print(
            f"dossier: made your own corpus at {grown} (a copy of the bundled one); "
            "dossier opens it from now on",
            file=sys.stderr,
        )
    return grown


def cmd_add(args: argparse.Namespace) -> int:
    """``dossier add``."""
    given = {
        name: value
        for name in store.ARTICLE_FIELDS
        if (value := getattr(args, name, None)) is not None
    }
    if len(args.paths) > 1 and ({"title", "url"} & set(given)):
        raise UsageError("--title and --url describe one article; add those files one at a time")
    prepared = [store.prepare_article(path) for path in args.paths]
    asking = sys.stdin.isatty() and sys.stderr.isatty()
    items = []
    for item in prepared:
        fields = dict(given)
        wanted = store.missing_metadata(item, fields) if asking else []
        if wanted:
            print(f"{item.source}: describe it (Enter accepts [the suggestion])", file=sys.stderr)
        for name in wanted:
            default = item.title_guess if name == "title" else ""
            fields[name] = _ask(f"  {name}", default)
        items.append((item, store.article_metadata(item, fields)))
    corpus = _corpus_to_grow(args)
    db = store.default_db_path(corpus, getattr(args, "db", None))
    results: list[store.BuildResult] = []
    # The store is rebuilt inside the edit: if that fails, the corpus is put back.
    added = store.add_articles(
        corpus, items, then=lambda: results.append(run_build(corpus, db, quiet=True))
    )
    for article in added:
        print(f"added {article.id} ({article.file}) from {article.source}")
    print(built(results[0]))
    return EXIT_OK


def _checked_then_grown(args: argparse.Namespace, edit: Callable[[Path], object]) -> Path:
    """The corpus to grow, once ``edit`` (a dry run) has passed on the corpus it would
    start from: a refused edit does not make your own copy of the bundled corpus."""
    corpus, _ = resolve_paths(args)
    if corpus.resolve() == store.bundled_corpus_dir().resolve():
        edit(corpus)
    return _corpus_to_grow(args)


def _rebuilt(corpus: Path, args: argparse.Namespace) -> store.Catalog:
    """Rebuild the store of a corpus just changed, and open it."""
    db = store.default_db_path(corpus, getattr(args, "db", None))
    run_build(corpus, db, quiet=True)
    return store.Catalog.open(db)


def cmd_promote(args: argparse.Namespace) -> int:
    """``dossier promote``."""

    def edit(corpus: Path, dry_run: bool = True) -> str:
        return store.promote(
            corpus,
            args.name,
            args.type,
            entity_id=args.entity_id,
            aliases=args.alias,
            description=args.description,
            dry_run=dry_run,
        )

    corpus = _checked_then_grown(args, edit)
    entity_id = edit(corpus, dry_run=False)
    entity = _rebuilt(corpus, args).entity(entity_id)
    print(
        f"promoted {store.printable(entity.name)!r} to entity {entity.id} ({entity.type}); "
        f"{store.plural(entity.mention_count, 'mention')} now linked"
    )
    return EXIT_OK


def cmd_merge(args: argparse.Namespace) -> int:
    """``dossier merge``."""
    corpus = _checked_then_grown(
        args, lambda corpus: store.merge(corpus, args.spelling, args.entity_id, dry_run=True)
    )
    store.merge(corpus, args.spelling, args.entity_id)
    catalog = _rebuilt(corpus, args)
    entity = catalog.entity(args.entity_id)
    key = store.alias_key(args.spelling)
    linked = sum(
        store.alias_key(excerpt.paragraph.text[start:end]) == key
        for excerpt in catalog.excerpts(entity.id)
        for start, end in excerpt.spans
    )
    print(
        f"merged {store.printable(args.spelling.strip())!r} into {entity.id} "
        f"({store.printable(entity.name)}) as an alias; "
        f"{store.plural(linked, 'mention')} of it now linked, "
        f"{entity.mention_count} of the entity in all"
    )
    return EXIT_OK
