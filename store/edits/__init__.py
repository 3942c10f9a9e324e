"""Edits of the corpus, the source of truth: ``dossier add`` (:mod:`.add`),
``promote`` and ``merge`` (:mod:`.entities`), and TOML written by hand
(:mod:`.toml_text`). Every edit is checked before anything is written, written
atomically, and put back when the corpus no longer reads.

May import: everything below it (the corpus reader, the build, the query side).
"""

__all__ = ["add", "entities", "toml_text"]
