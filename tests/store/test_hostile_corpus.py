"""A corpus written to hurt: paths that leave it, files that are not files, TOML that
nests forever, one typo that would cascade. Each is one clear error, and nothing
outside the corpus is ever read into the store."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import store
from store.corpus.articles import inside, read_corpus
from tests.conftest import CORPUS

ENTRY = """
[[article]]
id = "mine"
file = {file}
outlet = "Tigris Wire"
title = "A trap"
published = 2021-06-25
"""

SECRET = "TOKEN=hunter2-do-not-leak"


def _with_entry(root: Path, file: str, extra: str = "") -> Path:
    """``root`` with one more article whose ``file`` is ``file`` (a TOML value)."""
    toml = root / "articles.toml"
    toml.write_text(toml.read_text("utf-8") + ENTRY.format(file=file) + extra, "utf-8")
    return root


def _errors(root: Path) -> list[str]:
    report = store.check(root)
    return [str(e).replace(str(root) + "/", "") for e in report.errors]


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A file outside the corpus that must never reach the store."""
    path = tmp_path / "outside" / "secret.txt"
    path.parent.mkdir()
    path.write_text(f"Headline\n\n{SECRET}\n", "utf-8")
    return path


@pytest.mark.parametrize(
    "how", ["dotdot", "absolute", "symlink", "symlinked-dir", "original-dotdot"]
)
def test_a_path_that_leaves_the_corpus_is_an_error_and_nothing_is_read(
    corpus_copy: Path, secret: Path, tmp_path: Path, how: str
) -> None:
    rel = os.path.relpath(secret, corpus_copy)
    if how == "dotdot":
        _with_entry(corpus_copy, f'"{rel}"')
    elif how == "absolute":
        _with_entry(corpus_copy, f'"{secret}"')
    elif how == "symlink":
        (corpus_copy / "articles" / "mine.txt").symlink_to(secret)
        _with_entry(corpus_copy, '"articles/mine.txt"')
    elif how == "symlinked-dir":
        (corpus_copy / "elsewhere").symlink_to(secret.parent, target_is_directory=True)
        _with_entry(corpus_copy, '"elsewhere/secret.txt"')
    else:
        (corpus_copy / "articles" / "mine.txt").write_text("Mine\n\nText.\n", "utf-8")
        _with_entry(corpus_copy, '"articles/mine.txt"', f'original = "{rel}"\n')
    errors = _errors(corpus_copy)
    assert len(errors) == 1, errors
    assert "is outside the corpus" in errors[0]
    assert errors[0].startswith("articles.toml:")
    with pytest.raises(store.CorpusError):
        store.build(corpus_copy, tmp_path / "db.json")
    assert not (tmp_path / "db.json").exists()


def test_a_link_that_stays_inside_the_corpus_is_fine(corpus_copy: Path, tmp_path: Path) -> None:
    target = corpus_copy / "articles" / "real.txt"
    target.write_text("Real headline\n\nReal text about Kataib Hezbollah.\n", "utf-8")
    (corpus_copy / "articles" / "mine.txt").symlink_to(target)
    _with_entry(corpus_copy, '"articles/mine.txt"')
    assert _errors(corpus_copy) == []


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rel=st.one_of(
        st.text(min_size=1, max_size=40),
        st.lists(st.sampled_from(["..", ".", "articles", "x", "/", "/etc", "~"]), max_size=6).map(
            "/".join
        ),
    )
)
def test_inside_never_answers_a_path_outside_the_corpus(tmp_path: Path, rel: str) -> None:
    root = tmp_path / "corpus"
    (root / "articles").mkdir(parents=True, exist_ok=True)
    found = inside(root, rel)
    if found is not None:
        assert found.is_relative_to(root.resolve())


def test_a_fifo_where_an_article_should_be_is_an_error_not_a_hang(corpus_copy: Path) -> None:
    os.mkfifo(corpus_copy / "articles" / "mine.txt")
    _with_entry(corpus_copy, '"articles/mine.txt"')
    errors = _errors(corpus_copy)
    assert len(errors) == 1 and "is not a regular file" in errors[0], errors


def test_a_directory_where_an_article_should_be_is_an_error(corpus_copy: Path) -> None:
    (corpus_copy / "articles" / "mine.txt").mkdir()
    _with_entry(corpus_copy, '"articles/mine.txt"')
    errors = _errors(corpus_copy)
    assert len(errors) == 1 and "is a directory" in errors[0], errors


@pytest.mark.parametrize(
    ("make", "said"),
    [
        (os.mkfifo, "is not a regular file (a pipe or a device)"),
        (Path.mkdir, "is a directory, not a file"),
        (lambda path: None, "does not exist in the corpus"),
    ],
)
def test_an_original_that_is_no_file_says_what_it_is(
    corpus_copy: Path, make: Callable[[Path], object], said: str
) -> None:
    """A saved page that is a pipe, a directory or missing: what it is, not "missing"."""
    (corpus_copy / "articles" / "mine.txt").write_text("Headline\n\nA paragraph.\n")
    make(corpus_copy / "articles" / "page.html")
    _with_entry(corpus_copy, '"articles/mine.txt"', 'original = "articles/page.html"\n')
    errors = _errors(corpus_copy)
    assert len(errors) == 1 and said in errors[0] and "original" in errors[0], errors


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_article_is_an_error(corpus_copy: Path) -> None:
    path = corpus_copy / "articles" / "mine.txt"
    path.write_text("Mine\n\nText.\n", "utf-8")
    path.chmod(0)
    _with_entry(corpus_copy, '"articles/mine.txt"')
    errors = _errors(corpus_copy)
    assert len(errors) == 1 and "permission denied" in errors[0], errors


def test_an_unreadable_article_is_an_error_even_for_root(
    corpus_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = corpus_copy / "articles" / "mine.txt"
    path.write_text("Mine\n\nText.\n", "utf-8")
    _with_entry(corpus_copy, '"articles/mine.txt"')
    real_open = os.open

    def denied(file: object, flags: int, *args: object) -> int:
        if str(file).endswith("mine.txt"):
            raise PermissionError(13, "Permission denied")
        return real_open(file, flags, *args)  # type: ignore[arg-type]  # passes through

    monkeypatch.setattr(os, "open", denied)
    errors = _errors(corpus_copy)
    assert len(errors) == 1, errors
    assert "articles.toml:" in errors[0] and "permission denied" in errors[0]


def test_an_articles_folder_that_cannot_be_entered_answers_from_the_last_good_store(
    corpus_copy: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """articles/ without permission (as chmod 000 makes it for anyone but root):
    looking at a file in it fails too, not only opening it. Lookup answers from
    the store of the last good build and says why, once; check names each file."""
    from tui import cli

    db = tmp_path / "s.json"
    store.build(corpus_copy, db)
    time.sleep(0.01)
    (corpus_copy / "articles.toml").write_text(
        (corpus_copy / "articles.toml").read_text("utf-8") + "\n", "utf-8"
    )  # the corpus changed: the store is stale, and a rebuild is tried
    folder = str(corpus_copy / "articles") + os.sep
    real_open, real_stat = os.open, os.stat

    def denied_open(file: object, flags: int, *args: object) -> int:
        if str(file).startswith(folder):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, flags, *args)  # type: ignore[arg-type]

    def denied_stat(file: object, *args: object, **kw: object) -> os.stat_result:
        if str(file).startswith(folder):
            raise PermissionError(13, "Permission denied", str(file))
        return real_stat(file, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", denied_open)
    monkeypatch.setattr(os, "stat", denied_stat)
    flags = ["--corpus", str(corpus_copy), "--db", str(db)]
    assert cli.main(["lookup", "kadhimi", *flags]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("Mustafa al-Kadhimi")
    assert err.count("answering from the store of its last good build") == 1, err
    assert "permission denied" in err
    assert cli.main(["check", *flags]) == 2
    _, err = capsys.readouterr()
    assert err.count("cannot be read (permission denied)") == 5, err
    assert "fix it or remove the article" not in err  # one remedy, not two


def test_an_empty_article_is_refused(corpus_copy: Path) -> None:
    (corpus_copy / "articles" / "mine.txt").write_text("  \n\n \t\n", "utf-8")
    _with_entry(corpus_copy, '"articles/mine.txt"')
    errors = _errors(corpus_copy)
    assert len(errors) == 1 and "has no text" in errors[0], errors


def test_an_empty_alias_is_refused(corpus_copy: Path) -> None:
    entities = corpus_copy / "entities.toml"
    text = entities.read_text("utf-8")
    text = text.replace('aliases = ["Kataib Hezbollah"', 'aliases = ["  ", "Kataib Hezbollah"', 1)
    assert '"  "' in text
    entities.write_text(text, "utf-8")
    errors = _errors(corpus_copy)
    assert len(errors) == 1 and "empty spelling" in errors[0], errors
    assert errors[0].startswith("entities.toml:")


def test_a_byte_order_mark_at_the_top_of_a_toml_file_is_accepted(corpus_copy: Path) -> None:
    for name in ("articles.toml", "entities.toml", "events.toml", "claims.toml"):
        path = corpus_copy / name
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert _errors(corpus_copy) == []


def test_promote_keeps_a_byte_order_mark(corpus_copy: Path) -> None:
    path = corpus_copy / "entities.toml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    store.promote(corpus_copy, "Layla Haddad", "person")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\xef\xbb\xbf") == 1
    assert b'"Layla Haddad"' in raw
    assert _errors(corpus_copy) == []


def test_toml_nested_too_deeply_is_one_clear_error(corpus_copy: Path) -> None:
    (corpus_copy / "claims.toml").write_text("x = " + "[" * 100_000 + "]" * 100_000, "utf-8")
    errors = _errors(corpus_copy)
    assert len(errors) == 1, errors[:3]
    assert errors[0].startswith("claims.toml") and "too deeply" in errors[0]


@pytest.mark.parametrize(
    "damage",
    ["syntax", "nested", "missing-file", "bad-date", "no-articles-toml"],
)
def test_a_broken_articles_toml_gives_no_unused_alias_warnings(
    corpus_copy: Path, damage: str
) -> None:
    """With an article unread, every alias would look unused: check says nothing of
    them until the articles can be read (it once printed some 285 false warnings)."""
    toml = corpus_copy / "articles.toml"
    text = toml.read_text("utf-8")
    if damage == "syntax":
        toml.write_text(text.replace('outlet = "', "outlet = ", 1), "utf-8")
    elif damage == "nested":
        toml.write_text(text + "\na = " + "[" * 100_000, "utf-8")
    elif damage == "missing-file":
        next((corpus_copy / "articles").iterdir()).unlink()
    elif damage == "bad-date":
        toml.write_text(text.replace("published = 20", "published = 42 # ", 1), "utf-8")
    else:
        toml.unlink()
    report = store.check(corpus_copy)
    assert report.errors and not report.warnings, [str(w) for w in report.warnings][:3]


def test_one_syntax_error_in_articles_toml_is_one_message(corpus_copy: Path) -> None:
    toml = corpus_copy / "articles.toml"
    toml.write_text(toml.read_text("utf-8").replace('outlet = "', "outlet = ", 1), "utf-8")
    errors = _errors(corpus_copy)
    assert len(errors) == 1, errors[:5]
    assert errors[0].startswith("articles.toml:") and "invalid TOML" in errors[0]


def test_a_syntax_error_in_entities_toml_comes_first_and_alone(corpus_copy: Path) -> None:
    path = corpus_copy / "entities.toml"
    lines = path.read_text("utf-8").splitlines(keepends=True)
    lines[29] = "this is not toml\n"
    path.write_text("".join(lines), "utf-8")
    errors = _errors(corpus_copy)
    assert errors[0].startswith("entities.toml:30: invalid TOML"), errors[:3]
    # Nothing that only follows from it: no "unknown entity" in events or claims.
    assert not any("unknown entity" in e or "neither an entity" in e for e in errors), errors


def test_a_missing_entities_toml_is_named_once(corpus_copy: Path) -> None:
    (corpus_copy / "entities.toml").unlink()
    errors = _errors(corpus_copy)
    assert len(errors) == 1, errors[:5]
    assert errors[0].startswith("entities.toml: not found, but events.toml and claims.toml")


def test_a_corpus_without_annotation_files_is_fine(tmp_path: Path) -> None:
    root = tmp_path / "mine"
    (root / "articles").mkdir(parents=True)
    shutil.copy(CORPUS / "articles" / "voa-2020-06-30-release-of-militants.txt", root / "articles")
    (root / "articles.toml").write_text(
        ENTRY.format(file='"articles/voa-2020-06-30-release-of-militants.txt"'), "utf-8"
    )
    assert _errors(root) == []
    assert [a.id for a in read_corpus(root).articles] == ["mine"]


def test_a_syntax_error_in_events_toml_does_not_make_every_claim_wrong(corpus_copy: Path) -> None:
    path = corpus_copy / "events.toml"
    path.write_text("[[event]\n" + path.read_text("utf-8"), "utf-8")
    errors = _errors(corpus_copy)
    assert len(errors) == 1 and errors[0].startswith("events.toml:1: invalid TOML"), errors[:3]
