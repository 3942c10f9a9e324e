"""``python -m tui`` runs the ``dossier`` command."""

from tui.cli import entry_point

entry_point()
