"""The commands for writing with the corpus: lookup, cite, export, tray, candidates, add,
promote, merge.

Their arguments are declared in :mod:`tui.cli`, which imports this module
when it builds the parser; like every reading command, none imports Textual.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import store
from store import default_db_path
from tui.cli import EXIT_NOT_FOUND, EXIT_OK, UsageError, resolve_paths, run_build


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
    from store import write_atomic

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
    from store import printable

    _write(printable(text, multiline=True), output)


def _emit_json(data: object, output: Path | None = None) -> None:
    """JSON, lossless: characters that could act on a terminal are \\u-escaped."""
    from store import json_text

    _write(json_text(data), output)


def cmd_lookup(args: argparse.Namespace) -> int:
    """``dossier lookup``."""
    from store import CARD_FORMAT as FORMAT
    from store import card, hit_json

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
        from tui.cli.cards import card_lines, console, hit_lines, others_line, print_lines

        out = console()
        if listing and hits:
            print_lines(hit_lines([hit_json(hit) for hit in hits]), out)
        elif best is not None:
            print_lines(card_lines(best), out)
            print_lines(others_line([hit_json(hit) for hit in hits[1:4]]), out)
    if hits:
        return EXIT_OK
    from store import printable

    shown = printable(query)
    if suggestion:
        hint = f"did you mean {printable(suggestion)!r}? (dossier lookup {printable(suggestion)})"
    else:
        hint = "try other words, fewer words, or 'dossier' to browse"
    print(f"dossier: nothing matches {shown!r}; {hint}", file=sys.stderr)
    return EXIT_NOT_FOUND


def _cite_one(
    catalog: store.Catalog, item: str, form: store.CiteFormat
) -> tuple[str, store.Article]:
    """The citation of a paragraph or an article id, and its article."""
    try:
        paragraph = catalog.paragraph(item)
    except store.NotFound:
        try:
            article = catalog.article(item)
        except store.NotFound:
            raise store.DossierError(_unknown_id(catalog, item)) from None
        return store.cite_article(article, form), article
    article = catalog.article(paragraph.article_id)
    return store.cite(article, paragraph, form), article


def _unknown_id(catalog: store.Catalog, item: str) -> str:
    from rapidfuzz import process

    from store import printable

    ids = [p.id for p in catalog.iter_paragraphs()] + [a.id for a in catalog.articles()]
    near = process.extractOne(item, ids, score_cutoff=80)
    hint = f"did you mean {near[0]!r}? " if near else ""
    return (
        f"no paragraph or article {printable(item)!r}; {hint}"
        "'dossier lookup --all WORDS' shows paragraph ids"
    )


def cmd_cite(args: argparse.Namespace) -> int:
    """``dossier cite``."""
    from store import bibliography

    catalog = open_catalog(args)
    cited = [_cite_one(catalog, item, args.format) for item in args.ids]
    if args.format == "csl-json":
        _emit_json(bibliography((a for _, a in cited), catalog.meta.built_at.date()))
    else:
        _emit("\n\n".join(text for text, _ in cited))
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    """``dossier export``."""
    from store import bibliography

    catalog = open_catalog(args)
    _emit_json(bibliography(catalog.articles(), catalog.meta.built_at.date()), args.output)
    return EXIT_OK


def _open_tray(args: argparse.Namespace) -> tuple[store.Catalog, Any]:
    from store import open_tray

    catalog = open_catalog(args)
    tray, problem = open_tray(catalog)
    if problem is not None:
        print(f"dossier: warning: {problem}", file=sys.stderr)
    return catalog, tray


def cmd_tray_list(args: argparse.Namespace) -> int:
    """``dossier tray`` / ``dossier tray list``."""
    from store import printable

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
    _write(tray.rendered(catalog, args.format), args.output)
    return EXIT_OK


def cmd_candidates(args: argparse.Namespace) -> int:
    """``dossier candidates``."""
    from store import candidates

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


def cmd_dates(args: argparse.Namespace) -> int:
    """``dossier dates``."""
    from store import printable

    catalog = open_catalog(args)
    known = {a.id: a for a in catalog.articles()}
    for article_id in args.articles:
        if article_id not in known:
            from rapidfuzz import process

            near = process.extractOne(article_id, list(known), score_cutoff=60)
            hint = f"did you mean {near[0]!r}? " if near else ""
            print(
                f"dossier: no article {printable(article_id)!r}; {hint}"
                "'dossier dates' with no id lists every article",
                file=sys.stderr,
            )
            return EXIT_NOT_FOUND
    chosen = [known[a] for a in args.articles] if args.articles else list(known.values())
    if args.json:
        _emit_json(
            [
                {
                    "article": article.id,
                    "published": article.published_label,
                    "dates": [
                        {
                            "paragraph": t.paragraph_id,
                            "start": t.start,
                            "end": t.end,
                            "text": t.text,
                            "value": t.value,
                            "precision": t.precision,
                            "rule": t.rule,
                            "reference": t.reference,
                            "ambiguous": t.ambiguous,
                            "alternative": t.alternative,
                            "estimated": t.estimated,
                        }
                        for t in catalog.timexes(article.id)
                    ],
                }
                for article in chosen
            ]
        )
        return EXIT_OK
    lines = []
    for article in chosen:
        found = catalog.timexes(article.id)
        lines.append(
            f"{article.id}  ({article.outlet}, published {article.published_label}): "
            f"{len(found)} date{'s' if len(found) != 1 else ''}"
        )
        for t in found:
            index = catalog.paragraph(t.paragraph_id).index
            doubt = ""
            if t.ambiguous:
                doubt = f"  AMBIGUOUS, or {t.alternative}"
            elif t.estimated:
                doubt = "  ESTIMATED"
            lines.append(f"  ¶{index:<3} {printable(t.text)!r} → {t.value} ({t.precision}){doubt}")
            lines.append(f"        {printable(t.rule)}")
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
    """The corpus ``add``, ``promote`` and ``merge`` write to: never the bundled one,
    which ships with dossier."""
    from store import corpus_to_grow

    corpus, _ = resolve_paths(args)
    grown, made = corpus_to_grow(corpus)
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
    added = store.add_articles(corpus, items)
    for article in added:
        print(f"added {article.id} ({article.file}) from {article.source}")
    run_build(corpus, default_db_path(corpus, getattr(args, "db", None)), quiet=False)
    return EXIT_OK


def _checked_then_grown(args: argparse.Namespace, edit: Callable[[Path], object]) -> Path:
    """The corpus to grow, once ``edit`` (a dry run) has passed on the corpus it would
    start from: a refused edit does not make your own copy of the bundled corpus."""
    from store import bundled_corpus_dir

    corpus, _ = resolve_paths(args)
    if corpus.resolve() == bundled_corpus_dir().resolve():
        edit(corpus)
    return _corpus_to_grow(args)


def _rebuilt(corpus: Path, args: argparse.Namespace) -> store.Catalog:
    """Rebuild the store of a corpus just changed, and open it."""
    db = default_db_path(corpus, getattr(args, "db", None))
    run_build(corpus, db, quiet=True)
    return store.Catalog.open(db)


def _mentions(count: int) -> str:
    return f"{count} mention{'s' if count != 1 else ''}"


def cmd_promote(args: argparse.Namespace) -> int:
    """``dossier promote``."""
    from store import printable, promote

    def edit(corpus: Path, dry_run: bool = True) -> str:
        return promote(
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
        f"promoted {printable(entity.name)!r} to entity {entity.id} ({entity.type}); "
        f"{_mentions(entity.mention_count)} now linked"
    )
    return EXIT_OK


def cmd_merge(args: argparse.Namespace) -> int:
    """``dossier merge``."""
    from store import alias_key, merge, printable

    corpus = _checked_then_grown(
        args, lambda corpus: merge(corpus, args.spelling, args.entity_id, dry_run=True)
    )
    merge(corpus, args.spelling, args.entity_id)
    catalog = _rebuilt(corpus, args)
    entity = catalog.entity(args.entity_id)
    key = alias_key(args.spelling)
    linked = sum(
        alias_key(excerpt.paragraph.text[start:end]) == key
        for excerpt in catalog.excerpts(entity.id)
        for start, end in excerpt.spans
    )
    print(
        f"merged {printable(args.spelling.strip())!r} into {entity.id} "
        f"({printable(entity.name)}) as an alias; {_mentions(linked)} of it now linked, "
        f"{entity.mention_count} of the entity in all"
    )
    return EXIT_OK
