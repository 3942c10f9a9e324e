"""A broken corpus is reported as `file:line: what is wrong; what to do`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import store
from store.corpus.articles import read_corpus
from store.corpus.toml_lines import TomlLocator
from store.dates import parse_date

GOOD = """\
[[article]]
id = "one"
file = "articles/one.txt"
outlet = "Outlet"
title = "Title one"
published = 2020-06-30

[[article]]
id = "two"
file = "articles/two.txt"
outlet = "Outlet"
title = "Title two"
published = "2020-07-01"
published_precision = "estimated"
published_range = [2020-06-30, 2020-07-02]
"""


def corpus(tmp_path: Path, toml: str, files: dict[str, bytes] | None = None) -> Path:
    root = tmp_path / "c"
    (root / "articles").mkdir(parents=True)
    for name, data in (
        files or {"one.txt": b"Title one\n\nBody.", "two.txt": b"Title two"}
    ).items():
        (root / "articles" / name).write_bytes(data)
    (root / "articles.toml").write_text(toml)
    return root


def messages(root: Path) -> list[str]:
    with pytest.raises(store.CorpusError) as err:
        read_corpus(root)
    exc = err.value
    errors = exc.errors if isinstance(exc, store.CorpusErrors) else (exc,)
    return [str(e).replace(str(root) + "/", "") for e in errors]


def test_good_corpus_reads(tmp_path: Path) -> None:
    c = read_corpus(corpus(tmp_path, GOOD))
    assert [a.id for a in c.articles] == ["one", "two"]
    assert c.articles[1].published_range is not None


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ('title = "Title one"\n', 'title = "Title one"\nfle = "x"\n'),
            r"^articles\.toml:6: unknown field 'fle' \(did you mean 'file'\?\); remove or rename it$",
        ),
        (
            ('outlet = "Outlet"\ntitle = "Title one"\n', 'title = "Title one"\n'),
            r"^articles\.toml:1: article is missing 'outlet' \(publication\); add it$",
        ),
        (
            ("published = 2020-06-30", 'published = "2020-02-30"'),
            r"^articles\.toml:6: published '2020-02-30' is not a date; write an ISO date",
        ),
        (
            ("published = 2020-06-30", "published = 2020-06-31"),
            r"^articles\.toml:6: invalid TOML: .*; fix the syntax$",
        ),
        (
            ('id = "two"', 'id = "one"'),
            r"^articles\.toml:9: duplicate id 'one' \(first used on line 2\)",
        ),
        (
            ('id = "two"', 'id = "Two Words"'),
            r"^articles\.toml:9: id 'Two Words' must be lowercase letters, digits and hyphens",
        ),
        (
            ("articles/two.txt", "articles/missing.txt"),
            r"^articles\.toml:10: file 'articles/missing.txt' does not exist in .*; fix the path",
        ),
        (
            ("articles/two.txt", "articles/one.txt"),
            r"^articles\.toml:10: file 'articles/one.txt' is already listed on line 3",
        ),
        (
            (
                "published_range = [2020-06-30, 2020-07-02]",
                "published_range = [2020-07-02, 2020-06-30]",
            ),
            r"^articles\.toml:15: published_range runs backwards",
        ),
        (
            (
                "published_range = [2020-06-30, 2020-07-02]",
                "published_range = [2020-07-05, 2020-07-09]",
            ),
            r"^articles\.toml:15: published 2020-07-01 lies outside published_range",
        ),
        (
            ('published_precision = "estimated"', 'published_precision = "roughly"'),
            r"^articles\.toml:14: published_precision must be 'exact' or 'estimated'",
        ),
        (
            ('title = "Title two"', "title = 2"),
            r"^articles\.toml:12: 'title' must be a string in quotes$",
        ),
        (
            ('[[article]]\nid = "two"', '[[article]\nid = "two"'),
            r"^articles\.toml:8: invalid TOML: .*; fix the syntax$",
        ),
    ],
)
def test_each_mistake_names_file_line_and_fix(
    tmp_path: Path, change: tuple[str, str], expected: str
) -> None:
    old, new = change
    assert old in GOOD
    found = messages(corpus(tmp_path, GOOD.replace(old, new, 1)))
    assert len(found) == 1, found
    assert re.search(expected, found[0]), found[0]


def test_every_error_is_reported_at_once(tmp_path: Path) -> None:
    toml = GOOD.replace('outlet = "Outlet"\n', "", 1).replace('id = "two"', 'id = "TWO"')
    found = messages(corpus(tmp_path, toml))
    assert len(found) == 2
    assert found[0].startswith("articles.toml:1:") and found[1].startswith("articles.toml:8:")


def test_article_that_is_not_utf8_names_its_line(tmp_path: Path) -> None:
    root = corpus(tmp_path, GOOD, {"one.txt": b"Title one\n\nfine\ncaf\xe9", "two.txt": b"x"})
    found = messages(root)
    assert found == ["articles/one.txt:4: not valid UTF-8 (byte 0xe9); save the file as UTF-8"]


def test_missing_articles_toml_and_empty_corpus(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert messages(tmp_path / "empty")[0].endswith(
        "articles.toml: not found; a corpus needs this file (see README)"
    )
    root = corpus(tmp_path, "# nothing yet\n")
    assert messages(root) == ["articles.toml: lists no articles; add an [[article]] table"]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_parse_date_never_raises(value: str) -> None:
    parsed = parse_date(value)
    if parsed is not None:
        assert parsed.isoformat().startswith(value.strip()[:10])


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "[[article]]",
                "id = 1",
                'x = """',
                '"""',
                "y = [",
                "]",
                "[t]",
                "# c",
                "",
                "[[a.b]]",
                "k = 'v'",
            ]
        ),
        max_size=30,
    )
)
def test_locator_never_raises_and_answers_a_real_line(lines: list[str]) -> None:
    text = "\n".join(lines)
    where = TomlLocator(text)
    for path in [("article", 0), ("article", 0, "id"), ("a", 0, "b", 0), ("t", "k"), ()]:
        line = where.line(path)
        assert 1 <= line <= max(1, len(lines))
