"""dossier's terminal side: the ``dossier`` command line and the Textual explorer.

Importing this package does not import Textual; :mod:`tui.cli` imports the
app only when the explorer is opened. ``tui`` talks to the data layer only
through the ``store`` query API and never imports TinyDB.
"""
