"""What the user owns: the evidence tray (:mod:`.tray`), kept in the per-user
data directory, never in the derived store, and written atomically.

May import: the query side (citations, the catalog's values) and everything
below it.
"""

__all__ = ["tray"]
