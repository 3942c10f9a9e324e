"""``dossier candidates``, ``add``, ``promote``, ``merge`` and ``dismiss``: growing the corpus.

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
        help="list the names no entity accounts for and the events your own articles propose",
        description="Names: whole names in body text, summaries and captions that no entity "
        "accounts for (cut at possessives and titles, typed person, organization or place "
        "with the evidence), in the most articles first, with the short forms that went "
        "with them. Events: every dated sentence of your own articles that names someone "
        "proposes one (its date, type, participants and the sentence as evidence); "
        "near-identical ones are grouped. Make them entities and events with 'dossier "
        "promote', aliases with 'dossier merge', or dismiss them with 'dossier dismiss'.",
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
        help="make a candidate an entity in entities.toml, or an event in events.toml",
        description="A name: add an [[entity]] to entities.toml, after the last entity of its "
        "type (its type is the one 'dossier candidates' guessed, unless --type says; "
        "--type also makes an entity of a name no article proposes). Its aliases are the "
        "name, its other spellings and every --alias; the short forms that went with it "
        "(the surname on its own) are linked to it in those articles. An event candidate "
        "(its id, as 'dossier candidates' shows it): add an [[event]] to events.toml, "
        "after the last event dated no later, with each sentence as evidence and the words "
        "that date it. The rest of each file stays as it was; the store is rebuilt, and "
        "if that fails the file is put back. Refused, changing nothing, for an unknown "
        "candidate or type, a taken id, or a spelling that is already an entity's alias.",
    )
    promote.add_argument(
        "name", metavar="CANDIDATE", help="a name as the articles write it, or an event id"
    )
    promote.add_argument(
        "--type",
        metavar="TYPE",
        help="for a name: "
        + ", ".join(store.ENTITY_TYPES[:-1])
        + f" or {store.ENTITY_TYPES[-1]}; for an event: its type (raid, killing, ...)",
    )
    promote.add_argument(
        "--id", dest="entity_id", metavar="ID", help="the new id (default: made from it)"
    )
    promote.add_argument(
        "--alias",
        action="append",
        default=[],
        metavar="SPELLING",
        help="another spelling the articles use (repeatable; names only)",
    )
    promote.add_argument(
        "--description", default="", metavar="TEXT", help="one or two sentences about it"
    )
    promote.add_argument("--title", metavar="TEXT", help="an event's title (default: proposed)")

    merge = add_command(
        commands,
        "merge",
        cmd_merge,
        help="make a spelling (a candidate, or one automatic linking used) an entity's alias",
        description="Append SPELLING to the aliases of entity ENTITY_ID in entities.toml, "
        "leaving the rest of the file as it was, then rebuild the store. Any spelling the "
        "articles use is accepted: a new-entity candidate's, one automatic linking found, "
        "or a search alias (of this entity or another), which is moved: it becomes a "
        "curated alias of ENTITY_ID. Refused, changing nothing, when there is no such "
        "entity or the spelling is already an alias (of it, or of another entity: an "
        "alias belongs to one). Without --corpus, your own corpus is changed (made from "
        "the bundled one the first time), as with 'dossier add'.",
    )
    merge.add_argument("spelling", metavar="SPELLING", help="the spelling as the articles write it")
    merge.add_argument(
        "--into",
        required=True,
        dest="entity_id",
        metavar="ENTITY_ID",
        help="the entity's id (as 'dossier lookup NAME' shows it)",
    )

    dismiss = add_command(
        commands,
        "dismiss",
        cmd_dismiss,
        help="record that a candidate (a name or a proposed event) is none, so it never returns",
        description="Write the candidate to the corpus's dismissed.toml, then rebuild the "
        "store: a dismissed name is never proposed again (and gives back any known name it "
        "held), a dismissed event is never proposed again, nor any event its sentences "
        "propose. --undo takes a dismissal back. Refused, changing nothing, for something "
        "that is no candidate (or, with --undo, not dismissed).",
    )
    dismiss.add_argument(
        "candidate", metavar="CANDIDATE", help="a name as written, or an event candidate's id"
    )
    dismiss.add_argument("--undo", action="store_true", help="take a dismissal back")


def cmd_candidates(args: argparse.Namespace) -> int:
    """``dossier candidates``."""
    catalog = open_catalog(args)
    names = store.candidates(catalog, least=args.min)
    events = store.event_candidates(catalog, least=args.min)
    if args.json:
        emit_json(store.candidates_json(catalog, names, events))
        return EXIT_OK
    lines = [f"Names no entity accounts for ({len(names)}), in the most articles first"]
    for c in names:
        lines += _name_lines(catalog, c)
    lines += ["", f"Events your own articles propose ({len(events)}), the most reported first"]
    for e in events:
        lines += _event_lines(catalog, e)
    print(
        f"{store.plural(len(names), 'candidate name')}, "
        f"{store.plural(len(events), 'proposed event')}",
        file=sys.stderr,
    )
    emit("\n".join(lines))
    return EXIT_OK


def _snippet(text: str, start: int, end: int, width: int = 60) -> str:
    flat = " ".join(text.split())
    at = flat.find(" ".join(text[start:end].split()))
    if at < 0:
        return flat[: 2 * width]
    return flat[max(0, at - width) : at + (end - start) + width]


def _name_lines(catalog: store.Catalog, c: store.Candidate) -> list[str]:
    kind = c.type or "type unknown"
    why = f" ({'; '.join(c.why[:3])})" if c.why else ""
    lines = [f"{c.count:>4}  {c.name}  {kind}{why}"]
    details = []
    others = [s for s in c.spellings if s != c.name]
    if others:
        details.append(f"also {', '.join(others)}")
    if c.parts:
        details.append(f"+{c.parts} short form{'s' if c.parts != 1 else ''}: "
                       f"{', '.join(c.short_forms)}")  # fmt: skip
    for entity_id, n in c.instead_of:
        details.append(f"kept {store.plural(n, 'mention')} from {_entity_name(catalog, entity_id)}")
    details.append(store.plural(len(c.articles), "article"))
    lines.append("      " + " · ".join(details))
    where = c.paragraphs[0]
    paragraph = catalog.paragraph(where)
    at = paragraph.text.find(c.name)
    snippet = _snippet(paragraph.text, at, at + len(c.name)) if at >= 0 else paragraph.text[:120]
    more = f" and {len(c.paragraphs) - 1} more" if len(c.paragraphs) > 1 else ""
    lines.append(f"      {where}{more}: …{' '.join(snippet.split())}…")
    return lines


def _entity_name(catalog: store.Catalog, entity_id: str) -> str:
    try:
        return catalog.entity(entity_id).name
    except store.EntityNotFound:
        return entity_id


def _event_lines(catalog: store.Catalog, e: store.EventCandidate) -> list[str]:
    main = f", main event of {len(e.main_of)}" if e.main_of else ""
    first = e.sources[0]
    lines = [
        f"{e.date_label:<10}  {e.type:<10}  {e.title}",
        f"      {e.id} · {store.plural(len(e.sources), 'sentence')} of "
        f"{store.plural(len(e.articles), 'article')}{main} · "
        f"“{first.date_phrase}” → {first.resolved}",
    ]
    if e.participants:
        lines.append("      names " + ", ".join(p.name for p in e.participants))
    article = catalog.article(first.evidence.article_id)
    paragraph = catalog.paragraph(first.evidence.paragraph_id)
    lines.append(f"      {article.short_citation(paragraph.index)}: “{first.evidence.quote}”")
    return lines


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


def _rebuilding(corpus: Path, args: argparse.Namespace) -> tuple[Path, Callable[[], object]]:
    """The store of a corpus about to change, and the rebuild to run inside the edit
    (if it fails, the edit puts the corpus back)."""
    db = store.default_db_path(corpus, getattr(args, "db", None))
    return db, lambda: run_build(corpus, db, quiet=True)


def _quiet_catalog(args: argparse.Namespace) -> store.Catalog:
    """The current store, for finding candidates; once the annotations read cleanly
    (else one line says what is wrong, and nothing was changed)."""
    corpus, _ = resolve_paths(args)
    store.readable(corpus)
    return open_catalog(args, say=lambda _: None)


def cmd_promote(args: argparse.Namespace) -> int:
    """``dossier promote``: a name, or an event candidate by its id."""
    wanted = args.name.strip()
    if store.ID_PATTERN.match(wanted) and wanted[:3].isdigit():
        catalog = _quiet_catalog(args)
        try:
            proposal = catalog.event_candidate(wanted)
        except store.EventNotFound:
            proposal = None
        if proposal is not None:
            return _promote_event(args, proposal)
    spellings: list[str] = []
    kind = args.type
    if kind is None or kind in store.ENTITY_TYPES:
        corpus, _ = resolve_paths(args)
        if kind is not None:  # refused at once, before any store is opened
            store.promote(corpus, wanted, kind, entity_id=args.entity_id, aliases=args.alias,
                          description=args.description, dry_run=True)  # fmt: skip
        found = store.find_candidate(_quiet_catalog(args), wanted)
        if kind is None:
            if found is None:
                raise store.CorpusError(
                    corpus.resolve() / "entities.toml",
                    f"no candidate {store.printable(wanted)!r}; 'dossier candidates' lists them "
                    "(give --type TYPE to make an entity of it anyway)",
                )
            if found.type is None:
                raise store.CorpusError(
                    corpus.resolve() / "entities.toml",
                    f"nothing tells what {store.printable(wanted)!r} is; give --type (one of "
                    f"{', '.join(store.ENTITY_TYPES)})",
                )
            kind = found.type
        if found is not None:
            spellings = [s for s in found.spellings if store.name_key(s) != store.name_key(wanted)]

    def edit(corpus: Path, dry_run: bool = True, then: Callable[[], object] | None = None) -> str:
        return store.promote(
            corpus,
            wanted,
            kind,
            entity_id=args.entity_id,
            aliases=[*spellings, *args.alias],
            description=args.description,
            dry_run=dry_run,
            then=then,
        )

    corpus = _checked_then_grown(args, edit)
    db, rebuild = _rebuilding(corpus, args)
    entity_id = edit(corpus, dry_run=False, then=rebuild)
    catalog = store.Catalog.open(db)
    entity = catalog.entity(entity_id)
    by_context = sum(
        method == "context" for excerpt in catalog.excerpts(entity.id) for method in excerpt.methods
    )
    short = f" ({by_context} by the short forms that went with it)" if by_context else ""
    print(
        f"promoted {store.printable(entity.name)!r} to entity {entity.id} ({entity.type}); "
        f"{store.plural(entity.mention_count, 'mention')} now linked{short}"
    )
    return EXIT_OK


def _promote_event(args: argparse.Namespace, proposal: store.EventCandidate) -> int:
    """``dossier promote EVENT_ID``."""

    def edit(corpus: Path, dry_run: bool = True, then: Callable[[], object] | None = None) -> str:
        return store.promote_event(
            corpus,
            proposal,
            event_id=args.entity_id,
            title=args.title,
            type=args.type,
            dry_run=dry_run,
            then=then,
        )

    corpus = _checked_then_grown(args, edit)
    db, rebuild = _rebuilding(corpus, args)
    event_id = edit(corpus, dry_run=False, then=rebuild)
    event = store.Catalog.open(db).event(event_id)
    print(
        f"promoted the proposed event {proposal.id} to event {event.id} "
        f"({event.type}, {event.date_label}) in events.toml, with "
        f"{store.plural(len(event.evidence), 'source')}"
    )
    return EXIT_OK


def cmd_merge(args: argparse.Namespace) -> int:
    """``dossier merge``."""
    corpus = _checked_then_grown(
        args, lambda corpus: store.merge(corpus, args.spelling, args.entity_id, dry_run=True)
    )
    db, rebuild = _rebuilding(corpus, args)
    merged = store.merge(corpus, args.spelling, args.entity_id, then=rebuild)
    catalog = store.Catalog.open(db)
    entity = catalog.entity(args.entity_id)
    key = store.alias_key(args.spelling)
    linked = sum(
        store.alias_key(excerpt.paragraph.text[start:end]) == key
        for excerpt in catalog.excerpts(entity.id)
        for start, end in excerpt.spans
    )
    moved = ""
    if merged.moved_from == entity.id:
        moved = " (moved from its search aliases)"
    elif merged.moved_from is not None:
        moved = f" (moved from the search aliases of {merged.moved_from})"
    print(
        f"merged {store.printable(args.spelling.strip())!r} into {entity.id} "
        f"({store.printable(entity.name)}) as an alias{moved}; "
        f"{store.plural(linked, 'mention')} of it now linked, "
        f"{entity.mention_count} of the entity in all"
    )
    return EXIT_OK


def cmd_dismiss(args: argparse.Namespace) -> int:
    """``dossier dismiss``."""
    catalog = _quiet_catalog(args)
    corpus, _ = resolve_paths(args)
    if corpus.resolve() == store.bundled_corpus_dir().resolve():
        store.dismiss(corpus, catalog, args.candidate, undo=args.undo, dry_run=True)
    grown = _corpus_to_grow(args)
    _, rebuild = _rebuilding(grown, args)
    done = store.dismiss(grown, catalog, args.candidate, undo=args.undo, then=rebuild)
    what = f"the proposed event {done.text}" if done.kind == "event" else repr(done.text)
    if done.undone:
        print(f"took back the dismissal of {store.printable(what)}; it is proposed again")
    else:
        print(f"dismissed {store.printable(what)} in dismissed.toml; it is no longer proposed")
    return EXIT_OK
