"""The ``dossier`` command's first step, kept tiny: Ctrl+C while the command line
is still being imported is a quiet exit 130, as it is later, not a traceback."""

from __future__ import annotations

import sys


def run() -> None:
    """Console-script entry point (``dossier``) and ``python -m tui``."""
    try:
        from tui.cli import entry_point
    except KeyboardInterrupt:
        sys.stderr.write("dossier: interrupted\n")
        sys.exit(130)
    entry_point()
