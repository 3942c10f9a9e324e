"""The version of the store's layout.

Kept apart so that reading a store (which must check it) does not import the
machinery that builds one. A store of another version is rebuilt.
"""

SCHEMA_VERSION = 5
