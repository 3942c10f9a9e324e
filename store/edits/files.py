"""Corpus files replaced together, or not at all.

Every edit of the corpus (``promote``, ``merge``, ``dismiss``, a proposed
event made an event) ends the same way: its files are replaced atomically,
the annotations are read back, and the store is rebuilt (the caller's
``then``). If any of that fails, every file is put back as it was, byte for
byte (a file that did not exist is removed again), and the error raised:
the store, replaced only by a build that succeeds, stays the previous one.
So a corpus that no longer reads or builds is never left behind.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Collection, Mapping, Sequence
from pathlib import Path

from ..corpus.annotations import Annotations, read_annotations
from ..corpus.articles import Corpus, read_corpus
from ..errors import CorpusError
from ..persist import write_atomic


def readable(corpus_dir: Path | str) -> tuple[Corpus, Annotations]:
    """The corpus and its annotations, which must read cleanly before any edit: the
    first problem is raised as one :class:`CorpusError` (``file:line: what is wrong``)
    saying that nothing was changed."""
    corpus = read_corpus(Path(corpus_dir).expanduser())
    errors: list[CorpusError] = []
    annotations = read_annotations(corpus.root, corpus.listed_ids, errors)
    if errors:
        first = errors[0]
        raise CorpusError(
            first.file,
            f"{first.message} (nothing was changed: fix this first; 'dossier check' lists "
            "every problem)",
            first.line,
        )
    return corpus, annotations


def replace_files(
    root: Path,
    changes: Mapping[Path, bytes],
    articles: Collection[str],
    *,
    then: Callable[[], object] | None = None,
) -> None:
    """Write ``changes`` (path -> new bytes) atomically, read the annotations of the
    corpus at ``root`` back (``articles``: the ids ``articles.toml`` lists), then
    call ``then``; on any failure put every file back and raise."""
    before = {path: path.read_bytes() if path.exists() else None for path in changes}
    try:
        for path, data in changes.items():
            try:
                write_atomic(path, data)
            except OSError as exc:
                raise CorpusError(path, f"cannot be written ({exc.strerror})") from None
        errors: list[CorpusError] = []
        read_annotations(root, articles, errors)
        if errors:
            raise errors[0]
        if then is not None:
            then()
    except BaseException:
        for path, old in before.items():
            if old is None:
                path.unlink(missing_ok=True)
            else:
                write_atomic(path, old)
        raise


def confined(old: str, new: str, ranges: Sequence[tuple[int, int]]) -> bool:
    """True when ``new`` differs from ``old`` only within the given line ranges of
    ``old`` (1-based, inclusive): an edit touched those tables and nothing else."""
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    for tag, i1, i2, _, _ in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        first = i1 + 1
        if tag == "insert":  # new lines before old line ``first``: at the table's end too
            inside = any(lo <= first <= hi + 1 for lo, hi in ranges)
        else:
            inside = any(lo <= first and i2 <= hi for lo, hi in ranges)
        if not inside:
            return False
    return True
