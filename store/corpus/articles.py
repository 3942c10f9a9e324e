"""Read and validate a corpus directory.

Stage one of the ingest pipeline (**read** → segment → classify → ...). A
corpus is a directory holding ``articles.toml`` and the article files it lists
(by convention under ``articles/``). This module turns it into
:class:`ArticleSource` values, or into :class:`~store.errors.CorpusError`\\ s
that name the file and line and say what to do. It reports every problem it
can find at once, so ``dossier check`` can list them all.

Article files are decoded as strict UTF-8 with line endings untouched, so the
offsets computed later are offsets into the file as it is on disk.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import stat
import time
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..dates import parse_date
from ..errors import CorpusError, CorpusErrors, CorpusSyntaxError
from ..model import PUBLICATION_PRECISIONS
from ..words import did_you_mean, in_parentheses
from .toml_lines import TomlLocator

ARTICLES_FILE = "articles.toml"
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,119}$")
LANGUAGE_PATTERN = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")

ARTICLE_FIELDS = {
    "id": "stable identifier",
    "file": "path of the text relative to the corpus",
    "outlet": "publication",
    "title": "headline",
    "author": "byline, '' when unknown",
    "published": "ISO date or datetime",
    "published_precision": "'exact' or 'estimated'",
    "published_range": "[earliest, latest] for an estimated date",
    "published_note": "how an estimated date was inferred",
    "url": "original page, '' when unknown",
    "language": "language tag such as 'en'",
    "accessed": "ISO date the text was taken from its page",
    "original": "the saved page the text was extracted from (kept unchanged)",
}
REQUIRED = ("id", "file", "outlet", "title", "published")


@dataclass(frozen=True, slots=True)
class ArticleSource:
    """One validated ``[[article]]`` entry with its file's text."""

    id: str
    file: str
    path: Path
    outlet: str
    title: str
    author: str | None
    published: dt.date
    published_precision: str
    published_range: tuple[dt.date, dt.date] | None
    published_note: str | None
    url: str | None
    language: str
    accessed: dt.date | None
    text: str
    sha256: str
    line: int
    """Line of the ``[[article]]`` header in ``articles.toml``."""


@dataclass(frozen=True, slots=True)
class Corpus:
    """A corpus directory, read and validated."""

    root: Path
    articles: tuple[ArticleSource, ...]
    fingerprint: str
    stamps: tuple[Stamp, ...] = ()
    """Each corpus file's size and modification time when read
    (:func:`store.query.freshness.stamps_match`)."""
    listed_ids: frozenset[str] | None = frozenset()
    """Every id ``articles.toml`` lists, valid or not (for checking references);
    ``None`` when the file could not be read at all, so that nothing is reported
    as referring to an unknown article because of one syntax error."""


def _not_a_file(path: Path) -> str | None:
    """Why ``path`` is not a regular file, as words to put after it (``None`` if it
    is one); found from its status alone (a pipe is never opened)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "does not exist in the corpus; fix the path"
    except OSError as exc:
        return f"cannot be read ({exc.strerror}); fix it or remove it"
    if stat.S_ISDIR(mode):
        return "is a directory, not a file; give the saved page's file"
    if not stat.S_ISREG(mode):
        return "is not a regular file (a pipe or a device); give the saved page's file"
    return None


class Unreadable(Exception):
    """Why a path cannot be read as a file, as words to put after the path."""


def read_regular_file(path: Path) -> bytes:
    """The bytes of the regular file at ``path``; :class:`Unreadable` says why not.

    Opened without blocking and checked after opening, so that a FIFO or a
    device where a file should be is an error, not a hang or an endless read.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise Unreadable("not found") from None
    except IsADirectoryError:
        raise Unreadable("is a directory, not a file") from None
    except PermissionError:
        raise Unreadable("cannot be read (permission denied); fix its permissions") from None
    except OSError as exc:
        raise Unreadable(f"cannot be read ({exc.strerror})") from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise Unreadable("is a directory, not a file")
        if not stat.S_ISREG(mode):
            raise Unreadable("is not a regular file (a pipe or a device); use a text file")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read()
    except OSError as exc:
        raise Unreadable(f"cannot be read ({exc.strerror})") from None
    finally:
        os.close(fd)


#: A UTF-8 byte-order mark, which some editors put at the top of a file.
BOM = "\ufeff"


def load_toml(path: Path) -> tuple[dict[str, Any], TomlLocator]:
    """Parse a TOML file, turning syntax errors into ``file:line`` errors."""
    try:
        raw = read_regular_file(path)
    except Unreadable as why:
        if not path.exists() and not path.is_symlink():
            raise CorpusError(path, "not found; a corpus needs this file (see README)") from None
        raise CorpusError(path, f"{why}; fix it") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad_line = raw[: exc.start].count(b"\n") + 1
        raise CorpusSyntaxError(path, "not valid UTF-8; save it as UTF-8", bad_line) from None
    # A byte-order mark is no TOML, but editors write one: read past it (it
    # is on line 1 and takes no line, so every line number stays right).
    text = text.removeprefix(BOM)
    try:
        data = tomllib.loads(text)
    except RecursionError:
        raise CorpusSyntaxError(
            path, "nests tables or arrays too deeply to read; flatten it", None
        ) from None
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = re.search(r"\(at line (\d+), column \d+\)", message)
        line = int(found.group(1)) if found else None
        reason = re.sub(r"\s*\(at (?:line \d+, column \d+|end of document)\)", "", message)
        raise CorpusSyntaxError(path, f"invalid TOML: {reason}; fix the syntax", line) from None
    return data, TomlLocator(text)


def day_of(value: dt.date) -> dt.date:
    """The calendar day of a date or datetime."""
    return value.date() if isinstance(value, dt.datetime) else value


def corpus_files(root: Path) -> list[Path]:
    """The files a corpus consists of: its ``*.toml`` and the articles they list.

    Read leniently: a broken ``articles.toml`` still yields the TOML files, so
    the fingerprint changes when it is fixed.
    """
    files = {p for p in root.glob("*.toml") if p.is_file()}
    try:
        text = read_regular_file(root / ARTICLES_FILE).decode("utf-8").removeprefix(BOM)
        data = tomllib.loads(text)
    except (Unreadable, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        data = {}
    entries = data.get("article", [])
    for entry in entries if isinstance(entries, list) else []:
        for name in ("file", "original"):
            rel = entry.get(name) if isinstance(entry, dict) else None
            if isinstance(rel, str) and rel.strip():
                path = inside(root, rel)
                if path is not None and _is_file_or_unreadable(path):
                    files.add(root / rel)
    return sorted(files)


def _missing(path: Path) -> bool:
    """True when nothing is at ``path``; one that cannot be looked at (no
    permission on a directory on the way) is not missing: reading it says why."""
    try:
        path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return True
    except OSError:
        return False
    return False


def _is_file_or_unreadable(path: Path) -> bool:
    """A file, or a path that cannot even be looked at (a directory without
    permission on the way): reading it will say why, in its place."""
    try:
        return path.is_file()
    except OSError:
        return True


def inside(root: Path, rel: str) -> Path | None:
    """``root / rel`` with every link followed, or ``None`` when that leaves the corpus.

    An article path must stay inside the corpus directory: ``../../etc/passwd``,
    an absolute path, or a link pointing outside would put any file of the
    machine into the store, and into citations.
    """
    top = root.resolve()
    try:
        path = (top / rel).resolve()
    except (OSError, RuntimeError, ValueError):  # a loop of links, a NUL byte
        return None
    return path if path.is_relative_to(top) else None


#: A file changed this recently (nanoseconds) may change again within the same
#: tick of its modification time: its stamp is not trusted (as git does).
RACY_NS = 2_000_000_000

#: ``(name, size, mtime_ns)`` of a corpus file when it was read; ``mtime_ns`` is
#: -1 when it cannot be trusted.
Stamp = tuple[str, int, int]


def corpus_fingerprint(root: Path, stamps: list[Stamp] | None = None) -> str:
    """SHA-256 over the names and bytes of every file of the corpus.

    Any change to an article or an annotation file changes the fingerprint,
    which makes a store built from the old corpus stale. ``stamps`` receives
    each file's size and modification time, taken before it is read, so that
    a later check can tell an unchanged corpus without reading it
    (:func:`store.query.freshness.stamps_match`).
    """
    digest = hashlib.sha256()
    now = time.time_ns()
    for path in corpus_files(root):
        name = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        digest.update(name.encode())
        digest.update(b"\0")
        try:
            info = path.stat()
        except OSError:
            info = None
        try:
            digest.update(hashlib.sha256(read_regular_file(path)).digest())
        except Unreadable:
            digest.update(b"unreadable")  # reading the corpus will say why
            info = None
        if stamps is not None:
            racy = info is None or info.st_mtime_ns > now - RACY_NS
            size = info.st_size if info is not None else -1
            stamps.append((name, size, -1 if racy else info.st_mtime_ns))  # type: ignore[union-attr]
    return digest.hexdigest()


def _suggest(name: str, choices: Iterable[str]) -> str:
    return in_parentheses(did_you_mean(name, choices))


def decode_article(path: Path, raw: bytes, display: str) -> str:
    """Strict UTF-8, line endings untouched; an error names the line."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CorpusError(
            display, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8", line
        ) from None


def _validate(
    root: Path, entry: Any, index: int, where: TomlLocator, display: str, errors: list[CorpusError]
) -> ArticleSource | None:
    base = ("article", index)
    line = where.line(base)

    def err(message: str, key: str | None = None) -> None:
        errors.append(CorpusError(display, message, where.line(base + (key,)) if key else line))

    if not isinstance(entry, dict):
        err("each article must be a [[article]] table")
        return None
    before = len(errors)
    for key in entry:
        if key not in ARTICLE_FIELDS:
            err(f"unknown field {key!r}{_suggest(key, ARTICLE_FIELDS)}; remove or rename it", key)
    for key in REQUIRED:
        if key not in entry:
            err(f"article is missing {key!r} ({ARTICLE_FIELDS[key]}); add it")
    for key in (
        "id",
        "file",
        "outlet",
        "title",
        "author",
        "url",
        "language",
        "published_note",
        "original",
    ):
        if key in entry and not isinstance(entry[key], str):
            err(f"{key!r} must be a string in quotes", key)
    if len(errors) > before:
        return None

    article_id = entry["id"]
    if not ID_PATTERN.match(article_id):
        err(
            f"id {article_id!r} must be lowercase letters, digits and hyphens "
            "(e.g. 'voa-2020-06-30-release')",
            "id",
        )
    for key in ("outlet", "title"):
        if not entry[key].strip():
            err(f"{key!r} is empty; give the article's {ARTICLE_FIELDS[key]}", key)

    published = parse_date(entry["published"])
    if published is None:
        err(
            f"published {entry['published']!r} is not a date; write an ISO date such as 2020-06-30",
            "published",
        )
    precision = entry.get("published_precision", "exact")
    if precision not in PUBLICATION_PRECISIONS:
        err(
            f"published_precision must be 'exact' or 'estimated', not {precision!r}",
            "published_precision",
        )
    period: tuple[dt.date, dt.date] | None = None
    if "published_range" in entry:
        raw = entry["published_range"]
        parsed = [parse_date(v) for v in raw] if isinstance(raw, list) else []
        dates = [day_of(d) for d in parsed if d is not None]
        if len(parsed) != 2 or len(dates) != 2:
            err("published_range must be [earliest, latest] ISO dates", "published_range")
        else:
            lo, hi = dates
            if lo > hi:
                err(
                    "published_range runs backwards; put the earliest date first", "published_range"
                )
            elif precision == "exact":
                err(
                    "published_range is only for estimated dates; set "
                    'published_precision = "estimated" or remove the range',
                    "published_range",
                )
            elif published is not None:
                day = day_of(published)
                if not lo <= day <= hi:
                    err(
                        f"published {day} lies outside published_range [{lo}, {hi}]",
                        "published_range",
                    )
            period = (lo, hi)
    url = entry.get("url", "")
    if url and not re.match(r"^https?://\S+$", url):
        err(f"url {url!r} must start with http:// or https://", "url")
    language = entry.get("language", "en")
    if not LANGUAGE_PATTERN.match(language):
        err(f"language {language!r} is not a language tag such as 'en' or 'ar'", "language")
    accessed: dt.date | None = None
    if "accessed" in entry:
        when = parse_date(entry["accessed"])
        if when is None:
            err(
                f"accessed {entry['accessed']!r} is not a date; write an ISO date such as "
                "2020-07-02",
                "accessed",
            )
        else:
            accessed = day_of(when)
            if published is not None and accessed < day_of(published):
                err(f"accessed {accessed} is before published {day_of(published)}", "accessed")

    original = entry.get("original", "")
    if original:
        kept = inside(root, original)
        if kept is None:
            err(
                f"original {original!r} is outside the corpus; keep the saved page in the "
                "corpus directory and give its path relative to it",
                "original",
            )
        else:
            problem = _not_a_file(kept)
            if problem:
                err(f"original {original!r} {problem}", "original")
    rel = entry["file"]
    path = inside(root, rel) if rel.strip() else None
    text = ""
    sha = ""
    if not rel.strip():
        err("'file' is empty; give the article's path relative to the corpus", "file")
    elif path is None:
        err(
            f"file {rel!r} is outside the corpus; keep articles in the corpus directory "
            "(e.g. articles/) and give their paths relative to it",
            "file",
        )
    elif _missing(path):
        err(f"file {rel!r} does not exist in {root}; fix the path or add the file", "file")
    else:
        try:
            raw_bytes = read_regular_file(path)
            sha = hashlib.sha256(raw_bytes).hexdigest()
            text = decode_article(path, raw_bytes, str(root / rel))
        except Unreadable as why:
            also = "" if ";" in str(why) else "; fix it or remove the article"
            err(f"file {rel!r} {why}{also}", "file")
        except CorpusError as exc:
            errors.append(exc)
        else:
            if not text.strip():
                err(f"file {rel!r} has no text; give the article its text or remove it", "file")
    if len(errors) > before:
        return None
    assert published is not None and path is not None
    return ArticleSource(
        id=article_id,
        file=rel,
        path=path,
        outlet=entry["outlet"].strip(),
        title=entry["title"].strip(),
        author=entry.get("author", "").strip() or None,
        published=published,
        published_precision=precision,
        published_range=period,
        published_note=entry.get("published_note", "").strip() or None,
        url=url or None,
        language=language,
        accessed=accessed,
        text=text,
        sha256=sha,
        line=line,
    )


def read_articles(
    root: Path, errors: list[CorpusError], listed: set[str] | None = None
) -> tuple[ArticleSource, ...] | None:
    """The valid articles of ``articles.toml``; problems are appended to ``errors``.

    ``listed`` receives every id the file lists, valid or not. ``None`` when
    the file itself cannot be read (missing, unreadable, not TOML).
    """
    toml_path = root / ARTICLES_FILE
    display = str(toml_path)
    try:
        data, where = load_toml(toml_path)
    except CorpusError as exc:
        errors.append(exc)
        return None
    for key in data:
        if key != "article":
            errors.append(
                CorpusError(
                    display,
                    f"unknown table {key!r}; articles are [[article]] tables",
                    where.line((key,)),
                )
            )
    entries = data.get("article", [])
    if not isinstance(entries, list):
        errors.append(CorpusError(display, "'article' must be written as [[article]] tables", 1))
        return ()
    articles: list[ArticleSource] = []
    seen_ids: dict[str, int] = {}
    seen_files: dict[Path, int] = {}
    for index, entry in enumerate(entries):
        if listed is not None and isinstance(entry, dict) and isinstance(entry.get("id"), str):
            listed.add(entry["id"])
        source = _validate(root, entry, index, where, display, errors)
        if source is None:
            continue
        line_id = where.line(("article", index, "id"))
        if source.id in seen_ids:
            errors.append(
                CorpusError(
                    display,
                    f"duplicate id {source.id!r} (first used on line "
                    f"{seen_ids[source.id]}); give each article its own id",
                    line_id,
                )
            )
            continue
        if source.path in seen_files:
            errors.append(
                CorpusError(
                    display,
                    f"file {source.file!r} is already listed on line "
                    f"{seen_files[source.path]}; list each file once",
                    where.line(("article", index, "file")),
                )
            )
            continue
        seen_ids[source.id] = line_id
        seen_files[source.path] = where.line(("article", index, "file"))
        articles.append(source)
    return tuple(articles)


def read_corpus(root: Path | str, errors: list[CorpusError] | None = None) -> Corpus:
    """Read and validate the corpus at ``root``.

    Without ``errors``, any problem raises (:class:`CorpusError` for one,
    :class:`CorpusErrors` for several). With ``errors``, problems with the
    articles are appended there and the valid articles are returned, so that
    checking can go on; a missing corpus directory always raises.
    """
    root = Path(root).expanduser()
    if not root.is_dir():
        raise CorpusError(
            root,
            "corpus directory not found; pass --corpus DIR or set "
            "DOSSIER_CORPUS to a directory holding articles.toml",
        )
    root = root.resolve()
    found: list[CorpusError] = []
    listed: set[str] = set()
    stamps: list[Stamp] = []
    read = read_articles(root, found, listed)
    articles = read or ()
    if not articles and not found:
        found.append(
            CorpusError(root / ARTICLES_FILE, "lists no articles; add an [[article]] table")
        )
    if errors is not None:
        errors.extend(found)
    elif found:
        raise found[0] if len(found) == 1 else CorpusErrors(found)
    return Corpus(
        root=root,
        articles=articles,
        fingerprint=corpus_fingerprint(root, stamps),
        stamps=tuple(stamps),
        listed_ids=None if read is None else frozenset(listed),
    )
