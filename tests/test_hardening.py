"""Every mistake of the user's or the machine's is one line and exit 2, nothing lost:
stores where no store can be, standard output that cannot be written, arguments
that are not text, a corpus that broke after its last good build, an index
left behind by a killed build, several lookups racing a stale store."""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import store
import store.ingest.pipeline as pipeline
from store.persist import index_path, lock_path_of
from tests.conftest import CORPUS, Dossier
from tui import cli

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def dossier(capsys: pytest.CaptureFixture[str]) -> Dossier:
    def run(*argv: str) -> tuple[int, str, str]:
        code = cli.main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return run


def _env(**extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), **extra}


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err and "internal error" not in err
    return lines[0]


@pytest.mark.parametrize(
    ("where", "said"),
    [
        ("db-is-a-directory", "is a directory; give --db the path of a file"),
        ("index-is-a-directory", "is a directory where its search index goes"),
        ("lock-is-a-directory", "is a directory where its lock goes"),
        ("under-a-file", "is a file, not a directory"),
    ],
)
def test_a_store_path_that_cannot_hold_a_store_is_one_line_before_any_build(
    dossier: Dossier, tmp_path: Path, where: str, said: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "store.json"
    if where == "db-is-a-directory":
        db.mkdir()
    elif where == "index-is-a-directory":
        index_path(db).mkdir()
    elif where == "lock-is-a-directory":
        lock_path_of(db).mkdir()
    else:
        (tmp_path / "afile").write_text("", "utf-8")
        db = tmp_path / "afile" / "store.json"
    read: list[object] = []
    monkeypatch.setattr(pipeline, "read_corpus", lambda *a: read.append(a))  # a tripwire
    code, out, err = dossier("build", "--corpus", str(CORPUS), "--db", str(db))
    assert code == 2 and out == ""
    assert said in _one_line(err)
    assert read == []  # refused before reading the corpus


def test_a_read_only_place_for_the_store_is_one_line(
    dossier: Dossier, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    real_access = os.access

    def access(path: object, mode: int, **kwargs: object) -> bool:
        if Path(str(path)) == folder and mode & os.W_OK:
            return False  # as a read-only filesystem answers, even to root
        return real_access(path, mode)  # type: ignore[arg-type]  # passes through

    monkeypatch.setattr(os, "access", access)
    code, _, err = dossier("build", "--corpus", str(CORPUS), "--db", str(folder / "s.json"))
    assert code == 2 and "is read-only" in _one_line(err)


def _no_room() -> None:
    """In the child: any write to a file fails, as on a full disk (EFBIG, with
    SIGXFSZ ignored), without needing /dev/full (absent in some containers,
    where opening it for writing would make an ordinary file)."""
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


def test_standard_output_that_fails_is_one_line(built_store: Path, tmp_path: Path) -> None:
    for argv in (["lookup", "kadhimi"], ["lookup", "--json", "kadhimi"], ["export"], ["check"]):
        with open(tmp_path / "out.txt", "w") as full:
            done = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "tui",
                    *argv,
                    "--corpus",
                    str(CORPUS),
                    "--db",
                    str(built_store),
                ],
                stdout=full,
                stderr=subprocess.PIPE,
                text=True,
                env=_env(),
                timeout=120,
                preexec_fn=_no_room,
            )
        assert done.returncode == 2, (argv, done.stderr)
        assert "cannot write to standard output" in _one_line(done.stderr)


def test_an_argument_that_is_not_utf8_is_one_line(built_store: Path) -> None:
    done = subprocess.run(
        [
            sys.executable.encode(),
            b"-m",
            b"tui",
            b"lookup",
            b"\xff\xfe",
            b"--db",
            str(built_store).encode(),
        ],
        capture_output=True,
        env=_env(),
        timeout=120,
    )
    assert done.returncode == 2
    assert "is not valid UTF-8" in _one_line(done.stderr.decode("utf-8", "replace"))


def test_a_reader_that_closes_the_pipe_is_no_failure(built_store: Path) -> None:
    for argv in (["lookup", "--all", "kataib"], ["lookup", "kataib"], ["dates"]):
        with subprocess.Popen(
            [sys.executable, "-m", "tui", *argv, "--corpus", str(CORPUS), "--db", str(built_store)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=_env(COLUMNS="80"),
        ) as proc:
            assert proc.stdout is not None and proc.stderr is not None
            assert proc.stdout.readline()  # like `head -1`
            proc.stdout.close()
            err = proc.stderr.read().decode()
            assert proc.wait(timeout=120) == 0, (argv, err)
        assert "Traceback" not in err and "Exception ignored" not in err


def test_json_scores_stay_within_0_and_100(dossier: Dossier, built_store: Path) -> None:
    for query in (
        "kataib hezbollah kadhimi raid baghdad",
        "katib",
        "zzzz kataib",
        "k",
        "released men",
    ):
        code, out, _ = dossier(
            "lookup", "--json", "--all", query, "--db", str(built_store), "--corpus", str(CORPUS)
        )
        for hit in json.loads(out)["hits"]:
            assert 0 <= hit["score"] <= 100, (query, hit)


def test_bench_accepts_the_corpus_and_store_after_the_command(dossier: Dossier) -> None:
    """Parsed where every command takes them, then said not to apply (it once ran the
    whole synthetic bench, minutes long, on corpora of its own, as if they were used)."""
    args = cli.make_parser().parse_args(["bench", "--lookup", "--corpus", "x", "--db", "y"])
    assert args.lookup and args.corpus == "x" and args.db == "y"
    for argv in (["bench", "--corpus", "x"], ["--db", "y", "bench", "--lookup"]):
        code, out, err = dossier(*argv)
        assert code == 2 and out == "" and ("do not apply" in err or "does not apply" in err)
        assert len(err.splitlines()) == 1


def test_a_store_with_only_its_meta_table_is_rebuilt(
    dossier: Dossier, tmp_path: Path, corpus_copy: Path
) -> None:
    db = tmp_path / "s.json"
    store.build(corpus_copy, db)
    whole = json.loads(db.read_bytes())
    db.write_text(json.dumps({"meta": whole["meta"]}), "utf-8")
    code, out, err = dossier("lookup", "kadhimi", "--corpus", str(corpus_copy), "--db", str(db))
    assert code == 0, err
    assert out.startswith("Mustafa al-Kadhimi")
    assert store.Catalog.open(db).entity("mustafa-al-kadhimi").mention_count > 0


def test_a_broken_corpus_answers_from_its_last_good_store_and_says_so_once(
    dossier: Dossier, tmp_path: Path, corpus_copy: Path
) -> None:
    db = tmp_path / "s.json"
    store.build(corpus_copy, db)
    built = db.read_bytes()
    toml = corpus_copy / "claims.toml"
    toml.write_text(toml.read_text("utf-8") + "\n[[claim]\n", "utf-8")
    code, out, err = dossier("lookup", "kadhimi", "--corpus", str(corpus_copy), "--db", str(db))
    assert code == 0
    assert out.startswith("Mustafa al-Kadhimi")
    line = _one_line(err)
    assert line.startswith("dossier: warning: the corpus has errors: ")
    assert "claims.toml" in line and "last good build" in line and "dossier check" in line
    assert db.read_bytes() == built
    # The explorer's path says it once too, and opens the same store.
    said: list[str] = []
    catalog = store.open_current(
        corpus_copy, db, lambda why: store.build(corpus_copy, db), say=said.append
    )
    assert len(said) == 1 and catalog.meta.build_id == store.Catalog.open(db).meta.build_id


def test_a_broken_corpus_without_a_store_is_still_an_error(
    dossier: Dossier, tmp_path: Path, corpus_copy: Path
) -> None:
    toml = corpus_copy / "claims.toml"
    toml.write_text(toml.read_text("utf-8") + "\n[[claim]\n", "utf-8")
    code, _, err = dossier(
        "lookup", "kadhimi", "--corpus", str(corpus_copy), "--db", str(tmp_path / "s.json")
    )
    assert code == 2 and "claims.toml" in err and "invalid TOML" in err


def test_an_index_left_behind_by_a_killed_build_is_repaired_once(
    dossier: Dossier, tmp_path: Path, corpus_copy: Path
) -> None:
    db = tmp_path / "s.json"
    store.build(corpus_copy, db)
    old_index = index_path(db).read_bytes()
    # A build killed between writing the store and its index: a new store, the old index.
    store.build(corpus_copy, db)
    index_path(db).write_bytes(old_index)
    assert store.Catalog.open(db).index_needs_repair
    code, _, err = dossier("lookup", "kadhimi", "--corpus", str(corpus_copy), "--db", str(db))
    assert code == 0, err
    repaired = store.Catalog.open(db)
    assert not repaired.index_needs_repair and repaired.index_state == "loaded"
    assert repaired.search("kadhimi")[0].id == "mustafa-al-kadhimi"
    stamp = index_path(db).stat().st_mtime_ns
    dossier("lookup", "kataib", "--corpus", str(corpus_copy), "--db", str(db))
    assert index_path(db).stat().st_mtime_ns == stamp  # once, not at every open


def test_a_directory_where_the_index_goes_still_answers_and_says_why(
    dossier: Dossier, tmp_path: Path, corpus_copy: Path
) -> None:
    """The index rebuilt in memory answers; the one line names the directory, not a
    temporary file of the write that failed."""
    db = tmp_path / "s.json"
    store.build(corpus_copy, db)
    index_path(db).unlink()
    index_path(db).mkdir()
    code, out, err = dossier("lookup", "kadhimi", "--corpus", str(corpus_copy), "--db", str(db))
    assert code == 0 and out.startswith("Mustafa al-Kadhimi"), err
    assert err.count("\n") == 1 and f"{index_path(db)} is a directory" in err, err
    assert ".tmp" not in err


def test_ctrl_c_while_starting_is_never_a_traceback_of_ours(built_store: Path) -> None:
    """Ctrl+C at any instant of a lookup's start: exit 130 (or done), and no traceback
    through dossier's code (the interpreter's own first milliseconds are not ours)."""
    script = Path(sys.executable).parent / "dossier"  # as installed: the console script
    if not script.exists():
        pytest.skip("no dossier console script beside this interpreter")
    argv = [str(script), "lookup", "kadhimi", "--corpus", str(CORPUS), "--db", str(built_store)]
    for delay in (0.03, 0.05, 0.07, 0.09, 0.12, 0.15, 0.2, 0.3):
        started = subprocess.Popen(
            argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env(), text=True
        )
        time.sleep(delay)
        started.send_signal(signal.SIGINT)
        _, err = started.communicate(timeout=60)
        ours = [line for line in err.splitlines() if "/tui/" in line or "/store/" in line]
        assert not ("Traceback" in err and ours), (delay, err)
        if "dossier: interrupted" in err:  # ours to handle: the code Ctrl+C should give
            assert started.returncode == 130 and err.endswith("dossier: interrupted\n"), err


COUNTING = """
import sys, pathlib, store
log = pathlib.Path(sys.argv[1])
real = store.build
def counted(*args, **kwargs):
    with open(log, "a") as f:
        f.write("build\\n")
    return real(*args, **kwargs)
store.build = counted
from tui.cli import main
sys.exit(main(sys.argv[2:]))
"""


def test_lookups_racing_a_stale_store_build_it_once(tmp_path: Path, corpus_copy: Path) -> None:
    db = tmp_path / "s.json"
    store.build(corpus_copy, db)
    article = corpus_copy / "articles" / "voa-2020-06-30-release-of-militants.txt"
    article.write_bytes(article.read_bytes() + b"\n")  # the corpus changed: the store is stale
    log = tmp_path / "builds.log"
    argv = ["lookup", "kadhimi", "--corpus", str(corpus_copy), "--db", str(db)]
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", COUNTING, str(log), *argv],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=_env(),
        )
        for _ in range(4)
    ]
    started = time.monotonic()
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert out.startswith(b"Mustafa al-Kadhimi")
    assert time.monotonic() - started < 120
    assert log.read_text().count("build") == 1
    assert store.freshness(corpus_copy, db).state == "fresh"


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_an_interrupt_the_interpreter_swallowed_still_ends_the_command(
    dossier: Dossier, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl+C that lands while a finalizer runs raises KeyboardInterrupt inside it,
    where Python only prints "Exception ignored" and goes on: the command must
    still end as interrupted (exit 130), not as if nobody had asked (once in CI an
    interrupted build ended 0). The handlers before the command come back after."""
    import gc

    import tui.cli.build

    class Finalized:
        def __del__(self) -> None:
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.05)  # the handler runs here, inside the finalizer

    def check(args: object) -> int:
        Finalized()
        gc.collect()
        return 0

    monkeypatch.setattr(tui.cli.build, "cmd_check", check)
    before = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    code, _, err = dossier("check")
    assert (code, err.splitlines()[-1]) == (130, "dossier: interrupted")
    assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == before
