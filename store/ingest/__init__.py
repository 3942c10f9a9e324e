"""The build: a one-way pipeline of plain functions from a corpus to a store.

read (:mod:`store.corpus`) → :mod:`.segment` (paragraphs with exact offsets)
→ :mod:`.classify` (headline, body, caption, furniture, ...) → :mod:`.anchor`
(quotes of the annotations to offsets) → :mod:`.dating` with :mod:`.timex`
(date expressions resolved) → :mod:`.link` and :mod:`.autolink` (mentions,
chosen among overlapping matches by :mod:`store.spans` in near-linear time)
→ index (:mod:`store.search`) → write (:mod:`store.persist`).
:mod:`.pipeline` walks the data through the stages once, in parallel worker
processes on a large corpus, and replaces the store atomically.

May import: :mod:`store.search`, :mod:`store.corpus` and the shared values.
Never the query side, what the user owns, or the edits.
"""

__all__ = ["anchor", "autolink", "classify", "dating", "link", "pipeline", "segment", "timex"]
