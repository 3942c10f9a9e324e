"""Reading and validating a corpus: ``articles.toml``, the article files, and the
hand-written annotations (``entities.toml``, ``events.toml``, ``claims.toml``).

* :mod:`.articles`: the corpus directory, its articles and their texts
  (strict UTF-8, line endings untouched), and its fingerprint;
* :mod:`.annotations`: the knowledge base as written, validated, every
  problem as ``file:line: what is wrong; what to do``;
* :mod:`.toml_lines`: the line each TOML value was written on.

May import: the shared values at the top of ``store`` (errors, model, dates,
fold, words). Nothing here builds or reads a store.
"""

__all__ = ["annotations", "articles", "toml_lines"]
