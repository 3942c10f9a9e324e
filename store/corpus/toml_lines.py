"""Line numbers for values read with :mod:`tomllib`.

tomllib returns plain dicts with no positions, yet every corpus error must name
``file:line``. This module scans the same text once and remembers where each
table, array-of-tables element and key starts, so a validator holding a path
such as ``("article", 2, "published")`` can ask for its line.

It understands what the corpus files use (tables, arrays of tables, dotted
headers, single- and multi-line strings, multi-line arrays and inline tables)
and never raises: an unknown path answers with the nearest known line.
"""

from __future__ import annotations

import re

Path_ = tuple[str | int, ...]

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\[\]]+?)\s*\]\]?\s*(#.*)?$")
_BARE_OR_QUOTED = r"""(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')"""
_KEY = re.compile(rf"^\s*({_BARE_OR_QUOTED}(?:\s*\.\s*{_BARE_OR_QUOTED})*)\s*=")


def _unquote(part: str) -> str:
    part = part.strip()
    if len(part) >= 2 and part[0] == part[-1] and part[0] in "\"'":
        return part[1:-1]
    return part


class TomlLocator:
    """Maps paths into a TOML document to 1-based line numbers."""

    def __init__(self, text: str) -> None:
        self._lines = text.splitlines()
        self._tables: dict[Path_, int] = {(): 1}
        self._table_ends: dict[Path_, int] = {}
        self._keys: dict[Path_, int] = {}
        self._counts: dict[Path_, int] = {}
        self._scan()

    def _scan(self) -> None:
        current: Path_ = ()
        order: list[Path_] = [()]
        last_element: dict[str, Path_] = {}
        depth = 0  # bracket depth of a multi-line array or inline table
        in_string: str | None = None  # the delimiter of an open multi-line string
        for number, line in enumerate(self._lines, start=1):
            if in_string is not None:
                if in_string in line:
                    in_string = None
                continue
            if depth == 0:
                header = _HEADER.match(line)
                if header:
                    is_array = header.group(1) == "[["
                    parts = [_unquote(p) for p in header.group(2).split(".")]
                    path = self._resolve(parts, is_array, last_element)
                    if is_array:
                        last_element[".".join(parts)] = path
                    current = path
                    self._tables[path] = number
                    order.append(path)
                    continue
                key = _KEY.match(line)
                if key:
                    parts = [_unquote(p) for p in key.group(1).split(".")]
                    self._keys[current + tuple(parts)] = number
            depth, in_string = self._track(line, depth)
        headers = [(self._tables[path], path) for path in order]
        for i, (_, here) in enumerate(headers):
            end = len(self._lines)
            for header_line, later in headers[i + 1 :]:
                if later[: len(here)] != here or not here:
                    end = header_line - 1
                    break
            self._table_ends[here] = end

    def _resolve(self, parts: list[str], is_array: bool, last: dict[str, Path_]) -> Path_:
        path: Path_ = ()
        for i, part in enumerate(parts):
            dotted = ".".join(parts[: i + 1])
            is_last = i == len(parts) - 1
            if is_last and is_array:
                key = path + (part,)
                index = self._counts.get(key, 0)
                self._counts[key] = index + 1
                path = key + (index,)
            elif dotted in last and not is_last:
                path = last[dotted]
            else:
                path = path + (part,)
        return path

    @staticmethod
    def _track(line: str, depth: int) -> tuple[int, str | None]:
        """Follow brackets and strings on one line (comments ignored)."""
        i = 0
        while i < len(line):
            ch = line[i]
            if ch == "#":
                break
            if line.startswith('"""', i) or line.startswith("'''", i):
                delim = line[i : i + 3]
                close = line.find(delim, i + 3)
                if close == -1:
                    return depth, delim
                i = close + 3
                continue
            if ch in "\"'":
                j = i + 1
                while j < len(line) and line[j] != ch:
                    j += 2 if (ch == '"' and line[j] == "\\") else 1
                i = j + 1
                continue
            if ch in "[{":
                depth += 1
            elif ch in "]}":
                depth = max(0, depth - 1)
            i += 1
        return depth, None

    def count(self, array: Path_) -> int:
        """How many elements an array of tables has (``("article",)`` etc.)."""
        return self._counts.get(array, 0)

    def line(self, path: Path_) -> int:
        """Line of the key or table at ``path``; the nearest enclosing one otherwise."""
        probe = tuple(path)
        while probe:
            if probe in self._keys:
                return self._keys[probe]
            if probe in self._tables:
                return self._tables[probe]
            probe = probe[:-1]
        return 1

    def end(self, table: Path_) -> int:
        """Last line of ``table`` with its sub-tables: the line before the next
        header outside it (so trailing blank lines and comments are included)."""
        return self._table_ends.get(tuple(table), len(self._lines))

    def table_of(self, path: Path_) -> Path_:
        """The deepest table (or array-of-tables element) that contains ``path``."""
        probe = tuple(path)
        while probe and probe not in self._tables:
            probe = probe[:-1]
        return probe

    def has(self, path: Path_) -> bool:
        """True when ``path`` is a key or table written in the text."""
        return tuple(path) in self._keys or tuple(path) in self._tables

    def find(self, table: Path_, needle: str, *, after: Path_ | None = None) -> int:
        """Line within ``table`` (and its sub-tables) where ``needle`` is written.

        ``needle`` is looked for as a string literal, then as plain text (its
        longest stretch free of quotes and backslashes, which TOML may escape).
        Falls back to the table's own line.
        """
        start = self.line(table)
        end = self._table_ends.get(tuple(table), len(self._lines))
        if after is not None and self.has(after):
            start = max(start, self.line(after))
        window = self._lines[start - 1 : end]
        quoted = (f'"{needle}"', f"'{needle}'")
        for offset, text in enumerate(window):
            if any(q in text for q in quoted):
                return start + offset
        pieces = sorted(re.split(r'["\\]', needle), key=len, reverse=True)
        fragment = pieces[0][:60] if pieces else ""
        if len(fragment) >= 4:
            for offset, text in enumerate(window):
                if fragment in text:
                    return start + offset
        return start
