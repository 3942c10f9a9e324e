"""``python -m tui`` runs the ``dossier`` command."""

from tui.launch import run

run()
