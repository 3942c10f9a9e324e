"""Bare ``dossier``: make sure the store is fresh, then open the explorer.

The only command that imports Textual, and only once the store is ready.
"""

from __future__ import annotations

import argparse
import sys

import store

from .common import EXIT_OK, UsageError, open_catalog, resolve_paths, warn


def cmd_explore(args: argparse.Namespace) -> int:
    """Bare ``dossier``."""
    corpus, db = resolve_paths(args)
    notices: list[str] = []
    # A store surely fresh (its index header and the corpus files' sizes and
    # times say so) is opened by the explorer behind its first frame; any
    # other is made fresh here first (rebuilt, or the last good one).
    if not store.looks_fresh(corpus, db):
        open_catalog(args, say=notices.append)
    # Textual reads keys from stdin and draws on stderr.
    if not (sys.stdin.isatty() and sys.stderr.isatty()):
        for notice in notices:
            warn(notice)
        raise store.DossierError(
            "the explorer needs a terminal; run 'dossier' in a terminal, "
            "or 'dossier build' to only build the store"
        )
    from tui.app import DossierApp  # Textual is imported only here.

    app = DossierApp(db, notices=tuple(notices), theme=args.theme)
    if args.theme and args.theme not in app.available_themes:
        names = ", ".join(sorted(app.available_themes))
        raise UsageError(f"no theme {args.theme!r}; choose one of {names}")
    try:
        app.run()
    finally:
        if app.keeper is not None:
            app.keeper.close()  # the last change to the tray is on disk before we exit
    return app.return_code or EXIT_OK
