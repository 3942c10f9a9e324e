"""``dossier build`` and ``dossier check``: the store, and the corpus it is built from."""

from __future__ import annotations

import argparse
import sys

import store

from .common import EXIT_OK, EXIT_USAGE, Commands, add_command, resolve_paths, run_build


def register(commands: Commands) -> None:
    """Add ``build`` and ``check``."""
    build = add_command(
        commands,
        "build",
        cmd_build,
        help="build the store from the corpus",
        description="Read the corpus, check it, and replace the store atomically. "
        "An invalid corpus leaves the previous store untouched.",
    )
    build.add_argument("--quiet", "-q", action="store_true", help="print nothing on success")

    check = add_command(
        commands,
        "check",
        cmd_check,
        help="check the corpus without building",
        description="Validate articles.toml, entities.toml, events.toml and claims.toml: "
        "TOML syntax, unknown references, aliases claimed twice, duplicate ids, impossible "
        "dates, quotes not found. Prints every problem as file:line: message and exits 2 "
        "if there is any.",
    )
    check.add_argument(
        "--quiet", "-q", action="store_true", help="print only errors, not warnings or the summary"
    )


def cmd_build(args: argparse.Namespace) -> int:
    """``dossier build``."""
    corpus, db = resolve_paths(args)
    run_build(corpus, db, quiet=args.quiet)
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    """``dossier check``."""
    corpus, _ = resolve_paths(args)
    report = store.check(corpus)
    for error in report.errors:
        print(str(error), file=sys.stderr)
    if not args.quiet:
        for warning in report.warnings:
            where = f"{warning.file}:{warning.line}" if warning.line else str(warning.file)
            print(f"{where}: warning: {warning.message}", file=sys.stderr)
    if report.errors:
        print(
            f"dossier: {store.plural(len(report.errors), 'problem')} in {corpus}; "
            "fix them and run 'dossier check' again",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if not args.quiet:
        c = report.counts
        print(
            f"{corpus}: OK: {c['articles']} articles, {c['paragraphs']} paragraphs, "
            f"{c['entities']} entities, {c['mentions']} mentions, {c['events']} events, "
            f"{c['claims']} claims ({c['disagreements']} disagreements)"
            + (f", {store.plural(len(report.warnings), 'warning')}" if report.warnings else "")
        )
    return EXIT_OK
