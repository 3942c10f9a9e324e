"""The search engine: typo-tolerant search over entities, events, articles and
paragraphs.

* :mod:`.text`: words as terms (folding, possessives, hyphens), stems and the
  consonant skeletons of transliterated names;
* :mod:`.arabic`: Arabic script transliterated to Latin letters;
* :mod:`.documents`: what is searchable, field by field, in prior order;
* :mod:`.index`: the index file (postings, vocabulary, variant tables,
  records), built with the store and loaded when a catalog opens;
* :mod:`.expand`: a query word expanded into the terms it may match, in stages;
* :mod:`.ranking`: selecting the best documents exactly (top *k*, with bounds
  that stop early), ranking the hits, ids, initials, Arabic queries.

May import: the shared values only. The build (:mod:`store.ingest`) and the
query side (:mod:`store.query`) import it.
"""

__all__ = ["arabic", "documents", "expand", "index", "ranking", "text"]
