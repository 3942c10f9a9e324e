"""The search engine: typo-tolerant search over entities, events, articles and
paragraphs.

* :mod:`.text`: words as terms (folding, possessives, hyphens), stems and the
  consonant skeletons of transliterated names;
* :mod:`.documents`: what is searchable, field by field, in prior order;
* :mod:`.index`: the index file (postings, vocabulary, variant tables,
  records), built with the store and loaded when a catalog opens;
* :mod:`.ranking`: expanding a query, walking the postings, ranking the hits.

May import: the shared values only. The build (:mod:`store.ingest`) and the
query side (:mod:`store.query`) import it.
"""

__all__ = ["documents", "index", "ranking", "text"]
