"""Bare ``dossier``: make sure the store is fresh, then open the explorer.

The only command that imports Textual, and only once the store is ready.
"""

from __future__ import annotations

import argparse
import sys

import store

from .common import EXIT_OK, resolve_paths, run_build


def cmd_explore(args: argparse.Namespace) -> int:
    """Bare ``dossier``."""
    corpus, db = resolve_paths(args)
    state = store.freshness(corpus, db)
    if state.needs_build:
        if sys.stderr.isatty():
            sys.stderr.write(f"dossier: building the store ({state.reason})\n")
        run_build(corpus, db, quiet=True)
    # Textual reads keys from stdin and draws on stderr.
    if not (sys.stdin.isatty() and sys.stderr.isatty()):
        raise store.DossierError(
            "the explorer needs a terminal; run 'dossier' in a terminal, "
            "or 'dossier build' to only build the store"
        )
    from tui.app import DossierApp  # Textual is imported only here.

    app = DossierApp(db)
    try:
        app.run()
    finally:
        if app.keeper is not None:
            app.keeper.close()  # the last change to the tray is on disk before we exit
    return app.return_code or EXIT_OK
