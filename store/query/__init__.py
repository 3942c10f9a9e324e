"""The query side: reading a built store and answering with values.

* :mod:`.catalog`: :class:`~store.query.catalog.Catalog`, the read-only API
  (articles, paragraphs, entities, mentions, events, claims, dates, search);
* :mod:`.freshness`: whether a store is up to date with its corpus;
* :mod:`.cards`: what a quick lookup says about a hit, as JSON-ready data;
* :mod:`.cite`: citations in text, Markdown, pandoc and CSL-JSON;
* :mod:`.candidates`: names in the corpus no entity accounts for.

May import: :mod:`store.search`, :mod:`store.corpus` and the shared values;
never the build (:mod:`store.ingest`), what the user owns, or the edits.
"""

__all__ = ["candidates", "cards", "catalog", "cite", "freshness"]
