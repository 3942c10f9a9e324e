"""``dossier lookup``, ``cite``, ``export`` and ``dates``: answers and citations to
write with, from another terminal.

None imports Textual: a lookup must answer in a fraction of a second, and the
cards are drawn with Rich (:mod:`tui.cli.cards`).
"""

from __future__ import annotations

import argparse
import sys

import store

from .common import (
    EXIT_NOT_FOUND,
    EXIT_OK,
    Commands,
    UsageError,
    add_command,
    count,
    emit,
    emit_json,
    open_catalog,
    output_option,
    to_stdout,
)


def register(commands: Commands) -> None:
    """Add ``lookup``, ``cite``, ``export`` and ``dates``."""
    lookup = add_command(
        commands,
        "lookup",
        cmd_lookup,
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
        type=count,
        metavar="N",
        help="how many hits to list (implies --all; default 10)",
    )
    lookup.add_argument(
        "--kind",
        action="append",
        choices=store.HIT_KINDS,
        help="only hits of this kind (repeatable)",
    )
    lookup.add_argument(
        "--json",
        action="store_true",
        help="print JSON instead of a card (the shape is in README: Quick lookup, --json)",
    )

    cite = add_command(
        commands,
        "cite",
        cmd_cite,
        help="cite paragraphs (or articles) as text, Markdown, pandoc or CSL-JSON",
        description="Print the citation of each PARAGRAPH_ID (as 'dossier lookup' and the "
        "explorer show them, e.g. voa-2020-06-30-release-of-militants:p4), or of an article "
        "id. text: the quote, then outlet, title, author, date, ¶N, URL. markdown: the quote "
        "as a block quote with a linked citation. pandoc: the quote with [@key, para. N]. "
        "csl-json: the CSL-JSON bibliography entries the pandoc keys refer to.",
    )
    cite.add_argument("ids", nargs="+", metavar="PARAGRAPH_ID", help="paragraph or article ids")
    cite.add_argument(
        "--format",
        "-f",
        choices=store.CITE_FORMATS,
        default="text",
        help="citation format (default: text)",
    )

    export = add_command(
        commands,
        "export",
        cmd_export,
        help="write the bibliography of the whole corpus",
        description="Write every article of the corpus as CSL-JSON (type article-newspaper), "
        "which Zotero imports and pandoc's citeproc reads (--bibliography FILE).",
    )
    export.add_argument(
        "--format", "-f", choices=("csl-json",), default="csl-json", help="(default: csl-json)"
    )
    output_option(export)

    dates = add_command(
        commands,
        "dates",
        cmd_dates,
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


def cmd_lookup(args: argparse.Namespace) -> int:
    """``dossier lookup``."""
    query = " ".join(args.query).strip()
    if not query:
        raise UsageError("give something to look up, e.g. dossier lookup Kadhimi")
    catalog = open_catalog(args)
    listing = args.all or args.limit is not None
    limit = args.limit or 10
    hits = catalog.search(query, limit=limit, kinds=args.kind)
    suggestion = None if hits else catalog.suggest(query)
    best = store.card(catalog, hits[0]) if hits else None
    if args.json:
        emit_json(
            {
                "format": store.CARD_FORMAT,
                "query": query,
                "hits": [store.hit_json(hit) for hit in hits],
                "card": best,
                "suggestion": suggestion,
            }
        )
    else:
        from .cards import card_lines, console, hit_lines, others_line, print_lines

        out = console()
        with to_stdout():
            if listing and hits:
                print_lines(hit_lines([store.hit_json(hit) for hit in hits]), out)
            elif best is not None:
                print_lines(card_lines(best), out)
                print_lines(others_line([store.hit_json(hit) for hit in hits[1:4]]), out)
    if hits:
        return EXIT_OK
    shown = store.printable(query)
    if suggestion:
        said = store.printable(suggestion)
        hint = f"did you mean {said!r}? (dossier lookup {said})"
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
    ids = [p.id for p in catalog.iter_paragraphs()] + [a.id for a in catalog.articles()]
    hint = store.did_you_mean(item, ids, cutoff=80)
    return (
        f"no paragraph or article {store.printable(item)!r}; {hint + ' ' if hint else ''}"
        "'dossier lookup --all WORDS' shows paragraph ids"
    )


def cmd_cite(args: argparse.Namespace) -> int:
    """``dossier cite``."""
    catalog = open_catalog(args)
    cited = [_cite_one(catalog, item, args.format) for item in args.ids]
    if args.format == "csl-json":
        emit_json(store.bibliography((a for _, a in cited), catalog.meta.built_at.date()))
    else:
        emit("\n\n".join(text for text, _ in cited))
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    """``dossier export``."""
    catalog = open_catalog(args)
    emit_json(store.bibliography(catalog.articles(), catalog.meta.built_at.date()), args.output)
    return EXIT_OK


def cmd_dates(args: argparse.Namespace) -> int:
    """``dossier dates``."""
    catalog = open_catalog(args)
    known = {a.id: a for a in catalog.articles()}
    for article_id in args.articles:
        if article_id not in known:
            hint = store.did_you_mean(article_id, known)
            print(
                f"dossier: no article {store.printable(article_id)!r}; "
                f"{hint + ' ' if hint else ''}'dossier dates' with no id lists every article",
                file=sys.stderr,
            )
            return EXIT_NOT_FOUND
    chosen = [known[a] for a in args.articles] if args.articles else list(known.values())
    if args.json:
        emit_json(
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
            f"{store.plural(len(found), 'date')}"
        )
        for t in found:
            index = catalog.paragraph(t.paragraph_id).index
            doubt = ""
            if t.ambiguous:
                doubt = f"  AMBIGUOUS, or {t.alternative}"
            elif t.estimated:
                doubt = "  ESTIMATED"
            lines.append(
                f"  ¶{index:<3} {store.printable(t.text)!r} → {t.value} ({t.precision}){doubt}"
            )
            lines.append(f"        {store.printable(t.rule)}")
    emit("\n".join(lines))
    return EXIT_OK
