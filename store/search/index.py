"""The search index: built with the store, loaded when a catalog opens.

The TinyDB tables stay the canonical data; this is derived from them, for
speed. It is one binary file beside the store (``<store>.index``), written
atomically right after the store, and it records the store's build id, size
and modification time: an index that does not belong to the store beside it
is noticed and rebuilt from the store instead of being trusted.

It holds everything a search answer shows (titles, field texts, snippets'
sources), so a catalog can answer searches as soon as this file is read,
without parsing the TinyDB tables; they are read on first need.

What it holds, for every searchable document (entities, events, articles, and
paragraphs other than page furniture and repeats):

* an **inverted index**: for each term, the sorted list of documents it occurs
  in, as one flat ``uint32`` array sliced by term, and beside it the field
  (name, alias, metadata, text) of each posting as a ``uint8`` array;
* the **sorted vocabulary**, for prefix search by bisection;
* **variant tables** mapping a key to the terms that have it, as sorted arrays
  of ``crc32(key) << 32 | term``: for typos, short terms under their deletion
  neighbourhood (the SymSpell method: a term one edit from a query word shares
  a string with it after one deletion on each side) and long terms under
  their segments (the pigeonhole method: a few edits leave one segment
  intact); light stems; consonant skeletons of names.

* the **documents**: kind, prior rank, id, and a small JSON record each (title,
  context, article, paragraph kind, field texts), decoded only when shown.

Everything is arrays of integers, one list of terms and one of ids, so
loading is a few slices of one ``bytes`` object: no parsing of millions of
small objects.
Documents are numbered in a fixed order of prior importance (entities, events,
articles, then reporting paragraphs, captions, comments), so that scanning a
posting list from the start meets the likeliest answers first. The searcher
relies on it: when kinds come in that order and priors never decrease within
a kind (it checks, in C, when an index is first searched), documents that
tie on words and corrections rank in the order of their numbers, and a walk
in that order may stop early. A paragraph's only field is its text.
"""

from __future__ import annotations

import re
import struct
import zlib
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import orjson

from ..fold import fold
from ..model import HIT_KINDS
from ..persist import write_atomic
from ..schema import INDEX_MAGIC
from .text import STOPWORDS, normalise_word, skeleton, stem

FORMAT_VERSION = 2
MAGIC = INDEX_MAGIC

#: Fields a term can occur in, best first.
NAME, ALIAS, META, TEXT = 0, 1, 2, 3
FIELD_NAMES = ("name", "alias", "metadata", "text")

#: Kinds of document and their prior rank (lower is better).
KINDS = HIT_KINDS
#: Paragraph kinds that are searchable, with their prior (reporting first).
PARAGRAPH_PRIOR = {"body": 0, "summary": 0, "caption": 1, "credit": 2, "reader-comment": 3}


class SearchRecord(NamedTuple):
    """What the index keeps of a document to show it as a hit (stored as a JSON array)."""

    title: str
    """The hit's title."""
    context: str
    """Shown after the matched name in a snippet."""
    article_id: str | None
    """The article of a paragraph (or the article itself)."""
    paragraph_kind: str | None
    """A paragraph's kind."""
    fields: list[tuple[int, str]]
    """``(field, text)`` pairs: the searchable text, field by field."""

    @classmethod
    def decode(cls, raw: bytes | memoryview) -> SearchRecord:
        """The record stored as ``raw``."""
        title, context, article_id, paragraph_kind, fields = orjson.loads(raw)
        return cls(title, context, article_id, paragraph_kind, [(f, t) for f, t in fields])


@dataclass(frozen=True, slots=True)
class SearchDoc:
    """A document to index: what it is, the text of each field, how to show it."""

    kind: str
    id: str
    prior: int
    fields: tuple[tuple[int, str], ...]
    """``(field, text)`` pairs."""
    title: str = ""
    """The hit's title."""
    context: str = ""
    """Shown after the matched name in a snippet (a description, a date)."""
    article_id: str | None = None
    paragraph_kind: str | None = None

    def record(self) -> bytes:
        """What the index keeps to show this document as a hit (a :class:`SearchRecord`)."""
        kept = SearchRecord(
            self.title, self.context, self.article_id, self.paragraph_kind, list(self.fields)
        )
        return orjson.dumps(list(kept))


_WORDS = re.compile(r"\w+(?:'\w+)*")
_CAPITALISED = re.compile(r"(?<![\w'’])[A-Z]\w*(?:['’]\w+)*")


def _normalised(words: set[str]) -> set[str]:
    """Folded words as terms; only the few with an apostrophe need work."""
    marked = {w for w in words if "'" in w}
    if not marked:
        return words
    return (words - marked) | {normalise_word(w) for w in marked}


def terms_of(text: str) -> tuple[set[str], set[str]]:
    """The distinct terms of ``text``, and those of them written capitalised.

    The same terms as :func:`store.searchtext.tokens` gives, computed on
    distinct words only: indexing calls this for every field of every
    document, so it folds the text once and leaves the scanning to regular
    expressions.
    """
    folded = fold(text)
    found = _normalised(set(_WORDS.findall(folded)))
    capitalised = _normalised({fold(w) for w in _CAPITALISED.findall(text)})
    if "-" in folded:
        for chunk in {c for c in folded.split() if "-" in c}:
            parts = [normalise_word(p) for p in _WORDS.findall(chunk)]
            meaningful = [p for p in parts if p and p not in ("al", "el", "ul")]
            if len(meaningful) > 1:
                joined = "".join(meaningful)
                if len(joined) <= 40:
                    found.add(joined)
    found.discard("")
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


#: Terms this long are found with typos through their deletion neighbourhood.
SHORT_TERMS = range(4, 9)
#: Terms at least this long are found through their segments.
LONG_TERM = 9
SEGMENTS = 4


def segment_bounds(length: int) -> list[tuple[int, int]]:
    """Where a term of ``length`` letters is cut into :data:`SEGMENTS` parts."""
    cuts = [round(i * length / SEGMENTS) for i in range(SEGMENTS + 1)]
    return list(zip(cuts, cuts[1:], strict=False))


def segment_keys(term: str) -> list[str]:
    """The keys a long term is filed under: its length, a segment's place and text.

    A word within *k* edits of the term leaves at least one of the
    :data:`SEGMENTS` segments intact (the pigeonhole principle: up to three
    single-character edits, or one swap of two letters and one more edit),
    shifted by at most the number of edits.
    """
    length = len(term)
    return [f"{length}|{i}|{term[a:b]}" for i, (a, b) in enumerate(segment_bounds(length))]


def query_segment_keys(word: str, edits: int) -> set[str]:
    """The segment keys under which long terms within ``edits`` of ``word`` are filed."""
    keys: set[str] = set()
    shift = min(edits + 1, 3)
    for length in range(max(LONG_TERM, len(word) - edits), len(word) + edits + 1):
        for i, (a, b) in enumerate(segment_bounds(length)):
            size = b - a
            for start in range(max(0, a - shift), min(len(word) - size, a + shift) + 1):
                keys.add(f"{length}|{i}|{word[start : start + size]}")
    return keys


def _key(text: str) -> int:
    return zlib.crc32(text.encode())


def _pairs(entries: Iterable[tuple[str, int]]) -> array[int]:
    packed = sorted(_key(key) << 32 | term for key, term in entries)
    return array("Q", packed)


def _typo_table(vocabulary: Sequence[str]) -> array[int]:
    """``crc32(key) << 32 | term`` for the typo keys of every term, sorted.

    Short terms (4 to 8 letters) are filed under themselves and every string
    one deletion away; long terms (9 letters and more) under their segments.
    The strings are made per term, but hashed and packed in bulk by ``map``,
    whose loops run in C.
    """
    packed: list[int] = []
    crc = zlib.crc32
    chunk_keys: list[str] = []
    chunk_terms: list[int] = []

    def flush() -> None:
        hashes = map(crc, map(str.encode, chunk_keys))
        packed.extend(h << 32 | t for h, t in zip(hashes, chunk_terms, strict=True))
        chunk_keys.clear()
        chunk_terms.clear()

    for term_id, term in enumerate(vocabulary):
        length = len(term)
        if length < SHORT_TERMS.start or not term.isalpha():
            continue
        keys: set[str] = set()
        if length in SHORT_TERMS:
            keys.add(term)
            keys.update(term[:i] + term[i + 1 :] for i in range(length))
        if length >= LONG_TERM:
            keys.update(segment_keys(term))
        chunk_keys.extend(keys)
        chunk_terms.extend([term_id] * len(keys))
        if len(chunk_keys) > 200_000:
            flush()
    flush()
    packed.sort()
    return array("Q", packed)


#: Documents per chunk handed to a worker when indexing in parallel.
CHUNK_DOCS = 5000


Postings = dict[str, tuple["array[int]", "array[int]"]]
"""Term -> (document numbers, fields), both in document order."""


def partial_postings(
    chunk: Sequence[tuple[int, tuple[tuple[int, str], ...]]],
) -> tuple[Postings, set[str]]:
    """Postings of numbered documents (each term once per document, best field)."""
    postings: Postings = {}
    capitalised: set[str] = set()
    for number, fields in chunk:
        best: dict[str, int] = {}
        for field, text in fields:
            found, caps = terms_of(text)
            capitalised |= caps
            if len(fields) == 1:
                best = dict.fromkeys(found, field)
                break
            for term in found:
                if field < best.get(term, 4):
                    best[term] = field
        for term, field in best.items():
            bucket = postings.get(term)
            if bucket is None:
                bucket = postings[term] = (array("I"), array("B"))
            bucket[0].append(number)
            bucket[1].append(field)
    return postings, capitalised


def query_typo_keys(word: str, edits: int) -> set[str]:
    """Every key under which a term within ``edits`` of ``word`` is filed.

    Against the short terms: the word's own deletion neighbourhood, as deep as
    the edits allowed (a 9-letter word two edits from a 7- or 8-letter term
    shares a string with it after two deletions of its own and at most one of
    the term's). Against the long terms: segments.
    """
    keys = deletes(word, edits) if len(word) - edits <= SHORT_TERMS.stop - 1 else set()
    keys |= query_segment_keys(word, edits)
    return keys


def lookup(table: Sequence[int], key: str) -> list[int]:
    """Terms stored under ``key`` in a variant table (may include hash collisions)."""
    h = _key(key) << 32
    lo = bisect_left(table, h)
    hi = bisect_left(table, h + (1 << 32), lo)
    return [table[i] & 0xFFFFFFFF for i in range(lo, hi)]


class SearchIndex:
    """Postings, vocabulary, variant tables and documents of one store."""

    def __init__(
        self,
        *,
        build_id: str,
        vocabulary: list[str],
        offsets: Sequence[int],
        postings: Sequence[int],
        fields: Sequence[int],
        deletions: Sequence[int],
        stems: Sequence[int],
        skeletons: Sequence[int],
        doc_kinds: Sequence[int],
        doc_priors: Sequence[int],
        doc_ids: list[str],
        records: bytes | memoryview,
        record_offsets: Sequence[int],
        meta: dict[str, Any] | None = None,
        store_stat: dict[str, int] | None = None,
    ) -> None:
        self.build_id = build_id
        self.vocabulary = vocabulary
        self.offsets = offsets
        self.postings = postings
        self.fields = fields
        self.deletions = deletions
        self.stems = stems
        self.skeletons = skeletons
        self.doc_kinds = doc_kinds
        self.doc_priors = doc_priors
        self.doc_ids = doc_ids
        self.records = records
        self.record_offsets = record_offsets
        self.meta = meta or {}
        """The store's meta record, as written with the index."""
        self.store_stat = store_stat or {}
        """Size and modification time of the store the index was written beside."""

    # Building ----------------------------------------------------------

    @classmethod
    def build(
        cls,
        docs: Iterable[SearchDoc],
        build_id: str,
        *,
        mapper: Callable[..., Iterable[Any]] = map,
    ) -> SearchIndex:
        """Index ``docs`` in the order given (their order is their prior rank).

        ``mapper`` (``map`` by default) may run :func:`partial_postings` on
        chunks of documents in worker processes; the chunks' postings are
        concatenated in order, which keeps every posting list sorted.
        """
        kinds = array("B")
        priors = array("B")
        ids: list[str] = []
        records = bytearray()
        record_offsets = array("Q", [0])
        chunks: list[list[tuple[int, tuple[tuple[int, str], ...]]]] = [[]]
        for number, doc in enumerate(docs):
            kinds.append(KINDS.index(doc.kind))
            priors.append(min(doc.prior, 255))
            ids.append(doc.id)
            records += doc.record()
            record_offsets.append(len(records))
            if len(chunks[-1]) >= CHUNK_DOCS:
                chunks.append([])
            chunks[-1].append((number, doc.fields))
        postings: Postings = {}
        capitalised: set[str] = set()
        for part, caps in mapper(partial_postings, chunks):
            capitalised |= caps
            for term, (numbers, places) in part.items():
                known = postings.get(term)
                if known is None:
                    postings[term] = (numbers, places)
                else:
                    known[0].extend(numbers)
                    known[1].extend(places)
        vocabulary = sorted(postings)
        offsets = array("Q", [0])
        flat = array("I")
        flat_fields = array("B")
        for term in vocabulary:
            numbers, places = postings.pop(term)
            flat.extend(numbers)
            flat_fields.extend(places)
            offsets.append(len(flat))
        deletions = _typo_table(vocabulary)
        stems = _pairs((stem(t), i) for i, t in enumerate(vocabulary) if stem(t) != t)
        skeletons = _pairs(
            (key, i)
            for i, t in enumerate(vocabulary)
            if t in capitalised and (key := skeleton(t)) is not None
        )
        return cls(
            build_id=build_id,
            vocabulary=vocabulary,
            offsets=offsets,
            postings=flat,
            fields=flat_fields,
            deletions=deletions,
            stems=stems,
            skeletons=skeletons,
            doc_kinds=kinds,
            doc_priors=priors,
            doc_ids=ids,
            records=bytes(records),
            record_offsets=record_offsets,
        )

    # Reading -------------------------------------------------------------

    def term_id(self, term: str) -> int | None:
        """The id of a term in the vocabulary, or ``None``."""
        i = bisect_left(self.vocabulary, term)
        if i < len(self.vocabulary) and self.vocabulary[i] == term:
            return i
        return None

    def prefixed(self, prefix: str) -> range:
        """Ids of the terms that start with ``prefix``."""
        lo = bisect_left(self.vocabulary, prefix)
        hi = bisect_right(self.vocabulary, prefix + "\U0010ffff", lo)
        return range(lo, hi)

    def postings_of(self, term_id: int) -> Sequence[int]:
        """The documents containing a term, ascending."""
        return self.postings[self.offsets[term_id] : self.offsets[term_id + 1]]

    def field_in(self, term_id: int, doc: int) -> int | None:
        """The best field in which ``doc`` contains the term, or ``None``."""
        lo, hi = self.offsets[term_id], self.offsets[term_id + 1]
        at = bisect_left(self.postings, doc, lo, hi)
        if at < hi and self.postings[at] == doc:
            return int(self.fields[at])
        return None

    def frequency(self, term_id: int) -> int:
        """How many documents contain the term."""
        return int(self.offsets[term_id + 1] - self.offsets[term_id])

    def record(self, doc: int) -> SearchRecord:
        """What the index keeps to show a document as a hit."""
        start, end = self.record_offsets[doc], self.record_offsets[doc + 1]
        return SearchRecord.decode(self.records[start:end])

    @property
    def document_count(self) -> int:
        """How many documents are indexed."""
        return len(self.doc_ids)

    # Storing ---------------------------------------------------------------

    def pieces(self) -> Iterator[bytes | memoryview]:
        """The index file, section by section (see :meth:`from_bytes`)."""
        sections: list[tuple[str, bytes | memoryview]] = [
            ("vocabulary", "\n".join(self.vocabulary).encode()),
            ("offsets", memoryview(array("Q", self.offsets)).cast("B")),
            ("postings", memoryview(array("I", self.postings)).cast("B")),
            ("fields", memoryview(array("B", self.fields))),
            ("deletions", memoryview(array("Q", self.deletions)).cast("B")),
            ("stems", memoryview(array("Q", self.stems)).cast("B")),
            ("skeletons", memoryview(array("Q", self.skeletons)).cast("B")),
            ("doc_kinds", memoryview(array("B", self.doc_kinds))),
            ("doc_priors", memoryview(array("B", self.doc_priors))),
            ("doc_ids", "\n".join(self.doc_ids).encode()),
            ("records", memoryview(self.records)),
            ("record_offsets", memoryview(array("Q", self.record_offsets)).cast("B")),
        ]
        layout = {}
        position = 0
        for name, blob in sections:
            position += (-position) % 8  # keep every array aligned for memoryview.cast
            layout[name] = [position, len(blob)]
            position += len(blob)
        header = orjson.dumps(
            {
                "format": FORMAT_VERSION,
                "build_id": self.build_id,
                "meta": self.meta,
                "store_stat": self.store_stat,
                "sections": layout,
            }
        )
        head = MAGIC + struct.pack("<I", len(header)) + header
        head += b"\0" * ((-len(head)) % 8)
        yield head
        written = 0
        for name, blob in sections:
            start = layout[name][0]
            if start > written:
                yield b"\0" * (start - written)
            yield blob
            written = start + len(blob)

    def to_bytes(self) -> bytes:
        """The index as one binary blob (see :meth:`from_bytes`)."""
        return b"".join(self.pieces())

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
            if base + start + size > len(data):
                raise ValueError("search index is truncated")
            return view[base + start : base + start + size]

        def strings(name: str) -> list[str]:
            raw = bytes(section(name)).decode()
            return raw.split("\n") if raw else []

        return cls(
            build_id=header["build_id"],
            vocabulary=strings("vocabulary"),
            offsets=section("offsets").cast("Q"),
            postings=section("postings").cast("I"),
            fields=section("fields").cast("B"),
            deletions=section("deletions").cast("Q"),
            stems=section("stems").cast("Q"),
            skeletons=section("skeletons").cast("Q"),
            doc_kinds=section("doc_kinds").cast("B"),
            doc_priors=section("doc_priors").cast("B"),
            doc_ids=strings("doc_ids"),
            records=section("records"),
            record_offsets=section("record_offsets").cast("Q"),
            meta=header.get("meta") or {},
            store_stat=header.get("store_stat") or {},
        )

    def save(self, path: Path) -> int:
        """Write the index atomically, section by section; returns its size in bytes."""
        return write_atomic(path, self.pieces())

    @classmethod
    def load(cls, path: Path) -> SearchIndex:
        """Read an index file; ``OSError`` or ``ValueError`` if it cannot be used."""
        with open(path, "rb") as handle:
            return cls.from_bytes(handle.read())


def iter_terms(text: str) -> Iterator[str]:
    """Terms of ``text`` in order (for tests and tools)."""
    found, _ = terms_of(text)
    yield from sorted(found)
