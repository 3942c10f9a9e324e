"""The explorer's settings: its theme and its keys, in one TOML file the user owns.

The file is ``config.toml`` in the per-user config directory
(``~/.config/dossier/config.toml`` on Linux; ``$DOSSIER_CONFIG`` names another)::

    theme = "gruvbox"        # any theme of the palette's "Change theme"

    [keys]                   # a binding's id = the keys that do it, comma-separated
    timeline = "f2,ctrl+t"
    tray = "f5,ctrl+e"

The theme chosen in the explorer is written back (with tomlkit, so the user's
comments and order stay; atomically). A file that cannot be read or holds
something dossier does not know is reported once and otherwise ignored: the
explorer still opens, with its defaults. platformdirs knows where each
platform keeps such files.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

import store

#: Key ids a user may rebind, and what they do (README lists them).
KEY_IDS = {
    "help": "help (F1)",
    "help-letter": "help (?)",
    "search": "the search box (/)",
    "timeline": "timeline (F2)",
    "timeline-letter": "timeline (t)",
    "sources": "sources (F3)",
    "sources-letter": "sources (s)",
    "disagreements": "disagreements (F4)",
    "disagreements-letter": "disagreements (d)",
    "tray": "evidence tray (F5)",
    "tray-letter": "evidence tray (T)",
    "candidates": "new-entity candidates (F6)",
    "candidates-letter": "new-entity candidates (C)",
    "copy": "copy with citation (y)",
    "pin": "pin to the tray (p)",
    "back": "back (Backspace, Alt+Left)",
    "forward": "forward (Alt+Right)",
    "quit": "quit (Ctrl+Q)",
    "quit-letter": "quit (q)",
    "commands": "the command palette (Ctrl+P)",
}


@dataclass(frozen=True, slots=True)
class Config:
    """What the config file says, and what was wrong with it."""

    path: Path
    theme: str | None = None
    keys: Mapping[str, str] = field(default_factory=dict)
    """Binding id -> keys."""
    problems: tuple[str, ...] = ()
    """Lines to show once: what in the file was ignored, and why."""


def config_path() -> Path:
    """``$DOSSIER_CONFIG``, else ``config.toml`` in the per-user config directory."""
    given = os.environ.get("DOSSIER_CONFIG")
    if given:
        return Path(given).expanduser()
    return Path(platformdirs.user_config_dir("dossier", appauthor=False)) / "config.toml"


def load(path: Path | None = None) -> Config:
    """Read the config file (a missing one is an empty config)."""
    path = path or config_path()
    try:
        text = path.read_text("utf-8").removeprefix("\ufeff")
    except FileNotFoundError:
        return Config(path)
    except (OSError, UnicodeDecodeError) as exc:
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else "not UTF-8"
        return Config(path, problems=(f"{path}: cannot be read ({why}); using the defaults",))
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError) as exc:
        return Config(path, problems=(f"{path}: not valid TOML ({exc}); using the defaults",))
    problems = []
    theme = data.get("theme")
    if theme is not None and not isinstance(theme, str):
        problems.append(f"{path}: theme must be a name in quotes; using the default theme")
        theme = None
    keys: dict[str, str] = {}
    table = data.get("keys", {})
    if not isinstance(table, dict):
        problems.append(f'{path}: [keys] must be a table of binding id = "keys"')
        table = {}
    for key_id, keys_text in table.items():
        if key_id not in KEY_IDS:
            hint = store.did_you_mean(key_id, KEY_IDS)
            problems.append(
                f"{path}: [keys] {key_id!r} is not a key id"
                + (f"; {hint}" if hint else "; see README for the ids")
            )
        elif not isinstance(keys_text, str) or not keys_text.strip():
            problems.append(f'{path}: [keys] {key_id} must be keys in quotes, e.g. "f2,ctrl+t"')
        else:
            keys[key_id] = ",".join(k.strip() for k in keys_text.split(",") if k.strip())
    for name in data:
        if name not in ("theme", "keys"):
            problems.append(f"{path}: {name!r} is not a setting; use theme or [keys]")
    return Config(path, theme, keys, tuple(problems))


def save_theme(theme: str, path: Path | None = None) -> None:
    """Write ``theme`` into the config file, keeping everything else in it as it was."""
    import tomlkit  # only when a theme is chosen: startup does not pay for it
    from tomlkit.exceptions import TOMLKitError

    path = path or config_path()
    try:
        document = tomlkit.parse(path.read_text("utf-8")) if path.exists() else tomlkit.document()
    except (OSError, UnicodeDecodeError, TOMLKitError):
        return  # a file we cannot read is the user's to fix; never overwrite it
    document["theme"] = theme
    store.write_atomic(path, tomlkit.dumps(document).encode("utf-8"))
