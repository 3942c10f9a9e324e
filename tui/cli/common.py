"""What every command shares: exit codes, errors, the corpus and store options,
building with a progress line, and writing output safely.

The command groups (:mod:`tui.cli.build`, :mod:`tui.cli.lookup`,
:mod:`tui.cli.tray`, :mod:`tui.cli.edits`, :mod:`tui.cli.bench`) import this
module and nothing else of the command line, so there is no cycle: the package
``__init__`` assembles the parser from the groups. Nothing here imports
Textual, and ``store`` is imported through its lazy door.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NoReturn, Protocol, TextIO

import store

EXIT_OK = 0
EXIT_NOT_FOUND = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3

Handler = Callable[[argparse.Namespace], int]
"""What a command runs: the parsed arguments in, the exit code out."""


class UsageError(Exception):
    """A mistake on the command line (exit code 2)."""


class Parser(argparse.ArgumentParser):
    """argparse with one-line errors and exit code 2, never a usage dump."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


class Commands(Protocol):
    """Where a command group adds its commands (what ``parser.add_subparsers()`` returns)."""

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser:
        """A new command's parser."""
        ...


def paths_options(*, suppress: bool) -> argparse.ArgumentParser:
    """``--corpus`` and ``--db``, declared once, as a parent parser.

    Every command takes them (``parents=[...]``), so they are accepted before
    or after the command; ``suppress`` keeps a command's default from hiding a
    value given before it.
    """
    parent = argparse.ArgumentParser(add_help=False)
    default = argparse.SUPPRESS if suppress else None
    group = parent.add_argument_group("corpus and store")
    group.add_argument(
        "--corpus",
        metavar="DIR",
        default=default,
        help="corpus directory holding articles.toml "
        "(default: $DOSSIER_CORPUS or the bundled corpus)",
    )
    group.add_argument(
        "--db",
        metavar="PATH",
        default=default,
        help="store file (default: $DOSSIER_DB or a file in the per-user cache)",
    )
    return parent


def add_command(
    commands: Commands, name: str, handler: Handler, *, help: str, description: str = ""
) -> argparse.ArgumentParser:
    """A command with the corpus and store options, running ``handler``."""
    parser: argparse.ArgumentParser = commands.add_parser(
        name,
        help=help,
        description=description or None,
        parents=[paths_options(suppress=True)],
    )
    parser.set_defaults(handler=handler)
    return parser


def count(text: str) -> int:
    """An argument that must be a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {text!r}")
    return value


def output_option(parser: argparse.ArgumentParser) -> None:
    """``--output FILE``: written atomically instead of to standard output."""
    parser.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        type=Path,
        help="write to FILE (replaced atomically) instead of standard output",
    )


def resolve_paths(args: argparse.Namespace) -> tuple[Path, Path]:
    """The corpus directory and store path these arguments mean."""
    corpus = store.default_corpus_dir(getattr(args, "corpus", None))
    return corpus, store.default_db_path(corpus, getattr(args, "db", None))


def _progress_printer(stream: TextIO) -> Callable[[str, int, int], None] | None:
    if not stream.isatty():
        return None
    last = [""]

    def report(stage: str, done: int, total: int) -> None:
        line = f"dossier: {stage} {done}/{total}" if total > 1 else f"dossier: {stage}"
        if line != last[0]:
            stream.write("\r\x1b[2K" + line)
            stream.flush()
            last[0] = line

    return report


def _clear_progress(stream: TextIO) -> None:
    if stream.isatty():
        stream.write("\r\x1b[2K")
        stream.flush()


def run_build(corpus: Path, db: Path, *, quiet: bool = False) -> store.BuildResult:
    """Build with a progress line on a terminal; the summary unless ``quiet``."""
    progress = _progress_printer(sys.stderr) if not quiet else None
    try:
        result = store.build(corpus, db, progress=progress)
    finally:
        if progress is not None:
            _clear_progress(sys.stderr)
    if not quiet:
        print(built(result))
    return result


def built(result: store.BuildResult) -> str:
    """What a build made, in one line."""
    meta = result.meta
    return (
        f"Built {result.path} from {meta.corpus_dir}: {meta.count('articles')} articles, "
        f"{meta.count('paragraphs')} paragraphs ({result.size_bytes / 1024:,.0f} KiB) "
        f"in {result.seconds:.2f} s"
    )


def warn(message: str) -> None:
    """One line on standard error: ``dossier: warning: …``."""
    print(f"dossier: warning: {store.printable(message)}", file=sys.stderr, flush=True)


def open_catalog(args: argparse.Namespace, say: Callable[[str], object] = warn) -> store.Catalog:
    """The store for these arguments, rebuilt first if it is missing or out of date.

    When the corpus has errors but its last good store is intact, that store
    answers, and ``say`` is told so once.
    """
    corpus, db = resolve_paths(args)

    def rebuild(state: store.Freshness) -> None:
        if sys.stderr.isatty():
            sys.stderr.write(f"dossier: building the store ({state.reason})\n")
        run_build(corpus, db, quiet=True)

    return store.open_current(corpus, db, rebuild, say=say)


def write(text: str, output: Path | None) -> None:
    """``text`` to ``output`` (replaced atomically), else to standard output."""
    if not text.endswith("\n"):
        text += "\n"
    if output is None or str(output) == "-":
        with to_stdout():
            sys.stdout.write(text)
            sys.stdout.flush()
        return
    try:
        store.write_atomic(output.expanduser(), text.encode("utf-8"))
    except OSError as exc:
        raise store.DossierError(
            f"{output}: cannot write ({exc.strerror}); choose another --output"
        ) from None
    print(f"dossier: wrote {output}", file=sys.stderr)


@contextlib.contextmanager
def to_stdout() -> Iterator[None]:
    """Writing to standard output: a failure (a full disk, a closed terminal) is one
    clear line, not a traceback; a closed pipe stays a closed pipe (its reader
    has what it wanted)."""
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise store.DossierError(
            f"cannot write to standard output ({exc.strerror or exc}); "
            "free some space or send it elsewhere"
        ) from None


def emit(text: str, output: Path | None = None) -> None:
    """Text for people. Control characters, bidirectional overrides and invisible
    characters from the corpus are made visible (newlines kept): it may well end up
    on a terminal, or pasted into a document."""
    write(store.printable(text, multiline=True), output)


def emit_json(data: object, output: Path | None = None) -> None:
    """JSON, lossless: characters that could act on a terminal or hide in it are
    \\u-escaped."""
    write(store.json_text(data), output)
