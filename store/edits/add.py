"""``dossier add``: bring a new article into a corpus.

Plain text and Markdown are taken as they are. A web page saved as HTML goes
through trafilatura (the optional ``html`` extra), which finds the article's
text and metadata among the page furniture; the extracted text is kept as the
article's file (offsets refer to it) and the page itself beside it, unchanged,
as ``original``.

Nothing is changed until everything has been checked: every file read and
decoded, the metadata complete and valid, no article the same as one already
in the corpus. Then the files are copied into ``articles/``, the entries
appended to ``articles.toml`` as text (so its comments and order stay as they
are), and the corpus read back; if that fails, both are put back as they were.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import secrets
import shutil
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from ..corpus.articles import (
    ARTICLES_FILE,
    LANGUAGE_PATTERN,
    Unreadable,
    day_of,
    decode_article,
    read_corpus,
    read_regular_file,
)
from ..dates import parse_date
from ..errors import CorpusError, DossierError
from ..persist import process_running, write_atomic
from ..sanitize import without_unsafe
from .toml_text import toml_string

Kind = Literal["text", "markdown", "html"]
KINDS: dict[str, Kind] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
}
#: What an article needs; asked for on a terminal, else required as flags.
REQUIRED = ("outlet", "title", "published")
FIELDS = ("outlet", "title", "author", "published", "url", "language")


@dataclass(frozen=True, slots=True)
class Prepared:
    """A file read and ready to add: its text and what it says about itself."""

    source: Path
    kind: Kind
    raw: bytes
    text: str
    """The article's text: the file itself, or the text extracted from a page."""
    found: Mapping[str, str] = field(default_factory=dict)
    """Metadata the file gives (a page's title, author, date, site, URL)."""
    title_guess: str = ""
    """A first line that looks like a headline (offered, never assumed)."""


@dataclass(frozen=True, slots=True)
class Added:
    """An article added to the corpus."""

    id: str
    file: str
    source: Path
    title: str


#: What a page's byline holds besides names ("By Rana Aziz | Published January 2").
_NOT_A_NAME = re.compile(
    r"(?i)\b(?:published|updated|posted|modified|last|reporting|photos?|\d{1,4})\b|"
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s+\d"
)


def _author(byline: str) -> str:
    """The names in a page's byline: "By Rana Aziz | Published January 2" is
    "Rana Aziz" (what trafilatura finds may carry the date and a "By")."""
    names = []
    for part in re.split(r"\s*[;|•·]\s*|\s+and\s+", byline):
        part = re.sub(r"(?i)^by\s+", "", part.strip()).strip(" ,")
        if part and not _NOT_A_NAME.search(part) and part not in names:
            names.append(part)
    return "; ".join(names)


_HOSTNAME = re.compile(r"(?i)(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)+")
_TITLE_TAG = re.compile(r"(?is)<title[^>]*>(.*?)</title>")
_TITLE_SEPARATOR = re.compile(r"\s+[|–—:·•-]\s+")


def _outlet_in_title(html: str, headline: str) -> str:
    """The outlet a page names in its ``<title>`` beside the headline, for a page
    that does not name its site otherwise: "Headline | Gulf Ledger", "Gulf
    Ledger - Headline". Nothing when the title holds only the headline, or more
    than a short name beside it."""
    import html as entities

    match = _TITLE_TAG.search(html[:200_000])
    if match is None or not headline:
        return ""
    whole = " ".join(entities.unescape(match.group(1)).split())
    parts = _TITLE_SEPARATOR.split(whole)
    if len(parts) < 2:
        return ""
    folded = " ".join(_TITLE_SEPARATOR.split(" ".join(headline.split()))).casefold()
    if " ".join(parts[:-1]).casefold() == folded or parts[0].casefold() == folded:
        outlet = parts[-1]
    elif parts[-1].casefold() == folded:
        outlet = parts[0]
    else:
        return ""
    return outlet if 0 < len(outlet.split()) <= 6 and len(outlet) <= 60 else ""


def _html_text(path: Path, raw: bytes) -> tuple[str, dict[str, str]]:
    try:
        import trafilatura
    except ImportError:
        raise DossierError(
            f"{path}: reading web pages needs trafilatura; install it with "
            "pip install 'dossier[html]' (or save the article as text)"
        ) from None
    html = raw.decode("utf-8", errors="replace")
    text = trafilatura.extract(html, include_comments=False, include_tables=False)
    if not text or not text.strip():
        raise CorpusError(path, "no article text found in this page; save the text instead")
    meta = trafilatura.extract_metadata(html)
    found: dict[str, str] = {}
    if meta is not None:
        for name, value in (
            ("title", meta.title),
            ("author", meta.author),
            ("published", meta.date),
            ("outlet", meta.sitename),
            ("url", meta.url),
        ):
            if isinstance(value, str) and without_unsafe(value).strip():
                found[name] = " ".join(without_unsafe(value).split())
    if "outlet" not in found or _HOSTNAME.fullmatch(found["outlet"]):
        # No site name, or only the address's ("levantpost.example"): the name the
        # page's <title> gives beside the headline is better.
        outlet = " ".join(without_unsafe(_outlet_in_title(html, found.get("title", ""))).split())
        if outlet:
            found["outlet"] = outlet
    if "author" in found:
        author = _author(found["author"])
        if author:
            found["author"] = author
        else:
            del found["author"]
    # One paragraph per block, separated by blank lines.
    blocks = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    return "\n\n".join(blocks) + "\n", found


def prepare(path: Path) -> Prepared:
    """Read one file to add; a problem raises :class:`CorpusError` naming it."""
    kind = KINDS.get(path.suffix.lower())
    if kind is None:
        raise CorpusError(
            path,
            f"cannot add a {path.suffix or 'extensionless'} file; give a .txt, .md or .html file",
        )
    try:
        raw = read_regular_file(path)
    except Unreadable as why:
        raise CorpusError(path, f"{why}; check the path") from None
    if kind == "html":
        text, found = _html_text(path, raw)
    else:
        text, found = decode_article(path, raw, str(path)), {}
    if not text.strip():
        raise CorpusError(path, "is empty; nothing to add")
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    guess = re.sub(r"^#+\s*", "", first) if len(first) <= 200 else ""
    return Prepared(path, kind, raw, text, found, guess)


def text_key(text: str) -> str:
    """What makes two articles "the same text": their words, whitespace aside."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def missing(prepared: Prepared, given: Mapping[str, str]) -> list[str]:
    """The required fields neither the flags nor the file give."""
    return [name for name in REQUIRED if not (given.get(name) or prepared.found.get(name))]


def metadata(prepared: Prepared, given: Mapping[str, str]) -> dict[str, str]:
    """Flags first, then what the file says; checked (``CorpusError`` naming the file)."""
    meta = {name: (given.get(name) or prepared.found.get(name) or "").strip() for name in FIELDS}
    meta["language"] = meta["language"] or "en"
    where = prepared.source
    for name in REQUIRED:
        if not meta[name]:
            raise CorpusError(
                where, f"no {name}; pass --{name} (on a terminal, dossier asks for it)"
            )
    published = parse_date(meta["published"])
    if published is None:
        raise CorpusError(
            where, f"published {meta['published']!r} is not a date; pass --published 2020-07-02"
        )
    meta["published"] = published.isoformat()
    if meta["url"] and not re.match(r"^https?://\S+$", meta["url"]):
        raise CorpusError(where, f"url {meta['url']!r} must start with http:// or https://")
    if not LANGUAGE_PATTERN.match(meta["language"]):
        raise CorpusError(where, f"language {meta['language']!r} is not a tag such as 'en'")
    return meta


def _slug(text: str, words: int) -> str:
    parts = re.findall(r"[a-z0-9]+", text.lower())
    return "-".join(parts[:words])


def new_id(meta: Mapping[str, str], taken: set[str]) -> str:
    """``outlet-date-first-words-of-title``, unique in the corpus."""
    day = str(day_of(parse_date(meta["published"]) or dt.date.today()))
    base = "-".join(p for p in (_slug(meta["outlet"], 3), day, _slug(meta["title"], 5)) if p)
    base = base[:100].rstrip("-") or "article"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _entry(
    article_id: str, file: str, original: str | None, meta: Mapping[str, str], source: Path
) -> str:
    today = dt.date.today()
    published = parse_date(meta["published"])
    lines = [
        "",
        "[[article]]",
        f"# added by dossier add on {today.isoformat()} from {toml_string(source.name)[1:-1]}",
        f"id = {toml_string(article_id)}",
        f"file = {toml_string(file)}",
    ]
    if original:
        lines.append(f"original = {toml_string(original)}")
    lines += [
        f"outlet = {toml_string(meta['outlet'])}",
        f"title = {toml_string(meta['title'])}",
        f"author = {toml_string(meta['author'])}",
        f"published = {meta['published']}",
        'published_precision = "exact"',
        f"url = {toml_string(meta['url'])}",
        f"language = {toml_string(meta['language'])}",
    ]
    if published is not None and day_of(published) <= today:
        lines.append(f"accessed = {today.isoformat()}")
    return "\n".join(lines) + "\n"


def corpus_to_grow(corpus_dir: Path) -> tuple[Path, bool]:
    """The corpus that adding to (or annotating) ``corpus_dir`` writes to, and
    whether it was just made.

    Never the bundled corpus, which ships with dossier: the first time, it is
    copied to :func:`~store.paths.user_corpus_dir` (its evidence tray too),
    which dossier opens by default from then on. Any other corpus is itself.
    """
    from ..paths import bundled_corpus_dir, tray_path, user_corpus_dir

    if corpus_dir.resolve() != bundled_corpus_dir().resolve():
        return corpus_dir, False
    mine = user_corpus_dir()
    if (mine / ARTICLES_FILE).is_file():
        return mine, False
    _copy_into_place(bundled_corpus_dir(), mine)
    old_tray, new_tray = tray_path(bundled_corpus_dir()), tray_path(mine)
    if old_tray.is_file() and not new_tray.exists():
        new_tray.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(old_tray, new_tray)  # pins carry over
    return mine, True


def _copy_into_place(source: Path, target: Path) -> None:
    """Copy the directory ``source`` to ``target`` so that ``target`` is whole or absent.

    The copy is made beside the target under a temporary name and renamed into
    place, so an interrupted copy never leaves a partial corpus that would then
    be used silently (its claims gone). A partial copy left by an older dossier
    (a directory without ``articles.toml``) is moved aside, never deleted.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    for stale in target.parent.glob(f".{target.name}.copy-*"):
        pid = stale.name.rsplit("-", 2)[-2]
        if not (pid.isdigit() and process_running(int(pid))):
            shutil.rmtree(stale, ignore_errors=True)  # ours, from a copy that was killed
    if target.exists():
        aside = target.with_name(f"{target.name}.partial-{secrets.token_hex(4)}")
        os.replace(target, aside)
    temporary = target.with_name(f".{target.name}.copy-{os.getpid()}-{secrets.token_hex(4)}")
    try:
        shutil.copytree(source, temporary)
        os.replace(temporary, target)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise


def add(
    corpus_dir: Path,
    items: Sequence[tuple[Prepared, Mapping[str, str]]],
    *,
    then: Callable[[], object] | None = None,
) -> list[Added]:
    """Add prepared files with their (checked) metadata to the corpus.

    Refuses, changing nothing, when an article has the same text as one in
    the corpus (or as another being added). ``then`` (the rebuild of the
    store) runs once the files are written and read back; if it fails, the
    corpus is put back as it was and its error raised, so a corpus that no
    longer builds is never left behind.
    """
    root = corpus_dir.resolve()
    corpus = read_corpus(root)
    known = {text_key(a.text): a for a in corpus.articles}
    taken = {a.id for a in corpus.articles} | set(corpus.listed_ids or ())
    adding: dict[str, Path] = {}
    for prepared, _ in items:
        key = text_key(prepared.text)
        if key in known:
            same = known[key]
            raise CorpusError(
                prepared.source,
                f"the same text is already in the corpus as {same.id!r} ({same.file}); "
                "nothing was added",
            )
        if key in adding:
            raise CorpusError(
                prepared.source, f"the same text as {adding[key]}; give each article once"
            )
        adding[key] = prepared.source

    toml_path = root / ARTICLES_FILE
    before = toml_path.read_bytes()
    folder = root / "articles"
    written: list[Path] = []
    added: list[Added] = []
    entries: list[str] = []
    try:
        folder.mkdir(exist_ok=True)
        for prepared, meta in items:
            article_id = new_id(meta, taken | {p.stem for p in folder.iterdir()})
            taken.add(article_id)
            original = None
            if prepared.kind == "html":
                text_file = folder / f"{article_id}.txt"
                page = folder / f"{article_id}{prepared.source.suffix.lower()}"
                write_atomic(page, prepared.raw)
                written.append(page)
                write_atomic(text_file, prepared.text.encode("utf-8"))
                written.append(text_file)
                original = page.relative_to(root).as_posix()
            else:
                text_file = folder / f"{article_id}{prepared.source.suffix.lower()}"
                write_atomic(text_file, prepared.raw)  # unchanged, byte for byte, as read
                written.append(text_file)
            rel = text_file.relative_to(root).as_posix()
            entries.append(_entry(article_id, rel, original, meta, prepared.source))
            added.append(Added(article_id, rel, prepared.source, meta["title"]))
        head = before.decode("utf-8")
        if head and not head.endswith("\n"):
            head += "\n"
        write_atomic(toml_path, (head + "".join(entries)).encode("utf-8"))
        read_corpus(root)  # what was written must read back
        if then is not None:
            then()
    except BaseException:
        write_atomic(toml_path, before)
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return added
