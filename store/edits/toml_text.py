"""TOML written by hand: one way to quote a string, whoever appends to a corpus file.

``dossier add`` appends ``[[article]]`` tables to ``articles.toml`` as text (so
that the file's comments and order stay as they are), and the synthetic corpora
of ``dossier bench`` are written the same way. tomlkit knows TOML's escapes
(DEL and the other control characters must be escaped; JSON's rules differ).
"""

from __future__ import annotations

import tomlkit


def toml_string(value: str) -> str:
    """``value`` as a TOML basic string, every character TOML requires escaped."""
    return tomlkit.string(value).as_string()
