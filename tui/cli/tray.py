"""``dossier tray``: the evidence tray (pinned with ``p`` in the explorer), from the shell."""

from __future__ import annotations

import argparse
import sys

import store

from .common import EXIT_OK, Commands, Parser, add_command, emit, open_catalog, output_option, write


def register(commands: Commands) -> None:
    """Add ``tray`` with its ``list`` and ``export``."""
    tray = add_command(
        commands,
        "tray",
        cmd_tray_list,
        help="list or export the evidence tray (the excerpts pinned with 'p' in the explorer)",
        description="The evidence tray of the corpus, kept in the per-user data directory "
        "($DOSSIER_DATA to change it). With no subcommand, list the pins.",
    )
    tray_commands = tray.add_subparsers(
        dest="tray_command",
        metavar="SUBCOMMAND",
        parser_class=Parser,
        help="list (the default) or export",
    )
    add_command(
        tray_commands, "list", cmd_tray_list, help="list the pins, in order, with their notes"
    )
    tray_export = add_command(
        tray_commands,
        "export",
        cmd_tray_export,
        help="write the pins as Markdown with footnote citations, or their bibliography",
        description="markdown: each pinned quote with a footnote citation and its note, then "
        "the sources. csl-json: the bibliography of the pinned excerpts' articles.",
    )
    tray_export.add_argument(
        "--format",
        "-f",
        choices=("markdown", "csl-json"),
        default="markdown",
        help="(default: markdown)",
    )
    output_option(tray_export)


def _open_tray(args: argparse.Namespace, *, whole: bool) -> tuple[store.Catalog, store.Tray]:
    """The catalog and its tray; a problem opening the tray is said on one line.

    When the tray lacks pins its file held (the file was set aside, cannot be
    opened, or a newer dossier wrote it; with ``whole``, also when some pins
    were set aside) the problem is raised, so that the command exits 2 rather
    than go on as if the tray were empty. Otherwise it is a warning.
    """
    catalog = open_catalog(args)
    tray, problem = store.open_tray(catalog)
    if problem is None:
        return catalog, tray
    lacking = tray.locked is not None or problem.backup is not None
    if lacking and (whole or not problem.pins):
        raise problem
    print(f"dossier: warning: {problem}", file=sys.stderr)
    return catalog, tray


def cmd_tray_list(args: argparse.Namespace) -> int:
    """``dossier tray`` / ``dossier tray list``."""
    _, tray = _open_tray(args, whole=False)
    print(f"Evidence tray {tray.path}: {store.plural(len(tray.pins), 'pin')}", file=sys.stderr)
    lines = []
    for number, pin in enumerate(tray.pins, start=1):
        status = "" if pin.status == "ok" else f" [{pin.status}]"
        lines.append(f"{number}. {store.printable(pin.citation)}{status}  ({pin.paragraph_id})")
        lines.append(f"   “{store.printable(' '.join(pin.text.split()))}”")
        if pin.note:
            lines.append(f"   Note: {store.printable(pin.note)}")
    if lines:
        emit("\n".join(lines))
    return EXIT_OK


def cmd_tray_export(args: argparse.Namespace) -> int:
    """``dossier tray export``; nothing is written unless the tray was read whole."""
    try:
        catalog, tray = _open_tray(args, whole=True)
    except store.TrayError as exc:
        raise store.DossierError(f"{exc}; nothing was exported") from None
    write(tray.rendered(catalog, args.format), args.output)
    return EXIT_OK
