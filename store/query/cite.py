"""Citations for every excerpt: plain text, Markdown, pandoc, and CSL-JSON.

A writer carries a quote into a draft with its source. Each article becomes a
CSL-JSON item of type ``article-newspaper`` (title, container title, author,
issued, URL, accessed, language), the format Zotero imports and pandoc's
citeproc reads; an estimated publication date is marked ``circa`` and
explained in a note. Paragraphs are cited by their number, ¶N, as the reader
shows them.

Everything here is plain functions of store values, so the command line, the
explorer and the evidence tray cite identically.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from typing import Any, Literal, get_args

from ..model import Article, Paragraph

Format = Literal["text", "markdown", "pandoc", "csl-json"]
FORMATS: tuple[Format, ...] = get_args(Format)

#: Lowercase words that belong to the family name that follows them.
_PARTICLES = frozenset(
    {
        "al",
        "el",
        "bin",
        "ibn",
        "abu",
        "van",
        "von",
        "de",
        "der",
        "da",
        "di",
        "du",
        "la",
        "le",
        "del",
        "dos",
        "das",
    }
)


def human_date(article: Article) -> str:
    """``29 June 2020``, or ``c. 30 June 2020`` when the date was estimated."""
    day = article.published_day
    text = f"{day.day} {day.strftime('%B')} {day.year}"
    return f"c. {text}" if article.is_estimated else text


def csl_name(author: str) -> dict[str, str]:
    """One author as a CSL name: ``Seth J. Frantzman`` → given ``Seth J.``, family
    ``Frantzman``; a particle stays with the family (``Faris al-Omran``,
    ``Ahmad bin Ali``). A single word is kept as a literal name."""
    parts = author.split()
    if len(parts) < 2:
        return {"literal": author.strip()}
    start = len(parts) - 1
    while start > 1 and parts[start - 1].lower() in _PARTICLES:
        start -= 1
    return {"family": " ".join(parts[start:]), "given": " ".join(parts[:start])}


def csl_names(byline: str) -> list[dict[str, str]]:
    """Every author of a byline (``A and B``, ``A, B and C``)."""
    names = re.split(r"\s*(?:,|\band\b|&)\s*", byline)
    return [csl_name(name) for name in names if name.strip()]


def _date_parts(day: dt.date) -> list[list[int]]:
    return [[day.year, day.month, day.day]]


def csl_item(article: Article, accessed: dt.date | None = None) -> dict[str, Any]:
    """The article as a CSL-JSON item of type ``article-newspaper``.

    ``accessed`` is used when the corpus does not say when the text was taken
    from its page (callers pass the store's build date).
    """
    issued: dict[str, Any] = {"date-parts": _date_parts(article.published_day)}
    item: dict[str, Any] = {
        "id": article.id,
        "type": "article-newspaper",
        "title": article.title,
        "container-title": article.outlet,
        "issued": issued,
        "language": article.language,
    }
    if article.author:
        item["author"] = csl_names(article.author)
    if article.is_estimated:
        issued["circa"] = True
        note = "Publication date estimated"
        if article.published_range:
            lo, hi = article.published_range
            note += f" ({lo.isoformat()} to {hi.isoformat()})"
        if article.published_note:
            note += f": {article.published_note}"
        item["note"] = note
    if article.url:
        item["URL"] = article.url
    when = article.accessed or accessed
    if when is not None:
        item["accessed"] = {"date-parts": _date_parts(when)}
    return item


def bibliography(
    articles: Iterable[Article], accessed: dt.date | None = None
) -> list[dict[str, Any]]:
    """CSL-JSON items for ``articles``, each once, in the order given."""
    seen: dict[str, dict[str, Any]] = {}
    for article in articles:
        seen.setdefault(article.id, csl_item(article, accessed))
    return list(seen.values())


def reference(article: Article) -> str:
    """The article as one plain line: outlet, title, author, date, URL."""
    parts = [article.outlet, f"“{article.title}”"]
    if article.author:
        parts.append(article.author)
    parts.append(human_date(article))
    if article.url:
        parts.append(article.url)
    return ", ".join(parts) + "."


def cite_text(article: Article, paragraph: Paragraph) -> str:
    """Outlet, title, author, date, ¶N, URL, on one line."""
    parts = [article.outlet, f"“{article.title}”"]
    if article.author:
        parts.append(article.author)
    parts += [human_date(article), f"¶{paragraph.index}"]
    if article.url:
        parts.append(article.url)
    return ", ".join(parts) + "."


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")
_LIST_START = re.compile(r"^(\d+)([.)])|^([-+])")


def md_escape(text: str) -> str:
    """``text`` on one line with Markdown's special characters escaped (so a
    quote is never read as emphasis, a link, HTML or a list)."""
    flat = _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))
    return _LIST_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", flat)


def blockquote(text: str) -> str:
    """A paragraph as a one-line Markdown block quote."""
    return "> " + md_escape(text)


def markdown_reference(article: Article, paragraph: Paragraph | None = None) -> str:
    """Outlet, linked title, author, date (and ¶N) as one line of Markdown."""
    title = f"“{md_escape(article.title)}”"
    if article.url:
        title = f"[{title}](<{article.url}>)"
    parts = [md_escape(article.outlet), title]
    if article.author:
        parts.append(md_escape(article.author))
    parts.append(human_date(article))
    if paragraph is not None:
        parts.append(f"¶{paragraph.index}")
    return ", ".join(parts)


def cite_markdown(article: Article, paragraph: Paragraph, quote: str | None = None) -> str:
    """The quote as a block quote, then a linked citation."""
    return f"{blockquote(quote or paragraph.text)}\n>\n> — {markdown_reference(article, paragraph)}"


def pandoc_key(article: Article) -> str:
    """The citation key: the article's id (pandoc accepts its letters, digits, hyphens)."""
    return article.id


def pandoc_citation(article: Article, paragraph: Paragraph) -> str:
    """``[@key, para. N]``: the key is the article's id in the CSL-JSON bibliography."""
    return f"[@{pandoc_key(article)}, para. {paragraph.index}]"


def cite_pandoc(article: Article, paragraph: Paragraph, quote: str | None = None) -> str:
    """The quote (as pandoc Markdown) followed by ``[@key, para. N]``."""
    return f"“{md_escape(quote or paragraph.text)}” {pandoc_citation(article, paragraph)}"


def cite(
    article: Article,
    paragraph: Paragraph,
    form: Format,
    *,
    quote: str | None = None,
    accessed: dt.date | None = None,
) -> str:
    """A paragraph (or a quote from it) cited in one of :data:`FORMATS`."""
    if form == "text":
        text = " ".join((quote or paragraph.text).split())
        return f"“{text}”\n{cite_text(article, paragraph)}"
    if form == "markdown":
        return cite_markdown(article, paragraph, quote)
    if form == "pandoc":
        return cite_pandoc(article, paragraph, quote)
    return json.dumps([csl_item(article, accessed)], ensure_ascii=False, indent=2)


def cite_article(article: Article, form: Format, *, accessed: dt.date | None = None) -> str:
    """A whole article cited in one of :data:`FORMATS` (no paragraph, no quote)."""
    if form == "text":
        return reference(article)
    if form == "markdown":
        return markdown_reference(article) + "."
    if form == "pandoc":
        return f"[@{pandoc_key(article)}]"
    return json.dumps([csl_item(article, accessed)], ensure_ascii=False, indent=2)
