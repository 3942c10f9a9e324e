"""The ``dossier`` command.

A thin layer over the ``store`` API: parse arguments, resolve the corpus and
store paths, call one function, print the result. One module per group of
commands, each adding its own (:func:`register`) and holding their handlers:

* :mod:`tui.cli.build`: ``build``, ``check``
* :mod:`tui.cli.lookup`: ``lookup``, ``cite``, ``export``, ``dates``
* :mod:`tui.cli.tray`: ``tray``
* :mod:`tui.cli.edits`: ``candidates``, ``add``, ``promote``, ``merge``, ``dismiss``
* :mod:`tui.cli.bench`: ``bench`` (the one door to the benchmarks)
* :mod:`tui.cli.explore`: bare ``dossier``, the explorer

What they share (exit codes, the ``--corpus``/``--db`` options, building
with progress, writing output) is in :mod:`tui.cli.common`. Exit codes
follow grep:

* 0: success
* 1: nothing found (for lookups)
* 2: bad usage or bad input, reported as one line per problem, no traceback
* 3: internal error; the traceback is written to a file whose path is printed

Commands that only read never import Textual; only the bare ``dossier``
(which opens the explorer) does, and only once everything else is ready.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import signal
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, NoReturn

import store

from . import bench, build, edits, lookup, tray
from .common import EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, Parser, UsageError, paths_options
from .explore import cmd_explore

DESCRIPTION = (
    "A terminal explorer for a news corpus: who someone is, what happened when, "
    "and which paragraph of which source says so."
)
EPILOG = """\
With no command, dossier opens the explorer on the corpus, building its store
first when it is missing or out of date.

Corpus: --corpus DIR, else $DOSSIER_CORPUS, else the bundled corpus.
Store:  --db PATH, else $DOSSIER_DB, else a file in the per-user cache.

Exit codes: 0 success, 1 nothing found, 2 bad usage or bad input, 3 internal error.
"""

#: The command groups, in the order ``--help`` lists their commands.
GROUPS = (build, lookup, tray, edits, bench)


def make_parser() -> Parser:
    """The whole command line; every subcommand has help text (a test checks)."""
    parser = Parser(
        prog="dossier",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[paths_options(suppress=False)],
    )
    parser.add_argument("--version", action="version", version=f"dossier {store.__version__}")
    parser.add_argument(
        "--theme",
        metavar="NAME",
        help="the explorer's theme this time (the palette's 'Change theme' lists them and "
        "remembers one in the config file)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for group in GROUPS:
        group.register(commands)
    return parser


def _write_crash_report() -> Path | None:
    import traceback

    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    for directory in (store.cache_dir(), Path(os.environ.get("TMPDIR", "/tmp"))):
        try:
            directory.mkdir(parents=True, exist_ok=True)
            path = directory / f"crash-{stamp}-{os.getpid()}.log"
            path.write_text(traceback.format_exc(), encoding="utf-8")
            return path
        except OSError:
            continue
    return None


def _check_encoding(argv: Sequence[str]) -> None:
    """Refuse arguments that are not UTF-8 (Python keeps their bytes as surrogates,
    which no file name, query or message can carry)."""
    for number, arg in enumerate(argv, start=1):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            shown = arg.encode("utf-8", "backslashreplace").decode("ascii", "backslashreplace")
            raise UsageError(
                f"argument {number} ({shown}) is not valid UTF-8; "
                "check the terminal's encoding or retype it"
            ) from None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    try:
        parser = make_parser()
        _check_encoding(sys.argv[1:] if argv is None else argv)
        args = parser.parse_args(argv)
        handler = getattr(args, "handler", cmd_explore)
        if handler is cmd_explore:
            return int(handler(args))
        with _stops_remembered() as stops:
            code = int(handler(args))
        if stops:
            # An interrupt Python swallowed (raised inside a finalizer, where it
            # is only printed as "Exception ignored"): the command still ends as
            # interrupted, as the user asked, whatever it finished meanwhile.
            raise KeyboardInterrupt
        return code
    except UsageError as exc:
        print(f"dossier: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except store.CorpusError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    except store.DossierError as exc:
        print(f"dossier: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("dossier: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of our output went away (e.g. `dossier ... | head`): what it
        # wanted, it has.
        _silence_stdout()
        return EXIT_OK
    except OSError as exc:
        # The machine, not dossier: a full disk, a read-only place, standard
        # output that cannot be written. One line, and what it was.
        why = exc.strerror or str(exc)
        if exc.filename:
            line = f"{exc.filename}: {why}; check the path, its permissions and free space"
        else:  # a stream: what the command printed could not be written
            line = f"cannot write to standard output ({why}); free some space or send it elsewhere"
        print(f"dossier: error: {line}", file=sys.stderr)
        _silence_stdout()
        return EXIT_USAGE
    except Exception as exc:  # noqa: BLE001 - the last line of defence
        report = _write_crash_report()
        where = f"; details written to {report}" if report else ""
        print(f"dossier: internal error: {type(exc).__name__}: {exc}{where}", file=sys.stderr)
        return EXIT_INTERNAL


@contextlib.contextmanager
def _stops_remembered() -> Iterator[list[int]]:
    """While a command runs, Ctrl+C and SIGTERM end it as Ctrl+C does (temporaries
    removed, workers stopped), and each is remembered in the list yielded, so that
    one the interpreter swallowed is not lost. The previous handlers come back
    afterwards."""
    stops: list[int] = []

    def stop(signum: int, frame: object) -> None:
        stops.append(signum)
        raise KeyboardInterrupt

    previous: dict[signal.Signals, Any] = {}
    try:
        for which in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(ValueError):  # not in the main thread: leave it
                previous[which] = signal.signal(which, stop)
        yield stops
    finally:
        for which, handler in previous.items():
            signal.signal(which, handler)


def _silence_stdout() -> None:
    """Send what is left for standard output nowhere, so that the interpreter's
    last flush at exit does not fail again (and print a traceback)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def entry_point() -> NoReturn:
    """Console-script entry point."""
    try:
        code = main()
    except SystemExit as done:  # --help and --version print, then exit
        code = done.code if isinstance(done.code, int) else EXIT_USAGE
    try:
        sys.stdout.flush()  # what is buffered must reach its reader, or fail here
    except BrokenPipeError:
        _silence_stdout()
    except OSError as exc:
        print(f"dossier: error: cannot write standard output ({exc.strerror})", file=sys.stderr)
        _silence_stdout()
        code = code or EXIT_USAGE
    sys.exit(code)
