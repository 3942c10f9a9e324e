"""The `dossier` command: help, version, exit codes and one-line errors."""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import NoReturn

import pytest

import store
from tui import cli

ROOT = Path(__file__).resolve().parent.parent


def run(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `dossier` as a user would, in a fresh process."""
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        timeout=120,
    )


def test_help_lists_every_command_with_help_text(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        cli.main(["--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert "usage: dossier" in out and "--corpus DIR" in out and "Exit codes" in out
    parser = cli.make_parser()
    subparsers = next(a for a in parser._actions if a.dest == "command")
    assert isinstance(subparsers, argparse._SubParsersAction)
    helps = {c.dest: c.help for c in subparsers._choices_actions}
    assert "build" in helps
    assert all(text and text.strip() for text in helps.values()), helps
    for name, sub in subparsers.choices.items():
        for action in sub._actions:
            assert action.help, f"{name} {action.option_strings} has no help text"


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        cli.main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"dossier {store.__version__}"


@pytest.mark.parametrize(
    "argv",
    [["--bogus"], ["buidl"], ["build", "--bogus"], ["build", "--db"], ["--corpus"]],
)
def test_bad_arguments_exit_2_with_one_line(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("dossier: error: "), captured.err
    assert "dossier --help" in lines[0] or "dossier build --help" in lines[0]


def test_build_from_an_unrelated_directory(tmp_path: Path) -> None:
    db = tmp_path / "x" / "store.json"
    done = run("build", "--db", str(db), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"Built {db} from ")
    assert "5 articles" in done.stdout
    assert store.Catalog.open(db).meta.count("articles") == 5


def test_corpus_and_db_are_accepted_before_and_after_the_command(
    tmp_path: Path, corpus_dir: Path
) -> None:
    before = tmp_path / "before.json"
    after = tmp_path / "after.json"
    assert cli.main(["--corpus", str(corpus_dir), "--db", str(before), "build", "-q"]) == 0
    assert cli.main(["build", "-q", "--corpus", str(corpus_dir), "--db", str(after)]) == 0
    assert before.is_file() and after.is_file()


def test_environment_chooses_corpus_and_store(
    tmp_path: Path, corpus_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "env.json"
    monkeypatch.setenv("DOSSIER_CORPUS", str(corpus_copy))
    monkeypatch.setenv("DOSSIER_DB", str(db))
    assert cli.main(["build", "-q"]) == 0
    assert store.Catalog.open(db).meta.corpus_dir == str(corpus_copy.resolve())


def test_default_store_lives_in_the_user_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert cli.main(["build", "-q"]) == 0
    stores = list((tmp_path / "cache" / "dossier" / "stores").glob("*.json"))
    assert [p.name for p in stores] == ["bundled.json"]


def test_bad_corpus_is_one_line_exit_2_no_traceback(tmp_path: Path, corpus_copy: Path) -> None:
    toml = corpus_copy / "articles.toml"
    toml.write_text(toml.read_text().replace('language = "en"', 'langauge = "en"', 1))
    db = tmp_path / "s.json"
    done = run("build", "--corpus", str(corpus_copy), "--db", str(db))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"{toml}:")
    assert "unknown field 'langauge' (did you mean 'language'?)" in lines[0]
    assert not db.exists()


def test_missing_corpus_directory(tmp_path: Path) -> None:
    done = run("build", "--corpus", str(tmp_path / "nowhere"), "--db", str(tmp_path / "s.json"))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.strip() == (
        f"{tmp_path / 'nowhere'}: corpus directory not found; pass --corpus DIR or set "
        "DOSSIER_CORPUS to a directory holding articles.toml"
    )


def test_internal_error_exit_3_with_a_report(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*args: object, **kwargs: object) -> NoReturn:
        raise RuntimeError("boom")

    monkeypatch.setattr(store, "build", broken)
    assert cli.main(["build", "--db", str(tmp_path / "s.json")]) == 3
    err = capsys.readouterr().err.strip()
    assert err.startswith("dossier: internal error: RuntimeError: boom; details written to ")
    report = Path(err.rsplit(" ", 1)[1])
    assert "Traceback" in report.read_text()


def test_explorer_without_a_terminal_is_refused_cleanly(tmp_path: Path) -> None:
    done = run("--db", str(tmp_path / "s.json"))
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "dossier: error: the explorer needs a terminal; run 'dossier' in a terminal, "
        "or 'dossier build' to only build the store"
    )
    # The store was still brought up to date first.
    assert (tmp_path / "s.json").is_file()


def test_reading_commands_do_not_import_textual(tmp_path: Path) -> None:
    code = (
        "import sys; from tui import cli; "
        f"rc = cli.main(['build', '-q', '--db', {str(tmp_path / 's.json')!r}]); "
        "print(rc, sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
    )
    assert done.stdout.strip() == "0 []", done.stderr


def test_build_output_counts_match_the_store(tmp_path: Path) -> None:
    db = tmp_path / "s.json"
    done = run("build", "--db", str(db))
    data = json.loads(db.read_text())
    paragraphs = len(data["paragraphs"])
    assert f"{paragraphs} paragraphs" in done.stdout


def test_check_on_the_bundled_corpus_says_ok(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{store.bundled_corpus_dir()}: OK: 5 articles, ")
    assert " entities, " in out and " events, " in out


def test_check_lists_every_problem_as_file_line_and_exits_2(corpus_copy: Path) -> None:
    entities = corpus_copy / "entities.toml"
    text = entities.read_text()
    text = text.replace('target = "quds-force"', 'target = "quds-forse"', 1)
    text = text.replace('type = "person"', 'type = "persn"', 1)
    entities.write_text(text)
    done = run("check", "--corpus", str(corpus_copy))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 3
    assert re.match(rf"^{re.escape(str(entities))}:\d+: type 'persn' is not one of ", lines[0])
    assert re.match(
        rf"^{re.escape(str(entities))}:\d+: unknown entity 'quds-forse' \(did you mean "
        r"'quds-force'\?\)$",
        lines[1],
    )
    assert (
        lines[2] == f"dossier: 2 problems in {corpus_copy}; fix them and run 'dossier check' again"
    )
    # The line numbers point at the offending lines.
    numbers = [int(line.split(":")[1]) for line in lines[:2]]
    source = entities.read_text().splitlines()
    assert "persn" in source[numbers[0] - 1] and "quds-forse" in source[numbers[1] - 1]


def test_build_refuses_an_invalid_corpus_with_every_problem(
    tmp_path: Path, corpus_copy: Path
) -> None:
    db = tmp_path / "s.json"
    assert cli.main(["build", "-q", "--corpus", str(corpus_copy), "--db", str(db)]) == 0
    before = db.read_bytes()
    entities = corpus_copy / "entities.toml"
    entities.write_text(entities.read_text().replace("KH’s founder", "KH's founder", 1))
    done = run("build", "--corpus", str(corpus_copy), "--db", str(db))
    assert done.returncode == 2
    assert "quote not found verbatim" in done.stderr and "copy it from the file" in done.stderr
    assert db.read_bytes() == before
