"""Benchmarks and synthetic corpora: ``dossier bench``, measured, not assumed.

* :mod:`.synthetic`: deterministic corpora grown from the bundled articles;
* :mod:`.search`: build and search at 1k, 5k, 10k articles beside brute force
  and fzf, each step in a fresh process;
* :mod:`.lookup`: ``dossier lookup`` from a cold start, beside the
  interpreter's own start;
* :mod:`.ui`: the explorer's first frame and keystroke latency.

May import anything in ``store`` and ``tui``; nothing in the product imports it
but the ``dossier bench`` command, when it runs (an import contract checks it).
"""

__all__ = ["lookup", "search", "synthetic", "ui"]
