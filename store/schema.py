"""The version of dossier, and of the store's layout.

Kept apart so that reading a store (which must check its schema) does not
import the machinery that builds one. A store of another schema is rebuilt.
"""

__version__ = "0.1.0"
"""The version of dossier (the package's, read by the build backend from here)."""

SCHEMA_VERSION = 6
"""The version of the store's layout."""

INDEX_MAGIC = b"DOSSIERIDX"
"""The first bytes of a search index file (its header, JSON, follows)."""
