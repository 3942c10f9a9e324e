"""The search index: built with the store, loaded when a catalog opens.

The TinyDB tables stay the canonical data; this is derived from them, for
speed. It is one binary file beside the store (``<store>.index``), written
atomically like the store and tagged with the store's build id, so a stale or
missing index is noticed and rebuilt from the store instead of being trusted.

What it holds, for every searchable document (entities, events, articles, and
paragraphs other than page furniture and repeats):

* an **inverted index**: for each term, the sorted list of documents (and the
  field: name, alias, metadata, text) it occurs in, as one flat ``uint32``
  array sliced by term;
* the **sorted vocabulary**, for prefix search by bisection;
* **variant tables** mapping a key to the terms that have it, as sorted arrays
  of ``crc32(key) << 32 | term``: deletion neighbourhoods (for typos, the
  SymSpell method: a term within *k* edits of a query word shares a string
  with it after at most *k* deletions on each side), light stems, and consonant
  skeletons of names.

Everything is arrays of integers and one list of strings, so loading is a few
slices of one ``bytes`` object: no parsing of millions of small objects.
Documents are numbered in a fixed order of prior importance (entities, events,
articles, then reporting paragraphs, captions, comments), so that scanning a
posting list from the start meets the likeliest answers first.
"""

from __future__ import annotations

import os
import re
import struct
import zlib
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import orjson

from .fold import fold
from .persist import write_atomic
from .searchtext import STOPWORDS, normalise_word, skeleton, stem

FORMAT_VERSION = 1
MAGIC = b"DOSSIERIDX"

#: Fields a term can occur in, best first.
NAME, ALIAS, META, TEXT = 0, 1, 2, 3
FIELD_NAMES = ("name", "alias", "metadata", "text")

#: Kinds of document and their prior rank (lower is better).
KINDS = ("entity", "event", "article", "paragraph")
#: Paragraph kinds that are searchable, with their prior (reporting first).
PARAGRAPH_PRIOR = {"body": 0, "summary": 0, "caption": 1, "credit": 2, "reader-comment": 3}

_WORD = re.compile(r"\w+(?:['\-]\w+)*")
_PART = re.compile(r"\w+(?:'\w+)*")


@dataclass(frozen=True, slots=True)
class SearchDoc:
    """A document to index: its kind, id, prior and the text of each field."""

    kind: str
    id: str
    prior: int
    fields: tuple[tuple[int, str], ...]
    """``(field, text)`` pairs."""


def terms_of(text: str) -> tuple[set[str], set[str]]:
    """The distinct terms of ``text``, and those of them written capitalised."""
    found: set[str] = set()
    capitalised: set[str] = set()
    folded = fold(text)
    for match in _WORD.finditer(folded):
        word = match.group()
        parts = word.split("-") if "-" in word else [word]
        meaningful = []
        for part in parts:
            term = normalise_word(part)
            if not term:
                continue
            found.add(term)
            if term not in ("al", "el", "ul"):
                meaningful.append(term)
        if len(meaningful) > 1:
            joined = "".join(meaningful)
            if len(joined) <= 40:
                found.add(joined)
        start = match.start()
        if text[start].isupper():
            capitalised.update(normalise_word(p) for p in parts)
    found -= STOPWORDS
    return found, capitalised & found


def deletes(term: str, depth: int) -> set[str]:
    """Every string obtained from ``term`` by deleting up to ``depth`` characters."""
    level = {term}
    found = {term}
    for _ in range(depth):
        level = {w[:i] + w[i + 1 :] for w in level for i in range(len(w))}
        found |= level
    return found


def delete_depth(term: str) -> int:
    """How deep a term's deletion neighbourhood must go.

    Query words of 5 to 8 letters may carry one typo and longer ones two, so
    a term of 4 to 6 letters can be one edit from a query word and a longer
    one two edits.
    """
    if not term.isalpha() or len(term) < 4:
        return 0
    return 1 if len(term) <= 6 else 2


def _key(text: str) -> int:
    return zlib.crc32(text.encode())


def _pairs(entries: Iterable[tuple[str, int]]) -> array[int]:
    packed = sorted(_key(key) << 32 | term for key, term in entries)
    return array("Q", packed)


def lookup(table: Sequence[int], key: str) -> list[int]:
    """Terms stored under ``key`` in a variant table (may include hash collisions)."""
    h = _key(key) << 32
    lo = bisect_left(table, h)
    hi = bisect_left(table, h + (1 << 32), lo)
    return [table[i] & 0xFFFFFFFF for i in range(lo, hi)]


class SearchIndex:
    """Postings, vocabulary and variant tables of one store."""

    def __init__(
        self,
        *,
        build_id: str,
        vocabulary: list[str],
        offsets: Sequence[int],
        postings: Sequence[int],
        deletions: Sequence[int],
        stems: Sequence[int],
        skeletons: Sequence[int],
        doc_kinds: Sequence[int],
        doc_priors: Sequence[int],
        doc_ids: list[str],
    ) -> None:
        self.build_id = build_id
        self.vocabulary = vocabulary
        self.offsets = offsets
        self.postings = postings
        self.deletions = deletions
        self.stems = stems
        self.skeletons = skeletons
        self.doc_kinds = doc_kinds
        self.doc_priors = doc_priors
        self.doc_ids = doc_ids
        self._term_ids: dict[str, int] | None = None

    # Building ----------------------------------------------------------

    @classmethod
    def build(cls, docs: Iterable[SearchDoc], build_id: str) -> SearchIndex:
        """Index ``docs`` in the order given (their order is their prior rank)."""
        postings: dict[str, array[int]] = {}
        capitalised: set[str] = set()
        kinds = array("B")
        priors = array("B")
        ids: list[str] = []
        for number, doc in enumerate(docs):
            kinds.append(KINDS.index(doc.kind))
            priors.append(min(doc.prior, 255))
            ids.append(doc.id)
            best: dict[str, int] = {}
            for field, text in doc.fields:
                found, caps = terms_of(text)
                capitalised |= caps
                for term in found:
                    if field < best.get(term, 4):
                        best[term] = field
            for term, field in best.items():
                bucket = postings.get(term)
                if bucket is None:
                    bucket = postings[term] = array("I")
                bucket.append(number << 2 | field)
        vocabulary = sorted(postings)
        offsets = array("Q", [0])
        flat = array("I")
        for term in vocabulary:
            flat.extend(postings[term])
            offsets.append(len(flat))
        del postings
        term_ids = {t: i for i, t in enumerate(vocabulary)}
        deletions = _pairs(
            (variant, term_ids[t])
            for t in vocabulary
            for variant in deletes(t, delete_depth(t))
            if delete_depth(t)
        )
        stems = _pairs((stem(t), term_ids[t]) for t in vocabulary if stem(t) != t)
        skeletons = _pairs(
            (key, term_ids[t])
            for t in vocabulary
            if t in capitalised and (key := skeleton(t)) is not None
        )
        return cls(
            build_id=build_id,
            vocabulary=vocabulary,
            offsets=offsets,
            postings=flat,
            deletions=deletions,
            stems=stems,
            skeletons=skeletons,
            doc_kinds=kinds,
            doc_priors=priors,
            doc_ids=ids,
        )

    # Reading -------------------------------------------------------------

    def term_id(self, term: str) -> int | None:
        """The id of a term in the vocabulary, or ``None``."""
        if self._term_ids is None:
            i = bisect_left(self.vocabulary, term)
            if i < len(self.vocabulary) and self.vocabulary[i] == term:
                return i
            return None
        return self._term_ids.get(term)

    def prefixed(self, prefix: str) -> range:
        """Ids of the terms that start with ``prefix``."""
        lo = bisect_left(self.vocabulary, prefix)
        hi = bisect_right(self.vocabulary, prefix + "\U0010ffff", lo)
        return range(lo, hi)

    def postings_of(self, term_id: int) -> Sequence[int]:
        """The posting list of a term: ``doc << 2 | field``, ascending."""
        return self.postings[self.offsets[term_id] : self.offsets[term_id + 1]]

    def frequency(self, term_id: int) -> int:
        """How many documents contain the term."""
        return self.offsets[term_id + 1] - self.offsets[term_id]

    @property
    def document_count(self) -> int:
        """How many documents are indexed."""
        return len(self.doc_ids)

    # Storing ---------------------------------------------------------------

    def to_bytes(self) -> bytes:
        """The index as one binary blob (see :meth:`from_bytes`)."""
        sections: list[tuple[str, bytes]] = [
            ("vocabulary", "\n".join(self.vocabulary).encode()),
            ("offsets", array("Q", self.offsets).tobytes()),
            ("postings", array("I", self.postings).tobytes()),
            ("deletions", array("Q", self.deletions).tobytes()),
            ("stems", array("Q", self.stems).tobytes()),
            ("skeletons", array("Q", self.skeletons).tobytes()),
            ("doc_kinds", array("B", self.doc_kinds).tobytes()),
            ("doc_priors", array("B", self.doc_priors).tobytes()),
            ("doc_ids", "\n".join(self.doc_ids).encode()),
        ]
        layout = {}
        position = 0
        for name, blob in sections:
            pad = (-position) % 8  # keep every array aligned for memoryview.cast
            position += pad
            layout[name] = [position, len(blob)]
            position += len(blob)
        header = orjson.dumps(
            {"format": FORMAT_VERSION, "build_id": self.build_id, "sections": layout}
        )
        out = bytearray(MAGIC + struct.pack("<I", len(header)) + header)
        out += b"\0" * ((-len(out)) % 8)
        base = len(out)
        for name, blob in sections:
            start = base + layout[name][0]
            out += b"\0" * (start - len(out))
            out += blob
        return bytes(out)

    @classmethod
    def from_bytes(cls, data: bytes) -> SearchIndex:
        """Load an index written by :meth:`to_bytes`; ``ValueError`` if it is not one."""
        if not data.startswith(MAGIC):
            raise ValueError("not a dossier search index")
        (length,) = struct.unpack_from("<I", data, len(MAGIC))
        head_end = len(MAGIC) + 4 + length
        header = orjson.loads(data[len(MAGIC) + 4 : head_end])
        if header.get("format") != FORMAT_VERSION:
            raise ValueError("search index of another format")
        base = head_end + (-head_end) % 8
        view = memoryview(data)

        def section(name: str) -> memoryview:
            start, size = header["sections"][name]
            return view[base + start : base + start + size]

        def strings(name: str) -> list[str]:
            raw = bytes(section(name)).decode()
            return raw.split("\n") if raw else []

        return cls(
            build_id=header["build_id"],
            vocabulary=strings("vocabulary"),
            offsets=section("offsets").cast("Q"),
            postings=section("postings").cast("I"),
            deletions=section("deletions").cast("Q"),
            stems=section("stems").cast("Q"),
            skeletons=section("skeletons").cast("Q"),
            doc_kinds=section("doc_kinds").cast("B"),
            doc_priors=section("doc_priors").cast("B"),
            doc_ids=strings("doc_ids"),
        )

    def save(self, path: Path) -> int:
        """Write the index atomically; returns its size in bytes."""
        payload = self.to_bytes()
        write_atomic(path, payload)
        return len(payload)

    @classmethod
    def load(cls, path: Path) -> SearchIndex:
        """Read an index file; ``OSError`` or ``ValueError`` if it cannot be used."""
        with open(path, "rb") as handle:
            return cls.from_bytes(handle.read())


def index_path(db_path: Path) -> Path:
    """Where the index of the store at ``db_path`` lives."""
    return db_path.with_name(db_path.name + ".index")


def iter_terms(text: str) -> Iterator[str]:
    """Terms of ``text`` in order (for tests and tools)."""
    found, _ = terms_of(text)
    yield from sorted(found)


def remove_index(db_path: Path) -> None:
    """Delete the index of a store, if any (tests use this)."""
    try:
        os.unlink(index_path(db_path))
    except FileNotFoundError:
        pass
